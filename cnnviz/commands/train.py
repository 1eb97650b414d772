"""``cnnviz train OUT.safetensors``: train the textbook CNN on the generated shapes.

Prints a progress line (epoch, loss, accuracy, time left), then the held-out
accuracy and a confusion table, and writes the weights with their settings and
how they were made in the metadata. The defaults are the run behind the bundled
weights (docs/training.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cnnviz.core.i18n import tr
from cnnviz.core.text import clock


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``cnnviz train``."""
    from cnnviz.core.train_config import SCHEDULES, TrainConfig

    d = TrainConfig()
    p = subparsers.add_parser("train", help=tr("train the textbook network on generated shapes"))
    p.add_argument(
        "output", metavar="OUT.safetensors", help=tr("where to write the weights (.safetensors or .pt)")
    )
    p.add_argument(
        "--epochs",
        type=int,
        default=d.epochs,
        help=tr("passes over the training images (default {n})").format(n=d.epochs),
    )
    p.add_argument(
        "--images-per-epoch",
        type=int,
        default=d.images_per_epoch,
        metavar="N",
        help=tr("training images, drawn once and seen every epoch (default {n})").format(
            n=d.images_per_epoch
        ),
    )
    p.add_argument(
        "--fresh-images",
        action="store_true",
        help=tr("draw new images for every epoch instead of keeping one set (uses less memory)"),
    )
    p.add_argument(
        "--no-augment",
        dest="augment",
        action="store_false",
        help=tr("train on the images as drawn (no random flips, quarter turns and shifts)"),
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=d.batch_size,
        metavar="N",
        help=tr("images per step (default {n})").format(n=d.batch_size),
    )
    p.add_argument(
        "--lr",
        type=float,
        default=d.learning_rate,
        help=tr("Adam's peak learning rate (default {n})").format(n=d.learning_rate),
    )
    p.add_argument(
        "--schedule",
        choices=SCHEDULES,
        default=d.schedule,
        help=tr(
            "one-cycle: the learning rate rises during the warm-up, then falls along a cosine; "
            "cosine: it falls from the start (default {name})"
        ).format(name=d.schedule),
    )
    p.add_argument(
        "--warmup",
        type=float,
        default=d.warmup,
        metavar="FRACTION",
        help=tr("share of the steps spent warming up, one-cycle only (default {n})").format(n=d.warmup),
    )
    p.add_argument(
        "--label-smoothing",
        type=float,
        default=d.label_smoothing,
        metavar="EPS",
        help=tr("label smoothing of the loss (default {n})").format(n=d.label_smoothing),
    )
    p.add_argument(
        "--weight-decay",
        type=float,
        default=d.weight_decay,
        metavar="L2",
        help=tr("Adam's weight decay (default {n})").format(n=d.weight_decay),
    )
    p.add_argument(
        "--tied-epochs",
        type=int,
        default=d.tied_epochs,
        metavar="N",
        help=tr("first epochs with the fc weights shared across positions (default {n})").format(
            n=d.tied_epochs
        ),
    )
    p.add_argument("--seed", type=int, default=d.seed, help=tr("data set and initialisation seed"))
    p.add_argument("--held-out", type=int, default=d.held_out, metavar="N", help=tr("held-out images"))
    p.add_argument("--device", default="cpu", help=tr("cpu (default), cuda, cuda:N, mps or auto"))
    p.add_argument("--threads", type=int, default=None, help=tr("CPU threads (default: torch's choice)"))
    p.add_argument("--overwrite", action="store_true", help=tr("replace OUT if it exists"))
    p.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("train another network than the textbook's (the bundled weights use none)"),
    )
    p.set_defaults(func=run)
    return p


class _ProgressLine:
    """One line updated in place on a terminal; one line per epoch otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def __call__(self, p: Any) -> None:
        width = 24
        filled = int(width * p.fraction)
        text = tr("epoch {epoch}/{epochs} [{bar}] loss {loss:.3f} accuracy {acc:5.1f} % {left} left").format(
            epoch=p.epoch,
            epochs=p.epochs,
            bar="#" * filled + "." * (width - filled),
            loss=p.loss,
            acc=100 * p.accuracy,
            left=clock(p.remaining),
        )
        if self.tty:
            print("\r" + text, end="", file=sys.stderr, flush=True)
            if p.step == p.steps:
                print(file=sys.stderr)
        elif p.step == p.steps:
            print(text, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Train, report and write the weights; 0, or 2 for a user's mistake."""
    from cnnviz.commands.console import UsageError
    from cnnviz.core.settings import Settings
    from cnnviz.core.weights import WEIGHT_SUFFIXES

    settings = Settings.from_assignments(args.assignments)

    out = Path(args.output)
    # Everything that can be checked is checked before minutes of training.
    if out.suffix.lower() not in WEIGHT_SUFFIXES:
        raise UsageError(tr("name the weights file *.safetensors (or *.pt)"), subject=str(out))
    if out.is_dir():
        raise UsageError(tr("this is a folder; name a file to write"), subject=str(out))
    if not out.parent.is_dir():
        raise UsageError(tr("the folder to write to does not exist"), subject=str(out.parent))
    if out.exists() and not args.overwrite:
        raise UsageError(tr("the file exists; use --overwrite to replace it"), subject=str(out))
    if args.threads is not None and args.threads < 1:
        raise UsageError(tr("must be at least 1"), subject="--threads")

    import torch

    from cnnviz.core.engine import resolve_device
    from cnnviz.core.train import TrainConfig, confusion_table, save_trained, train

    device, note = resolve_device(args.device)
    if note:
        print(f"cnnviz: {note}", file=sys.stderr)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    config = TrainConfig(
        epochs=args.epochs,
        images_per_epoch=args.images_per_epoch,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        seed=args.seed,
        held_out=args.held_out,
        device=device,
        tied_epochs=args.tied_epochs,
        fresh_images=args.fresh_images,
        augment=args.augment,
        schedule=args.schedule,
        warmup=args.warmup,
        label_smoothing=args.label_smoothing,
        weight_decay=args.weight_decay,
    )
    config.check(settings.pair("input.size"))
    from cnnviz.core.train import trainable_network

    trainable_network(settings, config.seed)  # an invalid network fails here, not after the data
    if config.fresh_images:
        plan = tr(
            "training the textbook network on {device} ({threads} threads): {epochs} epochs of "
            "{images} fresh images, batch {batch}, seed {seed}"
        )
    else:
        plan = tr(
            "training the textbook network on {device} ({threads} threads): {epochs} epochs over "
            "the same {images} images, batch {batch}, seed {seed}"
        )
    print(
        plan.format(
            device=device,
            threads=torch.get_num_threads(),
            epochs=config.epochs,
            images=config.images_per_epoch,
            batch=config.batch_size,
            seed=config.seed,
        ),
        file=sys.stderr,
    )
    result = train(config, settings, on_progress=_ProgressLine())
    print(
        tr("trained in {time} ({seconds:.0f} s)").format(time=clock(result.seconds), seconds=result.seconds)
    )
    if result.held_out_accuracy is not None and result.confusion is not None:
        print(
            tr("held-out accuracy: {acc:.1f} % on {n} images (seed {seed})").format(
                acc=100 * result.held_out_accuracy, n=config.held_out, seed=config.held_out_seed
            )
        )
        print(confusion_table(result.confusion))
    save_trained(out, result)
    print(tr("wrote {path}").format(path=out))
    return 0
