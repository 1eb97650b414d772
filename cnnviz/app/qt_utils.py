"""Small Qt helpers: numpy -> QImage without per-pixel Python, blocking signals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QFont, QFontDatabase, QImage
from PySide6.QtWidgets import QPlainTextEdit


@contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Update widgets from the model without their signals echoing back."""
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, previous, strict=False):
            obj.blockSignals(was)


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def color_table(lut: np.ndarray) -> list[int]:
    """A (256, 3|4) uint8 lookup table as QImage colour table entries (0xAARRGGBB)."""
    rgb = np.asarray(lut, dtype=np.uint32)
    values = (0xFF << 24) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
    return [int(v) for v in values]


def indexed_image(indices: np.ndarray, table: list[int]) -> QImage:
    """Wrap a 2-D uint8 array as an Indexed8 QImage (no copy).

    The QImage refers to the array's memory: the array is attached to the image
    object so it lives as long as the image does.
    """
    data = np.ascontiguousarray(indices, dtype=np.uint8)
    h, w = data.shape
    image = QImage(data.data, w, h, w, QImage.Format.Format_Indexed8)
    image.setColorTable(table)
    image._cnnviz_buffer = data  # type: ignore[attr-defined]  # keep the memory alive
    return image


def rgb_image(rgb: np.ndarray) -> QImage:
    """Wrap an (H, W, 3) uint8 array as an RGB888 QImage (no copy; memory kept alive)."""
    data = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = data.shape
    image = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    image._cnnviz_buffer = data  # type: ignore[attr-defined]
    return image


def qimage_to_array(image: QImage) -> np.ndarray:
    """A copy of ``image`` as an (H, W, 4) uint8 RGBA array (for clipboard images, tests)."""
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888)
    h, w = converted.height(), converted.width()
    buffer = np.frombuffer(converted.constBits(), dtype=np.uint8, count=converted.sizeInBytes())
    return buffer.reshape(h, converted.bytesPerLine())[:, : 4 * w].reshape(h, w, 4).copy()


def human_count(n: int) -> str:
    """A large count in a few characters: 7077888 -> '7.1 M'."""
    for unit, size in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return str(n)


def code_view(object_name: str) -> QPlainTextEdit:
    """A read-only, unwrapped, monospaced text box (code, arithmetic laid out in columns)."""
    view = QPlainTextEdit()
    view.setObjectName(object_name)
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    view.setFont(font)
    return view
