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
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cnnviz import __version__
from cnnviz.core.errors import CnnvizError, SettingsErrors
from cnnviz.core.i18n import tr

EXIT_OK = 0
EXIT_USER_ERROR = 2

SUBCOMMANDS = ("shapes", "render", "settings", "bench")
# Subcommands in modules of their own (cnnviz/commands/<name>.py).
MODULE_SUBCOMMANDS = ("dataset", "train", "predict")
SUBCOMMANDS += MODULE_SUBCOMMANDS


class UsageError(CnnvizError):
    """Bad command-line usage (exit code 2)."""


# ---------------------------------------------------------------------------
# Helpers shared by subcommands
# ---------------------------------------------------------------------------


def _problems(exc: CnnvizError) -> list[str]:
    if isinstance(exc, SettingsErrors):
        return [str(p) for p in exc.problems]
    return [str(exc)]


def _fail(exc: CnnvizError) -> int:
    for line in _problems(exc):
        print(f"cnnviz: {line}", file=sys.stderr)
    return EXIT_USER_ERROR


def _add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("change a setting, e.g. --set conv1.stride=1 --set pool1.type=avg (see 'cnnviz settings')"),
    )


def _settings_from_args(args: argparse.Namespace) -> Any:
    from cnnviz.core.settings import Settings

    assignments = list(args.assignments)
    if getattr(args, "input_size", None):
        assignments.insert(0, f"input.size={args.input_size}")
    return Settings.from_assignments(assignments)


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
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(format_shape_table(report))
    if not plan.ok:
        for problem in plan.problems:
            print(f"cnnviz: {problem}", file=sys.stderr)
        return EXIT_USER_ERROR
    return EXIT_OK


