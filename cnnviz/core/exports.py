"""What an exported file says about itself: settings, weights, image, version.

Every PNG cnnviz writes (contact sheets, the window's view and panel exports)
and every ``.npz`` carries the same description, visibly (a footer) and as data
(PNG text chunks; a JSON string entry ``cnnviz_metadata`` in ``.npz``), so a
picture found later still says which network made it.

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from cnnviz import __version__
from cnnviz.core.i18n import tr
from cnnviz.core.settings import TABLE, Settings, format_value
from cnnviz.core.text import printable

NPZ_METADATA_KEY = "cnnviz_metadata"


def changed_settings_text(settings: Settings) -> str:
    """``conv1.stride=1 pool1.type=avg`` for the active settings that differ from the textbook."""
    active = set(settings.active_keys())
    parts = [f"{key}={format_value(TABLE[key].kind, value)}" for key, value in settings.changed().items() if key in active]
    return " ".join(parts)


def describe_export(settings: Settings, *, image_name: str, weights: str) -> dict[str, str]:
    """The metadata of an export, as text keys and values (PNG text chunks)."""
    changed = changed_settings_text(settings)
    return {
        "cnnviz:version": __version__,
        "cnnviz:image": image_name,
        "cnnviz:weights": weights,
        "cnnviz:settings": changed or "textbook",
        "cnnviz:settings-json": json.dumps(settings.to_json(active_only=True), sort_keys=True),
    }


def footer_lines(metadata: Mapping[str, str]) -> list[str]:
    """The metadata as short lines for a picture's footer (translated, escaped)."""
    changed = metadata.get("cnnviz:settings", "textbook")
    settings_line = (
        tr("settings: the textbook network")
        if changed == "textbook"
        else tr("settings changed from the textbook: {changes}").format(changes=changed)
    )
    return [
        tr("image: {name}").format(name=printable(metadata.get("cnnviz:image", ""))),
        settings_line,
        tr("weights: {origin}").format(origin=printable(metadata.get("cnnviz:weights", ""))),
        tr("made with cnnviz {version}").format(version=metadata.get("cnnviz:version", __version__)),
    ]


def npz_metadata(metadata: Mapping[str, str]) -> str:
    """The JSON string stored under :data:`NPZ_METADATA_KEY` in an ``.npz``."""
    return json.dumps(dict(metadata), ensure_ascii=False, sort_keys=True)
