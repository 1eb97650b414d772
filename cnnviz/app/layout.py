"""Where the panels go and how large their tiles are: pure functions, no widgets.

The panels view arranges itself with :func:`arrange` and each tile grid sizes
its tiles with :func:`tile_geometry`; the controller calls :func:`tile_sizes`
with the same numbers *before* it sends a request, so the worker draws each
stage at the size it will be shown. A change of settings (even one that adds
a block or removes a pooling) is therefore one request and one render: the
layout that follows asks for nothing new.

Only a change of the view's geometry (the window resized, the zoom changed)
changes tile sizes, and then only the stages whose tiles changed are redrawn.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

# Geometry shared with the widgets (panels.py uses these very numbers).
VIEW_MARGIN = 8  # around all panels
ROW_SPACING = 8  # between panels side by side and between rows
PANEL_MARGIN_X = 8  # inside a panel, left and right of its content
PANEL_BORDER = 1
MIN_PANEL_WIDTH = 300  # narrower than this, a block's panels go on more rows
SCROLLBAR_ALLOWANCE = 16  # the vertical scroll bar is assumed present, so it never changes a size

GAP = 3  # between tiles
MIN_TILE = 12
MAP_MAX_TILE = 1024
FLATTEN_MAX_TILE = 512


@dataclass(frozen=True)
class TileGeometry:
    columns: int
    tile_width: int
    tile_height: int

    @property
    def cell(self) -> tuple[int, int]:
        return self.tile_width + GAP, self.tile_height + GAP


@functools.lru_cache(maxsize=1024)  # layouts ask for the same widths many times per change (pure)
def tile_geometry(
    channels: int, aspect: float, width: int, zoom: float = 1.0, max_tile: int = MAP_MAX_TILE
) -> TileGeometry:
    """Columns and tile size for ``channels`` maps of height/width ``aspect`` in ``width`` pixels.

    About square overall at zoom 1; a larger zoom means fewer columns (larger
    tiles), never tiles narrower than :data:`MIN_TILE`.
    """
    channels = max(1, channels)
    aspect = aspect if aspect > 0 else 1.0
    base = max(1, math.ceil(math.sqrt(channels * aspect)))
    cols = max(1, min(channels, round(base / max(zoom, 0.05))))
    while cols > 1 and (width - GAP * (cols - 1)) / cols < MIN_TILE:
        cols -= 1
    tile_w = max(1, int((width - GAP * (cols - 1)) / cols))
    tile_w = min(tile_w, max_tile)
    tile_h = max(1, round(tile_w * aspect))
    return TileGeometry(cols, tile_w, tile_h)


def grid_height(channels: int, geometry: TileGeometry) -> int:
    rows = math.ceil(max(1, channels) / geometry.columns)
    return rows * geometry.tile_height + GAP * (rows - 1)


def arrange(stages: Sequence[tuple[str, str]], viewport_width: int) -> list[list[str]]:
    """Rows of panel names: the input; each block's conv | ReLU | pool; flatten | scores.

    A block whose panels would be narrower than :data:`MIN_PANEL_WIDTH` is
    split over several rows, so nothing is squeezed in a small window.
    """
    groups: list[list[str]] = [["input"]]
    for name, kind in stages:
        if kind in ("conv", "flatten"):
            groups.append([name])
        elif kind in ("relu", "pool", "fc"):
            groups[-1].append(name)
    per_row = panels_per_row(viewport_width)
    rows: list[list[str]] = []
    for group in groups:
        for start in range(0, len(group), per_row):
            rows.append(group[start : start + per_row])
    return rows


def panels_per_row(viewport_width: int) -> int:
    usable = viewport_width - 2 * VIEW_MARGIN - SCROLLBAR_ALLOWANCE + ROW_SPACING
    return max(1, min(3, usable // (MIN_PANEL_WIDTH + ROW_SPACING)))


def panel_width(viewport_width: int, in_row: int) -> int:
    """The width of each of ``in_row`` equal panels side by side."""
    usable = viewport_width - 2 * VIEW_MARGIN - SCROLLBAR_ALLOWANCE - ROW_SPACING * (in_row - 1)
    return max(1, usable // max(1, in_row))


def content_width(panel: int) -> int:
    """The width inside a panel (where its tiles are drawn)."""
    return max(1, panel - 2 * PANEL_MARGIN_X - 2 * PANEL_BORDER)


def tile_sizes(
    stages: Sequence[tuple[str, str, tuple[int, ...]]],
    viewport_width: int,
    zoom: float = 1.0,
    device_pixel_ratio: float = 1.0,
) -> dict[str, tuple[int, int]]:
    """Each map stage's tile (height, width) in device pixels, as the panels will draw it.

    ``stages`` are ``(name, kind, shape)`` from the plan's shape report.
    """
    rows = arrange([(name, kind) for name, kind, _ in stages], viewport_width)
    row_length = {name: len(row) for row in rows for name in row}
    sizes: dict[str, tuple[int, int]] = {}
    for name, kind, shape in stages:
        if kind not in ("conv", "relu", "pool") or len(shape) != 3:
            continue
        width = content_width(panel_width(viewport_width, row_length.get(name, 1)))
        c, h, w = shape
        geometry = tile_geometry(c, h / max(1, w), width, zoom)
        sizes[name] = (
            max(1, round(geometry.tile_height * device_pixel_ratio)),
            max(1, round(geometry.tile_width * device_pixel_ratio)),
        )
    return sizes


LABEL_MIN_TILE = 30  # tiles at least this wide carry their channel number
