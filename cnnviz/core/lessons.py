"""Lessons that follow the textbook chapter, one TOML file each (``cnnviz/lessons/NN-name.toml``).

A lesson is data, not code, so a teacher can write a new one. Each file holds::

    number = 3
    input = "pattern:impulse:size=32"              (optional: what the step feeds the network)
    [title]        en = "...", ko = "..."
    [body]         en = "...", ko = "..."        (what the idea is)
    [settings]     "conv1.padding" = 2 ...         (--set keys, applied to the textbook network)
    [look]         stage = "conv1", control = "conv1.padding", en = "...", ko = "..."
    [[question]]   en = "...", ko = "...", kind = "shape" | "params" | "flatten_all",
                   stage = "conv1", answer = [16, 32, 32]   (and batch = 4 for flatten_all)

``kind = "shape"`` asks for a stage's output shape (C, H, W); ``"params"`` for
its number of parameters (weights + bias); ``"flatten_all"`` for the length of
``torch.flatten(x)`` on a batch of ``batch`` inputs (the textbook's slip: without
``start_dim=1`` the batch is flattened too). :func:`computed_answer` gives the
network's own answer, so a learner predicts first and then sees it; the tests
check the stored answers against torch.

``input`` is ``pattern:NAME[:ARGS]`` (a generated test input, written as the CLI's
``--pattern`` takes it) or ``image:FILE``: a bundled sample image by name (``image:cat.jpg``);
a teacher's lesson may also name an image file relative to its own folder. A bundled lesson
never names a path. :class:`LessonInput` loads it.

A broken file is a :class:`LessonError` naming the file and line. Pure Python: no torch, no Qt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import LANGUAGES, current_language, tr

if TYPE_CHECKING:
    from cnnviz.core.images import LoadedImage

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

QUESTION_KINDS = ("shape", "params", "flatten_all")
FILE_PATTERN = re.compile(r"^(\d{2})-[a-z0-9-]+\.toml$")


class LessonError(CnnvizError):
    """A lesson file that cannot be used; the subject is ``file:line``."""


@dataclass(frozen=True)
class Question:
    """Something to predict before seeing it."""

    text: Mapping[str, str]  # language -> question
    kind: str  # one of QUESTION_KINDS
    stage: str  # the stage it is about ("conv1", "pool2", "fc", ...)
    answer: tuple[int, ...] | int
    batch: int = 1  # flatten_all only


@dataclass(frozen=True)
class LessonInput:
    """What a step feeds the network: a test pattern or an image file."""

    kind: str  # INPUT_KINDS: "pattern" or "image"
    spec: str  # the pattern as written after "pattern:", or the image's name as written after "image:"
    path: Path | None  # the image file (None for a pattern)
    where: str  # "file:line" of the ``input`` key, the subject of an error while loading it
    canonical: str = ""  # a pattern's canonical name (what :func:`make_pattern` names its image)

    def label(self) -> str:
        """How the panel and the terminal name it: ``test pattern impulse:size=32``, ``image cat.jpg``."""
        if self.kind == "pattern":
            return tr("test pattern {name}").format(name=self.spec)
        return tr("image {name}").format(name=self.spec)

    def load(self) -> LoadedImage:
        """The :class:`~cnnviz.core.images.LoadedImage` to feed; a file that cannot be read is a
        :class:`LessonError` naming the lesson's file and line (and why)."""
        from cnnviz.core.images import load_image
        from cnnviz.core.patterns import make_pattern

        try:
            if self.kind == "pattern":
                return make_pattern(self.spec)
            return load_image(self.path if self.path is not None else self.spec)
        except CnnvizError as exc:
            raise LessonError(str(exc), subject=self.where) from None

    def shows(self, image: LoadedImage | None) -> bool:
        """Whether ``image`` (a LoadedImage or None) is this input."""
        if image is None:
            return False
        if self.kind == "pattern":
            return bool(image.mode == "pattern" and image.name == self.canonical)
        if image.path is None or self.path is None:
            return False
        try:
            return bool(Path(image.path).resolve() == self.path.resolve())
        except OSError:
            return False


INPUT_KINDS = ("pattern", "image")


