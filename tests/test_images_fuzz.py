"""Hostile image files: only ImageError may escape the loader, always as one printable line.

Deterministic and bounded (hypothesis with derandomize=True, no database, a few
hundred examples in all). The memory budget is lowered to 64 MB for the whole
module, so a mutated header that asks for a big image is refused or decoded
small instead of making the fuzz slow. A longer run is documented in
docs/reliability-images.md.
"""

from __future__ import annotations

import io
import os
import pathlib
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from cnnviz.core import budget
from cnnviz.core.errors import ImageError
from cnnviz.core.images import LoadedImage, load_image, load_image_bytes

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("CNNVIZ_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(autouse=True, scope="module")
def _small_budget() -> Iterator[None]:
    budget.set_memory_limit(64 * 2**20)
    yield
    budget.set_memory_limit(None)


def _encode(im: Image.Image, fmt: str, **kw: object) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, format=fmt, **kw)
    return buffer.getvalue()


def _seeds() -> dict[str, bytes]:
    """Small valid files of every kind the brief names: the fuzzers start from these."""
    rng = np.random.default_rng(5)
    rgb = Image.fromarray(rng.integers(0, 256, size=(12, 17, 3), dtype=np.uint8))
    rgba = Image.fromarray(rng.integers(0, 256, size=(9, 7, 4), dtype=np.uint8))
    seeds = {
        "png": _encode(rgb, "PNG"),
        "png-rgba": _encode(rgba, "PNG"),
        "png-16bit": _encode(Image.fromarray(rng.integers(0, 65536, size=(8, 6), dtype=np.uint16)), "PNG"),
        "jpeg": _encode(rgb, "JPEG", quality=80),
        "jpeg-cmyk": _encode(rgb.convert("CMYK"), "JPEG"),
        "gif": _encode(rgb.convert("P"), "GIF"),
        "bmp": _encode(rgb, "BMP"),
        "webp": _encode(rgb, "WEBP", lossless=True),
        "tiff": _encode(rgb, "TIFF"),
        "ppm": _encode(rgb, "PPM"),
    }
    palette = rgb.convert("P")
    palette.putpixel((0, 0), 3)  # index 3 is the transparent one
    seeds["png-palette-alpha"] = _encode(palette, "PNG", transparency=3)
    frames = [Image.new("RGB", (5, 4), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    seeds["gif-animated"] = _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate
    seeds["jpeg-exif"] = _encode(rgb, "JPEG", exif=exif.tobytes())
    return seeds


SEEDS = _seeds()


def _check_outcome(data: bytes, name: str) -> None:
    """Load ``data``; a result must be a sane image, a failure one printable ImageError line."""
    try:
        image = load_image_bytes(data, name=name)
    except ImageError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message
        assert all(ch == " " or ch.isprintable() for ch in message), repr(message)
        return
    assert isinstance(image, LoadedImage)
    h, w = image.size
    assert h >= 1 and w >= 1 and image.pixels.shape == (h, w, 3)
    assert image.pixels.dtype == np.float32
    assert np.isfinite(image.pixels).all()
    assert float(image.pixels.min()) >= 0.0 and float(image.pixels.max()) <= 1.0


# --------------------------------------------------------------------------- random and mutated bytes


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".png", ".jpg", ".gif", ".bmp", ".webp", ""]))
def test_random_bytes(data: bytes, suffix: str) -> None:
    _check_outcome(data, "random" + suffix)


@FUZZ
@given(
    prefix=st.sampled_from(
        [
            b"\x89PNG\r\n\x1a\n",
            b"\xff\xd8\xff\xe0",
            b"GIF89a",
            b"GIF87a",
            b"BM",
            b"RIFF\x00\x00\x00\x00WEBPVP8 ",
            b"II*\x00",
            b"MM\x00*",
            b"P6\n",
            b"\x00\x00\x01\x00",
        ]
    ),
    tail=st.binary(max_size=512),
)
def test_valid_signature_then_garbage(prefix: bytes, tail: bytes) -> None:
    _check_outcome(prefix + tail, "signature")


_MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(0, 7)),
    st.tuples(st.just("set"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 64)),
    st.tuples(st.just("big"), st.integers(0, 10**6), st.integers(0, 2**32 - 1)),
)


