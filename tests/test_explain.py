"""The inspector's arithmetic against torch: every conv, pool, relu, flatten and fc cell it explains.

Oracles: the stage tensors torch computed, ``F.pad`` for the values padding puts in a
patch, ``F.max_pool2d(return_indices=True)`` for the winner, ``F.avg_pool2d`` of a
tensor of ones for the divisor, ``torch.arange(...).reshape`` for flatten indices.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from inspect_strategies import small_plans

from cnnviz.core.engine import Engine
from cnnviz.core.explain import (
    ConvDetail,
    FcDetail,
    FlattenDetail,
    InspectError,
    PoolDetail,
    ReluDetail,
    explain,
)
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings

ENGINE = Engine("cpu")
# torch notes that 'same' with an even kernel pads a copy; expected here, not a problem.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
HYPOTHESIS = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
TORCH_PAD_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def run(plan, seed=0):
    h, w = plan.input_size
    x = np.random.default_rng(seed).standard_normal((3, h, w)).astype(np.float32)
    return ENGINE.run(plan, x)


def stage_tensor(result, name):
    return torch.from_numpy(np.array(result.input if name == "input" else result.stages[name]))


def cells(data, result, name, count=4):
    c, h, w = result.stages[name].shape
    return [
        (data.draw(st.integers(0, c - 1)), data.draw(st.integers(0, h - 1)), data.draw(st.integers(0, w - 1)))
        for _ in range(count)
    ]


def check_conv(result, name, cell, explanation):
    d = explanation.detail
    assert isinstance(d, ConvDetail)
    c, r, col = cell
    value = float(result.stages[name][c, r, col])
    assert d.total == pytest.approx(value, rel=1e-4, abs=1e-5)
    assert explanation.value == value
    block = result.spec.blocks[int(name[4:]) - 1]
    conv = block.conv
    weight = result.weights[f"{name}.weight"]
    if conv.bias:
        assert d.bias == float(result.weights[f"{name}.bias"][c])
    else:
        assert d.bias is None
    # Which input channels: the group of c has in/groups consecutive channels.
    prev = stage_tensor(result, d.previous)
    per_in = prev.shape[0] // conv.groups
    g = c // (conv.out_channels // conv.groups)
    assert d.in_channels == tuple(range(g * per_in, g * per_in + per_in))
    # The patch: torch's own padding of the previous stage, read at the window's positions.
    (top, bottom), (left, right) = conv.padding_pairs()
    padded = F.pad(prev[None], (left, right, top, bottom), mode=TORCH_PAD_MODE[conv.padding_mode])[0]
    rows = np.array(d.window.rows) + top
    cols = np.array(d.window.cols) + left
    for k, term in enumerate(d.terms):
        expected_patch = padded[term.in_channel][rows][:, cols].numpy()
        np.testing.assert_allclose(term.patch, expected_patch, rtol=0, atol=0)
        np.testing.assert_array_equal(term.kernel, weight[c, k])
        np.testing.assert_allclose(
            term.products, expected_patch.astype(np.float64) * weight[c, k], rtol=1e-12
        )
    # Dilation's gaps: consecutive taps are `dilation` apart, starting at row*stride - pad.
    assert d.window.rows[0] == r * conv.stride[0] - top
    assert all(b - a == conv.dilation[0] for a, b in zip(d.window.rows, d.window.rows[1:], strict=False))


def check_pool(result, name, cell, explanation):
    d = explanation.detail
    assert isinstance(d, PoolDetail)
    c, r, col = cell
    value = float(result.stages[name][c, r, col])
    assert d.total == pytest.approx(value, rel=1e-5, abs=1e-6)
    pool = result.spec.blocks[int(name[4:]) - 1].pool
    prev = stage_tensor(result, d.previous)[c][None, None]
    stride = pool.effective_stride
    if pool.type == "max":
        _, indices = F.max_pool2d(
            prev, pool.kernel_size, stride, pool.padding, pool.dilation, pool.ceil_mode, return_indices=True
        )
        flat = int(indices[0, 0, r, col])
        winner = divmod(flat, prev.shape[-1])
        # Ties can make torch's index and ours differ only in position, never in value.
        assert float(prev[0, 0][winner]) == float(prev[0, 0][d.winner])
        assert d.winner == winner
    else:
        ones = torch.ones_like(prev)
        kwargs = dict(
            kernel_size=pool.kernel_size,
            stride=stride,
            padding=pool.padding,
            ceil_mode=pool.ceil_mode,
            count_include_pad=pool.count_include_pad,
        )
        real = float(F.avg_pool2d(ones, divisor_override=1, **kwargs)[0, 0, r, col])
        mean_of_ones = float(
            F.avg_pool2d(ones, divisor_override=pool.divisor_override, **kwargs)[0, 0, r, col]
        )
        assert d.divisor == pytest.approx(real / mean_of_ones)
        assert int((~(d.window.is_padding | d.outside)).sum()) >= real
        assert d.sum == pytest.approx(value * d.divisor, rel=1e-4, abs=1e-5)


@HYPOTHESIS
@given(plan=small_plans(), data=st.data())
def test_every_cell_kind_matches_torch(plan, data):
    assume(plan is not None)
    result = run(plan)
    for name in result.plan.stage_names():
        if name in ("flatten", "fc"):
            continue
        for cell in cells(data, result, name):
            e = explain(result, name, *cell)
            assert e.at == cell[1:] and e.channel == cell[0] and e.stage == name
            if name.startswith("conv"):
                check_conv(result, name, cell, e)
            elif name.startswith("pool"):
                check_pool(result, name, cell, e)
            else:
                d = e.detail
                assert isinstance(d, ReluDetail)
                pre = float(result.stages[d.conv_stage][cell])
                assert d.pre_activation == pre
                assert e.value == max(0.0, pre)
                check_conv(result, d.conv_stage, cell, explain(result, d.conv_stage, *cell))
    n = result.stages["flatten"].shape[0]
    i = data.draw(st.integers(0, n - 1))
    e = explain(result, "flatten", i)
    assert isinstance(e.detail, FlattenDetail)
    last = e.detail.previous
    shape = result.stages[last].shape
    c, r, col = e.detail.source
    assert int(torch.arange(n).reshape(shape)[c, r, col]) == i
    assert e.value == float(result.stages[last][c, r, col])


def test_fc_dot_product_against_torch():
    result = run(ENGINE_PLAN)
    x = torch.from_numpy(np.array(result.stages["flatten"])).double()
    w = torch.from_numpy(np.array(result.weights["fc.weight"])).double()
    for j in range(10):
        e = explain(result, "fc", j)
        d = e.detail
        assert isinstance(d, FcDetail)
        assert d.total == pytest.approx(float(result.stages["fc"][j]), rel=1e-4, abs=1e-5)
        products = (w[j] * x).numpy()
        top = np.sort(np.abs(products))[::-1][: len(d.top)]
        np.testing.assert_allclose([abs(c.product) for c in d.top], top)
        assert d.rest + sum(c.product for c in d.top) == pytest.approx(float(products.sum()))
        for c in d.top:
            ch, r, col = c.source
            assert c.input == pytest.approx(float(result.stages["pool2"][ch, r, col]))


def test_ceil_mode_partial_window_by_hand():
    # conv1 (k3, s2, p1) makes 5 × 5 maps of a 10 × 10 input; 2 × 2 avg pooling with ceil_mode
    # gives 3 × 3, and the last window (rows 4-5) runs one row past the map: row 5 is "outside".
    values = {"input.size": (10, 10), "blocks": 1, "pool1.type": "avg", "pool1.ceil_mode": True}
    result = run(make_plan(Settings.textbook().replace(values), keep_previous=False))
    e = explain(result, "pool1", 0, 2, 2)
    d = e.detail
    assert d.window.rows == (4, 5) and d.outside.tolist() == [[False, True], [True, True]]
    # torch divides by the cells up to the end of the padding (none here): just one.
    assert d.divisor == 1 and e.value == pytest.approx(float(result.stages["relu1"][0, 4, 4]))
    assert e.to_json()["window"][1] == [None, None]


ENGINE_PLAN = make_plan(Settings.textbook().replace({"input.size": (32, 40)}), keep_previous=False)


def test_textbook_conv1_cell_reads_padding_as_zero():
    result = run(ENGINE_PLAN)
    e = explain(result, "conv1", 0, 0, 0)
    d = e.detail
    assert d.window.rows == (-1, 0, 1) and d.window.cols == (-1, 0, 1)
    assert d.window.is_padding[0].all() and d.window.is_padding[:, 0].all()
    assert all(t.patch[0, 0] == 0 for t in d.terms)
    assert len(d.terms) == 3 and e.receptive_field.to_json() == {
        "box": [-1, -1, 2, 2],
        "size": [3, 3],
        "jump": [2, 2],
    }


@pytest.mark.parametrize(
    ("stage", "channel", "row", "col", "words"),
    [
        ("input", 0, 0, 0, "input"),
        ("conv9", 0, 0, 0, "no stage"),
        ("conv1", 16, 0, 0, "0 to 15"),
        ("conv1", 0, 16, 0, "0 to 15"),
        ("pool1", 0, 0, -1, "0 to 9"),
        ("fc", 10, None, None, "0 to 9"),
        ("fc", 1, 2, 3, "only an index"),
        ("conv1", 0, None, None, "row and a column"),
    ],
)
def test_bad_cells_name_the_valid_range(stage, channel, row, col, words):
    result = run(ENGINE_PLAN)
    with pytest.raises(InspectError, match=words):
        explain(result, stage, channel, row, col)
