"""Korean translation: choice of language, completeness, placeholders, identifiers, glossary, packaging."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cnnviz.core import i18n
from cnnviz.core.i18n import LanguageError, choose_language, install_language, read_ts, tr
from cnnviz.core.lessons import tomllib  # tomllib, or tomli on Python 3.10

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "cnnviz" / "i18n" / "cnnviz_ko.ts"
QM = ROOT / "cnnviz" / "i18n" / "cnnviz_ko.qm"
GLOSSARY = tomllib.loads((ROOT / "cnnviz" / "i18n" / "glossary.toml").read_text(encoding="utf-8"))["terms"]
LESSONS = sorted((ROOT / "cnnviz" / "lessons").glob("*.toml"))
CORE_SOURCES = [
    *sorted((ROOT / "cnnviz" / "core").rglob("*.py")),
    *sorted((ROOT / "cnnviz" / "commands").rglob("*.py")),
    ROOT / "cnnviz" / "cli.py",
    ROOT / "cnnviz" / "bench.py",
    ROOT / "cnnviz" / "bench_args.py",
]
APP_SOURCES = sorted((ROOT / "cnnviz" / "app").rglob("*.py"))
TABLE = read_ts(TS.read_bytes())
PAIRS = sorted({(src, ko) for (_, src), ko in TABLE.items()})


# --- choosing the language -------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        ("ko", {"CNNVIZ_LANG": "en", "LANG": "en_US.UTF-8"}, "ko"),  # the flag wins
        ("en", {"CNNVIZ_LANG": "ko"}, "en"),
        (None, {"CNNVIZ_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),  # then CNNVIZ_LANG
        (None, {"CNNVIZ_LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"CNNVIZ_LANG": "", "LANG": "ko_KR.UTF-8"}, "ko"),  # empty means unset
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANGUAGE": "fr:ko:en", "LANG": "fr_FR.UTF-8"}, "ko"),  # first one cnnviz has
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),  # LC_ALL before LANG
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # the first set variable decides
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_choose_language(flag, env, expected):
    assert choose_language(flag, env) == expected


@pytest.mark.parametrize(
    ("flag", "env", "subject"), [("fr", {}, "--lang"), (None, {"CNNVIZ_LANG": "xx"}, "CNNVIZ_LANG")]
)
def test_a_language_cnnviz_lacks_is_an_error_naming_where_it_came_from(flag, env, subject):
    with pytest.raises(LanguageError) as info:
        choose_language(flag, env)
    assert info.value.subject == subject
    assert "en, ko" in str(info.value)


def test_install_language_translates_tr_and_english_restores():
    install_language("ko")
    assert tr("stride") == "간격"  # hand-written expectations
    assert tr("padding") == "패딩"
    assert tr("no such file or folder") == "그런 파일이나 폴더가 없습니다"
    assert tr("a text nobody marked") == "a text nobody marked"  # unknown: the English stays
    assert i18n.current_language() == "ko"
    install_language("en")
    assert tr("stride") == "stride"
    with pytest.raises(LanguageError):
        install_language("fr")


# --- completeness -------------------------------------------------------------------------


def _marked_strings(path: Path) -> list[str]:
    """Literal first arguments of tr()/tr_noop() calls in ``path`` (read with ast, not lupdate)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("tr", "tr_noop")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def test_every_string_of_the_core_the_command_line_and_the_window_has_a_korean_translation():
    strings = {s for path in (*CORE_SOURCES, *APP_SOURCES) for s in _marked_strings(path)}
    assert len(strings) > 700  # the oracle found the strings at all
    missing = sorted(s for s in strings if ("cnnviz", s) not in TABLE)
    assert missing == []


def test_no_message_in_the_ts_is_unfinished():
    text = TS.read_text(encoding="utf-8")
    assert text.count("<message>") == len(TABLE)
    assert 'type="unfinished"' not in text


@pytest.mark.skipif(
    shutil.which("pyside6-lupdate") is None
    and not Path(sys.executable).with_name("pyside6-lupdate").exists(),
    reason="no pyside6-lupdate",
)
def test_the_translation_tools_find_nothing_untranslated():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check", "--scope", "all"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "all" in done.stdout


# --- what a translation must keep -----------------------------------------------------------

NAMES = {
    "mps (Apple GPU)",
    "Conv2d",
    "cpu",
    "{name} — cnnviz",
    "Linear({f}, {c}) → {out}",
    "divisor_override = {d}",
}  # names, the same in Korean
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d+|<[^<>]+>")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w+(?:\.[\w*]+)+|\b\w+_\w+\b|--[a-z][a-z-]*|'[a-z_]+'")


