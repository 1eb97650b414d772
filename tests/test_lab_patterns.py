"""Test patterns: hand-checked pixels, the NAME[:ARGS] syntax and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.errors import CnnvizError
from cnnviz.core.images import LoadedImage, prepare_input
from cnnviz.core.patterns import PATTERNS, PatternError, canonical_name, make_pattern, pattern_array


def test_impulse_is_one_bright_pixel_where_asked() -> None:
    grey = pattern_array("impulse:size=7x9,y=2,x=5")
    expected = np.zeros((7, 9), np.float32)
    expected[2, 5] = 1.0
    assert np.array_equal(grey, expected)


def test_impulse_default_is_the_middle_and_value_is_percent() -> None:
    grey = pattern_array("impulse:5,value=50")
    assert grey[2, 2] == 0.5
    assert grey.sum() == 0.5


def test_edges_by_hand() -> None:
    assert pattern_array("edge_v:size=2x4").tolist() == [[0, 0, 1, 1], [0, 0, 1, 1]]
    assert pattern_array("edge_h:size=4x2").tolist() == [[0, 0], [0, 0], [1, 1], [1, 1]]
    assert pattern_array("edge_d:size=3").tolist() == [[0, 0, 0], [1, 0, 0], [1, 1, 0]]


def test_checkerboard_and_stripes_by_hand() -> None:
    assert pattern_array("checkerboard:4,size=4").tolist() == [
        [0, 0, 1, 1],
        [0, 0, 1, 1],
        [1, 1, 0, 0],
        [1, 1, 0, 0],
    ]
    assert pattern_array("stripes:2,size=2x4").tolist() == [[0, 1, 0, 1], [0, 1, 0, 1]]
    assert pattern_array("stripes:period=4,orientation=h,size=4x1").tolist() == [[0], [0], [1], [1]]


def test_gradient_circle_noise() -> None:
    assert pattern_array("gradient:size=1x5").tolist() == [[0, 0.25, 0.5, 0.75, 1]]
    assert pattern_array("gradient:v,size=3x1").tolist() == [[0], [0.5], [1]]
    disc = pattern_array("circle:radius=1,size=5")
    assert disc.tolist() == [
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 1, 1, 1, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
    ]
    a, b = pattern_array("noise:seed=3,size=16"), pattern_array("noise:seed=3,size=16")
    assert np.array_equal(a, b) and not np.array_equal(a, pattern_array("noise:seed=4,size=16"))
    assert a.min() >= 0.0 and a.max() <= 1.0


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_is_an_ordinary_image(name: str) -> None:
    image = make_pattern(f"{name}:size=12x20")
    assert isinstance(image, LoadedImage)
    assert image.size == (12, 20) and image.pixels.dtype == np.float32
    assert np.array_equal(image.pixels[:, :, 0], image.pixels[:, :, 2])  # grey
    # its name parses back to the same pattern
    assert np.array_equal(make_pattern(image.name).pixels, image.pixels)
    # and it goes through the input pipeline like a photo
    assert prepare_input(image, (12, 20), "fit").shape == (3, 12, 20)


def test_canonical_name_lists_every_argument() -> None:
    assert canonical_name("checkerboard:8") == "checkerboard:period=8,size=256"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("checkrboard", "did you mean checkerboard"),
        ("", "unknown pattern"),
        ("impulse:size=0", "out of range"),
        ("impulse:size=5000", "out of range"),
        ("impulse:size=abc", "not a size"),
        ("impulse:size=5,y=9", "outside"),
        ("stripes:orientation=d", "not one of: v, h"),
        ("checkerboard:7", "odd"),
        ("checkerboard:period=x", "not a whole number"),
        ("noise:colour=3", "has no argument 'colour'"),
        ("noise:seed=1,2", "key=value"),
        ("noise:1,2,3", "key=value"),
        ("noise:seed=1,seed=2", "given twice"),
    ],
)
def test_bad_patterns_say_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(PatternError) as info:
        make_pattern(text)
    assert isinstance(info.value, CnnvizError)
    assert words in str(info.value)
