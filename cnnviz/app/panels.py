"""The stage panels: the input, each block's conv / ReLU / pool maps, the scores.

Each panel is named ``stage:<stage>`` and holds a label ``shape:<stage>`` with
the shape of the maps it shows (``16 × 128 × 128``). Panels are built once per
network structure and then only handed new data; a panel whose stage did not
change keeps its image and is not redrawn.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.histogram import HistogramWidget
from cnnviz.app.painted import Line, TableView, TextBlock
from cnnviz.app.qt_utils import color_table, human_count, rgb_image
from cnnviz.app.tiles import Hover, TileGrid
from cnnviz.core import render
from cnnviz.core.display import StageImage, render_input
from cnnviz.core.i18n import tr
from cnnviz.core.spec import class_names
from cnnviz.core.view import ALL_CMAPS, ViewOptions


@functools.lru_cache(maxsize=64)
def _table(cmap: str) -> tuple[int, ...]:
    return tuple(color_table(render.lut(cmap)))


def table_for(cmap: str) -> list[int]:
    return list(_table(cmap))


def shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(str(d) for d in shape)


def kind_words(kind: str) -> str:
    return {
        "input": tr("what the network sees"),
        "conv": tr("feature maps (signed)"),
        "relu": tr("activation maps (ReLU)"),
        "pool": tr("pooled maps"),
        "flatten": tr("flattened vector"),
        "fc": tr("class scores (softmax)"),
    }.get(kind, kind)


class Colorbar(QWidget):
    """The colormap as a thin strip with the values at its ends (and 0 when centred)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: list[int] = []
        self.low = 0.0
        self.high = 1.0
        self.centered = False
        self.per_channel = True
        self.setFixedHeight(28)
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_scale(self, table: list[int], low: float, high: float, centered: bool, per_channel: bool) -> None:
        if per_channel and self.per_channel and table == self.table and centered == self.centered:
            return  # per-channel bars show no numbers: nothing to redraw
        self.table, self.low, self.high, self.centered, self.per_channel = (
            table,
            low,
            high,
            centered,
            per_channel,
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.table:
            return
        painter = QPainter(self)
        strip = QRectF(2, 2, self.width() - 4, 10)
        gradient = QLinearGradient(strip.topLeft(), strip.topRight())
        for i in range(0, 256, 16):
            gradient.setColorAt(i / 255, QColor.fromRgb(self.table[i]))
        gradient.setColorAt(1.0, QColor.fromRgb(self.table[255]))
        painter.fillRect(strip, gradient)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        text_rect = QRectF(2, 13, self.width() - 4, 14)
        if self.per_channel:
            left = tr("−max") if self.centered else tr("min")
            right = tr("+max") if self.centered else tr("max")
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, left)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, tr("per channel"))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight, right)
        else:
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, f"{self.low:.3g}")
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight, f"{self.high:.3g}")
            if self.centered:
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter, "0")


