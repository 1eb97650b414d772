"""The controller on its own: synchronous worker, a fake view that records what it is told.

Oracles: torch itself (a fresh ``nn`` module with the same weights) and the
textbook's formula by hand, never the controller's own computation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.app.controller import Controller, PlanUpdate
from cnnviz.app.worker import RenderResponse
from cnnviz.core.images import load_image, prepare_input
from cnnviz.core.settings import TABLE, Settings, format_value

ASSETS = Path(__file__).resolve().parents[1] / "assets"


@dataclass
class FakeView:
    """Records every signal the controller sends, as a window would receive them."""

    updates: list[PlanUpdate] = field(default_factory=list)
    results: list[RenderResponse] = field(default_factory=list)
    requests: list[object] = field(default_factory=list)
    messages: list[tuple[str, str, str]] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)

    def attach(self, c: Controller) -> None:
        c.plan_changed.connect(self.updates.append)
        c.result_ready.connect(self.results.append)
        c.request_submitted.connect(self.requests.append)
        c.message.connect(lambda level, text, topic: self.messages.append((level, text, topic)))
        c.message_cleared.connect(self.cleared.append)


@pytest.fixture
def controller(qapp):
    c = Controller("cpu", synchronous=True)
    view = FakeView()
    view.attach(c)
    c.view_record = view  # type: ignore[attr-defined]
    assert c.load_image(ASSETS / "cat.jpg")
    yield c
    c.shutdown()


def _view(c: Controller) -> FakeView:
    return c.view_record  # type: ignore[attr-defined]


# One change of any setting, structural or not, is exactly one request and one result.
CHANGES = [
    ("conv1.stride", "1"),
    ("conv1.out_channels", "8"),
    ("blocks", "3"),
    ("blocks", "1"),
    ("pool1.type", "none"),
    ("pool1.type", "avg"),
    ("pool1.ceil_mode", "true"),
    ("input.size", "200"),
    ("conv2.padding_mode", "reflect"),
    ("conv1.kernel_size", "5,3"),
]


@pytest.mark.parametrize(("key", "text"), CHANGES)
def test_one_change_is_one_request_and_one_result(controller: Controller, key: str, text: str) -> None:
    view = _view(controller)
    before = (len(view.requests), len(view.results), len(view.updates))
    controller.set_geometry(1100, 1.0)  # the window reports its size once; no redraw needed after
    assert controller.set_text(key, text)
    assert len(view.requests) - before[0] == 1
    assert len(view.results) - before[1] == 1
    assert len(view.updates) - before[2] == 1
    assert view.results[-1].request.plan.settings == controller.settings


def test_a_refused_text_changes_nothing_and_names_the_control(controller: Controller) -> None:
    view = _view(controller)
    settings = controller.settings
    requests = len(view.requests)
    assert not controller.set_text("conv1.stride", "1.5")
    assert controller.settings == settings
    assert len(view.requests) == requests
    assert "conv1.stride" in view.updates[-1].problems
    assert controller.set_text("conv1.stride", "1")
    assert "conv1.stride" not in view.updates[-1].problems


def test_the_maps_are_torchs_for_the_textbook_network(controller: Controller) -> None:
    response = _view(controller).results[-1]
    result = response.result
    w = result.weights
    x = torch.tensor(result.input)[None]
    conv1 = F.conv2d(x, torch.tensor(w["conv1.weight"]), torch.tensor(w["conv1.bias"]), stride=2, padding=1)
    pool1 = F.max_pool2d(F.relu(conv1), 2, 2)
    conv2 = F.conv2d(pool1, torch.tensor(w["conv2.weight"]), torch.tensor(w["conv2.bias"]), padding=1)
    pool2 = F.max_pool2d(F.relu(conv2), 2, 2)
    fc = F.linear(torch.flatten(pool2, 1), torch.tensor(w["fc.weight"]), torch.tensor(w["fc.bias"]))
    for name, expected in (("conv1", conv1), ("pool1", pool1), ("conv2", conv2), ("pool2", pool2)):
        np.testing.assert_allclose(result.stages[name], expected[0].numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(result.stages["fc"], fc[0].numpy(), rtol=1e-4, atol=1e-4)


def test_undo_and_redo_walk_back_through_changes(controller: Controller) -> None:
    controller.set_text("conv1.stride", "1")
    controller.set_text("pool1.type", "avg")
    stack = controller.undo_stack
    assert stack.undoText() == "pool1.type max → avg"
    stack.undo()
    assert controller.settings["pool1.type"] == "max"
    assert _view(controller).results[-1].request.plan.settings == controller.settings
    stack.undo()
    assert controller.settings == Settings()
    stack.redo()
    assert controller.settings["conv1.stride"] == (1, 1)


def test_reset_is_undoable_and_restores_the_device(controller: Controller) -> None:
    controller.set_text("conv1.out_channels", "4")
    controller.reset()
    assert controller.settings == Settings()
    assert controller.device == "cpu"
    controller.undo_stack.undo()
    assert controller.settings["conv1.out_channels"] == 4


def test_a_bad_session_device_changes_nothing(controller: Controller, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"format": "cnnviz-session", "version": 1, "settings": {}, "device": "bogus"}')
    assert not controller.load_session(path)
    assert controller.device == "cpu"
    assert _view(controller).messages[-1][2] == "session"


def test_messages_are_cleared_when_their_cause_is_fixed(controller: Controller, tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    assert not controller.load_image(bad)
    view = _view(controller)
    assert view.messages[-1][0] == "error" and view.messages[-1][2] == "image"
    cleared = len(view.cleared)
    assert controller.load_image(ASSETS / "cat.jpg")
    assert "image" in view.cleared[cleared:]


def test_every_default_round_trips_through_the_parser() -> None:
    """What a control shows of a value reads back as that value (the sidebar and --set agree)."""
    for key, row in TABLE.items():
        default = Settings()[key]
        assert row.parse(format_value(row.kind, default)) == default, key


def test_prepare_matches_the_window_input(controller: Controller) -> None:
    image = load_image(ASSETS / "cat.jpg")
    response = _view(controller).results[-1]
    s = controller.settings
    expected = prepare_input(image, s.pair("input.size"), s.choice("input.fit"))
    np.testing.assert_array_equal(response.result.input, expected)


@pytest.mark.parametrize("norm", ["channel", "stage", "fixed"])
def test_the_contact_sheet_and_the_window_colour_a_stage_identically(
    controller: Controller, norm: str
) -> None:
    """The window draws from torch tensors, the sheet from numpy arrays: the indices must agree."""
    from cnnviz.core.sheet import stage_images
    from cnnviz.core.view import ViewOptions

    controller.set_view(ViewOptions(norm=norm))
    response = _view(controller).results[-1]
    request = response.request
    result = response.result
    stages = [(name, result.report.stage(name).kind, array) for name, array in result.stages.items()]
    sheet = stage_images(
        stages, request.view, resolution=request.tile_resolution, sizes=request.tile_sizes, max_tiles=None
    )
    compared = 0
    for name, image in response.images.items():
        if name in sheet:
            np.testing.assert_array_equal(image.indices, sheet[name].indices, err_msg=name)
            compared += 1
    assert compared >= 6


def test_settings_and_image_together_are_one_undoable_change(controller: Controller) -> None:
    """A lesson step's input: the image and the settings change in one command and come back together."""
    from cnnviz.core.patterns import make_pattern

    cat = controller.image
    cat_pixels = cat.pixels.copy()
    before = controller.settings
    stack = controller.undo_stack
    count, requests = stack.count(), len(_view(controller).requests)
    impulse = make_pattern("impulse:size=16")
    after = before.replace({"input.size": (16, 16)})
    controller.set_settings(after, text="a step", image=impulse)
    assert stack.count() == count + 1 and stack.text(stack.count() - 1) == "a step"
    assert len(_view(controller).requests) == requests + 1  # planned once for the pair
    expected = np.zeros((3, 16, 16), np.float32)  # drawn by hand: one bright pixel in the middle
    expected[:, 8, 8] = 1.0
    assert np.array_equal(controller.last_response.result.input, expected)
    stack.undo()
    assert controller.settings == before and controller.image is cat
    assert np.array_equal(controller.image.pixels, cat_pixels)
    assert np.array_equal(
        controller.last_response.result.input,
        prepare_input(load_image(ASSETS / "cat.jpg"), (256, 256), "crop"),
    )
    stack.redo()
    assert controller.image is impulse and controller.settings == after


