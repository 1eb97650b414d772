"""Stages reused from the previous result always equal a fresh computation (issue 7, item 1).

Stage reuse once compared the modules' printed form (``extra_repr()``), which
leaves out average pooling's ``divisor_override`` and ``count_include_pad``;
after such a change every stage was taken from the previous result and the
window showed maps of other settings. Here every reused run is checked against
a fresh engine with the same weights, for the cases that were found and for
random sequences of changes over every argument.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnviz.core.engine import Engine, ForwardResult
from cnnviz.core.errors import CnnvizError
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import TABLE, Kind, Settings


def _image(size: int, seed: int = 3) -> np.ndarray:
    array = np.random.default_rng(seed).random((3, size, size), dtype=np.float32)
    array.flags.writeable = False
    return array


def _run(engine: Engine, settings: Settings, image: np.ndarray, reuse: ForwardResult | None = None) -> ForwardResult:
    plan = make_plan(settings, input_size=(image.shape[1], image.shape[2]))
    plan.raise_problems()
    return engine.run(plan, image, reuse=reuse)


def _fresh(settings: Settings, image: np.ndarray, weights: dict[str, np.ndarray]) -> ForwardResult:
    engine = Engine("cpu")
    engine.use_weights({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
    result = _run(engine, settings, image)
    assert result.reused == ()
    return result


def _assert_equal_to_fresh(result: ForwardResult, image: np.ndarray) -> None:
    fresh = _fresh(result.settings, image, result.weights)
    assert list(result.stages) == list(fresh.stages)
    for name in fresh.stages:
        assert result.stages[name].shape == fresh.stages[name].shape, name
        np.testing.assert_allclose(result.stages[name], fresh.stages[name], rtol=0, atol=1e-6, err_msg=name)


@pytest.mark.parametrize(
    ("first", "then", "size"),
    [
        ({"pool1.type": "avg", "pool1.padding": 1, "pool1.kernel_size": 3}, {"pool1.divisor_override": 1}, 64),
        ({"pool1.type": "avg", "pool1.padding": 1, "pool1.kernel_size": 3}, {"pool1.count_include_pad": False}, 64),
        ({}, {"pool1.ceil_mode": True}, 250),
        ({}, {"pool1.ceil_mode": True}, 254),
        ({"pool2.type": "avg"}, {"pool2.divisor_override": 3}, 64),
    ],
)
def test_found_cases_are_recomputed(first: dict, then: dict, size: int) -> None:
    image = _image(size)
    engine = Engine("cpu")
    a = _run(engine, Settings().replace(first), image)
    b = _run(engine, a.settings.replace(then), image, reuse=a)
    _assert_equal_to_fresh(b, image)
    changed_layer = next(iter(then)).split(".")[0]
    assert changed_layer not in b.reused


def _value_strategy(key: str) -> st.SearchStrategy:
    row = TABLE[key]
    small = {"kernel_size": 4, "stride": 3, "padding": 2, "dilation": 2, "out_channels": 6, "groups": 2}
    top = small.get(row.name, 3)
    lo = row.minimum if row.minimum is not None else 0
    if row.kind is Kind.BOOL:
        return st.booleans()
    if row.kind is Kind.CHOICE:
        return st.sampled_from(row.choices)
    number = st.integers(lo, max(lo, top))
    if row.kind is Kind.INT:
        return number
    if row.kind is Kind.OPTIONAL_INT:
        return st.none() | number
    pair = st.tuples(number, number)
    if row.kind is Kind.OPTIONAL_PAIR:
        return st.none() | pair
    if row.kind is Kind.PADDING:
        return st.sampled_from(["same", "valid"]) | pair
    return pair


_KEYS = [k for k, row in TABLE.items() if row.block is not None and row.block <= 2]
_CHANGES = st.lists(st.sampled_from(_KEYS).flatmap(lambda k: st.tuples(st.just(k), _value_strategy(k))), min_size=1, max_size=6)


@settings(max_examples=int(os.environ.get("CNNVIZ_FUZZ_EXAMPLES", "60")))
@given(changes=_CHANGES)
def test_random_sequences_of_changes_reuse_only_what_is_unchanged(changes: list[tuple[str, object]]) -> None:
    image = _image(40)
    engine = Engine("cpu")
    current = Settings().replace({"conv1.out_channels": 4, "conv2.out_channels": 4})
    previous = _run(engine, current, image)
    for key, value in changes:
        try:
            candidate = current.replace({key: value})
            plan = make_plan(candidate, input_size=(40, 40))
        except CnnvizError:
            continue
        if not plan.ok:
            continue
        current = candidate
        result = engine.run(plan, image, reuse=previous)
        _assert_equal_to_fresh(result, image)
        previous = result
