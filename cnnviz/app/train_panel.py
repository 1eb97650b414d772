"""The Train panel (View › Train, Ctrl+T): watch the network of the current settings learn.

A dock over the window's :class:`~cnnviz.app.training.Trainer`: the run's
numbers (with ``cnnviz train``'s options, a quicker run by default), Start /
Pause / Resume / Stop / Save Weights…, a progress bar, a status line and the
live curves (:mod:`.train_curves`). The run itself, its history and the link to
the controller live in the trainer, so this panel can be rebuilt (a language
switch) while a run goes on. While a run is going its options are locked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app.controller import Controller
from cnnviz.app.train_curves import TrainCurves
from cnnviz.app.training import Trainer, trainer_for
from cnnviz.core.dataset import CLASS_NAMES
from cnnviz.core.i18n import tr
from cnnviz.core.text import clock, printable
from cnnviz.core.train_config import TrainConfig

# A run that shows learning in a couple of minutes on a CPU at the textbook's 256×256
# input. Measured on the shared 2-core development machine: 0.5–0.7 s per step of 16
# images, so these 200 steps take about 1.7–2.5 minutes; the loss was below ln 10
# (guessing) after ~40 steps and near 2.1 after 100 (measured with batch 16 and lr 1e-3, kept
# here; the rest, such as the one-cycle schedule and the augmentation, as cnnviz train has it).
# cnnviz train's defaults are 10 epochs over 6000 kept images (docs/training.md).
QUICK = TrainConfig(epochs=2, images_per_epoch=1600, batch_size=16, learning_rate=1e-3, held_out=200)
CLI = TrainConfig()
# Steps between two updates of the window's maps. Each update computes the maps once
# (~0.1 s for the textbook network), small beside 40 steps of training; with 200 a
# quick run would show its learning only once.
QUICK_UPDATE_EVERY = 40
CLI_UPDATE_EVERY = 200


class TrainDock(QDockWidget):
    """The Train panel; ``trainer`` does the work, this shows it and takes the commands."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(tr("Train"), parent)
        self.setObjectName("dock:train")
        self.controller = controller
        self.trainer: Trainer = trainer_for(controller)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        intro = QLabel(
            tr(
                "Trains the network of the current settings on cnnviz's generated shapes (ten classes), "
                "with the same loop as 'cnnviz train'. Every few steps the window's maps, filters and "
                "scores are computed again with the weights as they are."
            )
        )
        intro.setWordWrap(True)
        intro.setProperty("muted", True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.epochs = self._spin("train-epochs", 1, 1000, 1)
        self.images = self._spin("train-images", 1, 10_000_000, 500)
        self.batch = self._spin("train-batch", 1, 4096, 1)
        self.update_every = self._spin("train-update-every", 1, 1_000_000, 10)
        self.held_out = self._spin("train-held-out", 0, 1_000_000, 100)
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setObjectName("train-lr")
        self.learning_rate.setDecimals(5)
        self.learning_rate.setRange(0.00001, 1.0)
        self.learning_rate.setSingleStep(0.0005)
        fields = [
            (tr("epochs"), self.epochs, tr("passes, each over fresh images")),
            (tr("images per epoch"), self.images, tr("images drawn for each epoch")),
            (tr("batch size"), self.batch, tr("images per training step")),
            (tr("learning rate"), self.learning_rate, tr("Adam's learning rate, decayed to 0 over the run")),
            (
                tr("update the window every"),
                self.update_every,
                tr("training steps between two updates of the maps, filters and scores"),
            ),
            (
                tr("held-out images"),
                self.held_out,
                tr("images never trained on, classified at the end to measure the accuracy"),
            ),
        ]
        for i, (label, box, tip) in enumerate(fields):
            row, col = divmod(i, 2)
            name = QLabel(label)
            name.setToolTip(tip)
            box.setToolTip(tip)
            name.setBuddy(box)
            grid.addWidget(name, row, 2 * col)
            grid.addWidget(box, row, 2 * col + 1)
        self.update_every.setSuffix(tr(" steps"))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        presets = QHBoxLayout()
        self.quick_button = QPushButton(tr("Quick Run"))
        self.quick_button.setObjectName("train-quick")
        self.quick_button.setToolTip(tr("a short run that shows learning in a few minutes"))
        self.cli_button = QPushButton(tr("As 'cnnviz train'"))
        self.cli_button.setObjectName("train-cli-defaults")
        self.cli_button.setToolTip(tr("the command line's defaults (a longer run)"))
        presets.addWidget(QLabel(tr("Options:")))
        presets.addWidget(self.quick_button)
        presets.addWidget(self.cli_button)
        presets.addStretch(1)
        layout.addLayout(presets)

        buttons = QHBoxLayout()
        self.start_button = QPushButton(tr("Start"))
        self.pause_button = QPushButton(tr("Pause"))
        self.resume_button = QPushButton(tr("Resume"))
        self.stop_button = QPushButton(tr("Stop"))
        self.save_button = QPushButton(tr("Save Weights…"))
        for button, object_name in (
            (self.start_button, "train-start"),
            (self.pause_button, "train-pause"),
            (self.resume_button, "train-resume"),
            (self.stop_button, "train-stop"),
            (self.save_button, "train-save"),
        ):
            button.setObjectName(object_name)
            buttons.addWidget(button)
        buttons.insertStretch(4, 1)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setObjectName("train-progress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("train-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.curves = TrainCurves()
        layout.addWidget(self.curves, 1)
        self.setWidget(body)

        self.quick_button.clicked.connect(lambda: self.use_options(QUICK, QUICK_UPDATE_EVERY))
        self.cli_button.clicked.connect(lambda: self.use_options(CLI, CLI_UPDATE_EVERY))
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.trainer.pause)
        self.resume_button.clicked.connect(self.trainer.resume)
        self.stop_button.clicked.connect(lambda: self.trainer.stop())
        self.save_button.clicked.connect(self.save_dialog)
        self.trainer.state_changed.connect(self._on_state)
        self.trainer.points_added.connect(self._show_history)
        self.trainer.weights_shown.connect(self._show_status)
        if self.trainer.config is not None:  # a run (going or done) from before a language switch
            self.use_options(self.trainer.config, self.trainer.snapshot_every)
        else:
            self.use_options(QUICK, QUICK_UPDATE_EVERY)
        self._on_state(self.trainer.state)
        self._show_history()

    @staticmethod
    def _spin(name: str, low: int, high: int, step: int) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setGroupSeparatorShown(True)
        return box

    # Options ----------------------------------------------------------------------------------------
    def use_options(self, config: TrainConfig, update_every: int) -> None:
        self.epochs.setValue(config.epochs)
        self.images.setValue(config.images_per_epoch)
        self.batch.setValue(config.batch_size)
        self.learning_rate.setValue(config.learning_rate)
        self.held_out.setValue(config.held_out)
        self.update_every.setValue(max(1, update_every))

    def options(self) -> TrainConfig:
        """The run the panel's fields describe (the rest as ``cnnviz train`` has it)."""
        return TrainConfig(
            epochs=self.epochs.value(),
            images_per_epoch=self.images.value(),
            batch_size=self.batch.value(),
            learning_rate=self.learning_rate.value(),
            held_out=self.held_out.value(),
        )

    # Commands ---------------------------------------------------------------------------------------
    def start(self) -> bool:
        return self.trainer.start(self.options(), self.update_every.value())

    def save_dialog(self) -> None:
        directory = Path(getattr(self.parent(), "last_dir", str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save Trained Weights"),
            str(directory / "trained.safetensors"),
            tr("safetensors (*.safetensors);;PyTorch weights (*.pt)"),
        )  # the dialog asks before replacing a file
        if path:
            if not Path(path).suffix:
                path += ".safetensors"
            self.trainer.save(path)

    def shutdown(self) -> None:
        """The window closes: the run stops at once and its thread ends."""
        self.trainer.shutdown()

    # Showing ----------------------------------------------------------------------------------------
    def _on_state(self, state: str) -> None:
        active = self.trainer.active
        for box in (
            self.epochs,
            self.images,
            self.batch,
            self.learning_rate,
            self.update_every,
            self.held_out,
        ):
            box.setEnabled(not active)
        self.quick_button.setEnabled(not active)
        self.cli_button.setEnabled(not active)
        self.start_button.setEnabled(not active)
        self.start_button.setText(
            tr("Start") if self.trainer.history.steps == [] or active else tr("Start Again")
        )
        self.pause_button.setEnabled(state == "running")
        self.resume_button.setEnabled(state == "paused")
        self.stop_button.setEnabled(state in ("running", "paused"))
        self.save_button.setEnabled(self.trainer.latest is not None and state != "stopping")
        self._show_history()

    def _show_history(self) -> None:
        h = self.trainer.history
        self.curves.set_history(
            h.steps,
            h.losses,
            h.accuracies,
            shown=h.shown,
            total_steps=h.total_steps,
            held_out=h.held_out_accuracy,
            classes=len(CLASS_NAMES),
        )
        self.progress.setMaximum(max(1, h.total_steps))
        self.progress.setValue(h.steps[-1] if h.steps else 0)
        self._show_status()

    def _show_status(self, _step: int = 0) -> None:
        self.save_button.setEnabled(self.trainer.latest is not None and self.trainer.state != "stopping")
        self.status.setText(self.status_text())

    def status_text(self) -> str:
        """One or two lines: where the run is and which weights the window shows."""
        t = self.trainer
        h = t.history
        state = t.state
        if state == "idle":
            size = self.controller.settings.pair("input.size")
            return tr(
                "Ready: Start trains the network of the current settings ({h}×{w} input) from random weights."
            ).format(h=size[0], w=size[1])
        p = h.last
        shown = tr("the window shows step {step}").format(step=h.shown[-1]) if h.shown else ""
        if state == "failed":
            return tr("Training failed; the message above says why.")
        if state in ("finished", "stopped"):
            steps = h.steps[-1] if h.steps else 0
            result = t.result
            seconds = result.seconds if result is not None else 0.0
            text = (
                tr("Finished: {steps} steps in {time}.")
                if state == "finished"
                else tr("Stopped at step {steps} ({time} of training).")
            ).format(steps=steps, time=clock(seconds))
            if h.held_out_accuracy is not None and t.config is not None:
                text += " " + tr(
                    "Held-out accuracy: {acc:.1f} % on {n} images it never trained on (guessing: 10 %)."
                ).format(acc=100 * h.held_out_accuracy, n=t.config.held_out)
            return text + " " + tr("The window uses these weights; Save Weights… keeps them.")
        if p is None:
            return tr("Starting: drawing the first images…")
        where = tr(
            "epoch {epoch}/{epochs} · step {step}/{steps} · loss {loss:.3f} · accuracy {acc:.0f} % (this epoch)"
        ).format(
            epoch=p.epoch,
            epochs=p.epochs,
            step=p.done,
            steps=h.total_steps,
            loss=p.loss,
            acc=100 * p.accuracy,
        )
        if state == "paused":
            if t.held_at is None:
                return where + "\n" + tr("Pausing after this step…")
            held = tr(
                "Paused at step {step}: the window shows these weights; Resume goes on, Save Weights… keeps them."
            )
            return where + "\n" + held.format(step=t.held_at)
        if state == "stopping":
            more = (
                tr("Stopping: measuring the held-out accuracy…")
                if t.config is not None and t.config.held_out
                else tr("Stopping…")
            )
            return where + "\n" + more
        left = tr("{time} left").format(time=clock(p.remaining))
        return where + "\n" + " · ".join(part for part in (left, printable(shown)) if part)
