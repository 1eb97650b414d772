"""``cnnviz render IMAGE_OR_FOLDER -o OUT``: contact sheets (and ``--npz`` arrays) without losing a file.

The flow per image is the one of the window: one validated plan
(:func:`~cnnviz.core.plan.make_plan`), one forward pass
(:meth:`Engine.run(plan, array) <cnnviz.core.engine.Engine.run>`), one sheet
(:func:`~cnnviz.core.sheet.sheet_for_result`) carrying its description as PNG
text chunks and in the ``.npz``.

What it guarantees about files (docs/reliability-cli.md):

* it never writes over an input (the same file by name, through a symbolic or
  hard link, or by another spelling on a case-insensitive disk), even with
  ``--overwrite``;
* an output that already exists is replaced only with ``--overwrite``;
  otherwise the command names every such file and stops before any work;
* each file is encoded in memory, then written through
  :func:`~cnnviz.core.safe_io.atomic_write` (temporary name in the same
  folder, flushed, renamed), so an interrupted, concurrent or disk-full run
  leaves the old file or the new one, never part of one; without
  ``--overwrite`` a file another run wrote meanwhile is not replaced either;
* an output named without a suffix (or ending in a slash) is a folder, created when needed;
* a folder is scanned one level deep, so an output folder inside it is never
  read; files whose suffix is not an image's are counted in the summary (named with ``-v``); sheets cnnviz wrote earlier (PNG text chunk ``cnnviz:version``) are
  skipped, never rendered again;
* a folder run carries on past a bad image and ends with a summary
  (written, failed); the exit code is 2 if anything failed; a sheet written
  fine is counted as written even when its ``.npz`` could not be.
"""

from __future__ import annotations

import argparse
import io
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnviz.commands.console import (
    EXIT_OK,
    EXIT_USAGE,
    SEEDED_WEIGHTS,
    UsageError,
    add_device_option,
    add_set_option,
    add_verbose_option,
    add_weights_option,
    one_line,
    out,
    print_problem,
    problem_lines,
    scan_image_folder,
    settings_from_args,
    skipped_note,
    weights_from_args,
)
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr

NAME = "render"
SHEET_MARKER = "cnnviz:version"  # the PNG text chunk every file cnnviz writes carries
MAX_LISTED = 10  # existing outputs named one by one before "and N more"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``cnnviz render`` on ``subparsers``."""
    p = subparsers.add_parser(NAME, help=tr("write a contact sheet of every stage for an image or a folder"))
    p.add_argument("source", metavar="IMAGE_OR_FOLDER", nargs="?", help=tr("omit it with --pattern"))
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=tr("a .png file, or a folder (a name without a suffix is a folder, created if needed)"),
    )
    add_device_option(p)
    p.add_argument("--npz", action="store_true", help=tr("also write every stage as arrays (.npz)"))
    add_weights_option(p)
    p.add_argument(
        "--norm",
        choices=("channel", "stage"),
        default="channel",
        help=tr("colour range per channel or per stage"),
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help=tr("replace sheets (and .npz files) that already exist; inputs are never replaced"),
    )
    add_set_option(p)
    add_verbose_option(p)
    from cnnviz.commands import lab_render

    lab_render.add_render_options(p)  # --pattern, --kernel, --compare
    p.set_defaults(func=run, input_size=None)
    return p


# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------


@dataclass
class Job:
    """One image to render and the files it becomes."""

    source: Path  # the image (a lab sheet of a test pattern: the pattern's text)
    sheet: Path
    npz: Path | None
    problem: str | None = None  # known before any work: the job is reported failed, not run


