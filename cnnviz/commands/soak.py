"""``cnnviz soak``: drive the real window with random changes and check every update.

Random setting changes (typed through the sidebar's parser, as a person would),
image swaps, weights saved and loaded back, and device switches, for a number
of minutes or updates. After every update whose settings are valid it checks
that the maps the panels show equal a fresh computation: a new
:class:`~cnnviz.core.engine.Engine` (no cache, no reuse) with the same weights,
run on the same input. Each minute (and at the end) it prints the updates
done, mismatches, errors and the resident memory, e.g.::

    cnnviz soak --minutes 30
    minute 1: 412 updates (388 checked), 0 mismatches, 0 errors, RSS 402 MB
    ...

Exit status 0 when nothing mismatched and nothing unexpected failed, 1
otherwise (it is a test). The README records the last long run.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from cnnviz.core.i18n import tr

NAME = "soak"
# Settings changes stay in a range that keeps one update well under a second on
# a laptop CPU, so a soak does many of them.
SMALL = {
    "input.size": (8, 160),
    "out_channels": (1, 24),
    "kernel_size": (1, 7),
    "stride": (1, 3),
    "padding": (0, 4),
    "dilation": (1, 3),
    "groups": (1, 4),
    "blocks": (1, 3),
    "pool_kernel": (1, 4),
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        NAME,
        help=tr("drive the window with random changes and check every update against a fresh computation"),
    )
    p.add_argument("--minutes", type=float, default=None, help=tr("how long to run (default: 1)"))
    p.add_argument("--updates", type=int, default=None, help=tr("stop after this many updates instead"))
    p.add_argument("--seed", type=int, default=0, help=tr("random seed (the same seed, the same changes)"))
    p.add_argument("--quiet", action="store_true", help=tr("print only the final line"))
    p.set_defaults(func=run)
    return p


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def random_text(rng: random.Random, key: str, row: Any) -> str:
    """A value for ``key`` as a person might type it (sometimes a wrong one)."""
    from cnnviz.core.settings import Kind

    if rng.random() < 0.05:
        return rng.choice(["0", "-1", "1.5", "abc", "3,5,7", "", " 2 ", "９"])
    if row.kind == Kind.CHOICE:
        return rng.choice(list(row.choices))
    if row.kind == Kind.BOOL:
        return rng.choice(["true", "false"])
    field = key.split(".")[-1]
    if key == "input.size":
        lo, hi = SMALL["input.size"]
    elif key == "blocks":
        lo, hi = SMALL["blocks"]
    elif key.startswith("pool") and field in ("kernel_size", "stride"):
        lo, hi = SMALL["pool_kernel"]
    else:
        lo, hi = SMALL.get(field, (0, 3))
    optional = key.endswith("divisor_override") or (key.startswith("pool") and field == "stride")
    if optional and rng.random() < 0.3:
        return "none"
    value = rng.randint(lo, hi)
    if key == "input.size" and rng.random() < 0.3:
        return f"{value}x{rng.randint(lo, hi)}"
    if field in ("kernel_size", "stride", "padding", "dilation") and rng.random() < 0.2:
        return f"{value},{rng.randint(lo, hi)}"
    return str(value)


class Soak:
    """The window, a random source of changes and the checks."""

    def __init__(self, seed: int) -> None:
        from cnnviz.app.main_window import MainWindow
        from cnnviz.core.images import image_from_array, load_image
        from cnnviz.core.resources import sample_images

        self.rng = random.Random(seed)
        self.window = MainWindow(device="cpu")
        self.window.resize(1200, 800)
        self.window.show()
        self.images = [load_image(p) for p in sample_images()]
        noise = np.random.default_rng(seed).random((97, 131, 3), dtype=np.float32)
        self.images.append(image_from_array((noise * 255).astype(np.uint8), name="noise"))
        self.folder = Path(tempfile.mkdtemp(prefix="cnnviz-soak-"))
        self.updates = self.checked = self.mismatches = self.errors = 0
        self.problems: list[str] = []
        self.window.controller.message.connect(self._on_message)

    def _on_message(self, level: str, text: str, topic: str) -> None:
        if level == "error" and topic == "compute" and "Something went wrong" in text:
            self.errors += 1
            self.problems.append(text)

    def step(self) -> None:
        """One random action, then wait for the window to show its result and check it."""
        from cnnviz.core.settings import TABLE

        c = self.window.controller
        roll = self.rng.random()
        if roll < 0.04:
            c.set_image(self.rng.choice(self.images))
        elif roll < 0.06 and c.last_response is not None:
            path = self.folder / "weights.safetensors"
            if c.save_weights(path):
                c.load_weights(path)
        elif roll < 0.08:
            c.set_device(self.rng.choice(["cpu", "auto"]))
        elif roll < 0.10:
            c.reset()
        elif roll < 0.13 and c.undo_stack.canUndo():
            c.undo_stack.undo()
        else:
            active = c.settings.active_keys()
            key = self.rng.choice(list(active))
            c.set_text(key, random_text(self.rng, key, TABLE[key]))
        self._wait()
        self.updates += 1
        self._check()
        if not c.valid and self.rng.random() < 0.7:
            # Most random values make a network that cannot be computed; step back
            # (as a learner would, with Ctrl+Z) so most updates compute maps to check.
            if c.value_problems:
                c.set_settings(c.settings)
            elif c.undo_stack.canUndo():
                c.undo_stack.undo()
            self._wait()
            self.updates += 1
            self._check()

    def _wait(self, timeout: float = 60.0) -> None:
        from PySide6.QtCore import QCoreApplication, QEventLoop

        c = self.window.controller
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            done = c.latest_request_id == c.shown_request_id or c.latest_failed
            if done and c.worker.is_idle():
                QCoreApplication.processEvents()
                return
            time.sleep(0.002)
        self.errors += 1
        self.problems.append("an update did not finish within a minute")

    def _check(self) -> None:
        """The panels must show exactly what a fresh engine computes for the current settings."""
        import torch

        from cnnviz.core.engine import Engine
        from cnnviz.core.weights import WeightsFile

        c = self.window.controller
        response = c.last_response
        if response is None or not c.is_current(response):
            return
        result = response.result
        fresh = Engine("cpu", threads=1)
        fresh.use_weights(
            WeightsFile({k: torch.from_numpy(v.copy()) for k, v in result.weights.items()}, None)
        )
        expected = fresh.run(response.request.plan, np.array(result.input))
        self.checked += 1
        for panel in self.window.panels.stage_panels():
            image = panel.image
            if image is None or panel.stale:
                continue
            want = expected.stages.get(panel.stage)
            if (
                want is None
                or want.shape != image.source.shape
                or not np.allclose(image.source, want, rtol=1e-4, atol=1e-5)
            ):
                self.mismatches += 1
                self.problems.append(f"{panel.stage} differs from a fresh computation with {c.settings}")
                return

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()


def run(args: argparse.Namespace) -> int:
    import shutil

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["cnnviz-soak"])
    minutes = args.minutes if args.minutes is not None else (None if args.updates else 1.0)
    soak = Soak(args.seed)
    start = time.monotonic()
    next_report = start + 60
    minute = 0

    def line(prefix: str) -> str:
        return tr(
            "{prefix}: {n} updates ({checked} checked), {bad} mismatches, {errors} errors, RSS {rss:.0f} MB"
        ).format(
            prefix=prefix,
            n=soak.updates,
            checked=soak.checked,
            bad=soak.mismatches,
            errors=soak.errors,
            rss=_rss_mb(),
        )

    try:
        while True:
            if args.updates is not None and soak.updates >= args.updates:
                break
            if minutes is not None and time.monotonic() - start >= minutes * 60:
                break
            soak.step()
            if time.monotonic() >= next_report:
                minute += 1
                next_report += 60
                if not args.quiet:
                    print(line(tr("minute {m}").format(m=minute)), flush=True)
    finally:
        soak.close()
        app.processEvents()
        shutil.rmtree(soak.folder, ignore_errors=True)
    print(line(tr("done in {s:.0f} s").format(s=time.monotonic() - start)), flush=True)
    for problem in soak.problems[:10]:
        print("  " + problem, flush=True)
    return 0 if soak.mismatches == 0 and soak.errors == 0 else 1
