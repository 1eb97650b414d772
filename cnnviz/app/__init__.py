"""The PySide6 desktop app: a thin view over :mod:`cnnviz.core`.

``from cnnviz.app import MainWindow``; ``MainWindow(image=None, device="cpu")``
builds the window without showing it.
"""

from cnnviz.app.main_window import MainWindow

__all__ = ["MainWindow"]
