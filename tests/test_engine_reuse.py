"""Engine.run(reuse=previous) takes unchanged leading stages from the previous result, and only those."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cnnviz.core.engine import Engine, ForwardResult
from cnnviz.core.network import build_network
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec

MAPS = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2"]
ALL_STAGES = [*MAPS, "flatten", "fc"]


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False  # the engine keeps a read-only input as is (as the app's worker does)
    return array


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    rng = np.random.default_rng(7)
    return _readonly(rng.random((3, 96, 96), dtype=np.float32))


def _weights_of(result: ForwardResult) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v.copy()) for k, v in result.weights.items()}


def _fresh_run(settings: Settings, image: np.ndarray, weights: dict[str, torch.Tensor]) -> ForwardResult:
    """A new engine with exactly these weights, running everything from scratch."""
    engine = Engine("cpu")
    engine.use_weights(weights)
    result = engine.run(settings, image)
    assert result.reused == ()
    return result


def _assert_same_stages(a: ForwardResult, b: ForwardResult) -> None:
    assert list(a.stages) == list(b.stages)
    for name in a.stages:
        np.testing.assert_array_equal(a.stages[name], b.stages[name], err_msg=name)
    np.testing.assert_array_equal(a.probabilities, b.probabilities)


def test_changing_pool2_reuses_every_stage_before_it(image: np.ndarray) -> None:
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    assert first.reused == ()
    changed = Settings().replace({"pool2.kernel_size": 3, "pool2.stride": 2})
    second = engine.run(changed, image, reuse=first)
    assert second.reused == ("conv1", "relu1", "pool1", "conv2", "relu2")
    # Reused stages are the very arrays of the previous result.
    for name in second.reused:
        assert second.stages[name] is first.stages[name]
    for name in ("pool2", "flatten", "fc"):
        assert second.stages[name] is not first.stages[name]
    assert second.stages["pool2"].shape == (32, 11, 11)  # relu2 is 24×24: floor((24 - 3) / 2) + 1
    # Every value equals a full run of a fresh engine with the same weights.
    _assert_same_stages(second, _fresh_run(changed, image, _weights_of(second)))
    for array in second.stages.values():
        assert not array.flags.writeable


def test_pool_type_change_reuses_up_to_the_pool(image: np.ndarray) -> None:
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    changed = Settings().replace({"pool2.type": "avg"})
    second = engine.run(changed, image, reuse=first)
    assert second.reused == ("conv1", "relu1", "pool1", "conv2", "relu2")
    _assert_same_stages(second, _fresh_run(changed, image, _weights_of(second)))


def test_same_settings_again_reuses_everything(image: np.ndarray) -> None:
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    second = engine.run(Settings(), image, reuse=first)
    assert second.reused == tuple(ALL_STAGES)
    for name in ALL_STAGES:
        assert second.stages[name] is first.stages[name]
    np.testing.assert_array_equal(second.probabilities, first.probabilities)


def test_changing_conv1_reuses_nothing(image: np.ndarray) -> None:
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    changed = Settings().replace({"conv1.padding_mode": "reflect"})  # same weights, different output
    second = engine.run(changed, image, reuse=first)
    assert second.reused == ()
    np.testing.assert_array_equal(second.weights["conv1.weight"], first.weights["conv1.weight"])
    for name in ALL_STAGES:
        assert second.stages[name] is not first.stages[name]
    assert not np.array_equal(second.stages["conv1"], first.stages["conv1"])
    _assert_same_stages(second, _fresh_run(changed, image, _weights_of(second)))


def test_a_different_input_object_reuses_nothing_even_with_equal_values(image: np.ndarray) -> None:
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    twin = _readonly(image.copy())
    second = engine.run(Settings().replace({"pool2.type": "avg"}), twin, reuse=first)
    assert second.reused == ()
    assert second.input is twin
    for name in MAPS:
        assert second.stages[name] is not first.stages[name]
    for name in MAPS[:5]:
        np.testing.assert_array_equal(second.stages[name], first.stages[name])


def test_a_writeable_input_is_copied_so_it_is_never_reused(image: np.ndarray) -> None:
    # The caller could change a writeable array between runs: the engine keeps a
    # private read-only copy, which is a different object each time.
    engine = Engine("cpu")
    writeable = image.copy()
    first = engine.run(Settings(), writeable)
    assert first.input is not writeable and not first.input.flags.writeable
    second = engine.run(Settings(), writeable, reuse=first)
    assert second.reused == ()
    # Passing the result's own (read-only) input reuses.
    third = engine.run(Settings(), first.input, reuse=first)
    assert third.reused == tuple(ALL_STAGES)


def test_new_weights_rebuild_the_model_and_reuse_nothing(image: np.ndarray) -> None:
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    other = build_network(NetworkSpec.from_settings(Settings().replace({"input.size": 96})), seed=5)
    other_params = {k: v.detach().clone() for k, v in other.named_parameters()}
    engine.use_weights(other_params)
    second = engine.run(Settings(), image, reuse=first)
    assert second.reused == ()
    for name, value in other_params.items():
        np.testing.assert_array_equal(second.weights[name], value.numpy())
        assert not np.array_equal(second.weights[name], first.weights[name])
    params = engine.parameters()
    assert set(params) == set(other_params)
    for name, value in other_params.items():
        assert torch.equal(params[name], value)
    for name in ALL_STAGES:
        assert second.stages[name] is not first.stages[name]
    with torch.inference_mode():
        expected = other.forward_stages(torch.from_numpy(image.copy())[None])
    for name in ALL_STAGES:
        np.testing.assert_array_equal(second.stages[name], expected[name][0].numpy(), err_msg=name)


def test_turning_a_pooling_off_does_not_reuse_stages_after_it(image: np.ndarray) -> None:
    # conv2 keeps its arguments and weights, but its input is now relu1, not pool1.
    engine = Engine("cpu")
    first = engine.run(Settings(), image)
    changed = Settings().replace({"pool1.type": "none"})
    second = engine.run(changed, image, reuse=first)
    assert second.reused == ("conv1", "relu1")
    assert list(second.stages) == ["conv1", "relu1", "conv2", "relu2", "pool2", "flatten", "fc"]
    assert second.stages["conv2"].shape == (32, 48, 48)
    _assert_same_stages(second, _fresh_run(changed, image, _weights_of(second)))
    # And back: pool1 is computed again, everything after it too.
    third = engine.run(Settings(), image, reuse=second)
    assert third.reused == ("conv1", "relu1")
    _assert_same_stages(third, first)


def test_fewer_blocks_does_not_reuse_the_old_flatten(image: np.ndarray) -> None:
    engine = Engine("cpu")
    three = Settings().replace({"blocks": 3})
    first = engine.run(three, image)
    assert first.stages["flatten"].shape == (32 * 6 * 6,)
    second = engine.run(Settings(), image, reuse=first)
    assert second.reused == tuple(MAPS)
    assert second.stages["flatten"].shape == (32 * 12 * 12,)
    _assert_same_stages(second, _fresh_run(Settings(), image, _weights_of(second)))
