"""Text widgets painted directly, for text that changes on every keystroke.

Rich-text QLabels re-lay out their document and their parent layout whenever
their text changes; with a dozen of them updated per change that blocked the
event loop for 20 ms while a slider was dragged (measured by ``cnnviz bench``).
These widgets keep their geometry unless the number of lines changes, and a
new text only costs a repaint.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QStaticText
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


class StaticTexts:
    """Laid-out text kept between paints (QStaticText) and text widths kept between layouts: drawing
    or measuring a cell then skips shaping it again, which was most of the time these widgets took
    at every step of a dragged slider. ``slot`` names the font (one of the widget's few fonts;
    :meth:`clear` when the widget's font changes)."""

    def __init__(self) -> None:
        self._texts: dict[tuple[object, str], QStaticText] = {}
        self._advances: dict[tuple[object, str], float] = {}

    def clear(self) -> None:
        self._texts.clear()
        self._advances.clear()

    def advance(self, metrics: QFontMetricsF, text: str, slot: object) -> float:
        key = (slot, text)
        found = self._advances.get(key)
        if found is None:
            if len(self._advances) > 4000:
                self._advances.clear()
            found = self._advances[key] = metrics.horizontalAdvance(text)
        return found

    def draw(self, painter: QPainter, rect: QRectF, text: str, slot: object, align: str = "left") -> None:
        """``text`` in the painter's font (called ``slot``), vertically centred in ``rect``;
        aligned left, right or centred."""
        key = (slot, text)
        static = self._texts.get(key)
        if static is None:
            if len(self._texts) > 2000:
                self._texts.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(painter.transform(), painter.font())
            self._texts[key] = static
        size = static.size()
        spare = rect.width() - size.width()
        x = rect.x() + (spare / 2 if align == "center" else spare if align == "right" else 0.0)
        y = rect.y() + (rect.height() - size.height()) / 2
        painter.drawStaticText(QPointF(x, y), static)


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
        # Layout queries (heightForWidth, sizeHint, paint) ask for the same widths again and again
        # while a slider is dragged; shaping the text each time was a tenth of the GUI thread's time.
        self._fonts: dict[tuple[bool, bool, bool], tuple[QFont, QFontMetricsF]] = {}
        self._wrapped: dict[tuple[bool, bool, bool, str, float], list[str]] = {}  # a line's parts at a width
        self._static = StaticTexts()

    def _font(self, line: Line) -> tuple[QFont, QFontMetricsF]:
        key = (line.mono, line.bold, line.muted)
        found = self._fonts.get(key)
        if found is None:
            font = QFont(self._mono) if line.mono else QFont(self.font())
            if line.bold:
                font.setBold(True)
            if line.muted and not line.mono:
                font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92))
            found = self._fonts[key] = (font, QFontMetricsF(font))
        return found

    def _layout(self, width: float) -> list[tuple[Line, str, QFont, float]]:
        """(line, wrapped part, font, line spacing) for each row at ``width`` (lines wrapped once)."""
        out = []
        pad = 8 if self.boxed else 0
        for line in self.lines:
            font, metrics = self._font(line)
            spacing = metrics.lineSpacing()
            key = (line.mono, line.bold, line.muted, line.text, max(20.0, width - pad))
            parts = self._wrapped.get(key)
            if parts is None:
                if len(self._wrapped) > 2000:
                    self._wrapped.clear()
                parts = self._wrapped[key] = _wrap(line.text, metrics, key[-1])
            for part in parts:
                out.append((line, part, font, spacing))
        return out

    def _height_for(self, width: float) -> int:
        total = sum(spacing for _, _, _, spacing in self._layout(width))
        return int(total + (8 if self.boxed else 0) + 0.999)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts.clear()
            self._wrapped.clear()
            self._static.clear()
        super().changeEvent(event)

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
        bottom = event.rect().bottom() + 1
        for line, part, font, spacing in self._layout(rect.width()):
            if y > bottom:
                break  # below the part to repaint
            painter.setFont(font)
            painter.setPen(PROBLEM if line.problem else MUTED if line.muted else TEXT)
            slot = (line.mono, line.bold, line.muted)
            self._static.draw(painter, QRectF(x, y, rect.width() - 2 * x, spacing), part, slot)
            y += spacing


