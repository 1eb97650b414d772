"""Classic image filters as conv kernels, and how one is laid over a layer's input channels.

Every filter is written for torch's convolution, which is a *cross-correlation*:
``out[y, x] = sum_ij k[i, j] * in[y + i - r, x + j - r]`` (the kernel is not
flipped). So ``sobel_x`` is ``[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]`` and gives
positive values where the image gets brighter to the right. The response to a
single bright pixel is therefore the kernel turned by 180°.

Sizes: ``identity``, ``box``, ``gaussian``, ``sobel_x/y``, ``prewitt_x/y`` and
``edge_detect`` exist for any odd height and width; ``sharpen``, ``laplacian``
and ``emboss`` are the textbook 3×3 kernels only.

numpy only: no torch, no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr, tr_noop
from cnnviz.core.text import printable

Size = tuple[int, int]


class KernelError(CnnvizError):
    """A filter name, size or target channel that cannot be used."""


def _binomial(n: int) -> np.ndarray:
    """Row ``n - 1`` of Pascal's triangle: the smoothing part of a Sobel kernel."""
    return np.array([math.comb(n - 1, i) for i in range(n)], np.float64)


def _derivative(n: int) -> np.ndarray:
    """A central difference of length ``n`` (odd): [-1, 0, 1] smoothed by a binomial."""
    return np.convolve(_binomial(n - 2), [-1.0, 0.0, 1.0]) if n >= 3 else np.zeros(n)


def _identity(h: int, w: int) -> np.ndarray:
    k = np.zeros((h, w))
    k[h // 2, w // 2] = 1.0
    return k


def _box(h: int, w: int) -> np.ndarray:
    return np.full((h, w), 1.0 / (h * w))


def _gaussian(h: int, w: int) -> np.ndarray:
    # sigma from the size as OpenCV chooses it: 0.3 * ((k - 1) / 2 - 1) + 0.8
    def axis(n: int) -> np.ndarray:
        sigma = 0.3 * ((n - 1) / 2 - 1) + 0.8
        t = np.arange(n) - (n - 1) / 2
        g = np.exp(-(t**2) / (2 * sigma**2))
        return g / g.sum()

    return np.outer(axis(h), axis(w))


def _sobel_x(h: int, w: int) -> np.ndarray:
    return np.outer(_binomial(h), _derivative(w))


def _sobel_y(h: int, w: int) -> np.ndarray:
    return np.outer(_derivative(h), _binomial(w))


def _prewitt_x(h: int, w: int) -> np.ndarray:
    return np.outer(np.ones(h), np.arange(w) - w // 2)


def _prewitt_y(h: int, w: int) -> np.ndarray:
    return np.outer(np.arange(h) - h // 2, np.ones(w))


def _edge_detect(h: int, w: int) -> np.ndarray:
    k = -np.ones((h, w))
    k[h // 2, w // 2] = h * w - 1
    return k


_SHARPEN = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float64)
_LAPLACIAN = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], np.float64)
_EMBOSS = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], np.float64)


def _fixed(kernel: np.ndarray) -> Callable[[int, int], np.ndarray]:
    return lambda h, w: kernel.copy()


@dataclass(frozen=True)
class Filter:
    """A classic filter: its name, what it does, and the sizes it exists in."""

    name: str
    help: str
    make: Callable[[int, int], np.ndarray]
    fixed_size: Size | None = None  # None: any odd height and width

    def kernel(self, size: Size = (3, 3)) -> np.ndarray:
        """The (height, width) float32 kernel; raises :class:`KernelError` for a size it lacks."""
        h, w = int(size[0]), int(size[1])
        if self.fixed_size is not None and (h, w) != self.fixed_size:
            raise KernelError(
                tr("{name} is defined as a {fh}×{fw} kernel only; this layer's kernel is {h}×{w}").format(
                    name=self.name, fh=self.fixed_size[0], fw=self.fixed_size[1], h=h, w=w
                ),
                subject=self.name,
            )
        if h < 1 or w < 1 or h % 2 == 0 or w % 2 == 0:
            raise KernelError(
                tr("{name} needs an odd kernel size (a centre pixel); this layer's kernel is {h}×{w}").format(
                    name=self.name, h=h, w=w
                ),
                subject=self.name,
            )
        return self.make(h, w).astype(np.float32)


