"""Start the real app in a real X server and check that a window with content appears.

Needs Debian's ``xvfb`` (``make test`` installs it where it can). Without an X
server the test is skipped, except under CI (``CNNVIZ_REQUIRE_XVFB=1``, set by
``.ci/run``), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]

GRAB = r"""
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
shot = app.primaryScreen().grabWindow(0)
shot.save(sys.argv[1], "PNG")
"""


def _require_xvfb() -> str:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CNNVIZ_REQUIRE_XVFB") == "1":
            pytest.fail(
                "Xvfb is required here (CNNVIZ_REQUIRE_XVFB=1) but not installed; run scripts/system-deps.sh"
            )
        pytest.skip("Xvfb is not installed (scripts/system-deps.sh installs it)")
    return xvfb


@pytest.fixture
def x_display(tmp_path):
    xvfb = _require_xvfb()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not report a display number"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _colours(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        rgb = image.convert("RGB")
        return len(rgb.getcolors(maxcolors=1 << 24) or []), rgb.width


def test_the_app_opens_a_window_with_content(x_display, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
    env.update(
        DISPLAY=x_display,
        QT_QPA_PLATFORM="xcb",
        HOME=str(tmp_path),  # QSettings and the log go here, not to the real home
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONUNBUFFERED="1",
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "cnnviz", str(ROOT / "assets" / "cat.jpg"), "--device", "cpu"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    shot = tmp_path / "screen.png"
    colours = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert app.poll() is None, f"the app exited early ({app.returncode}):\n{app.stdout.read()}"
            time.sleep(1.0)
            grab = subprocess.run(
                [sys.executable, "-c", GRAB, str(shot)], env=env, capture_output=True, text=True, timeout=60
            )
            if grab.returncode == 0 and shot.exists():
                colours, _ = _colours(shot)
                if colours > 2000:  # tiles, photo and text: an empty screen has one colour
                    break
        assert colours > 2000, f"no window content on the X screen (only {colours} colours)"
        if shutil.which("xdotool"):
            found = subprocess.run(
                ["xdotool", "search", "--name", "cnnviz"], env=env, capture_output=True, text=True
            )
            assert found.stdout.strip(), "no window named cnnviz on the X server"
        assert app.poll() is None
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            output, _ = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
    assert "Traceback" not in (output or "")
