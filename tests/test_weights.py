"""Weights files: round trips, mismatches explained per layer, hostile files refused."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnviz.core.engine import Engine
from cnnviz.core.errors import WeightsError
from cnnviz.core.network import build_network
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.weights import read_weights, save_weights


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    return np.random.default_rng(1).random((3, 64, 64), dtype=np.float32)


SMALL = Settings().replace({"input.size": 64, "conv1.out_channels": 8, "conv2.kernel_size": 5})


@pytest.mark.parametrize("suffix", [".safetensors", ".pt", ".pth"])
def test_round_trip_restores_outputs_and_settings(tmp_path: Path, image: np.ndarray, suffix: str) -> None:
    trained = build_network(NetworkSpec.from_settings(SMALL), seed=123)
    path = save_weights(tmp_path / f"w{suffix}", dict(trained.named_parameters()), SMALL)
    loaded = read_weights(path)
    assert loaded.settings is not None
    assert loaded.settings["conv1.out_channels"] == 8
    assert loaded.settings["conv2.kernel_size"] == (5, 5)
    for name, tensor in trained.state_dict().items():
        assert torch.equal(loaded.tensors[name], tensor)

    engine = Engine("cpu")
    engine.use_weights(loaded, NetworkSpec.from_settings(loaded.settings))
    result = engine.run(loaded.settings, image)
    with torch.inference_mode():
        expected = trained(torch.from_numpy(image)[None])[0].numpy()
    np.testing.assert_allclose(result.logits, expected, rtol=1e-5, atol=1e-6)


def test_plain_state_dict_pt_is_accepted(tmp_path: Path) -> None:
    net = build_network(NetworkSpec.textbook())
    torch.save(net.state_dict(), tmp_path / "plain.pt")
    loaded = read_weights(tmp_path / "plain.pt")
    assert loaded.settings is None
    assert set(loaded.tensors) == set(net.state_dict())


class _Evil:
    def __reduce__(self):
        import os

        return (os.system, ("touch /tmp/cnnviz-pwned-by-test",))


def test_hostile_pickle_is_refused_and_never_runs(tmp_path: Path) -> None:
    marker = Path("/tmp/cnnviz-pwned-by-test")
    marker.unlink(missing_ok=True)
    path = tmp_path / "evil.pt"
    with open(path, "wb") as f:
        pickle.dump({"conv1.weight": _Evil()}, f)
    with pytest.raises(WeightsError) as info:
        read_weights(path)
    assert "refused" in str(info.value) or "not a readable" in str(info.value)
    assert str(path) in str(info.value)
    assert not marker.exists()

    zipped = tmp_path / "evil_zip.pt"
    torch.save({"state_dict": {"conv1.weight": torch.zeros(1)}, "payload": _Evil()}, zipped)
    with pytest.raises(WeightsError) as info:
        read_weights(zipped)
    assert "refused" in str(info.value)
    assert not marker.exists()


def test_mismatch_is_explained_per_layer(tmp_path: Path) -> None:
    other = build_network(NetworkSpec.from_settings(SMALL))
    path = tmp_path / "small.pt"
    torch.save(other.state_dict(), path)  # no settings inside: must fit the current network
    engine = Engine("cpu")
    with pytest.raises(WeightsError) as info:
        engine.use_weights(read_weights(path), NetworkSpec.textbook())
    text = str(info.value)
    assert "conv1.weight: the file has 8×3×3×3, this network needs 16×3×3×3" in text
    assert "conv1.out_channels=8" in text
    assert "conv2.weight" in text and "5×5" in text
    assert "fc.weight" in text and "1,568" in text  # 32*7*7 features at 64x64 with a 5x5 conv2


def test_missing_and_extra_parameters(tmp_path: Path) -> None:
    state = build_network(NetworkSpec.textbook()).state_dict()
    state.pop("conv2.bias")
    state["conv9.weight"] = torch.zeros(1)
    torch.save(state, tmp_path / "odd.pt")
    with pytest.raises(WeightsError) as info:
        Engine("cpu").use_weights(read_weights(tmp_path / "odd.pt"), NetworkSpec.textbook())
    assert "conv2.bias: missing" in str(info.value)
    assert "conv9.weight: in the file" in str(info.value)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("missing.safetensors", None, "no such file"),
        ("empty.safetensors", b"", "empty"),
        ("junk.safetensors", b"\x00\x01garbage" * 10, "safetensors"),
        ("junk.pt", b"this is not a pytorch file", "PyTorch"),
        ("weights.bin", b"abc", "unknown weights format"),
    ],
)
def test_bad_files_get_one_clear_error(tmp_path: Path, name: str, make: bytes | None, words: str) -> None:
    path = tmp_path / name
    if make is not None:
        _write(path, make)
    with pytest.raises(WeightsError) as info:
        read_weights(path)
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_truncated_files(tmp_path: Path) -> None:
    net = build_network(NetworkSpec.textbook())
    for suffix in (".safetensors", ".pt"):
        full = save_weights(tmp_path / f"full{suffix}", dict(net.named_parameters()), Settings())
        cut = _write(tmp_path / f"cut{suffix}", full.read_bytes()[: full.stat().st_size // 2])
        with pytest.raises(WeightsError) as info:
            read_weights(cut)
        assert "truncated" in str(info.value)


def test_directory_and_bad_values(tmp_path: Path) -> None:
    (tmp_path / "dir.pt").mkdir()
    with pytest.raises(WeightsError, match="not a file"):
        read_weights(tmp_path / "dir.pt")
    state = build_network(NetworkSpec.textbook()).state_dict()
    state["conv1.bias"][0] = float("nan")
    torch.save(state, tmp_path / "nan.pt")
    with pytest.raises(WeightsError, match="NaN"):
        read_weights(tmp_path / "nan.pt")
    torch.save({"conv1.weight": "hello"}, tmp_path / "str.pt")
    with pytest.raises(WeightsError, match="not a tensor"):
        read_weights(tmp_path / "str.pt")
    torch.save([1, 2, 3], tmp_path / "list.pt")
    with pytest.raises(WeightsError, match="dictionary of tensors"):
        read_weights(tmp_path / "list.pt")


def test_bad_settings_in_metadata(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    save_file(
        {"conv1.weight": torch.zeros(16, 3, 3, 3)},
        str(tmp_path / "m.safetensors"),
        metadata={"settings": '{"conv1.stride": 0}'},
    )
    with pytest.raises(WeightsError) as info:
        read_weights(tmp_path / "m.safetensors")
    assert "conv1.stride" in str(info.value)
