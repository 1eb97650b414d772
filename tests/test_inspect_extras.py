"""Derivations, the flatten bug and dead channels, each against a hand-derived value or torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnviz.core.batch import batch_shapes, flatten_bug, flatten_bug_text
from cnnviz.core.dead import dead_channels, quiet_channels
from cnnviz.core.derive import derivations, derivations_text
from cnnviz.core.engine import Engine
from cnnviz.core.errors import CnnvizError
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings


def textbook_report():
    return make_plan(Settings.textbook(), keep_previous=False).report


def find(rows, stage, what):
    (match,) = [d for d in rows if d.stage == stage and d.what == what]
    return match


def test_textbook_derivations_by_hand():
    rows = derivations(textbook_report())
    assert find(rows, "conv1", "parameters").formula == "16 × (3·3·3) + 16 = 448"
    assert find(rows, "conv2", "parameters").formula == "32 × (16·3·3) + 32 = 4,640"
    assert find(rows, "fc", "parameters").formula == "32,768 × 10 + 10 = 327,690"
    assert find(rows, "flatten", "features").formula == "32 × 32 × 32 = 32,768"
    assert find(rows, "conv1", "MACs").value == 16 * 27 * 128 * 128
    assert find(rows, "conv1", "output H").formula == "⌊(256 + 2·1 − 1·(3−1) − 1)/2 + 1⌋ = 128"
    assert find(rows, "pool2", "receptive field H").formula == "13 + (2−1)·4 = 17, jump 4·2 = 8"
    assert find(rows, "total", "parameters").value == 448 + 4640 + 327690
    # A dense layer from 3×256×256 to 16×128×128: 196,608 × 262,144 weights + 262,144 biases.
    assert find(rows, "conv1", "fully connected equivalent").value == 196608 * 262144 + 262144
    shares = [d.value for d in rows if d.what == "share of parameters"]
    assert sum(shares) == pytest.approx(1.0)
    assert "448" in derivations_text(textbook_report())


def test_groups_and_no_bias_in_parameter_formula():
    report = make_plan(
        Settings.textbook().replace({"conv2.groups": 4, "conv2.bias": False}), keep_previous=False
    ).report
    d = find(derivations(report), "conv2", "parameters")
    assert d.formula == "32 × (16/4·3·3) = 1,152" and d.value == 32 * 4 * 9
    # torch agrees on the count.
    conv = nn.Conv2d(16, 32, 3, groups=4, bias=False)
    assert sum(p.numel() for p in conv.parameters()) == d.value


def test_floor_drops_rows_derivation():
    report = make_plan(Settings.textbook().replace({"input.size": (257, 256)}), keep_previous=False).report
    # conv1 k3 s2 p1 on 257 rows: windows start at -1, 1, ..., 255 → last window 255-257 (257 is padding).
    assert "every row is read" in find(derivations(report), "conv1", "unread H").formula
    report = make_plan(
        Settings.textbook().replace({"input.size": (258, 256), "conv1.padding": 0}), keep_previous=False
    ).report
    # k3 s2 p0 on 258 rows: ⌊255/2⌋+1 = 128 windows, the last reading 254-256; row 257 is dropped.
    assert "257–257" in find(derivations(report), "conv1", "unread H").formula


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_flatten_bug_against_torch(batch):
    bug = flatten_bug((32, 32, 32), 10, batch)
    x = torch.zeros(batch, 32, 32, 32)
    linear = nn.Linear(32 * 32 * 32, 10)
    flat = torch.flatten(x)
    assert tuple(flat.shape) == bug.textbook.flattened
    if bug.textbook.error is None:
        assert tuple(linear(flat).shape) == bug.textbook.linear_output
    else:
        with pytest.raises(RuntimeError) as info:
            linear(flat)
        assert str(info.value) == bug.textbook.error
    fixed = torch.flatten(x, 1)
    assert tuple(fixed.shape) == bug.fixed.flattened
    assert tuple(linear(fixed).shape) == bug.fixed.linear_output
    assert bug.textbook.code in flatten_bug_text(bug)


def test_batch_shapes_and_bad_batch():
    shapes = dict(batch_shapes(textbook_report(), 2))
    assert shapes["input"] == (2, 3, 256, 256) and shapes["flatten"] == (2, 32768)
    with pytest.raises(CnnvizError, match="batch size"):
        batch_shapes(textbook_report(), 0)


def test_dead_channels_against_torch_relu():
    settings = Settings.textbook().replace({"input.size": (16, 16), "blocks": 1})
    x = np.random.default_rng(3).standard_normal((3, 16, 16)).astype(np.float32)
    engine = Engine("cpu")
    result = engine.run(settings, x)
    # Oracle: the channels where torch's ReLU of torch's conv is zero everywhere.
    conv = torch.from_numpy(np.array(result.stages["conv1"]))
    expected = [c for c in range(conv.shape[0]) if bool((torch.relu(conv[c]) == 0).all())]
    assert dead_channels(result, "relu1") == expected
    # With a constant input of ones and no padding, every conv1 value of channel c is
    # sum(weight[c]) + bias[c] (hand-derived): a constant channel, dead after ReLU when ≤ 0.
    flat = engine.run(settings.replace({"conv1.padding": 0}), np.ones((3, 16, 16), np.float32))
    quiet = {(q.stage, q.channel): q for q in quiet_channels(flat)}
    weights, bias = flat.weights["conv1.weight"], flat.weights["conv1.bias"]
    for c in range(16):
        value = float(weights[c].astype(np.float64).sum() + bias[c])
        if value > 0:
            assert quiet[("conv1", c)].kind == "constant"
            assert quiet[("conv1", c)].value == pytest.approx(value, rel=1e-5)
        else:
            assert quiet[("relu1", c)].kind == "dead" and "≤ 0" in quiet[("relu1", c)].reason
    # The worker hands over the extrema it found beside the forward pass (per-channel torch
    # amin / amax as the oracle): the same channels, reasons and values come out.
    extrema = {
        name: (
            torch.from_numpy(np.array(v)).flatten(1).amin(1).numpy(),
            torch.from_numpy(np.array(v)).flatten(1).amax(1).numpy(),
        )
        for name, v in flat.stages.items()
        if np.ndim(v) == 3
    }
    assert quiet_channels(flat, extrema) == quiet_channels(flat)
    assert quiet_channels(flat, {"conv1": extrema["conv1"]}) == quiet_channels(flat)  # some found, rest here
