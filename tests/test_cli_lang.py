"""The command line in Korean: --lang on every command, CNNVIZ_LANG, Korean shapes, settings, errors, lessons."""

from __future__ import annotations

import pytest

from cnnviz.cli import main
from cnnviz.core.i18n import tr
from cnnviz.core.text import display_width


def test_english_by_default_in_tests(capsys):
    assert main(["shapes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stage")
    assert "parameters" in out


@pytest.mark.parametrize("flag", [["--lang", "ko"], ["--lang=ko"]])
def test_shapes_in_korean(capsys, flag):
    assert main(["shapes", *flag]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header[:3] == ["단계", "모양", "매개변수"]  # stage, shape, params
    assert "conv1    16×128×128" in out  # identifiers and shapes as they are
    assert "합계: 매개변수 " in out and "곱셈-누산" in out


def test_korean_table_columns_line_up(capsys):
    assert main(["shapes", "--lang", "ko"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, rule, conv1 = lines[0], lines[1], lines[3]
    groups = [(m.start(), m.end()) for m in __import__("re").finditer("-+", rule)]
    # columns counted as a terminal shows them: Hangul two columns wide
    assert display_width(header[: header.index("모양")]) == groups[1][0]  # left-aligned
    assert display_width(header[: header.index("매개변수") + 4]) == groups[2][1]  # right-aligned
    assert conv1.index("448") + 3 == groups[2][1]


def test_a_bad_setting_is_explained_in_korean(capsys):
    assert main(["shapes", "--lang", "ko", "--set", "conv1.stride=0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["cnnviz: conv1.stride: 0은(는) 범위를 벗어납니다: stride은(는) 1에서 64까지여야 합니다"]


def test_an_unknown_key_is_explained_in_korean(capsys):
    assert main(["shapes", "--lang", "ko", "--set", "conv1.strid=2"]) == 2
    err = capsys.readouterr().err
    assert "모르는 설정 'conv1.strid'" in err
    assert "Traceback" not in err


def test_settings_in_korean_keep_the_keys(capsys):
    assert main(["settings", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("conv1.stride "))
    assert "간격" in line and "출력 사이에 필터가 움직이는 픽셀 수" in line


def test_the_environment_chooses_korean(capsys, monkeypatch):
    monkeypatch.setenv("CNNVIZ_LANG", "ko")
    assert main(["shapes"]) == 0
    assert capsys.readouterr().out.startswith("단계")
    assert main(["shapes", "--lang", "en"]) == 0  # the flag wins over the environment
    assert capsys.readouterr().out.startswith("stage")


def test_a_language_cnnviz_lacks(capsys, monkeypatch):
    monkeypatch.setenv("CNNVIZ_LANG", "fr")
    assert main(["shapes"]) == 2
    assert (
        capsys.readouterr().err.strip() == "cnnviz: CNNVIZ_LANG: no such language: fr (cnnviz speaks en, ko)"
    )
    assert main(["shapes", "--lang", "en", "--lang", "xx"]) == 2  # the last --lang counts
    assert capsys.readouterr().err.strip() == "cnnviz: --lang: no such language: xx (cnnviz speaks en, ko)"


@pytest.mark.parametrize("command", ["shapes", "render", "settings", "bench", "lessons"])
def test_every_command_takes_lang(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help", "--lang", "ko"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "--lang {en,ko}" in out
    assert "출력 언어" in out


def test_the_app_parser_takes_lang_too(capsys):
    with pytest.raises(SystemExit):
        main(["--help", "--lang", "ko"])
    out = capsys.readouterr().out
    assert "합성곱 신경망" in out and "--lang" in out


def test_the_language_does_not_leak_into_the_next_run(capsys):
    assert main(["shapes", "--lang", "ko"]) == 0
    assert "합계" in capsys.readouterr().out
    assert main(["shapes"]) == 0
    out = capsys.readouterr().out
    assert "total:" in out and "합계" not in out
    assert tr("stride") == "stride"


def test_lessons_list_and_one_lesson_in_korean(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[8].strip() == "9  The output-size formula"
    assert main(["lessons", "9", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("9강: 출력 크기 공식")
    assert "--set input.size=6" in out
    assert "16 × 4 × 4" not in out  # predict first: no answer without --answer
    assert main(["lessons", "9", "--answer", "--lang", "ko"]) == 0
    assert "답: 16 × 4 × 4" in capsys.readouterr().out


def test_a_lesson_that_does_not_exist(capsys):
    assert main(["lessons", "99", "--lang", "ko"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "cnnviz: lessons: 99강은 없습니다. 강의는 1강부터 10강까지입니다"


def test_a_lesson_says_its_input(capsys):
    assert main(["lessons", "1"]) == 0
    out = capsys.readouterr().out
    assert "Input: test pattern impulse:size=32" in out  # as lesson 1's file names it
    assert "--set input.size=32" in out  # the pattern is drawn at the step's input size
    assert main(["lessons", "6"]) == 0
    assert "Input: image cat.jpg" in capsys.readouterr().out
