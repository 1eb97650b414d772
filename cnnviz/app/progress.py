"""Progressive painting: which panels already show a stage of a request newer than the last response.

While the worker computes, each stage's tiles reach the window as soon as they
are drawn (``Controller.stage_ready``, only for the newest request). The panel
shows them at once; the other panels keep the last response's maps until their
stage arrives. :class:`Progress` remembers, per panel, which request's stage it
holds, and :func:`panel_notes` applies :func:`cnnviz.app.truth.stale_notes` to
each panel with the result it really shows: a panel already holding the newest
request's stage is current, the others stay marked "computing…" (``stale=True``).

When the response arrives every panel shows it and the record is cleared.

Stages that arrive within one frame are handed over together
(:class:`StageBatch`): a fast update (all stages within a frame) paints once, as
before, when its response arrives; a slow one paints at most once a frame while
it computes, so the GUI thread does not take the CPU from the forward pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from cnnviz.app.truth import Chain, Shown, stale_notes
from cnnviz.core.i18n import tr
from cnnviz.core.plan import Plan
from cnnviz.core.settings import Settings

FRAME_MS = 16  # one 60 Hz frame: stages arriving within it are painted together


class StageBatch(QObject):
    """Collects early stages for one frame, then hands them over in one call to ``show``."""

    shown = Signal(object)  # the batch just handed over: [(RenderRequest, StageImage)] (benchmark)

    def __init__(self, show: Callable[[list[tuple[Any, Any]]], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self._pending: dict[str, tuple[Any, Any]] = {}  # stage -> (request, image), newest kept
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.flush)

    def add(self, request: Any, image: Any) -> None:
        self._pending[image.name] = (request, image)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        batch = list(self._pending.values())
        self._pending.clear()
        if batch:
            self._show(batch)
            self.shown.emit(batch)

    def clear(self) -> None:
        """The whole response is shown (or the window closes): what waits is not needed."""
        self._timer.stop()
        self._pending.clear()


class Progress:
    """Panel name -> the result (:class:`Shown`) of the early stage it holds."""

    def __init__(self) -> None:
        self.partial: dict[str, Shown] = {}
        self._by_request: dict[int, Shown] = {}

    def stage_shown(self, name: str, request: Any) -> None:
        """Panel ``name`` now shows a stage of ``request`` (a :class:`RenderRequest`)."""
        shown = self._by_request.get(request.id)
        if shown is None:
            shown = Shown(request.plan, request.image, request.weights_version, request.device)
            self._by_request = {request.id: shown}  # one request at a time is newest
        self.partial[name] = shown

    def clear(self) -> None:
        """A whole response is shown: every panel holds it."""
        self.partial.clear()
        self._by_request.clear()


def panel_notes(
    shown: Shown | None,
    partial: dict[str, Shown],
    panels: Iterable[str],
    current_plan: Plan,
    current_settings: Settings,
    chain: Chain,
    *,
    image: object,
    weights_version: int,
    device: str,
    computing: bool,
) -> dict[str, str]:
    """Panel -> stale note, judging each panel by the result it shows (see :func:`stale_notes`)."""

    def notes_for(result: Shown | None) -> dict[str, str]:
        return stale_notes(
            result,
            current_plan,
            current_settings,
            chain,
            image=image,
            weights_version=weights_version,
            device=device,
            computing=computing,
        )

    notes = {name: note for name, note in notes_for(shown).items() if name not in partial}
    groups: dict[int, tuple[Shown, list[str]]] = {}
    for name, result in partial.items():
        groups.setdefault(id(result), (result, []))[1].append(name)
    for result, names in groups.values():
        group_notes = notes_for(result)
        for name in names:
            if name in group_notes:
                notes[name] = group_notes[name]
    if computing and chain.broken_at is None:
        # A panel new to this structure (more blocks) holds nothing yet.
        known = {"input", "fc", *partial}
        if shown is not None:
            known.update(s.name for s in shown.plan.report.stages)
        for name in panels:
            if name not in known and name not in notes:
                notes[name] = tr("computing the current settings…")
    return notes
