"""One stage's maps as tiles, with a colour bar, an optional histogram and a menu."""

from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from cnnviz.app.histogram import HistogramWidget
from cnnviz.app.layout import FLATTEN_MAX_TILE
from cnnviz.app.panels.colorbar import Colorbar
from cnnviz.app.panels.frame import PanelFrame
from cnnviz.app.qt_utils import color_table
from cnnviz.app.tiles import TileGrid
from cnnviz.core import render
from cnnviz.core.display import StageImage
from cnnviz.core.i18n import tr
from cnnviz.core.view import ALL_CMAPS, ViewOptions


@functools.lru_cache(maxsize=64)
def _table(cmap: str) -> tuple[int, ...]:
    return tuple(color_table(render.lut(cmap)))


def table_for(cmap: str) -> list[int]:
    """The Qt colour table (0xAARRGGBB entries) of a colormap."""
    return list(_table(cmap))


class StagePanel(PanelFrame):
    """The maps of one stage as tiles, with a colour bar and an optional histogram."""

    hovered = Signal(object)
    tile_clicked = Signal(str, int)
    cell_selected = Signal(str, int, int, int)
    override_requested = Signal(str, str, object)  # stage, "cmap"/"norm", value or None
    export_requested = Signal(str)

    def __init__(self, stage: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(stage, kind, parent)
        self.tiles = TileGrid(stage)
        if kind == "flatten":
            self.tiles.max_tile = FLATTEN_MAX_TILE
        self.tiles.hovered.connect(self.hovered)
        self.tiles.tile_clicked.connect(self.tile_clicked)
        self.tiles.cell_selected.connect(self.cell_selected)
        self.colorbar = Colorbar()
        self.histogram = HistogramWidget()
        self.histogram.setVisible(False)
        self.body.addWidget(self.tiles)
        self.body.addWidget(self.colorbar)
        self.body.addWidget(self.histogram)
        self.cmap = ""
        self._build_menu()

    @property
    def image(self) -> StageImage | None:
        """The stage shown (its tiles hold it)."""
        return self.tiles.image

    def _build_menu(self) -> None:
        menu = QMenu(self)
        cmap_menu = menu.addMenu(tr("Colormap"))
        group = QActionGroup(self)
        self.cmap_actions: dict[str | None, QAction] = {}
        for name in (None, *ALL_CMAPS):
            action = cmap_menu.addAction(tr("as the whole view") if name is None else render.cmap_label(name))
            action.setCheckable(True)
            action.setData(name)
            group.addAction(action)
            action.triggered.connect(
                lambda _=False, n=name: self.override_requested.emit(self.stage, "cmap", n)
            )
            self.cmap_actions[name] = action
        self.cmap_actions[None].setChecked(True)
        norm_menu = menu.addMenu(tr("Range"))
        group = QActionGroup(self)
        self.norm_actions: dict[str | None, QAction] = {}
        labels = {
            None: tr("as the whole view"),
            "channel": tr("per channel"),
            "stage": tr("one range for the stage"),
            "fixed": tr("fixed range"),
        }
        for mode, label in labels.items():
            action = norm_menu.addAction(label)
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(
                lambda _=False, m=mode: self.override_requested.emit(self.stage, "norm", m)
            )
            self.norm_actions[mode] = action
        self.norm_actions[None].setChecked(True)
        self.histogram_action = menu.addAction(tr("Show histogram"))
        self.histogram_action.setCheckable(True)
        self.histogram_action.toggled.connect(self.set_histogram_visible)
        menu.addSeparator()
        export = menu.addAction(tr("Export panel as PNG…"))
        export.triggered.connect(lambda: self.export_requested.emit(self.stage))
        self.menu_button.setMenu(menu)

    def set_histogram_visible(self, visible: bool) -> None:
        self.histogram.setVisible(visible)
        if visible:
            self._update_histogram()

    def _update_histogram(self) -> None:
        if not self.histogram.isHidden() and self.image is not None:
            self.histogram.set_values(self.image.source, tr("{stage}: all values").format(stage=self.stage))

    def show_stage(self, image: StageImage, cmap: str) -> bool:
        """Show a new image of this stage; False if it is the one already shown."""
        self.cmap = cmap
        table = table_for(cmap)
        changed = self.tiles.set_image(image, table)
        if changed:
            self._update_colorbar(table)
            self._update_histogram()
        return changed

    def set_cmap(self, cmap: str) -> None:
        if cmap == self.cmap:
            return
        self.cmap = cmap
        table = table_for(cmap)
        self.tiles.set_color_table(table)
        self._update_colorbar(table)

    def sync_overrides(self, view: ViewOptions) -> None:
        sv = view.stage_view(self.stage)
        self.cmap_actions.get(sv.cmap, self.cmap_actions[None]).setChecked(True)
        self.norm_actions.get(sv.norm, self.norm_actions[None]).setChecked(True)

    def _update_colorbar(self, table: list[int]) -> None:
        image = self.image
        if image is None:
            return
        per_channel = image.norm == "channel" and image.channels > 1
        self.colorbar.set_scale(
            table, float(image.low.min()), float(image.high.max()), image.centered, per_channel
        )

    def _dim(self, dimmed: bool) -> None:
        self.tiles.set_dimmed(dimmed)
