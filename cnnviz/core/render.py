"""Feature maps to colours: colormap lookup tables, value ranges, scaling, tiling.

A stage's maps (a ``(C, H, W)`` float array) become colormap *indices* with
:func:`to_indices` (one uint8 per value), then RGB with :func:`colorize`. Keeping
the indices lets the app recolour without rescaling and read a value back for a
colourbar tick (:func:`value_at_index`).

Scaling maps the range ``low..high`` onto 256 equal bins: index
``floor((v - low) * 256 / (high - low))``, clipped to ``0..255``. So ``low`` gets
index 0, ``high`` index 255, and with a range centred on zero (``low = -m``,
``high = m``) zero lands on index 128, the middle of a diverging map.

The window (through :mod:`cnnviz.core.display`) and the contact sheet
(:mod:`cnnviz.core.sheet`) both take their ranges from :func:`stage_range` and
their indices from :func:`scale_to_indices`: one colour pipeline.

Everything is whole-array numpy. Numpy and ``cmap`` only: no torch, no Qt.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cnnviz.core.i18n import tr

# Fully namespaced names: a bare "coolwarm" makes cmap print an ambiguity warning.
SEQUENTIAL_CMAPS: tuple[str, ...] = (
    "bids:viridis",
    "bids:magma",
    "bids:inferno",
    "bids:plasma",
    "cividis:cividis",
    "matlab:gray",
)
DIVERGING_CMAPS: tuple[str, ...] = (
    "colorbrewer:RdBu_r",
    "matplotlib:coolwarm",
    "seaborn:icefire",
    "matplotlib:bwr",
    "cmocean:balance",
)
DEFAULT_SEQUENTIAL = "bids:viridis"
DEFAULT_DIVERGING = "colorbrewer:RdBu_r"

NORMALIZATION_MODES = ("channel", "stage", "fixed")
LUT_SIZE = 256
MIDDLE_INDEX = LUT_SIZE // 2  # where 0 lands in a centred range, and a flat centred map

# Stage kinds whose values can be negative (convolution outputs, logits) and
# those that cannot (everything after a ReLU in this network).
_SIGNED_KINDS = frozenset({"conv", "fc"})
_UNSIGNED_KINDS = frozenset({"relu", "pool", "flatten"})


# ---------------------------------------------------------------------------
# Colormaps
# ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def lut(name: str) -> np.ndarray:
    """The 256-entry RGBA lookup table of colormap ``name`` as read-only uint8 ``(256, 4)``.

    ``name`` is anything ``cmap.Colormap`` accepts; use namespaced names such as
    ``"bids:viridis"``. Raises :class:`ValueError` for a name cmap does not know.
    """
    from cmap import Colormap  # imported here: the catalogue loads on first use

    if not isinstance(name, str) or not name:
        raise ValueError(tr("a colormap name must be a non-empty string, not {name!r}").format(name=name))
    try:
        table = Colormap(name).lut(LUT_SIZE)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(
            tr(
                "unknown colormap {name!r}. Use a name the cmap package knows, e.g. "
                "{seq} (sequential) or {div} (diverging)."
            ).format(name=name, seq=DEFAULT_SEQUENTIAL, div=DEFAULT_DIVERGING)
        ) from exc
    out = np.clip(np.rint(np.asarray(table, dtype=np.float64) * 255.0), 0, 255).astype(np.uint8)
    out.flags.writeable = False
    return out


def cmap_label(name: str) -> str:
    """The short name shown to people: ``"colorbrewer:RdBu_r"`` -> ``"RdBu_r"``."""
    return name.rsplit(":", 1)[-1]


def is_signed(kind: str) -> bool:
    """Whether a stage of ``kind`` can hold negative values.

    ``"conv"`` outputs and ``"fc"`` logits are signed (shown with a diverging map
    centred on 0); ``"relu"``, ``"pool"`` (pooling follows a ReLU here) and
    ``"flatten"`` are non-negative. Unknown kinds raise :class:`ValueError`.
    See :func:`data_is_signed` to decide from the values instead.
    """
    if kind in _SIGNED_KINDS:
        return True
    if kind in _UNSIGNED_KINDS:
        return False
    raise ValueError(
        tr("unknown stage kind {kind!r}: expected conv, relu, pool, flatten or fc").format(kind=kind)
    )


def data_is_signed(maps: np.ndarray) -> bool:
    """Whether any value of ``maps`` is negative (NaN ignored)."""
    a = np.asarray(maps)
    if a.size == 0:
        return False
    lo = a.min()
    if np.isnan(lo):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lo = np.nanmin(a)
        if np.isnan(lo):
            return False
    return bool(lo < 0)


# ---------------------------------------------------------------------------
# Scaling
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Normalization:
    """How values map onto the colormap.

    ``mode``: ``"channel"`` (each map its own range), ``"stage"`` (one range for
    all channels of the stage) or ``"fixed"`` (``vmin..vmax``).

    ``centered``: ``None`` centres the range on 0 (``-m..m`` with ``m = max |v|``)
    when the data is signed; ``True``/``False`` forces it. With ``"fixed"`` the
    range is used as given unless ``centered`` is ``True``, which widens it to
    ``-m..m`` with ``m = max(|vmin|, |vmax|)``.
    """

    mode: str = "channel"
    vmin: float = 0.0
    vmax: float = 1.0
    centered: bool | None = None

    def __post_init__(self) -> None:
        if self.mode not in NORMALIZATION_MODES:
            raise ValueError(
                tr("unknown normalization {mode!r}: expected channel, stage or fixed").format(mode=self.mode)
            )
        if self.mode == "fixed":
            if not (math.isfinite(self.vmin) and math.isfinite(self.vmax)):
                raise ValueError(tr("a fixed range needs finite vmin and vmax"))
            if not self.vmax > self.vmin:
                raise ValueError(
                    tr("a fixed range needs vmax > vmin (got {vmin:g} .. {vmax:g})").format(
                        vmin=self.vmin, vmax=self.vmax
                    )
                )

    def describe(self, centered: bool = False) -> str:
        """Words for a section header: ``"per-channel range"``, ``"one range for the stage"``..."""
        text = {
            "channel": tr("per-channel range"),
            "stage": tr("one range for the stage"),
            "fixed": tr("fixed range"),
        }[self.mode]
        if centered:
            text += tr(", centred on 0")
        return text


@dataclass(frozen=True, eq=False)
class Scaled:
    """Colormap indices of a stage and the value range each channel was scaled to."""

    indices: np.ndarray  # (C, H, W) uint8, C-contiguous, 0..255
    low: np.ndarray  # (C,) float32: the value mapped to index 0
    high: np.ndarray  # (C,) float32: the value mapped to index 255

    @property
    def centered(self) -> np.ndarray:
        """Per channel: whether the range is symmetric about 0."""
        return (self.low == -self.high) & (self.high > 0)


def channel_ranges(maps: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Per-channel (min, max) of the *finite* values of ``(C, H, W)`` maps, and whether any value is NaN.

    One reduction over axes (1, 2) each; only channels holding NaN or ±inf take
    a slower second look. A channel with no finite value gets NaN, NaN.
    (:func:`cnnviz.core.display.channel_ranges` is the same rule on a tensor.)
    """
    mn = maps.min(axis=(1, 2)).astype(np.float64)
    mx = maps.max(axis=(1, 2)).astype(np.float64)
    has_nan = bool(np.isnan(mn).any() or np.isnan(mx).any())
    bad = ~(np.isfinite(mn) & np.isfinite(mx))
    if bad.any():
        for c in np.flatnonzero(bad):  # only the channels with NaN or inf
            ch = maps[c]
            finite = ch[np.isfinite(ch)]
            if finite.size:
                mn[c], mx[c] = finite.min(), finite.max()
            else:
                mn[c] = mx[c] = np.nan
    return mn, mx, has_nan


