"""How much memory a forward pass needs at its peak, checked before torch allocates.

cnnviz keeps every stage's output (the panels show them all), so the memory a
network needs is the sum of its stages plus, while one layer computes, that
layer's temporary copies. The numbers below were measured with torch 2.13 on
the CPU (one thread, oneDNN convolutions; tests/../benchmarks not needed to
rerun them, see ``estimate_memory``):

* a convolution with ``padding_mode='zeros'`` needed about its output plus
  0.75–1× its padded input on top of what was kept (oneDNN pads while it
  reorders the input; e.g. 64×256×256 input, padding 100: 62 MB measured for
  25 MB out + 51 MB padded);
* ``reflect`` / ``replicate`` / ``circular`` pad a copy first, then oneDNN
  copies again: about 2.1–2.8× the padded input plus the output (135 MB
  measured for the same layer; a 1,024-channel input padded by 600 took
  20.4 GB);
* pooling and ReLU allocate just their output.

The estimate uses the upper ends (1× and 2.5×) and counts every kept stage
twice in the app, where the previous result is held for reuse while the next
one is computed. A network over the budget is refused with a message that names
the layer, the figure and what would bring it down.

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from cnnviz.core.errors import CnnvizError, SettingError
from cnnviz.core.i18n import tr
from cnnviz.core.shapes import BYTES_PER_VALUE, ShapeReport, Stage
from cnnviz.core.text import human_bytes, shape_text

# A laptop with 8 GB of memory runs cnnviz (about 0.4 GB itself) beside a
# browser; 2 GB for the maps of one network leaves room for both.
DEFAULT_MEMORY_LIMIT = 2 * 2**30
LIMIT_VARIABLE = "CNNVIZ_MEMORY_LIMIT"
ZEROS_PAD_FACTOR = 1.0
COPY_PAD_FACTOR = 2.5

_limit_override: int | None = None


class BudgetProblem(SettingError):
    """A network whose forward pass would need more memory than the budget allows."""


def parse_size(text: str) -> int:
    """``"2G"``, ``"1500M"``, ``"1.5GB"``, ``"800 MiB"`` or a byte count -> bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", text)
    if not match:
        raise CnnvizError(
            tr("'{text}' is not a size; write e.g. 2G, 1500M or 800MB").format(text=text),
            subject="memory limit",
        )
    number = float(match[1])
    unit = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[match[2].lower()]
    value = int(number * unit)
    if value < 64 * 2**20:
        raise CnnvizError(
            tr("{size} is too small a memory budget; use at least 64M").format(size=text.strip()),
            subject="memory limit",
        )
    return value


def set_memory_limit(limit: int | None) -> None:
    """Use ``limit`` bytes from now on (``None``: the environment's or the default)."""
    global _limit_override
    _limit_override = limit


def memory_limit() -> int:
    """The memory budget in bytes: set_memory_limit, else $CNNVIZ_MEMORY_LIMIT, else 2 GB."""
    if _limit_override is not None:
        return _limit_override
    text = os.environ.get(LIMIT_VARIABLE, "").strip()
    if text:
        try:
            return parse_size(text)
        except CnnvizError as exc:
            raise CnnvizError(exc.message, subject=LIMIT_VARIABLE) from None
    return DEFAULT_MEMORY_LIMIT


@dataclass(frozen=True)
class LayerMemory:
    """What one stage costs: the output kept, and the temporary copies while it computes."""

    stage: str
    kept: int  # its output and its parameters
    transient: int
    detail: str  # what dominates, in words with numbers
    key: str  # the setting that brings it down most directly


@dataclass(frozen=True)
class MemoryEstimate:
    """The peak of a whole forward pass and the layer that decides it."""

    peak: int
    kept: int
    layers: tuple[LayerMemory, ...]
    worst: LayerMemory | None


def _conv_memory(stage: Stage, input_shape: tuple[int, ...], padding_mode: str) -> LayerMemory:
    assert stage.arithmetic is not None
    h, w = stage.arithmetic
    channels = input_shape[0]
    padded = channels * h.padded * w.padded * BYTES_PER_VALUE
    copies = ZEROS_PAD_FACTOR if padding_mode == "zeros" else COPY_PAD_FACTOR
    transient = int(padded * copies) + stage.nbytes
    padding_heavy = (
        padded > 4 * stage.nbytes and (h.pad_before + h.pad_after + w.pad_before + w.pad_after) > 0
    )
    if padding_heavy:
        detail = tr("{stage} pads its {shape} input to {padded_shape} ({size}) in {mode} mode").format(
            stage=stage.name,
            shape=shape_text(input_shape),
            padded_shape=shape_text((channels, h.padded, w.padded)),
            size=human_bytes(padded),
            mode=padding_mode,
        )
        key = f"{stage.name}.padding"
    else:
        detail = tr("{stage}'s output {shape} holds {size}").format(
            stage=stage.name, shape=shape_text(stage.shape), size=human_bytes(stage.nbytes)
        )
        key = f"{stage.name}.out_channels"
    return LayerMemory(stage.name, stage.nbytes + stage.params * BYTES_PER_VALUE, transient, detail, key)


