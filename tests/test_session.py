"""Session files: save/load round trip, and every bad input refused with a SessionError."""

from __future__ import annotations

import copy
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnviz.core.errors import SessionError
from cnnviz.core.session import FORMAT, MAX_SESSION_BYTES, VERSION, Session, load_session, save_session
from cnnviz.core.settings import Settings
from cnnviz.core.view import StageView, ViewOptions


def _session(tmp_path: Path) -> Session:
    view = ViewOptions(
        signed_cmap="matplotlib:coolwarm",
        unsigned_cmap="bids:magma",
        norm="fixed",
        fixed_range=(-2.5, 4.0),
        overrides={"conv1": StageView(cmap="cmocean:balance"), "relu2": StageView(norm="stage")},
    )
    return Session(
        settings=Settings().replace({"conv1.stride": (1, 2), "blocks": 3, "conv2.bias": False}),
        view=view,
        image=tmp_path / "images" / "cat.jpg",
        device="cpu",
        weights=tmp_path / "trained.safetensors",
    )


def _valid_dict() -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "image": "images/cat.jpg",
        "settings": {"conv1.stride": [2, 2], "blocks": 2, "conv1.bias": True, "pool1.type": "avg"},
        "view": {
            "signed_cmap": "colorbrewer:RdBu_r",
            "unsigned_cmap": "bids:viridis",
            "norm": "channel",
            "fixed_range": [-1.0, 1.0],
            "overrides": {"conv1": {"cmap": "bids:magma", "norm": "stage"}},
        },
        "device": "cpu",
        "weights": None,
    }


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _load_error(path: Path) -> str:
    with pytest.raises(SessionError) as info:
        load_session(path)
    text = str(info.value)
    assert str(path) in text, text  # every message names the file
    return text


# ---------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------


