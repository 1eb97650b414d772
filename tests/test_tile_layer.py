"""The tile grid keeps its drawn tiles as one image (issue 14): what it shows stays exactly the maps.

Oracle: the colour a map cell must have is the colour table's entry for its index, read
here straight from the numpy array (no Qt drawing involved), sampled at the centre of the
cell on the widget's own grab.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from cnnviz.app import tiles
from cnnviz.app.panels.stage import table_for
from cnnviz.app.tiles import TileGrid
from cnnviz.core.display import StageImage

CHANNELS, SIZE = 6, 8


def stage_image(seed: int) -> StageImage:
    indices = np.random.default_rng(seed).integers(0, 256, (CHANNELS, SIZE, SIZE), dtype=np.uint8)
    values = indices.astype(np.float32)
    return StageImage(
        name="conv1",
        kind="conv",
        indices=indices,
        low=np.zeros(CHANNELS, np.float32),
        high=np.full(CHANNELS, 255.0, np.float32),
        centered=False,
        shape=(CHANNELS, SIZE, SIZE),
        factor=1,
        norm="channel",
        source=values,
        key=(seed,),
    )


@pytest.fixture
def grid(qtbot):
    widget = TileGrid("conv1")
    qtbot.addWidget(widget)
    widget.resize(420, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell_colours(grid: TileGrid) -> dict[tuple[int, int, int], QColor]:
    """The colour at the centre of every cell in the lower half of each tile (the channel number sits top left)."""
    shot: QImage = grid.grab().toImage()
    ratio = shot.devicePixelRatio()
    out = {}
    for ch in range(CHANNELS):
        for row in range(SIZE // 2, SIZE):
            for col in range(SIZE):
                centre = grid.cell_rect(ch, row, col).center()
                out[(ch, row, col)] = shot.pixelColor(int(centre.x() * ratio), int(centre.y() * ratio))
    return out


def expected(image: StageImage, table: list[int]) -> dict[tuple[int, int, int], QColor]:
    return {
        (ch, row, col): QColor.fromRgba(table[int(image.indices[ch, row, col])])
        for ch in range(CHANNELS)
        for row in range(SIZE // 2, SIZE)
        for col in range(SIZE)
    }


def rgb(colours: dict) -> dict:
    return {k: (c.red(), c.green(), c.blue()) for k, c in colours.items()}


def test_the_kept_tiles_show_the_maps_and_follow_every_change(grid: TileGrid, monkeypatch) -> None:
    drawn: list[int] = []
    draw_tiles = TileGrid._draw_tiles

    def counting(self, painter, channels, ratio):
        drawn.extend(channels)
        return draw_tiles(self, painter, channels, ratio)

    monkeypatch.setattr(TileGrid, "_draw_tiles", counting)
    first, gray = stage_image(1), table_for("gray")
    grid.set_image(first, gray)
    assert rgb(cell_colours(grid)) == rgb(expected(first, gray))
    assert sorted(drawn) == list(range(CHANNELS))  # each tile drawn once

    # Fading and coming back (every change of a dragged slider) draws no tile again.
    drawn.clear()
    grid.set_dimmed(True)
    faded = cell_colours(grid)
    base = grid.palette().base().color()
    for key, colour in expected(first, gray).items():  # 30 % of the map over the background
        want = [0.3 * a + 0.7 * b for a, b in zip(colour.getRgb()[:3], base.getRgb()[:3], strict=True)]
        assert np.allclose(faded[key].getRgb()[:3], want, atol=2), (key, faded[key].getRgb(), want)
    grid.set_dimmed(False)
    assert rgb(cell_colours(grid)) == rgb(expected(first, gray))
    assert drawn == []

    # Another colormap, another image, another size: the kept tiles are drawn again.
    viridis = table_for("viridis")
    grid.set_color_table(viridis)
    assert rgb(cell_colours(grid)) == rgb(expected(first, viridis))
    second = stage_image(2)
    grid.set_image(second, viridis)
    assert rgb(cell_colours(grid)) == rgb(expected(second, viridis))
    grid.resize(300, 420)
    assert rgb(cell_colours(grid)) == rgb(expected(second, viridis))


def test_a_grid_too_large_to_keep_draws_straight_onto_the_widget(grid: TileGrid, monkeypatch) -> None:
    monkeypatch.setattr(tiles, "LAYER_MAX_PIXELS", 0)
    image, table = stage_image(3), table_for("magma")
    grid.set_image(image, table)
    assert rgb(cell_colours(grid)) == rgb(expected(image, table))
    assert grid._layer is None


def test_dead_channel_badges_are_drawn_on_their_tiles(grid: TileGrid) -> None:
    grid.set_image(stage_image(4), table_for("viridis"))  # no map colour is red or grey
    grid.set_quiet({2: "dead", 4: "constant"})
    shot = grid.grab().toImage()
    ratio = shot.devicePixelRatio()
    for ch, colour in ((2, (200, 30, 30)), (4, (90, 90, 90))):
        tile = grid.tile_rect(ch)
        pixel = shot.pixelColor(int((tile.left() + 1) * ratio), int((tile.bottom() - 1) * ratio))
        assert pixel.getRgb()[:3] == colour
    tile = grid.tile_rect(0)  # no badge where the channel is not quiet
    pixel = shot.pixelColor(int((tile.left() + 1) * ratio), int((tile.bottom() - 1) * ratio))
    assert pixel.getRgb()[:3] not in ((200, 30, 30), (90, 90, 90))
