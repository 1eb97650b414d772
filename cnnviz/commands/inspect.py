"""``cnnviz inspect`` and ``cnnviz explain``: where one number comes from, and every derivation.

::

    cnnviz inspect IMAGE --stage conv1 --channel 3 --at 10,20     # or --at 3,10,20
    cnnviz inspect IMAGE --stage fc --at 7 --json
    cnnviz inspect IMAGE --stage pool2 --at 0,5,5 --set pool2.type=avg --derive
    cnnviz explain [--set KEY=VALUE ...] [--batch 2] [--json]

``inspect`` runs the network on the image (on the CPU by default, so the numbers
shown add up exactly as printed) and prints the explanation of one cell;
``explain`` prints the derivation of every count (no image needed) and the
textbook's flatten bug for a batch of ``--batch`` images.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cnnviz.commands.console import add_weights_option, weights_from_args
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.text import printable

EXIT_OK = 0


class InspectUsageError(CnnvizError):
    """A command-line value for ``inspect`` that cannot be used."""


def _set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("change a setting, e.g. --set conv1.stride=1 (see 'cnnviz settings')"),
    )


def add_parser(subparsers: Any) -> None:
    """Register ``inspect`` and ``explain`` on the ``cnnviz`` sub-command parser."""
    p = subparsers.add_parser("inspect", help=tr("explain where one value of one stage comes from"))
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--stage", required=True, help=tr("conv1, relu1, pool1, …, flatten or fc"))
    p.add_argument("--channel", type=int, help=tr("the channel (or the index for flatten and fc)"))
    p.add_argument(
        "--at",
        default="",
        metavar="ROW,COL",
        help=tr("the cell: ROW,COL with --channel, or C,ROW,COL; one INDEX for flatten and fc"),
    )
    add_weights_option(p)
    p.add_argument("--device", default="cpu", help=tr("cpu (default), auto, cuda, cuda:N or mps"))
    p.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    p.add_argument("--derive", action="store_true", help=tr("also print the derivation of every count"))
    _set_option(p)
    p.set_defaults(func=run, input_size=None)

    p = subparsers.add_parser("explain", help=tr("print how every count is derived, and the flatten bug"))
    p.add_argument("--batch", type=int, default=2, metavar="N", help=tr("images per batch (default 2)"))
    p.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    _set_option(p)
    p.set_defaults(func=run_explain, input_size=None)


def parse_cell(at: str, channel: int | None, one_dimensional: bool) -> tuple[int, int | None, int | None]:
    """``(channel, row, col)`` from ``--at`` and ``--channel``; row/col None for flatten and fc."""
    text = at.strip()
    try:
        numbers = [int(part) for part in text.split(",")] if text else []
    except ValueError:
        raise InspectUsageError(
            tr("'{at}' is not a cell: write ROW,COL (with --channel), C,ROW,COL or one INDEX").format(
                at=printable(at)
            ),
            subject="--at",
        ) from None
    if one_dimensional:
        if len(numbers) == 1 and channel is None:
            return numbers[0], None, None
        if not numbers and channel is not None:
            return channel, None, None
        raise InspectUsageError(
            tr("flatten and fc are vectors: give one index, with --at INDEX or --channel INDEX"),
            subject="--at",
        )
    if len(numbers) == 3 and channel is None:
        return numbers[0], numbers[1], numbers[2]
    if len(numbers) == 2 and channel is not None:
        return channel, numbers[0], numbers[1]
    if len(numbers) == 2:
        return 0, numbers[0], numbers[1]  # one channel: the first, as the ROW,COL form allows
    raise InspectUsageError(
        tr("a map cell is --channel C --at ROW,COL or --at C,ROW,COL (got '{at}')").format(at=printable(at)),
        subject="--at",
    )


def _settings(args: argparse.Namespace) -> Any:
    from cnnviz.core.settings import Settings

    return Settings.from_assignments(list(args.assignments))


def run(args: argparse.Namespace) -> int:
    """``cnnviz inspect``: run the network on the image and explain one cell."""
    from cnnviz.core.derive import derivations, derivations_text
    from cnnviz.core.engine import Engine
    from cnnviz.core.explain import check_cell, explain, find_stage
    from cnnviz.core.explain_text import explanation_text
    from cnnviz.core.images import load_image, prepare_input
    from cnnviz.core.plan import make_plan

    settings = _settings(args)
    if args.stage == "input":
        find_stage(make_plan(settings, keep_previous=False).report, "input")  # raises, naming the stages
    if not Path(args.image).exists():
        raise InspectUsageError(tr("no such file"), subject=printable(args.image))
    choice = weights_from_args(args, settings)
    loaded, settings = choice.loaded, choice.settings
    image = load_image(args.image)
    plan = make_plan(settings, image.size, weights=loaded.tensors if loaded is not None else None)
    plan.raise_problems()
    if plan.weights_mismatch and choice.explicit:  # with native sizes, known only now
        raise CnnvizError(
            tr("these weights do not fit the network:") + "\n  " + "\n  ".join(plan.weights_mismatch),
            subject=printable(args.weights),
        )
    info = find_stage(plan.report, args.stage)
    channel, row, col = parse_cell(args.at, args.channel, len(info.shape) == 1)
    check_cell(plan.report, args.stage, channel, row, col)  # before the forward pass: fail fast
    engine = Engine(args.device)
    if loaded is not None:
        engine.use_weights(loaded)
    result = engine.run(plan, prepare_input(image, plan.input_size, settings.choice("input.fit")))
    for note in (*image.notes, *result.notes):
        print(f"cnnviz: {printable(note)}", file=sys.stderr)
    explanation = explain(result, args.stage, channel, row, col)
    if args.json:
        data = explanation.to_json()
        data["image"] = printable(image.name)
        if args.derive:
            data["derivations"] = [d.to_json() for d in derivations(plan.report)]
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(explanation_text(explanation))
        if args.derive:
            print()
            print(derivations_text(plan.report))
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    """``cnnviz explain``: every derivation of the current settings, and the flatten bug."""
    from cnnviz.core.batch import batch_shapes, flatten_bug, flatten_bug_text
    from cnnviz.core.derive import derivations, derivations_text
    from cnnviz.core.plan import make_plan

    plan = make_plan(_settings(args), keep_previous=False)
    plan.raise_problems()
    report = plan.report
    shapes = batch_shapes(report, args.batch)
    last_map = [s for s in report.stages if len(s.shape) == 3][-1]
    c, h, w = last_map.shape
    bug = flatten_bug((c, h, w), report.spec.num_classes, args.batch)
    if args.json:
        data = {
            "derivations": [d.to_json() for d in derivations(report)],
            "batch": args.batch,
            "batch_shapes": {name: list(shape) for name, shape in shapes},
            "flatten": {
                path.code: {
                    "flattened": list(path.flattened),
                    "linear_output": list(path.linear_output) if path.linear_output else None,
                    "error": path.error,
                }
                for path in (bug.textbook, bug.fixed)
            },
        }
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    print(derivations_text(report))
    print()
    print(tr("with the batch axis (N = {n}):").format(n=args.batch))
    for name, shape in shapes:
        print(f"  {name:<8} {' × '.join(map(str, shape))}")
    print()
    print(flatten_bug_text(bug))
    return EXIT_OK
