"""The textbook's shape arithmetic, stage by stage, with errors that teach.

For convolution and max pooling (per axis)::

    L_out = floor((L_in + 2*padding - dilation*(kernel - 1) - 1) / stride + 1)

and for average pooling (no dilation)::

    L_out = floor((L_in + 2*padding - kernel) / stride + 1)

With ``ceil_mode`` the floor becomes a ceiling, except that the last window must
start inside the input (or the left padding): if it would start in the right
padding, it is dropped. This is exactly what torch computes
(``pooling_output_shape`` in ATen), and :func:`compute_shapes` rejects exactly the
combinations torch rejects, each with a message that names the layer, the
argument, the numbers in the formula and what would fix it.

Pure Python: no torch, no Qt. ``cnnviz shapes`` answers from this module alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cnnviz.core.errors import SettingError, raise_if_any
from cnnviz.core.i18n import tr
from cnnviz.core.settings import Pair
from cnnviz.core.spec import BlockSpec, ConvSpec, NetworkSpec, PoolSpec

# Limits that keep a setting from asking for absurd memory or time before torch
# tries to allocate anything.
MAX_PADDED_SIDE = 16_384
MAX_TENSOR_BYTES = 512 * 2**20  # one activation or one weight tensor
MAX_TOTAL_MACS = 20 * 10**9  # a forward pass of many seconds on a laptop CPU
BYTES_PER_VALUE = 4  # float32

AXES = ("H", "W")


@dataclass(frozen=True)
class AxisArithmetic:
    """One axis of one layer's output-size formula, with its numbers plugged in."""

    axis: str  # "H" or "W"
    op: str  # "conv", "max" or "avg"
    size_in: int
    pad_before: int
    pad_after: int
    kernel: int
    dilation: int
    stride: int
    ceil_mode: bool = False

    @property
    def padded(self) -> int:
        return self.size_in + self.pad_before + self.pad_after

    @property
    def effective_kernel(self) -> int:
        """How many input pixels one window spans: ``dilation*(kernel-1) + 1``."""
        return self.dilation * (self.kernel - 1) + 1

    @property
    def numerator(self) -> int:
        return self.padded - self.effective_kernel

    @property
    def last_window_dropped(self) -> bool:
        """ceil_mode's rule: a last window starting in the right padding is dropped."""
        if not self.ceil_mode:
            return False
        n = -(-self.numerator // self.stride) + 1  # ceil division
        return (n - 1) * self.stride >= self.size_in + self.pad_before

    @property
    def size_out(self) -> int:
        """The output length; zero or negative means the window does not fit."""
        if self.ceil_mode:
            n = -(-self.numerator // self.stride) + 1
            return n - 1 if self.last_window_dropped else n
        return self.numerator // self.stride + 1

    def formula(self) -> str:
        """The textbook formula with this layer's numbers, e.g.
        ``⌊(256 + 2·1 − 1·(3−1) − 1)/2 + 1⌋ = 128``."""
        if self.pad_before == self.pad_after:
            pad = f" + 2·{self.pad_before}"
        else:
            pad = f" + {self.pad_before} + {self.pad_after}"
        if self.op == "avg":
            inner = f"{self.size_in}{pad} − {self.kernel}"
        else:
            inner = f"{self.size_in}{pad} − {self.dilation}·({self.kernel}−1) − 1"
        if self.ceil_mode:
            text = f"⌈({inner})/{self.stride}⌉ + 1"
            if self.last_window_dropped:
                text += " − 1"
        else:
            text = f"⌊({inner})/{self.stride} + 1⌋"
        return f"{text} = {self.size_out}"

    def to_json(self) -> dict[str, Any]:
        return {
            "axis": self.axis,
            "size_in": self.size_in,
            "padding": [self.pad_before, self.pad_after],
            "kernel": self.kernel,
            "dilation": self.dilation,
            "stride": self.stride,
            "ceil_mode": self.ceil_mode,
            "size_out": self.size_out,
            "formula": self.formula(),
        }


@dataclass(frozen=True)
class ReceptiveField:
    """Which input pixels one output pixel of a stage sees, per axis (H, W).

    Output index ``i`` sees input indices ``first + i*jump`` to
    ``first + i*jump + size - 1``; negative indices or indices past the input
    fall in the padding.
    """

    size: Pair = (1, 1)
    jump: Pair = (1, 1)  # product of all strides so far
    first: Pair = (0, 0)

    def through(self, arith: tuple[AxisArithmetic, AxisArithmetic]) -> ReceptiveField:
        size, jump, first = [], [], []
        for axis, a in enumerate(arith):
            size.append(self.size[axis] + (a.effective_kernel - 1) * self.jump[axis])
            first.append(self.first[axis] - a.pad_before * self.jump[axis])
            jump.append(self.jump[axis] * a.stride)
        return ReceptiveField((size[0], size[1]), (jump[0], jump[1]), (first[0], first[1]))

    def span(self, row: int, col: int) -> tuple[Pair, Pair]:
        """Input rows and columns (inclusive) seen by output pixel (row, col)."""
        r0 = self.first[0] + row * self.jump[0]
        c0 = self.first[1] + col * self.jump[1]
        return (r0, r0 + self.size[0] - 1), (c0, c0 + self.size[1] - 1)


@dataclass(frozen=True)
class Stage:
    """One stage's output: its shape, cost and how it was computed."""

    name: str  # conv1, relu1, pool1, ..., flatten, fc
    kind: str  # "conv", "relu", "pool", "flatten" or "fc"
    shape: tuple[int, ...]  # (C, H, W), or (N,) after flatten
    block: int | None = None
    params: int = 0
    macs: int = 0
    receptive_field: ReceptiveField | None = None
    arithmetic: tuple[AxisArithmetic, AxisArithmetic] | None = None

    @property
    def values(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def nbytes(self) -> int:
        return self.values * BYTES_PER_VALUE

    def shape_text(self, sep: str = "×") -> str:
        return sep.join(str(d) for d in self.shape)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "shape": list(self.shape),
            "params": self.params,
            "macs": self.macs,
        }
        if self.receptive_field is not None:
            rf = self.receptive_field
            out["receptive_field"] = list(rf.size)
            out["jump"] = list(rf.jump)
            out["rf_first"] = list(rf.first)
        if self.arithmetic is not None:
            out["arithmetic"] = [a.to_json() for a in self.arithmetic]
        return out


@dataclass(frozen=True)
class ShapeReport:
    """Every stage's shape, as far as the settings allow, and what is wrong."""

    spec: NetworkSpec
    input_shape: tuple[int, int, int]
    stages: tuple[Stage, ...]
    problems: tuple[SettingError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_params(self) -> int:
        return sum(s.params for s in self.stages)

    @property
    def total_macs(self) -> int:
        return sum(s.macs for s in self.stages)

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    def problems_for(self, key: str) -> list[SettingError]:
        return [p for p in self.problems if p.key == key]

    def raise_problems(self) -> None:
        raise_if_any(self.problems)

    def strip(self, sep: str = "×", arrow: str = " → ") -> str:
        """The pipeline in one line: ``3×256×256 → 16×128×128 → … → 10``."""
        parts = [sep.join(str(d) for d in self.input_shape)]
        parts += [s.shape_text(sep) for s in self.stages]
        return arrow.join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "input": list(self.input_shape),
            "stages": [s.to_json() for s in self.stages],
            "total_params": self.total_params,
            "total_macs": self.total_macs,
            "ok": self.ok,
            "problems": [{"key": p.key, "message": p.message} for p in self.problems],
        }


# ---------------------------------------------------------------------------
# The computation
# ---------------------------------------------------------------------------


def conv_arithmetic(conv: ConvSpec, size_in: Pair) -> tuple[AxisArithmetic, AxisArithmetic]:
    pads = conv.padding_pairs()

    def axis(i: int) -> AxisArithmetic:
        return AxisArithmetic(
            axis=AXES[i],
            op="conv",
            size_in=size_in[i],
            pad_before=pads[i][0],
            pad_after=pads[i][1],
            kernel=conv.kernel_size[i],
            dilation=conv.dilation[i],
            stride=conv.stride[i],
        )

    return axis(0), axis(1)


def pool_arithmetic(pool: PoolSpec, size_in: Pair) -> tuple[AxisArithmetic, AxisArithmetic]:
    def axis(i: int) -> AxisArithmetic:
        return AxisArithmetic(
            axis=AXES[i],
            op=pool.type,
            size_in=size_in[i],
            pad_before=pool.padding[i],
            pad_after=pool.padding[i],
            kernel=pool.kernel_size[i],
            dilation=pool.effective_dilation[i],
            stride=pool.effective_stride[i],
            ceil_mode=pool.ceil_mode,
        )

    return axis(0), axis(1)


def conv_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """The textbook formula for one axis of a convolution (symmetric padding)."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def pool_output_size(
    size: int,
    kernel: int,
    stride: int | None = None,
    padding: int = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """One axis of a pooling layer, with torch's ceil_mode rule."""
    return AxisArithmetic(
        "H",
        "max",
        size,
        padding,
        padding,
        kernel,
        dilation,
        stride if stride is not None else kernel,
        ceil_mode,
    ).size_out


def _pair_text(p: tuple[int, int]) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]},{p[1]}"


