"""``--set KEY=VALUE`` attacked: any key, any text, and the CLI answers 0 or 2 on one line per problem.

Bounded and deterministic (hypothesis derandomized, no database); a longer run is
``CNNVIZ_FUZZ_EXAMPLES=20000 pytest tests/test_cli_fuzz.py`` (docs/reliability-cli.md).
"""

from __future__ import annotations

import contextlib
import io
import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnnviz.cli import main
from cnnviz.core.settings import TABLE

EXAMPLES = int(os.environ.get("CNNVIZ_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

KEYS = sorted(TABLE)
WORDS = [
    "",
    " ",
    "same",
    "valid",
    "none",
    "null",
    "true",
    "false",
    "yes",
    "max",
    "avg",
    "fit",
    "crop",
    "stretch",
    "native",
    "zeros",
    "reflect",
    "replicate",
    "circular",
    "nan",
    "inf",
    "-0",
    "1e9",
    "0x10",
    "1_000",
    "٣",
    "²",
    "3,5",
    "3x5",
    "3×5",
    "(3, 5)",
    "[1]",
    "1,2,3",
    "9" * 5000,
    "-" * 3,
]

ints = st.integers(min_value=-(10**6), max_value=10**6)
values = st.one_of(
    st.sampled_from(WORDS),
    ints.map(str),
    st.tuples(ints, ints, st.sampled_from([",", "x", " ", "×", ", "])).map(lambda t: f"{t[0]}{t[2]}{t[1]}"),
    st.text(max_size=24),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(["\n", "\r", "\x1b[2J", "\x00", "\u2028", "\t"])).map(
        lambda t: t[0] + t[1] + t[0]
    ),
)
keys = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(KEYS).map(lambda k: k.upper()),
    st.sampled_from(KEYS).map(lambda k: f" {k} "),
    st.text(max_size=16),
)
assignments = st.one_of(
    st.tuples(keys, values).map(lambda kv: f"{kv[0]}={kv[1]}"),
    st.text(max_size=20),  # often no '=' at all
)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def assert_one_line_problems(err: str) -> None:
    assert "Traceback" not in err
    lines = err.split("\n")
    assert lines[-1] == "", repr(err)  # every problem ends its line
    for line in lines[:-1]:
        assert line.startswith("cnnviz: "), repr(line)
        for ch in line:
            assert unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp"), repr(line)


@FUZZ
@given(st.lists(assignments, min_size=1, max_size=3))
def test_set_answers_zero_or_two_with_one_line_per_problem(items: list[str]) -> None:
    code, _, err = run_cli(["shapes", *(f"--set={item}" for item in items)])
    assert code in (0, 2), (items, code, err)
    if code == 0:
        assert err == ""
    else:
        assert err, items
        assert_one_line_problems(err)


@FUZZ
@given(st.sampled_from(KEYS), values)
def test_every_key_with_any_value(key: str, value: str) -> None:
    code, _, err = run_cli(["shapes", "--set", f"{key}={value}"])
    assert code in (0, 2), (key, value, code, err)
    if code == 2:
        assert_one_line_problems(err)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("16\n17", "16\\x0a17"),
        ("2\rx", "2\\x0dx"),
        ("max\x1b[2J", "max\\x1b[2"),
        ("x\u2028y", "x\\u2028y"),
    ],
)
def test_a_bad_value_with_control_characters_is_one_escaped_line(value: str, shown: str) -> None:
    key = "conv1.out_channels" if value[0].isdigit() else "pool1.type"
    code, _, err = run_cli(["shapes", "--set", f"{key}={value}"])
    assert code == 2
    assert_one_line_problems(err)
    assert err.count("\n") == 1
    assert key in err and shown in err


@pytest.mark.parametrize(
    ("assignment", "ok"),
    [
        ("conv1.stride=1", True),  # the textbook's range is 1..64 (hand-read from the table's help)
        ("conv1.stride=64", True),
        ("conv1.stride=0", False),
        ("conv1.stride=65", False),
        ("conv1.stride=-1", False),
        ("conv1.stride=two", False),
        ("conv1.kernel_size=3,5", True),
        ("conv1.kernel_size=3,5,7", False),
        ("pool1.type=avg", True),
        ("pool1.type=median", False),
        ("conv1.bias=off", True),
        ("conv1.bias=maybe", False),
        ("input.size=224x320", True),
        ("input.size=0", False),
        ("no.such=1", False),
        ("conv1.stride", False),
    ],
)
def test_set_accepts_exactly_the_documented_values(assignment: str, ok: bool) -> None:
    code, _, err = run_cli(["shapes", "--set", assignment])
    assert code == (0 if ok else 2), err
    if not ok:
        assert_one_line_problems(err)
