"""Class evidence maps: where in the image the evidence for a class came from.

The method is Grad-CAM (Selvaraju et al., 2017), computed on the output of the
last conv stage's ReLU (``relu2`` in the textbook network), the last maps that
still have a position:

    A      = relu_n(...)                   # (C, h, w) activations of the last conv stage
    g      = d score_class / d A           # (C, h, w), by autograd through pool, flatten, fc
    alpha  = mean over (h, w) of g         # (C,) one weight per channel
    cam    = ReLU(sum_c alpha_c * A_c)     # (h, w)

and ``cam`` is enlarged bilinearly to the input's size and divided by its
maximum, so 1 is "most evidence" and 0 "none". The score is the class's logit
(before the softmax), as in the paper.

No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from cnnviz.core.i18n import tr
from cnnviz.core.network import CnnvizNet

METHOD = "Grad-CAM"


@dataclass(frozen=True)
class EvidenceMap:
    """A class evidence map and how it was made."""

    heatmap: np.ndarray  # (H, W) float32 in [0, 1] at the input's size
    coarse: np.ndarray  # (h, w) float32 >= 0: the map on the stage's own grid, before scaling
    class_index: int
    score: float  # the class's logit
    stage: str  # the stage it was computed on, e.g. "relu2"

    @property
    def method(self) -> str:
        """The method's name and where it looked, for a caption."""
        return tr("{method} on {stage} (the last conv stage)").format(method=METHOD, stage=self.stage)


def evidence_stage(net: CnnvizNet) -> str:
    """The stage Grad-CAM uses: the ReLU after the last convolution."""
    return net.spec.blocks[-1].relu_name


def class_evidence(net: CnnvizNet, input_array: np.ndarray, class_index: int | None = None) -> EvidenceMap:
    """Grad-CAM of ``class_index`` (default: the top class) for one (3, H, W) float32 input."""
    if input_array.ndim != 3:
        raise ValueError(f"expected one (3, H, W) input, not {input_array.shape}")
    stage = evidence_stage(net)
    device = next(net.parameters()).device
    x = torch.from_numpy(np.ascontiguousarray(input_array, dtype=np.float32))[None].to(device)  # (1, 3, H, W)
    with torch.enable_grad():
        activations: torch.Tensor | None = None
        for name, module in net.named_children():
            x = module(x)
            if name == stage:
                # A leaf of its own: the gradient is taken with respect to these maps only.
                activations = x.detach().requires_grad_(True)
                x = activations
        assert activations is not None
        logits = x[0]  # (classes,)
        index = int(logits.argmax()) if class_index is None else int(class_index)
        if not 0 <= index < logits.shape[0]:
            raise ValueError(f"class index {index} out of range 0..{logits.shape[0] - 1}")
        score = logits[index]
        (gradient,) = torch.autograd.grad(score, activations)  # (1, C, h, w)
    with torch.no_grad():
        alpha = gradient.mean(dim=(2, 3), keepdim=True)  # (1, C, 1, 1)
        cam = F.relu((alpha * activations).sum(dim=1, keepdim=True))  # (1, 1, h, w)
        size = (int(input_array.shape[1]), int(input_array.shape[2]))
        large = F.interpolate(cam, size=size, mode="bilinear", align_corners=False)[0, 0]
        peak = float(large.max())
        heatmap = large / peak if peak > 0 else torch.zeros_like(large)
    return EvidenceMap(
        heatmap=heatmap.cpu().numpy().astype(np.float32),
        coarse=cam[0, 0].cpu().numpy().astype(np.float32),
        class_index=index,
        score=float(score.detach()),
        stage=stage,
    )
