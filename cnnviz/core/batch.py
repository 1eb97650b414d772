"""The batch axis and the textbook's flatten bug.

The chapter's code flattens with ``torch.flatten(x)``, which flattens *every*
axis, the batch axis too. With one image the result happens to work: a
``(1, 32, 32, 32)`` tensor becomes ``(32768,)`` and ``Linear(32768, 10)``
accepts a 1-D input, giving ``(10,)`` (only the batch axis is silently gone).
With two images it becomes ``(65536,)`` and the Linear layer refuses it::

    mat1 and mat2 shapes cannot be multiplied (1x65536 and 32768x10)

``torch.flatten(x, 1)`` keeps the batch axis: ``(2, 32768)`` → ``(2, 10)``.
:func:`flatten_bug` computes both paths' shapes and the error from the numbers
alone (pure Python; tests compare it with torch).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.shapes import ShapeReport

MAX_BATCH = 1024


@dataclass(frozen=True)
class FlattenPath:
    """What one way of flattening gives, and what the Linear layer makes of it."""

    code: str  # "torch.flatten(x)" or "torch.flatten(x, 1)"
    flattened: tuple[int, ...]
    linear_output: tuple[int, ...] | None  # None: Linear raises
    error: str | None  # torch's message when it raises
    note: str  # what happened, for a learner


@dataclass(frozen=True)
class FlattenBug:
    batch: int
    map_shape: tuple[int, ...]  # (N, C, H, W) before flattening
    features: int  # Linear's in_features
    classes: int
    textbook: FlattenPath  # torch.flatten(x)
    fixed: FlattenPath  # torch.flatten(x, 1)


def batch_shapes(report: ShapeReport, batch: int = 1) -> list[tuple[str, tuple[int, ...]]]:
    """Every stage's shape with the batch axis in front: ``N × C × H × W``."""
    _check_batch(batch)
    return [("input", (batch, *report.input_shape))] + [(s.name, (batch, *s.shape)) for s in report.stages]


def _check_batch(batch: int) -> None:
    if not 1 <= batch <= MAX_BATCH:
        raise CnnvizError(
            tr("the batch size must be 1 to {limit}, not {n}").format(limit=MAX_BATCH, n=batch),
            subject="batch",
        )


def flatten_bug(map_shape: tuple[int, int, int], classes: int, batch: int = 2) -> FlattenBug:
    """Both flattens of a batch of ``batch`` maps of ``map_shape`` (C, H, W) into ``Linear(C·H·W, classes)``."""
    _check_batch(batch)
    features = prod(map_shape)
    full = (batch, *map_shape)
    everything = batch * features
    if batch == 1:
        textbook = FlattenPath(
            "torch.flatten(x)",
            (everything,),
            (classes,),
            None,
            tr(
                "one image hides the bug: {n} values are exactly what Linear expects, and a 1-D input "
                "is allowed, so the output is {classes} scores with the batch axis gone"
            ).format(n=f"{everything:,}", classes=classes),
        )
    else:
        error = f"mat1 and mat2 shapes cannot be multiplied (1x{everything} and {features}x{classes})"
        textbook = FlattenPath(
            "torch.flatten(x)",
            (everything,),
            None,
            error,
            tr(
                "the batch axis is flattened too: {batch} images × {n} values = {total} values in one row, "
                "and Linear expects {n}"
            ).format(batch=batch, n=f"{features:,}", total=f"{everything:,}"),
        )
    fixed = FlattenPath(
        "torch.flatten(x, 1)",
        (batch, features),
        (batch, classes),
        None,
        tr("flattening from axis 1 keeps one row of {n} features per image").format(n=f"{features:,}"),
    )
    return FlattenBug(batch, full, features, classes, textbook, fixed)


def flatten_bug_text(bug: FlattenBug) -> str:
    """The two paths side by side as plain text."""
    lines = [tr("x has shape {shape}").format(shape=" × ".join(map(str, bug.map_shape)))]
    for path in (bug.textbook, bug.fixed):
        flat = " × ".join(map(str, path.flattened))
        result = (
            tr("Linear({f}, {c}) → {out}").format(
                f=bug.features, c=bug.classes, out=" × ".join(map(str, path.linear_output))
            )
            if path.linear_output is not None
            else tr("Linear({f}, {c}) raises: {error}").format(
                f=bug.features, c=bug.classes, error=path.error
            )
        )
        lines.append(f"  {path.code:<20} → {flat:<12} {result}")
        lines.append(f"  {'':<20}   {path.note}")
    return "\n".join(lines)
