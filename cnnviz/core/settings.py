"""The one table of every setting.

Each row says a setting's key, kind of value, range, default and help text. The
table drives the sidebar's controls and their objectNames, the CLI's ``--set``
keys, the session JSON, the weights metadata and validation. Adding a pooling
argument means adding one row here.

Values are kept in canonical Python form:

* pairs are ``(height, width)`` tuples of ints, also when both are equal;
* conv padding is a pair or the string ``"same"`` / ``"valid"``;
* optional values are ``None`` (written ``none`` on the command line);
* booleans are ``bool``; choices are lower-case strings.

This module is pure Python: no torch, no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from cnnviz.core.errors import SettingError, raise_if_any
from cnnviz.core.i18n import tr, tr_noop

Pair = tuple[int, int]
Value = int | bool | str | None | Pair

MAX_BLOCKS = 5
MIN_BLOCKS = 1
NUM_CLASSES = 10
INPUT_CHANNELS = 3


class Kind(Enum):
    """How a setting's value is written and checked."""

    INT = "int"  # a whole number in [minimum, maximum]
    OPTIONAL_INT = "optional int"  # None or a whole number
    PAIR = "pair"  # (h, w), written "3" or "3,5"
    OPTIONAL_PAIR = "optional pair"  # None or a pair
    PADDING = "padding"  # a pair or "same" / "valid"
    SIZE = "size"  # (h, w), written "256" or "256x320"
    BOOL = "bool"
    CHOICE = "choice"


@dataclass(frozen=True)
class Setting:
    """One row of the table: everything any surface needs to know about a setting."""

    key: str  # "conv1.stride": CLI key, objectName, session key
    layer: str  # "conv1", "pool1", "input" or "network"
    name: str  # "stride"
    kind: Kind
    default: Value
    label: str  # short English label (translatable through tr())
    help: str  # one or two sentences for tooltips and --help (translatable)
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    block: int | None = None  # 1-based block number for conv/pool settings
    # For pooling arguments that torch only has for some pool types:
    # the setting is ignored (and shown disabled) for the other types.
    pool_types: tuple[str, ...] = ()

    @property
    def torch_name(self) -> str:
        """The argument's name in torch (``type`` is cnnviz's own)."""
        return self.name

    def format(self, value: Value) -> str:
        """Write ``value`` the way the CLI accepts it back."""
        return format_value(self.kind, value)

    def parse(self, text: str) -> Value:
        """Read a value written as on the command line; raises :class:`SettingError`."""
        return self.check(_parse_text(self, text))

    def check(self, value: Any) -> Value:
        """Return ``value`` in canonical form or raise :class:`SettingError`.

        Accepts what JSON gives back (lists for pairs) as well as Python values.
        """
        return _check_value(self, value)


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

# Defaults per block: blocks 1 and 2 are the textbook's network; blocks 3 to 5
# continue it with stride-1 convolutions of 32 channels and 2x2 max pooling.
_CONV_OUT = {1: 16, 2: 32}
_CONV_STRIDE = {1: 2}

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
POOL_TYPES = ("max", "avg", "none")
FIT_MODES = ("crop", "fit", "stretch", "native")
PAD_MODES = ("black", "mean", "grey", "edge", "reflect")

# Generous bounds for single values; combinations that need absurd memory are
# refused by the shape arithmetic with a message of their own.
MAX_CHANNELS = 1024
MAX_KERNEL = 64
MAX_STRIDE = 64
MAX_DILATION = 64
MAX_PADDING = 1024
MAX_INPUT_SIDE = 4096


def _row(
    layer: str,
    name: str,
    kind: Kind,
    default: Value,
    label: str,
    help: str,
    minimum: int | None = None,
    maximum: int | None = None,
    **kw: Any,
) -> Setting:
    """A block's row: the key is always ``<layer>.<name>``."""
    return Setting(f"{layer}.{name}", layer, name, kind, default, label, help, minimum, maximum, **kw)


