"""The network table beside the input: every stage's shape, parameters, MACs and receptive field."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.app.painted import TableView
from cnnviz.app.qt_utils import human_count
from cnnviz.core.batch import batch_shapes
from cnnviz.core.i18n import tr
from cnnviz.core.lessons import HIDE_PARAMS, HIDE_SHAPE
from cnnviz.core.shapes import ShapeReport
from cnnviz.core.text import shape_text


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
        self.batch: int | None = None  # with a batch axis (View ▸ Batch Axis): N × C × H × W
        self._last: tuple[ShapeReport, str, set[str] | None, Mapping[str, frozenset[str]] | None] | None = (
            None
        )

    def set_batch(self, batch: int | None) -> None:
        """Write shapes with the batch axis ``batch`` in front (None: without it)."""
        if batch != self.batch:
            self.batch = batch
            if self._last is not None:
                self.show_report(*self._last)

    def show_report(
        self,
        report: ShapeReport,
        problem: str = "",
        stages: set[str] | None = None,
        hidden: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        """The table of ``report``; with ``stages``, only those rows (the ones the settings produce).

        ``hidden`` (stage -> what) covers with "?" the numbers a lesson's open question asks for:
        the output shape or the parameters, and the MACs either would give away, and the totals.
        """
        self._last = (report, problem, stages, hidden)
        hidden = hidden or {}
        head = [tr("stage"), tr("output"), tr("parameters"), tr("MACs"), tr("receptive field")]
        shapes = dict(batch_shapes(report, self.batch or 1))
        if self.batch is None:
            shapes = {name: shape[1:] for name, shape in shapes.items()}
        rows = [["input", shape_text(shapes["input"]), "", "", "1×1"]]
        for stage in report.stages:
            if stages is not None and stage.name not in stages:
                continue
            rf = stage.receptive_field
            cover = hidden.get(stage.name, frozenset())
            rows.append(
                [
                    stage.name,
                    "?" if HIDE_SHAPE in cover else shape_text(shapes[stage.name]),
                    "?" if HIDE_PARAMS in cover else f"{stage.params:,}" if stage.params else "",
                    "?" if cover and stage.macs else human_count(stage.macs) if stage.macs else "",
                    f"{rf.size[0]}×{rf.size[1]}" if rf is not None else "",
                ]
            )
        if problem or report.problems:
            footer = tr("stops at a problem; see the shape strip")
        elif hidden:
            footer = tr("totals: hidden until you check your answer in the Lessons panel")
        else:
            footer = tr("total: {params} parameters · {macs} multiply-accumulates per image").format(
                params=f"{report.total_params:,}", macs=human_count(report.total_macs)
            )
        self.table.set_table(head, rows, footer, bool(problem or report.problems))
