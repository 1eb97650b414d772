"""The class scores: softmax probabilities as bars, the top class named.

The panel says where its scores come from (trained or random weights, per
layer: core.provenance) and draws them grey when they are not a prediction.
Clicking a class picks it for the class evidence map (app.evidence_view).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QCheckBox, QSizePolicy, QWidget

from cnnviz.app.evidence_view import EvidenceView
from cnnviz.app.painted import Line, TextBlock
from cnnviz.app.panels.frame import PanelFrame
from cnnviz.core.i18n import tr
from cnnviz.core.spec import class_names


class ScoresView(QWidget):
    """Softmax probabilities as horizontal bars, the top class highlighted."""

    class_picked = Signal(int)  # a class row was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scores")
        self.probabilities = np.zeros(0)
        self.logits = np.zeros(0)
        self.names: list[str] = []
        self.dimmed = False
        self.meaningful = True  # False: the scores come from random layers, drawn grey
        self.picked: int | None = None  # the class whose evidence is shown (None: the top class)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(tr("Click a class to see where its evidence came from (Class evidence)"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_scores(self, probabilities: np.ndarray, logits: np.ndarray, names: list[str]) -> None:
        resize = len(probabilities) != len(self.probabilities)
        self.probabilities, self.logits, self.names = probabilities, logits, names
        if resize:
            self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(280, max(1, len(self.probabilities)) * (self.fontMetrics().height() + 4) + 4)

    def row_at(self, y: float) -> int | None:
        row = int((y - 2) // (self.fontMetrics().height() + 4))
        return row if 0 <= row < len(self.probabilities) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if row is not None:
            self.class_picked.emit(row)

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
            if self.meaningful:
                colour = QColor(214, 96, 40) if i == top else QColor(120, 150, 190)
            else:
                colour = QColor(150, 150, 150) if i == top else QColor(190, 190, 190)
            painter.fillRect(QRectF(name_w, y + 3, bar_w * float(p), row_h - 6), colour)
            painter.drawText(
                QRectF(name_w + bar_w + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{100 * float(p):.1f} %",
            )
            if i == self.picked:
                painter.setPen(QPen(self.palette().highlight().color(), 2))
                painter.drawRect(QRectF(1, y + 1, self.width() - 2, row_h - 2))


class ScoresPanel(PanelFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("fc", "fc", parent)
        self.top = TextBlock(boxed=False)
        self.top.setObjectName("top-class")
        self.scores = ScoresView()
        # A short label: a long one would widen the panel's minimum and crowd narrow windows.
        self.evidence_toggle = QCheckBox(tr("Class evidence (Grad-CAM)"))
        self.evidence_toggle.setToolTip(
            tr("Where the evidence for the top class (or the class you click) came from, over the input")
        )
        self.evidence_toggle.setObjectName("evidence-toggle")
        self.evidence = EvidenceView()
        self.evidence.setVisible(False)
        self.body.addWidget(self.top)
        self.body.addWidget(self.scores)
        self.body.addWidget(self.evidence_toggle)
        self.body.addWidget(self.evidence)
        self.menu_button.setVisible(False)
        self.note = tr("random (seeded) weights: the classes mean nothing yet")
        self.meaningful = False
        self.dimmed = False
        self.result: Any = None  # the ForwardResult whose scores are shown
        self.names: list[str] = []
        self._evidence_of: tuple[Any, int | None] | None = None  # (result, class) drawn
        self.scores.class_picked.connect(self.pick_class)
        self.evidence_toggle.toggled.connect(self.show_evidence)

    def show_scores(
        self,
        probabilities: np.ndarray,
        logits: np.ndarray,
        names: list[str] | None = None,
        note: str | None = None,
    ) -> None:
        names = names or class_names(len(probabilities))
        self.names = names
        if note is not None:
            self.note = note
        if self.scores.picked is not None and self.scores.picked >= len(probabilities):
            self.scores.picked = None
        self.scores.set_scores(probabilities, logits, names)
        self._show_top()

    def _show_top(self) -> None:
        probabilities = self.scores.probabilities
        if probabilities.size == 0:
            return
        top = int(np.argmax(probabilities))
        if self.meaningful:
            head = tr("top: {name} ({p:.1f} %)")
        else:
            head = tr("largest score: {name} ({p:.1f} %), not a prediction")
        self.top.set_lines(
            [
                Line(head.format(name=self.names[top], p=100 * float(probabilities[top])), bold=True),
                Line(self.note, muted=True),
            ]
        )

    def set_provenance(self, note: str, meaningful: bool) -> None:
        """Where the scores come from (core.provenance); not meaningful: drawn grey, not called a prediction."""
        self.note = note
        self.meaningful = meaningful
        self.scores.meaningful = meaningful
        self.scores.update()
        self._show_top()

    def set_result(self, result: Any) -> None:
        """The forward result the scores belong to (the evidence is computed from it)."""
        self.result = result
        if self.evidence_toggle.isChecked():
            self.show_evidence()

    def pick_class(self, index: int | None) -> None:
        """Show the evidence for class ``index`` (None: the top class); turns the evidence on."""
        self.scores.picked = index
        self.scores.update()
        if not self.evidence_toggle.isChecked():
            self.evidence_toggle.setChecked(True)  # shows it
        else:
            self.show_evidence()

    def show_evidence(self, *_: object) -> None:
        on = self.evidence_toggle.isChecked()
        self.evidence.setVisible(on)
        if not on:
            return
        if self.result is None:
            self.evidence.clear(tr("no result yet"))
            return
        drawn = self._evidence_of
        if drawn is not None and drawn[0] is self.result and drawn[1] == self.scores.picked:
            return
        try:
            self.evidence.show_evidence(self.result, self.scores.picked, self.names)
        except (ValueError, IndexError, RuntimeError):
            self.evidence.clear(tr("class evidence needs a conv stage and class scores"))
        self._evidence_of = (self.result, self.scores.picked)

    def _dim(self, dimmed: bool) -> None:
        self.scores.dimmed = dimmed
        self.scores.update()
        self.evidence.set_dimmed(dimmed)
