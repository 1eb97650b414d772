"""Progressive painting and cancellation, driven through the real window (no timing asserted).

The engine is held at a stage with a ``threading.Event`` (a "slow" network whose
speed does not matter): what the window shows while it waits is checked, then
the engine is let go.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtWidgets import QLabel
from test_app import TIMEOUT, edit, wait_render

from cnnviz.core.engine import Engine

HOLD_S = 30  # the longest a held engine waits if a test fails before letting it go


def cancel_at_once(monkeypatch) -> None:
    """A newer request cancels the running one at its next stage, however short its run so far.

    (The app lets a request finish that has run for less than two frames, or any quick one once
    nothing was shown for a while: see ``test_a_short_update_finishes_and_a_long_one_is_cancelled``.)
    """
    from cnnviz.app import worker as worker_module

    monkeypatch.setattr(worker_module, "FINISH_WITHIN_MS", 0.0)
    monkeypatch.setattr(worker_module, "STARVE_MS", float("inf"))


def hold_engine(monkeypatch, at: str = "conv1"):
    """Make the next ``Engine.run`` stop after stage ``at`` until ``gate`` is set.

    Returns ``(reached, gate, computed)``: ``computed`` holds, per run, the stages
    that run handed on (computed or reused), in order.
    """
    real = Engine.run
    reached, gate = threading.Event(), threading.Event()
    computed: list[list[str]] = []

    def run(self, plan, array, **kwargs):
        on_stage = kwargs["on_stage"]
        names: list[str] = []
        computed.append(names)
        held = len(computed) == 1

        def stage(name, values, tensor):
            names.append(name)
            on_stage(name, values, tensor)
            if held and name == at:
                reached.set()
                gate.wait(HOLD_S)

        kwargs["on_stage"] = stage
        return real(self, plan, array, **kwargs)

    monkeypatch.setattr(Engine, "run", run)
    return reached, gate, computed


def conv1_oracle(result, stride: int) -> np.ndarray:
    """conv1 of ``result``'s input and weights with another stride, by torch alone."""
    x = torch.from_numpy(np.array(result.input))[None]
    w = torch.from_numpy(np.array(result.weights["conv1.weight"]))
    b = torch.from_numpy(np.array(result.weights["conv1.bias"]))
    return F.conv2d(x, w, b, stride=stride, padding=1)[0].numpy()


def test_conv1_is_painted_before_the_scores_arrive_and_every_panel_ends_current(
    qtbot, make_window, monkeypatch
) -> None:
    window = make_window(show=True)
    controller = window.controller
    before = controller.last_response
    scores_before = window.panels.scores_panel.scores.probabilities.copy()
    renders = window.render_count
    expected = conv1_oracle(before.result, stride=1)
    reached, gate, _ = hold_engine(monkeypatch)
    try:
        edit(window, "conv1.stride", "1")
        qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
        panel = window.stage_panel("conv1")
        qtbot.waitUntil(
            lambda: panel.image is not None and panel.image.source.shape == expected.shape, timeout=TIMEOUT
        )
        # The new conv1 maps are on screen, true for the current settings ...
        np.testing.assert_allclose(panel.image.source, expected, rtol=1e-4, atol=1e-5)
        assert panel.property("stale") is False
        assert not window.findChild(QLabel, "stale:conv1").text()
        # ... while the later stages and the scores still show the last result, marked as computing.
        assert window.render_count == renders and controller.last_response is before
        np.testing.assert_array_equal(window.panels.scores_panel.scores.probabilities, scores_before)
        for stage in ("relu1", "pool1", "conv2", "pool2", "flatten", "fc"):
            assert window.panel(stage).property("stale") is True, stage
            assert "computing" in window.findChild(QLabel, f"stale:{stage}").text(), stage
        assert window.panel("input").property("stale") is False  # the input did not change
        # A click on the new maps waits for their result rather than explaining the old one.
        assert window.inspect("conv1", 1, 2, 3)
        assert "computing" in window.inspector.heading.text()
    finally:
        gate.set()
    wait_render(qtbot, window)
    heading = window.inspector.heading.text()
    assert heading.startswith("conv1[1, 2, 3] = ") and "computing" not in heading
    assert float(heading.split("= ")[1].split()[0]) == pytest.approx(
        float(expected[1, 2, 3]), rel=1e-4, abs=1e-5
    )
    final = controller.last_response.result
    assert final.settings["conv1.stride"] == (1, 1)
    np.testing.assert_allclose(final.stages["conv1"], expected, rtol=1e-4, atol=1e-5)
    for name, frame in window.panels.panels.items():
        assert frame.property("stale") is False, name
    for stage_panel in window.panels.stage_panels():
        assert stage_panel.image.source is final.stages[stage_panel.stage], stage_panel.stage
    np.testing.assert_array_equal(window.panels.scores_panel.scores.probabilities, final.probabilities)


