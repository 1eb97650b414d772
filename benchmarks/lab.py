"""What the lab's parts cost: patterns, kernel edits, code generation, compare. Prints numbers; asserts nothing.

    python benchmarks/lab.py [--size 256] [--repeats 20]

Each line is the median and the 95th percentile in milliseconds over
``--repeats`` runs on one torch thread (cnnviz's default), textbook network.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable


def _measure(name: str, fn: Callable[[], object], repeats: int) -> None:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{name:<44} median {statistics.median(times):8.2f} ms   p95 {p95:8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    from cnnviz.core.codegen import network_code
    from cnnviz.core.compare import compare_results, compare_sheet
    from cnnviz.core.edits import edits_from_texts, parameters_with_edits, use_edits
    from cnnviz.core.engine import Engine, configure_threads
    from cnnviz.core.images import prepare_input
    from cnnviz.core.patterns import PATTERNS, make_pattern
    from cnnviz.core.plan import make_plan
    from cnnviz.core.settings import Settings

    configure_threads(1)
    n = args.size
    settings = Settings.from_assignments([f"input.size={n}"])
    for name in PATTERNS:
        _measure(f"pattern {name} {n}x{n}", lambda name=name: make_pattern(f"{name}:size={n}"), args.repeats)

    image = make_pattern(f"noise:size={n}")
    plan = make_plan(settings, image.size)
    array = prepare_input(image, plan.input_size, "fit")
    engine = Engine("cpu")
    engine.run(plan, array)
    params = engine.parameters()
    edits = edits_from_texts([f"conv1:{i}=sobel_x" for i in range(16)], plan.spec)
    _measure(
        "parameters_with_edits (16 channels)", lambda: parameters_with_edits(params, edits), args.repeats
    )
    _measure("forward pass, no edits", lambda: engine.run(plan, array), args.repeats)

    def edited_run() -> None:
        e = Engine("cpu")
        use_edits(e, plan, edits)
        e.run(plan, array)

    _measure("fresh engine + use_edits + forward pass", edited_run, args.repeats)
    _measure("network_code (textbook)", lambda: network_code(plan), args.repeats)

    b_plan = make_plan(settings.replace({"pool1.type": "avg"}), image.size)
    a = engine.run(plan, array)
    b = Engine("cpu").run(b_plan, array)
    _measure("compare_results (pool1 max vs avg)", lambda: compare_results(a, b), args.repeats)
    comparisons = compare_results(a, b)
    _measure(
        "compare_sheet (16 tiles per side)", lambda: compare_sheet(comparisons), max(3, args.repeats // 4)
    )


if __name__ == "__main__":
    main()
