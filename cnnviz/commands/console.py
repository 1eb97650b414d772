"""What every ``cnnviz`` subcommand shares: options, exit codes and safe terminal output.

* :func:`add_set_option` and :func:`settings_from_args`: the ``--set KEY=VALUE``
  option, parsed by the settings table's own parser (one parser for the CLI,
  sessions and the window).
* :func:`print_problem` / :func:`fail`: one line per problem on stderr, always;
  text that came from outside (file names, values typed on the command line,
  metadata inside files) goes through :func:`cnnviz.core.text.printable`, so a
  newline in a ``--set`` value or an escape sequence in a file name can neither
  split a message nor reach the terminal.
* :func:`out`: writes to stdout that survive a closed pipe (``| head``) or a full
  device (``> /dev/full``): the first failure becomes :class:`StdoutError`
  (one line on stderr, exit 2) and nothing more is written.

Exit codes: :data:`EXIT_OK` all good, :data:`EXIT_USAGE` a user's mistake
(bad input, settings, files), :data:`EXIT_BUG` a bug (Python's own code for an
uncaught exception, with its traceback).

No torch, no Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from cnnviz.core.errors import CnnvizError, SettingsErrors
from cnnviz.core.i18n import tr
from cnnviz.core.text import printable

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2

PROGRAM = "cnnviz"
MAX_LINE = 1000  # characters of one problem shown before it is cut with "…"


class UsageError(CnnvizError):
    """Bad command-line usage (exit code 2)."""


class StdoutError(CnnvizError):
    """Standard output could not be written (a full device, a closed pipe).

    ``closed_pipe`` is true when the reading program stopped (``cnnviz settings | head``):
    that is the reader's choice, not a problem, so it ends the command quietly.
    """

    def __init__(self, message: str, *, subject: str | None = None, closed_pipe: bool = False) -> None:
        super().__init__(message, subject=subject)
        self.closed_pipe = closed_pipe


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------


class ArgumentParser(argparse.ArgumentParser):
    """argparse with its usage errors as one escaped line (``cnnviz: …``) and exit code 2."""

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        print_problem(tr("{problem} (see '{prog} --help')").format(problem=message, prog=self.prog))
        sys.exit(EXIT_USAGE)


def add_set_option(parser: argparse.ArgumentParser) -> None:
    """Add the repeatable ``--set KEY=VALUE`` option (stored in ``args.assignments``)."""
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=tr("change a setting, e.g. --set conv1.stride=1 --set pool1.type=avg (see 'cnnviz settings')"),
    )


def add_device_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--device`` (auto, cpu, cuda, cuda:N, mps)."""
    parser.add_argument("--device", default="auto", help=tr("auto (default), cpu, cuda, cuda:N or mps"))


SEEDED_WEIGHTS = "seeded"  # --weights seeded: random weights from cnnviz's fixed seed


def add_weights_option(parser: argparse.ArgumentParser) -> None:
    """``--weights FILE|seeded``; without it, the bundled trained weights."""
    parser.add_argument(
        "--weights",
        metavar="FILE|seeded",
        help=tr(
            "weights to use: a .safetensors or .pt file, or 'seeded' for random (seeded) weights "
            "(default: the bundled trained weights)"
        ),
    )


@dataclass(frozen=True)
class WeightsChoice:
    """The weights a command runs with, as chosen by ``--weights``."""

    loaded: Any  # WeightsFile, or None for the seeded default
    name: str  # for sheets and messages: "textbook-shapes.safetensors (bundled, trained)", …
    settings: Any  # the settings to use (a file's own settings when no --set was given)
    explicit: bool  # named on the command line (a mismatch is then an error, not a note)


def weights_from_args(args: argparse.Namespace, settings: Any) -> WeightsChoice:
    """Read the weights ``--weights`` names (or the bundled ones); check they fit ``settings``.

    A file named with ``--weights`` must fit the network (an error explains each layer); the
    bundled default may not fit a changed network: the layers it does not fit stay seeded
    and a note on stderr says which (as the window does).
    """
    from cnnviz.core.plan import make_plan
    from cnnviz.core.resources import default_weights
    from cnnviz.core.weights import read_weights

    named = getattr(args, "weights", None)
    if named == SEEDED_WEIGHTS:
        return WeightsChoice(None, tr("seeded default (untrained)"), settings, True)
    path = Path(named) if named else default_weights()
    if path is None:  # an install without the bundled file: say so once, go on seeded
        print_problem(tr("the bundled trained weights are not installed; using random (seeded) weights"))
        return WeightsChoice(None, tr("seeded default (untrained)"), settings, False)
    loaded = read_weights(path)
    if loaded.settings is not None and not getattr(args, "assignments", None):
        settings = loaded.settings.replace({"input.fit": settings["input.fit"]})
    name = path.name if named else tr("{name} (bundled, trained)").format(name=path.name)
    if settings.choice("input.fit") != "native":  # native sizes are checked per image
        mismatch = make_plan(settings, weights=loaded.tensors).weights_mismatch
        if mismatch and named:
            raise CnnvizError(
                tr("these weights do not fit the network:") + "\n  " + "\n  ".join(mismatch),
                subject=str(path),
            )
        for sentence in mismatch:
            print_problem(tr("{sentence} (random, seeded, instead)").format(sentence=sentence))
    return WeightsChoice(loaded, name, settings, bool(named))


