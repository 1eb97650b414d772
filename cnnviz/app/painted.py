"""Text widgets painted directly, for text that changes on every keystroke.

Rich-text QLabels re-lay out their document and their parent layout whenever
their text changes; with a dozen of them updated per change that blocked the
event loop for 20 ms while a slider was dragged (measured by ``cnnviz bench``).
These widgets keep their geometry unless the number of lines changes, and a
new text only costs a repaint.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

TEXT = QColor(32, 33, 36)
MUTED = QColor(95, 107, 122)
PROBLEM = QColor(179, 38, 30)


@dataclass(frozen=True)
class Line:
    """One logical line: wrapped at spaces when it does not fit."""

    text: str
    bold: bool = False
    muted: bool = False
    mono: bool = False
    problem: bool = False


def _wrap(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    if metrics.horizontalAdvance(text) <= width or " " not in text:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and metrics.horizontalAdvance(candidate) > width:
            lines.append(current)
            current = "  " + word  # continuation lines are indented a little
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


class TextBlock(QWidget):
    """Lines of plain text in a light box, painted; relayout only when the line count changes."""

    def __init__(self, parent: QWidget | None = None, *, boxed: bool = True) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []
        self.boxed = boxed
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._height = 0
        self._mono = QFont("DejaVu Sans Mono")
        self._mono.setStyleHint(QFont.StyleHint.Monospace)
        self._mono.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.88))

    def _font(self, line: Line) -> QFont:
        font = QFont(self._mono) if line.mono else QFont(self.font())
        if line.bold:
            font.setBold(True)
        if line.muted and not line.mono:
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92))
        return font

    def _layout(self, width: float) -> list[tuple[Line, str, QFont]]:
        out = []
        pad = 8 if self.boxed else 0
        for line in self.lines:
            font = self._font(line)
            for part in _wrap(line.text, QFontMetricsF(font), max(20.0, width - pad)):
                out.append((line, part, font))
        return out

    def _height_for(self, width: float) -> int:
        total = sum(QFontMetricsF(font).lineSpacing() for _, _, font in self._layout(width))
        return int(total + (8 if self.boxed else 0) + 0.999)

    def set_lines(self, lines: list[Line]) -> None:
        if lines == self.lines:
            return
        self.lines = list(lines)
        height = self._height_for(self.width() if self.width() > 50 else 280)
        if height != self._height:
            self._height = height
            self.updateGeometry()
        self.update()

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def sizeHint(self) -> QSize:
        return QSize(260, self._height_for(self.width() if self.width() > 50 else 280))

    def resizeEvent(self, event: object) -> None:
        height = self._height_for(self.width())
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        if self.boxed:
            painter.setPen(QColor(225, 229, 235))
            painter.setBrush(QColor(244, 246, 249))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        y = 4.0 if self.boxed else 0.0
        x = 4.0 if self.boxed else 0.0
        for line, part, font in self._layout(rect.width()):
            metrics = QFontMetricsF(font)
            painter.setFont(font)
            painter.setPen(PROBLEM if line.problem else MUTED if line.muted else TEXT)
            painter.drawText(
                QRectF(x, y, rect.width() - 2 * x, metrics.lineSpacing()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                part,
            )
            y += metrics.lineSpacing()


class ChipStrip(QWidget):
    """Stage names over their shapes, joined by arrows, wrapped onto rows as needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips: list[tuple[str, str, bool]] = []  # (name, shape, problem)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rows = 1
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        self._bold = QFont(self.font())
        self._bold.setBold(True)

    def _places(self, width: float) -> list[tuple[int, float, float]]:
        """(row, x, chip width) per chip."""
        small, bold = QFontMetricsF(self._small), QFontMetricsF(self._bold)
        arrow = bold.horizontalAdvance(" → ")
        places, row, x = [], 0, 0.0
        for i, (name, shape, _) in enumerate(self.chips):
            w = max(small.horizontalAdvance(name), bold.horizontalAdvance(shape))
            lead = arrow if i else 0.0
            if i and x + lead + w > width:
                row, x = row + 1, 0.0
                lead = arrow
            places.append((row, x + lead, w))
            x += lead + w
        return places

    def _row_height(self) -> float:
        return QFontMetricsF(self._small).lineSpacing() + QFontMetricsF(self._bold).lineSpacing() + 2

    def set_chips(self, chips: list[tuple[str, str, bool]]) -> None:
        if chips == self.chips:
            return
        self.chips = chips
        rows = (self._places(max(self.width(), 200))[-1][0] + 1) if chips else 1
        if rows != self._rows:
            self._rows = rows
            self.setFixedHeight(int(rows * self._row_height()) + 2)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, int(self._rows * self._row_height()) + 2)

    def resizeEvent(self, event: object) -> None:
        if self.chips:
            rows = self._places(self.width())[-1][0] + 1
            if rows != self._rows:
                self._rows = rows
                self.setFixedHeight(int(rows * self._row_height()) + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        small, bold = QFontMetricsF(self._small), QFontMetricsF(self._bold)
        row_h = self._row_height()
        arrow = bold.horizontalAdvance(" → ")
        for i, ((name, shape, problem), (row, x, w)) in enumerate(
            zip(self.chips, self._places(self.width()), strict=True)
        ):
            y = row * row_h
            if i:
                painter.setFont(self._bold)
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(x - arrow, y + small.lineSpacing(), arrow, bold.lineSpacing()),
                    Qt.AlignmentFlag.AlignCenter,
                    "→",
                )
            painter.setFont(self._small)
            painter.setPen(PROBLEM if problem else MUTED)
            painter.drawText(QRectF(x, y, w, small.lineSpacing()), Qt.AlignmentFlag.AlignCenter, name)
            painter.setFont(self._bold)
            painter.setPen(PROBLEM if problem else TEXT)
            painter.drawText(
                QRectF(x, y + small.lineSpacing(), w, bold.lineSpacing()), Qt.AlignmentFlag.AlignCenter, shape
            )