def _mutate(data: bytes, mutations: list[tuple[str, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, position, value in mutations:
        if not buf:
            break
        i = position % len(buf)
        if kind == "flip":
            buf[i] ^= 1 << value
        elif kind == "set":
            buf[i] = value
        elif kind == "cut":
            del buf[i:]
        elif kind == "insert":
            buf[i:i] = bytes([value]) * 8
        elif kind == "delete":
            del buf[i : i + value]
        else:  # a 32-bit number where a width, height or length may be
            buf[i : i + 4] = struct.pack(">I" if value % 2 else "<I", value)
    return bytes(buf)


@FUZZ
@given(seed=st.sampled_from(sorted(SEEDS)), mutations=st.lists(_MUTATION, min_size=1, max_size=4))
def test_mutated_valid_files(seed: str, mutations: list[tuple[str, int, int]]) -> None:
    _check_outcome(_mutate(SEEDS[seed], mutations), seed)


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


@FUZZ
@given(
    width=st.one_of(st.integers(0, 70_000), st.integers(0, 2**32 - 1)),
    height=st.one_of(st.integers(0, 70_000), st.integers(0, 2**32 - 1)),
    depth=st.sampled_from([1, 2, 4, 8, 16, 3, 0, 255]),
    colour=st.sampled_from([0, 2, 3, 4, 6, 1, 7]),
    idat=st.binary(max_size=256),
    compress=st.booleans(),
)
def test_png_header_fields_with_valid_crc(
    width: int, height: int, depth: int, colour: int, idat: bytes, compress: bool
) -> None:
    """IHDR sizes, depths and colour types a PNG can claim, with a correct CRC (Pillow then trusts it)."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    body = zlib.compress(idat) if compress else idat
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )
    _check_outcome(data, "header.png")


@FUZZ
@given(width=st.integers(0, 65535), height=st.integers(0, 65535), tail=st.binary(max_size=64))
def test_gif_screen_sizes(width: int, height: int, tail: bytes) -> None:
    data = bytearray(SEEDS["gif"])
    data[6:10] = struct.pack("<HH", width, height)
    _check_outcome(bytes(data) + tail, "screen.gif")


@FUZZ
@given(width=st.integers(-(2**31), 2**31 - 1), height=st.integers(-(2**31), 2**31 - 1))
def test_bmp_sizes(width: int, height: int) -> None:
    data = bytearray(SEEDS["bmp"])
    data[18:26] = struct.pack("<ii", width, height)
    _check_outcome(bytes(data), "sizes.bmp")


# --------------------------------------------------------------------------- the kinds of file the brief lists


def test_every_seed_loads() -> None:
    """The unmutated seeds are good files: animated, CMYK, 16-bit, palette+alpha, EXIF all load."""
    notes = {}
    for name, data in SEEDS.items():
        image = load_image_bytes(data, name=name)
        notes[name] = " ".join(image.notes)
    assert "first frame of 3" in notes["gif-animated"]
    assert "16-bit" in notes["png-16bit"]
    assert "composited on white" in notes["png-palette-alpha"]
    assert "EXIF" in notes["jpeg-exif"]
    assert load_image_bytes(SEEDS["jpeg-exif"], name="x").size == (17, 12)  # rotated: 12 x 17 -> 17 x 12


@pytest.mark.parametrize("seed", ["png", "jpeg", "gif", "bmp", "webp"])
def test_every_truncation_of_a_seed(seed: str) -> None:
    data = SEEDS[seed]
    for end in range(0, len(data), max(1, len(data) // 40)):
        _check_outcome(data[:end], seed)


def test_wrong_extension_loads_by_content(tmp_path: pathlib.Path) -> None:
    (tmp_path / "really-a-png.jpg").write_bytes(SEEDS["png"])
    assert load_image(tmp_path / "really-a-png.jpg").format == "PNG"


HOSTILE_NAMES = [
    "new\nline.png",
    "carriage\rreturn.png",
    "esc\x1b[2Jclear.png",
    "bell\x07.png",
    "rtl\u202egnp.png",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_escaped(tmp_path: pathlib.Path, name: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(b"not an image")
    with pytest.raises(ImageError) as info:
        load_image(bad)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message and "\x1b" not in message and "\u202e" not in message
    assert "\\x" in message or "\\u" in message  # the character is shown, escaped
    good = tmp_path / ("ok-" + name)
    good.write_bytes(SEEDS["png"])
    image = load_image(good)
    assert image.name.isprintable() and image.path == good  # the path still opens the file


def test_name_longer_than_the_file_system_allows(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ImageError) as info:
        load_image(tmp_path / ("x" * 300 + ".png"))
    message = str(info.value)
    assert "\n" not in message and len(message) < 400


def test_long_path_keeps_its_name(tmp_path: pathlib.Path) -> None:
    folder = tmp_path
    for i in range(6):
        folder = folder / (f"{i}" * 60)
    folder.mkdir(parents=True)
    with pytest.raises(ImageError) as info:
        load_image(folder / "the-name.png")
    assert str(info.value).startswith("…") and "the-name.png" in str(info.value)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.mkdir(), "folder"),
        (lambda p: p.write_bytes(b""), "empty"),
    ],
)
def test_folder_and_empty(tmp_path: pathlib.Path, make: object, words: str) -> None:
    path = tmp_path / "x.png"
    make(path)  # type: ignore[operator]
    with pytest.raises(ImageError, match=words):
        load_image(path)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads anything")
def test_unreadable_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "locked.png"
    path.write_bytes(SEEDS["png"])
    path.chmod(0)
    try:
        with pytest.raises(ImageError, match="permission"):
            load_image(path)
    finally:
        path.chmod(0o644)


def test_cli_folder_with_a_hostile_name_reports_one_line(tmp_path: pathlib.Path) -> None:
    """A folder run: the bad file is one escaped line on stderr, the good one is rendered, exit 2."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad\nname.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    (src / "good.png").write_bytes(SEEDS["png"])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cnnviz",
            "render",
            str(src),
            "-o",
            str(tmp_path / "out"),
            "--set",
            "input.size=32",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    problem_lines = [line for line in done.stderr.splitlines() if "bad" in line]
    assert len(problem_lines) == 1 and "bad\\x0aname.png" in problem_lines[0], done.stderr
    assert (tmp_path / "out" / "good.png.png").exists()


def test_png_chunk_helper_matches_pillow() -> None:
    """The hand-made IHDR above is what Pillow reads back (so the header fuzz reaches the decoder)."""
    header = struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"".join(b"\0" + bytes(9) for _ in range(2)))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", raw)
        + _png_chunk(b"IEND", b"")
    )
    im = Image.open(io.BytesIO(data))
    assert isinstance(im, PngImagePlugin.PngImageFile) and im.size == (3, 2)
    assert load_image_bytes(data, "h.png").size == (2, 3)