def format_shape_table(report: Any) -> str:
    """The stage table as plain text (one row per stage)."""
    rows = [(tr("stage"), tr("shape"), tr("params"), tr("MACs"), tr("receptive field"), tr("formula (H)"))]
    rows.append(("input", "×".join(map(str, report.input_shape)), "", "", "1×1", ""))
    for s in report.stages:
        rf = s.receptive_field
        rf_text = f"{rf.size[0]}×{rf.size[1]} (jump {rf.jump[0]}×{rf.jump[1]})" if rf else ""
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
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        cells = [
            row[j].ljust(widths[j]) if j in (0, 1, 4, 5) else row[j].rjust(widths[j]) for j in range(len(row))
        ]
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
        out = []
        for s in TABLE.values():
            out.append(
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
        print(json.dumps(out, ensure_ascii=False, indent=1))
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
        print(f"{s.key:<26} {format_value(s.kind, s.default):<8} {values:<34} {tr(s.help)}")
    if not args.all:
        print(tr("(blocks 3 to 5 have the same keys: conv3.*, pool3.*, …; --all lists them)"))
    return EXIT_OK


# ---------------------------------------------------------------------------
# cnnviz render
# ---------------------------------------------------------------------------


class _Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.enabled = total > 1 and sys.stderr.isatty()

    def update(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / self.total)
        bar = "#" * filled + "." * (width - filled)
        print(f"\r[{bar}] {done}/{self.total} {name[:40]:<40}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def _collect_images(source: Path) -> tuple[list[Path], bool]:
    from cnnviz.core.images import IMAGE_SUFFIXES

    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise UsageError(
                tr("no images in this folder (looked for {suffixes})").format(
                    suffixes=" ".join(IMAGE_SUFFIXES)
                ),
                subject=str(source),
            )
        return files, True
    return [source], False


def cmd_render(args: argparse.Namespace) -> int:
    settings = _settings_from_args(args)
    source = Path(args.source)
    if not source.exists():
        raise UsageError(tr("no such file or folder"), subject=str(source))

    from cnnviz.core.plan import make_plan

    if settings.choice("input.fit") != "native":  # with native sizes, each image is checked on its own
        make_plan(settings).raise_problems()

    files, is_folder = _collect_images(source)
    out = Path(args.output)
    if is_folder or out.is_dir() or args.output.endswith(("/", "\\")):
        out_dir, single_out = out, None
        if out.exists() and not out.is_dir():
            raise UsageError(
                tr("a folder of images needs a folder to write to, and this is a file"), subject=str(out)
            )
        out_dir.mkdir(parents=True, exist_ok=True)
    else:
        out_dir, single_out = out.parent, out
        if out.suffix.lower() != ".png":
            raise UsageError(
                tr("the contact sheet is a PNG: name the output *.png or a folder"), subject=str(out)
            )
        if not out_dir.exists():
            raise UsageError(tr("the folder to write to does not exist"), subject=str(out_dir))

    from cnnviz.core.engine import Engine

    engine = Engine(args.device)
    for note in engine.notes:
        print(f"cnnviz: {note}", file=sys.stderr)
    engine.notes.clear()  # said once here, not again with the first image
    weights_name = tr("seeded default (untrained)")
    loaded = None
    if args.weights:
        from cnnviz.core.weights import read_weights

        loaded = read_weights(args.weights)
        if loaded.settings is not None and not args.assignments:
            settings = loaded.settings.replace({"input.fit": settings["input.fit"]})
        plan = make_plan(settings, weights=loaded.tensors)
        if plan.weights_mismatch:
            raise CnnvizError(
                tr("these weights do not fit the network:") + "\n  " + "\n  ".join(plan.weights_mismatch),
                subject=args.weights,
            )
        engine.use_weights(loaded)
        weights_name = Path(args.weights).name

    progress = _Progress(len(files))
    failures = 0
    written = 0
    start = time.perf_counter()
    for i, path in enumerate(files):
        progress.update(i, path.name)
        sheet_path = single_out or out_dir / f"{path.name}.png"
        try:
            _render_one(engine, settings, path, sheet_path, args, weights_name, loaded)
            written += 1
        except CnnvizError as exc:
            failures += 1
            progress.close() if progress.enabled else None
            for line in _problems(exc):
                print(
                    f"cnnviz: {path}: {line}" if str(path) not in line else f"cnnviz: {line}", file=sys.stderr
                )
    progress.update(len(files), "")
    progress.close()
    elapsed = time.perf_counter() - start
    where = single_out or out_dir
    print(
        tr("rendered {ok} of {total} image(s) to {where} in {seconds:.1f} s{failed}").format(
            ok=written,
            total=len(files),
            where=where,
            seconds=elapsed,
            failed=tr(" ({n} failed)").format(n=failures) if failures else "",
        )
    )
    return EXIT_USER_ERROR if failures else EXIT_OK


def _render_one(
    engine: Any,
    settings: Any,
    path: Path,
    sheet_path: Path,
    args: argparse.Namespace,
    weights_name: str,
    loaded: Any,
) -> None:
    import io

    import numpy as np

    from cnnviz.core.exports import NPZ_METADATA_KEY, npz_metadata
    from cnnviz.core.images import load_image, prepare_input
    from cnnviz.core.plan import make_plan
    from cnnviz.core.safe_io import atomic_write
    from cnnviz.core.sheet import png_info, sheet_for_result
    from cnnviz.core.spec import class_names
    from cnnviz.core.view import ViewOptions

    image = load_image(path)
    plan = make_plan(settings, image.size, weights=loaded.tensors if loaded is not None else None)
    plan.raise_problems()
    array = prepare_input(image, plan.input_size, settings.choice("input.fit"))
    result = engine.run(plan, array)
    for note in (*image.notes, *result.notes):
        print(f"cnnviz: {path.name}: {note}", file=sys.stderr)
    trained = any(source == "loaded" for source in result.sources.values())
    sheet, metadata = sheet_for_result(
        result,
        image_name=image.name,
        weights=weights_name,
        class_names=class_names(result.spec.num_classes),
        class_note="" if trained else tr("untrained weights: the classes mean nothing yet"),
        view=ViewOptions(norm=args.norm),
    )
    atomic_write(sheet_path, lambda f: sheet.save(f, format="PNG", pnginfo=png_info(metadata)))
    if args.npz:
        arrays = {"input": result.input, **result.stages, NPZ_METADATA_KEY: np.array(npz_metadata(metadata))}
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        atomic_write(sheet_path.with_suffix(".npz"), lambda f: f.write(buffer.getvalue()))


# ---------------------------------------------------------------------------
# cnnviz (the app)
# ---------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    settings = _settings_from_args(args)  # bad --set values fail before Qt starts
    from cnnviz.core.engine import resolve_device

    _, note = resolve_device(args.device)  # a name that is no device fails here
    if note:
        print(f"cnnviz: {note}", file=sys.stderr)
    from cnnviz.app.launch import launch

    return launch(
        image=args.image,
        device=args.device,
        settings=settings if args.assignments else None,
        session=args.session,
    )


def cmd_bench(args: argparse.Namespace) -> int:
    from cnnviz.bench import run_benchmark

    return run_benchmark(args)


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cnnviz",
        description=tr(
            "Watch a convolutional network work on an image, stage by stage. "
            "Subcommands: shapes, render, settings, bench (cnnviz SUBCOMMAND --help)."
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
    parser = argparse.ArgumentParser(prog="cnnviz")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("shapes", help=tr("print every stage's shape (no torch, no Qt)"))
    p.add_argument("--input-size", metavar="H[xW]", help=tr("input height and width, e.g. 256 or 224x320"))
    p.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    _add_set_option(p)
    p.set_defaults(func=cmd_shapes)

    p = sub.add_parser("render", help=tr("write a contact sheet of every stage for an image or a folder"))
    p.add_argument("source", metavar="IMAGE_OR_FOLDER")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=tr("a .png file, or a folder for a folder")
    )
    p.add_argument("--device", default="auto", help=tr("auto (default), cpu, cuda, cuda:N or mps"))
    p.add_argument("--npz", action="store_true", help=tr("also write every stage as arrays (.npz)"))
    p.add_argument("--weights", help=tr("weights to use (.safetensors or .pt)"))
    p.add_argument(
        "--norm",
        choices=("channel", "stage"),
        default="channel",
        help=tr("colour range per channel or per stage"),
    )
    _add_set_option(p)
    p.set_defaults(func=cmd_render, input_size=None)

    p = sub.add_parser("settings", help=tr("list every setting key, its default and range"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help=tr("include blocks 3 to 5"))
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("bench", help=tr("measure cnnviz against the bare forward pass and a matplotlib grid"))
    from cnnviz.bench_args import add_bench_arguments

    add_bench_arguments(p)
    p.set_defaults(func=cmd_bench)

    import importlib

    for name in MODULE_SUBCOMMANDS:
        importlib.import_module(f"cnnviz.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _sub_parser() if argv and argv[0] in SUBCOMMANDS else _app_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CnnvizError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        print(tr("cnnviz: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
