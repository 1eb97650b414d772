"""The current network as runnable PyTorch code: an ``nn.Module`` and an input tensor.

The class names its layers exactly as cnnviz does (``conv1``, ``relu1``,
``pool1``, …, ``fc``), so a weights file saved by cnnviz loads into it with
``load_state_dict`` unchanged. Each layer is written with the arguments that
differ from torch's defaults, and a comment gives the shape it produces (from
the shape arithmetic of :mod:`cnnviz.core.shapes`). ``torch.flatten(x, 1)``
keeps the batch axis; the Linear layer is sized from the computed shape.

Pure Python (no torch import): the code is text.
"""

from __future__ import annotations

from typing import Any

from cnnviz import __version__
from cnnviz.core.i18n import tr
from cnnviz.core.plan import Plan
from cnnviz.core.spec import ConvSpec, PoolSpec
from cnnviz.core.text import shape_text

# torch's defaults: an argument equal to its default is not written.
_CONV_DEFAULTS: dict[str, Any] = {
    "stride": (1, 1),
    "padding": (0, 0),
    "dilation": (1, 1),
    "groups": 1,
    "bias": True,
    "padding_mode": "zeros",
}
_POOL_DEFAULTS: dict[str, Any] = {
    "stride": None,
    "padding": (0, 0),
    "dilation": (1, 1),
    "ceil_mode": False,
    "count_include_pad": True,
    "divisor_override": None,
}


def _literal(value: Any) -> str:
    """A Python literal for an argument: ``3`` for (3, 3), ``(3, 5)``, ``'same'``, ``True``."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == value[1]:
        return str(value[0])
    return repr(value)


def _arguments(values: dict[str, Any], defaults: dict[str, Any]) -> list[str]:
    out = []
    for name, value in values.items():
        if name in defaults and value == defaults[name]:
            continue
        out.append(f"{name}={_literal(value)}")
    return out


def conv_code(in_channels: int, conv: ConvSpec) -> str:
    """``nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)`` for one conv layer."""
    args = conv.torch_arguments()
    head = [
        str(in_channels),
        str(args.pop("out_channels")),
        f"kernel_size={_literal(args.pop('kernel_size'))}",
    ]
    return f"nn.Conv2d({', '.join(head + _arguments(args, _CONV_DEFAULTS))})"


def pool_code(pool: PoolSpec) -> str:
    """``nn.MaxPool2d(kernel_size=2)`` / ``nn.AvgPool2d(...)`` for one pooling layer."""
    args = pool.torch_arguments()
    head = [f"kernel_size={_literal(args.pop('kernel_size'))}"]
    layer = {"max": "MaxPool2d", "avg": "AvgPool2d"}[pool.type]
    return f"nn.{layer}({', '.join(head + _arguments(args, _POOL_DEFAULTS))})"


def _batch_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(["N", *map(str, shape)]) + ")"


def network_code(plan: Plan, class_name: str = "Net") -> str:
    """The PyTorch code of ``plan``'s network; raises the plan's problems if it cannot run."""
    plan.raise_problems()
    spec, report = plan.spec, plan.report
    shapes = {s.name: tuple(s.shape) for s in report.stages}
    h, w = spec.input.size
    c = spec.input.channels
    changed = plan.settings.changed()
    changed_text = ", ".join(
        f"{k}={plan.settings.format(k)}" for k in changed if k in plan.settings.active_keys()
    ) or tr("none (the textbook's network)")
    lines = [
        '"""' + tr("The network cnnviz {version} shows, as PyTorch code.").format(version=__version__),
        "",
        tr("Settings changed from the textbook: {changed}").format(changed=changed_text),
        tr("Shapes: {strip}").format(strip=report.strip()),
        tr("Layer names are cnnviz's, so its weights load with model.load_state_dict(...)."),
        '"""',
        "",
        "import torch",
        "from torch import nn",
        "",
        "",
        f"class {class_name}(nn.Module):",
        "    def __init__(self) -> None:",
        "        super().__init__()",
    ]
    in_channels = c
    previous: tuple[int, ...] = (c, h, w)
    forward: list[str] = []
    for block in spec.blocks:
        lines.append(
            f"        # block {block.index}: conv -> ReLU" + (" -> pool" if block.pool.enabled else "")
        )
        conv_shape = shapes[block.conv_name]
        lines.append(
            f"        self.{block.conv_name} = {conv_code(in_channels, block.conv)}"
            f"  # {shape_text(previous, compact=True)} -> {shape_text(conv_shape, compact=True)}"
        )
        lines.append(f"        self.{block.relu_name} = nn.ReLU()")
        forward.append(f"        x = self.{block.conv_name}(x)  # {_batch_shape(conv_shape)}")
        forward.append(f"        x = self.{block.relu_name}(x)  # {_batch_shape(shapes[block.relu_name])}")
        previous = shapes[block.relu_name]
        if block.pool.enabled:
            pool_shape = shapes[block.pool_name]
            lines.append(
                f"        self.{block.pool_name} = {pool_code(block.pool)}"
                f"  # {shape_text(previous, compact=True)} -> {shape_text(pool_shape, compact=True)}"
            )
            forward.append(f"        x = self.{block.pool_name}(x)  # {_batch_shape(pool_shape)}")
            previous = pool_shape
        in_channels = block.conv.out_channels
    features = shapes["flatten"][0]
    factors = " * ".join(map(str, previous))
    lines.append(
        f"        self.fc = nn.Linear({factors}, {spec.num_classes})  # {features:,} -> {spec.num_classes}"
    )
    lines += [
        "",
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
        f"        # x: {_batch_shape((c, h, w))}, RGB values in [0, 1]",
        *forward,
        f"        x = torch.flatten(x, 1)  # {_batch_shape(shapes['flatten'])}: one row per image",
        f"        x = self.fc(x)  # {_batch_shape(shapes['fc'])}: one score per class",
        "        return x",
        "",
        "",
        'if __name__ == "__main__":',
        f"    model = {class_name}().eval()",
        f"    x = torch.rand(1, {c}, {h}, {w})  # one image of cnnviz's input size",
        "    with torch.no_grad():",
        f"        print(model(x).shape)  # torch.Size([1, {spec.num_classes}])",
        "",
    ]
    return "\n".join(lines)
