"""The Lessons panel: every bundled step through the window, predict then see, back to the step, undo,
a teacher's broken file, and Korean.

The oracle for what the window must show after Check is torch itself (``torch_oracle.torch_shapes``,
built from the window's own settings after entering the step, so it also proves the step was applied),
and the chapter's worked example by hand: L_out = (6 + 2·0 − 1·(3 − 1) − 1) // 1 + 1 = 4.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from torch_oracle import torch_shapes

from cnnviz.app import language
from cnnviz.app.language import switch_language
from cnnviz.app.lessons_panel import FOLDER_KEY
from cnnviz.app.spotlight import Spotlight
from cnnviz.core.lessons import lesson_files, load_lessons

LESSONS = load_lessons()
ASSETS = Path(__file__).resolve().parents[1] / "assets"


def _row(window, stage: str) -> list[str]:
    (row,) = [r for r in window.panels.summary.table.rows if r[0] == stage]
    return row


def _times(shape) -> str:
    return " × ".join(str(d) for d in shape)


def _oracle_answer(window, question):
    """What torch says the answer is, for the network the window holds now."""
    with torch.no_grad():
        oracle = torch_shapes(window.controller.settings)
    shape, params = oracle[question.stage]
    if question.kind == "shape":
        return shape, _times(shape)
    if question.kind == "params":
        return params, f"{params:,}"
    batch = torch.zeros(question.batch, *oracle["_pre_flatten"][0])
    (n,) = torch.flatten(batch).shape
    return n, f"{n:,}"


def _covered(window, question) -> bool:
    """Whether the numbers that give ``question`` away read "?" wherever the window shows them."""
    stage = question.stage
    if question.kind == "params":
        formula = window.sidebar.formula_labels.get(stage)
        counted = formula is not None and "parameters" in formula.text()  # conv layers say theirs
        return _row(window, stage)[2] == "?" and (not counted or "? parameters" in formula.text())
    chips = {name: shape for name, shape, _ in window.shape_strip.chips.chips}
    formula = window.sidebar.formula_labels.get(stage)
    derivations = window.inspector.text.toPlainText()
    return (
        window.panel(stage).shape_label.text() == "?"
        and _row(window, stage)[1] == "?"
        and chips[stage] == "?"
        and (formula is None or formula.text().splitlines()[0].endswith("= ?"))
        and (derivations == "" or "hidden until you check" in derivations)
    )


@pytest.mark.parametrize("number", [lesson.number for lesson in LESSONS])
def test_every_bundled_step_shows_what_torch_computes_after_check(make_window, number):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    index = [lesson.number for lesson in dock.lessons].index(number)
    dock.list.itemClicked.emit(dock.list.item(index))  # as a click on the list does
    lesson = dock.lesson
    assert lesson is not None and lesson.number == number
    assert dock.progress.text() == f"step {index + 1} of {len(LESSONS)}"
    assert window.controller.settings == lesson.apply()
    # the step's panel and control are outlined
    assert window.panel(lesson.look_stage).property("lessonFocus") is True
    if lesson.look_control:
        assert window.sidebar.control(lesson.look_control).property("lessonFocus") is True
    for box, question in zip(dock.questions, lesson.questions, strict=True):
        answer, typed = _oracle_answer(window, question)
        assert answer == question.answer  # torch on the window's network agrees with the lesson file
        assert _covered(window, question)
        box.input.setText(typed)
        assert box.check()
        assert box.result.text().startswith("Right: ")
        assert typed in box.result.text()
        # revealed: the window shows torch's answer where the question pointed
        if question.kind == "shape":
            assert window.panel(question.stage).shape_label.text() == typed
            assert _row(window, question.stage)[1] == typed
        elif question.kind == "params":
            assert _row(window, question.stage)[2] in (typed, "")  # a pool's 0 is an empty cell
            assert answer != 0 or _row(window, question.stage)[2] == ""
        else:
            flat = _row(window, "flatten")[1]
            assert int(flat.replace(",", "")) * question.batch == answer
    assert window.hidden == {}
    assert "?" not in window.shape_strip.text()


def test_the_chapter_worked_example_by_hand(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go([lesson.number for lesson in dock.lessons].index(9))
    l_in, k, p, s, d = 6, 3, 0, 1, 1
    l_out = (l_in + 2 * p - d * (k - 1) - 1) // s + 1
    assert l_out == 4
    (box,) = dock.questions
    assert window.stage_panel("conv1").shape_label.text() == "?"
    assert (
        window.sidebar.formula_labels["conv1"].text().splitlines()[0]
        == "H, W: ⌊(6 + 2·0 − 1·(3−1) − 1)/1 + 1⌋ = ?"
    )
    box.input.setText(f"16x{l_out}x{l_out}")
    assert box.check()
    assert box.result.text().startswith(f"Right: 16 × {l_out} × {l_out}.")
    assert "= 4" in box.result.text()
    assert window.stage_panel("conv1").shape_label.text() == f"16 × {l_out} × {l_out}"


def test_a_wrong_or_unreadable_prediction(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go(1)  # kernel size: conv1 of a 32 input, k 5 -> 16 × 28 × 28
    (box,) = dock.questions
    box.input.setText("sixteen")
    assert not box.check()
    assert box.result.property("problem") is True and "16×28×28" in box.result.text()
    assert window.stage_panel("conv1").shape_label.text() == "?"  # still covered
    # pool1's formula would give conv1's size away as its input: covered too
    assert window.sidebar.formula_labels["pool1"].text().startswith("H, W: ⌊(? + 2·0")
    assert (
        window.sidebar.formula_labels["conv1"].text().startswith("H, W: ⌊(32 + 2·0 − 1·(5−1) − 1)/1 + 1⌋ = ?")
    )
    box.input.setText("16, 30, 30")
    assert box.check()
    assert box.result.text().startswith("Not quite: you said 16 × 30 × 30; cnnviz computes 16 × 28 × 28.")
    assert window.stage_panel("conv1").shape_label.text() == "16 × 28 × 28"
    assert window.sidebar.formula_labels["pool1"].text().startswith("H, W: ⌊(28 + 2·0")


def test_show_me_reveals_without_a_prediction(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go(5)  # conv2's parameters: 16 × (8·3·3) + 16
    assert _row(window, "conv2")[2] == "?"
    dock.questions[0].give_up()
    assert f"{16 * 8 * 3 * 3 + 16:,}" in dock.questions[0].result.text()
    assert _row(window, "conv2")[2] == f"{16 * 8 * 3 * 3 + 16:,}"


def test_the_inspector_derivations_are_covered_while_a_question_is_open(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go(0)  # conv1's parameters: the derivations would print "= 448"
    assert window.inspect("conv1", 0, 1, 1)
    assert "= 448" not in window.inspector.plain
    assert "hidden until you check" in window.inspector.plain
    dock.questions[0].input.setText("448")
    dock.questions[0].check()
    assert "= 448" in window.inspector.plain


def test_leaving_the_step_or_closing_the_panel_uncovers_everything(make_window, qtbot):
    window = make_window(synchronous=True, show=True)
    dock = window.lessons_dock
    window.findChild(QAction, "action:lessons").trigger()  # View › Lessons enters the step shown
    qtbot.waitUntil(lambda: dock.state.entered)
    assert window.controller.settings == dock.lessons[0].apply()
    dock.go(1)
    panel = window.stage_panel("conv1")
    assert window.hidden and panel.shape_label.text() == "?"
    assert panel.findChildren(Spotlight)
    dock.go(5)  # another step: the first one's covers and outlines are gone
    assert panel.property("lessonFocus") is False and not [
        s for s in panel.findChildren(Spotlight) if s.isVisible()
    ]
    assert window.stage_panel("conv1").shape_label.text() != "?"
    assert _row(window, "conv2")[2] == "?"
    dock.close()  # closing the panel: nothing stays hidden or outlined
    qtbot.waitUntil(lambda: window.hidden == {})
    assert "?" not in window.shape_strip.text()
    assert all(r[2] != "?" for r in window.panels.summary.table.rows)
    assert not [w for w in window.findChildren(QWidget) if w.property("lessonFocus") is True]
    dock.show()  # back: the same step, covered again, without applying it again
    count = window.controller.undo_stack.count()
    qtbot.waitUntil(lambda: window.hidden != {})
    assert window.controller.undo_stack.count() == count and _row(window, "conv2")[2] == "?"


def test_back_to_the_step_after_changing_things_freely(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go(2)  # padding 2
    lesson = dock.lesson
    assert not dock.back_button.isEnabled() and not dock.note.isVisibleTo(dock)
    window.set_setting("conv1.padding", (0, 0))
    window.set_setting("conv1.stride", (2, 2))
    assert dock.back_button.isEnabled() and dock.note.isVisibleTo(dock)
    dock.back_button.click()
    assert window.controller.settings == lesson.apply()
    assert window.sidebar.control("conv1.padding").value() in (2, (2, 2))
    assert not dock.back_button.isEnabled()
    window.controller.undo_stack.undo()  # going back is one undoable change
    assert window.controller.settings["conv1.stride"] == (2, 2)


def test_one_step_is_one_undoable_change(make_window):
    window = make_window(synchronous=True)
    window.set_setting("conv2.out_channels", 20)
    before = window.controller.settings
    stack = window.controller.undo_stack
    count = stack.count()
    window.lessons_dock.go(3)  # stride: changes input.size, kernel, stride and padding at once
    assert stack.count() == count + 1
    assert stack.text(stack.count() - 1) == "Lesson 4: Stride: how far the filter moves"
    stack.undo()
    assert window.controller.settings == before  # the learner's own network again
    assert window.sidebar.control("conv2.out_channels").value() == 20
    stack.redo()
    assert window.controller.settings == window.lessons_dock.lesson.apply()


def test_a_teachers_folder_with_a_broken_file(make_window, tmp_path: Path):
    good = lesson_files()[1]
    shutil.copy(good, tmp_path / "01-my-kernel.toml")
    text = (
        lesson_files()[2].read_text(encoding="utf-8").replace('"conv1.padding" = 2', '"conv1.padding" = -3')
    )
    broken = tmp_path / "02-broken.toml"
    broken.write_text(text, encoding="utf-8")
    line = text.splitlines().index('"conv1.padding" = -3') + 1
    (tmp_path / "03-bad-toml.toml").write_text("number = 3\n[title\n", encoding="utf-8")
    window = make_window(synchronous=True, persist=True)
    dock = window.lessons_dock
    assert dock.open_folder(tmp_path) == 1
    errors = dock.error_label.text()
    assert f"{broken}:{line}" in errors
    assert f"{tmp_path / '03-bad-toml.toml'}:2" in errors
    assert dock.error_label.isVisibleTo(dock)
    assert dock.list.count() == 1 and dock.lesson.number == 2
    assert window.controller.settings == dock.lesson.apply()  # the good one was entered
    assert window.store.value(FOLDER_KEY) == str(tmp_path.resolve())
    again = make_window(synchronous=True, persist=True)
    assert again.lessons_dock.source.findData(str(tmp_path.resolve())) > 0
    dock.source.setCurrentIndex(0)  # back to the chapter
    assert dock.list.count() == len(LESSONS) and not dock.error_label.isVisibleTo(dock)


@pytest.fixture
def english_afterwards():
    yield
    language.install_qt_language("en")


def test_the_step_survives_a_switch_to_korean(qtbot, english_afterwards):
    from cnnviz.app import MainWindow

    window = MainWindow(
        image=Path(__file__).resolve().parents[1] / "assets" / "cat.jpg", device="cpu", synchronous=True
    )
    dock = window.lessons_dock
    dock.go(7)  # pooling: two questions
    lesson = dock.lesson
    dock.questions[0].input.setText("16x16x16")
    dock.questions[0].check()
    dock.questions[1].input.setText("12")
    count = window.controller.undo_stack.count()
    korean = switch_language(window, "ko")
    try:
        new = korean.lessons_dock
        assert new.lesson is not None and new.lesson.path == lesson.path
        assert lesson.title["ko"] in new.title.text()
        assert new.body_text.text() == " ".join(lesson.body["ko"].split())
        assert (
            lesson.questions[1].text["ko"]
            in new.questions[1].findChild(QWidget, "lesson-question-text-2").text()
        )
        assert "8" in new.progress.text() and "10" in new.progress.text()
        assert new.questions[0].revealed and not new.questions[1].revealed
        assert new.questions[1].input.text() == "12"
        assert korean.controller.undo_stack.count() == count  # not applied again
        assert _row(korean, "pool1")[2] == "?"  # the open question is still covered
        assert korean.stage_panel("pool1").shape_label.text() == "16 × 16 × 16"  # the checked one is not
    finally:
        korean.shutdown()
        korean.close()


# --- steps that choose their input --------------------------------------------------------------


def _impulse(size: int) -> np.ndarray:
    """The network's input for ``impulse:size=N``, drawn by hand: one 1.0 at the middle, in all 3 channels."""
    out = np.zeros((3, size, size), np.float32)
    out[:, size // 2, size // 2] = 1.0
    return out


def _fed(window) -> np.ndarray:
    return window.controller.last_response.result.input


def test_a_step_with_a_pattern_feeds_exactly_that_pattern(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go(0)  # the convolution on one bright pixel
    assert dock.lesson.input.spec == "impulse:size=32"
    assert np.array_equal(_fed(window), _impulse(32))
    assert window.controller.image.mode == "pattern"
    assert dock.input_label.isVisibleTo(dock) and "impulse:size=32" in dock.input_label.text()
    assert not dock.back_button.isEnabled()
    impulse = window.controller.image
    count = window.controller.undo_stack.count()
    dock.go(1)  # the same input: it stays, only the settings change
    assert window.controller.image is impulse and window.controller.undo_stack.count() == count + 1
    assert np.array_equal(_fed(window), _impulse(32))


def test_undo_of_a_step_brings_back_the_image_and_the_settings(make_window):
    window = make_window(synchronous=True)
    window.set_setting("conv2.out_channels", 20)
    before_settings = window.controller.settings
    before_image = window.controller.image
    before_bytes = before_image.pixels.tobytes()
    before_fed = _fed(window).copy()
    stack = window.controller.undo_stack
    count = stack.count()
    window.lessons_dock.go(0)
    assert stack.count() == count + 1  # settings and input: one change
    assert np.array_equal(_fed(window), _impulse(32))
    stack.undo()
    assert window.controller.settings == before_settings
    assert (
        window.controller.image.pixels.tobytes() == before_bytes and window.controller.image.name == "cat.jpg"
    )
    assert np.array_equal(_fed(window), before_fed)  # the network sees the cat again
    assert window.sidebar.control("conv2.out_channels").value() == 20
    assert window.windowTitle().startswith("cat.jpg")
    stack.redo()
    assert np.array_equal(_fed(window), _impulse(32))


def test_back_to_the_step_restores_its_input(make_window):
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    dock.go(0)
    assert window.controller.load_image(ASSETS / "coffee.jpg")  # the learner opens another picture
    assert dock.back_button.isEnabled() and dock.note.isVisibleTo(dock)
    assert "impulse:size=32" in dock.note.text()
    coffee_fed = _fed(window).copy()
    dock.back_button.click()
    assert np.array_equal(_fed(window), _impulse(32))
    assert window.controller.settings == dock.lesson.apply()
    assert not dock.back_button.isEnabled() and not dock.note.isVisibleTo(dock)
    window.controller.undo_stack.undo()  # going back is undoable: the coffee again
    assert window.controller.image.name == "coffee.jpg" and np.array_equal(_fed(window), coffee_fed)


def test_a_teachers_step_with_its_own_image_or_a_broken_input(make_window, tmp_path: Path):
    from PIL import Image

    pixels = np.random.default_rng(2).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "mine.png")
    text = lesson_files()[1].read_text(encoding="utf-8")  # kernel size, a 32 input
    text = text.replace('input = "pattern:impulse:size=32"', 'input = "image:mine.png"')
    (tmp_path / "01-mine.toml").write_text(text, encoding="utf-8")
    broken = tmp_path / "02-broken.toml"
    broken_text = text.replace("number = 2", "number = 3").replace(
        "image:mine.png", "pattern:impulse:size=32,x=99"
    )
    broken.write_text(broken_text, encoding="utf-8")
    line = broken_text.splitlines().index(
        'input = "pattern:impulse:size=32,x=99"  # what the step feeds the network'
    )
    unreadable = tmp_path / "03-unreadable.toml"
    unreadable.write_text(
        text.replace("number = 2", "number = 4").replace("mine.png", "bad.png"), encoding="utf-8"
    )
    (tmp_path / "bad.png").write_bytes(b"not a png at all")
    window = make_window(synchronous=True)
    dock = window.lessons_dock
    assert dock.open_folder(tmp_path) == 2
    assert f"{broken}:{line + 1}" in dock.error_label.text() and "outside" in dock.error_label.text()
    # the teacher's picture, next to the lesson file, is what the network sees (oracle: the bytes written)
    assert np.array_equal(np.round(_fed(window) * 255).astype(np.uint8), pixels.transpose(2, 0, 1))
    # a picture that cannot be read: said under the step with file and line; the settings still apply
    shown = window.controller.image
    dock.go(1)
    assert window.controller.image is shown
    assert window.controller.settings == dock.lesson.apply()
    assert dock.input_label.property("problem") is True
    assert f"{unreadable}:2" in dock.input_label.text()
    assert not dock.back_button.isEnabled() and not dock.note.isVisibleTo(dock)  # nothing to go back to
    dock.go(0)  # the readable one again: its picture, and no problem said
    assert np.array_equal(np.round(_fed(window) * 255).astype(np.uint8), pixels.transpose(2, 0, 1))
    assert dock.input_label.property("problem") is False


def test_the_compare_dock_covers_the_asked_shape_too(make_window):
    """Pinned before the step: the Compare dock's table would give conv1's shape away (B is the
    current result); it shows "?" until the prediction is checked, then the shapes torch gives."""
    window = make_window(synchronous=True)
    compare = window.compare_dock
    assert compare.pin()
    dock = window.lessons_dock
    dock.go(1)  # kernel size: conv1 of a 32 input, k 5 -> 16 × 28 × 28
    (box,) = dock.questions
    assert compare.row("conv1")[1:3] == ["?", "?"]
    assert "28" not in " ".join(compare.row("conv1"))
    box.input.setText("16x28x28")
    assert box.check()
    # Oracle: torch's own conv on a 32×32 input with a 5×5 kernel.
    out = torch.nn.Conv2d(3, 16, 5)(torch.zeros(1, 3, 32, 32)).shape[1:]
    assert compare.row("conv1")[2] == " × ".join(str(n) for n in out)
