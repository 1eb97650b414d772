"""The input panel: the tensor fed to the network, as a picture, with an RGB readout.

When a cell of any stage is selected (the inspector), its receptive field is drawn
on the picture: the box clipped to the image, its sides that run into the padding
dashed and the padding beyond them hatched, with its size and jump written below.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from cnnviz.app.panels.frame import PanelFrame
from cnnviz.app.qt_utils import rgb_image
from cnnviz.app.tiles import Hover
from cnnviz.core.display import render_input
from cnnviz.core.i18n import tr
from cnnviz.core.receptive import ReceptiveBox
from cnnviz.core.text import signed_int

BOX_COLOUR = QColor(255, 220, 0)  # as the windows on the tiles (tiles.REACH_COLOUR)


class ImageView(QWidget):
    """The input as the network sees it, scaled to fit, with an RGB readout on hover."""

    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("input-view")
        self.setMouseTracking(True)
        self.image: QImage | None = None
        self.values: np.ndarray | None = None
        self.max_height = 260
        self.dimmed = False
        self.receptive: ReceptiveBox | None = None  # the selected cell's receptive field, drawn on top
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_receptive(self, box: ReceptiveBox | None) -> None:
        if box != self.receptive:
            self.receptive = box
            self.update()

    def box_rect(self) -> QRectF | None:
        """Where the receptive box, clipped to the image, is drawn (widget coordinates)."""
        if self.receptive is None or self.values is None:
            return None
        _, h, w = self.values.shape
        r0, c0, r1, c1 = self.receptive.clipped(h, w)
        if r1 <= r0 or c1 <= c0:
            return None
        target = self._target()
        sx, sy = target.width() / w, target.height() / h
        return QRectF(target.x() + c0 * sx, target.y() + r0 * sy, (c1 - c0) * sx, (r1 - r0) * sy)

    def set_values(self, values: np.ndarray, rgb: np.ndarray | None = None) -> None:
        self.values = values
        self.image = rgb_image(render_input(values) if rgb is None else rgb)
        height = int(self._target().height())
        self.setFixedHeight(height + 2 if height else self.max_height)
        self.update()

    def _target(self) -> QRectF:
        if self.image is None:
            return QRectF(0, 0, 0, self.max_height)
        w, h = self.image.width(), self.image.height()
        scale = min(self.max_height / h, max(self.width(), 100) / w)
        return QRectF(0, 0, w * scale, h * scale)

    def sizeHint(self) -> QSize:
        return QSize(300, int(self._target().height()) + 2)

    def resizeEvent(self, event: object) -> None:
        if self.image is not None:
            self.setFixedHeight(int(self._target().height()) + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            return
        painter = QPainter(self)
        target = self._target()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, target.width() < self.image.width())
        if self.dimmed:
            painter.setOpacity(0.3)
        painter.drawImage(target, self.image)
        # A hairline frame: a white or black edge of the image (a test pattern's) stays visible on the panel.
        painter.setOpacity(1.0)
        painter.setPen(QColor(150, 150, 150))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        self._paint_receptive(painter)

    def _paint_receptive(self, painter: QPainter) -> None:
        rect = self.box_rect()
        if rect is None or self.receptive is None or self.values is None:
            return
        _, h, w = self.values.shape
        r0, c0, r1, c1 = self.receptive.box
        if rect.width() < 4 or rect.height() < 4:
            rect = rect.adjusted(-2, -2, 2, 2)  # a few pixels of a large image: still a visible box
        # Which sides run into the padding: those are dashed, with a hatched band just inside them.
        padded = {"top": r0 < 0, "bottom": r1 > h, "left": c0 < 0, "right": c1 > w}
        band = 5.0
        hatch = QBrush(BOX_COLOUR, Qt.BrushStyle.BDiagPattern)
        bands = {
            "top": QRectF(rect.left(), rect.top(), rect.width(), band),
            "bottom": QRectF(rect.left(), rect.bottom() - band, rect.width(), band),
            "left": QRectF(rect.left(), rect.top(), band, rect.height()),
            "right": QRectF(rect.right() - band, rect.top(), band, rect.height()),
        }
        for side, inside in padded.items():
            if inside:
                painter.fillRect(bands[side], QColor(0, 0, 0, 120))
                painter.fillRect(bands[side], hatch)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0), 3))
        painter.drawRect(rect)
        lines = {
            "top": (rect.topLeft(), rect.topRight()),
            "bottom": (rect.bottomLeft(), rect.bottomRight()),
            "left": (rect.topLeft(), rect.bottomLeft()),
            "right": (rect.topRight(), rect.bottomRight()),
        }
        for side, (a, b) in lines.items():
            style = Qt.PenStyle.DashLine if padded[side] else Qt.PenStyle.SolidLine
            painter.setPen(QPen(BOX_COLOUR, 2, style))
            painter.drawLine(a, b)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.values is None or self.image is None:
            return
        target = self._target()
        pos: QPointF = event.position()
        if not target.contains(pos):
            self.hovered.emit(None)
            return
        _, h, w = self.values.shape
        row = min(h - 1, int(pos.y() / target.height() * h))
        col = min(w - 1, int(pos.x() / target.width() * w))
        rgb = self.values[:, row, col]
        self.hovered.emit(Hover("input", -1, row, col, float(rgb.mean()), tuple(self.values.shape)))

    def leaveEvent(self, event: object) -> None:
        self.hovered.emit(None)


class InputPanel(PanelFrame):
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("input", "input", parent)
        self.view = ImageView()
        self.view.hovered.connect(self.hovered)
        self.note = QLabel("")
        self.note.setProperty("muted", True)
        self.note.setWordWrap(True)
        self.receptive_note = QLabel("")
        self.receptive_note.setObjectName("receptive-note")
        self.receptive_note.setWordWrap(True)
        self.receptive_note.setVisible(False)
        self.body.addWidget(self.view)
        self.body.addWidget(self.receptive_note)
        self.body.addWidget(self.note)
        self.menu_button.setVisible(False)

    def show_input(self, values: np.ndarray, note: str, rgb: np.ndarray | None = None) -> None:
        self.view.set_values(values, rgb)
        self.note.setText(note)

    def show_receptive(self, cell: str, box: ReceptiveBox | None) -> None:
        """Draw ``box`` (the receptive field of ``cell``, e.g. ``conv1[3, 0, 0]``) and write it; None clears."""
        self.view.set_receptive(box)
        if box is None or self.view.values is None:
            self.receptive_note.setText("")
            self.receptive_note.setVisible(False)
            return
        self.receptive_note.setText(receptive_text(cell, box, self.view.values.shape[1:]))
        self.receptive_note.setVisible(True)

    def _dim(self, dimmed: bool) -> None:
        self.view.dimmed = dimmed
        self.view.update()


def receptive_text(cell: str, box: ReceptiveBox, size: tuple[int, ...]) -> str:
    """``receptive field of conv1[3, 0, 0]: 3 × 3 pixels, jump 2 × 2; rows −1…1, …`` with the padding part."""
    h, w = int(size[0]), int(size[1])
    r0, c0, r1, c1 = box.box
    text = tr(
        "receptive field of {cell}: {h} × {w} pixels, jump {jh} × {jw}; rows {r0}…{r1}, columns {c0}…{c1}"
    ).format(
        cell=cell,
        h=box.size[0],
        w=box.size[1],
        jh=box.jump[0],
        jw=box.jump[1],
        r0=signed_int(r0),
        r1=signed_int(r1 - 1),
        c0=signed_int(c0),
        c1=signed_int(c1 - 1),
    )
    pad_rows = max(0, -r0) + max(0, r1 - h)
    pad_cols = max(0, -c0) + max(0, c1 - w)
    if pad_rows or pad_cols:
        text += " · " + tr(
            "{rows} row(s) and {cols} column(s) of it lie in the padding (dashed sides)"
        ).format(rows=pad_rows, cols=pad_cols)
    return text