def _conv_rows(b: int) -> list[Setting]:
    layer = f"conv{b}"
    return [
        _row(
            layer,
            "out_channels",
            Kind.INT,
            _CONV_OUT.get(b, 32),
            tr_noop("out channels"),
            tr_noop("How many filters the layer learns: one feature map per filter."),
            1,
            MAX_CHANNELS,
            block=b,
        ),
        _row(
            layer,
            "kernel_size",
            Kind.PAIR,
            (3, 3),
            tr_noop("kernel size"),
            tr_noop("Height and width of each filter. Write 3 or 3,5 for 3 rows by 5 columns."),
            1,
            MAX_KERNEL,
            block=b,
        ),
        _row(
            layer,
            "stride",
            Kind.PAIR,
            (_CONV_STRIDE.get(b, 1),) * 2,
            tr_noop("stride"),
            tr_noop("How many pixels the filter moves between outputs. 2 halves the map."),
            1,
            MAX_STRIDE,
            block=b,
        ),
        _row(
            layer,
            "padding",
            Kind.PADDING,
            (1, 1),
            tr_noop("padding"),
            tr_noop(
                "Pixels added on each side before filtering; 'same' keeps the size "
                "(stride 1 only), 'valid' adds none."
            ),
            0,
            MAX_PADDING,
            block=b,
        ),
        _row(
            layer,
            "dilation",
            Kind.PAIR,
            (1, 1),
            tr_noop("dilation"),
            tr_noop("Spacing between the filter's taps: 2 spreads a 3x3 filter over 5x5 pixels."),
            1,
            MAX_DILATION,
            block=b,
        ),
        _row(
            layer,
            "groups",
            Kind.INT,
            1,
            tr_noop("groups"),
            tr_noop(
                "Split channels into groups filtered separately; must divide both the "
                "input and the output channels."
            ),
            1,
            MAX_CHANNELS,
            block=b,
        ),
        _row(
            layer,
            "bias",
            Kind.BOOL,
            True,
            tr_noop("bias"),
            tr_noop("Add a learned constant to each output channel."),
            block=b,
        ),
        _row(
            layer,
            "padding_mode",
            Kind.CHOICE,
            "zeros",
            tr_noop("padding mode"),
            tr_noop(
                "What the padding pixels hold: zeros, a mirror of the edge (reflect), "
                "the edge repeated (replicate) or the opposite side (circular)."
            ),
            choices=PADDING_MODES,
            block=b,
        ),
    ]


def _pool_rows(b: int) -> list[Setting]:
    layer = f"pool{b}"
    return [
        _row(
            layer,
            "type",
            Kind.CHOICE,
            "max",
            tr_noop("pooling"),
            tr_noop("max keeps the largest value in each window, avg their mean; none skips pooling."),
            choices=POOL_TYPES,
            block=b,
        ),
        _row(
            layer,
            "kernel_size",
            Kind.PAIR,
            (2, 2),
            tr_noop("window"),
            tr_noop("Height and width of the pooling window."),
            1,
            MAX_KERNEL,
            block=b,
            pool_types=("max", "avg"),
        ),
        _row(
            layer,
            "stride",
            Kind.OPTIONAL_PAIR,
            None,
            tr_noop("stride"),
            tr_noop("How far the window moves; none means the same as the window size."),
            1,
            MAX_STRIDE,
            block=b,
            pool_types=("max", "avg"),
        ),
        _row(
            layer,
            "padding",
            Kind.PAIR,
            (0, 0),
            tr_noop("padding"),
            tr_noop("Implicit padding on each side; at most half the window."),
            0,
            MAX_PADDING,
            block=b,
            pool_types=("max", "avg"),
        ),
        _row(
            layer,
            "dilation",
            Kind.PAIR,
            (1, 1),
            tr_noop("dilation"),
            tr_noop("Spacing between the window's taps (max pooling only)."),
            1,
            MAX_DILATION,
            block=b,
            pool_types=("max",),
        ),
        _row(
            layer,
            "ceil_mode",
            Kind.BOOL,
            False,
            tr_noop("ceil mode"),
            tr_noop("Round the output size up instead of down, keeping a partial last window."),
            block=b,
            pool_types=("max", "avg"),
        ),
        _row(
            layer,
            "count_include_pad",
            Kind.BOOL,
            True,
            tr_noop("count padding"),
            tr_noop("Average pooling: count padding pixels in the divisor."),
            block=b,
            pool_types=("avg",),
        ),
        _row(
            layer,
            "divisor_override",
            Kind.OPTIONAL_INT,
            None,
            tr_noop("divisor"),
            tr_noop("Average pooling: divide every window's sum by this number instead."),
            1,
            1_000_000,
            block=b,
            pool_types=("avg",),
        ),
    ]


