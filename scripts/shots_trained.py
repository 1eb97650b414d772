"""Screenshots of the trained weights in the window (run by scripts/screenshots.py).

A held-out image of the generated data set (the one of a few candidates the
bundled weights classify most surely, so the scenes follow the weights), then:
the filters view beside the maps, conv2's filters per input channel, the class
evidence map in the scores panel, and a reshaped conv2 marked as random.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt

CANDIDATES = ("circle", "star", "ring", "triangle", "cross")


def _held_out_image(folder: Path) -> Path:
    """The candidate the bundled weights give the highest probability for its own class."""
    from cnnviz.core.dataset import CLASS_NAMES, HELD_OUT_SEED, generate
    from cnnviz.core.engine import Engine
    from cnnviz.core.plan import make_plan
    from cnnviz.core.resources import default_weights
    from cnnviz.core.settings import Settings
    from cnnviz.core.weights import read_weights

    engine = Engine("cpu")
    path = default_weights()
    if path is not None:
        engine.use_weights(read_weights(path))
    plan = make_plan(Settings())
    best: tuple[float, Any, str] | None = None
    for name in CANDIDATES:
        label = CLASS_NAMES.index(name)
        for index in range(3):
            sample = generate(HELD_OUT_SEED, index, label=label)
            x = np.moveaxis(sample.pixels.astype(np.float32) / 255.0, -1, 0)
            p = float(engine.run(plan, x).probabilities[label])
            if best is None or p > best[0]:
                best = (p, sample, f"{name.replace(' ', '-')}-held-out-{index}.png")
    assert best is not None
    out = folder / best[2]
    Image.fromarray(best[1].pixels).save(out)
    return out


def run(window: Any, settle: Any, shoot: Any, root: Path) -> None:
    c = window.controller
    c.use_bundled_weights()
    with tempfile.TemporaryDirectory() as folder:
        window.open_image(_held_out_image(Path(folder)), remember=False)
        settle(window)

        # Filters beside their maps: conv1 as colour pictures.
        window.filters_dock.show()
        window.resizeDocks([window.filters_dock], [560], Qt.Orientation.Horizontal)
        settle(window)
        shoot(window, "screenshot-filters.png")
        window.filters_dock.layer_box.setCurrentText("conv2")
        settle(window)
        shoot(window.filters_dock, "screenshot-filters-conv2.png")
        window.filters_dock.hide()

        # Class evidence: Grad-CAM of the top class over the input, in the scores panel.
        panel = window.panels.scores_panel
        panel.evidence_toggle.setChecked(True)
        settle(window)
        window.panels.ensureWidgetVisible(panel)
        shoot(panel, "screenshot-evidence.png")
        panel.evidence_toggle.setChecked(False)

        # A reshaped conv2: re-initialised, marked random in its section and beside the scores.
        window.set_setting("conv2.kernel_size", (5, 5))
        settle(window)
        window.panels.ensureWidgetVisible(panel)
        shoot(window, "screenshot-provenance.png")
        window.set_setting("conv2.kernel_size", (3, 3))
        settle(window)