def estimate_memory(report: ShapeReport, *, keep_previous: bool = True) -> MemoryEstimate:
    """The peak memory of ``report``'s forward pass (the stages it reached).

    ``keep_previous``: the app holds the previous result while computing the
    next (for reuse), so kept stages count twice.
    """
    layers: list[LayerMemory] = []
    previous_shape: tuple[int, ...] = report.input_shape
    spec_blocks = {b.index: b for b in report.spec.blocks}
    for stage in report.stages:
        if stage.kind == "conv" and stage.block is not None:
            mode = spec_blocks[stage.block].conv.padding_mode
            layers.append(_conv_memory(stage, previous_shape, mode))
        elif stage.kind == "flatten":
            layers.append(LayerMemory(stage.name, 0, 0, "", ""))  # a view of the stage before
        else:
            key = f"{stage.name}.kernel_size" if stage.kind == "pool" else ""
            if stage.kind == "relu":
                key = f"conv{stage.block}.out_channels"
            elif stage.kind == "fc":
                key = "input.size"
            weight_bytes = stage.params * BYTES_PER_VALUE
            if weight_bytes > stage.nbytes:
                detail = tr("{stage}'s {count} weights hold {size}").format(
                    stage=stage.name, count=f"{stage.params:,}", size=human_bytes(weight_bytes)
                )
            else:
                detail = tr("{stage}'s output {shape} holds {size}").format(
                    stage=stage.name, shape=shape_text(stage.shape), size=human_bytes(stage.nbytes)
                )
            layers.append(
                LayerMemory(
                    stage.name, stage.nbytes + stage.params * BYTES_PER_VALUE, stage.nbytes, detail, key
                )
            )
        previous_shape = stage.shape
    input_bytes = BYTES_PER_VALUE
    for d in report.input_shape:
        input_bytes *= d
    outputs = input_bytes + sum(stage.nbytes for stage in report.stages if stage.kind != "flatten")
    weights = sum(stage.params for stage in report.stages) * BYTES_PER_VALUE
    # The previous result's stages stay alive while the next is computed; the
    # parameters are shared between the two networks, not copied.
    kept = outputs * (2 if keep_previous else 1) + weights
    worst = max(layers, key=lambda layer: layer.transient + layer.kept, default=None)
    transient = max((layer.transient for layer in layers), default=0)
    return MemoryEstimate(kept + transient, kept, tuple(layers), worst)


def budget_problem(estimate: MemoryEstimate, limit: int) -> BudgetProblem | None:
    """The problem to show when ``estimate`` exceeds ``limit`` bytes, else None.

    It names what dominates: one layer's temporary copies (its padding), or
    the stages kept for display (the input size and channel counts).
    """
    if estimate.peak <= limit or not estimate.layers:
        return None
    biggest_transient = max(estimate.layers, key=lambda layer: layer.transient)
    biggest_kept = max(estimate.layers, key=lambda layer: layer.kept)
    related = tuple(dict.fromkeys(["input.size", *(layer.key for layer in estimate.layers if layer.key)]))
    if biggest_transient.transient >= estimate.kept:
        detail, key = biggest_transient.detail, biggest_transient.key
    else:
        detail = tr("the stages kept for display hold {kept} ({largest})").format(
            kept=human_bytes(estimate.kept), largest=biggest_kept.detail
        )
        key = biggest_kept.key or "input.size"
    return BudgetProblem(
        tr(
            "this network would need about {need} of memory at its peak, more than the {limit} "
            "cnnviz allows: {detail}. Use less padding, fewer channels or a smaller input (or raise "
            "the budget with the environment variable {variable}, e.g. {variable}=4G)."
        ).format(
            need=human_bytes(estimate.peak),
            limit=human_bytes(limit),
            detail=detail,
            variable=LIMIT_VARIABLE,
        ),
        key=key,
        related=tuple(k for k in related if k != key),
    )
