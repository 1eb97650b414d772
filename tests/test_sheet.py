"""The contact sheet (cnnviz.core.sheet): every stage of a forward pass on one PNG."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.core import sheet as sheet_module
from cnnviz.core.render import DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, lut
from cnnviz.core.sheet import contact_sheet
from cnnviz.core.view import ViewOptions

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


# ---------------------------------------------------------------------------
# contact_sheet
# ---------------------------------------------------------------------------


def _default_network(rng: np.random.Generator, blocks: int = 2):
    """Stages with the textbook network's shapes for a 3x256x256 input."""
    conv1 = rng.standard_normal((16, 128, 128)).astype(np.float32)
    relu1 = np.maximum(conv1, 0)
    pool1 = relu1.reshape(16, 64, 2, 64, 2).max(axis=(2, 4))
    stages = [("conv1", "conv", conv1), ("relu1", "relu", relu1), ("pool1", "pool", pool1)]
    last = pool1
    if blocks == 2:
        conv2 = rng.standard_normal((32, 64, 64)).astype(np.float32)
        relu2 = np.maximum(conv2, 0)
        pool2 = relu2.reshape(32, 32, 2, 32, 2).max(axis=(2, 4))
        stages += [("conv2", "conv", conv2), ("relu2", "relu", relu2), ("pool2", "pool", pool2)]
        last = pool2
    logits = rng.standard_normal(10).astype(np.float32)
    stages += [("flatten", "flatten", last.ravel()), ("fc", "fc", logits)]
    probs = np.exp(logits) / np.exp(logits).sum()
    image = rng.random((3, 256, 256), dtype=np.float32)
    return image, stages, probs


def _count_colour(img: Image.Image, rgb) -> int:
    a = np.asarray(img)
    return int((a == np.asarray(rgb, np.uint8)).all(axis=-1).sum())


def test_contact_sheet_is_an_rgb_image_within_max_width():
    rng = np.random.default_rng(3)
    image, stages, probs = _default_network(rng)
    sheet = contact_sheet(
        image, stages, probs, CLASSES, title="cat.jpg — cnnviz", subtitle="3×256×256 → … → 10"
    )
    assert isinstance(sheet, Image.Image)
    assert sheet.mode == "RGB"
    assert sheet.width <= 1600
    assert sheet.height > 600
    assert sheet.getpixel((0, 0)) == (255, 255, 255)  # a white margin
    narrow = contact_sheet(image, stages, probs, CLASSES, max_width=640, view=ViewOptions(norm="stage"))
    assert narrow.width <= 640
    assert narrow.height > sheet.height  # the same content, less wide, is taller


def test_contact_sheet_grows_with_the_number_of_stages():
    rng = np.random.default_rng(4)
    image, one_block, probs = _default_network(rng, blocks=1)
    _, two_blocks, _ = _default_network(rng, blocks=2)
    h0 = contact_sheet(image, [], probs, CLASSES).height
    h1 = contact_sheet(image, one_block, probs, CLASSES).height
    h2 = contact_sheet(image, two_blocks, probs, CLASSES).height
    assert h0 < h1 < h2


def test_contact_sheet_draws_the_maps_in_their_colormap():
    rng = np.random.default_rng(5)
    image, stages, probs = _default_network(rng)
    relu1 = rng.random((16, 128, 128), dtype=np.float32)
    relu1[0] = 10.0  # channel 0 holds the stage maximum everywhere
    conv1 = rng.standard_normal((16, 128, 128)).astype(np.float32)
    conv1[0, :, :64] = 1.0  # left half: the channel's largest value
    conv1[0, :, 64:] = -1.0
    stages[0] = ("conv1", "conv", conv1)
    stages[1] = ("relu1", "relu", relu1)
    top_seq = tuple(lut(DEFAULT_SEQUENTIAL)[255, :3])
    top_div = tuple(lut(DEFAULT_DIVERGING)[255, :3])
    bottom_div = tuple(lut(DEFAULT_DIVERGING)[0, :3])

    sheet = contact_sheet(image, stages, probs, CLASSES, view=ViewOptions(norm="stage"))
    assert _count_colour(sheet, top_seq) >= 128 * 128 * 0.9  # relu1's channel 0, whole tile

    sheet = contact_sheet(image, stages, probs, CLASSES)  # per channel, conv centred on 0
    assert _count_colour(sheet, top_div) >= 128 * 64 * 0.9
    assert _count_colour(sheet, bottom_div) >= 128 * 64 * 0.9
    # the winning class's bar is drawn in the highlight colour
    assert _count_colour(sheet, sheet_module._BAR_TOP) > 100


