"""Feature maps to colours: colormap lookup tables, scaling, tiling, contact sheets.

A stage's maps (a ``(C, H, W)`` float array) become colormap *indices* with
:func:`to_indices` (one uint8 per value), then RGB with :func:`colorize`. Keeping
the indices lets the app recolour without rescaling and read a value back for a
colourbar tick (:func:`value_at_index`).

Scaling maps the range ``low..high`` onto 256 equal bins: index
``floor((v - low) * 256 / (high - low))``, clipped to ``0..255``. So ``low`` gets
index 0, ``high`` index 255, and with a range centred on zero (``low = -m``,
``high = m``) zero lands on index 128, the middle of a diverging map.

Everything is whole-array numpy; :func:`contact_sheet` adds Pillow for text.
Numpy, Pillow and ``cmap`` only: no torch, no Qt.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

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


def _channel_ranges(maps: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Per-channel (min, max) of the finite values, and whether any value is NaN.

    One reduction over axes (1, 2) each; only channels holding NaN or ±inf take
    a slower second look. A channel with no finite value gets NaN, NaN.
    """
    mn = maps.min(axis=(1, 2))
    mx = maps.max(axis=(1, 2))
    has_nan = bool(np.isnan(mn).any() or np.isnan(mx).any())
    bad = ~(np.isfinite(mn) & np.isfinite(mx))
    if bad.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN channels
            for c in np.flatnonzero(bad):  # only the channels with NaN or inf
                ch = maps[c]
                finite = ch[np.isfinite(ch)]
                if finite.size:
                    mn[c], mx[c] = finite.min(), finite.max()
                else:
                    mn[c] = mx[c] = np.nan
    return mn.astype(np.float64), mx.astype(np.float64), has_nan


