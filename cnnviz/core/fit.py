"""Turning a loaded image into the network's input: the ``input.fit`` and ``input.pad`` settings.

Four fits (rows ``input.fit`` and ``input.size`` of the settings table):

* ``fit`` (letterbox): scale the image to fit inside the input, keep its aspect
  ratio, centre it and fill the rest as ``input.pad`` says;
* ``crop``: scale the image to cover the input, keep its aspect ratio and cut
  off what sticks out on both sides equally (the centre is kept);
* ``stretch``: resize to exactly the input size (the aspect ratio changes);
* ``native``: the image as it is; ``input.size`` is ignored.

Four pads for ``fit`` (row ``input.pad``): ``black`` (0), ``grey`` (0.5),
``edge`` (the image's border pixels repeated outwards, like a conv's
``padding_mode=replicate``) and ``reflect`` (the image mirrored at its border,
like ``padding_mode=reflect``).

:func:`input_geometry` says where everything lies without touching pixels, so
the window can draw the content box and map a click on the input back to the
image. Pure numpy and Pillow: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from cnnviz.core.settings import FIT_MODES, PAD_MODES

if TYPE_CHECKING:
    from cnnviz.core.images import LoadedImage

__all__ = [
    "PAD_VALUES",
    "InputGeometry",
    "content_box",
    "input_geometry",
    "input_size_for",
    "prepare_input",
]

Pair = tuple[int, int]

PAD_VALUES: dict[str, float] = {"black": 0.0, "grey": 0.5}
"""The constant each constant pad fills with (``edge`` and ``reflect`` copy image pixels)."""


@dataclass(frozen=True)
class InputGeometry:
    """Where the image lies in the network's input, and which part of the image is used.

    ``content`` is ``(top, left, height, width)`` in input pixels: the rows and
    columns that hold image content (the rest is padding, with ``fit`` only).
    ``source`` is ``(y0, x0, y1, x1)`` in image pixels (edges, may be fractional):
    the part of the image that is shown (all of it except with ``crop``).
    """

    image_size: Pair  # (height, width) of the image
    input_size: Pair  # (height, width) fed to the network
    content: tuple[int, int, int, int]
    source: tuple[float, float, float, float]

    @property
    def scale(self) -> tuple[float, float]:
        """Input pixels per image pixel, (vertical, horizontal)."""
        y0, x0, y1, x1 = self.source
        return (self.content[2] / (y1 - y0), self.content[3] / (x1 - x0))

    @property
    def padded(self) -> bool:
        """Whether part of the input is padding (never with crop, stretch or native)."""
        return self.content != (0, 0, *self.input_size)


def _check_fit(fit: str) -> None:
    if fit not in FIT_MODES:
        raise ValueError(f"unknown fit {fit!r}; expected one of {FIT_MODES}")


def _check_pad(pad: str) -> None:
    if pad not in PAD_MODES:
        raise ValueError(f"unknown pad {pad!r}; expected one of {PAD_MODES}")


def _check_size(size: tuple[int, int]) -> Pair:
    try:
        h, w = (int(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"size must be (height, width), not {size!r}") from None
    if h < 1 or w < 1:
        raise ValueError(f"size must be at least 1×1, not {size!r}")
    return h, w


def input_size_for(image_size: tuple[int, int], size: tuple[int, int], fit: str) -> Pair:
    """The (height, width) fed to the network: the image's own size for "native", else ``size``."""
    _check_fit(fit)
    if fit == "native":
        return _check_size(image_size)
    return _check_size(size)


