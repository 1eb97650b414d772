"""Translation hook for user-visible text written by the core.

The core cannot import Qt, yet its messages (setting labels, errors that teach)
appear in the window and must be translatable. Every such string goes through
:func:`tr`; by default it returns the English text unchanged, and the app installs
a translator backed by ``QCoreApplication.translate`` at start-up.

Placeholders are filled *after* translation, so translators see ``{layer}``::

    tr("{layer}: stride must be at least 1").format(layer="conv1")
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]

DEFAULT_CONTEXT = "cnnviz"


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def set_translator(translator: Translator | None) -> None:
    """Install ``translator(context, text) -> text``; ``None`` restores English."""
    global _translator
    _translator = translator if translator is not None else _identity


def tr(text: str, context: str = DEFAULT_CONTEXT) -> str:
    """Translate ``text`` (English source string) in ``context``."""
    return _translator(context, text)


def tr_noop(text: str) -> str:
    """Mark ``text`` for translation without translating it now (for tables)."""
    return text
