"""One control per kind of setting, built from a row of the settings table.

Every editor has the setting's key as its objectName (``conv1.stride``; its
wrapper is ``control:conv1.stride``). Controls stay dumb: they never decide
what a text means.

* Numbers, pairs and sizes use :class:`SettingSpinBox`, a spin box whose text is
  free: whatever is typed goes, as text, to the controller, which reads it with
  exactly the parser ``--set KEY=VALUE`` uses. ``1.5`` is therefore refused with
  the command line's message, never turned into 15; ``3,5,7`` never becomes
  ``3,5``. Arrows and the wheel step both numbers of a pair.
* Booleans are check boxes, choices combo boxes: they can only hold valid values.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QSlider,
    QWidget,
)

from cnnviz.core.errors import SettingError
from cnnviz.core.i18n import tr
from cnnviz.core.settings import Kind, Setting, Value, format_value

TEXT_KINDS = (Kind.INT, Kind.OPTIONAL_INT, Kind.PAIR, Kind.OPTIONAL_PAIR, Kind.PADDING, Kind.SIZE)
SLIDER_RANGE = (16, 1024)


def tooltip(row: Setting) -> str:
    """The control's tooltip: what the argument does, and its name in torch."""
    if row.layer.startswith("conv"):
        torch_name = f"nn.Conv2d(…, {row.torch_name}=…)"
    elif row.layer.startswith("pool") and row.name != "type":
        torch_name = f"nn.MaxPool2d / nn.AvgPool2d(…, {row.torch_name}=…)"
    else:
        torch_name = ""
    lines = [f"<b>{row.key}</b>", tr(row.help)]
    if torch_name:
        lines.append(tr("In PyTorch: {name}").format(name=f"<code>{torch_name}</code>"))
    return "<br>".join(lines)


