"""Reading images a learner gives us, and turning them into the network's input.

Everything here uses Pillow and numpy only (no torch, no Qt). Every problem a
user can cause (a missing file, a text file called ``.png``, a truncated JPEG, a
"decompression bomb") becomes one :class:`~cnnviz.core.errors.ImageError` whose
message names the file and says what is wrong; anything else raised is a bug.

A loaded image is always RGB float32 in ``[0, 1]`` with shape ``(H, W, 3)``:

* grey images become three equal channels;
* transparent pixels are composited on white;
* 16-bit, 32-bit and floating-point images are scaled from their own lowest to
  highest value (Pillow's ``convert("L")`` would clip them at 255 instead);
* animated and multi-page files give their first frame;
* the EXIF orientation is applied;
* an image whose decoding would not fit half the memory budget is decoded
  smaller (JPEG draft) or refused before it is decoded, and one of more than
  4096 × 4096 pixels is reduced by a whole factor before it becomes floats
  (see docs/reliability-images.md for the figures).

The network's input is made in :mod:`cnnviz.core.fit` (``prepare_input`` and
``input_size_for`` are re-exported here).

Whatever the user should know about that conversion is listed in
:attr:`LoadedImage.notes`, one short translatable sentence each.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from cnnviz.core.budget import LIMIT_VARIABLE, memory_limit
from cnnviz.core.errors import ImageError
from cnnviz.core.fit import input_size_for, prepare_input  # re-exported: the input is made in fit.py
from cnnviz.core.i18n import tr
from cnnviz.core.text import MAX_SHOWN, human_bytes, printable

__all__ = [
    "ALLOWED_FORMATS",
    "IMAGE_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_PIXELS",
    "MAX_WORKING_PIXELS",
    "LoadedImage",
    "decoded_bytes",
    "image_budget",
    "image_from_array",
    "input_size_for",
    "load_image",
    "load_image_bytes",
    "prepare_input",
    "shown_path",
    "working_pixels",
]

Image.init()  # register every plugin, so the lists below know what Pillow can open

# Pillow format id -> the file suffixes cnnviz offers for it.
_FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "PNG": (".png",),
    "JPEG": (".jpg", ".jpeg", ".jfif", ".mpo"),  # phones' MPO (JPEG + depth/second view) opens as JPEG
    "BMP": (".bmp",),
    "GIF": (".gif",),
    "TIFF": (".tif", ".tiff"),
    "WEBP": (".webp",),
    "PPM": (".ppm", ".pgm", ".pbm", ".pnm"),
    "TGA": (".tga",),
    "ICO": (".ico",),
    "AVIF": (".avif",),  # Pillow >= 11.2 built with libavif (the PyPI wheels are)
    "JPEG2000": (".jp2", ".j2k", ".jpx", ".jpf"),
}

ALLOWED_FORMATS: tuple[str, ...] = tuple(f for f in _FORMAT_SUFFIXES if f in Image.OPEN)
"""Pillow format ids cnnviz opens (only those this Pillow can open)."""

IMAGE_SUFFIXES: tuple[str, ...] = tuple(s for f in ALLOWED_FORMATS for s in _FORMAT_SUFFIXES[f])
"""Lower-case file suffixes of :data:`ALLOWED_FORMATS`, for folder scans and file dialogs."""

MAX_PIXELS: int = 89_478_485
"""Largest width × height opened; larger images are refused (decompression-bomb protection)."""

MAX_FILE_BYTES: int = 512 * 2**20
"""Largest file (or byte string) read."""

MAX_WORKING_PIXELS: int = 4096 * 4096
"""Most pixels kept of one image (the largest input cnnviz feeds); larger images are reduced."""

IMAGE_BUDGET_DIVISOR: int = 2
"""One image may take half the memory budget while it is decoded and converted (the rest: the maps)."""

WORKING_BYTES_8BIT: int = 32
"""Peak bytes per pixel while an 8-bit image becomes float RGB (Pillow copy, uint8 array, float32, alpha)."""

WORKING_BYTES_NUMERIC: int = 64
"""The same for 16-bit, 32-bit and float images (scaled in float64)."""

# Modes whose values are not 8-bit: scaled from their own min..max.
_NUMERIC_MODES = ("I", "F")
# Formats whose mode "I" holds 16-bit samples (PGM with maxval > 255; PNG in older Pillow).
_SIXTEEN_BIT_AS_I = ("PPM", "PNG")
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
_ANIMATED_FORMATS = ("GIF", "PNG", "WEBP")
_FLIP_ORIENTATIONS = (2, 3, 4, 5, 6, 7, 8)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PPM_HEADER = re.compile(rb"\AP[1-6]\s+(?:#[^\n]*\s+)*(\d+)\s+(?:#[^\n]*\s+)*(\d+)")


@dataclass(frozen=True, eq=False)
class LoadedImage:
    """An image ready to use: RGB float32 pixels in ``[0, 1]`` and where they came from.

    Equality is identity (comparing pixel arrays element by element is not what
    ``==`` should do).
    """

    pixels: np.ndarray  # (H, W, 3) float32 in [0, 1], C-contiguous, read-only
    name: str  # file name, or the name given for bytes / arrays ("clipboard")
    path: Path | None  # None for bytes / arrays
    format: str | None  # Pillow format id, e.g. "PNG"; None for arrays
    mode: str  # the original Pillow mode, e.g. "I;16", "RGBA", "P"
    notes: tuple[str, ...] = ()  # what the user should be told, one sentence each

    def __post_init__(self) -> None:
        p = self.pixels
        if not isinstance(p, np.ndarray) or p.ndim != 3 or p.shape[2] != 3 or p.dtype != np.float32:
            raise ValueError("LoadedImage.pixels must be a float32 array of shape (H, W, 3)")
        if not p.flags.c_contiguous:
            raise ValueError("LoadedImage.pixels must be C-contiguous")
        p.flags.writeable = False

    @property
    def size(self) -> tuple[int, int]:
        """``(height, width)`` in pixels."""
        return (int(self.pixels.shape[0]), int(self.pixels.shape[1]))


# --------------------------------------------------------------------------- loading


def load_image(path: str | os.PathLike[str]) -> LoadedImage:
    """Read the image file at ``path``; every user-caused problem is an :class:`ImageError`."""
    p = Path(path)
    subject = shown_path(p)
    data = _read_file(p, subject)
    return _decode(data, name=printable(p.name), path=p, subject=subject, suffix=p.suffix.lower())


def load_image_bytes(data: bytes, name: str = "clipboard") -> LoadedImage:
    """Decode an image file's bytes (pasted or dropped) exactly as :func:`load_image` would."""
    data = bytes(data)
    name = printable(name)
    if not data:
        raise ImageError(tr("there is no image data (it is empty)"), subject=name)
    _check_byte_count(len(data), name)
    return _decode(data, name=name, path=None, subject=name, suffix=Path(name).suffix.lower())


