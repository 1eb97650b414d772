"""From a forward pass to colormap indices: ranges from full resolution, tiles averaged down, reuse by identity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core import render
from cnnviz.core.display import (
    FLATTEN_WIDTH,
    StageImage,
    downsample_factor,
    flatten_width,
    full_resolution,
    render_input,
    render_result,
    render_stage,
)
from cnnviz.core.engine import Engine, ForwardResult
from cnnviz.core.images import load_image, prepare_input
from cnnviz.core.render import Normalization
from cnnviz.core.settings import Settings
from cnnviz.core.view import StageView, ViewOptions

ASSETS = Path(__file__).resolve().parents[1] / "assets"
MAP_STAGES = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2"]


# ---------------------------------------------------------------------------
# downsample_factor
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("height", "width", "resolution", "factor"),
    [
        (256, 256, 64, 4),
        (256, 256, 256, 1),
        (128, 128, 256, 1),
        (128, 128, 128, 1),
        (129, 128, 128, 2),
        (65, 64, 64, 2),
        (257, 10, 64, 5),
        (10, 300, 100, 3),
        (1, 1, 1, 1),
        (512, 512, 128, 4),
        (1000, 3, 7, 143),
        (64, 64, 0, 1),
        (64, 64, -3, 1),
    ],
)
def test_downsample_factor(height: int, width: int, resolution: int, factor: int) -> None:
    assert downsample_factor(height, width, resolution) == factor


# ---------------------------------------------------------------------------
# render_stage on known values
# ---------------------------------------------------------------------------


def _spike_maps() -> np.ndarray:
    """(2, 8, 8): channel 0 all zero but one 100 at (1, 2); channel 1 a ramp 0..63."""
    maps = np.zeros((2, 8, 8), np.float32)
    maps[0, 1, 2] = 100.0
    maps[1] = np.arange(64, dtype=np.float32).reshape(8, 8)
    maps.flags.writeable = False
    return maps


def test_ranges_come_from_full_resolution_and_tiles_are_averaged() -> None:
    maps = _spike_maps()
    image = render_stage("relu1", "relu", maps, None, Normalization("channel"), 4)
    assert image.factor == 2
    assert image.shape == (2, 8, 8)
    assert image.indices.shape == (2, 4, 4) and image.indices.dtype == np.uint8
    assert image.channels == 2
    assert image.centered is False
    assert image.norm == "channel"
    assert image.source is maps
    # The spike is averaged away in its tile (100 / 4 = 25) but still sets the high.
    np.testing.assert_array_equal(image.low, [0.0, 0.0])
    np.testing.assert_array_equal(image.high, [100.0, 63.0])
    # Tile (0, 1) of channel 0 averages 0, 0, 0, 100 -> 25 -> floor(25 * 256 / 100) = 64.
    expected0 = np.zeros((4, 4), np.uint8)
    expected0[0, 1] = 64
    np.testing.assert_array_equal(image.indices[0], expected0)
    # Channel 1: tile (r, c) averages 16r + 2c + {0, 1, 8, 9} -> 16r + 2c + 4.5.
    means = 16 * np.arange(4)[:, None] + 2 * np.arange(4)[None, :] + 4.5
    np.testing.assert_array_equal(image.indices[1], np.floor(means * 256 / 63).astype(np.uint8))
    # The same as scale_to_indices of torch's avg_pool2d with those ranges.
    small = F.avg_pool2d(torch.from_numpy(maps.copy())[None], 2, 2, ceil_mode=True, count_include_pad=False)[
        0
    ]
    np.testing.assert_array_equal(
        image.indices,
        render.scale_to_indices(small.numpy(), np.array([0.0, 0.0]), np.array([100.0, 63.0]), False),
    )


def test_a_tensor_is_used_when_given_and_gives_the_same_image() -> None:
    maps = _spike_maps()
    from_tensor = render_stage("relu1", "relu", maps, torch.from_numpy(maps.copy())[None], Normalization(), 4)
    from_array = render_stage("relu1", "relu", maps, None, Normalization(), 4)
    np.testing.assert_array_equal(from_tensor.indices, from_array.indices)
    np.testing.assert_array_equal(from_tensor.high, from_array.high)
    assert from_tensor.source is maps


def test_uneven_sizes_average_partial_windows() -> None:
    rng = np.random.default_rng(3)
    maps = rng.normal(size=(3, 10, 7)).astype(np.float32)
    image = render_stage("conv2", "conv", maps, None, Normalization(), 4)
    assert image.factor == 3
    assert image.indices.shape == (3, 4, 3)  # ceil(10 / 3), ceil(7 / 3)
    m = np.abs(maps).reshape(3, -1).max(axis=1).astype(np.float64)
    np.testing.assert_allclose(image.high, m, rtol=0)
    np.testing.assert_allclose(image.low, -m, rtol=0)
    small = F.avg_pool2d(torch.from_numpy(maps)[None], 3, 3, ceil_mode=True, count_include_pad=False)[
        0
    ].numpy()
    # The last row of tiles averages one row of values only (no padding counted).
    np.testing.assert_allclose(small[:, 3, 0], maps[:, 9, 0:3].mean(axis=1), rtol=1e-6)
    np.testing.assert_array_equal(image.indices, render.scale_to_indices(small, -m, m, True))


def test_small_maps_are_not_downsampled() -> None:
    maps = _spike_maps()
    image = render_stage("pool1", "pool", maps, None, Normalization(), 8)
    assert image.factor == 1
    assert image.indices.shape == (2, 8, 8)
    np.testing.assert_array_equal(image.indices, render.scale_to_indices(maps, image.low, image.high, False))
    assert image.indices[0, 1, 2] == 255 and image.indices[0, 0, 0] == 0
    assert image.indices[1, 0, 0] == 0 and image.indices[1, 7, 7] == 255
    big = render_stage("pool1", "pool", maps, None, Normalization(), 1000)
    assert big.factor == 1
    np.testing.assert_array_equal(big.indices, image.indices)


def _signed_maps() -> np.ndarray:
    maps = np.array([[[-2.0, 0.0], [1.0, 4.0]], [[0.5, 0.25], [0.0, -1.0]]], np.float32)
    maps.flags.writeable = False
    return maps


def test_conv_kind_is_centred_on_zero() -> None:
    image = render_stage("conv1", "conv", _signed_maps(), None, Normalization(), 64)
    assert image.centered is True
    np.testing.assert_array_equal(image.low, [-4.0, -1.0])
    np.testing.assert_array_equal(image.high, [4.0, 1.0])
    # floor((v + m) * 256 / 2m): 0 -> 128 in both channels.
    np.testing.assert_array_equal(image.indices[0], [[64, 128], [160, 255]])
    np.testing.assert_array_equal(image.indices[1], [[192, 160], [128, 0]])


def test_relu_kind_is_not_centred() -> None:
    image = render_stage("relu1", "relu", _signed_maps(), None, Normalization(), 64)
    assert image.centered is False
    np.testing.assert_array_equal(image.low, [-2.0, -1.0])
    np.testing.assert_array_equal(image.high, [4.0, 0.5])
    # floor((v - low) * 256 / (high - low))
    np.testing.assert_array_equal(image.indices[0], [[0, 85], [128, 255]])
    np.testing.assert_array_equal(image.indices[1], [[255, 213], [170, 0]])
    forced = render_stage("relu1", "relu", _signed_maps(), None, Normalization("channel", centered=True), 64)
    assert forced.centered is True
    np.testing.assert_array_equal(forced.high, [4.0, 1.0])


def test_stage_normalisation_uses_one_range() -> None:
    relu = render_stage("relu2", "relu", _signed_maps(), None, Normalization("stage"), 64)
    assert relu.norm == "stage"
    np.testing.assert_array_equal(relu.low, [-2.0, -2.0])
    np.testing.assert_array_equal(relu.high, [4.0, 4.0])
    # Channel 1 with the stage's range: 0 -> floor(2 * 256 / 6) = 85, -1 -> 42.
    np.testing.assert_array_equal(relu.indices[1], [[106, 96], [85, 42]])
    conv = render_stage("conv2", "conv", _signed_maps(), None, Normalization("stage"), 64)
    np.testing.assert_array_equal(conv.low, [-4.0, -4.0])
    np.testing.assert_array_equal(conv.high, [4.0, 4.0])
    np.testing.assert_array_equal(conv.indices[1], [[144, 136], [128, 96]])


def test_fixed_range_clips() -> None:
    maps = np.array([[[-1.0, 0.0, 0.5, 1.0, 2.0, 0.25]]], np.float32)
    image = render_stage("conv1", "conv", maps, None, Normalization("fixed", 0.0, 1.0), 64)
    assert image.norm == "fixed"
    assert image.centered is False
    np.testing.assert_array_equal(image.low, [0.0])
    np.testing.assert_array_equal(image.high, [1.0])
    np.testing.assert_array_equal(image.indices[0, 0], [0, 0, 128, 255, 255, 64])
    centred = render_stage("conv1", "conv", maps, None, Normalization("fixed", -0.5, 1.0, centered=True), 64)
    np.testing.assert_array_equal(centred.low, [-1.0])
    np.testing.assert_array_equal(centred.high, [1.0])
    np.testing.assert_array_equal(centred.indices[0, 0], [0, 128, 192, 255, 255, 160])


# ---------------------------------------------------------------------------
# full_resolution and value_at
# ---------------------------------------------------------------------------


def test_full_resolution_uses_the_tiles_ranges() -> None:
    maps = _spike_maps()
    image = render_stage("relu1", "relu", maps, None, Normalization(), 4)
    for channel in range(2):
        full = full_resolution(image, channel)
        assert full.shape == (8, 8) and full.dtype == np.uint8
        low, high = float(image.low[channel]), float(image.high[channel])
        expected = np.clip(np.floor((maps[channel] - low) * 256 / (high - low)), 0, 255).astype(np.uint8)
        np.testing.assert_array_equal(full, expected)
    assert full_resolution(image, 0)[1, 2] == 255  # the spike, invisible in the tile, is at the top here
    assert image.indices[0].max() == 64


def test_value_at_returns_exact_source_values() -> None:
    rng = np.random.default_rng(11)
    maps = rng.normal(size=(4, 9, 13)).astype(np.float32)
    image = render_stage("conv1", "conv", maps, None, Normalization(), 4)
    for c, r, col in [(0, 0, 0), (3, 8, 12), (2, 4, 7), (1, 5, 0)]:
        assert image.value_at(c, r, col) == float(maps[c, r, col])


# ---------------------------------------------------------------------------
# render_input
# ---------------------------------------------------------------------------


def test_render_input() -> None:
    values = np.zeros((3, 2, 3), np.float32)
    values[0] = [[0.0, 1.0, 0.5], [-0.5, 2.0, 0.25]]
    values[1] = 1.0
    values[2] = [[0.2, 0.4, 0.6], [0.8, np.float32(1e-4), 0.999]]
    rgb = render_input(values)
    assert rgb.shape == (2, 3, 3) and rgb.dtype == np.uint8 and rgb.flags.c_contiguous
    np.testing.assert_array_equal(rgb[:, :, 0], [[0, 255, 128], [0, 255, 64]])
    np.testing.assert_array_equal(rgb[:, :, 1], np.full((2, 3), 255))
    np.testing.assert_array_equal(rgb[:, :, 2], [[51, 102, 153], [204, 0, 255]])


def test_render_input_matches_torch_on_a_large_input() -> None:
    """Oracle: torch's clamp, scale, round half up and channels-last, on values in and out of [0, 1]."""
    x = np.random.default_rng(7).normal(0.5, 0.6, (3, 97, 131)).astype(np.float32)
    expected = ((torch.from_numpy(x).clamp(0, 1) * 255 + 0.5).to(torch.uint8)).permute(1, 2, 0).numpy()
    rgb = render_input(x)
    assert rgb.flags.c_contiguous and rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb, expected)


