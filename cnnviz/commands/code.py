"""``cnnviz code [--set KEY=VALUE ...]``: print the network as runnable PyTorch code."""

from __future__ import annotations

import argparse
import keyword
import sys
from typing import Any

from cnnviz.core.i18n import tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--input-size", metavar="H[xW]", help=tr("input height and width, e.g. 256 or 224x320")
    )
    parser.add_argument(
        "--class-name", default="Net", help=tr("the name of the nn.Module class (default Net)")
    )
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("change a setting, e.g. --set conv1.stride=1 (see 'cnnviz settings')"),
    )


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``code`` with the ``cnnviz`` subcommand parsers."""
    parser = subparsers.add_parser("code", help=tr("print the network as PyTorch code (an nn.Module)"))
    add_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the code; a bad setting raises a CnnvizError (the CLI prints it and exits 2)."""
    from cnnviz.core.codegen import network_code
    from cnnviz.core.errors import CnnvizError
    from cnnviz.core.plan import make_plan
    from cnnviz.core.settings import Settings

    assignments = list(args.assignments)
    if args.input_size:
        assignments.insert(0, f"input.size={args.input_size}")
    settings = Settings.from_assignments(assignments)
    if not args.class_name.isidentifier() or keyword.iskeyword(args.class_name):
        raise CnnvizError(
            tr("'{name}' is not a Python class name").format(name=args.class_name), subject="--class-name"
        )
    plan = make_plan(settings, keep_previous=False, limit=sys.maxsize)
    sys.stdout.write(network_code(plan, class_name=args.class_name))
    return 0