@dataclass(frozen=True)
class FolderScan:
    """What one level of a folder holds for a command that reads images."""

    images: list[Path]  # regular files with an image suffix, sorted by name
    not_images: list[Path]  # regular files skipped because their suffix is not an image's


def scan_image_folder(folder: Path) -> FolderScan:
    """The image files directly in ``folder`` and the files skipped by suffix (one level only,
    so an output folder inside it is never read; entries that vanish while scanned are skipped)."""
    from cnnviz.core.images import IMAGE_SUFFIXES

    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise UsageError(exc.strerror or str(exc), subject=str(folder)) from None
    images: list[Path] = []
    not_images: list[Path] = []
    for path in entries:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                continue
        except OSError:
            continue
        (images if path.suffix.lower() in IMAGE_SUFFIXES else not_images).append(path)
    return FolderScan(images, not_images)


def add_verbose_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v", "--verbose", action="store_true", help=tr("name every file skipped in a folder")
    )


def skipped_note(not_images: list[Path], verbose: bool) -> str:
    """``2 not images (by suffix)``, naming them with ``-v``; empty when none were skipped."""
    if not not_images:
        return ""
    note = tr("{n} file(s) skipped, not images by their suffix").format(n=len(not_images))
    if verbose:
        note += ": " + ", ".join(one_line(p.name) for p in not_images)
    return note


def settings_from_args(args: argparse.Namespace) -> Any:
    """The :class:`~cnnviz.core.settings.Settings` of ``--set`` (and ``--input-size``, if any).

    Every bad assignment is reported (a :class:`~cnnviz.core.errors.SettingsErrors`).
    """
    from cnnviz.core.settings import Settings

    assignments = list(getattr(args, "assignments", None) or [])
    if getattr(args, "input_size", None):
        assignments.insert(0, f"input.size={args.input_size}")
    return Settings.from_assignments(assignments)


# ---------------------------------------------------------------------------
# Problems on stderr
# ---------------------------------------------------------------------------


def problem_lines(exc: CnnvizError) -> list[str]:
    """The problems ``exc`` holds, one string each (not yet escaped)."""
    if isinstance(exc, SettingsErrors):
        return [str(p) for p in exc.problems]
    return [str(exc)]


def one_line(text: object) -> str:
    """``text`` escaped for a terminal and kept on one line."""
    return printable(text, limit=MAX_LINE)


def print_problem(text: object, *, prefix: str = "") -> None:
    """Write ``cnnviz: PREFIX: TEXT`` as exactly one line on stderr (escaped)."""
    line = one_line(text)
    if prefix:
        line = f"{one_line(prefix)}: {line}"
    _write(sys.stderr, f"{PROGRAM}: {line}\n", is_stdout=False)


def fail(exc: CnnvizError, *, prefix: str = "") -> int:
    """Print every problem of ``exc`` (one line each) and return :data:`EXIT_USAGE`."""
    for line in problem_lines(exc):
        print_problem(line, prefix=prefix)
    return EXIT_USAGE


# ---------------------------------------------------------------------------
# Standard output
# ---------------------------------------------------------------------------


def out(text: str = "", end: str = "\n") -> None:
    """Write ``text`` to stdout and flush; a failure raises :class:`StdoutError` once."""
    _write(sys.stdout, text + end, is_stdout=True)


def _silence(name: str) -> None:
    """Point ``sys.<name>`` at the null device so the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives until exit)


def _write(stream: Any, text: str, *, is_stdout: bool) -> None:
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show a character: show its escape
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))
        stream.flush()
    except (OSError, ValueError) as exc:
        if not is_stdout:
            _silence("stderr")  # nowhere left to say it
            return
        _silence("stdout")
        closed = isinstance(exc, BrokenPipeError) or getattr(exc, "errno", None) == errno.EPIPE
        raise StdoutError(
            describe_stream_error(exc), subject=tr("standard output"), closed_pipe=closed
        ) from None


def describe_stream_error(exc: BaseException) -> str:
    """A short sentence for a failed write to a terminal, pipe or redirected file."""
    from cnnviz.core.safe_io import describe_os_error

    if isinstance(exc, BrokenPipeError) or getattr(exc, "errno", None) == errno.EPIPE:
        return tr("could not write: the reading program has stopped (closed pipe)")
    if isinstance(exc, ValueError):
        return tr("could not write: it is closed")
    return tr("could not write: {reason}").format(reason=describe_os_error(exc))


def report_stdout_error(exc: StdoutError) -> int:
    """Exit status for a failed stdout: quiet 0 for a closed pipe (``| head``), else one line and 2."""
    if exc.closed_pipe:
        return EXIT_OK
    return fail(exc)
