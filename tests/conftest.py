"""Shared test set-up: offscreen Qt, one torch thread, bundled sample images."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CNNVIZ_THREADS", "1")
# Keep the tests from reading or writing the user's real QSettings: another
# organisation name (read by cnnviz.app.persistence) in a private config folder.
_CONFIG = tempfile.mkdtemp(prefix="cnnviz-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG
os.environ["CNNVIZ_SETTINGS_ORG"] = "cnnviz-tests"
# English whatever the machine's locale: tests that want Korean ask with --lang ko.
os.environ["CNNVIZ_LANG"] = "en"

hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A test that installs Korean (cnnviz --lang ko in-process) leaves English behind."""
    yield
    from cnnviz.core.i18n import install_language

    install_language("en")


@pytest.fixture
def sample_path() -> Path:
    return ASSETS / "cat.jpg"


@pytest.fixture
def make_window(qtbot):
    """Build MainWindows (not shown unless asked) and stop their workers afterwards.

    ``make_window(image=..., wait=True)`` returns once the first result is shown.
    """
    windows = []

    def factory(image=ASSETS / "cat.jpg", device="cpu", wait=True, show=False, **kwargs):
        from cnnviz.app import MainWindow

        window = MainWindow(image=image, device=device, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        if wait:
            qtbot.waitUntil(
                lambda: (
                    window.controller.last_response is not None
                    and window.rendered_id == window.controller.last_response.request.id
                ),
                timeout=20_000,
            )
        return window

    yield factory
    for window in windows:
        window.shutdown()
        window.close()


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cnnviz built as a wheel once per test run (the package-data and translation tests share it)."""
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy, so no build/ folder of an earlier build leaks old files into the wheel.
    source = tmp_path_factory.mktemp("source") / "cnnviz"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"could not build the wheel:\n{done.stderr[-2000:]}")
    (path,) = out.glob("cnnviz-*.whl")
    return path
