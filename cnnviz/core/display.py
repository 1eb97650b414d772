"""From a forward pass to what the panels draw: colormap indices per stage.

Runs in the app's worker thread (torch + numpy, no Qt). The value range of each
channel is taken from the full-resolution maps; the maps themselves are
averaged down to the resolution the tiles are drawn at (a 512×512 map shown as a
128-pixel tile needs a sixteenth of the pixels), so the work per update follows
the screen, not the input size. The zoom view asks for full resolution.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from cnnviz.core import render
from cnnviz.core.engine import ForwardResult
from cnnviz.core.render import Normalization
from cnnviz.core.view import ViewOptions

FLATTEN_WIDTH = 256  # the flattened vector is drawn as rows of at most this many values


def flatten_width(length: int) -> int:
    """Values per row when a vector of ``length`` is drawn: about twice as wide as
    tall, a power of two from 16 to :data:`FLATTEN_WIDTH`."""
    width = 16
    while width < FLATTEN_WIDTH and width * width < 2 * length:
        width *= 2
    return width


@dataclass(frozen=True, eq=False)
class StageImage:
    """One stage ready to draw: uint8 colormap indices and the values they stand for."""

    name: str
    kind: str  # "conv", "relu", "pool" or "flatten"
    indices: np.ndarray  # (C, h, w) uint8, h/w = full size / factor (rounded up)
    low: np.ndarray  # (C,) value drawn with index 0
    high: np.ndarray  # (C,) value drawn with index 255
    centered: bool  # range symmetric about 0 (diverging colormap)
    shape: tuple[int, ...]  # the stage's full shape, (C, H, W) or (N,)
    factor: int  # each drawn pixel averages factor×factor values
    norm: str  # "channel", "stage" or "fixed"
    source: np.ndarray  # the full-resolution values (the ForwardResult's array)
    key: tuple[Any, ...]  # what the indices depend on besides ``source``

    @property
    def channels(self) -> int:
        return int(self.indices.shape[0])

    def value_at(self, channel: int, row: int, col: int) -> float:
        """The exact value at a full-resolution position (for readouts)."""
        if self.source.ndim == 1:
            return float(self.source[row * self.indices.shape[2] + col])
        return float(self.source[channel, row, col])


def downsample_factor(height: int, width: int, resolution: int) -> int:
    """The smallest whole factor that brings the larger side to ``resolution`` or less."""
    if resolution <= 0:
        return 1
    return max(1, math.ceil(max(height, width) / resolution))


def channel_ranges(values: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel (min, max) of the finite values of a (C, H, W) tensor, as float64 arrays.

    The same rule as :func:`cnnviz.core.render.channel_ranges` (NaN for a
    channel without a finite value), computed with torch where the values are.
    """
    with torch.inference_mode():
        flat = values.reshape(values.shape[0], -1)
        # amin and amax separately: torch.aminmax along dim 1 measured 20x slower.
        mn, mx = torch.amin(flat, dim=1), torch.amax(flat, dim=1)
        bad = ~(torch.isfinite(mn) & torch.isfinite(mx))
        if bool(bad.any()):  # only channels holding NaN or ±inf take a second look
            mn, mx = mn.clone(), mx.clone()
            for c in torch.nonzero(bad).flatten().tolist():
                channel = flat[c]
                finite = channel[torch.isfinite(channel)]
                if finite.numel():
                    mn[c], mx[c] = finite.min(), finite.max()
                else:
                    mn[c] = mx[c] = float("nan")
    return mn.double().cpu().numpy(), mx.double().cpu().numpy()