def to_indices(maps: np.ndarray, norm: Normalization = Normalization(), signed: bool | None = None) -> Scaled:
    """Scale ``maps`` (``(C, H, W)``, or ``(H, W)`` as one channel) to colormap indices.

    ``signed=None`` decides from the data (any value < 0). The range is centred on 0
    when ``norm.centered`` is True, or when it is None and the data is signed
    (a ``"fixed"`` range is centred only when ``norm.centered`` is True).

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
        centered = bool(norm.centered)
    else:
        mn, mx, has_nan = _channel_ranges(a)
        if signed is None:
            signed = bool(np.any(mn < 0))  # NaN compares False
        centered = norm.centered if norm.centered is not None else signed

    if norm.mode == "fixed":
        lo, hi = float(norm.vmin), float(norm.vmax)
        if centered:
            m = max(abs(lo), abs(hi))
            lo, hi = -m, m
        low = np.full(channels, lo)
        high = np.full(channels, hi)
    else:
        if norm.mode == "stage":
            finite = ~np.isnan(mn)
            s_lo = float(mn[finite].min()) if finite.any() else np.nan
            s_hi = float(mx[finite].max()) if finite.any() else np.nan
            mn, mx = np.full(channels, s_lo), np.full(channels, s_hi)
        empty = np.isnan(mn)
        mn[empty] = 0.0
        mx[empty] = 0.0
        if centered:
            m = np.maximum(np.abs(mn), np.abs(mx))
            low, high = -m, m
        else:
            low, high = mn, mx

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


def _upscale_nearest(indices: np.ndarray, factor: int) -> np.ndarray:
    """``(C, h, w)`` -> ``(C, h*f, w*f)`` by repeating pixels (broadcast, one copy)."""
    if factor <= 1:
        return indices
    c, h, w = indices.shape
    big = np.broadcast_to(indices[:, :, None, :, None], (c, h, factor, w, factor))
    return big.reshape(c, h * factor, w * factor)


# ---------------------------------------------------------------------------
# Contact sheet
# ---------------------------------------------------------------------------

_TEXT = (32, 32, 32)
_MUTED = (100, 100, 100)
_RULE = (215, 215, 215)
_BAR = (150, 170, 195)
_BAR_TOP = (214, 96, 40)
_WHITE = (255, 255, 255)

_MARGIN = 28
_SECTION_GAP = 22
_TILE_GAP = 3
_MIN_TILE = 48  # tiles smaller than this are enlarged (nearest neighbour)
_COLUMN_GAP = 36  # between sections side by side
_MAX_TILE = 180  # and larger ones shrunk: the sheet is an overview
_MIN_SECTION = 300  # text of a narrow section may use this width
_COLORBAR = (240, 10)
_SPECIAL = "×→·…≥"
_ASCII = {"×": "x", "→": "->", "·": "|", "…": "...", "≥": ">="}

_FONT_FILES = {
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "DejaVuSans.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
        "segoeui.ttf",
        "arial.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
        "DejaVuSans-Bold.ttf",
        "segoeuib.ttf",
        "arialbd.ttf",
    ),
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _glyph_bitmap(font: Font, ch: str) -> bytes:
    img = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(img).text((4, 4), ch, font=font, fill=255)
    return img.tobytes()


def _has_glyphs(font: Font, chars: str) -> bool:
    """Whether ``font`` draws each of ``chars`` (not blank, not its missing-glyph box)."""
    missing = _glyph_bitmap(font, "\U0010fffd")
    for ch in chars:
        bm = _glyph_bitmap(font, ch)
        if bm == missing or not any(bm):
            return False
    return True


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> tuple[Font, bool]:
    """A font of ``size`` px and whether it has the ×, → and · glyphs."""
    for path in _FONT_FILES[bold]:
        try:
            font = ImageFont.truetype(path, size)
        except OSError:
            continue
        if _has_glyphs(font, _SPECIAL):
            return font, True
    if bold:
        return _font(size, False)
    font = ImageFont.load_default(size=size)
    return font, _has_glyphs(font, _SPECIAL)


class _Pen:
    """A font that knows how to measure, wrap and draw text (ASCII stand-ins if need be)."""

    def __init__(self, size: int, bold: bool = False, color: tuple[int, int, int] = _TEXT) -> None:
        self.font, self.unicode = _font(size, bold)
        self.color = color
        ascent, descent = self.font.getmetrics() if hasattr(self.font, "getmetrics") else (size, 0)
        self.line_height = int(ascent + descent + max(2, size // 4))

    def text(self, s: str) -> str:
        if self.unicode:
            return s
        for k, v in _ASCII.items():
            s = s.replace(k, v)
        return s

    def width(self, s: str) -> int:
        return math.ceil(self.font.getlength(self.text(s)))

    def wrap(self, s: str, width: int, first_width: int | None = None) -> list[str]:
        """Greedy word wrap to ``width`` px (``first_width`` for the first line)."""
        lines: list[str] = []
        line = ""
        limit = first_width if first_width is not None else width
        for word in s.split(" "):
            trial = f"{line} {word}" if line else word
            if line and self.width(trial) > limit:
                lines.append(line)
                line, limit = word, width
            else:
                line = trial
        lines.append(line)
        return lines

    def draw(self, d: ImageDraw.ImageDraw, xy: tuple[int, int], s: str, color=None) -> None:
        d.text(xy, self.text(s), font=self.font, fill=color or self.color)


class _Pens:
    def __init__(self) -> None:
        self.title = _Pen(24, bold=True)
        self.subtitle = _Pen(14, color=_MUTED)
        self.head = _Pen(15, bold=True)
        self.body = _Pen(15)
        self.small = _Pen(12, color=_MUTED)
        self.label = _Pen(11)


def _text_block(lines: list[tuple[_Pen, str]], width: int) -> Image.Image:
    """Lines of text, each wrapped to ``width``, as one white image."""
    wrapped = [(pen, part) for pen, s in lines for part in pen.wrap(s, width)]
    height = sum(pen.line_height for pen, _ in wrapped)
    w = max([pen.width(s) for pen, s in wrapped] + [1])
    img = Image.new("RGB", (min(w, width), max(height, 1)), _WHITE)
    d = ImageDraw.Draw(img)
    y = 0
    for pen, s in wrapped:
        pen.draw(d, (0, y), s)
        y += pen.line_height
    return img


def _header(pens: _Pens, name: str, rest: str, width: int, details: str = "") -> Image.Image:
    """``name`` in bold, then ``rest`` wrapped after it, then ``details`` in small grey text."""
    name_w = pens.head.width(name)
    sep_w = pens.body.width(" ")
    lines = pens.body.wrap(rest, width, first_width=width - name_w - sep_w) if rest else [""]
    small = pens.small.wrap(details, width) if details else []
    lh = max(pens.head.line_height, pens.body.line_height)
    widths = [name_w + sep_w + pens.body.width(lines[0])]
    widths += [pens.body.width(s) for s in lines[1:]] + [pens.small.width(s) for s in small]
    height = lh * len(lines) + pens.small.line_height * len(small)
    img = Image.new("RGB", (min(max(widths), width), height), _WHITE)
    d = ImageDraw.Draw(img)
    pens.head.draw(d, (0, 0), name)
    pens.body.draw(d, (name_w + sep_w, 0), lines[0])
    y = lh
    for s in lines[1:]:
        pens.body.draw(d, (0, y), s)
        y += lh
    for s in small:
        pens.small.draw(d, (0, y), s)
        y += pens.small.line_height
    return img


def _stack(parts: list[Image.Image], gap: int) -> Image.Image:
    """Images one below the other, left-aligned, ``gap`` pixels apart."""
    width = max(p.width for p in parts)
    height = sum(p.height for p in parts) + gap * (len(parts) - 1)
    out = Image.new("RGB", (width, height), _WHITE)
    y = 0
    for p in parts:
        out.paste(p, (0, y))
        y += p.height + gap
    return out


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 1e4 or abs(v) < 1e-3:
        return f"{v:.2e}"
    return f"{v:.3g}"


def _colorbar(pens: _Pens, table: np.ndarray, low: float, high: float, centered: bool) -> Image.Image:
    """A thin horizontal colourbar with its end values (and 0 in the middle if centred)."""
    bw, bh = _COLORBAR
    ramp = colorize(np.linspace(0, LUT_SIZE - 1, bw).astype(np.uint8), table)
    bar = np.broadcast_to(ramp[None], (bh, bw, 3))
    pad = 2
    lo_s, hi_s = _fmt(low), _fmt(high)
    lo_w = pens.small.width(lo_s)
    x0 = lo_w + 8
    width = x0 + bw + 8 + pens.small.width(hi_s) + pad
    height = max(bh, pens.small.line_height) + (pens.small.line_height if centered else 0)
    img = Image.new("RGB", (width, height), _WHITE)
    img.paste(Image.fromarray(np.ascontiguousarray(bar)), (x0, pad))
    d = ImageDraw.Draw(img)
    d.rectangle((x0 - 1, pad - 1, x0 + bw, pad + bh), outline=_RULE)
    ty = pad + bh // 2 - pens.small.line_height // 2
    pens.small.draw(d, (0, ty), lo_s)
    pens.small.draw(d, (x0 + bw + 8, ty), hi_s)
    if centered:
        mid = x0 + bw // 2
        d.line((mid, pad + bh, mid, pad + bh + 3), fill=_MUTED)
        pens.small.draw(d, (mid - pens.small.width("0") // 2, pad + bh + 3), "0")
    return img


def _map_tiles(
    indices: np.ndarray, table: np.ndarray, cols: int, avail: int
) -> tuple[Image.Image, int, int, int]:
    """The grid of colourised tiles fitted to ``avail`` px: (image, cols, tile_w, tile_h)."""
    c, h, w = indices.shape
    factor = max(1, math.ceil(_MIN_TILE / max(1, min(h, w))))
    tiles = colorize(_upscale_nearest(indices, factor), table)  # (C, h', w', 3)
    th, tw = tiles.shape[1:3]
    rows = -(-c // cols)
    fit_w = min(_MAX_TILE, (avail - (cols - 1) * _TILE_GAP) // cols)
    if tw > fit_w:
        # Shrink all tiles at once: a gapless mosaic resized so every tile edge
        # lands on a whole pixel (BOX never mixes neighbouring tiles), then re-gapped.
        new_w = max(1, fit_w)
        new_h = max(1, round(th * new_w / tw))
        sheet = tile_mosaic(tiles, cols, gap=0)
        full = np.zeros((rows * th, cols * tw, 3), np.uint8)
        full[: sheet.shape[0], : sheet.shape[1]] = sheet
        small = np.asarray(Image.fromarray(full).resize((cols * new_w, rows * new_h), Image.Resampling.BOX))
        tiles = (
            small.reshape(rows, new_h, cols, new_w, 3)
            .transpose(0, 2, 1, 3, 4)
            .reshape(-1, new_h, new_w, 3)[:c]
        )
        th, tw = new_h, new_w
    mosaic = Image.fromarray(tile_mosaic(tiles, cols, gap=_TILE_GAP))
    return mosaic, cols, tw, th


def _label_tiles(pens: _Pens, img: Image.Image, count: int, cols: int, tw: int, th: int) -> None:
    """Each channel's number in its tile's top-left corner, on a white box."""
    if min(tw, th) < 18:
        return
    d = ImageDraw.Draw(img)
    pen = pens.label
    for k in range(count):  # one small text per channel: nothing per pixel
        x = (k % cols) * (tw + _TILE_GAP)
        y = (k // cols) * (th + _TILE_GAP)
        s = str(k)
        left, top, right, bottom = d.textbbox((0, 0), s, font=pen.font)
        d.rectangle((x, y, x + right - left + 3, y + bottom - top + 3), fill=_WHITE)
        d.text((x + 2 - left, y + 2 - top), s, font=pen.font, fill=_TEXT)


_KIND_WORDS = {
    "conv": "feature maps",
    "relu": "activation maps (ReLU)",
    "pool": "pooled maps",
}


def _map_section(
    pens: _Pens,
    name: str,
    kind: str,
    maps: np.ndarray,
    norm: Normalization,
    signed_cmap: str,
    unsigned_cmap: str,
    avail: int,
) -> Image.Image:
    a = np.asarray(maps)
    if a.ndim == 2:
        a = a[None]
    try:
        signed = is_signed(kind)
    except ValueError:
        signed = False
    signed = signed or data_is_signed(a)
    cmap_name = signed_cmap if signed else unsigned_cmap
    table = lut(cmap_name)
    scaled = to_indices(a, norm, signed=signed)
    centered = norm.centered if norm.centered is not None else (signed and norm.mode != "fixed")

    words = tr(_KIND_WORDS.get(kind, "maps"))
    sign_words = tr("signed") if signed else tr("non-negative")
    rest = tr("· {words} ({sign})").format(words=words, sign=sign_words)
    details = tr("{shape} · colormap {cmap} · {range}").format(
        shape="×".join(str(d) for d in a.shape), cmap=cmap_label(cmap_name), range=norm.describe(centered)
    )
    c, h, w = a.shape
    mosaic = None
    if c:
        _, cols = grid_shape(c, h / max(w, 1))
        mosaic, cols, tw, th = _map_tiles(scaled.indices, table, cols, avail)
        _label_tiles(pens, mosaic, c, cols, tw, th)
    text_w = min(avail, max(_MIN_SECTION, mosaic.width if mosaic is not None else 0))
    parts = [_header(pens, name, rest, text_w, details)]
    if norm.mode != "channel":
        parts.append(_colorbar(pens, table, float(scaled.low[0]), float(scaled.high[0]), bool(centered)))
    if mosaic is not None:
        parts.append(mosaic)
    return _stack(parts, gap=8)


def _input_section(pens: _Pens, image: np.ndarray, avail: int) -> Image.Image:
    x = np.asarray(image, dtype=np.float32)
    if x.ndim == 2:
        x = x[None]
    if x.shape[0] == 1:
        x = np.repeat(x, 3, axis=0)
    x = x[:3]
    shape = "×".join(str(d) for d in np.asarray(image).shape)
    rgb = np.empty(x.shape, np.float32)
    np.multiply(np.nan_to_num(x), 255.0, out=rgb)
    np.add(rgb, 0.5, out=rgb)
    pixels = np.empty(x.shape, np.uint8)
    np.clip(rgb, 0, 255, out=pixels, casting="unsafe")
    img = Image.fromarray(np.ascontiguousarray(pixels.transpose(1, 2, 0)))
    h, w = img.height, img.width
    long_side = max(h, w)
    if long_side < 128:  # enlarge small inputs, crisp
        f = math.ceil(128 / long_side)
        img = img.resize((w * f, h * f), Image.Resampling.NEAREST)
    limit = min(avail, 320)
    if max(img.width, img.height) > limit:
        s = limit / max(img.width, img.height)
        img = img.resize((max(1, round(img.width * s)), max(1, round(img.height * s))), Image.Resampling.BOX)
    header = _header(
        pens, tr("input"), tr("· {shape} · the tensor fed to the network").format(shape=shape), avail
    )
    return _stack([header, img], gap=8)


def _probability_section(
    pens: _Pens,
    name: str,
    logits: np.ndarray | None,
    probabilities: np.ndarray,
    class_names: list[str],
    avail: int,
) -> Image.Image:
    p = np.nan_to_num(np.asarray(probabilities, dtype=np.float64).ravel())
    n = p.size
    names = [str(class_names[i]) if i < len(class_names) else tr("class {i}").format(i=i) for i in range(n)]
    logit_vals = None if logits is None else np.asarray(logits, dtype=np.float64).ravel()
    if logit_vals is not None and logit_vals.size != n:
        logit_vals = None
    top = int(np.argmax(p)) if n else -1
    rest = tr("· class probabilities (softmax of {n} logits) · top: {top}").format(
        n=n, top=names[top] if n else "—"
    )
    header = _header(pens, name, rest, avail)
    if not n:
        return header

    body, bold = pens.body, pens.head
    row_h = max(body.line_height, bold.line_height, 20)
    name_w = min(max(max(bold.width(s), body.width(s)) for s in names) + 12, avail // 3)
    tail_w = (
        body.width("100.0 %") + (pens.small.width("logit −00.00") + 16 if logit_vals is not None else 0) + 16
    )
    bar_max = max(60, min(420, avail - name_w - tail_w))
    width = name_w + bar_max + tail_w
    chart = Image.new("RGB", (width, row_h * n), _WHITE)
    d = ImageDraw.Draw(chart)
    for i in range(n):  # one bar per class
        y = i * row_h
        is_top = i == top
        pen = bold if is_top else body
        label = names[i]
        while pen.width(label) > name_w - 12 and len(label) > 2:
            label = label[:-2] + "…"
        pen.draw(d, (name_w - 12 - pen.width(label), y + 1), label)
        d.rectangle((name_w, y + 3, name_w + bar_max, y + row_h - 4), fill=(244, 244, 244))
        length = round(bar_max * float(np.clip(p[i], 0.0, 1.0)))
        if length:
            d.rectangle(
                (name_w, y + 3, name_w + length - 1, y + row_h - 4), fill=_BAR_TOP if is_top else _BAR
            )
        x = name_w + bar_max + 8
        pct = f"{100 * p[i]:.1f} %"
        pen.draw(d, (x, y + 1), pct)
        if logit_vals is not None:
            pens.small.draw(
                d, (x + body.width("100.0 %") + 16, y + 3), tr("logit {v}").format(v=f"{logit_vals[i]:.2f}")
            )
    return _stack([header, chart], gap=8)


def contact_sheet(
    input_image: np.ndarray,
    stages: list[tuple[str, str, np.ndarray]],
    probabilities: np.ndarray,
    class_names: list[str],
    title: str = "",
    subtitle: str = "",
    norm: Normalization = Normalization(),
    signed_cmap: str = DEFAULT_DIVERGING,
    unsigned_cmap: str = DEFAULT_SEQUENTIAL,
    max_width: int = 1600,
) -> Image.Image:
    """One labelled RGB image of a whole forward pass, to save as PNG.

    From the top: ``title``, ``subtitle`` (e.g. the shape strip), the input image,
    then one section per stage of ``stages`` (``(name, kind, array)`` in network
    order): map stages as a grid of numbered, colormapped tiles (signed stages with
    ``signed_cmap`` centred on 0, others with ``unsigned_cmap``), ``flatten`` as one
    line, ``fc`` as a bar chart of ``probabilities`` with the top class highlighted.
    The image is at most ``max_width`` pixels wide; wide sections are shrunk.
    """
    lut(signed_cmap)  # fail early, with the colormap's name
    lut(unsigned_cmap)
    pens = _Pens()
    max_width = int(max_width)
    avail = max(64, max_width - 2 * _MARGIN)

    # Rows of sections: a block's conv, relu and pool side by side where they fit.
    rows: list[list[Image.Image]] = []
    top: list[tuple[_Pen, str]] = []
    if title:
        top.append((pens.title, title))
    if subtitle:
        top.append((pens.subtitle, subtitle))
    if top:
        rows.append([_text_block(top, avail)])
    rows.append([_input_section(pens, input_image, avail)])
    open_row: list[Image.Image] | None = None  # the row map sections may join
    previous_shape: tuple[int, ...] | None = None
    for name, kind, array in stages:
        a = np.asarray(array)
        if kind == "flatten":
            src = "×".join(str(d) for d in previous_shape) if previous_shape else "?"
            rest = tr("· {src} flattened to a vector of {n:,} values (not drawn)").format(src=src, n=a.size)
            rows.append([_header(pens, name, rest, avail)])
            open_row = None
        elif kind == "fc" or a.ndim == 1:
            rows.append([_probability_section(pens, name, a, probabilities, class_names, avail)])
            open_row = None
        else:
            sec = _map_section(pens, name, kind, a, norm, signed_cmap, unsigned_cmap, avail)
            fits = open_row is not None and (
                sum(x.width + _COLUMN_GAP for x in open_row) + sec.width <= avail
            )
            if open_row is not None and fits and kind != "conv":  # a new block starts a new row
                open_row.append(sec)
            else:
                open_row = [sec]
                rows.append(open_row)
        previous_shape = a.shape

    content_w = max(sum(x.width for x in row) + _COLUMN_GAP * (len(row) - 1) for row in rows)
    width = min(max_width, content_w + 2 * _MARGIN)
    heights = [max(x.height for x in row) for row in rows]
    height = 2 * _MARGIN + sum(heights) + 2 * _SECTION_GAP * (len(rows) - 1)
    sheet = Image.new("RGB", (width, height), _WHITE)
    d = ImageDraw.Draw(sheet)
    y = _MARGIN
    for i, (row, row_h) in enumerate(zip(rows, heights, strict=True)):
        if i > (1 if top else 0):  # a rule between rows of stages
            d.line((_MARGIN, y - _SECTION_GAP, width - _MARGIN, y - _SECTION_GAP), fill=_RULE)
        x = _MARGIN
        for sec in row:
            sheet.paste(sec, (x, y))
            x += sec.width + _COLUMN_GAP
        y += row_h + 2 * _SECTION_GAP
    return sheet
