"""The input panel: the tensor fed to the network, as a picture, with an RGB readout."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from cnnviz.app.panels.frame import PanelFrame
from cnnviz.app.qt_utils import rgb_image
from cnnviz.app.tiles import Hover
from cnnviz.core.display import render_input


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
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

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
        self.body.addWidget(self.view)
        self.body.addWidget(self.note)
        self.menu_button.setVisible(False)

    def show_input(self, values: np.ndarray, note: str, rgb: np.ndarray | None = None) -> None:
        self.view.set_values(values, rgb)
        self.note.setText(note)

    def _dim(self, dimmed: bool) -> None:
        self.view.dimmed = dimmed
        self.view.update()
