"""A training run of the window: :func:`cnnviz.core.train.train` on a background thread, tied to the controller.

The same loop as ``cnnviz train`` runs on a plain Python thread; everything it
reports comes back to the GUI thread through queued Qt signals (no widget is
touched from the thread). The run's history (per-step loss and accuracy, the
steps whose weights the window was given) lives here, not in the panel, so a
language switch — which rebuilds the window around the same controller — finds
the run still going and its curves complete.

Weights go into the window through the controller's ordinary path
(:meth:`Controller.set_weights`), named "weights in training, step N": the maps,
the filters view, the scores and the provenance labels all follow.

While a run is going, the window's network must stay the one being trained:
a settings change that alters it (anything but how the image is fed), or other
weights loaded, stops the run with a message; the last weights stay in use.

States: ``idle`` → ``running`` ⇄ ``paused`` → ``stopping`` → ``finished`` /
``stopped`` / ``failed`` (and ``running`` again on the next start).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

import torch
from PySide6.QtCore import QObject, Qt, Signal

from cnnviz.app.controller import Controller, PlanUpdate
from cnnviz.app.worker import _lower_priority
from cnnviz.core.edits import KernelEdits
from cnnviz.core.engine import resolve_device
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.settings import Settings
from cnnviz.core.train import (
    Progress,
    TrainConfig,
    TrainControl,
    TrainResult,
    train,
    trainable_network,
    training_metadata,
)
from cnnviz.core.weights import WeightsFile, save_weights

log = logging.getLogger(__name__)

TRAINED_BY = "cnnviz window (Train panel)"
# The window's settings that do not change the network being trained (how an image is fed to it).
NOT_TRAINED = ("input.fit", "input.pad")
# With image fit "native" the network's input (and so its fc) follows the image, while
# training draws its images at the input size: such a network is not the one trained.
NATIVE = "native"


def _native_text() -> str:
    return tr(
        "Training draws its images at the input size, but with image fit 'native' the network's shape "
        "follows the image: choose crop, fit or stretch to train."
    )


POINTS_INTERVAL = 0.1  # seconds: the thread hands over its new points at most this often
JOIN_TIMEOUT = 10.0  # seconds a closing window waits for the thread to end its step


@dataclass
class History:
    """What the run has done so far, for the curves and the status line (GUI thread only)."""

    steps: list[int] = field(default_factory=list)  # steps done, 1-based over the whole run
    losses: list[float] = field(default_factory=list)  # the batch loss of each step
    accuracies: list[float] = field(default_factory=list)  # the batch accuracy of each step, 0..1
    shown: list[int] = field(default_factory=list)  # steps whose weights the window was given
    total_steps: int = 0
    last: Progress | None = None
    held_out_accuracy: float | None = None


@dataclass(frozen=True)
class Snapshot:
    """The weights of one step, with what a file needs to say how they were made."""

    step: int
    parameters: dict[str, torch.Tensor]
    settings: Settings
    metadata: dict[str, str]
    paused: bool = False  # the run holds at this step until resumed

    def weights(self) -> WeightsFile:
        return WeightsFile(self.parameters, self.settings, None, self.metadata)


class Trainer(QObject):
    """One training run at a time for a controller; lives as the controller's child."""

    state_changed = Signal(str)
    points_added = Signal()  # the history has new steps
    weights_shown = Signal(int)  # the window now uses the weights of this step

    # from the training thread (queued to the GUI thread)
    _points = Signal(object)  # list[Progress]
    _snapshot = Signal(object)  # Snapshot
    _done = Signal(object)  # TrainResult
    _failed = Signal(object)  # exception

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.setObjectName("trainer")
        self.controller = controller
        self.state = "idle"
        self.history = History()
        self.config: TrainConfig | None = None
        self.settings: Settings | None = None
        self.snapshot_every = 0
        self.latest: Snapshot | None = None  # the newest weights the run has given
        self.held_at: int | None = None  # the step a paused run holds at, once it does
        self.result: TrainResult | None = None
        self._control: TrainControl | None = None
        self._thread: threading.Thread | None = None
        self._given: WeightsFile | None = None  # the weights this run put into the controller
        self._points.connect(self._on_points)
        self._snapshot.connect(self._on_snapshot)
        self._done.connect(self._on_done)
        self._failed.connect(self._on_failed)
        self.watch_controller()

    # Wiring ---------------------------------------------------------------------------------------
    def watch_controller(self) -> None:
        """Follow the controller's settings and weights (again, after a language switch cut every link)."""
        c = self.controller
        for signal, slot in ((c.plan_changed, self._on_plan), (c.weights_changed, self._on_weights)):
            signal.connect(slot, Qt.ConnectionType.UniqueConnection)  # once, however often asked

    @property
    def active(self) -> bool:
        """Whether a thread is training (running, paused or stopping)."""
        return self.state in ("running", "paused", "stopping")

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    # Commands (GUI thread) ------------------------------------------------------------------------
    def start(self, config: TrainConfig, snapshot_every: int) -> bool:
        """Train the network of the window's current settings; False (and a message) if it cannot."""
        if self.active:
            return False
        c = self.controller
        try:
            if not c.valid:
                raise CnnvizError(tr("Fix the settings first: they do not make a network to train."))
            if c.settings["input.fit"] == NATIVE:
                raise CnnvizError(_native_text())
            device, _note = resolve_device(c.device)
            config = replace(config, device=device)
            config.check(c.settings.pair("input.size"))
            trainable_network(c.settings, config.seed)  # a network that cannot be built fails here
        except CnnvizError as exc:
            self._say("error", str(exc))
            return False
        self.controller.message_cleared.emit("training")
        if c.edits:
            # They would be laid over every snapshot, so the maps would not show the weights in training.
            c.set_edits(KernelEdits(), text=tr("Set aside the kernel edits to train"))
            self._say(
                "info",
                tr(
                    "Your kernel edits were set aside: training starts from random weights. Undo brings them back."
                ),
            )
        self.config = config
        self.settings = c.settings
        self.snapshot_every = max(0, snapshot_every)
        self.history = History(total_steps=config.total_steps)
        self.latest = None
        self.held_at = None
        self.result = None
        self._given = None
        self._control = TrainControl()
        self._thread = threading.Thread(
            target=self._run, args=(config, c.settings, self._control), name="cnnviz-train", daemon=True
        )
        self._set_state("running")
        self._thread.start()
        return True

    def pause(self) -> None:
        if self.state == "running" and self._control is not None:
            self._control.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if self.state == "paused" and self._control is not None:
            self.held_at = None
            self._control.resume()
            self._set_state("running")

    def stop(self, reason: str | None = None) -> None:
        """End the run after its current step; the last weights stay in the window."""
        if self.state in ("running", "paused") and self._control is not None:
            self._control.stop()
            self._set_state("stopping")
            if reason:
                self._say("warning", reason)

    def shutdown(self, timeout: float = JOIN_TIMEOUT) -> None:
        """The window closes: stop at once (no held-out evaluation) and wait for the thread."""
        if self._control is not None:
            self._control.stop(evaluate=False)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def save(self, path: str) -> bool:
        """Write the newest weights of the run (atomically) with how they were made."""
        snapshot = self.latest
        if snapshot is None:
            self._say("error", tr("Nothing to save yet: start training first."))
            return False
        try:
            save_weights(path, snapshot.parameters, snapshot.settings, metadata=snapshot.metadata)
        except CnnvizError as exc:
            self._say("error", str(exc))
            return False
        self._say(
            "info",
            tr("Saved the weights of training step {step} to {path}").format(step=snapshot.step, path=path),
        )
        return True

    def _say(self, level: str, text: str) -> None:
        """A message in the window's message bar, under the topic "training"."""
        self.controller.message.emit(level, text, "training")

    # The training thread --------------------------------------------------------------------------
    def _run(self, config: TrainConfig, settings: Settings, control: TrainControl) -> None:
        _lower_priority()  # the window's own thread wins the CPU when both want it
        pending: list[Progress] = []
        last_sent = 0.0
        elapsed = 0.0  # training time so far, pauses left out

        def progress(p: Progress) -> None:
            nonlocal last_sent, elapsed
            elapsed = p.elapsed
            pending.append(p)
            now = time.perf_counter()
            if now - last_sent >= POINTS_INTERVAL or control.paused or control.stopped:
                self._emit(self._points, list(pending))
                pending.clear()
                last_sent = now

        def snapshot(step: int, parameters: dict[str, torch.Tensor]) -> None:
            if pending:  # the curves reach the step the weights belong to
                self._emit(self._points, list(pending))
                pending.clear()
            epochs = step // config.steps_per_epoch  # whole epochs done
            metadata = training_metadata(config, epochs, elapsed, trained_by=TRAINED_BY)
            metadata["steps"] = str(step)
            self._emit(self._snapshot, Snapshot(step, parameters, settings, metadata, control.paused))

        try:
            result = train(
                config,
                settings,
                on_progress=progress,
                control=control,
                on_snapshot=snapshot,
                snapshot_every=self.snapshot_every,
            )
        except Exception as exc:  # a bug or the device failing: reported, never a dead thread
            log.exception("training failed")
            self._emit(self._failed, exc)
            return
        if pending:
            self._emit(self._points, list(pending))
        self._emit(self._done, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window (and this object) is already gone
            signal.emit(value)

    # Back on the GUI thread -----------------------------------------------------------------------
    def _on_points(self, points: list[Progress]) -> None:
        h = self.history
        for p in points:
            h.steps.append(p.done)
            h.losses.append(p.step_loss)
            h.accuracies.append(p.step_accuracy)
        h.last = points[-1]
        self.points_added.emit()

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self.latest = snapshot
        if snapshot.paused and self.state == "paused":
            self.held_at = snapshot.step
        if not self.active or (self._given is not None and self.controller.weights is not self._given):
            return  # on its way when other weights were put in use: those stay
        self._give(snapshot, tr("weights in training, step {step}").format(step=snapshot.step))

    def _give(self, snapshot: Snapshot, name: str) -> None:
        weights = snapshot.weights()
        self._given = weights
        self.controller.set_weights(weights, name=name)
        if not self.history.shown or self.history.shown[-1] != snapshot.step:
            self.history.shown.append(snapshot.step)
        self.weights_shown.emit(snapshot.step)

    def _on_done(self, result: TrainResult) -> None:
        self.result = result
        self._thread = None
        h = self.history
        h.held_out_accuracy = result.held_out_accuracy
        step = h.steps[-1] if h.steps else 0
        assert self.config is not None and self.settings is not None
        metadata = result.metadata() | {"trained_by": TRAINED_BY, "steps": str(step)}
        final = Snapshot(step, result.parameters, self.settings, metadata)
        self.latest = final
        if self.controller.weights is self._given:
            self._give(final, tr("trained in the window, {steps} steps").format(steps=step))
        self._set_state("stopped" if result.stopped else "finished")

    def _on_failed(self, exc: BaseException) -> None:
        self._thread = None
        text = str(exc) if isinstance(exc, CnnvizError) else f"{type(exc).__name__}: {str(exc)[:200]}"
        self._set_state("failed")
        self._say("error", tr("Training failed ({text}). The last weights stay in use.").format(text=text))

    def _on_plan(self, update: PlanUpdate) -> None:
        trained = self.settings
        if not self.active or trained is None or self.state == "stopping":
            return
        keep = {key: trained[key] for key in NOT_TRAINED}
        if update.settings["input.fit"] == NATIVE:
            self.stop(_native_text())
        elif update.settings.replace(keep) != trained:
            self.stop(
                tr(
                    "Training stopped: the settings changed the network being trained. The weights of "
                    "step {step} stay in use where they fit; start again to train the new network."
                ).format(step=self.latest.step if self.latest is not None else 0)
            )

    def _on_weights(self, _name: str) -> None:
        if self.active and self.state != "stopping" and self.controller.weights is not self._given:
            self.stop(tr("Training stopped: other weights were put in use."))


def trainer_for(controller: Controller) -> Trainer:
    """The controller's trainer: the one a window before a language switch made, or a new one."""
    trainer = controller.findChild(Trainer, "trainer")
    if trainer is None:
        return Trainer(controller)
    trainer.watch_controller()
    return trainer
