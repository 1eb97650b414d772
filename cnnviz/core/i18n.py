"""Translation hook for user-visible text written by the core.

The core cannot import Qt, yet its messages (setting labels, errors that teach)
appear in the window and must be translatable. Every such string goes through
:func:`tr`; by default it returns the English text unchanged, and the app installs
a translator backed by ``QCoreApplication.translate`` at start-up.

Placeholders are filled *after* translation, so translators see ``{layer}``::

    tr("{layer}: stride must be at least 1").format(layer="conv1")

Without Qt (the CLI), :func:`install_language` reads the Qt Linguist source
``cnnviz/i18n/cnnviz_<lang>.ts`` that ships in the package and translates from it
in pure Python. :func:`choose_language` picks the language from ``--lang``, then
``CNNVIZ_LANG``, then the system locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``, in the order POSIX gives them).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import resources

from cnnviz.core.errors import CnnvizError

Translator = Callable[[str, str], str]

DEFAULT_CONTEXT = "cnnviz"
LANGUAGES = ("en", "ko")  # English is the source language: no file
SOURCE_LANGUAGE = "en"
LANG_ENV = "CNNVIZ_LANG"
LOCALE_ENVS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity
_language = SOURCE_LANGUAGE


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


class LanguageError(CnnvizError):
    """A language the user asked for that cnnviz does not have."""


def _language_of(tag: str) -> str | None:
    """``"ko"`` for ``ko``, ``ko_KR.UTF-8``, ``ko-KR``; ``"en"`` likewise; else None."""
    base = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def choose_language(cli_flag: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The UI language, ``"ko"`` or ``"en"``.

    ``cli_flag`` (``--lang``) wins, then ``CNNVIZ_LANG``; both must name a language
    cnnviz has (else :class:`LanguageError`). Then the system locale: the first
    language in ``LANGUAGE`` (a colon list) that cnnviz has, else ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``; anything else (``C``, ``fr_FR``) gives English.
    """
    env = os.environ if env is None else env
    for value, subject in ((cli_flag, "--lang"), (env.get(LANG_ENV), LANG_ENV)):
        if value is None or not value.strip():
            continue
        lang = _language_of(value)
        if lang is None:
            raise LanguageError(
                tr("no such language: {value} (cnnviz speaks {languages})").format(
                    value=value, languages=", ".join(LANGUAGES)
                ),
                subject=subject,
            )
        return lang
    for name in LOCALE_ENVS:
        value = env.get(name, "")
        if not value:
            continue
        parts = value.split(":") if name == "LANGUAGE" else [value]
        for part in parts:
            lang = _language_of(part)
            if lang is not None:
                return lang
        if name != "LANGUAGE":
            return SOURCE_LANGUAGE  # the first locale variable that is set decides
    return SOURCE_LANGUAGE


def ts_path(lang: str) -> resources.abc.Traversable:
    """The packaged Qt Linguist source of ``lang`` (``cnnviz/i18n/cnnviz_<lang>.ts``)."""
    return resources.files("cnnviz") / "i18n" / f"cnnviz_{lang}.ts"


def qm_path(lang: str) -> resources.abc.Traversable:
    """The packaged compiled translation of ``lang`` for Qt (``cnnviz_<lang>.qm``)."""
    return resources.files("cnnviz") / "i18n" / f"cnnviz_{lang}.qm"


def read_ts(data: bytes) -> dict[tuple[str, str], str]:
    """Finished translations of a ``.ts`` file: ``{(context, source): translation}``.

    Messages marked ``unfinished``, ``obsolete`` or ``vanished``, and empty ones,
    are left out (Qt leaves them out of the ``.qm`` too).
    """
    root = ET.fromstring(data)
    table: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            text = translation.text or ""
            if text:
                table[(name, source)] = text
    return table


@lru_cache(maxsize=4)
def _table(lang: str) -> dict[tuple[str, str], str]:
    return read_ts(ts_path(lang).read_bytes())


def translator_for(lang: str) -> Translator:
    """A pure-Python translator for ``lang`` read from its packaged ``.ts`` file.

    A text not found under its own context is looked up in the default context,
    so strings the core marks once are found whichever surface asks.
    """
    table = _table(lang)

    def translate(context: str, text: str) -> str:
        found = table.get((context, text))
        if found is None and context != DEFAULT_CONTEXT:
            found = table.get((DEFAULT_CONTEXT, text))
        return text if found is None else found

    return translate


def install_language(lang: str) -> None:
    """Make :func:`tr` answer in ``lang`` (``"en"``: the English source text)."""
    global _language
    if lang not in LANGUAGES:
        raise LanguageError(
            tr("no such language: {value} (cnnviz speaks {languages})").format(
                value=lang, languages=", ".join(LANGUAGES)
            ),
            subject="--lang",
        )
    set_translator(None if lang == SOURCE_LANGUAGE else translator_for(lang))
    _language = lang


def current_language() -> str:
    """The language last installed with :func:`install_language` (``"en"`` at first)."""
    return _language