def test_round_trip_relative_paths(tmp_path):
    session = _session(tmp_path)
    path = save_session(session, tmp_path / "s.cnnviz.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT and raw["version"] == VERSION
    # Files next to the session are written relative to it.
    assert raw["image"] == str(Path("images") / "cat.jpg")
    assert raw["weights"] == "trained.safetensors"

    loaded = load_session(path)
    assert loaded == session
    assert loaded.settings == session.settings
    assert loaded.view == session.view
    assert loaded.device == "cpu"
    assert loaded.image == tmp_path / "images" / "cat.jpg"
    assert loaded.image.is_absolute()
    assert loaded.weights == tmp_path / "trained.safetensors"


def test_round_trip_from_another_directory(tmp_path, monkeypatch):
    sub = tmp_path / "sessions" / "deep"
    sub.mkdir(parents=True)
    session = _session(tmp_path)
    monkeypatch.chdir(tmp_path)
    save_session(session, Path("sessions/deep/s.json"))  # a relative session path
    raw = json.loads((sub / "s.json").read_text(encoding="utf-8"))
    assert raw["image"] == str(Path("..") / ".." / "images" / "cat.jpg")
    monkeypatch.chdir(sub)
    loaded = load_session("s.json")
    assert loaded.image.resolve() == (tmp_path / "images" / "cat.jpg").resolve()
    assert loaded.weights.resolve() == (tmp_path / "trained.safetensors").resolve()
    assert loaded.settings == session.settings and loaded.view == session.view


def test_absolute_paths_stay_absolute(tmp_path):
    path = tmp_path / "s.json"
    data = _valid_dict()
    data["image"] = "/elsewhere/cat.jpg"
    data["weights"] = "/elsewhere/w.safetensors"
    loaded = load_session(_write(path, data))
    assert loaded.image == Path("/elsewhere/cat.jpg")
    assert loaded.weights == Path("/elsewhere/w.safetensors")
    # ... and are written back unchanged when saving without a common base.
    again = load_session(save_session(loaded, tmp_path / "t.json"))
    assert again.image.resolve() == Path("/elsewhere/cat.jpg").resolve()


def test_defaults_and_nulls(tmp_path):
    loaded = load_session(_write(tmp_path / "s.json", {"format": FORMAT, "version": VERSION}))
    assert loaded == Session()
    assert loaded.image is None and loaded.weights is None and loaded.device == "auto"
    loaded = load_session(save_session(Session(), tmp_path / "t.json"))
    assert loaded == Session()


def test_round_trip_non_ascii_and_undecodable_names(tmp_path):
    # A file name that is not UTF-8 arrives as a lone surrogate; saving must not crash.
    session = Session(
        image=tmp_path / "chat-\u00e9t\u00e9.jpg", weights=tmp_path / "w\udcff.safetensors", device="cpu"
    )
    path = save_session(session, tmp_path / "s.json")
    path.read_bytes().decode("utf-8")  # still a UTF-8 text file
    assert load_session(path) == session


def test_example_file_in_docstring_loads(tmp_path):
    data = _valid_dict()
    loaded = load_session(_write(tmp_path / "s.json", data))
    assert loaded.settings["conv1.stride"] == (2, 2)
    assert loaded.settings["pool1.type"] == "avg"
    assert loaded.view.stage_view("conv1") == StageView("bids:magma", "stage")
    assert loaded.image == tmp_path / "images" / "cat.jpg"


def test_save_to_a_directory_is_a_session_error(tmp_path):
    target = tmp_path / "dir"
    target.mkdir()
    with pytest.raises(SessionError) as info:
        save_session(Session(), target)
    assert str(target) in str(info.value)


# ---------------------------------------------------------------------------
# Files that are not sessions
# ---------------------------------------------------------------------------


def test_missing_file(tmp_path):
    assert "no such file" in _load_error(tmp_path / "nope.json")


def test_directory(tmp_path):
    assert "not a file" in _load_error(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert "not valid JSON" in _load_error(path)


def test_non_utf8_bytes(tmp_path):
    path = tmp_path / "bin.json"
    path.write_bytes(b'{"format": "\xff\xfe\x00cnnviz"}')
    assert "not a text file" in _load_error(path)


def test_invalid_json_has_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "cnnviz-session",\n  "version": 1,,\n}\n', encoding="utf-8")
    text = _load_error(path)
    assert "not valid JSON" in text
    assert "line 3" in text and "column 16" in text


def test_json_list(tmp_path):
    assert "must be a JSON object" in _load_error(_write(tmp_path / "s.json", [_valid_dict()]))


@pytest.mark.parametrize("value", ["cnnviz-sesion", None, 1, ["cnnviz-session"]])
def test_wrong_format(tmp_path, value):
    data = _valid_dict()
    data["format"] = value
    assert "'format'" in _load_error(_write(tmp_path / "s.json", data))


def test_missing_format(tmp_path):
    data = _valid_dict()
    del data["format"]
    assert "'format'" in _load_error(_write(tmp_path / "s.json", data))


@pytest.mark.parametrize("value", [2, 0, "1", None])
def test_unsupported_version(tmp_path, value):
    data = _valid_dict()
    data["version"] = value
    text = _load_error(_write(tmp_path / "s.json", data))
    assert "version" in text and "not supported" in text


def test_unknown_top_level_field(tmp_path):
    data = _valid_dict()
    data["colour"] = "blue"
    text = _load_error(_write(tmp_path / "s.json", data))
    assert "unknown field" in text and "colour" in text


def test_file_over_one_megabyte(tmp_path):
    data = _valid_dict()
    data["device"] = "x" * (MAX_SESSION_BYTES + 10)  # would otherwise be valid
    path = _write(tmp_path / "big.json", data)
    assert path.stat().st_size > MAX_SESSION_BYTES
    assert "too large" in _load_error(path)


def test_integer_too_long_for_python(tmp_path):
    # json.loads raises a plain ValueError (not JSONDecodeError) past 4300 digits.
    path = tmp_path / "s.json"
    path.write_text('{"format": "cnnviz-session", "version": ' + "9" * 5000 + "}", encoding="utf-8")
    assert "not valid JSON" in _load_error(path)


def test_nesting_too_deep(tmp_path):
    # json.loads raises RecursionError here; still under 1 MB.
    path = tmp_path / "s.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert "not valid JSON" in _load_error(path)


# ---------------------------------------------------------------------------
# Bad settings
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("conv1.strid", 2, "unknown setting"),
        ("conv1.stride", 0, "out of range"),
        ("conv1.stride", [1, 0], "out of range"),
        ("blocks", 6, "out of range"),
        ("conv1.bias", "maybe", "not true or false"),
        ("conv1.bias", 1, "true or false"),
        ("conv1.kernel_size", "big", "not a number"),
        ("conv1.kernel_size", [1, 2, 3], "pair"),
        ("conv1.out_channels", 2.5, "whole number"),
        ("conv1.out_channels", float("nan"), "whole number"),
        ("pool1.type", "median", "not one of"),
        ("input.size", {"h": 1}, "pair"),
    ],
)
def test_bad_setting_names_the_key(tmp_path, key, value, words):
    data = _valid_dict()
    data["settings"] = {key: value}
    text = _load_error(_write(tmp_path / "s.json", data))
    assert f"{key}:" in text
    assert words in text


