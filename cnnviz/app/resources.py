"""Where the bundled sample images are."""

from __future__ import annotations

from pathlib import Path

from cnnviz.core.images import IMAGE_SUFFIXES

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PREFERRED_FIRST = "cat.jpg"


def sample_images() -> list[Path]:
    """The sample images shipped in ``assets/`` (the cat first), or [] if not found."""
    if not ASSETS.is_dir():
        return []
    files = sorted(p for p in ASSETS.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    files.sort(key=lambda p: p.name != PREFERRED_FIRST)
    return files