class PanelFrame(QFrame):
    """A titled frame with the stage name, its shape and a menu button."""

    def __init__(self, stage: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.kind = kind
        self.setObjectName(f"stage:{stage}")
        self.setProperty("stagePanel", True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 8)
        outer.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(6)
        self.title = QLabel(f"<b>{stage}</b>")
        self.title.setObjectName(f"title:{stage}")
        self.subtitle = QLabel(kind_words(kind))
        self.subtitle.setProperty("muted", True)
        self.shape_label = QLabel("")
        self.shape_label.setObjectName(f"shape:{stage}")
        self.shape_label.setProperty("shapeLabel", True)
        self.shape_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.title)
        header.addWidget(self.subtitle)
        header.addStretch(1)
        header.addWidget(self.shape_label)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName(f"menu:{stage}")
        self.menu_button.setText("⋯")
        self.menu_button.setToolTip(tr("Colormap, range, histogram and export for this panel"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setAutoRaise(True)
        header.addWidget(self.menu_button)
        outer.addLayout(header)
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        outer.addLayout(self.body)

    def set_shape(self, shape: tuple[int, ...]) -> None:
        text = shape_text(shape)
        if text != self.shape_label.text():
            self.shape_label.setText(text)


class StagePanel(PanelFrame):
    """The maps of one stage as tiles, with a colour bar and an optional histogram."""

    hovered = Signal(object)
    tile_clicked = Signal(str, int)
    override_requested = Signal(str, str, object)  # stage, "cmap"/"norm", value or None
    export_requested = Signal(str)

    def __init__(self, stage: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(stage, kind, parent)
        self.tiles = TileGrid(stage)
        self.tiles.hovered.connect(self.hovered)
        self.tiles.tile_clicked.connect(self.tile_clicked)
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
            self.set_shape(image.shape)
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


class ImageView(QWidget):
    """The input as the network sees it, scaled to fit, with an RGB readout on hover."""

    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("input-view")
        self.setMouseTracking(True)
        self.image: QImage | None = None
        self.values: np.ndarray | None = None
        self.max_height = 260
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: np.ndarray, rgb: np.ndarray | None = None) -> None:
        self.values = values
        self.image = rgb_image(render_input(values) if rgb is None else rgb)
        height = int(self._target().height())
        self.setFixedHeight(height + 2 if height else self.max_height)
        self.update()

    def _target(self) -> QRectF:
        if self.image is None:
            return QRectF(0, 0, 0, self.max_height)
        w, h = self.image.width(), self.image.height()
        scale = min(self.max_height / h, max(self.width(), 100) / w)
        return QRectF(0, 0, w * scale, h * scale)

    def sizeHint(self) -> QSize:
        return QSize(300, int(self._target().height()) + 2)

    def resizeEvent(self, event: object) -> None:
        if self.image is not None:
            self.setFixedHeight(int(self._target().height()) + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            return
        painter = QPainter(self)
        target = self._target()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, target.width() < self.image.width())
        painter.drawImage(target, self.image)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.values is None or self.image is None:
            return
        target = self._target()
        pos: QPointF = event.position()
        if not target.contains(pos):
            self.hovered.emit(None)
            return
        _, h, w = self.values.shape
        row = min(h - 1, int(pos.y() / target.height() * h))
        col = min(w - 1, int(pos.x() / target.width() * w))
        rgb = self.values[:, row, col]
        self.hovered.emit(Hover("input", -1, row, col, float(rgb.mean()), tuple(self.values.shape)))

    def leaveEvent(self, event: object) -> None:
        self.hovered.emit(None)


class InputPanel(PanelFrame):
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("input", "input", parent)
        self.view = ImageView()
        self.view.hovered.connect(self.hovered)
        self.note = QLabel("")
        self.note.setProperty("muted", True)
        self.note.setWordWrap(True)
        self.body.addWidget(self.view)
        self.body.addWidget(self.note)
        self.menu_button.setVisible(False)

    def show_input(self, values: np.ndarray, note: str, rgb: np.ndarray | None = None) -> None:
        self.view.set_values(values, rgb)
        self.set_shape(tuple(values.shape))
        self.note.setText(note)


class ScoresView(QWidget):
    """Softmax probabilities as horizontal bars, the top class highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scores")
        self.probabilities = np.zeros(0)
        self.logits = np.zeros(0)
        self.names: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_scores(self, probabilities: np.ndarray, logits: np.ndarray, names: list[str]) -> None:
        resize = len(probabilities) != len(self.probabilities)
        self.probabilities, self.logits, self.names = probabilities, logits, names
        if resize:
            self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(280, max(1, len(self.probabilities)) * (self.fontMetrics().height() + 4) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.probabilities.size == 0:
            return
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        row_h = metrics.height() + 4
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)  # the top class is bold: measure names in bold
        name_w = max(bold_metrics.horizontalAdvance(n) for n in self.names) + 8
        value_w = bold_metrics.horizontalAdvance("100.0 %") + 8
        bar_w = max(40, self.width() - name_w - value_w - 4)
        top = int(np.argmax(self.probabilities))
        for i, (p, name) in enumerate(zip(self.probabilities, self.names, strict=True)):
            y = 2 + i * row_h
            painter.setFont(bold if i == top else self.font())
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(0, y, name_w - 6, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            painter.fillRect(QRectF(name_w, y + 3, bar_w, row_h - 6), self.palette().alternateBase())
            colour = QColor(214, 96, 40) if i == top else QColor(120, 150, 190)
            painter.fillRect(QRectF(name_w, y + 3, bar_w * float(p), row_h - 6), colour)
            painter.drawText(
                QRectF(name_w + bar_w + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{100 * float(p):.1f} %",
            )


class ScoresPanel(PanelFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("fc", "fc", parent)
        self.top = TextBlock(boxed=False)
        self.top.setObjectName("top-class")
        self.scores = ScoresView()
        self.body.addWidget(self.top)
        self.body.addWidget(self.scores)
        self.menu_button.setVisible(False)
        self.note = tr("untrained weights: the classes mean nothing yet")

    def show_scores(self, probabilities: np.ndarray, logits: np.ndarray) -> None:
        names = class_names(len(probabilities))
        top = int(np.argmax(probabilities))
        self.set_shape(tuple(logits.shape))
        self.top.set_lines(
            [
                Line(
                    tr("top: {name} ({p:.1f} %)").format(name=names[top], p=100 * float(probabilities[top])),
                    bold=True,
                ),
                Line(self.note, muted=True),
            ]
        )
        self.scores.set_scores(probabilities, logits, names)


class SummaryPanel(QFrame):
    """The stage table beside the input: shape, parameters, MACs, receptive field.

    Follows the settings at once (it comes from the shape arithmetic, like the
    shape strip), while the maps follow when the worker is done.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network-table")
        self.setProperty("stagePanel", True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        title = QHBoxLayout()
        name = QLabel("<b>" + tr("network") + "</b>")
        sub = QLabel(tr("stage by stage, from the shape arithmetic"))
        sub.setProperty("muted", True)
        title.addWidget(name)
        title.addWidget(sub)
        title.addStretch(1)
        layout.addLayout(title)
        self.table = TableView()
        self.table.setObjectName("network-table-text")
        layout.addWidget(self.table)
        layout.addStretch(1)

    def show_report(self, report: object) -> None:
        from cnnviz.core.shapes import ShapeReport

        assert isinstance(report, ShapeReport)
        head = [tr("stage"), tr("output"), tr("parameters"), tr("MACs"), tr("receptive field")]
        rows = [["input", " × ".join(map(str, report.input_shape)), "", "", "1×1"]]
        for stage in report.stages:
            rf = stage.receptive_field
            rows.append(
                [
                    stage.name,
                    " × ".join(map(str, stage.shape)),
                    f"{stage.params:,}" if stage.params else "",
                    human_count(stage.macs) if stage.macs else "",
                    f"{rf.size[0]}×{rf.size[1]}" if rf is not None else "",
                ]
            )
        if report.problems:
            footer = tr("stops at a problem; see the shape strip")
        else:
            footer = tr("total: {params} parameters · {macs} multiply-accumulates per image").format(
                params=f"{report.total_params:,}", macs=human_count(report.total_macs)
            )
        self.table.set_table(head, rows, footer, bool(report.problems))


class PanelsView(QScrollArea):
    """All panels in network order: input; one row per block (conv | ReLU | pool); flatten and scores."""

    hovered = Signal(object)
    tile_clicked = Signal(str, int)
    override_requested = Signal(str, str, object)
    export_requested = Signal(str)
    layout_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panels")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.container = QWidget()
        self.container.setObjectName("panels-container")
        self.rows = QVBoxLayout(self.container)
        self.rows.setContentsMargins(8, 8, 8, 8)
        self.rows.setSpacing(8)
        self.setWidget(self.container)
        self.panels: dict[str, PanelFrame] = {}
        self.structure: tuple[tuple[str, str], ...] = ()
        self.zoom = 1.0
        self.input_panel = InputPanel()
        self.input_panel.hovered.connect(self.hovered)
        self.summary = SummaryPanel()
        self.scores_panel = ScoresPanel()

    def panel(self, stage: str) -> PanelFrame:
        return self.panels[stage]

    def stage_panels(self) -> list[StagePanel]:
        return [p for p in self.panels.values() if isinstance(p, StagePanel)]

    def build(self, stages: list[tuple[str, str]]) -> bool:
        """Arrange panels for ``(name, kind)`` stages; existing panels are kept."""
        structure = tuple(stages)
        if structure == self.structure:
            return False
        self.structure = structure
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.layout() is not None:
                while item.layout().count():
                    item.layout().takeAt(0)
        keep: dict[str, PanelFrame] = {"input": self.input_panel, "fc": self.scores_panel}
        rows: list[list[str]] = [["input"]]
        for name, kind in stages:
            if kind == "conv":
                rows.append([name])
            elif kind in ("relu", "pool"):
                rows[-1].append(name)
            elif kind == "flatten":
                rows.append([name])
            elif kind == "fc":
                rows[-1].append(name)
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
        for i, row in enumerate(rows):
            line = QHBoxLayout()
            line.setSpacing(8)
            for name in row:
                line.addWidget(self.panels[name], 1, Qt.AlignmentFlag.AlignTop)
            if i == 0:
                line.addWidget(self.summary, 2, Qt.AlignmentFlag.AlignTop)
            self.rows.addLayout(line)
        self.rows.addStretch(1)
        self.layout_changed.emit()
        return True

    def _make_panel(self, name: str, kind: str) -> StagePanel:
        panel = StagePanel(name, kind)
        panel.hovered.connect(self.hovered)
        panel.tile_clicked.connect(self.tile_clicked)
        panel.override_requested.connect(self.override_requested)
        panel.export_requested.connect(self.export_requested)
        panel.tiles.set_zoom(self.zoom)
        if kind == "flatten":
            panel.tiles.max_tile = 512
        return panel

    def show_images(self, images: dict[str, StageImage], view: ViewOptions) -> None:
        """Hand each panel its stage (a panel given the image it shows does nothing)."""
        for name, image in images.items():
            panel = self.panels.get(name)
            if isinstance(panel, StagePanel):
                panel.show_stage(image, view.cmap_for(name, image.kind))

    def apply_view(self, view: ViewOptions) -> None:
        for panel in self.stage_panels():
            panel.set_cmap(view.cmap_for(panel.stage, panel.kind))
            panel.sync_overrides(view)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        for panel in self.stage_panels():
            if panel.kind != "flatten":
                panel.tiles.set_zoom(zoom)
        self.layout_changed.emit()

    def tile_sizes(self) -> dict[str, tuple[int, int]]:
        """Each map stage's drawn tile (height, width) in device pixels."""
        ratio = self.devicePixelRatioF()
        sizes = {}
        for panel in self.stage_panels():
            if panel.kind == "flatten" or panel.tiles.width() <= 1:
                continue
            _, tw, th = panel.tiles.tile_size_for(panel.tiles.width())
            sizes[panel.stage] = (max(1, round(th * ratio)), max(1, round(tw * ratio)))
        return sizes

    def for_each_visible(self, fn: Callable[[QWidget], None]) -> None:
        for panel in self.panels.values():
            if panel.isVisible() and not panel.visibleRegion().isEmpty():
                fn(panel)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.layout_changed.emit()
