"""Two forward passes side by side: A (pinned) and B (current), stage by stage.

For each stage present in either result: its shape in A and in B; where the
shapes agree, the difference ``B − A`` and one colour range shared by A and B
(so equal colours mean equal values); where they do not, a sentence saying so,
e.g. "A: 16 × 64 × 64, B: 16 × 128 × 128: no pixel-wise difference".
:func:`compare_sheet` draws it all as one PNG with the contact sheet's parts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from cnnviz.core.display import StageImage, render_stage, stage_kind
from cnnviz.core.engine import ForwardResult
from cnnviz.core.i18n import tr
from cnnviz.core.render import Normalization
from cnnviz.core.text import shape_text
from cnnviz.core.view import ViewOptions

DEFAULT_COMPARE_TILES = 16  # channels drawn per stage and side


@dataclass(frozen=True, eq=False)
class StageComparison:
    """One stage of A and B: shapes, and the difference where they agree."""

    name: str
    a: np.ndarray | None  # A's values, None when A has no such stage
    b: np.ndarray | None
    difference: np.ndarray | None  # B − A (float32) where the shapes agree, else None
    low: float  # shared range of A and B (finite values of both)
    high: float
    message: str  # "" when the shapes agree; otherwise why there is no difference map

    @property
    def shape_a(self) -> tuple[int, ...] | None:
        return None if self.a is None else tuple(self.a.shape)

    @property
    def shape_b(self) -> tuple[int, ...] | None:
        return None if self.b is None else tuple(self.b.shape)

    @property
    def same_shape(self) -> bool:
        return self.difference is not None

    @property
    def max_abs_difference(self) -> float:
        """The largest ``|B − A|`` (NaN where the shapes differ)."""
        if self.difference is None or self.difference.size == 0:
            return math.nan
        return float(np.nanmax(np.abs(self.difference)))


def _shared_range(*arrays: np.ndarray | None) -> tuple[float, float]:
    values = [a[np.isfinite(a)] for a in arrays if a is not None and a.size]
    values = [v for v in values if v.size]
    if not values:
        return 0.0, 0.0
    return float(min(v.min() for v in values)), float(max(v.max() for v in values))


def compare_stage(name: str, a: np.ndarray | None, b: np.ndarray | None) -> StageComparison:
    """Compare one stage's arrays (either may be missing)."""
    low, high = _shared_range(a, b)
    if a is None or b is None:
        present, which, shape = ("B", "A", b.shape) if a is None else ("A", "B", a.shape)  # type: ignore[union-attr]
        message = tr("{missing} has no {name} ({present}: {shape}): no pixel-wise difference").format(
            missing=which, name=name, present=present, shape=shape_text(shape)
        )
        return StageComparison(name, a, b, None, low, high, message)
    if a.shape != b.shape:
        message = tr("A: {a}, B: {b}: no pixel-wise difference").format(
            a=shape_text(a.shape), b=shape_text(b.shape)
        )
        return StageComparison(name, a, b, None, low, high, message)
    difference = b.astype(np.float32) - a.astype(np.float32)
    difference.flags.writeable = False
    return StageComparison(name, a, b, difference, low, high, "")


def compare_results(a: ForwardResult, b: ForwardResult) -> list[StageComparison]:
    """Every stage of A and B (the input first, then in network order; stages only
    one side has are placed after the stage they follow there)."""
    names: list[str] = []
    for name in [*a.stages, *b.stages]:
        if name not in names:
            names.append(name)
    # Network order also when B has stages A lacks (e.g. B pools, A does not).
    names.sort(key=_network_position)
    out = [compare_stage("input", a.input, b.input)]
    out += [compare_stage(n, a.stages.get(n), b.stages.get(n)) for n in names]
    return out


def _network_position(name: str) -> tuple[int, int]:
    kind = stage_kind(name)
    if kind in ("flatten", "fc"):
        return (10_000, 0 if kind == "flatten" else 1)
    return (int(name[len(kind) :] or 0), {"conv": 0, "relu": 1, "pool": 2}.get(kind, 3))


# ---------------------------------------------------------------------------
# The comparison as one PNG
# ---------------------------------------------------------------------------


def _map_image(name: str, kind: str, values: np.ndarray, norm: Normalization, tiles: int) -> StageImage:
    return render_stage(name, kind, values, None, norm, 180, channels=tiles)