def stage_range(
    mn: np.ndarray, mx: np.ndarray, norm: Normalization, signed: bool
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The (low, high) each channel is scaled to, and whether the range is centred on 0.

    ``mn``/``mx`` are the channels' finite minima and maxima (NaN for a channel
    without a finite value, which then reports 0..0). The one rule for every
    view: panels, zoom, exports and the contact sheet.

    * ``"channel"``: each channel its own range; ``"stage"``: one range over the
      channels that have values; ``"fixed"``: ``vmin..vmax``.
    * centred (``-m..m``) when ``norm.centered`` says so, or when it is None and
      the stage is ``signed`` — except a fixed range, which is centred only when
      ``norm.centered`` is True.
    """
    channels = mn.shape[0]
    if norm.mode == "fixed":
        lo, hi = float(norm.vmin), float(norm.vmax)
        fixed_centered = bool(norm.centered)
        if fixed_centered:
            m = max(abs(lo), abs(hi))
            lo, hi = -m, m
        return np.full(channels, lo), np.full(channels, hi), fixed_centered
    centered = norm.centered if norm.centered is not None else signed
    low = np.asarray(mn, dtype=np.float64).copy()
    high = np.asarray(mx, dtype=np.float64).copy()
    if norm.mode == "stage":
        present = ~np.isnan(low)
        s_lo = float(low[present].min()) if present.any() else np.nan
        s_hi = float(high[present].max()) if present.any() else np.nan
        low, high = np.full(channels, s_lo), np.full(channels, s_hi)
    empty = np.isnan(low) | np.isnan(high)
    low[empty] = 0.0
    high[empty] = 0.0
    if centered:
        spread = np.maximum(np.abs(low), np.abs(high))
        return -spread, spread, True
    return low, high, False


def to_indices(maps: np.ndarray, norm: Normalization = Normalization(), signed: bool | None = None) -> Scaled:
    """Scale ``maps`` (``(C, H, W)``, or ``(H, W)`` as one channel) to colormap indices.

    ``signed=None`` decides from the data (any value < 0). Ranges follow
    :func:`stage_range`; indices :func:`scale_to_indices`:

    * NaN gets index 0; ±inf and values outside a fixed range are clipped to 0/255.
    * A flat map (``high == low``) does not divide by zero: a centred one (all
      zeros) is drawn with the middle index 128, any other with index 0. Its
      ``low``/``high`` report the one value it holds.
    * A channel with no finite value reports ``low = high = 0``.
    """
    a = np.asarray(maps)
    if a.ndim == 2:
        a = a[None]
    if a.ndim != 3:
        raise ValueError(tr("maps must be shaped (C, H, W) or (H, W), not {shape}").format(shape=a.shape))
    if not np.issubdtype(a.dtype, np.floating) or a.dtype == np.float16:
        a = a.astype(np.result_type(a.dtype, np.float32))
    channels = a.shape[0]
    out = np.empty(a.shape, dtype=np.uint8)
    if a.size == 0:
        zeros = np.zeros(channels, np.float32)
        return Scaled(out, zeros, zeros.copy())
    if norm.mode == "fixed":  # no data ranges needed; signed does not matter
        mn = mx = np.zeros(channels)
        has_nan = True  # unknown: take the NaN-safe path
    else:
        mn, mx, has_nan = channel_ranges(a)
    if signed is None:
        signed = bool(np.any(mn < 0))  # NaN compares False
    low, high, centered = stage_range(mn, mx, norm, signed)
    indices = scale_to_indices(a, low, high, centered, has_nan=has_nan, out=out)
    return Scaled(indices, low.astype(np.float32), high.astype(np.float32))


def scale_to_indices(
    maps: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    centered: bool,
    *,
    has_nan: bool = True,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Scale ``maps`` (C, H, W) to uint8 indices with given per-channel ranges.

    The ranges may come from other data (the app takes them from full-resolution
    maps and applies them to averaged-down ones). Same rules as :func:`to_indices`
    for flat ranges, NaN and clipping.
    """
    a = np.asarray(maps)
    if not np.issubdtype(a.dtype, np.floating) or a.dtype == np.float16:
        a = a.astype(np.float32)
    channels = a.shape[0]
    if out is None:
        out = np.empty(a.shape, dtype=np.uint8)
    if a.size == 0:
        return out
    low = np.asarray(low, dtype=np.float64)
    high = np.asarray(high, dtype=np.float64)
    work = np.float64 if a.dtype == np.float64 else np.float32
    # Per-channel offset and scale for (v - offset) * scale, in float64 first.
    span = high - low
    flat = ~(span > 0)
    offset = low.copy()
    scale = np.empty(channels)
    scale[~flat] = LUT_SIZE / span[~flat]
    scale[flat] = 1.0  # (v - v) * 1 = 0; ±inf still clip to the ends
    if centered:
        offset[flat] = -float(MIDDLE_INDEX)  # all zeros -> the middle index
    f32_max = float(np.finfo(np.float32).max)
    if work == np.float32 and (np.any(scale > f32_max) or np.any(span > f32_max)):
        work = np.float64  # tiny or huge ranges would overflow float32

    _scale_into(a, offset.astype(work), scale.astype(work), out, has_nan)
    return out


