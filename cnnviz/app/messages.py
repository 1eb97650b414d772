"""Messages in the window instead of tracebacks: a message bar and exception hooks.

Unexpected exceptions in slots (``sys.excepthook``) and in threads
(``threading.excepthook``) are logged with their traceback and shown as
"something went wrong"; the app keeps running (the idea of napari's
``utils/notifications.py``).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr

log = logging.getLogger("cnnviz")

INFO_SECONDS = 8


class MessageBar(QFrame):
    """One message at a time above the panels, coloured by level, with a close button."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setObjectName("message-text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(
            self.label.textInteractionFlags() | self.label.textInteractionFlags().TextSelectableByMouse
        )
        layout.addWidget(self.label, 1)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(tr("Dismiss"))
        close.clicked.connect(self.dismiss)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.level = ""
        self.topic = ""
        self.history: list[tuple[str, str]] = []
        self.setVisible(False)

    def show_message(self, level: str, text: str, topic: str = "") -> None:
        """Show ``text``; ``topic`` ("image", "weights", …) lets a later success clear it."""
        self.level = level
        self.topic = topic
        self.history.append((level, text))
        del self.history[:-200]
        self.label.setText(text)
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(True)
        if level == "info":
            self._timer.start(INFO_SECONDS * 1000)
        else:
            self._timer.stop()

    def clear_topic(self, topic: str) -> None:
        """The cause of the shown message was fixed: take it away (other topics stay)."""
        if self.isVisible() and self.topic == topic and self.level != "info":
            self.dismiss()

    def dismiss(self) -> None:
        self.setVisible(False)
        self.topic = ""
        self.closed.emit()

    def text(self) -> str:
        return self.label.text()


Reporter = Callable[[str, str], None]
_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    """Where unexpected errors are shown (the main window's message bar)."""
    global _reporter
    _reporter = reporter


def report_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if isinstance(exc, CnnvizError):
        text = str(exc)
        log.warning("%s", text)
        level = "error"
    else:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        text = tr(
            "Something went wrong ({kind}: {text}). cnnviz keeps running; details are in the log."
        ).format(kind=exc_type.__name__, text=str(exc)[:200])
        level = "error"
    if _reporter is not None:
        try:
            _reporter(level, text)
        except Exception:  # reporting must never raise inside the hook
            log.exception("could not show an error message")


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    report_exception(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install_exception_hooks() -> None:
    sys.excepthook = report_exception
    threading.excepthook = _thread_hook