def image_from_array(array: np.ndarray, name: str = "clipboard") -> LoadedImage:
    """Make a :class:`LoadedImage` from a uint8, uint16 or float array.

    Accepted shapes are ``(H, W)`` (grey), ``(H, W, 3)`` (RGB) and ``(H, W, 4)``
    (RGBA). uint8 follows the rules of 8-bit files; other integer and float arrays
    are scaled from their own min..max (alpha, if any, is taken as 0..65535 for
    uint16 and 0..1 for floats), like 16-bit and float files.
    """
    name = printable(name)
    try:
        arr = np.asarray(array)
    except Exception as exc:  # an object numpy cannot read as an array
        raise ImageError(tr("this is not image data ({detail})").format(detail=exc), subject=name) from None
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise ImageError(
            tr(
                "image data must have the shape (height, width), (height, width, 3) "
                "or (height, width, 4), not {shape}"
            ).format(shape=tuple(arr.shape)),
            subject=name,
        )
    height, width = int(arr.shape[0]), int(arr.shape[1])
    _check_pixel_count(width, height, name)
    kind = arr.dtype.kind
    if kind == "b":
        arr = arr.astype(np.uint8) * np.uint8(255)
        kind = "u"
    if arr.dtype == np.uint8 or (arr.dtype == np.uint16 and arr.ndim == 2):
        im = Image.fromarray(np.ascontiguousarray(arr))
        pixels, notes = _pixels_from_pil(im, name)
        return _make(pixels, name=name, path=None, fmt=None, mode=im.mode, notes=notes)
    if kind not in "iuf":
        raise ImageError(
            tr("image data of type {dtype} cannot be used; use uint8, uint16 or float values").format(
                dtype=arr.dtype
            ),
            subject=name,
        )
    depth = "16" if arr.dtype == np.uint16 else ("F" if kind == "f" else "32")
    if arr.ndim == 2:
        grey, notes = _scale_to_unit(arr, depth)
        mode = {"16": "I;16", "F": "F", "32": "I"}[depth]
        return _make(_grey_to_rgb(grey), name=name, path=None, fmt=None, mode=mode, notes=notes)
    rgb, notes = _scale_to_unit(arr[:, :, :3], depth)
    mode = ("RGB" if arr.shape[2] == 3 else "RGBA") + ";" + depth
    if arr.shape[2] == 4:
        alpha = arr[:, :, 3]
        if kind == "f":
            alpha = np.clip(np.nan_to_num(alpha.astype(np.float32), nan=1.0), 0.0, 1.0)
        elif kind == "u":
            alpha = alpha.astype(np.float64) / float(np.iinfo(arr.dtype).max)
        else:  # signed integers: 0..max is transparent..opaque
            alpha = np.clip(alpha.astype(np.float64) / float(np.iinfo(arr.dtype).max), 0.0, 1.0)
        rgb, note = _composite_on_white(rgb, alpha.astype(np.float32))
        if note:
            notes.append(note)
    return _make(rgb, name=name, path=None, fmt=None, mode=mode, notes=notes)