_CHUNK = 1 << 17  # values per pass: a 512 KiB float32 buffer stays in cache


def _scale_into(
    maps: np.ndarray, offset: np.ndarray, scale: np.ndarray, out: np.ndarray, has_nan: bool
) -> None:
    """``out[c] = clip(floor((maps[c] - offset[c]) * scale[c]), 0, 255)``, NaN -> 0.

    Whole-array ufuncs with ``out=``, run over cache-sized blocks (whole channels
    when they are small, slices of one channel when large): one buffer, no
    temporaries, about twice as fast as four passes over main memory.
    """
    channels = maps.shape[0]
    flat = maps.reshape(channels, -1)
    dst = out.reshape(channels, -1)
    n = flat.shape[1]
    buf = np.empty(max(min(_CHUNK, channels * n), 1), dtype=offset.dtype)

    def block(src: np.ndarray, off: np.ndarray, sc: np.ndarray, to: np.ndarray) -> None:
        b = buf[: src.size].reshape(src.shape)
        np.subtract(src, off, out=b)
        np.multiply(b, sc, out=b)
        if has_nan:
            np.fmax(b, 0, out=b)  # fmax drops NaN: NaN -> 0
        np.clip(b, 0, LUT_SIZE - 1, out=to, casting="unsafe")  # clip and truncate to uint8

    with np.errstate(over="ignore"):  # far outside a fixed range: overflows to ±inf, then clips
        if n >= _CHUNK:
            for c in range(channels):
                for start in range(0, n, _CHUNK):
                    sl = slice(start, start + _CHUNK)
                    block(flat[c, sl], offset[c], scale[c], dst[c, sl])
        else:
            group = max(1, _CHUNK // max(n, 1))
            for c0 in range(0, channels, group):
                cs = slice(c0, c0 + group)
                block(flat[cs], offset[cs, None], scale[cs, None], dst[cs])


def value_at_index(scaled: Scaled, channel: int, index: int) -> float:
    """The value drawn with colormap ``index`` in ``channel`` (for colourbar ticks).

    Linear between ``low`` (index 0) and ``high`` (index 255); the value lies in
    the bin that :func:`to_indices` maps to ``index``.
    """
    if not 0 <= index < LUT_SIZE:
        raise ValueError(tr("a colormap index is 0..255, not {index}").format(index=index))
    lo = float(scaled.low[channel])
    hi = float(scaled.high[channel])
    return lo + (hi - lo) * index / (LUT_SIZE - 1)


def colorize(indices: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Look up ``indices`` (uint8, any shape) in ``table`` (``(256, 3 or 4)``): uint8 RGB ``(..., 3)``."""
    rgb = np.ascontiguousarray(np.asarray(table)[:, :3], dtype=np.uint8)
    return np.take(rgb, indices, axis=0)


# ---------------------------------------------------------------------------
# Tiling
# ---------------------------------------------------------------------------


def grid_shape(channels: int, aspect: float = 1.0) -> tuple[int, int]:
    """``(rows, cols)`` to tile ``channels`` maps of height/width ``aspect``, near-square overall.

    Minimises how far the whole grid is from square, with a small penalty for
    empty cells (so 32 maps give 6 x 6, 16 give 4 x 4, 12 give 3 x 4: ties go wide).
    """
    if channels <= 0:
        return (0, 0)
    aspect = aspect if aspect > 0 else 1.0
    best: tuple[float, int, int] | None = None
    for cols in range(1, channels + 1):
        rows = -(-channels // cols)  # the last row is never wholly empty
        score = abs(math.log(rows * aspect / cols)) + 0.5 * (rows * cols - channels) / channels
        if best is None or score <= best[0] + 1e-12:  # a tie goes to the wider grid
            best = (score, rows, cols)
    assert best is not None
    return best[1], best[2]


def tile_mosaic(
    rgb_tiles: np.ndarray,
    cols: int,
    gap: int = 2,
    background: tuple[int, int, int] = (255, 255, 255),
) -> np.ndarray:
    """Tile ``(C, h, w, 3)`` images row by row, ``cols`` across, ``gap`` pixels apart.

    Returns uint8 ``(rows*h + (rows-1)*gap, cols*w + (cols-1)*gap, 3)``; empty cells
    and gaps are ``background``. Tile ``k`` sits at row ``k // cols``, column ``k % cols``.
    """
    tiles = np.asarray(rgb_tiles)
    if tiles.ndim != 4 or tiles.shape[-1] != 3:
        raise ValueError(tr("tiles must be shaped (C, h, w, 3), not {shape}").format(shape=tiles.shape))
    count, h, w, _ = tiles.shape
    cols = max(1, min(int(cols), max(count, 1)))
    rows = max(1, -(-count // cols))
    gap = max(0, int(gap))
    bg = np.asarray(background, dtype=np.uint8)
    grid = np.empty((rows, h + gap, cols, w + gap, 3), dtype=np.uint8)
    grid[...] = bg
    full, rest = divmod(count, cols)
    if full:
        grid[:full, :h, :, :w] = tiles[: full * cols].reshape(full, cols, h, w, 3).transpose(0, 2, 1, 3, 4)
    if rest:
        grid[full, :h, :rest, :w] = tiles[full * cols :].transpose(1, 0, 2, 3)
    flat = grid.reshape(rows * (h + gap), cols * (w + gap), 3)
    return np.ascontiguousarray(flat[: rows * (h + gap) - gap, : cols * (w + gap) - gap])


def upscale_nearest(indices: np.ndarray, factor: int) -> np.ndarray:
    """``(C, h, w)`` -> ``(C, h*f, w*f)`` by repeating pixels (broadcast, one copy)."""
    if factor <= 1:
        return indices
    c, h, w = indices.shape
    big = np.broadcast_to(indices[:, :, None, :, None], (c, h, factor, w, factor))
    return big.reshape(c, h * factor, w * factor)
