"""Lessons: every file loads, its settings are valid, and its stored answers are what torch computes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from torch_oracle import torch_shapes

from cnnviz.core.images import prepare_input
from cnnviz.core.lessons import LessonError, computed_answer, lesson_files, load_lesson, load_lessons
from cnnviz.core.plan import make_plan
from cnnviz.core.resources import asset_path, sample_images
from cnnviz.core.settings import TABLE

FILES = lesson_files()


def test_the_chapter_is_covered_in_order():
    lessons = load_lessons()
    assert [lesson.number for lesson in lessons] == list(range(1, len(FILES) + 1))
    assert len(lessons) >= 9
    assert [p.name[:2] for p in FILES] == [f"{n:02d}" for n in range(1, len(FILES) + 1)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_lesson_applies_and_its_answers_are_what_torch_computes(path: Path):
    lesson = load_lesson(path)
    assert set(lesson.settings) <= set(TABLE)
    settings = lesson.apply()
    plan = make_plan(settings)
    assert plan.ok, plan.problems
    assert lesson.look_stage in ["input", *plan.stage_names()]
    assert lesson.look_control is None or lesson.look_control in TABLE
    for lang in ("en", "ko"):
        assert lesson.text(lesson.title, lang) and lesson.text(lesson.body, lang)
    with torch.no_grad():
        oracle = torch_shapes(settings)
    for question in lesson.questions:
        shape, params = oracle[question.stage]
        if question.kind == "shape":
            expected = shape
        elif question.kind == "params":
            expected = params
        else:  # the textbook's torch.flatten(x): the batch is flattened too
            batch = torch.zeros(question.batch, *oracle["_pre_flatten"][0])
            (expected,) = torch.flatten(batch).shape
        assert question.answer == expected
        assert computed_answer(lesson, question) == expected


def test_the_worked_example_of_the_chapter():
    """L_in = 6, kernel 3, no padding, stride 1: L_out = (6 + 0 - 1*(3-1) - 1) // 1 + 1 = 4 (by hand)."""
    lesson = next(lesson for lesson in load_lessons() if "output-size" in lesson.path.name)
    assert lesson.questions[0].answer == (16, 4, 4)


GOOD = """\
number = 1

[title]
en = "T"
ko = "제목"

[body]
en = "B"
ko = "본문"

[settings]
"conv1.stride" = 1

[look]
stage = "conv1"
control = "conv1.stride"
en = "L"
ko = "보기"

[[question]]
kind = "shape"
stage = "conv1"
answer = [16, 256, 256]
en = "Q"
ko = "질문"
"""


def _write(tmp_path: Path, text: str, name: str = "01-test.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_lesson_loads(tmp_path):
    lesson = load_lesson(_write(tmp_path, GOOD))
    assert lesson.assignments() == ["conv1.stride=1"]
    assert computed_answer(lesson, lesson.questions[0]) == (16, 256, 256)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('"conv1.stride" = 1', '"conv1.strid" = 1'), 12, "conv1.strid"),  # unknown setting key
        (('"conv1.stride" = 1', '"conv1.stride" = 0'), 12, "conv1.stride"),  # value out of range
        (('ko = "제목"', 'ko = ""'), 3, "ko"),  # a language missing
        (('stage = "conv1"\ncontrol', 'stage = "conv9"\ncontrol'), 15, "conv9"),  # no such stage
        (("answer = [16, 256, 256]", 'answer = "big"'), 23, "answer"),
        (('kind = "shape"', 'kind = "colour"'), 21, "kind"),
        (("[[question]]", "[[question]"), 20, "TOML"),  # not TOML at all
    ],
)
def test_a_broken_lesson_names_the_file_and_line(tmp_path, change, line, words):
    old, new = change
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.subject == f"{path}:{line}"
    assert words in str(info.value)


def test_an_error_in_a_second_question_points_into_it(tmp_path):
    second = GOOD[GOOD.index("[[question]]") :].replace('kind = "shape"', 'kind = "size"')
    path = _write(tmp_path, GOOD + "\n" + second)  # the second question starts on line 27
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.subject == f"{path}:28"


def test_two_lessons_with_one_number_are_an_error(tmp_path):
    _write(tmp_path, GOOD, "01-a.toml")
    _write(tmp_path, GOOD, "02-b.toml")
    with pytest.raises(LessonError, match=r"01-a\.toml"):
        load_lessons(tmp_path)


# --- a step's input: a test pattern or an image ------------------------------------------------