def test_a_newer_request_cancels_the_running_one_within_one_stage(qtbot, make_window, monkeypatch) -> None:
    window = make_window()
    controller = window.controller
    shown: list[int] = []
    controller.result_ready.connect(lambda response: shown.append(response.request.id))
    cancelled_before = controller.worker.cancelled
    cancel_at_once(monkeypatch)
    reached, gate, computed = hold_engine(monkeypatch)
    try:
        edit(window, "conv1.stride", "1")  # request A: held after its first stage
        qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
        first = controller.latest_request_id
        window.set_setting("conv1.out_channels", 12)  # request B arrives while A runs
        newest = controller.latest_request_id
        assert newest == first + 1
    finally:
        gate.set()
    wait_render(qtbot, window)
    # A stopped before its second stage: one stage computed, then abandoned.
    assert computed[0] == ["conv1"]
    assert controller.worker.cancelled == cancelled_before + 1
    assert first not in shown and shown[-1] == newest
    stages = [s.name for s in controller.plan.report.stages]
    assert len(computed) == 2 and computed[1] == stages  # B ran in full
    result = controller.last_response.result
    assert result.stages["conv1"].shape[0] == 12
    for name, frame in window.panels.panels.items():
        assert frame.property("stale") is False, name


def test_stages_of_an_older_request_are_not_shown(qtbot, make_window) -> None:
    """A stage drawn for a request that is no longer the newest never reaches the panels."""
    window = make_window()
    controller = window.controller
    response = controller.last_response
    passed: list[str] = []
    controller.stage_ready.connect(lambda request, image: passed.append(image.name))
    panel = window.stage_panel("conv1")
    shown_image = panel.image
    old = response.images["conv2"]  # any drawn stage, handed over under an old request
    controller.worker.stage_ready.emit(response.request, old)
    assert passed == [] and panel.image is shown_image
    assert all(not frame.property("stale") for frame in window.panels.panels.values())


def test_a_new_block_paints_progressively_and_its_empty_panels_say_computing(
    qtbot, make_window, monkeypatch
) -> None:
    """blocks 2 → 3: the new panels exist at once, marked computing until their stage arrives."""
    window = make_window()
    controller = window.controller
    reached, gate, _ = hold_engine(monkeypatch, at="conv2")
    try:
        edit(window, "blocks", "3")
        qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: "conv3" in window.panels.panels, timeout=TIMEOUT)
        # conv1..pool2 are what they were (reused): current; conv3 and after: computing.
        for stage in ("conv1", "relu1", "pool1", "conv2", "relu2", "pool2"):
            assert window.panel(stage).property("stale") is False, stage
        for stage in ("conv3", "relu3", "pool3", "flatten", "fc"):
            assert window.panel(stage).property("stale") is True, stage
            assert "computing" in window.findChild(QLabel, f"stale:{stage}").text(), stage
        assert window.stage_panel("conv3").image is None
    finally:
        gate.set()
    wait_render(qtbot, window)
    result = controller.last_response.result
    assert set(window.panels.panels) == {"input", *result.stages}
    for name, frame in window.panels.panels.items():
        assert frame.property("stale") is False, name
    assert window.stage_panel("conv3").image.source is result.stages["conv3"]


