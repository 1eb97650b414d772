"""The lab in the window (issue 12): test patterns, the kernel editor, PyTorch code.

Driven through the widgets a person uses; the oracles are hand values (an
identity kernel copies its input channel), torch's own conv2d, and the copied
code executed on its own.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
)
from test_app import edit  # the one way tests change a setting through its widget

from cnnviz.core.kernels import find_filter
from cnnviz.core.patterns import pattern_array

TIMEOUT = 20_000


def wait_render(qtbot, window) -> None:
    """Wait until the newest request is what the panels show."""
    c = window.controller
    qtbot.waitUntil(
        lambda: c.last_response is not None and c.last_response.request.id == c.latest_request_id,
        timeout=TIMEOUT,
    )


def shape_of(window, stage: str) -> str:
    label = window.findChild(QLabel, f"shape:{stage}")
    assert label is not None, stage
    return label.text()


def kernel_widgets(window):
    """The kernel editor, opened as a person would (View › Kernel Editor) before using it."""
    dock = window.findChild(QDockWidget, "dock:kernels")
    assert dock is not None
    dock.show()
    return dock


def set_cell(table: QTableWidget, row: int, col: int, text: str) -> None:
    """Type into a cell as a person would (the item's text changes, itemChanged fires)."""
    table.item(row, col).setText(text)


def choose(dock, name: str, data) -> None:
    combo = dock.findChild(QComboBox, name)
    index = combo.findData(data)
    assert index >= 0, (name, data)
    combo.setCurrentIndex(index)


def test_identity_on_red_gives_the_red_channel(qtbot, make_window) -> None:
    window = make_window()
    window.findChild(type(window.kernel_dock.toggleViewAction()), "action:kernel-editor").trigger()
    dock = kernel_widgets(window)
    assert dock.isVisible() or not window.isVisible()
    choose(dock, "kernel-layer", "conv1")
    dock.findChild(QSpinBox, "kernel-channel").setValue(0)
    table = dock.findChild(QTableWidget, "kernel-table")
    assert (table.rowCount(), table.columnCount()) == (9, 3)  # R, G, B × 3 rows, 3 columns
    # Typed number by number: 1 in the middle of R, 0 everywhere else, bias 0.
    for row in range(9):
        for col in range(3):
            set_cell(table, row, col, "1" if (row, col) == (1, 1) else "0")
    bias = dock.findChild(QLineEdit, "kernel-bias")
    bias.setText("0")
    bias.editingFinished.emit()
    wait_render(qtbot, window)
    result = window.controller.last_response.result
    # conv1: 3×3, stride 2, padding 1: out[y, x] = R[2y, 2x] (hand-derived).
    np.testing.assert_array_equal(result.stages["conv1"][0], result.input[0, ::2, ::2])
    assert window.controller.edits.channels("conv1") == [0]
    assert "channel 0" in dock.findChild(QLabel, "kernel-edited").text()
    assert "EDITED" in dock.findChild(QLabel, "kernel-heading").text()
    assert not window.panel("conv1").property("stale")
    # Other channels keep their seeded kernels.
    w = torch.from_numpy(np.array(result.weights["conv1.weight"]))
    b = torch.from_numpy(np.array(result.weights["conv1.bias"]))
    expected = F.conv2d(torch.from_numpy(np.array(result.input))[None], w, b, stride=2, padding=1)[0]
    np.testing.assert_allclose(result.stages["conv1"], expected.numpy(), rtol=1e-5, atol=1e-5)

    # Reset the channel: the seeded kernel comes back.
    dock.findChild(QPushButton, "kernel-reset-channel").click()
    wait_render(qtbot, window)
    assert not window.controller.edits
    assert not np.array_equal(
        window.controller.last_response.result.stages["conv1"][0], result.input[0, ::2, ::2]
    )
    assert "No kernel edits" in dock.findChild(QLabel, "kernel-edited").text()


def test_classic_filter_on_a_pattern_matches_torch_conv2d(qtbot, make_window) -> None:
    window = make_window()
    dialog = window.pattern_dialog()
    choose(dialog, "pattern-name", "edge_v")
    dialog.findChild(QLineEdit, "pattern-arg:size").setText("64")
    assert dialog.findChild(QLineEdit, "pattern-text").text() == "edge_v:size=64"
    dialog.findChild(QPushButton, "pattern-ok").click()
    edit(window, "input.size", 64)
    wait_render(qtbot, window)
    assert window.controller.image.name == "edge_v:size=64"
    dock = kernel_widgets(window)
    choose(dock, "kernel-layer", "conv1")
    dock.findChild(QSpinBox, "kernel-channel").setValue(3)
    choose(dock, "kernel-filter", "sobel_x")
    choose(dock, "kernel-target", None)  # grey: every input channel gets sobel_x / 3
    dock.findChild(QPushButton, "kernel-apply-filter").click()
    wait_render(qtbot, window)
    result = window.controller.last_response.result
    grey = torch.from_numpy(pattern_array("edge_v:size=64"))[None, None]
    sobel = torch.from_numpy(find_filter("sobel_x").kernel((3, 3)))[None, None]
    expected = F.conv2d(grey, sobel, stride=2, padding=1)[0, 0].numpy()
    np.testing.assert_allclose(result.stages["conv1"][3], expected, atol=1e-5)
    assert expected.max() == 4.0  # brighter to the right: Sobel x is positive on the edge
    # The table shows the kernel in use.
    table = dock.findChild(QTableWidget, "kernel-table")
    assert float(table.item(0, 2).text()) == pytest.approx(1 / 3, rel=1e-5)

    # Edits survive a setting that keeps the kernel's shape, and wait while it does not.
    edit(window, "conv1.stride", 1)
    wait_render(qtbot, window)
    expected1 = F.conv2d(grey, sobel, padding=1)[0, 0].numpy()
    np.testing.assert_allclose(
        window.controller.last_response.result.stages["conv1"][3], expected1, atol=1e-5
    )
    edit(window, "conv1.kernel_size", 5)
    wait_render(qtbot, window)
    assert "not used by this network" in window.message_bar.text()
    dock.findChild(QPushButton, "kernel-reset-all").click()
    wait_render(qtbot, window)
    assert not window.controller.edits


def test_bad_kernel_text_is_a_message_and_changes_nothing(qtbot, make_window) -> None:
    window = make_window()
    dock = kernel_widgets(window)
    table = dock.findChild(QTableWidget, "kernel-table")
    before = table.item(0, 0).text()
    set_cell(table, 0, 0, "one")
    assert "'one' is not a number" in window.message_bar.text()
    assert table.item(0, 0).text() == before
    assert not window.controller.edits
    choose(dock, "kernel-filter", "sharpen")
    edit(window, "conv1.kernel_size", 5)
    wait_render(qtbot, window)
    dock.findChild(QPushButton, "kernel-apply-filter").click()
    assert "3×3 kernel only" in window.message_bar.text()
    assert not window.controller.edits


def test_bad_pattern_text_keeps_the_image_and_says_why(qtbot, make_window) -> None:
    window = make_window()
    image = window.controller.image
    dialog = window.pattern_dialog()
    dialog.findChild(QLineEdit, "pattern-text").setText("checkerboard:period=7")
    assert not dialog.apply()
    assert "odd" in dialog.findChild(QLabel, "pattern-error").text()
    assert "odd" in window.message_bar.text()
    assert window.controller.image is image
    assert dialog.isVisible() or not window.isVisible()


def test_session_keeps_pattern_and_edits(qtbot, tmp_path, make_window) -> None:
    window = make_window()
    assert window.controller.load_pattern("impulse:size=32")
    dock = kernel_widgets(window)
    choose(dock, "kernel-filter", "emboss")
    dock.findChild(QPushButton, "kernel-apply-filter").click()
    wait_render(qtbot, window)
    path = tmp_path / "lab.cnnviz.json"
    assert window.controller.save_session(path)
    data = json.loads(path.read_text())
    assert data["pattern"] == "impulse:size=32,y=auto,x=auto,value=100"
    assert data["image"] is None
    assert list(data["kernel_edits"]["conv1"]) == ["0"]
    other = make_window()
    assert other.controller.load_session(path)
    wait_render(qtbot, other)
    assert other.controller.edits == window.controller.edits
    np.testing.assert_array_equal(
        other.controller.last_response.result.stages["conv1"],
        window.controller.last_response.result.stages["conv1"],
    )


def test_copy_as_pytorch_runs_and_agrees_with_the_window(qtbot, make_window) -> None:
    window = make_window()
    edit(window, "conv1.stride", 1)
    edit(window, "pool1.type", "avg")
    wait_render(qtbot, window)
    window.findChild(type(window.kernel_dock.toggleViewAction()), "action:copy-pytorch").trigger()
    code = QGuiApplication.clipboard().text()
    namespace: dict = {"__name__": "copied"}
    exec(compile(code, "copied.py", "exec"), namespace)
    net = namespace["Net"]()
    result = window.controller.last_response.result
    x = torch.from_numpy(np.array(result.input))[None]
    with torch.no_grad():
        net.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in result.weights.items()})
        conv1 = net.conv1(x)
        pool1 = net.pool1(net.relu1(conv1))
        logits = net(x)
    assert tuple(conv1.shape[1:]) == result.stages["conv1"].shape
    assert shape_of(window, "pool1") == " × ".join(map(str, pool1.shape[1:]))
    np.testing.assert_allclose(pool1[0].numpy(), result.stages["pool1"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(logits[0].numpy(), result.stages["fc"], rtol=1e-4, atol=1e-4)
    # The dialog shows the same code and copies it.
    dialog = window.show_code()
    assert dialog.findChild(type(dialog.text), "code-text").toPlainText() == code
    QGuiApplication.clipboard().clear()
    dialog.findChild(QPushButton, "code-copy").click()
    assert QGuiApplication.clipboard().text() == code
    # A setting with a problem: nothing copied, one message.
    QGuiApplication.clipboard().clear()
    edit(window, "conv1.groups", 2)
    assert not window.copy_as_pytorch()
    assert "Fix the settings first" in window.message_bar.text()
    assert QGuiApplication.clipboard().text() == ""
    QTest.qWait(0)


def test_compare_pins_a_and_shows_b_beside_it(qtbot, tmp_path, make_window) -> None:
    from PIL import Image

    window = make_window()
    window.findChild(type(window.kernel_dock.toggleViewAction()), "action:compare").trigger()
    dock = window.findChild(QDockWidget, "dock:compare")
    assert dock.findChild(QPushButton, "compare-save").isEnabled() is False
    dock.findChild(QPushButton, "compare-pin").click()
    a = window.controller.last_response.result
    # Same shapes, other pooling: a difference map equal to B − A from the stage tensors.
    edit(window, "pool1.type", "avg")
    wait_render(qtbot, window)
    b = window.controller.last_response.result
    row = dock.row("pool1")
    assert row[1] == row[2] == "16 × 64 × 64"
    expected = float(np.abs(b.stages["pool1"].astype(np.float64) - a.stages["pool1"]).max())
    assert float(row[3]) == pytest.approx(expected, rel=1e-3)
    assert dock.row("conv1")[3] == "0"  # upstream of the change: A and B are equal
    pool1 = next(c for c in dock.comparisons if c.name == "pool1")
    np.testing.assert_array_equal(pool1.difference, b.stages["pool1"] - a.stages["pool1"])
    assert "pool1.type" in dock.findChild(QLabel, "compare-what").text()
    # Other shapes: a sentence instead of a difference.
    edit(window, "conv1.stride", 1)
    wait_render(qtbot, window)
    assert dock.row("conv1")[3] == "A: 16 × 128 × 128, B: 16 × 256 × 256: no pixel-wise difference"
    path = tmp_path / "compare.png"
    assert dock.save(path)
    with Image.open(path) as im:
        assert im.width > 300 and "cnnviz:compare-b" in im.info
    assert not dock.save(tmp_path / "no-such-folder" / "x.png")
    assert "no-such-folder" in window.message_bar.text()
    # Swap: A's settings come back (undoable), and B is pinned.
    assert dock.swap()
    wait_render(qtbot, window)
    assert window.controller.settings == a.settings
    assert dock.row("conv1")[1] == "16 × 256 × 256" and dock.row("conv1")[2] == "16 × 128 × 128"
    dock.findChild(QPushButton, "compare-clear").click()
    assert dock.row("conv1") == []


def test_editing_one_cell_keeps_every_digit_of_the_others(qtbot, make_window) -> None:
    window = make_window()
    dock = kernel_widgets(window)
    choose(dock, "kernel-filter", "gaussian")
    dock.findChild(QPushButton, "kernel-apply-filter").click()
    wait_render(qtbot, window)
    before = np.array(window.controller.edits[("conv1", 0)].kernel)
    set_cell(dock.findChild(QTableWidget, "kernel-table"), 4, 1, "2.5")  # G, row 1, column 1
    after = np.array(window.controller.edits[("conv1", 0)].kernel)
    assert after[1, 1, 1] == 2.5
    after[1, 1, 1] = before[1, 1, 1]
    np.testing.assert_array_equal(after, before)


def test_kernel_edits_are_undone_and_redone_and_their_tiles_are_marked(qtbot, make_window) -> None:
    """Ctrl+Z takes a kernel edit back like a settings change; the edited tile carries a mark
    that belongs to the maps shown (the oracle: torch's conv2d with the seeded or the typed kernel)."""
    window = make_window()
    dock = window.kernel_dock
    dock.show()
    dock.select("conv1", 2)
    wait_render(qtbot, window)
    before = window.controller.last_response.result
    tiles = window.stage_panel("conv1").tiles
    assert tiles.property("edited") in (None, "")

    choose(dock, "kernel-filter", "sobel_x")
    dock.apply_filter()
    wait_render(qtbot, window)
    edited = window.controller.last_response.result
    x = torch.from_numpy(np.array(edited.input))[None]
    kernel = torch.from_numpy(np.array(edited.weights["conv1.weight"]))
    assert window.controller.edits.channels("conv1") == [2]
    assert tiles.property("edited") == "2"
    assert "conv1" in window.undo_action.text()

    window.undo_action.trigger()
    wait_render(qtbot, window)
    assert not window.controller.edits
    undone = window.controller.last_response.result
    w = torch.from_numpy(np.array(before.weights["conv1.weight"]))
    b = torch.from_numpy(np.array(before.weights["conv1.bias"]))
    expected = F.conv2d(x, w, b, stride=2, padding=1)[0].numpy()
    np.testing.assert_allclose(undone.stages["conv1"], expected, rtol=1e-5, atol=1e-5)
    assert tiles.property("edited") == ""

    window.redo_action.trigger()
    wait_render(qtbot, window)
    assert window.controller.edits.channels("conv1") == [2]
    again = window.controller.last_response.result
    np.testing.assert_allclose(again.stages["conv1"][2], edited.stages["conv1"][2], rtol=0, atol=0)
    assert not np.allclose(kernel[2].numpy(), w[2].numpy())  # the kernel really differs from the seeded one
    assert tiles.property("edited") == "2"


def test_the_help_lists_every_shortcut_of_the_menus(qtbot, make_window) -> None:
    """Oracle: the shortcuts the menus really carry, read from the actions."""
    from PySide6.QtGui import QKeySequence

    from cnnviz.app.help import shortcuts

    window = make_window()
    listed = {part.strip() for keys, _ in shortcuts() for part in keys.split(" / ")}
    carried = set()
    for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())):
        for action in menu.actions():
            if not action.shortcut().isEmpty():
                carried.add(action.shortcut().toString(QKeySequence.SequenceFormat.PortableText))
    assert {"Ctrl+K", "Ctrl+Shift+C", "Ctrl+I", "Ctrl+B", "Ctrl+Z"} <= carried
    assert carried - listed == set()


def test_a_closed_kernel_editor_catches_up_when_opened(qtbot, make_window) -> None:
    """Closed, the editor does not follow every change (no work on the GUI thread for it);
    opened, it shows the current network's kernels, read from the result's own weights."""
    window = make_window()
    dock = window.findChild(QDockWidget, "dock:kernels")
    dock.hide()
    edit(window, "conv1.kernel_size", 5)
    wait_render(qtbot, window)
    table = dock.findChild(QTableWidget, "kernel-table")
    assert table.columnCount() == 3  # still the last network it showed
    dock.show()
    assert (table.rowCount(), table.columnCount()) == (15, 5)  # R, G, B × 5 rows, 5 columns
    dock.findChild(QSpinBox, "kernel-channel").setValue(0)
    weights = window.controller.last_response.result.weights["conv1.weight"][0]  # (3, 5, 5)
    shown = np.array([[float(table.item(r, c).text()) for c in range(5)] for r in range(15)])
    np.testing.assert_allclose(shown, np.asarray(weights).reshape(15, 5), rtol=1e-4, atol=1e-6)
