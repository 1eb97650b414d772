"""``--lang ko|en`` for every command: read before the parsers are built, so help is translated too.

The parsers' help texts go through :func:`~cnnviz.core.i18n.tr` when they are
built, so the language has to be installed first: :func:`apply_language` looks
for ``--lang`` in the raw arguments, then asks :func:`choose_language`
(``CNNVIZ_LANG``, then the system locale). :func:`add_lang_option` then declares
the option on every parser and subparser so that argparse accepts and lists it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from cnnviz.core.i18n import LANGUAGES, choose_language, install_language, tr


def lang_from_argv(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` / ``--lang=X`` before ``--``, or None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def apply_language(argv: Sequence[str]) -> str:
    """Install the language ``argv`` / the environment ask for; returns ``"ko"`` or ``"en"``.

    Raises :class:`~cnnviz.core.i18n.LanguageError` for a language cnnviz lacks.
    """
    lang = choose_language(lang_from_argv(argv))
    install_language(lang)
    return lang


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """Declare ``--lang`` on ``parser`` and on each of its subcommands' parsers."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=tr("language of the output: ko or en (default: CNNVIZ_LANG, then the system locale)"),
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
                add_lang_option(sub)