def test_panels_out_of_view_are_not_turned_into_pixels_until_scrolled_into_view(qtbot, make_window) -> None:
    """Issue 14: a stage's tiles become QImages when first painted, so work follows what is seen.

    The oracle for the pixels: the colormap's table applied to the stage's colour indices."""
    from cnnviz.app.panels.stage import table_for

    window = make_window(show=True)
    window.resize(1024, 700)
    edit(window, "blocks", "5")
    wait_render(qtbot, window)
    qtbot.wait(50)
    view = window.panels
    first = window.stage_panel("conv1").tiles
    view.ensureWidgetVisible(first)
    qtbot.waitUntil(lambda: first.converted, timeout=5_000)  # on screen, painted
    last = window.stage_panel("pool5").tiles
    top = view.viewport().mapFromGlobal(last.mapToGlobal(last.rect().topLeft())).y()
    assert top > view.viewport().height(), "pool5 should start below the visible part"
    assert not last.converted and last.convert_count == 0

    view.ensureWidgetVisible(last)
    qtbot.waitUntil(lambda: last.converted, timeout=5_000)
    assert last.convert_count == 1
    table = table_for(window.controller.view.cmap_for("pool5", "pool"))
    indices = last.image.indices
    rgb = last.pixels()
    for ch, row, col in [(0, 0, 0), (indices.shape[0] - 1, indices.shape[1] - 1, indices.shape[2] - 1)]:
        assert rgb.pixel(col, ch * indices.shape[1] + row) == table[indices[ch, row, col]]


def test_a_newer_request_stops_the_older_ones_tiles_between_stages(qtbot, make_window, monkeypatch) -> None:
    """Issue 14: the forward pass of A is done but its tiles are still being drawn when B comes;
    A's remaining stages are not drawn and A is never shown (B's shapes tell the two apart)."""
    from cnnviz.app import worker as worker_module

    window = make_window()
    controller = window.controller
    if controller.worker._tiles is None:
        pytest.fail("the window's worker draws tiles on a second thread")
    shown: list[int] = []
    controller.result_ready.connect(lambda response: shown.append(response.request.id))
    real_render, real_run = worker_module.render_named, Engine.run
    drawing, gate, forward_done = threading.Event(), threading.Event(), threading.Event()
    drawn: list[tuple[str, tuple[int, ...], bool]] = []  # stage, shape, after the gate

    def render_named(name, array, *args, **kwargs):
        if not drawing.is_set():
            drawing.set()
            gate.wait(HOLD_S)  # A's first stage holds the tile thread
        drawn.append((name, tuple(np.shape(array)), gate.is_set()))
        return real_render(name, array, *args, **kwargs)

    def run(self, plan, array, **kwargs):
        result = real_run(self, plan, array, **kwargs)
        forward_done.set()
        return result

    monkeypatch.setattr(worker_module, "render_named", render_named)
    monkeypatch.setattr(Engine, "run", run)
    cancel_at_once(monkeypatch)
    cancelled_before = controller.worker.cancelled
    try:
        edit(window, "conv1.stride", "1")  # A: conv1 16 × 256 × 256
        first = controller.latest_request_id
        qtbot.waitUntil(lambda: drawing.is_set() and forward_done.is_set(), timeout=TIMEOUT)
        a_shapes = {s.name: s.shape for s in controller.plan.report.stages}
        edit(window, "input.size", "200")  # B: every map has another size
    finally:
        gate.set()
    wait_render(qtbot, window)
    b_shapes = {s.name: s.shape for s in controller.plan.report.stages}
    assert all(a_shapes[n] != b_shapes[n] for n in ("conv1", "pool1", "conv2", "pool2"))
    after_gate_a = [n for n, shape, late in drawn[1:] if late and a_shapes.get(n) == shape != b_shapes.get(n)]
    assert after_gate_a == [], after_gate_a  # none of A's other stages was drawn
    assert controller.worker.cancelled == cancelled_before + 1
    assert first not in shown and shown[-1] == controller.latest_request_id
    assert controller.last_response.result.stages["conv1"].shape == (16, 200, 200)


