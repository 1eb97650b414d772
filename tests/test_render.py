"""Colormaps, scaling to indices and tiling (cnnviz.core.render)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from cmap import Colormap
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cnnviz.core import render
from cnnviz.core.render import (
    DEFAULT_DIVERGING,
    DEFAULT_SEQUENTIAL,
    DIVERGING_CMAPS,
    SEQUENTIAL_CMAPS,
    Normalization,
    Scaled,
    colorize,
    grid_shape,
    is_signed,
    lut,
    tile_mosaic,
    to_indices,
    value_at_index,
)

REPO = Path(__file__).resolve().parents[1]
CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


# ---------------------------------------------------------------------------
# lut
# ---------------------------------------------------------------------------


def test_lut_shape_dtype_read_only_and_cached():
    table = lut("bids:viridis")
    assert table.shape == (256, 4)
    assert table.dtype == np.uint8
    assert not table.flags.writeable
    assert lut("bids:viridis") is table
    assert (table[:, 3] == 255).all()


def test_lut_ends_match_cmaps_own_table():
    ours = lut("bids:viridis")
    theirs = np.rint(Colormap("bids:viridis").lut(256) * 255).astype(np.uint8)
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_array_equal(ours[-1], theirs[-1])
    np.testing.assert_array_equal(ours, theirs)
    assert tuple(ours[0, :3]) == (68, 1, 84)  # viridis' dark purple
    assert tuple(ours[-1, :3]) == (253, 231, 37)  # and its yellow


def test_every_offered_colormap_loads():
    assert DEFAULT_SEQUENTIAL in SEQUENTIAL_CMAPS
    assert DEFAULT_DIVERGING in DIVERGING_CMAPS
    for name in SEQUENTIAL_CMAPS + DIVERGING_CMAPS:
        assert ":" in name, name
        assert lut(name).shape == (256, 4)
    # diverging maps are light in the middle and dark at both ends
    for name in DIVERGING_CMAPS:
        if name == "seaborn:icefire":
            continue  # icefire is dark in the middle, light at the ends
        table = lut(name).astype(int)[:, :3].sum(axis=1)
        assert table[128] > table[0] and table[128] > table[255], name


def test_unknown_colormap_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match="no_such_map"):
        lut("no_such_map")
    with pytest.raises(ValueError):
        lut("")


def test_import_and_lookups_print_no_cmap_warning():
    code = (
        "import sys; import cnnviz.core.render as r\n"
        "[r.lut(n) for n in r.SEQUENTIAL_CMAPS + r.DIVERGING_CMAPS]\n"
        "assert 'torch' not in sys.modules and 'PySide6' not in sys.modules, 'heavy import'\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "WARNING" not in proc.stderr and proc.stderr == ""


def test_is_signed_by_kind():
    assert is_signed("conv") is True
    assert is_signed("fc") is True
    assert is_signed("relu") is False
    assert is_signed("pool") is False
    assert is_signed("flatten") is False
    with pytest.raises(ValueError, match="banana"):
        is_signed("banana")
    assert render.data_is_signed(np.array([[[0.0, -1e-6]]], np.float32))
    assert not render.data_is_signed(np.array([[[0.0, np.nan, 2.0]]], np.float32))


# ---------------------------------------------------------------------------
# to_indices
# ---------------------------------------------------------------------------


def _check_layout(s: Scaled, shape: tuple[int, ...]) -> None:
    assert s.indices.shape == shape
    assert s.indices.dtype == np.uint8
    assert s.indices.flags.c_contiguous
    assert s.low.dtype == np.float32 and s.high.dtype == np.float32
    assert s.low.shape == s.high.shape == (shape[0],)


def test_per_channel_min_to_0_and_max_to_255_for_non_negative_maps():
    rng = np.random.default_rng(1)
    maps = rng.random((3, 5, 7), dtype=np.float32)
    maps[1] *= 100.0
    maps[2] += 5.0
    s = to_indices(maps)
    _check_layout(s, (3, 5, 7))
    for c in range(3):
        idx = s.indices[c].ravel()
        vals = maps[c].ravel()
        assert idx[np.argmin(vals)] == 0
        assert idx[np.argmax(vals)] == 255
        assert s.low[c] == maps[c].min()
        assert s.high[c] == maps[c].max()
    # bins of equal width: the midpoint of a channel's range lands on 128
    mid = np.array([[[0.0, 0.5, 1.0]]], np.float32)
    np.testing.assert_array_equal(to_indices(mid).indices.ravel(), [0, 128, 255])


def test_signed_maps_are_centred_on_zero_and_symmetric():
    m = 4.0
    values = np.array([-m, -2.0, -0.5, 0.0, 0.5, 2.0, m, 1.0], np.float32).reshape(1, 2, 4)
    s = to_indices(values)  # auto: min < 0 -> signed -> centred
    _check_layout(s, (1, 2, 4))
    assert s.low[0] == -m and s.high[0] == m
    idx = dict(zip(values.ravel().tolist(), s.indices.ravel().tolist(), strict=True))
    assert idx[0.0] in (127, 128)
    assert idx[-m] == 0 and idx[m] == 255
    for v in (0.5, 2.0):
        assert abs((idx[v] - 127.5) + (idx[-v] - 127.5)) <= 1  # mirror images about the middle
        assert idx[v] > idx[0.0] > idx[-v]
    # an asymmetric range is still centred: m = max |v|
    s2 = to_indices(np.array([[[-1.0, 3.0]]], np.float32))
    assert (s2.low[0], s2.high[0]) == (-3.0, 3.0)
    assert s2.indices.ravel().tolist() == [85, 255]  # floor(2/6 * 256)
    assert bool(s2.centered[0])


def test_signed_flag_overrides_the_data_and_centered_overrides_both():
    pos = np.array([[[1.0, 2.0, 4.0]]], np.float32)
    s = to_indices(pos, signed=True)
    assert (s.low[0], s.high[0]) == (-4.0, 4.0)
    assert s.indices.ravel().tolist() == [160, 192, 255]
    neg = np.array([[[-1.0, 0.0, 3.0]]], np.float32)
    s = to_indices(neg, Normalization(centered=False))
    assert (s.low[0], s.high[0]) == (-1.0, 3.0)
    assert s.indices.ravel().tolist() == [0, 64, 255]
    s = to_indices(pos, Normalization(centered=True))
    assert (s.low[0], s.high[0]) == (-4.0, 4.0)


def test_stage_mode_uses_one_range_for_all_channels():
    maps = np.zeros((2, 2, 2), np.float32)
    maps[0] = [[0.0, 1.0], [2.0, 3.0]]
    maps[1] = [[4.0, 5.0], [6.0, 8.0]]
    s = to_indices(maps, Normalization("stage"))
    np.testing.assert_array_equal(s.low, [0.0, 0.0])
    np.testing.assert_array_equal(s.high, [8.0, 8.0])
    np.testing.assert_array_equal(s.indices[0].ravel(), [0, 32, 64, 96])
    np.testing.assert_array_equal(s.indices[1].ravel(), [128, 160, 192, 255])
    # per channel, each channel would span the whole map instead
    per = to_indices(maps)
    assert per.indices[0].max() == 255 and per.indices[1].min() == 0


def test_stage_mode_signed_is_centred_on_the_stage_maximum():
    maps = np.array([[[-1.0, 1.0]], [[-0.5, 2.0]]], np.float32)
    s = to_indices(maps, Normalization("stage"))
    np.testing.assert_array_equal(s.low, [-2.0, -2.0])
    np.testing.assert_array_equal(s.high, [2.0, 2.0])
    np.testing.assert_array_equal(s.indices.reshape(2, 2), [[64, 192], [96, 255]])


def test_fixed_range_clips_values_outside_it():
    maps = np.array([[[-5.0, 0.0, 0.25, 0.5, 1.0, 7.0]]], np.float32)
    s = to_indices(maps, Normalization("fixed", vmin=0.0, vmax=1.0))
    assert s.indices.ravel().tolist() == [0, 0, 64, 128, 255, 255]
    np.testing.assert_array_equal(s.low, [0.0])
    np.testing.assert_array_equal(s.high, [1.0])
    # a fixed range is used as given even for signed data, unless centred is asked for
    s = to_indices(maps, Normalization("fixed", vmin=-1.0, vmax=3.0, centered=True))
    assert (s.low[0], s.high[0]) == (-3.0, 3.0)
    assert s.indices.ravel().tolist() == [0, 128, 138, 149, 170, 255]


@pytest.mark.parametrize(
    "kwargs",
    [dict(mode="fixed", vmin=1.0, vmax=1.0), dict(mode="fixed", vmin=0.0, vmax=float("nan")), dict(mode="x")],
)
def test_bad_normalization_is_refused(kwargs):
    with pytest.raises(ValueError):
        Normalization(**kwargs)


def test_constant_maps_divide_by_nothing():
    maps = np.stack([np.full((4, 4), 3.0), np.zeros((4, 4)), np.full((4, 4), -2.0)]).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no divide-by-zero or invalid-value warnings
        s = to_indices(maps, signed=False)
        c = to_indices(maps[1:2])  # all zeros, auto: not signed
        z = to_indices(maps[1:2], signed=True)  # all zeros, centred
        st_ = to_indices(maps[:1], Normalization("stage"))
    assert (s.indices == 0).all()  # flat and not centred: index 0
    np.testing.assert_array_equal(s.low, [3.0, 0.0, -2.0])
    np.testing.assert_array_equal(s.high, [3.0, 0.0, -2.0])
    assert (c.indices == 0).all()
    assert (z.indices == 128).all()  # flat and centred: the middle of the map
    assert (st_.indices == 0).all()
    for x in (s, c, z, st_):
        assert np.isfinite(x.low).all() and np.isfinite(x.high).all()


def test_nan_gets_index_0_and_does_not_spoil_the_range():
    maps = np.array([[[np.nan, 0.0, 1.0, 2.0]], [[np.nan, np.nan, np.nan, np.nan]]], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = to_indices(maps)
        f = to_indices(maps, Normalization("fixed", vmin=0.0, vmax=2.0))
        g = to_indices(maps, Normalization("stage"))
    np.testing.assert_array_equal(s.indices[0].ravel(), [0, 0, 128, 255])
    np.testing.assert_array_equal(s.indices[1].ravel(), [0, 0, 0, 0])
    np.testing.assert_array_equal(s.low, [0.0, 0.0])
    np.testing.assert_array_equal(s.high, [2.0, 0.0])
    np.testing.assert_array_equal(f.indices[0].ravel(), [0, 0, 128, 255])
    np.testing.assert_array_equal(g.high, [2.0, 2.0])


def test_infinities_clip_to_the_ends_and_the_range_uses_finite_values():
    maps = np.array([[[-np.inf, -1.0, 0.0, 1.0, np.inf]]], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = to_indices(maps)
    assert (s.low[0], s.high[0]) == (-1.0, 1.0)
    assert s.indices.ravel().tolist() == [0, 0, 128, 255, 255]


def test_two_dimensional_input_is_one_channel_and_other_dtypes_work():
    s = to_indices(np.array([[0.0, 1.0], [2.0, 4.0]]))  # float64 (H, W)
    _check_layout(s, (1, 2, 2))
    assert s.indices.ravel().tolist() == [0, 64, 128, 255]
    s = to_indices(np.arange(6, dtype=np.int32).reshape(1, 2, 3))
    assert s.indices.ravel().tolist() == [0, 51, 102, 153, 204, 255]
    with pytest.raises(ValueError):
        to_indices(np.zeros((2, 2, 2, 2), np.float32))


@pytest.mark.parametrize("shape", [(3, 400, 500), (300, 20, 30), (1, 1, 1)])
@pytest.mark.parametrize("mode", ["channel", "stage"])
def test_matches_a_float64_reference_however_the_work_is_split(shape, mode):
    # 200,000 values per channel are split into cache-sized pieces; 600 are grouped
    rng = np.random.default_rng(8)
    maps = (rng.standard_normal(shape) * rng.uniform(0.1, 10, (shape[0], 1, 1)) + 0.3).astype(np.float32)
    s = to_indices(maps, Normalization(mode), signed=True)
    a = maps.astype(np.float64)
    if mode == "channel":
        m = np.abs(a).max(axis=(1, 2), keepdims=True)
    else:
        m = np.full((shape[0], 1, 1), np.abs(a).max())
    ref = np.clip(np.floor((a + m) * 256 / (2 * m)), 0, 255).astype(np.uint8)
    np.testing.assert_array_equal(s.low, -m.ravel().astype(np.float32))
    diff = np.abs(s.indices.astype(int) - ref)
    assert diff.max() <= 1  # float32 rounding at a bin edge at most
    assert (diff == 0).mean() > 0.9999


def test_value_at_index_inverts_the_mapping():
    maps = np.linspace(-3.0, 5.0, 64, dtype=np.float32).reshape(1, 8, 8)
    s = to_indices(maps, Normalization(centered=False))
    assert value_at_index(s, 0, 0) == pytest.approx(-3.0)
    assert value_at_index(s, 0, 255) == pytest.approx(5.0)
    for k in (1, 17, 100, 128, 254):
        v = np.float32(value_at_index(s, 0, k))
        again = to_indices(np.array([[[v]]], np.float32), Normalization("fixed", vmin=-3.0, vmax=5.0))
        assert again.indices[0, 0, 0] == k
    c = to_indices(maps)  # centred: -5..5
    assert value_at_index(c, 0, 0) == pytest.approx(-5.0)
    assert value_at_index(c, 0, 255) == pytest.approx(5.0)
    with pytest.raises(ValueError):
        value_at_index(s, 0, 256)


float32s = st.floats(width=32, allow_nan=False, allow_infinity=False)
shapes = st.tuples(st.integers(1, 3), st.integers(1, 6), st.integers(1, 6))


@settings(max_examples=300, deadline=None)
@given(
    maps=shapes.flatmap(lambda shape: arrays(np.float32, shape, elements=float32s)),
    mode=st.sampled_from(["channel", "stage"]),
    signed=st.sampled_from([None, True, False]),
)
def test_indices_are_monotonic_in_value_within_a_channel(maps, mode, signed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = to_indices(maps, Normalization(mode), signed=signed)
    _check_layout(s, maps.shape)
    assert (s.low <= s.high).all()
    for c in range(maps.shape[0]):
        vals = maps[c].ravel()
        order = np.argsort(vals, kind="stable")
        idx = s.indices[c].ravel()[order].astype(int)
        assert (np.diff(idx) >= 0).all()
        if mode == "channel" and s.high[c] > s.low[c]:
            top, bottom = idx[-1] == 255, idx[0] == 0
            if s.centered[c]:
                assert top or bottom  # the value of largest magnitude reaches its end
            else:
                assert top and bottom  # min -> 0, max -> 255


# ---------------------------------------------------------------------------
# colorize, grid_shape, tile_mosaic
# ---------------------------------------------------------------------------


def test_colorize_is_a_table_lookup():
    rng = np.random.default_rng(2)
    indices = rng.integers(0, 256, size=(3, 5, 6), dtype=np.uint8)
    table = lut("colorbrewer:RdBu_r")
    rgb = colorize(indices, table)
    assert rgb.shape == (3, 5, 6, 3) and rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb, table[indices, :3])
    np.testing.assert_array_equal(colorize(np.array([0, 255], np.uint8), table), table[[0, 255], :3])


@pytest.mark.parametrize(
    ("channels", "aspect", "expected"),
    [
        (1, 1.0, (1, 1)),
        (4, 1.0, (2, 2)),
        (12, 1.0, (3, 4)),
        (16, 1.0, (4, 4)),
        (32, 1.0, (6, 6)),
        (8, 0.5, (4, 2)),
        (8, 2.0, (2, 4)),
    ],
)
def test_grid_shape_is_near_square(channels, aspect, expected):
    rows, cols = grid_shape(channels, aspect)
    assert (rows, cols) == expected
    assert rows * cols >= channels > (rows - 1) * cols


def test_grid_shape_never_leaves_an_empty_row():
    for c in range(1, 200):
        rows, cols = grid_shape(c)
        assert rows * cols >= c > (rows - 1) * cols
        assert 0.5 <= rows / cols <= 2.0 or c < 4


def test_tile_mosaic_geometry_and_positions():
    count, h, w, gap, cols = 5, 3, 4, 2, 3
    tiles = np.zeros((count, h, w, 3), np.uint8)
    for k in range(count):
        tiles[k] = (10 * (k + 1), k, 200)
    tiles[:, 0, 0] = (1, 2, 3)  # mark each tile's corner
    m = tile_mosaic(tiles, cols, gap=gap, background=(255, 250, 245))
    rows = 2
    assert m.shape == (rows * h + (rows - 1) * gap, cols * w + (cols - 1) * gap, 3)
    assert m.dtype == np.uint8 and m.flags.c_contiguous
    for k in range(count):
        r, c = divmod(k, cols)
        y, x = r * (h + gap), c * (w + gap)
        np.testing.assert_array_equal(m[y : y + h, x : x + w], tiles[k])
    # the gaps and the empty sixth cell are background
    assert (m[h : h + gap] == (255, 250, 245)).all()
    assert (m[:, w : w + gap] == (255, 250, 245)).all()
    assert (m[h + gap :, 2 * (w + gap) :] == (255, 250, 245)).all()
    # no gap: tiles abut exactly
    m0 = tile_mosaic(tiles[:4], 2, gap=0)
    assert m0.shape == (2 * h, 2 * w, 3)
    np.testing.assert_array_equal(m0[h:, w:], tiles[3])
