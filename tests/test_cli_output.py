"""``cnnviz render`` never loses a file: inputs, existing outputs, full disks, odd names.

Every test here attacks one guarantee of docs/reliability-cli.md; the oracles are the
bytes on disk (compared with what was there before), Pillow reading the PNGs back,
and the exit code and line count the CLI promises (2, one line per problem).
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.cli import main

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--device", "cpu", "--set", "input.size=32", "--weights", "seeded"]  # small and quick


def make_image(path: Path, seed: int = 0, size: int = 40) -> bytes:
    """Write a small RGB PNG at ``path`` and return its bytes."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def render(*args: str) -> int:
    return main(["render", *args, *SMALL])


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def assert_one_problem(err: str, *words: str) -> str:
    got = lines(err)
    assert len(got) == 1, got
    assert got[0].startswith("cnnviz: ")
    assert "Traceback" not in err
    for word in words:
        assert word in got[0], (word, got[0])
    return got[0]


def is_sheet(path: Path) -> bool:
    with Image.open(path) as im:
        im.load()
        return im.format == "PNG" and "cnnviz:version" in im.text


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# ---------------------------------------------------------------------------
# Never over an input
# ---------------------------------------------------------------------------


def test_render_onto_its_own_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "in.png"
    original = make_image(image)
    assert render(str(image), "-o", str(image)) == 2
    assert_one_problem(capsys.readouterr().err, "in.png", "never writes over an input")
    assert image.read_bytes() == original


def test_overwrite_never_replaces_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "in.png"
    original = make_image(image)
    assert render(str(image), "-o", str(image), "--overwrite") == 2
    assert_one_problem(capsys.readouterr().err, "never writes over an input")
    assert image.read_bytes() == original


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_an_input_reached_through_a_link_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str
) -> None:
    image = tmp_path / "in.png"
    original = make_image(image)
    other = tmp_path / "other.png"
    try:
        (os.symlink if link == "symlink" else os.link)(image, other)
    except (OSError, NotImplementedError):
        pytest.skip(f"this file system has no {link}s")
    assert render(str(image), "-o", str(other), "--overwrite") == 2
    assert_one_problem(capsys.readouterr().err, "other.png", "never writes over an input")
    assert image.read_bytes() == original
    assert other.read_bytes() == original
    assert other.is_symlink() == (link == "symlink")


def test_an_input_spelled_differently_on_a_case_insensitive_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "in.png"
    original = make_image(image)
    upper = tmp_path / "IN.PNG"
    if not upper.exists():
        pytest.skip("this file system tells IN.PNG from in.png")
    assert render(str(image), "-o", str(upper), "--overwrite") == 2
    assert_one_problem(capsys.readouterr().err, "never writes over an input")
    assert image.read_bytes() == original


def test_an_npz_output_that_is_the_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "picture.npz"  # a PNG under another suffix: --npz would write here
    original = make_image(image)
    assert render(str(image), "-o", str(tmp_path / "picture.png"), "--npz", "--overwrite") == 2
    assert_one_problem(capsys.readouterr().err, "picture.npz", "never writes over an input")
    assert image.read_bytes() == original
    assert not (tmp_path / "picture.png").exists()


def test_a_folder_into_itself_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    a = make_image(src / "a.png", 1)
    aa = make_image(src / "a.png.png", 2)  # an input that a.png's sheet would be named after
    assert render(str(src), "-o", str(src), "--overwrite") == 2
    assert_one_problem(capsys.readouterr().err, "a.png.png", "never writes over an input")
    assert (src / "a.png").read_bytes() == a
    assert (src / "a.png.png").read_bytes() == aa
    assert sorted(p.name for p in src.iterdir()) == ["a.png", "a.png.png"]


# ---------------------------------------------------------------------------
# Existing outputs: only with --overwrite, checked for every job first
# ---------------------------------------------------------------------------


def test_an_existing_sheet_is_kept_without_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "in.png"
    make_image(image)
    sheet = tmp_path / "sheet.png"
    sheet.write_bytes(b"my own work")
    assert render(str(image), "-o", str(sheet)) == 2
    assert_one_problem(capsys.readouterr().err, "sheet.png", "already exists", "--overwrite")
    assert sheet.read_bytes() == b"my own work"

    assert render(str(image), "-o", str(sheet), "--overwrite") == 0
    assert is_sheet(sheet)
    assert leftovers(tmp_path) == []


