"""The window driven like a person would: widgets in, pixels and shapes out."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QLabel, QWidget
from safetensors.torch import load_file

from cnnviz.app.panels import table_for
from cnnviz.core.display import render_result
from cnnviz.core.engine import Engine
from cnnviz.core.images import load_image, prepare_input
from cnnviz.core.resources import default_weights
from cnnviz.core.settings import TABLE, Settings
from cnnviz.core.shapes import compute_shapes
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.view import ViewOptions

ASSETS = Path(__file__).resolve().parents[1] / "assets"
TIMEOUT = 20_000


def edit(window, key: str, value) -> None:
    """Change a setting through its widget, the way a person would."""
    widget = window.findChild(QWidget, key)
    assert widget is not None, key
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentText(str(value))
    else:
        # Typed, as a person would: the text goes through the command line's parser.
        assert isinstance(widget, QAbstractSpinBox)
        widget.lineEdit().selectAll()
        QTest.keyClicks(widget.lineEdit(), str(value))


def wait_render(qtbot, window):
    """Wait until the newest request (the last change) is what the panels show, painted."""
    controller = window.controller
    qtbot.waitUntil(
        lambda: (
            controller.last_response is not None
            and controller.last_response.request.id == controller.latest_request_id
            and window.rendered_id == controller.latest_request_id
        ),
        timeout=TIMEOUT,
    )
    return window.last_latency_ms


def shape_of(window, stage: str) -> str:
    label = window.findChild(QLabel, f"shape:{stage}")
    assert label is not None, stage
    return label.text()


def test_contract_names_and_first_render(make_window) -> None:
    window = make_window()
    for key in TABLE:
        assert window.findChild(QWidget, key) is not None, key
    report = compute_shapes(NetworkSpec.textbook())
    for stage in report.stages:
        panel = window.findChild(QWidget, f"stage:{stage.name}")
        assert panel is not None, stage.name
        assert panel.findChild(QLabel, f"shape:{stage.name}") is not None
    assert shape_of(window, "conv1") == "16 × 128 × 128"
    assert shape_of(window, "pool2") == "32 × 32 × 32"
    assert shape_of(window, "flatten") == "32768"
    assert shape_of(window, "fc") == "10"
    assert shape_of(window, "input") == "3 × 256 × 256"
    assert window.shape_strip.text() == report.strip()


def test_pixels_shown_are_the_core_computation(qtbot, make_window) -> None:
    window = make_window(image=ASSETS / "shapes.png")
    response = window.controller.last_response
    # The same computation, done by the core alone.
    image = load_image(ASSETS / "shapes.png")
    engine = Engine("cpu")
    engine.use_weights(load_file(str(default_weights())))  # the window opens with the bundled weights
    result = engine.run(Settings(), prepare_input(image, (256, 256), "fit"))
    expected = render_result(result, ViewOptions(), response.request.tile_resolution)
    for name in result.map_stages():
        np.testing.assert_array_equal(response.result.stages[name], result.stages[name])
        panel = window.stage_panel(name)
        np.testing.assert_array_equal(panel.tiles.image.indices, expected[name].indices)
    # and the tile's pixels are those indices through the colormap
    tiles = window.stage_panel("conv1").tiles
    table = table_for(window.controller.view.signed_cmap)
    indices = tiles.image.indices
    rgb = tiles.pixels()
    for ch, row, col in [(0, 0, 0), (3, 10, 20), (15, indices.shape[1] - 1, indices.shape[2] - 1)]:
        assert rgb.pixel(col, ch * indices.shape[1] + row) == table[indices[ch, row, col]]


def test_settings_through_widgets_change_shapes_and_maps(qtbot, make_window) -> None:
    window = make_window()
    edit(window, "conv1.stride", "1")
    wait_render(qtbot, window)
    assert shape_of(window, "conv1") == "16 × 256 × 256"
    assert shape_of(window, "pool2") == "32 × 64 × 64"
    assert window.controller.last_response.result.stages["conv1"].shape == (16, 256, 256)

    edit(window, "pool1.type", "none")
    wait_render(qtbot, window)
    assert window.findChild(QWidget, "stage:pool1") is None or not window.findChild(
        QWidget, "stage:pool1"
    ).isVisibleTo(window)
    assert "pool1" not in window.panels.panels
    assert shape_of(window, "conv2") == "32 × 256 × 256"

    edit(window, "blocks", 3)
    wait_render(qtbot, window)
    assert shape_of(window, "conv3") == "32 × 128 × 128"

    edit(window, "conv2.kernel_size", "3,5")
    wait_render(qtbot, window)
    assert window.controller.settings["conv2.kernel_size"] == (3, 5)
    assert window.controller.last_response.result.weights["conv2.weight"].shape == (32, 16, 3, 5)

    edit(window, "conv2.padding", "same")
    wait_render(qtbot, window)
    assert shape_of(window, "conv2") == "32 × 256 × 256"

    edit(window, "pool2.type", "avg")
    edit(window, "pool2.divisor_override", "3")
    wait_render(qtbot, window)
    assert window.controller.settings["pool2.divisor_override"] == 3


def test_sidebar_formula_has_the_numbers(make_window) -> None:
    window = make_window()
    formula = window.findChild(QWidget, "formula:conv1").text()
    assert "⌊(256 + 2·1 − 1·(3−1) − 1)/2 + 1⌋ = 128" in formula
    assert "448" in formula


def test_invalid_setting_shows_why_and_keeps_the_last_maps(qtbot, make_window) -> None:
    window = make_window()
    before = window.stage_panel("conv1").tiles.image
    shown = window.controller.last_response
    with qtbot.assertNotEmitted(window.rendered, wait=400):
        edit(window, "conv1.groups", 2)
    problem = window.findChild(QLabel, "problem:conv1.groups")
    assert problem.isVisibleTo(window)
    assert "groups=2" in problem.text() and "3 input channels" in problem.text()
    assert window.findChild(QWidget, "conv1.groups").property("invalid") is True
    assert "✕" in window.shape_strip.text()
    assert window.stage_panel("conv1").tiles.image is before
    assert window.controller.last_response is shown

    edit(window, "conv1.groups", 1)
    wait_render(qtbot, window)
    assert not window.findChild(QLabel, "problem:conv1.groups").isVisibleTo(window)


def test_out_of_range_text_is_explained_on_the_control(qtbot, make_window) -> None:
    window = make_window()
    with qtbot.assertNotEmitted(window.rendered, wait=300):
        edit(window, "conv1.kernel_size", "0")
    problem = window.findChild(QLabel, "problem:conv1.kernel_size")
    assert "out of range" in problem.text()
    assert window.controller.settings["conv1.kernel_size"] == (3, 3)  # the last good value


def test_two_hundred_changes_in_a_burst_end_with_the_last(qtbot, make_window) -> None:
    window = make_window()
    for i in range(200):
        edit(window, "conv1.out_channels", 1 + (i * 7) % 64)
    edit(window, "conv1.out_channels", 24)
    qtbot.waitUntil(
        lambda: window.controller.last_response.request.id == window.controller.latest_request_id,
        timeout=TIMEOUT,
    )
    assert shape_of(window, "conv1") == "24 × 128 × 128"
    assert window.controller.last_response.result.stages["conv1"].shape[0] == 24
    assert window.controller.worker.dropped > 0  # older requests were replaced, not queued


def test_bad_files_keep_the_previous_image(tmp_path, make_window) -> None:
    window = make_window()
    image = window.controller.image
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    for path in (tmp_path / "missing.jpg", text, tmp_path):
        assert not window.open_image(path)
        assert window.message_bar.isVisibleTo(window)
        assert path.name in window.message_bar.text()
        assert window.controller.image is image


def test_drop_and_paste_images(qtbot, make_window) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ASSETS / "coffee.jpg"))])
    assert window.open_mime(mime)
    wait_render(qtbot, window)
    assert window.controller.image.name == "coffee.jpg"

    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.red)
    QGuiApplication.clipboard().setImage(picture)
    window.paste()
    wait_render(qtbot, window)
    assert window.controller.image.size == (30, 40)
    assert window.controller.image.pixels[0, 0].tolist() == [1.0, 0.0, 0.0]

    junk = QMimeData()
    junk.setText("hello")
    assert not window.open_mime(junk)
    assert "No image" in window.message_bar.text()


def test_session_round_trip_and_bad_sessions(qtbot, tmp_path, make_window) -> None:
    window = make_window()
    edit(window, "conv1.out_channels", 8)
    wait_render(qtbot, window)
    window.controller.set_view(window.controller.view.with_override("relu1", cmap="bids:magma"))
    path = tmp_path / "session.json"
    assert window.controller.save_session(path)
    data = json.loads(path.read_text())
    assert data["settings"]["conv1.out_channels"] == 8

    edit(window, "conv1.out_channels", 4)
    wait_render(qtbot, window)
    assert window.controller.load_session(path)
    wait_render(qtbot, window)
    assert window.findChild(QAbstractSpinBox, "conv1.out_channels").value() == 8
    assert window.controller.view.cmap_for("relu1", "relu") == "bids:magma"

    before = window.controller.settings
    bad = tmp_path / "bad.json"
    for text in (
        "{not json",
        json.dumps({**data, "settings": {"conv1.stride": -1}}),
        json.dumps({**data, "image": "gone.png"}),
    ):
        bad.write_text(text)
        assert not window.controller.load_session(bad)
        assert "bad.json" in window.message_bar.text() or "gone.png" in window.message_bar.text()
        assert window.controller.settings == before


def test_weights_save_load_and_mismatch(qtbot, tmp_path, make_window) -> None:
    window = make_window()
    saved = window.controller.last_response.result.stages["conv1"].copy()
    path = tmp_path / "w.safetensors"
    assert window.controller.save_weights(path)

    window.controller.engine_seed = None
    from cnnviz.core.network import build_network
    from cnnviz.core.weights import save_weights

    other = build_network(NetworkSpec.textbook(), seed=99)
    other_path = tmp_path / "other.safetensors"
    save_weights(other_path, dict(other.named_parameters()), Settings())
    assert window.controller.load_weights(other_path)
    wait_render(qtbot, window)
    assert not np.array_equal(window.controller.last_response.result.stages["conv1"], saved)

    assert window.controller.load_weights(path)
    wait_render(qtbot, window)
    np.testing.assert_array_equal(window.controller.last_response.result.stages["conv1"], saved)

    import torch

    torch.save({"conv1.weight": torch.zeros(5, 3, 3, 3)}, tmp_path / "wrong.pt")
    settings = window.controller.settings
    assert not window.controller.load_weights(tmp_path / "wrong.pt")
    assert "conv1.weight" in window.message_bar.text()
    assert window.controller.settings == settings


def test_colormap_change_recolours_without_recomputing(qtbot, make_window) -> None:
    window = make_window()
    last_id = window.controller.latest_request_id
    combo = window.findChild(QComboBox, "view.signed_cmap")
    combo.setCurrentIndex(combo.findData("matplotlib:coolwarm"))
    assert window.controller.latest_request_id == last_id
    assert window.stage_panel("conv1").tiles._table == table_for("matplotlib:coolwarm")

    norm = window.findChild(QComboBox, "view.norm")
    norm.setCurrentIndex(norm.findData("stage"))
    wait_render(qtbot, window)
    image = window.stage_panel("conv1").tiles.image
    assert image.norm == "stage"
    assert len(set(image.high.tolist())) == 1


def test_panel_override_and_histogram(qtbot, make_window) -> None:
    window = make_window()
    panel = window.stage_panel("relu2")
    panel.override_requested.emit("relu2", "cmap", "bids:magma")
    assert panel.tiles._table == table_for("bids:magma")
    assert window.stage_panel("relu1").tiles._table == table_for(window.controller.view.unsigned_cmap)
    panel.set_histogram_visible(True)
    counts = panel.histogram.counts
    assert counts.sum() == panel.image.source.size


def test_hover_reads_the_exact_value(qtbot, make_window) -> None:
    window = make_window(show=True)
    tiles = window.stage_panel("conv2").tiles
    # Whatever the screen size, bring the tile into view before pointing at it.
    qtbot.waitUntil(lambda: tiles.image is not None and tiles.width() > 0, timeout=5000)
    qtbot.wait(50)  # let the layout settle before asking where the tile is

    def tile_in_view() -> bool:
        window.panels.ensureWidgetVisible(tiles, 0, 0)
        return tiles.visibleRegion().boundingRect().contains(tiles.tile_rect(3))

    qtbot.waitUntil(tile_in_view, timeout=5000)
    rect = tiles.tile_rect(3)
    point = rect.topLeft() + QPoint(rect.width() // 2, rect.height() // 3)
    hit = tiles.hit(point.toPointF())
    assert hit is not None and hit[0] == 3
    qtbot.mouseMove(tiles, point)
    qtbot.waitUntil(lambda: "conv2 · channel 3" in window.readout.text(), timeout=5000)
    assert f"row {hit[1]}, col {hit[2]}" in window.readout.text()
    value = window.controller.last_response.result.stages["conv2"][3, hit[1], hit[2]]
    assert f"{value:.5g}" in window.readout.text()


def test_double_click_opens_zoom_and_keys_step_channels(qtbot, make_window) -> None:
    window = make_window(show=True)
    tiles = window.stage_panel("conv1").tiles
    qtbot.mouseDClick(tiles, Qt.MouseButton.LeftButton, pos=tiles.tile_rect(5).center())
    dialog = window.zoom_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.property("channel") == 5
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is not None and dialog.isAncestorOf(QApplication.focusWidget())
    )
    # Keys go to whatever has the focus in the dialog (a button, at first), as a person's would.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert dialog.property("channel") == 6
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert dialog.property("channel") == 4
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    assert dialog.channel == 15
    assert "channel 15 of 16" in dialog.title.text()
    assert dialog.canvas.image.width() == 128  # full resolution
    zoom = dialog.canvas.zoom
    dialog.zoom_by(2.0)
    assert dialog.canvas.zoom == pytest.approx(zoom * 2)


def test_exports(tmp_path, make_window) -> None:
    window = make_window(show=True)
    assert window.export_view(tmp_path / "view.png")
    assert QImage(str(tmp_path / "view.png")).height() > 600
    assert window.export_panel("conv1", tmp_path / "conv1.png")
    assert not QImage(str(tmp_path / "conv1.png")).isNull()
    assert window.export_npz(tmp_path / "stages.npz")
    from PIL import Image

    from cnnviz.core.exports import NPZ_METADATA_KEY

    for name in ("view.png", "conv1.png"):
        with Image.open(tmp_path / name) as png:
            assert png.text["cnnviz:settings"] == "textbook"
            assert png.text["cnnviz:image"] == "cat.jpg"
    with np.load(tmp_path / "stages.npz") as data:
        assert json.loads(str(data[NPZ_METADATA_KEY]))["cnnviz:image"] == "cat.jpg"
        assert set(data.files) == {
            NPZ_METADATA_KEY,
            "input",
            "conv1",
            "relu1",
            "pool1",
            "conv2",
            "relu2",
            "pool2",
            "flatten",
            "fc",
        }


def test_missing_device_falls_back_with_a_message(qtbot, make_window) -> None:
    window = make_window()
    window.controller.set_device("cuda:9")
    wait_render(qtbot, window)
    assert window.controller.last_response.result.device == "cpu"
    assert "cuda:9" in window.message_bar.text()


def test_unexpected_error_becomes_a_message_and_keeps_maps(qtbot, make_window, monkeypatch) -> None:
    window = make_window()
    shown = window.controller.last_response
    from cnnviz.core import engine

    real = engine.Engine.run

    def broken(self, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(engine.Engine, "run", broken)
    edit(window, "conv1.out_channels", 9)
    qtbot.waitUntil(lambda: "Something went wrong" in window.message_bar.text(), timeout=TIMEOUT)
    assert window.controller.last_response is shown
    monkeypatch.setattr(engine.Engine, "run", real)
    edit(window, "conv1.out_channels", 10)
    wait_render(qtbot, window)
    assert shape_of(window, "conv1") == "10 × 128 × 128"


def test_state_is_remembered_between_runs(qtbot, tmp_path, make_window, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = make_window(persist=True)
    edit(window, "conv1.kernel_size", "5")
    wait_render(qtbot, window)
    window.controller.with_view(signed_cmap="matplotlib:bwr")
    window.close()
    again = make_window(persist=True)
    assert again.controller.settings["conv1.kernel_size"] == (5, 5)
    assert again.findChild(QWidget, "conv1.kernel_size").lineEdit().text() == "5"
    assert again.controller.view.signed_cmap == "matplotlib:bwr"

    from cnnviz.app.persistence import organisation

    store = QSettings(organisation(), "cnnviz")
    store.setValue("network/settings", json.dumps({"conv1.stride": "fast"}))
    store.sync()
    third = make_window(persist=True)
    assert third.controller.settings == Settings()
    assert "could not be used" in third.message_bar.text()


def test_every_string_goes_through_the_translator(qtbot, make_window) -> None:
    import re

    from PySide6.QtCore import QCoreApplication, QTranslator

    class Shouting(QTranslator):
        """Upper-cases every string, keeping {placeholders} as they are."""

        def translate(self, context, source, disambiguation=None, n=-1):
            if not source:
                return source
            return "".join(p if p.startswith("{") else p.upper() for p in re.split(r"(\{[^}]*\})", source))

    translator = Shouting()
    QCoreApplication.installTranslator(translator)
    try:
        window = make_window()
        assert window.menuBar().actions()[0].text() == "&FILE"
        edit(window, "conv1.groups", 2)
        problem = window.findChild(QLabel, "problem:conv1.groups").text()
        assert "DOES NOT DIVIDE" in problem  # a core message, translated too
    finally:
        QCoreApplication.removeTranslator(translator)


def test_fixed_range_is_set_and_checked(qtbot, make_window) -> None:
    window = make_window()
    assert not window.set_fixed_range(2.0, 1.0)
    assert "high value above the low" in window.message_bar.text()
    assert window.set_fixed_range(-0.5, 2.0)
    wait_render(qtbot, window)
    image = window.stage_panel("relu1").tiles.image
    assert image.norm == "fixed"
    assert float(image.low[0]) == -0.5 and float(image.high[0]) == 2.0
    combo = window.findChild(QComboBox, "view.norm")
    assert combo.currentData() == "fixed" and "2" in combo.currentText()


def test_a_bad_image_on_the_command_line_still_opens_a_sample(tmp_path, make_window) -> None:
    window = make_window(image=tmp_path / "gone.png")
    assert "gone.png" in " ".join(text for _, text in window.message_bar.history)
    assert window.controller.image is not None and window.controller.image.name == "cat.jpg"
    assert shape_of(window, "conv1") == "16 × 128 × 128"


def test_a_slow_update_says_computing(qtbot, make_window, monkeypatch) -> None:
    window = make_window()
    import time as _time

    from cnnviz.core import engine

    real = engine.Engine.run

    def slow(self, *args, **kwargs):
        _time.sleep(0.6)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(engine.Engine, "run", slow)
    edit(window, "conv1.out_channels", 12)
    qtbot.waitUntil(lambda: window.busy_label.isVisibleTo(window), timeout=TIMEOUT)
    wait_render(qtbot, window)
    qtbot.waitUntil(lambda: not window.busy_label.isVisibleTo(window), timeout=TIMEOUT)
    assert shape_of(window, "conv1") == "12 × 128 × 128"


def test_the_window_is_usable_from_the_keyboard(qtbot, make_window) -> None:
    """Tab reaches the toolbar, then the sidebar, then the panels; keys move, read and open maps."""
    window = make_window(show=True)
    wait_render(qtbot, window)  # the panels' tiles exist only once the first result is drawn
    window.activateWindow()
    window.findChild(QWidget, "view.signed_cmap").setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[str] = []
    for _ in range(600):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        name = ""
        while widget is not None and not name:
            name = (
                widget.objectName()
                if widget.objectName() in TABLE or widget.objectName().startswith(("tiles:", "device"))
                else ""
            )
            widget = widget.parentWidget()
        if name and (not seen or seen[-1] != name):
            seen.append(name)
        if name.startswith("tiles:"):
            break
    first_tiles = next(i for i, n in enumerate(seen) if n.startswith("tiles:"))
    assert "device" in seen[:first_tiles]
    assert seen.index("device") < seen.index("conv1.out_channels") < first_tiles
    tiles = window.stage_panel("conv1").tiles
    tiles.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: "conv1 · channel 0 · row 0, col 0" in window.readout.text())
    qtbot.keyClick(tiles, Qt.Key.Key_Right)
    assert "conv1 · channel 1 · row 0, col 0" in window.readout.text()
    qtbot.keyClick(tiles, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    value = window.controller.last_response.result.stages["conv1"][1, 0, 1]
    assert f"conv1 · channel 1 · row 0, col 1 · value {value:.5g}" in window.readout.text()
    qtbot.keyClick(tiles, Qt.Key.Key_Return)
    assert window.zoom_dialog is not None and window.zoom_dialog.property("channel") == 1


TYPED = ["1.5", "3,5,7", "-1", "0", " 2 ", "２", "1e3", "", "2", "3,1", "abc"]


@pytest.mark.parametrize("key", ["conv1.stride", "conv1.out_channels", "pool1.kernel_size"])
def test_the_sidebar_reads_typed_text_exactly_as_the_command_line(qtbot, make_window, key, capsys) -> None:
    """Each text means the same in the sidebar and in --set: accepted as the same value, or refused."""
    from cnnviz.cli import main

    window = make_window()
    for text in TYPED:
        code = main(["shapes", "--set", f"{key}={text}"])
        capsys.readouterr()
        before = window.controller.settings
        # The whole text at once, as a paste (typed key by key, "1.5" passes through "1" first).
        window.findChild(QAbstractSpinBox, key).lineEdit().setText(text)
        problem = window.findChild(QLabel, f"problem:{key}")
        refused_here = problem is not None and not problem.isHidden() and bool(problem.text())
        if code == 0:
            expected = Settings.from_assignments([f"{key}={text}"])[key]
            assert not refused_here, (text, problem.text())
            assert window.controller.settings[key] == expected, text
        else:
            assert code == 2, text
            assert refused_here, text
            assert window.controller.settings == before, text  # nothing else changed, nothing altered
        edit(window, key, "2")  # back to a good value before the next text


@pytest.mark.parametrize("text", ["99999", "0", "-3", "abc"])
def test_a_bad_input_size_stops_the_chain_at_the_input(qtbot, make_window, text) -> None:
    window = make_window()
    window.findChild(QAbstractSpinBox, "input.size").lineEdit().setText(text)
    problem = window.findChild(QLabel, "problem:input.size")
    assert problem is not None and not problem.isHidden() and problem.text()
    assert window.shape_strip.text() == "✕"  # no stage shape is claimed, not even the input's
    assert window.controller.settings["input.size"] == (256, 256)  # the last good value
    for stage in ("input", "conv1", "fc"):
        assert shape_of(window, stage) == "—"
        assert window.panel(stage).property("stale") is True


def test_stale_panels_are_marked_and_cleared(qtbot, make_window) -> None:
    """conv1.groups=3 cannot be computed: every panel says it shows an earlier result, with what differs."""
    window = make_window()
    edit(window, "conv1.groups", "3")
    assert window.shape_strip.text().endswith("✕")
    panel = window.panel("conv1")
    assert panel.property("stale") is True
    note = window.findChild(QLabel, "stale:conv1")
    assert "16 × 128 × 128" in note.text() and "conv1.groups=1" in note.text()
    assert shape_of(window, "conv1") == "—"
    assert window.panel("input").property("stale") is False  # the input is still true
    edit(window, "conv1.groups", "1")
    wait_render(qtbot, window)
    assert all(p.property("stale") is False for p in window.panels.panels.values())
    assert shape_of(window, "conv1") == "16 × 128 × 128"


def test_clicking_a_cell_explains_it_in_the_inspector(qtbot, make_window) -> None:
    """The inspector's sum for a conv1 cell adds up to the value torch computed for that cell."""
    import re

    import torch
    import torch.nn.functional as F

    window = make_window(show=True)
    tiles = window.stage_panel("conv1").tiles
    rect = tiles.tile_rect(2)
    point = rect.topLeft() + QPoint(rect.width() // 3, rect.height() // 2)
    channel, row, col = tiles.hit(point.toPointF())
    qtbot.mouseClick(tiles, Qt.MouseButton.LeftButton, pos=point)
    inspector = window.findChild(QWidget, "dock:inspector")
    assert inspector.isVisible()
    result = window.controller.last_response.result
    w = result.weights
    x = torch.tensor(result.input)[None]
    expected = F.conv2d(
        x, torch.tensor(w["conv1.weight"]), torch.tensor(w["conv1.bias"]), stride=2, padding=1
    )
    value = float(expected[0, channel, row, col])
    heading = window.findChild(QLabel, "inspector-heading").text()
    assert heading.startswith(f"conv1[{channel}, {row}, {col}] = ")
    shown = float(re.search(r"= (\S+)", heading).group(1))
    assert shown == pytest.approx(value, rel=1e-4, abs=1e-5)
    text = inspector.findChild(QWidget, "inspector-text").toPlainText()
    assert "bias" in text and "448" in text  # the cell's sum, and the derivations below it
    # The keyboard moves the cell and the inspector follows.
    qtbot.keyClick(tiles, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert (
        window.findChild(QLabel, "inspector-heading").text().startswith(f"conv1[{channel}, {row}, {col + 1}]")
    )


def test_a_size_typed_into_the_box_moves_the_slider(qtbot, make_window) -> None:
    """The input size's slider shows the typed size, and undo brings both back."""
    from PySide6.QtWidgets import QSlider

    window = make_window()
    slider = window.findChild(QSlider, "slider:input.size")
    assert slider.value() == 256
    edit(window, "input.size", "200")
    assert window.controller.settings["input.size"] == (200, 200)
    assert slider.value() == 200
    window.controller.undo_stack.undo()
    assert window.controller.settings["input.size"] == (256, 256) and slider.value() == 256


def test_shape_labels_are_never_cut_and_narrow_again_when_idle(qtbot, make_window) -> None:
    """A panel's shape label keeps one size while shapes change (no re-layout per step), widens
    for a longer shape and narrows again once the newest result is shown."""
    from PySide6.QtGui import QFont, QFontMetrics

    window = make_window(show=True)
    label = window.stage_panel("conv1").shape_label

    def text_width(text: str) -> int:  # hand-made: the label's font at weight 600, plus 6 px padding a side
        font = QFont(label.font())
        font.setWeight(QFont.Weight.DemiBold)
        return QFontMetrics(font).horizontalAdvance(text) + 12

    edit(window, "input.size", "1000")
    wait_render(qtbot, window)
    assert label.text() == "16 × 500 × 500" and label.width() >= text_width(label.text())
    wide = label.width()
    edit(window, "input.size", "8")
    wait_render(qtbot, window)
    assert label.text() == "16 × 4 × 4"
    assert text_width(label.text()) <= label.width() < wide  # narrowed once shown, still whole

    # Painted by the label itself (not the style sheet): the badge's colour, the whole text right-aligned.
    shot = label.grab().toImage()
    ratio = shot.devicePixelRatio()
    assert shot.pixelColor(int(2 * ratio), shot.height() // 2) == label.BACKGROUND
    ink = [
        x / ratio
        for x in range(shot.width())
        for y in range(shot.height())
        if shot.pixelColor(x, y).lightness() < label.BACKGROUND.lightness() - 60
    ]
    assert ink, "no text painted"
    assert min(ink) >= label.width() - text_width(label.text()) - 2  # starts where right-aligned text starts
    assert max(ink) <= label.width() - 6 + 1  # ends at the padding


def test_a_change_marks_the_panels_once_and_the_marks_follow_it(qtbot, make_window) -> None:
    """A valid change is marked when its request is sent, not also when its plan is published
    (twice per step of a dragged slider before); a refused change is marked at once."""
    window = make_window()
    wait_render(qtbot, window)
    calls = []
    real = window._refresh_stale
    window._refresh_stale = lambda: (calls.append(1), real())[1]
    edit(window, "conv1.stride", "1")
    assert len(calls) == 1
    assert shape_of(window, "conv1") == "16 × 256 × 256"  # 256 + 2 - 3 + 1, by hand
    assert window.panel("conv1").property("stale") is True
    wait_render(qtbot, window)
    assert window.panel("conv1").property("stale") is False
    calls.clear()
    edit(window, "conv1.groups", "3")  # 3 input channels into 16 outputs: refused, nothing is sent
    assert len(calls) == 1 and shape_of(window, "conv1") == "—"
    assert window.panel("conv1").property("stale") is True


def test_a_panels_subtitle_ends_in_an_ellipsis_where_it_is_cut(qtbot, make_window) -> None:
    """A narrow panel shows "what the net…" (whole in the tooltip), a wide one the whole subtitle."""
    window = make_window(show=True)
    subtitle = window.panel("input").subtitle
    whole = subtitle.full_text
    assert subtitle.toolTip() == whole
    subtitle.resize(subtitle.fontMetrics().horizontalAdvance(whole) // 2, subtitle.height())
    qtbot.waitUntil(lambda: subtitle.text() != whole, timeout=TIMEOUT)
    assert subtitle.text().endswith("…") and whole.startswith(subtitle.text()[:-1])
    subtitle.resize(subtitle.fontMetrics().horizontalAdvance(whole) + 20, subtitle.height())
    qtbot.waitUntil(lambda: subtitle.text() == whole, timeout=TIMEOUT)
