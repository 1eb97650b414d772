"""The app's state and the update cycle, with no widgets in it.

The cycle of one change (each step is a method below):

1. A control was edited: ``set_text`` (typed text, read by the very parser the
   command line's ``--set`` uses) or ``set_value`` (a value a control already
   holds). A bad value becomes a problem on that control and nothing else
   changes: the settings keep their last good value.
2. A new immutable ``Settings`` goes on the undo stack; ``_replan`` makes one
   validated :class:`~cnnviz.core.plan.Plan` (input size, spec, shapes, memory
   budget, weights fit) and ``plan_changed`` hands it, with the problems to
   show, to every view at once.
3. If the plan is fine, ``_submit`` captures a frozen request (the plan, image,
   view, weights, device, the tile sizes the panels will draw — a pure function
   of the plan and the view's geometry — and the start time) and hands it to
   the worker, which executes the plan as is.
4. While the worker computes, each stage's tiles come back as soon as they
   are drawn (``stage_ready``, only for the newest request), so the window
   paints progressively; panels not yet computed stay marked "computing".
   The worker's response comes back on the GUI thread (``_on_finished``); it is
   dropped if a newer one is already shown, else ``result_ready`` is emitted and
   the panels draw it. The window then emits ``rendered`` with the latency.

Errors the user caused become ``message`` signals that name their topic
("image", "weights", …): a later success of the same kind clears them
(``message_cleared``). Anything else is logged with its traceback and reported
as "something went wrong"; the last good result stays on screen.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from cnnviz.app import layout
from cnnviz.app.worker import RenderRequest, RenderResponse, RenderWorker
from cnnviz.core.edits import KernelEdits
from cnnviz.core.engine import resolve_device
from cnnviz.core.errors import CnnvizError, SettingError, SettingsErrors
from cnnviz.core.i18n import tr
from cnnviz.core.images import LoadedImage, load_image
from cnnviz.core.patterns import make_pattern
from cnnviz.core.plan import Plan, make_plan
from cnnviz.core.session import Session, load_session, save_session
from cnnviz.core.settings import TABLE, Settings, format_value, setting
from cnnviz.core.view import ViewOptions
from cnnviz.core.weights import RESERVED_METADATA, WeightsFile, read_weights, save_weights

log = logging.getLogger(__name__)

DEFAULT_VIEWPORT_WIDTH = 1100  # until the window says how wide its panels view is


@dataclass(frozen=True)
class PlanUpdate:
    """What the views show of the current settings, handed over in one piece."""

    settings: Settings
    plan: Plan
    problems: dict[str, str]  # setting key -> message, where the learner should see it
    # A request for this plan is sent right after (``request_submitted`` follows): views that
    # mark what is being computed can wait for it rather than mark everything twice.
    request_follows: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems


class _SettingsCommand(QUndoCommand):
    """One settings change on the undo stack (a drag of one control merges into one)."""

    MERGE_ID = 1

    def __init__(
        self, controller: Controller, before: Settings, after: Settings, key: str | None, text: str
    ) -> None:
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after
        self.key = key

    def id(self) -> int:
        return self.MERGE_ID if self.key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SettingsCommand) or other.key != self.key or self.key is None:
            return False
        self.after = other.after
        self.setText(describe_change(self.key, self.before, self.after))
        return True

    def redo(self) -> None:
        self.controller._apply_settings(self.after, echo=not self.controller._pushing)

    def undo(self) -> None:
        self.controller._apply_settings(self.before, echo=True)


class _EditsCommand(QUndoCommand):
    """One change of the learner's kernels on the same undo stack as the settings."""

    def __init__(self, controller: Controller, before: KernelEdits, after: KernelEdits, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.controller._apply_edits(self.after)

    def undo(self) -> None:
        self.controller._apply_edits(self.before)


class _InputCommand(QUndoCommand):
    """The image and the settings changed together (a lesson step that chooses its input):
    undo brings back both, the image first so that the network is planned once for the pair."""

    def __init__(
        self,
        controller: Controller,
        before: tuple[Settings, LoadedImage | None],
        after: tuple[Settings, LoadedImage | None],
        text: str,
    ) -> None:
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.controller._apply_input(*self.after)

    def undo(self) -> None:
        self.controller._apply_input(*self.before)


def describe_edits(before: KernelEdits, after: KernelEdits) -> str:
    """``kernel conv1 ch 0`` (one channel changed) or ``kernels: 3 channels``."""
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if len(changed) == 1:
        layer, channel = changed[0]
        if changed[0] not in after:
            return tr("reset kernel {layer} ch {channel}").format(layer=layer, channel=channel)
        return tr("kernel {layer} ch {channel}").format(layer=layer, channel=channel)
    if not after:
        return tr("reset all kernels")
    return tr("kernels: {n} channels").format(n=len(changed))


def describe_change(key: str | None, before: Settings, after: Settings) -> str:
    """``conv1.stride 2 → 1`` (one setting) or ``3 settings`` (several)."""
    if key is not None and before[key] != after[key]:
        kind = TABLE[key].kind
        return f"{key} {format_value(kind, before[key])} → {format_value(kind, after[key])}"
    changed = [k for k in TABLE if before[k] != after[k]]
    if len(changed) == 1:
        return describe_change(changed[0], before, after)
    return tr("{n} settings").format(n=len(changed))


def _is_bundled(path: str | Path) -> bool:
    """Whether ``path`` is the bundled trained weights file."""
    from cnnviz.core.resources import default_weights

    bundled = default_weights()
    try:
        return bundled is not None and Path(path).resolve() == bundled.resolve()
    except OSError:
        return False


class Controller(QObject):
    """Holds settings, image, view, weights and device; drives the worker."""

    settings_changed = Signal(object)  # Settings: controls should show these values
    plan_changed = Signal(object)  # PlanUpdate: strip, sidebar, table and panels' marks follow
    image_changed = Signal(object)  # LoadedImage
    view_changed = Signal(object)  # ViewOptions
    result_ready = Signal(object)  # RenderResponse, newest first-come
    stage_ready = Signal(object, object)  # RenderRequest, StageImage: a stage of the newest request, early
    message = Signal(str, str, str)  # level ("info", "warning", "error"), text, topic
    message_cleared = Signal(str)  # topic: its cause was fixed or the same kind of action succeeded
    busy_changed = Signal(bool)
    device_changed = Signal(str)
    weights_changed = Signal(str)  # a description of the weights in use
    edits_changed = Signal(object)  # KernelEdits: the kernel editor marks edited channels
    request_submitted = Signal(object)  # RenderRequest (for the window's "computing" marks and tests)

    def __init__(
        self, device: str = "auto", parent: QObject | None = None, *, synchronous: bool = False
    ) -> None:
        super().__init__(parent)
        # The worker thread runs Python between torch calls; with the default
        # 5 ms GIL switch interval the GUI thread could wait that long for a
        # turn. 1 ms keeps the event loop responsive while maps are computed
        # (measured with `cnnviz bench`: last change shown 30 -> 18 ms).
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        resolve_device(device)  # a name that is no device at all fails here, not in the worker
        self.settings = Settings()
        self.view = ViewOptions()
        self.image: LoadedImage | None = None
        self.initial_device = device
        self.device = device
        self.weights: WeightsFile | None = None
        self._weights_label: tuple[WeightsFile, str] | None = None  # set_weights' name for those weights
        self.weights_version = 0
        self.edits = KernelEdits()  # the learner's kernels, laid over the weights (core.edits)
        self.viewport_width = DEFAULT_VIEWPORT_WIDTH
        self.zoom = 1.0
        self.device_pixel_ratio = 1.0
        self.tile_sizes: dict[str, tuple[int, int]] = {}
        self.value_problems: dict[str, SettingError] = {}
        self.last_edited = ""
        self.last_response: RenderResponse | None = None
        self.plan: Plan = make_plan(self.settings)
        self.undo_stack = QUndoStack(self)
        self._pushing = False
        self._next_id = 1
        self._shown_id = 0
        self._failed_id = 0
        self.requests_submitted = 0
        self.worker = RenderWorker(device, synchronous=synchronous)
        self.worker.finished.connect(self._on_finished)
        self.worker.stage_ready.connect(self._on_stage)
        self.worker.failed.connect(self._on_failed)
        self.worker.busy.connect(self.busy_changed)

    def shutdown(self) -> None:
        """Stop the worker and let go of every result (a closed window keeps no maps)."""
        self.worker.shutdown()
        self.last_response = None

    # Settings -----------------------------------------------------------------------
    def set_text(self, key: str, text: str, *, started: float | None = None) -> bool:
        """Text typed into a control: read exactly as ``--set KEY=TEXT`` is. False if refused."""
        self.last_edited = key
        try:
            value = setting(key).parse(text)
        except SettingError as exc:
            self.value_problems[key] = exc
            self._publish()
            return False
        return self.set_value(key, value, started=started)

    def set_value(self, key: str, value: Any, *, started: float | None = None) -> bool:
        """A control now holds ``value``. Returns False when the value itself is wrong."""
        self.last_edited = key
        try:
            checked = setting(key).check(value)
        except SettingError as exc:
            self.value_problems[key] = exc
            self._publish()
            return False
        self.value_problems.pop(key, None)
        if checked == self.settings[key]:
            self._publish()
            return True
        after = self.settings.replace({key: checked})
        self._push(after, key, describe_change(key, self.settings, after), started)
        return True

    def set_settings(
        self,
        settings: Settings,
        *,
        started: float | None = None,
        text: str | None = None,
        image: LoadedImage | None = None,
    ) -> None:
        """Replace every setting (a session, a weights file, reset): undoable, controls follow.

        With ``image`` (a lesson step's input) the image changes too, in the same undoable
        change: Ctrl+Z brings back the previous settings and the previous image together."""
        self.value_problems.clear()
        if image is not None and image is not self.image:
            self._started = started if started is not None else time.perf_counter()
            self.undo_stack.push(
                _InputCommand(
                    self,
                    (self.settings, self.image),
                    (settings, image),
                    text or tr("Open {name}").format(name=image.name),
                )
            )
            return
        if settings == self.settings:
            self.settings_changed.emit(self.settings)
            self._replan(started, force=True)
            return
        self._push(settings, None, text or describe_change(None, self.settings, settings), started, echo=True)

    def reset(self) -> None:
        """Back to the textbook network on the device cnnviz started with (undoable)."""
        if self.device != self.initial_device:
            self.set_device(self.initial_device)
        self.set_settings(Settings(), text=tr("Reset to the textbook network"))

    def _push(
        self, after: Settings, key: str | None, text: str, started: float | None, *, echo: bool = False
    ) -> None:
        self._started = started if started is not None else time.perf_counter()
        self._pushing = not echo
        try:
            self.undo_stack.push(_SettingsCommand(self, self.settings, after, key, text))
        finally:
            self._pushing = False

    def _apply_settings(self, settings: Settings, *, echo: bool) -> None:
        """The one place settings change (redo, undo, push)."""
        started = getattr(self, "_started", None) or time.perf_counter()
        self._started = None
        self.settings = settings
        if echo:
            self.value_problems.clear()
            self.settings_changed.emit(settings)
        self._replan(started)

    def _replan(self, started: float | None = None, *, force: bool = False) -> None:
        image_size = self.image.size if self.image is not None else None
        weights = self.weights.tensors if self.weights is not None else None
        self.plan = make_plan(self.settings, image_size, weights=weights)
        self._publish(request_follows=self.image is not None and self.valid)
        self._submit(started)

    def problems(self) -> dict[str, str]:
        """Setting key -> message. A problem that the last edited setting takes
        part in is shown on that setting's control, where the learner is looking."""
        out: dict[str, str] = {}
        for p in self.plan.problems:
            key = self.last_edited if self.last_edited in p.related else p.key
            out.setdefault(key, p.message)
        out.update({k: e.message for k, e in self.value_problems.items()})
        return out

    def _publish(self, *, request_follows: bool = False) -> None:
        self.plan_changed.emit(PlanUpdate(self.settings, self.plan, self.problems(), request_follows))

    @property
    def valid(self) -> bool:
        return self.plan.ok and not self.value_problems

    # Requests ---------------------------------------------------------------------
    def _stage_tile_sizes(self, plan: Plan) -> dict[str, tuple[int, int]]:
        stages = [(s.name, s.kind, s.shape) for s in plan.report.stages]
        return layout.tile_sizes(stages, self.viewport_width, self.zoom, self.device_pixel_ratio)

    def _submit(self, started: float | None = None) -> int | None:
        if self.image is None or not self.valid:
            return None
        self.tile_sizes = self._stage_tile_sizes(self.plan)
        request = RenderRequest(
            id=self._next_id,
            plan=self.plan,
            image=self.image,
            view=self.view,
            weights=self.weights,
            weights_version=self.weights_version,
            device=self.device,
            edits=self.edits,
            tile_sizes=dict(self.tile_sizes),
            started=started if started is not None else time.perf_counter(),
        )
        self._next_id += 1
        self.requests_submitted += 1
        self.request_submitted.emit(request)
        self.worker.submit(request)
        return request.id

    def refresh(self) -> int | None:
        """Run the current state again."""
        return self._submit()

    @property
    def latest_request_id(self) -> int:
        return self._next_id - 1

    @property
    def shown_request_id(self) -> int:
        """The id of the request whose result the panels show (0: none yet)."""
        return self._shown_id

    @property
    def latest_failed(self) -> bool:
        """Whether the newest request ended in an error (so nothing is being computed)."""
        return self._failed_id == self.latest_request_id

    def is_current(self, response: RenderResponse | None) -> bool:
        """Whether ``response`` shows the current settings, image, weights and device."""
        if response is None or not self.valid:
            return False
        request = response.request
        return (
            request.plan.settings == self.settings
            and request.image is self.image
            and request.weights_version == self.weights_version
        )

    def _on_finished(self, response: RenderResponse) -> None:
        if response.request.id <= self._shown_id:
            return  # an older result arrived after a newer one was shown
        self._shown_id = response.request.id
        self.last_response = response
        self.message_cleared.emit("compute")
        for note in response.notes:
            self.message.emit("warning", note, "device")
        if response.inactive_edits:
            self.message.emit(
                "info",
                tr("Kept, but not used by this network: {edits}").format(
                    edits="; ".join(response.inactive_edits)
                ),
                "edits",
            )
        else:
            self.message_cleared.emit("edits")
        if response.result.device != self.device and self.device != "auto":
            self.device = response.result.device
            self.device_changed.emit(self.device)
        self.result_ready.emit(response)

    def _on_stage(self, request: RenderRequest, image: Any) -> None:
        """A stage of a request drawn before its response: only the newest request's is passed on."""
        if request.id != self.latest_request_id or request.id <= self._shown_id:
            return
        self.stage_ready.emit(request, image)

    def _on_failed(self, request: RenderRequest, exc: BaseException) -> None:
        if request.id <= self._shown_id:
            return
        self._failed_id = request.id
        if isinstance(exc, (SettingError, SettingsErrors)):
            problems = exc.problems if isinstance(exc, SettingsErrors) else [exc]
            for p in problems:
                self.value_problems[p.key] = p
            self._publish()
            self.message.emit("error", str(problems[0]), "compute")
        elif isinstance(exc, CnnvizError):
            self.message.emit("error", str(exc), "compute")
        else:
            self.message.emit(
                "error",
                tr(
                    "Something went wrong while computing the maps ({kind}: {text}). The last good result "
                    "stays on screen; details are in the log."
                ).format(kind=type(exc).__name__, text=str(exc)[:200]),
                "compute",
            )

    # Image ---------------------------------------------------------------------------
    def load_image(self, path: str | Path) -> bool:
        """Open an image file; on failure the previous image stays and a message says why."""
        try:
            image = load_image(path)
        except CnnvizError as exc:
            self.message.emit("error", str(exc), "image")
            return False
        self.set_image(image)
        return True

    def set_image(self, image: LoadedImage) -> None:
        self._take_image(image)
        self._replan()

    def _take_image(self, image: LoadedImage | None) -> None:
        """The image changes (the network is planned again by the caller)."""
        self.image = image
        if image is None:  # an undo back to before any image was open
            self.image_changed.emit(image)
            return
        self.message_cleared.emit("image")
        self.image_changed.emit(image)
        for note in image.notes:
            self.message.emit("info", f"{image.name}: {note}", "image")

    def _apply_input(self, settings: Settings, image: LoadedImage | None) -> None:
        """The one place image and settings change together (redo and undo of a lesson step)."""
        self._take_image(image)
        self._apply_settings(settings, echo=True)

    def load_pattern(self, text: str) -> bool:
        """Feed the test pattern ``text`` (``checkerboard:period=8``); bad text changes nothing."""
        try:
            image = make_pattern(text)
        except CnnvizError as exc:
            self.message.emit("error", str(exc), "image")
            return False
        self.set_image(image)
        return True

    # Kernel edits ------------------------------------------------------------------------
    def set_edits(self, edits: KernelEdits, *, text: str | None = None) -> None:
        """Use these kernel edits from now on (undoable): the maps are computed again with them."""
        if edits == self.edits:
            return
        self.undo_stack.push(
            _EditsCommand(self, self.edits, edits, text or describe_edits(self.edits, edits))
        )

    def _apply_edits(self, edits: KernelEdits) -> None:
        """The one place kernel edits change (redo, undo, push)."""
        if edits == self.edits:
            return
        self.edits = edits
        self.weights_version += 1  # what the maps were computed with changed: older ones are stale
        self.edits_changed.emit(edits)
        self._replan()

    # View -------------------------------------------------------------------------------
    def set_view(self, view: ViewOptions) -> None:
        """Change colormaps/normalisation; only a normalisation change needs the worker."""
        old = self.view
        self.view = view
        self.view_changed.emit(view)
        # render_key holds all a stage's tiles depend on (its range mode, and the
        # fixed range when it uses one); colours alone are swapped in the panels.
        stages = set(old.overrides) | set(view.overrides) | {s.name for s in self.plan.report.stages}
        if any(old.render_key(s) != view.render_key(s) for s in stages):
            self._submit()

    def with_view(self, **changes: Any) -> None:
        self.set_view(replace(self.view, **changes))

    def set_geometry(self, viewport_width: int, zoom: float, device_pixel_ratio: float = 1.0) -> None:
        """The panels view's width or zoom changed: redraw only if a tile size changed."""
        if (viewport_width, zoom, device_pixel_ratio) == (
            self.viewport_width,
            self.zoom,
            self.device_pixel_ratio,
        ):
            return
        self.viewport_width, self.zoom, self.device_pixel_ratio = viewport_width, zoom, device_pixel_ratio
        if self.valid and self._stage_tile_sizes(self.plan) != self.tile_sizes:
            self._submit()

    # Device ------------------------------------------------------------------------------
    def set_device(self, device: str) -> bool:
        """Use ``device`` from now on; a name that is not a device is refused with a message."""
        if device == self.device:
            return True
        try:
            resolve_device(device)
        except CnnvizError as exc:
            self.message.emit("error", str(exc), "device")
            return False
        self.device = device
        self.message_cleared.emit("device")
        self.device_changed.emit(device)
        self._submit()
        return True

    # Weights -----------------------------------------------------------------------------
    def load_weights(self, path: str | Path) -> bool:
        """Load weights (and the settings saved with them); a bad file changes nothing."""
        try:
            weights = read_weights(path)
            settings = self.settings
            if weights.settings is not None:
                # The file's network; how the image is fed stays as the user has it.
                settings = weights.settings.replace({"input.fit": self.settings["input.fit"]})
            image_size = self.image.size if self.image is not None else None
            plan = make_plan(settings, image_size, weights=weights.tensors)
            plan.raise_problems()
            if plan.weights_mismatch:
                raise CnnvizError(
                    tr("these weights do not fit the network:") + "\n  " + "\n  ".join(plan.weights_mismatch),
                    subject=str(path),
                )
        except CnnvizError as exc:
            self.message.emit("error", str(exc), "weights")
            return False
        self.weights = weights
        self.weights_version += 1
        self.message_cleared.emit("weights")
        self.weights_changed.emit(Path(path).name)
        self.message.emit("info", tr("Loaded weights from {name}").format(name=Path(path).name), "weights")
        if settings != self.settings:
            self.set_settings(settings, text=tr("Settings of {name}").format(name=Path(path).name))
        else:
            self._replan()
        return True

    def save_weights(self, path: str | Path) -> bool:
        if self.last_response is None:
            self.message.emit("error", tr("Nothing to save yet: the network has not run."), "weights")
            return False
        import torch

        result = self.last_response.result
        params = {k: torch.from_numpy(v.copy()) for k, v in result.weights.items()}
        settings = result.settings
        if settings.choice("input.fit") == "native":
            # The network ran at the image's own size, not input.size: store that size, or the file would
            # describe a network these weights do not fit (and that may not even build).
            _, height, width = result.report.input_shape
            settings = settings.replace({"input.size": (height, width)})
        try:
            save_weights(path, params, settings, edits=self.edits)
        except CnnvizError as exc:
            self.message.emit("error", str(exc), "weights")
            return False
        self.message.emit("info", tr("Saved weights to {path}").format(path=path), "weights")
        return True

    def set_weights(self, weights: WeightsFile | None, *, name: str | None = None) -> None:
        """Use weights read before (a pinned comparison's A) or made in memory (the Train panel's,
        called ``name`` wherever the window says where its weights come from); ``None``: seeded."""
        self.weights = weights
        self.weights_version += 1
        self._weights_label = (weights, name) if weights is not None and name else None
        self.weights_changed.emit(self.weights_name or tr("seeded default"))
        self._replan()

    def use_bundled_weights(self, *, quiet: bool = False) -> bool:
        """Use the bundled trained weights; layers the current settings reshape stay seeded."""
        from cnnviz.core.resources import default_weights

        path = default_weights()
        try:
            if path is None:
                raise CnnvizError(tr("the bundled trained weights are not installed"))
            weights = read_weights(path)
        except CnnvizError as exc:
            if not quiet:
                self.message.emit("error", str(exc), "weights")
            return False
        self.weights = weights
        self.weights_version += 1
        self.message_cleared.emit("weights")
        self.weights_changed.emit(tr("{name} (trained)").format(name=path.name))
        self._replan()
        return True

    @property
    def weights_name(self) -> str | None:
        """The file the weights in use came from (None: the seeded default)."""
        if self.weights is None:
            return None
        label = self._weights_label
        if label is not None and label[0] is self.weights:
            return label[1]
        return self.weights.path.name if self.weights.path is not None else tr("weights in memory")

    def reset_weights(self) -> None:
        self.weights = None
        self.weights_version += 1
        self.weights_changed.emit(tr("seeded default"))
        self._replan()

    # Sessions ------------------------------------------------------------------------------
    def session(self) -> Session:
        pattern = self.image is not None and self.image.mode == "pattern"
        return Session(
            settings=self.settings,
            view=self.view,
            image=self.image.path if self.image is not None and not pattern else None,
            device=self.device,
            weights=self.weights.path if self.weights is not None else None,
            pattern=self.image.name if self.image is not None and pattern else None,
            kernel_edits=self.edits,
        )

    def save_session(self, path: str | Path) -> bool:
        """Write the session; weights that exist only in memory (trained in the window) are written
        beside it first (``<name>.weights.safetensors``, never over a file that is there) and named in it."""
        session = self.session()
        sidecar: Path | None = None
        try:
            if self.weights is not None and self.weights.path is None:
                sidecar = self._save_weights_beside(Path(path))
                session = replace(session, weights=sidecar)
            save_session(session, path)
        except CnnvizError as exc:
            if sidecar is not None:
                sidecar.unlink(missing_ok=True)  # written for this session only: no half-saved pair
            self.message.emit("error", str(exc), "session")
            return False
        self.message_cleared.emit("session")
        if sidecar is not None:
            self.message.emit(
                "info",
                tr("The weights trained in the window were saved beside the session as {name}").format(
                    name=sidecar.name
                ),
                "weights",
            )
        return True

    def _save_weights_beside(self, session_path: Path) -> Path:
        """The in-memory weights as a new file next to ``session_path``; returns its path."""
        assert self.weights is not None
        stem = session_path.with_suffix("")
        for n in range(1, 1000):
            candidate = stem.with_name(
                stem.name + (".weights" if n == 1 else f".weights-{n}") + ".safetensors"
            )
            if not candidate.exists():
                break
        else:
            raise CnnvizError(tr("too many weights files beside this session"), subject=str(session_path))
        metadata = {k: v for k, v in self.weights.metadata.items() if k not in RESERVED_METADATA}
        save_weights(
            candidate, self.weights.tensors, self.weights.settings or self.settings, metadata=metadata
        )
        return candidate

    def load_session(self, path: str | Path) -> bool:
        """Apply a session only if all of it is valid (image, weights and device included)."""
        try:
            session = load_session(path)
            resolve_device(session.device)  # "bogus" is refused here, before anything changes
            image = load_image(session.image) if session.image is not None else self.image
            if session.pattern is not None:
                image = make_pattern(session.pattern)
            weights = read_weights(session.weights) if session.weights is not None else None
            plan = make_plan(
                session.settings,
                image.size if image is not None else None,
                weights=weights.tensors if weights is not None else None,
            )
            plan.raise_problems()
            if weights is not None and plan.weights_mismatch and not _is_bundled(session.weights):
                # The bundled weights are the window's default: layers a setting reshaped are
                # re-initialised (and marked so), as they were when the session was saved.
                raise CnnvizError(
                    tr("these weights do not fit the network:") + "\n  " + "\n  ".join(plan.weights_mismatch),
                    subject=str(session.weights),
                )
        except CnnvizError as exc:
            self.message.emit("error", str(exc), "session")
            return False
        self.message_cleared.emit("session")
        if image is not None and image is not self.image:
            self.image = image
            self.image_changed.emit(image)
        if weights is not None or self.weights is not None:
            self.weights = weights
            self.weights_version += 1
            self.weights_changed.emit(
                weights.path.name
                if weights is not None and weights.path is not None
                else tr("seeded default")
            )
        if session.device != self.device:
            self.device = session.device
            self.device_changed.emit(self.device)
        if session.kernel_edits != self.edits:
            self.edits = session.kernel_edits
            self.weights_version += 1
            self.edits_changed.emit(self.edits)
        self.view = session.view
        self.view_changed.emit(self.view)
        self.set_settings(session.settings, text=tr("Open session {name}").format(name=Path(path).name))
        return True
