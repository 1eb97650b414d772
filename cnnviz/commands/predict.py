"""``cnnviz predict IMAGE_OR_FOLDER``: the top class and the probabilities per image.

Uses the bundled trained weights unless ``--weights`` names others. ``--json``
prints ``[{"file": ..., "top": "<class name>", "scores": {"<class name>": p, ...}}, ...]``.
Bad files are reported as in ``render`` (one line each on stderr, exit 2) and
the other images are still classified.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cnnviz.commands.console import add_set_option, add_verbose_option
from cnnviz.core.i18n import tr
from cnnviz.core.provenance import class_names_for

TOP_SHOWN = 3


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``cnnviz predict``."""
    p = subparsers.add_parser("predict", help=tr("classify images with the trained weights"))
    p.add_argument("source", metavar="IMAGE_OR_FOLDER")
    p.add_argument("--weights", help=tr("weights to use (default: the bundled textbook-shapes weights)"))
    p.add_argument("--device", default="cpu", help=tr("cpu (default), auto, cuda, cuda:N or mps"))
    p.add_argument("--json", action="store_true", help=tr("print one JSON list"))
    add_set_option(p)  # the weights must still fit the changed network
    add_verbose_option(p)
    p.set_defaults(func=run, input_size=None)
    return p


def run(args: argparse.Namespace) -> int:
    """Classify every image; 0, or 2 if any image (or the weights) could not be used."""
    from cnnviz.commands.console import UsageError, problem_lines, scan_image_folder, skipped_note
    from cnnviz.core.engine import Engine
    from cnnviz.core.errors import CnnvizError
    from cnnviz.core.images import IMAGE_SUFFIXES, load_image, prepare_input
    from cnnviz.core.plan import make_plan
    from cnnviz.core.resources import default_weights
    from cnnviz.core.settings import Settings
    from cnnviz.core.text import printable
    from cnnviz.core.weights import read_weights

    source = Path(args.source)
    if not source.exists():
        raise UsageError(tr("no such file or folder"), subject=str(source))
    weights_path = Path(args.weights) if args.weights else default_weights()
    if weights_path is None:
        raise UsageError(
            tr("the bundled weights are not installed; name a file with --weights"), subject="--weights"
        )
    loaded = read_weights(weights_path)
    base = loaded.settings if loaded.settings is not None else Settings.textbook()
    settings = Settings.from_assignments(args.assignments, base=base)
    if settings.choice("input.fit") != "native":
        plan = make_plan(settings, weights=loaded.tensors)
        plan.raise_problems()
        if plan.weights_mismatch:
            raise CnnvizError(
                tr("these weights do not fit the network:") + "\n  " + "\n  ".join(plan.weights_mismatch),
                subject=str(weights_path),
            )
    if source.is_dir():
        scan = scan_image_folder(source)
        files = scan.images
        if not files:
            raise UsageError(
                tr("no images in this folder (looked for {suffixes})").format(
                    suffixes=" ".join(IMAGE_SUFFIXES)
                ),
                subject=str(source),
            )
        note = skipped_note(scan.not_images, args.verbose)
        if note:
            print(f"cnnviz: {printable(source, None)}: {note}", file=sys.stderr)
    else:
        files = [source]
    engine = Engine(args.device)
    for note in engine.notes:
        print(f"cnnviz: {note}", file=sys.stderr)
    engine.notes.clear()
    engine.use_weights(loaded)
    names = class_names_for(loaded.metadata, num_outputs(settings))
    results: list[dict[str, Any]] = []
    failures = 0
    for path in files:
        try:
            image = load_image(path)
            plan = make_plan(settings, image.size, weights=loaded.tensors)
            plan.raise_problems()
            if plan.weights_mismatch:
                raise CnnvizError(
                    tr("these weights do not fit the network for this image:")
                    + "\n  "
                    + "\n  ".join(plan.weights_mismatch)
                )
            array = prepare_input(
                image, plan.input_size, settings.choice("input.fit"), settings.choice("input.pad")
            )
            probabilities = engine.run(plan, array).probabilities
        except CnnvizError as exc:
            failures += 1
            for line in problem_lines(exc):
                text = printable(line, None)
                shown = printable(path, None)
                print(f"cnnviz: {text}" if shown in text else f"cnnviz: {shown}: {text}", file=sys.stderr)
            continue
        scores = {name: float(p) for name, p in zip(names, probabilities, strict=True)}
        top = max(scores, key=lambda n: scores[n])
        results.append({"file": str(path), "top": top, "scores": scores})
        if not args.json:
            best = sorted(scores.items(), key=lambda kv: -kv[1])[:TOP_SHOWN]
            others = ", ".join(f"{name} {100 * p:.1f} %" for name, p in best)
            print(f"{printable(path)}: {top} ({others})")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 2 if failures else 0


def num_outputs(settings: Any) -> int:
    """How many classes the network of ``settings`` has."""
    from cnnviz.core.spec import NetworkSpec

    return NetworkSpec.from_settings(settings).num_classes
