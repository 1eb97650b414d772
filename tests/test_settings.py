"""The settings table: parsing, checking, JSON round trips, the textbook default."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnnviz.core.errors import SettingError, SettingsErrors
from cnnviz.core.settings import MAX_BLOCKS, TABLE, Kind, Settings, format_value, setting
from cnnviz.core.spec import NetworkSpec


def test_every_block_has_every_torch_argument() -> None:
    conv_args = {
        "out_channels",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "groups",
        "bias",
        "padding_mode",
    }
    pool_args = {
        "type",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "ceil_mode",
        "count_include_pad",
        "divisor_override",
    }
    for b in range(1, MAX_BLOCKS + 1):
        assert {s.name for s in TABLE.values() if s.layer == f"conv{b}"} == conv_args
        assert {s.name for s in TABLE.values() if s.layer == f"pool{b}"} == pool_args
    assert {"input.size", "input.fit", "blocks"} <= set(TABLE)


def test_textbook_defaults() -> None:
    spec = NetworkSpec.textbook()
    assert spec.input.size == (256, 256)
    assert len(spec.blocks) == 2
    c1, c2 = spec.blocks[0].conv, spec.blocks[1].conv
    assert (c1.out_channels, c1.kernel_size, c1.stride, c1.padding) == (16, (3, 3), (2, 2), (1, 1))
    assert (c2.out_channels, c2.kernel_size, c2.stride, c2.padding) == (32, (3, 3), (1, 1), (1, 1))
    for block in spec.blocks:
        assert block.pool.type == "max"
        assert block.pool.kernel_size == (2, 2)
        assert block.pool.effective_stride == (2, 2)
        assert block.conv.padding_mode == "zeros" and block.conv.bias and block.conv.groups == 1


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("conv1.stride", "2", (2, 2)),
        ("conv1.kernel_size", "3,5", (3, 5)),
        ("conv1.kernel_size", " 3 , 5 ", (3, 5)),
        ("conv1.padding", "same", "same"),
        ("conv1.padding", "VALID", "valid"),
        ("conv1.padding", "0,2", (0, 2)),
        ("pool1.stride", "none", None),
        ("pool1.stride", "1,2", (1, 2)),
        ("pool1.divisor_override", "none", None),
        ("pool1.divisor_override", "4", 4),
        ("pool1.ceil_mode", "true", True),
        ("pool1.ceil_mode", "off", False),
        ("conv2.padding_mode", "Reflect", "reflect"),
        ("pool2.type", "none", "none"),
        ("input.size", "224x320", (224, 320)),
        ("input.size", "128", (128, 128)),
        ("input.fit", "native", "native"),
        ("blocks", "5", 5),
    ],
)
def test_parse(key: str, text: str, value: object) -> None:
    assert setting(key).parse(text) == value
    # and what format_value writes parses back to the same value
    assert setting(key).parse(setting(key).format(value)) == value


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("conv1.stride", "0", ["out of range", "1 to 64"]),
        ("conv1.stride", "two", ["not a number"]),
        ("conv1.kernel_size", "3,4,5", ["pair"]),
        ("conv1.padding", "-1", ["out of range"]),
        ("conv1.padding", "half", ["not a number"]),
        ("conv1.bias", "maybe", ["true or false"]),
        ("conv1.padding_mode", "mirror", ["zeros, reflect, replicate, circular"]),
        ("blocks", "6", ["1 to 5"]),
        ("input.size", "0x10", ["out of range"]),
        ("pool1.divisor_override", "0", ["out of range"]),
    ],
)
def test_parse_rejects_with_reason(key: str, text: str, words: list[str]) -> None:
    with pytest.raises(SettingError) as info:
        setting(key).parse(text)
    assert info.value.key == key
    for word in words:
        assert word in str(info.value)
    assert str(info.value).startswith(key)


def test_unknown_key_suggests_close_ones() -> None:
    with pytest.raises(SettingError) as info:
        setting("conv1.strid")
    assert "conv1.stride" in str(info.value)


def test_assignments_report_every_problem() -> None:
    with pytest.raises(SettingsErrors) as info:
        Settings.from_assignments(["conv1.stride=0", "nope=1", "pool1.type"])
    keys = [p.key for p in info.value.problems]
    assert keys == ["conv1.stride", "nope", "pool1.type"]


def test_replace_is_immutable_and_checked() -> None:
    base = Settings()
    changed = base.replace({"conv1.stride": 1})
    assert base["conv1.stride"] == (2, 2)
    assert changed["conv1.stride"] == (1, 1)
    assert changed.changed() == {"conv1.stride": (1, 1)}
    with pytest.raises(SettingError):
        base.replace({"conv1.stride": -3})
    with pytest.raises(SettingError):
        base.replace({"conv1.stride": True})  # a bool is not a number


def test_blocks_keep_their_settings_when_hidden() -> None:
    s = Settings().replace({"conv3.out_channels": 7, "blocks": 3})
    fewer = s.replace({"blocks": 2})
    assert len(NetworkSpec.from_settings(fewer).blocks) == 2
    assert "conv3.out_channels" not in fewer.active_keys()
    again = fewer.replace({"blocks": 3})
    assert NetworkSpec.from_settings(again).blocks[2].conv.out_channels == 7


def _value_for(s) -> st.SearchStrategy:
    ints = st.integers(s.minimum or 0, min(s.maximum or 10, 64))
    pairs = st.tuples(ints, ints)
    return {
        Kind.INT: ints,
        Kind.OPTIONAL_INT: st.one_of(st.none(), ints),
        Kind.PAIR: pairs,
        Kind.SIZE: pairs,
        Kind.OPTIONAL_PAIR: st.one_of(st.none(), pairs),
        Kind.PADDING: st.one_of(pairs, st.sampled_from(["same", "valid"])),
        Kind.BOOL: st.booleans(),
        Kind.CHOICE: st.sampled_from(s.choices),
    }[s.kind]


@st.composite
def any_settings(draw) -> Settings:
    keys = draw(st.lists(st.sampled_from(sorted(TABLE)), max_size=12, unique=True))
    return Settings({k: draw(_value_for(TABLE[k])) for k in keys})


@given(any_settings())
def test_json_and_cli_round_trips(s: Settings) -> None:
    assert Settings.from_json(s.to_json()) == s
    assignments = [f"{k}={format_value(TABLE[k].kind, v)}" for k, v in s.items()]
    assert Settings.from_assignments(assignments) == s


def test_from_json_rejects_junk() -> None:
    with pytest.raises(SettingError):
        Settings.from_json(["conv1.stride", 2])
    with pytest.raises(SettingError) as info:
        Settings.from_json({"conv1.stride": "fast"})
    assert info.value.key == "conv1.stride"
    with pytest.raises(SettingError):
        Settings.from_json({"conv9.stride": 1})
