"""The main window: assembles the sidebar, shape strip, panels, menus and status bar.

It owns no logic of its own beyond wiring: the :class:`Controller` holds the
state and drives the worker; :mod:`.truth` decides which shapes may be shown and
which panels are stale; the sidebar edits settings; the panels draw results;
:mod:`.image_sources`, :mod:`.persistence`, :mod:`.status` and :mod:`.exports`
each do one job. ``rendered`` is emitted after the panels show a new result,
with the milliseconds from the triggering change to that moment.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, Qt, QTimer, Signal
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
from cnnviz.app import exports, language
from cnnviz.app.batch_bar import BatchBar
from cnnviz.app.compare_view import CompareDock
from cnnviz.app.controller import Controller, PlanUpdate
from cnnviz.app.filters_view import FiltersDock
from cnnviz.app.help import HelpDialog, reading_html, shortcuts_html
from cnnviz.app.image_sources import read_mime
from cnnviz.app.inspector import InspectorDock
from cnnviz.app.kernel_editor import KernelEditorDock
from cnnviz.app.lab_dialogs import CodeDialog, PatternDialog, current_code
from cnnviz.app.lessons_panel import LessonsDock
from cnnviz.app.messages import MessageBar, set_reporter
from cnnviz.app.padding_view import PaddingDialog
from cnnviz.app.panels import PanelFrame, PanelsView, StagePanel
from cnnviz.app.persistence import MAX_RECENT, Store
from cnnviz.app.progress import Progress, StageBatch, panel_notes
from cnnviz.app.qt_utils import signals_blocked
from cnnviz.app.receptive_marks import show_reach
from cnnviz.app.shape_strip import ShapeStrip
from cnnviz.app.sidebar import Sidebar
from cnnviz.app.status import StatusArea
from cnnviz.app.style import STYLE_SHEET
from cnnviz.app.tiles import Hover
from cnnviz.app.train_panel import TrainDock
from cnnviz.app.truth import Chain, Shown, visible_chain
from cnnviz.app.worker import RenderRequest, RenderResponse
from cnnviz.app.zoom import ZoomDialog
from cnnviz.core import render
from cnnviz.core.engine import available_devices, device_label
from cnnviz.core.errors import CnnvizError
from cnnviz.core.exports import describe_export
from cnnviz.core.i18n import set_translator, tr
from cnnviz.core.images import IMAGE_SUFFIXES
from cnnviz.core.lessons import HIDE_SHAPE
from cnnviz.core.patterns import PATTERNS
from cnnviz.core.provenance import RANDOM, class_names_for, layer_sources, scores_meaningful, scores_note
from cnnviz.core.resources import sample_images
from cnnviz.core.settings import Settings
from cnnviz.core.text import printable, shape_text
from cnnviz.core.view import ViewOptions
from cnnviz.core.weights import WEIGHT_SUFFIXES

log = logging.getLogger(__name__)

ZOOM_STEPS = (0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 6.0)


def _qt_translate(context: str, text: str) -> str:
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
        synchronous: bool = False,
        parent: QWidget | None = None,
        lang: str | None = None,
        adopt: Controller | None = None,
    ) -> None:
        super().__init__(parent)
        set_translator(_qt_translate)
        self.handed_over = False  # True once a language switch moved the controller to a new window
        self.setObjectName("main-window")
        self.setWindowTitle("cnnviz")
        self.setAcceptDrops(True)
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1500, 950)  # restored geometry, if any, replaces this
        self.store = Store(persist)
        if persist and adopt is None:
            language.start_language(self.store, lang)  # before any text is built
        self.last_dir = str(Path.home())
        self.recent: list[str] = []
        self.zoom_index = ZOOM_STEPS.index(1.0)
        self.last_latency_ms: float | None = None
        self.render_count = 0
        self.rendered_id = -1  # the request whose result was last painted (``rendered``)
        self.shown: Shown | None = None  # what the panels hold
        self.progress = Progress()  # panels already showing a stage of a newer request
        self.stage_batch = StageBatch(self._show_stages, self)  # early stages, painted once a frame
        self._finishing: RenderResponse | None = None  # shown, to be painted (see _show_response)
        self._finish_timer = QTimer(self)
        self._finish_timer.setSingleShot(True)
        self._finish_timer.setInterval(0)
        self._finish_timer.timeout.connect(self._finish_render)
        self.chain: Chain | None = None  # what the current settings produce
        self._update: PlanUpdate | None = None
        self.hidden: dict[str, frozenset[str]] = {}  # stage -> numbers a lesson's open question covers

        self.controller = adopt or Controller(device, self, synchronous=synchronous)
        self.controller.setParent(self)
        self._build_widgets()
        self._build_actions()
        self._connect()
        self._report.connect(self.show_message)
        set_reporter(self._report.emit)

        if adopt is None:
            self._restore_state()
            if session is None:
                self.controller.use_bundled_weights(quiet=True)  # the trained textbook network, if installed
            if settings is not None:
                self.controller.set_settings(settings)
            else:
                self.controller.set_settings(self.controller.settings)
            self.controller.undo_stack.clear()  # the start is not a change to undo
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
            notice = language.font_notice(language.qt_language())
            if notice:
                self.show_message("warning", notice, "font")

    # Construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.sidebar = Sidebar()
        scroll = QScrollArea()
        scroll.setObjectName("sidebar-scroll")
        scroll.setWidget(self.sidebar)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(max(360, self.sidebar.sizeHint().width() + 24))
        self.dock = QDockWidget(tr("Layers"), self)
        self.dock.setObjectName("dock:layers")
        self.dock.setWidget(scroll)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.inspector = InspectorDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.inspector.hide()  # opened by selecting a cell, or View › Inspector
        self.kernel_dock = KernelEditorDock(self.controller, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.kernel_dock)
        self.kernel_dock.hide()  # View › Kernel Editor
        self.compare_dock = CompareDock(self.controller, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.compare_dock)
        self.compare_dock.hide()  # View › Compare
        self.filters_dock = FiltersDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.filters_dock)
        self.filters_dock.hide()  # View › Filters
        self.train_dock = TrainDock(self.controller, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.train_dock)
        self.train_dock.hide()  # View › Train
        self.code_dialog: CodeDialog | None = None
        self.padding_dialog: PaddingDialog | None = None

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message_bar = MessageBar()
        self.shape_strip = ShapeStrip()
        self.batch_bar = BatchBar()
        self.batch_bar.setVisible(False)  # View ▸ Batch Axis
        self.panels = PanelsView()
        self.panels.pacer.drained.connect(self._finish_render)  # the last maps painted: say so
        layout.addWidget(self.message_bar)
        layout.addWidget(self.shape_strip)
        layout.addWidget(self.batch_bar)
        layout.addWidget(self.panels, 1)
        self.setCentralWidget(central)
        self.zoom_dialog: ZoomDialog | None = None

        self.lessons_dock = LessonsDock(self)  # after the sidebar and panels it points at
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lessons_dock)
        self.lessons_dock.hide()  # View › Lessons

        self.status = StatusArea(self.statusBar())
        # Names kept for scripts and tests.
        self.readout = self.status.readout
        self.timing = self.status.timing
        self.busy_label = self.status.busy
        self.weights_label = self.status.weights
        self.device_label = self.status.device

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(tr("&File"))
        self.open_action = file_menu.addAction(tr("&Open Image…"), self.open_dialog)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(tr("Open &Recent"))
        self.samples_menu = file_menu.addMenu(tr("&Samples"))
        for path in sample_images():
            self.samples_menu.addAction(path.name, lambda p=path: self.open_image(p, remember=False))
        paste = file_menu.addAction(tr("&Paste Image"), self.paste)
        paste.setShortcut(QKeySequence.StandardKey.Paste)
        file_menu.addSeparator()
        file_menu.addAction(tr("Open Se&ssion…"), self.open_session_dialog)
        save_session = file_menu.addAction(tr("&Save Session…"), self.save_session_dialog)
        save_session.setShortcut(QKeySequence.StandardKey.Save)
        file_menu.addSeparator()
        file_menu.addAction(tr("&Load Weights…"), self.load_weights_dialog)
        file_menu.addAction(tr("Save &Weights…"), self.save_weights_dialog)
        file_menu.addAction(tr("Reset Weights to the Seeded Default"), self.controller.reset_weights)
        bundled = file_menu.addAction(
            tr("Use the Bundled Trained Weights"), self.controller.use_bundled_weights
        )
        bundled.setObjectName("action:bundled-weights")
        file_menu.addSeparator()
        file_menu.addAction(self.lessons_dock.open_folder_action)
        file_menu.addSeparator()
        export_view = file_menu.addAction(tr("&Export View as PNG…"), self.export_view_dialog)
        export_view.setShortcut(QKeySequence("Ctrl+E"))
        file_menu.addAction(tr("Export Stages as &NPZ…"), self.export_npz_dialog)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        input_menu = menu.addMenu(tr("&Input"))
        pattern = input_menu.addAction(tr("Test &Pattern…"), self.pattern_dialog)
        pattern.setObjectName("action:test-pattern")
        quick = input_menu.addMenu(tr("&Quick Test Patterns"))
        for name in PATTERNS:
            quick.addAction(name, lambda n=name: self.controller.load_pattern(n))

        edit_menu = menu.addMenu(tr("&Edit"))
        stack = self.controller.undo_stack
        self.undo_action = stack.createUndoAction(self, tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("action:undo")
        self.redo_action = stack.createRedoAction(self, tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setObjectName("action:redo")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        reset = edit_menu.addAction(tr("Reset All Settings to the Textbook Network"), self.controller.reset)
        reset.setToolTip(tr("Undoable with Ctrl+Z"))
        edit_menu.addSeparator()
        copy_code = edit_menu.addAction(tr("Copy as &PyTorch"), self.copy_as_pytorch)
        copy_code.setObjectName("action:copy-pytorch")
        copy_code.setShortcut(QKeySequence("Ctrl+Shift+C"))
        show_code = edit_menu.addAction(tr("Show PyTorch &Code…"), self.show_code)
        show_code.setObjectName("action:show-code")

        view_menu = menu.addMenu(tr("&View"))
        zoom_in = view_menu.addAction(tr("Zoom &In"), lambda: self.step_zoom(1))
        zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        zoom_out = view_menu.addAction(tr("Zoom &Out"), lambda: self.step_zoom(-1))
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        reset_zoom = view_menu.addAction(
            tr("&Reset Zoom"), lambda: self.set_zoom_index(ZOOM_STEPS.index(1.0))
        )
        reset_zoom.setShortcut(QKeySequence("Ctrl+0"))
        view_menu.addSeparator()
        self.signed_menu = view_menu.addMenu(tr("Colormap for &Feature Maps (signed)"))
        self.unsigned_menu = view_menu.addMenu(tr("Colormap for &Activations"))
        self.norm_menu = view_menu.addMenu(tr("Value &Range"))
        self._fill_view_menus()
        view_menu.addSeparator()
        view_menu.addAction(self.dock.toggleViewAction())
        inspector = self.inspector.toggleViewAction()
        inspector.setShortcut(QKeySequence("Ctrl+I"))
        view_menu.addAction(inspector)
        kernels = self.kernel_dock.toggleViewAction()
        kernels.setShortcut(QKeySequence("Ctrl+K"))
        kernels.setObjectName("action:kernel-editor")
        view_menu.addAction(kernels)
        compare = self.compare_dock.toggleViewAction()
        compare.setObjectName("action:compare")
        compare.setShortcut(QKeySequence("Ctrl+B"))
        view_menu.addAction(compare)
        filters = self.filters_dock.toggleViewAction()
        filters.setObjectName("action:filters")
        view_menu.addAction(filters)
        view_menu.addAction(self.lessons_dock.toggleViewAction())
        padding = view_menu.addAction(tr("&Padding and Rounding…"), self.show_padding)
        padding.setObjectName("action:padding")
        padding.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.batch_action = view_menu.addAction(tr("&Batch Axis (N × C × H × W)"))
        self.batch_action.setObjectName("action:batch-axis")
        self.batch_action.setCheckable(True)
        self.batch_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.batch_action.toggled.connect(self.show_batch_axis)
        train = self.train_dock.toggleViewAction()
        train.setObjectName("action:train")
        train.setShortcut(QKeySequence("Ctrl+T"))
        view_menu.addAction(train)
        evidence = view_menu.addAction(tr("Class &Evidence (Grad-CAM)"))
        evidence.setObjectName("action:class-evidence")
        evidence.setCheckable(True)
        evidence.toggled.connect(self.panels.scores_panel.evidence_toggle.setChecked)
        self.panels.scores_panel.evidence_toggle.toggled.connect(evidence.setChecked)
        full = view_menu.addAction(tr("&Full Screen"), self.toggle_full_screen)
        full.setShortcuts([QKeySequence.StandardKey.FullScreen, QKeySequence("F11")])
        view_menu.addSeparator()
        language.add_language_menu(self, view_menu)

        help_menu = menu.addMenu(tr("&Help"))
        reading = help_menu.addAction(tr("&How to Read This Window"), self.show_reading_help)
        reading.setShortcut(QKeySequence.StandardKey.HelpContents)
        help_menu.addAction(tr("&Keyboard Shortcuts"), self.show_shortcuts)
        help_menu.addSeparator()
        help_menu.addAction(tr("&About cnnviz"), self.about)

        toolbar = QToolBar(tr("Main"))
        toolbar.setObjectName("toolbar:main")
        toolbar.setMovable(False)
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(tr(" Feature maps: ")))
        self.signed_combo = self._cmap_combo(
            "view.signed_cmap", render.DIVERGING_CMAPS + render.SEQUENTIAL_CMAPS
        )
        toolbar.addWidget(self.signed_combo)
        toolbar.addWidget(QLabel(tr("  Activations: ")))
        self.unsigned_combo = self._cmap_combo(
            "view.unsigned_cmap", render.SEQUENTIAL_CMAPS + render.DIVERGING_CMAPS
        )
        toolbar.addWidget(self.unsigned_combo)
        toolbar.addWidget(QLabel(tr("  Range: ")))
        self.norm_combo = QComboBox()
        self.norm_combo.setObjectName("view.norm")
        for mode, label in (
            ("channel", tr("per channel")),
            ("stage", tr("per stage")),
            ("fixed", tr("fixed")),
        ):
            self.norm_combo.addItem(label, mode)
        self.norm_combo.currentIndexChanged.connect(
            lambda _: self.controller.with_view(norm=self.norm_combo.currentData())
        )
        toolbar.addWidget(self.norm_combo)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel(tr("Device: ")))
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("device")
        for name in available_devices():
            self.device_combo.addItem(device_label(name), name)
        self.device_combo.currentIndexChanged.connect(
            lambda _: self.controller.set_device(self.device_combo.currentData())
        )
        toolbar.addWidget(self.device_combo)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
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
            ("channel", tr("Per Channel")),
            ("stage", tr("One Range per Stage")),
            ("fixed", tr("Fixed Range")),
        ):
            action = self.norm_menu.addAction(label)
            action.setCheckable(True)
            action.setData(mode)
            group.addAction(action)
            action.triggered.connect(lambda _=False, m=mode: self.controller.with_view(norm=m))
        self.norm_menu.addSeparator()
        self.norm_menu.addAction(tr("Set the Fixed Range…"), self.fixed_range_dialog)

    def fixed_range_dialog(self) -> None:
        """Ask for the low and high value of the fixed range, then use it."""
        lo, hi = self.controller.view.fixed_range
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Fixed Range"))
        form = QFormLayout(dialog)
        low, high = QDoubleSpinBox(), QDoubleSpinBox()
        for box, value, name in ((low, lo, "fixed-low"), (high, hi, "fixed-high")):
            box.setObjectName(name)
            box.setRange(-1e6, 1e6)
            box.setDecimals(4)
            box.setSingleStep(0.1)
            box.setValue(value)
        form.addRow(tr("value drawn with the first colour"), low)
        form.addRow(tr("value drawn with the last colour"), high)
        note = QLabel(
            tr("Every panel set to 'fixed' uses this range; values outside it take the end colours.")
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
                tr("The fixed range needs the high value above the low one ({0} … {1}).")
                .replace("{0}", f"{low:g}")
                .replace("{1}", f"{high:g}"),
            )
            return False
        self.controller.with_view(norm="fixed", fixed_range=(float(low), float(high)))
        return True

    def _connect(self) -> None:
        c = self.controller
        self.sidebar.edited.connect(lambda key, value: c.set_value(key, value, started=time.perf_counter()))
        self.sidebar.text_edited.connect(lambda key, text: c.set_text(key, text, started=time.perf_counter()))
        c.settings_changed.connect(self.sidebar.show_settings)
        c.plan_changed.connect(self._on_plan)
        c.request_submitted.connect(lambda _: self._refresh_stale())
        c.result_ready.connect(self._show_response)
        c.stage_ready.connect(self.stage_batch.add)
        c.message.connect(self.show_message)
        c.message_cleared.connect(self.message_bar.clear_topic)
        c.view_changed.connect(self._on_view_changed)
        c.device_changed.connect(self._sync_device_combo)
        c.device_changed.connect(lambda _: self._refresh_stale())
        c.weights_changed.connect(self.status.set_weights)
        c.image_changed.connect(lambda _: self._update_window_title())
        c.busy_changed.connect(self.status.set_busy)
        self.panels.hovered.connect(self._show_hover)
        self.panels.tile_clicked.connect(self.open_zoom)
        self.panels.cell_selected.connect(self.inspect)
        # A class score clicked: its evidence (scores panel) and its arithmetic (inspector).
        self.panels.scores_panel.scores.class_picked.connect(lambda i: self.inspect("fc", i, 0, 0))
        self.inspector.explained.connect(lambda e, r: show_reach(self.panels, e, r))
        self.inspector.visibilityChanged.connect(lambda v: v or show_reach(self.panels, None, None))
        self.batch_bar.batch_changed.connect(lambda _: self.show_batch_axis(self.batch_action.isChecked()))
        self.panels.override_requested.connect(self._on_override)
        self.panels.export_requested.connect(self.export_panel_dialog)
        self.panels.geometry_changed.connect(
            lambda width, zoom: c.set_geometry(width, zoom, self.devicePixelRatioF())
        )

    # Settings -----------------------------------------------------------------------------------
    def set_setting(self, key: str, value: Any) -> bool:
        """Change a setting as if through its control (for scripts and tests)."""
        self.sidebar.control(key).set_value(value)
        return self.controller.set_value(key, value, started=time.perf_counter())

    def _on_plan(self, update: PlanUpdate) -> None:
        """The current settings changed (or were refused): every view of them follows at once."""
        self._update = update
        value_problems = {k: e.message for k, e in self.controller.value_problems.items()}
        chain = visible_chain(update.plan, value_problems, update.problems)
        self.chain = chain
        shapes_hidden = {name for name, what in self.hidden.items() if HIDE_SHAPE in what}
        self.shape_strip.show_chain(chain, len(update.problems), shapes_hidden)
        self.sidebar.show_update(update, self.hidden)
        self.panels.summary.show_report(
            update.plan.report, chain.problem or "", stages={s.name for s in chain.stages}, hidden=self.hidden
        )
        self.batch_bar.show_report(update.plan.report if chain.problem is None else None)
        layers = layer_sources(update.plan.sources)
        weights_name = self.controller.weights_name
        self.sidebar.show_provenance(layers, weights_name)
        self.status.set_random_layers(
            [n for n, state in layers.items() if state == RANDOM] if weights_name else []
        )
        self.panels.scores_panel.set_provenance(
            scores_note(layers, weights_name), weights_name is not None and scores_meaningful(layers)
        )
        if not update.request_follows:  # otherwise once it is sent (request_submitted): not twice per change
            self._refresh_stale()

    def set_hidden(self, hidden: dict[str, frozenset[str]]) -> None:
        """Cover (or, with ``{}``, show again) the numbers a lesson's open question asks for:
        stage -> ``core.lessons.HIDE_SHAPE`` / ``HIDE_PARAMS``, in the strip, the table, the
        sidebar's formulas, the panels' shape labels and the inspector's derivations."""
        if hidden == self.hidden:
            return
        self.hidden = dict(hidden)
        self.inspector.set_derivations_hidden(bool(hidden))
        self.compare_dock.set_covered(frozenset(n for n, what in self.hidden.items() if HIDE_SHAPE in what))
        if self._update is not None:
            self._on_plan(dataclasses.replace(self._update, request_follows=False))  # nothing is sent
        for panel in self.panels.panels.values():
            panel.shape_label.compact()  # "?" in place of a shape: no wide empty badge

    def _refresh_stale(self) -> None:
        """Mark every panel whose content belongs to other settings; shape labels show only true shapes."""
        chain = self.chain
        if chain is None:
            return
        c = self.controller
        computing = c.latest_request_id > c.shown_request_id and not c.latest_failed
        notes = panel_notes(
            self.shown,
            self.progress.partial,
            self.panels.panels,
            c.plan,
            c.settings,
            chain,
            image=c.image,
            weights_version=c.weights_version,
            device=c.device,
            computing=computing,
        )
        # A result is on its way: computing, or about to be (the plan is published before it is sent).
        on_its_way = (computing or (c.valid and c.image is not None)) and not c.latest_failed
        current = {s.name: s.shape for s in chain.stages}
        if chain.input_shape is not None:
            current["input"] = chain.input_shape
        for name, panel in self.panels.panels.items():
            shape = current.get(name)
            covered = HIDE_SHAPE in self.hidden.get(name, ())
            panel.set_shape_text("—" if shape is None else "?" if covered else shape_text(shape))
            panel.set_stale(name in notes, notes.get(name, ""), computing=on_its_way)

    # Results --------------------------------------------------------------------------------------
    def _show_stages(self, batch: list[tuple[RenderRequest, Any]]) -> None:
        """Stages of the newest request, drawn before its response: painted now (see progress.py)."""
        c = self.controller
        batch = [(r, image) for r, image in batch if r.id == c.latest_request_id > c.shown_request_id]
        if not batch:
            return
        if self.panels.build([(s.name, s.kind) for s in batch[-1][0].plan.report.stages]):
            self.panels.apply_view(c.view)
            self._order_tabs()
        for request, image in batch:
            self.panels.show_images({image.name: image}, c.view, request.edits)
        for request, image in batch:
            self.progress.stage_shown(image.name, request)
        self._refresh_stale()

    def _show_response(self, response: RenderResponse) -> None:
        result = response.result
        c = self.controller
        structure = [(s.name, s.kind) for s in result.report.stages]
        if self.panels.build(structure):
            self.panels.apply_view(c.view)
            self._order_tabs()
        self.panels.show_images(response.images, c.view, response.request.edits)
        input_panel = self.panels.input_panel
        if input_panel.view.values is not result.input:
            image = response.request.image
            fit_note = tr("{name}: {w}×{h} image, {fit} to {iw}×{ih} (width × height)").format(
                name=printable(image.name),
                w=image.size[1],
                h=image.size[0],
                fit=result.settings["input.fit"],
                iw=result.input.shape[2],
                ih=result.input.shape[1],
            )
            input_panel.show_input(result.input, fit_note, response.input_rgb)
        weights_file = response.request.weights
        names = class_names_for(
            weights_file.metadata if weights_file is not None else None, len(result.logits)
        )
        self.panels.scores_panel.show_scores(result.probabilities, result.logits, names)
        self.panels.scores_panel.set_result(result)
        self.filters_dock.show_result(result)
        self.panels.mark_quiet(response.quiet)
        if self.inspector.isVisible():
            self.inspector.show_result(result)  # explains the selected cell again: its marks follow
        else:
            show_reach(self.panels, None, None)  # no explanation on screen: no marks of an old result
        if self.padding_dialog is not None and self.padding_dialog.isVisible():
            self.padding_dialog.show_result(result)
        self.shown = Shown(
            response.request.plan,
            response.request.image,
            response.request.weights_version,
            response.request.device,
        )
        self.progress.clear()
        self.stage_batch.clear()
        self._refresh_stale()
        if (
            self.zoom_dialog is not None
            and self.zoom_dialog.isVisible()
            and self.zoom_dialog.stage_image is not None
        ):
            name = self.zoom_dialog.stage_image.name
            image_ = response.images.get(name)
            self.zoom_dialog.update_stage(
                image_, c.view.cmap_for(name, image_.kind) if image_ is not None else ""
            )
        # Painted in a turn of the event loop of its own (``_finish_render``): the panels' new
        # content and its painting used to run back to back, one block of 20–30 ms in which a
        # dragged slider could not move (measured by ``cnnviz bench``'s stream).
        self._finishing = response
        if self.controller.worker.synchronous:
            self._finish_render()  # no event loop to wait for (scripts, tests)
        else:
            self._finish_timer.start()

    def _finish_render(self) -> None:
        """Paint what the last response changed, then say it is shown (``rendered``)."""
        if self._finishing is None:
            return
        if self.panels.pacer.pending() and not self.controller.worker.synchronous:
            return  # the maps are still being painted, a few panels per turn: drained calls again
        response, self._finishing = self._finishing, None
        self.panels.pacer.flush()
        if self.isVisible():
            # Everything marked dirty, in one pass, so that `rendered` means shown.
            QCoreApplication.sendPostedEvents(self, QEvent.Type.UpdateRequest)
        result = response.result
        latency = (time.perf_counter() - response.request.started) * 1000
        self.last_latency_ms = latency
        self.render_count += 1
        self.rendered_id = response.request.id
        if response.request.id == self.controller.latest_request_id:  # nothing newer on its way
            for panel in self.panels.panels.values():
                panel.shape_label.compact()  # widened during a drag, never narrowed then
        self.status.show_timing(latency, response.timings, tuple(result.reused), result.device)
        self.rendered.emit(latency)

    # View ------------------------------------------------------------------------------------------
    def _order_tabs(self) -> None:
        """Tab follows the screen: toolbar, then the sidebar, then each panel's menu and maps in order."""
        sidebar: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if self.dock.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                sidebar.append(widget)
            widget = widget.nextInFocusChain()
        panels: list[QWidget] = []
        for panel in self.panels.stage_panels():
            panels += [panel.menu_button, panel.tiles]
        order = [
            self.signed_combo,
            self.unsigned_combo,
            self.norm_combo,
            self.device_combo,
            *sidebar,
            *panels,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

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
            tr("fixed {low} … {high}").format(low=f"{lo:g}", high=f"{hi:g}"),
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

    def open_zoom(self, stage: str, channel: int) -> None:
        response = self.controller.last_response
        if response is None or stage not in response.images:
            return
        if self.zoom_dialog is None:
            self.zoom_dialog = ZoomDialog(self)
            self.zoom_dialog.channel_changed.connect(self._on_zoom_channel)
        panel = self.panels.panels.get(stage)
        on_screen = panel.image if isinstance(panel, StagePanel) else None
        image = on_screen if on_screen is not None else response.images[stage]  # a newer stage, if shown
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

    def inspect(self, stage: str, channel: int, row: int, col: int) -> bool:
        """Explain one cell of the maps on screen in the inspector (opening it)."""
        response = self.controller.last_response
        if response is None:
            return False
        if not self.inspector.isVisible():
            self.inspector.show()
            # Wide enough for a 3×3 patch beside its kernel and products.
            self.resizeDocks(
                [self.inspector], [min(560, max(420, self.width() // 3))], Qt.Orientation.Horizontal
            )
        panel = self.panels.panels.get(stage)
        cell: tuple[str, int, int | None, int | None] = (stage, channel, row, col)
        vector = False
        if isinstance(panel, StagePanel) and panel.image is not None and panel.image.source.ndim == 1:
            vector = True
            hover = panel.tiles.hover_at(channel, row, col)  # a flattened vector: its index
            if hover is None:
                return False
            cell = (stage, hover.col, None, None)
        if stage == "fc":
            cell = (stage, channel, None, None)  # a class score: its index
        if stage in self.progress.partial:
            # The panel already shows the newest maps but their result is not complete:
            # the cell is explained when it is (show_result explains the selected cell).
            self.inspector.selected = cell
            self.inspector.heading.setText(tr("computing the current settings…"))
            return True
        self.inspector.show_result(response.result)
        stale = bool(panel is not None and panel.stale and not vector)
        return self.inspector.explain_cell(response.result, *cell, stale_note="x" if stale else "")

    def show_padding(self, layer: str | None = None) -> PaddingDialog | None:
        """View ▸ Padding and Rounding: a layer's padded input of the result on screen."""
        response = self.controller.last_response
        if response is None:
            self.show_message(
                "info", tr("Nothing is computed yet: the padding view needs a result."), "padding"
            )
            return None
        if self.padding_dialog is None:
            self.padding_dialog = PaddingDialog(self)
        panel = self.panels.panels.get(layer or self.padding_dialog.layer or "")
        self.padding_dialog.show_result(response.result, bool(panel is not None and panel.stale), layer)
        self.padding_dialog.show()
        self.padding_dialog.raise_()
        return self.padding_dialog

    def show_batch_axis(self, on: bool) -> None:
        """View ▸ Batch Axis: shapes as N × C × H × W, and the flatten bug for that N."""
        self.batch_bar.setVisible(on)
        batch = self.batch_bar.batch if on else None
        self.shape_strip.set_batch(batch)
        self.panels.summary.set_batch(batch)

    def _show_hover(self, hover: Hover | None) -> None:
        self.status.show_hover(hover, self.panels.input_panel.view.values)

    # Messages ---------------------------------------------------------------------------------------
    def show_message(self, level: str, text: str, topic: str = "") -> None:
        log_fn = {"error": log.warning, "warning": log.warning}.get(level, log.info)
        log_fn("%s", text)
        self.message_bar.show_message(level, text, topic)
        self.statusBar().showMessage(text.splitlines()[0] if text else "", 8000)

    # Images -------------------------------------------------------------------------------------------
    def open_image(self, path: str | Path, *, remember: bool = True) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = self.controller.load_image(path)
        finally:
            QApplication.restoreOverrideCursor()
        if ok:
            resolved = Path(path).resolve()
            self.last_dir = str(resolved.parent)
            if remember:
                self._remember(resolved)
        return ok

    def open_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Open Image"),
            self.last_dir,
            tr("Images ({patterns});;All files (*)").format(patterns=patterns),
        )
        if path:
            self.open_image(path)

    def paste(self) -> None:
        self.open_mime(QGuiApplication.clipboard().mimeData(), source=tr("clipboard"))

    def open_mime(self, mime: QMimeData | None, source: str = "") -> bool:
        """Open the image a drop or paste holds (see :mod:`.image_sources`); say why not otherwise."""
        try:
            found = read_mime(mime, source or tr("dropped data"))
        except CnnvizError as exc:
            self.show_message("error", str(exc), "image")
            return False
        if found.path is not None:
            ok = self.open_image(found.path)
        else:
            assert found.image is not None
            self.controller.set_image(found.image)
            ok = True
        if ok:
            for note in found.notes:
                self.show_message("info", note, "image")
        return ok

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if (
            mime.hasUrls()
            or mime.hasImage()
            or mime.hasText()
            or any(f.startswith("image/") for f in mime.formats())
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.open_mime(event.mimeData(), source=tr("dropped data")):
            event.acceptProposedAction()

    def _remember(self, path: Path) -> None:
        text = str(path)
        self.recent = [text] + [p for p in self.recent if p != text]
        del self.recent[MAX_RECENT:]
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for text in self.recent:
            self.recent_menu.addAction(
                printable(Path(text).name), lambda p=text: self.open_image(p)
            ).setToolTip(printable(text))
        self.recent_menu.setEnabled(bool(self.recent))

    def _update_window_title(self) -> None:
        image = self.controller.image
        self.setWindowTitle(f"{printable(image.name)} — cnnviz" if image is not None else "cnnviz")

    # Weights, sessions, export -----------------------------------------------------------------------
    def load_weights_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in WEIGHT_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Load Weights"), self.last_dir, tr("Weights ({patterns})").format(patterns=patterns)
        )
        if path:
            self.controller.load_weights(path)

    def save_weights_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save Weights"),
            str(Path(self.last_dir) / "weights.safetensors"),
            tr("safetensors (*.safetensors);;PyTorch weights (*.pt)"),
        )
        if path:
            self.controller.save_weights(path)

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open Session"), self.last_dir, tr("cnnviz sessions (*.json)")
        )
        if path:
            self.controller.load_session(path)

    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save Session"),
            str(Path(self.last_dir) / "session.json"),
            tr("cnnviz sessions (*.json)"),
        )
        if path and self.controller.save_session(path):
            self.show_message("info", tr("Session saved to {path}").format(path=printable(path)), "session")

    def export_metadata(self) -> dict[str, str] | None:
        """What an export of the panels on screen records: their settings, weights, image, version."""
        response = self.controller.last_response
        if response is None:
            return None
        request = response.request
        weights = (
            request.weights.path.name
            if request.weights is not None and request.weights.path is not None
            else tr("seeded default (untrained)")
        )
        return describe_export(request.plan.settings, image_name=request.image.name, weights=weights)

    def _write(self, path: str | Path, write: Any) -> bool:
        metadata = self.export_metadata()
        if metadata is None:
            self.show_message("error", tr("Nothing to export yet."), "export")
            return False
        try:
            write(path, metadata)
        except CnnvizError as exc:
            self.show_message("error", str(exc), "export")
            return False
        self.message_bar.clear_topic("export")
        return True

    def export_view(self, path: str | Path) -> bool:
        """Every panel (the whole scrollable view, not just what is visible) as one PNG."""
        return self._write(path, lambda p, m: exports.save_png(self.panels.container.grab(), p, m))

    def export_panel(self, stage: str, path: str | Path) -> bool:
        panel: PanelFrame = self.panels.panel(stage)
        return self._write(path, lambda p, m: exports.save_png(panel.grab(), p, m))

    def export_npz(self, path: str | Path) -> bool:
        response = self.controller.last_response

        def write(p: str | Path, m: dict[str, str]) -> None:
            assert response is not None
            exports.save_npz(response.result.input, response.result.stages, p, m)

        return self._write(path, write)

    def export_view_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export View"), str(Path(self.last_dir) / "cnnviz-view.png"), "PNG (*.png)"
        )
        if path and self.export_view(path):
            self.show_message("info", tr("Saved {path}").format(path=printable(path)), "export")

    def export_panel_dialog(self, stage: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export Panel"), str(Path(self.last_dir) / f"{stage}.png"), "PNG (*.png)"
        )
        if path and self.export_panel(stage, path):
            self.show_message("info", tr("Saved {path}").format(path=printable(path)), "export")

    def export_npz_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export Stages"), str(Path(self.last_dir) / "stages.npz"), "NumPy (*.npz)"
        )
        if path and self.export_npz(path):
            self.show_message("info", tr("Saved {path}").format(path=printable(path)), "export")

    # Lab ------------------------------------------------------------------------------------------
    def pattern_dialog(self) -> PatternDialog:
        dialog = PatternDialog(self.controller, self)
        dialog.open()
        return dialog

    def copy_as_pytorch(self) -> bool:
        """The current network as PyTorch code on the clipboard; refused while the settings have a problem."""
        code = current_code(self.controller)
        if code is None:
            self.controller.message.emit(
                "error", tr("Fix the settings first: there is no network to copy as code."), "code"
            )
            return False
        QGuiApplication.clipboard().setText(code)
        self.controller.message.emit("info", tr("Copied the network as PyTorch code."), "code")
        return True

    def show_code(self) -> CodeDialog:
        if self.code_dialog is None:
            self.code_dialog = CodeDialog(self.controller, self)
        self.code_dialog.show()
        self.code_dialog.raise_()
        return self.code_dialog

    # Help -----------------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        HelpDialog(tr("Keyboard Shortcuts"), shortcuts_html(), self).exec()

    def show_reading_help(self) -> None:
        HelpDialog(tr("How to Read This Window"), reading_html(), self).exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            tr("About cnnviz"),
            "<h3>cnnviz {version}</h3><p>{text}</p><p>{more}</p>".format(
                version=__version__,
                text=tr(
                    "Watch a convolutional network work on an image, stage by stage. Change any Conv2d or "
                    "pooling argument and every shape, formula and map follows."
                ),
                more=tr("Help ▸ How to Read This Window explains each part; F1 opens it."),
            ),
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
        restored = self.store.restore()
        if restored.geometry is not None:
            self.restoreGeometry(restored.geometry)
        if restored.state is not None:
            self.restoreState(restored.state)
        if restored.last_dir:
            self.last_dir = restored.last_dir
        self.recent = restored.recent
        self._fill_recent_menu()
        if restored.view is not None:
            self.controller.set_view(restored.view)
        if restored.settings is not None:
            self.controller.set_settings(restored.settings)
        if restored.zoom_index is not None:
            self.set_zoom_index(restored.zoom_index)
        if restored.problems:
            self.show_message(
                "warning",
                tr("Some settings saved last time could not be used and were left out: {problems}").format(
                    problems=printable("; ".join(restored.problems))[:400]
                ),
                "settings",
            )

    def _save_state(self) -> None:
        self.store.save(
            geometry=self.saveGeometry(),
            state=self.saveState(),
            last_dir=self.last_dir,
            recent=self.recent,
            view=self.controller.view,
            settings=self.controller.settings,
            zoom_index=self.zoom_index,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.handed_over:  # a language switch: the new window holds the controller now
            super().closeEvent(event)
            return
        self._save_state()
        self.shutdown()
        if self.zoom_dialog is not None:
            self.zoom_dialog.close()
        set_reporter(None)
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the worker and let go of every result (closing the window does it too)."""
        if self.handed_over:
            return
        self.train_dock.shutdown()  # before the worker: the run's last weights need no maps now
        self.controller.shutdown()
        self.shown = None
        self.progress.clear()
        self.stage_batch.clear()
        self._finish_timer.stop()
        self._finishing = None
        self.panels.pacer.clear()
