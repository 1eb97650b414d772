"""Writing files so that a user never loses one.

Every file cnnviz writes (contact sheets, ``.npz`` arrays, weights, sessions,
PNG exports) goes through :func:`atomic_write`: the bytes go to a temporary
file in the same folder, are flushed to the disk, and only then is the file
renamed to its real name. An interrupted, concurrent or disk-full write
therefore leaves either the old file or the new one, never a partial one, and
a failure removes the temporary file again.

Failures of the file system become one :class:`OutputError` whose message
names the file and says what went wrong in a learner's words.

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr


class OutputError(CnnvizError):
    """A file cnnviz was asked to write could not be written (nothing was changed)."""


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files readable by their owner only; a finished file gets the
# permissions any other new file of the user would get.
_FILE_MODE = 0o666 & ~_current_umask()


def describe_os_error(exc: BaseException) -> str:
    """A short sentence for a failed file-system call (no path: the caller names it)."""
    code = getattr(exc, "errno", None)
    words = {
        errno.ENOSPC: tr("the disk is full"),
        errno.EDQUOT: tr("the disk quota is used up"),
        errno.EROFS: tr("the file system is read-only"),
        errno.EACCES: tr("permission denied"),
        errno.EPERM: tr("permission denied"),
        errno.ENAMETOOLONG: tr("the file name is too long for this file system"),
        errno.ENOTDIR: tr("a part of the path is a file, not a folder"),
        errno.ENOENT: tr("the folder does not exist"),
        errno.EISDIR: tr("it is a folder"),
        errno.EEXIST: tr("the file already exists"),
        errno.EXDEV: tr("the temporary file is on another file system"),
    }
    if code in words:
        return words[code]
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def output_error(exc: BaseException, path: str | os.PathLike[str]) -> OutputError:
    """The :class:`OutputError` for ``exc`` raised while writing ``path``."""
    return OutputError(
        tr("could not write: {reason}").format(reason=describe_os_error(exc)), subject=str(path)
    )


def atomic_write(
    path: str | os.PathLike[str],
    write: Callable[[IO[bytes]], object],
    *,
    overwrite: bool = True,
) -> Path:
    """Write ``path`` through ``write(file)`` all at once, or not at all.

    ``write`` gets a binary file open for writing (Pillow's ``save``,
    ``numpy.savez_compressed``, ``torch.save`` and ``file.write`` all accept one).
    With ``overwrite=False`` an existing ``path`` is never replaced, even one
    that appears while the data is written: :class:`OutputError` says so.

    Raises :class:`OutputError` for failures of the file system; exceptions
    raised by ``write`` itself propagate unchanged. Either way nothing is left
    behind.
    """
    target = Path(path)
    folder = target.parent
    try:
        is_folder = target.is_dir()
    except OSError as exc:  # a name too long, a loop of links: say so, not a traceback
        raise output_error(exc, target) from None
    if is_folder:
        raise OutputError(
            tr("could not write: {reason}").format(reason=tr("it is a folder")), subject=str(target)
        )
    # A short prefix keeps the temporary name within NAME_MAX however long the real one is.
    prefix = "." + target.name[:40] + "."
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
    except OSError as exc:
        raise output_error(exc, target) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _FILE_MODE)
        if overwrite:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise output_error(exc, target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(folder)
    return target


# link() answers these where the file system has no hard links (FAT, exFAT, some
# network and FUSE file systems, Android's shared storage).
_NO_HARD_LINKS = {
    errno.EPERM,
    errno.EACCES,
    errno.ENOSYS,
    errno.EMLINK,
    errno.EXDEV,
    getattr(errno, "ENOTSUP", errno.EPERM),
    getattr(errno, "EOPNOTSUPP", errno.EPERM),
}


def _place_new(tmp: Path, target: Path) -> None:
    """Give the finished ``tmp`` the name ``target``, which must not exist; never replace a file.

    link() fails if the name exists, so a file that appeared while we wrote is never
    clobbered (a plain rename would replace it). Where hard links are not supported:
    rename with RENAME_NOREPLACE (Linux), rename (Windows: it refuses an existing name),
    else reserve the name with O_EXCL and rename over the empty reservation.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    else:
        tmp.unlink()
        return
    if _rename_noreplace(tmp, target):
        return
    if os.name == "nt":
        os.rename(tmp, target)
        return
    # The reservation is an empty file, visible only until the rename a moment later;
    # if that rename fails it is removed again.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        reserved = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            now = os.stat(target)
            if (now.st_dev, now.st_ino) == (reserved.st_dev, reserved.st_ino):
                os.unlink(target)
        raise


def _rename_noreplace(tmp: Path, target: Path) -> bool:
    """Linux renameat2(RENAME_NOREPLACE); ``False`` where the system or file system lacks it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_noreplace = -100, 1
    if renameat2(at_fdcwd, os.fsencode(tmp), at_fdcwd, os.fsencode(target), rename_noreplace) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, getattr(errno, "ENOTSUP", errno.EINVAL)):
        return False
    raise OSError(code, os.strerror(code), str(target))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True) -> Path:
    """:func:`atomic_write` of a byte string."""
    return atomic_write(path, lambda f: f.write(data), overwrite=overwrite)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system allows it)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
