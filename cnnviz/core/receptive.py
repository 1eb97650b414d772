"""Which pixels of the input (and of every earlier stage) one cell of a stage reads.

Every layer of cnnviz acts on the two spatial axes separately, so the set of
input pixels a cell reads is a product ``rows × cols`` and each axis can be
traced on its own, layer by layer, back to the input::

    output index o of a layer reads   o·stride − pad_before + dilation·k,  k = 0 … kernel−1

in the layer's (unpadded) input coordinates. An index outside ``0 … size−1`` is
a padding cell: for a convolution its value is a copy of a real pixel (reflect,
replicate, circular) or a constant (zeros); for pooling it is −∞ (max) or 0
(avg) and reads nothing. With ``ceil_mode`` a last, partial window may also run
past the padding; those cells read nothing either.

Two answers come out of the trace:

* the *box* (:class:`ReceptiveBox`): the span from the first to the last cell
  of all windows, in input-pixel coordinates, start inclusive, end exclusive and
  *not* clipped (it may reach into the padding), with its size and jump (the
  product of the strides, i.e. how far the box moves per output cell);
* the *read set*: the input rows and columns whose values actually reach the
  cell (padding modes mapped to the pixels they copy, zero padding and gaps of
  dilation or large strides left out). The gradient of the cell with respect
  to the input is non-zero exactly on ``rows × cols`` of this set.

Pure Python: no numpy, no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnviz.core.shapes import AxisArithmetic, ShapeReport

Span = tuple[int, int]  # start inclusive, end exclusive


@dataclass(frozen=True)
class Layer:
    """One spatial layer on the path back to the input (a conv or a pool stage)."""

    stage: str
    kind: str  # "conv" or "pool"
    arithmetic: tuple[AxisArithmetic, AxisArithmetic]
    padding_mode: str  # for conv: zeros, reflect, replicate or circular; "none" for pools


@dataclass(frozen=True)
class StageWindow:
    """What a cell reads in one earlier stage (or the input), in that stage's coordinates."""

    stage: str  # "input" or a stage name
    rows: Span  # the window's span, unclipped (may reach into padding)
    cols: Span
    read_rows: tuple[int, ...]  # rows whose values reach the cell (inside the stage)
    read_cols: tuple[int, ...]


@dataclass(frozen=True)
class ReceptiveBox:
    """A cell's receptive field on the input image."""

    box: tuple[int, int, int, int]  # row0, col0, row1, col1; ends exclusive, not clipped
    jump: tuple[int, int]
    read_rows: tuple[int, ...]  # input rows whose values reach the cell
    read_cols: tuple[int, ...]
    windows: tuple[StageWindow, ...] = ()  # per earlier stage, the input first

    @property
    def size(self) -> tuple[int, int]:
        return (self.box[2] - self.box[0], self.box[3] - self.box[1])

    def clipped(self, height: int, width: int) -> tuple[int, int, int, int]:
        """The box cut to an image of ``height × width`` (what can be drawn on it)."""
        r0, c0, r1, c1 = self.box
        return (max(r0, 0), max(c0, 0), min(r1, height), min(c1, width))

    def to_json(self) -> dict[str, object]:
        return {"box": list(self.box), "size": list(self.size), "jump": list(self.jump)}


def padding_source(index: int, size: int, mode: str) -> int | None:
    """The real index a padding cell copies under ``padding_mode``, or None (zeros/pool).

    ``reflect`` mirrors without repeating the edge (−1 → 1), ``replicate`` repeats the
    edge (−1 → 0), ``circular`` wraps around (−1 → size−1), as torch's ``F.pad`` does.
    """
    if 0 <= index < size:
        return index
    if mode == "reflect":
        if size == 1:
            return 0
        period = 2 * (size - 1)
        i = index % period
        return i if i < size else period - i
    if mode == "replicate":
        return min(max(index, 0), size - 1)
    if mode == "circular":
        return index % size
    return None


def layers_before(report: ShapeReport, stage: str) -> list[Layer]:
    """The conv and pool layers from the input up to and including ``stage``."""
    spec = report.spec
    layers: list[Layer] = []
    for s in report.stages:
        if s.arithmetic is not None:
            mode = "none"
            if s.kind == "conv" and s.block is not None:
                mode = spec.blocks[s.block - 1].conv.padding_mode
            layers.append(Layer(s.name, s.kind, s.arithmetic, mode))
        if s.name == stage:
            return layers
    raise KeyError(stage)


def _stage_before(report: ShapeReport, layer_stage: str) -> str:
    names = [s.name for s in report.stages]
    i = names.index(layer_stage)
    return "input" if i == 0 else names[i - 1]


def _window_indices(a: AxisArithmetic, out_index: int) -> list[int]:
    start = out_index * a.stride - a.pad_before
    return [start + a.dilation * k for k in range(a.kernel)]


def trace(report: ShapeReport, stage: str, row: int, col: int) -> ReceptiveBox:
    """The receptive field of cell ``(row, col)`` of map stage ``stage`` (any channel)."""
    return _trace(report, stage, (row, row + 1), (col, col + 1))


def trace_all(report: ShapeReport, stage: str) -> ReceptiveBox:
    """The receptive field of every cell of ``stage`` together (what a flatten / fc output sees)."""
    shape = report.stage(stage).shape
    return _trace(report, stage, (0, shape[1]), (0, shape[2]))


def _trace(report: ShapeReport, stage: str, rows: Span, cols: Span) -> ReceptiveBox:
    """The receptive field of the cells ``rows × cols`` of ``stage`` together."""
    layers = layers_before(report, stage)
    spans: list[Span] = [rows, cols]
    reads: list[set[int]] = [set(range(*rows)), set(range(*cols))]
    windows: list[StageWindow] = []
    for layer in reversed(layers):
        for axis, a in enumerate(layer.arithmetic):
            lo, hi = spans[axis]
            spans[axis] = (
                lo * a.stride - a.pad_before,
                (hi - 1) * a.stride - a.pad_before + a.effective_kernel,
            )
            read: set[int] = set()
            for o in reads[axis]:
                for i in _window_indices(a, o):
                    src = padding_source(i, a.size_in, layer.padding_mode)
                    if src is not None:
                        read.add(src)
            reads[axis] = read
        windows.append(
            StageWindow(
                _stage_before(report, layer.stage),
                spans[0],
                spans[1],
                tuple(sorted(reads[0])),
                tuple(sorted(reads[1])),
            )
        )
    rf = report.stage(stage).receptive_field
    jump = rf.jump if rf is not None else (1, 1)
    return ReceptiveBox(
        box=(spans[0][0], spans[1][0], spans[0][1], spans[1][1]),
        jump=(int(jump[0]), int(jump[1])),
        read_rows=tuple(sorted(reads[0])),
        read_cols=tuple(sorted(reads[1])),
        windows=tuple(reversed(windows)),
    )