WITH_INPUT = GOOD.replace("number = 1\n", 'number = 1\ninput = "pattern:impulse:size=32"\n', 1)


def test_a_pattern_input_is_exactly_that_pattern(tmp_path):
    lesson = load_lesson(_write(tmp_path, WITH_INPUT))
    assert lesson.input is not None and lesson.input.kind == "pattern"
    image = lesson.input.load()
    expected = np.zeros((32, 32, 3), np.float32)  # by hand: one bright pixel in the middle, row 16, column 16
    expected[16, 16] = 1.0
    assert np.array_equal(image.pixels, expected)
    assert lesson.input.shows(image) and not lesson.input.shows(None)
    assert lesson.input.label() == "test pattern impulse:size=32"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"pattern:impuls"', "unknown pattern"),
        ('"pattern:impulse:size=32,y=40"', "outside"),  # only drawing it finds this
        ('"pattern:checkerboard:period=3"', "odd"),
        ('"photo:cat.jpg"', "pattern:NAME"),
        ('"pattern:"', "pattern:NAME"),
        ("42", "pattern:NAME"),
        ('"image:missing.png"', "missing.png"),
        ('"image:notes.txt"', "not an image file"),
        ('"image:/tmp/cat.jpg"', "relative to the lesson's folder"),
    ],
)
def test_a_broken_input_names_the_file_and_line(tmp_path, value, words):
    (tmp_path / "notes.txt").write_text("not a picture", encoding="utf-8")
    path = _write(tmp_path, GOOD.replace("number = 1\n", f"number = 1\n\ninput = {value}\n", 1))
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.subject == f"{path}:3"
    assert words in str(info.value)


def test_a_teachers_image_is_found_next_to_the_lesson(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(5)
    pixels = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    (tmp_path / "pics").mkdir()
    Image.fromarray(pixels).save(tmp_path / "pics" / "mine.png")
    lesson = load_lesson(
        _write(tmp_path, GOOD.replace("number = 1\n", 'number = 1\ninput = "image:pics/mine.png"\n'))
    )
    assert lesson.input is not None and lesson.input.path == tmp_path / "pics" / "mine.png"
    image = lesson.input.load()
    assert np.array_equal(
        np.round(image.pixels * 255).astype(np.uint8), pixels
    )  # oracle: the bytes PIL wrote
    assert lesson.input.shows(image)
    # a sample image's name that is not next to the lesson: the bundled one
    lesson = load_lesson(
        _write(tmp_path, GOOD.replace("number = 1\n", 'number = 1\ninput = "image:cat.jpg"\n'))
    )
    assert lesson.input.path == asset_path("cat.jpg")


def test_an_unreadable_image_is_an_error_at_the_input_line_when_loaded(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    path = _write(tmp_path, GOOD.replace("number = 1\n", 'number = 1\ninput = "image:broken.png"\n'))
    lesson = load_lesson(path)  # it exists and is named like an image: read when the step is entered
    with pytest.raises(LessonError) as info:
        lesson.input.load()
    assert info.value.subject == f"{path}:2"


def test_a_bundled_lesson_names_a_sample_image_never_a_path(tmp_path):
    shutil.copy(asset_path("cat.jpg"), tmp_path / "cat.jpg")
    for value in (
        "image:../cat.jpg",
        "image:pics/cat.jpg",
        f"image:{tmp_path / 'cat.jpg'}",
        "image:kitten.jpg",
    ):
        path = _write(tmp_path, GOOD.replace("number = 1\n", f'number = 1\ninput = "{value}"\n'))
        with pytest.raises(LessonError, match="bundled image") as info:
            load_lesson(path, bundled=True)
        assert info.value.subject == f"{path}:2"
    path = _write(tmp_path, GOOD.replace("number = 1\n", 'number = 1\ninput = "image:cat.jpg"\n'))
    assert load_lesson(path, bundled=True).input.path == asset_path("cat.jpg")  # not the copy next to it


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_bundled_pattern_is_fed_as_it_is_drawn(path: Path):
    """A step's pattern has the step's input size, so the network sees its pixels unresampled."""
    lesson = load_lesson(path)
    if lesson.input is None or lesson.input.kind != "pattern":
        assert lesson.input is None or lesson.input.path in sample_images()
        return
    image = lesson.input.load()
    settings = lesson.apply()
    assert image.size == settings["input.size"]
    fed = prepare_input(image, settings["input.size"], settings["input.fit"])
    assert np.array_equal(fed, image.pixels.transpose(2, 0, 1))
