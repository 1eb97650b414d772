"""A grid of tiles, one per channel, drawn from numpy arrays through QImage.

The worker delivers a stage as uint8 colormap indices ``(C, h, w)``. Here they
become one Indexed8 QImage of ``C*h`` rows (no copy: channels are stacked in
memory already), converted once to RGB32 by Qt, and each tile is drawn from its
band of rows. A new colormap only swaps the colour table; nothing is recomputed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cnnviz.app.qt_utils import indexed_image
from cnnviz.core.display import StageImage

_LABELS: dict[tuple[int, str, float], QImage] = {}

GAP = 3
MIN_TILE = 12
LABEL_MIN_TILE = 30


@dataclass(frozen=True)
class Hover:
    """Where the pointer is: stage, channel and full-resolution position, and the value."""

    stage: str
    channel: int
    row: int
    col: int
    value: float
    shape: tuple[int, ...]


class TileGrid(QWidget):
    """All channels of one stage as a grid of equally sized tiles."""

    hovered = Signal(object)  # Hover or None
    tile_clicked = Signal(str, int)  # stage, channel

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"tiles:{stage}")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # We paint every pixel ourselves (background included), so Qt need not
        # repaint the styled panel underneath on each update: that was most of
        # the cost of a repaint.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAutoFillBackground(False)
        self.image: StageImage | None = None
        self._indexed: QImage | None = None
        self._rgb: QImage | None = None
        self._table: list[int] = []
        self.zoom = 1.0
        self.max_tile = 1024
        self.hover_channel = -1
        self.selected_channel = -1
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.75))
        self.paint_count = 0  # for tests: how often this grid was painted

    # Data -----------------------------------------------------------------------------
    def set_image(self, image: StageImage | None, table: list[int]) -> bool:
        """Show ``image``; returns False when it is the one already shown (no redraw)."""
        if image is self.image and table == self._table:
            return False
        old_shape = self.image.indices.shape if self.image is not None else None
        self.image = image
        self._table = table
        if image is None:
            self._indexed = self._rgb = None
        else:
            c, h, w = image.indices.shape
            stacked = image.indices.reshape(c * h, w)
            self._indexed = indexed_image(stacked, table)
            self._rgb = self._indexed.convertToFormat(QImage.Format.Format_RGB32)
        if (
            old_shape is None
            or image is None
            or old_shape[0] != image.indices.shape[0]
            or self._aspect_changed(old_shape)
        ):
            self.updateGeometry()
        self.update()
        return True

    def _aspect_changed(self, old_shape: tuple[int, ...]) -> bool:
        assert self.image is not None
        _, h, w = self.image.indices.shape
        return old_shape[1] * w != old_shape[2] * h

    def set_color_table(self, table: list[int]) -> None:
        if table == self._table or self._indexed is None:
            self._table = table
            return
        self._table = table
        self._indexed.setColorTable(table)
        self._rgb = self._indexed.convertToFormat(QImage.Format.Format_RGB32)
        self.update()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.updateGeometry()
        self.update()

    # Geometry ---------------------------------------------------------------------------
    def _channels(self) -> int:
        return self.image.indices.shape[0] if self.image is not None else 1

    def _map_aspect(self) -> float:
        """Height over width of one map (full resolution)."""
        if self.image is None or len(self.image.shape) != 3:
            if self.image is not None:
                _, h, w = self.image.indices.shape
                return h / w
            return 1.0
        _, h, w = self.image.shape
        return h / w

    def columns_for(self, width: int) -> int:
        c = self._channels()
        aspect = self._map_aspect()
        base = max(1, math.ceil(math.sqrt(c * aspect)))
        cols = max(1, min(c, round(base / max(self.zoom, 0.05))))
        while cols > 1 and (width - GAP * (cols - 1)) / cols < MIN_TILE:
            cols -= 1
        return cols

    def tile_size_for(self, width: int) -> tuple[int, int, int]:
        """(columns, tile width, tile height) for a given widget width."""
        cols = self.columns_for(width)
        tile_w = max(1, int((width - GAP * (cols - 1)) / cols))
        tile_w = min(tile_w, self.max_tile)
        tile_h = max(1, round(tile_w * self._map_aspect()))
        return cols, tile_w, tile_h

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        cols, _, tile_h = self.tile_size_for(width)
        rows = math.ceil(self._channels() / cols)
        return rows * tile_h + GAP * (rows - 1)

    def sizeHint(self) -> QSize:
        return QSize(320, self.heightForWidth(320))

    def minimumSizeHint(self) -> QSize:
        return QSize(80, 40)

    def tile_rect(self, channel: int) -> QRect:
        cols, tw, th = self.tile_size_for(self.width())
        r, c = divmod(channel, cols)
        return QRect(c * (tw + GAP), r * (th + GAP), tw, th)

    def displayed_tile_width(self) -> int:
        return self.tile_size_for(self.width())[1]

    # Painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().base())
        if self._rgb is None or self.image is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("computing…"))
            return
        c, h, w = self.image.indices.shape
        cols, tw, th = self.tile_size_for(self.width())
        ratio = self.devicePixelRatioF()
        # The worker renders tiles at their drawn size when the map is larger, so
        # most tiles are copied pixel for pixel; smaller maps are enlarged with
        # crisp pixels, so every value stays a visible square.
        smooth = tw * ratio < w - 0.5
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        exposed = event.rect()
        show_labels = tw >= LABEL_MIN_TILE and c > 1
        font_key = self._font.key()
        rgb = self._rgb
        for ch in range(c):
            r, col = divmod(ch, cols)
            x, y = col * (tw + GAP), r * (th + GAP)
            target = QRect(x, y, tw, th)
            if not target.intersects(exposed):
                continue
            painter.drawImage(QRectF(target), rgb, QRectF(0, ch * h, w, h))
            if show_labels:
                painter.drawImage(QPoint(x, y), self._label(ch, ratio, font_key))
        for ch, colour in (
            (self.selected_channel, QColor(255, 140, 0)),
            (self.hover_channel, QColor(20, 20, 20)),
        ):
            if 0 <= ch < c:
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.tile_rect(ch).adjusted(1, 1, -1, -1))

    def _label(self, channel: int, ratio: float, font_key: str) -> QImage:
        """The channel number on a light badge, drawn once and reused."""
        key = (channel, font_key, ratio)
        badge = _LABELS.get(key)
        if badge is None:
            metrics = QFontMetrics(self._font)
            text = str(channel)
            w, h = metrics.horizontalAdvance(text) + 4, metrics.height()
            badge = QImage(round(w * ratio), round(h * ratio), QImage.Format.Format_ARGB32_Premultiplied)
            badge.setDevicePixelRatio(ratio)
            badge.fill(QColor(255, 255, 255, 205))
            p = QPainter(badge)
            p.setFont(self._font)
            p.setPen(QColor(30, 30, 30))
            p.drawText(QRect(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, text)
            p.end()
            _LABELS[key] = badge
        return badge

    # Pointer -----------------------------------------------------------------------------------
    def hit(self, pos: QPointF) -> tuple[int, int, int] | None:
        """(channel, row, col) in full-resolution coordinates under ``pos``."""
        if self.image is None:
            return None
        cols, tw, th = self.tile_size_for(self.width())
        x, y = pos.x(), pos.y()
        col_i, row_i = int(x // (tw + GAP)), int(y // (th + GAP))
        if col_i >= cols or x - col_i * (tw + GAP) >= tw or y - row_i * (th + GAP) >= th or x < 0 or y < 0:
            return None
        ch = row_i * cols + col_i
        if ch >= self._channels():
            return None
        fx = (x - col_i * (tw + GAP)) / tw
        fy = (y - row_i * (th + GAP)) / th
        shape = self.image.shape
        if len(shape) == 3:
            full_h, full_w = shape[1], shape[2]
        else:
            _, full_h, full_w = self.image.indices.shape
        return ch, min(full_h - 1, int(fy * full_h)), min(full_w - 1, int(fx * full_w))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        channel = hit[0] if hit else -1
        if channel != self.hover_channel:
            old = self.hover_channel
            self.hover_channel = channel
            for ch in (old, channel):
                if ch >= 0:
                    self.update(self.tile_rect(ch).adjusted(-2, -2, 2, 2))
        if hit is None or self.image is None:
            self.hovered.emit(None)
            return
        ch, row, col = hit
        if self.image.source.ndim == 1:
            index = row * self.image.indices.shape[2] + col
            if index >= self.image.source.shape[0]:
                self.hovered.emit(None)
                return
        self.hovered.emit(
            Hover(self.stage, ch, row, col, self.image.value_at(ch, row, col), self.image.shape)
        )

    def leaveEvent(self, event: object) -> None:
        if self.hover_channel >= 0:
            old = self.hover_channel
            self.hover_channel = -1
            self.update(self.tile_rect(old).adjusted(-2, -2, 2, 2))
        self.hovered.emit(None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        hit = self.hit(event.position())
        if hit is not None:
            self.tile_clicked.emit(self.stage, hit[0])
