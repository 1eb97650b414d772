"""Where one number of one stage comes from: the inspector's core.

``explain(result, stage, channel, row, col)`` takes a :class:`ForwardResult` and a
cell and returns a frozen :class:`Explanation`:

* **conv**: for each input channel of the output channel's group, the kernel,
  the patch of the previous stage it reads (padding cells marked, with the value
  ``padding_mode`` puts there and the pixel it copies; dilation's gaps are the
  skipped positions between ``rows``/``cols``), the element-wise products and
  their sum; then the bias and the total, which is the value in the map;
* **relu**: ``max(0, x)`` with ``x`` the conv cell (explained as above);
* **pool**: the window on the previous stage (padding cells −∞ for max, 0 for
  avg; cells of a ``ceil_mode`` partial window past the padding marked
  "outside"), the winner for max, the sum and divisor for avg with the rule
  that chose it (``count_include_pad``, ``divisor_override``);
* **flatten**: the entry's index ↔ (channel, row, column) of the stage before;
* **fc**: the dot product's largest contributions, the rest, and the bias.

The arithmetic is done here in float64 from the stored parameters and the
previous stage's values (never by calling the layer again), so comparing
``total`` with the map value is a real check.

numpy only: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.receptive import ReceptiveBox, padding_source, trace, trace_all
from cnnviz.core.shapes import ShapeReport, Stage

if TYPE_CHECKING:
    from cnnviz.core.engine import ForwardResult

KINDS = ("conv", "relu", "pool", "flatten", "fc")
TOP_CONTRIBUTIONS = 10


class InspectError(CnnvizError):
    """A cell that cannot be inspected (no such stage, channel, row or column)."""


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.flags.writeable = False
    return a


def _num(x: float) -> float | None:
    """A float for JSON: ±∞ and NaN become None."""
    return float(x) if np.isfinite(x) else None


def _grid(a: np.ndarray, mask: np.ndarray | None = None) -> list[list[float | None]]:
    return [
        [None if (mask is not None and mask[i, j]) else _num(a[i, j]) for j in range(a.shape[1])]
        for i in range(a.shape[0])
    ]


# ---------------------------------------------------------------------------
# Details per kind
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Positions a kernel or pooling window reads in the previous stage (rows × cols).

    ``rows``/``cols`` are unclipped positions (negative or past the end: padding);
    ``source_rows``/``source_cols`` the real row/column each one takes its value from
    (itself inside, the copied pixel for reflect/replicate/circular padding, None
    for constant padding). ``is_padding[i, j]`` marks cells outside the stage.
    """

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    source_rows: tuple[int | None, ...]
    source_cols: tuple[int | None, ...]
    size: tuple[int, int]  # the previous stage's height and width

    @property
    def is_padding(self) -> np.ndarray:
        h, w = self.size
        r = np.array([0 <= i < h for i in self.rows])
        c = np.array([0 <= j < w for j in self.cols])
        return ~(r[:, None] & c[None, :])


@dataclass(frozen=True)
class ConvTerm:
    """One input channel's share of a conv cell: sum(patch * kernel)."""

    in_channel: int
    kernel: np.ndarray  # (kh, kw)
    patch: np.ndarray  # (kh, kw) values read, padding filled per padding_mode
    products: np.ndarray  # (kh, kw)
    sum: float


@dataclass(frozen=True)
class ConvDetail:
    previous: str  # "input" or the stage read
    window: Window
    padding_mode: str
    groups: int
    group: int
    in_channels: tuple[int, ...]  # the input channels feeding this output channel
    terms: tuple[ConvTerm, ...]
    sum: float
    bias: float | None
    total: float


@dataclass(frozen=True)
class ReluDetail:
    pre_activation: float
    conv_stage: str
    conv: ConvDetail

    @property
    def dead(self) -> bool:
        return self.pre_activation <= 0


@dataclass(frozen=True)
class PoolDetail:
    previous: str
    type: str  # "max" or "avg"
    window: Window
    values: np.ndarray  # (kh, kw): −∞ (max) or 0 (avg) in padding and outside cells
    outside: np.ndarray  # (kh, kw) bool: past the padding (a ceil_mode partial window)
    winner: tuple[int, int] | None  # max: the cell that won, previous-stage coordinates
    sum: float | None  # avg
    divisor: int | None  # avg
    divisor_rule: str  # avg: why the divisor is what it is
    count_include_pad: bool
    divisor_override: int | None
    ceil_mode: bool
    total: float


@dataclass(frozen=True)
class FlattenDetail:
    previous: str
    index: int
    source: tuple[int, int, int]  # (channel, row, col) in the previous stage
    source_shape: tuple[int, int, int]


