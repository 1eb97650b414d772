"""The generated PyTorch code runs, has cnnviz's shapes, loads cnnviz's weights and computes the same maps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cnnviz.cli import main
from cnnviz.core.codegen import network_code
from cnnviz.core.engine import Engine
from cnnviz.core.network import build_network
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings
from cnnviz.core.shapes import compute_shapes

ROOT = Path(__file__).resolve().parents[1]


def _generated_module(code: str) -> torch.nn.Module:
    namespace: dict[str, object] = {"__name__": "generated"}
    exec(compile(code, "<cnnviz code>", "exec"), namespace)
    return namespace["Net"]().eval()  # type: ignore[operator]


def _stage_outputs(model: torch.nn.Module, x: torch.Tensor) -> dict[str, torch.Tensor]:
    outputs: dict[str, torch.Tensor] = {}
    hooks = [
        module.register_forward_hook(lambda _m, _i, out, name=name: outputs.__setitem__(name, out))
        for name, module in model.named_children()
    ]
    with torch.no_grad():
        outputs["out"] = model(x)
    for h in hooks:
        h.remove()
    return outputs


def _check(settings: Settings, *, check_values: bool = True) -> None:
    plan = make_plan(settings, keep_previous=False)
    assert plan.ok, plan.problems
    model = _generated_module(network_code(plan))
    reference = build_network(plan.spec, plan.report)
    # cnnviz's weights load into the generated class as they are
    model.load_state_dict(reference.state_dict(), strict=True)
    h, w = plan.input_size
    x = torch.rand(2, 3, h, w, generator=torch.Generator().manual_seed(0))
    got = _stage_outputs(model, x)
    # shapes against the shape module (the textbook's formulas, no torch)
    report = compute_shapes(plan.spec)
    for stage in report.stages:
        if stage.name == "flatten":
            continue
        assert tuple(got[stage.name].shape[1:]) == tuple(stage.shape), stage.name
    assert set(got) - {"out"} == {s.name for s in report.stages} - {"flatten"}
    if check_values:
        with torch.no_grad():
            expected = reference.forward_stages(x)
        for name, tensor in got.items():
            if name != "out":
                assert torch.equal(tensor, expected[name]), name
        assert torch.equal(got["out"], expected["fc"])


def test_textbook_code_reads_like_the_textbook() -> None:
    code = network_code(make_plan(Settings()))
    assert (
        "self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)  # 3×256×256 -> 16×128×128" in code
    )
    assert "self.pool1 = nn.MaxPool2d(kernel_size=2)  # 16×128×128 -> 16×64×64" in code
    assert "self.fc = nn.Linear(32 * 32 * 32, 10)  # 32,768 -> 10" in code
    assert "x = torch.flatten(x, 1)  # (N, 32768)" in code
    assert "x = torch.rand(1, 3, 256, 256)" in code


def test_textbook_code_equals_the_engine_forward_pass() -> None:
    plan = make_plan(Settings.from_assignments(["input.size=40x48"]))
    array = np.random.default_rng(0).random((3, 40, 48), dtype=np.float32)
    engine = Engine("cpu")
    result = engine.run(plan, array)
    model = _generated_module(network_code(plan))
    model.load_state_dict(engine.parameters())
    got = _stage_outputs(model, torch.from_numpy(array)[None])
    for name, values in result.stages.items():
        if name != "flatten":
            assert torch.equal(got[name][0], torch.from_numpy(np.array(values))), name


@pytest.mark.parametrize(
    "assignments",
    [
        ["pool1.type=avg", "pool1.divisor_override=3", "pool1.count_include_pad=false", "pool1.padding=1"],
        ["conv1.padding=same", "conv1.stride=1", "conv1.kernel_size=4,2", "conv1.padding_mode=reflect"],
        ["conv2.groups=16", "conv2.dilation=2", "conv2.bias=false", "pool2.type=none"],
        ["blocks=4", "pool3.stride=1", "pool3.ceil_mode=true", "pool1.dilation=2", "conv4.padding=valid"],
        ["conv1.padding_mode=circular", "conv1.padding=2,1", "conv1.stride=1,2"],
    ],
)
def test_chosen_settings(assignments: list[str]) -> None:
    _check(Settings.from_assignments(["input.size=48", *assignments]))


def _pair(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(lo, hi).map(str),
        st.tuples(st.integers(lo, hi), st.integers(lo, hi)).map(lambda p: f"{p[0]},{p[1]}"),
    )


@st.composite
def _random_settings(draw: st.DrawFn) -> Settings:
    blocks = draw(st.integers(1, 3))
    out = [f"blocks={blocks}", f"input.size={draw(st.integers(12, 40))}x{draw(st.integers(12, 40))}"]
    in_channels = 3
    for b in range(1, blocks + 1):
        groups = draw(st.sampled_from([g for g in (1, 2, 3) if in_channels % g == 0]))
        channels = groups * draw(st.integers(1, 4))
        out += [
            f"conv{b}.out_channels={channels}",
            f"conv{b}.groups={groups}",
            f"conv{b}.kernel_size={draw(_pair(1, 4))}",
            f"conv{b}.dilation={draw(_pair(1, 2))}",
            f"conv{b}.bias={draw(st.booleans())}",
            f"conv{b}.padding_mode={draw(st.sampled_from(['zeros', 'reflect', 'replicate', 'circular']))}",
        ]
        if draw(st.booleans()):
            out += [f"conv{b}.padding={draw(st.sampled_from(['same', 'valid']))}", f"conv{b}.stride=1"]
        else:
            out += [f"conv{b}.padding={draw(_pair(0, 1))}", f"conv{b}.stride={draw(_pair(1, 2))}"]
        kind = draw(st.sampled_from(["max", "avg", "none"]))
        out += [
            f"pool{b}.type={kind}",
            f"pool{b}.kernel_size={draw(_pair(1, 3))}",
            f"pool{b}.stride={draw(st.sampled_from(['none', '1', '2', '1,2']))}",
            f"pool{b}.ceil_mode={draw(st.booleans())}",
            f"pool{b}.count_include_pad={draw(st.booleans())}",
            f"pool{b}.divisor_override={draw(st.sampled_from(['none', '2']))}",
        ]
        if kind == "max":
            out.append(f"pool{b}.dilation={draw(_pair(1, 2))}")
        in_channels = channels
    return Settings.from_assignments(out)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
@hsettings(
    max_examples=200,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(_random_settings())
def test_random_valid_settings(settings: Settings) -> None:
    plan = make_plan(settings, keep_previous=False)
    if not plan.ok:  # combinations torch refuses are refused by cnnviz too: nothing to generate
        return
    _check(settings)


def test_invalid_settings_are_not_generated() -> None:
    from cnnviz.core.errors import CnnvizError

    with pytest.raises(CnnvizError):
        network_code(make_plan(Settings.from_assignments(["conv1.kernel_size=64", "input.size=8"])))


def test_cli_code_runs_as_a_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", "--set", "conv1.stride=1", "--input-size", "32"]) == 0
    script = tmp_path / "net.py"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "torch.Size([1, 10])"


def test_cli_code_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", "--set", "conv1.stride=0"]) == 2
    assert "conv1.stride" in capsys.readouterr().err
    assert main(["code", "--class-name", "class"]) == 2
    assert "class name" in capsys.readouterr().err
