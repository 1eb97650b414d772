"""Cheap, label-keeping augmentation of training batches (used by :mod:`cnnviz.core.train`).

Each image of a batch gets, independently and from a seeded generator:

* a left-right and an up-down flip, each with probability 1/2: every class of the
  generated data set is still itself mirrored (a mirrored triangle is a triangle,
  diagonal stripes at 45° become diagonal stripes at 135°);
* a quarter turn (0, 90, 180 or 270°) for every class except horizontal and
  vertical stripes, which a quarter turn would turn into each other (they only get
  the flips, whose combination is the half turn), and only for square inputs;
* a shift of up to ``max_shift`` of the side in each direction, the uncovered
  border filled by repeating the edge pixels (no wrap-around seams).

No Qt.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cnnviz.core.dataset import CLASS_NAMES

# Classes a quarter turn would change into another class.
NO_QUARTER_TURN = frozenset(
    i for i, name in enumerate(CLASS_NAMES) if name in ("horizontal stripes", "vertical stripes")
)
MAX_SHIFT = 1 / 16  # of the image's side


def augment_batch(
    images: torch.Tensor,
    labels: torch.Tensor,
    generator: torch.Generator,
    *,
    max_shift: float = MAX_SHIFT,
) -> torch.Tensor:
    """(B, C, H, W) images -> augmented copies of the same shape (labels unchanged)."""
    count, _, height, width = images.shape
    flips = torch.rand(count, 2, generator=generator) < 0.5
    turns = torch.randint(0, 4, (count,), generator=generator)
    pad_y = round(max_shift * height)
    pad_x = round(max_shift * width)
    dy = torch.randint(-pad_y, pad_y + 1, (count,), generator=generator)
    dx = torch.randint(-pad_x, pad_x + 1, (count,), generator=generator)
    if pad_y or pad_x:
        padded = F.pad(images, (pad_x, pad_x, pad_y, pad_y), mode="replicate")
    out = torch.empty_like(images)
    for i in range(count):
        x = images[i]
        if pad_y or pad_x:
            top = pad_y + int(dy[i])
            left = pad_x + int(dx[i])
            x = padded[i, :, top : top + height, left : left + width]
        dims = [d for d, flip in zip((2, 1), flips[i].tolist(), strict=True) if flip]
        if dims:
            x = torch.flip(x, dims)
        turn = int(turns[i])
        if turn and height == width and int(labels[i]) not in NO_QUARTER_TURN:
            x = torch.rot90(x, turn, dims=(1, 2))
        out[i] = x
    return out
