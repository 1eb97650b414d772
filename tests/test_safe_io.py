"""Atomic writes: a file is either the old one or the new one, never a partial one."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from cnnviz.core.safe_io import OutputError, atomic_write, atomic_write_bytes


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_writes_the_whole_file_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "sheet.png"
    atomic_write_bytes(target, b"new data")
    assert target.read_bytes() == b"new data"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert _leftovers(tmp_path) == []


def test_a_writer_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "sheet.png"
    target.write_bytes(b"old and good")

    def half(f) -> None:
        f.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as info:
        atomic_write(target, half)
    assert "disk is full" in str(info.value)
    assert str(target) in str(info.value)
    assert target.read_bytes() == b"old and good"
    assert _leftovers(tmp_path) == []


def test_other_exceptions_propagate_and_leave_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.npz"

    def boom(f) -> None:
        f.write(b"x")
        raise ValueError("not an OS problem")

    with pytest.raises(ValueError):
        atomic_write(target, boom)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_no_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.png"
    target.write_bytes(b"mine")
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"other", overwrite=False)
    assert "already exists" in str(info.value)
    assert target.read_bytes() == b"mine"
    assert _leftovers(tmp_path) == []


def test_missing_folder_parent_file_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nope" / "x.png", b"x")
    (tmp_path / "file").write_bytes(b"f")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        atomic_write_bytes(tmp_path / "file" / "x.png", b"x")
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write_bytes(tmp_path / "dir.png", b"x")


def test_a_very_long_name_is_explained(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="too long"):
        atomic_write_bytes(tmp_path / ("n" * 300 + ".png"), b"x")
    assert _leftovers(tmp_path) == []


def test_concurrent_writers_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "same.bin"
    payloads = [bytes([i]) * 200_000 for i in range(8)]
    threads = [threading.Thread(target=atomic_write_bytes, args=(target, p)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_bytes() in payloads
    assert _leftovers(tmp_path) == []


def _no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    def link(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")  # what FAT and many FUSE mounts answer

    monkeypatch.setattr(os, "link", link)


@pytest.mark.parametrize("noreplace_rename", [True, False])
def test_no_overwrite_works_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, noreplace_rename: bool
) -> None:
    from cnnviz.core import safe_io

    _no_hard_links(monkeypatch)
    if not noreplace_rename:  # neither link() nor renameat2(): the O_EXCL reservation
        monkeypatch.setattr(safe_io, "_rename_noreplace", lambda tmp, target: False)
    target = tmp_path / "new.png"
    payload = bytes(range(256)) * 1000
    atomic_write_bytes(target, payload, overwrite=False)
    assert target.read_bytes() == payload
    assert _leftovers(tmp_path) == []

    with pytest.raises(OutputError, match="already exists"):
        atomic_write_bytes(target, b"other", overwrite=False)
    assert target.read_bytes() == payload
    assert _leftovers(tmp_path) == []


def test_no_overwrite_reservation_is_removed_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cnnviz.core import safe_io

    _no_hard_links(monkeypatch)
    monkeypatch.setattr(safe_io, "_rename_noreplace", lambda tmp, target: False)

    def replace(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError):
        atomic_write_bytes(tmp_path / "x.png", b"data", overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
