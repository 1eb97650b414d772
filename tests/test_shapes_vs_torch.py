"""The pure shape arithmetic must agree with real torch modules, and reject
exactly what torch rejects, over every argument the settings expose."""

from __future__ import annotations

import pytest
import torch
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from torch import nn

from cnnviz.core.settings import Settings
from cnnviz.core.shapes import compute_shapes
from cnnviz.core.spec import NetworkSpec

torch.set_num_threads(1)

small = st.integers(1, 7)
pair = st.one_of(small.map(lambda v: (v, v)), st.tuples(small, small))


def _pair(lo: int, hi: int):
    values = st.integers(lo, hi)
    return st.one_of(values.map(lambda v: (v, v)), st.tuples(values, values))


@st.composite
def block_settings(draw, b: int) -> dict:
    conv = {
        f"conv{b}.out_channels": draw(st.one_of(st.integers(1, 8), st.sampled_from([4, 6, 8, 12]))),
        f"conv{b}.kernel_size": draw(_pair(1, 6)),
        f"conv{b}.stride": draw(_pair(1, 3)),
        f"conv{b}.padding": draw(st.one_of(_pair(0, 4), st.sampled_from(["same", "valid"]))),
        f"conv{b}.dilation": draw(_pair(1, 3)),
        f"conv{b}.groups": draw(st.one_of(st.just(1), st.just(1), st.integers(1, 4))),
        f"conv{b}.bias": draw(st.booleans()),
        f"conv{b}.padding_mode": draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"])),
    }
    ptype = draw(st.sampled_from(["max", "avg", "none"]))
    pool = {
        f"pool{b}.type": ptype,
        f"pool{b}.kernel_size": draw(_pair(1, 5)),
        f"pool{b}.stride": draw(st.one_of(st.none(), _pair(1, 3))),
        f"pool{b}.padding": draw(st.one_of(st.just((0, 0)), _pair(0, 3))),
        f"pool{b}.dilation": draw(_pair(1, 3)),
        f"pool{b}.ceil_mode": draw(st.booleans()),
        f"pool{b}.count_include_pad": draw(st.booleans()),
        f"pool{b}.divisor_override": draw(st.one_of(st.none(), st.integers(1, 9))),
    }
    return {**conv, **pool}


@st.composite
def network_settings(draw) -> Settings:
    blocks = draw(st.integers(1, 2))
    values: dict = {"blocks": blocks, "input.size": draw(st.one_of(_pair(1, 12), _pair(12, 40)))}
    for b in range(1, blocks + 1):
        values.update(draw(block_settings(b)))
    return Settings(values)


def torch_stages(s: Settings) -> list[tuple[str, tuple[int, ...]]]:
    """Build each layer with torch itself (not cnnviz's network module) and run it."""
    h, w = s["input.size"]
    x = torch.zeros(1, 3, h, w)
    out: list[tuple[str, tuple[int, ...]]] = []
    for b in range(1, s.blocks + 1):
        conv = nn.Conv2d(
            x.shape[1],
            s[f"conv{b}.out_channels"],
            s[f"conv{b}.kernel_size"],
            stride=s[f"conv{b}.stride"],
            padding=s[f"conv{b}.padding"],
            dilation=s[f"conv{b}.dilation"],
            groups=s[f"conv{b}.groups"],
            bias=s[f"conv{b}.bias"],
            padding_mode=s[f"conv{b}.padding_mode"],
        )
        x = conv(x)
        out += [(f"conv{b}", tuple(x.shape[1:])), (f"relu{b}", tuple(x.shape[1:]))]
        ptype = s[f"pool{b}.type"]
        if ptype == "max":
            x = nn.MaxPool2d(
                s[f"pool{b}.kernel_size"],
                s[f"pool{b}.stride"],
                s[f"pool{b}.padding"],
                s[f"pool{b}.dilation"],
                ceil_mode=s[f"pool{b}.ceil_mode"],
            )(x)
        elif ptype == "avg":
            x = nn.AvgPool2d(
                s[f"pool{b}.kernel_size"],
                s[f"pool{b}.stride"],
                s[f"pool{b}.padding"],
                ceil_mode=s[f"pool{b}.ceil_mode"],
                count_include_pad=s[f"pool{b}.count_include_pad"],
                divisor_override=s[f"pool{b}.divisor_override"],
            )(x)
        if ptype != "none":
            out.append((f"pool{b}", tuple(x.shape[1:])))
    flat = torch.flatten(x, 1)
    out.append(("flatten", tuple(flat.shape[1:])))
    out.append(("fc", (10,)))
    return out


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network_settings())
def test_shapes_agree_with_torch(s: Settings) -> None:
    report = compute_shapes(NetworkSpec.from_settings(s))
    try:
        with torch.no_grad():
            expected = torch_stages(s)
    except (RuntimeError, ValueError) as exc:
        assert not report.ok, f"torch rejects {s!r} ({exc}) but cnnviz accepts it: {report.strip()}"
        event(f"rejected at {report.problems[0].key.split('.')[1]}")
        return
    event("accepted")
    assert report.ok, f"torch accepts {s!r} but cnnviz rejects it: {[str(p) for p in report.problems]}"
    got = [(st.name, st.shape) for st in report.stages]
    assert got == expected


@pytest.mark.parametrize(
    ("changes", "key", "words"),
    [
        ({"conv1.groups": 2}, "conv1.groups", ["groups=2", "3 input channels"]),
        ({"conv1.groups": 3}, "conv1.groups", ["out_channels=16"]),
        ({"conv1.padding": "same"}, "conv1.padding", ["same", "stride"]),
        ({"conv1.kernel_size": 64, "conv1.padding": 0, "input.size": 32}, "conv1.kernel_size", ["64", "32"]),
        ({"pool1.padding": 2}, "pool1.padding", ["half"]),
        ({"conv1.padding": 300, "conv1.padding_mode": "reflect"}, "conv1.padding_mode", ["reflect", "256"]),
        ({"conv1.padding": 257, "conv1.padding_mode": "circular"}, "conv1.padding_mode", ["circular"]),
        ({"pool2.kernel_size": 64, "input.size": 64}, "pool2.kernel_size", ["window", "⌊"]),
    ],
)
def test_rejections_name_the_setting_and_numbers(changes, key, words) -> None:
    report = compute_shapes(NetworkSpec.from_settings(Settings().replace(changes)))
    assert not report.ok
    problem = report.problems[0]
    assert problem.key == key
    for word in words:
        assert word in problem.message, problem.message
