"""Korean screenshots (run by scripts/screenshots.py): the window in Korean, and a Korean contact sheet.

A window of its own is built in Korean (Qt's translator from cnnviz_ko.qm) so that the window the
other scenes share stays English; the contact sheet is made with ``cnnviz render … --lang ko`` on a
file with a Korean name, top 700 px kept.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any


def run(window: Any, settle: Any, shoot: Any, root: Path) -> None:
    from PIL import Image

    from cnnviz.app import MainWindow, language
    from cnnviz.cli import main as cli_main
    from cnnviz.core.i18n import install_language

    language.install_qt_language("ko")
    try:
        korean = MainWindow(image=root / "assets" / "cat.jpg", device="cpu")
        korean.resize(1600, 1000)
        korean.show()
        settle(korean)
        tiles = korean.stage_panel("conv1").tiles
        channel, row, col = tiles.hit(tiles.tile_rect(7).center().toPointF())
        korean.inspect("conv1", channel, row, col)
        settle(korean)
        shoot(korean, "screenshot-ko-main.png")
        korean.inspector.hide()
        korean.set_setting("conv2.dilation", (40, 40))  # a problem, explained in Korean
        settle(korean)
        shoot(korean, "screenshot-ko-problem.png")
        korean.shutdown()
        korean.close()
    finally:
        language.install_qt_language("en")

    docs = Path(getattr(shoot, "folder", root / "docs"))
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "고양이 사진.jpg"
        shutil.copyfile(root / "assets" / "cat.jpg", photo)
        sheet = Path(tmp) / "sheet.png"
        try:
            cli_main(
                [
                    "render",
                    str(photo),
                    "-o",
                    str(sheet),
                    "--set",
                    "input.size=128",
                    "--device",
                    "cpu",
                    "--lang",
                    "ko",
                ]
            )
        finally:
            install_language("en")
        with Image.open(sheet) as image:
            image.crop((0, 0, image.width, min(image.height, 700))).save(docs / "contact-sheet-ko.png")
    print(docs / "contact-sheet-ko.png")