@dataclass(frozen=True)
class Contribution:
    index: int  # flatten index
    source: tuple[int, int, int]  # (channel, row, col) of the last map stage
    input: float
    weight: float
    product: float


@dataclass(frozen=True)
class FcDetail:
    top: tuple[Contribution, ...]  # largest |weight·input| first
    rest: float  # the sum of all other products
    count: int  # number of inputs
    sum: float
    bias: float
    total: float


Detail = ConvDetail | ReluDetail | PoolDetail | FlattenDetail | FcDetail


@dataclass(frozen=True)
class Explanation:
    """One cell and where its value comes from."""

    stage: str
    kind: str  # conv, relu, pool, flatten, fc
    channel: int  # the channel, or the index for flatten / fc
    at: tuple[int, int] | None  # (row, col) for map stages
    value: float  # the value in the stage
    receptive_field: ReceptiveBox
    detail: Detail = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stage": self.stage,
            "kind": self.kind,
            "channel": self.channel,
            "at": list(self.at) if self.at is not None else None,
            "value": float(self.value),
            "receptive_field": self.receptive_field.to_json(),
        }
        d = self.detail
        if isinstance(d, ConvDetail):
            out.update(_conv_json(d))
        elif isinstance(d, ReluDetail):
            out["pre_activation"] = d.pre_activation
            out["conv"] = {"stage": d.conv_stage, **_conv_json(d.conv)}
        elif isinstance(d, PoolDetail):
            mask = d.window.is_padding | d.outside
            out.update(
                {
                    "previous": d.previous,
                    "type": d.type,
                    "rows": list(d.window.rows),
                    "cols": list(d.window.cols),
                    "window": _grid(d.values, mask),
                    "outside": d.outside.tolist(),
                    "ceil_mode": d.ceil_mode,
                }
            )
            if d.type == "max":
                out["winner"] = list(d.winner) if d.winner is not None else None
            else:
                out.update(
                    {
                        "sum": d.sum,
                        "divisor": d.divisor,
                        "divisor_rule": d.divisor_rule,
                        "count_include_pad": d.count_include_pad,
                        "divisor_override": d.divisor_override,
                    }
                )
        elif isinstance(d, FlattenDetail):
            out.update(
                {
                    "index": d.index,
                    "source": {"stage": d.previous, "channel": d.source[0], "at": list(d.source[1:])},
                    "source_shape": list(d.source_shape),
                }
            )
        elif isinstance(d, FcDetail):
            out.update(
                {
                    "index": self.channel,
                    "top": [
                        {
                            "index": c.index,
                            "source": list(c.source),
                            "input": c.input,
                            "weight": c.weight,
                            "product": c.product,
                        }
                        for c in d.top
                    ],
                    "rest": d.rest,
                    "count": d.count,
                    "sum": d.sum,
                    "bias": d.bias,
                }
            )
        return out


def _conv_json(d: ConvDetail) -> dict[str, Any]:
    return {
        "previous": d.previous,
        "rows": list(d.window.rows),
        "cols": list(d.window.cols),
        "padding": d.window.is_padding.tolist(),
        "padding_mode": d.padding_mode,
        "groups": d.groups,
        "in_channels": list(d.in_channels),
        "terms": [
            {
                "in_channel": t.in_channel,
                "patch": _grid(t.patch),
                "kernel": _grid(t.kernel),
                "products": _grid(t.products),
                "sum": t.sum,
            }
            for t in d.terms
        ],
        "sum": d.sum,
        "bias": d.bias,
        "total": d.total,
    }


# ---------------------------------------------------------------------------
# Looking a cell up
# ---------------------------------------------------------------------------


def previous_stage(report: ShapeReport, stage: str) -> str:
    """The stage whose output ``stage`` reads (``"input"`` for the first)."""
    names = [s.name for s in report.stages]
    i = names.index(stage)
    return "input" if i == 0 else names[i - 1]


def _array(result: ForwardResult, name: str) -> np.ndarray:
    return result.input if name == "input" else result.stages[name]


def _range_error(what: str, value: int, count: int, stage: Stage) -> InspectError:
    return InspectError(
        tr("{what} {value} is outside {stage} ({shape}): use 0 to {last}").format(
            what=what, value=value, stage=stage.name, shape=stage.shape_text(" × "), last=count - 1
        ),
        subject=stage.name,
    )


