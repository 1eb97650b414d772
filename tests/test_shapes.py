"""Shape arithmetic: the textbook numbers, formulas, receptive fields, limits."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cnnviz.core.settings import Settings
from cnnviz.core.shapes import (
    MAX_PADDED_SIDE,
    AxisArithmetic,
    compute_shapes,
    conv_output_size,
    pool_output_size,
)
from cnnviz.core.spec import NetworkSpec


def report_for(**changes):
    settings = Settings().replace({k.replace("__", "."): v for k, v in changes.items()})
    return compute_shapes(NetworkSpec.from_settings(settings))


def test_textbook_shapes_and_parameters() -> None:
    report = compute_shapes(NetworkSpec.textbook())
    assert report.ok
    assert report.input_shape == (3, 256, 256)
    assert [(s.name, s.shape) for s in report.stages] == [
        ("conv1", (16, 128, 128)),
        ("relu1", (16, 128, 128)),
        ("pool1", (16, 64, 64)),
        ("conv2", (32, 64, 64)),
        ("relu2", (32, 64, 64)),
        ("pool2", (32, 32, 32)),
        ("flatten", (32768,)),
        ("fc", (10,)),
    ]
    assert report.stage("conv1").params == 448
    assert report.stage("conv2").params == 4640
    assert report.stage("fc").params == 327_690
    assert report.total_params == 448 + 4640 + 327_690
    # MACs: out_C * H * W * in_C/groups * kH * kW
    assert report.stage("conv1").macs == 16 * 128 * 128 * 3 * 9
    assert report.stage("conv2").macs == 32 * 64 * 64 * 16 * 9
    assert report.stage("fc").macs == 32768 * 10
    assert report.strip() == (
        "3×256×256 → 16×128×128 → 16×128×128 → 16×64×64 → 32×64×64 → 32×64×64 → 32×32×32 → 32768 → 10"
    )


def test_formula_text_has_the_numbers() -> None:
    a = compute_shapes(NetworkSpec.textbook()).stage("conv1").arithmetic[0]
    assert a.formula() == "⌊(256 + 2·1 − 1·(3−1) − 1)/2 + 1⌋ = 128"
    avg = report_for(pool1__type="avg").stage("pool1").arithmetic[1]
    assert avg.formula() == "⌊(128 + 2·0 − 2)/2 + 1⌋ = 64"
    same = report_for(conv2__padding="same", conv2__kernel_size=4).stage("conv2").arithmetic[0]
    assert same.formula() == "⌊(64 + 1 + 2 − 1·(4−1) − 1)/1 + 1⌋ = 64"


def test_ceil_mode_last_window_rule() -> None:
    # 5 wide, window 2, stride 2, padding 1: ceil gives 4 windows, but the 4th
    # would start at 6 >= 5 + 1 (in the right padding), so torch drops it.
    a = AxisArithmetic("H", "max", 5, 1, 1, 2, 1, 2, ceil_mode=True)
    assert a.last_window_dropped
    assert a.size_out == 3
    assert a.formula().endswith("− 1 = 3")
    assert pool_output_size(5, 2, 2, 0, ceil_mode=True) == 3
    assert pool_output_size(5, 2, 2, 0, ceil_mode=False) == 2


def test_single_axis_helpers_match_the_textbook() -> None:
    assert conv_output_size(256, 3, 2, 1) == 128
    assert conv_output_size(64, 3, 1, 1) == 64
    assert conv_output_size(10, 3, 1, 0, dilation=2) == 6
    assert pool_output_size(128, 2) == 64


def test_receptive_field_and_jump() -> None:
    report = compute_shapes(NetworkSpec.textbook())
    # conv1 k3 s2: 3, jump 2; pool k2 s2: 3+1*2=5, jump 4; conv2 k3: 5+2*4=13; pool2: 13+1*4=17, jump 8
    expected = {"conv1": (3, 2), "relu1": (3, 2), "pool1": (5, 4), "conv2": (13, 4), "pool2": (17, 8)}
    for name, (size, jump) in expected.items():
        rf = report.stage(name).receptive_field
        assert rf.size == (size, size) and rf.jump == (jump, jump)
    rf = report.stage("conv1").receptive_field
    assert rf.span(0, 0) == ((-1, 1), (-1, 1))  # the first output sees one row/col of padding
    assert rf.span(1, 2) == ((1, 3), (3, 5))
    dilated = report_for(conv1__dilation=2).stage("conv1").receptive_field
    assert dilated.size == (5, 5)


def test_non_square_everything() -> None:
    report = report_for(
        input__size=(120, 200),
        conv1__kernel_size=(3, 5),
        conv1__stride=(1, 2),
        conv1__padding=(1, 2),
        pool1__kernel_size=(2, 3),
        pool1__stride=(2, 3),
    )
    assert report.ok
    assert report.stage("conv1").shape == (16, 120, 100)
    assert report.stage("pool1").shape == (16, 60, 33)


def test_pool_off_removes_its_stage() -> None:
    report = report_for(pool1__type="none")
    assert "pool1" not in [s.name for s in report.stages]
    assert report.stage("conv2").shape == (32, 128, 128)


def test_five_blocks() -> None:
    report = report_for(blocks=5)
    names = [s.name for s in report.stages]
    assert names[-2:] == ["flatten", "fc"]
    assert "pool5" in names
    assert report.stage("pool5").shape == (32, 4, 4)


def test_absurd_padding_is_refused_before_torch() -> None:
    fine = report_for(
        input__size=4096,
        conv1__padding=1024,
        conv1__out_channels=1,
        conv1__stride=1,
        blocks=1,
        pool1__kernel_size=8,
    )
    assert fine.ok, fine.problems  # 4096 + 2*1024 = 6144 per side is allowed
    spec = NetworkSpec.from_settings(Settings().replace({"conv1.padding": 1024}))
    too_big = compute_shapes(spec, input_size=(16_000, 100))
    assert not too_big.ok
    problem = too_big.problems[0]
    assert problem.key == "conv1.padding"
    assert str(MAX_PADDED_SIDE) in problem.message and "18048" in problem.message


def test_huge_activation_is_refused() -> None:
    report = report_for(conv1__out_channels=1024, conv1__stride=1, input__size=4096)
    assert not report.ok
    problem = report.problems[0]
    assert problem.key == "conv1.out_channels"
    assert "MB" in problem.message


def test_huge_classifier_is_refused() -> None:
    report = report_for(pool1__type="none", pool2__type="none", conv1__stride=1, input__size=2048)
    assert not report.ok
    assert "classifier" in report.problems[0].message


def test_problems_for_several_layers_are_all_listed() -> None:
    report = report_for(conv1__groups=2, conv2__padding="same", conv2__stride=2, pool2__padding=3)
    keys = {p.key for p in report.problems}
    assert keys == {"conv1.groups", "conv2.padding", "pool2.padding"}


def test_json_contract() -> None:
    data = compute_shapes(NetworkSpec.textbook()).to_json()
    assert data["input"] == [3, 256, 256]
    assert [s["name"] for s in data["stages"]] == [
        "conv1",
        "relu1",
        "pool1",
        "conv2",
        "relu2",
        "pool2",
        "flatten",
        "fc",
    ]
    assert data["stages"][0]["shape"] == [16, 128, 128]
    assert data["stages"][0]["params"] == 448


@pytest.mark.parametrize("module", ["cnnviz.core.shapes", "cnnviz.core.settings", "cnnviz.core.spec"])
def test_pure_modules_import_neither_torch_nor_qt(module: str) -> None:
    code = (
        f"import sys, {module}; bad = [m for m in ('torch', 'PySide6', 'numpy') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
