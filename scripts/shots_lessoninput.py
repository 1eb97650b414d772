"""Screenshots of lesson steps that choose their input (run by scripts/screenshots.py).

Lesson 1 (the convolution) feeds one bright pixel (``impulse:size=32``): every conv1 map
shows its filter, turned by 180°. Lesson 5 (dilation) feeds the same pixel to a dilated
filter: the 3 × 3 weights spread apart with gaps. The panel says which input the step uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

SCENES = ((0, "screenshot-lesson-impulse.png"), (4, "screenshot-lesson-dilation.png"))


def run(window: Any, settle: Any, shoot: Any, root: Path) -> None:
    dock = window.lessons_dock
    dock.show()
    window.resizeDocks([dock], [430], Qt.Orientation.Horizontal)
    for index, name in SCENES:
        dock.go(index)
        settle(window)
        shoot(window, name)
    dock.hide()
    settle(window)
