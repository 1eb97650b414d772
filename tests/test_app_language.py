"""The window's language: the start-up choice, View › Language without losing state, the font notice."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QWidget

from cnnviz.app import language
from cnnviz.app.language import resolve, stored_choice, switch_language
from cnnviz.core import fonts
from cnnviz.core.edits import KernelEdits
from cnnviz.core.i18n import LANG_ENV, LOCALE_ENVS

ASSETS = Path(__file__).resolve().parents[1] / "assets"


@pytest.fixture
def english_locale(monkeypatch):
    """No CNNVIZ_LANG, an English system locale; Qt's translator back to English afterwards."""
    for name in (LANG_ENV, *LOCALE_ENVS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    yield
    language.install_qt_language("en")


def _windows(qtbot, made):
    def build(**kwargs):
        from cnnviz.app import MainWindow

        window = MainWindow(device="cpu", synchronous=True, **kwargs)
        made.append(window)
        return window

    return build


@pytest.fixture
def build(qtbot):
    made: list = []
    yield _windows(qtbot, made)
    for window in made:
        try:
            if not window.handed_over:
                window.shutdown()
                window.close()
        except RuntimeError:  # deleted after a switch
            pass


@pytest.mark.parametrize(
    ("stored", "flag", "env", "expected"),
    [
        ("ko", "en", {"CNNVIZ_LANG": "ko"}, "en"),  # --lang first
        ("ko", None, {"CNNVIZ_LANG": "en"}, "en"),  # then CNNVIZ_LANG
        ("ko", None, {"LANG": "en_US.UTF-8"}, "ko"),  # then the remembered choice
        ("en", None, {"LANG": "ko_KR.UTF-8"}, "en"),
        ("system", None, {"LANG": "ko_KR.UTF-8"}, "ko"),  # then the system locale
        ("system", None, {"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_the_start_language(stored, flag, env, expected):
    assert resolve(stored, flag, env) == expected


@pytest.mark.parametrize("junk", [None, 3, "", "fr", "ko\x00", b"ko"])
def test_a_remembered_choice_is_read_defensively(junk):
    assert stored_choice(junk) == "system"


def test_qt_loads_the_packaged_translation_and_back(qapp, english_locale):
    from PySide6.QtCore import QCoreApplication

    assert language.install_qt_language("ko")
    assert QCoreApplication.translate("cnnviz", "stride") == "간격"
    assert language.install_qt_language("en")
    assert QCoreApplication.translate("cnnviz", "stride") == "stride"


def _state(window):
    c = window.controller
    return (
        c.settings,
        c.image,
        c.view,
        c.edits,
        c.undo_stack.count(),
        c.undo_stack.index(),
        window.inspector.selected,
        window.zoom_index,
    )


def test_switching_to_korean_and_back_keeps_everything(qtbot, build, english_locale):
    window = build(image=ASSETS / "cat.jpg", persist=True)
    qtbot.waitUntil(lambda: window.controller.last_response is not None)
    window.set_setting("conv1.stride", 2)
    window.set_setting("conv1.out_channels", 6)
    window.controller.with_view(norm="stage")
    kernel = np.arange(27, dtype=np.float32).reshape(3, 3, 3) / 27
    window.controller.set_edits(KernelEdits().set("conv1", 1, kernel, 0.5))
    window.step_zoom(1)
    qtbot.waitUntil(lambda: window.controller.is_current(window.controller.last_response))
    assert window.inspect("conv1", 1, 2, 3)
    before = _state(window)
    controller = window.controller
    assert window.findChild(QMenu, "menu:language") is not None

    korean = switch_language(window, "ko")
    assert korean is not window and korean.controller is controller
    assert _state(korean) == before
    assert korean.menuBar().actions()[0].text() == "파일(&F)"
    assert [a.isChecked() for a in korean.language_menu.actions()] == [False, False, True]
    # the sidebar shows the same values, and the undo history still undoes the last change
    assert korean.sidebar.control("conv1.stride").value() in (2, (2, 2))
    stack = korean.controller.undo_stack
    stack.undo()  # the kernel edit
    assert len(korean.controller.edits) == 0
    stack.undo()  # conv1.out_channels 16 → 6
    assert korean.controller.settings["conv1.out_channels"] == 16
    stack.redo()
    stack.redo()
    assert korean.controller.settings["conv1.out_channels"] == 6 and len(korean.controller.edits) == 1
    qtbot.waitUntil(lambda: korean.controller.is_current(korean.controller.last_response))

    english = switch_language(korean, "en")
    assert english.controller is controller
    assert _state(english) == before
    assert english.menuBar().actions()[0].text() == "&File"


def test_the_choice_survives_a_new_window(qtbot, build, english_locale):
    window = build(image=ASSETS / "cat.jpg", persist=True)
    korean = switch_language(window, "ko")
    korean.close()
    language.install_qt_language("en")
    again = build(image=ASSETS / "cat.jpg", persist=True)
    assert language.qt_language() == "ko"
    assert again.menuBar().actions()[0].text() == "파일(&F)"
    assert [a.isChecked() for a in again.language_menu.actions()] == [False, False, True]
    system = switch_language(again, "system")  # the locale is English
    assert system.menuBar().actions()[0].text() == "&File"
    system.close()
    language.install_qt_language("en")
    last = build(image=ASSETS / "cat.jpg", persist=True)
    assert language.qt_language() == "en"
    assert [a.isChecked() for a in last.language_menu.actions()] == [True, False, False]


def test_no_hangul_font_is_said_once_in_both_languages(qtbot, build, english_locale, monkeypatch):
    monkeypatch.setattr(fonts, "has_hangul_font", lambda: False)
    monkeypatch.setattr(fonts, "_noticed", False)
    window = build(image=ASSETS / "cat.jpg", persist=True)
    assert window.message_bar.findChildren(QLabel) is not None
    korean = switch_language(window, "ko")
    texts = [m for m in _messages(korean) if "fonts-noto-cjk" in m]
    assert len(texts) == 1
    assert "no font with Hangul" in texts[0] and "한글 글꼴" in texts[0]
    english = switch_language(korean, "en")
    again = switch_language(english, "ko")
    assert not [m for m in _messages(again) if "fonts-noto-cjk" in m]  # once per run


def _messages(window) -> list[str]:
    return [label.text() for label in window.message_bar.findChildren(QLabel) if label.text()]


_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def test_every_sidebar_control_has_a_tooltip_naming_its_torch_argument(qtbot, build, english_locale):
    language.install_qt_language("ko")
    window = build(image=None)
    from cnnviz.core.settings import TABLE

    for key, row in TABLE.items():
        control = window.sidebar.control(key)
        tip = control.toolTip() or control.editor.toolTip()
        assert re.search("[가-힣]", tip), key
        if row.layer.startswith(("conv", "pool")) and row.name != "type":
            assert row.torch_name in tip, key


def _visible_texts(window) -> list[tuple[str, str]]:
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        for what, text in (
            ("tooltip", widget.toolTip()),
            ("label", widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""),
            ("group", widget.title() if isinstance(widget, QGroupBox) else ""),
        ):
            if text:
                found.append((f"{type(widget).__name__}:{widget.objectName()}:{what}", text))
    for menu in window.menuBar().findChildren(QMenu):
        found.append((f"menu:{menu.objectName()}", menu.title()))
        for action in menu.actions():
            found += [(f"action:{action.objectName()}", action.text())]
            if action.toolTip() != action.text().replace("&", ""):
                found.append((f"action-tip:{action.objectName()}", action.toolTip()))
    return found


def _identifiers_of_cnnviz() -> set[str]:
    """Words that are names, not English: settings' keys, names and values, colormaps, patterns, stages."""
    from cnnviz.core import render, resources
    from cnnviz.core.patterns import PATTERNS
    from cnnviz.core.plan import make_plan
    from cnnviz.core.settings import TABLE, Settings

    words: set[str] = set()
    for row in TABLE.values():
        words |= {row.layer, row.name, *row.choices}
        words |= {str(row.default)} if isinstance(row.default, str) else set()
    words |= {render.cmap_label(c) for c in render.SEQUENTIAL_CMAPS + render.DIVERGING_CMAPS} | set(PATTERNS)
    words |= {s.name for s in make_plan(Settings()).report.stages}
    words |= {"cpu", "cuda", "mps"}  # devices
    words |= set(re.findall(r"[A-Za-z]+", Path(resources.DEFAULT_WEIGHTS).stem))  # the bundled weights' file name
    return words


# Names and units that stay as they are in Korean text (the textbook writes them so too).
ALLOWED = {
    "PyTorch", "torch", "torchvision", "Resize", "CenterCrop",  # library and function names
    "ReLU", "softmax", "conv", "pool", "avg",  # the layers' own names
    "Grad", "CAM",  # Grad-CAM, a method's name
    "PNG", "NPZ", "cnnviz",  # file formats and the program's name
    "Ctrl", "Enter", "fps",  # keys and a unit
    "English",  # View › Language names each language in its own words
}  # fmt: skip


def _english_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>|&\w+;|&(?=\w)", " ", text)  # markup, entities, menu accelerators
    plain = re.sub(r"\S*/\S*", " ", plain)  # paths
    plain = re.sub(r"[A-Za-z_]\w*(?:\.\w+)+|\w+\[\w+\]|\b\w*_\w*\b|'[^']*'", " ", plain)  # identifiers
    return re.findall(r"\b[A-Za-z]{3,}\b", plain)


def test_the_english_word_finder_finds_words():
    assert _english_words("<b>conv1.stride</b> 간격 Stride of the window") == ["Stride", "the", "window"]
    assert _english_words("weight[channel] 'same' padding_mode /home/x/cat.jpg 내보내기(&E)") == []


def test_the_korean_window_shows_no_english_word(qtbot, build, english_locale):
    """Labels, buttons, menus, tooltips and group titles of the window and its docks, in Korean."""
    assert language.install_qt_language("ko")
    window = build(image=ASSETS / "cat.jpg")
    window.resize(1500, 950)
    window.show()
    for dock in (window.inspector, window.kernel_dock, window.compare_dock):
        dock.show()
    qtbot.waitUntil(lambda: window.controller.last_response is not None)
    allowed = ALLOWED | _identifiers_of_cnnviz()
    texts = _visible_texts(window)
    assert len(texts) > 150  # the finder saw the window
    left = sorted({(where, w) for where, text in texts for w in _english_words(text) if w not in allowed})
    assert left == [], left
