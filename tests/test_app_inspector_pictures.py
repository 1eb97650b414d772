"""Issue 10's window pictures: receptive field on the panels, inspector grids, padding view, batch axis.

Oracles: torch (gradient support of a cell in a network built from the window's own spec with
positive weights, ReLU as identity and pooling as averaging, so every position read has a
non-zero gradient; F.pad; F.max_pool2d's indices; a dot product for fc), numpy's np.pad, and
boxes derived by hand for the textbook network.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from test_app import edit, wait_render

from cnnviz.app.inspector_pictures import CELL_W, GAP_W

NP_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _positive_network(result):
    """Every stage of ``result``'s network as torch tensors on a leaf input, ReLU → identity, pool → avg."""
    x = torch.tensor(result.input, dtype=torch.float64)[None].requires_grad_(True)
    tensors = {}
    h = x
    for stage in result.report.stages:
        if stage.kind == "conv":
            conv = result.spec.blocks[stage.block - 1].conv
            weight = torch.tensor(np.abs(result.weights[f"{stage.name}.weight"]) + 0.01, dtype=torch.float64)
            (pt, pb), (pl, pr) = conv.padding_pairs()
            h = F.conv2d(
                F.pad(h, (pl, pr, pt, pb)),
                weight,
                stride=conv.stride,
                dilation=conv.dilation,
                groups=conv.groups,
            )
        elif stage.kind == "pool":
            pool = result.spec.blocks[stage.block - 1].pool
            h = F.avg_pool2d(
                h, pool.kernel_size, pool.stride or pool.kernel_size, pool.padding, pool.ceil_mode, True
            )
        elif stage.kind == "relu":
            h = h * 1.0
        else:
            break
        h.retain_grad()
        tensors[stage.name] = h
    return x, tensors


def _support(grad: torch.Tensor) -> tuple[tuple[int, ...], tuple[int, int, int, int]]:
    """The channels and bounding box (row0, col0, row1, col1) where a gradient is non-zero."""
    nz = grad[0].abs() > 0
    channels = tuple(int(c) for c in torch.nonzero(nz.any(dim=(1, 2))).flatten())
    rows = torch.nonzero(nz.any(dim=(0, 2))).flatten()
    cols = torch.nonzero(nz.any(dim=(0, 1))).flatten()
    return channels, (int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1)


@pytest.mark.parametrize(
    ("stage", "channel", "row", "col"),
    [
        ("conv1", 3, 0, 0),
        ("pool1", 5, 20, 31),
        ("conv2", 7, 0, 63),
        ("pool2", 2, 11, 4),
        ("relu2", 0, 40, 40),
    ],
)
def test_receptive_box_and_tile_windows_match_torch_gradient_support(
    make_window, stage, channel, row, col
) -> None:
    window = make_window()
    assert window.inspect(stage, channel, row, col)
    result = window.controller.last_response.result
    x, tensors = _positive_network(result)
    tensors[stage][0, channel, row, col].backward()
    # The input box, clipped to the image, is exactly the gradient's support.
    view = window.panels.input_panel.view
    _, box = _support(x.grad)
    assert view.receptive.clipped(*result.input.shape[1:]) == box
    assert view.box_rect() is not None
    # Each earlier stage's tiles outline the window and the channels the gradient reaches.
    names = [s.name for s in result.report.stages]
    for earlier in names[: names.index(stage)]:
        tiles = window.stage_panel(earlier).tiles
        assert tiles.reach is not None, earlier
        assert tiles.reach == _support(tensors[earlier].grad), earlier
    for later in names[names.index(stage) :]:
        if later in window.panels.panels and hasattr(window.panel(later), "tiles"):
            assert window.stage_panel(later).tiles.reach is None


def test_textbook_conv1_corner_box_by_hand_and_clearing(qtbot, make_window) -> None:
    """conv1 (3×3, stride 2, padding 1) cell (0, 0) reads rows and columns −1…1: a 3 × 3 box, 1 of it padding."""
    window = make_window()
    window.inspect("conv1", 0, 0, 0)
    panel = window.panels.input_panel
    assert panel.view.receptive.box == (-1, -1, 2, 2)
    assert panel.view.receptive.clipped(256, 256) == (0, 0, 2, 2)
    note = panel.receptive_note.text()
    assert "3 × 3 pixels, jump 2 × 2" in note and "rows −1…1" in note
    assert "1 row(s) and 1 column(s)" in note
    # Esc in the inspector (its Clear button) forgets the cell and the marks.
    window.inspector.clear_button.click()
    assert panel.view.receptive is None and not panel.receptive_note.isVisible()
    assert all(p.tiles.reach is None for p in window.panels.stage_panels())


