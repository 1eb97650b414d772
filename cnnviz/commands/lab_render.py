"""The lab's options of ``cnnviz render``: test patterns, kernel edits and comparisons.

::

    cnnviz render --pattern impulse:size=32 --set conv1.stride=1 --kernel conv1:0=sobel_x -o impulse.png
    cnnviz render cat.jpg --compare conv1.stride=1 pool1.type=none -o compare.png

``--pattern`` feeds a generated image instead of a file; ``--kernel`` sets one
output channel of a conv layer to a classic filter (bias 0) before the pass;
``--compare`` renders A (the ``--set`` settings) and B (A changed by these
assignments) on the same image and weights, side by side with B − A, as one PNG.
These work on one image (or pattern), not a folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cnnviz.core.i18n import tr


def add_render_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--pattern``, ``--kernel`` and ``--compare`` to the ``render`` parser."""
    from cnnviz.core.kernels import FILTERS
    from cnnviz.core.patterns import PATTERNS

    parser.add_argument(
        "--pattern",
        metavar="NAME[:ARGS]",
        help=tr(
            "a generated input instead of an image: {names} (e.g. checkerboard:8 or impulse:size=32)"
        ).format(names=", ".join(PATTERNS)),
    )
    parser.add_argument(
        "--kernel",
        dest="kernels",
        action="append",
        default=[],
        metavar="LAYER:CHANNEL=FILTER[@TARGET]",
        help=tr(
            "set one output channel's kernel to a classic filter with bias 0: {names}; TARGET is grey "
            "(default: the mean of all input channels), r, g, b (conv1) or an input channel number"
        ).format(names=", ".join(FILTERS)),
    )
    parser.add_argument(
        "--compare",
        dest="compare",
        action="extend",
        nargs="+",
        default=[],
        metavar="KEY=VALUE",
        help=tr("also run B = the settings changed by these, and draw A, B and B − A per stage in one PNG"),
    )


def wants_lab(args: argparse.Namespace) -> bool:
    """Whether ``cnnviz render`` should run here (a lab option, or no image given)."""
    return bool(args.pattern or args.kernels or args.compare or args.source is None)


def _engine_for(args: argparse.Namespace, loaded: Any) -> Any:
    from cnnviz.core.engine import Engine

    engine = Engine(args.device)
    for note in engine.notes:
        print(f"cnnviz: {note}", file=sys.stderr)
    engine.notes.clear()
    if loaded is not None:
        engine.use_weights(loaded)
    return engine