def render_stage(
    name: str,
    kind: str,
    source: np.ndarray,
    tensor: torch.Tensor | None,
    norm: Normalization,
    resolution: int,
    size: tuple[int, int] | None = None,
    channels: int | None = None,
) -> StageImage:
    """Colormap indices of one (C, H, W) stage, averaged down for drawing.

    ``channels`` draws only the first channels (ranges still come from all of
    them, so a "stage" range is the same however many are drawn).

    With ``size`` (the tile's height and width in device pixels) a map at
    least twice as large is averaged by the largest whole factor that keeps it
    at least as large as the tile; Qt scales the rest when painting (measured:
    cheaper than averaging to the exact size here). Without ``size`` the map is
    averaged by a whole factor to ``resolution`` or less.
    """
    values = tensor if tensor is not None else torch.from_numpy(np.array(source))
    if values.dim() == 4:
        values = values[0]
    c, h, w = values.shape
    mn, mx = channel_ranges(values)
    low, high, centered = render.stage_range(mn, mx, norm, render.is_signed(kind))
    with torch.inference_mode():
        small = values
        if size is not None:
            factor = max(1, min(h // max(1, size[0]), w // max(1, size[1])))
        else:
            factor = downsample_factor(h, w, resolution)
        if channels is not None and channels < c:
            small = small[:channels]
            low, high = low[:channels], high[:channels]
        if factor > 1:
            small = F.avg_pool2d(small[None], factor, factor, ceil_mode=True, count_include_pad=False)[0]
        small_np = small.float().cpu().numpy()
    indices = render.scale_to_indices(small_np, low, high, centered)
    return StageImage(
        name,
        kind,
        indices,
        low.astype(np.float32),
        high.astype(np.float32),
        centered,
        (c, h, w),
        factor,
        norm.mode,
        source,
        (norm, resolution if size is None else size, channels),
    )


def render_flatten(source: np.ndarray, norm: Normalization) -> StageImage:
    """The flattened vector as rows of :func:`flatten_width` values (one 'channel')."""
    n = source.shape[0]
    width = flatten_width(n)
    rows = max(1, math.ceil(n / width))
    padded = np.zeros(rows * width, np.float32)
    padded[:n] = source
    grid = padded.reshape(1, rows, width)
    # The range of the values only (not of the zeros that fill the last row).
    mn, mx, _ = render.channel_ranges(source.reshape(1, 1, n) if n else np.zeros((1, 1, 1), np.float32))
    mode = norm if norm.mode == "fixed" else Normalization("channel")
    low, high, centered = render.stage_range(mn, mx, mode, signed=bool(mn[0] < 0))
    indices = render.scale_to_indices(grid, low, high, centered)
    return StageImage(
        "flatten",
        "flatten",
        indices,
        low.astype(np.float32),
        high.astype(np.float32),
        centered,
        (n,),
        1,
        mode.mode,
        source,
        (mode,),
    )


def render_input(values: np.ndarray) -> np.ndarray:
    """The network's input (3, H, W) in [0, 1] as an (H, W, 3) uint8 RGB image.

    One contiguous channel at a time: clipping the (H, W, 3) view of a (3, H, W) array strode
    through memory (1024×1024: 21 ms against 11 ms, the same bytes).
    """
    channels, height, width = values.shape
    out = np.empty((height, width, channels), np.uint8)
    scratch = np.empty((height, width), np.float32)
    for c in range(channels):
        np.clip(values[c], 0.0, 1.0, out=scratch)
        scratch *= 255.0
        scratch += 0.5
        out[:, :, c] = scratch  # truncates: round half up of the scaled value
    return out


def full_resolution(image: StageImage, channel: int) -> np.ndarray:
    """One channel's indices at full resolution with the stage's own range (zoom view)."""
    if image.source.ndim != 3:
        return image.indices[channel]
    data = image.source[channel][None]
    return render.scale_to_indices(
        data,
        image.low[channel : channel + 1].astype(np.float64),
        image.high[channel : channel + 1].astype(np.float64),
        image.centered,
    )[0]


def stage_kind(name: str) -> str:
    """The kind of a stage from its name: conv1 -> conv, relu2 -> relu, flatten, fc."""
    return name.rstrip("0123456789")


def render_named(
    name: str,
    source: np.ndarray,
    tensor: torch.Tensor | None,
    view: ViewOptions,
    resolution: int,
    sizes: Mapping[str, tuple[int, int]] | None = None,
    previous: Mapping[str, StageImage] | None = None,
) -> StageImage | None:
    """One stage as drawn (``None`` for the logits, which are drawn as bars).

    Keeps the previous image object when its values are the very same array
    and it was drawn with the same normalisation and size.
    """
    kind = stage_kind(name)
    if kind == "fc":
        return None
    norm = view.normalization_for(name)
    old = previous.get(name) if previous else None
    if kind == "flatten":
        key: tuple[Any, ...] = (norm if norm.mode == "fixed" else Normalization("channel"),)
        if old is not None and old.source is source and old.key == key:
            return old
        return render_flatten(source, norm)
    size = sizes.get(name) if sizes else None
    if (
        old is not None
        and old.source is source
        and old.key == (norm, resolution if size is None else size, None)
    ):
        return old
    return render_stage(name, kind, source, tensor, norm, resolution, size)


def render_result(
    result: ForwardResult,
    view: ViewOptions,
    resolution: int,
    previous: Mapping[str, StageImage] | None = None,
    sizes: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, StageImage]:
    """Every map stage (and the flattened vector) of ``result`` as a :class:`StageImage`.

    ``sizes`` gives the drawn tile size of stages whose panels are laid out;
    the others are averaged by a whole factor to ``resolution``. A stage whose
    values are the very array drawn last time, with the same normalisation and
    size, keeps its previous image object.
    """
    out: dict[str, StageImage] = {}
    for name, source in result.stages.items():
        image = render_named(name, source, result.tensors.get(name), view, resolution, sizes, previous)
        if image is not None:
            out[name] = image
    return out
