"""What a selected cell reaches in every earlier stage's maps: the windows to draw on their tiles.

:func:`cnnviz.core.receptive.trace` gives, for a cell, the window it reads in each
stage that feeds a conv or pool layer (``ReceptiveBox.windows``). The window on a
conv stage followed by ReLU is the ReLU stage's (ReLU works value by value), and
only some channels are read: pools and ReLU read the cell's own channel, a conv
with ``groups`` reads the input channels of its output channel's group, so the
set grows layer by layer back to the input. :func:`stage_marks` puts both
together, one :class:`StageMark` per earlier map stage.

Pure Python: no numpy, no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnviz.core.receptive import ReceptiveBox, Span
from cnnviz.core.shapes import ShapeReport
from cnnviz.core.spec import NetworkSpec


@dataclass(frozen=True)
class StageMark:
    """The window a cell reads in one earlier stage, and which of its channels."""

    stage: str
    channels: tuple[int, ...]  # the channels whose values reach the cell
    rows: Span  # unclipped window span in that stage (start inclusive, end exclusive)
    cols: Span

    def clipped(self, height: int, width: int) -> tuple[int, int, int, int]:
        """``(row0, col0, row1, col1)`` cut to a map of ``height × width``."""
        return (
            max(self.rows[0], 0),
            max(self.cols[0], 0),
            min(self.rows[1], height),
            min(self.cols[1], width),
        )


def stage_marks(
    report: ShapeReport, spec: NetworkSpec, box: ReceptiveBox, stage: str, cell: tuple[int, int, int]
) -> list[StageMark]:
    """One mark per map stage before ``stage`` (nearest first) for cell ``(channel, row, col)``.

    Empty for flatten and fc (they read every cell of the last map).
    """
    names = [s.name for s in report.stages]
    if stage not in names or len(report.stage(stage).shape) != 3:
        return []
    windows = {w.stage: w for w in box.windows}
    i = names.index(stage)
    channel, row, col = cell
    channels = {channel}
    marks: list[StageMark] = []
    current: tuple[Span, Span] = ((row, row + 1), (col, col + 1))  # a ReLU right before reads the cell
    for j in range(i - 1, -1, -1):
        after = report.stages[j + 1]
        if after.kind == "conv" and after.block is not None:
            groups = spec.blocks[after.block - 1].conv.groups
            c_in = report.stages[j].shape[0]
            per_in, per_out = c_in // groups, after.shape[0] // groups
            channels = {
                k for c in channels for k in range(c // per_out * per_in, (c // per_out + 1) * per_in)
            }
        window = windows.get(names[j])
        if window is not None:
            current = (window.rows, window.cols)
        marks.append(StageMark(names[j], tuple(sorted(channels)), current[0], current[1]))
    return marks
