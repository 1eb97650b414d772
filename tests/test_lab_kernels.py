"""Classic filters and kernel edits, checked against torch's conv2d and hand-derived values."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.core.edits import KernelEdits, edits_from_texts, use_edits
from cnnviz.core.engine import Engine
from cnnviz.core.errors import CnnvizError
from cnnviz.core.images import prepare_input
from cnnviz.core.kernels import FILTERS, KernelError, find_filter, spread_kernel
from cnnviz.core.patterns import make_pattern
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings
from cnnviz.core.spec import NetworkSpec

# Written out by hand from the textbooks (cross-correlation orientation, as torch computes).
HAND = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "box": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "prewitt_x": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
    "prewitt_y": [[-1, -1, -1], [0, 0, 0], [1, 1, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "edge_detect": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
}


@pytest.mark.parametrize("name", sorted(HAND))
def test_3x3_filters_are_the_textbook_kernels(name: str) -> None:
    assert np.allclose(FILTERS[name].kernel((3, 3)), np.array(HAND[name], np.float32))


def test_gaussian_is_a_normalised_symmetric_bump() -> None:
    k = FILTERS["gaussian"].kernel((5, 5)).astype(np.float64)
    assert k.sum() == pytest.approx(1.0)
    assert np.allclose(k, k.T) and np.allclose(k, k[::-1, ::-1])
    assert k[2, 2] == k.max()
    # separable: rank one
    assert np.linalg.matrix_rank(k, tol=1e-6) == 1


def test_larger_sobel_is_the_binomial_construction() -> None:
    # 5×5 Sobel x: smoothing [1,4,6,4,1] times derivative [1,2,1]*[-1,0,1] = [-1,-2,0,2,1]
    expected = np.outer([1, 4, 6, 4, 1], [-1, -2, 0, 2, 1])
    assert np.array_equal(FILTERS["sobel_x"].kernel((5, 5)), expected.astype(np.float32))
    assert np.array_equal(FILTERS["sobel_y"].kernel((5, 5)), expected.T.astype(np.float32))
    assert FILTERS["box"].kernel((3, 5)).shape == (3, 5)


def test_sizes_a_filter_lacks_are_refused() -> None:
    with pytest.raises(KernelError, match="3×3 kernel only"):
        FILTERS["laplacian"].kernel((5, 5))
    with pytest.raises(KernelError, match="odd kernel size"):
        FILTERS["sobel_x"].kernel((4, 4))
    with pytest.raises(KernelError, match="unknown filter"):
        find_filter("sobel_z")
    assert find_filter("Sobel-X").name == "sobel_x"


def test_spread_kernel_grey_and_one_channel() -> None:
    k = np.arange(9, dtype=np.float32).reshape(3, 3)
    grey = spread_kernel(k, 3)
    assert np.allclose(grey, np.stack([k / 3] * 3))
    red = spread_kernel(k, 3, 0)
    assert np.array_equal(red[0], k) and not red[1:].any()
    with pytest.raises(KernelError, match="does not exist"):
        spread_kernel(k, 3, 3)


def _run_with_edits(settings: Settings, pattern: str, texts: list[str]):
    image = make_pattern(pattern)
    plan = make_plan(settings, image.size)
    array = prepare_input(image, plan.input_size, settings.choice("input.fit"))
    engine = Engine("cpu")
    edits = edits_from_texts(texts, plan.spec)
    info = use_edits(engine, plan, edits)
    return engine.run(plan, array), array, info


@pytest.mark.parametrize("name", sorted(FILTERS))
@pytest.mark.parametrize("target", ["grey", "r", "b"])
def test_filters_through_the_editor_give_torch_conv2d_maps(name: str, target: str) -> None:
    settings = Settings.from_assignments(
        ["input.size=24x20", "input.fit=stretch"]
    )  # conv1: stride 2, padding 1
    result, array, info = _run_with_edits(settings, "noise:seed=5,size=24x20", [f"conv1:3={name}@{target}"])
    assert info.applied == (("conv1", 3),) and not info.inactive
    k2d = torch.tensor(HAND[name] if name in HAND else FILTERS[name].kernel((3, 3)), dtype=torch.float32)
    weight = torch.zeros(1, 3, 3, 3)
    if target == "grey":
        weight[0, :] = k2d / 3
    else:
        weight[0, {"r": 0, "b": 2}[target]] = k2d
    expected = F.conv2d(torch.from_numpy(array)[None], weight, stride=2, padding=1)[0, 0]
    assert torch.allclose(torch.from_numpy(np.array(result.stages["conv1"][3])), expected, atol=1e-5)
    # channels not edited keep the seeded weights (not zero, not the filter)
    assert not np.allclose(result.weights["conv1.weight"][2], 0)
    assert result.weights["conv1.bias"][3] == 0.0


def test_sobel_x_on_a_vertical_edge_by_hand() -> None:
    # dark (0) columns 0-4, bright (1) columns 5-9; stride 1, zero padding 1.
    settings = Settings.from_assignments(["input.size=10", "conv1.stride=1", "input.fit=stretch"])
    result, _, _ = _run_with_edits(settings, "edge_v:size=10", ["conv1:0=sobel_x@grey"])
    row = result.stages["conv1"][0][5]  # an interior row
    # columns 4 and 5 straddle the edge: (1 + 2 + 1) × (1 - 0) = 4; elsewhere the window is flat,
    # except the last column, whose right neighbours are zero padding: -(1 + 2 + 1) = -4.
    assert np.allclose(row, [0, 0, 0, 0, 4, 4, 0, 0, 0, -4], atol=1e-6)


def test_impulse_response_is_the_kernel_turned_by_180_degrees() -> None:
    # cross-correlation: out[y0 + r - i, x0 + r - j] = sum_c w[c, i, j] + b
    settings = Settings.from_assignments(
        ["input.size=15", "conv1.stride=1", "conv1.kernel_size=5", "conv1.padding=2"]
    )
    image = make_pattern("impulse:size=15,y=6,x=8")
    plan = make_plan(settings, image.size)
    array = prepare_input(image, plan.input_size, "fit")
    result = Engine("cpu").run(plan, array)
    w = result.weights["conv1.weight"]  # (16, 3, 5, 5)
    b = result.weights["conv1.bias"]
    for o in (0, 7, 15):
        patch = result.stages["conv1"][o][6 - 2 : 6 + 3, 8 - 2 : 8 + 3] - b[o]
        kernel = w[o].sum(axis=0)
        assert np.allclose(patch, kernel[::-1, ::-1], atol=1e-6)
        assert not np.allclose(patch, kernel, atol=1e-3)  # not the kernel itself (it is not symmetric)


def test_edits_from_texts_errors_name_the_problem() -> None:
    spec = NetworkSpec.textbook()
    for text, words in [
        ("conv1=sobel_x", "LAYER:CHANNEL=FILTER"),
        ("conv3:0=sobel_x", "no conv3"),
        ("conv1:16=sobel_x", "16 output channels"),
        ("conv1:0=sobel_z", "unknown filter"),
        ("conv1:0=sobel_x@q", "not an input channel"),
        ("conv2:0=sobel_x@r", "not an input channel"),
        ("conv2:0=sobel_x@16", "does not exist"),
        ("pool1:0=box", "not a conv layer"),
    ]:
        with pytest.raises(CnnvizError, match=words):
            edits_from_texts([text], spec)
    edits = edits_from_texts(["conv2:5=box@15"], spec)
    assert edits[("conv2", 5)].kernel.shape == (16, 3, 3)
    assert isinstance(edits, KernelEdits)
