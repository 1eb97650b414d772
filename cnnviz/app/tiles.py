"""A grid of tiles, one per channel, drawn from numpy arrays through QImage.

The worker delivers a stage as uint8 colormap indices ``(C, h, w)``. Here they
become one Indexed8 QImage of ``C*h`` rows (no copy: channels are stacked in
memory already), converted once to RGB32 by Qt, and each tile is drawn from its
band of rows. A new colormap only swaps the colour table; nothing is recomputed.

The grid takes keyboard focus (Tab): arrow keys move a cursor between tiles,
Shift+arrows move it inside the selected map cell by cell, Enter opens the map
large, and the readout follows the cursor as it follows the mouse.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygon,
)
from PySide6.QtWidgets import QSizePolicy, QWidget
from shiboken6 import isValid

from cnnviz.app.layout import GAP, LABEL_MIN_TILE, MAP_MAX_TILE, TileGeometry, grid_height, tile_geometry
from cnnviz.app.qt_utils import indexed_image
from cnnviz.core.display import StageImage

# Text on a filled box, drawn once and reused (channel numbers, dead / constant marks): see _badge.
_BADGES: dict[tuple[str, str, float, int, int, int], QImage] = {}
EDIT_COLOUR = QColor(214, 0, 150)  # magenta: no colormap cnnviz offers uses it at its ends
REACH_COLOUR = QColor(255, 220, 0)  # the receptive window of the selected cell (yellow on black)
# The largest grid whose drawn tiles are kept as one image (device pixels: 16 MiB); larger grids
# (hundreds of big tiles) draw the exposed tiles at every paint.
LAYER_MAX_PIXELS = 4 * 2**20


def _badge(
    text: str, font: QFont, font_key: str, ratio: float, padding: int, fill: QColor, ink: QColor
) -> QImage:
    """``text`` centred on a box of ``fill``, ``padding`` pixels wider than the text, at device ``ratio``."""
    key = (text, font_key, ratio, padding, fill.rgba(), ink.rgba())
    badge = _BADGES.get(key)
    if badge is None:
        metrics = QFontMetrics(font)
        w, h = metrics.horizontalAdvance(text) + padding, metrics.height()
        badge = QImage(round(w * ratio), round(h * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        badge.setDevicePixelRatio(ratio)
        badge.fill(fill)
        p = QPainter(badge)
        p.setFont(font)
        p.setPen(ink)
        p.drawText(QRect(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        _BADGES[key] = badge
    return badge


@dataclass(frozen=True)
class Hover:
    """Where the pointer (or keyboard cursor) is: stage, channel, full-resolution position, value."""

    stage: str
    channel: int
    row: int
    col: int
    value: float
    shape: tuple[int, ...]


class PaintPacer(QObject):
    """Repaints tile grids a few at a time, each batch in a turn of the event loop of its own.

    A new result changes every panel's maps at once; painted in one pass (Qt's
    own update) that blocked the window for 25–50 ms at 256×256 while a slider
    was dragged (``cnnviz bench``'s stream). Grids handed to :meth:`add` are
    repainted in order, top first, until ``budget_ms`` is spent, then the event
    loop runs (input, timers) before the next batch.
    """

    drained = Signal()

    def __init__(self, parent: QObject | None = None, budget_ms: float = 4.0) -> None:
        super().__init__(parent)
        self.budget_ms = budget_ms
        self._queue: dict[int, TileGrid] = {}  # id -> grid, in the order they were added
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)

    def add(self, grid: TileGrid) -> None:
        if not grid.isVisible():
            grid.update()  # nothing on screen: Qt paints it whenever it is shown
            return
        self._queue.setdefault(id(grid), grid)
        if not self._timer.isActive():
            self._timer.start()

    def pending(self) -> bool:
        return bool(self._queue)

    def clear(self) -> None:
        self._queue.clear()
        self._timer.stop()

    def flush(self) -> None:
        """Repaint everything waiting now."""
        self._run(budget_ms=float("inf"))

    def _run(self, budget_ms: float | None = None) -> None:
        budget = self.budget_ms if budget_ms is None else budget_ms
        start = time.perf_counter()
        while self._queue:
            key = next(iter(self._queue))
            grid = self._queue.pop(key)
            if isValid(grid):  # a panel rebuilt meanwhile is gone
                grid.repaint()
            if (time.perf_counter() - start) * 1000 >= budget:
                break
        if self._queue:
            self._timer.start()
        else:
            self.drained.emit()


class TileGrid(QWidget):
    """All channels of one stage as a grid of equally sized tiles."""

    hovered = Signal(object)  # Hover or None
    tile_clicked = Signal(str, int)  # stage, channel (mouse click or Enter)
    cell_selected = Signal(str, int, int, int)  # stage, channel, row, col (click or keyboard)

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"tiles:{stage}")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
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
        self.max_tile = MAP_MAX_TILE
        self.hover_channel = -1
        self.selected_channel = -1
        self.cursor = (0, 0, 0)  # keyboard cursor: channel, row, col (full resolution)
        self.dimmed = False
        self.edited: frozenset[int] = frozenset()  # channels drawn with a kernel the learner edited
        # The window a selected cell of a later stage reads here: channels and (row0, col0, row1, col1),
        # clipped to the map (see core.reach); None: nothing selected reads this stage.
        self.reach: tuple[tuple[int, ...], tuple[int, int, int, int]] | None = None
        self.quiet: dict[int, str] = {}  # channel -> "dead" or "constant" (core.dead), labelled on its tile
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.75))
        self._font_key = self._font.key()  # QFont.key() builds a string: once, not at every paint
        self.paint_count = 0  # for tests: how often this grid was painted
        self.pacer: PaintPacer | None = None  # the window's: new maps are painted a few grids at a time
        self.convert_count = 0  # for tests: how often a stage was turned into QImages
        # The tiles as drawn at the current size (see _tile_layer), the key it was drawn for, and
        # the channels already in it.
        self._layer: QImage | None = None
        self._layer_key: tuple[object, ...] = ()
        self._layer_drawn: set[int] = set()

    # Data -----------------------------------------------------------------------------
    def set_image(self, image: StageImage | None, table: list[int]) -> bool:
        """Show ``image``; returns False when it is the one already shown (no redraw)."""
        if image is self.image and table == self._table:
            return False
        old_shape = self.image.indices.shape if self.image is not None else None
        self.image = image
        self._table = table
        # The QImages are made when the grid is first painted (_ensure_images): a panel scrolled
        # out of view costs nothing until it is scrolled into view (issue 14).
        self._indexed = self._rgb = None
        # Marks belong to the maps they were computed for: a new image drops them until its result sets them.
        self.reach = None
        self.quiet = {}
        if image is not None:
            self._clamp_cursor()
        if (
            old_shape is None
            or image is None
            or old_shape[0] != image.indices.shape[0]
            or self._aspect_changed(old_shape)
        ):
            self.updateGeometry()
        self._request_paint()
        return True

    def _request_paint(self) -> None:
        if self.pacer is not None:
            self.pacer.add(self)
        else:
            self.update()

    def _aspect_changed(self, old_shape: tuple[int, ...]) -> bool:
        assert self.image is not None
        _, h, w = self.image.indices.shape
        return old_shape[1] * w != old_shape[2] * h

    def _ensure_images(self) -> None:
        """Make the tiles' QImages from the stage's colour indices, once per image shown."""
        if self._rgb is not None or self.image is None:
            return
        c, h, w = self.image.indices.shape
        self._indexed = indexed_image(self.image.indices.reshape(c * h, w), self._table)
        self._rgb = self._indexed.convertToFormat(QImage.Format.Format_RGB32)
        self.convert_count += 1

    def pixels(self) -> QImage | None:
        """The channels stacked vertically as one RGB image (made now if not painted yet)."""
        self._ensure_images()
        return self._rgb

    @property
    def converted(self) -> bool:
        """Whether the shown stage has been turned into pixels (it has, once painted)."""
        return self._rgb is not None

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

    def set_edited(self, channels: Iterable[int]) -> None:
        """Mark these channels' tiles: their kernel is the learner's, not the weights'."""
        edited = frozenset(channels)
        if edited != self.edited:
            self.edited = edited
            self.setProperty("edited", ",".join(map(str, sorted(edited))))
            self._request_paint()

    def set_reach(self, channels: Iterable[int], box: tuple[int, int, int, int] | None) -> None:
        """Outline ``box`` (row0, col0, row1, col1; clipped) on these channels' tiles; None clears it."""
        reach = (tuple(channels), box) if box is not None else None
        if reach != self.reach:
            self.reach = reach
            self._request_paint()

    def set_quiet(self, quiet: dict[int, str]) -> None:
        """Label dead / constant channels on their tiles (``{channel: "dead" or "constant"}``)."""
        if quiet != self.quiet:
            self.quiet = dict(quiet)
            self.setProperty("quiet", ",".join(f"{c}:{k}" for c, k in sorted(self.quiet.items())))
            self._request_paint()

    def set_dimmed(self, dimmed: bool) -> None:
        """Draw faded: the maps belong to other settings than the current ones."""
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self._request_paint()

    # Geometry ---------------------------------------------------------------------------
    def _channels(self) -> int:
        return self.image.indices.shape[0] if self.image is not None else 1

    def _full_size(self) -> tuple[int, int]:
        """(height, width) of one map at full resolution."""
        if self.image is None:
            return (1, 1)
        if len(self.image.shape) == 3:
            return self.image.shape[1], self.image.shape[2]
        _, h, w = self.image.indices.shape
        return h, w

    def _map_aspect(self) -> float:
        """Height over width of one map (full resolution)."""
        h, w = self._full_size()
        return h / w

    def geometry_for(self, width: int) -> TileGeometry:
        return tile_geometry(self._channels(), self._map_aspect(), width, self.zoom, self.max_tile)

    def columns_for(self, width: int) -> int:
        return self.geometry_for(width).columns

    def tile_size_for(self, width: int) -> tuple[int, int, int]:
        """(columns, tile width, tile height) for a given widget width."""
        g = self.geometry_for(width)
        return g.columns, g.tile_width, g.tile_height

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return grid_height(self._channels(), self.geometry_for(width))

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

    def cell_rect(self, channel: int, row: int, col: int) -> QRectF:
        """Where one full-resolution value of ``channel`` is drawn."""
        tile = QRectF(self.tile_rect(channel))
        h, w = self._full_size()
        return QRectF(
            tile.x() + col * tile.width() / w,
            tile.y() + row * tile.height() / h,
            tile.width() / w,
            tile.height() / h,
        )

    # Painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().base())
        self._ensure_images()
        if self._rgb is None or self.image is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("computing…"))
            return
        c = self.image.indices.shape[0]
        _, tw, _ = self.tile_size_for(self.width())
        if self.dimmed:
            painter.setOpacity(0.3)
        exposed = event.rect()
        layer = self._tile_layer(exposed)
        if layer is not None:
            painter.drawImage(QRectF(exposed), layer, self._device_rect(exposed))
        else:  # too large to keep: drawn straight onto the widget
            self._draw_tiles(painter, self._channels_meeting(exposed), self.devicePixelRatioF())
        # Marks that belong to these maps (dead channels, the selected cell's window, edited kernels)
        # fade with them when they are stale; the selection, hover and focus marks stay clear.
        if self.quiet:
            self._paint_quiet(painter, c, tw, exposed)
        if self.reach is not None:
            self._paint_reach(painter, c)
        for ch in self.edited:
            if 0 <= ch < c:
                self._paint_edit_mark(painter, self.tile_rect(ch))
        painter.setOpacity(1.0)
        marks = [(self.selected_channel, QColor(255, 140, 0)), (self.hover_channel, QColor(20, 20, 20))]
        if self.hasFocus():
            marks.append((self.cursor[0], self.palette().highlight().color()))
        for ch, colour in marks:
            if 0 <= ch < c:
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.tile_rect(ch).adjusted(1, 1, -1, -1))
        if self.hasFocus() and 0 <= self.cursor[0] < c:
            cell = self.cell_rect(*self.cursor)
            if cell.width() >= 3:
                painter.setPen(QPen(QColor(255, 255, 255), 1))
                painter.drawRect(cell.adjusted(-1, -1, 1, 1))
                painter.setPen(QPen(QColor(0, 0, 0), 1))
                painter.drawRect(cell.adjusted(-2, -2, 2, 2))

    def _channels_meeting(self, rect: QRect) -> list[int]:
        """The channels whose tiles meet ``rect``, in order (from the rows and columns it spans)."""
        if self.image is None or rect.isEmpty():
            return []
        channels = self.image.indices.shape[0]
        cols, tw, th = self.tile_size_for(self.width())
        first_row, last_row = max(0, rect.top() // (th + GAP)), rect.bottom() // (th + GAP)
        first_col, last_col = max(0, rect.left() // (tw + GAP)), min(cols - 1, rect.right() // (tw + GAP))
        return [
            ch
            for row in range(first_row, last_row + 1)
            for col in range(first_col, last_col + 1)
            if (ch := row * cols + col) < channels
        ]

    def _draw_tiles(self, painter: QPainter, channels: list[int], ratio: float) -> list[int]:
        """Draw these channels' tiles (and their numbers); the channels drawn."""
        assert self._rgb is not None and self.image is not None
        c, h, w = self.image.indices.shape
        cols, tw, th = self.tile_size_for(self.width())
        # The worker renders tiles at their drawn size when the map is larger, so
        # most tiles are copied pixel for pixel; smaller maps are enlarged with
        # crisp pixels, so every value stays a visible square.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, tw * ratio < w - 0.5)
        show_labels = tw >= LABEL_MIN_TILE and c > 1
        rgb = self._rgb
        for ch in channels:
            r, col = divmod(ch, cols)
            x, y = col * (tw + GAP), r * (th + GAP)
            painter.drawImage(QRectF(x, y, tw, th), rgb, QRectF(0, ch * h, w, h))
            if show_labels:
                painter.drawImage(QPoint(x, y), self._label(ch, ratio, self._font_key))
        return channels

    def _tile_layer(self, exposed: QRect) -> QImage | None:
        """The tiles as one image of the widget's size, drawn once per image, size and colormap.

        Most paints do not change the maps: a stale toggle (the maps fade), a mark, the
        hover frame, a widget shown over the grid. Drawing every tile scaled cost
        0.5–5 ms per grid at 256×256, two or three times per update (measured with
        the stream of ``cnnviz bench``); copying this image costs a fraction of it.
        Tiles are added as they are first exposed, so a grid scrolled partly into
        view still draws only what is seen. None when the widget is too large to keep.
        """
        ratio = self.devicePixelRatioF()
        size = QSize(round(self.width() * ratio), round(self.height() * ratio))
        if size.width() * size.height() > LAYER_MAX_PIXELS or size.isEmpty():
            self._layer = None
            return None
        assert self._rgb is not None
        base = self.palette().base().color()
        key = (self._rgb.cacheKey(), size.width(), size.height(), ratio, self._font_key, base.rgba())
        if self._layer is None or self._layer_key != key:
            self._layer = QImage(size, QImage.Format.Format_RGB32)
            self._layer.setDevicePixelRatio(ratio)
            self._layer.fill(base)
            self._layer_key = key
            self._layer_drawn = set()
        missing = [ch for ch in self._channels_meeting(exposed) if ch not in self._layer_drawn]
        if missing:
            painter = QPainter(self._layer)
            self._layer_drawn.update(self._draw_tiles(painter, missing, ratio))
            painter.end()
        return self._layer

    def _device_rect(self, rect: QRect) -> QRectF:
        ratio = self.devicePixelRatioF()
        return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)

    def _paint_reach(self, painter: QPainter, channels: int) -> None:
        """The window the selected cell reads: a yellow frame on a dark one, visible on any colormap."""
        assert self.reach is not None
        marked, (r0, c0, r1, c1) = self.reach
        if r1 <= r0 or c1 <= c0:
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for ch in marked:
            if not 0 <= ch < channels:
                continue
            top_left = self.cell_rect(ch, r0, c0)
            bottom_right = self.cell_rect(ch, r1 - 1, c1 - 1)
            rect = QRectF(top_left.topLeft(), bottom_right.bottomRight())
            if rect.width() < 3 or rect.height() < 3:
                rect = rect.adjusted(-1.5, -1.5, 1.5, 1.5)  # a window smaller than a pixel stays visible
            painter.setPen(QPen(QColor(0, 0, 0), 3))
            painter.drawRect(rect)
            painter.setPen(QPen(REACH_COLOUR, 1.5))
            painter.drawRect(rect)

    def _paint_quiet(self, painter: QPainter, channels: int, tile_width: int, exposed: QRect) -> None:
        """'dead' (red) or 'constant' (grey) at the bottom of a tile; a corner mark on small tiles."""
        ratio = self.devicePixelRatioF()
        font_key = self._font_key
        for ch, kind in self.quiet.items():
            if not 0 <= ch < channels:
                continue
            tile = self.tile_rect(ch)
            if not tile.intersects(exposed):
                continue
            colour = QColor(200, 30, 30) if kind == "dead" else QColor(90, 90, 90)
            badge = self._quiet_badge(kind, colour, ratio, font_key)
            if tile_width >= LABEL_MIN_TILE and badge.deviceIndependentSize().width() <= tile.width():
                height = round(badge.deviceIndependentSize().height())
                painter.drawImage(QPoint(tile.left(), tile.bottom() + 1 - height), badge)
            else:
                size = max(4, min(10, tile.width() // 3))
                corner = QPolygon(
                    [
                        QPoint(tile.left(), tile.bottom() + 1 - size),
                        QPoint(tile.left(), tile.bottom() + 1),
                        QPoint(tile.left() + size, tile.bottom() + 1),
                    ]
                )
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawPolygon(corner)
                painter.setBrush(Qt.BrushStyle.NoBrush)

    def _quiet_badge(self, kind: str, colour: QColor, ratio: float, font_key: str) -> QImage:
        """'dead' or 'constant' on its colour (drawn once per language, font and ratio: drawing the
        text at every paint cost ~1 ms per grid with many dead channels, three paints per update)."""
        text = self.tr("dead") if kind == "dead" else self.tr("constant")
        return _badge(text, self._font, font_key, ratio, 6, colour, QColor(255, 255, 255))

    def _paint_edit_mark(self, painter: QPainter, tile: QRect) -> None:
        """A dashed magenta frame and a corner flag on a tile whose kernel was edited."""
        painter.setPen(QPen(EDIT_COLOUR, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(tile.adjusted(1, 1, -1, -1))
        size = max(6, min(14, tile.width() // 4))
        right, top = tile.right() + 1, tile.top()
        flag = QPolygon([QPoint(right - size, top), QPoint(right, top), QPoint(right, top + size)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(EDIT_COLOUR)
        painter.drawPolygon(flag)

    def _label(self, channel: int, ratio: float, font_key: str) -> QImage:
        """The channel number on a light badge, drawn once and reused."""
        return _badge(
            str(channel), self._font, font_key, ratio, 4, QColor(255, 255, 255, 205), QColor(30, 30, 30)
        )

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
        full_h, full_w = self._full_size()
        return ch, min(full_h - 1, int(fy * full_h)), min(full_w - 1, int(fx * full_w))

    def hover_at(self, channel: int, row: int, col: int) -> Hover | None:
        """The readout for one cell (None past the end of the flattened vector)."""
        if self.image is None:
            return None
        value = self.image.value_at(channel, row, col)
        if self.image.source.ndim == 1:
            # A flattened vector is drawn wrapped into rows; its readout is the
            # index into the vector (``col``), as torch.flatten numbers it.
            index = row * self.image.indices.shape[2] + col
            if index >= self.image.source.shape[0]:
                return None
            return Hover(self.stage, 0, 0, index, value, self.image.shape)
        return Hover(self.stage, channel, row, col, value, self.image.shape)

    def _set_hover_channel(self, channel: int) -> None:
        if channel != self.hover_channel:
            old = self.hover_channel
            self.hover_channel = channel
            for ch in (old, channel):
                if ch >= 0:
                    self.update(self.tile_rect(ch).adjusted(-2, -2, 2, 2))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        self._set_hover_channel(hit[0] if hit else -1)
        self.hovered.emit(self.hover_at(*hit) if hit is not None else None)

    def leaveEvent(self, event: object) -> None:
        self._set_hover_channel(-1)
        self.hovered.emit(None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        hit = self.hit(event.position())
        if hit is not None:
            self.cursor = hit
            self.update()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.cell_selected.emit(self.stage, *hit)  # the inspector explains it

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click opens the channel large (Enter does the same from the keyboard)."""
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDoubleClickEvent(event)
        hit = self.hit(event.position())
        if hit is not None:
            self.tile_clicked.emit(self.stage, hit[0])

    # Keyboard -------------------------------------------------------------------------------------
    def _clamp_cursor(self) -> None:
        h, w = self._full_size()
        ch, row, col = self.cursor
        self.cursor = (
            min(max(ch, 0), self._channels() - 1),
            min(max(row, 0), h - 1),
            min(max(col, 0), w - 1),
        )

    def move_cursor(self, d_channel: int = 0, d_row: int = 0, d_col: int = 0) -> None:
        """Move the keyboard cursor: between tiles, or inside the map (cell by cell)."""
        ch, row, col = self.cursor
        self.cursor = (ch + d_channel, row + d_row, col + d_col)
        self._clamp_cursor()
        self.update()
        self.hovered.emit(self.hover_at(*self.cursor))
        self.cell_selected.emit(self.stage, *self.cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.image is None:
            return super().keyPressEvent(event)
        key = event.key()
        inside = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        cols = self.columns_for(self.width())
        moves = {
            Qt.Key.Key_Left: (0, 0, -1) if inside else (-1, 0, 0),
            Qt.Key.Key_Right: (0, 0, 1) if inside else (1, 0, 0),
            Qt.Key.Key_Up: (0, -1, 0) if inside else (-cols, 0, 0),
            Qt.Key.Key_Down: (0, 1, 0) if inside else (cols, 0, 0),
        }
        if key in moves:
            self.move_cursor(*moves[key])
        elif key == Qt.Key.Key_Home:
            self.move_cursor(-self.cursor[0])
        elif key == Qt.Key.Key_End:
            self.move_cursor(self._channels() - 1 - self.cursor[0])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.tile_clicked.emit(self.stage, self.cursor[0])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()
        if self.image is not None:
            self.hovered.emit(self.hover_at(*self.cursor))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
