"""Untrusted text is shown escaped and on one line."""

from __future__ import annotations

from cnnviz.core.text import printable


def test_control_characters_and_escape_sequences_are_escaped() -> None:
    assert printable("a\nb") == "a\\x0ab"
    assert printable("\x1b[2Jcleared") == "\\x1b[2Jcleared"
    assert printable("tab\there\r") == "tab\\x09here\\x0d"
    assert printable("\x7f\x85") == "\\x7f\\x85"


def test_layout_marks_and_surrogates_are_escaped() -> None:
    assert printable("abc\u202edcba") == "abc\\u202edcba"
    assert printable("x\u2028y") == "x\\u2028y"
    assert printable("bad\udcff") == "bad\\udcff"
    printable("bad\udcff").encode("utf-8")  # always printable


def test_ordinary_text_is_unchanged_including_hangul() -> None:
    assert printable("고양이 사진.jpg") == "고양이 사진.jpg"
    assert printable("3×256×256 → 10") == "3×256×256 → 10"


def test_long_text_is_cut() -> None:
    out = printable("n" * 5000)
    assert len(out) == 200 and out.endswith("…")
    assert printable("n" * 5000, limit=None) == "n" * 5000
