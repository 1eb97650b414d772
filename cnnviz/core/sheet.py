"""The contact sheet: one labelled PNG of a whole forward pass (``cnnviz render``).

From the top: a title, the shape strip, the input, one section per stage in
network order (maps as a grid of numbered tiles, the flattened vector as a line,
the class scores as bars), and a footer saying what the sheet shows (settings
that differ from the textbook, weights, image, cnnviz version). The same words
are stored as PNG text chunks.

The maps' colours come from the window's own pipeline
(:func:`cnnviz.core.display.render_stage`: ranges from full resolution, then
:func:`cnnviz.core.render.scale_to_indices`), so a stage looks the same in the
window and on the sheet. Stages with many channels show the first
``max_tiles`` and say how many more there are, so drawing takes time in
proportion to what is shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from cnnviz.core.display import StageImage, render_flatten, render_input, render_stage
from cnnviz.core.engine import ForwardResult
from cnnviz.core.exports import describe_export, footer_lines
from cnnviz.core.fonts import needs_cjk, sheet_font
from cnnviz.core.i18n import tr, tr_noop
from cnnviz.core.render import LUT_SIZE, cmap_label, colorize, grid_shape, lut, tile_mosaic, upscale_nearest
from cnnviz.core.text import printable, shape_text
from cnnviz.core.view import ViewOptions

DEFAULT_MAX_TILES = 64  # channels drawn per stage; the rest are counted ("+N more")

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
            truetype = ImageFont.truetype(path, size)
        except OSError:
            continue
        if _has_glyphs(truetype, _SPECIAL):
            return truetype, True
    if bold:
        return _font(size, False)
    fallback = ImageFont.load_default(size=size)
    return fallback, _has_glyphs(fallback, _SPECIAL)


class _Pen:
    """A font that knows how to measure, wrap and draw text (ASCII stand-ins if need be)."""

    def __init__(self, size: int, bold: bool = False, color: tuple[int, int, int] = _TEXT) -> None:
        self.font, self.unicode = _font(size, bold)
        self.size, self.bold = size, bold
        self.color = color
        ascent, descent = self.font.getmetrics() if hasattr(self.font, "getmetrics") else (size, 0)
        self.line_height = int(ascent + descent + max(2, size // 4))

    def text(self, s: str) -> str:
        # File names may hold newlines or escape sequences: drawn escaped, on one line
        # (Pillow's text layout fails on some control characters).
        s = printable(s, limit=None)
        if self.unicode:
            return s
        for k, v in _ASCII.items():
            s = s.replace(k, v)
        return s

    def runs(self, s: str) -> list[tuple[str, Font]]:
        """``s`` cut into runs, each with its font: Hangul (and other CJK) in a font that draws it
        (:func:`cnnviz.core.fonts.sheet_font`), everything else in the Latin font, which has the
        symbols a CJK font may lack (⌊ ⌋ of the formulas)."""
        cjk = sheet_font(self.size, self.bold) if needs_cjk(s) else None
        if cjk is None:
            return [(s, self.font)]
        runs: list[tuple[str, Font]] = []
        for ch in s:
            font = cjk if needs_cjk(ch) else self.font
            if runs and runs[-1][1] is font:
                runs[-1] = (runs[-1][0] + ch, font)
            else:
                runs.append((ch, font))
        return runs

    def width(self, s: str) -> int:
        return math.ceil(sum(font.getlength(run) for run, font in self.runs(self.text(s))))

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
        runs = self.runs(self.text(s))
        if len(runs) == 1 or not hasattr(self.font, "getmetrics"):
            d.text(
                xy, runs[0][0] if len(runs) == 1 else self.text(s), font=runs[0][1], fill=color or self.color
            )
            return
        # Two fonts on one line: every run on the Latin font's baseline.
        x, baseline = float(xy[0]), xy[1] + self.font.getmetrics()[0]
        for run, font in runs:
            d.text((x, baseline), run, font=font, fill=color or self.color, anchor="ls")
            x += font.getlength(run)


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
    tiles = colorize(upscale_nearest(indices, factor), table)  # (C, h', w', 3)
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
    "conv": tr_noop("feature maps"),
    "relu": tr_noop("activation maps (ReLU)"),
    "pool": tr_noop("pooled maps"),
}


def _map_section(pens: _Pens, image: StageImage, cmap_name: str, avail: int) -> Image.Image:
    table = lut(cmap_name)
    signed = image.kind == "conv"
    words = tr(_KIND_WORDS.get(image.kind, tr_noop("maps")))
    sign_words = tr("signed") if signed else tr("non-negative")
    rest = tr("· {words} ({sign})").format(words=words, sign=sign_words)
    norm_words = {
        "channel": tr("per-channel range"),
        "stage": tr("one range for the stage"),
        "fixed": tr("fixed range"),
    }[image.norm]
    if image.centered:
        norm_words += tr(", centred on 0")
    details = tr("{shape} · colormap {cmap} · {range}").format(
        shape=shape_text(image.shape, compact=True), cmap=cmap_label(cmap_name), range=norm_words
    )
    total = image.shape[0]
    shown = image.channels
    if shown < total:
        details += " · " + tr("channels 0–{last} of {total} shown").format(last=shown - 1, total=total)
    _, h, w = image.indices.shape
    mosaic = None
    if shown:
        _, cols = grid_shape(shown, h / max(w, 1))
        mosaic, cols, tw, th = _map_tiles(image.indices, table, cols, avail)
        _label_tiles(pens, mosaic, shown, cols, tw, th)
    text_w = min(avail, max(_MIN_SECTION, mosaic.width if mosaic is not None else 0))
    parts = [_header(pens, image.name, rest, text_w, details)]
    if image.norm != "channel":
        parts.append(_colorbar(pens, table, float(image.low[0]), float(image.high[0]), bool(image.centered)))
    if mosaic is not None:
        parts.append(mosaic)
    if shown < total:
        parts.append(_text_block([(pens.body, tr("+{n} more channels").format(n=total - shown))], text_w))
    return _stack(parts, gap=8)


def _input_section(pens: _Pens, values: np.ndarray, avail: int) -> Image.Image:
    x = np.asarray(values, dtype=np.float32)
    if x.ndim == 2:
        x = x[None]
    if x.shape[0] == 1:
        x = np.repeat(x, 3, axis=0)
    img = Image.fromarray(render_input(np.nan_to_num(x[:3])))
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
        pens,
        tr("input"),
        tr("· {shape} · the tensor fed to the network").format(
            shape=shape_text(np.asarray(values).shape, compact=True)
        ),
        avail,
    )
    return _stack([header, img], gap=8)


def _probability_section(
    pens: _Pens,
    name: str,
    logits: np.ndarray | None,
    probabilities: np.ndarray,
    class_names: list[str],
    avail: int,
    note: str = "",
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
    header = _header(pens, name, rest, avail, note)
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


def stage_images(
    stages: Sequence[tuple[str, str, np.ndarray]],
    view: ViewOptions,
    *,
    resolution: int = _MAX_TILE,
    sizes: Mapping[str, tuple[int, int]] | None = None,
    max_tiles: int | None = DEFAULT_MAX_TILES,
) -> dict[str, StageImage]:
    """Each map stage (and the flattened vector) as the window's pipeline draws it."""
    out: dict[str, StageImage] = {}
    for name, kind, array in stages:
        a = np.asarray(array)
        if kind == "flatten":
            out[name] = render_flatten(a, view.normalization_for(name))
        elif a.ndim == 3:
            size = sizes.get(name) if sizes else None
            out[name] = render_stage(
                name, kind, a, None, view.normalization_for(name), resolution, size, channels=max_tiles
            )
    return out