@dataclass(frozen=True)
class Lesson:
    """One step of the chapter: an idea, the network state that shows it, and a question."""

    number: int
    path: Path
    title: Mapping[str, str]
    body: Mapping[str, str]
    settings: Mapping[str, str]  # --set key -> value as written on the command line
    look_stage: str
    look_control: str | None
    look: Mapping[str, str]
    questions: tuple[Question, ...]
    input: LessonInput | None = None  # what the step feeds the network (None: whatever is open)

    def text(self, field: Mapping[str, str], lang: str | None = None) -> str:
        """``field`` in ``lang`` (default: the installed language), English if missing."""
        lang = lang or current_language()
        return field.get(lang) or field["en"]

    def assignments(self) -> list[str]:
        """The settings as ``KEY=VALUE`` strings (what ``--set`` takes)."""
        return [f"{key}={value}" for key, value in self.settings.items()]

    def apply(self) -> Any:
        """The :class:`~cnnviz.core.settings.Settings` of this lesson (textbook network + its changes)."""
        from cnnviz.core.settings import Settings

        return Settings.from_assignments(self.assignments())


def _line_of(text: str, key: str, start: int = 1) -> int:
    """The 1-based line, from line ``start`` on, where ``key`` (a key or a table header) is written.

    ``start`` (the table the key belongs to) when it is not written there.
    """
    pattern = re.compile(rf'^\s*(\[+\s*{re.escape(key)}\s*\]+|"?{re.escape(key)}"?\s*=)')
    for i, line in enumerate(text.splitlines(), 1):
        if i >= start and pattern.match(line):
            return i
    return start


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


class _Reader:
    """Checks one file's data, raising errors that name the file and line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, message: str, key: str, start: int = 1) -> LessonError:
        """An error at ``key``'s line, searched from line ``start`` (the table it is in)."""
        return LessonError(message, subject=f"{self.path}:{_line_of(self.text, key, start)}")

    def table_lines(self, header: str) -> list[int]:
        """The lines of every ``[header]`` / ``[[header]]`` in the file, in order."""
        pattern = re.compile(rf"^\s*\[+\s*{re.escape(header)}\s*\]+")
        return [i for i, line in enumerate(self.text.splitlines(), 1) if pattern.match(line)]

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(tr("the lesson needs a [{key}] table").format(key=key), key)
        return value

    def words(self, data: Mapping[str, Any], key: str) -> dict[str, str]:
        table = self.table(data, key)
        out = {}
        for lang in LANGUAGES:
            value = table.get(lang)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(
                    tr("[{key}] needs the text in every language: {lang} is missing").format(
                        key=key, lang=lang
                    ),
                    key,
                )
            out[lang] = value.strip()
        return out


def _bundled_images() -> dict[str, Path]:
    from cnnviz.core.resources import sample_images

    return {p.name: p for p in sample_images()}


def _is_bundled_lesson(path: Path) -> bool:
    try:
        return path.resolve().parent == lessons_folder().resolve()
    except OSError:
        return False


def _read_input(r: _Reader, value: Any, bundled: bool) -> LessonInput:
    """The ``input`` key: ``pattern:NAME[:ARGS]`` or ``image:FILE`` (see the module's doc)."""
    from cnnviz.core.images import IMAGE_SUFFIXES
    from cnnviz.core.patterns import canonical_name, pattern_array

    where = f"{r.path}:{_line_of(r.text, 'input')}"
    kind, _, spec = value.partition(":") if isinstance(value, str) else ("", "", "")
    kind, spec = kind.strip().lower(), spec.strip()
    if kind not in INPUT_KINDS or not spec:
        message = tr('input must be "pattern:NAME[:ARGS]" (e.g. pattern:impulse:size=32) or "image:FILE"')
        raise r.fail(message, "input")
    if kind == "pattern":
        try:
            pattern_array(spec)  # the arguments, and what only drawing finds (an impulse off the image)
            canonical = canonical_name(spec)
        except CnnvizError as exc:
            raise r.fail(str(exc), "input") from None
        return LessonInput("pattern", spec, None, where, canonical)
    images = _bundled_images()
    if bundled:  # a lesson that ships with cnnviz names a sample image, never a path
        if spec not in images:
            message = tr("no bundled image '{name}'; the bundled images are {names}").format(
                name=spec, names=", ".join(sorted(images)) or "-"
            )
            raise r.fail(message, "input")
        return LessonInput("image", spec, images[spec], where)
    if Path(spec).is_absolute():
        raise r.fail(
            tr("write the image's path relative to the lesson's folder, not '{name}'").format(name=spec),
            "input",
        )
    path = r.path.parent / spec
    if not path.is_file():
        if spec in images:  # a sample image's name: the bundled one
            return LessonInput("image", spec, images[spec], where)
        message = tr("no image '{name}' in the lesson's folder ({folder}) and no bundled image of that name")
        raise r.fail(message.format(name=spec, folder=r.path.parent), "input")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        message = tr("'{name}' is not an image file; cnnviz reads {suffixes}").format(
            name=spec, suffixes=" ".join(IMAGE_SUFFIXES)
        )
        raise r.fail(message, "input")
    return LessonInput("image", spec, path, where)


