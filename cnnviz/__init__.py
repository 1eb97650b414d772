"""cnnviz: watch a convolutional network work, stage by stage.

The package is split in two: :mod:`cnnviz.core` (numpy, torch, Pillow; never Qt)
and :mod:`cnnviz.app` (the PySide6 window, a thin view over the core).
Importing this package imports neither torch nor Qt.
"""

__version__ = "0.1.0"
