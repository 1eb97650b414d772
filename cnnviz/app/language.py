"""The window's language: which one at start, Qt's translator, and switching without losing state.

At start (:func:`start_language`) ``--lang`` wins, then ``CNNVIZ_LANG``, then the choice remembered
in QSettings (``ui/language``: ``system``, ``en`` or ``ko``), then the system locale (the same rules
as the command line: :func:`cnnviz.core.i18n.choose_language`). :func:`install_qt_language` loads
``cnnviz/i18n/cnnviz_<lang>.qm`` (:func:`cnnviz.core.i18n.qm_path`) into Qt, replacing the one
installed before.

Every text of the window is set once when its widget is built, so a switch rebuilds the window
around the same :class:`~cnnviz.app.controller.Controller` (:func:`switch_language`): the settings,
image, view, weights, kernel edits, device, undo history and last result live there and are not
touched; the new window takes over the old one's geometry, docks, zoom, recent files, selected
cell and pinned comparison, then the old one is dropped without closing the controller.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

from cnnviz.core.fonts import hangul_font_notice
from cnnviz.core.i18n import LANG_ENV, LANGUAGES, SOURCE_LANGUAGE, choose_language, qm_path, tr

if TYPE_CHECKING:
    from cnnviz.app.main_window import MainWindow

LANGUAGE_KEY = "ui/language"
CHOICES = ("system", *LANGUAGES)  # what the View › Language menu offers and QSettings keeps
NAMES = {"en": "English", "ko": "한국어"}  # each language in its own words: never translated

_installed: QTranslator | None = None
_language = SOURCE_LANGUAGE


def stored_choice(value: Any) -> str:
    """A remembered choice read defensively: anything unknown means ``system``."""
    return value if isinstance(value, str) and value in CHOICES else "system"


def resolve(choice: str, flag: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language to show: ``--lang``, then ``CNNVIZ_LANG``, then ``choice``, then the system locale."""
    env = os.environ if env is None else env
    if (flag and flag.strip()) or env.get(LANG_ENV, "").strip():
        return choose_language(flag, env)
    if choice in LANGUAGES:
        return choice
    return choose_language(None, {k: v for k, v in env.items() if k != LANG_ENV})


def install_qt_language(lang: str) -> bool:
    """Make Qt (and so every ``tr()`` of the window) answer in ``lang``; False if its .qm is missing."""
    global _installed, _language
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    _language = SOURCE_LANGUAGE
    if lang == SOURCE_LANGUAGE:
        return True
    translator = QTranslator(app)
    if not translator.load(str(qm_path(lang))):
        return False
    app.installTranslator(translator)
    _installed, _language = translator, lang
    return True


def qt_language() -> str:
    """The language Qt's translator answers in now."""
    return _language


def start_language(store: Any, flag: str | None = None) -> str:
    """Install the language for a new window (see the module's doc); returns it."""
    lang = resolve(stored_choice(store.value(LANGUAGE_KEY)), flag)
    if not install_qt_language(lang):
        lang = SOURCE_LANGUAGE
    return lang


def font_notice(lang: str) -> str | None:
    """Once per process, in English and Korean, when Korean is shown and no system font has Hangul."""
    return hangul_font_notice() if lang == "ko" else None


def _disconnect_all(obj: QObject) -> None:
    """Drop every connection of ``obj``'s own signals (the old window's slots and lambdas).

    Every signal above QObject's own counts: PySide puts a Python class's signals in a
    meta-object of their own below the one ``methodOffset()`` starts at, so starting
    there left every connection in place (the old window's panels kept receiving results).
    """
    meta = obj.metaObject()
    for i in range(QObject.staticMetaObject.methodCount(), meta.methodCount()):
        method = meta.method(i)
        if method.methodType() == method.MethodType.Signal and obj.isSignalConnected(method):
            signal = getattr(obj, bytes(method.name().data()).decode(), None)
            if signal is not None:
                with contextlib.suppress(RuntimeError, TypeError, SystemError):  # nothing connected
                    signal.disconnect()


def switch_language(window: MainWindow, choice: str) -> MainWindow:
    """Show the window in ``choice`` (``system``, ``en``, ``ko``) and remember it; returns the window now shown.

    The same window is returned when the language does not change; otherwise a new window
    built around the same controller (see the module's doc).
    """
    from cnnviz.app.main_window import MainWindow

    choice = stored_choice(choice)
    window.store.set_value(LANGUAGE_KEY, choice)
    # The menu is the latest word: English or Korean as picked; "system" is CNNVIZ_LANG or the locale.
    lang = choice if choice in LANGUAGES else choose_language()
    if lang == qt_language():
        sync_language_menu(window, choice)
        return window
    if not install_qt_language(lang):
        window.show_message("error", tr("The {lang} translation is not installed.").format(lang=lang))
        return window
    controller = window.controller
    _disconnect_all(controller)
    _disconnect_all(controller.undo_stack)
    new = MainWindow(adopt=controller, persist=window.store.settings is not None)
    take_over(new, window)
    sync_language_menu(new, choice)
    visible = window.isVisible()
    window.hide()
    window.handed_over = True
    if visible:
        new.show()
    new.show_message("info", tr("The window now speaks {language}.").format(language=NAMES[lang]), "language")
    notice = font_notice(lang)
    if notice:
        new.show_message("warning", notice, "font")
    window.deleteLater()
    return new


def add_language_menu(window: MainWindow, parent_menu: Any) -> Any:
    """View › Language: System / English / 한국어 (one checked), each switching the window."""
    from PySide6.QtGui import QActionGroup

    menu = parent_menu.addMenu(tr("&Language"))
    menu.setObjectName("menu:language")
    group = QActionGroup(menu)
    labels = {"system": tr("System Language"), **NAMES}
    for choice in CHOICES:
        action = menu.addAction(labels[choice])
        action.setObjectName(f"action:language-{choice}")
        action.setCheckable(True)
        action.setData(choice)
        group.addAction(action)
        action.triggered.connect(lambda _=False, c=choice: switch_language(window, c))
    window.language_menu = menu
    sync_language_menu(window, stored_choice(window.store.value(LANGUAGE_KEY)))
    return menu


def sync_language_menu(window: MainWindow, choice: str) -> None:
    menu = getattr(window, "language_menu", None)
    if menu is None:
        return
    for action in menu.actions():
        action.setChecked(action.data() == choice)


def take_over(new: MainWindow, old: MainWindow) -> None:
    """``new`` (built around ``old``'s controller) shows what ``old`` showed, then the controller's state."""
    new.restoreGeometry(old.saveGeometry())
    new.restoreState(old.saveState())
    new.last_dir = old.last_dir
    new.recent = list(old.recent)
    new._fill_recent_menu()
    new.set_zoom_index(old.zoom_index)
    new.inspector.selected = old.inspector.selected
    new.compare_dock.pinned = old.compare_dock.pinned
    new.lessons_dock.take_over(old.lessons_dock.snapshot())
    c = new.controller
    c.settings_changed.emit(c.settings)
    c._publish()
    c.view_changed.emit(c.view)
    c.device_changed.emit(c.device)
    c.weights_changed.emit(c.weights_name or tr("seeded default"))
    c.edits_changed.emit(c.edits)
    if c.image is not None:
        c.image_changed.emit(c.image)
    if c.last_response is not None:
        c.result_ready.emit(c.last_response)
    if old.kernel_dock.layer_combo.count():
        new.kernel_dock.select(old.kernel_dock.layer, old.kernel_dock.channel)
