"""The forward pass keeps every stage, exactly as torch computes it; weights carry over."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.engine import Engine, resolve_device
from cnnviz.core.errors import DeviceError, SettingError
from cnnviz.core.network import build_network
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.random((3, 256, 256), dtype=np.float32)


def test_every_stage_is_kept_and_correct(image: np.ndarray) -> None:
    engine = Engine("cpu")
    result = engine.run(Settings(), image)
    assert list(result.stages) == ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc"]
    for stage in result.report.stages:
        assert result.stages[stage.name].shape == stage.shape
    w = {k: torch.from_numpy(v.copy()) for k, v in result.weights.items()}
    x = torch.from_numpy(image)[None]
    conv1 = F.conv2d(x, w["conv1.weight"], w["conv1.bias"], stride=2, padding=1)
    np.testing.assert_allclose(result.stages["conv1"], conv1[0].numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(result.stages["relu1"], np.maximum(result.stages["conv1"], 0))
    pool1 = F.max_pool2d(torch.from_numpy(result.stages["relu1"].copy())[None], 2)
    np.testing.assert_array_equal(result.stages["pool1"], pool1[0].numpy())
    logits = w["fc.weight"] @ torch.from_numpy(result.stages["flatten"].copy()) + w["fc.bias"]
    np.testing.assert_allclose(result.logits, logits.numpy(), rtol=1e-4, atol=1e-5)
    assert result.probabilities.sum() == pytest.approx(1.0, abs=1e-6)
    assert result.top_class == int(np.argmax(result.logits))
    np.testing.assert_array_equal(result.input, image)
    for array in [result.input, *result.stages.values(), *result.weights.values()]:
        assert not array.flags.writeable


def test_weights_survive_changes_that_keep_their_shape(image: np.ndarray) -> None:
    engine = Engine("cpu")
    base = engine.run(Settings(), image)
    changed = engine.run(
        Settings().replace(
            {
                "conv1.stride": 1,
                "conv1.padding": 2,
                "conv1.dilation": 2,
                "conv1.padding_mode": "reflect",
                "conv2.padding": "same",
                "pool1.type": "avg",
                "pool2.ceil_mode": True,
            }
        ),
        image,
    )
    for name in ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"]:
        np.testing.assert_array_equal(changed.weights[name], base.weights[name])
    assert changed.weights["fc.weight"].shape != base.weights["fc.weight"].shape  # in_features followed


def test_only_layers_whose_shape_changed_are_reinitialised(image: np.ndarray) -> None:
    engine = Engine("cpu")
    base = engine.run(Settings(), image)
    wider = engine.run(Settings().replace({"conv2.kernel_size": 5}), image)
    np.testing.assert_array_equal(wider.weights["conv1.weight"], base.weights["conv1.weight"])
    assert wider.weights["conv2.weight"].shape == (32, 16, 5, 5)
    np.testing.assert_array_equal(wider.weights["conv2.bias"], base.weights["conv2.bias"])
    back = engine.run(Settings(), image)  # deterministic: the same 3x3 weights come back
    np.testing.assert_array_equal(back.weights["conv2.weight"], base.weights["conv2.weight"])


def test_initialisation_is_deterministic_and_seeded() -> None:
    spec = NetworkSpec.textbook()
    a = build_network(spec, seed=0).state_dict()
    b = build_network(spec, seed=0).state_dict()
    c = build_network(spec, seed=1).state_dict()
    for name in a:
        assert torch.equal(a[name], b[name])
        assert not torch.equal(a[name], c[name])
    bound = 1 / np.sqrt(3 * 9)  # torch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    assert float(a["conv1.weight"].abs().max()) <= bound
    assert float(a["conv1.weight"].abs().max()) > 0.8 * bound


def test_network_module_names_and_flatten(image: np.ndarray) -> None:
    net = build_network(NetworkSpec.textbook())
    assert [n for n, _ in net.named_children()] == [
        "conv1",
        "relu1",
        "pool1",
        "conv2",
        "relu2",
        "pool2",
        "flatten",
        "fc",
    ]
    assert net.fc.in_features == 32 * 32 * 32
    batch = torch.from_numpy(np.stack([image, image]))
    assert net(batch).shape == (2, 10)  # flatten keeps the batch axis


def test_native_input_size_follows_the_image() -> None:
    engine = Engine("cpu")
    settings = Settings().replace({"input.fit": "native"})
    result = engine.run(settings, np.zeros((3, 100, 60), np.float32))
    assert result.stages["conv1"].shape == (16, 50, 30)
    assert result.spec.input.size == (100, 60)


def test_invalid_settings_raise_setting_error(image: np.ndarray) -> None:
    with pytest.raises(SettingError) as info:
        Engine("cpu").run(Settings().replace({"conv1.groups": 2}), image)
    assert info.value.key == "conv1.groups"


def test_devices() -> None:
    assert resolve_device("cpu") == ("cpu", None)
    assert resolve_device("auto")[0] in ("cpu", "mps") or resolve_device("auto")[0].startswith("cuda")
    if not torch.cuda.is_available():
        device, note = resolve_device("cuda:7")
        assert device == "cpu" and "cuda:7" in note
    with pytest.raises(DeviceError):
        resolve_device("tpu")


def test_a_failing_device_falls_back_to_the_cpu(monkeypatch, image: np.ndarray) -> None:
    engine = Engine("cpu")
    real = Engine._run_locked
    calls = []

    def flaky(self, *args):
        calls.append(self.device)
        if self.device != "cpu":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(self, *args)

    monkeypatch.setattr(Engine, "_run_locked", flaky)
    engine.device = "cuda:0"  # pretend the run starts on a GPU
    result = engine.run(Settings(), image)
    assert calls == ["cuda:0", "cpu"]
    assert result.device == "cpu" and engine.device == "cpu"
    assert any("cuda:0" in note and "CPU" in note for note in result.notes)
