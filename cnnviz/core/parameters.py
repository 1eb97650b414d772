"""Which parameters a network needs, and why a set of weights does or does not fit.

The expected shapes come from the shape arithmetic alone (no module is built),
so plans, weights files, sessions and the window all answer "do these weights
fit?" the same way. Pure Python: tensors are only asked for their ``.shape``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from cnnviz.core.i18n import tr
from cnnviz.core.shapes import ShapeReport, compute_shapes
from cnnviz.core.spec import NetworkSpec


def _dims(shape: tuple[int, ...]) -> str:
    return "×".join(str(d) for d in shape) if shape else tr("a scalar")


def explain_mismatch(
    tensors: Mapping[str, Any], spec: NetworkSpec, report: ShapeReport | None = None
) -> list[str]:
    """One sentence per parameter that does not fit ``spec``; empty when all fit."""
    report = report or compute_shapes(spec)
    expected = expected_shapes(spec, report)
    problems: list[str] = []
    for name, shape in expected.items():
        if name not in tensors:
            layer = name.split(".")[0]
            if name.endswith(".bias"):
                problems.append(
                    tr("{name}: missing from the file (was it saved with {layer}.bias=false?)").format(
                        name=name, layer=layer
                    )
                )
            else:
                problems.append(
                    tr("{name}: missing from the file; this network has {layer}").format(
                        name=name, layer=layer
                    )
                )
            continue
        got = tuple(tensors[name].shape)
        if got != shape:
            problems.append(_explain_shape(name, got, shape))
    for name in tensors:
        if name not in expected:
            problems.append(
                tr("{name}: in the file, but this network has no such parameter").format(name=name)
            )
    return problems


def _explain_shape(name: str, got: tuple[int, ...], want: tuple[int, ...]) -> str:
    layer, _, kind = name.partition(".")
    head = tr("{name}: the file has {got}, this network needs {want}").format(
        name=name, got=_dims(got), want=_dims(want)
    )
    hints = []
    if layer.startswith("conv") and kind == "weight" and len(got) == 4 and len(want) == 4:
        if got[0] != want[0]:
            hints.append(tr("{n} filters ({layer}.out_channels={n})").format(n=got[0], layer=layer))
        if got[1] != want[1]:
            hints.append(tr("{n} input channels per group").format(n=got[1]))
        if got[2:] != want[2:]:
            hints.append(
                tr("a {h}×{w} kernel ({layer}.kernel_size={h},{w})").format(h=got[2], w=got[3], layer=layer)
            )
    elif layer == "fc" and kind == "weight" and len(got) == 2 and len(want) == 2 and got[1] != want[1]:
        hints.append(
            tr(
                "a classifier for {n:,} flattened features, while this network flattens to {m:,} (input size or strides differ)"
            ).format(n=got[1], m=want[1])
        )
    if hints:
        return head + " — " + tr("it was saved with {hints}").format(hints="; ".join(hints))
    return head


def expected_shapes(spec: NetworkSpec, report: ShapeReport | None = None) -> dict[str, tuple[int, ...]]:
    """Parameter name -> shape for ``spec`` (from the shape arithmetic, no module built)."""
    report = report or compute_shapes(spec)
    shapes: dict[str, tuple[int, ...]] = {}
    in_channels = spec.input.channels
    for block in spec.blocks:
        c = block.conv
        shapes[f"{block.conv_name}.weight"] = (c.out_channels, in_channels // c.groups, *c.kernel_size)
        if c.bias:
            shapes[f"{block.conv_name}.bias"] = (c.out_channels,)
        in_channels = c.out_channels
    features = report.stage("flatten").shape[0] if report.ok else math.prod(report.input_shape)
    shapes["fc.weight"] = (spec.num_classes, features)
    shapes["fc.bias"] = (spec.num_classes,)
    return shapes
