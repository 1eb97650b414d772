"""Fitting an image into the network's input (core/fit.py), against hand-derived answers and torch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core import images
from cnnviz.core.errors import SettingError
from cnnviz.core.fit import content_box, input_geometry, input_size_for, prepare_input
from cnnviz.core.images import LoadedImage
from cnnviz.core.settings import FIT_MODES, PAD_MODES, Settings, setting

HYPOTHESIS = {"derandomize": True, "database": None, "deadline": None}


def _image(pixels: np.ndarray) -> LoadedImage:
    return LoadedImage(np.ascontiguousarray(pixels, dtype=np.float32), "t", None, None, "RGB")


def _ramp_x(height: int, width: int) -> LoadedImage:
    """Every pixel's value is its column index / width (all three channels)."""
    columns = np.tile(np.arange(width, dtype=np.float32) / width, (height, 1))
    return _image(np.stack([columns] * 3, axis=2))


# --------------------------------------------------------------------------- geometry, by hand


def test_crop_300x200_to_256_keeps_columns_50_to_249() -> None:
    # A 300-wide, 200-high image cropped to 256 x 256: scale = max(256/200, 256/300) = 1.28,
    # so the kept box is 256/1.28 = 200 pixels square, centred: columns 50..249, every row.
    geometry = input_geometry((200, 300), (256, 256), "crop")
    assert geometry.source == (0.0, 50.0, 200.0, 250.0)
    assert geometry.content == (0, 0, 256, 256)
    assert not geometry.padded
    out = prepare_input(_ramp_x(200, 300), (256, 256), "crop")
    # Input column j samples image x = 50 + (j + 0.5) * 200 / 256 - 0.5 (pixel centres);
    # bicubic resampling reproduces a linear ramp exactly, so the value is x / 300.
    j = np.arange(256)
    expected = (50 + (j + 0.5) * 200 / 256 - 0.5) / 300
    for channel in out:
        np.testing.assert_allclose(channel, np.tile(expected, (256, 1)), atol=2e-5)
    # Nothing left of column 50 (values below 50/300) or right of column 249 was kept.
    assert out.min() > 49.5 / 300 and out.max() < 249.5 / 300


def test_crop_without_scaling_cuts_whole_pixels() -> None:
    # 20 x 81 to 20 x 20: scale 1, (81 - 20) // 2 = 30 columns cut on the left, 31 on the right.
    geometry = input_geometry((20, 81), (20, 20), "crop")
    assert geometry.source == (0.0, 30.0, 20.0, 50.0)
    img = _ramp_x(20, 81)
    out = prepare_input(img, (20, 20), "crop")
    np.testing.assert_array_equal(out[0], img.pixels[:, 30:50, 0])


def test_fit_300x200_to_256_letterbox() -> None:
    # scale = min(256/200, 256/300) = 0.8533…; 200 * 0.8533 = 170.67 -> 171 rows, 256 columns;
    # (256 - 171) // 2 = 42 rows of padding above, 43 below.
    assert content_box((200, 300), (256, 256), "fit") == (42, 0, 171, 256)
    out = prepare_input(_image(np.full((200, 300, 3), 0.8, np.float32)), (256, 256), "fit")
    assert np.all(out[:, :42] == 0) and np.all(out[:, 42 + 171 :] == 0)
    np.testing.assert_allclose(out[:, 42 : 42 + 171], 0.8, atol=1e-5)


def test_fit_tall_image_and_scale() -> None:
    # 90 x 30 into 30 x 30: scale 1/3, content 30 x 10 at columns 10..19.
    geometry = input_geometry((90, 30), (30, 30), "fit")
    assert geometry.content == (0, 10, 30, 10)
    assert geometry.scale == pytest.approx((1 / 3, 1 / 3))
    assert geometry.padded


@pytest.mark.parametrize("fit", ["stretch", "native"])
def test_stretch_and_native_use_everything(fit: str) -> None:
    geometry = input_geometry((200, 300), (64, 48), fit)
    size = (64, 48) if fit == "stretch" else (200, 300)
    assert geometry.input_size == size
    assert geometry.content == (0, 0, *size)
    assert geometry.source == (0.0, 0.0, 200.0, 300.0)


def test_same_size_is_the_image_for_every_fit() -> None:
    for fit in FIT_MODES:
        assert content_box((12, 16), (12, 16), fit) == (0, 0, 12, 16)


# --------------------------------------------------------------------------- pad modes


def _two_by_four() -> LoadedImage:
    red = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], np.float32)
    return _image(np.stack([red, red / 2, red / 4], axis=2))


def test_pad_modes_by_hand() -> None:
    # A 2 x 4 image into 4 x 4: no resampling, one row of padding above and one below.
    img = _two_by_four()
    row0, row1 = img.pixels[0, :, 0], img.pixels[1, :, 0]
    expected = {
        "black": [np.zeros(4), row0, row1, np.zeros(4)],
        "mean": [np.full(4, np.mean([row0, row1])), row0, row1, np.full(4, np.mean([row0, row1]))],
        "grey": [np.full(4, 0.5), row0, row1, np.full(4, 0.5)],
        "edge": [row0, row0, row1, row1],  # the border row repeated
        "reflect": [row1, row0, row1, row0],  # mirrored about the border row
    }
    assert set(expected) == set(PAD_MODES)
    for pad, rows in expected.items():
        out = prepare_input(img, (4, 4), "fit", pad)
        np.testing.assert_array_equal(out[0], np.array(rows, np.float32), err_msg=pad)
        assert out.dtype == np.float32 and out.flags.c_contiguous


