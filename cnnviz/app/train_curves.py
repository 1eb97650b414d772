"""The Train panel's live curves: training loss and accuracy per step, drawn with QPainter.

Two plots share the step axis (0 … the run's last step, so the curves grow into
the space the run will fill). Each shows every step's batch value faintly and
the mean of the last :data:`SMOOTH` steps boldly, with the level of guessing
(ln 10 for the loss, 10 % for the accuracy of ten classes) as a dashed line to
beat. Small marks on the step axis show the steps whose weights the window was
given; the held-out accuracy, once measured, is a dot at the end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.core.i18n import tr

SMOOTH = 20  # steps in the bold running mean
MAX_POINTS = 2000  # a longer history is thinned to about this many points per curve
LOSS_COLOR = QColor("#c0392b")
ACCURACY_COLOR = QColor("#2471a3")
HELD_OUT_COLOR = QColor("#1e8449")
GUIDE_COLOR = QColor("#888888")
SHOWN_COLOR = QColor("#7d3c98")


def running_mean(values: Sequence[float] | np.ndarray, window: int = SMOOTH) -> np.ndarray:
    """The mean of the last ``window`` values at each position (fewer at the start); NaNs left out."""
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return data
    valid = np.isfinite(data)
    sums = np.concatenate([[0.0], np.cumsum(np.where(valid, data, 0.0))])
    counts = np.concatenate([[0], np.cumsum(valid)])
    ends = np.arange(1, data.size + 1)
    starts = np.maximum(0, ends - window)
    n = counts[ends] - counts[starts]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (sums[ends] - sums[starts]) / np.maximum(n, 1), np.nan)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (1, 2 or 5 × 10^k apart) covering low..high."""
    span = high - low
    if not (span > 0 and math.isfinite(span)):
        return [low]
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_text(value: float, percent: bool) -> str:
    if percent:
        return f"{100 * value:.0f} %"
    return f"{value:g}"


