"""The filters view: each conv layer's filters as small images beside the maps they produce.

conv1's filters see the RGB image, so each one is drawn as a colour picture
(:func:`rgb_filter`: red, green and blue weights as the pixel's channels).
Deeper filters see many maps, so each is drawn per input channel as a small
grey-scale picture on a diverging colormap (:func:`channel_filters`). Both use
one symmetric range per layer (``-m..m``, ``m`` the largest |weight| of the
layer), so 0 is mid-grey and filters of one layer compare. Hovering a filter
shows its numbers. The weights are those the shown result was computed with.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.qt_utils import color_table, indexed_image, rgb_image
from cnnviz.core.i18n import tr
from cnnviz.core.render import DEFAULT_DIVERGING, Normalization, lut, to_indices

FILTER_SIDE = 56  # pixels for one output channel's filter block
MAP_SIDE = 64  # pixels for the map it produced
GAP = 6
LABEL_H = 14


def layer_scale(weight: np.ndarray) -> float:
    """The symmetric range ``m`` a layer's filters are drawn with (1 for an all-zero layer)."""
    m = float(np.max(np.abs(weight))) if weight.size else 0.0
    return m if m > 0 and math.isfinite(m) else 1.0


def rgb_filter(kernel: np.ndarray, scale: float) -> np.ndarray:
    """A (3, kh, kw) RGB filter as a (kh, kw, 3) uint8 picture: 0 -> 127.5, ±scale -> 255 / 0."""
    values = np.moveaxis(np.asarray(kernel, dtype=np.float64), 0, -1)
    return np.clip(np.rint(127.5 + 127.5 * values / scale), 0, 255).astype(np.uint8)


def channel_filters(kernel: np.ndarray, scale: float) -> np.ndarray:
    """A (C, kh, kw) filter as (C, kh, kw) uint8 colormap indices: 0 -> 127.5, ±scale -> 255 / 0."""
    values = np.asarray(kernel, dtype=np.float64)
    return np.clip(np.rint(127.5 + 127.5 * values / scale), 0, 255).astype(np.uint8)


def kernel_text(kernel: np.ndarray) -> str:
    """A (kh, kw) kernel's numbers, one row per line."""
    return "\n".join("  ".join(f"{v:+.3f}" for v in row) for row in np.asarray(kernel))


class FiltersView(QWidget):
    """One conv layer: per output channel, its filter (RGB or per input channel) and its map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filters-view")
        self.setMouseTracking(True)
        self.layer = ""
        self.weight = np.zeros((0, 0, 0, 0), np.float32)  # (out, in, kh, kw): what is drawn
        self.scale = 1.0
        self.pictures: list[Any] = []  # per output channel: (kh, kw, 3) uint8 or (in, kh, kw) indices
        self.maps: np.ndarray | None = None  # (out, H, W) uint8 indices of the maps produced
        self._table = color_table(lut(DEFAULT_DIVERGING))
        self._images: list[Any] = []
        self._map_images: list[Any] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_layer(self, layer: str, weight: np.ndarray, maps: np.ndarray | None) -> None:
        self.layer = layer
        self.weight = np.asarray(weight, dtype=np.float32)
        self.scale = layer_scale(self.weight)
        rgb = self.weight.shape[1] == 3
        if rgb:
            self.pictures = [rgb_filter(k, self.scale) for k in self.weight]
            self._images = [rgb_image(p) for p in self.pictures]
        else:
            self.pictures = [channel_filters(k, self.scale) for k in self.weight]
            self._images = [[indexed_image(c, self._table) for c in p] for p in self.pictures]
        self.maps = None
        self._map_images = []
        if maps is not None and len(maps) == len(self.weight):
            scaled = to_indices(maps, Normalization(), signed=True)
            self.maps = scaled.indices
            self._map_images = [indexed_image(m, self._table) for m in self.maps]
        self.updateGeometry()
        self.setMinimumHeight(self._height_for(max(self.width(), 300)))
        self.update()

    # Geometry --------------------------------------------------------------------------------
    def _cell_w(self) -> int:
        return FILTER_SIDE + GAP + (MAP_SIDE if self._map_images else 0) + 2 * GAP

    def _columns(self, width: int) -> int:
        return max(1, width // self._cell_w())

    def _height_for(self, width: int) -> int:
        rows = math.ceil(len(self.pictures) / self._columns(width)) if self.pictures else 0
        return rows * (max(FILTER_SIDE, MAP_SIDE) + LABEL_H + GAP) + GAP

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def sizeHint(self) -> QSize:
        return QSize(4 * self._cell_w(), self._height_for(4 * self._cell_w()))

    def resizeEvent(self, event: object) -> None:
        self.setMinimumHeight(self._height_for(self.width()))

    def _origin(self, out: int) -> QPointF:
        columns = self._columns(self.width())
        row, col = divmod(out, columns)
        return QPointF(GAP + col * self._cell_w(), GAP + row * (max(FILTER_SIDE, MAP_SIDE) + LABEL_H + GAP))

    def _grid(self) -> tuple[int, float]:
        """Input channels per row of a filter block, and each one's side in pixels."""
        inputs = self.weight.shape[1]
        per_row = max(1, math.ceil(math.sqrt(inputs)))
        return per_row, (FILTER_SIDE - (per_row - 1)) / per_row

    def _channel_rect(self, out: int, channel: int) -> QRectF:
        origin = self._origin(out)
        if self.weight.shape[1] == 3:
            return QRectF(origin.x(), origin.y() + LABEL_H, FILTER_SIDE, FILTER_SIDE)
        per_row, side = self._grid()
        r, c = divmod(channel, per_row)
        return QRectF(origin.x() + c * (side + 1), origin.y() + LABEL_H + r * (side + 1), side, side)

    def _map_rect(self, out: int) -> QRectF:
        origin = self._origin(out)
        return QRectF(origin.x() + FILTER_SIDE + GAP, origin.y() + LABEL_H, MAP_SIDE, MAP_SIDE)

    def hit(self, pos: QPointF) -> tuple[int, int | None] | None:
        """(output channel, input channel or None for the RGB filter) under ``pos``; None: nothing."""
        for out in range(len(self.pictures)):
            if self.weight.shape[1] == 3:
                if self._channel_rect(out, 0).contains(pos):
                    return out, None
                continue
            for channel in range(self.weight.shape[1]):
                if self._channel_rect(out, channel).contains(pos):
                    return out, channel
        return None

    def readout(self, out: int, channel: int | None) -> str:
        """The numbers of the filter under the pointer (what the tooltip says)."""
        if channel is None:
            names = (tr("red"), tr("green"), tr("blue"))
            parts = [
                tr("{layer} filter {o}, {colour} weights:").format(layer=self.layer, o=out, colour=name)
                + "\n"
                + kernel_text(self.weight[out, c])
                for c, name in enumerate(names)
            ]
            return "\n".join(parts)
        return (
            tr("{layer} filter {o}, weights on input channel {c}:").format(layer=self.layer, o=out, c=channel)
            + "\n"
            + kernel_text(self.weight[out, channel])
        )

    # Events ----------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if found is None:
            QToolTip.hideText()
            self.setToolTip("")
            return
        text = self.readout(*found)
        self.setToolTip(text)
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        muted = self.palette().placeholderText().color()
        for out, image in enumerate(self._images):
            origin = self._origin(out)
            painter.setPen(muted)
            painter.drawText(
                QRectF(origin.x(), origin.y(), FILTER_SIDE + MAP_SIDE + GAP, LABEL_H),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{self.layer}[{out}]",
            )
            if isinstance(image, list):
                for channel, small in enumerate(image):
                    painter.drawImage(self._channel_rect(out, channel), small)
            else:
                painter.drawImage(self._channel_rect(out, 0), image)
            if out < len(self._map_images):
                painter.drawImage(self._map_rect(out), self._map_images[out])


