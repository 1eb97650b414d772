"""The main window: assembles the sidebar, shape strip, panels and menus.

It owns no logic of its own beyond wiring: the :class:`Controller` holds the
state and drives the worker, the sidebar edits settings, the panels draw
results. ``rendered`` is emitted after the panels show a new result, with the
milliseconds from the triggering change to that moment.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QMimeData, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cnnviz import __version__
from cnnviz.app.controller import Controller
from cnnviz.app.messages import MessageBar, set_reporter
from cnnviz.app.panels import PanelFrame, PanelsView, StagePanel
from cnnviz.app.qt_utils import qimage_to_array, signals_blocked
from cnnviz.app.resources import sample_images
from cnnviz.app.shape_strip import ShapeStrip
from cnnviz.app.sidebar import Sidebar
from cnnviz.app.style import STYLE_SHEET
from cnnviz.app.tiles import Hover
from cnnviz.app.worker import RenderResponse
from cnnviz.app.zoom import ZoomDialog
from cnnviz.core import render
from cnnviz.core.engine import available_devices, device_label
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import set_translator
from cnnviz.core.images import IMAGE_SUFFIXES, image_from_array, load_image_bytes
from cnnviz.core.settings import Settings
from cnnviz.core.view import ViewOptions
from cnnviz.core.weights import WEIGHT_SUFFIXES

log = logging.getLogger(__name__)

MAX_RECENT = 10
SETTINGS_ORG = "cnnviz"
ZOOM_STEPS = (0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 6.0)


def _qt_translate(context: str, text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text)


class MainWindow(QMainWindow):
    """cnnviz's window. ``MainWindow(image=None, device="cpu")`` builds it without showing it."""

    rendered = Signal(float)  # milliseconds from the change to the panels showing it
    _report = Signal(str, str)  # thread-safe route for messages from exception hooks

    def __init__(
        self,
        image: str | Path | None = None,
        device: str = "auto",
        *,
        settings: Settings | None = None,
        session: str | Path | None = None,
        persist: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        set_translator(_qt_translate)
        self.setObjectName("main-window")
        self.setWindowTitle("cnnviz")
        self.setAcceptDrops(True)
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1500, 950)  # restored geometry, if any, replaces this
        self.persist = persist
        self.store = QSettings(SETTINGS_ORG, "cnnviz") if persist else None
        self.last_dir = str(Path.home())
        self.recent: list[str] = []
        self.zoom_index = ZOOM_STEPS.index(1.0)
        self._render_times: deque[float] = deque(maxlen=120)
        self.last_latency_ms: float | None = None
        self.render_count = 0

        self.controller = Controller(device, self)
        self._build_widgets()
        self._build_actions()
        self._connect()
        self._report.connect(self.show_message)
        set_reporter(self._report.emit)

        if self.store is not None:
            self._restore_state()
        if settings is not None:
            self.controller.set_settings(settings)
        else:
            self.controller.set_settings(self.controller.settings)
        self._update_window_title()
        if session is not None:
            self.controller.load_session(session)
        if image is not None:
            self.open_image(image)
        if self.controller.image is None:
            # Never an empty window: without an image (or when the one given
            # could not be read, which the message bar says) show a sample.
            samples = sample_images()
            if samples:
                self.controller.load_image(samples[0])

    # Construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.sidebar = Sidebar()
        scroll = QScrollArea()
        scroll.setObjectName("sidebar-scroll")
        scroll.setWidget(self.sidebar)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(max(360, self.sidebar.sizeHint().width() + 24))
        self.dock = QDockWidget(self.tr("Layers"), self)
        self.dock.setObjectName("dock:layers")
        self.dock.setWidget(scroll)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message_bar = MessageBar()
        self.shape_strip = ShapeStrip()
        self.panels = PanelsView()
        layout.addWidget(self.message_bar)
        layout.addWidget(self.shape_strip)
        layout.addWidget(self.panels, 1)
        self.setCentralWidget(central)
        self.zoom_dialog: ZoomDialog | None = None

        status = self.statusBar()
        self.readout = QLabel(" ")
        self.readout.setObjectName("readout")
        self.readout.setMinimumWidth(260)
        self.timing = QLabel("")
        self.timing.setObjectName("timing")
        # Wide enough for any text it shows, so a new time does not re-lay out
        # the status bar on every update.
        self.timing.setMinimumWidth(
            self.timing.fontMetrics().horizontalAdvance("updated in 0000 ms (forward 000.0 ms) · 00 fps") + 8
        )
        self.weights_label = QLabel(self.tr("weights: seeded default"))
        self.weights_label.setObjectName("weights-label")
        self.device_label = QLabel("")
        self.device_label.setObjectName("device-label")
        self.busy_label = QLabel(self.tr("computing…"))
        self.busy_label.setObjectName("busy")
        self.busy_label.setVisible(False)
        status.addWidget(self.readout, 1)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.weights_label)
        status.addPermanentWidget(self.timing)
        status.addPermanentWidget(self.device_label)

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.open_action = file_menu.addAction(self.tr("&Open Image…"), self.open_dialog)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self.samples_menu = file_menu.addMenu(self.tr("&Samples"))
        for path in sample_images():
            self.samples_menu.addAction(path.name, lambda p=path: self.open_image(p, remember=False))
        paste = file_menu.addAction(self.tr("&Paste Image"), self.paste)
        paste.setShortcut(QKeySequence.StandardKey.Paste)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("Open Se&ssion…"), self.open_session_dialog)
        save_session = file_menu.addAction(self.tr("&Save Session…"), self.save_session_dialog)
        save_session.setShortcut(QKeySequence.StandardKey.Save)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&Load Weights…"), self.load_weights_dialog)
        file_menu.addAction(self.tr("Save &Weights…"), self.save_weights_dialog)
        file_menu.addAction(self.tr("Reset Weights to the Seeded Default"), self.controller.reset_weights)
        file_menu.addSeparator()
        export_view = file_menu.addAction(self.tr("&Export View as PNG…"), self.export_view_dialog)
        export_view.setShortcut(QKeySequence("Ctrl+E"))
        file_menu.addAction(self.tr("Export Stages as &NPZ…"), self.export_npz_dialog)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addAction(
            self.tr("Reset All Settings to the Textbook Network"), self.controller.reset_settings
        )

        view_menu = menu.addMenu(self.tr("&View"))
        zoom_in = view_menu.addAction(self.tr("Zoom &In"), lambda: self.step_zoom(1))
        zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        zoom_out = view_menu.addAction(self.tr("Zoom &Out"), lambda: self.step_zoom(-1))
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        reset_zoom = view_menu.addAction(
            self.tr("&Reset Zoom"), lambda: self.set_zoom_index(ZOOM_STEPS.index(1.0))
        )
        reset_zoom.setShortcut(QKeySequence("Ctrl+0"))
        view_menu.addSeparator()
        self.signed_menu = view_menu.addMenu(self.tr("Colormap for &Feature Maps (signed)"))
        self.unsigned_menu = view_menu.addMenu(self.tr("Colormap for &Activations"))
        self.norm_menu = view_menu.addMenu(self.tr("Value &Range"))
        self._fill_view_menus()
        view_menu.addSeparator()
        view_menu.addAction(self.dock.toggleViewAction())
        full = view_menu.addAction(self.tr("&Full Screen"), self.toggle_full_screen)
        full.setShortcut(QKeySequence.StandardKey.FullScreen)

        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&About cnnviz"), self.about)

        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("toolbar:main")
        toolbar.setMovable(False)
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr(" Feature maps: ")))
        self.signed_combo = self._cmap_combo(
            "view.signed_cmap", render.DIVERGING_CMAPS + render.SEQUENTIAL_CMAPS
        )
        toolbar.addWidget(self.signed_combo)
        toolbar.addWidget(QLabel(self.tr("  Activations: ")))
        self.unsigned_combo = self._cmap_combo(
            "view.unsigned_cmap", render.SEQUENTIAL_CMAPS + render.DIVERGING_CMAPS
        )
        toolbar.addWidget(self.unsigned_combo)
        toolbar.addWidget(QLabel(self.tr("  Range: ")))
        self.norm_combo = QComboBox()
        self.norm_combo.setObjectName("view.norm")
        for mode, label in (
            ("channel", self.tr("per channel")),
            ("stage", self.tr("per stage")),
            ("fixed", self.tr("fixed")),
        ):
            self.norm_combo.addItem(label, mode)
        self.norm_combo.currentIndexChanged.connect(
            lambda _: self.controller.with_view(norm=self.norm_combo.currentData())
        )
        toolbar.addWidget(self.norm_combo)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel(self.tr("Device: ")))
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("device")
        for name in available_devices():
            self.device_combo.addItem(device_label(name), name)
        self.device_combo.currentIndexChanged.connect(
            lambda _: self.controller.set_device(self.device_combo.currentData())
        )
        toolbar.addWidget(self.device_combo)
        self.addToolBar(toolbar)
        self._sync_device_combo(self.controller.device)

    def _cmap_combo(self, name: str, cmaps: tuple[str, ...]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for cmap in dict.fromkeys(cmaps):
            combo.addItem(render.cmap_label(cmap), cmap)
        field = name.split(".")[1]
        combo.currentIndexChanged.connect(lambda _: self.controller.with_view(**{field: combo.currentData()}))
        return combo

    def _fill_view_menus(self) -> None:
        for menu, field, cmaps in (
            (self.signed_menu, "signed_cmap", render.DIVERGING_CMAPS + render.SEQUENTIAL_CMAPS),
            (self.unsigned_menu, "unsigned_cmap", render.SEQUENTIAL_CMAPS + render.DIVERGING_CMAPS),
        ):
            group = QActionGroup(self)
            for cmap in dict.fromkeys(cmaps):
                action = menu.addAction(render.cmap_label(cmap))
                action.setCheckable(True)
                action.setData(cmap)
                group.addAction(action)
                action.triggered.connect(lambda _=False, f=field, c=cmap: self.controller.with_view(**{f: c}))
        group = QActionGroup(self)
        for mode, label in (
            ("channel", self.tr("Per Channel")),
            ("stage", self.tr("One Range per Stage")),
            ("fixed", self.tr("Fixed Range")),
        ):
            action = self.norm_menu.addAction(label)
            action.setCheckable(True)
            action.setData(mode)
            group.addAction(action)
            action.triggered.connect(lambda _=False, m=mode: self.controller.with_view(norm=m))
        self.norm_menu.addSeparator()
        self.norm_menu.addAction(self.tr("Set the Fixed Range…"), self.fixed_range_dialog)

    def fixed_range_dialog(self) -> None:
        """Ask for the low and high value of the fixed range, then use it."""
        lo, hi = self.controller.view.fixed_range
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Fixed Range"))
        form = QFormLayout(dialog)
        low, high = QDoubleSpinBox(), QDoubleSpinBox()
        for box, value, name in ((low, lo, "fixed-low"), (high, hi, "fixed-high")):
            box.setObjectName(name)
            box.setRange(-1e6, 1e6)
            box.setDecimals(4)
            box.setSingleStep(0.1)
            box.setValue(value)
        form.addRow(self.tr("value drawn with the first colour"), low)
        form.addRow(self.tr("value drawn with the last colour"), high)
        note = QLabel(
            self.tr("Every panel set to 'fixed' uses this range; values outside it take the end colours.")
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.set_fixed_range(low.value(), high.value())

    def set_fixed_range(self, low: float, high: float) -> bool:
        if not high > low:
            self.show_message(
                "error",
                self.tr("The fixed range needs the high value above the low one ({0} … {1}).")
                .replace("{0}", f"{low:g}")
                .replace("{1}", f"{high:g}"),
            )
            return False
        self.controller.with_view(norm="fixed", fixed_range=(float(low), float(high)))
        return True

    def _connect(self) -> None:
        c = self.controller
        self.sidebar.edited.connect(self._on_edited)
        c.settings_changed.connect(self.sidebar.show_settings)
        c.shapes_changed.connect(self._on_shapes)
        c.problems_changed.connect(self._on_problems)
        c.result_ready.connect(self._show_response)
        c.message.connect(self.show_message)
        c.view_changed.connect(self._on_view_changed)
        c.device_changed.connect(self._sync_device_combo)
        c.weights_changed.connect(
            lambda text: self.weights_label.setText(self.tr("weights: {0}").replace("{0}", text))
        )
        c.image_changed.connect(lambda _: self._update_window_title())
        c.busy_changed.connect(self._on_busy)
        # Say "computing…" only when an update takes long enough to notice
        # (a big native-size photo), not on every keystroke.
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(300)
        self._busy_timer.timeout.connect(lambda: self.busy_label.setVisible(True))
        self.panels.hovered.connect(self._show_hover)
        self.panels.tile_clicked.connect(self.open_zoom)
        self.panels.override_requested.connect(self._on_override)
        self.panels.export_requested.connect(self.export_panel_dialog)
        self._tile_timer = QTimer(self)
        self._tile_timer.setSingleShot(True)
        self._tile_timer.setInterval(50)
        self._tile_timer.timeout.connect(self._update_tile_sizes)
        self.panels.layout_changed.connect(self._tile_timer.start)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            if not self._busy_timer.isActive() and not self.busy_label.isVisible():
                self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_label.setVisible(False)

    # Settings -----------------------------------------------------------------------------------
    def _on_edited(self, key: str, value: Any) -> None:
        self.controller.set_value(key, value, started=time.perf_counter())

    def set_setting(self, key: str, value: Any) -> bool:
        """Change a setting as if through its control (for scripts and tests)."""
        self.sidebar.control(key).set_value(value)
        return self.controller.set_value(key, value, started=time.perf_counter())

    def _on_shapes(self, report: Any) -> None:
        self.shape_strip.show_report(report, self.controller.problems())
        self.panels.summary.show_report(report)
        self.sidebar.show_report(report)
        self.sidebar.show_structure(self.controller.settings)

    def _on_problems(self, problems: dict[str, str]) -> None:
        self.sidebar.show_problems(problems)
        self.shape_strip.show_report(self.controller.report, problems)

    # Results --------------------------------------------------------------------------------------
    def _show_response(self, response: RenderResponse) -> None:
        result = response.result
        structure = [(s.name, s.kind) for s in result.report.stages]
        if self.panels.build(structure):
            self.panels.apply_view(self.controller.view)
        self.panels.show_images(response.images, self.controller.view)
        input_panel = self.panels.input_panel
        if input_panel.view.values is not result.input:
            image = self.controller.image
            fit_note = ""
            if image is not None:
                fit_note = self.tr("{name}: {h}×{w} image, {fit} to {ih}×{iw}").format(
                    name=image.name,
                    h=image.size[0],
                    w=image.size[1],
                    fit=result.settings["input.fit"],
                    ih=result.input.shape[1],
                    iw=result.input.shape[2],
                )
            input_panel.show_input(result.input, fit_note, response.input_rgb)
        self.panels.scores_panel.show_scores(result.probabilities, result.logits)
        if (
            self.zoom_dialog is not None
            and self.zoom_dialog.isVisible()
            and self.zoom_dialog.stage_image is not None
        ):
            name = self.zoom_dialog.stage_image.name
            image_ = response.images.get(name)
            if image_ is not None:
                self.zoom_dialog.update_stage(image_, self.controller.view.cmap_for(name, image_.kind))
        if self.isVisible():
            # Paint what changed now, in one pass over everything marked dirty
            # (the update request Qt would otherwise handle a moment later), so
            # that `rendered` means shown. Repainting panel by panel painted most
            # of them twice.
            QCoreApplication.sendPostedEvents(self, QEvent.Type.UpdateRequest)
        latency = (time.perf_counter() - response.request.started) * 1000
        self._after_render(response, latency)
        self.rendered.emit(latency)

    def _after_render(self, response: RenderResponse, latency: float) -> None:
        now = time.perf_counter()
        self._render_times.append(now)
        self.last_latency_ms = latency
        self.render_count += 1
        recent = [t for t in self._render_times if now - t <= 1.0]
        fps = f" · {len(recent)} fps" if len(recent) >= 3 else ""
        t = response.timings
        self.timing.setText(
            self.tr("updated in {total:.0f} ms (forward {forward:.1f} ms){fps}").format(
                total=latency, forward=t.get("forward", 0.0), fps=fps
            )
        )
        self.timing.setToolTip(
            self.tr("prepare {p:.1f} ms · forward {f:.1f} ms · tiles {t:.1f} ms · reused: {r}").format(
                p=t.get("prepare", 0.0),
                f=t.get("forward", 0.0),
                t=t.get("tiles", 0.0),
                r=", ".join(response.result.reused) or self.tr("nothing"),
            )
        )
        label = device_label(response.result.device)
        if self.device_label.text() != label:
            self.device_label.setText(label)

    def _update_tile_sizes(self) -> None:
        self.controller.set_tile_sizes(self.panels.tile_sizes())

    # View ------------------------------------------------------------------------------------------
    def _on_view_changed(self, view: ViewOptions) -> None:
        self.panels.apply_view(view)
        with signals_blocked(self.signed_combo, self.unsigned_combo, self.norm_combo):
            self.signed_combo.setCurrentIndex(max(0, self.signed_combo.findData(view.signed_cmap)))
            self.unsigned_combo.setCurrentIndex(max(0, self.unsigned_combo.findData(view.unsigned_cmap)))
            self.norm_combo.setCurrentIndex(max(0, self.norm_combo.findData(view.norm)))
        for menu, value in (
            (self.signed_menu, view.signed_cmap),
            (self.unsigned_menu, view.unsigned_cmap),
            (self.norm_menu, view.norm),
        ):
            for action in menu.actions():
                if action.isCheckable():
                    action.setChecked(action.data() == value)
        lo, hi = view.fixed_range
        self.norm_combo.setItemText(
            self.norm_combo.findData("fixed"),
            self.tr("fixed {0} … {1}").replace("{0}", f"{lo:g}").replace("{1}", f"{hi:g}"),
        )
        if self.zoom_dialog is not None and self.zoom_dialog.stage_image is not None:
            image = self.zoom_dialog.stage_image
            self.zoom_dialog.update_stage(image, view.cmap_for(image.name, image.kind))

    def _on_override(self, stage: str, field: str, value: Any) -> None:
        self.controller.set_view(self.controller.view.with_override(stage, **{field: value}))

    def step_zoom(self, delta: int) -> None:
        self.set_zoom_index(self.zoom_index + delta)

    def set_zoom_index(self, index: int) -> None:
        self.zoom_index = max(0, min(len(ZOOM_STEPS) - 1, index))
        self.panels.set_zoom(ZOOM_STEPS[self.zoom_index])

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _sync_device_combo(self, device: str) -> None:
        with signals_blocked(self.device_combo):
            index = self.device_combo.findData(device)
            if index < 0 and device == "auto":
                index = self.device_combo.count() - 1 if self.device_combo.count() > 1 else 0
            self.device_combo.setCurrentIndex(max(0, index))

    def _show_hover(self, hover: Hover | None) -> None:
        if hover is None:
            self.readout.setText(" ")
            return
        if hover.stage == "input":
            values = self.panels.input_panel.view.values
            if values is not None:
                r, g, b = values[:, hover.row, hover.col]
                self.readout.setText(
                    self.tr("input · row {row}, col {col} · R {r:.3f} G {g:.3f} B {b:.3f}").format(
                        row=hover.row, col=hover.col, r=float(r), g=float(g), b=float(b)
                    )
                )
            return
        if len(hover.shape) == 1:
            self.readout.setText(f"{hover.stage} · {hover.value:.5g}")
            return
        self.readout.setText(
            self.tr("{stage} · channel {ch} · row {row}, col {col} · value {value:.5g}").format(
                stage=hover.stage, ch=hover.channel, row=hover.row, col=hover.col, value=hover.value
            )
        )

    def open_zoom(self, stage: str, channel: int) -> None:
        response = self.controller.last_response
        if response is None or stage not in response.images:
            return
        if self.zoom_dialog is None:
            self.zoom_dialog = ZoomDialog(self)
            self.zoom_dialog.channel_changed.connect(self._on_zoom_channel)
        image = response.images[stage]
        self.zoom_dialog.show_channel(image, self.controller.view.cmap_for(stage, image.kind), channel)
        self.zoom_dialog.show()
        self.zoom_dialog.raise_()
        self.zoom_dialog.activateWindow()

    def _on_zoom_channel(self, stage: str, channel: int) -> None:
        for panel in self.panels.stage_panels():
            selected = channel if panel.stage == stage else -1
            if panel.tiles.selected_channel != selected:
                panel.tiles.selected_channel = selected
                panel.tiles.update()

    # Messages ---------------------------------------------------------------------------------------
    def show_message(self, level: str, text: str) -> None:
        log_fn = {"error": log.warning, "warning": log.warning}.get(level, log.info)
        log_fn("%s", text)
        self.message_bar.show_message(level, text)
        self.statusBar().showMessage(text.splitlines()[0], 8000)

    # Images -------------------------------------------------------------------------------------------
    def open_image(self, path: str | Path, *, remember: bool = True) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = self.controller.load_image(path)
        finally:
            QApplication.restoreOverrideCursor()
        if ok:
            self.last_dir = str(Path(path).resolve().parent)
            if remember:
                self._remember(Path(path).resolve())
        return ok

    def open_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open Image"),
            self.last_dir,
            self.tr("Images ({0});;All files (*)").replace("{0}", patterns),
        )
        if path:
            self.open_image(path)

    def paste(self) -> None:
        self.open_mime(QGuiApplication.clipboard().mimeData(), source=self.tr("clipboard"))

    def open_mime(self, mime: QMimeData | None, source: str = "") -> bool:
        """Open an image from dropped or pasted data: files, image data or encoded bytes."""
        if mime is None:
            self.show_message("error", self.tr("Nothing to paste: the clipboard is empty."))
            return False
        for url in mime.urls():
            if url.isLocalFile():
                return self.open_image(url.toLocalFile())
        if mime.hasImage():
            image = mime.imageData()
            try:
                array = qimage_to_array(image)
                loaded = image_from_array(array, name=source or self.tr("dropped image"))
            except (CnnvizError, ValueError, AttributeError) as exc:
                self.show_message("error", self.tr("Could not use the image: {0}").replace("{0}", str(exc)))
                return False
            self.controller.set_image(loaded)
            return True
        for fmt in mime.formats():
            if fmt.startswith("image/"):
                data = bytes(mime.data(fmt).data())
                try:
                    loaded = load_image_bytes(data, name=source or fmt)
                except CnnvizError as exc:
                    self.show_message("error", str(exc))
                    return False
                self.controller.set_image(loaded)
                return True
        for url in mime.urls():
            if url.scheme() in ("http", "https"):
                self.show_message(
                    "error",
                    self.tr(
                        "{0} is a web address; cnnviz opens files. Save the image first, then drop the file."
                    ).replace("{0}", url.toString()),
                )
                return False
        text = mime.text().strip() if mime.hasText() else ""
        if text and Path(text).expanduser().is_file():
            return self.open_image(Path(text).expanduser())
        self.show_message("error", self.tr("No image found in what was dropped or pasted."))
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or any(f.startswith("image/") for f in mime.formats()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.open_mime(event.mimeData(), source=self.tr("dropped image")):
            event.acceptProposedAction()

    def _remember(self, path: Path) -> None:
        text = str(path)
        self.recent = [text] + [p for p in self.recent if p != text]
        del self.recent[MAX_RECENT:]
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for text in self.recent:
            self.recent_menu.addAction(Path(text).name, lambda p=text: self.open_image(p)).setToolTip(text)
        self.recent_menu.setEnabled(bool(self.recent))

    def _update_window_title(self) -> None:
        image = self.controller.image
        self.setWindowTitle(f"{image.name} — cnnviz" if image is not None else "cnnviz")

    # Weights, sessions, export -----------------------------------------------------------------------
    def load_weights_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in WEIGHT_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load Weights"), self.last_dir, self.tr("Weights ({0})").replace("{0}", patterns)
        )
        if path:
            self.controller.load_weights(path)

    def save_weights_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save Weights"),
            str(Path(self.last_dir) / "weights.safetensors"),
            self.tr("safetensors (*.safetensors);;PyTorch weights (*.pt)"),
        )
        if path:
            self.controller.save_weights(path)

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Session"), self.last_dir, self.tr("cnnviz sessions (*.json)")
        )
        if path:
            self.controller.load_session(path)

    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save Session"),
            str(Path(self.last_dir) / "session.json"),
            self.tr("cnnviz sessions (*.json)"),
        )
        if path and self.controller.save_session(path):
            self.show_message("info", self.tr("Session saved to {0}").replace("{0}", path))

    def export_view(self, path: str | Path) -> bool:
        """Every panel (the whole scrollable view, not just what is visible) as one PNG."""
        pixmap = self.panels.container.grab()
        if not pixmap.save(str(path), "PNG"):
            self.show_message("error", self.tr("Could not write {0}").replace("{0}", str(path)))
            return False
        return True

    def export_panel(self, stage: str, path: str | Path) -> bool:
        panel: PanelFrame = self.panels.panel(stage)
        if not panel.grab().save(str(path), "PNG"):
            self.show_message("error", self.tr("Could not write {0}").replace("{0}", str(path)))
            return False
        return True

    def export_npz(self, path: str | Path) -> bool:
        response = self.controller.last_response
        if response is None:
            self.show_message("error", self.tr("Nothing to export yet."))
            return False
        arrays = {"input": response.result.input, **response.result.stages}
        try:
            np.savez_compressed(path, **arrays)
        except OSError as exc:
            self.show_message(
                "error",
                self.tr("Could not write {0}: {1}")
                .replace("{0}", str(path))
                .replace("{1}", str(exc.strerror)),
            )
            return False
        return True

    def export_view_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export View"), str(Path(self.last_dir) / "cnnviz-view.png"), "PNG (*.png)"
        )
        if path and self.export_view(path):
            self.show_message("info", self.tr("Saved {0}").replace("{0}", path))

    def export_panel_dialog(self, stage: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Panel"), str(Path(self.last_dir) / f"{stage}.png"), "PNG (*.png)"
        )
        if path and self.export_panel(stage, path):
            self.show_message("info", self.tr("Saved {0}").replace("{0}", path))

    def export_npz_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Stages"), str(Path(self.last_dir) / "stages.npz"), "NumPy (*.npz)"
        )
        if path and self.export_npz(path):
            self.show_message("info", self.tr("Saved {0}").replace("{0}", path))

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About cnnviz"),
            self.tr(
                "<h3>cnnviz {0}</h3><p>Watch a convolutional network work on an image, stage by stage. "
                "Change any Conv2d or pooling argument and every shape, formula and map follows.</p>"
                "<p>Click a tile to look closer; hover to read values.</p>"
            ).replace("{0}", __version__),
        )

    # Panels by name (for tests and scripts) ----------------------------------------------------------------
    def panel(self, stage: str) -> PanelFrame:
        return self.panels.panel(stage)

    def stage_panel(self, stage: str) -> StagePanel:
        panel = self.panels.panel(stage)
        assert isinstance(panel, StagePanel)
        return panel

    # Persistence ----------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        store = self.store
        assert store is not None
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = store.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.last_dir = str(store.value("files/last_dir", self.last_dir))
        recent = store.value("files/recent", [])
        self.recent = [str(p) for p in (recent if isinstance(recent, list) else [recent]) if p][:MAX_RECENT]
        self._fill_recent_menu()
        try:
            view_json = store.value("view/options")
            if view_json:
                self.controller.set_view(ViewOptions.from_json(json.loads(str(view_json))))
            settings_json = store.value("network/settings")
            if settings_json:
                self.controller.set_settings(Settings.from_json(json.loads(str(settings_json))))
        except (CnnvizError, ValueError) as exc:
            self.show_message(
                "warning",
                self.tr(
                    "The settings saved last time could not be used ({0}); starting from the textbook network."
                ).replace("{0}", str(exc)),
            )
        zoom = store.value("view/zoom_index")
        if zoom is not None and str(zoom).isdigit():
            self.set_zoom_index(int(str(zoom)))

    def _save_state(self) -> None:
        store = self.store
        if store is None:
            return
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.setValue("files/last_dir", self.last_dir)
        store.setValue("files/recent", self.recent)
        store.setValue("view/options", json.dumps(self.controller.view.to_json()))
        store.setValue("network/settings", json.dumps(self.controller.settings.to_json()))
        store.setValue("view/zoom_index", self.zoom_index)
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        self.controller.shutdown()
        if self.zoom_dialog is not None:
            self.zoom_dialog.close()
        set_reporter(None)
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the worker (tests call this; closing the window does it too)."""
        self.controller.shutdown()
