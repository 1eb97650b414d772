"""Frozen descriptions of the network and its input, built from :class:`Settings`.

A spec is what a request to the worker captures: hashable, immutable, cheap to
compare. ``NetworkSpec.from_settings(Settings.textbook())`` is the textbook CNN::

    conv1 = Conv2d(3 -> 16, k3, s2, p1) -> ReLU -> MaxPool2d(2, 2)
    conv2 = Conv2d(16 -> 32, k3, s1, p1) -> ReLU -> MaxPool2d(2, 2)
    flatten(start_dim=1) -> Linear(32*32*32 -> 10)            # for a 3x256x256 input

Pure Python: no torch, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from cnnviz.core.settings import INPUT_CHANNELS, NUM_CLASSES, Pair, Settings

Padding = Pair | str  # (h, w) or "same" / "valid"


@dataclass(frozen=True)
class ConvSpec:
    """The arguments of one ``nn.Conv2d`` (in_channels follows from the previous stage)."""

    out_channels: int = 16
    kernel_size: Pair = (3, 3)
    stride: Pair = (1, 1)
    padding: Padding = (1, 1)
    dilation: Pair = (1, 1)
    groups: int = 1
    bias: bool = True
    padding_mode: str = "zeros"

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
        ph, pw = self.padding  # type: ignore[misc]
        return ((ph, ph), (pw, pw))


@dataclass(frozen=True)
class PoolSpec:
    """The arguments of one ``nn.MaxPool2d`` / ``nn.AvgPool2d``, or no pooling."""

    type: str = "max"  # "max", "avg" or "none"
    kernel_size: Pair = (2, 2)
    stride: Pair | None = None  # None: same as kernel_size (torch's default)
    padding: Pair = (0, 0)
    dilation: Pair = (1, 1)  # max only
    ceil_mode: bool = False
    count_include_pad: bool = True  # avg only
    divisor_override: int | None = None  # avg only

    @property
    def enabled(self) -> bool:
        return self.type != "none"

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
    """The tensor fed to the network and how an image becomes it."""

    size: Pair = (256, 256)  # (height, width); with fit="native" the image decides
    fit: str = "fit"  # "fit", "crop", "stretch" or "native"
    channels: int = INPUT_CHANNELS


@dataclass(frozen=True)
class NetworkSpec:
    """The whole network: input, blocks and the classifier."""

    input: InputSpec
    blocks: tuple[BlockSpec, ...]
    num_classes: int = NUM_CLASSES

    @classmethod
    def from_settings(cls, settings: Settings) -> NetworkSpec:
        # Every field of ConvSpec / PoolSpec is named like its setting, so the
        # table alone decides what a block is made of.
        blocks = []
        for b in range(1, settings.blocks + 1):
            conv = ConvSpec(**{f.name: settings[f"conv{b}.{f.name}"] for f in fields(ConvSpec)})
            pool = PoolSpec(**{f.name: settings[f"pool{b}.{f.name}"] for f in fields(PoolSpec)})
            blocks.append(BlockSpec(b, conv, pool))
        inp = InputSpec(size=settings["input.size"], fit=settings["input.fit"])  # type: ignore[arg-type]
        return cls(input=inp, blocks=tuple(blocks))

    @classmethod
    def textbook(cls) -> NetworkSpec:
        return cls.from_settings(Settings.textbook())

    def with_input_size(self, size: Pair) -> NetworkSpec:
        """The same network fed an input of ``size`` (used for native-size images)."""
        return replace(self, input=replace(self.input, size=tuple(size)))  # type: ignore[arg-type]

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
