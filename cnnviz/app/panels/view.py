"""All panels in network order, arranged to fit the window's width.

Rows (see :func:`cnnviz.app.layout.arrange`): the input beside the network
table; one row per block (conv | ReLU | pool, split over rows in a narrow
window); the flattened vector beside the class scores. Panels are built once
per network structure and then only handed new data; a panel whose stage did
not change keeps its image and is not redrawn.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.app import layout
from cnnviz.app.panels.frame import PanelFrame
from cnnviz.app.panels.input import InputPanel
from cnnviz.app.panels.scores import ScoresPanel
from cnnviz.app.panels.stage import StagePanel
from cnnviz.app.panels.summary import SummaryPanel
from cnnviz.app.tiles import PaintPacer
from cnnviz.core.dead import QuietChannel
from cnnviz.core.display import StageImage
from cnnviz.core.edits import KernelEdits
from cnnviz.core.view import ViewOptions

MAX_ROWS = 32  # rows of panels at most: input, table, 5 blocks split over up to 3 rows each, flatten


class PanelsView(QScrollArea):
    """The scrollable area holding every panel."""

    hovered = Signal(object)
    tile_clicked = Signal(str, int)
    cell_selected = Signal(str, int, int, int)
    override_requested = Signal(str, str, object)
    export_requested = Signal(str)
    geometry_changed = Signal(int, float)  # nominal viewport width, zoom

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panels")
        self.pacer = PaintPacer(self)  # new maps are painted a few panels per turn of the event loop
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.container = QWidget()
        self.container.setObjectName("panels-container")
        self.rows = QVBoxLayout(self.container)
        self.rows.setContentsMargins(
            layout.VIEW_MARGIN, layout.VIEW_MARGIN, layout.VIEW_MARGIN, layout.VIEW_MARGIN
        )
        self.rows.setSpacing(layout.ROW_SPACING)
        # A fixed set of row layouts, made once and never taken out: arranging
        # only moves widgets between them (removeWidget / addWidget). Taking
        # items out of live layouts with takeAt() hands ownership of a child
        # layout to Python under two wrappers; after a few thousand
        # re-arrangements in `cnnviz soak` that corrupted the heap (a new QMenu
        # came back as a QWidgetItem).
        self._lines: list[QHBoxLayout] = []
        self._placed: list[list[QWidget]] = []
        self._fillers: list[QWidget] = []
        for _ in range(MAX_ROWS):
            line = QHBoxLayout()
            line.setSpacing(layout.ROW_SPACING)
            self.rows.addLayout(line)
            self._lines.append(line)
            self._placed.append([])
        self.rows.addStretch(1)
        self.setWidget(self.container)
        self.panels: dict[str, PanelFrame] = {}
        self.structure: tuple[tuple[str, str], ...] = ()
        self.arrangement: list[list[str]] = []
        self.zoom = 1.0
        self.input_panel = InputPanel()
        self.input_panel.hovered.connect(self.hovered)
        self.summary = SummaryPanel()
        self.scores_panel = ScoresPanel()
        self.panels = {"input": self.input_panel, "fc": self.scores_panel}
        self._width = 0

    def panel(self, stage: str) -> PanelFrame:
        return self.panels[stage]

    def stage_panels(self) -> list[StagePanel]:
        return [p for p in self.panels.values() if isinstance(p, StagePanel)]

    def nominal_width(self) -> int:
        """The width the layout plans with (the scroll bar is always counted, see layout.py)."""
        return max(1, self.width() - 2 * self.frameWidth())

    # Structure -------------------------------------------------------------------------------
    def build(self, stages: list[tuple[str, str]]) -> bool:
        """Have a panel for each ``(name, kind)`` stage (existing ones are kept), arranged in rows."""
        structure = tuple(stages)
        if structure == self.structure:
            return False
        self.structure = structure
        keep: dict[str, PanelFrame] = {"input": self.input_panel, "fc": self.scores_panel}
        for name, kind in stages:
            if name in ("input", "fc"):
                continue
            old = self.panels.get(name)
            keep[name] = (
                old if isinstance(old, StagePanel) and old.kind == kind else self._make_panel(name, kind)
            )
        for name, panel in self.panels.items():
            if name not in keep:
                panel.setParent(None)
                panel.deleteLater()
        self.panels = keep
        self._arrange(force=True)
        return True

    def _arrange(self, force: bool = False) -> None:
        width = self.nominal_width()
        rows = layout.arrange(self.structure, width)
        summary_beside_input = layout.panels_per_row(width) >= 2 and (
            layout.panel_width(width, 3) + self.summary.minimumSizeHint().width() + layout.ROW_SPACING
            <= width - 2 * layout.VIEW_MARGIN - layout.SCROLLBAR_ALLOWANCE
        )
        arrangement = [list(r) for r in rows]
        if summary_beside_input:
            arrangement[0] = ["input", "summary"]
        else:
            arrangement.insert(1, ["summary"])
        if arrangement == self.arrangement and not force:
            return
        self.arrangement = arrangement
        for line, placed in zip(self._lines, self._placed, strict=True):
            for widget in placed:
                line.removeWidget(widget)
            placed.clear()
        per_row = layout.panels_per_row(width)
        fillers = iter(self._fillers)
        for line, placed, row in zip(self._lines, self._placed, arrangement, strict=False):
            for name in row:
                widget: QWidget = self.summary if name == "summary" else self.panels[name]
                line.addWidget(widget, 2 if name == "summary" else 1, Qt.AlignmentFlag.AlignTop)
                placed.append(widget)
                if widget.isHidden() and not widget.testAttribute(
                    Qt.WidgetAttribute.WA_WState_ExplicitShowHide
                ):
                    widget.show()  # now, not at a later turn of the event loop (Qt's own queued show)
            if row[0] not in ("input", "summary") and len(row) < per_row:
                # A short row keeps its panels as wide as those of full rows.
                filler = next(fillers, None) or self._new_filler()
                filler.show()
                line.addWidget(filler, per_row - len(row))
                placed.append(filler)
        for filler in fillers:
            filler.hide()

    def _new_filler(self) -> QWidget:
        filler = QWidget(self.container)
        filler.setObjectName("row-filler")
        filler.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._fillers.append(filler)
        return filler

    def _make_panel(self, name: str, kind: str) -> StagePanel:
        panel = StagePanel(name, kind)
        panel.tiles.pacer = self.pacer
        panel.hovered.connect(self.hovered)
        panel.tile_clicked.connect(self.tile_clicked)
        panel.cell_selected.connect(self.cell_selected)
        panel.override_requested.connect(self.override_requested)
        panel.export_requested.connect(self.export_requested)
        if kind != "flatten":
            panel.tiles.set_zoom(self.zoom)
        return panel

    # Data ------------------------------------------------------------------------------------
    def show_images(
        self, images: dict[str, StageImage], view: ViewOptions, edits: KernelEdits | None = None
    ) -> None:
        """Hand each panel its stage (a panel given the image it shows does nothing).

        ``edits`` are the kernel edits these maps were computed with: a conv stage marks the
        channels whose kernel the learner edited (the marks belong to the maps, not to the editor).
        """
        for name, image in images.items():
            panel = self.panels.get(name)
            if isinstance(panel, StagePanel):
                panel.show_stage(image, view.cmap_for(name, image.kind))
                panel.tiles.set_edited(
                    edits.channels(name) if edits is not None and image.kind == "conv" else ()
                )

    def mark_quiet(self, quiet: Iterable[QuietChannel]) -> None:
        """Label dead and constant channels (core.dead) on the tiles of the stages shown."""
        per_stage: dict[str, dict[int, str]] = {}
        for q in quiet:
            per_stage.setdefault(q.stage, {})[q.channel] = q.kind
        for panel in self.stage_panels():
            panel.tiles.set_quiet(per_stage.get(panel.stage, {}))

    def apply_view(self, view: ViewOptions) -> None:
        for panel in self.stage_panels():
            panel.set_cmap(view.cmap_for(panel.stage, panel.kind))
            panel.sync_overrides(view)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        for panel in self.stage_panels():
            if panel.kind != "flatten":
                panel.tiles.set_zoom(zoom)
        self.geometry_changed.emit(self.nominal_width(), zoom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.nominal_width()
        if width != self._width:
            self._width = width
            if self.structure:
                self._arrange()
            self.geometry_changed.emit(width, self.zoom)