def _conv_static_problems(block: BlockSpec, in_channels: int) -> list[SettingError]:
    """Checks torch's Conv2d constructor makes (they need no spatial size)."""
    conv, name = block.conv, block.conv_name
    problems = []
    both = [d for d in _divisors(in_channels) if conv.out_channels % d == 0]
    group_fixes = tuple((f"{name}.groups", d) for d in both[:6])
    if in_channels % conv.groups:
        problems.append(
            SettingError(
                tr(
                    "groups={groups} does not divide the {cin} input channels "
                    "({cin} / {groups} is not whole). Each group must get the same number "
                    "of input channels and make the same number of feature maps: use a number "
                    "that divides both {cin} and out_channels={cout}, e.g. {options}."
                ).format(
                    groups=conv.groups,
                    cin=in_channels,
                    cout=conv.out_channels,
                    options=", ".join(str(d) for d in both[:6]),
                ),
                key=f"{name}.groups",
                related=(f"{name}.out_channels",),
                fixes=group_fixes,
            )
        )
    elif conv.out_channels % conv.groups:
        multiple = max(conv.groups, conv.out_channels // conv.groups * conv.groups)
        problems.append(
            SettingError(
                tr(
                    "groups={groups} does not divide out_channels={cout}. Every group "
                    "makes the same number of feature maps: set out_channels to a multiple "
                    "of {groups} (e.g. {suggest}), or groups to a number that divides both "
                    "{cin} and {cout} (e.g. {options})."
                ).format(
                    groups=conv.groups,
                    cout=conv.out_channels,
                    cin=in_channels,
                    suggest=multiple,
                    options=", ".join(str(d) for d in both[:6]),
                ),
                key=f"{name}.groups",
                related=(f"{name}.out_channels",),
                fixes=((f"{name}.out_channels", multiple), *group_fixes),
            )
        )
    if conv.padding == "same" and conv.stride != (1, 1):
        same_pad = (
            conv.dilation[0] * (conv.kernel_size[0] - 1) // 2,
            conv.dilation[1] * (conv.kernel_size[1] - 1) // 2,
        )
        problems.append(
            SettingError(
                tr(
                    "padding='same' keeps the output as large as the input, which a "
                    "stride of {stride} cannot do (torch refuses it). Set stride to 1, or "
                    "give padding as a number, e.g. {pad}."
                ).format(
                    stride=_pair_text(conv.stride),
                    pad=_pair_text(same_pad),
                ),
                key=f"{name}.padding",
                related=(f"{name}.stride",),
                fixes=((f"{name}.stride", (1, 1)), (f"{name}.padding", same_pad)),
            )
        )
    return problems


def _pool_static_problems(block: BlockSpec) -> list[SettingError]:
    pool, name = block.pool, block.pool_name
    if not pool.enabled:
        return []
    problems = []
    for i, axis in enumerate(AXES):
        k, p = pool.kernel_size[i], pool.padding[i]
        if p > k // 2:
            problems.append(
                SettingError(
                    tr(
                        "padding {p} is more than half the {k}-wide window ({k} // 2 = {half}) "
                        "on axis {axis}: a window could then lie wholly in the padding and "
                        "see no pixel at all. Use padding ≤ {half} or a window of at least {need}."
                    ).format(p=p, k=k, half=k // 2, axis=axis, need=2 * p),
                    key=f"{name}.padding",
                    related=(f"{name}.kernel_size",),
                    fixes=(
                        (
                            f"{name}.padding",
                            tuple(
                                min(pp, kk // 2)
                                for pp, kk in zip(pool.padding, pool.kernel_size, strict=True)
                            ),
                        ),
                    ),
                )
            )
            break
    return problems


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def _memory_problem(stage: Stage, key: str) -> SettingError | None:
    if stage.nbytes <= MAX_TENSOR_BYTES:
        return None
    return SettingError(
        tr(
            "{name}'s output {shape} would hold {mb:,} MB (the limit is {limit} MB per "
            "tensor). Use fewer channels, a larger stride or a smaller input."
        ).format(
            name=stage.name,
            shape=stage.shape_text(),
            mb=stage.nbytes // 2**20,
            limit=MAX_TENSOR_BYTES // 2**20,
        ),
        key=key,
    )


def _padded_problem(name: str, key: str, arith: tuple[AxisArithmetic, ...]) -> SettingError | None:
    for a in arith:
        if a.padded > MAX_PADDED_SIDE:
            return SettingError(
                tr(
                    "the padded input would be {padded} pixels on axis {axis} "
                    "({size} + {before} + {after}); cnnviz refuses more than {limit} per side "
                    "to keep memory sane. Lower the padding or the input size."
                ).format(
                    padded=a.padded,
                    axis=a.axis,
                    size=a.size_in,
                    before=a.pad_before,
                    after=a.pad_after,
                    limit=MAX_PADDED_SIDE,
                ),
                key=key,
            )
    return None


def _conv_problems(block: BlockSpec, arith: tuple[AxisArithmetic, AxisArithmetic]) -> list[SettingError]:
    conv, name = block.conv, block.conv_name
    problems: list[SettingError] = []
    mode = conv.padding_mode
    if mode in ("reflect", "circular"):
        for a in arith:
            worst = max(a.pad_before, a.pad_after)
            bad = worst >= a.size_in if mode == "reflect" else worst > a.size_in
            if bad:
                rule = (
                    tr("reflect padding must be smaller than the input ({p} < {n} fails)")
                    if mode == "reflect"
                    else tr("circular padding may wrap around at most once ({p} ≤ {n} fails)")
                ).format(p=worst, n=a.size_in)
                fix = a.size_in - 1 if mode == "reflect" else a.size_in
                problems.append(
                    SettingError(
                        tr(
                            "padding {p} on axis {axis} with padding_mode '{mode}' mirrors pixels "
                            "from a {n}-pixel input: {rule}. Use padding ≤ {fix}, or padding_mode "
                            "'zeros' or 'replicate'."
                        ).format(p=worst, axis=a.axis, mode=mode, n=a.size_in, rule=rule, fix=max(fix, 0)),
                        key=f"{name}.padding_mode",
                        related=(f"{name}.padding",),
                        fixes=((f"{name}.padding_mode", "zeros"), (f"{name}.padding_mode", "replicate")),
                    )
                )
                break
    padded = _padded_problem(name, f"{name}.padding", arith)
    if padded:
        problems.append(padded)
        return problems
    for a in arith:
        if a.effective_kernel > a.padded:
            problems.append(
                SettingError(
                    tr(
                        "the kernel does not fit on axis {axis}: with kernel_size {k} and "
                        "dilation {d} it spans {span} pixels, but the padded input is only "
                        "{padded} ({size} + {before} + {after}). {formula}. Use a smaller "
                        "kernel or dilation, more padding, or a larger input."
                    ).format(
                        axis=a.axis,
                        k=a.kernel,
                        d=a.dilation,
                        span=a.effective_kernel,
                        padded=a.padded,
                        size=a.size_in,
                        before=a.pad_before,
                        after=a.pad_after,
                        formula=a.formula(),
                    ),
                    key=f"{name}.kernel_size",
                    related=(f"{name}.padding", f"{name}.dilation"),
                )
            )
            break
    return problems


def _pool_problems(block: BlockSpec, arith: tuple[AxisArithmetic, AxisArithmetic]) -> list[SettingError]:
    name = block.pool_name
    padded = _padded_problem(name, f"{name}.padding", arith)
    if padded:
        return [padded]
    for a in arith:
        if a.size_out < 1:
            return [
                SettingError(
                    tr(
                        "the {span}-pixel window does not fit in the {padded}-pixel "
                        "(padded) input on axis {axis}: {formula}. Use a smaller window, "
                        "or less downsampling before this layer."
                    ).format(span=a.effective_kernel, padded=a.padded, axis=a.axis, formula=a.formula()),
                    key=f"{name}.kernel_size",
                    related=(f"{name}.padding", f"{name}.dilation"),
                )
            ]
    return []


def compute_shapes(spec: NetworkSpec, input_size: Pair | None = None) -> ShapeReport:
    """Every stage's shape, parameters, MACs and receptive field.

    ``input_size`` overrides ``spec.input.size`` (a native-size image). Stops at the
    first layer whose shape cannot be computed; settings that torch would reject
    are listed in ``problems``, attached to the setting that would fix them.
    """
    h, w = input_size if input_size is not None else spec.input.size
    c = spec.input.channels
    input_shape = (c, h, w)
    stages: list[Stage] = []
    problems: list[SettingError] = []
    rf = ReceptiveField()
    broken = False
    total_macs = 0

    for block in spec.blocks:
        conv = block.conv
        static = _conv_static_problems(block, c) + _pool_static_problems(block)
        problems += static
        if broken or static:
            broken = True
            c = conv.out_channels
            continue

        # conv ----------------------------------------------------------------
        arith = conv_arithmetic(conv, (h, w))
        layer_problems = _conv_problems(block, arith)
        if layer_problems:
            problems += layer_problems
            broken = True
            c = conv.out_channels
            continue
        kh, kw = conv.kernel_size
        weight_count = conv.out_channels * (c // conv.groups) * kh * kw
        h, w = arith[0].size_out, arith[1].size_out
        rf = rf.through(arith)
        macs = weight_count * h * w
        total_macs += macs
        conv_stage = Stage(
            block.conv_name,
            "conv",
            (conv.out_channels, h, w),
            block.index,
            params=weight_count + (conv.out_channels if conv.bias else 0),
            macs=macs,
            receptive_field=rf,
            arithmetic=arith,
        )
        c = conv.out_channels
        mem = _memory_problem(conv_stage, f"{block.conv_name}.out_channels")
        if mem is None and weight_count * BYTES_PER_VALUE > MAX_TENSOR_BYTES:
            mem = SettingError(
                tr(
                    "{name}'s weights would hold {mb:,} MB: use fewer channels, a "
                    "smaller kernel or more groups."
                ).format(name=block.conv_name, mb=weight_count * BYTES_PER_VALUE // 2**20),
                key=f"{block.conv_name}.out_channels",
            )
        if mem:
            problems.append(mem)
            broken = True
            continue
        stages.append(conv_stage)
        stages.append(Stage(block.relu_name, "relu", conv_stage.shape, block.index, receptive_field=rf))

        # pool ----------------------------------------------------------------
        if block.pool.enabled:
            arith = pool_arithmetic(block.pool, (h, w))
            layer_problems = _pool_problems(block, arith)
            if layer_problems:
                problems += layer_problems
                broken = True
                continue
            h, w = arith[0].size_out, arith[1].size_out
            rf = rf.through(arith)
            stages.append(
                Stage(block.pool_name, "pool", (c, h, w), block.index, receptive_field=rf, arithmetic=arith)
            )

    if not broken:
        features = c * h * w
        stages.append(Stage("flatten", "flatten", (features,)))
        fc_weights = features * spec.num_classes
        if fc_weights * BYTES_PER_VALUE > MAX_TENSOR_BYTES:
            last = spec.blocks[-1]
            key = f"{last.pool_name}.type" if not last.pool.enabled else f"{last.pool_name}.kernel_size"
            problems.append(
                SettingError(
                    tr(
                        "the classifier would need {features:,} inputs × {classes} classes = "
                        "{mb:,} MB of weights (the limit is {limit} MB). Downsample more "
                        "before flattening: pooling, larger strides or a smaller input."
                    ).format(
                        features=features,
                        classes=spec.num_classes,
                        mb=fc_weights * BYTES_PER_VALUE // 2**20,
                        limit=MAX_TENSOR_BYTES // 2**20,
                    ),
                    key=key,
                )
            )
        else:
            total_macs += fc_weights
            stages.append(
                Stage("fc", "fc", (spec.num_classes,), params=fc_weights + spec.num_classes, macs=fc_weights)
            )
        if total_macs > MAX_TOTAL_MACS and not problems:
            worst = max((s for s in stages if s.kind == "conv"), key=lambda s: s.macs)
            problems.append(
                SettingError(
                    tr(
                        "this network needs {g:.1f} billion multiply-adds per image (the limit is "
                        "{limit} billion); {name} alone needs {gl:.1f}. Use fewer channels, a "
                        "smaller kernel or a smaller input."
                    ).format(
                        g=total_macs / 1e9,
                        limit=MAX_TOTAL_MACS // 10**9,
                        name=worst.name,
                        gl=worst.macs / 1e9,
                    ),
                    key=f"{worst.name}.out_channels",
                )
            )

    return ShapeReport(spec, input_shape, tuple(stages), tuple(problems))
