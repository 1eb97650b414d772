"""The inspector's pictures: the numbers behind one cell as small grids.

Drawn from a :class:`cnnviz.core.explain.Explanation` (nothing is computed here):

* **conv / relu**: per input channel, the patch read in the previous stage beside
  the kernel, each cell's value written and tinted by sign; padding cells hatched
  with the value the ``padding_mode`` puts there; the positions dilation skips
  drawn as narrow hatched gaps between the cells read; row and column numbers of
  the previous stage around the patch (negative or past the end: padding);
* **pool**: the window with the max winner framed, or the sum and divisor of an
  average; padding cells hatched, cells of a ``ceil_mode`` partial window past the
  padding drawn empty with a dashed frame;
* **fc**: the largest contributions weight · input as bars, the rest, the bias
  and the total;
* **flatten**: which (channel, row, column) the index comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.core.explain import (
    ConvDetail,
    Explanation,
    FcDetail,
    FlattenDetail,
    PoolDetail,
    ReluDetail,
)
from cnnviz.core.text import signed_int

CELL_W = 48.0
CELL_H = 22.0
GAP_W = 9.0  # a position dilation skips
LABEL_W = 26.0  # row numbers left of a patch
MARGIN = 6.0
POSITIVE = QColor(214, 96, 40)
NEGATIVE = QColor(50, 105, 200)
PADDING_FILL = QColor(228, 228, 228)
WINNER = QColor(230, 170, 0)
TEXT = QColor(32, 33, 36)
MUTED = QColor(95, 107, 122)
UNREAD = QColor(179, 38, 30)
UNREAD_FILL = QColor(220, 40, 40, 70)


def number(value: float) -> str:
    """A value in a cell: four significant digits, a true minus sign, ∞ spelt out."""
    if value == -np.inf:
        return "−∞"
    if value == np.inf:
        return "∞"
    text = f"{value:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.1e}"
    return text.replace("-", "−")


def tint(value: float, scale: float) -> QColor:
    """White for 0, towards orange for positive and blue for negative values (|value| / scale)."""
    if not np.isfinite(value) or scale <= 0:
        return QColor(255, 255, 255)
    t = min(1.0, abs(value) / scale) * 0.75
    base = POSITIVE if value > 0 else NEGATIVE
    return QColor(
        round(255 + (base.red() - 255) * t),
        round(255 + (base.green() - 255) * t),
        round(255 + (base.blue() - 255) * t),
    )


@dataclass(frozen=True)
class Grid:
    """One grid to draw: values at unclipped positions, with gaps where positions are skipped."""

    values: np.ndarray  # (rows, cols)
    padding: np.ndarray  # (rows, cols) bool
    rows: tuple[int, ...] | None = None  # positions in the previous stage (labels, gaps); None: no labels
    cols: tuple[int, ...] | None = None
    outside: np.ndarray | None = None  # (rows, cols) bool: past the padding (ceil_mode)
    winner: tuple[int, int] | None = None  # (i, j) in the grid
    unread: np.ndarray | None = None  # (rows, cols) bool: cells no window reads (floor() drops them)

    def col_x(self) -> list[float]:
        """The left edge of each column, gaps of skipped positions included."""
        return _offsets(self.cols, self.values.shape[1], CELL_W)

    def row_y(self) -> list[float]:
        return _offsets(self.rows, self.values.shape[0], CELL_H)

    def size(self) -> tuple[float, float]:
        xs, ys = self.col_x(), self.row_y()
        return xs[-1] + CELL_W, ys[-1] + CELL_H


def _offsets(positions: tuple[int, ...] | None, count: int, step: float) -> list[float]:
    out = [0.0]
    for k in range(1, count):
        skipped = positions[k] - positions[k - 1] - 1 if positions is not None else 0
        out.append(out[-1] + step + skipped * GAP_W)
    return out


@dataclass(frozen=True)
class Op:
    """One thing to paint at (x, y): a line of text or a grid."""

    x: float
    y: float
    text: str = ""
    bold: bool = False
    muted: bool = False
    grid: Grid | None = None
    scale: float = 1.0  # the grid's colour scale
    labels: bool = False  # write the positions around the grid
    bar: float | None = None  # a bar of this signed fraction of BAR_W
    bar_w: float = 0.0


class InspectorPictures(QWidget):
    """The selected cell's arithmetic as grids of numbers and colours (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector-pictures")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.explanation: Explanation | None = None
        self.ops: list[Op] = []
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        self._size = QSize(0, 0)

    # Content -----------------------------------------------------------------------------
    def set_explanation(self, explanation: Explanation | None) -> None:
        self.explanation = explanation
        self.ops = self._layout(explanation) if explanation is not None else []
        width = max((self._op_right(op) for op in self.ops), default=0.0)
        height = max((self._op_bottom(op) for op in self.ops), default=0.0)
        self._size = QSize(int(width + MARGIN), int(height + MARGIN) if self.ops else 0)
        self.setFixedHeight(self._size.height())
        self.setMinimumWidth(self._size.width())
        self.setVisible(bool(self.ops))
        self.updateGeometry()
        self.update()

    def grids(self) -> list[Grid]:
        """The grids drawn (for tests and scripts)."""
        return [op.grid for op in self.ops if op.grid is not None]

    @property
    def texts(self) -> list[str]:
        """The lines of text drawn."""
        return [op.text for op in self.ops if op.text]

    def sizeHint(self) -> QSize:
        return self._size

    def _metrics(self, bold: bool = False) -> QFontMetricsF:
        font = QFont(self._font)
        font.setBold(bold)
        return QFontMetricsF(font)

    def _op_right(self, op: Op) -> float:
        if op.grid is not None:
            return op.x + op.grid.size()[0] + (LABEL_W if op.labels else 0)
        if op.bar is not None:
            return op.x + op.bar_w
        return op.x + self._metrics(op.bold).horizontalAdvance(op.text)

    def _op_bottom(self, op: Op) -> float:
        if op.grid is not None:
            return op.y + op.grid.size()[1] + (CELL_H * 0.8 if op.labels else 0)
        return op.y + CELL_H

    def _layout(self, e: Explanation) -> list[Op]:
        d = e.detail
        if isinstance(d, ReluDetail):
            ops = [
                Op(
                    MARGIN,
                    MARGIN,
                    self.tr("ReLU: max(0, x), x = {stage}, computed as:").format(stage=d.conv_stage),
                    bold=True,
                )
            ]
            return ops + self._conv_ops(d.conv, MARGIN + CELL_H * 1.2)
        if isinstance(d, ConvDetail):
            return self._conv_ops(d, MARGIN)
        if isinstance(d, PoolDetail):
            return self._pool_ops(e, d)
        if isinstance(d, FcDetail):
            return self._fc_ops(e, d)
        if isinstance(d, FlattenDetail):
            c, r, col = d.source
            _, h, w = d.source_shape
            return [
                Op(
                    MARGIN,
                    MARGIN,
                    self.tr("index {i} = {c}·{hw} + {r}·{w} + {col} → {prev}[{c}, {r}, {col}]").format(
                        i=d.index, c=c, hw=h * w, r=r, w=w, col=col, prev=d.previous
                    ),
                    bold=True,
                )
            ]
        return []

    def _conv_ops(self, d: ConvDetail, y: float) -> list[Op]:
        ops: list[Op] = []
        padding = d.window.is_padding
        if padding.any():
            ops.append(Op(MARGIN, y, self._padding_words(d.padding_mode), muted=True))
            y += CELL_H
        if any(np.diff(d.window.rows) > 1) or any(np.diff(d.window.cols) > 1):
            ops.append(
                Op(MARGIN, y, self.tr("narrow hatched strips: positions the dilation skips"), muted=True)
            )
            y += CELL_H
        scale_patch = max((float(np.abs(t.patch).max()) for t in d.terms), default=1.0)
        scale_kernel = max((float(np.abs(t.kernel).max()) for t in d.terms), default=1.0)
        for term in d.terms:
            ops.append(
                Op(
                    MARGIN,
                    y,
                    self.tr("{prev} channel {c}  ×  kernel [{k}]  →  Σ {s}").format(
                        prev=d.previous,
                        c=term.in_channel,
                        k=f"{term.in_channel - d.in_channels[0]}",
                        s=number(term.sum),
                    ),
                    bold=True,
                )
            )
            y += CELL_H * 1.1
            patch = Grid(term.patch, padding, d.window.rows, d.window.cols)
            kernel = Grid(term.kernel, np.zeros_like(padding))
            top = y + CELL_H * 0.8  # room for the column numbers
            ops.append(Op(MARGIN, top, grid=patch, scale=scale_patch, labels=True))
            x = MARGIN + LABEL_W + patch.size()[0] + 8
            ops.append(Op(x, top + patch.size()[1] / 2 - CELL_H / 2, "×", bold=True))
            x += 18
            ops.append(Op(x, top, grid=kernel, scale=scale_kernel))
            y = top + max(patch.size()[1], kernel.size()[1]) + CELL_H * 0.5
        bias = self.tr("no bias") if d.bias is None else self.tr("bias {b}").format(b=number(d.bias))
        ops.append(
            Op(
                MARGIN,
                y,
                self.tr("Σ of {n} channel(s) {s}  +  {bias}  =  {t}").format(
                    n=len(d.terms), s=number(d.sum), bias=bias, t=number(d.total)
                ),
                bold=True,
            )
        )
        return ops

    def _padding_words(self, mode: str) -> str:
        words = {
            "zeros": self.tr("hatched: padding, padding_mode='zeros' puts 0 there"),
            "reflect": self.tr(
                "hatched: padding, padding_mode='reflect' mirrors the pixels (edge not repeated)"
            ),
            "replicate": self.tr("hatched: padding, padding_mode='replicate' repeats the edge pixel"),
            "circular": self.tr("hatched: padding, padding_mode='circular' wraps from the far side"),
        }
        return words.get(mode, mode)

    def _pool_ops(self, e: Explanation, d: PoolDetail) -> list[Op]:
        y = MARGIN
        ops = [
            Op(
                MARGIN,
                y,
                self.tr("{type} pooling window on {prev} channel {c}").format(
                    type=d.type, prev=d.previous, c=e.channel
                ),
                bold=True,
            )
        ]
        y += CELL_H
        if (d.window.is_padding & ~d.outside).any():
            fill = "−∞" if d.type == "max" else "0"
            ops.append(Op(MARGIN, y, self.tr("hatched: padding ({fill})").format(fill=fill), muted=True))
            y += CELL_H
        if d.outside.any():
            ops.append(
                Op(
                    MARGIN,
                    y,
                    self.tr("dashed, empty: past the padding (ceil_mode's partial window)"),
                    muted=True,
                )
            )
            y += CELL_H
        winner = None
        if d.winner is not None:
            winner = (d.window.rows.index(d.winner[0]), d.window.cols.index(d.winner[1]))
        finite = d.values[np.isfinite(d.values)]
        scale = float(np.abs(finite).max()) if finite.size else 1.0
        grid = Grid(
            d.values, d.window.is_padding & ~d.outside, d.window.rows, d.window.cols, d.outside, winner
        )
        top = y + CELL_H * 0.8
        ops.append(Op(MARGIN, top, grid=grid, scale=scale, labels=True))
        y = top + grid.size()[1] + CELL_H * 0.5
        if d.type == "max" and d.winner is not None:
            ops.append(
                Op(
                    MARGIN,
                    y,
                    self.tr("max = {v}, at row {r}, column {c} (framed)").format(
                        v=number(d.total), r=d.winner[0], c=d.winner[1]
                    ),
                    bold=True,
                )
            )
        elif d.sum is not None and d.divisor is not None:
            ops.append(
                Op(
                    MARGIN,
                    y,
                    self.tr("sum {s} ÷ {d} = {v}").format(s=number(d.sum), d=d.divisor, v=number(d.total)),
                    bold=True,
                )
            )
            ops.append(
                Op(MARGIN, y + CELL_H, self.tr("divisor: {rule}").format(rule=d.divisor_rule), muted=True)
            )
        return ops

    def _fc_ops(self, e: Explanation, d: FcDetail) -> list[Op]:
        y = MARGIN
        ops = [
            Op(
                MARGIN,
                y,
                self.tr("fc[{i}]: the {n} largest of {count} products weight × input").format(
                    i=e.channel, n=len(d.top), count=f"{d.count:,}"
                ),
                bold=True,
            )
        ]
        y += CELL_H * 1.2
        scale = max([abs(c.product) for c in d.top] + [abs(d.rest), abs(d.bias), 1e-12])
        label_w = 210.0
        bar_w = 150.0
        rows = [
            (
                self.tr("[{c}, {r}, {col}]  {w} × {x}").format(
                    c=c.source[0], r=c.source[1], col=c.source[2], w=number(c.weight), x=number(c.input)
                ),
                c.product,
            )
            for c in d.top
        ]
        rows.append((self.tr("the other {n} products").format(n=f"{max(0, d.count - len(d.top)):,}"), d.rest))
        rows.append((self.tr("bias"), d.bias))
        for label, value in rows:
            ops.append(Op(MARGIN, y, label))
            ops.append(Op(MARGIN + label_w, y, bar=value / scale, bar_w=bar_w))
            ops.append(Op(MARGIN + label_w + bar_w + 6, y, number(value)))
            y += CELL_H
        ops.append(
            Op(
                MARGIN,
                y + 4,
                self.tr("total = {t} (the class's score before softmax)").format(t=number(d.total)),
                bold=True,
            )
        )
        return ops

    # Painting ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        for op in self.ops:
            if op.grid is not None:
                self._paint_grid(painter, op)
            elif op.bar is not None:
                self._paint_bar(painter, op)
            else:
                font = QFont(self._font)
                font.setBold(op.bold)
                painter.setFont(font)
                painter.setPen(MUTED if op.muted else TEXT)
                painter.drawText(QRectF(op.x, op.y, 4000, CELL_H), Qt.AlignmentFlag.AlignVCenter, op.text)

    def _paint_bar(self, painter: QPainter, op: Op) -> None:
        assert op.bar is not None
        mid = op.x + op.bar_w / 2
        length = op.bar * op.bar_w / 2
        painter.fillRect(QRectF(op.x, op.y + 4, op.bar_w, CELL_H - 8), QColor(240, 240, 240))
        colour = POSITIVE if op.bar > 0 else NEGATIVE
        painter.fillRect(QRectF(min(mid, mid + length), op.y + 4, abs(length), CELL_H - 8), colour)
        painter.setPen(QPen(MUTED, 1))
        painter.drawLine(QPointF(mid, op.y + 2), QPointF(mid, op.y + CELL_H - 2))

    def _paint_grid(self, painter: QPainter, op: Op) -> None:
        assert op.grid is not None
        paint_grid(painter, op.grid, op.x, op.y, op.scale, self._font, labels=op.labels)


