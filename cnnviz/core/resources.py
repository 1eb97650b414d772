"""Files that ship inside the package: the sample images (and, later, weights).

They live in ``cnnviz/assets/`` and are found with :mod:`importlib.resources`,
so ``pip install .`` anywhere gives the app, ``cnnviz bench`` and the tests the
same files as a checkout does (the repository's ``assets/`` is a link to them).

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

from cnnviz.core.images import IMAGE_SUFFIXES

PREFERRED_FIRST = "cat.jpg"
# Weights trained by ``cnnviz train`` on the generated shapes (docs/training.md says how).
DEFAULT_WEIGHTS = "weights/textbook-shapes.safetensors"
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def assets_folder() -> Path | None:
    """The folder of bundled files as a real path (extracted once from a zip install)."""
    root = resources.files("cnnviz") / "assets"
    if not root.is_dir():
        return None
    if isinstance(root, Path):
        return root
    return Path(_extracted.enter_context(resources.as_file(root)))


def asset_path(name: str) -> Path | None:
    """A bundled file by name, or None if this installation lacks it."""
    folder = assets_folder()
    if folder is None:
        return None
    path = folder / name
    return path if path.is_file() else None


def sample_images() -> list[Path]:
    """The bundled sample images, the cat first (or [] if none are installed)."""
    folder = assets_folder()
    if folder is None:
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    files.sort(key=lambda p: p.name != PREFERRED_FIRST)
    return files


def default_sample() -> Path | None:
    """The image cnnviz opens when given none: the cat."""
    samples = sample_images()
    return samples[0] if samples else None


def default_weights() -> Path | None:
    """The bundled trained weights of the textbook network, or None if not installed."""
    return asset_path(DEFAULT_WEIGHTS)
