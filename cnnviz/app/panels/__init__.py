"""The stage panels: the input, each block's conv / ReLU / pool maps, the flattened vector, the scores.

One panel per file: :mod:`.frame` (the titled frame and its stale marks),
:mod:`.stage` (maps as tiles), :mod:`.input`, :mod:`.scores`, :mod:`.summary`
(the network table), :mod:`.colorbar`, and :mod:`.view`, which arranges them.
"""

from cnnviz.app.panels.frame import PanelFrame, kind_words
from cnnviz.app.panels.input import ImageView, InputPanel
from cnnviz.app.panels.scores import ScoresPanel, ScoresView
from cnnviz.app.panels.stage import StagePanel, table_for
from cnnviz.app.panels.summary import SummaryPanel
from cnnviz.app.panels.view import PanelsView

__all__ = [
    "ImageView",
    "InputPanel",
    "PanelFrame",
    "PanelsView",
    "ScoresPanel",
    "ScoresView",
    "StagePanel",
    "SummaryPanel",
    "kind_words",
    "table_for",
]
