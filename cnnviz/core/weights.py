"""Saving and loading weights safely, with explanations when they do not fit.

* ``.safetensors`` (preferred): tensors named like the network's parameters
  (``conv1.weight``, ``fc.bias``) and the settings that shape the network in the
  metadata, so a file carries its architecture with it.
* ``.pt`` / ``.pth``: read only with ``torch.load(weights_only=True,
  map_location="cpu")``, which refuses pickled code; accepted layouts are a
  state dict, or ``{"state_dict": ..., "settings": {...}}`` as cnnviz writes it.

Anything wrong with a file raises :class:`WeightsError` that names the file and,
for shape mismatches, explains each layer in terms of the settings.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from cnnviz import __version__
from cnnviz.core.errors import CnnvizError, WeightsError
from cnnviz.core.i18n import tr
from cnnviz.core.parameters import explain_mismatch
from cnnviz.core.safe_io import atomic_write, atomic_write_bytes
from cnnviz.core.settings import Settings
from cnnviz.core.shapes import ShapeReport
from cnnviz.core.spec import NetworkSpec

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
FORMAT_NAME = "cnnviz-weights"
FORMAT_VERSION = "1"
MAX_WEIGHTS_BYTES = 2 * 2**30  # refuse files over 2 GB before reading them
SAFETENSORS_SUFFIXES = (".safetensors",)
PICKLE_SUFFIXES = (".pt", ".pth")
WEIGHT_SUFFIXES = SAFETENSORS_SUFFIXES + PICKLE_SUFFIXES


@dataclass(frozen=True)
class WeightsFile:
    """Tensors read from a file, and the settings saved with them (if any)."""

    tensors: dict[str, torch.Tensor]  # CPU float32
    settings: Settings | None
    path: Path | None = None
    # The safetensors metadata besides the settings (class names, how the weights
    # were made); untrusted text: show it through core.text.printable.
    metadata: Mapping[str, str] = field(default_factory=dict)


def _error(path: Path, message: str) -> WeightsError:
    return WeightsError(message, subject=str(path))


def save_weights(
    path: str | Path,
    parameters: Mapping[str, torch.Tensor],
    settings: Settings,
    metadata: Mapping[str, str] | None = None,
) -> Path:
    """Write ``parameters`` (name -> tensor) to ``path`` with ``settings`` inside, atomically.

    The suffix decides the format: ``.safetensors`` or ``.pt``/``.pth``.
    ``metadata`` (text keys and values: class names, how the weights were made) is
    stored beside the settings; cnnviz's own keys win over keys of the same name.
    """
    path = Path(path)
    tensors = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in parameters.items()}
    suffix = path.suffix.lower()
    try:
        if suffix in SAFETENSORS_SUFFIXES:
            extra = {str(k): str(v) for k, v in (metadata or {}).items()}
            header = {
                **extra,
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "cnnviz_version": __version__,
                "settings": json.dumps(settings.to_json(active_only=True), sort_keys=True),
            }
            from safetensors.torch import save

            data = save(tensors, metadata=header)
            atomic_write_bytes(path, data)
        elif suffix in PICKLE_SUFFIXES:
            payload: dict[str, Any] = {"state_dict": tensors, "settings": settings.to_json(active_only=True)}
            if metadata:
                payload["metadata"] = {str(k): str(v) for k, v in metadata.items()}
            atomic_write(path, lambda f: torch.save(payload, f))
        else:
            raise _error(
                path,
                tr("unknown weights format '{suffix}': use .safetensors (preferred) or .pt").format(
                    suffix=suffix or tr("(no suffix)")
                ),
            )
    except OSError as exc:
        raise _error(
            path, tr("could not write the file: {reason}").format(reason=exc.strerror or exc)
        ) from None
    return path


def read_weights(path: str | Path) -> WeightsFile:
    """Read a weights file without trusting it; raises :class:`WeightsError`."""
    path = Path(path)
    if not path.exists():
        raise _error(path, tr("no such file"))
    if not path.is_file():
        raise _error(path, tr("not a file"))
    size = path.stat().st_size
    if size == 0:
        raise _error(path, tr("the file is empty"))
    if size > MAX_WEIGHTS_BYTES:
        raise _error(
            path, tr("the file is {gb:.1f} GB; cnnviz reads weights files up to 2 GB").format(gb=size / 2**30)
        )
    suffix = path.suffix.lower()
    if suffix in SAFETENSORS_SUFFIXES:
        tensors, settings_json, metadata = _read_safetensors(path)
    elif suffix in PICKLE_SUFFIXES:
        tensors, settings_json, metadata = _read_pickle(path)
    else:
        raise _error(
            path,
            tr("unknown weights format '{suffix}': cnnviz reads .safetensors and .pt/.pth").format(
                suffix=suffix or tr("(no suffix)")
            ),
        )
    settings = None
    if settings_json is not None:
        try:
            settings = Settings.from_json(settings_json)
        except CnnvizError as exc:
            raise _error(
                path, tr("the settings stored in the file are not valid: {reason}").format(reason=exc)
            ) from None
    return WeightsFile(_check_tensors(path, tensors), settings, path, metadata)


def _read_safetensors(path: Path) -> tuple[dict[str, Any], Any, dict[str, str]]:
    try:
        from safetensors import safe_open

        with safe_open(str(path), framework="pt", device="cpu") as f:
            metadata = f.metadata() or {}
            tensors = {key: f.get_tensor(key) for key in f.keys()}  # noqa: SIM118
    except Exception as exc:  # safetensors raises its own error types for bad headers
        raise _error(
            path,
            tr("not a readable safetensors file (truncated or damaged?): {reason}").format(
                reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            ),
        ) from None
    settings_json = None
    if "settings" in metadata:
        try:
            settings_json = json.loads(metadata["settings"])
        except json.JSONDecodeError:
            raise _error(path, tr("the settings stored in the file are not valid JSON")) from None
    return tensors, settings_json, _extra_metadata(metadata)


def _read_pickle(path: Path) -> tuple[dict[str, Any], Any, dict[str, str]]:
    try:
        with warnings.catch_warnings():
            # torch warns about pickle protocols it might not support; either it
            # loads safely or it raises, and the user gets our message.
            warnings.simplefilter("ignore", UserWarning)
            data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        text = _ANSI.sub("", str(exc))  # torch decorates some messages with terminal colours
        reason = text.splitlines()[0] if text else type(exc).__name__
        if "weights only" in text.lower() or "unpickl" in type(exc).__name__.lower():
            message = tr(
                "refused: the file holds Python objects or code, not just tensors "
                "(cnnviz loads .pt files with weights_only=True). Details: {reason}"
            )
        else:
            message = tr("not a readable PyTorch file (truncated or damaged?): {reason}")
        raise _error(path, message.format(reason=reason)) from None
    settings_json = None
    metadata: Any = {}
    if isinstance(data, Mapping) and "state_dict" in data:
        settings_json = data.get("settings")
        metadata = data.get("metadata") or {}
        data = data["state_dict"]
    elif isinstance(data, Mapping) and "model_state_dict" in data:
        data = data["model_state_dict"]
    if not isinstance(data, Mapping):
        raise _error(
            path,
            tr("expected a dictionary of tensors (a state dict), found {kind}").format(
                kind=type(data).__name__
            ),
        )
    return dict(data), settings_json, _extra_metadata(metadata)


_OWN_KEYS = ("format", "format_version", "settings")


def _extra_metadata(metadata: Any) -> dict[str, str]:
    """The metadata besides cnnviz's own keys, as text (anything else is dropped)."""
    if not isinstance(metadata, Mapping):
        return {}
    return {
        str(k): v
        for k, v in metadata.items()
        if isinstance(k, str) and isinstance(v, str) and k not in _OWN_KEYS
    }


