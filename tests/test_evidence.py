"""Grad-CAM class evidence, checked against a direct torch computation written out here."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.evidence import METHOD, class_evidence, evidence_stage
from cnnviz.core.network import build_network
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec

SMALL = Settings().replace({"input.size": 48})


def direct_grad_cam(params: dict[str, torch.Tensor], x: torch.Tensor, index: int) -> torch.Tensor:
    """Grad-CAM from the paper's formulas, with torch.func-free plain autograd and functional layers."""
    a = F.relu(
        F.conv2d(
            F.max_pool2d(F.relu(F.conv2d(x, params["conv1.weight"], params["conv1.bias"], 2, 1)), 2),
            params["conv2.weight"],
            params["conv2.bias"],
            1,
            1,
        )
    )
    a = a.detach().requires_grad_(True)  # (1, 32, h, w): relu2
    logits = F.linear(F.max_pool2d(a, 2).flatten(1), params["fc.weight"], params["fc.bias"])
    logits[0, index].backward()
    weights = a.grad.mean(dim=(2, 3))[0]  # (32,)
    cam = torch.clamp(torch.einsum("c,chw->hw", weights, a.detach()[0]), min=0)
    return cam


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grad_cam_matches_a_direct_torch_computation(seed: int) -> None:
    net = build_network(NetworkSpec.from_settings(SMALL), seed=seed)
    params = {k: v.detach().clone() for k, v in net.named_parameters()}
    image = np.random.default_rng(seed).random((3, 48, 48), dtype=np.float32)
    x = torch.from_numpy(image)[None]
    for index in (0, 3, 9):
        evidence = class_evidence(net, image, index)
        expected = direct_grad_cam(params, x, index)
        np.testing.assert_allclose(evidence.coarse, expected.numpy(), rtol=1e-4, atol=1e-6)
        assert evidence.class_index == index
        assert evidence.heatmap.shape == (48, 48)
        assert evidence.heatmap.min() >= 0.0 and evidence.heatmap.max() <= 1.0 + 1e-6
        if expected.max() > 0:
            assert evidence.heatmap.max() == pytest.approx(1.0)
            # the enlarged map is the coarse one scaled bilinearly (torch's interpolate as the oracle)
            large = F.interpolate(expected[None, None], size=(48, 48), mode="bilinear", align_corners=False)
            np.testing.assert_allclose(evidence.heatmap, (large / large.max())[0, 0].numpy(), atol=1e-5)
        with torch.no_grad():
            logit = net(x)[0, index]
        assert evidence.score == pytest.approx(float(logit), rel=1e-5, abs=1e-6)


def test_default_class_is_the_top_class_and_the_method_is_named() -> None:
    net = build_network(NetworkSpec.from_settings(SMALL), seed=4)
    image = np.random.default_rng(4).random((3, 48, 48), dtype=np.float32)
    with torch.no_grad():
        top = int(net(torch.from_numpy(image)[None]).argmax())
    evidence = class_evidence(net, image)
    assert evidence.class_index == top
    assert evidence.stage == evidence_stage(net) == "relu2"
    assert METHOD in evidence.method and "relu2" in evidence.method
    # the network's own parameters stay frozen and untouched
    assert all(not p.requires_grad and p.grad is None for p in net.parameters())


def test_bad_class_index_is_refused() -> None:
    net = build_network(NetworkSpec.from_settings(SMALL), seed=0)
    with pytest.raises(ValueError):
        class_evidence(net, np.zeros((3, 48, 48), np.float32), 10)
