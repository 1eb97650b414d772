"""Screenshots of the inspector's window pictures (run by scripts/screenshots.py).

A conv1 cell at the top edge (its patch reads the padding, its box on the input is
dashed there), a ceil_mode pool window with its partial cells, a relu2 cell's
receptive field on the input and its windows on the tiles of block 1, the padding
view of conv1 in reflect and zeros mode, and the batch axis with N = 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt


def _open_inspector(window: Any, width: int = 600) -> None:
    window.inspector.show()
    window.resizeDocks([window.inspector], [width], Qt.Orientation.Horizontal)


def run(window: Any, settle: Any, shoot: Any, root: Path) -> None:
    # A conv1 cell on the top edge: patch and kernel per input channel, padding hatched; its box on the image.
    _open_inspector(window)
    window.inspect("conv1", 7, 0, 40)
    settle(window)
    window.panels.ensureWidgetVisible(window.panels.input_panel)
    shoot(window, "screenshot-inspector.png")

    # A relu2 cell: its receptive field on the input, the windows it reads on block 1's tiles.
    window.inspect("relu2", 5, 14, 20)
    settle(window)
    window.panels.verticalScrollBar().setValue(window.panels.input_panel.y())
    settle(window)
    shoot(window, "screenshot-receptive.png")

    # A max pool window of a ceil_mode layer: the last window runs past the input, its winner framed.
    window.set_setting("conv1.padding", (0, 0))  # conv1 gives 127 × 127: pool1 with ceil_mode gives 64
    window.set_setting("pool1.ceil_mode", True)
    settle(window)
    window.inspect("pool1", 3, 63, 20)
    settle(window)
    shoot(window.inspector, "screenshot-inspector-pool.png")
    window.set_setting("pool1.ceil_mode", False)
    window.set_setting("conv1.padding", (1, 1))
    settle(window)
    window.inspector.clear_selection()
    window.inspector.hide()

    # The padding view: conv1 padded by 2 in reflect, then in zeros mode.
    window.set_setting("conv1.padding", (2, 2))
    for mode in ("reflect", "zeros"):
        window.set_setting("conv1.padding_mode", mode)
        settle(window)
        dialog = window.show_padding("conv1")
        dialog.resize(900, 560)
        settle(window)
        shoot(dialog, f"screenshot-padding-{mode}.png")
    dialog.close()
    window.set_setting("conv1.padding", (1, 1))
    settle(window)

    # The batch axis: N = 2, every shape with it in front, and the chapter's flatten bug.
    window.batch_action.setChecked(True)
    window.batch_bar.set_batch(2)
    settle(window)
    shoot(window, "screenshot-batch.png")
    window.batch_action.setChecked(False)
