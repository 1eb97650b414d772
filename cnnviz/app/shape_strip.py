"""The whole pipeline's shapes in one line, updated on every keystroke.

Computed from the pure shape arithmetic before any tensor exists, so it answers
even while the worker is busy, and shows where a bad setting breaks the chain:
shapes after the break are not shown, because the settings do not produce them.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from cnnviz.app.painted import ChipStrip
from cnnviz.app.truth import Chain
from cnnviz.core.i18n import tr
from cnnviz.core.text import shape_text


class ShapeStrip(QFrame):
    """``3×256×256 → 16×128×128 → … → 10`` with stage names above the shapes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shape-strip-frame")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.chips = ChipStrip()
        self.chips.setObjectName("shape-strip")
        self.problem = QLabel()
        self.problem.setObjectName("shape-strip-problem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("problem", True)
        self.problem.setVisible(False)
        layout.addWidget(self.chips)
        layout.addWidget(self.problem)
        self.plain = ""
        self._problem_text = ""
        self.batch: int | None = None  # with a batch axis (View ▸ Batch Axis): N × C × H × W
        self._last: tuple[Chain, int, Collection[str]] | None = None

    def set_batch(self, batch: int | None) -> None:
        """Write shapes with the batch axis ``batch`` in front (None: without it)."""
        if batch != self.batch:
            self.batch = batch
            if self._last is not None:
                self.show_chain(*self._last)

    def _shape(self, shape: tuple[int, ...]) -> str:
        full = shape if self.batch is None else (self.batch, *shape)
        return shape_text(full, compact=True)

    def show_chain(self, chain: Chain, problem_count: int, hidden: Collection[str] = ()) -> None:
        """The chain's shapes; those of the ``hidden`` stages are covered with "?" (a lesson's open question)."""
        self._last = (chain, problem_count, hidden)
        chips: list[tuple[str, str, bool]] = []
        if chain.input_shape is not None:
            chips.append(("input", "?" if "input" in hidden else self._shape(chain.input_shape), False))
        chips += [(s.name, "?" if s.name in hidden else self._shape(s.shape), False) for s in chain.stages]
        if chain.broken_at is not None:
            chips.append((chain.broken_at, "✕", True))
        self.chips.set_chips(chips)
        self.plain = " → ".join(shape for _, shape, _ in chips)
        self.chips.setToolTip(self.plain)
        text = ""
        if chain.problem is not None:
            more = problem_count - 1
            extra = tr(" (and {n} more problem(s), marked in the sidebar)").format(n=more) if more > 0 else ""
            text = f"{chain.problem_key}: {chain.problem}{extra}"
        if text != self._problem_text:
            self._problem_text = text
            self.problem.setText(text)
            self.problem.setVisible(bool(text))

    def text(self) -> str:
        """The strip as plain text, e.g. ``3×256×256 → 16×128×128 → … → 10``."""
        return self.plain
