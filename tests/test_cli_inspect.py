"""``cnnviz inspect`` and ``cnnviz explain``: the JSON contract, exit codes and one-line messages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnviz.cli import main
from cnnviz.core.images import load_image, prepare_input
from cnnviz.core.network import build_network
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CAT = str(ROOT / "cnnviz" / "assets" / "cat.jpg")
SMALL = ["--set", "input.size=40x48", "--weights", "seeded"]  # the oracles build seeded modules


def run(capsys, *args):
    code = main(["inspect", CAT, *SMALL, *args])
    out, err = capsys.readouterr()
    return code, out, err


def torch_stages(settings):
    """The stages torch computes for the cat at this size, with cnnviz's seeded weights."""
    plan = make_plan(settings, keep_previous=False)
    x = prepare_input(load_image(CAT), plan.input_size, settings.choice("input.fit"))
    net = build_network(plan.spec, plan.report)
    with torch.no_grad():
        return x, net, net.forward_stages(torch.from_numpy(x)[None])


def test_conv_json_contract_and_arithmetic(capsys):
    code, out, err = run(capsys, "--stage", "conv1", "--channel", "2", "--at", "5,7", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert (
        data["stage"] == "conv1" and data["kind"] == "conv" and data["channel"] == 2 and data["at"] == [5, 7]
    )
    # conv1 is k3 s2 p1: cell (5, 7) reads input rows 9-11 and columns 13-15.
    assert data["receptive_field"] == {"box": [9, 13, 12, 16], "size": [3, 3], "jump": [2, 2]}
    x, net, stages = torch_stages(Settings.textbook().replace({"input.size": (40, 48)}))
    assert data["value"] == pytest.approx(float(stages["conv1"][0, 2, 5, 7]), rel=1e-6)
    weight = net.conv1.weight.detach().numpy()
    total = data["bias"]
    for term in data["terms"]:
        k = term["in_channel"]
        np.testing.assert_allclose(term["patch"], x[k, 9:12, 13:16], rtol=1e-6)
        np.testing.assert_allclose(term["kernel"], weight[2, k], rtol=1e-6)
        total += float((np.array(term["patch"]) * np.array(term["kernel"])).sum())
    assert data["sum"] + data["bias"] == pytest.approx(total, abs=1e-6)
    assert total == pytest.approx(data["value"], abs=1e-5)


def test_max_pool_json_winner(capsys):
    code, out, _ = run(capsys, "--stage", "pool1", "--at", "1,3,4", "--json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "pool"
    _, _, stages = torch_stages(Settings.textbook().replace({"input.size": (40, 48)}))
    _, idx = F.max_pool2d(stages["relu1"][:, 1:2], 2, 2, return_indices=True)
    assert data["winner"] == list(divmod(int(idx[0, 0, 3, 4]), stages["relu1"].shape[-1]))
    assert len(data["window"]) == 2 and data["value"] == max(v for row in data["window"] for v in row)


def test_avg_pool_json_padding_is_null(capsys):
    code, out, _ = run(
        capsys,
        "--stage", "pool1", "--at", "0,0,0", "--json",
        "--set", "pool1.type=avg", "--set", "pool1.padding=1", "--set", "pool1.count_include_pad=false",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    # Window rows/cols -1 and 0: three of the four cells are padding (null); the divisor counts one.
    assert data["window"][0] == [None, None] and data["window"][1][0] is None
    assert data["divisor"] == 1 and data["value"] == pytest.approx(data["window"][1][1])


def test_text_output_and_derive(capsys):
    code, out, _ = run(capsys, "--stage", "relu1", "--at", "0,1,1", "--derive")
    assert code == 0
    assert "max(0," in out and "receptive field on the input" in out
    assert "16 × (3·3·3) + 16 = 448" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--stage", "input", "--at", "0,0,0"], "input is not computed"),
        (["--stage", "conv7", "--at", "0,0,0"], "no stage 'conv7'"),
        (["--stage", "conv1", "--at", "0,20,0"], "row 20 is outside conv1 (16 × 20 × 24): use 0 to 19"),
        (["--stage", "conv1", "--at", "0,0,99"], "use 0 to 23"),
        (["--stage", "conv1", "--channel", "16", "--at", "0,0"], "use 0 to 15"),
        (["--stage", "conv1", "--at", "a,b"], "not a cell"),
        (["--stage", "fc", "--at", "1,2"], "one index"),
        (["--stage", "fc", "--at", "10"], "use 0 to 9"),
        (["--stage", "conv1", "--at", "0,0,0", "--set", "conv1.kernel_size=99"], "conv1.kernel_size"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, words):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("cnnviz: ")


def test_missing_image_is_exit_2(capsys, tmp_path):
    code = main(["inspect", str(tmp_path / "nope.png"), "--stage", "conv1", "--at", "0,0,0"])
    _, err = capsys.readouterr()
    assert code == 2 and "no such file" in err


def test_explain_prints_derivations_and_bug(capsys):
    assert main(["explain"]) == 0
    out = capsys.readouterr().out
    assert "32,768 × 10 + 10 = 327,690" in out and "65536" in out and "2 × 32768" in out
    assert main(["explain", "--json", "--batch", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["flatten"]["torch.flatten(x)"]["linear_output"] == [10]
    assert data["batch_shapes"]["flatten"] == [1, 32768]
    assert main(["explain", "--batch", "0"]) == 2
    assert "batch size" in capsys.readouterr().err