def test_contact_sheet_other_colormaps_and_bad_names():
    rng = np.random.default_rng(6)
    image, stages, probs = _default_network(rng, blocks=1)
    conv1 = np.full((16, 128, 128), 0.5, np.float32)
    conv1[:, :, :64] = -1.0
    relu1 = np.maximum(conv1, 0)
    stages[0] = ("conv1", "conv", conv1)
    stages[1] = ("relu1", "relu", relu1)
    sheet = contact_sheet(
        image, stages, probs, CLASSES, view=ViewOptions(unsigned_cmap="matlab:gray", signed_cmap="matplotlib:bwr")
    )
    assert _count_colour(sheet, (0, 0, 255)) >= 16 * 128 * 64 * 0.9  # bwr's blue end: conv1's -1 halves
    assert _count_colour(sheet, (0, 0, 0)) >= 16 * 128 * 64 * 0.9  # gray's black: relu1's zero halves
    with pytest.raises(ValueError, match="no_such_map"):
        contact_sheet(image, stages, probs, CLASSES, view=ViewOptions(signed_cmap="no_such_map"))


def test_contact_sheet_shrinks_big_maps_to_fit():
    rng = np.random.default_rng(7)
    image = rng.random((3, 64, 64), dtype=np.float32)
    conv = rng.standard_normal((4, 600, 900)).astype(np.float32)
    sheet = contact_sheet(image, [("conv1", "conv", conv)], np.full(10, 0.1), CLASSES, max_width=500)
    assert sheet.width <= 500
    assert sheet.mode == "RGB"


def test_sheet_text_falls_back_to_ascii_without_the_glyphs():
    pen = sheet_module._Pen(14)
    pen.unicode = False
    assert pen.text("3×256×256 → 10 · x") == "3x256x256 -> 10 | x"
    # the sheet's fonts here do have them
    assert sheet_module._font(14)[1] is True


def test_many_channels_are_capped_and_counted() -> None:
    rng = np.random.default_rng(8)
    image = rng.random((3, 64, 64), dtype=np.float32)
    conv = rng.standard_normal((1024, 16, 16)).astype(np.float32)
    images = sheet_module.stage_images([("conv1", "conv", conv)], ViewOptions(), max_tiles=64)
    assert images["conv1"].indices.shape[0] == 64
    assert images["conv1"].shape == (1024, 16, 16)
    capped = contact_sheet(image, [("conv1", "conv", conv)], np.full(10, 0.1), CLASSES, max_tiles=64)
    few = contact_sheet(image, [("conv1", "conv", conv[:64])], np.full(10, 0.1), CLASSES, max_tiles=64)
    # the same 64 tiles are drawn; only a line saying how many more is added
    assert abs(capped.height - few.height) < 60


def test_stage_range_covers_all_channels_even_when_few_are_drawn() -> None:
    conv = np.zeros((100, 4, 4), np.float32)
    conv[99] = 5.0  # the stage's maximum is in a channel that is not drawn
    conv[0] = 1.0
    images = sheet_module.stage_images([("relu1", "relu", conv)], ViewOptions(norm="stage"), max_tiles=10)
    assert float(images["relu1"].high[0]) == 5.0
    # 1.0 of 0..5 lands in bin floor(1 * 256 / 5) = 51
    assert int(images["relu1"].indices[0, 0, 0]) == 51


def test_control_characters_in_the_title_are_drawn_escaped() -> None:
    rng = np.random.default_rng(9)
    image, stages, probs = _default_network(rng, blocks=1)
    sheet = contact_sheet(image, stages, probs, CLASSES, title="evil\nname\r\x1b[2J.png — cnnviz")
    assert sheet.mode == "RGB"


def test_footer_and_png_text_chunks(tmp_path) -> None:
    rng = np.random.default_rng(10)
    image, stages, probs = _default_network(rng, blocks=1)
    footer = ["settings: conv1.stride=1", "weights: seeded default", "cnnviz 0.1.0"]
    plain = contact_sheet(image, stages, probs, CLASSES)
    with_footer = contact_sheet(image, stages, probs, CLASSES, footer=footer, class_note="untrained weights")
    assert with_footer.height > plain.height
    path = tmp_path / "s.png"
    with_footer.save(path, pnginfo=sheet_module.png_info({"cnnviz:settings": "conv1.stride=1", "cnnviz:note": "고양이"}))
    with Image.open(path) as reread:
        assert reread.text["cnnviz:settings"] == "conv1.stride=1"
        assert reread.text["cnnviz:note"] == "고양이"
