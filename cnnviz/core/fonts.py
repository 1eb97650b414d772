"""Fonts for the images the core draws, Korean included.

:func:`sheet_font` finds a font that draws Hangul: fontconfig's choice for
Korean (``fc-match :lang=ko``), then known paths (Noto CJK, Nanum, Apple SD
Gothic Neo, Malgun Gothic), then the subset of Noto Sans CJK KR that ships with
cnnviz (``cnnviz/assets/fonts/cnnviz-hangul.otf``, SIL OFL 1.1, made by
``scripts/make_hangul_font.py``). A font only counts if it really draws a
syllable, not its missing-glyph box.

:func:`has_hangul_font` says whether the *system* has one (the window's Qt text
needs it; the sheet can always fall back on cnnviz's own) and
:func:`hangul_font_notice` gives, once, a message in English and Korean naming
the package to install.

Pillow and the standard library only: no Qt.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from cnnviz.core.resources import asset_path

BUNDLED_FONT = "fonts/cnnviz-hangul.otf"
PROBE = "가한"  # syllables a Hangul font must draw
_MISSING = "\U0010fffd"  # a private-use code point no font draws: gives its .notdef box
_ANY_CJK = (
    (0x1100, 0x11FF),
    (0x2E80, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)

# (path, font number in a collection); tried after fontconfig.
KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),  # Debian/Ubuntu fonts-noto-cjk (KR)
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 1),  # Arch
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 1),  # Fedora
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0),  # fonts-nanum
    ("/usr/share/fonts/nanum/NanumGothic.ttf", 0),
    ("/System/Library/Fonts/AppleSDGothicNeo.ttc", 0),  # macOS
    ("/Library/Fonts/AppleGothic.ttf", 0),
    ("C:/Windows/Fonts/malgun.ttf", 0),  # Windows
)
INSTALL_HINT = "fonts-noto-cjk"

Font = ImageFont.FreeTypeFont


def needs_cjk(text: str) -> bool:
    """Whether ``text`` has Hangul or other CJK characters (a Latin font draws them as boxes)."""
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _ANY_CJK)


def _bitmap(font: Font, text: str) -> bytes:
    img = Image.new("L", (48 * max(1, len(text)), 64), 0)
    ImageDraw.Draw(img).text((4, 4), text, font=font, fill=255)
    return img.tobytes()


def draws_hangul(font: Font) -> bool:
    """Whether ``font`` draws each probe syllable as a glyph of its own (not blank, not .notdef)."""
    missing = _bitmap(font, _MISSING)
    seen = set()
    for ch in PROBE:
        bm = _bitmap(font, ch)
        if bm == missing or not any(bm) or bm in seen:
            return False
        seen.add(bm)
    return True


def _fontconfig_candidates(bold: bool) -> list[tuple[str, int]]:
    if shutil.which("fc-match") is None:
        return []
    pattern = ":lang=ko:weight=bold" if bold else ":lang=ko"
    try:
        done = subprocess.run(
            ["fc-match", "--format=%{file}\\n%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    lines = done.stdout.splitlines()
    if done.returncode != 0 or not lines or not lines[0]:
        return []
    index = int(lines[1]) if len(lines) > 1 and lines[1].strip().isdigit() else 0
    return [(lines[0], index)]


def _open(path: str, index: int, size: int) -> Font | None:
    try:
        return ImageFont.truetype(path, size, index=index)
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=4)
def _system_font_file(bold: bool) -> tuple[str, int] | None:
    """The first system font file with Hangul (fontconfig first), or None."""
    candidates = _fontconfig_candidates(bold)
    if bold:
        candidates += [(p.replace("-Regular", "-Bold"), i) for p, i in KNOWN_FONTS if "-Regular" in p]
    candidates += list(KNOWN_FONTS)
    for path, index in candidates:
        if not Path(path).is_file():
            continue
        font = _open(path, index, 24)
        if font is not None and draws_hangul(font):
            return path, index
    return None


def bundled_font_path() -> Path | None:
    """cnnviz's own Hangul font (the OFL subset of Noto Sans CJK KR), if installed."""
    return asset_path(BUNDLED_FONT)


def has_hangul_font() -> bool:
    """Whether the system has a font that draws Hangul (cnnviz's own font not counted)."""
    return _system_font_file(False) is not None


@lru_cache(maxsize=32)
def sheet_font(size: int, bold: bool = False, *, system: bool = True) -> Font | None:
    """A font of ``size`` px that draws Hangul and ASCII; None only if cnnviz's own font is missing too.

    ``system=False`` skips the system fonts (cnnviz's own font only).
    """
    found = (_system_font_file(bold) or _system_font_file(False)) if system else None
    if found is not None:
        font = _open(found[0], found[1], size)
        if font is not None:
            return font
    bundled = bundled_font_path()
    return _open(str(bundled), 0, size) if bundled is not None else None


_noticed = False


def hangul_font_notice() -> str | None:
    """Once per process, when the system has no Hangul font: what to install, in English and Korean."""
    global _noticed
    if _noticed or has_hangul_font():
        return None
    _noticed = True
    # Deliberately both languages at once, not tr(): it is shown when Korean text cannot be read.
    return (
        f"cnnviz: no font with Hangul was found, so Korean text in the window may show as boxes; "
        f"install one (on Debian/Ubuntu: {INSTALL_HINT}). Contact sheets use cnnviz's own font.\n"
        f"cnnviz: 한글 글꼴을 찾지 못해 창의 한국어 글자가 네모로 보일 수 있습니다. "
        f"한글 글꼴을 설치하세요 (Debian/Ubuntu: {INSTALL_HINT}). 밀착 인화지는 cnnviz의 글꼴을 씁니다."
    )
