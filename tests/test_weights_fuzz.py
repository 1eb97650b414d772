"""Fuzzing the weights loader: whatever the bytes, only WeightsError may escape.

Deterministic and bounded (hypothesis with derandomize=True, no database). A longer
run is one environment variable away::

    CNNVIZ_FUZZ_EXAMPLES=20000 pytest -q tests/test_weights_fuzz.py
"""

from __future__ import annotations

import atexit
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnviz.core.errors import WeightsError
from cnnviz.core.settings import Settings
from cnnviz.core.weights import read_weights, save_weights

sys.path.insert(0, str(Path(__file__).parent))
from weights_hostile import GOOD_TENSORS, HEAVY_SETTINGS, good_safetensors, safetensors_bytes

EXAMPLES = int(os.environ.get("CNNVIZ_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_FOLDER = Path(tempfile.mkdtemp(prefix="cnnviz-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)  # also when the tests are deselected


def _saved(suffix: str) -> bytes:
    path = save_weights(
        _FOLDER / f"seed{suffix}", GOOD_TENSORS, Settings().replace({"conv1.out_channels": 2})
    )
    return path.read_bytes()


SEEDS = {
    ".safetensors": [
        _saved(".safetensors"),
        good_safetensors(metadata={"settings": json.dumps(HEAVY_SETTINGS)}),
    ],
    ".pt": [_saved(".pt")],
}
_buffer = io.BytesIO()
torch.save(dict(GOOD_TENSORS), _buffer)
SEEDS[".pt"].append(_buffer.getvalue())


def _load(data: bytes, suffix: str) -> None:
    """Read ``data`` as a weights file; anything but success or WeightsError fails the test."""
    path = _FOLDER / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        loaded = read_weights(path)
    except WeightsError as exc:
        assert str(exc).startswith(str(path))
        return
    for tensor in loaded.tensors.values():
        assert tensor.dtype == torch.float32
        assert bool(torch.isfinite(tensor).all())


# One edit to a byte string: truncate, flip bits, overwrite a slice, insert or delete bytes.
_edit = st.one_of(
    st.tuples(st.just("cut"), st.integers(0, 2**16)),
    st.tuples(st.just("flip"), st.lists(st.integers(0, 2**19), min_size=1, max_size=8)),
    st.tuples(st.just("put"), st.integers(0, 2**16), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("insert"), st.integers(0, 2**16), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), st.integers(0, 2**16), st.integers(1, 64)),
)


def _apply(data: bytes, edits: list[tuple]) -> bytes:
    out = bytearray(data)
    for edit in edits:
        if not out:
            break
        kind, at = edit[0], edit[1]
        if kind == "cut":
            del out[at % (len(out) + 1) :]
        elif kind == "flip":
            for bit in edit[1]:
                out[(bit // 8) % len(out)] ^= 1 << (bit % 8)
        elif kind == "put":
            start = at % len(out)
            out[start : start + len(edit[2])] = edit[2]
        elif kind == "insert":
            start = at % (len(out) + 1)
            out[start:start] = edit[2]
        else:
            start = at % len(out)
            del out[start : start + edit[2]]
    return bytes(out)


@FUZZ
@given(seed=st.sampled_from(range(2)), edits=st.lists(_edit, min_size=1, max_size=4))
def test_mutated_safetensors(seed: int, edits: list[tuple]) -> None:
    _load(_apply(SEEDS[".safetensors"][seed], edits), ".safetensors")


@FUZZ
@given(seed=st.sampled_from(range(2)), edits=st.lists(_edit, min_size=1, max_size=4))
def test_mutated_pt(seed: int, edits: list[tuple]) -> None:
    _load(_apply(SEEDS[".pt"][seed], edits), ".pt")


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)
_dtype = st.sampled_from(
    ["F32", "F16", "BF16", "F64", "I8", "U8", "I16", "I32", "I64", "BOOL", "C64", "F8_E4M3", ""]
)
_entry = (
    st.fixed_dictionaries(
        {
            "dtype": _dtype,
            "shape": st.lists(st.integers(-2, 2**33), max_size=4),
            "data_offsets": st.lists(st.integers(-2, 2**33), min_size=0, max_size=3),
        }
    )
    | _json
)
_settings_values = st.dictionaries(
    st.sampled_from(
        ["conv1.out_channels", "conv1.padding", "conv2.padding_mode", "input.size", "blocks", "x"]
    ),
    _json,
    max_size=4,
)


@FUZZ
@given(
    entries=st.dictionaries(st.text(min_size=1, max_size=12), _entry, max_size=4),
    metadata=st.none() | st.dictionaries(st.text(max_size=8), st.text(max_size=16), max_size=3) | _json,
    stored_settings=st.none() | _settings_values,
    data=st.binary(max_size=256),
)
def test_generated_safetensors_headers(entries: dict, metadata, stored_settings, data: bytes) -> None:
    header = dict(entries)
    if isinstance(metadata, dict) and stored_settings is not None:
        metadata = {**metadata, "settings": json.dumps(stored_settings)}
    if metadata is not None:
        header["__metadata__"] = metadata
    _load(safetensors_bytes(header, data), ".safetensors")


@FUZZ
@given(
    state=st.dictionaries(st.text(max_size=8), _json | st.just(torch.ones(2)), max_size=4), wrap=st.booleans()
)
def test_generated_pt_contents(state: dict, wrap: bool) -> None:
    buffer = io.BytesIO()
    torch.save({"state_dict": state, "settings": state} if wrap else state, buffer)
    _load(buffer.getvalue(), ".pt")