class SettingSpinBox(QAbstractSpinBox):
    """A spin box for whole numbers, ``(h, w)`` pairs, sizes and their words.

    ``3`` means (3, 3) and ``3,5`` (3, 5); ``same``/``valid`` (padding) and
    ``none`` (pool stride, divisor) where the setting allows them. Typed text is
    emitted as is (``textEdited``); stepping emits the stepped value's text.
    """

    textEdited = Signal(str)

    def __init__(self, row: Setting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self._value: Value = row.default
        self.setKeyboardTracking(True)
        self.setAccelerated(True)
        # Never "correct" what was typed: a refused text stays visible beside its message.
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.lineEdit().setText(self._format(self._value))
        # textChanged, not textEdited: typing, pasting and a script's setText all count;
        # the model's own updates (setValue) are made with the signal blocked.
        self.lineEdit().textChanged.connect(self.textEdited)

    def _format(self, value: Value) -> str:
        return format_value(self.row.kind, value)

    def validate(self, text: str, pos: int) -> object:
        # Every text may be typed; the controller says what is wrong with it.
        return QValidator.State.Acceptable

    def fixup(self, text: str) -> str:
        return text

    # Value API -------------------------------------------------------------------
    def value(self) -> Value:
        """The last value this control showed that the settings accepted."""
        return self._value

    def text(self) -> str:
        return self.lineEdit().text()

    def setValue(self, value: Value) -> None:
        """Show ``value`` (the model's): no signal."""
        self._value = value
        text = self._format(value)
        if self.lineEdit().text() != text:
            with QSignalBlocker(self.lineEdit()):
                self.lineEdit().setText(text)

    def setText(self, text: str) -> None:
        """Put ``text`` in the box as if typed (emits ``textEdited`` when it differs)."""
        self.lineEdit().setText(text)

    # Stepping ----------------------------------------------------------------------
    def _numbers(self) -> tuple[int, int] | None:
        try:
            current = self.row.parse(self.lineEdit().text())
        except SettingError:
            current = self._value
        if isinstance(current, tuple):
            return current
        if isinstance(current, int) and not isinstance(current, bool):
            return (current, current)
        return None

    def _bounds(self) -> tuple[int, int, bool]:
        """(lowest, highest, whether stepping below the lowest reaches 'none')."""
        lo = self.row.minimum if self.row.minimum is not None else 0
        hi = self.row.maximum if self.row.maximum is not None else 10**6
        return lo, hi, self.row.kind in (Kind.OPTIONAL_PAIR, Kind.OPTIONAL_INT)

    def stepBy(self, steps: int) -> None:
        lo, hi, optional = self._bounds()
        numbers = self._numbers()
        value: Value
        if numbers is None:  # a word (none / same / valid): stepping up leaves it
            if steps < 0:
                return
            first = min(hi, lo + steps - 1)
            numbers = (first, first)
        else:
            h, w = numbers
            if optional and steps < 0 and min(h, w) + steps < lo:
                self.setText(self._format(None))
                return
            numbers = (min(hi, max(lo, h + steps)), min(hi, max(lo, w + steps)))
        value = numbers[0] if self.row.kind in (Kind.INT, Kind.OPTIONAL_INT) else numbers
        self.setText(self._format(value))
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        lo, hi, optional = self._bounds()
        numbers = self._numbers()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if numbers is None:
            return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if max(numbers) < hi:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if min(numbers) > lo or optional:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags


# Kept for callers of the first version's name.
PairSpinBox = SettingSpinBox


class SettingControl(QWidget):
    """The control for one setting; the objectName of its editor is the setting's key.

    Emits ``edited(key, value)`` for values a control can only hold validly
    (check boxes, combo boxes, the size slider) and ``text_edited(key, text)``
    for typed text, which the controller parses like the command line does.
    """

    edited = Signal(str, object)
    text_edited = Signal(str, str)

    def __init__(self, row: Setting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.editor = self._make_editor(row)
        self.editor.setObjectName(row.key)
        self.editor.setToolTip(tooltip(row))
        layout.addWidget(self.editor, 1)
        self.slider: QSlider | None = None
        if row.kind is Kind.SIZE:
            # A slider for the input size: dragging it is the quickest way to see
            # every shape follow.
            self.slider = QSlider(Qt.Orientation.Horizontal)
            self.slider.setObjectName(f"slider:{row.key}")
            self.slider.setRange(*SLIDER_RANGE)
            self.slider.setSingleStep(8)
            self.slider.setPageStep(64)
            self.slider.setToolTip(tr("Drag to change the input size (square)"))
            self.slider.valueChanged.connect(self._on_slider)
            layout.addWidget(self.slider, 1)
            self.sync_slider(row.default)

    # Construction ------------------------------------------------------------------
    def _make_editor(self, row: Setting) -> QWidget:
        kind = row.kind
        if kind is Kind.BOOL:
            box = QCheckBox()
            box.setChecked(bool(row.default))
            box.toggled.connect(lambda v: self.edited.emit(row.key, bool(v)))
            return box
        if kind is Kind.CHOICE:
            combo = QComboBox()
            for choice in row.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(row.choices.index(str(row.default)))
            combo.currentTextChanged.connect(lambda text: self.edited.emit(row.key, text))
            return combo
        spin = SettingSpinBox(row)
        spin.textEdited.connect(self._on_text)
        return spin

    def _on_text(self, text: str) -> None:
        self.text_edited.emit(self.row.key, text)

    def _on_slider(self, side: int) -> None:
        value = (side, side)
        editor = self.editor
        assert isinstance(editor, SettingSpinBox)
        editor.setValue(value)
        self.edited.emit(self.row.key, value)

    def sync_slider(self, value: Any) -> None:
        """Put the size slider (if this control has one) at ``value`` without emitting anything."""
        if self.slider is None or not isinstance(value, tuple) or self.slider.value() == max(value):
            return
        with QSignalBlocker(self.slider):
            self.slider.setValue(max(value))

    # Value API -----------------------------------------------------------------------
    def value(self) -> Value:
        e = self.editor
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, QComboBox):
            return str(e.currentData())
        assert isinstance(e, SettingSpinBox)
        return e.value()

    def set_value(self, value: Value) -> None:
        """Show ``value`` without emitting anything."""
        e = self.editor
        with QSignalBlocker(e):
            if isinstance(e, QCheckBox):
                e.setChecked(bool(value))
            elif isinstance(e, QComboBox):
                index = e.findData(value)
                if index >= 0:
                    e.setCurrentIndex(index)
            else:
                assert isinstance(e, SettingSpinBox)
                e.setValue(value)
        self.sync_slider(value)

    def set_problem(self, message: str | None) -> None:
        """Mark the editor as invalid (red frame) or clear the mark."""
        if bool(self.editor.property("invalid")) == bool(message):
            return
        self.editor.setProperty("invalid", bool(message))
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)