def test_marks_follow_the_result_and_clear_when_the_cell_is_gone(qtbot, make_window) -> None:
    window = make_window(show=True)
    window.inspect("pool1", 0, 60, 60)
    assert window.stage_panel("conv1").tiles.reach is not None
    edit(window, "input.size", "64")  # pool1 becomes 16 × 16: row 60 is no longer there
    wait_render(qtbot, window)
    assert window.panels.input_panel.view.receptive is None
    assert all(p.tiles.reach is None for p in window.panels.stage_panels())
    assert "row 60 is outside pool1" in window.inspector.heading.text()


@pytest.mark.parametrize("mode", ["zeros", "reflect", "circular"])
def test_conv_picture_patch_is_torch_pad_and_padding_cells_marked(qtbot, make_window, mode) -> None:
    window = make_window()
    edit(window, "conv1.padding_mode", mode)
    wait_render(qtbot, window)
    window.inspect("conv1", 4, 0, 0)
    grids = window.inspector.pictures.grids()
    result = window.controller.last_response.result
    torch_mode = "constant" if mode == "zeros" else mode
    padded = F.pad(torch.tensor(result.input, dtype=torch.float64)[None], (1, 1, 1, 1), mode=torch_mode)[0]
    patches = grids[0::2]  # patch, kernel, patch, kernel, ...
    assert len(patches) == 3
    for c, grid in enumerate(patches):
        np.testing.assert_allclose(grid.values, padded[c, 0:3, 0:3].numpy(), rtol=1e-6)
        assert grid.padding[0].all() and grid.padding[:, 0].all() and not grid.padding[1:, 1:].any()
        assert grid.rows == (-1, 0, 1)
    np.testing.assert_allclose(grids[1].values, result.weights["conv1.weight"][4, 0], rtol=1e-6)
    assert not window.inspector.pictures.isHidden()


def test_dilation_gaps_are_drawn_between_the_cells_read(qtbot, make_window) -> None:
    window = make_window()
    edit(window, "conv1.dilation", "2")
    wait_render(qtbot, window)
    window.inspect("conv1", 0, 5, 5)
    patch = window.inspector.pictures.grids()[0]
    assert patch.cols == (9, 11, 13)  # 5·2 − 1 + 2·k, by hand
    xs = patch.col_x()
    assert xs[1] - xs[0] == pytest.approx(CELL_W + GAP_W)  # one skipped position between


def test_pool_picture_winner_is_torch_argmax_and_ceil_partial_window(qtbot, make_window) -> None:
    window = make_window()
    edit(window, "input.size", "62")  # conv1: 31 × 31, pool1 2×2/2 with ceil_mode: 16, last window partial
    edit(window, "pool1.ceil_mode", True)
    wait_render(qtbot, window)
    result = window.controller.last_response.result
    relu = torch.tensor(result.stages["relu1"])[None]
    _, indices = F.max_pool2d(relu, 2, 2, ceil_mode=True, return_indices=True)
    for r, c in ((3, 4), (15, 15)):
        window.inspect("pool1", 6, r, c)
        grid = window.inspector.pictures.grids()[0]
        flat = int(indices[0, 6, r, c])
        assert (grid.rows[grid.winner[0]], grid.cols[grid.winner[1]]) == divmod(flat, 31)
    assert grid.outside is not None and grid.outside[1].all() and grid.outside[:, 1].all()
    assert not grid.outside[0, 0]


