"""An :class:`~cnnviz.core.explain.Explanation` as plain text, for the command line.

Numbers are written with 4 significant digits; padding cells are bracketed
(``[0]`` for zeros, ``[0.31]`` for a copied pixel), −∞ is written ``-inf``.
Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import numpy as np

from cnnviz.core.explain import (
    ConvDetail,
    Explanation,
    FcDetail,
    FlattenDetail,
    PoolDetail,
    ReluDetail,
)
from cnnviz.core.i18n import tr

MAX_TERMS_SHOWN = 8  # input channels written out in full; the rest as one line each


def _f(x: float) -> str:
    if x == -np.inf:
        return "-inf"
    if x == 0:
        return "0"  # never "-0"
    return f"{x:.4g}"


def _plus(values: list[float]) -> str:
    """``a + b − c``: the sum written with its signs."""
    out = _f(values[0])
    for v in values[1:]:
        out += f" − {_f(-v)}" if v < 0 else f" + {_f(v)}"
    return out


def _grid(values: np.ndarray, marked: np.ndarray | None = None) -> list[str]:
    cells = [
        [f"[{_f(v)}]" if marked is not None and marked[i, j] else _f(v) for j, v in enumerate(row)]
        for i, row in enumerate(values)
    ]
    width = max(len(c) for row in cells for c in row)
    return ["  " + " ".join(c.rjust(width) for c in row) for row in cells]


def _side_by_side(blocks: list[tuple[str, list[str]]]) -> list[str]:
    widths = [max(len(title), *(len(line) for line in lines)) for title, lines in blocks]
    out = ["   ".join(title.ljust(w) for (title, _), w in zip(blocks, widths, strict=True)).rstrip()]
    for i in range(max(len(lines) for _, lines in blocks)):
        out.append(
            "   ".join(
                (lines[i] if i < len(lines) else "").ljust(w)
                for (_, lines), w in zip(blocks, widths, strict=True)
            ).rstrip()
        )
    return out


def _conv_lines(d: ConvDetail, stage: str) -> list[str]:
    lines = [
        tr("reads {prev} rows {rows}, columns {cols} (padding_mode {mode}; [x] = padding)").format(
            prev=d.previous,
            rows=", ".join(map(str, d.window.rows)),
            cols=", ".join(map(str, d.window.cols)),
            mode=d.padding_mode,
        )
    ]
    if d.groups > 1:
        lines.append(
            tr("groups={g}: this channel is in group {group}, fed by input channels {first}–{last}").format(
                g=d.groups, group=d.group, first=d.in_channels[0], last=d.in_channels[-1]
            )
        )
    padding = d.window.is_padding
    for t in d.terms[:MAX_TERMS_SHOWN]:
        lines.append("")
        lines += _side_by_side(
            [
                (tr("input channel {c}: patch").format(c=t.in_channel), _grid(t.patch, padding)),
                (tr("kernel"), _grid(t.kernel)),
                (tr("products"), _grid(t.products)),
            ]
        )
        lines.append("  " + tr("sum = {s}").format(s=_f(t.sum)))
    for t in d.terms[MAX_TERMS_SHOWN:]:
        lines.append(tr("input channel {c}: sum = {s}").format(c=t.in_channel, s=_f(t.sum)))
    lines.append("")
    sums = _plus([t.sum for t in d.terms]) if len(d.terms) <= MAX_TERMS_SHOWN else _f(d.sum)
    bias = tr(" + bias ({b})").format(b=_f(d.bias)) if d.bias is not None else tr(" (no bias)")
    lines.append(f"{stage} = {sums}{bias} = {_f(d.total)}")
    return lines


def _pool_lines(d: PoolDetail) -> list[str]:
    lines = [
        tr("{type} pooling window on {prev} rows {rows}, columns {cols} ([x] = padding)").format(
            type=d.type,
            prev=d.previous,
            rows=", ".join(map(str, d.window.rows)),
            cols=", ".join(map(str, d.window.cols)),
        )
    ]
    lines += _grid(d.values, d.window.is_padding)
    if d.outside.any():
        lines.append(
            tr("{n} cell(s) lie past the padding: ceil_mode's partial last window").format(
                n=int(d.outside.sum())
            )
        )
    if d.type == "max":
        assert d.winner is not None
        lines.append(tr("max = {v} at {prev} row {r}, column {c}").format(
            v=_f(d.total), prev=d.previous, r=d.winner[0], c=d.winner[1]
        ))  # fmt: skip
    else:
        assert d.sum is not None
        lines.append(tr("divisor: {rule}").format(rule=d.divisor_rule))
        lines.append(f"{_f(d.sum)} / {d.divisor} = {_f(d.total)}")
    return lines


def explanation_text(e: Explanation) -> str:
    """The whole explanation, several lines."""
    if e.at is not None:
        head = tr("{stage} channel {c}, row {r}, column {col} = {v}").format(
            stage=e.stage, c=e.channel, r=e.at[0], col=e.at[1], v=_f(e.value)
        )
    else:
        head = tr("{stage}[{i}] = {v}").format(stage=e.stage, i=e.channel, v=_f(e.value))
    lines = [head, ""]
    d = e.detail
    if isinstance(d, ConvDetail):
        lines += _conv_lines(d, e.stage)
    elif isinstance(d, ReluDetail):
        lines.append(
            tr("{stage} = max(0, {x}) = {v}{dead}").format(
                stage=e.stage,
                x=_f(d.pre_activation),
                v=_f(e.value),
                dead=tr(" (negative: ReLU outputs 0)") if d.dead else "",
            )
        )
        lines.append(
            tr("where {x} is {conv} at the same cell:").format(x=_f(d.pre_activation), conv=d.conv_stage)
        )
        lines += _conv_lines(d.conv, d.conv_stage)
    elif isinstance(d, PoolDetail):
        lines += _pool_lines(d)
    elif isinstance(d, FlattenDetail):
        c, r, col = d.source
        _, h, w = d.source_shape
        lines.append(
            tr(
                "index {i} = {c}·({h}·{w}) + {r}·{w} + {col}: {prev} channel {c}, row {r}, column {col}"
            ).format(i=d.index, c=c, h=h, w=w, r=r, col=col, prev=d.previous)
        )
    elif isinstance(d, FcDetail):
        lines.append(tr("the {n} inputs times row {i} of the weights, largest products first:").format(
            n=d.count, i=e.channel
        ))  # fmt: skip
        for top in d.top:
            lines.append(
                f"  [{top.index}] ({top.source[0]}, {top.source[1]}, {top.source[2]})  "
                f"{_f(top.input)} × {_f(top.weight)} = {_f(top.product)}"
            )
        lines.append(
            "  " + tr("the other {n} products add up to {s}").format(n=d.count - len(d.top), s=_f(d.rest))
        )
        lines.append(
            f"{e.stage}[{e.channel}] = {_f(d.sum)} + " + tr("bias") + f" ({_f(d.bias)}) = {_f(d.total)}"
        )
    rf = e.receptive_field
    lines.append("")
    lines.append(
        tr("receptive field on the input: rows {r0}–{r1}, columns {c0}–{c1} ({h} × {w}, jump {jh} × {jw})").format(
            r0=rf.box[0], r1=rf.box[2] - 1, c0=rf.box[1], c1=rf.box[3] - 1,
            h=rf.size[0], w=rf.size[1], jh=rf.jump[0], jw=rf.jump[1],
        )
    )  # fmt: skip
    return "\n".join(lines)
