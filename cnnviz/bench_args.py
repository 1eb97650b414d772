"""Arguments of ``cnnviz bench`` (kept apart so building the CLI parser stays light)."""

from __future__ import annotations

import argparse

from cnnviz.core.i18n import tr


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        default="256,512,1024",
        help=tr("input sizes to measure, comma-separated (default 256,512,1024)"),
    )
    parser.add_argument(
        "--repeats", type=int, default=30, help=tr("repetitions per measurement (default 30)")
    )
    parser.add_argument(
        "--mpl-repeats", type=int, default=3, help=tr("repetitions of the matplotlib grid (default 3)")
    )
    parser.add_argument("--no-mpl", action="store_true", help=tr("skip the matplotlib comparison"))
    parser.add_argument(
        "--stream", type=int, default=100, help=tr("setting changes in the slider stream (default 100)")
    )
    parser.add_argument(
        "--rate", type=float, default=60.0, help=tr("changes per second in the slider stream (default 60)")
    )
    parser.add_argument(
        "--heavy",
        action="store_true",
        help=tr(
            "also measure two heavy rows: conv1 stride 1 at 1024×1024, "
            "and five blocks of 128 channels each at 256×256"
        ),
    )
    parser.add_argument("--image", help=tr("image to use (default: the bundled cat)"))
    parser.add_argument("--json", action="store_true", help=tr("print one JSON object instead of the table"))
    # Internal: the process that measures one row (``cnnviz bench`` starts one per row).
    parser.add_argument("--row", help=argparse.SUPPRESS)
