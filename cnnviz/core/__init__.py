"""The part of cnnviz that knows nothing of Qt.

Modules are imported on demand: ``cnnviz.core.shapes`` and ``cnnviz.core.settings``
are pure Python (no torch), so ``cnnviz shapes`` answers instantly.
"""
