"""NetworkSpec -> ``nn.Module``, with weights carried over when settings change.

The module's attributes are named like the stages (``conv1``, ``relu1``, ``pool1``,
…, ``flatten``, ``fc``), so its ``state_dict`` keys (``conv1.weight``, ``fc.bias``)
are the names learners read in the window and in weights files.

When a setting changes, a new module is built. A parameter keeps its values
when its shape is unchanged (stride, padding, dilation, padding mode and pooling
never change a shape); otherwise it comes from previously loaded weights of the
same shape, or is initialised deterministically from a seed, the layer's name and
its shape (so changing a kernel to 5x5 and back restores the same 3x3 weights).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping

import torch
from torch import nn

from cnnviz.core.shapes import ShapeReport, compute_shapes
from cnnviz.core.spec import BlockSpec, NetworkSpec

DEFAULT_SEED = 0


class CnnvizNet(nn.Module):
    """The network of a :class:`NetworkSpec`: blocks of conv -> ReLU -> pool, flatten, fc."""

    def __init__(self, spec: NetworkSpec, in_features: int) -> None:
        super().__init__()
        self.spec = spec
        in_channels = spec.input.channels
        for block in spec.blocks:
            self.add_module(block.conv_name, _make_conv(block, in_channels))
            self.add_module(block.relu_name, nn.ReLU())
            if block.pool.enabled:
                self.add_module(block.pool_name, _make_pool(block))
            in_channels = block.conv.out_channels
        # The textbook writes torch.flatten(x), which also flattens the batch axis;
        # flattening from dim 1 keeps one row of features per image.
        self.flatten = nn.Flatten(start_dim=1)
        self.fc = nn.Linear(in_features, spec.num_classes)
        # Where each parameter's values came from: "loaded" (a weights file) or
        # "seeded" (cnnviz's deterministic initialisation). Filled by build_network.
        self.sources: dict[str, str] = {}

    def stage_modules(self) -> list[tuple[str, nn.Module]]:
        """(stage name, module) in network order, ending with flatten and fc."""
        return [(name, module) for name, module in self.named_children()]

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, 3, H, W) -> (B, classes)
        for module in self.children():
            x = module(x)
        return x

    def forward_stages(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """Run the network and keep every stage's output, batch axis included."""
        outputs: dict[str, torch.Tensor] = {}
        for name, module in self.named_children():
            x = module(x)
            outputs[name] = x
        return outputs


def _make_conv(block: BlockSpec, in_channels: int) -> nn.Conv2d:
    # Every argument comes from the settings table by name (ConvSpec.torch_arguments).
    return nn.Conv2d(in_channels, **block.conv.torch_arguments())


_POOL_LAYERS: dict[str, type[nn.Module]] = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d}


def _make_pool(block: BlockSpec) -> nn.Module:
    # The arguments this pool type has in torch, by the table's names.
    return _POOL_LAYERS[block.pool.type](**block.pool.torch_arguments())


def seeded_parameter(seed: int, name: str, shape: tuple[int, ...], fan_in: int) -> torch.Tensor:
    """torch's default init for Conv2d/Linear, U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
    drawn from a generator seeded by (seed, parameter name, shape)."""
    key = f"{seed}:{name}:{'x'.join(map(str, shape))}".encode()
    generator = torch.Generator().manual_seed(zlib.crc32(key))
    bound = 1.0 / math.sqrt(max(fan_in, 1))
    values = torch.rand(shape, generator=generator, dtype=torch.float32)
    return values.mul_(2 * bound).sub_(bound)


def _fan_in(module: nn.Module) -> int:
    weight = module.weight
    assert isinstance(weight, torch.Tensor)
    return int(weight[0].numel())


def build_network(
    spec: NetworkSpec,
    report: ShapeReport | None = None,
    *,
    previous: CnnvizNet | None = None,
    loaded: Mapping[str, torch.Tensor] | None = None,
    seed: int = DEFAULT_SEED,
) -> CnnvizNet:
    """Build the network for ``spec`` (whose shapes must be valid).

    Each parameter is taken, in order of preference, from ``previous`` (same name
    and shape), from ``loaded`` weights (same name and shape), or from the seed.
    """
    report = report or compute_shapes(spec)
    report.raise_problems()
    in_features = report.stage("flatten").shape[0]
    with torch.device("meta"):
        # Build on the meta device: no memory is touched until values are chosen.
        net = CnnvizNet(spec, in_features)
    old = dict(previous.named_parameters()) if previous is not None else {}
    old_sources = previous.sources if previous is not None else {}
    for module_name, module in net.named_children():
        for param_name, param in list(module.named_parameters(recurse=False)):
            full = f"{module_name}.{param_name}"
            shape = tuple(param.shape)
            if full in old and tuple(old[full].shape) == shape:
                # Shared, not copied (on the CPU): cnnviz never changes a
                # parameter in place, so the old and the new module can hold the
                # same tensor.
                value = old[full].detach()
                if value.device.type != "cpu":
                    value = value.to("cpu")
                source = old_sources.get(full, "seeded")
            elif loaded is not None and full in loaded and tuple(loaded[full].shape) == shape:
                value = loaded[full].detach().to("cpu", torch.float32, copy=True)
                source = "loaded"
            else:
                value = seeded_parameter(seed, full, shape, _fan_in(module))
                source = "seeded"
            setattr(module, param_name, nn.Parameter(value, requires_grad=False))
            net.sources[full] = source
    return net.eval()