def shown_path(path: str | os.PathLike[str], limit: int = MAX_SHOWN) -> str:
    """``path`` safe to print on one line: control characters escaped, a long one cut at the front.

    The end (the file's name) is what a reader needs, so a path longer than
    ``limit`` characters keeps its last ``limit - 1`` after a "…".
    """
    text = printable(os.fspath(path), limit=None)
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def _os_error(exc: BaseException, subject: str) -> ImageError:
    """The learner's words for a failure of the file system (stat or read)."""
    if isinstance(exc, FileNotFoundError):
        return ImageError(tr("there is no such file"), subject=subject)
    if isinstance(exc, PermissionError):
        return ImageError(tr("you do not have permission to read this file"), subject=subject)
    if isinstance(exc, IsADirectoryError):
        return ImageError(tr("this is a folder, not an image file"), subject=subject)
    return ImageError(
        tr("the file cannot be read ({detail})").format(detail=_os_detail(exc)), subject=subject
    )


def _read_file(path: Path, subject: str) -> bytes:
    """The file's bytes, after checking it is a regular, non-empty, not too large file."""
    try:
        st = path.stat()
    except (OSError, ValueError) as exc:
        raise _os_error(exc, subject) from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageError(tr("this is a folder, not an image file"), subject=subject)
    if not stat.S_ISREG(st.st_mode):
        raise ImageError(
            tr("this is not a regular file (it is a device, pipe or socket), so it is not an image"),
            subject=subject,
        )
    if st.st_size == 0:
        raise ImageError(tr("the file is empty (0 bytes), so it holds no image"), subject=subject)
    _check_byte_count(st.st_size, subject)
    try:
        data = path.read_bytes()
    except OSError as exc:  # the file changed between stat and read
        raise _os_error(exc, subject) from None
    if not data:
        raise ImageError(tr("the file is empty (0 bytes), so it holds no image"), subject=subject)
    _check_byte_count(len(data), subject)
    return data