def _stat(path: Path, *, follow: bool = True) -> os.stat_result | None:
    """``os.stat`` that answers ``None`` for a missing path and raises :class:`OSError` otherwise."""
    try:
        return os.stat(path, follow_symlinks=follow)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _identity(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def _path_error(exc: OSError, path: Path) -> UsageError:
    from cnnviz.core.safe_io import describe_os_error

    return UsageError(describe_os_error(exc), subject=str(path))


def is_cnnviz_output(path: Path) -> bool:
    """Whether ``path`` is a PNG that cnnviz wrote (it has a ``cnnviz:version`` text chunk).

    Reads the chunk headers before the image data only (a few hundred bytes), never the pixels.
    """
    marker = SHEET_MARKER.encode("latin-1")
    try:
        with open(path, "rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n":
                return False
            for _ in range(64):
                header = f.read(8)
                if len(header) < 8:
                    return False
                length = int.from_bytes(header[:4], "big")
                kind = header[4:]
                if kind in (b"IDAT", b"IEND"):
                    return False
                if kind in (b"tEXt", b"zTXt", b"iTXt"):
                    if f.read(len(marker) + 1)[: len(marker) + 1] == marker + b"\0":
                        return True
                    f.seek(length - (len(marker) + 1) + 4, os.SEEK_CUR)
                else:
                    f.seek(length + 4, os.SEEK_CUR)
    except (OSError, ValueError):
        return False
    return False


@dataclass
class JobPlan:
    """Every job, the place written to, and what a folder scan left out."""

    jobs: list[Job]
    where: Path
    to_folder: bool
    earlier_sheets: int = 0  # sheets cnnviz wrote before, found in the folder and not rendered again
    not_images: list[Path] = field(default_factory=list)  # files skipped by their suffix


def _scan_folder(source: Path, out_dir: Path) -> tuple[list[Path], int, list[Path]]:
    """The images directly in ``source`` (sorted), how many sheets cnnviz wrote were skipped,
    and the files that are not images by their suffix (console.scan_image_folder)."""
    scan = scan_image_folder(source)
    try:
        out_id = _identity(st) if (st := _stat(out_dir)) is not None else None
    except OSError:
        out_id = None
    files: list[Path] = []
    skipped = 0
    for path in scan.images:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if _identity(st) == out_id:
            continue
        if is_cnnviz_output(path):
            skipped += 1
            continue
        files.append(path)
    return files, skipped, scan.not_images


def _plan_jobs(args: argparse.Namespace) -> JobPlan:
    """Every job and the place written to. An output named without a suffix, or ending in a
    slash, or an existing folder, is a folder (created when needed); otherwise a ``.png``."""
    source = Path(args.source)
    try:
        source_st = _stat(source)
    except OSError as exc:
        raise _path_error(exc, source) from None
    if source_st is None:
        raise UsageError(tr("no such file or folder"), subject=str(source))
    is_folder = stat.S_ISDIR(source_st.st_mode)

    out = Path(args.output)
    try:
        out_st = _stat(out)
    except OSError as exc:
        raise _path_error(exc, out) from None
    out_is_dir = out_st is not None and stat.S_ISDIR(out_st.st_mode)
    if is_folder or out_is_dir or args.output.endswith(("/", "\\")) or not out.suffix:
        if out_st is not None and not out_is_dir:
            raise UsageError(
                tr("a folder of images needs a folder to write to, and this is a file"), subject=str(out)
            )
        _check_folder_parent(out)
        if is_folder:
            files, skipped, not_images = _scan_folder(source, out)
            if not files:
                from cnnviz.core.images import IMAGE_SUFFIXES

                raise UsageError(
                    tr("no images in this folder (looked for {suffixes})").format(
                        suffixes=" ".join(IMAGE_SUFFIXES)
                    ),
                    subject=str(source),
                )
        else:
            files, skipped, not_images = [source], 0, []
        jobs = []
        for path in files:
            sheet = out / f"{path.name}.png"
            jobs.append(Job(path, sheet, sheet.with_suffix(".npz") if args.npz else None))
        return JobPlan(jobs, out, True, skipped, not_images)

    if out.suffix.lower() != ".png":
        raise UsageError(
            tr("the contact sheet is a PNG: name the output *.png or a folder"), subject=str(out)
        )
    check_png_folder(out)
    return JobPlan([Job(source, out, out.with_suffix(".npz") if args.npz else None)], out, False)


def check_png_folder(out: Path) -> None:
    """Refuse a ``.png`` output whose folder is missing or is a file (one line each)."""
    folder = out.parent
    try:
        folder_st = _stat(folder)
    except OSError as exc:
        raise _path_error(exc, folder) from None
    if folder_st is None:
        raise UsageError(tr("the folder to write to does not exist"), subject=str(folder))
    if not stat.S_ISDIR(folder_st.st_mode):
        raise UsageError(tr("this is a file, not a folder to write to"), subject=str(folder))


def _check_folder_parent(out: Path) -> None:
    """Refuse an output folder that cannot be made (a part of its path is a file)."""
    for parent in [out, *out.parents]:
        try:
            st = _stat(parent)
        except OSError as exc:
            raise _path_error(exc, parent) from None
        if st is None:
            continue
        if not stat.S_ISDIR(st.st_mode):
            raise UsageError(tr("this is a file, not a folder to write to"), subject=str(parent))
        return


def _probe_folder(folder: Path) -> None:
    """Fail before any work if ``folder`` takes no new file (read-only, no permission, full)."""
    import tempfile

    from cnnviz.core.safe_io import output_error

    try:
        fd, name = tempfile.mkstemp(prefix=".cnnviz-probe.", suffix=".part", dir=folder)
    except OSError as exc:
        raise output_error(exc, folder) from None
    os.close(fd)
    os.unlink(name)


def check_outputs(jobs: list[Job], input_files: list[Path], overwrite: bool) -> list[str]:
    """Problems with the outputs of all jobs, found before any work (render and the lab's sheets).

    ``input_files`` are every file the run reads (images, weights). Sets ``job.problem`` for a
    job whose output cannot even be looked at (a name too long); returns the problems that stop
    the whole run (an output that is an input, or exists).
    """
    inputs: dict[tuple[int, int], Path] = {}
    for path in input_files:
        try:
            st = _stat(path)
        except OSError:
            continue
        if st is not None:
            inputs[_identity(st)] = path
    problems: list[str] = []
    existing: list[Path] = []
    for job in jobs:
        for target in (job.sheet, job.npz):
            if target is None:
                continue
            try:
                st = _stat(target)
            except OSError as exc:
                from cnnviz.core.safe_io import describe_os_error

                job.problem = job.problem or f"{target}: " + tr("cannot write here: {reason}").format(
                    reason=describe_os_error(exc)
                )
                continue
            if st is None:
                continue
            if _identity(st) in inputs:
                problems.append(
                    f"{target}: "
                    + tr("this is the input {name}: cnnviz never writes over an input").format(
                        name=inputs[_identity(st)]
                    )
                )
            elif stat.S_ISDIR(st.st_mode):
                problems.append(f"{target}: " + tr("a folder has this name"))
            elif not overwrite:
                existing.append(target)
    for target in existing[:MAX_LISTED]:
        problems.append(f"{target}: " + tr("already exists (--overwrite replaces it)"))
    if len(existing) > MAX_LISTED:
        problems.append(
            tr("… and {n} more files that already exist (--overwrite replaces them)").format(
                n=len(existing) - MAX_LISTED
            )
        )
    return problems


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


class _Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        try:
            self.enabled = total > 1 and sys.stderr.isatty()
        except (OSError, ValueError):
            self.enabled = False
        self.shown = False

    def update(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / self.total)
        bar = "#" * filled + "." * (width - filled)
        try:
            print(
                f"\r[{bar}] {done}/{self.total} {one_line(name)[:40]:<40}",
                end="",
                file=sys.stderr,
                flush=True,
            )
            self.shown = True
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        """End the bar's line (before a message, and at the end)."""
        if self.enabled and self.shown:
            try:
                print(file=sys.stderr, flush=True)
            except (OSError, ValueError):
                self.enabled = False
            self.shown = False


def run(args: argparse.Namespace) -> int:
    """Render every job; 0 if all were written, 2 if anything was wrong (each said on one line)."""
    from cnnviz.commands import lab_render

    if lab_render.wants_lab(args):  # a test pattern, edited kernels or a comparison
        return lab_render.run(args)
    settings = settings_from_args(args)
    job_plan = _plan_jobs(args)
    jobs, where, to_folder = job_plan.jobs, job_plan.where, job_plan.to_folder

    from cnnviz.core.plan import make_plan

    if settings.choice("input.fit") != "native":  # with native sizes, each image is checked on its own
        make_plan(settings).raise_problems()

    extra = [Path(args.weights)] if args.weights and args.weights != SEEDED_WEIGHTS else []
    problems = check_outputs(jobs, [*(job.source for job in jobs), *extra], args.overwrite)
    if problems:
        for line in problems:
            print_problem(line)
        return EXIT_USAGE
    if to_folder:
        try:
            where.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _path_error(exc, where) from None
    _probe_folder(where if to_folder else where.parent)

    from cnnviz.core.engine import Engine

    engine = Engine(args.device)
    for note in engine.notes:
        print_problem(note)
    engine.notes.clear()  # said once here, not again with the first image
    choice = weights_from_args(args, settings)
    loaded, weights_name, settings = choice.loaded, choice.name, choice.settings
    if loaded is not None:
        engine.use_weights(loaded)

    progress = _Progress(len(jobs))
    failed = 0
    npz_failed = 0
    written = 0
    start = time.perf_counter()

    def report(exc_or_text: CnnvizError | str, path: Path) -> None:
        progress.close()
        lines = problem_lines(exc_or_text) if isinstance(exc_or_text, CnnvizError) else [exc_or_text]
        for line in lines:
            print_problem(line if str(path) in line else f"{path}: {line}")

    for i, job in enumerate(jobs):
        progress.update(i, job.source.name)
        if job.problem is not None:
            failed += 1
            progress.close()
            print_problem(job.problem)
            continue
        try:
            png, npz, notes = _render_one(engine, settings, job, args, weights_name, loaded)
        except CnnvizError as exc:
            failed += 1
            report(exc, job.source)
            continue
        for note in notes:
            progress.close()
            print_problem(note, prefix=job.source.name)
        sheet_ok = _write(job.sheet, png, args.overwrite, report)
        if not sheet_ok:
            failed += 1
            continue
        written += 1
        if job.npz is not None and npz is not None and not _write(job.npz, npz, args.overwrite, report):
            npz_failed += 1
    progress.update(len(jobs), "")
    progress.close()
    elapsed = time.perf_counter() - start
    extras = []
    if failed:
        extras.append(tr("{n} failed").format(n=failed))
    if npz_failed:
        extras.append(tr("{n} .npz not written").format(n=npz_failed))
    if job_plan.earlier_sheets:
        extras.append(tr("{n} earlier sheet(s) skipped").format(n=job_plan.earlier_sheets))
    if job_plan.not_images:
        extras.append(skipped_note(job_plan.not_images, args.verbose))
    out(
        tr("rendered {ok} of {total} image(s) to {where} in {seconds:.1f} s{extras}").format(
            ok=written,
            total=len(jobs),
            where=one_line(where),
            seconds=elapsed,
            extras=f" ({', '.join(extras)})" if extras else "",
        )
    )
    return EXIT_USAGE if failed or npz_failed else EXIT_OK


def _write(path: Path, data: bytes, overwrite: bool, report: Any) -> bool:
    """Write ``data`` to ``path`` atomically; ``False`` (and the reason said) if it could not be."""
    from cnnviz.core.safe_io import atomic_write_bytes

    try:
        atomic_write_bytes(path, data, overwrite=overwrite)
    except CnnvizError as exc:
        if not overwrite and getattr(exc, "message", "").endswith(tr("the file already exists")):
            exc = UsageError(tr("appeared while rendering (another run?); not replaced"), subject=str(path))
        report(exc, path)
        return False
    return True


def _render_one(
    engine: Any,
    settings: Any,
    job: Job,
    args: argparse.Namespace,
    weights_name: str,
    loaded: Any,
) -> tuple[bytes, bytes | None, list[str]]:
    """The sheet's PNG bytes, the ``.npz`` bytes (or ``None``) and the notes, all in memory."""
    from cnnviz.core.exports import stages_npz
    from cnnviz.core.images import load_image, prepare_input
    from cnnviz.core.plan import make_plan
    from cnnviz.core.provenance import class_names_for, sheet_class_note
    from cnnviz.core.sheet import png_info, sheet_for_result
    from cnnviz.core.text import printable
    from cnnviz.core.view import ViewOptions

    image = load_image(job.source)
    plan = make_plan(settings, image.size, weights=loaded.tensors if loaded is not None else None)
    plan.raise_problems()
    array = prepare_input(image, plan.input_size, settings.choice("input.fit"), settings.choice("input.pad"))
    result = engine.run(plan, array)
    sheet, metadata = sheet_for_result(
        result,
        # A newline or control character in a file name must not reach the text layout
        # (libraqm fails on some) nor the picture: the sheet shows the escaped name.
        image_name=printable(image.name),
        weights=printable(weights_name),
        class_names=class_names_for(loaded.metadata if loaded is not None else None, result.spec.num_classes),
        class_note=sheet_class_note(result.sources, weights_name if loaded is not None else None),
        view=ViewOptions(norm=args.norm),
    )
    png = io.BytesIO()
    sheet.save(png, format="PNG", pnginfo=png_info(metadata))
    npz = stages_npz(result.input, result.stages, metadata) if job.npz is not None else None
    return png.getvalue(), npz, [*image.notes, *result.notes]
