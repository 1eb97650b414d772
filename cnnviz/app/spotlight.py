"""A visible outline around a widget: what a lesson's step is about.

:class:`Spotlight` is a child of the widget it marks, as large as that widget,
transparent to the mouse and painted above its content, so it works on any
widget (a panel frame, a sidebar control) without touching its style sheet.
It follows the widget's size, and the widget carries the Qt property
``lessonFocus=True`` while it is marked (for style sheets and tests). Deleting
the widget deletes its outline with it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

COLOUR = QColor(227, 116, 0)  # orange: apart from the blue shape labels and the red problems
WIDTH = 3.0


class Spotlight(QWidget):
    """An orange outline drawn over ``target`` until :meth:`release`."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.target = target
        self.setObjectName("lesson-spotlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        target.installEventFilter(self)
        target.setProperty("lessonFocus", True)
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        self.setGeometry(self.target.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self._fit()
            self.raise_()  # above children added later (a panel's tiles arrive after it is built)
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(COLOUR, WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 6, 6)

    def release(self) -> None:
        """Take the outline away (the target may already be gone with its panel)."""
        try:
            self.target.removeEventFilter(self)
            self.target.setProperty("lessonFocus", False)
        except RuntimeError:  # the target was deleted (a rebuilt panel): nothing left to mark
            return
        self.hide()
        self.setParent(None)
        self.deleteLater()
