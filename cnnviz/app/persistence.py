"""What the window remembers between runs (QSettings), read defensively.

Whatever is stored may be stale, hand-edited or written by another version:
every value is checked for its type and validated through the same code as a
session (settings table, view options); a value that cannot be used is
dropped with one warning, never a traceback, and the rest still applies.

Tests and scripts never touch the user's real store: ``CNNVIZ_SETTINGS_ORG``
names another organisation (the test suite sets it to a temporary one), and
``Store(None)`` keeps nothing at all.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.settings import Settings
from cnnviz.core.view import ViewOptions

SETTINGS_ORG = "cnnviz"
SETTINGS_APP = "cnnviz"
MAX_RECENT = 10
MAX_STORED_TEXT = 256 * 1024  # a stored JSON value longer than this is not ours
MAX_PATH_TEXT = 4096


def organisation() -> str:
    return os.environ.get("CNNVIZ_SETTINGS_ORG") or SETTINGS_ORG


@dataclass
class Restored:
    """What could be used of the stored state, and what could not (one line each)."""

    geometry: QByteArray | None = None
    state: QByteArray | None = None
    last_dir: str | None = None
    recent: list[str] = field(default_factory=list)
    view: ViewOptions | None = None
    settings: Settings | None = None
    zoom_index: int | None = None
    problems: list[str] = field(default_factory=list)


def _text(value: Any, limit: int) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit and "\x00" not in value else None


def _json(value: Any) -> Any:
    text = _text(value, MAX_STORED_TEXT)
    if text is None:
        raise ValueError(tr("not a stored JSON text"))
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError(tr("nested too deeply")) from exc


class Store:
    """The window's QSettings, or nothing when ``enabled`` is False."""

    def __init__(self, enabled: bool) -> None:
        self.settings = QSettings(organisation(), SETTINGS_APP) if enabled else None

    def restore(self) -> Restored:
        out = Restored()
        s = self.settings
        if s is None:
            return out
        geometry = s.value("window/geometry")
        out.geometry = geometry if isinstance(geometry, QByteArray) else None
        state = s.value("window/state")
        out.state = state if isinstance(state, QByteArray) else None
        out.last_dir = _text(s.value("files/last_dir"), MAX_PATH_TEXT)
        recent = s.value("files/recent", [])
        if isinstance(recent, str):
            recent = [recent]
        if isinstance(recent, list):
            out.recent = [p for p in (_text(r, MAX_PATH_TEXT) for r in recent) if p][:MAX_RECENT]
        for key, reader, name in (
            ("view/options", ViewOptions.from_json, "view"),
            ("network/settings", Settings.from_json, "settings"),
        ):
            stored = s.value(key)
            if stored is None:
                continue
            try:
                setattr(out, name, reader(_json(stored)))
            except (CnnvizError, ValueError, TypeError, AttributeError) as exc:
                out.problems.append(f"{key}: {exc}")
        zoom = s.value("view/zoom_index")
        if isinstance(zoom, (int, str)) and str(zoom).isdigit() and len(str(zoom)) < 4:
            out.zoom_index = int(zoom)
        return out

    def save(
        self,
        *,
        geometry: QByteArray,
        state: QByteArray,
        last_dir: str,
        recent: list[str],
        view: ViewOptions,
        settings: Settings,
        zoom_index: int,
    ) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("window/geometry", geometry)
        s.setValue("window/state", state)
        s.setValue("files/last_dir", last_dir)
        s.setValue("files/recent", list(recent[:MAX_RECENT]))
        s.setValue("view/options", json.dumps(view.to_json()))
        s.setValue("network/settings", json.dumps(settings.to_json()))
        s.setValue("view/zoom_index", zoom_index)
        s.sync()

    def value(self, key: str) -> Any:
        return self.settings.value(key) if self.settings is not None else None

    def set_value(self, key: str, value: Any) -> None:
        if self.settings is not None:
            self.settings.setValue(key, value)
