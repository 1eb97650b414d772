"""What the window may claim: which shapes the current settings give, and which maps are stale.

Pure functions of the controller's state (no widgets), so the shape strip, the
panels' shape labels and their stale marks all follow one rule:

* the chain of shapes stops at the first layer with a problem (a refused value
  typed in its control, or a combination torch would reject), in network
  order; shapes after it are not shown, because the settings do not produce
  them;
* a panel whose maps were computed from other settings, another image, other
  weights or another device than the current ones is stale, and says which
  result it shows and what differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnviz.core.budget import BudgetProblem
from cnnviz.core.i18n import tr
from cnnviz.core.plan import Plan, shared_stages
from cnnviz.core.settings import TABLE, Settings, format_value
from cnnviz.core.shapes import Stage
from cnnviz.core.text import shape_text

MAX_DIFFERENCES_SHOWN = 3


def layer_order(key: str) -> int:
    """Where a setting's layer sits in the network (input and ``blocks`` first)."""
    layer = key.split(".")[0]
    if layer.startswith("conv") and layer[4:].isdigit():
        return 2 * int(layer[4:]) - 1
    if layer.startswith("pool") and layer[4:].isdigit():
        return 2 * int(layer[4:])
    return 0


@dataclass(frozen=True)
class Chain:
    """The shapes the screen may show, and where (and why) the chain breaks."""

    input_shape: tuple[int, ...] | None  # None when the input itself has a problem
    stages: tuple[Stage, ...]
    broken_at: str | None  # the layer name shown with ✕ ("input", "conv2", "memory")
    problem_key: str | None
    problem: str | None


def visible_chain(plan: Plan, value_problems: dict[str, str], problems: dict[str, str]) -> Chain:
    """The stages of ``plan`` that the current settings really produce.

    ``value_problems`` are refused texts (setting key -> message): the chain
    stops before the layer of the earliest one. ``problems`` is every problem
    as shown on the controls (key -> message).
    """
    stages = list(plan.report.stages)
    broken: str | None = None
    key: str | None = None
    if value_problems:
        key = min(value_problems, key=layer_order)
        order = layer_order(key)
        layer = key.split(".")[0]
        broken = "input" if order == 0 else layer
        if order == 0:
            stages = []
        else:
            first = next((i for i, s in enumerate(stages) if _stage_order(s) >= order), len(stages))
            stages = stages[:first]
    elif plan.problems:
        budget = [p for p in plan.problems if isinstance(p, BudgetProblem)]
        shape = [p for p in plan.problems if not isinstance(p, BudgetProblem)]
        if shape:
            first_problem = min(shape, key=lambda p: layer_order(p.key))
            key = first_problem.key
            order = layer_order(key)
            broken = "input" if order == 0 else key.split(".")[0]
            if order == 0:
                stages = []
        else:
            key = budget[0].key
            broken = "memory"
    input_shape = None if broken == "input" else plan.report.input_shape
    message = None
    if key is not None:
        message = problems.get(key) or next(iter(problems.values()), None)
        shown_key = key if key in problems else next(iter(problems), key)
        key = shown_key
    return Chain(input_shape, tuple(stages), broken, key, message)


def _stage_order(stage: Stage) -> int:
    if stage.block is None:
        return 10**6  # flatten, fc: after every block
    return 2 * stage.block - 1 if stage.kind in ("conv", "relu") else 2 * stage.block


def settings_difference(before: Settings, after: Settings) -> str:
    """``conv1.groups=1`` for the active settings of ``before`` that ``after`` changed (a few)."""
    keys = [k for k in before.active_keys() if before[k] != after[k]]
    parts = [f"{k}={format_value(TABLE[k].kind, before[k])}" for k in keys[:MAX_DIFFERENCES_SHOWN]]
    if len(keys) > MAX_DIFFERENCES_SHOWN:
        parts.append(tr("and {n} more").format(n=len(keys) - MAX_DIFFERENCES_SHOWN))
    return ", ".join(parts)


@dataclass(frozen=True)
class Shown:
    """What the panels hold: the plan and inputs of the result on screen."""

    plan: Plan
    image: object
    weights_version: int
    device: str


def stale_notes(
    shown: Shown | None,
    current_plan: Plan,
    current_settings: Settings,
    chain: Chain,
    *,
    image: object,
    weights_version: int,
    device: str,
    computing: bool,
) -> dict[str, str]:
    """Stage (or ``input``/``fc``) -> the note of a stale panel; panels not listed are current."""
    if shown is None:
        return {}
    names = ["input", *[s.name for s in shown.plan.report.stages]]
    same_inputs = shown.image is image and shown.weights_version == weights_version and shown.device == device
    still_true: set[str] = set()
    if same_inputs and chain.input_shape is not None:
        still_true.add("input")
        valid_now = {s.name for s in chain.stages}
        for name in shared_stages(shown.plan, current_plan):
            if name in valid_now:
                still_true.add(name)
    if not computing and chain.broken_at is None and same_inputs and shown.plan.settings == current_settings:
        return {}
    stale = [n for n in names if n not in still_true]
    if not stale:
        return {}
    if computing and chain.broken_at is None:
        reason = tr("computing the current settings…")
    elif chain.broken_at is not None:
        reason = tr("the current settings cannot be computed (see the problem marked in red)")
    else:
        reason = tr("showing an earlier result")
    difference = settings_difference(shown.plan.settings, current_settings)
    if not same_inputs:
        difference = ", ".join(x for x in (difference, tr("another image, weights or device")) if x)
    notes: dict[str, str] = {}
    for name in stale:
        shape = shown.plan.report.input_shape if name == "input" else shown.plan.report.stage(name).shape
        note = tr("last valid result: {shape}").format(shape=shape_text(shape))
        if difference:
            note += " · " + tr("computed with {settings}").format(settings=difference)
        notes[name] = f"{reason} — {note}"
    return notes