class TableView(QWidget):
    """A small table of text, painted; columns sized to their widest cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.footer = ""
        self.footer_problem = False
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._count = -1

    def set_table(
        self, header: list[str], rows: list[list[str]], footer: str = "", footer_problem: bool = False
    ) -> None:
        if (header, rows, footer, footer_problem) == (
            self.header,
            self.rows,
            self.footer,
            self.footer_problem,
        ):
            return
        self.header, self.rows, self.footer, self.footer_problem = header, rows, footer, footer_problem
        if len(rows) != self._count:
            self._count = len(rows)
            self.setFixedHeight(self.sizeHint().height())
        # Never narrower than its text: a narrow window scrolls instead of cutting columns off.
        natural = self.natural_width()
        if natural != self.minimumWidth():
            self.setMinimumWidth(natural)
            self.updateGeometry()
        self.update()

    def _column_widths(self) -> list[float]:
        normal, bold = QFontMetricsF(self.font()), QFontMetricsF(self._bold)
        widths = [bold.horizontalAdvance(h) for h in self.header]
        for row in self.rows:
            for i, cell in enumerate(row):
                widths[i] = max(
                    widths[i], bold.horizontalAdvance(cell) if i == 1 else normal.horizontalAdvance(cell)
                )
        return widths

    def natural_width(self) -> int:
        """The width that shows every column and the footer whole."""
        widths = self._column_widths()
        columns = sum(widths) + 16.0 * max(0, len(widths) - 1)
        footer = QFontMetricsF(self.font()).horizontalAdvance(self.footer) if self.footer else 0.0
        return int(max(columns, footer)) + 4

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).lineSpacing()
        return QSize(max(420, self.natural_width()), int((len(self.rows) + 2) * line + 6))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.natural_width(), self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        normal = QFontMetricsF(self.font())
        line = normal.lineSpacing()
        widths = self._column_widths()
        gap = 16.0
        x_positions = [0.0]
        for w in widths[:-1]:
            x_positions.append(x_positions[-1] + w + gap)
        painter.setFont(self._bold)
        painter.setPen(MUTED)
        for x, text in zip(x_positions, self.header, strict=True):
            painter.drawText(
                QRectF(x, 0, 400, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
            )
        for r, row in enumerate(self.rows, start=1):
            for i, (x, text) in enumerate(zip(x_positions, row, strict=True)):
                painter.setFont(self._bold if i == 1 else self.font())
                painter.setPen(TEXT)
                painter.drawText(
                    QRectF(x, r * line, widths[i] + gap, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
        if self.footer:
            painter.setFont(self.font())
            painter.setPen(PROBLEM if self.footer_problem else MUTED)
            painter.drawText(
                QRectF(0, (len(self.rows) + 1) * line + 4, self.width(), line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.footer,
            )