class FiltersDock(QDockWidget):
    """A dock with a layer choice and the filters view (View › Filters)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Filters"), parent)
        self.setObjectName("dock:filters")
        self.result: Any = None
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Layer:")))
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("filters-layer")
        row.addWidget(self.layer_box, 1)
        layout.addLayout(row)
        self.caption = QLabel()
        self.caption.setObjectName("filters-caption")
        self.caption.setWordWrap(True)
        self.caption.setProperty("muted", True)
        layout.addWidget(self.caption)
        self.view = FiltersView()
        scroll = QScrollArea()
        scroll.setObjectName("filters-scroll")
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        self.setWidget(body)
        self.layer_box.currentTextChanged.connect(self._show)

    def show_result(self, result: Any) -> None:
        """Show the filters ``result`` was computed with, and the maps they produced."""
        self.result = result
        layers = [name for name in result.weights if name.endswith(".weight") and name.startswith("conv")]
        layers = [name.split(".")[0] for name in layers]
        if layers != [self.layer_box.itemText(i) for i in range(self.layer_box.count())]:
            current = self.layer_box.currentText()
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems(layers)
            if current in layers:
                self.layer_box.setCurrentText(current)
            self.layer_box.blockSignals(False)
        if self.isVisible():
            self._show()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.result is not None:
            self._show()  # the shown result may have changed while the dock was hidden

    def _show(self, *_: object) -> None:
        layer = self.layer_box.currentText()
        if self.result is None or not layer:
            return
        weight = self.result.weights[f"{layer}.weight"]
        maps = self.result.stages.get(layer)
        self.view.show_layer(layer, weight, maps)
        source = self.result.sources.get(f"{layer}.weight", "")
        origin = tr("trained") if source == "loaded" else tr("random (seeded)")
        kind = (
            tr("each filter as a colour picture of its red, green and blue weights")
            if weight.shape[1] == 3
            else tr("each filter per input channel (blue < 0 < red)")
        )
        self.caption.setText(
            tr(
                "{layer}: {n} filters of {shape}, {origin} weights; {kind}, beside the map it produced. "
                "Grey is 0, full colour ±{m:.3g}. Hover a filter for its numbers."
            ).format(
                layer=layer,
                n=weight.shape[0],
                shape="×".join(str(d) for d in weight.shape[1:]),
                origin=origin,
                kind=kind,
                m=self.view.scale,
            )
        )
