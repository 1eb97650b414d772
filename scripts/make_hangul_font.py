"""Make cnnviz's own Hangul font: an OFL subset of Noto Sans CJK KR Regular.

The contact sheet must draw Korean text (file names, translated labels) even on
a machine without a Korean font. This subsets Noto Sans CJK KR (SIL Open Font
License 1.1, © Adobe, Reserved Font Name "Source") to ASCII, Latin-1, the
punctuation and symbols cnnviz draws, Hangul compatibility jamo and all 11,172
Hangul syllables, and renames it ("cnnviz Hangul") as a Modified Version.

    apt-get install fonts-noto-cjk  # the source font
    pip install fonttools
    python scripts/make_hangul_font.py [--source PATH.ttc --index N]

Writes cnnviz/assets/fonts/cnnviz-hangul.otf and keeps OFL.txt beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "cnnviz" / "assets" / "fonts" / "cnnviz-hangul.otf"
SOURCES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),  # Debian, Ubuntu: fonts-noto-cjk
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 1),  # Arch
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 1),  # Fedora
)
UNICODES = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x100),  # Latin-1 (×, ·, ±, …)
    *range(0x2010, 0x2028),  # dashes, quotes, bullets, … (ellipsis)
    0x2190,
    0x2191,
    0x2192,
    0x2193,  # arrows
    0x2212,
    0x2264,
    0x2265,
    0x230A,
    0x230B,  # minus, ≤ ≥, floor brackets
    *range(0x3131, 0x318F),  # Hangul compatibility jamo
    *range(0xAC00, 0xD7A4),  # the 11,172 Hangul syllables
]
FAMILY = "cnnviz Hangul"


def main(argv: list[str] | None = None) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="a Noto Sans CJK .ttc or .otf")
    parser.add_argument("--index", type=int, default=1, help="font number in a .ttc (1 is KR in Noto's)")
    args = parser.parse_args(argv)
    candidates = [(args.source, args.index)] if args.source else list(SOURCES)
    source = next(((p, i) for p, i in candidates if p and Path(p).exists()), None)
    if source is None:
        print("no Noto Sans CJK found: apt-get install fonts-noto-cjk, or give --source", file=sys.stderr)
        return 1
    path, index = source
    font = TTFont(path, fontNumber=index, lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # smaller; the sheet is drawn at 12-24 px with FreeType's autohinter
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular; subset of Noto Sans CJK KR", 3, 3, 1, 0x409)
    names.setName(FAMILY, 4, 3, 1, 0x409)
    names.setName(FAMILY.replace(" ", "") + "-Regular", 6, 3, 1, 0x409)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1024:.0f} kB, {len(font.getGlyphOrder())} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