def _build_table() -> dict[str, Setting]:
    rows: list[Setting] = [
        Setting(
            "input.size",
            "input",
            "size",
            Kind.SIZE,
            (256, 256),
            tr_noop("input size"),
            tr_noop("Height and width of the network's input, e.g. 256 or 256x320."),
            1,
            MAX_INPUT_SIDE,
        ),
        Setting(
            "input.fit",
            "input",
            "fit",
            Kind.CHOICE,
            "crop",
            tr_noop("image fit"),
            tr_noop(
                "How the image becomes the input: crop (resize the short side, then take the centre, as "
                "torchvision's Resize + CenterCrop do), fit inside and pad (see padding colour), "
                "stretch, or keep its native size (the shapes then follow the image)."
            ),
            choices=FIT_MODES,
        ),
        Setting(
            "input.pad",
            "input",
            "pad",
            Kind.CHOICE,
            "black",
            tr_noop("padding colour"),
            tr_noop(
                "What fills the input around the image with fit 'fit': black (0), the image's mean "
                "colour, grey (0.5), edge (the border pixels repeated) or reflect (the image mirrored "
                "at its border)."
            ),
            choices=PAD_MODES,
        ),
        Setting(
            "blocks",
            "network",
            "blocks",
            Kind.INT,
            2,
            tr_noop("blocks"),
            tr_noop("How many conv -> ReLU -> pool blocks the network has."),
            MIN_BLOCKS,
            MAX_BLOCKS,
        ),
    ]
    for b in range(1, MAX_BLOCKS + 1):
        rows += _conv_rows(b)
        rows += _pool_rows(b)
    return {row.key: row for row in rows}


TABLE: dict[str, Setting] = _build_table()

# The arguments of a block's layers, named as torch names them, in table order.
# nn.Conv2d / nn.MaxPool2d / nn.AvgPool2d are built from these names alone, so
# a new pooling argument is one row above and nothing else (network.py).
CONV_ARGUMENTS: tuple[str, ...] = tuple(row.name for row in TABLE.values() if row.layer == "conv1")
POOL_ARGUMENTS: tuple[str, ...] = tuple(
    row.name for row in TABLE.values() if row.layer == "pool1" and row.pool_types
)


def pool_arguments_for(pool_type: str) -> tuple[str, ...]:
    """The pooling arguments torch's layer of ``pool_type`` takes (max: dilation; avg: count_include_pad…)."""
    return tuple(row.name for row in TABLE.values() if row.layer == "pool1" and pool_type in row.pool_types)


def setting(key: str) -> Setting:
    """The row for ``key``; an unknown key raises :class:`SettingError` with suggestions."""
    try:
        return TABLE[key]
    except KeyError:
        raise SettingError(_unknown_key_message(key), key=key) from None


def keys_for_layer(layer: str) -> list[str]:
    """All keys of one layer (``conv1``, ``pool2``, ``input``), in table order."""
    return [k for k, s in TABLE.items() if s.layer == layer]


def _unknown_key_message(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, TABLE.keys(), n=3, cutoff=0.6)
    hint = (
        tr("did you mean {options}?").format(options=", ".join(close))
        if close
        else tr("'cnnviz settings' lists every key")
    )
    return tr("unknown setting '{key}'; {hint}").format(key=key, hint=hint)


