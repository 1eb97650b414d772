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


SCHEDULES = ("one-cycle", "cosine")
# The most memory a run may keep its training images in (fresh_images=False).
MAX_KEPT_BYTES = 8 * 2**30


@dataclass(frozen=True)
class TrainConfig:
    """Everything a training run depends on (together with the settings)."""

    epochs: int = 10
    images_per_epoch: int = 6000  # drawn once and kept (see fresh_images)
    batch_size: int = 8
    learning_rate: float = 3e-3  # Adam's peak learning rate (see schedule)
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
    # False: every epoch sees the same images (drawn once during the first epoch,
    # kept in memory, shuffled for each later epoch); True: each epoch draws new ones.
    fresh_images: bool = False
    # Random flips, quarter turns (where they keep the class) and small shifts of
    # every training image (cnnviz.core.augment).
    augment: bool = True
    # "one-cycle": the learning rate rises linearly over the first `warmup` of the
    # steps, then falls to 0 along a cosine; "cosine": falls from the start.
    schedule: str = "one-cycle"
    warmup: float = 0.1
    label_smoothing: float = 0.0

    @property
    def steps_per_epoch(self) -> int:
        """Training steps in one epoch (the last batch may be smaller)."""
        return math.ceil(self.images_per_epoch / self.batch_size)

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def keeps_images(self) -> bool:
        """Whether the run keeps its training images in memory (a pool seen every epoch)."""
        return not self.fresh_images and self.epochs > 1

    def lr_factor(self, step: int) -> float:
        """The learning rate after ``step`` steps, as a fraction of ``learning_rate``."""
        total = self.total_steps
        warm = round(self.warmup * total) if self.schedule == "one-cycle" else 0
        if step < warm:
            return (step + 1) / (warm + 1)  # never 0: the first step already learns a little
        return 0.5 * (1 + math.cos(math.pi * min(step - warm, total - warm) / max(1, total - warm)))

    def kept_bytes(self, size: tuple[int, int]) -> int:
        """The memory the kept training images take at input ``size`` (H, W); 0 with fresh images."""
        return self.images_per_epoch * int(size[0]) * int(size[1]) * 3 if self.keeps_images else 0

    def check(self, size: tuple[int, int] | None = None) -> None:
        """Raise :class:`TrainingError` for a value that cannot work (at input ``size``, if given)."""
        for name, value, minimum in (
            ("epochs", self.epochs, 1),
            ("images_per_epoch", self.images_per_epoch, 1),
            ("batch_size", self.batch_size, 1),
            ("held_out", self.held_out, 0),
            ("tied_epochs", self.tied_epochs, 0),
        ):
            if value < minimum:
                raise TrainingError(
                    tr("must be at least {minimum}, not {value}").format(minimum=minimum, value=value),
                    subject=name.replace("_", "-"),
                )
        if not (self.learning_rate > 0 and math.isfinite(self.learning_rate)):
            raise TrainingError(tr("must be a positive number"), subject="learning-rate")
        if self.schedule not in SCHEDULES:
            raise TrainingError(
                tr("must be one of: {choices}").format(choices=", ".join(SCHEDULES)), subject="schedule"
            )
        for subject, share in (("warmup", self.warmup), ("label-smoothing", self.label_smoothing)):
            if not (0.0 <= share < 1.0):
                raise TrainingError(tr("must be at least 0 and below 1"), subject=subject)
        if not (self.weight_decay >= 0 and math.isfinite(self.weight_decay)):
            raise TrainingError(tr("must be a number of at least 0"), subject="weight-decay")
        if self.seed == self.held_out_seed:
            raise TrainingError(tr("the held-out set needs a seed of its own"), subject="seed")
        if size is not None and self.kept_bytes(size) > MAX_KEPT_BYTES:
            raise TrainingError(
                tr(
                    "{count} images of {height}×{width} would need {gib:.1f} GiB of memory "
                    "(at most {limit:.0f} GiB); draw fewer images per epoch or fresh images every epoch"
                ).format(
                    count=self.images_per_epoch,
                    height=int(size[0]),
                    width=int(size[1]),
                    gib=self.kept_bytes(size) / 2**30,
                    limit=MAX_KEPT_BYTES / 2**30,
                ),
                subject="images-per-epoch",
            )
