"""How long the inspector takes per cell on the textbook network (prints milliseconds).

python benchmarks/inspector.py [--size 256] [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from cnnviz.core.derive import derivations
from cnnviz.core.engine import Engine
from cnnviz.core.explain import explain
from cnnviz.core.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    settings = Settings.textbook().replace({"input.size": (args.size, args.size)})
    x = np.random.default_rng(0).random((3, args.size, args.size), dtype=np.float32)
    result = Engine("cpu").run(settings, x)
    cells = {
        "conv1": (3, 10, 10),
        "relu1": (3, 10, 10),
        "pool1": (3, 5, 5),
        "conv2": (7, 5, 5),
        "pool2": (7, 3, 3),
        "flatten": (100,),
        "fc": (3,),
    }
    print(f"input {args.size}×{args.size}, median / max of {args.repeat} runs (ms)")
    for stage, cell in cells.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            explain(result, stage, *cell)
            times.append((time.perf_counter() - start) * 1000)
        print(f"  explain {stage:<8} {statistics.median(times):7.2f} / {max(times):7.2f}")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        derivations(result.report)
        times.append((time.perf_counter() - start) * 1000)
    print(f"  derivations      {statistics.median(times):7.2f} / {max(times):7.2f}")


if __name__ == "__main__":
    main()
