"""The colormap of a panel as a thin strip with the values at its ends."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.core.i18n import tr


class Colorbar(QWidget):
    """The colormap as a thin strip with the values at its ends (and 0 when centred)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: list[int] = []
        self.low = 0.0
        self.high = 1.0
        self.centered = False
        self.per_channel = True
        self.setFixedHeight(28)
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_scale(self, table: list[int], low: float, high: float, centered: bool, per_channel: bool) -> None:
        if per_channel and self.per_channel and table == self.table and centered == self.centered:
            return  # per-channel bars show no numbers: nothing to redraw
        self.table, self.low, self.high, self.centered, self.per_channel = (
            table,
            low,
            high,
            centered,
            per_channel,
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.table:
            return
        painter = QPainter(self)
        strip = QRectF(2, 2, self.width() - 4, 10)
        gradient = QLinearGradient(strip.topLeft(), strip.topRight())
        for i in range(0, 256, 16):
            gradient.setColorAt(i / 255, QColor.fromRgb(self.table[i]))
        gradient.setColorAt(1.0, QColor.fromRgb(self.table[255]))
        painter.fillRect(strip, gradient)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        text_rect = QRectF(2, 13, self.width() - 4, 14)
        if self.per_channel:
            left = tr("−max") if self.centered else tr("min")
            right = tr("+max") if self.centered else tr("max")
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, left)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, tr("per channel"))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight, right)
        else:
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, f"{self.low:.3g}")
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight, f"{self.high:.3g}")
            if self.centered:
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, "0")