@pytest.mark.parametrize(("pad", "torch_mode"), [("edge", "replicate"), ("reflect", "reflect")])
def test_pad_modes_match_torch(pad: str, torch_mode: str) -> None:
    # 6 x 10 into 10 x 10: 2 rows above, 2 below, no resampling; torch's padding is the oracle.
    rng = np.random.default_rng(3)
    img = _image(rng.random((6, 10, 3), dtype=np.float32))
    out = prepare_input(img, (10, 10), "fit", pad)
    tensor = torch.from_numpy(img.pixels.transpose(2, 0, 1).copy())[None]
    expected = F.pad(tensor, (0, 0, 2, 2), mode=torch_mode)[0].numpy()
    np.testing.assert_array_equal(out, expected)


def test_reflect_wider_than_the_image() -> None:
    # One row into 7 rows: a single row mirrored is itself, so every row is the image's row.
    img = _image(np.array([[[0.2] * 3, [0.4] * 3, [0.9] * 3]], np.float32))
    out = prepare_input(img, (7, 3), "fit", "reflect")
    np.testing.assert_array_equal(out[0], np.tile([0.2, 0.4, 0.9], (7, 1)).astype(np.float32))


def test_pad_only_matters_for_fit() -> None:
    img = _ramp_x(20, 30)
    for fit in ("crop", "stretch", "native"):
        black = prepare_input(img, (16, 16), fit, "black")
        for pad in PAD_MODES:
            np.testing.assert_array_equal(prepare_input(img, (16, 16), fit, pad), black)


def test_unknown_pad_is_value_error() -> None:
    with pytest.raises(ValueError):
        prepare_input(_two_by_four(), (4, 4), "fit", "purple")


# --------------------------------------------------------------------------- the settings row


def test_pad_setting_row() -> None:
    row = setting("input.pad")
    assert row.choices == PAD_MODES and row.default == "black"
    assert Settings().choice("input.pad") == "black"
    assert Settings.from_assignments(["input.pad=Grey"]).choice("input.pad") == "grey"
    with pytest.raises(SettingError) as info:
        Settings.from_assignments(["input.pad=purple"])
    assert info.value.key == "input.pad"
    assert Settings.from_json({"input.pad": "edge"})["input.pad"] == "edge"


def test_images_module_still_exports_the_fitting() -> None:
    assert images.prepare_input is prepare_input
    assert images.input_size_for is input_size_for


# --------------------------------------------------------------------------- properties


@settings(max_examples=80, **HYPOTHESIS)
@given(
    src=st.tuples(st.integers(1, 80), st.integers(1, 80)),
    dst=st.tuples(st.integers(1, 80), st.integers(1, 80)),
    value=st.floats(0.0625, 1, width=32),
)
def test_letterbox_properties(src: tuple[int, int], dst: tuple[int, int], value: float) -> None:
    """Fit keeps the aspect ratio (to a pixel), fills one side, centres, and pads with black."""
    top, left, h, w = content_box(src, dst, "fit")
    assert h == dst[0] or w == dst[1]  # one side is filled
    assert 1 <= h <= dst[0] and 1 <= w <= dst[1]
    # aspect ratio kept: the rounded side is within one pixel of the exact one
    if h == dst[0]:
        assert abs(w - src[1] * dst[0] / src[0]) <= 1 or w == 1 or w == dst[1]
    else:
        assert abs(h - src[0] * dst[1] / src[1]) <= 1 or h == 1 or h == dst[0]
    assert abs(top - (dst[0] - top - h)) <= 1 and abs(left - (dst[1] - left - w)) <= 1  # centred
    out = prepare_input(_image(np.full((*src, 3), value, np.float32)), dst, "fit", "black")
    inside = np.zeros(dst, bool)
    inside[top : top + h, left : left + w] = True
    assert np.all(out[:, ~inside] == 0)
    np.testing.assert_allclose(out[:, inside], value, atol=1e-5)


def test_cli_render_uses_input_pad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--set input.pad=grey`` reaches the network's input: the letterbox rows are 0.5."""
    from PIL import Image

    from cnnviz.cli import main

    pixels = np.full((20, 64, 3), 200, np.uint8)  # 64 wide, 20 high -> 64 x 64 input: 20 rows of image
    Image.fromarray(pixels).save(tmp_path / "wide.png")
    sheet = tmp_path / "sheet.png"
    argv = ["render", str(tmp_path / "wide.png"), "-o", str(sheet), "--npz"]
    assert main([*argv, "--set", "input.size=64", "--set", "input.fit=fit", "--set", "input.pad=grey"]) == 0
    capsys.readouterr()
    with np.load(tmp_path / "sheet.npz") as npz:
        x = npz["input"]
    # (64 - 20) // 2 = 22 rows above, 22 below
    assert x.shape == (3, 64, 64)
    assert np.all(x[:, :22] == 0.5) and np.all(x[:, 42:] == 0.5)
    np.testing.assert_allclose(x[:, 22:42], 200 / 255, atol=1e-6)


def test_crop_boxes_stay_inside_the_image_for_every_size() -> None:
    """Found by the soak: a 451 × 300 image cropped to 15 × 7 gave a box starting at -2.8e-14."""
    for image_size in ((300, 451), (97, 131), (512, 512), (1, 7)):
        for out_h in range(1, 70):
            for out_w in (out_h, 2 * out_h + 1, max(1, out_h // 3)):
                y0, x0, y1, x1 = input_geometry(image_size, (out_h, out_w), "crop").source
                assert 0.0 <= y0 <= y1 <= image_size[0] and 0.0 <= x0 <= x1 <= image_size[1]
    img = _image(np.zeros((300, 451, 3), np.float32))
    assert prepare_input(img, (7, 15), "crop").shape == (3, 7, 15)