def test_an_existing_npz_alone_stops_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "in.png"
    make_image(image)
    (tmp_path / "sheet.npz").write_bytes(b"arrays I keep")
    assert render(str(image), "-o", str(tmp_path / "sheet.png"), "--npz") == 2
    assert_one_problem(capsys.readouterr().err, "sheet.npz", "already exists")
    assert (tmp_path / "sheet.npz").read_bytes() == b"arrays I keep"
    assert not (tmp_path / "sheet.png").exists()


def test_every_job_is_checked_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i, name in enumerate(["a.png", "b.png", "c.png"]):
        make_image(src / name, i)
    out = tmp_path / "out"
    out.mkdir()
    (out / "c.png.png").write_bytes(b"keep")
    assert render(str(src), "-o", str(out)) == 2
    assert_one_problem(capsys.readouterr().err, "c.png.png", "already exists")
    assert sorted(p.name for p in out.iterdir()) == ["c.png.png"]  # a and b were not rendered either
    assert (out / "c.png.png").read_bytes() == b"keep"


def test_a_file_that_appears_while_rendering_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a second render into the same folder does: the file it wrote first is kept."""
    from cnnviz.core.engine import Engine

    image = tmp_path / "in.png"
    make_image(image)
    sheet = tmp_path / "sheet.png"
    real_run = Engine.run

    def run_while_another_writes(self, *args, **kwargs):
        sheet.write_bytes(b"the other run's sheet")
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "run", run_while_another_writes)
    assert render(str(image), "-o", str(sheet)) == 2
    out, err = capsys.readouterr()
    assert_one_problem(err, "sheet.png", "not replaced")
    assert sheet.read_bytes() == b"the other run's sheet"
    assert "rendered 0 of 1" in out
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------------------
# Folders: sheets are not read back, output folders inside are not scanned
# ---------------------------------------------------------------------------


def test_a_folder_rendered_into_itself_twice_does_not_render_its_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    make_image(src / "a.png", 1)
    make_image(src / "b.jpg.png", 2)
    assert render(str(src), "-o", str(src)) == 0
    assert "rendered 2 of 2" in capsys.readouterr().out
    first = sorted(p.name for p in src.iterdir())
    assert first == ["a.png", "a.png.png", "b.jpg.png", "b.jpg.png.png"]

    assert render(str(src), "-o", str(src), "--overwrite") == 0
    out = capsys.readouterr().out
    assert "rendered 2 of 2" in out and "2 earlier sheet(s) skipped" in out
    assert sorted(p.name for p in src.iterdir()) == first
    for name in ("a.png.png", "b.jpg.png.png"):
        assert is_sheet(src / name)


def test_an_output_folder_inside_the_input_folder_is_not_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    make_image(src / "a.png", 1)
    sheets = src / "sheets"
    for _ in range(2):
        assert render(str(src), "-o", str(sheets), "--overwrite") == 0
        assert "rendered 1 of 1" in capsys.readouterr().out
    assert sorted(p.name for p in sheets.iterdir()) == ["a.png.png"]
    assert sorted(p.name for p in src.iterdir()) == ["a.png", "sheets"]


def test_a_folder_run_goes_on_past_a_bad_file_and_sums_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    make_image(src / "a.png", 1)
    (src / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    make_image(src / "c.png", 3)
    assert render(str(src), "-o", str(tmp_path / "out")) == 2
    out, err = capsys.readouterr()
    assert_one_problem(err, "b.png")
    assert lines(out) == [lines(out)[0]] and "rendered 2 of 3" in out and "1 failed" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.png.png", "c.png.png"]


# ---------------------------------------------------------------------------
# Output side faults: one line, exit 2, nothing partial
# ---------------------------------------------------------------------------


class _FullDisk(io.RawIOBase):
    """A file whose writes fail with ENOSPC after ``room`` bytes (what a full disk does)."""

    def __init__(self, real: io.BufferedWriter, room: int) -> None:
        self.real = real
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self.room:
            self.real.write(data[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def flush(self) -> None:
        self.real.flush()

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        if not self.closed:
            super().close()
        self.real.close()


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, files_that_fit: int, room: int = 1000) -> None:
    """The first ``files_that_fit`` files opened for writing fit; the next ones get ``room`` bytes."""
    real_fdopen = os.fdopen
    opened = []

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        if "w" not in mode:
            return handle
        opened.append(fd)
        return handle if len(opened) <= files_that_fit else _FullDisk(handle, room)

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_a_full_disk_keeps_the_old_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    image = tmp_path / "in.png"
    make_image(image)
    sheet = tmp_path / "sheet.png"
    assert render(str(image), "-o", str(sheet)) == 0
    good = sheet.read_bytes()
    capsys.readouterr()
    _disk_full_after(monkeypatch, 0)
    assert render(str(image), "-o", str(sheet), "--overwrite", "--set", "conv1.stride=1") == 2
    out, err = capsys.readouterr()
    assert_one_problem(err, "sheet.png", "disk is full")
    assert "rendered 0 of 1" in out
    assert sheet.read_bytes() == good
    assert leftovers(tmp_path) == []


def test_a_sheet_written_fine_is_not_reported_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    image = tmp_path / "in.png"
    make_image(image)
    sheet = tmp_path / "sheet.png"
    _disk_full_after(monkeypatch, 1)  # the sheet fits, the .npz does not
    assert render(str(image), "-o", str(sheet), "--npz") == 2
    out, err = capsys.readouterr()
    assert_one_problem(err, "sheet.npz", "disk is full")
    assert "rendered 1 of 1" in out and ".npz not written" in out
    assert is_sheet(sheet)
    assert not (tmp_path / "sheet.npz").exists()
    assert leftovers(tmp_path) == []


def test_a_read_only_folder_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cnnviz.core import engine

    image = tmp_path / "in.png"
    make_image(image)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    def no_engine(*args, **kwargs):
        raise AssertionError("the network was built although nothing can be written")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    monkeypatch.setattr(engine, "Engine", no_engine)
    assert render(str(image), "-o", str(tmp_path / "sheet.png")) == 2
    assert_one_problem(capsys.readouterr().err, "read-only")
    assert render(str(tmp_path), "-o", str(tmp_path / "sheets")) == 2
    assert_one_problem(capsys.readouterr().err, "read-only")


@pytest.mark.parametrize("folder_run", [False, True])
def test_an_output_under_a_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, folder_run: bool
) -> None:
    from cnnviz.core import engine

    def no_engine(*args, **kwargs):
        raise AssertionError("the network was built although nothing can be written")

    monkeypatch.setattr(engine, "Engine", no_engine)
    image = tmp_path / "src" / "in.png"
    image.parent.mkdir()
    make_image(image)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    target = blocker / ("sheets" if folder_run else "sheet.png")
    assert render(str(image.parent if folder_run else image), "-o", str(target)) == 2
    assert_one_problem(capsys.readouterr().err, "notes.txt", "a file")
    assert blocker.read_text() == "a file, not a folder"


def test_a_300_character_name_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "in.png"
    make_image(image)
    long_source = tmp_path / ("s" * 300 + ".png")
    assert render(str(long_source), "-o", str(tmp_path / "sheet.png")) == 2
    assert_one_problem(capsys.readouterr().err, "too long")
    assert render(str(image), "-o", str(tmp_path / ("o" * 300 + ".png"))) == 2
    assert_one_problem(capsys.readouterr().err, "too long")
    assert leftovers(tmp_path) == []


def test_an_image_whose_sheet_name_is_too_long_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    make_image(src / "a.png", 1)
    long_name = "l" * 248 + ".png"  # fits (252), its sheet name (256) does not
    try:
        make_image(src / long_name, 2)
    except OSError:
        pytest.skip("this file system does not take 252-character names")
    assert render(str(src), "-o", str(tmp_path / "out")) == 2
    out, err = capsys.readouterr()
    assert_one_problem(err, "too long")
    assert "rendered 1 of 2" in out and "1 failed" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.png.png"]


@pytest.mark.parametrize("odd", ["new\nline", "carriage\rreturn", "esc\x1b[2Jape", "tab\there"])
def test_names_with_control_characters_stay_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], odd: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    make_image(src / f"{odd}.png", 1)
    (src / f"bad {odd}.png").write_bytes(b"not an image")
    out_dir = tmp_path / f"out {odd}"
    assert render(str(src), "-o", str(out_dir)) == 2
    out, err = capsys.readouterr()
    problem = assert_one_problem(err, "bad ")
    assert "\x1b" not in problem and "\r" not in problem
    assert len(lines(out)) == 1 and "rendered 1 of 2" in out and "\x1b" not in out and "\r" not in out
    assert is_sheet(out_dir / f"{odd}.png.png")

    missing = tmp_path / f"missing {odd}.png"
    assert render(str(missing), "-o", str(tmp_path / "x.png")) == 2
    assert_one_problem(capsys.readouterr().err, "no such file")


# ---------------------------------------------------------------------------
# Standard output that cannot be written
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["settings", "--all"], ["shapes", "--json"]])
def test_stdout_on_a_full_device_is_one_line(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cnnviz", *command],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2, proc.stderr
    assert_one_problem(proc.stderr, "standard output", "disk is full")


def test_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnnviz", "settings", "--all"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader stops at once, as `| head -0` would
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["render"],
        ["render", "in.png"],
        ["render", "in.png", "-o", "x.png", "--norm", "bad\nchoice"],
        ["render", "in.png", "-o", "x.png", "--no-such-option\x1b[2J"],
        ["shapes", "--json", "extra\rargument"],
    ],
)
def test_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    problem = assert_one_problem(capsys.readouterr().err, "--help")
    assert "\x1b" not in problem and "\r" not in problem


def test_a_file_that_becomes_a_folder_during_the_scan_is_one_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cnnviz.commands import render as render_module

    src = tmp_path / "src"
    src.mkdir()
    make_image(src / "a.png", 1)
    make_image(src / "b.png", 2)
    real_check = render_module.is_cnnviz_output

    def flip_b(path: Path) -> bool:
        answer = real_check(path)
        if path.name == "b.png":  # seen as a file; a folder by the time it is read
            path.unlink()
            path.mkdir()
        return answer

    monkeypatch.setattr(render_module, "is_cnnviz_output", flip_b)
    assert render(str(src), "-o", str(tmp_path / "out")) == 2
    out, err = capsys.readouterr()
    assert_one_problem(err, "b.png", "folder")
    assert "rendered 1 of 2" in out and "1 failed" in out


def test_an_output_without_a_suffix_is_a_folder_that_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 12 of issue 9: ``-o newdir`` for one image needs no trailing slash."""
    source = tmp_path / "photo.png"
    make_image(source)
    assert render(str(source), "-o", str(tmp_path / "newdir" / "deeper")) == 0
    sheet = tmp_path / "newdir" / "deeper" / "photo.png.png"
    assert is_sheet(sheet)
    assert "rendered 1 of 1" in capsys.readouterr().out


