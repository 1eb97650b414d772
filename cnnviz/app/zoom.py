"""One map, large: zoom with the wheel or Ctrl +/−, step channels with the keyboard.

Opened by clicking a tile. Shows the channel at full resolution with the same
colours as its tile (the stage's value range), a value readout under the
pointer and the histogram of this channel. ←/→ (or PgUp/PgDn) step through the
channels, Home/End jump to the first/last, and the view follows new results.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.histogram import HistogramWidget
from cnnviz.app.panels import table_for
from cnnviz.app.qt_utils import indexed_image
from cnnviz.core.display import StageImage, full_resolution
from cnnviz.core.i18n import tr

MIN_ZOOM = 0.25
MAX_ZOOM = 64.0


class MapCanvas(QWidget):
    """Paints one channel scaled by ``zoom`` with crisp pixels."""

    hovered = Signal(object)  # (row, col) or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zoom-canvas")
        self.setMouseTracking(True)
        self.image: QImage | None = None
        self.zoom = 1.0

    def set_image(self, image: QImage) -> None:
        self.image = image
        self._resize()
        self.update()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._resize()
        self.update()

    def _resize(self) -> None:
        if self.image is not None:
            self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        if self.image is None:
            return QSize(256, 256)
        return QSize(
            max(1, round(self.image.width() * self.zoom)), max(1, round(self.image.height() * self.zoom))
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom < 1)
        painter.drawImage(QRectF(self.rect()), self.image)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.image is None:
            return
        pos: QPointF = event.position()
        row, col = int(pos.y() / self.zoom), int(pos.x() / self.zoom)
        if 0 <= row < self.image.height() and 0 <= col < self.image.width():
            self.hovered.emit((row, col))
        else:
            self.hovered.emit(None)

    def leaveEvent(self, event: object) -> None:
        self.hovered.emit(None)


class ZoomDialog(QDialog):
    """A large, zoomable view of one channel of one stage."""

    channel_changed = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zoom-dialog")
        self.setWindowTitle(tr("Map"))
        self.setModal(False)
        self.resize(720, 720)
        self.stage_image: StageImage | None = None
        self.cmap = ""
        self._channel = 0
        self._fitted = False

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("zoom-title")
        top.addWidget(self.title, 1)
        for text, tip, slot in (
            ("◀", tr("Previous channel (←)"), lambda: self.step(-1)),
            ("▶", tr("Next channel (→)"), lambda: self.step(1)),
            ("−", tr("Zoom out (Ctrl −)"), lambda: self.zoom_by(1 / 1.25)),
            ("+", tr("Zoom in (Ctrl +)"), lambda: self.zoom_by(1.25)),
            (tr("Fit"), tr("Fit the map to the window (Ctrl 0)"), self.fit),
            ("1:1", tr("One screen pixel per value"), lambda: self.set_zoom(1.0)),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            top.addWidget(button)
        layout.addLayout(top)
        self.canvas = MapCanvas()
        self.canvas.hovered.connect(self._show_readout)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.viewport().installEventFilter(self)
        layout.addWidget(self.scroll_area, 1)
        self.readout = QLabel(" ")
        self.readout.setObjectName("zoom-readout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.readout)
        self.histogram = HistogramWidget()
        layout.addWidget(self.histogram)
        # Channel keys as window shortcuts: they work whichever child has the
        # focus (a button would otherwise take ← / → to move the focus).
        for keys, delta in (
            (("Right", "Down", "PgDown"), 1),
            (("Left", "Up", "PgUp"), -1),
        ):
            for key in keys:
                QShortcut(QKeySequence(key), self, lambda d=delta: self.step(d))
        QShortcut(QKeySequence("Home"), self, lambda: self.step(-self._channel))
        QShortcut(
            QKeySequence("End"),
            self,
            lambda: self.step(self.stage_image.channels - 1 - self._channel) if self.stage_image else None,
        )
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom_by(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom_by(1 / 1.25))
        QShortcut(QKeySequence("Ctrl+0"), self, self.fit)

    def _get_channel(self) -> int:
        return self._channel

    def _set_channel(self, channel: int) -> None:
        if self.stage_image is None:
            self._channel = max(0, int(channel))
            return
        self._channel = max(0, min(int(channel), self.stage_image.channels - 1))
        self._refresh()

    channelChanged = Signal(int)
    #: The channel shown, as a Qt property (``dialog.property("channel")``).
    channel = Property(int, _get_channel, _set_channel, notify=channelChanged)

    # Data ---------------------------------------------------------------------------------
    def show_channel(self, image: StageImage, cmap: str, channel: int) -> None:
        first = self.stage_image is None or image.name != self.stage_image.name
        self.stage_image = image
        self.cmap = cmap
        self._channel = max(0, min(channel, image.channels - 1))
        self._refresh()
        if first or not self._fitted:
            self.fit()
            self._fitted = True

    def update_stage(self, image: StageImage | None, cmap: str) -> None:
        """A new result arrived: show the same channel of the new maps."""
        if image is None:
            return
        self.stage_image = image
        self.cmap = cmap
        self._channel = min(self._channel, image.channels - 1)
        self._refresh()

    def _refresh(self) -> None:
        image = self.stage_image
        if image is None:
            return
        indices = full_resolution(image, self._channel)
        self.canvas.set_image(
            indexed_image(indices, table_for(self.cmap)).convertToFormat(QImage.Format.Format_RGB32)
        )
        shape = " × ".join(map(str, image.shape))
        if image.source.ndim == 3:
            self.title.setText(
                tr("<b>{stage}</b> · channel {ch} of {n} · {shape} · range {lo:.4g} … {hi:.4g}").format(
                    stage=image.name,
                    ch=self._channel,
                    n=image.channels,
                    shape=shape,
                    lo=float(image.low[self._channel]),
                    hi=float(image.high[self._channel]),
                )
            )
            values = image.source[self._channel]
        else:
            self.title.setText(tr("<b>{stage}</b> · {shape} values").format(stage=image.name, shape=shape))
            values = image.source
        self.setWindowTitle(tr("{stage} · channel {ch}").format(stage=image.name, ch=self._channel))
        self.histogram.set_values(values, tr("channel {ch}: values").format(ch=self._channel))
        self.channel_changed.emit(image.name, self._channel)
        self.channelChanged.emit(self._channel)

    # Navigation ---------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        if self.stage_image is None:
            return
        self._channel = (self._channel + delta) % self.stage_image.channels
        self._refresh()

    def set_zoom(self, zoom: float) -> None:
        self.canvas.set_zoom(zoom)

    def zoom_by(self, factor: float) -> None:
        self.canvas.set_zoom(self.canvas.zoom * factor)

    def fit(self) -> None:
        if self.canvas.image is None:
            return
        view = self.scroll_area.viewport().size()
        w, h = self.canvas.image.width(), self.canvas.image.height()
        self.canvas.set_zoom(max(MIN_ZOOM, min((view.width() - 4) / w, (view.height() - 4) / h)))

    def eventFilter(self, obj: object, event: object) -> bool:
        if isinstance(event, QWheelEvent) and obj is self.scroll_area.viewport():
            # In a map viewer the wheel zooms (scroll bars still pan).
            self.zoom_by(1.25 if event.angleDelta().y() > 0 else 1 / 1.25)
            return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def _show_readout(self, where: tuple[int, int] | None) -> None:
        image = self.stage_image
        if where is None or image is None:
            self.readout.setText(" ")
            return
        row, col = where
        if image.source.ndim == 3:
            value = image.value_at(self._channel, row, col)
            self.readout.setText(
                tr("{stage}[{ch}, {row}, {col}] = {value:.6g}").format(
                    stage=image.name, ch=self._channel, row=row, col=col, value=value
                )
            )
        else:
            index = row * image.indices.shape[2] + col
            if index < image.source.shape[0]:
                self.readout.setText(f"{image.name}[{index}] = {float(image.source[index]):.6g}")
