"""Kernel edits: a learner's own kernels and biases for chosen conv output channels.

An edit replaces one output channel of a conv layer: its kernel (every input
channel of its group, ``(in_channels / groups, kh, kw)`` as torch stores it) and,
optionally, its bias. :class:`KernelEdits` holds all edits, immutably; the
network's parameters with the edits laid over them come from
:func:`parameters_with_edits`.

Edits outlive setting changes like weights do: an edit is applied while its
layer still has that output channel and the kernel still has the edit's shape
(stride, padding, dilation, pooling or more output channels keep it); otherwise
it is kept but inactive, and applies again when the shape comes back.

The JSON form (sessions, weights metadata)::

    {"conv1": {"0": {"kernel": [[[-1, 0, 1], ...], ...], "bias": 0.0}}}

No Qt. torch only for the parameter tensors (imported there, so sessions load without it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.settings import MAX_BLOCKS, MAX_CHANNELS, MAX_KERNEL
from cnnviz.core.text import printable

if TYPE_CHECKING:  # torch is imported where tensors are edited: sessions load without it
    import torch

_LAYER = re.compile(r"conv([1-9][0-9]*)")


class EditError(CnnvizError):
    """A kernel edit that cannot be used (bad layer, channel, kernel or JSON)."""


@dataclass(frozen=True, eq=False)
class ChannelEdit:
    """One output channel's kernel ``(in_per_group, kh, kw)`` float32 and bias (None: keep it)."""

    kernel: np.ndarray
    bias: float | None = None

    def __post_init__(self) -> None:
        k = np.array(self.kernel, dtype=np.float32, copy=True)
        if k.ndim != 3 or 0 in k.shape:
            raise EditError(
                tr("a kernel needs the shape (input channels, height, width), not {shape}").format(
                    shape=tuple(k.shape)
                ),
                subject="kernel",
            )
        if not np.isfinite(k).all():
            raise EditError(tr("a kernel must hold finite numbers"), subject="kernel")
        if self.bias is not None and not math.isfinite(float(self.bias)):
            raise EditError(tr("the bias must be a finite number"), subject="bias")
        k.flags.writeable = False
        object.__setattr__(self, "kernel", k)
        object.__setattr__(self, "bias", None if self.bias is None else float(self.bias))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChannelEdit):
            return NotImplemented
        return self.bias == other.bias and np.array_equal(self.kernel, other.kernel)

    def __hash__(self) -> int:
        return hash((self.kernel.shape, self.kernel.tobytes(), self.bias))


def _check_layer(layer: str) -> str:
    m = _LAYER.fullmatch(str(layer))
    if m is None or not 1 <= int(m.group(1)) <= MAX_BLOCKS:
        raise EditError(
            tr("'{layer}' is not a conv layer; write conv1 to conv{n}").format(
                layer=printable(layer), n=MAX_BLOCKS
            ),
            subject=printable(layer),
        )
    return str(layer)


def _check_channel(layer: str, channel: Any) -> int:
    if isinstance(channel, str) and channel.strip().isdigit():
        channel = int(channel)
    if isinstance(channel, bool) or not isinstance(channel, int) or not 0 <= channel < MAX_CHANNELS:
        raise EditError(
            tr("output channel {channel} is not a number from 0 to {last}").format(
                channel=printable(channel), last=MAX_CHANNELS - 1
            ),
            subject=layer,
        )
    return channel