def test_a_folder_run_counts_the_files_it_skips_by_suffix_and_names_them_with_v(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_image(folder / "a.png", 1)
    make_image(folder / "b.png", 2)
    (folder / "notes.txt").write_text("not a picture")
    (folder / "README").write_text("no suffix")
    (folder / "sub").mkdir()  # folders are neither rendered nor counted
    assert render(str(folder), "-o", str(tmp_path / "out")) == 0
    summary = lines(capsys.readouterr().out)[-1]
    assert "rendered 2 of 2" in summary and "2 file(s) skipped, not images by their suffix" in summary
    assert "notes.txt" not in summary
    assert render(str(folder), "-o", str(tmp_path / "out2"), "-v") == 0
    summary = lines(capsys.readouterr().out)[-1]
    assert summary.endswith("README, notes.txt)"), summary
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == ["a.png.png", "b.png.png"]


@pytest.mark.parametrize(
    ("fmt", "suffix", "save"),
    [
        ("AVIF", ".avif", {"quality": 100}),
        ("JPEG2000", ".jp2", {"irreversible": False}),  # lossless: the pixels come back exactly
        ("MPO", ".jpg", {"save_all": True, "quality": 100}),  # a phone's two-view photo
    ],
)
def test_phone_and_modern_formats_are_opened_and_found_in_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, suffix: str, save: dict
) -> None:
    from PIL import features

    from cnnviz.core.images import load_image

    if fmt == "AVIF" and not features.check("avif"):
        pytest.fail("this Pillow cannot open AVIF; the project's Pillow wheels can")
    flat = Image.new("RGB", (48, 40), (200, 40, 10))
    other = Image.new("RGB", (48, 40), (0, 0, 255))
    path = tmp_path / "in" / f"photo{suffix}"
    path.parent.mkdir()
    if fmt == "MPO":
        flat.save(path, "MPO", append_images=[other], **save)
    else:
        flat.save(path, fmt, **save)
    loaded = load_image(path)
    assert loaded.format == fmt
    # The oracle: the colour drawn (lossy codecs within a few levels; MPO shows its first view).
    assert np.abs(np.asarray(loaded.pixels, dtype=np.float64) * 255 - (200, 40, 10)).max() < 8
    assert render(str(path.parent), "-o", str(tmp_path / "out")) == 0
    assert is_sheet(tmp_path / "out" / f"photo{suffix}.png")
