"""The torch oracle of the lesson tests: a network's stage shapes and parameter counts from torch itself."""

from __future__ import annotations

import torch
from torch import nn


def torch_shapes(settings) -> dict[str, tuple[tuple[int, ...], int]]:
    """Stage name -> (output shape without the batch, parameter count), from torch modules built here.

    Independent of cnnviz's shape arithmetic: the settings are read as plain values
    and handed to torch's own layers, which are run on a zero batch.
    """
    x = torch.zeros(1, 3, *settings["input.size"])
    out: dict[str, tuple[tuple[int, ...], int]] = {}
    cin = 3
    for b in range(1, settings["blocks"] + 1):
        c = f"conv{b}."
        conv = nn.Conv2d(
            cin,
            settings[c + "out_channels"],
            settings[c + "kernel_size"],
            stride=settings[c + "stride"],
            padding=settings[c + "padding"],
            dilation=settings[c + "dilation"],
            groups=settings[c + "groups"],
            bias=settings[c + "bias"],
            padding_mode=settings[c + "padding_mode"],
        )
        x = conv(x)
        out[f"conv{b}"] = (tuple(x.shape[1:]), sum(p.numel() for p in conv.parameters()))
        x = torch.relu(x)
        out[f"relu{b}"] = (tuple(x.shape[1:]), 0)
        p = f"pool{b}."
        kind = settings[p + "type"]
        if kind != "none":
            stride = settings[p + "stride"] or settings[p + "kernel_size"]
            if kind == "max":
                pool = nn.MaxPool2d(
                    settings[p + "kernel_size"],
                    stride,
                    settings[p + "padding"],
                    dilation=settings[p + "dilation"],
                    ceil_mode=settings[p + "ceil_mode"],
                )
            else:
                pool = nn.AvgPool2d(
                    settings[p + "kernel_size"],
                    stride,
                    settings[p + "padding"],
                    ceil_mode=settings[p + "ceil_mode"],
                    count_include_pad=settings[p + "count_include_pad"],
                    divisor_override=settings[p + "divisor_override"],
                )
            x = pool(x)
            out[f"pool{b}"] = (tuple(x.shape[1:]), 0)
        cin = x.shape[1]
    flat = torch.flatten(x, 1)
    out["flatten"] = (tuple(flat.shape[1:]), 0)
    fc = nn.Linear(flat.shape[1], 10)
    out["fc"] = (tuple(fc(flat).shape[1:]), sum(p.numel() for p in fc.parameters()))
    out["_pre_flatten"] = (tuple(x.shape[1:]), 0)
    return out