class TrainCurves(QWidget):
    """Loss above, accuracy below, against the step; ``set_history`` redraws."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("train-curves")
        self.steps: np.ndarray = np.zeros(0)
        self.losses: np.ndarray = np.zeros(0)
        self.accuracies: np.ndarray = np.zeros(0)
        self.shown: list[int] = []
        self.total_steps = 0
        self.held_out: float | None = None
        self.classes = 10
        self.setMinimumSize(300, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    def set_history(
        self,
        steps: Sequence[int],
        losses: Sequence[float],
        accuracies: Sequence[float],
        *,
        shown: Sequence[int] = (),
        total_steps: int = 0,
        held_out: float | None = None,
        classes: int = 10,
    ) -> None:
        self.steps = np.asarray(steps, dtype=np.float64)
        self.losses = np.asarray(losses, dtype=np.float64)
        self.accuracies = np.asarray(accuracies, dtype=np.float64)
        self.shown = list(shown)
        self.total_steps = total_steps
        self.held_out = held_out
        self.classes = classes
        self.update()

    # Drawing ------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        left = metrics.horizontalAdvance("100 %") + 12
        right = 12
        top = 4
        bottom_axis = line * 2 + 6  # tick labels and the axis title under the lower plot
        gap = line + 10
        height = self.height() - top - bottom_axis - gap - 2 * (line + 4)
        plot_h = max(40, height // 2)
        width = max(40, self.width() - left - right)
        x_max = float(max(self.total_steps, int(self.steps[-1]) if self.steps.size else 0, 1))
        chance_loss = math.log(self.classes)
        finite = self.losses[np.isfinite(self.losses)]
        smooth_loss = running_mean(self.losses)
        # The first steps at a large input can spike to twice ln 10 and more: the scale follows
        # most of the run (its 90th percentile), so the part below guessing stays readable;
        # higher values are drawn at the top edge.
        typical = (
            float(np.nanpercentile(smooth_loss, 90))
            if smooth_loss.size and np.isfinite(smooth_loss).any()
            else 0.0
        )
        top_loss = max(chance_loss * 1.3, typical * 1.1)
        loss_rect = QRectF(left, top + line + 4, width, plot_h)
        acc_rect = QRectF(left, loss_rect.bottom() + gap + line + 4, width, plot_h)
        self._plot(
            painter,
            loss_rect,
            tr("training loss (cross-entropy; lower is better)"),
            self.losses if finite.size else np.zeros(0),
            smooth_loss,
            (0.0, top_loss),
            LOSS_COLOR,
            chance_loss,
            tr("guessing: ln {n} = {value:.2f}").format(n=self.classes, value=chance_loss),
            x_max,
            percent=False,
        )
        self._plot(
            painter,
            acc_rect,
            tr("training accuracy (share of each batch classified right)"),
            self.accuracies,
            running_mean(self.accuracies),
            (0.0, 1.0),
            ACCURACY_COLOR,
            1.0 / self.classes,
            tr("guessing: {value:.0f} %").format(value=100 / self.classes),
            x_max,
            percent=True,
        )
        self._x_axis(painter, acc_rect, x_max, line)
        self._legend(painter, loss_rect, line)
        painter.end()

    def _x(self, rect: QRectF, step: float, x_max: float) -> float:
        return rect.left() + rect.width() * step / x_max

    def _plot(
        self,
        painter: QPainter,
        rect: QRectF,
        title: str,
        raw: np.ndarray,
        smooth: np.ndarray,
        y_range: tuple[float, float],
        color: QColor,
        guide: float,
        guide_text: str,
        x_max: float,
        *,
        percent: bool,
    ) -> None:
        low, high = y_range
        text_color = self.palette().text().color()
        painter.setPen(text_color)
        painter.drawText(
            QRectF(rect.left(), rect.top() - painter.fontMetrics().height() - 4, rect.width(), 20),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            title,
        )

        def y(value: float) -> float:
            clipped = min(max(value, low), high)
            return rect.bottom() - rect.height() * (clipped - low) / (high - low)

        grid = QPen(QColor(128, 128, 128, 60))
        for tick in nice_ticks(low, high, 4):
            painter.setPen(grid)
            painter.drawLine(QPointF(rect.left(), y(tick)), QPointF(rect.right(), y(tick)))
            painter.setPen(text_color)
            painter.drawText(
                QRectF(0, y(tick) - 8, rect.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _tick_text(tick, percent),
            )
        painter.setPen(QPen(text_color, 1))
        painter.drawRect(rect)
        guide_pen = QPen(GUIDE_COLOR, 1, Qt.PenStyle.DashLine)
        painter.setPen(guide_pen)
        painter.drawLine(QPointF(rect.left(), y(guide)), QPointF(rect.right(), y(guide)))
        painter.setPen(GUIDE_COLOR)
        painter.drawText(
            QRectF(rect.left() + 4, y(guide) - 16, rect.width() - 8, 15),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            guide_text,
        )
        if self.steps.size:
            stride = max(1, self.steps.size // MAX_POINTS)
            xs = [self._x(rect, s, x_max) for s in self.steps[::stride]]
            faint = QColor(color)
            faint.setAlpha(70)
            for values, pen in ((raw, QPen(faint, 1)), (smooth, QPen(color, 2.2))):
                points = [
                    QPointF(x, y(v)) for x, v in zip(xs, values[::stride], strict=False) if math.isfinite(v)
                ]
                painter.setPen(pen)
                painter.drawPolyline(QPolygonF(points))
        if percent and self.held_out is not None:
            x = self._x(rect, float(self.steps[-1]) if self.steps.size else x_max, x_max)
            painter.setPen(QPen(HELD_OUT_COLOR, 2))
            painter.setBrush(HELD_OUT_COLOR)
            painter.drawEllipse(QPointF(x, y(self.held_out)), 4.5, 4.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            label = tr("held-out: {value:.1f} %").format(value=100 * self.held_out)
            metrics = painter.fontMetrics()
            w = metrics.horizontalAdvance(label) + 4
            painter.drawText(
                QRectF(max(rect.left(), x - w - 8), y(self.held_out) - 20, w, 16),
                Qt.AlignmentFlag.AlignRight,
                label,
            )
        painter.setPen(QPen(SHOWN_COLOR, 2))
        for step in self.shown:
            x = self._x(rect, step, x_max)
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() - 6))

    def _x_axis(self, painter: QPainter, rect: QRectF, x_max: float, line: int) -> None:
        painter.setPen(self.palette().text().color())
        for tick in nice_ticks(0, x_max, 5):
            x = self._x(rect, tick, x_max)
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 3))
            painter.drawText(
                QRectF(x - 40, rect.bottom() + 3, 80, line), Qt.AlignmentFlag.AlignHCenter, f"{tick:g}"
            )
        painter.drawText(
            QRectF(rect.left(), rect.bottom() + line + 4, rect.width(), line),
            Qt.AlignmentFlag.AlignHCenter,
            tr("training step"),
        )

    def _legend(self, painter: QPainter, rect: QRectF, line: int) -> None:
        """Which line is which, at the top right of the loss plot."""
        entries = [
            (QPen(QColor(0, 0, 0, 90), 1), tr("each batch")),
            (QPen(QColor(0, 0, 0), 2.2), tr("mean of the last {n} steps").format(n=SMOOTH)),
            (QPen(SHOWN_COLOR, 2), tr("window updated")),
        ]
        metrics = painter.fontMetrics()
        width = max(metrics.horizontalAdvance(text) for _, text in entries) + 34
        box = QRectF(rect.right() - width - 6, rect.top() + 6, width, len(entries) * line + 8)
        background = QColor(self.palette().base().color())
        background.setAlpha(220)
        painter.fillRect(box, background)
        for i, (pen, text) in enumerate(entries):
            y = box.top() + 4 + i * line + line / 2
            painter.setPen(pen)
            if i == 2:
                painter.drawLine(QPointF(box.left() + 14, y + 4), QPointF(box.left() + 14, y - 3))
            else:
                painter.drawLine(QPointF(box.left() + 6, y), QPointF(box.left() + 24, y))
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(box.left() + 30, y - line / 2, width - 30, line), Qt.AlignmentFlag.AlignVCenter, text
            )
