"""Receptive fields against torch: which input pixels change a cell, and where its gradient is non-zero.

The oracle network is built here with torch from the layer arguments, with positive
weights, no bias and no ReLU, so no contribution can cancel another. A bump of one
input pixel (all channels) changes a cell exactly when the pixel is read by it, through
max pooling too (a large enough bump wins every window it is in).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from inspect_strategies import small_plans
from torch import nn

from cnnviz.core.padding import coverage, padded_view
from cnnviz.core.plan import make_plan
from cnnviz.core.receptive import trace
from cnnviz.core.settings import Settings

# torch notes that 'same' with an even kernel pads a copy; expected here, not a problem.
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
HYPOTHESIS = settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
BUMP = 1e4


def oracle_layers(plan):
    """(stage name, torch module) for every conv and pool, positive weights, no bias."""
    torch.manual_seed(0)
    layers = []
    cin = 3
    for block in plan.spec.blocks:
        args = dict(block.conv.torch_arguments(), bias=False)
        conv = nn.Conv2d(cin, **args).double()
        with torch.no_grad():
            conv.weight.uniform_(0.5, 1.0)
        layers.append((block.conv_name, conv))
        if block.pool.enabled:
            pool_class = nn.MaxPool2d if block.pool.type == "max" else nn.AvgPool2d
            layers.append((block.pool_name, pool_class(**block.pool.torch_arguments())))
        cin = block.conv.out_channels
    return layers


def stage_outputs(layers, x):
    out = {}
    for name, module in layers:
        x = module(x)
        out[name] = x
    return out


@HYPOTHESIS
@given(plan=small_plans(max_side=9))
def test_read_set_is_what_a_bump_changes(plan):
    assume(plan is not None)
    h, w = plan.input_size
    layers = oracle_layers(plan)
    base = torch.rand(1, 3, h, w, dtype=torch.float64)
    bumped = base.repeat(h * w, 1, 1, 1)
    for p in range(h * w):
        bumped[p, :, p // w, p % w] += BUMP
    with torch.no_grad():
        before = stage_outputs(layers, base)
        after = stage_outputs(layers, bumped)
    for name, _ in layers:
        changed = (after[name][:, 0] - before[name][0, 0]).abs() > 1e-6  # (pixels, oh, ow)
        _, oh, ow = changed.shape
        for r in range(oh):
            for c in range(ow):
                field = trace(plan.report, name, r, c)
                expected = np.zeros((h, w), dtype=bool)
                expected[np.ix_(field.read_rows, field.read_cols)] = True
                seen = changed[:, r, c].reshape(h, w).numpy()
                assert (seen == expected).all(), (name, r, c)
                # The box holds every pixel read; without padding copies it is their span.
                r0, c0, r1, c1 = field.clipped(h, w)
                rows, cols = np.nonzero(seen)
                modes = {b.conv.padding_mode for b in plan.spec.blocks}
                if modes == {"zeros"}:
                    assert rows.min() >= r0 and rows.max() < r1 and cols.min() >= c0 and cols.max() < c1


@HYPOTHESIS
@given(plan=small_plans(max_side=11, blocks=1))
def test_gradient_support_is_the_read_set(plan):
    assume(plan is not None and plan.spec.blocks[0].pool.type != "max")
    h, w = plan.input_size
    layers = oracle_layers(plan)
    name = layers[-1][0]
    x = torch.rand(1, 3, h, w, dtype=torch.float64, requires_grad=True)
    out = stage_outputs(layers, x)[name]
    _, _, oh, ow = out.shape
    for r, c in {(0, 0), (oh - 1, ow - 1), (oh // 2, ow // 2)}:
        (grad,) = torch.autograd.grad(out[0, 0, r, c], x, retain_graph=True)
        support = (grad[0] != 0).any(0).numpy()
        field = trace(plan.report, name, r, c)
        expected = np.zeros((h, w), dtype=bool)
        expected[np.ix_(field.read_rows, field.read_cols)] = True
        assert (support == expected).all()


def test_textbook_receptive_fields_by_hand():
    plan = make_plan(Settings.textbook(), keep_previous=False)
    # conv1 k3 s2 p1: cell (0, 0) reads rows -1..1; pool1 2x2: rows -1..3; conv2 k3 p1 at jump 4: -5..7;
    # pool2 2x2 at jump 4: -5..11.
    assert trace(plan.report, "conv1", 0, 0).box == (-1, -1, 2, 2)
    assert trace(plan.report, "pool1", 0, 0).box == (-1, -1, 4, 4)
    assert trace(plan.report, "conv2", 0, 0).box == (-5, -5, 8, 8)
    field = trace(plan.report, "pool2", 31, 31)
    assert field.box == (243, 243, 260, 260) and field.size == (17, 17) and field.jump == (8, 8)
    assert field.clipped(256, 256) == (243, 243, 256, 256)
    # What it reads in each earlier stage: the stage each layer reads, the input first.
    assert [wdw.stage for wdw in field.windows] == ["input", "relu1", "pool1", "relu2"]
    assert field.windows[-1].rows == (62, 64) and field.windows[-1].read_rows == (62, 63)
    # conv2 (k3, p1) at rows 62-63 reads pool1 rows 61-64; row 64 is its padding, so 61-63 are read.
    assert field.windows[2].rows == (61, 65) and field.windows[2].read_rows == (61, 62, 63)


def test_padded_view_matches_torch_pad():
    x = np.random.default_rng(1).standard_normal((2, 5, 6))
    t = torch.from_numpy(x)[None]
    for mode, torch_mode in (
        ("zeros", "constant"),
        ("reflect", "reflect"),
        ("replicate", "replicate"),
        ("circular", "circular"),
    ):
        view = padded_view(x, ((2, 1), (0, 3)), mode)
        expected = torch.nn.functional.pad(t, (0, 3, 2, 1), mode=torch_mode)[0].numpy()
        np.testing.assert_array_equal(view.values, expected)
        assert view.is_padding[:2].all() and view.is_padding[-1].all() and view.is_padding[:, -3:].all()
        assert not view.is_padding[2:-1, :-3].any()
    assert (padded_view(x, ((1, 1), (1, 1)), "max").values[:, 0] == -np.inf).all()


def test_coverage_of_floor_and_ceil():
    from cnnviz.core.shapes import AxisArithmetic

    # 7 rows, 2-wide windows, stride 2: windows 0-1, 2-3, 4-5; floor drops row 6.
    a = AxisArithmetic("H", "max", 7, 0, 0, 2, 1, 2)
    cov = coverage(a)
    assert a.size_out == 3 and cov.dropped == (6, 7) and cov.gaps == () and cov.partial == (7, 7)
    # ceil_mode keeps a last window at 6-7 that runs one row past the input.
    b = AxisArithmetic("H", "max", 7, 0, 0, 2, 1, 2, ceil_mode=True)
    cov = coverage(b)
    assert b.size_out == 4 and cov.dropped == (7, 7) and cov.partial == (7, 8)
    # kernel 1 stride 3 on 8 rows reads 0, 3, 6: rows 1, 2, 4, 5 are gaps, 7 is dropped.
    c = AxisArithmetic("H", "conv", 8, 0, 0, 1, 1, 3)
    cov = coverage(c)
    assert cov.gaps == (1, 2, 4, 5) and cov.dropped == (7, 8)