def test_undoing_a_step_back_to_no_image(qapp) -> None:
    from cnnviz.core.patterns import make_pattern

    c = Controller("cpu", synchronous=True)
    try:
        seen: list[object] = []
        c.image_changed.connect(seen.append)
        c.set_settings(c.settings, image=make_pattern("checkerboard:8"))
        assert c.image is not None and c.image.mode == "pattern"
        c.undo_stack.undo()
        assert c.image is None and seen[-1] is None
    finally:
        c.shutdown()


def test_a_session_keeps_weights_trained_in_the_window(controller, tmp_path) -> None:
    """Weights with no file (the Train panel's) are written beside the session and named in it;
    a file already there is not touched; loading the session brings back the very tensors."""
    import torch

    from cnnviz.core.weights import WeightsFile

    generator = torch.Generator().manual_seed(5)
    net = build_network_for(controller.settings)
    tensors = {k: torch.randn(v.shape, generator=generator) for k, v in net.state_dict().items()}
    controller.set_weights(
        WeightsFile(tensors, controller.settings, None, {"trained_by": "test", "steps": "7"}),
        name="weights in training, step 7",
    )
    taken = tmp_path / "lesson.weights.safetensors"
    taken.write_bytes(b"a file of the learner's")
    assert controller.save_session(tmp_path / "lesson.json")
    assert taken.read_bytes() == b"a file of the learner's"  # never overwritten
    sidecar = tmp_path / "lesson.weights-2.safetensors"
    assert json.loads((tmp_path / "lesson.json").read_text())["weights"] == sidecar.name
    other = Controller("cpu", synchronous=True)
    try:
        assert other.load_session(tmp_path / "lesson.json")
        assert other.weights is not None and other.weights.path == sidecar
        assert other.weights.metadata["steps"] == "7"
        for name, tensor in tensors.items():
            assert torch.equal(other.weights.tensors[name], tensor), name  # oracle: what was put in
    finally:
        other.shutdown()