def load_lesson(path: str | Path, *, bundled: bool | None = None) -> Lesson:
    """Read and check one lesson file; raises :class:`LessonError` naming the file and line.

    ``bundled`` (default: whether the file is in cnnviz's own lessons folder) makes ``image:``
    inputs name a bundled sample image only."""
    from cnnviz.core.errors import SettingError, SettingsErrors
    from cnnviz.core.settings import Settings

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(
            tr("could not read the file: {reason}").format(reason=exc), subject=str(path)
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        where = f"{path}:{line}" if line else str(path)
        raise LessonError(tr("not a valid TOML file: {reason}").format(reason=exc), subject=where) from None
    r = _Reader(path, text)
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise r.fail(tr("'number' must be a whole number from 1"), "number")
    lesson_input = None
    if "input" in data:
        lesson_input = _read_input(r, data["input"], _is_bundled_lesson(path) if bundled is None else bundled)
    settings = (
        {str(k): _value_text(v) for k, v in r.table(data, "settings").items()} if "settings" in data else {}
    )
    try:
        Settings.from_assignments([f"{k}={v}" for k, v in settings.items()])
    except SettingsErrors as exc:
        raise r.fail(exc.problems[0].message, exc.problems[0].key) from None
    except SettingError as exc:
        raise r.fail(str(exc), exc.key) from None
    look = r.table(data, "look")
    look_stage = look.get("stage")
    if not isinstance(look_stage, str):
        raise r.fail(tr('[look] needs the stage to look at, e.g. stage = "conv1"'), "look")
    control = look.get("control")
    if control is not None and (not isinstance(control, str) or control not in Settings.textbook()):
        raise r.fail(tr("unknown setting '{key}'").format(key=control), "control")
    raw_questions = data.get("question")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise r.fail(tr("the lesson needs at least one [[question]]"), "question")
    questions = []
    starts = r.table_lines("question")
    for n, raw in enumerate(raw_questions):
        start = starts[n] if n < len(starts) else 1  # errors point into this question's table
        kind = raw.get("kind")
        if kind not in QUESTION_KINDS:
            message = tr("question kind must be one of: {kinds}").format(kinds=", ".join(QUESTION_KINDS))
            raise r.fail(message, "kind", start)
        answer = raw.get("answer")
        if kind == "shape":
            ok = isinstance(answer, list) and answer and all(isinstance(a, int) for a in answer)
            answer = tuple(answer) if ok else None
        else:
            ok = isinstance(answer, int) and not isinstance(answer, bool)
        if not ok:
            message = tr("the answer must be a shape such as [16, 4, 4] or a whole number")
            raise r.fail(message, "answer", start)
        stage = raw.get("stage")
        if not isinstance(stage, str):
            raise r.fail(tr("a question needs the stage it is about"), "stage", start)
        text_words = {lang: raw.get(lang) for lang in LANGUAGES}
        if not all(isinstance(t, str) and t.strip() for t in text_words.values()):
            raise r.fail(tr("a question needs its text in every language (en, ko)"), "question", start)
        batch = raw.get("batch", 1)
        if not isinstance(batch, int) or batch < 1:
            raise r.fail(tr("'batch' must be a whole number from 1"), "batch", start)
        questions.append(Question({k: v.strip() for k, v in text_words.items()}, kind, stage, answer, batch))
    from cnnviz.core.plan import make_plan

    lesson_settings = Settings.from_assignments([f"{k}={v}" for k, v in settings.items()])
    plan = make_plan(lesson_settings, keep_previous=False)
    if not plan.ok:
        problem = plan.problems[0]
        raise r.fail(str(problem), problem.key)
    names = plan.stage_names()
    look_line = (r.table_lines("look") or [1])[0]
    checks = [(look_stage, ["input", *names], look_line)]
    checks += [(q.stage, names, starts[n] if n < len(starts) else 1) for n, q in enumerate(questions)]
    for stage, allowed, start in checks:
        if stage not in allowed:
            message = tr("no stage '{stage}' in this network; it has {stages}").format(
                stage=stage, stages=", ".join(names)
            )
            raise r.fail(message, "stage", start)
    return Lesson(
        number=number,
        path=path,
        title=r.words(data, "title"),
        body=r.words(data, "body"),
        settings=settings,
        look_stage=look_stage,
        look_control=control,
        look=r.words(data, "look"),
        questions=tuple(questions),
        input=lesson_input,
    )


def lessons_folder() -> Path:
    """The folder of the lessons that ship with cnnviz."""
    root = resources.files("cnnviz") / "lessons"
    return Path(str(root))


def lesson_files(folder: Path | None = None) -> list[Path]:
    """The lesson files of ``folder`` (default: the bundled ones), in chapter order."""
    folder = folder or lessons_folder()
    return sorted(p for p in folder.glob("*.toml") if FILE_PATTERN.match(p.name))


def load_lessons(folder: Path | None = None) -> list[Lesson]:
    """Every lesson in chapter order; two files with one number are an error."""
    lessons = [load_lesson(p) for p in lesson_files(folder)]
    seen: dict[int, Path] = {}
    for lesson in lessons:
        if lesson.number in seen:
            raise LessonError(
                tr("lesson {n} is also in {other}").format(n=lesson.number, other=seen[lesson.number].name),
                subject=f"{lesson.path}:{_line_of(lesson.path.read_text(encoding='utf-8'), 'number')}",
            )
        seen[lesson.number] = lesson.path
    return sorted(lessons, key=lambda lesson: lesson.number)


def computed_answer(lesson: Lesson, question: Question) -> tuple[int, ...] | int:
    """What cnnviz's own shape arithmetic says the answer is (to show after the prediction)."""
    from cnnviz.core.plan import make_plan

    plan = make_plan(lesson.apply(), keep_previous=False)
    plan.raise_problems()
    stage = plan.report.stage(question.stage)
    if question.kind == "shape":
        return tuple(stage.shape)
    if question.kind == "params":
        return int(stage.params)
    return int(stage.values) * question.batch


# Lessons in the window: loading a teacher's folder, predict-then-see ---------------------------------

HIDE_SHAPE = "shape"  # a stage's output shape (and MACs, which are weights × H·W)
HIDE_PARAMS = "params"  # a stage's parameter count (and MACs, which are weights × H·W)


@dataclass(frozen=True)
class Folder:
    """The lessons of one folder that could be read, and one error (file and line) per file that could not."""

    lessons: tuple[Lesson, ...]
    errors: tuple[LessonError, ...]


def load_folder(folder: Path | None = None) -> Folder:
    """Every readable lesson of ``folder`` (default: the bundled ones) in chapter order; a broken
    file, or a second file with a number already taken, is an error and the others still load."""
    good: list[Lesson] = []
    errors: list[LessonError] = []
    seen: dict[int, Path] = {}
    try:
        files = lesson_files(folder)
    except OSError as exc:
        return Folder(
            (),
            (LessonError(tr("could not read the folder: {reason}").format(reason=exc), subject=str(folder)),),
        )
    if not files:
        message = tr("no lesson files here: a lesson is named like 01-convolution.toml")
        errors.append(LessonError(message, subject=str(folder)))
    for path in files:
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            errors.append(exc)
            continue
        if lesson.number in seen:
            errors.append(
                LessonError(
                    tr("lesson {n} is also in {other}").format(
                        n=lesson.number, other=seen[lesson.number].name
                    ),
                    subject=f"{path}:{_line_of(path.read_text(encoding='utf-8'), 'number')}",
                )
            )
            continue
        seen[lesson.number] = path
        good.append(lesson)
    return Folder(tuple(sorted(good, key=lambda lesson: lesson.number)), tuple(errors))


def answer_text(answer: tuple[int, ...] | int) -> str:
    """An answer as the window and the terminal write it: ``16 × 28 × 28`` or ``1,168``."""
    from cnnviz.core.text import shape_text

    return shape_text(answer) if isinstance(answer, tuple) else f"{answer:,}"


_SHAPE_TEXT = re.compile(r"^[\s\d×xX*,;()\[\]]*$")
_NUMBER_TEXT = re.compile(r"^\d{1,3}([,_' ]\d{3})+$|^\d+$")


def parse_answer(question: Question, text: str) -> tuple[int, ...] | int:
    """A learner's typed prediction: ``16×28×28``, ``16 x 28 x 28``, ``(16, 28, 28)`` for a shape;
    ``1168`` or ``1,168`` for a number. Anything else is a :class:`LessonError` saying what to type."""
    text = text.strip()
    if question.kind == "shape":
        numbers = re.findall(r"\d+", text)
        if not text or not _SHAPE_TEXT.match(text) or not numbers:
            raise LessonError(tr("type a shape: the sizes with × or commas between them, such as 16×28×28"))
        return tuple(int(n) for n in numbers)
    if not _NUMBER_TEXT.match(text):
        raise LessonError(tr("type a whole number, such as 1168 or 1,168"))
    return int(re.sub(r"\D", "", text))


@dataclass(frozen=True)
class Verdict:
    """A checked prediction: whether it was right, cnnviz's own answer, and how that answer comes about."""

    correct: bool
    given: tuple[int, ...] | int
    expected: tuple[int, ...] | int
    explanation: str


def explain_answer(lesson: Lesson, question: Question) -> str:
    """How cnnviz's answer to ``question`` comes about, with the lesson's numbers plugged in."""
    from cnnviz.core.derive import derivations
    from cnnviz.core.plan import make_plan

    plan = make_plan(lesson.apply(), keep_previous=False)
    plan.raise_problems()
    report = plan.report
    found = {(d.stage, d.what): d.formula for d in derivations(report)}
    names = [s.name for s in report.stages]
    stage = report.stage(question.stage)
    before = (
        report.stages[names.index(stage.name) - 1].shape if names.index(stage.name) else report.input_shape
    )
    if question.kind == "params":
        formula = found.get((stage.name, tr("parameters")))
        if formula is None:
            return tr("{stage} has no weights to learn: 0 parameters").format(stage=stage.name)
        return tr("weights + one bias per output: {formula}").format(formula=formula)
    if question.kind == "flatten_all":
        dims = " × ".join(str(d) for d in (question.batch, *before))
        return tr(
            "torch.flatten(x) also flattens the batch: {dims} = {n:,}; torch.flatten(x, 1) keeps it"
        ).format(dims=dims, n=computed_answer(lesson, question))
    if stage.kind == "flatten":
        return tr("one vector of every value: {formula}").format(formula=found[(stage.name, tr("features"))])
    if stage.kind == "fc":
        return tr("one score per class: {n}").format(n=stage.shape[0])
    if stage.arithmetic is None:
        from cnnviz.core.text import shape_text

        return tr("{stage} keeps the shape of what it receives: {shape}").format(
            stage=stage.name, shape=shape_text(before)
        )
    h, w = stage.arithmetic
    sizes = f"H, W: {h.formula()}" if h.formula() == w.formula() else f"H: {h.formula()}; W: {w.formula()}"
    channels = (
        tr("{c} channels, one per filter").format(c=stage.shape[0])
        if stage.kind == "conv"
        else tr("{c} channels, pooled one by one").format(c=stage.shape[0])
    )
    return f"{channels}; {sizes}"


def check_answer(lesson: Lesson, question: Question, text: str) -> Verdict:
    """The learner's ``text`` against cnnviz's answer; a text that is no answer is a :class:`LessonError`."""
    given = parse_answer(question, text)
    expected = computed_answer(lesson, question)
    return Verdict(given == expected, given, expected, explain_answer(lesson, question))


def hidden_numbers(question: Question, stage_names: list[str]) -> dict[str, frozenset[str]]:
    """Stage -> what to cover while ``question`` is open: the numbers that would give its answer away.

    A shape is given away by its stage and by every later one (relu1 has conv1's shape; pool1's
    shape and the MACs lead back to it); a parameter count by its stage's count and MACs.
    """
    if question.kind == "params":
        return {question.stage: frozenset({HIDE_PARAMS})}
    start = stage_names.index(question.stage) if question.stage in stage_names else len(stage_names)
    return {name: frozenset({HIDE_SHAPE}) for name in stage_names[start:]}
