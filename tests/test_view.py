"""ViewOptions: colormaps and normalisation for the whole view and per stage."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnnviz.core.errors import SessionError
from cnnviz.core.render import (
    DEFAULT_DIVERGING,
    DEFAULT_SEQUENTIAL,
    DIVERGING_CMAPS,
    NORMALIZATION_MODES,
    SEQUENTIAL_CMAPS,
    Normalization,
)
from cnnviz.core.view import ALL_CMAPS, StageView, ViewOptions

STAGES = [("conv1", "conv"), ("relu1", "relu"), ("pool1", "pool"), ("conv2", "conv"), ("fc", "fc")]


def test_all_cmaps_is_every_map_once():
    assert set(ALL_CMAPS) == set(DIVERGING_CMAPS) | set(SEQUENTIAL_CMAPS)
    assert len(ALL_CMAPS) == len(set(ALL_CMAPS))


def test_defaults():
    view = ViewOptions()
    assert view.signed_cmap == DEFAULT_DIVERGING
    assert view.unsigned_cmap == DEFAULT_SEQUENTIAL
    assert view.norm == "channel"
    assert view.fixed_range == (-1.0, 1.0)
    assert dict(view.overrides) == {}
    assert view.cmap_for("conv1", "conv") == DEFAULT_DIVERGING
    assert view.cmap_for("fc", "fc") == DEFAULT_DIVERGING
    assert view.cmap_for("relu1", "relu") == DEFAULT_SEQUENTIAL
    assert view.cmap_for("pool2", "pool") == DEFAULT_SEQUENTIAL
    assert view.stage_view("conv1") == StageView()
    assert view.stage_view("conv1").is_default()
    assert view.norm_mode_for("conv1") == "channel"
    assert view.normalization_for("conv1") == Normalization("channel")


def test_whole_view_cmaps_follow_the_sign_of_the_stage():
    view = ViewOptions(signed_cmap="matplotlib:bwr", unsigned_cmap="bids:inferno")
    assert [view.cmap_for(s, k) for s, k in STAGES] == [
        "matplotlib:bwr",
        "bids:inferno",
        "bids:inferno",
        "matplotlib:bwr",
        "matplotlib:bwr",
    ]


def test_unknown_stage_kind_is_an_error():
    with pytest.raises(ValueError):
        ViewOptions().cmap_for("x", "softmax")


def test_override_cmap_only_that_stage():
    view = ViewOptions().with_override("relu1", cmap="bids:magma")
    assert view.cmap_for("relu1", "relu") == "bids:magma"
    assert view.cmap_for("relu2", "relu") == DEFAULT_SEQUENTIAL
    assert view.cmap_for("conv1", "conv") == DEFAULT_DIVERGING
    assert view.norm_mode_for("relu1") == "channel"  # norm still from the whole view
    assert view.stage_view("relu1") == StageView(cmap="bids:magma")
    # An override wins whatever the stage's sign.
    assert ViewOptions().with_override("conv1", cmap="bids:magma").cmap_for("conv1", "conv") == "bids:magma"


def test_override_norm_only_that_stage():
    view = ViewOptions(norm="stage").with_override("conv2", norm="fixed")
    assert view.norm_mode_for("conv2") == "fixed"
    assert view.norm_mode_for("conv1") == "stage"
    assert view.normalization_for("conv2") == Normalization("fixed", -1.0, 1.0)
    assert view.normalization_for("conv1") == Normalization("stage")
    assert view.cmap_for("conv2", "conv") == DEFAULT_DIVERGING


def test_overrides_combine_and_clear():
    base = ViewOptions()
    view = base.with_override("conv1", cmap="cmocean:balance").with_override("conv1", norm="stage")
    assert view.stage_view("conv1") == StageView("cmocean:balance", "stage")
    only_norm = view.with_override("conv1", cmap=None)
    assert only_norm.stage_view("conv1") == StageView(None, "stage")
    assert "conv1" in only_norm.overrides
    cleared = only_norm.with_override("conv1", norm=None)
    assert "conv1" not in cleared.overrides  # clearing both removes the entry
    assert cleared == base
    assert hash(cleared) == hash(base)
    # Clearing both at once, and clearing a stage that has no override.
    assert view.with_override("conv1", cmap=None, norm=None) == base
    assert base.with_override("pool9", cmap=None) == base


def test_with_override_does_not_change_the_original():
    base = ViewOptions()
    base.with_override("conv1", cmap="bids:magma")
    assert dict(base.overrides) == {}
    first = base.with_override("conv1", cmap="bids:magma")
    first.with_override("relu1", norm="stage")
    assert set(first.overrides) == {"conv1"}


def test_normalization_for_fixed_uses_the_range():
    view = ViewOptions(norm="fixed", fixed_range=(-3.0, 0.5))
    norm = view.normalization_for("conv1")
    assert norm == Normalization("fixed", -3.0, 0.5)
    assert (norm.mode, norm.vmin, norm.vmax) == ("fixed", -3.0, 0.5)
    # A stage overriding to "channel" ignores the range.
    view = view.with_override("relu1", norm="channel")
    assert view.normalization_for("relu1") == Normalization("channel")


def test_render_key_changes_with_normalisation_only():
    base = ViewOptions()
    key = base.render_key("conv1")
    # Colormaps never change what the worker computes.
    for changed in (
        ViewOptions(signed_cmap="matplotlib:coolwarm"),
        ViewOptions(unsigned_cmap="bids:plasma"),
        base.with_override("conv1", cmap="bids:magma"),
    ):
        assert changed.render_key("conv1") == key
    # The range matters only when it is used.
    assert ViewOptions(fixed_range=(0.0, 5.0)).render_key("conv1") == key
    # Normalisation does.
    assert ViewOptions(norm="stage").render_key("conv1") != key
    assert base.with_override("conv1", norm="stage").render_key("conv1") != key
    assert base.with_override("conv2", norm="stage").render_key("conv1") == key
    fixed = ViewOptions(norm="fixed")
    assert fixed.render_key("conv1") != key
    assert ViewOptions(norm="fixed", fixed_range=(0.0, 5.0)).render_key("conv1") != fixed.render_key("conv1")
    assert ViewOptions(norm="fixed", signed_cmap="seaborn:icefire").render_key("conv1") == fixed.render_key(
        "conv1"
    )


def test_hashable_and_equal():
    a = (
        ViewOptions(norm="stage")
        .with_override("conv1", cmap="bids:magma")
        .with_override("relu1", norm="fixed")
    )
    b = (
        ViewOptions(norm="stage")
        .with_override("relu1", norm="fixed")
        .with_override("conv1", cmap="bids:magma")
    )
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, ViewOptions()}) == 2
    assert {a: 1}[b] == 1
    assert a != b.with_override("conv1", cmap="bids:plasma")
    assert ViewOptions() != ViewOptions(norm="stage")
    assert ViewOptions() != ViewOptions(fixed_range=(-1.0, 2.0))
    assert ViewOptions() == ViewOptions(fixed_range=(-1, 1))
    assert hash(ViewOptions()) == hash(ViewOptions(fixed_range=(-1, 1)))


def test_to_json_shape():
    view = (
        ViewOptions(norm="fixed", fixed_range=(-2.0, 3.0))
        .with_override("conv1", cmap="bids:magma")
        .with_override("relu1", norm="stage")
    )
    assert view.to_json() == {
        "signed_cmap": DEFAULT_DIVERGING,
        "unsigned_cmap": DEFAULT_SEQUENTIAL,
        "norm": "fixed",
        "fixed_range": [-2.0, 3.0],
        "overrides": {"conv1": {"cmap": "bids:magma"}, "relu1": {"norm": "stage"}},
    }


def test_from_json_empty_is_default():
    assert ViewOptions.from_json({}) == ViewOptions()


def test_from_json_error_names_field():
    with pytest.raises(SessionError) as info:
        ViewOptions.from_json({"norm": "median"})
    assert info.value.subject == "view.norm"
    assert str(info.value).startswith("view.norm: ")


@st.composite
def _views(draw):
    lo = draw(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
    width = draw(st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False))
    hi = lo + width
    view = ViewOptions(
        signed_cmap=draw(st.sampled_from(ALL_CMAPS)),
        unsigned_cmap=draw(st.sampled_from(ALL_CMAPS)),
        norm=draw(st.sampled_from(NORMALIZATION_MODES)),
        fixed_range=(lo, hi),
    )
    stages = draw(
        st.lists(st.sampled_from([s for s, _ in STAGES] + ["relu2", "pool2"]), max_size=4, unique=True)
    )
    for stage in stages:
        view = view.with_override(
            stage,
            cmap=draw(st.none() | st.sampled_from(ALL_CMAPS)),
            norm=draw(st.none() | st.sampled_from(NORMALIZATION_MODES)),
        )
    return view


@given(_views())
def test_json_round_trip(view):
    assert lo_lt_hi(view)
    data = view.to_json()
    text = json.dumps(data, allow_nan=False)  # standard JSON
    back = ViewOptions.from_json(json.loads(text))
    assert back == view
    assert hash(back) == hash(view)
    assert back.to_json() == data
    for stage, kind in STAGES:
        assert back.cmap_for(stage, kind) == view.cmap_for(stage, kind)
        assert back.render_key(stage) == view.render_key(stage)
        assert back.normalization_for(stage) == view.normalization_for(stage)


def lo_lt_hi(view: ViewOptions) -> bool:
    lo, hi = view.fixed_range
    return lo < hi
