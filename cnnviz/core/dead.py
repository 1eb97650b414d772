"""Channels that carry no information: dead after ReLU, or constant.

A ReLU channel is *dead* on this image when every pre-activation of its conv
channel is ≤ 0, so ReLU outputs zero everywhere; the reason names the largest
pre-activation. A channel of any map stage is *constant* when all its values are
equal (a dead channel is constant at 0, and is reported as dead only).

numpy only: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cnnviz.core.i18n import tr

if TYPE_CHECKING:
    from cnnviz.core.engine import ForwardResult


@dataclass(frozen=True)
class QuietChannel:
    stage: str
    channel: int
    kind: str  # "dead" or "constant"
    value: float  # the constant value (0 for dead)
    reason: str


def quiet_channels(result: ForwardResult) -> list[QuietChannel]:
    """Dead ReLU channels and constant channels of every map stage, in network order."""
    out: list[QuietChannel] = []
    stages = result.report.stages
    dead: set[tuple[str, int]] = set()
    for i, s in enumerate(stages):
        if len(s.shape) != 3:
            continue
        maps = result.stages[s.name].reshape(s.shape[0], -1)
        lows, highs = maps.min(axis=1), maps.max(axis=1)
        if s.kind == "relu":
            pre = result.stages[stages[i - 1].name].reshape(s.shape[0], -1).max(axis=1)
        for flat in np.flatnonzero(lows == highs):
            c = int(flat)
            if s.kind == "relu" and pre[c] <= 0:
                reason = tr(
                    "every pre-activation is ≤ 0 (the largest is {m:.4g}), so ReLU gives 0 everywhere"
                )
                out.append(QuietChannel(s.name, c, "dead", 0.0, reason.format(m=float(pre[c]))))
                dead.add((s.name, c))
                continue
            if s.kind == "pool" and (stages[i - 1].name, c) in dead:
                reason = tr("its ReLU channel is dead")
                out.append(QuietChannel(s.name, c, "dead", 0.0, reason))
                continue
            out.append(
                QuietChannel(
                    s.name,
                    c,
                    "constant",
                    float(lows[c]),
                    tr("every value is {v:.4g}").format(v=float(lows[c])),
                )
            )
    return out


def dead_channels(result: ForwardResult, stage: str) -> list[int]:
    """The channels of ReLU stage ``stage`` that are zero everywhere."""
    return [q.channel for q in quiet_channels(result) if q.stage == stage and q.kind == "dead"]
