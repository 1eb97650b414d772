"""The kernel editor dock: one conv output channel's kernel and bias, as numbers.

Pick a conv layer and an output channel; the table shows its kernel, one block
of rows per input channel of its group (for conv1 the rows are named R, G, B),
as torch stores it (``weight[channel]``, cross-correlation: not flipped). Type a
number, set the bias, or lay a classic filter (:mod:`cnnviz.core.kernels`) on one
input channel or on the grey value of all. Every change becomes a
:class:`~cnnviz.core.edits.KernelEdits` handed to :meth:`Controller.set_edits`,
which computes the maps again. Edited channels are listed (and the layer list
counts them); reset a channel, a layer or all of them to the loaded or seeded
weights.

The numbers shown are the ones the last forward pass used (edits included), or
the edit itself while the maps are being computed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.controller import Controller, PlanUpdate
from cnnviz.app.qt_utils import signals_blocked
from cnnviz.core.edits import KernelEdits
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr, tr_noop
from cnnviz.core.kernels import FILTERS, find_filter, spread_kernel
from cnnviz.core.spec import ConvSpec, NetworkSpec

COLOUR_NAMES = (tr_noop("R"), tr_noop("G"), tr_noop("B"))  # translated where shown
EXACT_ROLE = 256  # Qt.ItemDataRole.UserRole: the value behind a cell's rounded text
SHADES = (QColor(255, 255, 255), QColor(236, 241, 248))  # alternate input channels' rows


def conv_layers(spec: NetworkSpec) -> list[tuple[str, ConvSpec, int]]:
    """``(name, conv, input channels per group)`` for every conv layer of ``spec``."""
    out = []
    in_channels = spec.input.channels
    for block in spec.blocks:
        out.append((block.conv_name, block.conv, in_channels // block.conv.groups))
        in_channels = block.conv.out_channels
    return out


def format_number(value: float) -> str:
    return f"{value:.6g}"


class KernelEditorDock(QDockWidget):
    """The dock ``dock:kernels``; every widget has an objectName starting with ``kernel-``."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(tr("Kernel Editor"), parent)
        self.setObjectName("dock:kernels")
        self.controller = controller
        self.layers: list[tuple[str, ConvSpec, int]] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)

        form = QFormLayout()
        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("kernel-layer")
        self.layer_combo.setToolTip(tr("The conv layer whose kernels you edit"))
        self.channel_spin = QSpinBox()
        self.channel_spin.setObjectName("kernel-channel")
        self.channel_spin.setToolTip(tr("The output channel: one map of the layer, one kernel"))
        form.addRow(tr("Layer"), self.layer_combo)
        form.addRow(tr("Output channel"), self.channel_spin)
        layout.addLayout(form)

        self.heading = QLabel()
        self.heading.setObjectName("kernel-heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        self.table = QTableWidget()
        self.table.setObjectName("kernel-table")
        self.table.setToolTip(
            tr(
                "weight[channel] as torch stores it. torch's conv2d is a cross-correlation: the kernel "
                "is not flipped, so its response to an impulse is the kernel turned by 180°."
            )
        )
        self.table.horizontalHeader().setDefaultSectionSize(64)
        self.table.verticalHeader().setDefaultSectionSize(24)
        layout.addWidget(self.table)

        bias_row = QHBoxLayout()
        bias_row.addWidget(QLabel(tr("Bias")))
        self.bias_edit = QLineEdit()
        self.bias_edit.setObjectName("kernel-bias")
        bias_row.addWidget(self.bias_edit, 1)
        layout.addLayout(bias_row)

        filter_row = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("kernel-filter")
        for name, f in FILTERS.items():
            self.filter_combo.addItem(name, name)
            self.filter_combo.setItemData(self.filter_combo.count() - 1, tr(f.help), 3)  # ToolTipRole
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("kernel-target")
        self.target_combo.setToolTip(tr("Which input channel the filter reads (grey: all, averaged)"))
        self.apply_button = QPushButton(tr("Apply Filter"))
        self.apply_button.setObjectName("kernel-apply-filter")
        filter_row.addWidget(self.filter_combo, 1)
        filter_row.addWidget(QLabel(tr("on")))
        filter_row.addWidget(self.target_combo, 1)
        filter_row.addWidget(self.apply_button)
        layout.addLayout(filter_row)

        reset_row = QHBoxLayout()
        self.reset_channel_button = QPushButton(tr("Reset Channel"))
        self.reset_channel_button.setObjectName("kernel-reset-channel")
        self.reset_layer_button = QPushButton(tr("Reset Layer"))
        self.reset_layer_button.setObjectName("kernel-reset-layer")
        self.reset_all_button = QPushButton(tr("Reset All"))
        self.reset_all_button.setObjectName("kernel-reset-all")
        for button in (self.reset_channel_button, self.reset_layer_button, self.reset_all_button):
            button.setToolTip(tr("Back to the loaded or seeded weights"))
            reset_row.addWidget(button)
        layout.addLayout(reset_row)

        self.edited_label = QLabel()
        self.edited_label.setObjectName("kernel-edited")
        self.edited_label.setWordWrap(True)
        layout.addWidget(self.edited_label)
        layout.addStretch(1)
        self.setWidget(body)

        self.layer_combo.currentIndexChanged.connect(lambda _: self._layer_changed())
        self.channel_spin.valueChanged.connect(lambda _: self.show_channel())
        self.table.itemChanged.connect(self._cell_edited)
        self.bias_edit.editingFinished.connect(self._bias_edited)
        self.apply_button.clicked.connect(self.apply_filter)
        self.reset_channel_button.clicked.connect(self.reset_channel)
        self.reset_layer_button.clicked.connect(self.reset_layer)
        self.reset_all_button.clicked.connect(lambda: self.controller.set_edits(KernelEdits()))
        self._behind = False  # settings or results changed while the dock was closed
        controller.plan_changed.connect(self._on_plan)
        controller.edits_changed.connect(lambda _: self._refresh())
        controller.result_ready.connect(lambda _: self._on_result())
        self._on_plan(None)

    # What is selected ------------------------------------------------------------------
    def select(self, layer: str, channel: int) -> bool:
        """Show ``layer``'s output ``channel`` (for scripts and tests); False if it does not exist."""
        self._catch_up()
        index = self.layer_combo.findData(layer)
        if index < 0:
            return False
        self.layer_combo.setCurrentIndex(index)
        if not 0 <= channel <= self.channel_spin.maximum():
            return False
        self.channel_spin.setValue(channel)
        self.show_channel()
        return True

    def _current(self) -> tuple[str, ConvSpec, int]:
        index = max(0, self.layer_combo.currentIndex())
        return self.layers[min(index, len(self.layers) - 1)]

    @property
    def layer(self) -> str:
        return self._current()[0]

    @property
    def channel(self) -> int:
        return self.channel_spin.value()

    def _defer(self) -> bool:
        """Closed (and built once): nothing to show. Rebuilding its layers and channel at every
        change cost the GUI thread ~2 ms per settings change; it catches up when opened (or asked)."""
        if self.isHidden() and self.layers:
            self._behind = True
            return True
        return False

    def _on_plan(self, update: PlanUpdate | None) -> None:
        if self._defer():
            return
        self._behind = False
        plan = self.controller.plan
        if not plan.ok:
            return  # keep the last valid layers; the sidebar says what is wrong
        layers = conv_layers(plan.spec)
        if layers == self.layers:
            return
        current = self.layer_combo.currentData()
        self.layers = layers
        with signals_blocked(self.layer_combo):
            self.layer_combo.clear()
            for name, _, _ in layers:
                self.layer_combo.addItem(name, name)
            index = self.layer_combo.findData(current)
            self.layer_combo.setCurrentIndex(max(0, index))
        self._layer_changed()

    def _layer_changed(self) -> None:
        if not self.layers:
            return
        name, conv, in_per_group = self._current()
        with signals_blocked(self.channel_spin):
            self.channel_spin.setMaximum(conv.out_channels - 1)
        with signals_blocked(self.target_combo):
            current = self.target_combo.currentData()
            self.target_combo.clear()
            self.target_combo.addItem(tr("grey (all input channels)"), None)
            for c in range(in_per_group):
                label = (
                    tr(COLOUR_NAMES[c])
                    if name == self.layers[0][0] and in_per_group == 3
                    else tr("input channel {n}").format(n=c)
                )
                self.target_combo.addItem(label, c)
            self.target_combo.setCurrentIndex(max(0, self.target_combo.findData(current)))
        self.bias_edit.setEnabled(conv.bias)
        self._refresh()

    # Showing ---------------------------------------------------------------------------------
    def _refresh(self) -> None:
        if not self.layers:
            return
        edits = self.controller.edits
        counts = {name: len(edits.channels(name)) for name, _, _ in self.layers}
        for i, (name, _, _) in enumerate(self.layers):
            n = counts[name]
            self.layer_combo.setItemText(i, tr("{layer} ({n} edited)").format(layer=name, n=n) if n else name)
        channels = edits.channels(self.layer)
        if channels:
            text = tr("Edited in {layer}: channel {channels}. Total edits: {n}.").format(
                layer=self.layer, channels=", ".join(map(str, channels)), n=len(edits)
            )
        elif edits:
            text = tr("No edits in {layer}. Total edits: {n}.").format(layer=self.layer, n=len(edits))
        else:
            text = tr("No kernel edits: every kernel is the loaded or seeded one.")
        self.edited_label.setText(text)
        self.reset_layer_button.setEnabled(bool(channels))
        self.reset_all_button.setEnabled(bool(edits))
        self.show_channel()

    def current_values(self) -> tuple[np.ndarray, float | None] | None:
        """The kernel ``(in_per_group, kh, kw)`` and bias of the selected channel, or None (not run yet)."""
        name, conv, in_per_group = self._current()
        shape = (in_per_group, *conv.kernel_size)
        edit = self.controller.edits.get((name, self.channel))
        if edit is not None and edit.kernel.shape == shape:
            bias = edit.bias
            if bias is None:
                bias = self._bias_from_result(name)
            return np.array(edit.kernel), bias
        response = self.controller.last_response
        if response is None:
            return None
        weight = response.result.weights.get(f"{name}.weight")
        if weight is None or tuple(weight.shape[1:]) != shape or self.channel >= weight.shape[0]:
            return None
        return np.array(weight[self.channel]), self._bias_from_result(name)

    def _bias_from_result(self, name: str) -> float | None:
        response = self.controller.last_response
        if response is None:
            return None
        bias = response.result.weights.get(f"{name}.bias")
        if bias is None or self.channel >= bias.shape[0]:
            return None
        return float(bias[self.channel])

    def _catch_up(self) -> None:
        if self._behind:
            self._on_plan(None)
            self.show_channel()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible:
            self._catch_up()  # opened (also inside a window not shown yet: no showEvent then)

    def _on_result(self) -> None:
        if self._defer():
            return
        if self.table.state() == QAbstractItemView.State.EditingState:
            return  # a person is typing into a cell: the numbers shown are already the edit
        self.show_channel()

    def show_channel(self) -> None:
        if not self.layers:
            return
        name, conv, in_per_group = self._current()
        edited = (name, self.channel) in self.controller.edits
        self.heading.setText(
            tr("{layer} · output channel {channel}: {n} input channel(s) × {h}×{w}{edited}").format(
                layer=name,
                channel=self.channel,
                n=in_per_group,
                h=conv.kernel_size[0],
                w=conv.kernel_size[1],
                edited=tr(" · EDITED") if edited else "",
            )
        )
        self.heading.setProperty("edited", edited)
        self.reset_channel_button.setEnabled(edited)
        values = self.current_values()
        kh, kw = conv.kernel_size
        colours = name == self.layers[0][0] and in_per_group == 3
        with signals_blocked(self.table):
            self.table.setRowCount(in_per_group * kh)
            self.table.setColumnCount(kw)
            self.table.setHorizontalHeaderLabels([str(j) for j in range(kw)])
            labels = []
            for c in range(in_per_group):
                for i in range(kh):
                    channel = tr(COLOUR_NAMES[c]) if colours else tr("in {n}").format(n=c)
                    labels.append(f"{channel} · {i}")
            self.table.setVerticalHeaderLabels(labels)
            for c in range(in_per_group):
                for i in range(kh):
                    for j in range(kw):
                        value = float(values[0][c, i, j]) if values is not None else None
                        item = QTableWidgetItem(format_number(value) if value is not None else "")
                        item.setData(EXACT_ROLE, value)  # untouched cells keep every digit
                        item.setBackground(QBrush(SHADES[c % 2]))
                        self.table.setItem(c * kh + i, j, item)
            self.table.setEnabled(values is not None)
        self.table.resizeColumnsToContents()
        for j in range(self.table.columnCount()):
            self.table.setColumnWidth(j, max(56, self.table.columnWidth(j)))
        # As tall as its rows (up to a limit), so the buttons stay next to the numbers.
        rows = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        self.table.setFixedHeight(min(420, rows + 2 * self.table.frameWidth() + 2))
        if not self.bias_edit.hasFocus():
            bias = values[1] if values is not None else None
            self.bias_edit.setText(format_number(bias) if bias is not None else "")

    # Editing ---------------------------------------------------------------------------------
    def _read_table(self) -> np.ndarray | None:
        _, conv, in_per_group = self._current()
        kh, kw = conv.kernel_size
        kernel = np.zeros((in_per_group, kh, kw), np.float32)
        for c in range(in_per_group):
            for i in range(kh):
                for j in range(kw):
                    item = self.table.item(c * kh + i, j)
                    value = _cell_value(item)
                    if value is None:
                        return None
                    kernel[c, i, j] = value
        return kernel

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if _number(item.text()) is None:
            self.controller.message.emit(
                "error",
                tr("'{text}' is not a number: a kernel value is a finite number such as -1 or 0.25").format(
                    text=item.text()[:40]
                ),
                "edits",
            )
            self.show_channel()  # back to the values in use
            return
        self.controller.message_cleared.emit("edits")
        kernel = self._read_table()
        if kernel is not None:
            self.set_kernel(kernel, self._bias_value())

    def _bias_value(self) -> float | None:
        if not self._current()[1].bias:
            return None
        return _number(self.bias_edit.text())

    def _bias_edited(self) -> None:
        if not self._current()[1].bias:
            return
        value = _number(self.bias_edit.text())
        if value is None:
            self.controller.message.emit(
                "error",
                tr("'{text}' is not a number: the bias is a finite number such as 0 or -0.5").format(
                    text=self.bias_edit.text()[:40]
                ),
                "edits",
            )
            self.show_channel()
            return
        values = self.current_values()
        if values is None:
            return
        if values[1] is not None and np.float32(value) == np.float32(values[1]):
            return  # nothing changed (focus left the field)
        self.controller.message_cleared.emit("edits")
        self.set_kernel(values[0], value)

    def set_kernel(self, kernel: Any, bias: float | None) -> None:
        """Edit the selected channel: ``kernel`` ``(in_per_group, kh, kw)`` and ``bias``."""
        try:
            edits = self.controller.edits.set(self.layer, self.channel, kernel, bias)
        except CnnvizError as exc:
            self.controller.message.emit("error", str(exc), "edits")
            return
        self.controller.set_edits(edits)

    def apply_filter(self) -> None:
        """Lay the chosen classic filter over the chosen input channel(s), bias 0."""
        _, conv, in_per_group = self._current()
        try:
            kernel2d = find_filter(self.filter_combo.currentData()).kernel(conv.kernel_size)
            kernel = spread_kernel(kernel2d, in_per_group, self.target_combo.currentData())
        except CnnvizError as exc:
            self.controller.message.emit("error", str(exc), "edits")
            return
        self.controller.message_cleared.emit("edits")
        self.set_kernel(kernel, 0.0 if conv.bias else None)

    def reset_channel(self) -> None:
        self.controller.set_edits(self.controller.edits.reset_channel(self.layer, self.channel))

    def reset_layer(self) -> None:
        self.controller.set_edits(self.controller.edits.reset_layer(self.layer))


def _cell_value(item: QTableWidgetItem | None) -> float | None:
    """The number in a cell: the exact value shown there unless the text was changed."""
    if item is None:
        return None
    exact = item.data(EXACT_ROLE)
    if isinstance(exact, float) and item.text() == format_number(exact):
        return exact
    return _number(item.text())


def _number(text: str) -> float | None:
    """A finite float from ``text`` (a comma as the decimal mark too), else None."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None
