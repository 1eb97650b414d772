"""What a drop or a paste holds, read as one image (or a clear reason why not).

Kept out of the main window: the window only asks :func:`read_mime` and opens
what it returns. Order of preference: local files (the first image file; a
note says when more were given), image data, encoded image bytes, a path typed
as text. Web addresses, empty or null images and text that is not a path are
refused with a message naming what was given (escaped, shortened).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMimeData

from cnnviz.app.qt_utils import qimage_to_array
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.images import IMAGE_SUFFIXES, LoadedImage, image_from_array, load_image_bytes
from cnnviz.core.text import printable

MAX_PATH_TEXT = 4096  # longer pasted text is no path anyone typed
SHOWN_TEXT = 80  # characters of refused text quoted in a message


class SourceError(CnnvizError):
    """A drop or paste that holds no usable image."""


@dataclass(frozen=True)
class ImageSource:
    """Either a file to open (``path``) or an image already decoded (``image``)."""

    path: Path | None = None
    image: LoadedImage | None = None
    notes: tuple[str, ...] = field(default=())


def _quoted(text: str) -> str:
    shown = printable(text[:SHOWN_TEXT])
    return shown + ("…" if len(text) > SHOWN_TEXT else "")


def _path_from_text(text: str) -> Path | None:
    if not text or len(text) > MAX_PATH_TEXT or "\n" in text or "\x00" in text:
        return None
    try:
        path = Path(text).expanduser()  # "~nosuchuser/x.png" raises RuntimeError
        return path if path.is_file() else None
    except (RuntimeError, OSError, ValueError):
        return None


def read_mime(mime: QMimeData | None, source: str) -> ImageSource:
    """The image in ``mime``; raises :class:`SourceError` saying what was there instead."""
    if mime is None:
        raise SourceError(tr("Nothing to paste: the clipboard is empty."))
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if files:
        images = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES] or files
        notes: tuple[str, ...] = ()
        if len(files) > 1:
            notes = (
                tr("{n} files were given; cnnviz shows one image at a time and opened {name}.").format(
                    n=len(files), name=printable(images[0].name)
                ),
            )
        return ImageSource(path=images[0], notes=notes)
    if mime.hasImage():
        qimage = mime.imageData()
        if (
            qimage is None
            or getattr(qimage, "isNull", lambda: True)()
            or qimage.width() * qimage.height() == 0
        ):
            raise SourceError(tr("The {source} holds an empty image.").format(source=source))
        array = qimage_to_array(qimage)
        return ImageSource(image=image_from_array(array, name=source))
    for fmt in mime.formats():
        if fmt.startswith("image/"):
            data = bytes(mime.data(fmt).data())
            if not data:
                raise SourceError(tr("The {source} holds an empty image.").format(source=source))
            return ImageSource(image=load_image_bytes(data, name=source))
    for url in mime.urls():
        if url.scheme() in ("http", "https"):
            raise SourceError(
                tr(
                    "{url} is a web address; cnnviz opens files. Save the image first, then drop the file."
                ).format(url=_quoted(url.toString()))
            )
    text = mime.text().strip() if mime.hasText() else ""
    path = _path_from_text(text)
    if path is not None:
        return ImageSource(path=path)
    if text:
        raise SourceError(
            tr("No image in the {source}: the text “{text}” is not the path of an existing file.").format(
                source=source, text=_quoted(text)
            )
        )
    raise SourceError(tr("No image found in the {source}.").format(source=source))
