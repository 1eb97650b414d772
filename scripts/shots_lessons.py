"""Screenshots of the Lessons panel (run by scripts/screenshots.py).

Lesson 2 (kernel size) entered through the panel with its question open: the
panel and the kernel-size control outlined, conv1's shape and everything after
it covered with "?". Then the same step in a Korean window of its own (Qt's
translator from cnnviz_ko.qm), so the window the other scenes share stays English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

STEP = 1  # lesson 2: a 5×5 kernel on a 32×32 input, no padding


def _open_step(window: Any, settle: Any) -> None:
    dock = window.lessons_dock
    dock.show()
    window.resizeDocks([dock], [430], Qt.Orientation.Horizontal)
    dock.go(STEP)
    dock.questions[0].input.setText("16×30×30")  # a prediction typed, not yet checked
    settle(window)


def run(window: Any, settle: Any, shoot: Any, root: Path) -> None:
    from cnnviz.app import MainWindow, language

    _open_step(window, settle)
    shoot(window, "screenshot-lesson.png")
    window.lessons_dock.hide()
    settle(window)

    language.install_qt_language("ko")
    try:
        korean = MainWindow(image=root / "assets" / "cat.jpg", device="cpu")
        korean.resize(1600, 1000)
        korean.show()
        settle(korean)
        _open_step(korean, settle)
        shoot(korean, "screenshot-lesson-ko.png")
        korean.shutdown()
        korean.close()
    finally:
        language.install_qt_language("en")
