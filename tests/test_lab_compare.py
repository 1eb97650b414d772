"""Compare: B − A from the stage tensors, shared ranges, sentences for different shapes; the CLI's lab options."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from cnnviz.cli import main
from cnnviz.core.compare import compare_results, compare_sheet, compare_stage
from cnnviz.core.engine import Engine
from cnnviz.core.images import prepare_input
from cnnviz.core.patterns import make_pattern
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings


def _run(settings: Settings, pattern: str = "checkerboard:8,size=32"):
    image = make_pattern(pattern)
    plan = make_plan(settings, image.size)
    return Engine("cpu").run(plan, prepare_input(image, plan.input_size, settings.choice("input.fit")))


BASE = ["input.size=32", "input.fit=stretch"]


def test_difference_is_b_minus_a_from_the_stage_tensors() -> None:
    a = _run(Settings.from_assignments(BASE))
    b = _run(Settings.from_assignments([*BASE, "pool1.type=avg"]))
    by_name = {c.name: c for c in compare_results(a, b)}
    for name in ("pool1", "conv2", "relu2", "pool2", "flatten", "fc"):
        expected = (b.tensors[name] - a.tensors[name])[0]  # torch, batch axis removed
        assert torch.equal(torch.from_numpy(np.array(by_name[name].difference)), expected), name
    # before the change, A and B are the same computation
    assert not np.any(by_name["conv1"].difference) and not np.any(by_name["relu1"].difference)
    c = by_name["pool1"]
    both = np.concatenate([a.stages["pool1"].ravel(), b.stages["pool1"].ravel()])
    assert (c.low, c.high) == (float(both.min()), float(both.max()))


def test_different_shapes_get_the_sentence() -> None:
    a = _run(Settings.from_assignments([*BASE, "conv1.out_channels=16"]))
    b = _run(Settings.from_assignments([*BASE, "conv1.stride=1", "pool2.type=none"]))
    by_name = {c.name: c for c in compare_results(a, b)}
    assert by_name["conv1"].message == "A: 16 × 16 × 16, B: 16 × 32 × 32: no pixel-wise difference"
    assert by_name["conv1"].difference is None and not by_name["conv1"].same_shape
    assert by_name["pool2"].message == "B has no pool2 (A: 32 × 4 × 4): no pixel-wise difference"
    names = [c.name for c in compare_results(a, b)]
    assert names == ["input", "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc"]
    assert by_name["fc"].same_shape


def test_compare_stage_by_hand() -> None:
    a = np.array([[[1.0, 2.0], [3.0, 4.0]]], np.float32)
    b = np.array([[[1.5, 2.0], [-3.0, 4.0]]], np.float32)
    c = compare_stage("conv1", a, b)
    assert c.difference.tolist() == [[[0.5, 0.0], [-6.0, 0.0]]]
    assert (c.low, c.high) == (-3.0, 4.0) and c.max_abs_difference == 6.0
    assert compare_stage("x", None, a).message == "A has no x (B: 1 × 2 × 2): no pixel-wise difference"


def test_compare_sheet_draws_every_stage() -> None:
    a = _run(Settings.from_assignments(BASE))
    b = _run(Settings.from_assignments([*BASE, "conv1.stride=1"]))
    sheet = compare_sheet(compare_results(a, b), title="t")
    assert sheet.mode == "RGB" and sheet.width <= 1800 and sheet.height > 400


def test_cli_compare_writes_one_png_and_arrays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.png"
    code = main(
        [
            "render",
            "--pattern",
            "edge_v:size=32",
            "--set",
            "input.size=32",
            "--compare",
            "pool1.type=avg",
            "-o",
            str(out),
            "--npz",
        ]
    )
    assert code == 0, capsys.readouterr().err
    with Image.open(out) as im:
        assert im.text["cnnviz:compare-b"] == "pool1.type=avg"
        assert im.text["cnnviz:image"].startswith("edge_v:")
    arrays = np.load(out.with_suffix(".npz"))
    assert np.array_equal(arrays["B-A/pool1"], arrays["B/pool1"] - arrays["A/pool1"])
    assert not np.any(arrays["B-A/conv1"])


def test_cli_kernel_on_impulse_shows_the_flipped_kernel(tmp_path: Path) -> None:
    out = tmp_path / "k.png"
    args = ["render", "--pattern", "impulse:size=9", "--set", "input.size=9", "--set", "conv1.stride=1"]
    assert main([*args, "--kernel", "conv1:2=sobel_x@g", "-o", str(out), "--npz"]) == 0
    conv1 = np.load(out.with_suffix(".npz"))["conv1"][2]
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32)
    assert np.array_equal(conv1[3:6, 3:6], sobel_x[::-1, ::-1])  # bias 0; cross-correlation flips
    assert not conv1[:3].any() and not conv1[6:].any()
    with Image.open(out) as im:
        edits = json.loads(im.text["cnnviz:kernel-edits"])
    assert edits["conv1"]["2"]["kernel"][1] == sobel_x.tolist() and edits["conv1"]["2"]["bias"] == 0.0


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--pattern", "zebra"], "unknown pattern"),
        ([], "give an image to render, or --pattern"),
        (
            ["--pattern", "impulse", "--kernel", "conv1:0=laplacian", "--set", "conv1.kernel_size=5"],
            "3×3 kernel only",
        ),
        (["--pattern", "impulse", "--compare", "conv1.stride=0"], "conv1.stride"),
        (["--pattern", "impulse", "--compare", "nonsense"], "KEY=VALUE"),
    ],
)
def test_cli_lab_mistakes_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    out = tmp_path / "x.png"
    assert main(["render", *argv, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not out.exists()


def test_cli_pattern_and_image_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    assert main(["render", str(sample_path), "--pattern", "impulse", "-o", str(tmp_path / "x.png")]) == 2
    assert "not both" in capsys.readouterr().err
    assert (
        main(["render", str(sample_path.parent), "--kernel", "conv1:0=box", "-o", str(tmp_path / "x.png")])
        == 2
    )
    assert "not a folder" in capsys.readouterr().err
