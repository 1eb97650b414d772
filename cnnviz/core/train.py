"""Training the textbook CNN on the generated shapes (:mod:`cnnviz.core.dataset`).

One loop serves ``cnnviz train`` and the window's Train panel: it builds
exactly the network of the given settings (the textbook's by default) with
cnnviz's seeded initialisation, draws a pool of images once and goes through it
every epoch in a new order (or, with ``fresh_images``, draws new images for every
epoch: image ``epoch * images_per_epoch + i`` of the data set ``seed``), flips,
turns and shifts each image where that keeps its class (:mod:`cnnviz.core.augment`),
follows a one-cycle learning-rate schedule (warm-up, then cosine), and reports progress
through a callback that can also stop it. The panel also passes a
:class:`TrainControl` (pause, resume, stop from another thread) and asks for
snapshots of the weights every few steps (``on_snapshot``).

The held-out set is drawn from another seed and never trained on; its accuracy
and confusion matrix are computed by :func:`evaluate`.

No Qt.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from cnnviz import __version__
from cnnviz.core.augment import augment_batch
from cnnviz.core.dataset import CLASS_NAMES, generate_batch
from cnnviz.core.i18n import tr
from cnnviz.core.network import CnnvizNet, build_network
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings
from cnnviz.core.train_config import TrainConfig, TrainingError

__all__ = [
    "Progress",
    "TiedHead",
    "TrainConfig",
    "TrainControl",
    "TrainResult",
    "TrainingError",
    "evaluate",
    "train",
    "training_metadata",
]


@dataclass(frozen=True)
class Progress:
    """Where a run is, reported after every step."""

    epoch: int  # 1-based
    epochs: int
    step: int  # steps done in this epoch
    steps: int  # steps per epoch
    loss: float  # running mean of this epoch's training loss
    accuracy: float  # running training accuracy of this epoch, 0..1
    elapsed: float  # seconds since the start, paused time left out
    remaining: float  # estimated seconds left
    step_loss: float = math.nan  # this step's batch loss
    step_accuracy: float = math.nan  # this step's batch accuracy, 0..1

    @property
    def done(self) -> int:
        """Steps done since the start of the run (1 after the first step)."""
        return (self.epoch - 1) * self.steps + self.step

    @property
    def fraction(self) -> float:
        return self.done / max(1, self.epochs * self.steps)


class TrainControl:
    """Pause, resume and stop a run from another thread (the window's Train panel).

    :func:`train` looks at it after every step: while paused it waits (without
    using the CPU) until resumed or stopped; once stopped it ends the run after
    that step. ``stop(evaluate=False)`` also skips the held-out evaluation, for a
    window that is closing.
    """

    def __init__(self) -> None:
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._stop = threading.Event()
        self.evaluate = True

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self, *, evaluate: bool = True) -> None:
        self.evaluate = self.evaluate and evaluate
        self._stop.set()
        self._running.set()  # a paused run wakes up to stop

    @property
    def paused(self) -> bool:
        return not self._running.is_set() and not self._stop.is_set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def wait_while_paused(self, on_pause: Callable[[], None] | None = None) -> float:
        """Block while paused (``on_pause`` is called once first); the seconds spent waiting."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        if on_pause is not None:
            on_pause()
        self._running.wait()
        return time.perf_counter() - start


@dataclass(frozen=True)
class TrainResult:
    """A finished (or stopped) run: the weights, the history and the held-out scores."""

    parameters: dict[str, torch.Tensor]  # CPU float32
    settings: Settings
    config: TrainConfig
    epoch_losses: list[float]
    epoch_accuracies: list[float]
    held_out_accuracy: float | None  # None with held_out=0
    confusion: np.ndarray | None  # (classes, classes): rows true class, columns predicted
    seconds: float
    epochs_done: int
    stopped: bool = False
    step_losses: list[float] = field(default_factory=list)

    def metadata(self) -> dict[str, str]:
        """What a weights file records about how these weights were made."""
        return training_metadata(self.config, self.epochs_done, self.seconds, self.held_out_accuracy)


def training_metadata(
    config: TrainConfig,
    epochs_done: int,
    seconds: float,
    held_out_accuracy: float | None = None,
    *,
    trained_by: str = "cnnviz train",
) -> dict[str, str]:
    """What a weights file records about how these weights were made (``cnnviz train``'s keys)."""
    data = {
        "class_names": _json(list(CLASS_NAMES)),
        "trained_by": trained_by,
        "dataset": "cnnviz textbook shapes",
        "dataset_seed": str(config.seed),
        "held_out_seed": str(config.held_out_seed),
        "held_out_images": str(config.held_out),
        "epochs": str(epochs_done),
        "images_per_epoch": str(config.images_per_epoch),
        "batch_size": str(config.batch_size),
        "learning_rate": repr(config.learning_rate),
        "schedule": config.schedule
        if config.schedule == "cosine"
        else f"{config.schedule}, warm-up {config.warmup:g}",
        "images": "fresh every epoch" if config.fresh_images else "drawn once, kept",
        "augmentation": "flips, quarter turns, shifts" if config.augment else "none",
        "label_smoothing": repr(config.label_smoothing),
        "weight_decay": repr(config.weight_decay),
        "tied_epochs": str(config.tied_epochs),
        "train_seconds": f"{seconds:.1f}",
        "trained_with_cnnviz": __version__,
    }
    if held_out_accuracy is not None:
        data["held_out_accuracy"] = f"{held_out_accuracy:.4f}"
    return data


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """(N, H, W, 3) uint8 -> (N, 3, H, W) float32 in [0, 1], as the engine feeds images."""
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div_(255.0)


def trainable_network(settings: Settings, seed: int, device: str = "cpu") -> CnnvizNet:
    """The network of ``settings`` with seeded weights that require gradients."""
    plan = make_plan(settings, keep_previous=False)
    if not plan.ok:
        raise TrainingError(
            tr("the settings do not make a valid network: {problem}").format(problem=plan.problems[0]),
            subject="settings",
        )
    net = build_network(plan.spec, plan.report, seed=seed)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, module in net.named_children():
            if isinstance(module, torch.nn.Conv2d):
                # He initialisation: torch's default (uniform, 1/sqrt(fan_in)) makes each
                # layer's output ~2.4x smaller than its input, and with no normalisation
                # in the textbook network training then sits at chance for hundreds of steps.
                fan_in = module.weight[0].numel()
                module.weight.normal_(0.0, math.sqrt(2.0 / fan_in), generator=generator)
                if module.bias is not None:
                    module.bias.zero_()
            elif name == "fc":
                module.weight.zero_()  # type: ignore[operator]  # the classifier starts neutral: every class equally likely
                module.bias.zero_()  # type: ignore[operator]
    for p in net.parameters():
        p.requires_grad_(True)
    return net.to(device).train()


def evaluate(
    net: torch.nn.Module, images: np.ndarray, labels: np.ndarray, *, batch_size: int = 50
) -> tuple[float, np.ndarray]:
    """Accuracy (0..1) and confusion matrix (rows: true, columns: predicted) on uint8 images."""
    classes = len(CLASS_NAMES)
    confusion = np.zeros((classes, classes), np.int64)
    device = next(net.parameters()).device
    was_training = net.training
    net.eval()
    with torch.inference_mode():
        for i in range(0, len(images), batch_size):
            logits = net(to_tensor(images[i : i + batch_size]).to(device))
            predicted = logits.argmax(dim=1).cpu().numpy()
            np.add.at(confusion, (labels[i : i + batch_size], predicted), 1)
    net.train(was_training)
    total = int(confusion.sum())
    return (float(np.trace(confusion)) / total if total else 0.0), confusion


class _Pool:
    """The training images of a run, epoch by epoch.

    Fresh images: epoch ``e`` draws images ``e*N .. e*N+N-1`` of the data set.
    Kept images: the first epoch draws images ``0 .. N-1`` (classes take turns, so
    every batch is balanced) and keeps them; each later epoch goes through the same
    images in a new order (a permutation seeded by the run's seed and the epoch).
    """

    def __init__(self, config: TrainConfig, size: tuple[int, int]) -> None:
        self.config = config
        self.size = size
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        if config.keeps_images:
            count = config.images_per_epoch
            self.images = np.empty((count, size[0], size[1], 3), np.uint8)
            self.labels = np.empty(count, np.int64)

    def batches(self, epoch: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        config = self.config
        n, b = config.images_per_epoch, config.batch_size
        if self.images is None or self.labels is None or epoch == 0:
            start = epoch * n if config.fresh_images else 0
            for first in range(0, n, b):
                count = min(b, n - first)
                images, labels = generate_batch(config.seed, start + first, count, self.size)
                if self.images is not None and self.labels is not None:
                    self.images[first : first + count] = images
                    self.labels[first : first + count] = labels
                yield images, labels
            return
        order = np.random.default_rng([config.seed, epoch]).permutation(n)
        for first in range(0, n, b):
            chosen = np.sort(order[first : first + b])
            yield self.images[chosen], self.labels[chosen]


class TiedHead(torch.nn.Module):
    """The network with its fc tied across positions: features -> mean over (H, W) -> Linear.

    ``fc(flatten(x))`` with ``fc.weight[k, c*H*W + i] = w[k, c] / (H*W)`` is exactly
    ``w @ mean_hw(x) + b``, so :meth:`write_into_fc` turns what this learnt into the
    real fc without changing a single output.
    """

    def __init__(self, net: CnnvizNet) -> None:
        super().__init__()
        self.net = net
        channels = net.spec.blocks[-1].conv.out_channels
        self.pooled = torch.nn.Linear(channels, net.spec.num_classes)
        self.pooled.to(next(net.parameters()).device)
        with torch.no_grad():
            self.pooled.weight.zero_()
            self.pooled.bias.zero_()
        self.pooled.weight.requires_grad_(True)
        net.fc.weight.requires_grad_(False)
        net.fc.bias.requires_grad_(False)

    def features(self, x: torch.Tensor) -> torch.Tensor:  # (B, 3, H, W) -> (B, C, h, w)
        for name, module in self.net.named_children():
            if name in ("flatten", "fc"):
                break
            x = module(x)
        return x

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, 3, H, W) -> (B, classes)
        return self.pooled(self.features(x).mean(dim=(2, 3)))

    @torch.no_grad()
    def fc_tensors(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The real fc's weight and bias that equal the tied head (each position gets w / (H*W))."""
        classes, channels = self.pooled.weight.shape
        positions = self.net.fc.weight.shape[1] // channels
        weight = (self.pooled.weight / positions)[:, :, None].expand(classes, channels, positions)
        return weight.reshape(classes, channels * positions), self.pooled.bias

    @torch.no_grad()
    def write_into_fc(self) -> None:
        """Copy the tied weights into the network's fc."""
        fc = self.net.fc
        weight, bias = self.fc_tensors()
        fc.weight.copy_(weight)
        fc.bias.copy_(bias)
        fc.weight.requires_grad_(True)
        fc.bias.requires_grad_(True)


def snapshot(net: CnnvizNet, tied: TiedHead | None = None) -> dict[str, torch.Tensor]:
    """The network's parameters now, as CPU float32 copies (with a tied fc as the real fc would be)."""
    parameters = {k: v.detach().to("cpu", torch.float32).clone() for k, v in net.named_parameters()}
    if tied is not None:
        weight, bias = tied.fc_tensors()
        parameters["fc.weight"] = weight.detach().to("cpu", torch.float32).clone()
        parameters["fc.bias"] = bias.detach().to("cpu", torch.float32).clone()
    return parameters


def train(
    config: TrainConfig,
    settings: Settings | None = None,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_epoch: Callable[[int, CnnvizNet], None] | None = None,
    control: TrainControl | None = None,
    on_snapshot: Callable[[int, dict[str, torch.Tensor]], None] | None = None,
    snapshot_every: int = 0,
) -> TrainResult:
    """Train the network of ``settings`` (the textbook's by default) as ``config`` says.

    ``on_progress`` is called after every step; when ``should_stop()`` says True (or
    ``control`` was stopped) the run ends after the current step and the result says
    ``stopped``; while ``control`` is paused the run waits between two steps.
    ``on_snapshot(steps_done, parameters)`` receives CPU copies of the weights before
    the first step, every ``snapshot_every`` steps (0: never) and when a pause begins.
    """
    settings = settings if settings is not None else Settings.textbook()
    size = settings.pair("input.size")
    config.check(size)
    torch.manual_seed(config.seed)
    net = trainable_network(settings, config.seed, config.device)
    tied = TiedHead(net) if config.tied_epochs > 0 else None
    model: torch.nn.Module = tied if tied is not None else net
    optimizer = torch.optim.Adam(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    steps = config.steps_per_epoch
    total_steps = config.total_steps
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, config.lr_factor)
    pool = _Pool(config, size)
    augmenter = torch.Generator().manual_seed(config.seed + 1)
    start = time.perf_counter()
    epoch_losses: list[float] = []
    epoch_accuracies: list[float] = []
    step_losses: list[float] = []
    stopped = False
    epochs_done = 0
    if on_snapshot is not None:
        on_snapshot(0, snapshot(net, tied))
    for epoch in range(config.epochs):
        if tied is not None and epoch == config.tied_epochs:
            tied.write_into_fc()
            tied = None
            model = net
            optimizer = torch.optim.Adam(
                net.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
            )
            schedule = torch.optim.lr_scheduler.LambdaLR(
                optimizer,
                lambda k, s0=epoch * steps: config.lr_factor(s0 + k),  # type: ignore[misc]
            )
        loss_sum = 0.0
        correct = 0
        seen = 0
        for step, (images, labels) in enumerate(pool.batches(epoch), start=1):
            x = to_tensor(images)  # (B, 3, H, W)
            if config.augment:
                x = augment_batch(x, torch.from_numpy(labels), augmenter)
            x = x.to(config.device)
            y = torch.from_numpy(labels).to(config.device)  # (B,)
            logits = model(x)  # (B, classes)
            loss = F.cross_entropy(logits, y, label_smoothing=config.label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            value = float(loss.detach())
            step_losses.append(value)
            right = int((logits.detach().argmax(dim=1) == y).sum())
            loss_sum += value * len(labels)
            correct += right
            seen += len(labels)
            done = epoch * steps + step
            if on_progress is not None:
                elapsed = time.perf_counter() - start
                on_progress(
                    Progress(
                        epoch + 1,
                        config.epochs,
                        step,
                        steps,
                        loss_sum / seen,
                        correct / seen,
                        elapsed,
                        elapsed / done * (total_steps - done),
                        value,
                        right / len(labels),
                    )
                )
            if on_snapshot is not None and snapshot_every > 0 and done % snapshot_every == 0:
                on_snapshot(done, snapshot(net, tied))
            if control is not None:

                def paused(done: int = done, tied: TiedHead | None = tied) -> None:
                    if on_snapshot is not None:  # the weights the run pauses with
                        on_snapshot(done, snapshot(net, tied))

                # Time spent paused is not training time: the clock starts that much later.
                start += control.wait_while_paused(paused)
            if (should_stop is not None and should_stop()) or (control is not None and control.stopped):
                stopped = True
                break
        epoch_losses.append(loss_sum / max(seen, 1))
        epoch_accuracies.append(correct / max(seen, 1))
        epochs_done = epoch + 1
        if stopped:
            break
        if on_epoch is not None:
            if tied is not None:
                tied.write_into_fc()
            on_epoch(epochs_done, net)
    if tied is not None:
        tied.write_into_fc()
    accuracy: float | None = None
    confusion: np.ndarray | None = None
    if config.held_out > 0 and (control is None or control.evaluate or not stopped):
        images, labels = generate_batch(config.held_out_seed, 0, config.held_out, size)
        accuracy, confusion = evaluate(net, images, labels)
    seconds = time.perf_counter() - start
    parameters = snapshot(net)
    return TrainResult(
        parameters=parameters,
        settings=settings,
        config=config,
        epoch_losses=epoch_losses,
        epoch_accuracies=epoch_accuracies,
        held_out_accuracy=accuracy,
        confusion=confusion,
        seconds=seconds,
        epochs_done=epochs_done,
        stopped=stopped,
        step_losses=step_losses,
    )


def confusion_table(confusion: np.ndarray, names: tuple[str, ...] | list[str] = CLASS_NAMES) -> str:
    """The confusion matrix as text: one row per true class, one column per predicted class."""
    short = [
        n.replace("horizontal", "horiz.").replace("vertical", "vert.").replace("diagonal", "diag.")
        for n in names
    ]
    row_width = max(len(s) for s in short)
    col_width = max(4, *(len(str(int(v))) for v in confusion.flat))
    header = " " * row_width + "  " + " ".join(f"{i:>{col_width}}" for i in range(len(names)))
    lines = [tr("rows: true class; columns: predicted class (numbered as the rows)"), header]
    for i, (name, row) in enumerate(zip(short, confusion, strict=True)):
        cells = " ".join(f"{int(v):>{col_width}}" for v in row)
        correct = int(row[i])
        total = int(row.sum())
        share = f"{100 * correct / total:5.1f} %" if total else ""
        lines.append(f"{name:<{row_width}}  {cells}   {i}  {share}")
    return "\n".join(lines)


def save_trained(path: str | Path, result: TrainResult) -> Path:
    """Write the trained weights with the settings and how they were made (atomically)."""
    from cnnviz.core.weights import save_weights

    return save_weights(path, result.parameters, result.settings, metadata=result.metadata())


def class_names_from(metadata: Mapping[str, str]) -> list[str] | None:
    """The class names a weights file records, or None."""
    import json

    text = metadata.get("class_names")
    if not text:
        return None
    try:
        names = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        return names
    return None
