"""Which layers hold trained weights and which random (seeded) ones, in words.

A plan's ``sources`` says, per parameter, whether its values come from the
weights in use ("loaded") or from cnnviz's seeded initialisation ("seeded"):
no weights were given, or a setting changed the layer's shape so the given
ones no longer fit it (the layer was re-initialised). This module turns that
into one answer per layer and the sentences the window shows. No Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cnnviz.core.i18n import tr

TRAINED = "trained"
RANDOM = "random"


def layer_sources(sources: Mapping[str, str]) -> dict[str, str]:
    """Layer -> "trained" (every parameter loaded) or "random" (any parameter seeded), in order."""
    layers: dict[str, str] = {}
    for name, source in sources.items():
        layer = name.split(".")[0]
        if source != "loaded" or layers.get(layer) == RANDOM:
            layers[layer] = RANDOM
        else:
            layers.setdefault(layer, TRAINED)
    return layers


def scores_meaningful(layers: Mapping[str, str]) -> bool:
    """Whether the class scores come from a network trained end to end (every layer trained)."""
    return bool(layers) and all(state == TRAINED for state in layers.values())


def layer_note(layer: str, state: str, weights_name: str | None) -> str:
    """One line for a layer's sidebar section."""
    if state == TRAINED:
        return tr("{layer}: trained weights ({name})").format(layer=layer, name=weights_name or "?")
    if weights_name is None:
        return tr("{layer}: random weights (seeded)").format(layer=layer)
    return tr(
        "{layer}: random weights: re-initialised, the trained ones ({name}) do not fit its shape"
    ).format(layer=layer, name=weights_name)


def scores_note(layers: Mapping[str, str], weights_name: str | None) -> str:
    """What the class panel says about where its scores come from."""
    if weights_name is None or not any(state == TRAINED for state in layers.values()):
        return tr("random (seeded) weights: the classes mean nothing yet")
    if scores_meaningful(layers):
        return tr("trained weights ({name}): every layer trained").format(name=weights_name)
    trained = ", ".join(name for name, state in layers.items() if state == TRAINED)
    random = ", ".join(name for name, state in layers.items() if state == RANDOM)
    return tr(
        "trained: {trained} · random: {random} (re-initialised by the settings): "
        "the scores are not a prediction until it is retrained"
    ).format(trained=trained, random=random)


def class_names_for(metadata: Any, count: int) -> list[str]:
    """The weights' own class names if they name every output, else numbered ones."""
    from cnnviz.core.spec import class_names
    from cnnviz.core.text import printable
    from cnnviz.core.train import class_names_from

    names = class_names_from(metadata or {})
    if names is not None and len(names) == count:
        return [printable(n, 60) for n in names]
    return class_names(count)


def sheet_class_note(sources: Mapping[str, str], weights_name: str | None) -> str:
    """What a contact sheet says under its class scores: nothing when every layer is trained."""
    layers = layer_sources(sources)
    return "" if scores_meaningful(layers) else scores_note(layers, weights_name)
