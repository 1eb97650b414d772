"""The ``cnnviz`` command is a contract: exit codes, messages, JSON and the files it writes."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from cnnviz import __version__
from cnnviz.cli import main
from cnnviz.core.engine import Engine
from cnnviz.core.images import load_image, prepare_input
from cnnviz.core.network import build_network
from cnnviz.core.settings import TABLE, Settings
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.weights import save_weights

ROOT = Path(__file__).resolve().parents[1]
STAGES = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc"]
DEFAULT_STRIP = "3×256×256 → 16×128×128 → 16×128×128 → 16×64×64 → 32×64×64 → 32×64×64 → 32×32×32 → 32768 → 10"
DEFAULT_SHAPES = [
    [16, 128, 128],
    [16, 128, 128],
    [16, 64, 64],
    [32, 64, 64],
    [32, 64, 64],
    [32, 32, 32],
    [32768],
    [10],
]
DEFAULT_PARAMS = [448, 0, 0, 4640, 0, 0, 0, 327690]


def run_cli(
    *args: str, env: dict[str, str] | None = None, python_args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python_args, "-m", "cnnviz", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stderr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def out_size(n: int, kernel: int, stride: int, padding: int = 0, dilation: int = 1) -> int:
    """torch's output size: floor((n + 2p - d(k - 1) - 1) / s) + 1."""
    return (n + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


# ---------------------------------------------------------------------------
# cnnviz shapes
# ---------------------------------------------------------------------------


def test_shapes_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shapes"]) == 0
    out, err = capsys.readouterr()
    assert DEFAULT_STRIP in out
    assert err == ""
    rows = {
        line.split()[0]: line.split()[1]
        for line in out.splitlines()
        if line.split() and line.split()[0] in STAGES
    }
    assert rows == {
        name: "×".join(map(str, shape)) for name, shape in zip(STAGES, DEFAULT_SHAPES, strict=True)
    }
    assert "total: 332,778 parameters" in out


def test_shapes_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shapes", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)  # one object, nothing else on stdout
    assert isinstance(data, dict)
    assert data["input"] == [3, 256, 256]
    assert [s["name"] for s in data["stages"]] == STAGES
    assert [s["shape"] for s in data["stages"]] == DEFAULT_SHAPES
    assert [s["params"] for s in data["stages"]] == DEFAULT_PARAMS
    assert data["total_params"] == sum(DEFAULT_PARAMS)
    assert data["ok"] is True and data["problems"] == []


@pytest.mark.parametrize(("size", "h", "w"), [("224x320", 224, 320), ("128", 128, 128)])
def test_shapes_input_size(capsys: pytest.CaptureFixture[str], size: str, h: int, w: int) -> None:
    assert main(["shapes", "--json", "--input-size", size]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["input"] == [3, h, w]
    c1 = (out_size(h, 3, 2, 1), out_size(w, 3, 2, 1))
    p1 = (out_size(c1[0], 2, 2), out_size(c1[1], 2, 2))
    p2 = (out_size(p1[0], 2, 2), out_size(p1[1], 2, 2))
    expected = [[16, *c1], [16, *c1], [16, *p1], [32, *p1], [32, *p1], [32, *p2], [32 * p2[0] * p2[1]], [10]]
    assert [s["shape"] for s in data["stages"]] == expected
    assert data["stages"][-1]["params"] == 32 * p2[0] * p2[1] * 10 + 10
    if size == "224x320":
        assert expected[0] == [16, 112, 160] and expected[6] == [35840]
    else:
        assert expected[6] == [8192]


def test_shapes_with_settings_follow_torch(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "shapes",
        "--json",
        "--set",
        "conv1.kernel_size=3,5",
        "--set",
        "pool1.type=none",
        "--set",
        "blocks=3",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    # conv1: 3×5 kernel, stride 2, padding 1; no pool1; conv2, conv3: 3×3, stride 1, padding 1; 2×2 max pools.
    c1 = (out_size(256, 3, 2, 1), out_size(256, 5, 2, 1))
    assert c1 == (128, 127)
    c2 = (out_size(c1[0], 3, 1, 1), out_size(c1[1], 3, 1, 1))
    p2 = (out_size(c2[0], 2, 2), out_size(c2[1], 2, 2))
    c3 = (out_size(p2[0], 3, 1, 1), out_size(p2[1], 3, 1, 1))
    p3 = (out_size(c3[0], 2, 2), out_size(c3[1], 2, 2))
    assert p3 == (32, 31)
    features = 32 * p3[0] * p3[1]
    expected = [
        ("conv1", [16, *c1], 16 * 3 * 3 * 5 + 16),
        ("relu1", [16, *c1], 0),
        ("conv2", [32, *c2], 32 * 16 * 3 * 3 + 32),
        ("relu2", [32, *c2], 0),
        ("pool2", [32, *p2], 0),
        ("conv3", [32, *c3], 32 * 32 * 3 * 3 + 32),
        ("relu3", [32, *c3], 0),
        ("pool3", [32, *p3], 0),
        ("flatten", [features], 0),
        ("fc", [10], features * 10 + 10),
    ]
    assert [(s["name"], s["shape"], s["params"]) for s in data["stages"]] == expected


@pytest.mark.parametrize(
    ("assignment", "key"),
    [
        ("conv1.groups=2", "conv1.groups"),
        ("conv1.stride=0", "conv1.stride"),
        ("nope=1", "nope"),
        ("conv1.stride", "conv1.stride"),
    ],
)
def test_shapes_invalid_setting(capsys: pytest.CaptureFixture[str], assignment: str, key: str) -> None:
    assert main(["shapes", "--set", assignment]) == 2
    err = capsys.readouterr().err
    lines = stderr_lines(err)
    assert len(lines) == 1, err
    assert lines[0].startswith(f"cnnviz: {key}:")
    assert "Traceback" not in err


def test_shapes_invalid_json_names_the_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shapes", "--json", "--set", "conv1.groups=2"]) == 2
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["ok"] is False
    assert [p["key"] for p in data["problems"]] == ["conv1.groups"]
    assert len(stderr_lines(err)) == 1


def test_several_bad_settings_give_several_lines(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "shapes",
        "--set",
        "conv1.stride=0",
        "--set",
        "nope=1",
        "--set",
        "pool1.type=triangle",
        "--set",
        "conv2.padding",
    ]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = stderr_lines(err)
    assert len(lines) == 4, err
    for line, key in zip(lines, ["conv1.stride", "nope", "pool1.type", "conv2.padding"], strict=True):
        assert line.startswith(f"cnnviz: {key}:"), line
    assert "Traceback" not in err


def test_shapes_subprocess_imports_neither_torch_nor_qt() -> None:
    proc = run_cli("shapes", "--json", python_args=("-X", "importtime"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["input"] == [3, 256, 256]
    modules = [
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "cnnviz.core.shapes" in modules  # the import log is really there
    assert [m for m in modules if m == "torch" or m.startswith("torch.")] == []
    assert [m for m in modules if m.startswith("PySide6")] == []
    assert "Traceback" not in proc.stderr


def test_shapes_subprocess_exit_code_for_bad_settings() -> None:
    proc = run_cli("shapes", "--set", "conv1.stride=0", "--set", "nope=1")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = stderr_lines(proc.stderr)
    assert len(lines) == 2
    assert "conv1.stride" in lines[0] and "nope" in lines[1]
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------------------
# cnnviz settings
# ---------------------------------------------------------------------------


def test_settings_lists_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0] in TABLE]
    expected = [k for k, s in TABLE.items() if s.block is None or s.block <= 2]
    assert listed == expected
    assert "conv3.stride" not in out
    assert "--all" in out

    assert main(["settings", "--all"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0] in TABLE]
    assert listed == list(TABLE)
    assert "pool5.divisor_override" in listed  # a pooling argument: there is no conv5.divisor_override
    assert "conv5.padding_mode" in listed


def test_settings_json_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "--json", "--all"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["key"] for row in data] == list(TABLE)
    rows = {row["key"]: row for row in data}
    assert "pool5.divisor_override" in rows
    assert rows["pool5.divisor_override"]["default"] == "none"
    assert rows["conv1.stride"]["default"] == "2"
    assert rows["input.size"]["default"] == "256"
    assert rows["pool1.type"]["choices"] == ["max", "avg", "none"]
    assert rows["blocks"]["min"] == 1 and rows["blocks"]["max"] == 5


# ---------------------------------------------------------------------------
# cnnviz render
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cat_reference() -> dict[str, np.ndarray]:
    """The stages of an in-process engine run on the CLI's input for assets/cat.jpg."""
    array = prepare_input(load_image(ROOT / "assets" / "cat.jpg"), (256, 256), "crop")  # the default fit
    result = Engine("cpu").run(Settings(), array)
    return {"input": result.input, **result.stages}


def test_render_single_image_with_npz(
    tmp_path: Path,
    sample_path: Path,
    capsys: pytest.CaptureFixture[str],
    cat_reference: dict[str, np.ndarray],
) -> None:
    sheet = tmp_path / "sheet.png"
    argv = ["render", str(sample_path), "-o", str(sheet), "--npz", "--device", "cpu", "--weights", "seeded"]
    assert main(argv) == 0  # seeded, like the in-process reference (the bundled default: below)
    out, err = capsys.readouterr()
    assert "rendered 1 of 1 image(s)" in out
    assert "Traceback" not in err
    with Image.open(sheet) as im:
        assert im.format == "PNG"
        assert im.width > 500 and im.height > 500
        assert im.text["cnnviz:image"] == "cat.jpg"
        assert im.text["cnnviz:settings"] == "textbook"
        assert im.text["cnnviz:version"] == __version__
    with np.load(tmp_path / "sheet.npz") as npz:
        assert npz.files == ["input", *STAGES, "cnnviz_metadata"]
        assert json.loads(str(npz["cnnviz_metadata"]))["cnnviz:image"] == "cat.jpg"
        assert npz["input"].shape == (3, 256, 256)
        assert [list(npz[name].shape) for name in STAGES] == DEFAULT_SHAPES
        for name, expected in cat_reference.items():
            assert npz[name].dtype == np.float32
            np.testing.assert_array_equal(npz[name], expected, err_msg=name)


def test_render_folder_names_sheets_after_each_file(tmp_path: Path, sample_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "cat.jpg").write_bytes(sample_path.read_bytes())
    with Image.open(sample_path) as im:
        im.save(src / "cat.png")
    (src / "notes.txt").write_text("not an image suffix: skipped")
    out_dir = tmp_path / "sheets"
    proc = run_cli("render", str(src), "-o", str(out_dir))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["cat.jpg.png", "cat.png.png"]
    for name in ("cat.jpg.png", "cat.png.png"):
        with Image.open(out_dir / name) as im:
            assert im.format == "PNG" and im.width > 500
    summary = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(summary) == 1
    assert summary[0].startswith("rendered 2 of 2 image(s) to ")
    assert "Traceback" not in proc.stderr


def test_render_folder_with_a_bad_file(tmp_path: Path, sample_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "cat.jpg").write_bytes(sample_path.read_bytes())
    (src / "bad.png").write_text("this is text, not a PNG\n")
    out_dir = tmp_path / "sheets"
    proc = run_cli("render", str(src), "-o", str(out_dir))
    assert proc.returncode == 2
    assert sorted(p.name for p in out_dir.iterdir()) == ["cat.jpg.png"]
    assert "Traceback" not in proc.stderr
    lines = stderr_lines(proc.stderr)
    assert len(lines) == 1
    assert "bad.png" in lines[0]
    assert "rendered 1 of 2 image(s)" in proc.stdout and "1 failed" in proc.stdout


def test_render_missing_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.jpg"
    assert main(["render", str(missing), "-o", str(tmp_path / "out.png")]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_render_single_image_needs_a_png_output(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(sample_path), "-o", str(tmp_path / "sheet.jpg")]) == 2
    err = capsys.readouterr().err
    assert len(stderr_lines(err)) == 1 and "sheet.jpg" in err
    assert list(tmp_path.iterdir()) == []


def test_render_folder_to_an_existing_file(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "cat.jpg").write_bytes(sample_path.read_bytes())
    target = tmp_path / "taken.png"
    target.write_bytes(b"keep me")
    assert main(["render", str(src), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(stderr_lines(err)) == 1 and "taken.png" in err
    assert target.read_bytes() == b"keep me"


def test_render_invalid_settings_fail_before_writing(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "render",
                str(sample_path),
                "-o",
                str(tmp_path / "sheet.png"),
                "--npz",
                "--set",
                "conv1.groups=2",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    lines = stderr_lines(err)
    assert len(lines) == 1 and lines[0].startswith("cnnviz: conv1.groups:")
    assert list(tmp_path.iterdir()) == []
    src = tmp_path / "src"
    src.mkdir()
    (src / "cat.jpg").write_bytes(sample_path.read_bytes())
    assert main(["render", str(src), "-o", str(tmp_path / "sheets"), "--set", "conv1.groups=2"]) == 2
    assert not (tmp_path / "sheets").exists()


def test_render_native_size_follows_the_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(4)
    pixels = rng.integers(0, 256, size=(60, 100, 3), dtype=np.uint8)  # 100 wide, 60 high
    Image.fromarray(pixels).save(tmp_path / "small.png")
    sheet = tmp_path / "small-sheet.png"
    assert (
        main(["render", str(tmp_path / "small.png"), "-o", str(sheet), "--npz", "--set", "input.fit=native"])
        == 0
    )
    capsys.readouterr()
    with np.load(tmp_path / "small-sheet.npz") as npz:
        np.testing.assert_array_equal(npz["input"], pixels.transpose(2, 0, 1).astype(np.float32) / 255)
        c1 = (out_size(60, 3, 2, 1), out_size(100, 3, 2, 1))
        assert npz["conv1"].shape == (16, *c1) == (16, 30, 50)
        p1 = (out_size(c1[0], 2, 2), out_size(c1[1], 2, 2))
        p2 = (out_size(p1[0], 2, 2), out_size(p1[1], 2, 2))
        assert npz["pool1"].shape == (16, *p1)
        assert npz["pool2"].shape == (32, *p2) == (32, 7, 12)
        assert npz["flatten"].shape == (32 * 7 * 12,)
        assert npz["fc"].shape == (10,)


def test_render_unavailable_device_falls_back_to_the_cpu(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cnnviz.core.engine

    monkeypatch.setattr(
        cnnviz.core.engine, "available_devices", lambda: ["cpu"]
    )  # also on a machine with GPUs
    assert main(["render", str(sample_path), "-o", str(tmp_path / "sheet.png"), "--device", "cuda:7"]) == 0
    out, err = capsys.readouterr()
    notes = [line for line in stderr_lines(err) if "cuda:7" in line]
    assert len(notes) == 1, err  # said once
    assert "CPU" in notes[0]
    assert (tmp_path / "sheet.png").is_file()
    assert "rendered 1 of 1" in out


def test_render_unknown_device(tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(sample_path), "-o", str(tmp_path / "sheet.png"), "--device", "tpu"]) == 2
    err = capsys.readouterr().err
    lines = stderr_lines(err)
    assert len(lines) == 1 and "'tpu' is not a device" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_render_with_safetensors_weights(
    tmp_path: Path,
    sample_path: Path,
    capsys: pytest.CaptureFixture[str],
    cat_reference: dict[str, np.ndarray],
) -> None:
    net = build_network(NetworkSpec.textbook(), seed=5)
    weights = save_weights(tmp_path / "seed5.safetensors", dict(net.named_parameters()), Settings())
    sheet = tmp_path / "sheet.png"
    assert main(["render", str(sample_path), "-o", str(sheet), "--npz", "--weights", str(weights)]) == 0
    capsys.readouterr()
    with torch.inference_mode():
        expected = net.forward_stages(torch.from_numpy(cat_reference["input"].copy())[None])
    with np.load(tmp_path / "sheet.npz") as npz:
        np.testing.assert_array_equal(npz["input"], cat_reference["input"])
        for name in STAGES:
            np.testing.assert_array_equal(npz[name], expected[name][0].numpy(), err_msg=name)
        assert not np.array_equal(npz["conv1"], cat_reference["conv1"])  # not the default seed's network


class _Hostile:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (builtins.exec, (f"open({str(self.marker)!r}, 'w').write('pwned')",))


def test_render_refuses_a_hostile_pickle(
    tmp_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "pwned.txt"
    hostile = tmp_path / "hostile.pt"
    torch.save({"conv1.weight": _Hostile(marker)}, hostile)
    assert (
        main(["render", str(sample_path), "-o", str(tmp_path / "sheet.png"), "--weights", str(hostile)]) == 2
    )
    err = capsys.readouterr().err
    assert "refused" in err and "hostile.pt" in err
    assert "Traceback" not in err
    assert not marker.exists()
    assert not (tmp_path / "sheet.png").exists()


# ---------------------------------------------------------------------------
# The app entry and --version
# ---------------------------------------------------------------------------


def test_app_without_a_display_exits_2_with_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = run_cli("assets/cat.jpg", env=env)
    assert proc.returncode == 2, proc.stderr
    lines = stderr_lines(proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert "display" in lines[0].lower()
    assert "cnnviz render" in lines[0]


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"cnnviz {__version__}"


def test_render_uses_the_bundled_trained_weights_by_default(tmp_path, capsys) -> None:
    """Issue 13: the CLI loads the bundled weights unless told otherwise. Oracle: conv1 of the
    .npz equals torch's conv2d with the tensors read straight from the bundled file."""
    import torch.nn.functional as F
    from safetensors.torch import load_file

    from cnnviz.core.resources import default_weights

    bundled = load_file(str(default_weights()))
    out = tmp_path / "sheet.png"
    assert main(["render", str(ROOT / "assets" / "shapes.png"), "-o", str(out), "--npz", "--device", "cpu"]) == 0
    with np.load(out.with_suffix(".npz")) as data:
        x = torch.from_numpy(data["input"])[None]
        conv1 = data["conv1"]
    expected = F.conv2d(x, bundled["conv1.weight"], bundled["conv1.bias"], stride=2, padding=1)[0]
    np.testing.assert_allclose(conv1, expected.numpy(), rtol=1e-5, atol=1e-5)
    with Image.open(out) as im:
        assert "bundled, trained" in im.text["cnnviz:weights"]

    seeded = tmp_path / "seeded.png"
    assert main(["render", str(ROOT / "assets" / "shapes.png"), "-o", str(seeded), "--npz", "--weights", "seeded"]) == 0
    with np.load(seeded.with_suffix(".npz")) as data:
        assert not np.allclose(data["conv1"], conv1)
    with Image.open(seeded) as im:
        assert im.text["cnnviz:weights"] == "seeded default (untrained)"

    # A change the bundled weights do not fit: those layers are seeded, said once each on stderr.
    capsys.readouterr()
    changed = tmp_path / "changed.png"
    argv = ["render", str(ROOT / "assets" / "shapes.png"), "-o", str(changed), "--set", "conv2.kernel_size=5"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "conv2.weight" in err and "fc.weight" in err and "random, seeded, instead" in err
    assert "Traceback" not in err
