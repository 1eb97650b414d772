"""Padding and rounding made visible: a layer's padded input, and what floor() leaves unread.

:func:`padded_view` builds a conv layer's input as the layer sees it, with the
padding its ``padding_mode`` adds (computed index by index from
:func:`cnnviz.core.receptive.padding_source`, not by torch) and a mask saying
which cells are padding. 'same' padding with an even kernel puts the extra
row/column after the input (bottom/right), as torch does.

:func:`coverage` says, per axis, which input rows (or columns) no window of a
layer reads: the ones at the end that the floor of the output-size formula
drops, the gaps between windows when the stride is larger than the window, and
the cells a ``ceil_mode`` partial window adds past the padding.

numpy only: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cnnviz.core.receptive import padding_source
from cnnviz.core.shapes import AxisArithmetic


@dataclass(frozen=True)
class PaddedView:
    """A (C, H + pads, W + pads) array and a (H + pads, W + pads) mask of padding cells."""

    values: np.ndarray
    is_padding: np.ndarray
    pads: tuple[tuple[int, int], tuple[int, int]]  # (top, bottom), (left, right)
    mode: str


def padded_view(array: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]], mode: str) -> PaddedView:
    """``array`` (C, H, W) padded by ``pads`` in ``mode`` (zeros, reflect, replicate, circular).

    Pooling's padding is shown with ``mode='max'`` (−∞) or ``'avg'`` (0).
    """
    c, h, w = array.shape
    (top, bottom), (left, right) = pads
    rows = np.arange(-top, h + bottom)
    cols = np.arange(-left, w + right)
    source_mode = mode if mode in ("reflect", "replicate", "circular") else "zeros"
    src_r = np.array([_source(int(i), h, source_mode) for i in rows])
    src_c = np.array([_source(int(i), w, source_mode) for i in cols])
    fill = -np.inf if mode == "max" else 0.0
    values = np.full((c, rows.size, cols.size), fill, dtype=np.float64)
    valid_r = src_r >= 0
    valid_c = src_c >= 0
    block = array[:, src_r[valid_r]][:, :, src_c[valid_c]]
    values[np.ix_(np.arange(c), np.flatnonzero(valid_r), np.flatnonzero(valid_c))] = block
    inside_r = (rows >= 0) & (rows < h)
    inside_c = (cols >= 0) & (cols < w)
    is_padding = ~(inside_r[:, None] & inside_c[None, :])
    return PaddedView(values, is_padding, ((top, bottom), (left, right)), mode)


def _source(index: int, size: int, mode: str) -> int:
    src = padding_source(index, size, mode)
    return -1 if src is None else src


@dataclass(frozen=True)
class AxisCoverage:
    """Which cells of one axis of a layer's input its windows read."""

    axis: str
    size_in: int
    dropped: tuple[int, int]  # trailing cells (start, end) no window reaches: floor()'s loss
    gaps: tuple[int, ...]  # cells between windows that no window reads (stride > window)
    partial: tuple[int, int]  # cells past the right padding that a ceil_mode window covers

    def text(self) -> str:
        from cnnviz.core.i18n import tr

        parts = []
        if self.dropped[1] > self.dropped[0]:
            parts.append(
                tr("{axis} {a}–{b} are never read (floor() drops them)").format(
                    axis=_axis_word(self.axis), a=self.dropped[0], b=self.dropped[1] - 1
                )
            )
        if self.gaps:
            parts.append(
                tr("{n} {axis} between windows are skipped").format(
                    n=len(self.gaps), axis=_axis_word(self.axis)
                )
            )
        if self.partial[1] > self.partial[0]:
            parts.append(
                tr("ceil_mode's last window runs {n} past the padding").format(
                    n=self.partial[1] - self.partial[0]
                )
            )
        return (
            "; ".join(parts) if parts else tr("every {axis} is read").format(axis=_axis_word(self.axis)[:-1])
        )


def _axis_word(axis: str) -> str:
    from cnnviz.core.i18n import tr

    return tr("rows") if axis == "H" else tr("columns")


def coverage(a: AxisArithmetic) -> AxisCoverage:
    """What the windows of one axis read, in the layer's unpadded input coordinates."""
    read = np.zeros(a.size_in, dtype=bool)
    starts = np.arange(a.size_out) * a.stride - a.pad_before  # (out,)
    idx = (starts[:, None] + a.dilation * np.arange(a.kernel)[None, :]).ravel()
    read[idx[(idx >= 0) & (idx < a.size_in)]] = True
    last_end = int(starts[-1]) + a.effective_kernel if a.size_out > 0 else 0
    last_read = int(np.flatnonzero(read)[-1]) + 1 if read.any() else 0
    dropped = (last_read, a.size_in)
    gaps = tuple(int(i) for i in np.flatnonzero(~read[:last_read]))
    padded_end = a.size_in + a.pad_after
    partial = (padded_end, max(padded_end, last_end))
    return AxisCoverage(a.axis, a.size_in, dropped, gaps, partial)