def test_clicking_a_class_score_explains_it_and_keeps_class_evidence(qtbot, make_window) -> None:
    window = make_window(show=True)
    panel = window.panels.scores_panel
    scores = panel.scores
    row_h = scores.fontMetrics().height() + 4
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(scores, Qt.MouseButton.LeftButton, pos=QPoint(20, 2 + 3 * row_h + row_h // 2))
    qtbot.waitUntil(lambda: window.inspector.isVisible(), timeout=5000)
    result = window.controller.last_response.result
    x = torch.tensor(result.stages["flatten"], dtype=torch.float64)
    logit = float(
        x @ torch.tensor(result.weights["fc.weight"][3], dtype=torch.float64)
        + float(result.weights["fc.bias"][3])
    )
    assert window.inspector.heading.text().startswith("fc[3] = ")
    total = next(t for t in window.inspector.pictures.texts if t.startswith("total = "))
    text = total.split()[2].replace("−", "-")
    shown = float(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    assert abs(shown - logit) <= 0.5 * 10**-decimals + 1e-9, (text, logit)  # the logit, rounded as shown
    assert float(result.logits[3]) == pytest.approx(logit, rel=1e-4, abs=1e-5)
    # The class evidence still follows the click.
    assert scores.picked == 3 and panel.evidence_toggle.isChecked()
    # fc reads the whole last map: the box covers the whole input.
    assert window.panels.input_panel.view.receptive.clipped(256, 256) == (0, 0, 256, 256)


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_padding_view_is_numpy_pad_in_each_mode(qtbot, make_window, mode) -> None:
    window = make_window()
    edit(window, "conv2.padding_mode", mode)
    edit(window, "conv2.padding", "2")
    wait_render(qtbot, window)
    dialog = window.show_padding("conv2")
    dialog.channel_box.setValue(5)
    source = window.controller.last_response.result.stages["pool1"][5].astype(np.float64)
    expected = np.pad(source, ((2, 2), (2, 2)), mode=NP_MODES[mode])
    np.testing.assert_allclose(dialog.view.values[5], expected)
    corner, far = dialog.picture.corners
    np.testing.assert_allclose(corner.values, expected[:6, :6])
    np.testing.assert_allclose(far.values, expected[-6:, -6:])
    assert corner.padding[:2].all() and not corner.padding[2:, 2:].any()
    assert f"padding_mode='{mode}'" in dialog.summary.text()


def test_padding_view_marks_what_floor_drops_and_same_padding(qtbot, make_window) -> None:
    window = make_window()
    edit(window, "conv1.padding", "0")  # (256 − 3) // 2 + 1 = 127 windows: rows 0…254, row 255 unread
    wait_render(qtbot, window)
    dialog = window.show_padding("conv1")
    assert "255–255 are never read" in dialog.summary.text()
    assert dialog.picture.unread[255].all() and not dialog.picture.unread[254, :255].any()
    # 'same' with an even kernel: torch pads 1 before and 2 after (bottom, right).
    edit(window, "conv1.stride", "1")
    edit(window, "conv1.kernel_size", "4")
    edit(window, "conv1.padding", "same")
    wait_render(qtbot, window)
    dialog = window.show_padding("conv1")
    assert dialog.view.pads == ((1, 2), (1, 2))
    assert "extra row at the bottom" in dialog.summary.text()
    x = torch.tensor(window.controller.last_response.result.input)[None]
    w = torch.ones(1, 3, 4, 4)
    same = F.conv2d(x, w, padding="same")
    manual = F.conv2d(F.pad(x, (1, 2, 1, 2)), w)
    torch.testing.assert_close(same, manual)  # where torch puts the extra row/column


def test_batch_axis_shows_n_and_the_flatten_bug(qtbot, make_window) -> None:
    window = make_window()
    assert not window.batch_bar.isVisible()
    window.batch_action.trigger()
    assert window.shape_strip.text().startswith("1×3×256×256")
    window.batch_bar.set_batch(2)
    strip = window.shape_strip.text()
    assert strip.startswith("2×3×256×256") and strip.endswith("2×32768 → 2×10")
    table = {row[0]: row[1] for row in window.panels.summary.table.rows}
    assert table["pool2"] == "2 × 32 × 32 × 32" and table["flatten"] == "2 × 32768"
    text = window.batch_bar.plain
    # Oracle: torch itself.
    x = torch.zeros(2, 32, 32, 32)
    linear = torch.nn.Linear(32768, 10)
    with pytest.raises(RuntimeError) as err:
        linear(torch.flatten(x))
    assert "65536" in text and str(err.value) in text
    assert tuple(linear(torch.flatten(x, 1)).shape) == (2, 10) and "2 × 32768" in text
    window.batch_action.trigger()
    assert window.shape_strip.text().startswith("3×256×256")


def test_new_actions_have_shortcuts_and_sit_in_the_view_menu(qtbot, make_window) -> None:
    window = make_window(show=True)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    actions = {a.objectName(): a for a in view_menu.actions()}
    assert actions["action:padding"].shortcut() == QKeySequence("Ctrl+Shift+P")
    assert actions["action:batch-axis"].shortcut() == QKeySequence("Ctrl+Shift+N")
    window.activateWindow()
    qtbot.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.batch_action.isChecked()
    qtbot.keyClick(
        window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(
        lambda: window.padding_dialog is not None and window.padding_dialog.isVisible(), timeout=5000
    )
    window.padding_dialog.close()


def test_dead_channels_are_labelled_on_their_tiles(qtbot, make_window) -> None:
    """Oracle: torch's ReLU of the conv stage is zero everywhere exactly on the labelled channels."""
    window = make_window()
    result = window.controller.last_response.result
    relu = torch.relu(torch.tensor(result.stages["conv1"]))
    pre = torch.tensor(result.stages["conv1"]).flatten(1).max(dim=1).values
    dead = {int(c) for c in torch.nonzero(pre <= 0).flatten()}
    assert dead  # the bundled weights leave a conv1 channel dead on the cat photo
    assert all(relu[c].abs().max() == 0 for c in dead)
    quiet = window.stage_panel("relu1").tiles.quiet
    assert {c for c, kind in quiet.items() if kind == "dead"} == dead
