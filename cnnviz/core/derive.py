"""Derivations of every number the window shows, with the numbers plugged in.

``derivations(report)`` returns, per stage, the formulas behind its counts::

    conv1  parameters   16 × (3·3·3) + 16 = 448
           MACs         432 × 128·128 = 7,077,888
           output H     ⌊(256 + 2·1 − 1·(3−1) − 1)/2 + 1⌋ = 128
           receptive    1 + (3−1)·1 = 3, jump 1·2 = 2
           sharing      a fully connected layer from 3×256×256 to 16×128×128 would need …
    flatten             32 × 32 × 32 = 32,768
    fc     parameters   32,768 × 10 + 10 = 327,690

plus each layer's share of all parameters and MACs. Pure Python: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnviz.core.i18n import tr
from cnnviz.core.padding import coverage
from cnnviz.core.shapes import ReceptiveField, ShapeReport


@dataclass(frozen=True)
class Derivation:
    """One number and how it is computed."""

    stage: str
    what: str  # parameters, MACs, output H, output W, receptive field, …
    formula: str  # with the numbers, ending in "= value"
    value: int | float

    def to_json(self) -> dict[str, object]:
        return {"stage": self.stage, "what": self.what, "formula": self.formula, "value": self.value}


def _n(v: int) -> str:
    return f"{v:,}"


def _share(part: int, total: int) -> str:
    return f"{100 * part / total:.1f} %" if total else "0 %"


def derivations(report: ShapeReport) -> list[Derivation]:
    """Every derivation of ``report``, stage by stage, then the totals."""
    out: list[Derivation] = []
    spec = report.spec
    prev_shape: tuple[int, ...] = report.input_shape
    prev_rf = ReceptiveField()
    total_params, total_macs = report.total_params, report.total_macs
    for s in report.stages:
        if s.kind == "conv":
            assert s.block is not None and s.arithmetic is not None
            conv = spec.blocks[s.block - 1].conv
            cin = prev_shape[0]
            kh, kw = conv.kernel_size
            per = cin // conv.groups
            inner = f"{cin}/{conv.groups}·{kh}·{kw}" if conv.groups > 1 else f"{cin}·{kh}·{kw}"
            bias = f" + {conv.out_channels}" if conv.bias else ""
            out.append(
                Derivation(
                    s.name,
                    tr("parameters"),
                    f"{conv.out_channels} × ({inner}){bias} = {_n(s.params)}",
                    s.params,
                )
            )
            weights = conv.out_channels * per * kh * kw
            out.append(
                Derivation(
                    s.name, tr("MACs"), f"{_n(weights)} × {s.shape[1]}·{s.shape[2]} = {_n(s.macs)}", s.macs
                )
            )
            # Parameter sharing: a dense layer mapping the same input to the same output.
            n_in = cin * prev_shape[1] * prev_shape[2]
            n_out = s.shape[0] * s.shape[1] * s.shape[2]
            dense = n_in * n_out + n_out
            out.append(
                Derivation(
                    s.name,
                    tr("fully connected equivalent"),
                    tr("{n_in} inputs × {n_out} outputs + {n_out} = {dense} parameters, {ratio} times the {params} of the convolution").format(
                        n_in=_n(n_in), n_out=_n(n_out), dense=_n(dense), ratio=f"{dense / s.params:,.0f}",
                        params=_n(s.params),
                    ) if s.params else f"{_n(dense)}",
                    dense,
                )
            )  # fmt: skip
        if s.arithmetic is not None:
            for a in s.arithmetic:
                out.append(
                    Derivation(s.name, tr("output {axis}").format(axis=a.axis), a.formula(), a.size_out)
                )
                out.append(Derivation(s.name, tr("unread {axis}").format(axis=a.axis), coverage(a).text(), 0))
        if s.receptive_field is not None and s.arithmetic is not None:
            rf = s.receptive_field
            for i, a in enumerate(s.arithmetic):
                out.append(
                    Derivation(
                        s.name,
                        tr("receptive field {axis}").format(axis=a.axis),
                        f"{prev_rf.size[i]} + ({a.effective_kernel}−1)·{prev_rf.jump[i]} = {rf.size[i]}, "
                        + tr("jump")
                        + f" {prev_rf.jump[i]}·{a.stride} = {rf.jump[i]}",
                        rf.size[i],
                    )
                )
            prev_rf = rf
        if s.kind == "flatten":
            c, h, w = prev_shape
            out.append(Derivation(s.name, tr("features"), f"{c} × {h} × {w} = {_n(s.shape[0])}", s.shape[0]))
        if s.kind == "fc":
            n_in = prev_shape[0]
            out.append(
                Derivation(
                    s.name,
                    tr("parameters"),
                    f"{_n(n_in)} × {s.shape[0]} + {s.shape[0]} = {_n(s.params)}",
                    s.params,
                )
            )
            out.append(Derivation(s.name, tr("MACs"), f"{_n(n_in)} × {s.shape[0]} = {_n(s.macs)}", s.macs))
        if s.params:
            out.append(
                Derivation(
                    s.name,
                    tr("share of parameters"),
                    f"{_n(s.params)} / {_n(total_params)} = {_share(s.params, total_params)}",
                    s.params / total_params,
                )
            )
        if s.macs:
            out.append(
                Derivation(
                    s.name,
                    tr("share of MACs"),
                    f"{_n(s.macs)} / {_n(total_macs)} = {_share(s.macs, total_macs)}",
                    s.macs / total_macs,
                )
            )
        prev_shape = s.shape
    parts = [_n(s.params) for s in report.stages if s.params]
    out.append(
        Derivation("total", tr("parameters"), " + ".join(parts) + f" = {_n(total_params)}", total_params)
    )
    parts = [_n(s.macs) for s in report.stages if s.macs]
    out.append(Derivation("total", tr("MACs"), " + ".join(parts) + f" = {_n(total_macs)}", total_macs))
    return out


def derivations_text(report: ShapeReport) -> str:
    """All derivations as aligned plain text, one per line."""
    rows = derivations(report)
    w_stage = max(len(d.stage) for d in rows)
    w_what = max(len(d.what) for d in rows)
    lines = []
    last = None
    for d in rows:
        stage = d.stage if d.stage != last else ""
        last = d.stage
        lines.append(f"{stage:<{w_stage}}  {d.what:<{w_what}}  {d.formula}")
    return "\n".join(lines)
