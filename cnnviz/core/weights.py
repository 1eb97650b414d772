"""Saving and loading weights safely, with explanations when they do not fit.

* ``.safetensors`` (preferred): tensors named like the network's parameters
  (``conv1.weight``, ``fc.bias``) and the settings that shape the network in the
  metadata, so a file carries its architecture with it.
* ``.pt`` / ``.pth``: read only with ``torch.load(weights_only=True,
  mmap=True)``, which refuses pickled code; accepted layouts are a state dict,
  or ``{"state_dict": ..., "settings": {...}, "metadata": {...}}`` as cnnviz
  writes it.
* Kernel edits (:mod:`cnnviz.core.edits`) are in the tensors *and* stored as
  JSON in the metadata (``kernel_edits``), so the window can mark and reset them.

Nothing in a file is trusted: :mod:`cnnviz.core.weights_formats` checks the
bytes (sizes, header, zip members, strides) before anything is materialised,
and this module checks the meaning: tensors within the memory budget, metadata
bounded, stored settings through the settings table and, before any network is
built, through :func:`~cnnviz.core.plan.make_plan` (shapes and memory budget).
Anything wrong raises :class:`WeightsError` that names the file and, for shape
mismatches, explains each layer in terms of the settings.

Files are written with :func:`~cnnviz.core.safe_io.atomic_write`: a failed or
interrupted save leaves the old file (or none), never a partial one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from cnnviz import __version__
from cnnviz.core.budget import memory_limit
from cnnviz.core.edits import KernelEdits, parameters_with_edits
from cnnviz.core.errors import CnnvizError, WeightsError
from cnnviz.core.i18n import tr
from cnnviz.core.parameters import explain_mismatch
from cnnviz.core.safe_io import OutputError, atomic_write
from cnnviz.core.settings import Settings
from cnnviz.core.shapes import BYTES_PER_VALUE, ShapeReport
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.text import human_bytes, printable
from cnnviz.core.weights_formats import (
    bounded_json,
    check_metadata,
    check_name,
    check_pt_archive,
    check_tensor_layout,
    depth_of,
    file_error,
    is_regular_file,
    load_pt,
    private_snapshot,
    read_safetensors,
    shown,
)

FORMAT_NAME = "cnnviz-weights"
FORMAT_VERSION = "1"
MAX_WEIGHTS_BYTES = 2 * 2**30  # refuse files over 2 GB before reading them
MAX_SETTINGS_DEPTH = 3  # {"key": [h, w]} nests 2 deep; sessions' settings are flat
SAFETENSORS_SUFFIXES = (".safetensors",)
PICKLE_SUFFIXES = (".pt", ".pth")
WEIGHT_SUFFIXES = SAFETENSORS_SUFFIXES + PICKLE_SUFFIXES
# Metadata keys cnnviz writes itself; a caller's extra metadata cannot replace them.
RESERVED_METADATA = ("format", "format_version", "cnnviz_version", "settings", "kernel_edits")
# Top-level keys of a .pt written as {"state_dict": ..., ...}.
_PT_WRAPPER_KEYS = {"state_dict", "model_state_dict", "settings", "metadata"}


@dataclass(frozen=True)
class WeightsFile:
    """Tensors read from a file, the settings saved with them (if any), and its metadata."""

    tensors: dict[str, torch.Tensor]  # CPU float32
    settings: Settings | None
    path: Path | None = None
    # text entries stored with the tensors (format, versions, settings as JSON, a
    # caller's extras); untrusted: show them through core.text.printable
    metadata: Mapping[str, str] = field(default_factory=dict)
    edits: KernelEdits | None = None  # kernel edits saved with the file (already in ``tensors``)


def _error(path: Path | str, message: str) -> WeightsError:
    return file_error(path, message)


def _format_of(path: Path, *, reading: bool) -> str:
    suffix = path.suffix.lower()
    if suffix in SAFETENSORS_SUFFIXES:
        return "safetensors"
    if suffix in PICKLE_SUFFIXES:
        return "pt"
    text = (
        tr("unknown weights format '{suffix}': cnnviz reads .safetensors and .pt/.pth")
        if reading
        else tr("unknown weights format '{suffix}': use .safetensors (preferred) or .pt")
    )
    raise _error(path, text.format(suffix=shown(suffix) or tr("(no suffix)")))


# ---------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------
def save_weights(
    path: str | Path,
    parameters: Mapping[str, torch.Tensor],
    settings: Settings,
    metadata: Mapping[str, str] | None = None,
    edits: KernelEdits | None = None,
) -> Path:
    """Write ``parameters`` (name -> tensor) to ``path`` with ``settings`` and ``metadata`` inside.

    The suffix decides the format: ``.safetensors`` or ``.pt``/``.pth``. The
    metadata records the format name and version, the cnnviz version and the
    settings; ``metadata`` adds text entries (not those names). ``edits`` are
    laid over the parameters (harmless when they are already in) and their JSON
    is stored as ``kernel_edits``. The file is written atomically: on any
    failure the old file, if any, is untouched.
    """
    path = Path(path)
    if edits:
        parameters, _ = parameters_with_edits(parameters, edits)
    kind = _format_of(path, reading=False)
    extra = dict(metadata or {})
    clash = sorted(set(extra) & set(RESERVED_METADATA))
    if clash:
        raise _error(path, tr("metadata may not replace {keys}").format(keys=", ".join(clash)))
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
        raise _error(path, tr("metadata entries must be text"))
    stored = {
        **extra,
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "cnnviz_version": __version__,
        "settings": json.dumps(settings.to_json(active_only=True), sort_keys=True),
    }
    if edits:
        stored["kernel_edits"] = json.dumps(edits.to_json(), sort_keys=True)
    check_metadata(path, stored)  # what we write, we can read back
    tensors = {str(k): v.detach().to("cpu", torch.float32).contiguous() for k, v in parameters.items()}
    if kind == "safetensors":
        from safetensors.torch import save

        data = save(tensors, metadata=stored)

        def write(handle: Any) -> None:
            handle.write(data)

    else:
        payload = {
            "state_dict": tensors,
            "settings": settings.to_json(active_only=True),
            "metadata": {k: v for k, v in stored.items() if k != "settings"},
        }

        def write(handle: Any) -> None:
            torch.save(payload, handle)

    try:
        atomic_write(path, write)
    except OutputError as exc:
        raise WeightsError(exc.message, subject=exc.subject) from None
    return path


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def read_weights(path: str | Path, *, limit: int | None = None) -> WeightsFile:
    """Read a weights file without trusting it; raises only :class:`WeightsError`.

    ``limit`` is the memory budget in bytes (default: :func:`budget.memory_limit`):
    the tensors as float32 and the network the stored settings describe must fit.
    """
    path = Path(path)
    budget = limit if limit is not None else memory_limit()
    kind = _format_of(path, reading=True)
    try:
        # stat first: opening a FIFO would wait for a writer; O_NONBLOCK covers a swap in between
        if not is_regular_file(path.stat().st_mode):
            raise _error(path, tr("not a file"))
        handle = os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb")
    except FileNotFoundError:
        raise _error(path, tr("no such file")) from None
    except ValueError:  # a NUL character in the name
        raise _error(path, tr("the file name holds a NUL character")) from None
    except OSError as exc:
        raise _error(
            path, tr("could not read the file: {reason}").format(reason=shown(exc.strerror or exc))
        ) from None
    with handle:
        try:
            info = os.fstat(handle.fileno())
        except OSError as exc:
            raise _error(path, tr("could not read the file: {reason}").format(reason=shown(exc))) from None
        if not is_regular_file(info.st_mode):
            raise _error(path, tr("not a file"))
        size = info.st_size
        if size == 0:
            raise _error(path, tr("the file is empty"))
        if size > MAX_WEIGHTS_BYTES:
            raise _error(
                path,
                tr("the file is {size}; cnnviz reads weights files up to {limit}").format(
                    size=human_bytes(size), limit=human_bytes(MAX_WEIGHTS_BYTES)
                ),
            )
        try:
            if kind == "safetensors":
                settings_box: list[Settings | None] = [None]

                def before_data(
                    metadata: dict[str, str], entries: list[tuple[str, torch.dtype, tuple[int, ...]]]
                ) -> None:
                    _check_total(path, [_numel(shape) for _, _, shape in entries], budget)
                    settings_box[0] = _settings_from_metadata(path, metadata, budget)

                raw, metadata = read_safetensors(path, handle, size, check_before_data=before_data)
                settings = settings_box[0]
            else:
                with private_snapshot(path, handle, size) as (source, copied):
                    if copied == 0:
                        raise _error(path, tr("the file is empty"))
                    check_pt_archive(path, source, copied)
                    raw, settings_json, metadata = _unwrap_pt(path, load_pt(path, source))
                    _check_total(
                        path, [check_tensor_layout(path, name, value) for name, value in raw.items()], budget
                    )
                    settings = (
                        _settings_from_json(path, settings_json, budget)
                        if settings_json is not None
                        else None
                    )
                    if settings is None and "settings" in metadata:
                        settings = _settings_from_metadata(path, metadata, budget)
                    tensors = _as_float32(path, raw)  # copies: nothing refers to the snapshot after this
                    del raw
                return WeightsFile(tensors, settings, path, metadata, _edits_from(path, metadata))
            tensors = _as_float32(path, raw)
        except WeightsError:
            raise
        except (OSError, MemoryError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise _error(path, tr("could not read the file: {reason}").format(reason=shown(reason))) from None
    return WeightsFile(tensors, settings, path, metadata, _edits_from(path, metadata))


def _edits_from(path: Path, metadata: Mapping[str, str]) -> KernelEdits | None:
    """The kernel edits stored in the metadata, checked (None when there are none)."""
    text = metadata.get("kernel_edits")
    if text is None:
        return None
    try:
        return KernelEdits.from_json(json.loads(text))
    except (ValueError, RecursionError):
        raise _error(path, tr("the kernel edits stored in the file are not valid JSON")) from None
    except CnnvizError as exc:
        raise _error(
            path,
            tr("the kernel edits stored in the file are not valid: {reason}").format(reason=shown(str(exc))),
        ) from None


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _check_total(path: Path, counts: list[int], budget: int) -> None:
    """The tensors as float32 must fit the memory budget (checked before they are made)."""
    if not counts:
        raise _error(path, tr("the file holds no tensors"))
    need = sum(counts) * BYTES_PER_VALUE
    if need > budget:
        raise _error(
            path,
            tr(
                "its tensors hold {count:,} values ({size} as float32), more than the {limit} memory "
                "budget (raise it with CNNVIZ_MEMORY_LIMIT)"
            ).format(count=sum(counts), size=human_bytes(need), limit=human_bytes(budget)),
        )


def _unwrap_pt(path: Path, data: Any) -> tuple[dict[str, Any], Any, dict[str, str]]:
    """(state dict, settings JSON or None, metadata) from what ``torch.load`` returned."""
    if not isinstance(data, Mapping):
        raise _error(
            path,
            tr("expected a dictionary of tensors (a state dict), found {kind}").format(
                kind=type(data).__name__
            ),
        )
    settings_json = None
    metadata: dict[str, str] = {}
    state = data
    wrapper = [k for k in ("state_dict", "model_state_dict") if k in data]
    if wrapper:
        extra = [k for k in data if k not in _PT_WRAPPER_KEYS]
        if extra:
            raise _error(
                path,
                tr(
                    "'{name}' is not a part of a weights file (expected state_dict, settings, metadata)"
                ).format(name=shown(extra[0])),
            )
        state = data[wrapper[0]]
        settings_json = data.get("settings")
        if "metadata" in data:
            metadata = check_metadata(path, data["metadata"])
        if not isinstance(state, Mapping):
            raise _error(
                path,
                tr("expected a dictionary of tensors (a state dict), found {kind}").format(
                    kind=type(state).__name__
                ),
            )
    if len(state) > 4096:
        raise _error(
            path, tr("the file holds {n:,} entries; cnnviz reads at most 4,096").format(n=len(state))
        )
    tensors: dict[str, Any] = {}
    for name, value in state.items():
        check_name(path, name)
        if not isinstance(value, torch.Tensor):
            raise _error(
                path,
                tr("'{name}' is a {kind}, not a tensor").format(name=shown(name), kind=type(value).__name__),
            )
        tensors[name] = value
    return tensors, settings_json, metadata


def _settings_from_metadata(path: Path, metadata: Mapping[str, str], budget: int) -> Settings | None:
    if "settings" not in metadata:
        return None
    try:
        settings_json = bounded_json(metadata["settings"], max_depth=MAX_SETTINGS_DEPTH)
    except ValueError as exc:
        raise _error(
            path, tr("the settings stored in the file are not valid JSON: {reason}").format(reason=exc)
        ) from None
    return _settings_from_json(path, settings_json, budget)


def _settings_from_json(path: Path, settings_json: Any, budget: int) -> Settings:
    """Stored settings through the settings table, then planned against the budget (nothing built)."""
    if depth_of(settings_json, MAX_SETTINGS_DEPTH) > MAX_SETTINGS_DEPTH:
        raise _error(
            path,
            tr("the settings stored in the file nest deeper than {limit} levels").format(
                limit=MAX_SETTINGS_DEPTH
            ),
        )
    try:
        settings = Settings.from_json(settings_json)
    except CnnvizError as exc:
        raise _error(
            path, tr("the settings stored in the file are not valid: {reason}").format(reason=printable(exc))
        ) from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise _error(
            path, tr("the settings stored in the file are not valid: {reason}").format(reason=shown(exc))
        ) from None
    from cnnviz.core.plan import make_plan  # plan imports much of core; weights is imported by engine

    plan = make_plan(settings, limit=budget)
    if not plan.ok:
        reasons = "; ".join(printable(p, limit=None) for p in plan.problems)
        raise _error(
            path,
            tr("the settings stored in the file describe a network cnnviz will not build: {reasons}").format(
                reasons=reasons
            ),
        )
    return settings


def _as_float32(path: Path, tensors: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Fresh float32 copies (owning their memory, not views of the file), all finite."""
    out: dict[str, torch.Tensor] = {}
    for name, value in tensors.items():
        check_tensor_layout(path, name, value)
        copy = value.detach().to(torch.float32, copy=True).contiguous()
        if torch.is_floating_point(value) and not bool(torch.isfinite(copy).all()):
            raise _error(path, tr("'{name}' contains NaN or infinite values").format(name=shown(name)))
        out[name] = copy
    return out


def check_fits(weights: WeightsFile, spec: NetworkSpec, report: ShapeReport | None = None) -> None:
    """Raise :class:`WeightsError` listing every parameter of ``weights`` that does not fit."""
    problems = explain_mismatch(weights.tensors, spec, report)
    if problems:
        subject = printable(weights.path, limit=None) if weights.path else tr("weights")
        raise WeightsError(
            tr("these weights do not fit the network:") + "\n  " + "\n  ".join(problems), subject=subject
        )