def compare_sheet(
    comparisons: Sequence[StageComparison],
    *,
    title: str = "",
    label_a: str = "A",
    label_b: str = "B",
    view: ViewOptions | None = None,
    footer: Sequence[str] = (),
    max_width: int = 1800,
    max_tiles: int = DEFAULT_COMPARE_TILES,
) -> Image.Image:
    """A, B and B − A per stage, one row each, as one RGB image to save as PNG.

    A and B of a stage are drawn with one fixed colour range (the smallest and
    largest value of both), the difference centred on 0 with the diverging map.
    """
    from cnnviz.core import sheet as sh  # the contact sheet's drawing parts

    view = view or ViewOptions()
    pens = sh._Pens()
    avail = max(300, max_width - 2 * sh._MARGIN)
    column = (avail - 2 * sh._COLUMN_GAP) // 3
    rows: list[list[Image.Image]] = []
    head = [(pens.title, title)] if title else []
    head.append((pens.subtitle, tr("A: {a}").format(a=label_a)))
    head.append((pens.subtitle, tr("B: {b}").format(b=label_b)))
    rows.append([sh._text_block(head, avail)])
    for c in comparisons:
        kind = "input" if c.name == "input" else stage_kind(c.name)
        sides = [(tr("A"), c.a), (tr("B"), c.b)]
        row: list[Image.Image] = []
        if kind == "input":
            for side, values in sides:
                if values is not None:
                    section = sh._input_section(pens, values, column)
                    row.append(sh._stack([sh._header(pens, side, "", column), section], gap=4))
        elif (
            kind in ("flatten", "fc")
            or (c.a is not None and c.a.ndim == 1)
            or (c.b is not None and c.b.ndim == 1)
        ):
            row.append(sh._text_block([(pens.body, _vector_line(c))], avail))
        else:
            fixed = Normalization("fixed", c.low, c.high if c.high > c.low else c.low + 1e-6)
            for side, values in sides:
                if values is None:
                    continue
                image = _map_image(f"{c.name} · {side}", kind, values, fixed, max_tiles)
                row.append(sh._map_section(pens, image, view.cmap_for(c.name, kind), column))
        if kind not in ("flatten", "fc"):
            if c.difference is not None and not np.any(c.difference):
                words = tr("{name}: A and B are equal here (B − A is 0 everywhere)").format(name=c.name)
                row.append(sh._text_block([(pens.body, words)], column))
            elif c.difference is not None and c.difference.ndim == 3:
                diff = _map_image(
                    f"{c.name} · B − A",
                    "conv",
                    c.difference,
                    Normalization("stage", centered=True),
                    max_tiles,
                )
                row.append(sh._map_section(pens, diff, view.signed_cmap, column))
            else:
                row.append(sh._text_block([(pens.body, f"{c.name}: {c.message}")], column))
        rows.append(row)
    if footer:
        rows.append([sh._text_block([(pens.small, line) for line in footer], avail)])
    return _assemble(rows, max_width, sh)


def _vector_line(c: StageComparison) -> str:
    if c.difference is None:
        return f"{c.name}: {c.message}"
    return tr("{name}: {shape} in both; largest |B − A| = {d:.4g}").format(
        name=c.name, shape=shape_text(c.shape_a or ()), d=c.max_abs_difference
    )


def _assemble(rows: list[list[Image.Image]], max_width: int, sh: object) -> Image.Image:
    margin, gap, section_gap = sh._MARGIN, sh._COLUMN_GAP, sh._SECTION_GAP  # type: ignore[attr-defined]
    content_w = max(sum(x.width for x in row) + gap * (len(row) - 1) for row in rows)
    width = min(max_width, content_w + 2 * margin)
    heights = [max(x.height for x in row) for row in rows]
    height = 2 * margin + sum(heights) + 2 * section_gap * (len(rows) - 1)
    out = Image.new("RGB", (width, height), (255, 255, 255))
    d = ImageDraw.Draw(out)
    y = margin
    for i, (row, row_h) in enumerate(zip(rows, heights, strict=True)):
        if i > 0:
            d.line((margin, y - section_gap, width - margin, y - section_gap), fill=(215, 215, 215))
        x = margin
        for section in row:
            out.paste(section, (x, y))
            x += section.width + gap
        y += row_h + 2 * section_gap
    return out
