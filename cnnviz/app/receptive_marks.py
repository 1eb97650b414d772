"""The selected cell's receptive field drawn on the panels: the box on the input, windows on the tiles.

The inspector explains a cell of the result on screen; this draws where that cell
reads: the box on the input picture (``core.receptive``) and, on each earlier map
stage, the window it reads on the channels that reach it (``core.reach``). The
marks belong to the result they were computed from: the tiles drop them when they
are handed other maps, and the inspector explains the cell again (or clears it)
when a new result is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cnnviz.app.panels.stage import StagePanel
from cnnviz.core.explain import Explanation
from cnnviz.core.reach import stage_marks

if TYPE_CHECKING:
    from cnnviz.app.panels.view import PanelsView
    from cnnviz.core.engine import ForwardResult


def cell_name(explanation: Explanation) -> str:
    """``conv1[3, 0, 0]`` for a map cell, ``fc[7]`` for a vector entry."""
    if explanation.at is None:
        return f"{explanation.stage}[{explanation.channel}]"
    row, col = explanation.at
    return f"{explanation.stage}[{explanation.channel}, {row}, {col}]"


def show_reach(panels: PanelsView, explanation: Explanation | None, result: ForwardResult | None) -> None:
    """Draw ``explanation``'s receptive field on the input and its windows on earlier stages; None clears."""
    for panel in panels.stage_panels():
        panel.tiles.set_reach((), None)
    if explanation is None or result is None:
        panels.input_panel.show_receptive("", None)
        return
    panels.input_panel.show_receptive(cell_name(explanation), explanation.receptive_field)
    if explanation.at is None:
        return  # flatten and fc read the whole last map: the input box says it
    cell = (explanation.channel, *explanation.at)
    marks = stage_marks(result.report, result.spec, explanation.receptive_field, explanation.stage, cell)
    for mark in marks:
        panel = panels.panels.get(mark.stage)
        if not isinstance(panel, StagePanel) or panel.image is None:
            continue
        shape = result.report.stage(mark.stage).shape
        if tuple(panel.image.shape) != tuple(shape):
            continue  # the panel already shows a newer request's maps
        panel.tiles.set_reach(mark.channels, mark.clipped(shape[1], shape[2]))
