"""``cnnviz bench``: how close a live update is to the bare forward pass.

Every row of the table is measured in a process of its own: ``cnnviz bench``
starts ``python -m cnnviz bench --row LABEL --json ...`` for each row, one after
the other, reads the row's JSON from that child's standard output and puts the
rows together. So no row runs on caches, allocator pools, JIT-compiled kernels
or tiles left warm by the row before it. A child that fails is named with the
last line it wrote on stderr; the other rows are still measured and the command
exits nonzero. Each row carries the ``pid`` of the process that measured it.

In its process, on the same image and settings, a row measures:

1. the bare forward pass, like for like with the update's: torch only, but the
   very network the window's plan describes (same settings, same seeded
   weights), the very input tensor the worker prepared, every stage in order and
   kept (as the engine keeps them), on a thread with the worker's priority and
   the same torch thread count;
2. cnnviz's full update: conv1's padding mode changed through the real window's
   control (the first layer changes, so every stage is computed again), the
   worker, every panel's tiles rebuilt and painted, until the window's
   ``rendered`` signal (its latency is what is reported), and the time to the
   first stage handed to its panel (progressive painting; a fast update shows
   all its stages at once with its response, and then has no such time);
3. the way tutorials look at feature maps: a matplotlib figure per stage with an
   ``imshow`` subplot per channel, drawn to a buffer (not for the heavy rows).

Rows: the sizes asked for (256, 512 and 1024 by default), and with ``--heavy``
two rows that are measured but are not targets: conv1 stride 1 at 1024×1024
(four times the maps) and five blocks of 128 channels each at 256×256. Heavy
rows repeat fewer times.

The rows at 256 and 1024 (or, when neither is measured, the first row) then
run, in the same process, a stream of setting changes at 60 per second (as from
a dragged slider): the gaps between two turns of the GUI event loop (a 1 ms
timer's lateness: median, p99, longest), how many updates were rendered and how
many requests were dropped as stale, and the time from the last change to its
result on screen, judged against that size's bare forward pass plus two frames.
Prints a table (``--json`` for machines). Runs offscreen.

Before the like-for-like forward the two columns did not measure the same work:
the bare pass ran the textbook network on the image *fitted and padded*, while
the window feeds it *cropped* (``input.fit`` defaults to crop), with conv1's
padding mode fixed at zeros while the update alternated zeros and replicate,
on the GUI thread rather than the worker's, and dropping each stage as it went
instead of keeping all of them. So an update could come out "faster" than its
own forward pass.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr

HEAVY_SIZE = 1024

# The heavy rows: label suffix -> the settings changed (through the window) before measuring.
# Every key is set in this order; ``blocks`` first, so the later blocks' controls are shown.
HEAVY_VARIANTS: dict[str, dict[str, Any]] = {
    "s1": {"conv1.stride": 1},  # conv1 stride 1: four times the maps
    "5x128": {"blocks": 5, **{f"conv{b}.out_channels": 128 for b in range(1, 6)}},
}
HEAVY_ROWS = (f"{HEAVY_SIZE}-s1", "256-5x128")
STREAM_SIZES = (256, 1024)  # the slider stream runs at these sizes (when they are measured)

TARGETS = {
    "update_median_ms_256": 15.0,
    "update_over_forward_256": 4.0,
    "update_median_ms_1024": 120.0,
    "mpl_over_update_256": 100.0,
    "event_loop_gap_ms": 25.0,
    "last_change_ms_256": 50.0,
    # issue 14: at every stream size, every row
    "stream_longest_gap_ms": 16.0,
    "stream_p99_gap_ms": 10.0,
    "frame_ms": 16.7,
    "last_change_frames": 2,  # last change shown within the bare forward + this many frames
    "first_stage_ms": 100.0,  # median, every row (heavy rows too)
}


def heavy_repeats(repeats: int) -> int:
    """Heavy rows repeat fewer times: they are measured, not targets."""
    return min(repeats, max(3, repeats // 5))


def row_spec(label: str) -> tuple[int, dict[str, Any]]:
    """``"256"`` -> (256, {}); ``"1024-s1"`` -> (1024, {"conv1.stride": 1}); likewise ``"256-5x128"``."""
    size_text, _, variant = label.partition("-")
    if not size_text.isdigit() or (variant and variant not in HEAVY_VARIANTS):
        raise CnnvizError(tr("no such benchmark row: {row}").format(row=label), subject="bench")
    return int(size_text), dict(HEAVY_VARIANTS.get(variant, {}))


def row_name(label: str) -> str:
    """``"1024-s1"`` -> ``"1024×1024 s1"``, ``"256-5x128"`` -> ``"256×256 5×128"``."""
    size_text, _, variant = label.partition("-")
    name = f"{size_text}×{size_text}"
    return f"{name} {variant.replace('x', '×')}" if variant else name


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "n": len(ordered)}


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def _machine() -> dict[str, Any]:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "platform": platform.platform(),
    }


# --------------------------------------------------------------------------
# 1. bare forward pass
# --------------------------------------------------------------------------


class BareForward:
    """The forward pass an update runs, torch only: same network, input, thread settings and stages.

    ``plan`` is the window's plan and ``input_array`` the worker's prepared input
    for it. The network is built from the plan with the engine's seeded weights;
    each stage's output is kept and viewed as a numpy array, as the engine does;
    it runs on a thread with the worker's priority. ``once()`` returns ms.
    """

    _thread: Any = None  # one executor for all, like the app's one worker thread

    def __init__(self, plan: Any, input_array: Any, threads: int = 1) -> None:
        import numpy as np
        import torch

        from cnnviz.core.network import build_network

        self.threads = threads  # the worker's choice for this network (core.engine.ThreadChoice)
        self.net = build_network(plan.spec, plan.report)
        self.x = torch.from_numpy(np.array(input_array, dtype=np.float32, copy=True))[None]
        self.stages = len(self.net.stage_modules())
        for _ in range(3):
            self.once()

    @classmethod
    def _executor(cls) -> Any:
        if cls._thread is None:
            from concurrent.futures import ThreadPoolExecutor

            from cnnviz.app.worker import _lower_priority

            cls._thread = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="bench-forward", initializer=_lower_priority
            )
        return cls._thread

    def _run(self) -> float:
        import torch

        from cnnviz.core.engine import configure_threads

        if torch.get_num_threads() != self.threads:
            configure_threads(self.threads)
        kept: list[Any] = []
        with torch.inference_mode():
            start = time.perf_counter()
            x = self.x
            for _, module in self.net.stage_modules():
                x = module(x)
                kept.append(x[0].numpy())
            elapsed = (time.perf_counter() - start) * 1000
        del kept
        return elapsed

    def once(self) -> float:
        return float(self._executor().submit(self._run).result())


# --------------------------------------------------------------------------
# 2. cnnviz's full update through the window
# --------------------------------------------------------------------------


class _WindowBench:
    def __init__(self, image_path: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from cnnviz.app import MainWindow

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.window = MainWindow(image=image_path, device="cpu")
        self.window.show()
        self.latencies: list[float] = []
        self.window.rendered.connect(self.latencies.append)
        self.first_stage: dict[int, float] = {}  # request id -> ms from the change to its first stage shown
        self.window.stage_batch.shown.connect(self._on_stages)
        self._wait_idle(30)

    def _on_stages(self, batch: list[tuple[Any, Any]]) -> None:
        # Emitted once the panels hold the batch's stages (painted at the next turn of the loop).
        for request, _image in batch:
            self.first_stage.setdefault(request.id, (time.perf_counter() - request.started) * 1000)

    def forward(self) -> BareForward:
        """The bare forward pass of what the window shows now (call when idle)."""
        c = self.window.controller
        return BareForward(c.plan, c.worker._input, c.worker.threads.threads_for(c.plan.spec))

    def _done(self) -> bool:
        c = self.window.controller
        return (
            c.last_response is not None
            and c.last_response.request.id == c.latest_request_id
            and self.window.rendered_id == c.latest_request_id  # painted, not only received
            and c.worker.is_idle()
        )

    def _wait_idle(self, timeout: float) -> None:
        """Run the real event loop (as the app does) until the newest change is shown."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        check = QTimer()
        check.setInterval(2)
        check.timeout.connect(lambda: loop.quit() if self._done() else None)
        self.window.rendered.connect(loop.quit)
        deadline = time.perf_counter() + timeout
        check.start()
        try:
            while not self._done():
                if time.perf_counter() > deadline:
                    raise RuntimeError("the window did not finish an update in time")
                loop.exec()
        finally:
            check.stop()
            self.window.rendered.disconnect(loop.quit)

    def change(self, key: str, value: Any) -> float:
        """Change a setting through its widget and return the rendered latency."""
        from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QSpinBox, QWidget

        from cnnviz.core.settings import setting

        if self.window.controller.settings[key] == setting(key).check(value):
            return self.latencies[-1] if self.latencies else 0.0
        before = len(self.latencies)
        widget = self.window.findChild(QWidget, key)
        if widget is None or not widget.isVisibleTo(self.window):
            # No control for it on screen now (a block beyond ``blocks``): as a script would.
            self.window.set_setting(key, value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(str(value))
        elif isinstance(widget, QAbstractSpinBox):
            widget.lineEdit().setText(str(value))
        else:
            raise ValueError(key)
        self._wait_idle(60)
        if self.window.controller.settings[key] != setting(key).check(value):
            raise RuntimeError(f"{key} did not become {value}")
        if len(self.latencies) == before:
            raise RuntimeError(f"changing {key} did not render")
        return self.latencies[-1]

    def measure(self, size: int, repeats: int, settings: dict[str, Any] | None = None) -> dict[str, Any]:
        """Bare forward passes and full updates, interleaved so both see the same machine.

        ``settings`` (a heavy row's) are changed first, through their controls.
        The update toggles conv1's padding mode (zeros/replicate): the first
        layer changes, so every stage is computed and drawn again. Before each
        update, the bare forward pass of the very network that update will run.
        """
        self.change("input.size", size)
        for key, value in (settings or {}).items():
            self.change(key, value)
        modes = ["replicate", "zeros"]
        forwards_by_mode: dict[str, BareForward] = {}
        for mode in modes:
            self.change("conv1.padding_mode", mode)
            forwards_by_mode[mode] = self.forward()
        for i in range(2):  # warm up the new size
            self.change("conv1.padding_mode", modes[i % 2])
        hot = forwards_by_mode[modes[0]]
        forward_hot = [hot.once() for _ in range(repeats)]
        updates, forwards, firsts, in_app = [], [], [], []
        for i in range(repeats):
            forwards.append(forwards_by_mode[modes[i % 2]].once())
            updates.append(self.change("conv1.padding_mode", modes[i % 2]))
            c = self.window.controller
            # A fast update shows its first stage with its response (nothing was shown early).
            firsts.append(min(self.first_stage.get(c.latest_request_id, updates[-1]), updates[-1]))
            in_app.append(c.last_response.timings.get("forward", 0.0))
        timings = self.window.controller.last_response.timings
        update = {
            **_stats(updates),
            "first_stage_ms": _stats(firsts),
            "forward_in_app_ms": statistics.median(in_app),
            "tiles_ms": timings.get("tiles", 0.0),
        }
        return {
            "forward_hot_ms": _stats(forward_hot),
            "forward_ms": _stats(forwards),
            "update_ms": update,
            "stages": hot.stages,
        }

    def stream(self, changes: int, rate: float) -> dict[str, float]:
        """Changes at ``rate`` per second while a 1 ms timer measures the event loop."""
        # The input-size slider in the sidebar, dragged one step at a time
        # away from the start size and back.
        from PySide6.QtCore import QEventLoop, QSignalBlocker, Qt, QTimer
        from PySide6.QtWidgets import QSlider

        slider = self.window.findChild(QSlider, "slider:input.size")
        # The size was typed into the spin box, which does not move the slider (the sidebar
        # echoes a setting only to controls that show another value): put the slider where
        # the size is, without a change, as a hand would find it.
        start_size = max(self.window.controller.settings["input.size"])
        with QSignalBlocker(slider):
            slider.setValue(start_size)
        if slider.value() != start_size:
            raise RuntimeError(f"the input-size slider cannot show {start_size}")
        ticks: list[float] = []
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(1)
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
        half = changes // 2
        # Upwards, or downwards where up would run past the slider's end (at 1024 it ends
        # there): a value the slider clamps would change nothing.
        step = 8 if start_size + 8 * half <= slider.maximum() else -8
        values = [start_size + step * (i + 1) for i in range(half)]
        values += [start_size + step * (half - i - 1) for i in range(changes - half)]
        state = {"sent": 0, "last_change_at": 0.0, "last_id": -1, "shown_at": None}
        renders_before = len(self.latencies)
        dropped_before = self.window.controller.worker.dropped
        loop = QEventLoop()
        driver = QTimer()
        driver.setTimerType(Qt.TimerType.PreciseTimer)
        driver.setInterval(round(1000 / rate))

        def step() -> None:
            if state["sent"] < changes:
                slider.setValue(values[state["sent"]])
                state["sent"] += 1
                state["last_change_at"] = time.perf_counter()
                if state["sent"] == changes:
                    state["last_id"] = self.window.controller.latest_request_id
                    driver.stop()

        def shown(_: float) -> None:
            if state["last_id"] > 0 and self.window.rendered_id >= state["last_id"]:
                state["shown_at"] = time.perf_counter()
                loop.quit()

        driver.timeout.connect(step)
        self.window.rendered.connect(shown)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(int(changes / rate * 1000) + 30_000)
        probe.start()
        driver.start()
        loop.exec()
        probe.stop()
        driver.stop()
        self.last_ticks = ticks  # for diagnosing where the event loop stalled
        self.window.rendered.disconnect(shown)
        shown_at = state["shown_at"]
        last_change_at = state["last_change_at"]
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
        ordered = sorted(gaps)
        last_latency = self.latencies[-1] if shown_at is not None else float("nan")
        return {
            "changes": changes,
            "rate_per_s": rate,
            "sizes_from_to": [min(*values, start_size), max(*values, start_size)],
            "renders": len(self.latencies) - renders_before,
            "dropped_requests": self.window.controller.worker.dropped - dropped_before,
            "longest_event_loop_gap_ms": max(gaps) if gaps else float("nan"),
            "median_event_loop_gap_ms": statistics.median(gaps) if gaps else float("nan"),
            "p99_event_loop_gap_ms": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
            if gaps
            else float("nan"),
            "last_change_to_rendered_ms": last_latency,
            "last_change_wall_ms": ((shown_at or float("nan")) - last_change_at) * 1000,
        }

    def close(self) -> None:
        self.window.shutdown()
        self.window.close()


# --------------------------------------------------------------------------
# 3. the matplotlib grid tutorials use
# --------------------------------------------------------------------------


def bench_matplotlib(size: int, image_path: Path, repeats: int) -> dict[str, float] | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    import math

    from cnnviz.core.engine import Engine
    from cnnviz.core.images import load_image, prepare_input
    from cnnviz.core.settings import Settings

    settings = Settings().replace({"input.size": size})
    result = Engine("cpu").run(settings, prepare_input(load_image(image_path), (size, size), "fit"))
    stages = [result.stages[name] for name in result.map_stages()]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for maps in stages:
            channels = maps.shape[0]
            cols = math.ceil(math.sqrt(channels))
            rows = math.ceil(channels / cols)
            fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.5, rows * 1.5))
            for i, ax in enumerate(axes.flat):
                if i < channels:
                    ax.imshow(maps[i], cmap="viridis")
                ax.axis("off")
            fig.canvas.draw()
            fig.canvas.buffer_rgba()
            plt.close(fig)
        times.append((time.perf_counter() - start) * 1000)
    return _stats(times)


