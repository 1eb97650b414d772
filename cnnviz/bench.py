"""``cnnviz bench``: how close a live update is to the bare forward pass.

Measured in one process, on the same image and settings, at each input size:

1. the bare forward pass, like for like with the update's: torch only, but the
   very network the window's plan describes (same settings, same seeded
   weights), the very input tensor the worker prepared, every stage in order and
   kept (as the engine keeps them), on a thread with the worker's priority and
   the same torch thread count;
2. cnnviz's full update: a conv1 setting changed through the real window's
   control, the worker, every panel's tiles rebuilt and painted, until the
   window's ``rendered`` signal (its latency is what is reported), and the time
   to the first stage handed to its panel (progressive painting; a fast update
   shows all its stages at once with its response, and then has no such time);
3. the way tutorials look at feature maps: a matplotlib figure per stage with an
   ``imshow`` subplot per channel, drawn to a buffer.

Then, at the first size, a stream of setting changes at 60 per second (as from
a dragged slider): the gaps between two turns of the GUI event loop (a 1 ms
timer's lateness: median, p99, longest) and the time from the last change to its
result on screen. Prints a table (``--json`` for machines). Runs offscreen.

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
import itertools
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr

HEAVY_SIZE = 1024

TARGETS = {
    "update_median_ms_256": 15.0,
    "update_over_forward_256": 4.0,
    "update_median_ms_1024": 120.0,
    "mpl_over_update_256": 100.0,
    "event_loop_gap_ms": 25.0,
    "last_change_ms_256": 50.0,
}


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

    def __init__(self, plan: Any, input_array: Any) -> None:
        import numpy as np
        import torch

        from cnnviz.core.network import build_network

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
        return BareForward(c.plan, c.worker._input)

    def _done(self) -> bool:
        c = self.window.controller
        return (
            c.last_response is not None
            and c.last_response.request.id == c.latest_request_id
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
        if isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(str(value))
        elif isinstance(widget, QAbstractSpinBox):
            widget.lineEdit().setText(str(value))
        else:
            raise ValueError(key)
        self._wait_idle(60)
        if len(self.latencies) == before:
            raise RuntimeError(f"changing {key} did not render")
        return self.latencies[-1]

    def measure(self, size: int, repeats: int, stride: int | None = None) -> dict[str, Any]:
        """Bare forward passes and full updates, interleaved so both see the same machine.

        The update toggles conv1's padding mode (zeros/replicate): the first
        layer changes, so every stage is computed and drawn again. Before each
        update, the bare forward pass of the very network that update will run.
        """
        self.change("input.size", size)
        self.change("conv1.stride", stride or 2)
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
        if stride is not None:
            self.change("conv1.stride", 2)
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
        from PySide6.QtCore import QEventLoop, Qt, QTimer
        from PySide6.QtWidgets import QSlider

        slider = self.window.findChild(QSlider, "slider:input.size")
        start_size = slider.value()
        ticks: list[float] = []
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(1)
        probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
        half = changes // 2
        values = [start_size + 8 * (i + 1) for i in range(half)]
        values += [start_size + 8 * (half - i - 1) for i in range(changes - half)]
        state = {"sent": 0, "last_change_at": 0.0, "last_id": -1, "shown_at": None}
        renders_before = len(self.latencies)
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
            response = self.window.controller.last_response
            if state["last_id"] > 0 and response is not None and response.request.id >= state["last_id"]:
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
            "renders": len(self.latencies) - renders_before,
            "dropped_requests": self.window.controller.worker.dropped,
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
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from cnnviz.core.engine import configure_threads

    configure_threads()
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    from cnnviz.core.resources import default_sample

    image = Path(args.image) if args.image else default_sample()
    if image is None:
        raise CnnvizError(tr("this installation has no sample image; give one with --image"), subject="bench")
    report: dict[str, Any] = {"machine": _machine(), "image": image.name, "sizes": {}, "targets": TARGETS}
    bench = _WindowBench(image)
    rows: list[tuple[str, int, int | None]] = [(str(size), size, None) for size in sizes]
    if getattr(args, "heavy", False):
        rows.append((f"{HEAVY_SIZE}-s1", HEAVY_SIZE, 1))  # conv1 stride 1: four times the maps
    try:
        for label, size, stride in rows:
            # Back to back, as a microbenchmark would (caches warm), and one at a
            # time between the updates, as the app runs it.
            row: dict[str, Any] = bench.measure(size, args.repeats, stride)
            row["update_over_forward"] = row["update_ms"]["median"] / row["forward_ms"]["median"]
            row["update_over_forward_hot"] = row["update_ms"]["median"] / row["forward_hot_ms"]["median"]
            if not args.no_mpl and stride is None:
                mpl = bench_matplotlib(size, image, args.mpl_repeats)
                row["matplotlib_ms"] = mpl
                if mpl is not None:
                    row["mpl_over_update"] = mpl["median"] / row["update_ms"]["median"]
            row["peak_rss_mb"] = _peak_rss_mb()
            report["sizes"][label] = row
            if not args.json:
                print(f"  measured {label}", file=sys.stderr, flush=True)
        bench.change("input.size", sizes[0])
        report["stream"] = bench.stream(args.stream, args.rate)
        report["stream"]["size"] = sizes[0]
    finally:
        bench.close()
    report["verdicts"] = _verdicts(report)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(format_report(report))
    return 0


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
    return out


def format_report(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"cnnviz bench · {m['cpu']} · {m['cores']} cores · torch {m['torch']} ({m['torch_threads']} thread) · "
        f"Python {m['python']} · image {report['image']}",
        "",
        "bare forward: the update's own network, input tensor, thread settings and stages (torch only);",
        "first stage: from the change to the first stage handed to its panel (progressive painting).",
        "",
        "             bare forward (median ms)   forward   first    full update (ms)   update/forward   matplotlib   mpl/    peak",
        "size         hot loop  between upd.     in app    stage    median    p95      hot  between     grid (ms)  update   RSS",
    ]
    for size, row in report["sizes"].items():
        h, f, u = row["forward_hot_ms"], row["forward_ms"], row["update_ms"]
        mpl = row.get("matplotlib_ms")
        mpl_text = f"{mpl['median']:9.0f}" if mpl else "        —"
        ratio = f"{row['mpl_over_update']:6.0f}×" if "mpl_over_update" in row else "     —"
        name = size.split("-")[0]
        name = f"{name}×{name}" + (" s1" if size.endswith("-s1") else "")
        first = u.get("first_stage_ms", {}).get("median", float("nan"))
        lines.append(
            f"{name:<12} {h['median']:8.1f} {f['median']:10.1f}   {u['forward_in_app_ms']:9.1f} {first:8.1f}"
            f"  {u['median']:8.1f} {u['p95']:6.1f}   {row['update_over_forward_hot']:5.1f}×  {row['update_over_forward']:5.1f}×"
            f"    {mpl_text}  {ratio}  {row['peak_rss_mb']:4.0f} MB"
        )
    if any(k.endswith("-s1") for k in report["sizes"]):
        lines.append("(s1: conv1 stride 1, the heavy row)")
    s = report.get("stream")
    if s:
        lines += [
            "",
            f"slider stream at {s['size']}×{s['size']}: {s['changes']} changes at {s['rate_per_s']:.0f}/s → "
            f"{s['renders']} renders ({s['dropped_requests']} requests dropped as stale)",
            f"  event-loop gaps: median {s['median_event_loop_gap_ms']:.2f} ms, p99 {s['p99_event_loop_gap_ms']:.1f} ms, "
            f"longest {s['longest_event_loop_gap_ms']:.1f} ms; "
            f"last change shown after {s['last_change_to_rendered_ms']:.1f} ms",
        ]
    lines += ["", "targets:"]
    names = {
        "update_median_ms_256": "full update at 256 ≤ 15 ms (median)",
        "update_over_forward_256": "full update at 256 ≤ 4× the bare forward pass (measured between updates)",
        "update_over_forward_hot_256": "full update at 256 ≤ 4× the bare forward pass (hot loop)",
        "update_median_ms_1024": "full update at 1024 ≤ 120 ms (median)",
        "mpl_over_update_256": "matplotlib grid ≥ 100× slower than an update at 256",
        "event_loop_gap_ms": "longest event-loop gap in the stream ≤ 25 ms",
        "last_change_ms_256": "last change of the stream shown within 50 ms at 256",
    }
    for key, ok in report["verdicts"].items():
        lines.append(f"  [{'ok' if ok else 'MISSED'}] {names[key]}")
    return "\n".join(lines)
