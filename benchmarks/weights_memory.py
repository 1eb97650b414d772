"""Peak memory and time of loading each hostile weights file (tests/weights_hostile.py).

Prints one row per file: its size, whether cnnviz refused or loaded it, how far the
peak resident memory rose above what the process held before, and the time taken.
Linux only (it resets the peak with /proc/self/clear_refs and reads VmHWM).

    python benchmarks/weights_memory.py            # every hostile file
    python benchmarks/weights_memory.py --as-limit 1G   # also cap the address space

With ``--as-limit`` an over-allocation fails (and is reported) instead of swapping.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import torch  # noqa: E402
from weights_hostile import hostile_files  # noqa: E402

from cnnviz.core.budget import parse_size  # noqa: E402
from cnnviz.core.errors import WeightsError  # noqa: E402
from cnnviz.core.weights import read_weights  # noqa: E402


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets VmHWM (the peak resident set) to the current RSS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-limit", help="extra address space allowed beyond the start, e.g. 1G")
    args = parser.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as folder:
        marker = Path(folder) / "code-ran"
        files = hostile_files(Path(folder) / "files", marker)
        if args.as_limit:
            limit = _status("VmSize") + parse_size(args.as_limit)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        print(f"{'file':40} {'bytes':>12} {'outcome':>8} {'peak +MB':>9} {'ms':>7}")
        worst = 0
        for name, path, _words in files:
            size = path.stat().st_size
            _reset_peak()
            base = _status("VmRSS")
            start = time.perf_counter()
            try:
                read_weights(path)
                outcome = "loaded"
            except WeightsError:
                outcome = "refused"
            except Exception as exc:  # a bug: report it, keep measuring the rest
                outcome = type(exc).__name__
            elapsed = (time.perf_counter() - start) * 1000
            grew = max(0, _status("VmHWM") - base)
            worst = max(worst, grew)
            print(f"{name:40} {size:12,} {outcome:>8} {grew / 2**20:9.1f} {elapsed:7.1f}")
        print(f"files: {len(files)}  worst peak rise: {worst / 2**20:.1f} MB  code ran: {marker.exists()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
