"""Sessions: the image, every setting and the view, saved as JSON and checked on load.

A session file looks like::

    {
      "format": "cnnviz-session", "version": 1,
      "image": "cat.jpg",                      # relative to the session file, or absolute; or null
      "settings": {"conv1.stride": [2, 2], ...},
      "view": {"signed_cmap": "colorbrewer:RdBu_r", ...},
      "device": "cpu",
      "weights": "trained.safetensors",       # optional, like image
      "pattern": "checkerboard:period=8,size=256",  # optional: a test pattern instead of the image
      "kernel_edits": {"conv1": {"0": {"kernel": [[[...]]], "bias": 0.0}}}  # optional (core.edits)
    }

Loading checks everything before anything is applied, so a bad file changes
nothing and its error names the field that was wrong.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnviz.core.edits import KernelEdits
from cnnviz.core.errors import CnnvizError, SessionError
from cnnviz.core.i18n import tr
from cnnviz.core.settings import Settings
from cnnviz.core.view import ViewOptions

FORMAT = "cnnviz-session"
VERSION = 1
MAX_SESSION_BYTES = 1 * 2**20
_FIELDS = {"format", "version", "image", "settings", "view", "device", "weights", "pattern", "kernel_edits"}


@dataclass(frozen=True)
class Session:
    settings: Settings = field(default_factory=Settings)
    view: ViewOptions = field(default_factory=ViewOptions)
    image: Path | None = None
    device: str = "auto"
    weights: Path | None = None
    pattern: str | None = None  # a test pattern (core.patterns) fed instead of ``image``
    kernel_edits: KernelEdits = field(default_factory=KernelEdits)

    def to_json(self, relative_to: Path | None = None) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "image": _path_text(self.image, relative_to),
            "settings": self.settings.to_json(),
            "view": self.view.to_json(),
            "device": self.device,
            "weights": _path_text(self.weights, relative_to),
            "pattern": self.pattern,
            "kernel_edits": self.kernel_edits.to_json(),
        }


def _path_text(path: Path | None, relative_to: Path | None) -> str | None:
    if path is None:
        return None
    if relative_to is not None:
        try:
            return os.path.relpath(path, relative_to)
        except ValueError:  # another drive on Windows
            pass
    return str(path)


def save_session(session: Session, path: str | Path) -> Path:
    path = Path(path)
    data = session.to_json(relative_to=path.resolve().parent)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a file name that is not UTF-8): escape it
        text = json.dumps(data, indent=2) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SessionError(
            tr("could not write the file: {reason}").format(reason=exc.strerror or exc), subject=str(path)
        ) from None
    return path


def load_session(path: str | Path) -> Session:
    """Read and check a session file; raises :class:`SessionError` naming the problem."""
    path = Path(path)
    try:
        if not path.is_file():
            raise SessionError(
                tr("no such file") if not path.exists() else tr("not a file"), subject=str(path)
            )
        if path.stat().st_size > MAX_SESSION_BYTES:
            raise SessionError(tr("the file is too large to be a session (over 1 MB)"), subject=str(path))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SessionError(tr("not a text file (a session is JSON)"), subject=str(path)) from None
    except OSError as exc:
        raise SessionError(
            tr("could not read the file: {reason}").format(reason=exc.strerror or exc), subject=str(path)
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SessionError(
            tr("not valid JSON (line {line}, column {col}: {msg})").format(
                line=exc.lineno, col=exc.colno, msg=exc.msg
            ),
            subject=str(path),
        ) from None
    except (ValueError, RecursionError):  # an integer of over 4300 digits, or nesting too deep
        raise SessionError(
            tr("not valid JSON (a number too long or nesting too deep)"), subject=str(path)
        ) from None
    try:
        return session_from_json(data, base=path.resolve().parent)
    except CnnvizError as exc:
        raise SessionError(str(exc), subject=str(path)) from None


def session_from_json(data: Any, base: Path | None = None) -> Session:
    if not isinstance(data, Mapping):
        raise SessionError(tr("a session must be a JSON object"))
    if data.get("format") != FORMAT:
        raise SessionError(tr("not a cnnviz session ('format' is not '{format}')").format(format=FORMAT))
    if data.get("version") != VERSION:
        raise SessionError(
            tr("session version {version} is not supported (this cnnviz reads version {supported})").format(
                version=data.get("version"), supported=VERSION
            )
        )
    unknown = set(data) - _FIELDS
    if unknown:
        raise SessionError(tr("unknown field(s): {names}").format(names=", ".join(sorted(unknown))))
    settings = Settings.from_json(data.get("settings", {}))
    view = ViewOptions.from_json(data.get("view", {}))
    device = data.get("device", "auto")
    if not isinstance(device, str):
        raise SessionError(tr("'device' must be text such as cpu or cuda:0"), subject="device")
    pattern = _read_pattern(data.get("pattern"))
    image = _read_path(data.get("image"), "image", base)
    if pattern is not None and image is not None:
        raise SessionError(tr("a session has an image or a pattern, not both"), subject="pattern")
    return Session(
        settings=settings,
        view=view,
        image=image,
        device=device,
        weights=_read_path(data.get("weights"), "weights", base),
        pattern=pattern,
        kernel_edits=KernelEdits.from_json(data.get("kernel_edits")),
    )


def _read_pattern(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SessionError(tr("'pattern' must be text such as checkerboard:8, or null"), subject="pattern")
    from cnnviz.core.patterns import canonical_name

    return canonical_name(value)  # checks it (PatternError names the problem)


def _read_path(value: Any, name: str, base: Path | None) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise SessionError(tr("'{name}' must be a file path or null").format(name=name), subject=name)
    path = Path(value)
    with contextlib.suppress(RuntimeError):  # "~nosuchuser/...": keep it as written, like a shell does
        path = path.expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    return path