# ---------------------------------------------------------------------------
# Reading and writing values
# ---------------------------------------------------------------------------

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def format_value(kind: Kind, value: Value) -> str:
    """The CLI form of ``value``: ``3``, ``3,5``, ``same``, ``none``, ``true``, ``256x320``."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        h, w = value
        if kind is Kind.SIZE:
            return f"{h}" if h == w else f"{h}x{w}"
        return f"{h}" if h == w else f"{h},{w}"
    return str(value)


def _parse_text(s: Setting, text: str) -> Any:
    raw = text.strip()
    low = raw.lower()
    if s.kind is Kind.BOOL:
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise SettingError(tr("'{text}' is not true or false").format(text=raw), key=s.key)
    if s.kind is Kind.CHOICE:
        return low
    if s.kind in (Kind.OPTIONAL_INT, Kind.OPTIONAL_PAIR) and low in ("none", "null", ""):
        return None
    if s.kind is Kind.PADDING and low in ("same", "valid"):
        return low
    if s.kind in (Kind.PAIR, Kind.OPTIONAL_PAIR, Kind.PADDING, Kind.SIZE):
        parts = [p for p in re.split(r"[,x×*\s]+", low.strip("()[] ")) if p]
        if len(parts) in (1, 2):
            try:
                numbers = [int(p) for p in parts]
            except ValueError:
                pass
            else:
                return tuple(numbers * 2) if len(numbers) == 1 else tuple(numbers)
        example = "256 or 256x320" if s.kind is Kind.SIZE else "3 or 3,5"
        raise SettingError(
            tr("'{text}' is not a number or a pair of numbers (write {example})").format(
                text=raw, example=example
            ),
            key=s.key,
        )
    try:
        return int(low)
    except ValueError:
        raise SettingError(tr("'{text}' is not a whole number").format(text=raw), key=s.key) from None


def _check_int(s: Setting, value: Any, what: str | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise SettingError(tr("expected a whole number, got {value!r}").format(value=value), key=s.key)
    lo, hi = s.minimum, s.maximum
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise SettingError(
            tr("{value} is out of range: {what} must be from {lo} to {hi}").format(
                value=value, what=what or s.name, lo=lo, hi=hi
            ),
            key=s.key,
        )
    return int(value)


def _check_pair(s: Setting, value: Any) -> Pair:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return (_check_int(s, value[0]), _check_int(s, value[1]))
    if isinstance(value, int) and not isinstance(value, bool):
        v = _check_int(s, value)
        return (v, v)
    raise SettingError(
        tr("expected a number or a pair of numbers, got {value!r}").format(value=value),
        key=s.key,
    )


def _check_value(s: Setting, value: Any) -> Value:
    kind = s.kind
    if kind is Kind.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return _parse_text(s, value)  # type: ignore[no-any-return]
        raise SettingError(tr("expected true or false, got {value!r}").format(value=value), key=s.key)
    if kind is Kind.CHOICE:
        if isinstance(value, str) and value.lower() in s.choices:
            return value.lower()
        raise SettingError(
            tr("'{value}' is not one of: {choices}").format(value=value, choices=", ".join(s.choices)),
            key=s.key,
        )
    if kind is Kind.PADDING and isinstance(value, str) and value.strip().lower() in ("same", "valid"):
        return value.strip().lower()
    if isinstance(value, str):
        parsed = _parse_text(s, value)
        if isinstance(parsed, str):  # pragma: no cover - _parse_text only returns str for PADDING
            raise SettingError(tr("'{text}' is not a valid value").format(text=value), key=s.key)
        return _check_value(s, parsed)
    if kind is Kind.INT:
        return _check_int(s, value)
    if kind is Kind.OPTIONAL_INT:
        return None if value is None else _check_int(s, value)
    if kind is Kind.OPTIONAL_PAIR:
        return None if value is None else _check_pair(s, value)
    if kind is Kind.PADDING:
        return _check_pair(s, value)
    return _check_pair(s, value)  # PAIR, SIZE


def to_json_value(value: Value) -> Any:
    """The JSON form of a canonical value (pairs become lists)."""
    return list(value) if isinstance(value, tuple) else value


# ---------------------------------------------------------------------------
# A complete set of values
# ---------------------------------------------------------------------------


def _checked_update(values: dict[str, Value], updates: Mapping[str, Any]) -> dict[str, Value]:
    """``values`` with ``updates`` applied, each checked; every bad one is reported."""
    problems: list[SettingError] = []
    for key, value in updates.items():
        try:
            values[key] = setting(key).check(value)
        except SettingError as exc:
            problems.append(exc)
    raise_if_any(problems)
    return values


class Settings(Mapping[str, Value]):
    """An immutable, complete, checked set of values: one per row of the table.

    Every block's settings are kept even when ``blocks`` is lower, so turning the
    number of blocks down and up again restores them.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Value] | None = None) -> None:
        self._values = _checked_update({k: s.default for k, s in TABLE.items()}, values or {})

    # Mapping protocol ------------------------------------------------------
    def __getitem__(self, key: str) -> Value:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Settings):
            return self._values == other._values
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        changed = ", ".join(f"{k}={format_value(TABLE[k].kind, v)}" for k, v in self.changed().items())
        return f"Settings({changed})"

    # Construction ----------------------------------------------------------
    @classmethod
    def textbook(cls) -> Settings:
        """The textbook's network: every setting at its default."""
        return cls()

    def replace(self, changes: Mapping[str, Any] | None = None, **kw: Any) -> Settings:
        """A copy with some values changed (checked like any other value).

        Only the changed values are checked: the others were checked when this
        object was made (a slider drag calls this on every step).
        """
        out = Settings.__new__(Settings)
        out._values = _checked_update(dict(self._values), {**(changes or {}), **kw})
        return out

    @classmethod
    def from_assignments(cls, assignments: Iterable[str], base: Settings | None = None) -> Settings:
        """Apply ``KEY=VALUE`` strings (the CLI's ``--set``); every bad one is reported."""
        values: dict[str, Value] = {}
        problems: list[SettingError] = []
        for text in assignments:
            key, sep, raw = text.partition("=")
            key = key.strip()
            if not sep:
                problems.append(
                    SettingError(
                        tr("'{text}' is not KEY=VALUE (e.g. conv1.stride=2)").format(text=text),
                        key=key or text,
                    )
                )
                continue
            try:
                values[key] = setting(key).parse(raw)
            except SettingError as exc:
                problems.append(exc)
        raise_if_any(problems)
        return (base or cls()).replace(values)

    @classmethod
    def from_json(cls, data: Any) -> Settings:
        """Read the JSON object written by :meth:`to_json`; unknown keys are errors."""
        if not isinstance(data, Mapping):
            raise SettingError(tr("settings must be an object of key: value pairs"), key="settings")
        return cls(dict(data))

    # Typed views -----------------------------------------------------------
    # Values are checked on the way in, so each kind of row always holds one
    # Python type; these accessors give it to the type checker (and fail loudly
    # if a row is read as the wrong kind).
    def integer(self, key: str) -> int:
        value = self._values[key]
        assert isinstance(value, int) and not isinstance(value, bool), key
        return value

    def optional_integer(self, key: str) -> int | None:
        value = self._values[key]
        assert value is None or (isinstance(value, int) and not isinstance(value, bool)), key
        return value

    def pair(self, key: str) -> Pair:
        value = self._values[key]
        assert isinstance(value, tuple), key
        return value

    def optional_pair(self, key: str) -> Pair | None:
        value = self._values[key]
        assert value is None or isinstance(value, tuple), key
        return value

    def padding(self, key: str) -> Pair | str:
        value = self._values[key]
        assert isinstance(value, (tuple, str)), key
        return value

    def flag(self, key: str) -> bool:
        value = self._values[key]
        assert isinstance(value, bool), key
        return value

    def choice(self, key: str) -> str:
        value = self._values[key]
        assert isinstance(value, str), key
        return value

    @property
    def blocks(self) -> int:
        return self.integer("blocks")

    def active_keys(self) -> list[str]:
        """Keys that matter for the current number of blocks."""
        n = self.blocks
        return [k for k, s in TABLE.items() if s.block is None or s.block <= n]

    def changed(self) -> dict[str, Value]:
        """Values that differ from the textbook default."""
        return {k: v for k, v in self._values.items() if v != TABLE[k].default}

    def to_json(self, *, active_only: bool = False) -> dict[str, Any]:
        keys = self.active_keys() if active_only else list(self._values)
        return {k: to_json_value(self._values[k]) for k in keys}

    def format(self, key: str) -> str:
        return format_value(TABLE[key].kind, self._values[key])