# ---------------------------------------------------------------------------
# render_result on a real forward pass
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cat_input() -> np.ndarray:
    array = prepare_input(load_image(ASSETS / "cat.jpg"), (256, 256), "fit")
    array.flags.writeable = False  # kept as is by the engine, so results can be reused
    return array


@pytest.fixture(scope="module")
def engine_and_result(cat_input: np.ndarray) -> tuple[Engine, ForwardResult]:
    engine = Engine("cpu")
    return engine, engine.run(Settings(), cat_input)


def test_render_result_stages_and_factors(engine_and_result: tuple[Engine, ForwardResult]) -> None:
    _, result = engine_and_result
    view = ViewOptions()
    images = render_result(result, view, 64)
    assert list(images) == [*MAP_STAGES, "flatten"]
    assert "fc" not in images
    factors = {"conv1": 2, "relu1": 2, "pool1": 1, "conv2": 1, "relu2": 1, "pool2": 1}
    tiles = {
        "conv1": (16, 64, 64),
        "relu1": (16, 64, 64),
        "pool1": (16, 64, 64),
        "conv2": (32, 64, 64),
        "relu2": (32, 64, 64),
        "pool2": (32, 32, 32),
    }
    for name in MAP_STAGES:
        image = images[name]
        assert isinstance(image, StageImage)
        assert image.name == name
        assert image.kind == name.rstrip("0123456789")
        assert image.shape == result.stages[name].shape
        assert image.factor == factors[name], name
        assert image.indices.shape == tiles[name], name
        assert image.source is result.stages[name]
        assert image.centered is (image.kind == "conv")
        src = result.stages[name].reshape(result.stages[name].shape[0], -1).astype(np.float64)
        if image.centered:
            np.testing.assert_allclose(image.high, np.abs(src).max(axis=1), rtol=1e-6)
        else:
            np.testing.assert_allclose(image.low, src.min(axis=1), rtol=1e-6)
            np.testing.assert_allclose(image.high, src.max(axis=1), rtol=1e-6)
    flat = images["flatten"]
    assert flat.kind == "flatten"
    assert flat.shape == (32768,)
    assert flat.factor == 1
    assert flatten_width(32768) == FLATTEN_WIDTH == 256
    assert flatten_width(512) == 32 and flatten_width(10) == 16
    assert flat.indices.shape == (1, 32768 // FLATTEN_WIDTH, FLATTEN_WIDTH)
    assert flat.source is result.stages["flatten"]
    assert flat.value_at(0, 3, 5) == float(result.stages["flatten"][3 * FLATTEN_WIDTH + 5])
    # pool1 at factor 1 draws every value with its channel's own range.
    pool1 = images["pool1"]
    np.testing.assert_array_equal(pool1.indices[5], full_resolution(pool1, 5))

    full = render_result(result, view, 256)
    for name in MAP_STAGES:
        assert full[name].factor == 1
        assert full[name].indices.shape == result.stages[name].shape
        np.testing.assert_array_equal(full[name].low, images[name].low)
        np.testing.assert_array_equal(full[name].high, images[name].high)
    np.testing.assert_array_equal(full["conv1"].indices[3], full_resolution(images["conv1"], 3))


def test_render_result_keeps_unchanged_images(
    engine_and_result: tuple[Engine, ForwardResult], cat_input: np.ndarray
) -> None:
    engine, result = engine_and_result
    view = ViewOptions()
    first = render_result(result, view, 64)
    again = render_result(result, view, 64, previous=first)
    assert list(again) == list(first)
    for name in first:
        assert again[name] is first[name], name

    # A change at pool2: the engine reuses conv1..relu2, and so do the images.
    changed = engine.run(result.settings.replace({"pool2.kernel_size": 4}), cat_input, reuse=result)
    assert changed.reused == ("conv1", "relu1", "pool1", "conv2", "relu2")
    after = render_result(changed, view, 64, previous=first)
    for name in ("conv1", "relu1", "pool1", "conv2", "relu2"):
        assert after[name] is first[name], name
    for name in ("pool2", "flatten"):
        assert after[name] is not first[name], name
        assert after[name].source is changed.stages[name]
    assert after["pool2"].shape == (32, 16, 16)
    assert after["flatten"].shape == (8192,)

    # Another resolution or normalisation draws again.
    other_resolution = render_result(result, view, 32, previous=first)
    assert other_resolution["pool1"] is not first["pool1"]
    assert other_resolution["pool1"].factor == 2
    assert other_resolution["flatten"] is first["flatten"]  # the vector does not depend on the resolution
    stage_view = ViewOptions(norm="stage")
    by_stage = render_result(result, stage_view, 64, previous=first)
    for name in MAP_STAGES:
        assert by_stage[name] is not first[name], name
        assert by_stage[name].norm == "stage"
        assert len(set(by_stage[name].high.tolist())) == 1
    assert by_stage["flatten"] is first["flatten"]  # the vector always has its own range
    fixed = render_result(result, ViewOptions(norm="fixed", fixed_range=(0.0, 2.0)), 64, previous=first)
    for name in [*MAP_STAGES, "flatten"]:
        assert fixed[name] is not first[name], name
        assert fixed[name].norm == "fixed"
        np.testing.assert_array_equal(fixed[name].high, 2.0)
    # A per-panel override only redraws that panel.
    one = render_result(result, view.with_override("relu2", norm="stage"), 64, previous=first)
    for name in first:
        assert (one[name] is first[name]) is (name != "relu2"), name
    assert view.with_override("relu2", norm="stage").overrides["relu2"] == StageView(norm="stage")