@pytest.mark.parametrize(("source", "korean"), PAIRS, ids=lambda s: s[:40])
def test_placeholders_and_markup_are_kept(source, korean):
    assert sorted(_PLACEHOLDER.findall(korean)) == sorted(_PLACEHOLDER.findall(source))
    if re.search(r"&\w", source):
        assert re.search(r"&\w", korean), "the menu accelerator is lost"
    if source not in NAMES:
        assert re.search("[가-힣]", korean) or not re.search("[a-z]{4}", _PLACEHOLDER.sub("", source)), (
            "words left in English"
        )


def _identifiers(text: str) -> list[str]:
    return _IDENTIFIER.findall(_PLACEHOLDER.sub(" ", text))


@pytest.mark.parametrize(("source", "korean"), [p for p in PAIRS if _identifiers(p[0])], ids=lambda s: s[:40])
def test_identifiers_stay_as_they_are(source, korean):
    for ident in _identifiers(source):
        assert ident in korean


def test_known_identifiers_are_found_by_the_oracle():
    assert _identifiers("'{text}' is not KEY=VALUE (e.g. conv1.stride=2)") == ["conv1.stride"]
    assert _identifiers("padding_mode 'zeros' or --set x") == ["padding_mode", "'zeros'", "--set"]


# --- the textbook's terms ------------------------------------------------------------------


def _uses(term: str, english: str) -> bool:
    words = re.sub(r"'[^' ]+'", " ", english)  # quoted keys: 'kernel', 'bias'
    words = re.sub(r"\S*(?:\w[._=]\w|[{}=]|--)\S*", " ", words)  # identifiers, --flags, placeholders out
    return re.search(rf"\b{re.escape(term)}(?:s|es|al|ing|ed)?\b", words, re.IGNORECASE) is not None


def _lesson_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in LESSONS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for table in (data["title"], data["body"], data["look"], *data["question"]):
            pairs.append((table["en"], table["ko"]))
    return pairs


@pytest.mark.parametrize(("term", "korean_term"), sorted(GLOSSARY.items()))
def test_every_translation_uses_the_glossary_term(term, korean_term):
    pairs = PAIRS + _lesson_pairs()
    using = [(en, ko) for en, ko in pairs if _uses(term, en)]
    wrong = [en for en, ko in using if korean_term not in ko]
    assert wrong == []


def test_the_glossary_test_can_fail():
    assert _uses("stride", "a larger stride or a smaller input")
    assert _uses("channel", "per-channel range")
    assert not _uses("stride", "--set conv1.stride=2")
    assert not _uses("kernel", "kernel_size {k}")
    assert not _uses("channel", "with --channel C")
    assert not _uses("bias", "an object with 'kernel' and 'bias'")
    assert {"합성곱", "특징 맵", "간격", "팽창", "최댓값 풀링", "평균값 풀링", "완전 연결 계층"} <= set(
        GLOSSARY.values()
    )


# --- the compiled translation and the installed layout ---------------------------------------


def test_qt_reads_the_compiled_translation():
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("cnnviz", "stride") == "간격"
    assert translator.translate("cnnviz", "&Undo") == "실행 취소(&U)"


def test_the_qm_is_not_older_than_the_ts():
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [src for (ctx, src), ko in TABLE.items() if translator.translate(ctx, src) != ko]
    assert stale == [], "run make translations"


@pytest.mark.slow
def test_a_built_wheel_ships_translations_fonts_and_lessons(tmp_path, wheel):
    """The wheel (built once, no network), unpacked alone and used from a fresh interpreter."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(site)
    for name in (
        "cnnviz/i18n/cnnviz_ko.qm",
        "cnnviz/i18n/cnnviz_ko.ts",
        "cnnviz/i18n/glossary.toml",
        "cnnviz/assets/fonts/cnnviz-hangul.otf",
        "cnnviz/assets/fonts/OFL.txt",
        "cnnviz/lessons/09-output-size.toml",
    ):
        assert name in names
    code = (
        "import cnnviz, sys;"
        "from cnnviz.core.i18n import qm_path, install_language, tr;"
        "from cnnviz.core.lessons import load_lessons;"
        "from cnnviz.core.fonts import bundled_font_path;"
        "assert qm_path('ko').is_file();"
        "install_language('ko');"
        "print(cnnviz.__file__, tr('stride'), len(load_lessons()), bundled_font_path().name)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    where, word, count, font = out.stdout.split()
    assert where.startswith(str(site))
    assert (word, count, font) == ("간격", str(len(LESSONS)), "cnnviz-hangul.otf")