def paint_grid(
    painter: QPainter, grid: Grid, x: float, y: float, scale: float, font: QFont, *, labels: bool = False
) -> None:
    """Draw ``grid`` with its top-left cell at (x + row-label room, y); numbers above / left with ``labels``."""
    x0 = x + (LABEL_W if labels else 0)
    y0 = y
    xs, ys = grid.col_x(), grid.row_y()
    small = QFont(font)
    small.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
    hatch = QBrush(QColor(150, 150, 150), Qt.BrushStyle.BDiagPattern)
    # Positions dilation skips: hatched strips between the cells read.
    width, height = grid.size()
    for k in range(1, len(xs)):
        gap = xs[k] - xs[k - 1] - CELL_W
        if gap > 0:
            painter.fillRect(QRectF(x0 + xs[k - 1] + CELL_W, y0, gap, height), hatch)
    for k in range(1, len(ys)):
        gap = ys[k] - ys[k - 1] - CELL_H
        if gap > 0:
            painter.fillRect(QRectF(x0, y0 + ys[k - 1] + CELL_H, width, gap), hatch)
    for i, cy in enumerate(ys):
        for j, cx in enumerate(xs):
            cell = QRectF(x0 + cx, y0 + cy, CELL_W, CELL_H)
            value = float(grid.values[i, j])
            if grid.outside is not None and bool(grid.outside[i, j]):
                painter.fillRect(cell, QColor(255, 255, 255))
                painter.setPen(QPen(MUTED, 1, Qt.PenStyle.DashLine))
                painter.drawRect(cell.adjusted(1, 1, -1, -1))
                continue
            padded = bool(grid.padding[i, j])
            unread = grid.unread is not None and bool(grid.unread[i, j])
            if padded:
                painter.fillRect(cell, PADDING_FILL)
                painter.fillRect(cell, hatch)
            else:
                painter.fillRect(cell, tint(value, scale))
            if unread:
                painter.fillRect(cell, UNREAD_FILL)
            painter.setPen(
                QPen(QColor(120, 120, 120), 1, Qt.PenStyle.DashLine if padded else Qt.PenStyle.SolidLine)
            )
            painter.drawRect(cell)
            cell_font = QFont(font)
            cell_font.setItalic(padded)
            cell_font.setBold(grid.winner == (i, j))
            painter.setFont(cell_font)
            painter.setPen(UNREAD if unread else TEXT)
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, number(value))
    if grid.winner is not None:
        i, j = grid.winner
        painter.setPen(QPen(WINNER, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(x0 + xs[j], y0 + ys[i], CELL_W, CELL_H).adjusted(1, 1, -1, -1))
    if labels and grid.rows is not None and grid.cols is not None:
        painter.setFont(small)
        painter.setPen(MUTED)
        for j, cx in enumerate(xs):
            painter.drawText(
                QRectF(x0 + cx, y0 - CELL_H * 0.8, CELL_W, CELL_H * 0.8),
                Qt.AlignmentFlag.AlignCenter,
                signed_int(grid.cols[j]),
            )
        for i, cy in enumerate(ys):
            painter.drawText(
                QRectF(x, y0 + cy, LABEL_W - 4, CELL_H),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                signed_int(grid.rows[i]),
            )
