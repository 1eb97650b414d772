"""Hangul in the images the core draws: the font finder, cnnviz's own font, the sheet's pens."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from cnnviz.core import fonts
from cnnviz.core.fonts import bundled_font_path, hangul_font_notice, has_hangul_font, needs_cjk, sheet_font

MISSING = "\U0010fffd"  # no font has this private-use code point: it is drawn as the .notdef box


def _render(font, text: str) -> np.ndarray:
    img = Image.new("L", (400, 60), 0)
    ImageDraw.Draw(img).text((4, 4), text, font=font, fill=255)
    return np.asarray(img)


def _latin_only_font():
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(path, 32)
        except OSError:
            continue
    return None


@pytest.mark.parametrize("system", [True, False], ids=["system-or-bundled", "bundled"])
def test_the_font_draws_hangul_syllables_not_boxes(system):
    font = sheet_font(32, system=system)
    assert font is not None
    ga, han, box = _render(font, "가"), _render(font, "한"), _render(font, MISSING)
    assert ga.any() and han.any()
    assert not np.array_equal(ga, han)  # two syllables, two glyphs
    assert not np.array_equal(ga, box) and not np.array_equal(han, box)  # neither is the missing glyph
    assert _render(font, "conv1 3×3").any()


def test_the_oracle_sees_boxes_in_a_latin_font():
    """The comparison above would catch a font without Hangul: DejaVu draws both syllables as one box."""
    latin = _latin_only_font()
    if latin is None:
        pytest.skip("no DejaVu Sans here")
    assert np.array_equal(_render(latin, "가"), _render(latin, "한"))


def test_cnnviz_ships_its_own_hangul_font_with_its_licence():
    path = bundled_font_path()
    assert path is not None and path.name == "cnnviz-hangul.otf"
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Noto Sans CJK" in licence
    font = ImageFont.truetype(str(path), 20)
    assert fonts.draws_hangul(font)
    assert font.getname()[0] == "cnnviz Hangul"  # renamed: a Modified Version under the OFL


def test_needs_cjk():
    assert needs_cjk("고양이 사진.jpg")
    assert not needs_cjk("cat.jpg · 16 × 128 × 128 → …")


def test_without_a_system_font_the_notice_comes_once_in_both_languages(monkeypatch):
    monkeypatch.setattr(fonts, "KNOWN_FONTS", ())
    monkeypatch.setattr(fonts, "_fontconfig_candidates", lambda bold: [])
    monkeypatch.setattr(fonts, "_noticed", False)
    fonts._system_font_file.cache_clear()
    try:
        assert not has_hangul_font()
        notice = hangul_font_notice()
        assert notice is not None
        assert "fonts-noto-cjk" in notice and "no font with Hangul" in notice and "한글 글꼴" in notice
        assert hangul_font_notice() is None  # said once
    finally:
        fonts._system_font_file.cache_clear()


def test_the_sheet_draws_a_korean_file_name_in_hangul():
    from cnnviz.core.sheet import _Pen

    pen = _Pen(24, bold=True)
    title = "고양이 사진.jpg — cnnviz"
    boxes = "".join(MISSING if needs_cjk(ch) else ch for ch in title)

    def draw(text: str) -> np.ndarray:
        img = Image.new("RGB", (pen.width(title) + 40, 60), (255, 255, 255))
        pen.draw(ImageDraw.Draw(img), (4, 4), text)
        return np.asarray(img)

    drawn = draw(title)
    assert not np.array_equal(drawn, draw(boxes))  # not the missing-glyph box
    assert not np.array_equal(drawn, draw("사자 사진.jpg — cnnviz"))  # different syllables, different pixels
    assert pen.width(title) > pen.width(".jpg — cnnviz")


def test_cnnviz_render_of_a_korean_file_name(tmp_path, sample_path):
    from cnnviz.cli import main

    source = tmp_path / "고양이 사진.jpg"
    source.write_bytes(sample_path.read_bytes())
    out = tmp_path / "sheet.png"
    code = main(
        ["render", str(source), "-o", str(out), "--device", "cpu", "--set", "input.size=64", "--lang", "ko"]
    )
    assert code == 0
    with Image.open(out) as sheet:
        assert sheet.info["cnnviz:image"] == "고양이 사진.jpg"
        # the sheet's words in Korean: the bundled weights by default
        assert sheet.info["cnnviz:weights"] == "textbook-shapes.safetensors (함께 제공, 학습됨)"
