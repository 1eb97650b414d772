"""The Train panel: training in the background, live history, pause/resume/stop, snapshots in the engine, saving."""

from __future__ import annotations

import contextlib
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtCore import QTimer

from cnnviz.app.train_curves import TrainCurves, nice_ticks, running_mean
from cnnviz.core.dataset import CLASS_NAMES, generate_batch
from cnnviz.core.settings import Settings
from cnnviz.core.train import TrainConfig, train, trainable_network
from cnnviz.core.weights import read_weights

TINY = Settings().replace({"input.size": 32})
LONG = TrainConfig(epochs=1, images_per_epoch=1_000_000, batch_size=4, held_out=0)  # stopped by the test


@pytest.fixture
def window(make_window):
    return make_window(settings=TINY)


def _set_options(dock, *, epochs=1, images=40, batch=10, update_every=2, held_out=0) -> None:
    dock.epochs.setValue(epochs)
    dock.images.setValue(images)
    dock.batch.setValue(batch)
    dock.update_every.setValue(update_every)
    dock.held_out.setValue(held_out)


def _finish(qtbot, trainer, states=("finished", "stopped")) -> None:
    qtbot.waitUntil(lambda: trainer.state in states, timeout=60_000)


def test_a_run_from_the_panel_records_a_falling_loss(qtbot, window) -> None:
    dock = window.train_dock
    trainer = dock.trainer
    config = TrainConfig(
        epochs=15,
        images_per_epoch=20,
        batch_size=20,
        learning_rate=5e-3,
        held_out=0,
        seed=9,
        fresh_images=False,
    )
    assert trainer.start(config, snapshot_every=100)
    _finish(qtbot, trainer)
    # oracle: the first batch's loss computed with torch from a fresh network of the same seed
    images, labels = generate_batch(9, 0, 20, (32, 32))
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255
    y = torch.from_numpy(labels)
    with torch.no_grad():
        initial = float(F.cross_entropy(trainable_network(TINY, seed=9).eval()(x), y))
        final_net = trainable_network(TINY, seed=9).eval()
        final_net.load_state_dict(trainer.result.parameters)
        final = float(F.cross_entropy(final_net(x), y))
    h = trainer.history
    assert h.steps == list(range(1, 16))
    assert h.losses[0] == pytest.approx(initial, abs=1e-5)
    assert h.losses[-1] < initial - 0.2
    assert final < initial - 0.2
    assert dock.progress.value() == 15 and dock.progress.maximum() == 15
    assert "Finished: 15 steps" in dock.status.text()


def test_start_pause_resume_stop_through_the_buttons(qtbot, window) -> None:
    dock = window.train_dock
    trainer = dock.trainer
    dock.use_options(LONG, 5)
    assert dock.start_button.isEnabled() and not dock.pause_button.isEnabled()
    dock.start_button.click()
    assert not dock.epochs.isEnabled() and not dock.start_button.isEnabled()  # options locked while running
    qtbot.waitUntil(lambda: len(trainer.history.steps) >= 3, timeout=30_000)
    dock.pause_button.click()
    assert trainer.state == "paused" and dock.resume_button.isEnabled() and not dock.pause_button.isEnabled()
    # the run pauses after its current step and hands over the weights of that step
    qtbot.waitUntil(lambda: trainer.held_at is not None, timeout=30_000)
    paused_at = trainer.held_at
    assert trainer.latest.step == paused_at == trainer.history.steps[-1]
    assert trainer.history.shown[-1] == paused_at  # the window was given the weights it paused with
    thread = trainer._thread
    qtbot.wait(300)  # events processed while paused: no step may arrive
    assert trainer.history.steps[-1] == paused_at and thread.is_alive()
    assert trainer._control.paused
    assert "Paused" in dock.status.text()
    dock.resume_button.click()
    qtbot.waitUntil(lambda: trainer.history.steps[-1] > paused_at + 2, timeout=30_000)
    dock.stop_button.click()
    _finish(qtbot, trainer)
    thread.join(10)
    assert not thread.is_alive()
    assert trainer.state == "stopped" and dock.start_button.isEnabled() and dock.epochs.isEnabled()
    assert dock.start_button.text() == "Start Again"


