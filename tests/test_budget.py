"""The memory budget: heavy settings are refused before anything is allocated, naming the layer.

Oracles: hand-derived byte counts (channels × padded height × padded width × 4
bytes) and the operating system's peak resident memory of a real forward pass
(which the estimate must bound from above).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cnnviz.core.budget import (
    DEFAULT_MEMORY_LIMIT,
    LIMIT_VARIABLE,
    BudgetProblem,
    estimate_memory,
    memory_limit,
    parse_size,
)
from cnnviz.core.errors import CnnvizError
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings

# The attack from the issue (20.4 GB and 4 min 39 s before the budget existed),
# with a 1×1 conv2 of one channel so that only the padding, not the work, is huge.
PADDING_BOMB = {
    "conv1.out_channels": 1024,
    "conv2.out_channels": 1,
    "conv2.kernel_size": 1,
    "conv2.padding": 600,
    "conv2.padding_mode": "replicate",
}


def test_the_padding_bomb_is_refused_naming_the_layer_and_the_padded_size() -> None:
    plan = make_plan(Settings().replace(PADDING_BOMB))
    assert not plan.ok
    problem = next(p for p in plan.problems if isinstance(p, BudgetProblem))
    assert problem.key == "conv2.padding"
    # By hand: conv1 (k3 s2 p1) 256 -> 128, pool1 (2, 2) -> 64; conv2 pads 64 + 2·600 = 1264 per side.
    assert "1024 × 1264 × 1264" in problem.message
    padded_bytes = 1024 * 1264 * 1264 * 4
    assert plan.memory is not None and plan.memory.peak >= padded_bytes
    assert "CNNVIZ_MEMORY_LIMIT" in problem.message


def test_the_textbook_network_fits_easily() -> None:
    plan = make_plan(Settings())
    assert plan.ok
    assert plan.memory is not None
    # Outputs by hand (float32): input 3·256² + conv1/relu1 16·128² each + pool1 16·64²
    # + conv2/relu2 32·64² each + pool2 32·32² + fc 10, kept twice; the weights once.
    outputs = 4 * (3 * 256**2 + 2 * 16 * 128**2 + 16 * 64**2 + 2 * 32 * 64**2 + 32 * 32**2 + 10)
    weights = 4 * (448 + 4640 + 327_690)
    assert plan.memory.kept == 2 * outputs + weights
    assert plan.memory.peak < 64 * 2**20


def test_the_budget_is_configurable(monkeypatch) -> None:
    monkeypatch.setenv(LIMIT_VARIABLE, "64G")
    assert memory_limit() == 64 * 2**30
    assert make_plan(Settings().replace(PADDING_BOMB)).ok  # 6.5 GB fits in 64 GB
    monkeypatch.setenv(LIMIT_VARIABLE, "lots")
    with pytest.raises(CnnvizError, match=LIMIT_VARIABLE):
        memory_limit()
    monkeypatch.delenv(LIMIT_VARIABLE)
    assert memory_limit() == DEFAULT_MEMORY_LIMIT
    assert make_plan(Settings(), limit=64 * 2**20).ok
    assert not make_plan(
        Settings().replace({"input.size": 1024, "conv1.out_channels": 256}), limit=64 * 2**20
    ).ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2G", 2 * 2**30), ("1500M", 1500 * 2**20), ("1.5GB", int(1.5 * 2**30)), ("800 MiB", 800 * 2**20)],
)
def test_sizes_are_read_as_people_write_them(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "2X", "-1G", "1M", "G"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(CnnvizError):
        parse_size(text)


def test_cli_refuses_the_bomb_in_one_line_without_computing(tmp_path) -> None:
    args = [arg for key, value in PADDING_BOMB.items() for arg in ("--set", f"{key}={value}")]
    done = subprocess.run(
        [sys.executable, "-m", "cnnviz", "shapes", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "conv2.padding" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "changes",
    [
        {"input.size": 512, "conv1.out_channels": 128, "conv1.stride": 1, "conv1.padding": 8},
        {"input.size": 512, "conv1.out_channels": 96, "conv1.padding_mode": "replicate", "conv1.padding": 60},
    ],
)
def test_the_estimate_bounds_the_real_peak(changes: dict[str, object]) -> None:
    """Run the forward pass in a fresh process and compare its peak RSS growth with the estimate.

    The peak is reset just before the run (Linux: ``/proc/self/clear_refs``), so
    what torch's import or warm-up touched earlier does not hide the growth.
    """
    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("needs Linux's /proc/self/clear_refs to reset the peak")
    settings = Settings().replace(changes)
    estimate = estimate_memory(make_plan(settings).report, keep_previous=False)
    script = textwrap.dedent(
        f"""
        import json, numpy as np, torch
        torch.set_num_threads(1)
        from cnnviz.core.engine import Engine
        from cnnviz.core.settings import Settings

        def status(field):
            for line in open("/proc/self/status"):
                if line.startswith(field):
                    return int(line.split()[1]) * 1024

        settings = Settings.from_json(json.loads({json.dumps(json.dumps(settings.to_json()))}))
        size = settings.pair("input.size")
        array = np.random.default_rng(0).random((3, *size), dtype=np.float32)
        engine = Engine("cpu")
        engine.run(Settings(), np.zeros((3, 8, 8), np.float32))  # load torch's kernels first
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak (VmHWM) to the current resident size
        before = status("VmRSS:")
        engine.run(settings, array)
        print(status("VmHWM:") - before)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    grown = int(done.stdout.split()[-1])
    detail = f"grew {grown / 2**20:.0f} MiB, estimate {estimate.peak / 2**20:.0f} MiB"
    assert grown > 0.25 * estimate.peak, detail  # the configuration really is heavy enough to measure
    assert grown <= estimate.peak, detail
