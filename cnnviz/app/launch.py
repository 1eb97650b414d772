"""Starting the desktop app: display check, Qt application, logging (the language: app/language.py)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from cnnviz.core.i18n import tr
from cnnviz.core.settings import Settings

EXIT_NO_DISPLAY = 2


def display_problem() -> str | None:
    """Why no window can be shown here, or None if one can.

    On Linux without X11 or Wayland, Qt would abort inside its platform plugin;
    saying so in one line is kinder.
    """
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs…: the user chose
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return tr(
        "cnnviz: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window cannot open; "
        "'cnnviz render IMAGE -o sheet.png' draws every stage to a PNG without one."
    )


def log_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "cnnviz" / "cnnviz.log"


def configure_logging() -> Path | None:
    root = logging.getLogger()
    if root.handlers:
        return None
    handler: logging.Handler
    path: Path | None = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        handler = logging.FileHandler(path, encoding="utf-8")  # type: ignore[arg-type]
    except OSError:
        handler, path = logging.StreamHandler(), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def launch(
    image: str | None = None,
    device: str = "auto",
    settings: Settings | None = None,
    session: str | None = None,
    lang: str | None = None,
) -> int:
    """Open the window and run until it closes; returns the exit code.

    The language (see :mod:`cnnviz.app.language`): ``lang`` (``--lang``), then ``CNNVIZ_LANG``,
    then the choice remembered from View › Language, then the system locale.
    """
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    from PySide6.QtWidgets import QApplication

    from cnnviz.app.main_window import MainWindow
    from cnnviz.app.messages import install_exception_hooks

    configure_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cnnviz")
    app.setOrganizationName("cnnviz")
    app.setApplicationDisplayName("cnnviz")
    install_exception_hooks()
    window = MainWindow(
        image=image, device=device, settings=settings, session=session, persist=True, lang=lang
    )
    window.show()
    _quit_on_signals(window)
    return int(app.exec())


def _quit_on_signals(window: object) -> None:
    """Ctrl+C in the terminal (or SIGTERM) closes the window properly.

    Python only runs signal handlers between bytecodes, and Qt's event loop is
    C++: a slow timer gives the interpreter a chance to notice.
    """
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def close(*_: object) -> None:
        QApplication.closeAllWindows()  # the window shown now (a language switch replaces it)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, close)
    timer = QTimer(QApplication.instance())
    timer.timeout.connect(lambda: None)
    timer.start(250)
