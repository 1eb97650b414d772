"""A histogram of a stage's (or one channel's) values, painted with QPainter."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BINS = 64


def histogram(values: np.ndarray, bins: int = BINS) -> tuple[np.ndarray, np.ndarray]:
    """Counts and bin edges of the finite values (vectorised, ignores NaN/inf)."""
    flat = np.asarray(values, dtype=np.float32).ravel()
    finite = flat[np.isfinite(flat)] if not np.isfinite(flat).all() else flat
    if finite.size == 0:
        return np.zeros(bins, np.int64), np.linspace(0.0, 1.0, bins + 1)
    lo, hi = float(finite.min()), float(finite.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(finite, bins=bins, range=(lo, hi))
    return counts, edges


class HistogramWidget(QWidget):
    """Bars of value counts with the zero line and the range written under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("histogram")
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.counts = np.zeros(0, np.int64)
        self.edges = np.zeros(0)
        self.title = ""
        self.log_scale = True

    def sizeHint(self) -> QSize:
        return QSize(300, 90)

    def set_values(self, values: np.ndarray, title: str = "") -> None:
        self.counts, self.edges = histogram(values)
        self.title = title
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        rect = self.rect().adjusted(4, 4, -4, -4)
        metrics = painter.fontMetrics()
        text_h = metrics.height()
        plot = QRectF(rect.left(), rect.top() + text_h, rect.width(), rect.height() - 2 * text_h - 2)
        painter.fillRect(plot, self.palette().base())
        if self.counts.size == 0 or plot.height() <= 2:
            return
        heights = np.log1p(self.counts) if self.log_scale else self.counts.astype(float)
        top = float(heights.max()) or 1.0
        bar_w = plot.width() / self.counts.size
        colour = QColor(70, 110, 170)
        for i, h in enumerate(heights):
            if h <= 0:
                continue
            bh = plot.height() * float(h) / top
            painter.fillRect(
                QRectF(plot.left() + i * bar_w, plot.bottom() - bh, max(bar_w - 1, 1), bh), colour
            )
        lo, hi = float(self.edges[0]), float(self.edges[-1])
        if lo < 0 < hi:
            x = plot.left() + plot.width() * (0 - lo) / (hi - lo)
            painter.setPen(QPen(QColor(200, 60, 40), 1, Qt.PenStyle.DashLine))
            painter.drawLine(int(x), int(plot.top()), int(x), int(plot.bottom()))
        painter.setPen(self.palette().text().color())
        scale = self.tr("log count") if self.log_scale else self.tr("count")
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), text_h), Qt.AlignmentFlag.AlignLeft, self.title
        )
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), text_h), Qt.AlignmentFlag.AlignRight, scale
        )
        bottom = QRectF(rect.left(), plot.bottom() + 2, rect.width(), text_h)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, f"{lo:.4g}")
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight, f"{hi:.4g}")
        if lo < 0 < hi:
            painter.drawText(
                bottom, Qt.AlignmentFlag.AlignHCenter, "0" if abs(lo + hi) < 0.2 * (hi - lo) else ""
            )
