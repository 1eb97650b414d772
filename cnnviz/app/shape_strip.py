"""The whole pipeline's shapes in one line, updated on every keystroke.

Computed from the pure shape arithmetic before any tensor exists, so it answers
even while the worker is busy, and shows where a bad setting breaks the chain.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cnnviz.core.i18n import tr
from cnnviz.core.shapes import ShapeReport


class ShapeStrip(QFrame):
    """``3×256×256 → 16×128×128 → … → 10`` with stage names above the shapes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shape-strip-frame")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.label = QLabel()
        self.label.setObjectName("shape-strip")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setObjectName("shape-strip-problem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("problem", True)
        self.problem.setVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.problem)
        self.plain = ""

    def show_report(self, report: ShapeReport, problems: dict[str, str] | None = None) -> None:
        problems = problems if problems is not None else {p.key: p.message for p in report.problems}
        names = ["input"] + [s.name for s in report.stages]
        shapes = ["×".join(map(str, report.input_shape))] + [s.shape_text() for s in report.stages]
        broken = None
        if problems:
            first_key = next(iter(problems))
            broken = first_key.split(".")[0]
        self.plain = " → ".join(shapes) + (" → ✕" if problems else "")
        top, bottom = [], []
        for i, (name, shape) in enumerate(zip(names, shapes, strict=True)):
            if i:
                top.append("<td></td>")
                bottom.append("<td style='color:#888; padding:0 4px'>→</td>")
            top.append(f"<td align='center' style='color:#777; font-size:small'>{html.escape(name)}</td>")
            bottom.append(f"<td align='center'><b>{html.escape(shape)}</b></td>")
        if problems:
            top.append("<td></td>")
            bottom.append("<td style='color:#888; padding:0 4px'>→</td>")
            top.append(f"<td align='center' style='color:#b3261e; font-size:small'>{html.escape(broken or '')}</td>")
            bottom.append("<td align='center' style='color:#b3261e'><b>✕</b></td>")
        self.label.setText(f"<table cellspacing='0' cellpadding='0'><tr>{''.join(top)}</tr><tr>{''.join(bottom)}</tr></table>")
        self.label.setToolTip(self.plain)
        if problems:
            key, message = next(iter(problems.items()))
            more = len(problems) - 1
            extra = tr(" (and {n} more problem(s), marked in the sidebar)").format(n=more) if more else ""
            self.problem.setText(f"<b>{html.escape(key)}</b>: {html.escape(message)}{html.escape(extra)}")
            self.problem.setVisible(True)
        else:
            self.problem.setVisible(False)

    def text(self) -> str:
        """The strip as plain text, e.g. ``3×256×256 → 16×128×128 → … → 10``."""
        return self.plain