def input_geometry(image_size: tuple[int, int], size: tuple[int, int], fit: str) -> InputGeometry:
    """Where an image of ``image_size`` lies in the input of ``size`` with ``fit`` (no pixels needed)."""
    h, w = _check_size(image_size)
    out_h, out_w = input_size_for((h, w), size, fit)
    whole = (0.0, 0.0, float(h), float(w))
    if fit == "fit" and (out_h, out_w) != (h, w):
        scale = min(out_h / h, out_w / w)
        new_h = min(out_h, max(1, round(h * scale)))
        new_w = min(out_w, max(1, round(w * scale)))
        top = (out_h - new_h) // 2
        left = (out_w - new_w) // 2
        return InputGeometry((h, w), (out_h, out_w), (top, left, new_h, new_w), whole)
    if fit == "crop" and (out_h, out_w) != (h, w):
        scale = max(out_h / h, out_w / w)
        if scale == 1.0:  # no resampling: whole pixels cut off, the odd one at the end
            y0 = float((h - out_h) // 2)
            x0 = float((w - out_w) // 2)
            source = (y0, x0, y0 + out_h, x0 + out_w)
        else:
            box_h = out_h / scale
            box_w = out_w / scale
            # Clamped: out / (out / w) is not always exactly w in floating point, and
            # Pillow refuses a box that starts at -2.8e-14 (found by `cnnviz soak`).
            y0 = max(0.0, (h - box_h) / 2)
            x0 = max(0.0, (w - box_w) / 2)
            source = (y0, x0, min(float(h), y0 + box_h), min(float(w), x0 + box_w))
        return InputGeometry((h, w), (out_h, out_w), (0, 0, out_h, out_w), source)
    return InputGeometry((h, w), (out_h, out_w), (0, 0, out_h, out_w), whole)


def content_box(image_size: tuple[int, int], size: tuple[int, int], fit: str) -> tuple[int, int, int, int]:
    """``(top, left, height, width)`` of the image content inside the input (the rest is padding)."""
    return input_geometry(image_size, size, fit).content


def prepare_input(image: LoadedImage, size: tuple[int, int], fit: str, pad: str = "black") -> np.ndarray:
    """The network's input: (3, H, W) float32, C-contiguous, writeable, in [0, 1].

    ``fit`` is "fit", "crop", "stretch" or "native" and ``pad`` one of
    :data:`~cnnviz.core.settings.PAD_MODES` (used by "fit" only); see the module
    docstring. Unknown values are a programming error (``ValueError``): the
    settings table has already checked what a user typed.
    """
    _check_fit(fit)
    _check_pad(pad)
    src = image.pixels
    geometry = input_geometry(image.size, size, fit)
    out_h, out_w = geometry.input_size
    if (out_h, out_w) == image.size:
        return np.array(src.transpose(2, 0, 1), dtype=np.float32, order="C")
    if fit == "stretch":
        return _resize(src, out_h, out_w)
    if fit == "fit":
        top, left, new_h, new_w = geometry.content
        if (new_h, new_w) == image.size:
            inner = np.array(src.transpose(2, 0, 1), dtype=np.float32)
        else:
            inner = _resize(src, new_h, new_w)
        widths = ((0, 0), (top, out_h - top - new_h), (left, out_w - left - new_w))
        if pad == "mean":  # each channel padded with the image's own mean colour
            out = np.stack(
                [np.pad(c, widths[1:], mode="constant", constant_values=float(c.mean())) for c in inner]
            )
        elif pad in PAD_VALUES:
            out = np.pad(inner, widths, mode="constant", constant_values=PAD_VALUES[pad])
        else:  # "edge" or "reflect": numpy's modes of those names
            out = np.pad(inner, widths, mode="edge" if pad == "edge" else "reflect")
        return np.ascontiguousarray(out, dtype=np.float32)
    # crop
    y0, x0, y1, x1 = geometry.source
    if geometry.scale == (1.0, 1.0):
        top, left = int(y0), int(x0)
        return np.array(src[top : top + out_h, left : left + out_w].transpose(2, 0, 1), order="C")
    return _resize(src, out_h, out_w, box=(x0, y0, x1, y1))


def _resize(
    src: np.ndarray,
    out_h: int,
    out_w: int,
    box: tuple[float, float, float, float] | None = None,
) -> np.ndarray:
    """Resample (H, W, 3) ``src`` (or its ``box``: x0, y0, x1, y1) to (3, out_h, out_w) float32 in [0, 1]."""
    out = np.empty((3, out_h, out_w), np.float32)
    for c in range(3):
        channel = Image.fromarray(np.ascontiguousarray(src[:, :, c], dtype=np.float32))  # mode "F"
        resized = channel.resize((out_w, out_h), Image.Resampling.BICUBIC, box=box, reducing_gap=3.0)
        out[c] = np.asarray(resized, dtype=np.float32)
    np.clip(out, 0.0, 1.0, out=out)
    return out
