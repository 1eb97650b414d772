"""Every fix a problem message suggests really fixes it (issue: "fixes that fix").

Hundreds of invalid settings are drawn; for each problem, each suggested change
(``SettingError.fixes``) is applied on its own and the shape check (the oracle
tested against torch in test_shapes_vs_torch.py) must then find no problem on
that layer. Messages without a structured fix must not name a value to use.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings

LAYER_ARGS = st.fixed_dictionaries(
    {
        "input.size": st.integers(4, 40),
        "conv1.out_channels": st.integers(1, 12),
        "conv1.kernel_size": st.integers(1, 9),
        "conv1.stride": st.integers(1, 3),
        "conv1.padding": st.one_of(st.integers(0, 12), st.just("same"), st.just("valid")),
        "conv1.dilation": st.integers(1, 3),
        "conv1.groups": st.integers(1, 6),
        "conv1.padding_mode": st.sampled_from(["zeros", "reflect", "replicate", "circular"]),
        "pool1.kernel_size": st.integers(1, 5),
        "pool1.padding": st.integers(0, 3),
    }
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(LAYER_ARGS)
def test_each_suggested_fix_removes_its_problem(changes: dict) -> None:
    try:
        base = Settings().replace({**changes, "blocks": 1})
    except Exception:  # a value outside the table's range: not what this test is about
        return
    plan = make_plan(base)
    for problem in plan.problems:
        for key, value in problem.fixes:
            fixed = make_plan(base.replace({key: value}))
            still = [p for p in fixed.problems if p.key == problem.key]
            assert not still, (problem.message, key, value, [p.message for p in still])


def test_the_groups_message_suggests_only_groups_that_work() -> None:
    """The case from the issue: conv1 with 3 input channels and 16 outputs, groups=2."""
    plan = make_plan(Settings().replace({"conv1.groups": 2}))
    (problem,) = [p for p in plan.problems if p.key == "conv1.groups"]
    # By hand: divisors of both 3 and 16: only 1.
    assert problem.fixes == (("conv1.groups", 1),)
    assert "e.g. 1." in problem.message
    for number in re.findall(r"e\.g\. ([\d, ]+)", problem.message)[0].split(","):
        assert make_plan(Settings().replace({"conv1.groups": int(number)})).ok
