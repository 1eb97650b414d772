"""Hypothesis strategies shared by the inspector tests: small networks over every argument."""

from __future__ import annotations

from hypothesis import strategies as st

from cnnviz.core.plan import Plan, make_plan
from cnnviz.core.settings import Settings

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _pair(values: st.SearchStrategy[int]) -> st.SearchStrategy[tuple[int, int]]:
    return st.one_of(values.map(lambda v: (v, v)), st.tuples(values, values))


@st.composite
def conv_settings(draw: st.DrawFn, block: int, in_channels: int) -> dict[str, object]:
    groups = draw(st.sampled_from([g for g in (1, 2, 3) if in_channels % g == 0]))
    out = groups * draw(st.integers(1, 2))
    kernel = draw(_pair(st.integers(1, 4)))
    dilation = draw(_pair(st.integers(1, 3)))
    padding_kind = draw(st.sampled_from(["pair", "pair", "same", "valid"]))
    stride = (1, 1) if padding_kind == "same" else draw(_pair(st.integers(1, 3)))
    padding: object = draw(_pair(st.integers(0, 2))) if padding_kind == "pair" else padding_kind
    p = f"conv{block}"
    return {
        f"{p}.out_channels": out,
        f"{p}.kernel_size": kernel,
        f"{p}.stride": stride,
        f"{p}.padding": padding,
        f"{p}.dilation": dilation,
        f"{p}.groups": groups,
        f"{p}.bias": draw(st.booleans()),
        f"{p}.padding_mode": draw(st.sampled_from(PADDING_MODES)),
    }


@st.composite
def pool_settings(draw: st.DrawFn, block: int) -> dict[str, object]:
    kernel = draw(_pair(st.integers(1, 3)))
    p = f"pool{block}"
    return {
        f"{p}.type": draw(st.sampled_from(["max", "avg", "none"])),
        f"{p}.kernel_size": kernel,
        f"{p}.stride": draw(st.one_of(st.none(), _pair(st.integers(1, 3)))),
        f"{p}.padding": (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2))),
        f"{p}.dilation": draw(_pair(st.integers(1, 2))),
        f"{p}.ceil_mode": draw(st.booleans()),
        f"{p}.count_include_pad": draw(st.booleans()),
        f"{p}.divisor_override": draw(st.one_of(st.none(), st.integers(1, 7))),
    }


@st.composite
def small_plans(draw: st.DrawFn, max_side: int = 14, blocks: int | None = None) -> Plan | None:
    """A plan of one or two blocks on a small input, or None when torch would refuse it."""
    count = blocks if blocks is not None else draw(st.integers(1, 2))
    values: dict[str, object] = {
        "blocks": count,
        "input.size": (draw(st.integers(5, max_side)), draw(st.integers(5, max_side))),
    }
    in_channels = 3
    for b in range(1, count + 1):
        conv = draw(conv_settings(b, in_channels))
        values.update(conv)
        values.update(draw(pool_settings(b)))
        in_channels = int(conv[f"conv{b}.out_channels"])  # type: ignore[call-overload]
    plan = make_plan(Settings.textbook().replace(values), keep_previous=False)
    return plan if plan.ok else None