FILTERS: dict[str, Filter] = {
    f.name: f
    for f in (
        Filter("identity", tr_noop("passes the input through unchanged"), _identity),
        Filter("box", tr_noop("box blur: the mean of the window"), _box),
        Filter("gaussian", tr_noop("Gaussian blur: a weighted mean, heaviest in the middle"), _gaussian),
        Filter(
            "sharpen", tr_noop("sharpen: the pixel minus its four neighbours' blur"), _fixed(_SHARPEN), (3, 3)
        ),
        Filter("sobel_x", tr_noop("Sobel x: positive where it gets brighter to the right"), _sobel_x),
        Filter("sobel_y", tr_noop("Sobel y: positive where it gets brighter downwards"), _sobel_y),
        Filter("prewitt_x", tr_noop("Prewitt x: like Sobel x without the smoothing weights"), _prewitt_x),
        Filter("prewitt_y", tr_noop("Prewitt y: like Sobel y without the smoothing weights"), _prewitt_y),
        Filter(
            "laplacian",
            tr_noop("Laplacian: the sum of second differences (edges both ways)"),
            _fixed(_LAPLACIAN),
            (3, 3),
        ),
        Filter("emboss", tr_noop("emboss: light from the top left"), _fixed(_EMBOSS), (3, 3)),
        Filter("edge_detect", tr_noop("edge detect: the pixel minus all its neighbours"), _edge_detect),
    )
}

# Aliases people type.
_ALIASES = {
    "sobel": "sobel_x",
    "prewitt": "prewitt_x",
    "blur": "box",
    "box_blur": "box",
    "edge": "edge_detect",
}


def find_filter(name: str) -> Filter:
    """The filter called ``name``; an unknown name raises :class:`KernelError` listing them."""
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, key)
    if key not in FILTERS:
        raise KernelError(
            tr("unknown filter; choose one of {names}").format(names=", ".join(FILTERS)),
            subject=printable(name),
        )
    return FILTERS[key]


# Where a 2-D filter goes among the input channels of one output channel.
COLOUR_TARGETS = {"r": 0, "red": 0, "g": 1, "green": 1, "b": 2, "blue": 2}
GREY_TARGETS = ("grey", "gray", "all")


def parse_target(text: str | int | None, colours: bool = True) -> int | None:
    """``None``/``grey``/``all`` (every input channel, weighted 1/n) or an input channel number.

    With ``colours`` (conv1, whose inputs are the image's colours) ``r``, ``g`` and
    ``b`` name the channels 0, 1 and 2.
    """
    if text is None or isinstance(text, int):
        return text
    t = str(text).strip().lower()
    if t in GREY_TARGETS or t == "":
        return None
    if t in COLOUR_TARGETS and colours:
        return COLOUR_TARGETS[t]
    if t.isdigit():
        return int(t)
    raise KernelError(
        (
            tr("'{text}' is not an input channel: write grey, r, g, b or a channel number")
            if colours
            else tr("'{text}' is not an input channel: write grey or a channel number (r, g, b are conv1's)")
        ).format(text=printable(text)),
        subject="target",
    )


def spread_kernel(kernel2d: np.ndarray, in_channels: int, target: int | None = None) -> np.ndarray:
    """A ``(in_channels, h, w)`` kernel for one output channel from a 2-D filter.

    ``target=None`` applies the filter to the grey value (the mean) of all input
    channels: each channel gets ``kernel2d / in_channels``, so on a grey image
    (equal channels) the output is the filter applied to that grey image.
    An input channel number puts the filter on that channel alone (zeros elsewhere).
    ``in_channels`` is the per-group count, the kernel's first axis in torch.
    """
    k = np.asarray(kernel2d, dtype=np.float32)
    out = np.zeros((in_channels, *k.shape), np.float32)
    if target is None:
        out[:] = k / in_channels
    else:
        if not 0 <= target < in_channels:
            raise KernelError(
                tr("input channel {n} does not exist: this kernel has channels 0 to {last}").format(
                    n=target, last=in_channels - 1
                ),
                subject="target",
            )
        out[target] = k
    return out
