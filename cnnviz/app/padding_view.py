"""Padding and rounding, seen: a layer's padded input and the rows floor() leaves unread.

View ▸ Padding and Rounding (Ctrl+Shift+P) opens this dialog on a conv or pool layer
of the result on screen. It shows the layer's input (the image, or the stage before)
padded as the layer pads it (``core.padding.padded_view``: zeros, reflect, replicate,
circular; −∞ or 0 for pooling), the padding outlined; the rows and columns no window
reads tinted red (``core.padding.coverage``: floor() drops them, or a stride larger
than the window skips them), and the cells a ``ceil_mode`` partial window adds past
the padding drawn as empty dashed cells. The whole channel is drawn small with the
real area framed; its top-left and bottom-right corners are drawn large with every
value written, so the padding's values (a mirrored pixel, a repeated edge, a zero)
and 'same' padding's extra row and column (torch puts it after: bottom, right) can
be read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.inspector_pictures import CELL_H, CELL_W, LABEL_W, Grid, paint_grid
from cnnviz.core.explain import previous_stage
from cnnviz.core.i18n import tr
from cnnviz.core.padding import AxisCoverage, PaddedView, coverage, padded_view

if TYPE_CHECKING:
    from cnnviz.core.engine import ForwardResult

CORNER = 6  # cells per side of each corner drawn large
OVERVIEW = 300  # pixels of the whole channel's longer side


def unread_mask(cov: AxisCoverage, pad_before: int, length: int) -> np.ndarray:
    """Along one padded axis of ``length`` cells, the real cells no window reads."""
    mask = np.zeros(length, dtype=bool)
    skipped = list(range(*cov.dropped)) + list(cov.gaps)
    for i in skipped:
        mask[i + pad_before] = True
    return mask


class PaddedPicture(QWidget):
    """The padded channel small (real area framed), and its two corners large with their values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("padded-picture")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.values: np.ndarray | None = None  # (H', W') with the partial cells appended (NaN)
        self.padding = np.zeros((0, 0), dtype=bool)
        self.unread = np.zeros((0, 0), dtype=bool)
        self.outside = np.zeros((0, 0), dtype=bool)
        self.rows: tuple[int, ...] = ()  # each row's position in the unpadded input
        self.cols: tuple[int, ...] = ()
        self.corners: list[Grid] = []
        self._image: QImage | None = None
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))

    def set_channel(self, view: PaddedView, channel: int, covs: tuple[AxisCoverage, AxisCoverage]) -> None:
        (top, _), (left, _) = view.pads
        plane = view.values[channel]
        extra_r = covs[0].partial[1] - covs[0].partial[0]
        extra_c = covs[1].partial[1] - covs[1].partial[0]
        h, w = plane.shape
        values = np.full((h + extra_r, w + extra_c), np.nan)
        values[:h, :w] = plane
        outside = np.ones(values.shape, dtype=bool)
        outside[:h, :w] = False
        padding = np.zeros(values.shape, dtype=bool)
        padding[:h, :w] = view.is_padding
        unread = (
            unread_mask(covs[0], top, h + extra_r)[:, None] | unread_mask(covs[1], left, w + extra_c)[None, :]
        )
        unread &= ~padding & ~outside
        self.values, self.padding, self.unread, self.outside = values, padding, unread, outside
        self.rows = tuple(range(-top, -top + values.shape[0]))
        self.cols = tuple(range(-left, -left + values.shape[1]))
        self.corners = [self._corner(slice(0, CORNER), slice(0, CORNER))]
        self.corners.append(
            self._corner(
                slice(max(0, values.shape[0] - CORNER), None), slice(max(0, values.shape[1] - CORNER), None)
            )
        )
        self._image = self._overview_image()
        self.setFixedHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def _corner(self, rows: slice, cols: slice) -> Grid:
        assert self.values is not None
        return Grid(
            self.values[rows, cols],
            self.padding[rows, cols],
            self.rows[rows],
            self.cols[cols],
            outside=self.outside[rows, cols],
            unread=self.unread[rows, cols],
        )

    def _overview_image(self) -> QImage:
        assert self.values is not None
        finite = self.values[np.isfinite(self.values)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        span = hi - lo if hi > lo else 1.0
        grey = np.where(np.isfinite(self.values), (self.values - lo) / span * 200 + 30, 255.0)
        rgb = np.repeat(grey[..., None], 3, axis=2)
        rgb[self.padding] = rgb[self.padding] * 0.55 + np.array([90.0, 140.0, 200.0]) * 0.45  # blue-tinted
        rgb[self.unread] = rgb[self.unread] * 0.4 + np.array([220.0, 40.0, 40.0]) * 0.6
        pixels = np.ascontiguousarray(np.clip(rgb, 0, 255).astype(np.uint8))
        h, w, _ = pixels.shape
        image = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        return image.copy()

    def overview_rect(self) -> QRectF:
        if self.values is None:
            return QRectF()
        h, w = self.values.shape
        scale = OVERVIEW / max(h, w)
        return QRectF(0, CELL_H, w * scale, h * scale)

    def corner_origin(self, k: int) -> tuple[float, float]:
        x = self.overview_rect().right() + 24
        grid_h = CORNER * CELL_H + CELL_H * 0.8
        return x, CELL_H * 1.8 + k * (grid_h + CELL_H * 1.6)

    def sizeHint(self) -> QSize:
        if self.values is None:
            return QSize(300, 60)
        x, y = self.corner_origin(1)
        width = x + LABEL_W + CORNER * CELL_W + 8
        height = max(self.overview_rect().bottom(), y + CORNER * CELL_H + CELL_H * 0.8) + 8
        return QSize(int(width), int(height))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if self.values is None or self._image is None:
            return
        painter.setFont(self._font)
        target = self.overview_rect()
        painter.setPen(self.palette().text().color())
        painter.drawText(
            QRectF(0, 0, target.width() + 200, CELL_H),
            Qt.AlignmentFlag.AlignVCenter,
            tr("the whole channel, padded"),
        )
        painter.drawImage(target, self._image)
        h, w = self.values.shape
        sx, sy = target.width() / w, target.height() / h
        rows_real = [
            i
            for i, r in enumerate(self.rows)
            if not self.padding[i, :].all() and not self.outside[i, :].all()
        ]
        cols_real = [
            j
            for j, c in enumerate(self.cols)
            if not self.padding[:, j].all() and not self.outside[:, j].all()
        ]
        if rows_real and cols_real:
            real = QRectF(
                target.x() + cols_real[0] * sx,
                target.y() + rows_real[0] * sy,
                (cols_real[-1] + 1 - cols_real[0]) * sx,
                (rows_real[-1] + 1 - rows_real[0]) * sy,
            )
            painter.setPen(QPen(QColor(255, 220, 0), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(real)
        if self.outside.any():
            hatch = QBrush(QColor(120, 120, 120), Qt.BrushStyle.BDiagPattern)
            for i in range(h):
                for j in range(w):
                    if self.outside[i, j]:
                        painter.fillRect(QRectF(target.x() + j * sx, target.y() + i * sy, sx, sy), hatch)
        titles = (tr("top-left corner"), tr("bottom-right corner"))
        for k, grid in enumerate(self.corners):
            x, y = self.corner_origin(k)
            painter.setFont(self._font)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(x, y - CELL_H * 1.8, 400, CELL_H), Qt.AlignmentFlag.AlignVCenter, titles[k]
            )
            finite = grid.values[np.isfinite(grid.values)]
            scale = float(np.abs(finite).max()) if finite.size else 1.0
            paint_grid(painter, grid, x, y, scale, self._font, labels=True)


class PaddingDialog(QDialog):
    """A conv or pool layer's padded input, with what its windows read and leave unread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("padding-dialog")
        self.setWindowTitle(tr("Padding and Rounding"))
        self.result: ForwardResult | None = None
        self.view: PaddedView | None = None
        self.coverage: tuple[AxisCoverage, AxisCoverage] | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("padding-layer")
        self.channel_box = QSpinBox()
        self.channel_box.setObjectName("padding-channel")
        row = QHBoxLayout()
        row.addWidget(self.layer_box)
        row.addWidget(QLabel(tr("channel")))
        row.addWidget(self.channel_box)
        row.addStretch(1)
        form.addRow(tr("layer"), row)
        layout.addLayout(form)
        self.stale_note = QLabel()
        self.stale_note.setProperty("staleNote", True)
        self.stale_note.setWordWrap(True)
        self.stale_note.setVisible(False)
        layout.addWidget(self.stale_note)
        self.summary = QLabel()
        self.summary.setObjectName("padding-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.picture = PaddedPicture()
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        self.legend = QLabel(
            tr(
                "Blue-tinted and hatched in the corners: padding, with the value the layer puts there. "
                "Red: real rows or columns no window reads. Dashed, empty: cells a ceil_mode window "
                "covers past the padding. Yellow frame: the real input."
            )
        )
        self.legend.setWordWrap(True)
        self.legend.setProperty("muted", True)
        layout.addWidget(self.legend)
        self.layer_box.currentIndexChanged.connect(lambda _: self._draw())
        self.channel_box.valueChanged.connect(lambda _: self._draw())
        self.resize(860, 640)

    def show_result(self, result: ForwardResult, stale: bool = False, layer: str | None = None) -> None:
        """Show ``result``'s layers (keeping the chosen one if it is still there), or ``layer``."""
        self.result = result
        keep = layer or self.layer_box.currentData()
        names = [s.name for s in result.report.stages if s.arithmetic is not None]
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        for name in names:
            self.layer_box.addItem(name, name)
        index = self.layer_box.findData(keep)
        self.layer_box.setCurrentIndex(index if index >= 0 else 0)
        self.layer_box.blockSignals(False)
        self.stale_note.setText(tr("(the result on screen; the current settings differ)") if stale else "")
        self.stale_note.setVisible(stale)
        self._draw()

    @property
    def layer(self) -> str | None:
        return self.layer_box.currentData()

    def _draw(self) -> None:
        result, name = self.result, self.layer
        if result is None or name is None:
            return
        stage = result.report.stage(name)
        assert stage.arithmetic is not None
        prev = previous_stage(result.report, name)
        source = result.input if prev == "input" else result.stages[prev]
        ah, aw = stage.arithmetic
        if stage.kind == "conv" and stage.block is not None:
            mode = result.spec.blocks[stage.block - 1].conv.padding_mode
            conv = result.spec.blocks[stage.block - 1].conv
            same = conv.padding == "same"
        else:
            mode = ah.op  # "max": −∞, "avg": 0
            same = False
        pads = ((ah.pad_before, ah.pad_after), (aw.pad_before, aw.pad_after))
        self.view = padded_view(np.asarray(source, dtype=np.float64), pads, mode)
        self.coverage = (coverage(ah), coverage(aw))
        channels = source.shape[0]
        self.channel_box.blockSignals(True)
        self.channel_box.setRange(0, channels - 1)
        self.channel_box.blockSignals(False)
        self.picture.set_channel(self.view, self.channel_box.value(), self.coverage)
        self.summary.setText(self._summary(name, prev, source.shape, pads, mode, same))

    def _summary(
        self,
        name: str,
        prev: str,
        shape: tuple[int, ...],
        pads: tuple[tuple[int, int], tuple[int, int]],
        mode: str,
        same: bool,
    ) -> str:
        assert self.coverage is not None
        (top, bottom), (left, right) = pads
        fill = {
            "max": tr("−∞ (max pooling never picks it)"),
            "avg": tr("0 (counted in the divisor only with count_include_pad)"),
        }.get(mode, f"padding_mode='{mode}'")
        lines = [
            tr(
                "{layer} reads {prev} ({h} × {w}) padded by {top} row(s) on top, {bottom} below, {left} column(s) left, {right} right, with {fill}."
            ).format(
                layer=name,
                prev=prev,
                h=shape[1],
                w=shape[2],
                top=top,
                bottom=bottom,
                left=left,
                right=right,
                fill=fill,
            )
        ]
        if same and (top != bottom or left != right):
            lines.append(
                tr(
                    "'same' padding with an even kernel: torch puts the extra row at the bottom and the extra column at the right."
                )
            )
        lines.append(tr("rows: {text}").format(text=self.coverage[0].text()))
        lines.append(tr("columns: {text}").format(text=self.coverage[1].text()))
        return "\n".join(lines)
