"""A titled panel frame: stage name, what it shows, its shape, a menu button, and stale marks.

Each panel is named ``stage:<stage>`` and holds a label ``shape:<stage>`` with
the shape the *current* settings give that stage (``16 × 128 × 128``), never a
shape they do not produce. When the maps shown belong to other settings (the
current ones cannot be computed, or are being computed) the panel carries the
Qt property ``stale=True``, is drawn faded and says which result it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from cnnviz.app.layout import PANEL_MARGIN_X
from cnnviz.app.painted import StaticTexts
from cnnviz.app.style import SHAPE_BADGE_BACKGROUND, SHAPE_BADGE_TEXT
from cnnviz.core.i18n import tr

# A note that only says the maps are being computed appears once they have been for this long.
# The faded maps say at once that they are not current; the note says why. Shown and hidden at
# every change, the notes were measured (cProfile and thread CPU time over ``cnnviz bench``'s
# updates at 256×256) to cost 12–16 ms of the GUI thread's 34 per update: Qt repaints the panel
# and the maps under a note each time it appears or goes. Updates that finish sooner, and a drag
# whose results keep coming, now show no note at all.
COMPUTING_NOTE_DELAY_MS = 250


def kind_words(kind: str) -> str:
    return {
        "input": tr("what the network sees"),
        "conv": tr("feature maps (signed)"),
        "relu": tr("activation maps (ReLU)"),
        "pool": tr("pooled maps"),
        "flatten": tr("flattened vector"),
        "fc": tr("class scores (softmax)"),
    }.get(kind, kind)


class _ShapeLabel(QLabel):
    """The shape in a panel's header, at a fixed size that only widens while the shape changes.

    A label of fixed size never asks its panel for a new layout (Qt skips updateGeometry then):
    while a slider is dragged the shape changes at every step, and re-laying out every panel for
    it cost more than painting it. A fixed-size QLabel's own size hint is its fixed size, so the
    text is measured on a hidden twin with the same style (hidden: its changes lay out nothing).
    """

    # The badge in the style sheet's colours (its rule QLabel[shapeLabel="true"] sizes it), painted here.
    BACKGROUND = QColor(SHAPE_BADGE_BACKGROUND)
    FOREGROUND = QColor(SHAPE_BADGE_TEXT)
    PADDING_X = 6

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._twin = QLabel(self)
        self._twin.setProperty("shapeLabel", True)
        self._twin.hide()
        self._texts = StaticTexts()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The badge and its text, laid out once per text: every panel's shape changes at every step
        of a dragged slider, and the style sheet's painting of a selectable label took ~0.4 ms per
        label per step (seven labels; counted per widget during ``cnnviz bench``'s stream)."""
        if self.hasSelectedText():  # a selection is drawn by the label itself
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.BACKGROUND)
        painter.drawRoundedRect(QRectF(self.rect()), 4, 4)
        painter.setPen(self.FOREGROUND)
        painter.setFont(self.font())
        text_rect = QRectF(self.rect()).adjusted(self.PADDING_X, 0, -self.PADDING_X, 0)
        self._texts.draw(painter, text_rect, self.text(), "shape", align="right")

    def natural_size(self) -> QSize:
        """The size this text needs, with the style sheet's padding."""
        self._twin.setText(self.text())
        self._twin.setFont(self.font())
        self._twin.ensurePolished()
        return self._twin.sizeHint()

    def fit(self) -> None:
        """Widen to the text if it needs more room (never narrower: see the class)."""
        hint = self.natural_size()
        if hint.width() > self.minimumWidth() or hint.height() != self.minimumHeight():
            self.setFixedSize(max(hint.width(), self.minimumWidth()), hint.height())

    def compact(self) -> None:
        """Narrow to the text again (once the window is idle: a shorter shape left room unused)."""
        hint = self.natural_size()
        if hint.width() < self.minimumWidth():
            self.setFixedSize(hint)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._texts.clear()
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        self.fit()  # polished by now (the window's style sheet reaches it once it is in the window)
        super().showEvent(event)