def _os_detail(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _check_byte_count(count: int, subject: str) -> None:
    if count > MAX_FILE_BYTES:
        raise ImageError(
            tr("the file is {size} MB; cnnviz reads image files of at most {limit} MB").format(
                size=f"{count / 2**20:.1f}", limit=f"{MAX_FILE_BYTES / 2**20:g}"
            ),
            subject=subject,
        )


def _check_pixel_count(width: int, height: int, subject: str) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(
            tr("the image has no pixels (it is {width}×{height})").format(width=width, height=height),
            subject=subject,
        )
    if width * height > MAX_PIXELS:
        raise _bomb_error(subject, width, height)


def _bomb_error(subject: str, width: int | None = None, height: int | None = None) -> ImageError:
    if width is not None and height is not None:
        message = tr(
            "the image is {width}×{height} = {pixels} pixels, more than the {limit} pixels "
            "cnnviz opens (a limit that protects against “decompression bombs”: small files "
            "that unpack to huge images)"
        ).format(width=width, height=height, pixels=f"{width * height:,}", limit=f"{MAX_PIXELS:,}")
    else:
        message = tr(
            "the image has more than the {limit} pixels cnnviz opens (a limit that protects "
            "against “decompression bombs”: small files that unpack to huge images)"
        ).format(limit=f"{MAX_PIXELS:,}")
    return ImageError(message, subject=subject)


def _decode(data: bytes, *, name: str, path: Path | None, subject: str, suffix: str) -> LoadedImage:
    """Decode a whole image file held in memory; see the module docstring for the rules.

    The header is read first (Pillow opens lazily); an image whose decoding would
    not fit :func:`image_budget` is decoded smaller (JPEG) or refused, and a
    decoded image of more than :func:`working_pixels` is reduced before it is
    converted to floats. Both say so in the notes.
    """
    notes: list[str] = []
    with warnings.catch_warnings():
        # Pillow's own UserWarnings ("Truncated File Read", odd EXIF) are about
        # files we either decode or refuse with a message of our own.
        warnings.simplefilter("ignore", UserWarning)
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse instead.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        opened = im = _open(data, subject, suffix)
        try:
            fmt = im.format
            mode = im.mode
            _check_pixel_count(im.width, im.height, subject)
            note = _first_frame(im, subject)
            if note:
                notes.append(note)
            _check_pixel_count(im.width, im.height, subject)
            note = _fit_decode_in_budget(im, len(data), subject)
            if note:
                notes.append(note)
            try:
                im.load()
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _bomb_error(subject) from None
            except MemoryError:
                raise ImageError(tr("the image is too large to fit in memory"), subject=subject) from None
            except Exception as exc:  # Pillow raises many types for damaged data
                raise ImageError(
                    tr(
                        "the image data is damaged or cut short (truncated), so it cannot be "
                        "decoded ({detail})"
                    ).format(detail=_pil_detail(exc)),
                    subject=subject,
                ) from None
            reduced, note = _reduce_to_working_size(im, subject)
            if note:
                notes.append(note)
            if reduced is not im:
                im.close()  # frees the full-size pixels now, not when the conversion is done
                im = reduced
            turned, note = _apply_orientation(im)
            if note:
                notes.append(note)
            if turned is not im:
                if im is not opened:
                    im.close()
                im = turned
            pixels, more = _pixels_from_pil(im, subject, fmt, mode)
            notes.extend(more)
        finally:
            if im is not opened:
                im.close()
            opened.close()
    return _make(pixels, name=name, path=path, fmt=fmt, mode=mode, notes=notes)


# --------------------------------------------------------------------------- memory


def image_budget() -> int:
    """Bytes one image may take while it is decoded and converted: half the memory budget.

    The rest of the budget (:func:`cnnviz.core.budget.memory_limit`, 2 GB by
    default, ``$CNNVIZ_MEMORY_LIMIT``) is for the network's maps.
    """
    return memory_limit() // IMAGE_BUDGET_DIVISOR


def working_pixels(mode: str = "RGB") -> int:
    """The most pixels a decoded image of ``mode`` keeps; larger ones are reduced first.

    At most :data:`MAX_WORKING_PIXELS` (4096 × 4096, the largest input cnnviz
    feeds), and fewer when the float conversion of that many would not fit
    :func:`image_budget`.
    """
    per_pixel = WORKING_BYTES_NUMERIC if _is_numeric(mode) else WORKING_BYTES_8BIT
    return max(1, min(MAX_WORKING_PIXELS, image_budget() // per_pixel))


def decoded_bytes(width: int, height: int, mode: str) -> int:
    """Bytes Pillow holds for a decoded ``width`` × ``height`` image of ``mode``.

    Pillow keeps 1, L and P in one byte per pixel, I;16 in two and every other
    mode (RGB too) in four.
    """
    if mode in ("1", "L", "P"):
        per_pixel = 1
    elif mode.startswith("I;16"):
        per_pixel = 2
    else:
        per_pixel = 4
    return width * height * per_pixel


def _is_numeric(mode: str) -> bool:
    return mode in _NUMERIC_MODES or mode.startswith("I;")


def _reduce_factor(width: int, height: int, limit: int) -> int:
    """The smallest whole factor that brings width × height (rounded up) to ``limit`` pixels or fewer."""
    factor = 1
    while -(-width // factor) * -(-height // factor) > limit:
        factor += 1
    return factor


def _needs_conversion_to_reduce(im: Image.Image) -> bool:
    return im.mode in ("1", "P", "PA") or im.mode.startswith("I;16") or "transparency" in im.info


def _fit_decode_in_budget(im: Image.Image, file_bytes: int, subject: str) -> str | None:
    """Before decoding: make a JPEG decode smaller (draft) or refuse what would not fit the budget."""
    width, height = im.size
    limit = working_pixels(im.mode)
    note = None
    if im.format == "JPEG" and width * height > limit:
        factor = _reduce_factor(width, height, limit)
        with contextlib.suppress(Exception):  # a damaged header: decode at full size, load() judges
            im.draft(None, (-(-width // factor), -(-height // factor)))
        if im.size != (width, height):
            note = tr("decoded at {new_w}×{new_h}, 1/{scale} of its {width}×{height} (JPEG draft)").format(
                new_w=im.width, new_h=im.height, scale=width // im.width, width=width, height=height
            )
    need = file_bytes + decoded_bytes(im.width, im.height, im.mode)
    if im.width * im.height > working_pixels(im.mode):
        if _needs_conversion_to_reduce(im):
            need += im.width * im.height * 4  # converted to a mode Pillow can reduce
        if im.mode in ("LA", "RGBA", "PA") or "transparency" in im.info:
            need += im.width * im.height * 4  # reduce() premultiplies alpha in a copy
    budget = image_budget()
    if need > budget:
        raise ImageError(
            tr(
                "the image is {width}×{height} pixels and decoding it would take about {need}, more "
                "than the {budget} cnnviz gives one image (half the memory budget; raise it "
                "with the environment variable {variable}, e.g. {variable}=8G, or use a smaller image)"
            ).format(
                width=im.width,
                height=im.height,
                need=human_bytes(need),
                budget=human_bytes(budget),
                variable=LIMIT_VARIABLE,
            ),
            subject=subject,
        )
    return note


def _reduce_to_working_size(im: Image.Image, subject: str) -> tuple[Image.Image, str | None]:
    """After decoding: ``im`` averaged down by a whole factor when it has more than working_pixels."""
    width, height = im.size
    limit = working_pixels(im.mode)
    if width * height <= limit:
        return im, None
    factor = _reduce_factor(width, height, limit)
    try:
        work = im
        if im.mode in ("P", "PA"):
            work = im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")
        elif im.mode == "1":
            work = im.convert("L")
        elif im.mode.startswith("I;16"):
            work = im.convert("I")
        elif "transparency" in im.info and im.mode in ("L", "RGB"):
            work = im.convert("LA" if im.mode == "L" else "RGBA")
        reduced = work.reduce(factor)
        if work is not im:
            work.close()
    except MemoryError:
        raise ImageError(tr("the image is too large to fit in memory"), subject=subject) from None
    except (ValueError, OSError) as exc:
        raise ImageError(
            tr("its colour mode {mode} cannot be converted to RGB ({detail})").format(
                mode=im.mode, detail=_pil_detail(exc)
            ),
            subject=subject,
        ) from None
    return reduced, tr(
        "reduced to {new_w}×{new_h} (1/{factor} of its {width}×{height}): cnnviz keeps at most "
        "{limit} pixels of one image"
    ).format(
        new_w=reduced.width,
        new_h=reduced.height,
        factor=factor,
        width=width,
        height=height,
        limit=f"{limit:,}",
    )


def _open(data: bytes, subject: str, suffix: str) -> Image.Image:
    """Open (identify) the image in ``data`` with the allowed formats only."""
    try:
        return Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb_error(subject) from None
    except UnidentifiedImageError:
        raise _unidentified_error(data, subject, suffix) from None
    except MemoryError:
        raise ImageError(tr("the image is too large to fit in memory"), subject=subject) from None
    except Exception as exc:  # damaged headers make plugins raise all sorts of things
        raise ImageError(
            tr("the file's image header is damaged, so Pillow cannot read it ({detail})").format(
                detail=_pil_detail(exc)
            ),
            subject=subject,
        ) from None


def _pil_detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return text if text else type(exc).__name__


def _unidentified_error(data: bytes, subject: str, suffix: str) -> ImageError:
    """Say as precisely as we can why Pillow could not identify ``data``."""
    size = _header_size(data)
    if size is not None:
        return ImageError(
            tr("the image has no pixels (it is {width}×{height})").format(width=size[0], height=size[1]),
            subject=subject,
        )
    accepted = ", ".join(ALLOWED_FORMATS)
    prefix = data[:16]
    for fmt in ALLOWED_FORMATS:
        if _accepts(fmt, prefix):
            return ImageError(
                tr(
                    "the file starts like a {format} image, but its header is damaged, so "
                    "Pillow cannot read it"
                ).format(format=fmt),
                subject=subject,
            )
    for fmt in Image.OPEN:
        if fmt not in ALLOWED_FORMATS and _accepts(fmt, prefix):
            return ImageError(
                tr(
                    "this is a {format} image, a format cnnviz does not open; accepted formats: {formats}"
                ).format(format=fmt, formats=accepted),
                subject=subject,
            )
    kind = next((f for f in ALLOWED_FORMATS if suffix in _FORMAT_SUFFIXES[f]), None)
    looks_like_text = b"\0" not in data[:4096] and _is_text(data[:4096])
    if kind and looks_like_text:
        message = tr("not an image file Pillow can read: it holds text (is it really a {format}?)").format(
            format=kind
        )
    elif kind:
        message = tr("not an image file Pillow can read (is it really a {format}?)").format(format=kind)
    elif looks_like_text:
        message = tr("not an image file Pillow can read: it holds text; accepted formats: {formats}").format(
            formats=accepted
        )
    else:
        message = tr("not an image file Pillow can read; accepted formats: {formats}").format(
            formats=accepted
        )
    return ImageError(message, subject=subject)


def _accepts(fmt: str, prefix: bytes) -> bool:
    """Whether Pillow's plugin for ``fmt`` recognises ``prefix`` (looks at bytes only)."""
    accept = Image.OPEN.get(fmt, (None, None))[1]
    if accept is None:
        return False
    try:
        return bool(accept(prefix))
    except Exception:
        return False


def _is_text(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the chunk is still text
        return exc.start >= len(chunk) - 3
    return bool(chunk.strip())


def _header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG/GIF/BMP/PPM header when one of them is 0, else None."""
    size: tuple[int, int] | None = None
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR" and len(data) >= 24:
        size = struct.unpack(">II", data[16:24])
    elif data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        size = struct.unpack("<HH", data[6:10])
    elif data[:2] == b"BM" and len(data) >= 26 and struct.unpack("<I", data[14:18])[0] >= 40:
        w, h = struct.unpack("<ii", data[18:26])
        size = (w, abs(h))
    else:
        match = _PPM_HEADER.match(data[:256])
        if match:
            size = (int(match[1]), int(match[2]))
    if size is not None and (size[0] == 0 or size[1] == 0):
        return size
    return None


def _first_frame(im: Image.Image, subject: str) -> str | None:
    """Stay on frame 0; return a note when the file holds several frames or pages."""
    try:
        count = int(getattr(im, "n_frames", 1))
        if count > 1:
            im.seek(0)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb_error(subject) from None
    except Exception:  # a damaged later frame: count unknown, frame 0 may still be fine
        try:
            im.seek(0)
        except Exception as exc:
            raise ImageError(
                tr("the image data is damaged, so it cannot be decoded ({detail})").format(
                    detail=_pil_detail(exc)
                ),
                subject=subject,
            ) from None
        return None
    if count <= 1:
        return None
    if getattr(im, "is_animated", False) and im.format in _ANIMATED_FORMATS:
        return tr("first frame of {count} (animated {format})").format(count=count, format=im.format)
    return tr("first frame of {count} (multi-page {format})").format(count=count, format=im.format)


def _apply_orientation(im: Image.Image) -> tuple[Image.Image, str | None]:
    """Apply the EXIF orientation; damaged EXIF leaves the image as it is, with a note."""
    try:
        orientation = im.getexif().get(ExifTags.Base.Orientation, 1)
        if orientation not in _FLIP_ORIENTATIONS:
            return im, None
        turned = ImageOps.exif_transpose(im)
    except Exception:
        return im, tr("its EXIF data is damaged, so it is shown unrotated")
    if turned is None:  # only with in_place=True; kept for type checkers
        return im, None
    return turned, tr("rotated as its EXIF orientation says")


def _pixels_from_pil(
    im: Image.Image, subject: str, fmt: str | None = None, file_mode: str | None = None
) -> tuple[np.ndarray, list[str]]:
    """(H, W, 3) float32 pixels in [0, 1] and notes, from a loaded Pillow image.

    ``fmt`` is the file's format and ``file_mode`` its mode (a transposed or
    reduced copy of the image has no format, and a reduced I;16 image is "I").
    """
    mode = im.mode
    sixteen = (file_mode or mode).startswith("I;16")
    try:
        if mode in _NUMERIC_MODES or mode.startswith("I;"):
            values = np.asarray(im)
            if values.ndim != 2 or values.dtype.kind not in "iuf":
                values = np.asarray(im.convert("F"))
            if sixteen or mode.startswith("I;16") or (mode == "I" and fmt in _SIXTEEN_BIT_AS_I):
                depth = "16"
            else:
                depth = "F" if mode == "F" else "32"
            grey, notes = _scale_to_unit(values, depth)
            return _grey_to_rgb(grey), notes
        if mode in _ALPHA_MODES or im.info.get("transparency") is not None:
            rgba = np.asarray(im.convert("RGBA"))
            rgb = rgba[:, :, :3].astype(np.float32)
            rgb /= 255.0
            alpha = rgba[:, :, 3]
            if alpha.min() == 255:
                return rgb, []
            pixels, note = _composite_on_white(rgb, alpha.astype(np.float32) / 255.0)
            return pixels, [note] if note else []
        rgb = np.asarray(im.convert("RGB")).astype(np.float32)
        rgb /= 255.0
        return rgb, []
    except MemoryError:
        raise ImageError(tr("the image is too large to fit in memory"), subject=subject) from None
    except (ValueError, OSError, TypeError) as exc:
        raise ImageError(
            tr("its colour mode {mode} cannot be converted to RGB ({detail})").format(
                mode=mode, detail=_pil_detail(exc)
            ),
            subject=subject,
        ) from None


def _composite_on_white(rgb: np.ndarray, alpha: np.ndarray) -> tuple[np.ndarray, str | None]:
    """``rgb`` (H, W, 3) float32 in [0, 1] over white with ``alpha`` (H, W) in [0, 1].

    ``rgb`` is a fresh array made by the caller and is overwritten (saves memory).
    """
    if alpha.size == 0 or float(alpha.min()) >= 1.0:
        return rgb, None
    a = alpha.astype(np.float32, copy=False)[:, :, None]
    rgb *= a
    rgb += 1.0 - a
    return rgb, tr("transparent pixels composited on white")


def _scale_to_unit(values: np.ndarray, depth: str) -> tuple[np.ndarray, list[str]]:
    """Scale ``values`` linearly from their own min..max to 0..1 (float32), with notes.

    ``depth`` is "16", "32" or "F" and only picks the note's wording. NaN becomes the
    lowest finite value, +inf the highest and -inf the lowest.
    """
    notes: list[str] = []
    work = values.astype(np.float32 if depth == "16" else np.float64, copy=False)
    if work.dtype.kind == "f" and values.dtype.kind == "f":
        finite = np.isfinite(work)
        bad = int(work.size - np.count_nonzero(finite))
        if bad:
            if bad == work.size:
                return np.zeros(work.shape, np.float32), [
                    tr("no pixel has a finite value (all are NaN or infinite), so the image is all black")
                ]
            lo = float(work[finite].min())
            hi = float(work[finite].max())
            work = np.nan_to_num(work, nan=lo, posinf=hi, neginf=lo)
            notes.append(
                tr(
                    "{count} NaN or infinite values replaced (NaN and −inf by the lowest value, "
                    "+inf by the highest)"
                ).format(count=bad)
            )
    lo = float(work.min())
    hi = float(work.max())
    if not hi > lo:
        notes.append(
            tr("every pixel has the same value ({value}), so the image is all black").format(
                value=_format_number(lo)
            )
        )
        return np.zeros(work.shape, np.float32), notes
    span = hi - lo
    if np.isfinite(span):
        out = (work - work.dtype.type(lo)) / work.dtype.type(span)  # type: ignore[operator]
    else:  # float64 values spanning more than the largest float
        out = (work / 2 - lo / 2) / (hi / 2 - lo / 2)  # type: ignore[operator]
    out = np.clip(out, 0.0, 1.0).astype(np.float32, copy=False)
    template = {
        "16": tr("16-bit values {lo}–{hi} scaled to 0–1"),
        "32": tr("32-bit values {lo}–{hi} scaled to 0–1"),
        "F": tr("floating-point values {lo}–{hi} scaled to 0–1"),
    }[depth]
    notes.insert(0, template.format(lo=_format_number(lo), hi=_format_number(hi)))
    return out, notes


def _format_number(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.4g}"


def _grey_to_rgb(grey: np.ndarray) -> np.ndarray:
    return np.repeat(grey[:, :, None], 3, axis=2)


def _make(
    pixels: np.ndarray,
    *,
    name: str,
    path: Path | None,
    fmt: str | None,
    mode: str,
    notes: list[str] | tuple[str, ...],
) -> LoadedImage:
    # ``pixels`` is always an array made here, so clipping it in place is safe.
    out = np.ascontiguousarray(pixels, dtype=np.float32)
    if not out.flags.writeable:
        out = out.copy()
    np.clip(out, 0.0, 1.0, out=out)
    out.flags.writeable = False
    return LoadedImage(pixels=out, name=name, path=path, format=fmt, mode=mode, notes=tuple(notes))
