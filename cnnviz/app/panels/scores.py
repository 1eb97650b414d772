"""The class scores: softmax probabilities as bars, the top class named."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.app.painted import Line, TextBlock
from cnnviz.app.panels.frame import PanelFrame
from cnnviz.core.i18n import tr
from cnnviz.core.spec import class_names


class ScoresView(QWidget):
    """Softmax probabilities as horizontal bars, the top class highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scores")
        self.probabilities = np.zeros(0)
        self.logits = np.zeros(0)
        self.names: list[str] = []
        self.dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_scores(self, probabilities: np.ndarray, logits: np.ndarray, names: list[str]) -> None:
        resize = len(probabilities) != len(self.probabilities)
        self.probabilities, self.logits, self.names = probabilities, logits, names
        if resize:
            self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(280, max(1, len(self.probabilities)) * (self.fontMetrics().height() + 4) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.probabilities.size == 0:
            return
        painter = QPainter(self)
        if self.dimmed:
            painter.setOpacity(0.3)
        metrics = painter.fontMetrics()
        row_h = metrics.height() + 4
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)  # the top class is bold: measure names in bold
        name_w = max(bold_metrics.horizontalAdvance(n) for n in self.names) + 8
        value_w = bold_metrics.horizontalAdvance("100.0 %") + 8
        bar_w = max(40, self.width() - name_w - value_w - 4)
        top = int(np.argmax(self.probabilities))
        for i, (p, name) in enumerate(zip(self.probabilities, self.names, strict=True)):
            y = 2 + i * row_h
            painter.setFont(bold if i == top else self.font())
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, y, name_w - 6, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            painter.fillRect(QRectF(name_w, y + 3, bar_w, row_h - 6), self.palette().alternateBase())
            colour = QColor(214, 96, 40) if i == top else QColor(120, 150, 190)
            painter.fillRect(QRectF(name_w, y + 3, bar_w * float(p), row_h - 6), colour)
            painter.drawText(
                QRectF(name_w + bar_w + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{100 * float(p):.1f} %",
            )


class ScoresPanel(PanelFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("fc", "fc", parent)
        self.top = TextBlock(boxed=False)
        self.top.setObjectName("top-class")
        self.scores = ScoresView()
        self.body.addWidget(self.top)
        self.body.addWidget(self.scores)
        self.menu_button.setVisible(False)
        self.note = tr("untrained weights: the classes mean nothing yet")
        self.dimmed = False

    def show_scores(
        self,
        probabilities: np.ndarray,
        logits: np.ndarray,
        names: list[str] | None = None,
        note: str | None = None,
    ) -> None:
        names = names or class_names(len(probabilities))
        if note is not None:
            self.note = note
        top = int(np.argmax(probabilities))
        self.top.set_lines(
            [
                Line(
                    tr("top: {name} ({p:.1f} %)").format(name=names[top], p=100 * float(probabilities[top])),
                    bold=True,
                ),
                Line(self.note, muted=True),
            ]
        )
        self.scores.set_scores(probabilities, logits, names)

    def _dim(self, dimmed: bool) -> None:
        self.scores.dimmed = dimmed
        self.scores.update()
