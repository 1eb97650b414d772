"""What a training run depends on: :class:`TrainConfig` (no torch, so the CLI's
parser can show the defaults without importing it). Used by :mod:`cnnviz.core.train`."""

from __future__ import annotations

import math
from dataclasses import dataclass

from cnnviz.core.dataset import DATASET_SEED, HELD_OUT_SEED
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr


class TrainingError(CnnvizError):
    """Training cannot start with these options (a setting, a device, a number)."""


@dataclass(frozen=True)
class TrainConfig:
    """Everything a training run depends on (together with the settings)."""

    epochs: int = 4
    images_per_epoch: int = 3000  # fresh images every epoch
    batch_size: int = 16
    learning_rate: float = 1e-3  # Adam, cosine-decayed to 0 over the run
    weight_decay: float = 0.0
    seed: int = DATASET_SEED  # the data set's seed; also seeds the initial weights and the order
    held_out: int = 500  # images in the held-out set
    held_out_seed: int = HELD_OUT_SEED
    device: str = "cpu"
    # Epochs (from the start) during which the fc layer is trained tied: one weight
    # per (class, channel), shared by every position, which is global average
    # pooling followed by a Linear(channels -> classes). It learns from every
    # position at once, so it needs far fewer images than 32*32*32*10 free weights;
    # afterwards the tied weights are written into the real fc and trained freely.
    tied_epochs: int = 0
    # False: every epoch sees the same images (drawn once and kept in memory);
    # True: each epoch draws new ones.
    fresh_images: bool = True

    @property
    def steps_per_epoch(self) -> int:
        """Training steps in one epoch (the last batch may be smaller)."""
        return math.ceil(self.images_per_epoch / self.batch_size)

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    def check(self) -> None:
        """Raise :class:`TrainingError` for a value that cannot work."""
        for name, value, minimum in (
            ("epochs", self.epochs, 1),
            ("images_per_epoch", self.images_per_epoch, 1),
            ("batch_size", self.batch_size, 1),
            ("held_out", self.held_out, 0),
        ):
            if value < minimum:
                raise TrainingError(
                    tr("must be at least {minimum}, not {value}").format(minimum=minimum, value=value),
                    subject=name.replace("_", "-"),
                )
        if not (self.learning_rate > 0 and math.isfinite(self.learning_rate)):
            raise TrainingError(tr("must be a positive number"), subject="learning-rate")
        if self.seed == self.held_out_seed:
            raise TrainingError(tr("the held-out set needs a seed of its own"), subject="seed")
