"""The inspector: where a number on screen comes from.

Click a cell of any map (or move the keyboard cursor there) and the dock shows
the arithmetic behind its value, computed by :mod:`cnnviz.core.explain` from
the very tensors on screen: a conv cell's kernel, the input patch it reads
(padding marked), the products, their sum, the bias and the total; a ReLU cell's
max(0, x); a pool cell's window and winner or sum and divisor; a flatten
entry's (channel, row, column); an fc output's largest contributions; and the
input pixels the cell sees. Below it, every count of the network derived with
its numbers (``448 = 16 × (3·3·3) + 16``) and the batch-axis lesson of
``torch.flatten``. Above the text, the same arithmetic as pictures
(:mod:`.inspector_pictures`). ``explained`` tells the window which cell is
explained (or that none is), so its receptive field is drawn on the panels.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.inspector_pictures import InspectorPictures
from cnnviz.app.qt_utils import code_view
from cnnviz.core.batch import flatten_bug, flatten_bug_text
from cnnviz.core.derive import derivations_text
from cnnviz.core.engine import ForwardResult
from cnnviz.core.errors import CnnvizError
from cnnviz.core.explain import Explanation, explain
from cnnviz.core.explain_text import explanation_text
from cnnviz.core.i18n import tr


class InspectorDock(QDockWidget):
    """A dock with the selected cell's explanation and the network's derivations."""

    explained = Signal(object, object)  # Explanation (None: no cell) and the ForwardResult it comes from

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Inspector"), parent)
        self.setObjectName("dock:inspector")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel(
            tr("Click a cell of any map (or press Enter on it) to see where its value comes from.")
        )
        self.heading.setObjectName("inspector-heading")
        self.heading.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("inspector-clear")
        self.clear_button.setText(tr("Clear"))
        self.clear_button.setToolTip(tr("Forget the selected cell and its receptive field (Esc)"))
        self.clear_button.clicked.connect(self.clear_selection)
        self.clear_button.setEnabled(False)
        top.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.pictures = InspectorPictures()
        self.pictures.setVisible(False)
        self.picture_scroll = QScrollArea()
        self.picture_scroll.setObjectName("inspector-picture-scroll")
        self.picture_scroll.setWidget(self.pictures)
        self.picture_scroll.setWidgetResizable(True)
        self.picture_scroll.setVisible(False)
        self.text = code_view("inspector-text")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.picture_scroll)
        self.splitter.addWidget(self.text)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.setWidget(body)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), body)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear_selection)
        self.selected: tuple[str, int, int | None, int | None] | None = None
        self._all_derivations = ""
        self._cell_text = ""  # the selected cell's arithmetic, shown above the derivations
        self.derivations_hidden = False

    @property
    def _derivations(self) -> str:
        if self.derivations_hidden and self._all_derivations:
            return tr(
                "The network's derivations are hidden until you check your answer in the Lessons panel."
            )
        return self._all_derivations

    def set_derivations_hidden(self, hidden: bool) -> None:
        """Cover the network's derivations while a lesson's question is open (they hold its answer)."""
        if hidden != self.derivations_hidden:
            self.derivations_hidden = hidden
            self._show_text()

    def _show_text(self) -> None:
        self.text.setPlainText(
            self._cell_text + "\n\n" + self._derivations if self._cell_text else self._derivations
        )

    def show_result(self, result: ForwardResult, stale_note: str = "") -> None:
        """A new result is on screen: explain the selected cell again, and the derivations."""
        self._all_derivations = derivations_text(result.report)
        last_map = next((s for s in reversed(result.report.stages) if len(s.shape) == 3), None)
        if last_map is not None and result.report.stages[-1].kind == "fc":
            bug = flatten_bug(last_map.shape, result.report.stages[-1].shape[0], batch=2)
            self._all_derivations += "\n\n" + flatten_bug_text(bug)
        if self.selected is not None:
            self.explain_cell(result, *self.selected, stale_note=stale_note)
        else:
            self._show_text()

    def explain_cell(
        self,
        result: ForwardResult,
        stage: str,
        channel: int,
        row: int | None,
        col: int | None,
        *,
        stale_note: str = "",
    ) -> bool:
        """Explain one cell of ``result``; False (and a note) when it is not in the result."""
        self.selected = (stage, channel, row, col)
        self.clear_button.setEnabled(True)
        try:
            explanation = explain(result, stage, channel, row, col)
        except CnnvizError as exc:
            self.heading.setText(str(exc))
            self._cell_text = ""
            self._show_text()
            self._show_pictures(None)
            self.explained.emit(None, None)
            return False
        where = f"[{channel}]" if row is None else f"[{channel}, {row}, {col}]"
        heading = tr("{stage}{where} = {value:.6g}").format(stage=stage, where=where, value=explanation.value)
        if stale_note:
            heading += " · " + tr("(the result on screen; the current settings differ)")
        self.heading.setText(heading)
        self._cell_text = explanation_text(explanation)
        self._show_text()
        self.text.moveCursor(self.text.textCursor().MoveOperation.Start)
        self._show_pictures(explanation)
        self.explained.emit(explanation, result)
        return True

    def _show_pictures(self, explanation: Explanation | None) -> None:
        self.pictures.set_explanation(explanation)
        shown = explanation is not None and bool(self.pictures.ops)
        self.picture_scroll.setVisible(shown)
        if shown:
            # As tall as the pictures need, up to three fifths of the dock; the text takes the rest.
            total = max(1, sum(self.splitter.sizes()))
            want = min(self.pictures.sizeHint().height() + 4, int(total * 0.6))
            self.splitter.setSizes([want, max(1, total - want)])

    def clear_selection(self) -> None:
        self.selected = None
        self._cell_text = ""
        self.clear_button.setEnabled(False)
        self.heading.setText(
            tr("Click a cell of any map (or press Enter on it) to see where its value comes from.")
        )
        self._show_text()
        self._show_pictures(None)
        self.explained.emit(None, None)

    def sizeHint(self) -> QSize:
        """A comfortable width for the arithmetic."""
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), 460))
        return hint

    @property
    def plain(self) -> str:
        return self.heading.text() + "\n" + self.text.toPlainText()