def test_several_bad_settings_all_named(tmp_path):
    data = _valid_dict()
    data["settings"] = {"conv1.stride": 0, "conv2.bias": "maybe"}
    text = _load_error(_write(tmp_path / "s.json", data))
    assert "conv1.stride" in text and "conv2.bias" in text


@pytest.mark.parametrize("value", [[], "conv1.stride=2", 3, None])
def test_settings_not_an_object(tmp_path, value):
    data = _valid_dict()
    data["settings"] = value
    assert "settings" in _load_error(_write(tmp_path / "s.json", data))


# ---------------------------------------------------------------------------
# Bad view
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "where", "words"),
    [
        ({"signed_cmap": "no:such_map"}, "view.signed_cmap", "unknown colormap"),
        ({"unsigned_cmap": "viridis-ish"}, "view.unsigned_cmap", "unknown colormap"),
        ({"unsigned_cmap": 3}, "view.unsigned_cmap", "must be text"),
        ({"signed_cmap": ""}, "view.signed_cmap", "unknown colormap"),
        ({"norm": "median"}, "view.norm", "'median' is not one of"),
        ({"norm": None}, "view.norm", "not one of"),
        ({"fixed_range": [1, 0]}, "view.fixed_range", "low < high"),
        ({"fixed_range": [1, 1]}, "view.fixed_range", "low < high"),
        ({"fixed_range": [float("nan"), 1.0]}, "view.fixed_range", "finite"),
        ({"fixed_range": [0.0, float("inf")]}, "view.fixed_range", "finite"),
        ({"fixed_range": [0, 10**400]}, "view.fixed_range", "finite"),
        ({"fixed_range": [0]}, "view.fixed_range", "two"),
        ({"fixed_range": [0, 1, 2]}, "view.fixed_range", "two"),
        ({"fixed_range": "0,1"}, "view.fixed_range", "two"),
        ({"fixed_range": [False, True]}, "view.fixed_range", "two"),
        ({"overrides": []}, "view.overrides", "must be an object"),
        ({"overrides": "conv1"}, "view.overrides", "must be an object"),
        ({"overrides": {"conv1": {"colour": "red"}}}, "view.overrides.conv1", "'cmap' and/or 'norm'"),
        ({"overrides": {"conv1": "bids:magma"}}, "view.overrides.conv1", "'cmap' and/or 'norm'"),
        ({"overrides": {"conv1": {"cmap": "nope:nope"}}}, "view.overrides.conv1.cmap", "unknown colormap"),
        ({"overrides": {"relu1": {"norm": "median"}}}, "view.overrides.relu1.norm", "not one of"),
        ({"colour": "red"}, "view", "unknown field"),
    ],
)
def test_bad_view_names_the_field(tmp_path, view, where, words):
    data = _valid_dict()
    data["view"] = view
    text = _load_error(_write(tmp_path / "s.json", data))
    assert f"{where}:" in text, text
    assert words in text, text


