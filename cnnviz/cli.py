"""The ``cnnviz`` command.

* ``cnnviz [IMAGE]`` opens the desktop app (``python -m cnnviz`` is the same).
* ``cnnviz shapes`` prints the stage table; it imports neither torch nor Qt.
* ``cnnviz render IMAGE_OR_FOLDER -o OUT`` writes contact sheets (and ``--npz``).
* ``cnnviz settings`` lists every ``--set`` key with its default and range.
* ``cnnviz bench`` measures cnnviz against the bare forward pass and matplotlib.

Exit codes: 0 all good; 2 bad input or invalid settings (one line per problem on
stderr, no traceback); anything else is a bug.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any

from cnnviz import __version__
from cnnviz.commands import render as render_command
from cnnviz.commands.console import (
    EXIT_OK,
    EXIT_USAGE,
    ArgumentParser,
    StdoutError,
    add_set_option,
    fail,
    out,
    print_problem,
    report_stdout_error,
    settings_from_args,
)
from cnnviz.commands.language import add_lang_option, apply_language
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr

SUBCOMMANDS = (
    "shapes",
    "render",
    "settings",
    "bench",
    "inspect",
    "explain",
    "code",
    "soak",
    "lessons",
    "dataset",
    "train",
    "predict",
)
COMMAND_MODULES = {"render": render_command}  # subcommands that live in cnnviz/commands/

# The shared helpers live in cnnviz.commands.console; these names stay for code written against cli.py.
EXIT_USER_ERROR = EXIT_USAGE
_fail = fail
_add_set_option = add_set_option
_settings_from_args = settings_from_args


# ---------------------------------------------------------------------------
# cnnviz shapes
# ---------------------------------------------------------------------------


def _format_int(n: int) -> str:
    return f"{n:,}"


def cmd_shapes(args: argparse.Namespace) -> int:
    from cnnviz.core.plan import make_plan

    settings = _settings_from_args(args)
    plan = make_plan(settings, keep_previous=False)
    report = plan.report
    if args.json:
        data = report.to_json()
        data["ok"] = plan.ok
        data["problems"] = [{"key": p.key, "message": p.message} for p in plan.problems]
        out(json.dumps(data, ensure_ascii=False))
    else:
        out(format_shape_table(report))
    if not plan.ok:
        for problem in plan.problems:
            print_problem(problem)
        return EXIT_USER_ERROR
    return EXIT_OK


def format_shape_table(report: Any) -> str:
    """The stage table as plain text (one row per stage)."""
    rows = [(tr("stage"), tr("shape"), tr("params"), tr("MACs"), tr("receptive field"), tr("formula (H)"))]
    rows.append(("input", "×".join(map(str, report.input_shape)), "", "", "1×1", ""))
    for s in report.stages:
        rf = s.receptive_field
        jump = tr("jump")  # the receptive field's step in input pixels
        rf_text = f"{rf.size[0]}×{rf.size[1]} ({jump} {rf.jump[0]}×{rf.jump[1]})" if rf else ""
        formula = s.arithmetic[0].formula() if s.arithmetic else ""
        rows.append(
            (
                s.name,
                s.shape_text(),
                _format_int(s.params) if s.params else "",
                _format_int(s.macs) if s.macs else "",
                rf_text,
                formula,
            )
        )
    from cnnviz.core.text import display_width, pad

    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        cells = [pad(row[j], widths[j], right=j not in (0, 1, 4, 5)) for j in range(len(row))]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        tr("total: {params} parameters, {macs} multiply-accumulates").format(
            params=_format_int(report.total_params), macs=_format_int(report.total_macs)
        )
    )
    lines.append(report.strip())
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# cnnviz settings
# ---------------------------------------------------------------------------


def cmd_settings(args: argparse.Namespace) -> int:
    from cnnviz.core.settings import TABLE, Kind, format_value

    if args.json:
        rows = []
        for s in TABLE.values():
            rows.append(
                {
                    "key": s.key,
                    "kind": s.kind.value,
                    "default": format_value(s.kind, s.default),
                    "min": s.minimum,
                    "max": s.maximum,
                    "choices": list(s.choices),
                    "help": tr(s.help),
                }
            )
        out(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    for s in TABLE.values():
        if s.block is not None and s.block > 2 and not args.all:
            continue
        if s.kind is Kind.CHOICE:
            values = "|".join(s.choices)
        elif s.kind is Kind.BOOL:
            values = "true|false"
        elif s.minimum is not None:
            values = f"{s.minimum}..{s.maximum}"
            if s.kind in (Kind.PAIR, Kind.OPTIONAL_PAIR, Kind.PADDING):
                values += tr(" or H,W")
            if s.kind is Kind.SIZE:
                values += tr(" or HxW")
            if s.kind is Kind.PADDING:
                values += "|same|valid"
            if s.kind in (Kind.OPTIONAL_INT, Kind.OPTIONAL_PAIR):
                values += "|none"
        else:
            values = ""
        out(f"{s.key:<26} {format_value(s.kind, s.default):<8} {values:<34} {tr(s.help)}")
    if not args.all:
        out(tr("(blocks 3 to 5 have the same keys: conv3.*, pool3.*, …; --all lists them)"))
    return EXIT_OK


# ---------------------------------------------------------------------------
# cnnviz (the app)
# ---------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    settings = _settings_from_args(args)  # bad --set values fail before Qt starts
    from cnnviz.core.engine import resolve_device

    _, note = resolve_device(args.device)  # a name that is no device fails here
    if note:
        print_problem(note)
    from cnnviz.app.launch import launch

    return launch(
        image=args.image,
        device=args.device,
        settings=settings if args.assignments else None,
        session=args.session,
        lang=getattr(args, "lang", None),
    )


def cmd_bench(args: argparse.Namespace) -> int:
    from cnnviz.bench import run_benchmark

    return run_benchmark(args)


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


def _app_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="cnnviz",
        description=tr(
            "Watch a convolutional network work on an image, stage by stage. "
            "Subcommands: shapes, render, settings, bench, inspect, code, lessons (cnnviz SUBCOMMAND --help)."
        ),
    )
    parser.add_argument("image", nargs="?", help=tr("an image to open"))
    parser.add_argument("--device", default="auto", help=tr("auto (default), cpu, cuda, cuda:N or mps"))
    parser.add_argument("--session", help=tr("a session file (.json) to open"))
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    _add_set_option(parser)
    parser.set_defaults(func=cmd_app, input_size=None)
    return parser


def _sub_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="cnnviz")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("shapes", help=tr("print every stage's shape (no torch, no Qt)"))
    p.add_argument("--input-size", metavar="H[xW]", help=tr("input height and width, e.g. 256 or 224x320"))
    p.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    _add_set_option(p)
    p.set_defaults(func=cmd_shapes)

    for module in COMMAND_MODULES.values():
        module.add_parser(sub)

    p = sub.add_parser("settings", help=tr("list every setting key, its default and range"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help=tr("include blocks 3 to 5"))
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("bench", help=tr("measure cnnviz against the bare forward pass and a matplotlib grid"))
    from cnnviz.bench_args import add_bench_arguments

    add_bench_arguments(p)
    p.set_defaults(func=cmd_bench)

    from cnnviz.commands import code as code_command
    from cnnviz.commands import inspect as inspect_command

    inspect_command.add_parser(sub)
    code_command.add_parser(sub)
    from cnnviz.commands import soak as soak_command

    soak_command.add_parser(sub)

    from cnnviz.commands import lessons

    lessons.add_parser(sub)
    for name in ("dataset", "train", "predict"):
        importlib.import_module(f"cnnviz.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        apply_language(argv)  # before the parsers: their help is translated
    except CnnvizError as exc:
        return fail(exc)
    parser = _sub_parser() if argv and argv[0] in SUBCOMMANDS else _app_parser()
    add_lang_option(parser)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except StdoutError as exc:
        return report_stdout_error(exc)
    except CnnvizError as exc:
        return fail(exc)
    except KeyboardInterrupt:
        print_problem(tr("interrupted"))
        return 130


if __name__ == "__main__":
    sys.exit(main())
