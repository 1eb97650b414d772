"""Make the README's screenshots: python scripts/screenshots.py [OUT_DIR]

Drives the real window offscreen (no X server needed) through the same calls a
person's clicks make, waits until each change is drawn, and saves the window.
Also writes a contact sheet with ``cnnviz render``. Output: docs/ by default.

More scenes live in ``scripts/shots_*.py``: each defines
``run(window, settle, shoot, root)``; they run in name order after the scenes here,
each on a window reset to the defaults (``controller.reset()``, cat photo, 1600×1000).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from cnnviz.app import MainWindow
    from cnnviz.cli import main as cli_main
    from cnnviz.core.edits import KernelEdits

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("cnnviz")

    def settle(window: MainWindow, seconds: float = 0.4) -> None:
        """Let the worker finish and the panels repaint, by running the event loop."""
        c = window.controller
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()
            if (
                c.last_response is not None
                and c.last_response.request.id == c.latest_request_id
                and c.worker.is_idle()
            ):
                return
        raise RuntimeError("the window did not settle")

    def shoot(widget, name: str) -> None:
        path = out / name
        widget.grab().save(str(path), "PNG")
        print(path)

    shoot.folder = out  # type: ignore[attr-defined]  # for plug-ins that write other files (a contact sheet)

    window = MainWindow(image=ROOT / "assets" / "cat.jpg", device="cpu")
    window.resize(1600, 1000)
    window.show()
    settle(window)
    shoot(window, "screenshot-main.png")

    # A setting torch would reject: the message sits on the control, the strip
    # shows where the chain breaks, and the last good maps stay.
    window.set_setting("conv2.dilation", (40, 40))
    settle(window)
    shoot(window, "screenshot-problem.png")
    window.set_setting("conv2.dilation", (1, 1))
    settle(window)

    # The inspector's scenes are in shots_inspector.py.

    # A small window: panels reflow, the network table moves to its own row.
    window.resize(1024, 700)
    settle(window)
    shoot(window, "screenshot-small.png")
    window.resize(1600, 1000)
    settle(window)

    # Other arguments on another image: dilation, average pooling, three blocks.
    window.open_image(ROOT / "assets" / "astronaut.jpg", remember=False)
    for key, value in (
        ("conv1.stride", (1, 1)),
        ("conv1.dilation", (2, 2)),
        ("conv1.padding", (2, 2)),
        ("pool1.type", "avg"),
        ("blocks", 3),
        ("conv3.out_channels", 24),
    ):
        window.set_setting(key, value)
    settle(window)
    shoot(window, "screenshot-settings.png")

    # Looking closer: one map, large, with its histogram.
    window.open_zoom("conv1", 5)
    dialog = window.zoom_dialog
    assert dialog is not None
    dialog.resize(760, 820)
    settle(window)
    dialog.fit()
    dialog.canvas.hovered.emit((60, 90))  # the readout under a pointer at row 60, column 90
    shoot(dialog, "screenshot-zoom.png")
    dialog.close()

    # The lab: a Sobel x kernel typed into conv1 channel 0, on the impulse and on an edge.
    window.controller.reset()
    window.controller.load_pattern("impulse:size=64")
    window.set_setting("input.size", (64, 64))
    window.set_setting("conv1.stride", (1, 1))
    window.kernel_dock.show()
    window.kernel_dock.select("conv1", 0)
    window.kernel_dock.filter_combo.setCurrentIndex(window.kernel_dock.filter_combo.findData("sobel_x"))
    window.kernel_dock.apply_filter()
    settle(window)
    shoot(window, "screenshot-kernel-impulse.png")
    window.controller.load_pattern("edge_v:size=64")
    settle(window)
    shoot(window, "screenshot-kernel-edge.png")
    window.kernel_dock.hide()
    window.controller.set_edits(KernelEdits())  # the kernel scene's edit stays out of the comparison

    # Compare: A pinned, then average pooling and a strided conv2 as B.
    window.compare_dock.show()
    window.controller.load_pattern("checkerboard:period=8,size=64")
    settle(window)
    window.compare_dock.pin()
    window.set_setting("pool1.type", "avg")
    window.set_setting("conv2.stride", (2, 2))
    settle(window)
    window.compare_dock.draw_sheet()
    shoot(window, "screenshot-compare.png")
    window.compare_dock.hide()

    import importlib.util

    for module_path in sorted((ROOT / "scripts").glob("shots_*.py")):
        spec = importlib.util.spec_from_file_location(module_path.stem, module_path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        window.controller.reset()
        window.controller.set_edits(KernelEdits())  # Reset keeps kernel edits; the scenes start without
        window.inspector.clear_selection()
        window.open_image(ROOT / "assets" / "cat.jpg", remember=False)
        window.resize(1600, 1000)
        settle(window)
        module.run(window, settle, shoot, ROOT)
    window.shutdown()
    window.close()

    code = cli_main(
        [
            "render",
            str(ROOT / "assets" / "shapes.png"),
            "-o",
            str(out / "contact-sheet.png"),
            "--device",
            "cpu",
            "--overwrite",
        ]
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
