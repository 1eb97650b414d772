"""Training-time augmentation (cnnviz.core.augment) and the training schedule and image pool.

Oracles: numpy's own rot90/flip/pad (not torch's, which the code uses), hand-derived
learning-rate values, and images drawn directly with the data set's generator.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch

from cnnviz.core.augment import augment_batch
from cnnviz.core.dataset import CLASS_NAMES, generate_batch
from cnnviz.core.train import _Pool
from cnnviz.core.train_config import MAX_KEPT_BYTES, TrainConfig, TrainingError

HORIZONTAL = CLASS_NAMES.index("horizontal stripes")
VERTICAL = CLASS_NAMES.index("vertical stripes")


def _dihedral(image: np.ndarray, quarter_turns: bool) -> list[np.ndarray]:
    """Every flip (and quarter turn) of a (C, H, W) image, by numpy."""
    out = []
    for flip_y, flip_x in itertools.product((False, True), repeat=2):
        x = image
        if flip_y:
            x = x[:, ::-1, :]
        if flip_x:
            x = x[:, :, ::-1]
        for k in range(4 if quarter_turns else 1):
            out.append(np.rot90(x, k, axes=(1, 2)))
    return out


def _matches(candidate: np.ndarray, options: list[np.ndarray]) -> int | None:
    for i, option in enumerate(options):
        if option.shape == candidate.shape and np.array_equal(option, candidate):
            return i
    return None


def _distinct_image(height: int, width: int) -> torch.Tensor:
    """(1, 3, H, W) with every pixel different, so any transform is recognisable."""
    return torch.arange(3 * height * width, dtype=torch.float32).reshape(1, 3, height, width)


def test_without_shifts_each_image_is_a_flip_or_quarter_turn_and_all_occur() -> None:
    image = _distinct_image(8, 8)
    batch = image.repeat(64, 1, 1, 1)
    labels = torch.zeros(64, dtype=torch.int64)  # circle: every turn keeps the class
    out = augment_batch(batch, labels, torch.Generator().manual_seed(0), max_shift=0)
    options = _dihedral(image[0].numpy(), quarter_turns=True)
    seen = {_matches(x.numpy(), options) for x in out}
    assert None not in seen
    assert len({tuple(o.ravel()) for o in options}) == 8  # the 8 transforms of the square differ
    assert len({tuple(options[i].ravel()) for i in seen}) == 8  # and 64 draws met all of them


@pytest.mark.parametrize("label", [HORIZONTAL, VERTICAL])
def test_horizontal_and_vertical_stripes_are_never_turned_into_each_other(label: int) -> None:
    image = _distinct_image(8, 8)
    batch = image.repeat(64, 1, 1, 1)
    labels = torch.full((64,), label, dtype=torch.int64)
    out = augment_batch(batch, labels, torch.Generator().manual_seed(1), max_shift=0)
    flips_only = _dihedral(image[0].numpy(), quarter_turns=False)
    assert all(_matches(x.numpy(), flips_only) is not None for x in out)
    # real stripes stay stripes of their direction, shifts included
    rows = torch.arange(32.0).div(4).floor().remainder(2).reshape(1, 1, 32, 1).expand(64, 3, 32, 32)
    stripes = rows if label == HORIZONTAL else rows.transpose(2, 3)
    out = augment_batch(stripes.contiguous(), labels, torch.Generator().manual_seed(2))
    axis = 3 if label == HORIZONTAL else 2  # constant along each row (horizontal) or column
    assert torch.equal(out, out.select(axis, 0).unsqueeze(axis).expand_as(out))


def test_shifts_repeat_the_edge_and_stay_within_the_bound() -> None:
    height = width = 32
    image = _distinct_image(height, width)
    batch = image.repeat(40, 1, 1, 1)
    labels = torch.zeros(40, dtype=torch.int64)
    out = augment_batch(batch, labels, torch.Generator().manual_seed(3), max_shift=1 / 16)
    pad = 2  # 32 / 16
    padded = np.pad(image[0].numpy(), ((0, 0), (pad, pad), (pad, pad)), mode="edge")
    crops = [
        padded[:, pad + dy : pad + dy + height, pad + dx : pad + dx + width]
        for dy in range(-pad, pad + 1)
        for dx in range(-pad, pad + 1)
    ]
    options = [t for crop in crops for t in _dihedral(crop, quarter_turns=True)]
    found = [_matches(x.numpy(), options) for x in out]
    assert None not in found
    assert len({i // 8 for i in found}) > 5  # several different shifts were drawn


def test_non_square_images_keep_their_shape_and_the_generator_decides() -> None:
    batch = _distinct_image(6, 10).repeat(16, 1, 1, 1)
    labels = torch.arange(16) % 10
    a = augment_batch(batch, labels, torch.Generator().manual_seed(4))
    b = augment_batch(batch, labels, torch.Generator().manual_seed(4))
    assert a.shape == batch.shape and torch.equal(a, b)


def test_one_cycle_warms_up_then_follows_a_cosine_to_zero() -> None:
    config = TrainConfig(epochs=1, images_per_epoch=100, batch_size=1, warmup=0.1)  # 100 steps
    factor = config.lr_factor
    assert factor(0) == pytest.approx(1 / 11)  # 10 warm-up steps, linear from 1/11 to 1
    assert factor(5) == pytest.approx(6 / 11)
    assert factor(10) == pytest.approx(1.0)
    assert factor(55) == pytest.approx(0.5)  # half-way through the 90 cosine steps
    assert factor(100) == pytest.approx(0.0, abs=1e-12)
    cosine = TrainConfig(epochs=1, images_per_epoch=100, batch_size=1, schedule="cosine")
    assert cosine.lr_factor(0) == 1.0 and cosine.lr_factor(50) == pytest.approx(0.5)
    assert cosine.lr_factor(25) == pytest.approx(0.5 * (1 + math.cos(math.pi / 4)))


def test_kept_images_are_the_same_every_epoch_in_a_new_order() -> None:
    config = TrainConfig(epochs=3, images_per_epoch=25, batch_size=10, seed=8)
    pool = _Pool(config, (16, 16))
    epochs = [list(pool.batches(e)) for e in range(3)]
    images, labels = generate_batch(8, 0, 25, (16, 16))  # drawn directly
    first = np.concatenate([b[0] for b in epochs[0]])
    assert np.array_equal(first, images)
    for later in epochs[1:]:
        got = np.concatenate([b[0] for b in later])
        got_labels = np.concatenate([b[1] for b in later])
        assert [len(b[1]) for b in later] == [10, 10, 5]
        order = [next(i for i in range(25) if np.array_equal(g, images[i])) for g in got]
        assert sorted(order) == list(range(25))  # every image once
        assert list(got_labels) == [labels[i] for i in order]
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(epochs[1], epochs[2], strict=True))


def test_fresh_images_are_new_every_epoch() -> None:
    config = TrainConfig(epochs=2, images_per_epoch=10, batch_size=10, seed=8, fresh_images=True)
    pool = _Pool(config, (16, 16))
    second = next(iter(pool.batches(1)))[0]
    assert np.array_equal(second, generate_batch(8, 10, 10, (16, 16))[0])


def test_a_pool_too_big_for_memory_is_refused_before_training() -> None:
    size = (256, 256)
    too_many = MAX_KEPT_BYTES // (256 * 256 * 3) + 1
    with pytest.raises(TrainingError, match="GiB"):
        TrainConfig(images_per_epoch=too_many).check(size)
    TrainConfig(images_per_epoch=too_many, fresh_images=True).check(size)  # nothing kept
    TrainConfig(images_per_epoch=too_many, epochs=1).check(size)  # one pass: nothing to keep


@pytest.mark.parametrize(
    "changes",
    [{"schedule": "linear"}, {"warmup": 1.0}, {"label_smoothing": -0.1}, {"weight_decay": math.inf}],
)
def test_bad_schedule_options_are_refused(changes: dict) -> None:
    with pytest.raises(TrainingError):
        TrainConfig(**changes).check()
