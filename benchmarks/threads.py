"""How many torch threads should the worker use? Prints numbers; asserts nothing.

    python benchmarks/threads.py [--sizes 256,1024] [--repeats 40]

For each input size and thread count, times the textbook network's forward
pass with the machine otherwise idle, and again while another process keeps one
core busy (as the GUI thread does while it paints). Each measurement runs in a
fresh process, since torch's thread pool is fixed once it has started.
cnnviz uses one thread by default (cnnviz/core/engine.py) because of these
numbers; CNNVIZ_THREADS overrides it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time

CHILD = r"""
import json, sys, time, statistics
import torch
threads, size, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
from cnnviz.core.network import build_network
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec
net = build_network(NetworkSpec.from_settings(Settings().replace({"input.size": size})))
x = torch.rand(1, 3, size, size, generator=torch.Generator().manual_seed(0))
times = []
with torch.inference_mode():
    for _ in range(5):
        net(x)
    for _ in range(repeats):
        start = time.perf_counter()
        net(x)
        times.append((time.perf_counter() - start) * 1000)
times.sort()
print(json.dumps({"median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))]}))
"""


def _spin(stop_at: float) -> None:
    while time.perf_counter() < stop_at:
        pass


def measure(threads: int, size: int, repeats: int, busy: bool) -> dict[str, float]:
    spinner = None
    if busy:
        spinner = multiprocessing.Process(target=_spin, args=(time.perf_counter() + 120,), daemon=True)
        spinner.start()
    try:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(threads), str(size), str(repeats)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return json.loads(done.stdout)
    finally:
        if spinner is not None:
            spinner.terminate()
            spinner.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="256,1024")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    counts = sorted({1, 2, cores} - {0})
    print(f"{cores} cores; textbook network; median / p95 in ms")
    print(f"{'size':>6} {'threads':>8} {'idle':>16} {'one core busy':>18}")
    for size in (int(s) for s in args.sizes.split(",")):
        for threads in counts:
            idle = measure(threads, size, args.repeats, busy=False)
            busy = measure(threads, size, args.repeats, busy=True)
            print(
                f"{size:>6} {threads:>8} {idle['median']:7.2f} / {idle['p95']:6.2f} "
                f"{busy['median']:9.2f} / {busy['p95']:6.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
