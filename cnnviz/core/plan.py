"""One validated plan per change: everything a forward pass needs decided up front.

The path of one change, for every surface (window, ``cnnviz render``,
``cnnviz shapes``, sessions, weights files)::

    Settings (checked values)
      -> make_plan(settings, image_size, weights)     this module, pure, no torch
           input size (fit.input_size_for), NetworkSpec, ShapeReport,
           memory estimate against the budget, which parameters the weights fill
      -> Engine.run(plan, input_array)                 executes the plan as is

Nothing downstream derives the input size, the spec or the shapes again.

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from cnnviz.core.budget import MemoryEstimate, budget_problem, estimate_memory, memory_limit
from cnnviz.core.errors import SettingError, raise_if_any
from cnnviz.core.fit import input_size_for
from cnnviz.core.i18n import tr
from cnnviz.core.parameters import expected_shapes, explain_mismatch
from cnnviz.core.settings import MAX_INPUT_SIDE, Pair, Settings
from cnnviz.core.shapes import ShapeReport, compute_shapes
from cnnviz.core.spec import NetworkSpec


class HasShape(Protocol):
    @property
    def shape(self) -> Any: ...


@dataclass(frozen=True)
class Plan:
    """A checked description of one forward pass. ``ok`` means it can run."""

    settings: Settings
    spec: NetworkSpec  # spec.input.size is the size actually fed to the network
    report: ShapeReport
    problems: tuple[SettingError, ...]  # shape, input and memory problems, in network order
    memory: MemoryEstimate | None
    # parameter name -> "loaded" (from the weights in use) or "seeded" (cnnviz's
    # initialisation: no weights given, or the given ones do not fit this layer)
    sources: Mapping[str, str] = field(default_factory=dict)
    weights_mismatch: tuple[str, ...] = ()  # one sentence per parameter the weights do not fit

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def input_size(self) -> Pair:
        return self.spec.input.size

    def raise_problems(self) -> None:
        raise_if_any(self.problems)

    def stage_names(self) -> list[str]:
        return [s.name for s in self.report.stages]

    def layer_keys(self) -> list[tuple[str, Any]]:
        """(stage, what its output depends on besides its input and parameters), in order.

        Each layer's part of the spec: a frozen dataclass holding every argument
        torch is given, by the settings table's names. Two plans whose first
        stages have equal keys (and equal inputs and weights) compute equal maps.
        """
        keys: list[tuple[str, Any]] = []
        in_channels = self.spec.input.channels
        for block in self.spec.blocks:
            keys.append((block.conv_name, ("conv", in_channels, block.conv)))
            keys.append((block.relu_name, ("relu",)))
            if block.pool.enabled:
                keys.append((block.pool_name, ("pool", block.pool)))
            in_channels = block.conv.out_channels
        reached = {s.name for s in self.report.stages}
        keys = [(name, key) for name, key in keys if name in reached]
        if "flatten" in reached:
            keys.append(("flatten", ("flatten", 1)))
        if "fc" in reached:
            keys.append(("fc", ("fc", self.report.stage("flatten").shape, self.spec.num_classes)))
        return keys


def shared_stages(shown: Plan, current: Plan) -> list[str]:
    """The leading stages ``shown`` computed exactly as ``current`` would (same input size).

    Weights and the image are the caller's to compare; this looks at the layers.
    """
    if shown.input_size != current.input_size:
        return []
    same: list[str] = []
    for (name_a, key_a), (name_b, key_b) in zip(shown.layer_keys(), current.layer_keys(), strict=False):
        if name_a != name_b or key_a != key_b:
            break
        same.append(name_a)
    return same


def make_plan(
    settings: Settings,
    image_size: Pair | None = None,
    *,
    weights: Mapping[str, HasShape] | None = None,
    limit: int | None = None,
    keep_previous: bool = True,
    input_size: Pair | None = None,
) -> Plan:
    """Plan the forward pass of ``settings`` on an image of ``image_size`` (height, width).

    ``image_size`` matters with ``input.fit=native`` (the image is the input);
    without it the input is ``input.size``. ``weights`` (name -> tensor or
    anything with a shape) decides which parameters come from them.
    ``limit`` is the memory budget in bytes (default: :func:`budget.memory_limit`).
    ``input_size`` says the input tensor is already made and has this size (a
    caller feeding its own array, e.g. a test or a benchmark); it wins over the fit.
    """
    fit = settings.choice("input.fit")
    requested = settings.pair("input.size")
    if input_size is not None:
        size = (int(input_size[0]), int(input_size[1]))
    elif image_size is not None:
        size = input_size_for(image_size, requested, fit)
    else:
        size = requested
    problems: list[SettingError] = []
    if max(size) > MAX_INPUT_SIDE:
        problems.append(
            SettingError(
                tr(
                    "with fit 'native' the image is the input, and this one is {w} × {h} pixels; "
                    "cnnviz feeds at most {limit} pixels per side. Choose another fit (crop, fit or "
                    "stretch) or a smaller image."
                ).format(w=size[1], h=size[0], limit=MAX_INPUT_SIDE),
                key="input.fit",
            )
        )
        size = requested  # plan the shapes the other fits would give, so the strip still answers
    spec = NetworkSpec.from_settings(settings, size)
    report = compute_shapes(spec)
    problems += report.problems
    memory = None
    if report.ok:
        memory = estimate_memory(report, keep_previous=keep_previous)
        over = budget_problem(memory, limit if limit is not None else memory_limit())
        if over is not None:
            problems.append(over)
    sources, mismatch = _weight_sources(spec, report, weights)
    return Plan(settings, spec, report, tuple(problems), memory, sources, mismatch)


def _weight_sources(
    spec: NetworkSpec, report: ShapeReport, weights: Mapping[str, HasShape] | None
) -> tuple[dict[str, str], tuple[str, ...]]:
    expected = expected_shapes(spec, report)
    if weights is None:
        return {name: "seeded" for name in expected}, ()
    sources = {
        name: "loaded" if name in weights and tuple(weights[name].shape) == shape else "seeded"
        for name, shape in expected.items()
    }
    mismatch = tuple(explain_mismatch(weights, spec, report)) if report.ok else ()
    return sources, mismatch
