"""Compare: pin what is on screen as A, change anything, and see A beside B.

The dock ``dock:compare`` holds the pinned result A (its request: settings,
image, weights, kernel edits) and compares it with the newest result B, stage
by stage, through :func:`cnnviz.core.compare.compare_results`: a table of
shapes and the largest ``|B − A|`` (or why there is no pixel-wise difference),
and :func:`~cnnviz.core.compare.compare_sheet` as a picture (A and B in one
colour range per stage, B − A centred on 0). Swap makes A the current state
again and pins B; Save writes the comparison as one PNG.

The sheet is drawn on the GUI thread, so it is redrawn a moment after the last
change (``SHEET_DELAY_MS``) and only while the dock is shown, with fewer tiles
than the export.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.controller import Controller, describe_change
from cnnviz.app.worker import RenderResponse
from cnnviz.core.compare import StageComparison, compare_results, compare_sheet
from cnnviz.core.errors import CnnvizError
from cnnviz.core.exports import describe_export, footer_lines
from cnnviz.core.i18n import tr
from cnnviz.core.safe_io import atomic_write
from cnnviz.core.settings import TABLE
from cnnviz.core.sheet import png_info
from cnnviz.core.text import printable, shape_text

SHEET_DELAY_MS = 250
PREVIEW_TILES = 8
PREVIEW_WIDTH = 1200
MAX_LISTED = 4  # settings named one by one in what B changed


def describe_difference(a: RenderResponse, b: RenderResponse) -> str:
    """What B changed from A, in a few words: settings, image, weights, kernel edits."""
    ra, rb = a.request, b.request
    parts = []
    if ra.plan.settings != rb.plan.settings:
        keys = [k for k in TABLE if ra.plan.settings[k] != rb.plan.settings[k]]
        parts += [describe_change(k, ra.plan.settings, rb.plan.settings) for k in keys[:MAX_LISTED]]
        if len(keys) > MAX_LISTED:
            parts.append(tr("{n} more settings").format(n=len(keys) - MAX_LISTED))
    if ra.image is not rb.image:
        parts.append(tr("image {a} → {b}").format(a=printable(ra.image.name), b=printable(rb.image.name)))
    if ra.weights is not rb.weights:
        parts.append(tr("other weights"))
    if ra.edits != rb.edits:
        parts.append(tr("kernel edits {a} → {b}").format(a=len(ra.edits), b=len(rb.edits)))
    return ", ".join(parts) if parts else tr("nothing: B is A")


class CompareDock(QDockWidget):
    """Pin, swap, clear and save a comparison; the table and the sheet follow B."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(tr("Compare"), parent)
        self.setObjectName("dock:compare")
        self.controller = controller
        self.pinned: RenderResponse | None = None
        self.current: RenderResponse | None = None
        self.covered: frozenset[str] = frozenset()  # stages whose shape a lesson's open question asks for
        self.comparisons: list[StageComparison] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.pin_button = QPushButton(tr("Pin as A"))
        self.pin_button.setObjectName("compare-pin")
        self.pin_button.setToolTip(tr("Keep what is on screen as A; then change anything to see B beside it"))
        self.swap_button = QPushButton(tr("Swap A and B"))
        self.swap_button.setObjectName("compare-swap")
        self.swap_button.setToolTip(tr("Go back to A's settings, image, weights and edits, and pin B as A"))
        self.clear_button = QPushButton(tr("Clear"))
        self.clear_button.setObjectName("compare-clear")
        self.save_button = QPushButton(tr("Save as PNG…"))
        self.save_button.setObjectName("compare-save")
        for button in (self.pin_button, self.swap_button, self.clear_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.what = QLabel()
        self.what.setObjectName("compare-what")
        self.what.setWordWrap(True)
        layout.addWidget(self.what)
        splitter = QSplitter()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("compare-table")
        self.table.setHorizontalHeaderLabels([tr("stage"), tr("A"), tr("B"), tr("largest |B − A|")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        splitter.addWidget(self.table)
        self.sheet_label = QLabel()
        self.sheet_label.setObjectName("compare-sheet")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.sheet_label)
        self.scroll.setWidgetResizable(True)
        splitter.addWidget(self.scroll)
        splitter.setSizes([380, 900])
        layout.addWidget(splitter, 1)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHEET_DELAY_MS)
        self._timer.timeout.connect(self.draw_sheet)
        self.pin_button.clicked.connect(self.pin)
        self.swap_button.clicked.connect(self.swap)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save_dialog)
        controller.result_ready.connect(self._on_result)
        self.visibilityChanged.connect(lambda visible: visible and self._timer.start())
        self._update()

    # Actions ---------------------------------------------------------------------------------
    def pin(self) -> bool:
        """Pin the result on screen as A (refused while it is not the current settings' result)."""
        response = self.controller.last_response
        if response is None or not self.controller.is_current(response):
            self.controller.message.emit(
                "error", tr("Wait for the maps of the current settings, then pin them as A."), "compare"
            )
            return False
        self.controller.message_cleared.emit("compare")
        self.pinned = response
        self.current = response
        self._update()
        return True

    def clear(self) -> None:
        self.pinned = None
        self._update()

    def swap(self) -> bool:
        """A becomes the current state (undoable settings change) and the current result is pinned."""
        a, b = self.pinned, self.controller.last_response
        if a is None or b is None:
            self.controller.message.emit("error", tr("Pin A first, then change something."), "compare")
            return False
        request = a.request
        c = self.controller
        self.pinned = b
        if request.image is not c.image:
            c.set_image(request.image)
        if request.weights is not c.weights:
            c.set_weights(request.weights)
        c.undo_stack.beginMacro(tr("Swap A and B"))  # kernels and settings: one step to undo
        try:
            c.set_edits(request.edits)
            c.set_settings(request.plan.settings, text=tr("Swap A and B"))
        finally:
            c.undo_stack.endMacro()
        self._update()
        return True

    def save(self, path: str | Path) -> bool:
        """The comparison (A, B and B − A per stage) as one PNG; a file problem is one message."""
        if self.pinned is None or self.current is None:
            self.controller.message.emit("error", tr("Nothing to save: pin A first."), "compare")
            return False
        a = self.pinned.request
        metadata = describe_export(a.plan.settings, image_name=a.image.name, weights=_weights_name(a))
        metadata["cnnviz:compare-b"] = describe_difference(self.pinned, self.current)
        sheet = compare_sheet(
            self.comparisons,
            title=tr("{name} — cnnviz comparison").format(name=printable(a.image.name)),
            label_a=tr("pinned"),
            label_b=describe_difference(self.pinned, self.current),
            view=self.controller.view,
            footer=footer_lines(metadata),
        )
        try:
            atomic_write(path, lambda f: sheet.save(f, format="PNG", pnginfo=png_info(metadata)))
        except CnnvizError as exc:
            self.controller.message.emit("error", str(exc), "compare")
            return False
        self.controller.message.emit(
            "info", tr("Saved the comparison to {path}").format(path=path), "compare"
        )
        return True

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save the Comparison"), "comparison.png", tr("PNG images (*.png)")
        )
        if path:
            self.save(path)

    # Showing ---------------------------------------------------------------------------------
    def set_covered(self, stages: frozenset[str]) -> None:
        """Write "?" for these stages' shapes (a lesson's open question asks for them); the
        preview sheet, which prints shapes too, waits until they are shown again."""
        if stages != self.covered:
            self.covered = stages
            self._update()

    def _on_result(self, response: RenderResponse) -> None:
        self.current = response
        self._update()

    def _update(self) -> None:
        a, b = self.pinned, self.current
        has = a is not None
        self.swap_button.setEnabled(has)
        self.clear_button.setEnabled(has)
        self.save_button.setEnabled(has)
        if a is None or b is None:
            self.comparisons = []
            self.what.setText(
                tr(
                    "Pin what is on screen as A, then change settings, image, weights or kernels: B is the current result."
                )
            )
            self.table.setRowCount(0)
            self.sheet_label.clear()
            return
        self.comparisons = compare_results(a.result, b.result)
        self.what.setText(
            tr("A: pinned. B: the current result, changed from A by: {changes}.").format(
                changes=describe_difference(a, b)
            )
        )
        self.table.setRowCount(len(self.comparisons))
        for i, c in enumerate(self.comparisons):
            d = c.max_abs_difference
            covered = c.name in self.covered
            cells = (
                c.name,
                "?" if covered else shape_text(c.shape_a) if c.shape_a is not None else "—",
                "?" if covered else shape_text(c.shape_b) if c.shape_b is not None else "—",
                f"{d:.4g}" if not math.isnan(d) else "?" if covered else c.message,
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        if self.isVisible():
            self._timer.start()

    def draw_sheet(self) -> None:
        if not self.comparisons or not self.isVisible():
            return
        if self.covered:
            self.sheet_label.setText(tr("(the preview returns once the lesson's question is answered)"))
            return
        assert self.pinned is not None and self.current is not None
        sheet = compare_sheet(
            self.comparisons,
            label_a=tr("pinned"),
            label_b=describe_difference(self.pinned, self.current),
            view=self.controller.view,
            max_width=PREVIEW_WIDTH,
            max_tiles=PREVIEW_TILES,
        ).convert("RGB")
        data = sheet.tobytes()
        image = QImage(data, sheet.width, sheet.height, 3 * sheet.width, QImage.Format.Format_RGB888).copy()
        pixmap = QPixmap.fromImage(image)
        width = self.scroll.viewport().width() - 4
        if 0 < width < pixmap.width():  # fit the dock's width; the saved PNG keeps full size
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.sheet_label.setPixmap(pixmap)

    def row(self, stage: str) -> list[str]:
        """The table's cells for ``stage`` (for scripts and tests)."""
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).text() == stage:
                return [self.table.item(i, j).text() for j in range(self.table.columnCount())]
        return []


def _weights_name(request: object) -> str:
    weights = getattr(request, "weights", None)
    if weights is None or weights.path is None:
        return tr("seeded default")
    return Path(weights.path).name