def find_stage(report: ShapeReport, stage: str) -> Stage:
    """The stage named ``stage``, or an :class:`InspectError` listing the valid names."""
    names = [s.name for s in report.stages]
    if stage == "input":
        raise InspectError(
            tr(
                "the input is not computed by the network, so there is nothing to explain; "
                "choose one of {names}"
            ).format(names=", ".join(names)),
            subject="--stage",
        )
    if stage not in names:
        raise InspectError(
            tr("there is no stage '{stage}'; choose one of {names}").format(
                stage=stage, names=", ".join(names)
            ),
            subject="--stage",
        )
    return report.stage(stage)


def check_cell(report: ShapeReport, stage: str, channel: int, row: int | None, col: int | None) -> Stage:
    """Raise :class:`InspectError` naming the valid range unless the cell exists."""
    info = find_stage(report, stage)
    if len(info.shape) == 1:
        if not 0 <= channel < info.shape[0]:
            raise _range_error(tr("index"), channel, info.shape[0], info)
        if (row or 0) != 0 or (col or 0) != 0:
            raise InspectError(
                tr("{stage} is a vector of {n} values: give only an index, not a row and column").format(
                    stage=stage, n=info.shape[0]
                ),
                subject=stage,
            )
        return info
    c, h, w = info.shape
    if not 0 <= channel < c:
        raise _range_error(tr("channel"), channel, c, info)
    if row is None or col is None:
        raise InspectError(tr("{stage} is a map: give a row and a column").format(stage=stage), subject=stage)
    if not 0 <= row < h:
        raise _range_error(tr("row"), row, h, info)
    if not 0 <= col < w:
        raise _range_error(tr("column"), col, w, info)
    return info


def explain(
    result: ForwardResult, stage: str, channel: int, row: int | None = None, col: int | None = None
) -> Explanation:
    """Explain cell ``(channel, row, col)`` of ``stage`` (for flatten / fc, ``channel`` is the index)."""
    report = result.report
    info = check_cell(report, stage, channel, row, col)
    value = float(result.stages[stage][(channel,) if len(info.shape) == 1 else (channel, row, col)])
    if info.kind == "conv":
        assert row is not None and col is not None
        detail: Detail = _explain_conv(result, info, channel, row, col)
    elif info.kind == "relu":
        assert row is not None and col is not None
        conv_name = previous_stage(report, stage)
        conv = _explain_conv(result, report.stage(conv_name), channel, row, col)
        pre = float(result.stages[conv_name][channel, row, col])
        detail = ReluDetail(pre, conv_name, conv)
    elif info.kind == "pool":
        assert row is not None and col is not None
        detail = _explain_pool(result, info, channel, row, col)
    elif info.kind == "flatten":
        prev = previous_stage(report, stage)
        shape = report.stage(prev).shape
        source = tuple(int(i) for i in np.unravel_index(channel, shape))
        detail = FlattenDetail(
            prev, channel, (source[0], source[1], source[2]), (shape[0], shape[1], shape[2])
        )
        rf = trace(report, prev, source[1], source[2])
        return Explanation(stage, info.kind, channel, None, value, rf, detail)
    else:
        detail = _explain_fc(result, channel)
        last_map = previous_stage(report, previous_stage(report, stage))
        return Explanation(stage, info.kind, channel, None, value, trace_all(report, last_map), detail)
    assert row is not None and col is not None
    return Explanation(stage, info.kind, channel, (row, col), value, trace(report, stage, row, col), detail)


def _window(arith: Any, row: int, col: int, size: tuple[int, int], mode: str) -> Window:
    ah, aw = arith
    rows = tuple(row * ah.stride - ah.pad_before + ah.dilation * k for k in range(ah.kernel))
    cols = tuple(col * aw.stride - aw.pad_before + aw.dilation * k for k in range(aw.kernel))
    return Window(
        rows,
        cols,
        tuple(padding_source(i, size[0], mode) for i in rows),
        tuple(padding_source(j, size[1], mode) for j in cols),
        size,
    )


