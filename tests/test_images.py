"""cnnviz.core.images: every bad file is one clear ImageError; good files load as RGB 0..1."""

from __future__ import annotations

import io
import os
import pathlib
import stat
import struct
import time
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile, PngImagePlugin

from cnnviz.core import images
from cnnviz.core.errors import ImageError
from cnnviz.core.images import (
    ALLOWED_FORMATS,
    IMAGE_SUFFIXES,
    MAX_FILE_BYTES,
    MAX_PIXELS,
    LoadedImage,
    image_from_array,
    input_size_for,
    load_image,
    load_image_bytes,
    prepare_input,
)
from cnnviz.core.settings import FIT_MODES

# --------------------------------------------------------------------------- helpers


def _save(im: Image.Image, path: pathlib.Path, fmt: str | None = None, **kw: object) -> pathlib.Path:
    im.save(path, fmt, **kw)
    return path


def _encode(im: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with_size(width: int, height: int) -> bytes:
    """A tiny real PNG whose IHDR is patched to claim ``width`` × ``height`` (CRC fixed)."""
    data = bytearray(_encode(Image.new("1", (8, 8)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def _noise(height: int, width: int, mode: str = "RGB", seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    channels = {"RGB": 3, "L": 1}[mode]
    arr = rng.integers(0, 256, size=(height, width, channels), dtype=np.uint8)
    return Image.fromarray(arr[:, :, 0] if channels == 1 else arr)


def _expect_error(target: pathlib.Path | str, *words: str) -> ImageError:
    """load_image(target) raises ImageError (nothing else) naming the file and the reason."""
    with pytest.raises(ImageError) as info:
        load_image(target)
    err = info.value
    text = str(err)
    assert type(err) is ImageError
    name = pathlib.Path(target).name
    assert name in text, text
    assert err.subject == str(pathlib.Path(target))
    lowered = text.lower()
    assert any(w.lower() in lowered for w in words), f"none of {words} in {text!r}"
    assert "Traceback" not in text
    return err


def _assert_pixels_ok(img: LoadedImage) -> None:
    p = img.pixels
    assert p.dtype == np.float32
    assert p.ndim == 3 and p.shape[2] == 3
    assert p.flags.c_contiguous
    assert not p.flags.writeable
    assert float(p.min()) >= 0.0 and float(p.max()) <= 1.0
    assert img.size == p.shape[:2]


# --------------------------------------------------------------------------- constants


def test_constants() -> None:
    for fmt in ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP", "PPM", "TGA", "ICO"):
        assert fmt in ALLOWED_FORMATS
    assert all(f in Image.OPEN for f in ALLOWED_FORMATS)
    for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pgm", ".pbm", ".pnm", ".ico"):
        assert suffix in IMAGE_SUFFIXES
    assert all(s == s.lower() and s.startswith(".") for s in IMAGE_SUFFIXES)
    assert MAX_PIXELS == 89_478_485
    assert MAX_FILE_BYTES == 512 * 2**20


# --------------------------------------------------------------------------- bad files


def test_missing_file(tmp_path: pathlib.Path) -> None:
    _expect_error(tmp_path / "nothing-here.png", "no such file")


def test_directory(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "photos.png"
    folder.mkdir()
    _expect_error(folder, "folder")


def test_not_a_regular_file(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe.png"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
    else:  # Windows has no FIFOs: make stat() report one
        fifo.write_bytes(b"x")
        real_stat = pathlib.Path.stat

        def fifo_stat(self: pathlib.Path, **kw: object) -> os.stat_result:
            st = real_stat(self, **kw)
            if self == fifo:
                return os.stat_result((stat.S_IFIFO | 0o644, *tuple(st)[1:10]))
            return st

        monkeypatch.setattr(pathlib.Path, "stat", fifo_stat)
    _expect_error(fifo, "not a regular file")  # must not block reading the pipe


def test_unreadable_file_permission_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(_noise(4, 4), tmp_path / "secret.png")

    def refuse(self: pathlib.Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    _expect_error(path, "permission")


def test_unreadable_file_chmod(tmp_path: pathlib.Path) -> None:
    path = _save(_noise(4, 4), tmp_path / "locked.png")
    path.chmod(0)
    try:
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            _expect_error(path, "permission")
        else:
            # root (and Windows, where mode 0 only means read-only) reads it anyway
            assert load_image(path).size == (4, 4)
    finally:
        path.chmod(0o644)


def test_unreadable_file_os_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(_noise(4, 4), tmp_path / "disk.png")

    def broken(self: pathlib.Path) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(pathlib.Path, "read_bytes", broken)
    _expect_error(path, "cannot be read")


def test_path_through_a_file(tmp_path: pathlib.Path) -> None:
    parent = _save(_noise(4, 4), tmp_path / "a.png")
    _expect_error(parent / "b.png", "cannot be read", "no such file")


def test_empty_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    _expect_error(path, "empty")


def test_file_too_large(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as f:  # sparse: no disk space, and it must not be read at all
        f.truncate(MAX_FILE_BYTES + 1)
    read = []
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: read.append(self) or b"")
    _expect_error(path, "MB")
    assert read == []


def test_text_file_named_png(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture\n")
    err = _expect_error(path, "not an image file")
    assert "PNG" in str(err)


def test_binary_garbage(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "noise.jpg"
    path.write_bytes(bytes(range(256)) * 4)
    err = _expect_error(path, "not an image file")
    assert "JPEG" in str(err)


def test_format_not_allowed(tmp_path: pathlib.Path) -> None:
    path = _save(_noise(8, 8), tmp_path / "old.pcx", "PCX")
    assert Image.open(path).format == "PCX"  # Pillow itself could read it
    err = _expect_error(path, "PCX")
    assert "PNG" in str(err) and "JPEG" in str(err)  # says what is accepted


def test_format_not_allowed_even_when_named_png(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "disguised.png"
    path.write_bytes(_encode(_noise(8, 8), "PCX"))
    _expect_error(path, "PCX")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file(tmp_path: pathlib.Path, fmt: str) -> None:
    data = _encode(_noise(64, 64), fmt)
    path = tmp_path / f"half.{fmt.lower()}"
    path.write_bytes(data[: len(data) // 2])
    _expect_error(path, "truncated")
    assert not ImageFile.LOAD_TRUNCATED_IMAGES


def test_damaged_header(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "stub.png"
    path.write_bytes(_encode(_noise(8, 8), "PNG")[:20])
    _expect_error(path, "damaged", "truncated")


@pytest.mark.parametrize(
    ("width", "height"),
    [(20000, 20000), (10000, 10000)],  # Pillow's error; Pillow's warning (made an error)
)
def test_decompression_bomb(tmp_path: pathlib.Path, width: int, height: int) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_with_size(width, height))
    filters = list(warnings.filters)
    limit = Image.MAX_IMAGE_PIXELS
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning may escape
        _expect_error(path, "decompression bomb")
    assert time.perf_counter() - start < 1.0
    assert warnings.filters == filters
    assert limit == Image.MAX_IMAGE_PIXELS


def test_decompression_bomb_own_check(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # someone switched Pillow's check off
    path = tmp_path / "bomb2.png"
    path.write_bytes(_png_with_size(12000, 12000))
    err = _expect_error(path, "decompression bomb")
    assert "12000×12000" in str(err)


def test_decompression_bomb_real_1bit(tmp_path: pathlib.Path) -> None:
    # a genuine image just over the limit, small when compressed
    path = tmp_path / "big.png"
    side = int(MAX_PIXELS**0.5) + 2
    Image.new("1", (side, side)).save(path)
    assert path.stat().st_size < 2_000_000
    _expect_error(path, "decompression bomb")


def test_zero_size_image(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flat.png"
    path.write_bytes(_png_with_size(0, 5))
    _expect_error(path, "no pixels")


def test_zero_size_pgm(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "flat.pgm"
    path.write_bytes(b"P5\n4 0\n255\n")
    _expect_error(path, "no pixels")


def test_broken_exif_keeps_image_unrotated(tmp_path: pathlib.Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type exif", "\nexif\n       4\nthis is not hex\n")
    path = _save(_noise(10, 20), tmp_path / "exif.png", pnginfo=info)
    img = load_image(path)
    assert img.size == (10, 20)
    assert any("EXIF" in n for n in img.notes)
    expected = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255
    np.testing.assert_allclose(img.pixels, expected)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")  # Pillow's own, on damaged TIFFs
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fmt=st.sampled_from(["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM", "TGA", "ICO"]),
    cuts=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
    keep=st.floats(0.05, 1.0),
)
def test_damaged_bytes_give_image_error_or_image(fmt: str, cuts: list[tuple[int, int]], keep: float) -> None:
    data = bytearray(_encode(_noise(12, 10), fmt))
    for pos, value in cuts:
        data[pos % len(data)] = value
    data = data[: max(1, int(len(data) * keep))]
    try:
        img = load_image_bytes(bytes(data), name="fuzz.bin")
    except ImageError as err:
        assert "fuzz.bin" in str(err)
    else:
        _assert_pixels_ok(img)


# --------------------------------------------------------------------------- good files


def test_grey_becomes_three_equal_channels(tmp_path: pathlib.Path) -> None:
    im = _noise(6, 7, "L")
    img = load_image(_save(im, tmp_path / "grey.png"))
    _assert_pixels_ok(img)
    assert img.mode == "L" and img.format == "PNG" and img.name == "grey.png"
    assert img.path == tmp_path / "grey.png"
    assert img.notes == ()
    expected = np.asarray(im, dtype=np.float32) / 255
    for c in range(3):
        np.testing.assert_array_equal(img.pixels[:, :, c], expected)


def test_rgb_png_exact(tmp_path: pathlib.Path) -> None:
    im = _noise(5, 9)
    img = load_image(_save(im, tmp_path / "rgb.png"))
    np.testing.assert_array_equal(img.pixels, np.asarray(im, dtype=np.float32) / 255)
    assert img.size == (5, 9)


def test_pixels_are_read_only(tmp_path: pathlib.Path) -> None:
    img = load_image(_save(_noise(3, 3), tmp_path / "ro.png"))
    with pytest.raises(ValueError):
        img.pixels[0, 0, 0] = 0.5


def test_rgba_partial_alpha_on_white(tmp_path: pathlib.Path) -> None:
    arr = np.zeros((1, 4, 4), np.uint8)
    arr[0, 0] = (255, 0, 0, 0)  # fully transparent red -> white
    arr[0, 1] = (255, 0, 0, 255)  # opaque red
    arr[0, 2] = (0, 0, 255, 128)  # half blue
    arr[0, 3] = (0, 0, 0, 255)  # opaque black
    img = load_image(_save(Image.fromarray(arr), tmp_path / "alpha.png"))
    _assert_pixels_ok(img)
    assert img.mode == "RGBA"
    a = 128 / 255
    expected = np.array([[[1, 1, 1], [1, 0, 0], [1 - a, 1 - a, 1], [0, 0, 0]]], np.float32)
    np.testing.assert_allclose(img.pixels, expected, atol=1e-6)
    assert "transparent pixels composited on white" in img.notes


def test_rgba_fully_opaque_has_no_note(tmp_path: pathlib.Path) -> None:
    img = load_image(_save(Image.new("RGBA", (3, 3), (10, 20, 30, 255)), tmp_path / "opaque.png"))
    assert img.notes == ()
    np.testing.assert_allclose(img.pixels[0, 0], np.array([10, 20, 30]) / 255, atol=1e-7)


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_palette_with_transparency(tmp_path: pathlib.Path, fmt: str) -> None:
    im = Image.new("P", (4, 2), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.putpixel((0, 0), 1)
    path = _save(im, tmp_path / f"pal.{fmt.lower()}", transparency=1)
    img = load_image(path)
    assert img.mode == "P"
    np.testing.assert_allclose(img.pixels[0, 0], [1, 1, 1])  # transparent -> white
    np.testing.assert_allclose(img.pixels[1, 1], [1, 0, 0])
    assert any("transparent" in n for n in img.notes)


def test_la_image(tmp_path: pathlib.Path) -> None:
    arr = np.array([[[100, 255], [100, 0]]], np.uint8)  # (1, 2, 2): grey 100 opaque / transparent
    img = load_image(_save(Image.fromarray(arr, "LA"), tmp_path / "la.png"))
    assert img.mode == "LA"
    np.testing.assert_allclose(img.pixels[0, 0], [100 / 255] * 3, atol=1e-7)
    np.testing.assert_allclose(img.pixels[0, 1], [1, 1, 1])
    assert any("transparent" in n for n in img.notes)


def test_one_bit(tmp_path: pathlib.Path) -> None:
    im = Image.new("1", (3, 2), 0)
    im.putpixel((1, 0), 1)
    img = load_image(_save(im, tmp_path / "bits.png"))
    assert img.mode == "1"
    expected = np.zeros((2, 3, 3), np.float32)
    expected[0, 1] = 1
    np.testing.assert_array_equal(img.pixels, expected)


def test_pbm(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "tiny.pbm"
    path.write_bytes(b"P1\n2 1\n1 0\n")  # 1 is black in PBM
    img = load_image(path)
    assert img.format == "PPM"
    np.testing.assert_array_equal(img.pixels[0, :, 0], [0, 1])


def test_cmyk(tmp_path: pathlib.Path) -> None:
    im = Image.new("CMYK", (2, 2), (0, 0, 0, 0))
    im.putpixel((1, 1), (255, 0, 0, 0))  # pure cyan
    img = load_image(_save(im, tmp_path / "print.tif"))
    assert img.mode == "CMYK"
    np.testing.assert_allclose(img.pixels[0, 0], [1, 1, 1])
    np.testing.assert_allclose(img.pixels[1, 1], [0, 1, 1])


def test_sixteen_bit_grey_png(tmp_path: pathlib.Path) -> None:
    values = np.linspace(1000, 3000, 30).astype(np.uint16).reshape(5, 6)
    values[0, 0], values[-1, -1] = 1000, 3000
    img = load_image(_save(Image.fromarray(values), tmp_path / "deep.png"))
    _assert_pixels_ok(img)
    assert img.mode.startswith("I")
    assert img.pixels[0, 0, 0] == 0.0
    assert img.pixels[-1, -1, 0] == 1.0
    np.testing.assert_allclose(img.pixels[:, :, 0], (values - 1000) / 2000, atol=1e-6)
    assert "16-bit values 1000–3000 scaled to 0–1" in img.notes
    assert np.all(img.pixels[:, :, 0] == img.pixels[:, :, 2])


def test_sixteen_bit_big_endian_tiff(tmp_path: pathlib.Path) -> None:
    values = np.array([[256, 1, 3000]], ">u2")  # byte order matters: 256 > 1
    im = Image.frombuffer("I;16B", (3, 1), values.tobytes(), "raw", "I;16B", 0, 1)
    img = load_image(_save(im, tmp_path / "be.tif"))
    assert img.mode == "I;16B"
    np.testing.assert_allclose(img.pixels[0, :, 0], [255 / 2999, 0, 1], atol=1e-6)


def test_sixteen_bit_pgm(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "deep.pgm"
    path.write_bytes(b"P5\n3 1\n65535\n" + np.array([256, 1, 3000], ">u2").tobytes())
    img = load_image(path)
    np.testing.assert_allclose(img.pixels[0, :, 0], [255 / 2999, 0, 1], atol=1e-6)
    assert "16-bit values 1–3000 scaled to 0–1" in img.notes


def test_thirty_two_bit_tiff(tmp_path: pathlib.Path) -> None:
    values = np.array([[-7, 100, 93]], np.int32)
    img = load_image(_save(Image.fromarray(values), tmp_path / "i32.tif"))
    assert img.mode == "I"
    np.testing.assert_allclose(img.pixels[0, :, 0], [0, 1, 100 / 107], atol=1e-6)
    assert any("-7–100" in n for n in img.notes)


def test_constant_sixteen_bit_is_black(tmp_path: pathlib.Path) -> None:
    values = np.full((4, 4), 1234, np.uint16)
    img = load_image(_save(Image.fromarray(values), tmp_path / "flat16.png"))
    assert np.all(img.pixels == 0)
    assert any("same value" in n and "1234" in n for n in img.notes)


def test_float_tiff_with_nan(tmp_path: pathlib.Path) -> None:
    values = np.array([[-5.0, 0.0, 5.0, np.nan]], np.float32)
    img = load_image(_save(Image.fromarray(values), tmp_path / "float.tif"))
    _assert_pixels_ok(img)
    assert img.mode == "F"
    np.testing.assert_allclose(img.pixels[0, :, 0], [0, 0.5, 1, 0], atol=1e-7)  # NaN -> min
    assert any("-5–5 scaled to 0–1" in n for n in img.notes)
    assert any("NaN" in n for n in img.notes)


def test_float_tiff_with_infinities(tmp_path: pathlib.Path) -> None:
    values = np.array([[np.inf, -2.0, 2.0, -np.inf]], np.float32)
    img = load_image(_save(Image.fromarray(values), tmp_path / "inf.tif"))
    np.testing.assert_allclose(img.pixels[0, :, 0], [1, 0, 1, 0])
    assert any("2 NaN or infinite" in n for n in img.notes)


def test_float_tiff_all_nan(tmp_path: pathlib.Path) -> None:
    values = np.full((2, 2), np.nan, np.float32)
    img = load_image(_save(Image.fromarray(values), tmp_path / "nan.tif"))
    assert np.all(img.pixels == 0)
    assert img.notes


def test_animated_gif_first_frame(tmp_path: pathlib.Path) -> None:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = [Image.new("RGB", (8, 6), c) for c in colours]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    img = load_image(path)
    assert img.format == "GIF" and img.size == (6, 8)
    np.testing.assert_allclose(img.pixels[0, 0], [1, 0, 0])
    assert any(n.startswith("first frame of 3") for n in img.notes)


def test_multipage_tiff_first_page(tmp_path: pathlib.Path) -> None:
    pages = [Image.new("L", (5, 4), v) for v in (200, 20)]
    path = tmp_path / "pages.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:])
    img = load_image(path)
    np.testing.assert_allclose(img.pixels, 200 / 255)
    assert any(n.startswith("first frame of 2") for n in img.notes)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_exif_orientation_6(tmp_path: pathlib.Path, fmt: str) -> None:
    arr = np.zeros((10, 20, 3), np.uint8)
    arr[:5, :5] = 255  # white block at the stored top-left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = _save(Image.fromarray(arr), tmp_path / f"phone.{fmt.lower()}", fmt, exif=exif)
    img = load_image(path)
    assert img.size == (20, 10)  # transposed
    assert "rotated as its EXIF orientation says" in img.notes
    assert img.pixels[1, -2].min() > 0.9  # the block is now top-right
    assert img.pixels[-2, 1].max() < 0.1


@pytest.mark.parametrize(
    ("fmt", "suffix", "kw"),
    [
        ("BMP", ".bmp", {}),
        ("WEBP", ".webp", {"lossless": True}),
        ("PPM", ".ppm", {}),
        ("TGA", ".tga", {}),
        ("ICO", ".ico", {"sizes": [(16, 16)]}),
        ("TIFF", ".tiff", {}),
    ],
)
def test_other_allowed_formats(tmp_path: pathlib.Path, fmt: str, suffix: str, kw: dict) -> None:
    im = _noise(16, 16)
    img = load_image(_save(im, tmp_path / f"pic{suffix}", fmt, **kw))
    assert img.format == fmt
    np.testing.assert_array_equal(img.pixels, np.asarray(im, dtype=np.float32) / 255)


def test_load_accepts_str_path(tmp_path: pathlib.Path) -> None:
    path = _save(_noise(2, 2), tmp_path / "s.png")
    assert load_image(str(path)).name == "s.png"


def test_file_not_held_open(tmp_path: pathlib.Path) -> None:
    path = _save(_noise(4, 4), tmp_path / "open.png")
    fds = pathlib.Path("/proc/self/fd")
    before = set(os.listdir(fds)) if fds.is_dir() else set()
    img = load_image(path)
    if fds.is_dir():
        assert set(os.listdir(fds)) <= before
    path.unlink()  # fails on Windows while a file is open
    assert img.size == (4, 4)


# --------------------------------------------------------------------------- bytes and arrays


def test_load_image_bytes_same_as_file(tmp_path: pathlib.Path) -> None:
    im = Image.fromarray(np.array([[[9, 8, 7, 0], [1, 2, 3, 255]]], np.uint8))
    path = _save(im, tmp_path / "same.png")
    from_file = load_image(path)
    from_bytes = load_image_bytes(path.read_bytes())
    np.testing.assert_array_equal(from_file.pixels, from_bytes.pixels)
    assert from_bytes.notes == from_file.notes
    assert from_bytes.name == "clipboard" and from_bytes.path is None
    assert from_bytes.format == "PNG" and from_bytes.mode == "RGBA"


@pytest.mark.parametrize(
    ("data", "word"),
    [(b"", "empty"), (b"hello there", "not an image"), (_png_with_size(20000, 20000), "decompression bomb")],
)
def test_load_image_bytes_errors(data: bytes, word: str) -> None:
    with pytest.raises(ImageError) as info:
        load_image_bytes(data, name="pasted")
    assert str(info.value).startswith("pasted: ")
    assert word in str(info.value)


def test_load_image_bytes_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImageError, match="MB"):
        load_image_bytes(_encode(_noise(16, 16), "PNG"))


def test_array_uint8() -> None:
    rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    img = image_from_array(rgb)
    _assert_pixels_ok(img)
    np.testing.assert_array_equal(img.pixels, rgb / np.float32(255))
    assert img.name == "clipboard" and img.path is None and img.format is None and img.mode == "RGB"
    grey = image_from_array(rgb[:, :, 0], name="paste")
    assert grey.mode == "L" and grey.name == "paste"
    assert np.all(grey.pixels[:, :, 0] == grey.pixels[:, :, 1])
    rgb[0, 0, 0] = 200  # the image does not share memory with the caller's array
    assert img.pixels[0, 0, 0] == 0


def test_array_rgba_uint8() -> None:
    rgba = np.array([[[0, 0, 0, 0], [0, 0, 0, 255]]], np.uint8)
    img = image_from_array(rgba)
    np.testing.assert_array_equal(img.pixels, [[[1, 1, 1], [0, 0, 0]]])
    assert "transparent pixels composited on white" in img.notes


def test_array_uint16() -> None:
    img = image_from_array(np.array([[1000, 2000, 3000]], np.uint16))
    np.testing.assert_allclose(img.pixels[0, :, 0], [0, 0.5, 1])
    assert img.notes == ("16-bit values 1000–3000 scaled to 0–1",)
    rgb = image_from_array(np.array([[[0, 100, 200], [100, 100, 100]]], np.uint16))
    np.testing.assert_allclose(rgb.pixels[0, 0], [0, 0.5, 1])


def test_array_float_with_nan_and_alpha() -> None:
    img = image_from_array(np.array([[-5.0, 5.0, np.nan]], np.float64))
    np.testing.assert_allclose(img.pixels[0, :, 0], [0, 1, 0])
    rgba = np.array([[[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 1.0]]], np.float32)
    out = image_from_array(rgba)
    np.testing.assert_allclose(out.pixels, [[[1, 1, 1], [1, 1, 0]]])


def test_array_bool_and_single_channel() -> None:
    img = image_from_array(np.array([[[True], [False]]]))
    np.testing.assert_array_equal(img.pixels[0, :, 0], [1, 0])


@pytest.mark.parametrize(
    ("array", "word"),
    [
        (np.zeros((2, 3, 2), np.uint8), "shape"),
        (np.zeros((2,), np.uint8), "shape"),
        (np.zeros((0, 5), np.uint8), "no pixels"),
        (np.zeros((2, 2), np.complex64), "type"),
        (np.array([["a", "b"]]), "type"),
    ],
)
def test_array_errors(array: np.ndarray, word: str) -> None:
    with pytest.raises(ImageError) as info:
        image_from_array(array, name="clip")
    assert str(info.value).startswith("clip: ")
    assert word in str(info.value)


def test_loaded_image_checks_pixels() -> None:
    with pytest.raises(ValueError):
        LoadedImage(np.zeros((2, 2), np.float32), "x", None, None, "L")
    with pytest.raises(ValueError):
        LoadedImage(np.zeros((2, 2, 3), np.float64), "x", None, None, "RGB")
    ok = LoadedImage(np.zeros((2, 2, 3), np.float32), "x", None, None, "RGB")
    assert not ok.pixels.flags.writeable and ok.size == (2, 2)


# --------------------------------------------------------------------------- prepare_input


def _image(im: Image.Image) -> LoadedImage:
    return image_from_array(np.asarray(im))


def _const_image(height: int, width: int, value: float) -> LoadedImage:
    return LoadedImage(np.full((height, width, 3), value, np.float32), "c", None, None, "RGB")


@pytest.mark.parametrize("fit", FIT_MODES)
def test_prepare_input_shapes(fit: str) -> None:
    img = _image(_noise(30, 50))
    out = prepare_input(img, (24, 32), fit)
    expected = (3, 30, 50) if fit == "native" else (3, 24, 32)
    assert out.shape == expected
    assert out.dtype == np.float32
    assert out.flags.c_contiguous and out.flags.writeable
    assert float(out.min()) >= 0 and float(out.max()) <= 1
    assert input_size_for(img.size, (24, 32), fit) == expected[1:]


@pytest.mark.parametrize("fit", FIT_MODES)
def test_prepare_input_same_size_is_exact(fit: str) -> None:
    img = _image(_noise(12, 16))
    out = prepare_input(img, (12, 16), fit)
    np.testing.assert_array_equal(out, img.pixels.transpose(2, 0, 1))
    out[0, 0, 0] = 0.25  # a copy, not a view of the read-only pixels


def test_native_ignores_size() -> None:
    img = _image(_noise(7, 9))
    out = prepare_input(img, (1, 1), "native")
    np.testing.assert_array_equal(out, img.pixels.transpose(2, 0, 1))


def test_fit_pads_with_exact_zero_without_resampling() -> None:
    img = _const_image(10, 40, 0.7)
    out = prepare_input(img, (40, 40), "fit")
    assert np.all(out[:, :15] == 0) and np.all(out[:, 25:] == 0)
    assert np.all(out[:, 15:25] == np.float32(0.7))


def test_fit_pads_with_exact_zero_after_resampling() -> None:
    img = _const_image(20, 80, 1.0)
    out = prepare_input(img, (30, 30), "fit")  # scaled to 8 x 30 (7.5 rounded), centred
    rows = np.flatnonzero(out[0].max(axis=1) > 0)
    assert len(rows) in (7, 8)
    top, bottom = rows[0], rows[-1]
    assert abs(top - (30 - 1 - bottom)) <= 1  # centred
    assert np.all(out[:, :top] == 0) and np.all(out[:, bottom + 1 :] == 0)
    np.testing.assert_allclose(out[:, top : bottom + 1], 1.0, atol=1e-5)


def test_fit_tall_image_pads_columns() -> None:
    img = _const_image(60, 20, 0.5)
    out = prepare_input(img, (30, 30), "fit")  # 30 x 10, columns 10..19
    assert np.all(out[:, :, :10] == 0) and np.all(out[:, :, 20:] == 0)
    np.testing.assert_allclose(out[:, :, 10:20], 0.5, atol=1e-5)


def test_fit_keeps_at_least_one_pixel() -> None:
    img = _const_image(1, 1000, 1.0)
    out = prepare_input(img, (10, 10), "fit")
    assert out.shape == (3, 10, 10)
    assert np.count_nonzero(out[0].max(axis=1)) == 1


def test_crop_keeps_the_centre_exactly() -> None:
    columns = np.tile(np.arange(80, dtype=np.float32) / 80, (20, 1))
    img = LoadedImage(np.ascontiguousarray(np.stack([columns] * 3, axis=2)), "w", None, None, "RGB")
    out = prepare_input(img, (20, 20), "crop")
    np.testing.assert_array_equal(out[0], columns[:, 30:50])


def test_crop_keeps_the_centre_when_scaled() -> None:
    arr = np.zeros((40, 160, 3), np.float32)
    arr[:, 60:100] = 1.0  # the centre square (40 x 40) is white, the sides black
    img = LoadedImage(arr, "w", None, None, "RGB")
    out = prepare_input(img, (20, 20), "crop")
    assert out.shape == (3, 20, 20)
    assert out[:, :, 2:-2].min() > 0.99  # inside: white
    assert out.mean() > 0.9


def test_stretch_constant_stays_constant() -> None:
    for value in (0.0, 0.3, 1.0):
        out = prepare_input(_const_image(13, 29, value), (64, 17), "stretch")
        assert out.shape == (3, 64, 17)
        np.testing.assert_allclose(out, value, atol=1e-6)


def test_stretch_changes_aspect() -> None:
    out = prepare_input(_const_image(10, 100, 0.5), (50, 5), "stretch")
    assert out.shape == (3, 50, 5)


def test_unknown_fit_is_value_error() -> None:
    img = _const_image(4, 4, 0.5)
    with pytest.raises(ValueError):
        prepare_input(img, (4, 4), "zoom")
    with pytest.raises(ValueError):
        input_size_for((4, 4), (8, 8), "zoom")


def test_input_size_for() -> None:
    assert input_size_for((30, 50), (256, 320), "native") == (30, 50)
    for fit in ("fit", "crop", "stretch"):
        assert input_size_for((30, 50), (256, 320), fit) == (256, 320)


@settings(max_examples=60, deadline=None)
@given(
    src=st.tuples(st.integers(1, 60), st.integers(1, 60)),
    dst=st.tuples(st.integers(1, 60), st.integers(1, 60)),
    fit=st.sampled_from(FIT_MODES),
    value=st.floats(0, 1, width=32),
)
def test_prepare_input_property(src: tuple[int, int], dst: tuple[int, int], fit: str, value: float) -> None:
    img = _const_image(*src, value)
    out = prepare_input(img, dst, fit)
    assert out.shape == (3, *input_size_for(src, dst, fit))
    assert out.dtype == np.float32 and out.flags.c_contiguous
    assert float(out.min()) >= 0 and float(out.max()) <= 1
    if fit in ("stretch", "crop", "native"):
        np.testing.assert_allclose(out, value, atol=1e-5)
    else:
        assert np.all((out == 0) | np.isclose(out, value, atol=1e-5))  # padding or image
