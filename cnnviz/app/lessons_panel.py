"""The Lessons panel (View › Lessons, Ctrl+L): the chapter, one short step per idea, predict then see.

A step is a lesson file (:mod:`cnnviz.core.lessons`). Entering one:

* applies its settings, and the input it names (a test pattern or an image), through
  the controller as one undoable change (``Controller.set_settings(..., image=...)``:
  Ctrl+Z goes back to the network and the image before it);
* outlines the panel and the sidebar control it is about (:class:`~.spotlight.Spotlight`)
  and scrolls both into view;
* asks its questions. While a question is open, the numbers that would give its
  answer away are covered with "?" (``MainWindow.set_hidden``: the shape strip,
  the network table, the sidebar's formulas, the panels' shape labels and the
  inspector's derivations). Check says right or wrong with cnnviz's own answer
  and how it comes about, then shows the numbers again.

The learner may change anything meanwhile; "Back to the step" applies the step's
settings and input again (undoable too). Leaving the step, closing the panel or hiding it
takes every outline and cover away. A teacher's folder of lesson files is opened
with "Open Lesson Folder…" (remembered in QSettings): a broken file is listed
with the core's message naming its file and line, the others load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cnnviz.app import language
from cnnviz.app.qt_utils import signals_blocked
from cnnviz.app.spotlight import Spotlight
from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import tr
from cnnviz.core.images import LoadedImage
from cnnviz.core.lessons import (
    Lesson,
    LessonError,
    Question,
    Verdict,
    answer_text,
    check_answer,
    computed_answer,
    explain_answer,
    hidden_numbers,
    load_folder,
)
from cnnviz.core.plan import make_plan
from cnnviz.core.settings import Settings
from cnnviz.core.text import printable

if TYPE_CHECKING:
    from cnnviz.app.main_window import MainWindow

FOLDER_KEY = "lessons/folder"  # QSettings: the teacher's folder opened last


@dataclass
class StepState:
    """Where the learner is: which lessons, which step, and what was typed and checked there."""

    folder: str | None = None  # None: the chapter's lessons that ship with cnnviz
    index: int = 0
    entered: bool = False
    active: bool = False  # its outlines and covers are on the window
    answers: list[str] = field(default_factory=list)
    revealed: list[bool] = field(default_factory=list)


class QuestionBox(QFrame):
    """One question of a step: the learner's prediction, Check, then cnnviz's answer."""

    def __init__(self, lesson: Lesson, question: Question, number: int, lang: str, dock: LessonsDock) -> None:
        super().__init__()
        self.lesson = lesson
        self.question = question
        self.dock = dock
        self.revealed = False
        self.verdict: Verdict | None = None
        self.setObjectName(f"lesson-question-{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        text = QLabel(
            tr("Predict: {question}").format(question=lesson.text(question.text, lang)), wordWrap=True
        )
        text.setObjectName(f"lesson-question-text-{number}")
        layout.addWidget(text)
        row = QHBoxLayout()
        self.input = QLineEdit()
        self.input.setObjectName(f"lesson-answer-{number}")
        self.input.setPlaceholderText(
            tr("a shape, e.g. 16×28×28") if question.kind == "shape" else tr("a number, e.g. 1,168")
        )
        self.input.returnPressed.connect(self.check)
        self.check_button = QPushButton(tr("Check"))
        self.check_button.setObjectName(f"lesson-check-{number}")
        self.check_button.clicked.connect(self.check)
        self.show_button = QPushButton(tr("Show me"))
        self.show_button.setObjectName(f"lesson-show-{number}")
        self.show_button.setToolTip(tr("Show cnnviz's answer without checking a prediction"))
        self.show_button.clicked.connect(self.give_up)
        row.addWidget(self.input, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.show_button)
        layout.addLayout(row)
        self.result = QLabel(wordWrap=True)
        self.result.setObjectName(f"lesson-result-{number}")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setVisible(False)
        layout.addWidget(self.result)

    def check(self) -> bool:
        """Check the typed prediction; True when it could be read (right or wrong), then reveal."""
        try:
            verdict = check_answer(self.lesson, self.question, self.input.text())
        except CnnvizError as exc:  # not an answer at all: say what to type, keep the numbers covered
            self._say(exc.message, problem=True)
            return False
        self.verdict = verdict
        if verdict.correct:
            head = tr("Right: {answer}.").format(answer=answer_text(verdict.expected))
        else:
            head = tr("Not quite: you said {given}; cnnviz computes {answer}.").format(
                given=answer_text(verdict.given), answer=answer_text(verdict.expected)
            )
        self._say(f"{head}\n{verdict.explanation}", right=verdict.correct)
        self._reveal()
        return True

    def give_up(self) -> None:
        """Show the answer without a prediction."""
        answer = computed_answer(self.lesson, self.question)
        head = tr("cnnviz computes {answer}.").format(answer=answer_text(answer))
        self._say(f"{head}\n{explain_answer(self.lesson, self.question)}")
        self._reveal()

    def _say(self, text: str, *, problem: bool = False, right: bool | None = None) -> None:
        self.result.setText(text)
        self.result.setProperty("problem", problem)
        self.result.setProperty("verdict", "" if right is None else "right" if right else "wrong")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.setVisible(True)

    def _reveal(self) -> None:
        self.revealed = True
        self.check_button.setEnabled(False)
        self.show_button.setEnabled(False)
        self.input.setReadOnly(True)
        self.dock.update_hidden()


class LessonsDock(QDockWidget):
    """The Lessons panel of ``window`` (see the module's doc)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(tr("Lessons"), window)
        self.window_ = window
        self.controller = window.controller
        self.setObjectName("dock:lessons")
        self.lessons: list[Lesson] = []
        self.errors: list[str] = []
        self.state = StepState()
        self.active = False  # outlines and covers are on the window
        self.questions: list[QuestionBox] = []
        self.spotlights: list[Spotlight] = []
        self._scroll_pending = False
        self._stage_names: dict[Path, list[str]] = {}
        self._step_settings: dict[Path, Settings] = {}
        self._unreadable: dict[Path, str] = {}  # lesson file -> why its input could not be opened

        body = QWidget()
        body.setObjectName("lessons-body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        source_row = QHBoxLayout()
        self.source = QComboBox()
        self.source.setObjectName("lesson-source")
        self.source.addItem(tr("The chapter's lessons"), None)
        self.source.currentIndexChanged.connect(self._on_source)
        self.open_folder_action = QAction(tr("Open Lesson &Folder…"), self)
        self.open_folder_action.setObjectName("action:lesson-folder")
        self.open_folder_action.setToolTip(tr("Load a teacher's lesson files (*.toml) from a folder"))
        self.open_folder_action.triggered.connect(self.open_folder_dialog)
        folder_button = QPushButton(tr("Open Folder…"))
        folder_button.setObjectName("lesson-open-folder")
        folder_button.setToolTip(self.open_folder_action.toolTip())
        folder_button.clicked.connect(self.open_folder_dialog)
        source_row.addWidget(self.source, 1)
        source_row.addWidget(folder_button)
        layout.addLayout(source_row)
        self.error_label = QLabel(wordWrap=True)
        self.error_label.setObjectName("lesson-errors")
        self.error_label.setProperty("problem", True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        self.list = QListWidget()
        self.list.setObjectName("lesson-list")
        self.list.setMaximumHeight(150)
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemClicked.connect(lambda item: self._on_row(self.list.row(item)))  # the current one too
        layout.addWidget(self.list)

        nav = QHBoxLayout()
        self.previous_button = QPushButton(tr("← Previous"))
        self.previous_button.setObjectName("lesson-previous")
        self.previous_button.clicked.connect(lambda: self.go(self.state.index - 1))
        self.progress = QLabel()
        self.progress.setObjectName("lesson-progress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton(tr("Next →"))
        self.next_button.setObjectName("lesson-next")
        self.next_button.clicked.connect(lambda: self.go(self.state.index + 1))
        nav.addWidget(self.previous_button)
        nav.addWidget(self.progress, 1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)

        step = QWidget()
        step.setObjectName("lesson-step")
        self.step_layout = QVBoxLayout(step)
        self.step_layout.setContentsMargins(0, 0, 0, 0)
        self.step_layout.setSpacing(8)
        self.title = QLabel(wordWrap=True)
        self.title.setObjectName("lesson-title")
        self.body_text = QLabel(wordWrap=True)
        self.body_text.setObjectName("lesson-body")
        self.body_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.look = QLabel(wordWrap=True)
        self.look.setObjectName("lesson-look")
        self.look.setProperty("formula", True)
        self.input_label = QLabel(wordWrap=True)
        self.input_label.setObjectName("lesson-input")
        self.input_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.input_label.setVisible(False)
        self.step_layout.addWidget(self.title)
        self.step_layout.addWidget(self.body_text)
        self.step_layout.addWidget(self.look)
        self.step_layout.addWidget(self.input_label)
        self.question_layout = QVBoxLayout()
        self.question_layout.setSpacing(6)
        self.step_layout.addLayout(self.question_layout)
        self.note = QLabel(wordWrap=True)
        self.note.setObjectName("lesson-note")
        self.note.setProperty("muted", True)
        self.note.setVisible(False)
        self.step_layout.addWidget(self.note)
        self.back_button = QPushButton(tr("Back to the Step"))
        self.back_button.setObjectName("lesson-back")
        self.back_button.setToolTip(tr("Apply this step's settings and input again (undoable with Ctrl+Z)"))
        self.back_button.clicked.connect(self.back_to_step)
        self.step_layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.step_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("lesson-scroll")
        scroll.setWidget(step)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(scroll, 1)
        self.setWidget(body)

        toggle = self.toggleViewAction()
        toggle.setShortcut(QKeySequence("Ctrl+L"))
        toggle.setObjectName("action:lessons")
        # Opened by the learner (not restored with the window's layout): enter the step shown.
        toggle.triggered.connect(
            lambda checked: checked and not self.state.entered and self.go(self.state.index)
        )
        self.visibilityChanged.connect(self._on_visibility)
        self.controller.settings_changed.connect(lambda _: self._update_back())
        self.controller.plan_changed.connect(lambda _: self._update_back())
        self.controller.image_changed.connect(lambda _: self._update_back())
        window.rendered.connect(lambda _: self._refocus())

        remembered = window.store.value(FOLDER_KEY)
        if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
            self.source.addItem(printable(Path(remembered).name), remembered)
        self._load(None)
        self._show_step()

    # Loading -------------------------------------------------------------------------------------
    def _load(self, folder: str | None) -> None:
        """Read the lessons of ``folder`` (None: the bundled ones); list them and the broken files."""
        loaded = load_folder(Path(folder) if folder is not None else None)
        self._step_settings.clear()  # a teacher may have edited the files since
        self._unreadable.clear()
        self._stage_names.clear()
        self.lessons = list(loaded.lessons)
        self.errors = [str(e) for e in loaded.errors]
        self.state.folder = folder
        self.error_label.setText("\n".join(printable(e, 400) for e in self.errors))
        self.error_label.setVisible(bool(self.errors))
        lang = language.qt_language()
        with signals_blocked(self.list):
            self.list.clear()
            for lesson in self.lessons:
                self.list.addItem(f"{lesson.number}. {lesson.text(lesson.title, lang)}")

    def open_folder_dialog(self) -> None:
        start = self.window_.store.value(FOLDER_KEY)
        folder = QFileDialog.getExistingDirectory(
            self,
            tr("Open Lesson Folder"),
            start if isinstance(start, str) and start else self.window_.last_dir,
        )
        if folder:
            self.open_folder(folder)

    def open_folder(self, folder: str | Path) -> int:
        """Load a teacher's lessons from ``folder`` and enter the first; returns how many loaded."""
        folder = str(Path(folder).resolve())
        self.window_.store.set_value(FOLDER_KEY, folder)
        index = self.source.findData(folder)
        if index < 0:
            self.source.addItem(printable(Path(folder).name), folder)
            index = self.source.count() - 1
        self.source.setItemData(index, folder, Qt.ItemDataRole.ToolTipRole)
        self.show()
        if self.source.currentIndex() == index:
            self._on_source(index)
        else:
            self.source.setCurrentIndex(index)
        return len(self.lessons)

    def _on_source(self, index: int) -> None:
        self.leave()
        self._load(self.source.itemData(index))
        self.state.entered = False
        if self.lessons and not self.isHidden():
            self.go(0)
        else:
            self._show_step()

    # Steps -------------------------------------------------------------------------------------------
    def step_settings(self, lesson: Lesson) -> Settings:
        """The settings a step puts the network in (read once per file)."""
        if lesson.path not in self._step_settings:
            self._step_settings[lesson.path] = lesson.apply()
        return self._step_settings[lesson.path]

    @property
    def lesson(self) -> Lesson | None:
        return self.lessons[self.state.index] if 0 <= self.state.index < len(self.lessons) else None

    def _on_row(self, row: int) -> None:
        if row >= 0 and (row != self.state.index or not self.state.entered):
            self.go(row)

    def go(self, index: int, *, apply: bool = True) -> bool:
        """Enter step ``index``: its settings (one undoable change), outlines, covered numbers."""
        if not 0 <= index < len(self.lessons):
            return False
        self.leave()
        self.state.index = index
        self.state.entered = True
        self.state.answers, self.state.revealed = [], []
        lesson = self.lessons[index]
        self._show_step()
        if apply:
            self.controller.set_settings(
                self.step_settings(lesson),
                text=tr("Lesson {n}: {title}").format(
                    n=lesson.number, title=lesson.text(lesson.title, language.qt_language())
                ),
                image=self.step_image(lesson),
            )
        self.activate()
        return True

    def back_to_step(self) -> None:
        """The step's settings again, after the learner changed things freely (undoable)."""
        lesson = self.lesson
        if lesson is None:
            return
        self.controller.set_settings(
            self.step_settings(lesson),
            text=tr("Back to lesson {n}").format(n=lesson.number),
            image=self.step_image(lesson),
        )
        self.activate()

    def step_image(self, lesson: Lesson) -> LoadedImage | None:
        """The image the step feeds, or None when it names none or the window already shows it.

        A file that cannot be read is said under the step (file and line) and the step's
        settings still apply to the image that is open."""
        if lesson.input is None or lesson.input.shows(self.controller.image):
            return None
        try:
            image = lesson.input.load()
        except LessonError as exc:
            self._unreadable[lesson.path] = str(exc)
            self._show_input(lesson)
            return None
        if self._unreadable.pop(lesson.path, None) is not None:
            self._show_input(lesson)
        return image

    def _show_step(self) -> None:
        """The step's texts in the window's language, and its questions."""
        for box in self.questions:
            box.setParent(None)
            box.deleteLater()
        self.questions = []
        lesson = self.lesson
        count = len(self.lessons)
        self.previous_button.setEnabled(lesson is not None and self.state.index > 0)
        self.next_button.setEnabled(lesson is not None and self.state.index < count - 1)
        if lesson is None:
            self.progress.setText(tr("no lessons") if not count else "")
            for label in (self.title, self.body_text, self.look):
                label.setText("")
            self.input_label.setVisible(False)
            self.back_button.setEnabled(False)
            return
        lang = language.qt_language()
        self.progress.setText(tr("step {n} of {count}").format(n=self.state.index + 1, count=count))
        with signals_blocked(self.list):
            self.list.setCurrentRow(self.state.index)
        self.title.setText(
            "<b>"
            + tr("Lesson {n}: {title}").format(n=lesson.number, title=_html(lesson.text(lesson.title, lang)))
            + "</b>"
        )
        self.body_text.setText(" ".join(lesson.text(lesson.body, lang).split()))
        where = lesson.look_stage + (f" · {lesson.look_control}" if lesson.look_control else "")
        self.look.setText(
            tr("Look at {where}: {text}").format(where=where, text=lesson.text(lesson.look, lang))
        )
        self._show_input(lesson)
        for n, question in enumerate(lesson.questions, 1):
            box = QuestionBox(lesson, question, n, lang, self)
            self.question_layout.addWidget(box)
            self.questions.append(box)
        self._update_back()

    def _show_input(self, lesson: Lesson) -> None:
        """The step's input under its text, and why it could not be opened if so."""
        if lesson.input is None:
            self.input_label.setVisible(False)
            return
        problem = self._unreadable.get(lesson.path)
        text = tr("Input: {input}").format(input=printable(lesson.input.label()))
        if problem is not None:
            text += "\n" + tr("It could not be opened: {reason}").format(reason=printable(problem, 400))
        self.input_label.setText(text)
        self.input_label.setProperty("problem", problem is not None)
        self.input_label.style().unpolish(self.input_label)
        self.input_label.style().polish(self.input_label)
        self.input_label.setVisible(True)

    # Outlines and covers -------------------------------------------------------------------------------
    def activate(self) -> None:
        """Put the step's outlines and covers on the window and bring its panel and control into view."""
        lesson = self.lesson
        if lesson is None or not self.state.entered:
            return
        self.active = True
        self._release_spotlights()
        self._scroll_pending = True
        self._refocus()
        self.update_hidden()

    def leave(self) -> None:
        """Take every outline and cover off the window (leaving the step, hiding the panel)."""
        self.active = False
        self._release_spotlights()
        self.window_.set_hidden({})

    def _release_spotlights(self) -> None:
        for spot in self.spotlights:
            spot.release()
        self.spotlights = []

    def _refocus(self) -> None:
        """Outline the step's panel and control (again, when the panel was rebuilt) and scroll to them."""
        lesson = self.lesson
        if not self.active or lesson is None:
            return
        w = self.window_
        targets: list[QWidget] = []
        panel = w.panels.panels.get(lesson.look_stage)
        if panel is not None:
            targets.append(panel)
        if lesson.look_control is not None:
            targets.append(w.sidebar.control(lesson.look_control))
        alive = [s for s in self.spotlights if _alive(s)]
        if [s.target for s in alive] != targets:
            self._release_spotlights()
            self.spotlights = [Spotlight(t) for t in targets]
        if self._scroll_pending:
            if lesson.look_control is not None:
                self._scroll_to_control(lesson.look_control)
            if panel is not None:
                w.panels.ensureWidgetVisible(panel, 20, 20)
                self._scroll_pending = w.controller.last_response is None or not w.controller.is_current(
                    w.controller.last_response
                )

    def _scroll_to_control(self, key: str) -> None:
        w = self.window_
        w.dock.show()
        layer = key.split(".")[0]
        section = w.sidebar.sections.get(
            f"block{layer[4:]}" if layer.startswith(("conv", "pool")) else "input"
        )
        if section is not None and not section.is_expanded():
            section.set_expanded(True)
        scroll = w.dock.widget()
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(w.sidebar.control(key), 10, 40)

    def update_hidden(self) -> None:
        """Cover the numbers of every open question of the step (nothing when inactive)."""
        lesson = self.lesson
        if not self.active or lesson is None:
            self.window_.set_hidden({})
            return
        names = self._stage_names.get(lesson.path)
        if names is None:
            names = make_plan(self.step_settings(lesson), keep_previous=False).stage_names()
            self._stage_names[lesson.path] = names
        hidden: dict[str, frozenset[str]] = {}
        for box in self.questions:
            if not box.revealed:
                for stage, what in hidden_numbers(box.question, names).items():
                    hidden[stage] = hidden.get(stage, frozenset()) | what
        self.window_.set_hidden(hidden)
        self._update_back()

    def _update_back(self) -> None:
        lesson = self.lesson
        entered = lesson is not None and self.state.entered
        network_away = entered and self.controller.settings != self.step_settings(lesson)
        input_away = (
            entered
            and lesson.input is not None
            and lesson.path not in self._unreadable  # said under the step; nothing to go back to
            and not lesson.input.shows(self.controller.image)
        )
        away = network_away or input_away
        self.back_button.setEnabled(away)
        if network_away:
            note = tr(
                "You changed the network: the questions are about this step's. Back to the Step shows it again."
            )
        elif input_away:
            note = tr(
                "You changed the input: this step shows {input}. Back to the Step shows it again."
            ).format(input=printable(lesson.input.label()))
        else:
            note = ""
        self.note.setText(note)
        self.note.setVisible(away)

    def _on_visibility(self, visible: bool) -> None:
        if not visible:
            self.leave()
        elif self.state.entered:
            self.activate()

    # Language switch -----------------------------------------------------------------------------------
    def snapshot(self) -> StepState:
        """What a rebuilt window's panel needs to go on where this one is."""
        return StepState(
            folder=self.state.folder,
            index=self.state.index,
            entered=self.state.entered,
            active=self.active,
            answers=[box.input.text() for box in self.questions],
            revealed=[box.revealed for box in self.questions],
        )

    def take_over(self, state: StepState) -> None:
        """Go on from ``state`` (a language switch): the same lessons and step, in the new language,
        without applying the step's settings again; typed answers stay, checked ones are checked again."""
        if state.folder is not None:
            index = self.source.findData(state.folder)
            if index < 0:
                self.source.addItem(printable(Path(state.folder).name), state.folder)
                index = self.source.count() - 1
            with signals_blocked(self.source):
                self.source.setCurrentIndex(index)
            self._load(state.folder)
        self.state.index = min(state.index, max(0, len(self.lessons) - 1))
        self.state.entered = state.entered
        self._show_step()
        for box, text, revealed in zip(self.questions, state.answers, state.revealed, strict=False):
            box.input.setText(text)
            if revealed and not box.check():
                box.give_up()
        if self.state.entered and state.active:
            self.activate()


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
