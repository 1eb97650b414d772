"""Where the bundled sample images are (see :mod:`cnnviz.core.resources`)."""

from __future__ import annotations

from cnnviz.core.resources import sample_images

__all__ = ["sample_images"]