def contact_sheet(
    input_array: np.ndarray,
    stages: Sequence[tuple[str, str, np.ndarray]],
    probabilities: np.ndarray,
    class_names: list[str],
    *,
    title: str = "",
    subtitle: str = "",
    view: ViewOptions | None = None,
    class_note: str = "",
    footer: Sequence[str] = (),
    max_width: int = 1600,
    max_tiles: int | None = DEFAULT_MAX_TILES,
) -> Image.Image:
    """One labelled RGB image of a whole forward pass, to save as PNG.

    ``stages`` are ``(name, kind, array)`` in network order: map stages become
    grids of numbered tiles coloured as ``view`` says (the window's colormaps,
    ranges and per-stage overrides), ``flatten`` one line, ``fc`` a bar chart of
    ``probabilities`` with the top class highlighted and ``class_note`` under it
    (e.g. that the weights are untrained). ``footer`` lines close the sheet.
    The image is at most ``max_width`` pixels wide; wide sections are shrunk.
    """
    view = view or ViewOptions()
    for name, kind, _ in stages:
        if kind in ("conv", "relu", "pool"):
            lut(view.cmap_for(name, kind))  # fail early, with the colormap's name
    images = stage_images(stages, view, max_tiles=max_tiles)
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
    rows.append([_input_section(pens, input_array, avail)])
    open_row: list[Image.Image] | None = None  # the row map sections may join
    previous_shape: tuple[int, ...] | None = None
    for name, kind, array in stages:
        a = np.asarray(array)
        if kind == "flatten":
            src = shape_text(previous_shape, compact=True) if previous_shape else "?"
            rest = tr("· {src} flattened to a vector of {n:,} values (not drawn)").format(src=src, n=a.size)
            rows.append([_header(pens, name, rest, avail)])
            open_row = None
        elif kind == "fc" or a.ndim == 1:
            rows.append([_probability_section(pens, name, a, probabilities, class_names, avail, class_note)])
            open_row = None
        else:
            sec = _map_section(pens, images[name], view.cmap_for(name, kind), avail)
            fits = open_row is not None and (
                sum(x.width + _COLUMN_GAP for x in open_row) + sec.width <= avail
            )
            if open_row is not None and fits and kind != "conv":  # a new block starts a new row
                open_row.append(sec)
            else:
                open_row = [sec]
                rows.append(open_row)
        previous_shape = a.shape
    if footer:
        rows.append([_text_block([(pens.small, line) for line in footer], avail)])

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


def png_info(metadata: Mapping[str, str]) -> PngInfo:
    """PNG text chunks holding ``metadata`` (readable with Pillow's ``Image.text``)."""
    info = PngInfo()
    for key, value in metadata.items():
        info.add_itxt(key, value)
    return info


def sheet_for_result(
    result: ForwardResult,
    *,
    image_name: str,
    weights: str,
    class_names: list[str],
    class_note: str = "",
    view: ViewOptions | None = None,
    max_tiles: int | None = DEFAULT_MAX_TILES,
) -> tuple[Image.Image, dict[str, str]]:
    """The contact sheet of a forward pass and the metadata to store with it."""
    metadata = describe_export(result.settings, image_name=image_name, weights=weights)
    stages = [(name, result.report.stage(name).kind, data) for name, data in result.stages.items()]
    image = contact_sheet(
        result.input,
        stages,
        result.probabilities,
        class_names,
        title=tr("{name} — cnnviz").format(name=image_name),
        subtitle=result.report.strip(),
        view=view,
        class_note=class_note,
        footer=footer_lines(metadata),
        max_tiles=max_tiles,
    )
    return image, metadata
