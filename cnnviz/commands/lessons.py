"""``cnnviz lessons [N] [--answer] [--lang ko|en]``: the chapter's lessons in the terminal.

Without N: one line per lesson. With N: its title, what it is about, the settings
it applies (as ``--set`` flags, to paste into ``cnnviz`` or ``cnnviz shapes``),
the input it feeds (a test pattern or a sample image), where to look and its questions. Predict first: the answers, computed by
cnnviz's shape arithmetic, are printed only with ``--answer``.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from cnnviz.core.i18n import tr

EXIT_OK = 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``lessons`` on the ``cnnviz`` subcommand parsers."""
    p = subparsers.add_parser("lessons", help=tr("the chapter's lessons, one idea each (predict, then see)"))
    p.add_argument(
        "number", nargs="?", type=int, metavar="N", help=tr("the lesson to show (default: list them)")
    )
    p.add_argument("--answer", action="store_true", help=tr("also print the answers, computed by cnnviz"))
    p.set_defaults(func=run)
    return p


def _paragraph(text: str, indent: str = "  ") -> str:
    from cnnviz.core.i18n import current_language

    width = 100 if current_language() == "en" else 56  # Hangul is drawn two columns wide
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)


def run(args: argparse.Namespace) -> int:
    """Print the list of lessons, or lesson ``args.number``; 2 for a lesson that does not exist."""
    from cnnviz.core.lessons import LessonError, answer_text, computed_answer, load_lessons

    lessons = load_lessons()
    if args.number is None:
        for lesson in lessons:
            print(f"{lesson.number:2d}  {lesson.text(lesson.title)}")
        print(tr("(cnnviz lessons N shows one; add --answer to see the answers)"))
        return EXIT_OK
    chosen = [lesson for lesson in lessons if lesson.number == args.number]
    if not chosen:
        raise LessonError(
            tr("there is no lesson {n}; the lessons are {first} to {last}").format(
                n=args.number, first=lessons[0].number, last=lessons[-1].number
            ),
            subject="lessons",
        )
    lesson = chosen[0]
    print(tr("Lesson {n}: {title}").format(n=lesson.number, title=lesson.text(lesson.title)))
    print()
    print(_paragraph(lesson.text(lesson.body)))
    print()
    flags = " ".join(f"--set {a}" for a in lesson.assignments())
    print(tr("Settings: {flags}").format(flags=flags or tr("the textbook network")))
    if lesson.input is not None:
        print(tr("Input: {input}").format(input=lesson.input.label()))
    look = lesson.text(lesson.look)
    print(tr("Look at {stage}: {text}").format(stage=lesson.look_stage, text=look))
    for i, question in enumerate(lesson.questions, 1):
        print()
        print(tr("Question {i}: {text}").format(i=i, text=lesson.text(question.text)))
        if args.answer:
            print(tr("Answer: {answer}").format(answer=answer_text(computed_answer(lesson, question))))
    if not args.answer:
        print()
        print(tr("Predict, then run again with --answer (or: cnnviz shapes {flags})").format(flags=flags))
    return EXIT_OK
