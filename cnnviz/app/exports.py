"""The window's exports: the view or one panel as PNG, the stages as ``.npz``.

Each says what it shows, as the contact sheet does (:mod:`cnnviz.core.exports`):
a footer drawn under the picture and the same keys as PNG text chunks, or a
JSON entry in the ``.npz``. Files are written atomically (a failure leaves the
old file, never a partial one).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPixmap

from cnnviz.core.exports import footer_lines, stages_npz
from cnnviz.core.safe_io import OutputError, atomic_write_bytes

FOOTER_PADDING = 8


def with_footer(pixmap: QPixmap, metadata: Mapping[str, str]) -> QImage:
    """``pixmap`` with the export's description written under it, and as PNG text."""
    lines = footer_lines(metadata)
    font = QFont()
    font.setPointSize(9)
    metrics = QFontMetrics(font)
    line_height = metrics.lineSpacing()
    footer = 2 * FOOTER_PADDING + line_height * len(lines)
    source = pixmap.toImage()
    width = max(source.width(), max(metrics.horizontalAdvance(line) for line in lines) + 2 * FOOTER_PADDING)
    image = QImage(width, source.height() + footer, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, source)
    painter.setFont(font)
    painter.setPen(QColor(60, 60, 60))
    for i, line in enumerate(lines):
        rect = QRect(FOOTER_PADDING, source.height() + FOOTER_PADDING + i * line_height, width, line_height)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    painter.end()
    for key, value in metadata.items():
        image.setText(key, value)
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OutputError("Qt could not encode the picture as PNG")
    buffer.close()
    return bytes(data.data())


def save_png(pixmap: QPixmap, path: str | Path, metadata: Mapping[str, str]) -> Path:
    """Write ``pixmap`` with its footer to ``path`` (raises OutputError, nothing half-written)."""
    return atomic_write_bytes(path, png_bytes(with_footer(pixmap, metadata)))


def save_npz(
    input_values: object, stages: Mapping[str, object], path: str | Path, metadata: Mapping[str, str]
) -> Path:
    """Write the input and every stage as arrays, with the metadata as a JSON entry."""
    return atomic_write_bytes(path, stages_npz(input_values, stages, metadata))  # type: ignore[arg-type]