def _check_tensors(path: Path, tensors: Mapping[str, Any]) -> dict[str, torch.Tensor]:
    if not tensors:
        raise _error(path, tr("the file holds no tensors"))
    out: dict[str, torch.Tensor] = {}
    for name, value in tensors.items():
        if not isinstance(value, torch.Tensor):
            raise _error(
                path, tr("'{name}' is a {kind}, not a tensor").format(name=name, kind=type(value).__name__)
            )
        if not (
            value.is_floating_point() or value.dtype in (torch.int8, torch.uint8, torch.int16, torch.int32)
        ):
            raise _error(
                path,
                tr("'{name}' has type {dtype}; weights must be numbers").format(name=name, dtype=value.dtype),
            )
        value = value.to(torch.float32)
        if not bool(torch.isfinite(value).all()):
            raise _error(path, tr("'{name}' contains NaN or infinite values").format(name=name))
        out[str(name)] = value
    return out


def check_fits(weights: WeightsFile, spec: NetworkSpec, report: ShapeReport | None = None) -> None:
    """Raise :class:`WeightsError` listing every parameter of ``weights`` that does not fit."""
    problems = explain_mismatch(weights.tensors, spec, report)
    if problems:
        subject = str(weights.path) if weights.path else tr("weights")
        raise WeightsError(
            tr("these weights do not fit the network:") + "\n  " + "\n  ".join(problems), subject=subject
        )