class KernelEdits(Mapping[tuple[str, int], ChannelEdit]):
    """Immutable edits keyed by ``(layer, output channel)``, e.g. ``("conv1", 0)``."""

    __slots__ = ("_edits",)

    def __init__(self, edits: Mapping[tuple[str, int], ChannelEdit] | None = None) -> None:
        checked: dict[tuple[str, int], ChannelEdit] = {}
        for (layer, channel), edit in (edits or {}).items():
            layer = _check_layer(layer)
            checked[(layer, _check_channel(layer, channel))] = edit
        self._edits = dict(sorted(checked.items(), key=lambda kv: (int(kv[0][0][4:]), kv[0][1])))

    # Mapping protocol -------------------------------------------------------
    def __getitem__(self, key: tuple[str, int]) -> ChannelEdit:
        return self._edits[key]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._edits)

    def __len__(self) -> int:
        return len(self._edits)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, KernelEdits):
            return self._edits == other._edits
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._edits.items()))

    def __repr__(self) -> str:
        return f"KernelEdits({', '.join(f'{layer}:{ch}' for layer, ch in self._edits)})"

    # Changing ---------------------------------------------------------------
    def set(self, layer: str, channel: int, kernel: Any, bias: float | None = None) -> KernelEdits:
        """A copy with ``layer``'s output ``channel`` set to ``kernel`` (and ``bias``)."""
        return KernelEdits({**self._edits, (layer, channel): ChannelEdit(np.asarray(kernel), bias)})

    def reset_channel(self, layer: str, channel: int) -> KernelEdits:
        """A copy without the edit of one channel (back to the loaded or seeded weights)."""
        return KernelEdits({k: v for k, v in self._edits.items() if k != (layer, channel)})

    def reset_layer(self, layer: str) -> KernelEdits:
        """A copy without any edit of ``layer``."""
        return KernelEdits({k: v for k, v in self._edits.items() if k[0] != layer})

    def reset_all(self) -> KernelEdits:
        return KernelEdits()

    def channels(self, layer: str) -> list[int]:
        """The edited output channels of ``layer`` (to mark them as edited)."""
        return [ch for (name, ch) in self._edits if name == layer]

    # JSON -------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, dict[str, Any]] = {}
        for (layer, channel), edit in self._edits.items():
            out.setdefault(layer, {})[str(channel)] = {"kernel": edit.kernel.tolist(), "bias": edit.bias}
        return out

    @classmethod
    def from_json(cls, data: Any) -> KernelEdits:
        """Read :meth:`to_json`'s form, checking every part; raises :class:`EditError`."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise EditError(
                tr("kernel edits must be an object of layer: {channel: edit}"), subject="kernel_edits"
            )
        edits: dict[tuple[str, int], ChannelEdit] = {}
        for layer, channels in data.items():
            layer = _check_layer(layer)
            if not isinstance(channels, Mapping):
                raise EditError(tr("must be an object of channel: edit"), subject=layer)
            for channel, entry in channels.items():
                number = _check_channel(layer, channel)
                where = f"{layer}:{number}"
                if not isinstance(entry, Mapping) or set(entry) - {"kernel", "bias"} or "kernel" not in entry:
                    raise EditError(tr("an edit is an object with 'kernel' and 'bias'"), subject=where)
                kernel = _kernel_from_json(entry["kernel"], where)
                bias = entry.get("bias")
                if bias is not None and (isinstance(bias, bool) or not isinstance(bias, (int, float))):
                    raise EditError(tr("the bias must be a number or null"), subject=where)
                try:
                    edits[(layer, number)] = ChannelEdit(kernel, bias)
                except EditError as exc:
                    raise EditError(exc.message, subject=where) from None
        return cls(edits)


def _kernel_from_json(value: Any, where: str) -> np.ndarray:
    bad = EditError(
        tr("the kernel must be a list of input channels, each a list of rows of numbers"), subject=where
    )
    if not isinstance(value, list) or not value or len(value) > MAX_CHANNELS:
        raise bad
    rows: list[list[list[float]]] = []
    for plane in value:
        if not isinstance(plane, list) or not plane or len(plane) > MAX_KERNEL:
            raise bad
        out_plane = []
        for row in plane:
            if not isinstance(row, list) or not row or len(row) > MAX_KERNEL:
                raise bad
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row):
                raise bad
            out_plane.append([float(v) for v in row])
        rows.append(out_plane)
    if len({len(p) for p in rows}) != 1 or len({len(r) for p in rows for r in p}) != 1:
        raise EditError(tr("the kernel's rows and channels must all be the same length"), subject=where)
    return np.array(rows, dtype=np.float32)


@dataclass(frozen=True)
class AppliedEdits:
    """What :func:`parameters_with_edits` did: edits applied and those kept inactive, with why."""

    applied: tuple[tuple[str, int], ...]
    inactive: tuple[str, ...]  # one sentence per edit that does not fit the current network


def parameters_with_edits(
    parameters: Mapping[str, torch.Tensor], edits: KernelEdits
) -> tuple[dict[str, torch.Tensor], AppliedEdits]:
    """``parameters`` (name -> tensor, e.g. ``conv1.weight``) with ``edits`` laid over them.

    Tensors of layers without an applicable edit are the very same objects;
    edited ones are new tensors (the inputs are never changed in place).
    """
    import torch

    out = dict(parameters)
    applied: list[tuple[str, int]] = []
    inactive: list[str] = []
    for (layer, channel), edit in edits.items():
        weight = parameters.get(f"{layer}.weight")
        where = f"{layer}:{channel}"
        if weight is None:
            inactive.append(tr("{where}: the network has no {layer} now").format(where=where, layer=layer))
            continue
        if channel >= weight.shape[0]:
            inactive.append(
                tr("{where}: {layer} has {n} output channels now").format(
                    where=where, layer=layer, n=weight.shape[0]
                )
            )
            continue
        if tuple(weight.shape[1:]) != edit.kernel.shape:
            inactive.append(
                tr("{where}: the edit is a {edit} kernel, {layer}'s is {now} now").format(
                    where=where,
                    layer=layer,
                    edit="×".join(map(str, edit.kernel.shape)),
                    now="×".join(map(str, weight.shape[1:])),
                )
            )
            continue
        name = f"{layer}.weight"
        if out[name] is weight:
            out[name] = weight.detach().clone()
        out[name][channel] = torch.from_numpy(np.array(edit.kernel)).to(weight.device, weight.dtype)
        bias = parameters.get(f"{layer}.bias")
        if edit.bias is not None and bias is not None:
            bname = f"{layer}.bias"
            if out[bname] is bias:
                out[bname] = bias.detach().clone()
            out[bname][channel] = edit.bias
        applied.append((layer, channel))
    return out, AppliedEdits(tuple(applied), tuple(inactive))


def filter_edit(text: str, spec: Any) -> tuple[str, int, ChannelEdit]:
    """``LAYER:CHANNEL=FILTER[@TARGET]`` (the CLI's ``--kernel``) -> one edit for ``spec``.

    The filter is made at the layer's kernel size and laid over the input
    channels as :func:`cnnviz.core.kernels.spread_kernel` says (``@grey`` by
    default; ``@r``/``@g``/``@b`` or a channel number); its bias is 0, so the map
    is exactly the filter's response.
    """
    from cnnviz.core.kernels import find_filter, parse_target, spread_kernel

    where, sep, rest = str(text).partition("=")
    layer, colon, channel_text = where.strip().partition(":")
    if not sep or not colon:
        raise EditError(
            tr("'{text}' is not LAYER:CHANNEL=FILTER (e.g. conv1:0=sobel_x or conv1:0=sobel_x@r)").format(
                text=printable(text)
            ),
            subject="--kernel",
        )
    layer = _check_layer(layer.strip().lower())
    channel = _check_channel(layer, channel_text.strip())
    name, _, target_text = rest.partition("@")
    blocks = {b.conv_name: b for b in spec.blocks}
    if layer not in blocks:
        raise EditError(
            tr("the network has {n} block(s), so no {layer}").format(n=len(spec.blocks), layer=layer),
            subject=layer,
        )
    in_channels = spec.input.channels
    for block in spec.blocks:
        if block.conv_name == layer:
            break
        in_channels = block.conv.out_channels
    conv = blocks[layer].conv
    if channel >= conv.out_channels:
        raise EditError(
            tr("{layer} has {n} output channels (0 to {last})").format(
                layer=layer, n=conv.out_channels, last=conv.out_channels - 1
            ),
            subject=f"{layer}:{channel}",
        )
    kernel2d = find_filter(name).kernel(conv.kernel_size)
    kernel = spread_kernel(
        kernel2d,
        in_channels // conv.groups,
        parse_target(target_text or None, colours=layer == spec.blocks[0].conv_name),
    )
    return layer, channel, ChannelEdit(kernel, 0.0 if conv.bias else None)


def edits_from_texts(texts: list[str], spec: Any, base: KernelEdits | None = None) -> KernelEdits:
    """Every ``--kernel`` text applied in order to ``base`` (later ones win)."""
    edits: dict[tuple[str, int], ChannelEdit] = dict(base.items()) if base else {}
    for text in texts:
        layer, channel, edit = filter_edit(text, spec)
        edits[(layer, channel)] = edit
    return KernelEdits(edits)


def use_edits(engine: Any, plan: Any, edits: KernelEdits) -> AppliedEdits:
    """Make ``engine`` run ``plan`` with ``edits`` laid over its current parameters.

    The parameters the engine would use for ``plan`` (loaded or seeded) are
    taken, edited and given back to it as its weights; call it again after
    :meth:`Engine.use_weights` with the original weights to reset.
    """
    model = engine.prepare(plan)
    parameters = {name: p.detach().to("cpu") for name, p in model.named_parameters()}
    edited, info = parameters_with_edits(parameters, edits)
    if info.applied:
        sources = dict(model.sources)
        engine.use_weights(edited)
        # Keep saying where the unedited values came from (untrained or loaded).
        engine.prepare(plan).sources.update(sources)
    return info