class ChipStrip(QWidget):
    """Stage names over their shapes, joined by arrows, wrapped onto rows as needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips: list[tuple[str, str, bool]] = []  # (name, shape, problem)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rows = 1
        self._placed: tuple[float, list[tuple[int, float, float]]] | None = None
        self._static = StaticTexts()
        self._make_fonts()

    def _make_fonts(self) -> None:
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._placed = None
        self._static.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._make_fonts()
        super().changeEvent(event)

    def _places(self, width: float) -> list[tuple[int, float, float]]:
        """(row, x, chip width) per chip (the last answer is kept: paint and resize ask again)."""
        if self._placed is not None and self._placed[0] == width:
            return self._placed[1]
        places = self._measure(width)
        self._placed = (width, places)
        return places

    def _measure(self, width: float) -> list[tuple[int, float, float]]:
        small, bold = QFontMetricsF(self._small), QFontMetricsF(self._bold)
        measure = self._static.advance
        arrow = measure(bold, " → ", "bold")
        places, row, x = [], 0, 0.0
        for i, (name, shape, _) in enumerate(self.chips):
            w = max(measure(small, name, "small"), measure(bold, shape, "bold"))
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
        self._placed = None
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
        arrow = self._static.advance(bold, " → ", "bold")
        for i, ((name, shape, problem), (row, x, w)) in enumerate(
            zip(self.chips, self._places(self.width()), strict=True)
        ):
            y = row * row_h
            if i:
                painter.setFont(self._bold)
                painter.setPen(MUTED)
                self._static.draw(
                    painter,
                    QRectF(x - arrow, y + small.lineSpacing(), arrow, bold.lineSpacing()),
                    "→",
                    "bold",
                    "center",
                )
            painter.setFont(self._small)
            painter.setPen(PROBLEM if problem else MUTED)
            self._static.draw(painter, QRectF(x, y, w, small.lineSpacing()), name, "small", "center")
            painter.setFont(self._bold)
            painter.setPen(PROBLEM if problem else TEXT)
            self._static.draw(
                painter, QRectF(x, y + small.lineSpacing(), w, bold.lineSpacing()), shape, "bold", "center"
            )


class TableView(QWidget):
    """A small table of text, painted; columns sized to their widest cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.footer = ""
        self.footer_problem = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._count = -1
        self._widths: list[float] | None = None  # of the current cells (paint and size hints reuse them)
        self._static = StaticTexts()
        self._make_fonts()

    def _make_fonts(self) -> None:
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._widths = None
        self._static.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._make_fonts()
        super().changeEvent(event)

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
        self._widths = None
        rows_changed = len(rows) != self._count
        if rows_changed:
            self._count = len(rows)
            self.setFixedHeight(self.sizeHint().height())
        # Never narrower than its text: a narrow window scrolls instead of cutting columns off. While
        # the same network's numbers change (a dragged slider) it only widens: a new width re-lays out
        # the whole summary, at every step.
        natural = self.natural_width()
        if natural > self.minimumWidth() or (rows_changed and natural != self.minimumWidth()):
            self.setMinimumWidth(natural)
            self.updateGeometry()
        self.update()

    def _column_widths(self) -> list[float]:
        if self._widths is None:
            self._widths = self._measure_columns()
        return self._widths

    def _measure_columns(self) -> list[float]:
        normal, bold = QFontMetricsF(self.font()), QFontMetricsF(self._bold)
        measure = self._static.advance
        widths = [measure(bold, h, "bold") for h in self.header]
        for row in self.rows:
            for i, cell in enumerate(row):
                width = measure(bold, cell, "bold") if i == 1 else measure(normal, cell, "normal")
                widths[i] = max(widths[i], width)
        return widths

    def natural_width(self) -> int:
        """The width that shows every column and the footer whole."""
        widths = self._column_widths()
        columns = sum(widths) + 16.0 * max(0, len(widths) - 1)
        footer = (
            self._static.advance(QFontMetricsF(self.font()), self.footer, "normal") if self.footer else 0.0
        )
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
            self._static.draw(painter, QRectF(x, 0, 400, line), text, "bold")
        painter.setPen(TEXT)
        first, last = int(event.rect().top() // line), int(event.rect().bottom() // line) + 1
        normal_font = self.font()
        for r, row in enumerate(self.rows, start=1):
            if not first <= r <= last:
                continue  # outside the part to repaint
            for i, (x, text) in enumerate(zip(x_positions, row, strict=True)):
                bold_cell = i == 1  # the output shape
                if i <= 2:  # the font changes only around the bold column
                    painter.setFont(self._bold if bold_cell else normal_font)
                slot = "bold" if bold_cell else "normal"
                self._static.draw(painter, QRectF(x, r * line, widths[i] + gap, line), text, slot)
        if self.footer:
            painter.setFont(self.font())
            painter.setPen(PROBLEM if self.footer_problem else MUTED)
            footer_rect = QRectF(0, (len(self.rows) + 1) * line + 4, self.width(), line)
            self._static.draw(painter, footer_rect, self.footer, "normal")