# --------------------------------------------------------------------------


def run_benchmark(args: argparse.Namespace) -> int:
    """``cnnviz bench``: each row in a child process (``--row``), then the report."""
    if getattr(args, "row", None):
        return _run_row(args)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the children inherit it
    sizes = _parse_sizes(str(args.sizes))
    image = _image(args)
    labels = [str(size) for size in sizes]
    if getattr(args, "heavy", False):
        labels += [label for label in HEAVY_ROWS if label not in labels]
    streamed = [str(size) for size in sizes if size in STREAM_SIZES] or [str(sizes[0])]
    report: dict[str, Any] = {
        "machine": None,
        "image": image.name,
        "pid": os.getpid(),
        "sizes": {},
        "targets": TARGETS,
    }
    streams: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    codes: list[int] = []
    for label in labels:
        # One process per row: back to back within it, as a microbenchmark would
        # (caches warm), and one at a time between the updates, as the app runs it.
        code, row, reason = _spawn_row(args, label, image, stream=label in streamed)
        if row is None:
            failed[label] = reason
            codes.append(code)
            continue
        report["machine"] = report["machine"] or row.pop("machine", None)
        row.pop("machine", None)
        stream = row.pop("stream", None)
        if stream is not None:
            streams[str(row["size"])] = stream
        report["sizes"][label] = row
        if not args.json:
            print(f"  measured {label}", file=sys.stderr, flush=True)
    if streams:
        report["stream"] = streams.get("256") or next(iter(streams.values()))
        report["streams"] = streams
    if failed:
        report["failed"] = failed
    if report["sizes"]:
        report["verdicts"] = _verdicts(report)
        if args.json:
            print(json.dumps(report, indent=1))
        else:
            print(format_report(report))
    from cnnviz.commands.console import EXIT_USAGE, print_problem

    for label, reason in failed.items():
        print_problem(tr("row {row} failed: {reason}").format(row=label, reason=reason), prefix="bench")
    if not failed:
        return 0
    # Bad input (an image that cannot be read) in every failed row: as for any bad input; else a bug.
    return EXIT_USAGE if all(code == EXIT_USAGE for code in codes) else 1


