"""The window under the attacks of the reliability issue: hostile stored state, odd pastes,
closing during a computation, and what a closed window keeps."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QMimeData, QSettings, QUrl
from PySide6.QtGui import QImage

from cnnviz.app.persistence import organisation
from cnnviz.core.settings import Settings


@pytest.fixture
def store(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    s = QSettings(organisation(), "cnnviz")
    yield s
    s.clear()
    s.sync()


@pytest.mark.parametrize(
    "stored",
    [
        "[" * 100_000 + "]" * 100_000,  # nested deeper than Python's recursion limit
        '{"conv1.stride": ' + "9" * 5000 + "}",  # a huge integer
        "x" * 300_000,  # longer than any stored value of ours
        '{"conv1.stride": "fast"}',
    ],
)
def test_hostile_stored_settings_start_the_textbook_network_with_a_warning(
    store, make_window, stored
) -> None:
    store.setValue("network/settings", stored)
    store.setValue("view/options", stored)
    store.setValue("files/recent", [stored[:100], 17, None])
    store.setValue("view/zoom_index", stored[:50])
    store.sync()
    window = make_window(persist=True)
    assert window.controller.settings == Settings()
    assert "could not be used" in window.message_bar.text()
    assert window.controller.last_response is not None  # the maps are there


def _mime(**kinds) -> QMimeData:
    mime = QMimeData()
    if "text" in kinds:
        mime.setText(kinds["text"])
    if "image" in kinds:
        mime.setImageData(kinds["image"])
    if "urls" in kinds:
        mime.setUrls(kinds["urls"])
    return mime


@pytest.mark.parametrize(
    ("mime", "says"),
    [
        (lambda: _mime(image=QImage()), "empty image"),
        (lambda: _mime(text="~nosuchuser/x.png"), "not the path of an existing file"),
        (lambda: _mime(text="a" * 5000), "not the path of an existing file"),
        (lambda: _mime(text="line one\nline two\x1b[2J"), "not the path of an existing file"),
        (lambda: _mime(urls=[QUrl("https://example.com/cat.jpg")]), "web address"),
        (lambda: QMimeData(), "No image found"),
    ],
)
def test_odd_pastes_keep_the_image_and_say_what_was_wrong(make_window, mime, says) -> None:
    window = make_window()
    image = window.controller.image
    assert not window.open_mime(mime(), source="clipboard")
    text = window.message_bar.text()
    assert says in text
    assert "\n" not in text and "\x1b" not in text and len(text) < 400
    assert window.controller.image is image


def test_two_dropped_files_open_the_first_and_say_so(make_window, tmp_path) -> None:
    from pathlib import Path

    assets = Path(__file__).resolve().parents[1] / "assets"
    window = make_window()
    mime = _mime(
        urls=[QUrl.fromLocalFile(str(assets / "shapes.png")), QUrl.fromLocalFile(str(assets / "cat.jpg"))]
    )
    assert window.open_mime(mime, source="dropped data")
    assert window.controller.image.name == "shapes.png"
    assert "2 files" in window.message_bar.text() and "shapes.png" in window.message_bar.text()


def test_closing_during_a_computation_stops_it_at_the_next_stage(qtbot, make_window, monkeypatch) -> None:
    """A long update is cancelled between stages when the window closes; nothing runs on afterwards."""
    from cnnviz.core import engine as engine_module

    window = make_window()
    started = threading.Event()
    release = threading.Event()
    stages_run: list[str] = []
    real_run = engine_module.Engine.run

    def slow_run(self, plan, array, **kwargs):
        on_stage = kwargs.get("on_stage")

        def each(name, a, t):
            stages_run.append(name)
            started.set()
            release.wait(5)  # the first stage takes until the window is closed
            if on_stage is not None:
                on_stage(name, a, t)

        return real_run(self, plan, array, **{**kwargs, "on_stage": each})

    monkeypatch.setattr(engine_module.Engine, "run", slow_run)
    window.controller.set_text("conv1.out_channels", "12")
    assert started.wait(10)
    worker = window.controller.worker
    window.close()  # shutdown asks the run to stop at its next stage
    release.set()
    worker._thread.join(10)
    assert not worker._thread.is_alive()
    assert len(stages_run) <= 2  # stopped within one stage of the close, not after all eight
    assert window.controller.last_response is None  # a closed window keeps no maps
    assert worker._last is None and worker._input is None and worker._engine is None


def test_a_session_with_a_bogus_device_changes_nothing(make_window, tmp_path) -> None:
    window = make_window()
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "cnnviz-session", "version": 1, "settings": {}, "device": "bogus"}))
    assert not window.controller.load_session(path)
    assert window.controller.device == "cpu"
    assert "bogus" in window.message_bar.text()


def test_weights_saved_with_native_fit_load_back(qtbot, make_window, tmp_path) -> None:
    """The soak found it: with fit=native the network runs at the image's size, not input.size, so the
    settings stored had an input.size the saved network cannot take and loading the file back refused it."""
    import torch

    window = make_window()  # the cat, 451×300
    c = window.controller
    assert window.set_setting("input.fit", "native")
    assert window.set_setting(
        "input.size", (16, 16)
    )  # conv2 below would not fit at 16 (4 after conv1, pool1)
    assert window.set_setting("conv2.kernel_size", (7, 7))
    qtbot.waitUntil(lambda: c.last_response is not None and c.last_response.request.id == c.latest_request_id)
    ran = c.last_response.result
    assert ran.report.input_shape == (3, 300, 451)
    path = tmp_path / "native.safetensors"
    assert c.save_weights(path)
    assert c.load_weights(path), window.message_bar.text()
    # Oracle: the file's tensors are the ones that ran, byte for byte.
    from safetensors.torch import load_file

    stored = load_file(str(path))
    for name, tensor in stored.items():
        assert torch.equal(tensor, torch.from_numpy(ran.weights[name].copy()))
