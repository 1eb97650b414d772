"""Generated test inputs: an impulse, edges, a checkerboard, stripes, a gradient, a circle, noise.

A pattern is written ``NAME[:ARGS]`` where ARGS are comma-separated values,
positional in the pattern's order or ``key=value``::

    impulse                      one bright pixel in the middle of a 256×256 black image
    impulse:size=15,y=3,x=4      a 15×15 image, the pixel at row 3, column 4
    checkerboard:8               squares of 8 pixels
    stripes:period=16,orientation=h
    noise:seed=3,size=64x96

Each pattern is an ordinary :class:`~cnnviz.core.images.LoadedImage` (grey, in
``[0, 1]``, the same value in all three channels), so the rest of cnnviz (the
fit, exports, sessions, the CLI's ``--pattern``) treats it as any photo.
Its name is the canonical ``NAME:key=value,...`` text, which parses back to the
same pattern.

numpy only: no torch, no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr, tr_noop
from cnnviz.core.images import LoadedImage
from cnnviz.core.settings import MAX_INPUT_SIDE
from cnnviz.core.text import printable

DEFAULT_SIZE = (256, 256)


class PatternError(CnnvizError):
    """A pattern name or argument that cannot be used."""


@dataclass(frozen=True)
class Parameter:
    """One argument of a pattern: its name, kind (int, size or a choice) and default."""

    name: str
    kind: str  # "int", "size", "choice" or "optional int" (None: the pattern decides)
    default: Any
    help: str
    minimum: int = 0
    maximum: int = MAX_INPUT_SIDE
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pattern:
    """A generator of grey images and what it needs."""

    name: str
    help: str
    parameters: tuple[Parameter, ...]
    draw: Callable[..., np.ndarray]  # (height, width, **arguments) -> (H, W) float in [0, 1]


_SIZE = Parameter(
    "size",
    "size",
    DEFAULT_SIZE,
    tr_noop("height and width: 256 or 128x192"),
    1,
    MAX_INPUT_SIDE,
)
_PERIOD = Parameter("period", "int", 16, tr_noop("pixels per cycle (a light and a dark part)"), 2)


def _grid(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.mgrid[0:h, 0:w]
    return rows, cols


def _impulse(h: int, w: int, y: int | None, x: int | None, value: int) -> np.ndarray:
    out = np.zeros((h, w), np.float32)
    row = h // 2 if y is None else y
    col = w // 2 if x is None else x
    if not (0 <= row < h and 0 <= col < w):
        raise PatternError(
            tr("the impulse at row {y}, column {x} is outside the {h} × {w} image").format(
                y=row, x=col, h=h, w=w
            ),
            subject="impulse",
        )
    out[row, col] = value / 100.0
    return out


def _edge_v(h: int, w: int) -> np.ndarray:
    _, xs = _grid(h, w)
    return (xs >= w // 2).astype(np.float32)  # dark left half, bright right half


def _edge_h(h: int, w: int) -> np.ndarray:
    ys, _ = _grid(h, w)
    return (ys >= h // 2).astype(np.float32)  # dark top half, bright bottom half


def _edge_d(h: int, w: int) -> np.ndarray:
    ys, xs = _grid(h, w)
    # Bright below the diagonal from the top-left to the bottom-right corner.
    return (ys * w > xs * h).astype(np.float32)


def _checkerboard(h: int, w: int, period: int) -> np.ndarray:
    ys, xs = _grid(h, w)
    half = period // 2
    return (((ys // half) + (xs // half)) % 2).astype(np.float32)


def _stripes(h: int, w: int, period: int, orientation: str) -> np.ndarray:
    ys, xs = _grid(h, w)
    along = xs if orientation == "v" else ys
    return ((along % period) >= period // 2).astype(np.float32)


def _gradient(h: int, w: int, direction: str) -> np.ndarray:
    ys, xs = _grid(h, w)
    along, n = (xs, w) if direction == "h" else (ys, h)
    return (along / max(n - 1, 1)).astype(np.float32)  # 0 at the start, 1 at the end


def _circle(h: int, w: int, radius: int | None) -> np.ndarray:
    ys, xs = _grid(h, w)
    r = min(h, w) // 4 if radius is None else radius
    cy, cx = (h - 1) / 2, (w - 1) / 2
    return (((ys - cy) ** 2 + (xs - cx) ** 2) <= r * r).astype(np.float32)


def _noise(h: int, w: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((h, w), dtype=np.float32)


PATTERNS: dict[str, Pattern] = {
    p.name: p
    for p in (
        Pattern(
            "impulse",
            tr_noop(
                "one bright pixel on black: each conv1 map shows its kernel, turned by 180° "
                "(torch computes cross-correlation)"
            ),
            (
                _SIZE,
                Parameter("y", "optional int", None, tr_noop("row of the pixel (default: the middle)")),
                Parameter("x", "optional int", None, tr_noop("column of the pixel (default: the middle)")),
                Parameter("value", "int", 100, tr_noop("brightness in percent"), 0, 100),
            ),
            _impulse,
        ),
        Pattern("edge_v", tr_noop("a vertical edge: dark left half, bright right half"), (_SIZE,), _edge_v),
        Pattern("edge_h", tr_noop("a horizontal edge: dark top half, bright bottom half"), (_SIZE,), _edge_h),
        Pattern(
            "edge_d",
            tr_noop("a diagonal edge: bright below the top-left to bottom-right line"),
            (_SIZE,),
            _edge_d,
        ),
        Pattern(
            "checkerboard",
            tr_noop("black and white squares of period/2 pixels"),
            (_PERIOD, _SIZE),
            _checkerboard,
        ),
        Pattern(
            "stripes",
            tr_noop("dark and bright stripes, period pixels per pair"),
            (
                _PERIOD,
                Parameter(
                    "orientation",
                    "choice",
                    "v",
                    tr_noop("v: vertical stripes, h: horizontal"),
                    choices=("v", "h"),
                ),
                _SIZE,
            ),
            _stripes,
        ),
        Pattern(
            "gradient",
            tr_noop("a ramp from black to white"),
            (
                Parameter(
                    "direction",
                    "choice",
                    "h",
                    tr_noop("h: left to right, v: top to bottom"),
                    choices=("h", "v"),
                ),
                _SIZE,
            ),
            _gradient,
        ),
        Pattern(
            "circle",
            tr_noop("a bright disc in the middle"),
            (
                Parameter(
                    "radius",
                    "optional int",
                    None,
                    tr_noop("radius in pixels (default: a quarter of the side)"),
                ),
                _SIZE,
            ),
            _circle,
        ),
        Pattern(
            "noise",
            tr_noop("uniform random grey values, the same for the same seed"),
            (Parameter("seed", "int", 0, tr_noop("random seed"), 0, 2**32 - 1), _SIZE),
            _noise,
        ),
    )
}


def pattern_help() -> list[str]:
    """One line per pattern: ``name[:arg=default,...]  help``."""
    lines = []
    for p in PATTERNS.values():
        args = ",".join(f"{a.name}={_format(a, a.default)}" for a in p.parameters)
        lines.append(f"{p.name}:{args}  {tr(p.help)}")
    return lines


def _format(parameter: Parameter, value: Any) -> str:
    if value is None:
        return "auto"
    if parameter.kind == "size":
        h, w = value
        return f"{h}" if h == w else f"{h}x{w}"
    return str(value)


def _parse_value(pattern: str, parameter: Parameter, text: str) -> Any:
    raw = text.strip().lower()
    subject = f"{pattern}:{parameter.name}"
    if parameter.kind == "choice":
        if raw not in parameter.choices:
            raise PatternError(
                tr("'{text}' is not one of: {choices}").format(
                    text=printable(text), choices=", ".join(parameter.choices)
                ),
                subject=subject,
            )
        return raw
    if parameter.kind == "optional int" and raw in ("auto", "none", ""):
        return None
    if parameter.kind == "size":
        parts = [p for p in re.split(r"[x×*]", raw) if p]
        if len(parts) not in (1, 2) or not all(p.isdigit() for p in parts):
            raise PatternError(
                tr("'{text}' is not a size (write 256 or 128x192)").format(text=printable(text)),
                subject=subject,
            )
        numbers = [int(p) for p in parts]
        h, w = (numbers[0], numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[1])
        for v in (h, w):
            _check_range(subject, parameter, v)
        return (h, w)
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise PatternError(tr("'{text}' is not a whole number").format(text=printable(text)), subject=subject)
    value = int(raw)
    _check_range(subject, parameter, value)
    return value


def _check_range(subject: str, parameter: Parameter, value: int) -> None:
    if not parameter.minimum <= value <= parameter.maximum:
        raise PatternError(
            tr("{value} is out of range: {name} must be from {lo} to {hi}").format(
                value=value, name=parameter.name, lo=parameter.minimum, hi=parameter.maximum
            ),
            subject=subject,
        )


def parse_pattern(text: str) -> tuple[Pattern, dict[str, Any]]:
    """``NAME[:ARGS]`` -> the pattern and every argument (defaults filled in).

    Raises :class:`PatternError` naming the unknown pattern or bad argument.
    """
    name, _, rest = str(text).strip().partition(":")
    name = name.strip().lower()
    pattern = PATTERNS.get(name)
    if pattern is None:
        import difflib

        close = difflib.get_close_matches(name, PATTERNS, n=2, cutoff=0.5)
        hint = tr("did you mean {options}?").format(options=", ".join(close)) if close else ""
        raise PatternError(
            (
                tr("unknown pattern; choose one of {names}").format(names=", ".join(PATTERNS)) + " " + hint
            ).strip(),
            subject=printable(name or str(text)),
        )
    by_name = {p.name: p for p in pattern.parameters}
    values: dict[str, Any] = {}
    positional = True
    for i, part in enumerate([p for p in rest.split(",")] if rest.strip() else []):
        key, sep, value = part.partition("=")
        if sep:
            positional = False
            key = key.strip().lower()
            if key not in by_name:
                raise PatternError(
                    tr("{name} has no argument '{key}'; it takes {keys}").format(
                        name=pattern.name, key=printable(key), keys=", ".join(by_name)
                    ),
                    subject=pattern.name,
                )
            parameter = by_name[key]
        else:
            if not positional or i >= len(pattern.parameters):
                raise PatternError(
                    tr("'{part}': write {name}'s arguments as key=value ({keys})").format(
                        part=printable(part), name=pattern.name, keys=", ".join(by_name)
                    ),
                    subject=pattern.name,
                )
            parameter, value = pattern.parameters[i], key
        if parameter.name in values:
            raise PatternError(tr("'{key}' is given twice").format(key=parameter.name), subject=pattern.name)
        values[parameter.name] = _parse_value(pattern.name, parameter, value)
    for p in pattern.parameters:
        values.setdefault(p.name, p.default)
    if pattern.name in ("checkerboard", "stripes") and values["period"] % 2:
        raise PatternError(
            tr("period {n} is odd; use an even number so both halves are whole pixels").format(
                n=values["period"]
            ),
            subject=f"{pattern.name}:period",
        )
    return pattern, values


def pattern_array(text: str) -> np.ndarray:
    """The pattern's grey values, (H, W) float32 in [0, 1]."""
    pattern, values = parse_pattern(text)
    h, w = values.pop("size")
    return np.ascontiguousarray(pattern.draw(h, w, **values), dtype=np.float32)


def canonical_name(text: str) -> str:
    """``NAME:key=value,...`` with every argument, e.g. ``checkerboard:period=8,size=256``."""
    pattern, values = parse_pattern(text)
    args = ",".join(f"{p.name}={_format(p, values[p.name])}" for p in pattern.parameters)
    return f"{pattern.name}:{args}"


def make_pattern(text: str) -> LoadedImage:
    """The pattern ``text`` as an image the rest of cnnviz uses like a photo."""
    grey = pattern_array(text)
    pixels = np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2), dtype=np.float32)
    return LoadedImage(pixels=pixels, name=canonical_name(text), path=None, format=None, mode="pattern")