def run(args: argparse.Namespace) -> int:
    """``cnnviz render`` with the lab's options; user mistakes raise CnnvizError (exit 2)."""
    from cnnviz.commands.console import (
        EXIT_OK,
        EXIT_USAGE,
        SEEDED_WEIGHTS,
        UsageError,
        print_problem,
        weights_from_args,
    )
    from cnnviz.commands.console import settings_from_args as _settings_from_args
    from cnnviz.commands.render import Job, check_outputs, check_png_folder
    from cnnviz.core.edits import edits_from_texts, use_edits
    from cnnviz.core.errors import CnnvizError
    from cnnviz.core.images import load_image, prepare_input
    from cnnviz.core.patterns import make_pattern
    from cnnviz.core.plan import make_plan
    from cnnviz.core.provenance import class_names_for, sheet_class_note
    from cnnviz.core.safe_io import atomic_write
    from cnnviz.core.settings import Settings
    from cnnviz.core.sheet import png_info, sheet_for_result
    from cnnviz.core.text import printable
    from cnnviz.core.view import ViewOptions

    settings = _settings_from_args(args)
    settings_b = Settings.from_assignments(args.compare, base=settings) if args.compare else None
    if args.pattern and args.source:
        raise UsageError(tr("give an image or --pattern, not both"), subject="--pattern")
    if not args.pattern and not args.source:
        raise UsageError(tr("give an image to render, or --pattern NAME (e.g. --pattern checkerboard:8)"))
    out = Path(args.output)
    if out.suffix.lower() != ".png":
        raise UsageError(
            tr("with --pattern, --kernel or --compare the output is one PNG: name it *.png"), subject=str(out)
        )
    check_png_folder(out)
    inputs = [Path(p) for p in (args.source, args.weights) if p and p != SEEDED_WEIGHTS]
    job = Job(Path(args.source or args.pattern or ""), out, out.with_suffix(".npz") if args.npz else None)
    problems = check_outputs([job], inputs, args.overwrite)
    if job.problem:
        problems.insert(0, job.problem)
    if problems:  # the same rules as every render: never over an input, never over a file unasked
        for line in problems:
            print_problem(line)
        return EXIT_USAGE
    if args.pattern:
        image = make_pattern(args.pattern)
    else:
        source = Path(args.source)
        if source.is_dir():
            raise UsageError(
                tr("--pattern, --kernel and --compare render one image, not a folder"), subject=str(source)
            )
        image = load_image(source)

    choice = weights_from_args(args, settings)
    loaded, weights_name = choice.loaded, choice.name

    def forward(s: Settings, edits: Any) -> tuple[Any, Any]:
        plan = make_plan(s, image.size, weights=loaded.tensors if loaded is not None else None)
        plan.raise_problems()
        if plan.weights_mismatch and edits is None and choice.explicit:  # A must fit a named file
            raise CnnvizError(
                tr("these weights do not fit the network:") + "\n  " + "\n  ".join(plan.weights_mismatch),
                subject=args.weights,
            )
        for sentence in plan.weights_mismatch if edits is not None else ():
            print(
                "cnnviz: B: {sentence} ({seeded})".format(sentence=sentence, seeded=tr("seeded instead")),
                file=sys.stderr,
            )
        engine = _engine_for(args, loaded)
        if edits is None:
            edits = edits_from_texts(args.kernels, plan.spec)
        info = use_edits(engine, plan, edits)
        for sentence in info.inactive:
            print("cnnviz: " + tr("kernel edit not applied") + f": {sentence}", file=sys.stderr)
        array = prepare_input(image, plan.input_size, s.choice("input.fit"))
        result = engine.run(plan, array)
        for note in (*image.notes, *result.notes):
            print(f"cnnviz: {printable(image.name)}: {note}", file=sys.stderr)
        return result, edits

    result_a, edits = forward(settings, None)
    arrays: dict[str, Any] = {}
    if settings_b is None:
        sheet, metadata = sheet_for_result(
            result_a,
            image_name=image.name,
            weights=weights_name,
            class_names=class_names_for(
                loaded.metadata if loaded is not None else None, result_a.spec.num_classes
            ),
            # kernel edits change what the trained layer computes: the scores are then the learner's
            class_note=sheet_class_note(result_a.sources, weights_name if loaded is not None else None),
            view=ViewOptions(norm=args.norm),
        )
        arrays = dict(result_a.stages)
    else:
        from cnnviz.core.compare import compare_results, compare_sheet
        from cnnviz.core.exports import changed_settings_text, describe_export, footer_lines

        result_b, _ = forward(settings_b, edits)
        comparisons = compare_results(result_a, result_b)
        metadata = describe_export(settings, image_name=image.name, weights=weights_name)
        metadata["cnnviz:compare-b"] = " ".join(args.compare)
        sheet = compare_sheet(
            comparisons,
            title=tr("{name} — cnnviz comparison").format(name=printable(image.name)),
            label_a=changed_settings_text(settings) or tr("the textbook network"),
            label_b=tr("A with {changes}").format(changes=printable(" ".join(args.compare))),
            view=ViewOptions(norm=args.norm),
            footer=footer_lines(metadata),
        )
        for c in comparisons:
            for side, values in (("A", c.a), ("B", c.b), ("B-A", c.difference)):
                if values is not None:
                    arrays[f"{side}/{c.name}"] = values
    if edits:
        import json

        metadata["cnnviz:kernel-edits"] = json.dumps(edits.to_json())
    overwrite = bool(getattr(args, "overwrite", False))
    atomic_write(out, lambda f: sheet.save(f, format="PNG", pnginfo=png_info(metadata)), overwrite=overwrite)
    if args.npz:
        from cnnviz.core.exports import stages_npz

        data = stages_npz(result_a.input, arrays, metadata)  # "input" is A's
        atomic_write(out.with_suffix(".npz"), lambda f: f.write(data), overwrite=overwrite)
    print(tr("rendered {name} to {where}").format(name=printable(image.name), where=printable(str(out))))
    return EXIT_OK