def test_snapshots_reach_the_engine_and_the_labels_say_so(qtbot, window) -> None:
    dock = window.train_dock
    trainer = dock.trainer
    c = window.controller
    seen = {}

    def keep(response) -> None:
        w = response.request.weights
        if w is not None and w.path is None:
            seen[int(w.metadata["steps"])] = (w, response.result)

    c.result_ready.connect(keep)
    _set_options(dock, images=60, batch=10, update_every=2)  # 6 steps, snapshots at 0, 2, 4, 6
    dock.start()
    _finish(qtbot, trainer)
    qtbot.waitUntil(
        lambda: c.shown_request_id == c.latest_request_id and c.last_response.request.weights is c.weights
    )
    final = c.last_response.result
    # the engine computed the maps with exactly the run's final tensors
    for name, tensor in trainer.result.parameters.items():
        np.testing.assert_array_equal(final.weights[name], tensor.numpy())
    # and an intermediate snapshot's maps with that snapshot's tensors (the newest-wins worker may skip some)
    middle = [step for step in seen if 0 < step < 6]
    assert middle
    weights, result = seen[middle[0]]
    for name, tensor in weights.tensors.items():
        np.testing.assert_array_equal(result.weights[name], tensor.numpy())
    # the filters view shows the same conv1 filters
    np.testing.assert_array_equal(
        window.filters_dock.result.weights["conv1.weight"], final.weights["conv1.weight"]
    )
    assert trainer.history.shown[:4] == [0, 2, 4, 6]
    assert "trained in the window, 6 steps" in window.weights_label.text()
    assert c.weights_name == "trained in the window, 6 steps"
    # the scores name the data set's classes, from the snapshot's metadata
    assert json.loads(c.weights.metadata["class_names"]) == list(CLASS_NAMES)
    assert window.panels.scores_panel.names == list(CLASS_NAMES)


def test_during_the_run_the_labels_say_weights_in_training(qtbot, window) -> None:
    trainer = window.train_dock.trainer
    assert trainer.start(LONG, snapshot_every=3)
    qtbot.waitUntil(lambda: len(trainer.history.shown) >= 2, timeout=30_000)
    step = trainer.history.shown[-1]
    assert window.controller.weights_name == f"weights in training, step {step}"
    assert f"weights in training, step {step}" in window.weights_label.text()
    trainer.stop()
    _finish(qtbot, trainer)


