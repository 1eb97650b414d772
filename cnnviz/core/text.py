"""Small text helpers every surface shares.

:func:`printable` makes text that came from outside (file names, tensor names,
metadata inside a weights file, a value typed on the command line) safe to put
in a message: control characters, escape sequences and Unicode line or
direction marks are written as visible escapes, so a file name can neither
clear a terminal nor split one problem over two lines.

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import unicodedata

MAX_SHOWN = 200  # characters of untrusted text shown before it is cut with "…"

# Characters that change how text is laid out rather than showing a glyph.
_LAYOUT_MARKS = {
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u200e",
    "\u200f",  # left-to-right / right-to-left marks
    *(chr(c) for c in range(0x202A, 0x202F)),  # embeddings and overrides
    *(chr(c) for c in range(0x2066, 0x206A)),  # isolates
    "\ufeff",
}


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object, limit: int | None = MAX_SHOWN) -> str:
    """``text`` with every control or layout character escaped, cut to ``limit`` characters.

    Lone surrogates (from file names that are not UTF-8) are escaped too, so the
    result can always be encoded and printed.
    """
    s = str(text)
    out = []
    for ch in s:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or ch in _LAYOUT_MARKS or (category == "Zl" or category == "Zp"):
            out.append(_escape(ch))
        else:
            out.append(ch)
    result = "".join(out)
    if limit is not None and len(result) > limit:
        result = result[: max(1, limit - 1)] + "…"
    return result


def shape_text(shape: tuple[int, ...] | list[int], *, compact: bool = False) -> str:
    """A tensor shape as people read it: ``16 × 128 × 128`` (``16×128×128`` when compact).

    The one formatter for shapes: panels, tables, the shape strip, the CLI and
    the contact sheet all write shapes through it.
    """
    return ("×" if compact else " × ").join(str(int(d)) for d in shape)


def signed_int(n: int) -> str:
    """An integer with a true minus sign (``−1``), as positions in the padding are written."""
    return f"−{-n}" if n < 0 else str(n)


def human_bytes(count: float) -> str:
    """A byte count in a few characters: ``512 MB``, ``20.4 GB`` (powers of 1024)."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if count >= size:
            value = count / size
            return f"{value:.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{int(count)} B"


def clock(seconds: float) -> str:
    """``m:ss`` for a duration (``12:05``), as training progress shows it."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Hangul and other wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (on the left when ``right``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill
