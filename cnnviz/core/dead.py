"""Channels that carry no information: dead after ReLU, or constant.

A ReLU channel is *dead* on this image when every pre-activation of its conv
channel is ≤ 0, so ReLU outputs zero everywhere; the reason names the largest
pre-activation. A channel of any map stage is *constant* when all its values are
equal (a dead channel is constant at 0, and is reported as dead only).

numpy only: no torch, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def channel_extrema(maps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each channel's smallest and largest value of a (C, H, W) stage."""
    flat = maps.reshape(maps.shape[0], -1)
    return flat.min(axis=1), flat.max(axis=1)


def quiet_channels(
    result: ForwardResult, extrema: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None
) -> list[QuietChannel]:
    """Dead ReLU channels and constant channels of every map stage, in network order.

    ``extrema``: stage -> :func:`channel_extrema` of that stage, where already found (the app's
    worker finds them beside the forward pass); the others are found here.
    """
    out: list[QuietChannel] = []
    stages = result.report.stages
    dead: set[tuple[str, int]] = set()
    found = dict(extrema or {})

    def lows_highs(name: str) -> tuple[np.ndarray, np.ndarray]:
        if name not in found:
            found[name] = channel_extrema(result.stages[name])
        return found[name]

    for i, s in enumerate(stages):
        if len(s.shape) != 3:
            continue
        lows, highs = lows_highs(s.name)
        if s.kind == "relu":
            pre = lows_highs(stages[i - 1].name)[1]
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
