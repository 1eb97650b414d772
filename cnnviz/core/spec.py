"""Frozen descriptions of the network and its input, built from :class:`Settings`.

A spec is what a request to the worker captures: hashable, immutable, cheap to
compare. ``NetworkSpec.from_settings(Settings.textbook())`` is the textbook CNN::

    conv1 = Conv2d(3 -> 16, k3, s2, p1) -> ReLU -> MaxPool2d(2, 2)
    conv2 = Conv2d(16 -> 32, k3, s1, p1) -> ReLU -> MaxPool2d(2, 2)
    flatten(start_dim=1) -> Linear(32*32*32 -> 10)            # for a 3x256x256 input

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from cnnviz.core.settings import (
    CONV_ARGUMENTS,
    INPUT_CHANNELS,
    NUM_CLASSES,
    POOL_ARGUMENTS,
    Pair,
    Settings,
    pool_arguments_for,
)

Padding = Pair | str  # (h, w) or "same" / "valid"


@dataclass(frozen=True)
class ConvSpec:
    """The arguments of one ``nn.Conv2d`` (in_channels follows from the previous stage).

    The fields are the settings table's conv rows, by name and in order (a test
    checks it); their defaults live in the table only.
    """

    out_channels: int
    kernel_size: Pair
    stride: Pair
    padding: Padding
    dilation: Pair
    groups: int
    bias: bool
    padding_mode: str

    def torch_arguments(self) -> dict[str, Any]:
        """Keyword arguments of ``nn.Conv2d(in_channels, **…)``, named by the table."""
        return {name: getattr(self, name) for name in CONV_ARGUMENTS}

    def padding_pairs(self) -> tuple[Pair, Pair]:
        """Padding actually added as ``((top, bottom), (left, right))``.

        ``'same'`` pads ``dilation*(kernel-1)`` in total per axis, the smaller half
        first, exactly as torch does; ``'valid'`` pads nothing.
        """
        if self.padding == "valid":
            return ((0, 0), (0, 0))
        if self.padding == "same":
            out = []
            for k, d in zip(self.kernel_size, self.dilation, strict=False):
                total = d * (k - 1)
                out.append((total // 2, total - total // 2))
            return (out[0], out[1])
        assert isinstance(self.padding, tuple)
        ph, pw = self.padding
        return ((ph, ph), (pw, pw))


@dataclass(frozen=True)
class PoolSpec:
    """The arguments of one ``nn.MaxPool2d`` / ``nn.AvgPool2d``, or no pooling.

    ``type`` is cnnviz's own choice of layer; the other fields are the table's
    pooling rows, by name and in order. Arguments a pool type does not have are
    kept (so switching max -> avg -> max restores them) but not passed to torch.
    """

    type: str  # "max", "avg" or "none"
    kernel_size: Pair
    stride: Pair | None  # None: same as kernel_size (torch's default)
    padding: Pair
    dilation: Pair  # max only
    ceil_mode: bool
    count_include_pad: bool  # avg only
    divisor_override: int | None  # avg only

    @property
    def enabled(self) -> bool:
        return self.type != "none"

    def torch_arguments(self) -> dict[str, Any]:
        """Keyword arguments of this pool type's torch layer (only those it has)."""
        return {name: getattr(self, name) for name in pool_arguments_for(self.type)}

    @property
    def effective_stride(self) -> Pair:
        return self.stride if self.stride is not None else self.kernel_size

    @property
    def effective_dilation(self) -> Pair:
        """Average pooling has no dilation argument: it always acts as 1."""
        return self.dilation if self.type == "max" else (1, 1)


@dataclass(frozen=True)
class BlockSpec:
    """conv -> ReLU -> pool, numbered from 1 like the layer names."""

    index: int
    conv: ConvSpec
    pool: PoolSpec

    @property
    def conv_name(self) -> str:
        return f"conv{self.index}"

    @property
    def relu_name(self) -> str:
        return f"relu{self.index}"

    @property
    def pool_name(self) -> str:
        return f"pool{self.index}"


@dataclass(frozen=True)
class InputSpec:
    """The tensor fed to the network: its size (the image's own with fit=native)."""

    size: Pair  # (height, width) actually fed to the network
    fit: str  # "crop", "fit", "stretch" or "native"
    channels: int = INPUT_CHANNELS


@dataclass(frozen=True)
class NetworkSpec:
    """The whole network: input, blocks and the classifier."""

    input: InputSpec
    blocks: tuple[BlockSpec, ...]
    num_classes: int = NUM_CLASSES

    @classmethod
    def from_settings(cls, settings: Settings, input_size: Pair | None = None) -> NetworkSpec:
        """The network of ``settings``; ``input_size`` is what is actually fed
        (the image's own size with fit=native), ``input.size`` by default."""
        # Every field of ConvSpec / PoolSpec is named like its setting, so the
        # table alone decides what a block is made of.
        blocks = []
        for b in range(1, settings.blocks + 1):
            conv_values: dict[str, Any] = {name: settings[f"conv{b}.{name}"] for name in CONV_ARGUMENTS}
            pool_values: dict[str, Any] = {name: settings[f"pool{b}.{name}"] for name in POOL_ARGUMENTS}
            conv = ConvSpec(**conv_values)
            pool = PoolSpec(type=settings.choice(f"pool{b}.type"), **pool_values)
            blocks.append(BlockSpec(b, conv, pool))
        size = input_size if input_size is not None else settings.pair("input.size")
        inp = InputSpec(size=(int(size[0]), int(size[1])), fit=settings.choice("input.fit"))
        return cls(input=inp, blocks=tuple(blocks))

    @classmethod
    def textbook(cls) -> NetworkSpec:
        return cls.from_settings(Settings.textbook())

    def with_input_size(self, size: Pair) -> NetworkSpec:
        """The same network fed an input of ``size`` (used for native-size images)."""
        return replace(self, input=replace(self.input, size=(int(size[0]), int(size[1]))))

    def stage_names(self) -> list[str]:
        """Stage names in network order: conv1, relu1, pool1, ..., flatten, fc."""
        names: list[str] = []
        for block in self.blocks:
            names += [block.conv_name, block.relu_name]
            if block.pool.enabled:
                names.append(block.pool_name)
        return [*names, "flatten", "fc"]


def class_names(count: int) -> list[str]:
    """Names of the classifier's outputs.

    The textbook's network is untrained, so its classes have no meaning yet;
    they are numbered. (Weights trained by cnnviz will bring their own names.)
    """
    from cnnviz.core.i18n import tr

    return [tr("class {i}").format(i=i) for i in range(count)]
