"""The batch axis: N images at once, and the chapter's torch.flatten bug.

View ▸ Batch Axis (Ctrl+Shift+N) shows this bar under the shape strip. The strip
and the network table then write every shape with the batch axis in front
(N × C × H × W, ``core.batch.batch_shapes``), N set here (1 by default). Below, the
two ways of flattening the last map (``core.batch.flatten_bug``): with one image
``torch.flatten(x)`` happens to work, with two it flattens the batch axis too and
Linear raises the error torch gives; ``torch.flatten(x, 1)`` keeps one row per image.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from cnnviz.app.qt_utils import code_view
from cnnviz.core.batch import MAX_BATCH, flatten_bug, flatten_bug_text
from cnnviz.core.i18n import tr
from cnnviz.core.shapes import ShapeReport


class BatchBar(QFrame):
    """N (the batch size) and the two flattens of the last map for that N."""

    batch_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch-bar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 2, 10, 6)
        row = QHBoxLayout()
        label = QLabel(tr("Batch size N:"))
        self.spin = QSpinBox()
        self.spin.setObjectName("batch-size")
        self.spin.setRange(1, MAX_BATCH)
        self.spin.setValue(1)
        self.spin.setToolTip(
            tr("How many images go through the network at once (the first axis of every shape)")
        )
        label.setBuddy(self.spin)
        self.hint = QLabel(
            tr("Shapes above are N × C × H × W. Try N = 2: the chapter's torch.flatten(x) breaks.")
        )
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        row.addWidget(label)
        row.addWidget(self.spin)
        row.addWidget(self.hint, 1)
        layout.addLayout(row)
        self.text = code_view("batch-text")
        self.text.setLineWrapMode(self.text.LineWrapMode.WidgetWidth)
        self.text.setMaximumHeight(self.text.fontMetrics().height() * 5 + 14)
        layout.addWidget(self.text)
        self.report: ShapeReport | None = None
        self._dirty = False
        self.spin.valueChanged.connect(self._changed)

    @property
    def batch(self) -> int:
        return self.spin.value()

    def set_batch(self, n: int) -> None:
        self.spin.setValue(n)

    def _changed(self, n: int) -> None:
        self._write()
        self.batch_changed.emit(n)

    def show_report(self, report: ShapeReport | None) -> None:
        """The network whose last map is flattened (None: the settings give no network)."""
        self.report = report
        if self.isVisible():
            self._write()
        else:
            self._dirty = True  # written when shown (or read): no work per change while the bar is closed

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self._write()
        super().showEvent(event)

    def _write(self) -> None:
        self._dirty = False
        report = self.report
        last_map = None
        if report is not None:
            last_map = next((s for s in reversed(report.stages) if len(s.shape) == 3), None)
        if report is None or last_map is None or not report.stages or report.stages[-1].kind != "fc":
            self.text.setPlainText(tr("the current settings give no network to flatten"))
            return
        bug = flatten_bug(last_map.shape, report.stages[-1].shape[0], batch=self.batch)
        self.text.setPlainText(flatten_bug_text(bug))

    @property
    def plain(self) -> str:
        if self._dirty:
            self._write()
        return self.text.toPlainText()
