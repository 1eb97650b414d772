"""Kernel edits: immutable changes, JSON for sessions and weights, survival across settings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnviz.core.edits import ChannelEdit, EditError, KernelEdits, parameters_with_edits, use_edits
from cnnviz.core.engine import Engine
from cnnviz.core.errors import SessionError, WeightsError
from cnnviz.core.network import build_network
from cnnviz.core.patterns import make_pattern
from cnnviz.core.plan import make_plan
from cnnviz.core.session import Session, load_session, save_session, session_from_json
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.weights import read_weights, save_weights

K3 = np.arange(27, dtype=np.float32).reshape(3, 3, 3)


def _params(settings: Settings) -> dict[str, torch.Tensor]:
    net = build_network(NetworkSpec.from_settings(settings))
    return {k: v.detach() for k, v in net.named_parameters()}


def test_set_and_reset() -> None:
    edits = (
        KernelEdits().set("conv1", 2, K3, bias=0.5).set("conv1", 4, K3).set("conv2", 0, np.ones((16, 3, 3)))
    )
    assert edits.channels("conv1") == [2, 4] and edits.channels("conv2") == [0]
    assert edits.reset_channel("conv1", 2).channels("conv1") == [4]
    assert edits.reset_layer("conv1").channels("conv1") == [] and len(edits.reset_layer("conv1")) == 1
    assert len(edits.reset_all()) == 0
    assert len(edits) == 3  # the original is unchanged


def test_parameters_with_edits_changes_only_the_edited_channel() -> None:
    params = _params(Settings())
    before = {k: v.clone() for k, v in params.items()}
    edited, info = parameters_with_edits(params, KernelEdits().set("conv1", 2, K3, bias=0.5))
    assert info.applied == (("conv1", 2),)
    assert torch.equal(edited["conv1.weight"][2], torch.from_numpy(K3))
    assert edited["conv1.bias"][2].item() == 0.5
    keep = [i for i in range(16) if i != 2]
    assert torch.equal(edited["conv1.weight"][keep], before["conv1.weight"][keep])
    assert torch.equal(edited["conv1.bias"][keep], before["conv1.bias"][keep])
    assert edited["conv2.weight"] is params["conv2.weight"]  # untouched layers are shared
    for k in params:  # the input is not changed in place
        assert torch.equal(params[k], before[k])


def test_edits_survive_changes_that_keep_the_kernel_shape() -> None:
    edits = KernelEdits().set("conv1", 2, K3, bias=0.5)
    for assignments in (
        ["conv1.stride=1"],
        ["conv1.padding=0"],
        ["pool1.type=avg"],
        ["conv1.out_channels=32"],
    ):
        edited, info = parameters_with_edits(_params(Settings.from_assignments(assignments)), edits)
        assert info.applied == (("conv1", 2),), assignments
        assert torch.equal(edited["conv1.weight"][2], torch.from_numpy(K3))
    for assignments, words in (
        (["conv1.kernel_size=5"], "3×3×3 kernel, conv1's is 3×5×5"),
        (["conv1.out_channels=2"], "2 output channels"),
    ):
        _, info = parameters_with_edits(_params(Settings.from_assignments(assignments)), edits)
        assert info.applied == () and words in info.inactive[0]
    _, info = parameters_with_edits(_params(Settings()), KernelEdits().set("conv3", 0, K3))
    assert "no conv3" in info.inactive[0]


def test_bias_edit_on_a_layer_without_bias_keeps_the_kernel() -> None:
    params = _params(Settings.from_assignments(["conv1.bias=false"]))
    edited, info = parameters_with_edits(params, KernelEdits().set("conv1", 0, K3, bias=3.0))
    assert info.applied == (("conv1", 0),) and "conv1.bias" not in edited


def test_engine_runs_with_edits_and_the_forward_pass_sees_them() -> None:
    settings = Settings.from_assignments(["input.size=16", "input.fit=stretch"])
    image = make_pattern("noise:seed=1,size=16")
    plan = make_plan(settings, image.size)
    from cnnviz.core.images import prepare_input

    array = prepare_input(image, plan.input_size, "stretch")
    engine = Engine("cpu")
    plain = engine.run(plan, array)
    use_edits(engine, plan, KernelEdits().set("conv1", 1, np.zeros((3, 3, 3)), bias=0.25))
    edited = engine.run(plan, array)
    assert np.all(edited.stages["conv1"][1] == 0.25)  # zero kernel: only the bias is left
    assert np.array_equal(edited.stages["conv1"][0], plain.stages["conv1"][0])
    assert edited.sources["conv1.weight"] == "seeded"  # still untrained


def test_json_round_trip() -> None:
    edits = KernelEdits().set("conv1", 2, K3 / 7, bias=0.5).set("conv2", 31, np.ones((16, 1, 1)))
    data = json.loads(json.dumps(edits.to_json()))
    assert KernelEdits.from_json(data) == edits
    assert data["conv1"]["2"]["bias"] == 0.5


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "must be an object"),
        ({"pool1": {}}, "not a conv layer"),
        ({"conv9": {}}, "not a conv layer"),
        ({"conv1": []}, "object of channel"),
        ({"conv1": {"x": {"kernel": [[[1]]]}}}, "not a number"),
        ({"conv1": {"-1": {"kernel": [[[1]]]}}}, "not a number"),
        ({"conv1": {"0": {"bias": 1}}}, "'kernel' and 'bias'"),
        ({"conv1": {"0": {"kernel": [[[1]]], "extra": 1}}}, "'kernel' and 'bias'"),
        ({"conv1": {"0": {"kernel": [[1, 2]]}}}, "list of input channels"),
        ({"conv1": {"0": {"kernel": [[[1, 2], [3]]]}}}, "same length"),
        ({"conv1": {"0": {"kernel": [[["a"]]]}}}, "list of input channels"),
        ({"conv1": {"0": {"kernel": [[[True]]]}}}, "list of input channels"),
        ({"conv1": {"0": {"kernel": [[[1e400]]]}}}, "finite"),
        ({"conv1": {"0": {"kernel": [[[1]]], "bias": "1"}}}, "number or null"),
    ],
)
def test_bad_json_names_the_problem(data: object, words: str) -> None:
    with pytest.raises(EditError, match=words):
        KernelEdits.from_json(data)


def test_channel_edit_checks_its_kernel() -> None:
    with pytest.raises(EditError, match="shape"):
        ChannelEdit(np.ones((3, 3)))
    with pytest.raises(EditError, match="finite"):
        ChannelEdit(np.full((1, 3, 3), np.nan))


def test_session_keeps_edits_and_pattern(tmp_path: Path) -> None:
    edits = KernelEdits().set("conv1", 0, K3, bias=0.0)
    session = Session(pattern="checkerboard:8", kernel_edits=edits)
    path = save_session(session, tmp_path / "s.json")
    back = load_session(path)
    assert back.kernel_edits == edits
    assert back.pattern == "checkerboard:period=8,size=256"  # checked and written in full
    assert back.image is None


def test_session_checks_edits_and_pattern() -> None:
    base = Session().to_json()
    with pytest.raises(EditError, match="not a conv layer"):
        session_from_json({**base, "kernel_edits": {"fc": {}}})
    with pytest.raises(SessionError, match="not both"):
        session_from_json({**base, "image": "a.png", "pattern": "impulse"})
    from cnnviz.core.errors import CnnvizError

    with pytest.raises(CnnvizError, match="unknown pattern"):
        session_from_json({**base, "pattern": "zebra"})
    old = {k: v for k, v in base.items() if k not in ("pattern", "kernel_edits")}
    assert len(session_from_json(old).kernel_edits) == 0  # files written before the lab load


def test_bad_session_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**Session().to_json(), "kernel_edits": {"conv1": {"0": {"kernel": 3}}}}))
    with pytest.raises(SessionError, match=r"bad\.json.*conv1:0"):
        load_session(path)


@pytest.mark.parametrize("suffix", [".safetensors", ".pt"])
def test_saved_weights_hold_the_edits(tmp_path: Path, suffix: str) -> None:
    settings = Settings()
    params = _params(settings)
    edits = KernelEdits().set("conv1", 3, K3, bias=-1.0)
    path = save_weights(tmp_path / f"w{suffix}", params, settings, edits=edits)
    loaded = read_weights(path)
    assert loaded.edits == edits
    assert torch.equal(loaded.tensors["conv1.weight"][3], torch.from_numpy(K3))
    assert loaded.tensors["conv1.bias"][3].item() == -1.0
    assert torch.equal(loaded.tensors["conv2.weight"], params["conv2.weight"])
    plain = read_weights(save_weights(tmp_path / f"p{suffix}", params, settings))
    assert plain.edits is None


def test_weights_with_bad_edit_metadata_are_refused(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    path = tmp_path / "w.safetensors"
    save_file({"fc.bias": torch.zeros(10)}, str(path), metadata={"kernel_edits": '{"conv1": 3}'})
    with pytest.raises(WeightsError, match="kernel edits stored in the file are not valid"):
        read_weights(path)
