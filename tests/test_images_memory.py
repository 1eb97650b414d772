"""Images that unpack to huge pixel counts are reduced or refused before they cost gigabytes.

Each heavy load runs in a fresh Python process that reports its peak resident
memory (``ru_maxrss``) before and after ``load_image``; the bounds are far below
what decoding at full size takes (figures in docs/reliability-images.md).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.core import budget, images
from cnnviz.core.errors import ImageError
from cnnviz.core.images import load_image

ROOT = Path(__file__).resolve().parents[1]
MB = 2**20

_MEASURE = """
import json, resource, sys
from cnnviz.core.errors import ImageError
from cnnviz.core.images import load_image
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    image = load_image(sys.argv[1])
    out = {"size": list(image.size), "notes": list(image.notes), "mean": [float(v) for v in image.pixels.mean(axis=(0, 1), dtype="float64")]}
except ImageError as exc:
    out = {"error": str(exc)}
out["grown_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(out))
"""


def png_bomb(path: Path, width: int, height: int, mode: str = "RGB") -> int:
    """Write a PNG of zeros (black, or transparent for RGBA) without holding its pixels; its size."""
    color_type, channels = {"L": (0, 1), "RGB": (2, 3), "RGBA": (6, 4)}[mode]

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + width * channels)
    idat = b"".join([*(compressor.compress(row) for _ in range(height)), compressor.flush()])
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    path.write_bytes(data)
    return len(data)


def _measure(path: Path, limit: str | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    env.pop("CNNVIZ_MEMORY_LIMIT", None)
    if limit is not None:
        env["CNNVIZ_MEMORY_LIMIT"] = limit
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_grey_png_bomb_is_reduced_in_little_memory(tmp_path: Path) -> None:
    # 9000 x 9000 grey in 79 kB. Decoded at full size and made float RGB it took 1.2 GB.
    path = tmp_path / "bomb.png"
    assert png_bomb(path, 9000, 9000, "L") < 100_000
    out = _measure(path)
    # 9000² is over 4096² pixels: the smallest whole factor under it is 3 -> 3000 x 3000.
    assert out["size"] == [3000, 3000]
    assert any("reduced to 3000×3000" in note and "9000×9000" in note for note in out["notes"])
    assert out["mean"] == [0.0, 0.0, 0.0]
    assert out["grown_mb"] < 300, out


def test_rgb_png_bomb_is_reduced_in_little_memory(tmp_path: Path) -> None:
    # 9000 x 9000 RGB in 236 kB: 1.5 GB before; decode (4 bytes a pixel in Pillow) + a 3000² image now.
    path = tmp_path / "bomb.png"
    png_bomb(path, 9000, 9000, "RGB")
    out = _measure(path)
    assert out["size"] == [3000, 3000]
    assert out["grown_mb"] < 600, out


def test_bomb_over_the_image_budget_is_refused_before_decoding(tmp_path: Path) -> None:
    # With a 256 MB budget one image gets 128 MB; 9000² RGB needs 9000² × 4 bytes = 309 MB to decode.
    path = tmp_path / "bomb.png"
    png_bomb(path, 9000, 9000, "RGB")
    out = _measure(path, limit="256M")
    assert "error" in out, out
    assert "9000×9000" in out["error"] and "CNNVIZ_MEMORY_LIMIT" in out["error"]
    assert "\n" not in out["error"]
    assert out["grown_mb"] < 40, out


def test_large_jpeg_is_decoded_smaller(tmp_path: Path) -> None:
    # A 6000 x 6000 JPEG has 36 M pixels, over 4096²: JPEG's draft mode decodes it at 1/2.
    path = tmp_path / "big.jpg"
    make = (
        "import sys; from PIL import Image; "
        "Image.new('RGB', (6000, 6000), (120, 30, 200)).save(sys.argv[1], quality=90)"
    )
    subprocess.run([sys.executable, "-c", make, str(path)], check=True, timeout=120)
    out = _measure(path)
    assert out["size"] == [3000, 3000]
    assert any("JPEG draft" in note for note in out["notes"])
    np.testing.assert_allclose(out["mean"], [120 / 255, 30 / 255, 200 / 255], atol=3 / 255)
    assert out["grown_mb"] < 250, out


# --------------------------------------------------------------------------- in process, small


def test_reduction_averages_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for 100 pixels, a 20 x 20 image becomes the 2 x 2 block means (numpy's)."""
    rng = np.random.default_rng(11)
    pixels = rng.integers(0, 256, size=(20, 20, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "small.png")
    monkeypatch.setattr(images, "MAX_WORKING_PIXELS", 100)
    image = load_image(tmp_path / "small.png")
    assert image.size == (10, 10)
    blocks = pixels.astype(np.float64).reshape(10, 2, 10, 2, 3).mean(axis=(1, 3)) / 255
    np.testing.assert_allclose(image.pixels, blocks, atol=0.5 / 255 + 1e-6)  # Pillow rounds to 8 bits
    assert any("1/2" in note for note in image.notes)


def test_palette_image_is_reduced_as_colours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A palette image is averaged in RGB, not by palette index."""
    pal = Image.new("P", (4, 2))
    pal.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    pal.putdata([0, 1, 0, 1, 1, 0, 1, 0])  # every 2 x 2 block holds two black and two white
    pal.save(tmp_path / "pal.png")
    monkeypatch.setattr(images, "MAX_WORKING_PIXELS", 2)
    image = load_image(tmp_path / "pal.png")
    assert image.size == (1, 2)
    np.testing.assert_allclose(image.pixels, 128 / 255, atol=1 / 255)  # grey, the mean colour


def test_refusal_names_the_figures(tmp_path: Path) -> None:
    png_bomb(tmp_path / "big.png", 4000, 3000, "RGB")
    budget.set_memory_limit(64 * MB)  # one image: 32 MB; decoding needs 4000 × 3000 × 4 = 45.8 MB
    try:
        assert images.image_budget() == 32 * MB
        with pytest.raises(ImageError) as info:
            load_image(tmp_path / "big.png")
    finally:
        budget.set_memory_limit(None)
    message = str(info.value)
    assert "4000×3000" in message and "32.0 MB" in message and "45.8 MB" in message


def test_decoded_bytes() -> None:
    assert images.decoded_bytes(10, 3, "L") == 30
    assert images.decoded_bytes(10, 3, "I;16") == 60
    assert images.decoded_bytes(10, 3, "RGB") == 120  # Pillow keeps RGB in four bytes a pixel