def _parse_sizes(text: str) -> list[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise CnnvizError(
            tr("--sizes wants whole numbers separated by commas, such as 256,512,1024; got {text}").format(
                text=text
            ),
            subject="bench",
        )
    return list(dict.fromkeys(int(part) for part in parts))


def _image(args: argparse.Namespace) -> Path:
    from cnnviz.core.resources import default_sample

    image = Path(args.image) if args.image else default_sample()
    if image is None:
        raise CnnvizError(tr("this installation has no sample image; give one with --image"), subject="bench")
    return image.absolute()


def _spawn_row(
    args: argparse.Namespace, label: str, image: Path, *, stream: bool
) -> tuple[int, dict[str, Any] | None, str]:
    """Measure one row in a fresh ``python -m cnnviz bench --row LABEL``: (exit code, row or None, why not)."""
    _, settings = row_spec(label)
    repeats = heavy_repeats(args.repeats) if settings else args.repeats
    command = [
        sys.executable,
        "-m",
        "cnnviz",
        "bench",
        "--row",
        label,
        "--json",
        "--image",
        str(image),
        "--repeats",
        str(repeats),
        "--mpl-repeats",
        str(args.mpl_repeats),
        "--stream",
        str(args.stream if stream else 0),
        "--rate",
        str(args.rate),
    ]
    if args.no_mpl:
        command.append("--no-mpl")
    if getattr(args, "lang", None):
        command += ["--lang", args.lang]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    said = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    if done.returncode != 0:
        if said:
            reason = said[-1].removeprefix("cnnviz: ")
        elif done.returncode < 0:
            reason = tr("killed by signal {number}").format(number=-done.returncode)
        else:
            reason = tr("exit status {code}, nothing on stderr").format(code=done.returncode)
        return done.returncode, None, reason
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    try:
        row = json.loads(lines[-1])
    except (IndexError, ValueError):
        return 1, None, tr("it printed no result")
    return 0, row, ""


def _run_row(args: argparse.Namespace) -> int:
    """The child: measure one row (and its slider stream) and print it as one line of JSON."""
    size, settings = row_spec(args.row)
    image = _image(args)
    from cnnviz.core.images import load_image

    load_image(image)  # one that cannot be read fails here, in a line (the window would show another)
    from cnnviz.core.engine import configure_threads

    configure_threads()
    real_stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the row's JSON and nothing else
        row = _measure_row(args, size, settings, image)
    row.update(pid=os.getpid(), label=args.row, size=size, settings=settings, repeats=args.repeats)
    row["machine"] = _machine()
    print(json.dumps(row), file=real_stdout, flush=True)
    return 0


def _measure_row(
    args: argparse.Namespace, size: int, settings: dict[str, Any], image: Path
) -> dict[str, Any]:
    bench = _WindowBench(image)
    try:
        row: dict[str, Any] = bench.measure(size, args.repeats, settings)
        row["update_over_forward"] = row["update_ms"]["median"] / row["forward_ms"]["median"]
        row["update_over_forward_hot"] = row["update_ms"]["median"] / row["forward_hot_ms"]["median"]
        if not args.no_mpl and not settings:
            mpl = bench_matplotlib(size, image, args.mpl_repeats)
            row["matplotlib_ms"] = mpl
            if mpl is not None:
                row["mpl_over_update"] = mpl["median"] / row["update_ms"]["median"]
        row["peak_rss_mb"] = _peak_rss_mb()
        if args.stream > 0:
            bench.change("input.size", size)
            stream = bench.stream(args.stream, args.rate)
            forward = row["forward_ms"]["median"]  # the bare forward between updates, at this size
            stream.update(
                size=size,
                pid=os.getpid(),
                bare_forward_ms=forward,
                last_change_budget_ms=forward + TARGETS["last_change_frames"] * TARGETS["frame_ms"],
            )
            row["stream"] = stream
    finally:
        bench.close()
    return row


def _verdicts(report: dict[str, Any]) -> dict[str, bool]:
    sizes = report["sizes"]
    out: dict[str, bool] = {}
    if "256" in sizes:
        s = sizes["256"]
        out["update_median_ms_256"] = s["update_ms"]["median"] <= TARGETS["update_median_ms_256"]
        out["update_over_forward_256"] = s["update_over_forward"] <= TARGETS["update_over_forward_256"]
        out["update_over_forward_hot_256"] = (
            s["update_over_forward_hot"] <= TARGETS["update_over_forward_256"]
        )
        if "mpl_over_update" in s:
            out["mpl_over_update_256"] = s["mpl_over_update"] >= TARGETS["mpl_over_update_256"]
    if "1024" in sizes:
        out["update_median_ms_1024"] = (
            sizes["1024"]["update_ms"]["median"] <= TARGETS["update_median_ms_1024"]
        )
    stream = report.get("stream", {})
    if stream:
        out["event_loop_gap_ms"] = stream["longest_event_loop_gap_ms"] <= TARGETS["event_loop_gap_ms"]
        if stream.get("size") == 256:
            out["last_change_ms_256"] = stream["last_change_to_rendered_ms"] <= TARGETS["last_change_ms_256"]
    # Issue 14: every stream, every row. NaN (never shown) compares false: missed.
    for size, s in report.get("streams", {}).items():
        out[f"stream_longest_gap_ms_{size}"] = (
            s["longest_event_loop_gap_ms"] <= TARGETS["stream_longest_gap_ms"]
        )
        out[f"stream_p99_gap_ms_{size}"] = s["p99_event_loop_gap_ms"] <= TARGETS["stream_p99_gap_ms"]
        out[f"stream_last_change_{size}"] = s["last_change_to_rendered_ms"] <= s["last_change_budget_ms"]
    for label, row in sizes.items():
        out[f"first_stage_ms_{label}"] = (
            row["update_ms"]["first_stage_ms"]["median"] <= TARGETS["first_stage_ms"]
        )
    return out


_VERDICT_NAMES = {
    "update_median_ms_256": "full update at 256 ≤ 15 ms (median)",
    "update_over_forward_256": "full update at 256 ≤ 4× the bare forward pass (measured between updates)",
    "update_over_forward_hot_256": "full update at 256 ≤ 4× the bare forward pass (hot loop)",
    "update_median_ms_1024": "full update at 1024 ≤ 120 ms (median)",
    "mpl_over_update_256": "matplotlib grid ≥ 100× slower than an update at 256",
    "event_loop_gap_ms": "longest event-loop gap in the stream ≤ 25 ms",
    "last_change_ms_256": "last change of the stream shown within 50 ms at 256",
}


def verdict_name(key: str, report: dict[str, Any]) -> str:
    """What a verdict key promises, in words."""
    if key in _VERDICT_NAMES:
        return _VERDICT_NAMES[key]
    t = TARGETS
    if key.startswith("first_stage_ms_"):
        label = key.removeprefix("first_stage_ms_")
        return f"first stage at {row_name(label)} shown within {t['first_stage_ms']:.0f} ms (median)"
    size = key.rsplit("_", 1)[-1]
    where = f"the {size}×{size} stream"
    if key.startswith("stream_longest_gap_ms_"):
        return f"longest event-loop gap in {where} ≤ {t['stream_longest_gap_ms']:.0f} ms"
    if key.startswith("stream_p99_gap_ms_"):
        return f"p99 event-loop gap in {where} ≤ {t['stream_p99_gap_ms']:.0f} ms"
    if key.startswith("stream_last_change_"):
        s = report["streams"][size]
        return (
            f"last change of {where} shown within the bare forward + {t['last_change_frames']} frames "
            f"({s['bare_forward_ms']:.1f} + {t['last_change_frames']}×{t['frame_ms']} = "
            f"{s['last_change_budget_ms']:.1f} ms)"
        )
    return key


def format_report(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"cnnviz bench · {m['cpu']} · {m['cores']} cores · torch {m['torch']} ({m['torch_threads']} thread) · "
        f"Python {m['python']} · image {report['image']}",
        "",
        "each row measured in a process of its own (no row warms the next);",
        "bare forward: the update's own network, input tensor, thread settings and stages (torch only);",
        "first stage: from the change to the first stage handed to its panel (progressive painting).",
        "",
        "               bare forward (median ms)   forward   first    full update (ms)   update/forward"
        "   matplotlib   mpl/    peak",
        "size           hot loop  between upd.     in app    stage    median    p95      hot  between"
        "     grid (ms)  update   RSS",
    ]
    for label, row in report["sizes"].items():
        h, f, u = row["forward_hot_ms"], row["forward_ms"], row["update_ms"]
        mpl = row.get("matplotlib_ms")
        mpl_text = f"{mpl['median']:9.0f}" if mpl else "        —"
        ratio = f"{row['mpl_over_update']:6.0f}×" if "mpl_over_update" in row else "     —"
        first = u.get("first_stage_ms", {}).get("median", float("nan"))
        lines.append(
            f"{row_name(label):<14} {h['median']:8.1f} {f['median']:10.1f}   {u['forward_in_app_ms']:9.1f} {first:8.1f}"
            f"  {u['median']:8.1f} {u['p95']:6.1f}   {row['update_over_forward_hot']:5.1f}×  {row['update_over_forward']:5.1f}×"
            f"    {mpl_text}  {ratio}  {row['peak_rss_mb']:4.0f} MB"
        )
    heavy = [label.partition("-")[2] for label in report["sizes"] if "-" in label]
    notes = {"s1": "s1 = conv1 stride 1", "5x128": "5×128 = five blocks of 128 channels each"}
    if heavy:
        repeats = {report["sizes"][label]["repeats"] for label in report["sizes"] if "-" in label}
        lines.append(
            f"(heavy rows, measured, not targets, {'/'.join(str(r) for r in sorted(repeats))} repeats: "
            f"{'; '.join(notes[v] for v in heavy if v in notes)})"
        )
    streams = report.get("streams", {})
    if streams:
        first = next(iter(streams.values()))
        lines += [
            "",
            f"slider streams: {first['changes']} changes at {first['rate_per_s']:.0f}/s on the input-size slider "
            "(8 px a step, away and back), each after its row, in the row's process",
            "                                               event-loop gaps (ms)      last change → rendered (ms)",
            "size           dragged over  renders  dropped    median    p99  longest     shown   bare fwd   budget",
        ]
        for size, s in streams.items():
            low, high = s["sizes_from_to"]
            lines.append(
                f"{row_name(size):<14} {f'{low}–{high}':>12} {s['renders']:8d} {s['dropped_requests']:8d}  {s['median_event_loop_gap_ms']:8.2f}"
                f" {s['p99_event_loop_gap_ms']:6.1f} {s['longest_event_loop_gap_ms']:8.1f}"
                f"  {s['last_change_to_rendered_ms']:8.1f} {s['bare_forward_ms']:10.1f} {s['last_change_budget_ms']:8.1f}"
            )
    lines += ["", "targets:"]
    for key, ok in report["verdicts"].items():
        lines.append(f"  [{'ok' if ok else 'MISSED'}] {verdict_name(key, report)}")
    return "\n".join(lines)
