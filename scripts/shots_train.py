"""Screenshot of the Train panel mid-training (run by scripts/screenshots.py).

The window trains its own network from random weights on a generated image's
kind of data, and the picture is taken while the run goes on: the curves show
the loss falling from ln 10, the maps and scores are those of the weights the
window was last given. The input is 128×128 (not the textbook's 256×256) so
that a few hundred steps take well under a minute on a laptop's CPU.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QEventLoop, Qt, QTimer

SIZE = 128
STEPS_BEFORE_SHOT = 360
UPDATE_EVERY = 40


def _wait(predicate: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("the training run did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(100, loop.quit)
        loop.exec()


def run(window: Any, settle: Any, shoot: Any, root: Path) -> None:
    from cnnviz.core.dataset import CLASS_NAMES, HELD_OUT_SEED, generate
    from cnnviz.core.train_config import TrainConfig

    dock = window.train_dock
    trainer = dock.trainer
    with tempfile.TemporaryDirectory() as folder:
        # A held-out picture of a class the network learns early (stripes), drawn at the input size.
        sample = generate(HELD_OUT_SEED, 0, label=CLASS_NAMES.index("vertical stripes"), size=(SIZE, SIZE))
        path = Path(folder) / "vertical-stripes-held-out-0.png"
        Image.fromarray(sample.pixels).save(path)
        window.open_image(path, remember=False)
        window.set_setting("input.size", (SIZE, SIZE))
        settle(window)

        dock.show()
        window.resizeDocks([dock], [620], Qt.Orientation.Horizontal)
        dock.use_options(TrainConfig(epochs=2, images_per_epoch=4000, held_out=200), UPDATE_EVERY)
        dock.start()
        _wait(lambda: trainer.history.steps and trainer.history.steps[-1] >= STEPS_BEFORE_SHOT, 600)
        _wait(
            lambda: trainer.history.shown and trainer.history.shown[-1] >= STEPS_BEFORE_SHOT - UPDATE_EVERY,
            60,
        )
        settle(window)
        shoot(window, "screenshot-train.png")
        trainer.stop()
        _wait(lambda: not trainer.active, 120)
        settle(window)
        dock.hide()