def test_fixed_range_nan_written_by_python_json(tmp_path):
    # Python's json writes NaN (not standard JSON) and reads it back.
    path = tmp_path / "s.json"
    data = _valid_dict()
    data["view"]["fixed_range"] = [math.nan, 1.0]
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    assert "NaN" in path.read_text(encoding="utf-8")
    assert "view.fixed_range" in _load_error(path)


@pytest.mark.parametrize("value", [[], "cnnviz", 1])
def test_view_not_an_object(tmp_path, value):
    data = _valid_dict()
    data["view"] = value
    assert "'view' must be an object" in _load_error(_write(tmp_path / "s.json", data))


# ---------------------------------------------------------------------------
# Device and paths
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, None, ["cpu"], {"type": "cuda"}, True])
def test_device_not_a_string(tmp_path, value):
    data = _valid_dict()
    data["device"] = value
    text = _load_error(_write(tmp_path / "s.json", data))
    assert "device" in text and "must be text" in text


@pytest.mark.parametrize("name", ["image", "weights"])
@pytest.mark.parametrize("value", ["", 3, ["cat.jpg"], {"path": "cat.jpg"}, False])
def test_path_not_a_string(tmp_path, name, value):
    data = _valid_dict()
    data[name] = value
    text = _load_error(_write(tmp_path / "s.json", data))
    assert f"{name}:" in text and "must be a file path or null" in text


def test_unknown_user_home_is_kept_as_written(tmp_path):
    # Path.expanduser raises RuntimeError for "~nosuchuser"; a session must not crash on it.
    data = _valid_dict()
    data["image"] = "~cnnviz_no_such_user_x/cat.jpg"
    loaded = load_session(_write(tmp_path / "s.json", data))
    assert loaded.image == tmp_path / "~cnnviz_no_such_user_x" / "cat.jpg"


# ---------------------------------------------------------------------------
# Property: mutations of a valid session load or raise SessionError, nothing else
# ---------------------------------------------------------------------------

_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "cpu", "bids:viridis", "fixed", "same", "none", "~", "3,5", "1e999"]),
)
_json_values = st.recursive(
    _json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=10,
)


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _paths(value, prefix=()):
    """Every (path, value) inside a JSON value, the root included."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@st.composite
def _mutated_sessions(draw):
    data = _valid_dict()
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p, _ in _paths(data) if p]
        if not paths:
            break
        where = draw(st.sampled_from(paths))
        parent = data
        for part in where[:-1]:
            parent = parent[part]
        old = parent[where[-1]]
        if draw(st.booleans()):
            del parent[where[-1]]
        else:
            new = draw(_json_values.filter(lambda v, old=old: _json_type(v) != _json_type(old)))
            parent[where[-1]] = new
    if draw(st.integers(0, 9)) == 0:  # sometimes an extra field somewhere
        data[draw(st.text(max_size=8))] = draw(_json_values)
    return data


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=_mutated_sessions())
def test_mutated_sessions_load_or_raise_session_error(tmp_path, data):
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    try:
        loaded = load_session(path)
    except SessionError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(loaded, Session)
        # Whatever loads saves and loads back the same.
        again = load_session(save_session(loaded, tmp_path / "again.json"))
        assert (again.settings, again.view, again.device) == (loaded.settings, loaded.view, loaded.device)
        for a, b in ((again.image, loaded.image), (again.weights, loaded.weights)):
            assert (a is None) == (b is None)
            if a is not None:
                assert os.path.normpath(a) == os.path.normpath(b)


def test_valid_dict_is_valid(tmp_path):
    # The property's starting point must itself load.
    assert isinstance(load_session(_write(tmp_path / "s.json", copy.deepcopy(_valid_dict()))), Session)
