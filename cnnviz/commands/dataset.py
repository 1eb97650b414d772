"""``cnnviz dataset OUT --per-class N``: write generated shape images to a folder.

The images go to ``OUT/<class>/<index>.png`` (class names with spaces written
with dashes: ``horizontal-stripes``), each written atomically. Existing files
are never replaced unless ``--overwrite`` is given.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cnnviz.core.i18n import tr

MAX_PER_CLASS = 100_000


def folder_name(class_name: str) -> str:
    """The folder of a class: its name with dashes for spaces."""
    return class_name.replace(" ", "-")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``cnnviz dataset``."""
    from cnnviz.core.dataset import DATASET_SEED

    p = subparsers.add_parser(
        "dataset", help=tr("write generated images of the ten shape classes to a folder")
    )
    p.add_argument("output", metavar="OUT", help=tr("the folder to write to (made if missing)"))
    p.add_argument("--per-class", type=int, default=10, metavar="N", help=tr("images per class (default 10)"))
    p.add_argument(
        "--seed", type=int, default=DATASET_SEED, help=tr("the data set's seed (default: the training set's)")
    )
    p.add_argument(
        "--size", default="256", metavar="H[xW]", help=tr("image size (default 256: the input size)")
    )
    p.add_argument("--overwrite", action="store_true", help=tr("replace images that already exist"))
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Write the images; exit code 0, or 2 for a user's mistake."""
    from cnnviz.commands.console import UsageError
    from cnnviz.core.dataset import CLASS_NAMES, generate
    from cnnviz.core.safe_io import atomic_write
    from cnnviz.core.settings import setting

    if not 1 <= args.per_class <= MAX_PER_CLASS:
        raise UsageError(
            tr("must be between 1 and {maximum}, not {value}").format(
                maximum=MAX_PER_CLASS, value=args.per_class
            ),
            subject="--per-class",
        )
    size = setting("input.size").parse(args.size)
    assert isinstance(size, tuple)
    if min(size) < 16 or max(size) > 1024:
        raise UsageError(tr("images are drawn from 16 to 1024 pixels per side"), subject="--size")
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(tr("this is a file; the images need a folder"), subject=str(out))
    targets = []
    for k in range(args.per_class):
        for label, name in enumerate(CLASS_NAMES):
            index = k * len(CLASS_NAMES) + label
            targets.append((index, label, out / folder_name(name) / f"{index:06d}.png"))
    if not args.overwrite:
        existing = [path for _, _, path in targets if path.exists()]
        if existing:
            raise UsageError(
                tr(
                    "{count} of these images already exist (e.g. {example}); use --overwrite to replace them"
                ).format(count=len(existing), example=existing[0]),
                subject=str(out),
            )
    from PIL import Image

    start = time.perf_counter()
    for name in CLASS_NAMES:
        folder = out / folder_name(name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from cnnviz.core.safe_io import output_error

            raise output_error(exc, folder) from None
    for done, (index, label, path) in enumerate(targets, start=1):
        pixels = generate(args.seed, index, size, label).pixels
        image = Image.fromarray(pixels)
        atomic_write(path, lambda f, im=image: im.save(f, format="PNG", compress_level=1))
        if sys.stderr.isatty() and (done % 50 == 0 or done == len(targets)):
            print(f"\r{done}/{len(targets)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    seconds = time.perf_counter() - start
    print(
        tr("wrote {count} images ({per} per class, seed {seed}) to {where} in {seconds:.1f} s").format(
            count=len(targets), per=args.per_class, seed=args.seed, where=out, seconds=seconds
        )
    )
    return 0