def _explain_conv(result: ForwardResult, info: Stage, channel: int, row: int, col: int) -> ConvDetail:
    assert info.block is not None and info.arithmetic is not None
    conv = result.spec.blocks[info.block - 1].conv
    prev = previous_stage(result.report, info.name)
    x = _array(result, prev).astype(np.float64)  # (Cin, H, W)
    weight = result.weights[f"{info.name}.weight"].astype(np.float64)  # (Cout, Cin/groups, kh, kw)
    bias_array = result.weights.get(f"{info.name}.bias")
    window = _window(info.arithmetic, row, col, (x.shape[1], x.shape[2]), conv.padding_mode)
    per_group_in = x.shape[0] // conv.groups
    per_group_out = conv.out_channels // conv.groups
    group = channel // per_group_out
    in_channels = tuple(range(group * per_group_in, (group + 1) * per_group_in))
    # Gather the patch: real rows/cols per cell, constant padding (zeros) where there is none.
    src_r = np.array([-1 if s is None else s for s in window.source_rows])
    src_c = np.array([-1 if s is None else s for s in window.source_cols])
    valid = (src_r[:, None] >= 0) & (src_c[None, :] >= 0)
    terms = []
    for k, cin in enumerate(in_channels):
        patch = np.where(valid, x[cin][np.clip(src_r, 0, None)][:, np.clip(src_c, 0, None)], 0.0)
        kernel = weight[channel, k]
        products = patch * kernel
        terms.append(
            ConvTerm(cin, _readonly(kernel), _readonly(patch), _readonly(products), float(products.sum()))
        )
    total_sum = float(sum(t.sum for t in terms))
    bias = float(bias_array[channel]) if bias_array is not None else None
    total = total_sum + (bias or 0.0)
    return ConvDetail(
        prev, window, conv.padding_mode, conv.groups, group, in_channels, tuple(terms), total_sum, bias, total
    )


def _explain_pool(result: ForwardResult, info: Stage, channel: int, row: int, col: int) -> PoolDetail:
    assert info.block is not None and info.arithmetic is not None
    pool = result.spec.blocks[info.block - 1].pool
    prev = previous_stage(result.report, info.name)
    x = _array(result, prev)[channel].astype(np.float64)  # (H, W)
    h, w = x.shape
    ah, aw = info.arithmetic
    window = _window(info.arithmetic, row, col, (h, w), "zeros")
    rows = np.array(window.rows)
    cols = np.array(window.cols)
    # Past the right/bottom padding: only a ceil_mode partial window reaches there.
    outside = (rows[:, None] >= h + ah.pad_after) | (cols[None, :] >= w + aw.pad_after)
    padding = window.is_padding
    real = ~padding
    fill = -np.inf if pool.type == "max" else 0.0
    values: np.ndarray = np.full(rows.shape + cols.shape, fill)
    values[real] = x[np.clip(rows, 0, h - 1)][:, np.clip(cols, 0, w - 1)][real]
    values = _readonly(values)
    if pool.type == "max":
        # torch keeps the first maximum in the window's row-major order.
        flat = int(np.argmax(values))
        wi, wj = divmod(flat, int(values.shape[-1]))
        winner = (int(rows[wi]), int(cols[wj]))
        return PoolDetail(
            prev, "max", window, values, _readonly(outside), winner, None, None, "",
            pool.count_include_pad, pool.divisor_override, pool.ceil_mode, float(values[wi, wj]),
        )  # fmt: skip
    total_sum = float(values[real].sum())
    real_count = int(real.sum())
    with_padding = int((~outside).sum())
    if pool.divisor_override is not None:
        divisor = int(pool.divisor_override)
        rule = tr("divisor_override = {d}").format(d=divisor)
    elif pool.count_include_pad:
        divisor = with_padding
        rule = tr("count_include_pad: {n} cells, padding included{outside}").format(
            n=divisor,
            outside=tr(", not the {m} past the padding").format(m=int(outside.sum()))
            if outside.any()
            else "",
        )
    else:
        divisor = real_count
        rule = tr("{n} real cells (count_include_pad is off)").format(n=divisor)
    return PoolDetail(
        prev, "avg", window, values, _readonly(outside), None, total_sum, divisor, rule,
        pool.count_include_pad, pool.divisor_override, pool.ceil_mode, total_sum / divisor,
    )  # fmt: skip


def _explain_fc(result: ForwardResult, index: int, top: int = TOP_CONTRIBUTIONS) -> FcDetail:
    x = result.stages["flatten"].astype(np.float64)
    weight = result.weights["fc.weight"][index].astype(np.float64)
    bias = float(result.weights["fc.bias"][index])
    products = weight * x
    order = np.argsort(-np.abs(products), kind="stable")[:top]
    last_map = previous_stage(result.report, "flatten")
    shape = result.stages[last_map].shape
    contributions = tuple(
        Contribution(
            int(i),
            tuple(int(v) for v in np.unravel_index(int(i), shape)),  # type: ignore[arg-type]
            float(x[i]),
            float(weight[i]),
            float(products[i]),
        )
        for i in order
    )
    total_sum = float(products.sum())
    rest = total_sum - float(products[order].sum())
    return FcDetail(contributions, rest, int(x.size), total_sum, bias, total_sum + bias)
