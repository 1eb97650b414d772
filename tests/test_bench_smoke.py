"""`cnnviz bench` keeps working: one run at a tiny size (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_runs_and_reports_every_measurement() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cnnviz",
            "bench",
            "--sizes",
            "32,48",
            "--repeats",
            "2",
            "--mpl-repeats",
            "1",
            "--stream",
            "6",
            "--rate",
            "120",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report["sizes"]) == {"32", "48"}
    row = report["sizes"]["32"]
    for key in ("forward_hot_ms", "forward_ms", "update_ms", "matplotlib_ms"):
        assert row[key]["n"] >= 1 and row[key]["median"] > 0, key
    assert row["update_over_forward"] > 0 and row["mpl_over_update"] > 0
    # Like for like: the bare forward runs the update's own stages; the first stage is never after the whole.
    assert row["stages"] == 8  # conv, relu, pool ×2, flatten, fc
    first = row["update_ms"]["first_stage_ms"]
    assert first["n"] == row["update_ms"]["n"] and 0 < first["median"] <= row["update_ms"]["median"]
    assert row["peak_rss_mb"] > 0
    stream = report["stream"]
    assert stream["changes"] == 6 and stream["renders"] >= 1
    assert stream["longest_event_loop_gap_ms"] >= stream["p99_event_loop_gap_ms"] > 0
    assert stream["last_change_to_rendered_ms"] > 0
    assert report["machine"]["torch_threads"] >= 1
    assert "Traceback" not in done.stderr
