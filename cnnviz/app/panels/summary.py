"""The network table beside the input: every stage's shape, parameters, MACs and receptive field."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.app.painted import TableView
from cnnviz.app.qt_utils import human_count
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
        hidden = hidden or {}
        head = [tr("stage"), tr("output"), tr("parameters"), tr("MACs"), tr("receptive field")]
        rows = [["input", shape_text(report.input_shape), "", "", "1×1"]]
        for stage in report.stages:
            if stages is not None and stage.name not in stages:
                continue
            rf = stage.receptive_field
            cover = hidden.get(stage.name, frozenset())
            rows.append(
                [
                    stage.name,
                    "?" if HIDE_SHAPE in cover else shape_text(stage.shape),
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