class _ElidedLabel(QLabel):
    """One line of text that ends in "…" where there is no room for all of it (whole in its tooltip)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.full_text = text
        self.setToolTip(text)
        self.setMinimumWidth(10)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # of the text shown now; the whole text is what it asks for
        return QSize(self.fontMetrics().horizontalAdvance(self.full_text) + 2, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(10, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width())
        if shown != self.text():
            self.setText(shown)


class PanelFrame(QFrame):
    """A titled frame with the stage name, its shape and a menu button."""

    def __init__(self, stage: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.kind = kind
        self.setObjectName(f"stage:{stage}")
        self.setProperty("stagePanel", True)
        self.setProperty("stale", False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PANEL_MARGIN_X, 6, PANEL_MARGIN_X, 8)
        outer.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(6)
        self.title = QLabel(f"<b>{stage}</b>")
        self.title.setObjectName(f"title:{stage}")
        self.subtitle = _ElidedLabel(kind_words(kind))  # "…" where a narrow panel has no room for it
        self.subtitle.setProperty("muted", True)
        self.shape_label = _ShapeLabel("")
        self.shape_label.setObjectName(f"shape:{stage}")
        self.shape_label.setProperty("shapeLabel", True)
        self.shape_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shape_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.title)
        header.addWidget(self.subtitle, 1)
        header.addWidget(self.shape_label)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName(f"menu:{stage}")
        self.menu_button.setText("⋯")
        self.menu_button.setToolTip(tr("Colormap, range, histogram and export for this panel"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setAutoRaise(True)
        header.addWidget(self.menu_button)
        outer.addLayout(header)
        self._header = header
        # Laid over the top of the body, not in the layout: showing and hiding it (at every change of
        # a dragged slider, "computing…" and back) then costs a repaint, not a re-layout of every panel.
        self.stale_note = QLabel(self)
        self.stale_note.setObjectName(f"stale:{stage}")
        self.stale_note.setProperty("staleNote", True)
        self.stale_note.setWordWrap(True)
        self.stale_note.setAutoFillBackground(True)
        self.stale_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.stale_note.setVisible(False)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(COMPUTING_NOTE_DELAY_MS)
        self._note_timer.timeout.connect(self._show_note)
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        outer.addLayout(self.body)

    @property
    def stale(self) -> bool:
        return bool(self.property("stale"))

    def set_shape_text(self, text: str) -> None:
        if text != self.shape_label.text():
            self.shape_label.setText(text)
            self.shape_label.fit()

    def set_stale(self, stale: bool, note: str = "", *, computing: bool = False) -> None:
        """Mark the content as belonging to other settings (``note`` says which), or as current.

        The content fades at once. With ``computing`` (the newest settings are being
        computed), a note not already on screen appears only if the content is still
        stale after ``COMPUTING_NOTE_DELAY_MS``; any other note appears at once.
        """
        text = note if stale else ""
        if stale != self.stale:
            # The property is for tests and scripts; no style rule reads it (restyling the frame
            # repainted the whole panel, every child included, at each step of a dragged slider).
            self.setProperty("stale", stale)
            self._dim(stale)
        if text != self.stale_note.text():
            self.stale_note.setText(text)
            if text and not self.stale_note.isHidden():  # on the panel: its height may change
                self._place_note()
        if not text:
            self._note_timer.stop()
            if not self.stale_note.isHidden():
                self.stale_note.setVisible(False)
        elif self.stale_note.isHidden():
            if computing:
                if not self._note_timer.isActive():
                    self._note_timer.start()
            else:
                self._show_note()

    @property
    def note_shown(self) -> bool:
        """Whether the stale note is on the panel now (not only waiting for its delay)."""
        return not self.stale_note.isHidden()

    def _show_note(self) -> None:
        self._note_timer.stop()
        if self.stale_note.text() and self.stale_note.isHidden():
            self._place_note()
            self.stale_note.setVisible(True)
            self.stale_note.raise_()

    def _place_note(self) -> None:
        margins = self.contentsMargins()
        left = PANEL_MARGIN_X + margins.left()
        width = max(40, self.width() - 2 * left)
        top = max(self._header.geometry().bottom() + 3, margins.top() + 22)
        self.stale_note.setGeometry(left, top, width, self.stale_note.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.stale_note.text():
            self._place_note()

    def _dim(self, dimmed: bool) -> None:
        """Fade the content (subclasses fade what they draw)."""
