"""One control per kind of setting, built from a row of the settings table.

Every control has the setting's key as its objectName (``conv1.stride``) and
emits ``edited(key, value)`` when the user changes it. Values may be out of
range or make torch unhappy: the controller checks them and shows the reason on
the control, so the controls themselves stay dumb.

Pairs (kernel 3 or 3×5, padding 1 or 'same') use :class:`PairSpinBox`: a spin
box whose arrows and mouse wheel step both numbers, and whose text takes the
same syntax as ``--set`` (``3``, ``3,5``, ``same``, ``none``).
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
    QSpinBox,
    QWidget,
)

from cnnviz.core.errors import SettingError
from cnnviz.core.i18n import tr
from cnnviz.core.settings import Kind, Setting, Value, format_value


class PairSpinBox(QAbstractSpinBox):
    """A spin box for ``(h, w)`` pairs, with optional special words.

    Text ``3`` means (3, 3) and ``3,5`` (3, 5). Words such as ``same``/``valid``
    (padding) or ``none`` (pool stride, divisor) are accepted where the setting
    allows them; stepping below the minimum reaches ``none`` for optional values.
    """

    valueEdited = Signal(object)  # the parsed value (not range-checked)

    def __init__(self, row: Setting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self._value: Value = row.default
        self.setKeyboardTracking(True)
        self.setAccelerated(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        # textChanged (not textEdited): typing, pasting and setText all count.
        self.lineEdit().textChanged.connect(self._on_text_edited)
        self.editingFinished.connect(self._on_editing_finished)
        self.lineEdit().setText(self._format(self._value))

    # Text <-> value -----------------------------------------------------------
    def _words(self) -> tuple[str, ...]:
        if self.row.kind is Kind.PADDING:
            return ("same", "valid")
        if self.row.kind in (Kind.OPTIONAL_PAIR, Kind.OPTIONAL_INT):
            return ("none",)
        return ()

    def _format(self, value: Value) -> str:
        return format_value(self.row.kind, value)

    def _parse(self, text: str) -> Value:
        """Parse without range checks; raises SettingError for malformed text."""
        from cnnviz.core.settings import _parse_text

        value = _parse_text(self.row, text)
        if self.row.kind is Kind.OPTIONAL_INT and isinstance(value, tuple):
            value = value[0]
        return value  # type: ignore[no-any-return]

    def validate(self, text: str, pos: int) -> object:
        stripped = text.strip().lower()
        if not stripped:
            return QValidator.State.Intermediate
        if any(word.startswith(stripped) for word in self._words()):
            return QValidator.State.Acceptable if stripped in self._words() else QValidator.State.Intermediate
        allowed = set("0123456789, x×")
        if not set(stripped) <= allowed:
            return QValidator.State.Invalid
        try:
            self._parse(stripped)
        except SettingError:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable

    def fixup(self, text: str) -> str:
        return self._format(self._value)

    # Value API -------------------------------------------------------------------
    def value(self) -> Value:
        return self._value

    def setValue(self, value: Value) -> None:
        """Show ``value`` (programmatic; emits ``valueEdited`` unless signals are blocked)."""
        changed = value != self._value
        self._value = value
        text = self._format(value)
        if self.lineEdit().text() != text:
            self.lineEdit().setText(text)
        if changed:
            self.valueEdited.emit(value)

    def _on_text_edited(self, text: str) -> None:
        try:
            value = self._parse(text)
        except SettingError:
            return  # half-typed ("3,"): wait for more
        if value != self._value:
            self._value = value
            self.valueEdited.emit(value)

    def _on_editing_finished(self) -> None:
        text = self._format(self._value)
        if self.lineEdit().text() != text:
            with QSignalBlocker(self.lineEdit()):
                self.lineEdit().setText(text)

    # Stepping ----------------------------------------------------------------------
    def _numbers(self) -> tuple[int, int] | None:
        v = self._value
        if isinstance(v, tuple):
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            return (v, v)
        return None

    def _bounds(self) -> tuple[int, int, bool]:
        """(lowest, highest, whether stepping below the lowest reaches 'none')."""
        lo = self.row.minimum if self.row.minimum is not None else 0
        hi = self.row.maximum if self.row.maximum is not None else 10**6
        return lo, hi, self.row.kind in (Kind.OPTIONAL_PAIR, Kind.OPTIONAL_INT)

    def stepBy(self, steps: int) -> None:
        lo, hi, optional = self._bounds()
        numbers = self._numbers()
        if numbers is None:  # a word (none / same / valid): stepping up leaves it
            if steps < 0:
                return
            first = min(hi, lo + steps - 1)
            numbers = (first, first)
        else:
            h, w = numbers
            if optional and steps < 0 and min(h, w) + steps < lo:
                self.setValue(None)
                return
            numbers = (min(hi, max(lo, h + steps)), min(hi, max(lo, w + steps)))
        value: Value = numbers
        if self.row.kind is Kind.OPTIONAL_INT:
            value = numbers[0]
        self.setValue(value)
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


class SettingControl(QWidget):
    """A labelled control for one setting: the objectName is the setting's key.

    Wraps the real input widget (``editor``) so every kind offers the same API:
    ``value()``, ``set_value(v)`` (no signal) and the ``edited(key, value)`` signal.
    """

    edited = Signal(str, object)

    def __init__(self, row: Setting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.editor = self._make_editor(row)
        self.editor.setObjectName(row.key)
        self.editor.setToolTip(f"<b>{row.key}</b><br>{tr(row.help)}")
        layout.addWidget(self.editor, 1)
        self.slider: QSlider | None = None
        if row.kind is Kind.SIZE:
            # A slider for the input size: dragging it is the quickest way to see
            # every shape follow.
            self.slider = QSlider(Qt.Orientation.Horizontal)
            self.slider.setObjectName(f"slider:{row.key}")
            self.slider.setRange(16, 1024)
            self.slider.setSingleStep(8)
            self.slider.setPageStep(64)
            self.slider.setToolTip(tr("Drag to change the input size (square)"))
            self.slider.valueChanged.connect(self._on_slider)
            layout.addWidget(self.slider, 1)
            self._sync_slider(row.default)

    # Construction ------------------------------------------------------------------
    def _make_editor(self, row: Setting) -> QWidget:
        kind = row.kind
        if kind is Kind.INT:
            spin = QSpinBox()
            spin.setRange(row.minimum or 0, row.maximum or 10**6)
            spin.setAccelerated(True)
            spin.setKeyboardTracking(True)
            spin.setValue(int(row.default))  # type: ignore[arg-type]
            spin.valueChanged.connect(lambda v: self.edited.emit(row.key, int(v)))
            return spin
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
        spin_pair = PairSpinBox(row)
        spin_pair.valueEdited.connect(self._on_pair_edited)
        return spin_pair

    def _on_pair_edited(self, value: Any) -> None:
        if self.slider is not None:
            self._sync_slider(value)
        self.edited.emit(self.row.key, value)

    def _on_slider(self, side: int) -> None:
        value = (side, side)
        editor = self.editor
        assert isinstance(editor, PairSpinBox)
        with QSignalBlocker(editor):
            editor.setValue(value)
        self.edited.emit(self.row.key, value)

    def _sync_slider(self, value: Any) -> None:
        if self.slider is None or not isinstance(value, tuple):
            return
        with QSignalBlocker(self.slider):
            self.slider.setValue(max(value))

    # Value API -----------------------------------------------------------------------
    def value(self) -> Value:
        e = self.editor
        if isinstance(e, QSpinBox):
            return int(e.value())
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, QComboBox):
            return str(e.currentData())
        assert isinstance(e, PairSpinBox)
        return e.value()

    def set_value(self, value: Value) -> None:
        """Show ``value`` without emitting ``edited``."""
        e = self.editor
        with QSignalBlocker(e):
            if isinstance(e, QSpinBox):
                e.setValue(int(value))  # type: ignore[arg-type]
            elif isinstance(e, QCheckBox):
                e.setChecked(bool(value))
            elif isinstance(e, QComboBox):
                index = e.findData(value)
                if index >= 0:
                    e.setCurrentIndex(index)
            else:
                assert isinstance(e, PairSpinBox)
                e.setValue(value)
        self._sync_slider(value)

    def set_problem(self, message: str | None) -> None:
        """Mark the editor as invalid (red frame) or clear the mark."""
        self.editor.setProperty("invalid", bool(message))
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)