def test_save_writes_a_file_the_weights_loader_reads_with_the_metadata(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    dock = window.train_dock
    trainer = dock.trainer
    _set_options(dock, images=30, batch=10, held_out=20)
    dock.start()
    _finish(qtbot, trainer)
    target = tmp_path / "mine"  # no suffix: .safetensors is added
    monkeypatch.setattr(
        "cnnviz.app.train_panel.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    dock.save_button.click()
    path = tmp_path / "mine.safetensors"
    loaded = read_weights(path)
    for name, tensor in trainer.result.parameters.items():
        torch.testing.assert_close(loaded.tensors[name], tensor, rtol=0, atol=0)
    assert loaded.settings == TINY
    # every key cnnviz train writes, from a run of the core loop itself
    cli_keys = set(
        train(TrainConfig(epochs=1, images_per_epoch=10, batch_size=10, held_out=0), TINY).metadata()
    )
    assert cli_keys <= set(loaded.metadata) | {"held_out_accuracy"}
    assert loaded.metadata["trained_by"] == "cnnviz window (Train panel)"
    assert loaded.metadata["steps"] == "3" and loaded.metadata["epochs"] == "1"
    assert float(loaded.metadata["held_out_accuracy"]) == pytest.approx(
        trainer.result.held_out_accuracy, abs=1e-4
    )
    assert json.loads(loaded.metadata["class_names"]) == list(CLASS_NAMES)
    # a folder that does not exist: a message, no traceback, nothing written
    messages = []
    window.controller.message.connect(lambda level, text, topic: messages.append((level, topic)))
    assert not trainer.save(str(tmp_path / "missing" / "w.safetensors"))
    assert messages == [("error", "training")]
    assert not (tmp_path / "missing").exists()


def test_the_window_stays_responsive_while_training(qtbot, window) -> None:
    trainer = window.train_dock.trainer
    assert trainer.start(LONG, snapshot_every=0)
    qtbot.waitUntil(lambda: len(trainer.history.steps) >= 2, timeout=30_000)
    fired = []
    QTimer.singleShot(0, lambda: fired.append((trainer.state, trainer._thread.is_alive())))
    qtbot.waitUntil(lambda: bool(fired), timeout=5_000)
    assert fired == [("running", True)]
    # a change of the view is computed and shown while the run goes on
    before = window.render_count
    window.controller.with_view(norm="stage")  # needs the maps computed again
    qtbot.waitUntil(lambda: window.render_count > before, timeout=20_000)
    assert trainer.state == "running"
    trainer.stop()
    _finish(qtbot, trainer)


def test_a_settings_change_stops_the_run_with_a_message(qtbot, window) -> None:
    trainer = window.train_dock.trainer
    messages = []
    window.controller.message.connect(lambda level, text, topic: messages.append((topic, text)))
    assert trainer.start(LONG, snapshot_every=2)
    qtbot.waitUntil(lambda: len(trainer.history.shown) >= 2, timeout=30_000)
    window.set_setting("input.fit", "stretch")  # how the image is fed: the network stays the same
    assert trainer.state == "running"
    window.set_setting("conv1.out_channels", 8)
    _finish(qtbot, trainer)
    assert trainer.state == "stopped"
    assert any(topic == "training" and "settings changed" in text for topic, text in messages)
    # the trained weights stay; conv1 no longer fits them and is marked so
    assert window.controller.weights is trainer._given


def test_other_weights_stop_the_run_and_stay(qtbot, window) -> None:
    trainer = window.train_dock.trainer
    assert trainer.start(LONG, snapshot_every=2)
    qtbot.waitUntil(lambda: len(trainer.history.shown) >= 2, timeout=30_000)
    window.controller.reset_weights()
    _finish(qtbot, trainer)
    assert window.controller.weights is None  # the run's last weights did not come back over them


def test_settings_without_a_network_are_refused_with_a_message(qtbot, window) -> None:
    trainer = window.train_dock.trainer
    messages = []
    window.controller.message.connect(lambda level, text, topic: messages.append((level, text)))
    window.controller.set_value("conv1.kernel_size", 64)  # larger than the 32×32 input
    assert not window.controller.valid
    assert not window.train_dock.start()
    assert trainer.state == "idle"
    assert messages and messages[-1][0] == "error" and "Fix the settings first" in messages[-1][1]


def test_a_language_switch_keeps_the_run_and_its_curves(qtbot) -> None:
    from cnnviz.app import MainWindow, language

    window = MainWindow(image=None, device="cpu", settings=TINY)
    windows = [window]
    try:
        trainer = window.train_dock.trainer
        assert trainer.start(LONG, snapshot_every=3)
        qtbot.waitUntil(lambda: len(trainer.history.shown) >= 2, timeout=30_000)
        new = language.switch_language(window, "ko")
        windows.append(new)
        assert new is not window and new.train_dock.trainer is trainer and trainer.state == "running"
        assert new.menuBar().actions()[0].text() == "파일(&F)"  # a window rebuilt in Korean
        count = len(trainer.history.steps)
        qtbot.waitUntil(lambda: len(new.train_dock.curves.steps) > count, timeout=30_000)
        shown = trainer.history.shown[-1]
        qtbot.waitUntil(lambda: trainer.history.shown[-1] > shown, timeout=30_000)  # snapshots still arrive
        assert new.controller.weights is trainer._given
        new.train_dock.stop_button.click()
        _finish(qtbot, trainer)
    finally:
        for w in windows:
            with contextlib.suppress(RuntimeError):  # the old one is deleted after the switch
                if not w.handed_over:
                    w.shutdown()
                    w.close()
        language.install_qt_language("en")


def test_closing_the_window_ends_the_thread(qtbot, make_window) -> None:
    window = make_window(settings=TINY)
    trainer = window.train_dock.trainer
    assert trainer.start(LONG, snapshot_every=5)
    qtbot.waitUntil(lambda: len(trainer.history.steps) >= 2, timeout=30_000)
    thread = trainer._thread
    window.close()
    assert not thread.is_alive()
    assert trainer.state in ("running", "stopping")  # the thread ended; its last report never arrived


def test_running_mean_and_ticks_by_hand() -> None:
    values = [4.0, 2.0, float("nan"), 6.0, 0.0]
    mean = running_mean(values, window=2)
    np.testing.assert_allclose(mean, [4.0, 3.0, 2.0, 6.0, 3.0])
    assert running_mean([]).size == 0
    assert nice_ticks(0, 1, 4) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] or nice_ticks(0, 1, 4) == [0, 0.5, 1.0]
    assert nice_ticks(0, 250, 5) == [0, 50, 100, 150, 200, 250]


def test_curves_draw_a_history(qtbot) -> None:
    curves = TrainCurves()
    qtbot.addWidget(curves)
    curves.resize(420, 420)
    steps = list(range(1, 101))
    curves.set_history(
        steps,
        [2.3 - 0.01 * s for s in steps],
        [0.1 + 0.003 * s for s in steps],
        shown=[0, 50, 100],
        total_steps=200,
        held_out=0.35,
    )
    image = curves.grab().toImage()
    assert image.width() == 420
    # the loss curve's colour is on the picture (the bold running mean)
    colours = {image.pixelColor(x, y).name() for x in range(0, 420, 2) for y in range(0, 420, 2)}
    assert "#c0392b" in colours and "#2471a3" in colours


def test_kernel_edits_are_set_aside_undoably_when_a_run_starts(qtbot, window) -> None:
    from cnnviz.core.edits import KernelEdits

    c = window.controller
    kernel = np.arange(27, dtype=np.float32).reshape(3, 3, 3) / 27
    c.set_edits(KernelEdits().set("conv1", 1, kernel, 0.5))
    trainer = window.train_dock.trainer
    _set_options(window.train_dock, images=20, batch=10)
    assert window.train_dock.start()
    assert len(c.edits) == 0  # the maps show the weights in training, not an edited kernel
    _finish(qtbot, trainer)
    c.undo_stack.undo()
    assert len(c.edits) == 1


def test_native_image_fit_is_refused_and_stops_a_run(qtbot, window) -> None:
    trainer = window.train_dock.trainer
    window.set_setting("input.fit", "native")
    assert not window.train_dock.start() and trainer.state == "idle"
    window.set_setting("input.fit", "crop")
    assert trainer.start(LONG, snapshot_every=2)
    qtbot.waitUntil(lambda: len(trainer.history.steps) >= 1, timeout=30_000)
    window.set_setting("input.fit", "native")  # the network would follow the image's size
    _finish(qtbot, trainer)
    assert trainer.state == "stopped"
