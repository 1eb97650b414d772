"""The lab's dialogs: a test pattern as the input, and the network as PyTorch code.

:class:`PatternDialog` builds ``NAME:key=value,...`` from a pattern choice and
one field per argument (:mod:`cnnviz.core.patterns`), shows the text (which can
be typed too) and feeds it through :meth:`Controller.load_pattern`, so the
pattern becomes the image like a photo would.

:class:`CodeDialog` shows :func:`cnnviz.core.codegen.network_code` for the
current settings and copies it; it follows the settings while it is open.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.controller import Controller, PlanUpdate
from cnnviz.app.qt_utils import code_view, signals_blocked
from cnnviz.core.codegen import network_code
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.patterns import PATTERNS, canonical_name, parse_pattern


def default_arguments(name: str) -> dict[str, str]:
    """``{argument: default text}`` of pattern ``name`` (``size: "256"``, ``y: "auto"``)."""
    _, _, args = canonical_name(name).partition(":")
    return dict(part.split("=", 1) for part in args.split(",") if part)


class PatternDialog(QDialog):
    """Input ▸ Test Pattern…: choose a pattern and its arguments; OK feeds it to the network."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog:pattern")
        self.setWindowTitle(tr("Test Pattern"))
        self.controller = controller
        layout = QVBoxLayout(self)
        self.name_combo = QComboBox()
        self.name_combo.setObjectName("pattern-name")
        for name, pattern in PATTERNS.items():
            self.name_combo.addItem(name, name)
            self.name_combo.setItemData(self.name_combo.count() - 1, tr(pattern.help), 3)  # ToolTipRole
        layout.addWidget(self.name_combo)
        self.help = QLabel()
        self.help.setObjectName("pattern-help")
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form_host)
        self.fields: dict[str, QLineEdit] = {}
        layout.addWidget(QLabel(tr("As text (also for cnnviz render --pattern):")))
        self.text = QLineEdit()
        self.text.setObjectName("pattern-text")
        layout.addWidget(self.text)
        self.error = QLabel()
        self.error.setObjectName("pattern-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Use as Input"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("pattern-ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_combo.currentIndexChanged.connect(lambda _: self._build_fields())
        self.setMinimumWidth(460)
        current = controller.image
        if current is not None and current.mode == "pattern":
            self.set_text(current.name)
        else:
            self._build_fields()

    def _build_fields(self, values: dict[str, str] | None = None) -> None:
        name = self.name_combo.currentData()
        pattern = PATTERNS[name]
        self.help.setText(tr(pattern.help))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        defaults = default_arguments(name)
        for parameter in pattern.parameters:
            field = QLineEdit(values.get(parameter.name, "") if values else "")
            field.setObjectName(f"pattern-arg:{parameter.name}")
            field.setPlaceholderText(defaults[parameter.name])
            hint = tr(parameter.help)
            if parameter.choices:
                hint += " (" + ", ".join(parameter.choices) + ")"
            field.setToolTip(hint)
            field.textChanged.connect(lambda _: self._update_text())
            self.form.addRow(parameter.name, field)
            self.fields[parameter.name] = field
        self._update_text()

    def _update_text(self) -> None:
        args = [f"{k}={f.text().strip()}" for k, f in self.fields.items() if f.text().strip()]
        name = self.name_combo.currentData()
        self.text.setText(f"{name}:{','.join(args)}" if args else name)
        self.error.clear()

    def set_text(self, text: str) -> bool:
        """Show ``text`` in the choice and the fields (False, and the reason shown, if it is wrong)."""
        try:
            pattern, _ = parse_pattern(text)
            canonical = canonical_name(text)
        except CnnvizError as exc:
            self.text.setText(text)
            self.error.setText(str(exc))
            return False
        with signals_blocked(self.name_combo):
            self.name_combo.setCurrentIndex(self.name_combo.findData(pattern.name))
        defaults = default_arguments(pattern.name)
        given = default_arguments(canonical)
        self._build_fields({k: v for k, v in given.items() if v != defaults.get(k)})
        return True

    def apply(self) -> bool:
        """Feed the text's pattern to the network; a wrong text keeps the dialog open and says why."""
        text = self.text.text().strip()
        try:
            canonical_name(text)
        except CnnvizError as exc:
            self.error.setText(str(exc))
            self.controller.message.emit("error", str(exc), "image")
            return False
        if not self.controller.load_pattern(text):
            return False
        self.accept()
        return True


class CodeDialog(QDialog):
    """Edit ▸ Show PyTorch Code…: the network of the current settings as runnable code."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialog:code")
        self.setWindowTitle(tr("PyTorch Code"))
        self.controller = controller
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setObjectName("code-note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.text = code_view("code-text")
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(tr("Copy"))
        self.copy_button.setObjectName("code-copy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Close"))
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(buttons)
        self.resize(760, 620)
        controller.plan_changed.connect(self._on_plan)
        self._on_plan(None)

    def _on_plan(self, update: PlanUpdate | None) -> None:
        code = current_code(self.controller)
        if code is None:
            self.note.setText(
                tr(
                    "The settings have a problem (see the sidebar): this is the code of the last valid network."
                )
            )
        else:
            self.note.setText(
                tr(
                    "The network of the current settings, with the shape of every layer. Run it as a "
                    "script, or load cnnviz's weights with load_state_dict."
                )
                + (
                    " " + tr("Your kernel edits are weights, not code: save the weights to keep them.")
                    if self.controller.edits
                    else ""
                )
            )
            self.text.setPlainText(code)
        self.copy_button.setEnabled(bool(self.text.toPlainText()))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.controller.message.emit("info", tr("Copied the PyTorch code to the clipboard."), "code")


def current_code(controller: Controller) -> str | None:
    """The code of the current settings' network, or None when the settings have a problem."""
    if not controller.valid:
        return None
    try:
        return network_code(controller.plan)
    except CnnvizError:
        return None
