"""The parameter sidebar: one collapsible section per block, built from the table.

Each section lists the Conv2d and pooling arguments of its block (controls named
by their setting key), and beside them the output-size formula with this
layer's numbers plugged in, its parameters, multiply-accumulates and receptive
field. A setting torch would reject shows its reason right under its control.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.controls import SettingControl, tooltip
from cnnviz.app.painted import Line, TextBlock
from cnnviz.app.qt_utils import human_count, signals_blocked
from cnnviz.core.i18n import tr
from cnnviz.core.lessons import HIDE_PARAMS, HIDE_SHAPE
from cnnviz.core.provenance import RANDOM, layer_note
from cnnviz.core.settings import MAX_BLOCKS, TABLE, Settings
from cnnviz.core.shapes import AxisArithmetic, ShapeReport, Stage
from cnnviz.core.text import shape_text

if TYPE_CHECKING:
    from cnnviz.app.controller import PlanUpdate


class Section(QWidget):
    """A titled part of the sidebar that folds away when its header is clicked."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"section:{name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QToolButton()
        self.header.setObjectName(f"header:{name}")
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setProperty("sectionHeader", True)
        self.header.toggled.connect(self.set_expanded)
        layout.addWidget(self.header)
        self.body = QFrame()
        self.body.setProperty("sectionBody", True)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(8, 4, 4, 8)
        self.body_layout.setSpacing(4)
        layout.addWidget(self.body)

    def set_expanded(self, expanded: bool) -> None:
        with signals_blocked(self.header):
            self.header.setChecked(expanded)
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    def is_expanded(self) -> bool:
        return self.header.isChecked()


class Sidebar(QWidget):
    """Every setting's control, grouped by layer, with formulas and inline problems."""

    edited = Signal(str, object)  # key, value (check boxes, choices, the size slider)
    text_edited = Signal(str, str)  # key, typed text (read by the command line's parser)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.controls: dict[str, SettingControl] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.formula_labels: dict[str, TextBlock] = {}
        self.sections: dict[str, Section] = {}
        self._shown_problems: dict[str, str] = {}
        self._structure: tuple[object, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)

        section = Section(tr("Input and network"), "input")
        form = self._form(section)
        for key in ("input.size", "input.fit", "input.pad", "blocks"):
            self._add_row(form, key)
        self.weights_labels: dict[str, QLabel] = {}  # layer -> trained or random (show_provenance)
        self._weights_label(section, "fc")
        self.sections["input"] = section
        layout.addWidget(section)

        for b in range(1, MAX_BLOCKS + 1):
            section = Section(tr("Block {b}: conv{b} → relu{b} → pool{b}").format(b=b), f"block{b}")
            for layer, title in ((f"conv{b}", tr("Conv2d")), (f"pool{b}", tr("Pooling"))):
                caption = QLabel(f"<b>{layer}</b> · {title}")
                caption.setObjectName(f"caption:{layer}")
                section.body_layout.addWidget(caption)
                if layer.startswith("conv"):
                    self._weights_label(section, layer)
                form = self._form(section)
                for key, row in TABLE.items():
                    if row.layer == layer:
                        self._add_row(form, key)
                formula = TextBlock()
                formula.setObjectName(f"formula:{layer}")
                section.body_layout.addWidget(formula)
                self.formula_labels[layer] = formula
            self.sections[f"block{b}"] = section
            layout.addWidget(section)
        layout.addStretch(1)
        self.show_settings(Settings())

    # Construction ------------------------------------------------------------------
    def _weights_label(self, section: Section, layer: str) -> None:
        label = QLabel()
        label.setObjectName(f"weights:{layer}")
        label.setProperty("muted", True)
        label.setWordWrap(True)
        label.setVisible(False)
        section.body_layout.addWidget(label)
        self.weights_labels[layer] = label

    def show_provenance(self, layers: dict[str, str], weights_name: str | None) -> None:
        """Say on each layer's section whether it holds trained or random weights (core.provenance)."""
        for layer, label in self.weights_labels.items():
            state = layers.get(layer)
            if label.isHidden() == (state is not None):
                label.setVisible(state is not None)
            if state is not None:
                label.setText(layer_note(layer, state, weights_name))  # QLabel ignores the same text
                if label.property("random") != (state == RANDOM):  # restyling costs: only on a change
                    label.setProperty("random", state == RANDOM)
                    label.style().unpolish(label)
                    label.style().polish(label)

    def _form(self, section: Section) -> QFormLayout:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(3)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        section.body_layout.addLayout(form)
        return form

    def _add_row(self, form: QFormLayout, key: str) -> None:
        row = TABLE[key]
        control = SettingControl(row)
        control.setObjectName(f"control:{key}")
        control.edited.connect(self.edited)
        control.text_edited.connect(self.text_edited)
        label = QLabel(tr(row.label))
        label.setToolTip(tooltip(row))
        label.setBuddy(control.editor)
        problem = QLabel()
        problem.setObjectName(f"problem:{key}")
        problem.setWordWrap(True)
        problem.setProperty("problem", True)
        problem.setVisible(False)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(1)
        holder_layout.addWidget(control)
        holder_layout.addWidget(problem)
        form.addRow(label, holder)
        self.controls[key] = control
        self.problem_labels[key] = problem

    # Model -> view ---------------------------------------------------------------------
    def show_settings(self, settings: Settings) -> None:
        """Show ``settings`` in the controls (no ``edited`` signals)."""
        for key, control in self.controls.items():
            if control.value() != settings[key]:
                control.set_value(settings[key])
        self._structure = ()
        self.show_structure(settings)

    def show_structure(self, settings: Settings) -> None:
        """Which blocks are shown and which pooling arguments apply (cheap when unchanged)."""
        structure = (settings.blocks, *(settings[f"pool{b}.type"] for b in range(1, MAX_BLOCKS + 1)))
        structure += tuple(settings[f"pool{b}.kernel_size"] for b in range(1, MAX_BLOCKS + 1))
        structure += (settings["input.fit"],)
        if structure == self._structure:
            return
        self._structure = structure
        self.controls["input.pad"].setEnabled(settings["input.fit"] == "fit")  # only 'fit' pads
        blocks = settings.blocks
        for b in range(1, MAX_BLOCKS + 1):
            self.sections[f"block{b}"].setVisible(b <= blocks)
            pool_type = settings[f"pool{b}.type"]
            for control in self.controls.values():
                row = control.row
                if row.layer == f"pool{b}" and row.pool_types:
                    control.setEnabled(pool_type in row.pool_types)
        self._update_tooltips(settings)

    def _update_tooltips(self, settings: Settings) -> None:
        for b in range(1, MAX_BLOCKS + 1):
            stride = self.controls[f"pool{b}.stride"]
            text = tooltip(stride.row)
            if settings[f"pool{b}.stride"] is None:
                k = settings.pair(f"pool{b}.kernel_size")
                text += "<br>" + tr("none: the window's size, here {k}").format(k=f"{k[0]}×{k[1]}")
            stride.editor.setToolTip(text)

    def show_problems(self, problems: dict[str, str]) -> None:
        # Only controls whose message changed are touched: re-polishing all
        # 166 controls on every keystroke cost milliseconds.
        for key in set(self._shown_problems) | set(problems):
            message = problems.get(key)
            if self._shown_problems.get(key) == message:
                continue
            label = self.problem_labels[key]
            label.setText(message or "")
            label.setVisible(bool(message))
            # The sidebar lives in a scroll area, which does not pass height-for-
            # width down: give the wrapped message the height it needs.
            width = max(label.width(), self.width() - 140, 160)
            label.setMinimumHeight(label.heightForWidth(width) if message else 0)
            self.controls[key].set_problem(message)
        self._shown_problems = dict(problems)
        for key in problems:
            layer = key.split(".")[0]
            if layer.startswith(("conv", "pool")):
                section = self.sections.get(f"block{layer[4:]}")
                if section is not None and not section.is_expanded():
                    section.set_expanded(True)

    def show_update(self, update: PlanUpdate, hidden: Mapping[str, frozenset[str]] | None = None) -> None:
        """Everything the sidebar shows of the current settings, at once (``hidden``: see show_report)."""
        self.show_structure(update.settings)
        self.show_problems(update.problems)
        self.show_report(update.plan.report, hidden)
        size = self.controls.get("input.size")
        if size is not None:
            size.sync_slider(update.settings["input.size"])  # also when the size was typed into its box

    def show_report(self, report: ShapeReport, hidden: Mapping[str, frozenset[str]] | None = None) -> None:
        """Formulas, parameters and MACs of every layer the report reached.

        ``hidden`` (layer -> what) covers with "?" what a lesson's open question asks for: the
        formula's result and the output shape, or the parameters (and the MACs, which give either away).
        """
        hidden = hidden or {}
        stages = {s.name: s for s in report.stages}
        previous = {b.name: a.name for a, b in zip(report.stages, report.stages[1:], strict=False)}
        for layer, label in self.formula_labels.items():
            stage = stages.get(layer)
            if stage is None:
                block = int(layer[4:])
                pool_off = (
                    layer.startswith("pool")
                    and report.spec.blocks
                    and block <= len(report.spec.blocks)
                    and not report.spec.blocks[block - 1].pool.enabled
                )
                text = (
                    tr("no pooling: the ReLU output goes straight on")
                    if pool_off
                    else tr("not computed: fix the problem above first")
                )
                label.set_lines([Line(text, muted=True)])
                continue
            before = previous.get(layer)
            input_covered = before is not None and HIDE_SHAPE in hidden.get(before, frozenset())
            label.set_lines(self._formula_lines(stage, hidden.get(layer, frozenset()), input_covered))

    def _formula_lines(
        self, stage: Stage, cover: frozenset[str] = frozenset(), input_covered: bool = False
    ) -> list[Line]:
        assert stage.arithmetic is not None
        h, w = stage.arithmetic

        def formula(axis: AxisArithmetic) -> str:
            text = axis.formula()  # "… = 28": the result covered while it is the question
            if input_covered:  # the size coming in is an earlier layer's covered result
                text = text.replace(f"({axis.size_in}", "(?", 1)
            return text.rsplit(" = ", 1)[0] + " = ?" if HIDE_SHAPE in cover else text

        lines = []
        if _same_numbers(h, w):
            lines.append(Line(f"H, W: {formula(h)}", mono=True))
        else:
            lines.append(Line(f"H: {formula(h)}", mono=True))
            lines.append(Line(f"W: {formula(w)}", mono=True))
        details = [tr("out {shape}").format(shape="?" if HIDE_SHAPE in cover else shape_text(stage.shape))]
        if stage.kind == "conv":
            details.append(
                tr("{n} parameters").format(n="?" if HIDE_PARAMS in cover else f"{stage.params:,}")
            )
            details.append(tr("{n} MACs").format(n="?" if cover else human_count(stage.macs)))
        rf = stage.receptive_field
        if rf is not None:
            details.append(tr("receptive field {h}×{w}").format(h=rf.size[0], w=rf.size[1]))
        lines.append(Line(" · ".join(details), muted=True))
        return lines

    def control(self, key: str) -> SettingControl:
        return self.controls[key]

    def editor(self, key: str) -> Any:
        return self.controls[key].editor


def _same_numbers(a: AxisArithmetic, b: AxisArithmetic) -> bool:
    return (a.size_in, a.pad_before, a.pad_after, a.kernel, a.dilation, a.stride) == (
        b.size_in,
        b.pad_before,
        b.pad_after,
        b.kernel,
        b.dilation,
        b.stride,
    )
