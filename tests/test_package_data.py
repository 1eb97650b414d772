"""A normal install (a wheel, outside the repository) has the sample images and finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_the_sample_images(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "cnnviz/assets/cat.jpg" in names
    assert not any(name.startswith("assets/") for name in names)


def test_an_installed_copy_finds_its_samples_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import cnnviz, pathlib; from cnnviz.core.resources import default_sample, sample_images; "
        "print(pathlib.Path(cnnviz.__file__).resolve()); print(default_sample()); print(len(sample_images()))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    module, sample, count = done.stdout.split("\n")[:3]
    assert Path(module).is_relative_to(site.resolve())
    assert Path(sample).is_file() and Path(sample).is_relative_to(site.resolve())
    assert int(count) >= 2
    # `cnnviz bench` without --image uses the same lookup: a tiny run proves it starts.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cnnviz",
            "bench",
            "--sizes",
            "32",
            "--repeats",
            "1",
            "--mpl-repeats",
            "1",
            "--stream",
            "2",
            "--json",
        ],
        cwd=elsewhere,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
