"""Peak memory of loading hostile and huge images, with and without cnnviz's limits.

Each load runs in a fresh process that prints its peak resident memory
(``ru_maxrss``) before and after ``load_image``. "limits off" raises the memory
budget to 1 TB and the kept-pixel cap to the decompression-bomb limit, which is
how cnnviz loaded images before the limits (decode at full size, then float RGB).

    python benchmarks/image_memory.py            # the 9000×9000 cases (a minute or two)
    python benchmarks/image_memory.py --quick    # 5000×5000 cases only
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = """
import json, resource, sys, time
from cnnviz.core import images
from cnnviz.core.errors import ImageError
if sys.argv[2] == "off":
    images.MAX_WORKING_PIXELS = images.MAX_PIXELS
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    image = images.load_image(sys.argv[1])
    out = {"result": "%d×%d" % image.size[::-1], "notes": list(image.notes)}
except ImageError as exc:
    out = {"result": "refused", "notes": [str(exc)]}
out["seconds"] = time.perf_counter() - start
out["before_mb"] = before / 1024
out["after_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def png_bomb(path: Path, width: int, height: int, mode: str) -> None:
    """A PNG of zeros written row by row (never holding its pixels)."""
    color_type, channels = {"L": (0, 1), "RGB": (2, 3), "RGBA": (6, 4)}[mode]

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + width * channels)
    idat = b"".join([*(compressor.compress(row) for _ in range(height)), compressor.flush()])
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def big_jpeg(path: Path, side: int) -> None:
    code = f"from PIL import Image; Image.new('RGB', ({side}, {side}), (120, 30, 200)).save({str(path)!r}, quality=90)"
    subprocess.run([sys.executable, "-c", code], check=True)


def measure(path: Path, limits: str, budget: str | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    env.pop("CNNVIZ_MEMORY_LIMIT", None)
    if limits == "off":
        env["CNNVIZ_MEMORY_LIMIT"] = "1T"
    elif budget:
        env["CNNVIZ_MEMORY_LIMIT"] = budget
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), limits], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        return {
            "result": f"crashed ({done.returncode})",
            "notes": [done.stderr.strip()[-200:]],
            "seconds": 0,
            "before_mb": 0,
            "after_mb": 0,
        }
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5000×5000 only")
    args = parser.parse_args()
    side = 5000 if args.quick else 9000
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases: list[tuple[str, Path, str | None]] = []
        for mode in ("L", "RGB", "RGBA"):
            path = tmp / f"bomb-{mode}.png"
            png_bomb(path, side, side, mode)
            cases.append((f"PNG {mode} {side}² ({path.stat().st_size / 1024:.0f} kB)", path, None))
        cases.append((f"PNG RGB {side}², budget 512M", tmp / "bomb-RGB.png", "512M"))
        jpeg = tmp / "big.jpg"
        big_jpeg(jpeg, side)
        cases.append((f"JPEG {side}² ({jpeg.stat().st_size / 1024:.0f} kB)", jpeg, None))
        print(f"{'case':34} {'limits':6} {'result':>10} {'peak MB':>8} {'grown MB':>9} {'s':>6}  note")
        for label, path, budget in cases:
            for limits in ("on", "off") if budget is None else ("on",):
                out = measure(path, limits, budget)
                grown = out["after_mb"] - out["before_mb"]
                note = (out["notes"] or [""])[0][:70]
                print(
                    f"{label:34} {limits:6} {out['result']:>10} {out['after_mb']:8.0f} {grown:9.0f} "
                    f"{out['seconds']:6.2f}  {note}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