def test_a_session_that_cannot_be_written_leaves_no_weights_file(controller, tmp_path) -> None:
    import torch

    from cnnviz.core.weights import WeightsFile

    net = build_network_for(controller.settings)
    tensors = {k: torch.zeros(v.shape) for k, v in net.state_dict().items()}
    controller.set_weights(WeightsFile(tensors, controller.settings, None, {}), name="in training")
    folder = tmp_path / "taken.json"
    folder.mkdir()  # a folder where the session file should go: saving it fails
    assert not controller.save_session(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.json"]
    level, _, topic = controller.view_record.messages[-1]
    assert (level, topic) == ("error", "session")


def build_network_for(settings):
    from cnnviz.core.network import build_network
    from cnnviz.core.plan import make_plan

    plan = make_plan(settings, None)
    return build_network(plan.spec, plan.report)


# --------------------------------------------------------------------------- threads per network


def test_thread_choice_follows_each_networks_last_full_pass(monkeypatch) -> None:
    """One thread; two for a network whose one-thread pass took 250 ms or more; back to one if it then
    takes under 150 ms (hand-set times; the measurements behind them are in core/engine.py)."""
    from cnnviz.core.engine import ThreadChoice

    monkeypatch.delenv("CNNVIZ_THREADS", raising=False)
    choice = ThreadChoice(most=2)
    assert choice.threads_for("a") == 1
    choice.record("a", 1, 249.0)
    assert choice.threads_for("a") == 1
    choice.record("a", 1, 250.0)
    assert choice.threads_for("a") == 2 and choice.threads_for("b") == 1  # per network
    choice.record("a", 2, 180.0)  # faster with two, still long: stays
    assert choice.threads_for("a") == 2
    choice.record("a", 2, 149.0)
    assert choice.threads_for("a") == 1
    assert ThreadChoice(most=1).threads_for("a") == 1
    one_core = ThreadChoice(most=1)
    one_core.record("a", 1, 10_000.0)
    assert one_core.threads_for("a") == 1
    for i in range(ThreadChoice.REMEMBERED + 5):  # a long session remembers a bounded number
        choice.record(i, 1, 300.0)
    assert len(choice._chosen) == ThreadChoice.REMEMBERED and choice.threads_for(0) == 1
    monkeypatch.setenv("CNNVIZ_THREADS", "3")
    fixed = ThreadChoice(most=2)
    fixed.record("a", 3, 1.0)
    assert fixed.threads_for("a") == 3


def test_the_worker_runs_a_long_network_on_two_threads(controller, monkeypatch) -> None:
    """The worker asks the choice before each pass and tells it each full pass (every pass counts as
    long here); torch's thread count follows, and is one again afterwards."""
    from cnnviz.core import engine as engine_module

    monkeypatch.delenv("CNNVIZ_THREADS", raising=False)
    monkeypatch.setattr(engine_module, "LONG_PASS_MS", 0.0)
    worker = controller.worker
    worker.threads = engine_module.ThreadChoice(most=2)
    used = []
    real_run = engine_module.Engine.run

    def run(self, *args, **kwargs):
        used.append(engine_module.threads_in_use())
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(engine_module.Engine, "run", run)
    try:
        controller.set_value("conv1.padding_mode", "replicate")  # a full pass: the choice learns it
        controller.set_value("conv1.padding_mode", "zeros")
        controller.set_value("conv1.padding_mode", "replicate")  # the first network again
        assert used == [1, 1, 2]
    finally:
        engine_module.configure_threads(1)
    assert engine_module.threads_in_use() == 1