def test_a_short_update_finishes_and_a_long_one_is_cancelled() -> None:
    """The worker's rule for a newer request, on a clock set by hand (no timing measured):
    a request expected to finish within FINISH_WITHIN_MS (by the last request's duration)
    finishes; one expected to take longer is cancelled, unless nothing was finished for
    STARVE_MS and the last request took no longer than that (a dragged slider then still
    shows a result every so often)."""
    import time

    from cnnviz.app.worker import FINISH_WITHIN_MS, STARVE_MS, RenderWorker

    worker = RenderWorker("cpu", synchronous=True)
    now = time.perf_counter()
    worker._pending = object()  # a newer request waits
    assert worker._should_stop() is True  # nothing finished yet, nothing expected: cancelled
    worker._finished_at = now  # something was just shown
    worker._last_duration_ms = 20.0  # a quick network
    worker._running_since = now - 0.005
    assert worker._should_stop() is False  # nearly done: it finishes
    worker._last_duration_ms = 300.0  # a slow network ...
    assert worker._should_stop() is True  # ... just started: the newer request goes first
    worker._running_since = now - (300.0 - FINISH_WITHIN_MS / 2) / 1000
    assert worker._should_stop() is False  # ... nearly done: it finishes
    worker._running_since = now - (300.0 + 2 * FINISH_WITHIN_MS) / 1000
    assert worker._should_stop() is True  # ... far later than expected: cancelled
    worker._running_since = now - 0.005
    worker._last_duration_ms = STARVE_MS / 2  # a medium one, just started ...
    assert worker._should_stop() is True
    worker._finished_at = now - (STARVE_MS + 50) / 1000  # ... but nothing shown for a while
    assert worker._should_stop() is False
    worker._last_duration_ms = STARVE_MS * 3  # a slow one is cancelled even then
    assert worker._should_stop() is True
    worker._pending = None
    assert worker._should_stop() is False  # nothing newer: never cancelled
    worker._stopping = True
    assert worker._should_stop() is True  # closing: always


def test_the_receptive_marks_fade_with_stale_maps(qtbot, make_window) -> None:
    """The selected cell's window drawn on an earlier stage belongs to those maps: when they are
    marked stale it is drawn faded like them, not in full yellow over faded tiles."""
    from cnnviz.app.tiles import REACH_COLOUR

    window = make_window()
    grid = window.stage_panel("conv1").tiles
    grid.resize(400, grid.heightForWidth(400))
    grid.set_reach([0], (2, 2, 20, 20))
    rect = grid.cell_rect(0, 2, 2)
    point = (int(rect.left()) + 6, int(rect.top()))  # on the frame's top edge
    yellow = (REACH_COLOUR.red(), REACH_COLOUR.green(), REACH_COLOUR.blue())

    def pixel():
        colour = grid.grab().toImage().pixelColor(*point)
        return colour.red(), colour.green(), colour.blue()

    assert pixel() == yellow
    grid.set_dimmed(True)
    faded = pixel()
    # Hand-derived: drawn at opacity 0.3 over the faded tile, the yellow's blue channel (0) rises
    # towards the tile's, and it is no longer pure yellow.
    assert faded != yellow and faded[2] > yellow[2]
    grid.set_dimmed(False)
    assert pixel() == yellow


def test_a_computing_note_appears_only_if_the_computation_lasts(qtbot, make_window, monkeypatch) -> None:
    """The maps fade at once; "computing…" is written on them only once it has lasted a while
    (showing and hiding the notes at every change cost more of the GUI thread than painting the
    maps: frame.COMPUTING_NOTE_DELAY_MS). A note that is not about computing appears at once."""
    from cnnviz.app.panels import frame

    window = make_window(show=True)
    reached, gate, _ = hold_engine(monkeypatch, at="conv1")
    try:
        edit(window, "conv2.stride", "2")  # typed: no turn of the event loop has run since
        panel = window.panel("conv2")
        assert panel.property("stale") is True  # faded at once ...
        assert "computing" in window.findChild(QLabel, "stale:conv2").text()
        assert not panel.note_shown  # ... the note waits
        qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: panel.note_shown, timeout=frame.COMPUTING_NOTE_DELAY_MS * 20)
        assert panel.property("stale") is True
    finally:
        gate.set()
    wait_render(qtbot, window)
    assert panel.property("stale") is False and not panel.note_shown
    assert not window.findChild(QLabel, "stale:conv2").text()

    # Settings that cannot be computed: nothing is on its way, the note says so at once.
    edit(window, "conv1.groups", "3")
    assert window.panel("conv1").property("stale") is True and window.panel("conv1").note_shown
