"""The app's state and the update cycle, with no widgets in it.

The cycle of one change (each step is a method below):

1. ``set_value`` (a control was edited): the value is checked on its own; a bad
   one becomes a problem on that control and nothing else changes.
2. A new immutable ``Settings``; the shapes are computed at once (pure, no
   torch) and ``shapes_changed`` tells the sidebar and the shape strip.
3. If every setting is fine, ``_submit`` captures a frozen request (settings,
   image, view, weights, device, start time) and hands it to the worker.
4. The worker's response comes back on the GUI thread (``_on_finished``); it is
   dropped if a newer one is already shown, else ``result_ready`` is emitted and
   the panels draw it. The window then emits ``rendered`` with the latency.

Errors the user caused become ``message`` signals; anything else is logged with
its traceback and reported as "something went wrong", and the last good result
stays on screen.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from cnnviz.app.worker import RenderRequest, RenderResponse, RenderWorker
from cnnviz.core.errors import CnnvizError, SettingError, SettingsErrors
from cnnviz.core.i18n import tr
from cnnviz.core.images import LoadedImage, input_size_for, load_image
from cnnviz.core.session import Session, load_session, save_session
from cnnviz.core.settings import Settings, setting
from cnnviz.core.shapes import ShapeReport, compute_shapes
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.view import ViewOptions
from cnnviz.core.weights import WeightsFile, check_fits, read_weights, save_weights

log = logging.getLogger(__name__)

DEFAULT_TILE_RESOLUTION = 128


class Controller(QObject):
    """Holds settings, image, view, weights and device; drives the worker."""

    settings_changed = Signal(object)  # Settings: controls should show these values
    shapes_changed = Signal(object)  # ShapeReport for the current settings and image
    problems_changed = Signal(object)  # dict key -> message (value or shape problems)
    image_changed = Signal(object)  # LoadedImage
    view_changed = Signal(object)  # ViewOptions
    result_ready = Signal(object)  # RenderResponse, newest first-come
    message = Signal(str, str)  # level ("info", "warning", "error"), text
    busy_changed = Signal(bool)
    device_changed = Signal(str)
    weights_changed = Signal(str)  # a description of the weights in use

    def __init__(self, device: str = "auto", parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The worker thread runs Python between torch calls; with the default
        # 5 ms GIL switch interval the GUI thread could wait that long for a
        # turn. 1 ms keeps the event loop responsive while maps are computed
        # (measured with `cnnviz bench`: last change shown 30 -> 18 ms).
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self.settings = Settings()
        self.view = ViewOptions()
        self.image: LoadedImage | None = None
        self.device = device
        self.weights: WeightsFile | None = None
        self.weights_version = 0
        self.tile_resolution = DEFAULT_TILE_RESOLUTION
        self.tile_sizes: dict[str, tuple[int, int]] = {}
        self.report: ShapeReport = compute_shapes(NetworkSpec.from_settings(self.settings))
        self.value_problems: dict[str, SettingError] = {}
        self.last_edited = ""
        self.last_response: RenderResponse | None = None
        self._published: tuple[Any, ...] | None = None
        self._next_id = 1
        self._shown_id = 0
        self._last_failed_id = 0
        self.worker = RenderWorker(device)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.busy.connect(self.busy_changed)

    def shutdown(self) -> None:
        self.worker.shutdown()

    # Settings -----------------------------------------------------------------------
    def set_value(self, key: str, value: Any, *, started: float | None = None) -> bool:
        """A control was edited. Returns False when the value itself is wrong."""
        started = started if started is not None else time.perf_counter()
        self.last_edited = key
        try:
            checked = setting(key).check(value)
        except SettingError as exc:
            self.value_problems[key] = exc
            self._publish_problems()
            return False
        self.value_problems.pop(key, None)
        if checked == self.settings[key]:
            self._publish_problems()
            return True
        self.settings = self.settings.replace({key: checked})
        self._settings_updated(started, echo=False)
        return True

    def set_settings(self, settings: Settings, *, started: float | None = None) -> None:
        """Replace every setting (session, weights file, reset); controls follow."""
        self.settings = settings
        self.value_problems.clear()
        self._settings_updated(started if started is not None else time.perf_counter(), echo=True)

    def reset_settings(self) -> None:
        self.set_settings(Settings())

    def _settings_updated(self, started: float, *, echo: bool) -> None:
        if echo:
            self.settings_changed.emit(self.settings)
        # The shapes decide whether the worker gets a request; the worker starts
        # first, and the sidebar, strip and table are updated while it computes.
        self._compute_report()
        self._submit(started)
        self._publish_report()

    def input_size(self) -> tuple[int, int]:
        """The size fed to the network: the image's own with fit=native."""
        size = self.settings["input.size"]
        if self.image is None:
            return size  # type: ignore[return-value]
        return input_size_for(self.image.size, size, self.settings["input.fit"])  # type: ignore[arg-type]

    def _recompute_shapes(self) -> None:
        self._compute_report()
        self._publish_report()

    def _compute_report(self) -> None:
        spec = NetworkSpec.from_settings(self.settings)
        self.report = compute_shapes(spec, input_size=self.input_size())

    def _publish_report(self) -> None:
        # Most edits (padding mode, bias, pooling type…) leave every shape and
        # formula as it was: then the views have nothing to redo.
        summary = (_report_key(self.report), tuple(self.problems().items()))
        if summary == self._published:
            return
        self._published = summary
        self.shapes_changed.emit(self.report)
        self._publish_problems()

    def problems(self) -> dict[str, str]:
        """Setting key -> message. A problem that the last edited setting takes
        part in is shown on that setting's control, where the learner is looking."""
        out: dict[str, str] = {}
        for p in self.report.problems:
            key = self.last_edited if self.last_edited in p.related else p.key
            out[key] = p.message
        out.update({k: e.message for k, e in self.value_problems.items()})
        return out

    def _publish_problems(self) -> None:
        problems = self.problems()
        if self._published is not None and tuple(problems.items()) != self._published[1]:
            self._published = (self._published[0], tuple(problems.items()))
        self.problems_changed.emit(problems)

    @property
    def valid(self) -> bool:
        return self.report.ok and not self.value_problems

    # Requests ---------------------------------------------------------------------
    def _submit(self, started: float | None = None) -> int | None:
        if self.image is None or not self.valid:
            return None
        request = RenderRequest(
            id=self._next_id,
            settings=self.settings,
            image=self.image,
            view=self.view,
            weights=self.weights,
            weights_version=self.weights_version,
            device=self.device,
            tile_resolution=self.tile_resolution,
            tile_sizes=dict(self.tile_sizes),
            started=started if started is not None else time.perf_counter(),
        )
        self._next_id += 1
        self.worker.submit(request)
        return request.id

    def refresh(self) -> int | None:
        """Run the current state again (e.g. after the view changed)."""
        return self._submit()

    @property
    def latest_request_id(self) -> int:
        return self._next_id - 1

    def _on_finished(self, response: RenderResponse) -> None:
        if response.request.id <= self._shown_id:
            return  # an older result arrived after a newer one was shown
        self._shown_id = response.request.id
        self.last_response = response
        for note in response.notes:
            self.message.emit("warning", note)
        if response.result.device != self.device and self.device != "auto":
            self.device = response.result.device
            self.device_changed.emit(self.device)
        self.result_ready.emit(response)

    def _on_failed(self, request: RenderRequest, exc: BaseException) -> None:
        if request.id <= self._shown_id:
            return
        self._last_failed_id = request.id
        if isinstance(exc, (SettingError, SettingsErrors)):
            problems = exc.problems if isinstance(exc, SettingsErrors) else [exc]
            for p in problems:
                self.value_problems[p.key] = p
            self._publish_problems()
            self.message.emit("error", str(problems[0]))
        elif isinstance(exc, CnnvizError):
            self.message.emit("error", str(exc))
        else:
            self.message.emit(
                "error",
                tr(
                    "Something went wrong while computing the maps ({kind}: {text}). The last good result stays on "
                    "screen; details are in the log."
                ).format(kind=type(exc).__name__, text=str(exc)[:200]),
            )

    # Image ---------------------------------------------------------------------------
    def load_image(self, path: str | Path) -> bool:
        """Open an image file; on failure the previous image stays and a message says why."""
        try:
            image = load_image(path)
        except CnnvizError as exc:
            self.message.emit("error", str(exc))
            return False
        self.set_image(image)
        return True

    def set_image(self, image: LoadedImage) -> None:
        self.image = image
        self.image_changed.emit(image)
        for note in image.notes:
            self.message.emit("info", f"{image.name}: {note}")
        self._recompute_shapes()
        self._submit()

    # View -------------------------------------------------------------------------------
    def set_view(self, view: ViewOptions) -> None:
        """Change colormaps/normalisation; only a normalisation change needs the worker."""
        old = self.view
        self.view = view
        self.view_changed.emit(view)
        # render_key holds all a stage's tiles depend on (its range mode, and the
        # fixed range when it uses one); colours alone are swapped in the panels.
        stages = set(old.overrides) | set(view.overrides) | {s.name for s in self.report.stages}
        if any(old.render_key(s) != view.render_key(s) for s in stages):
            self._submit()

    def set_tile_sizes(self, sizes: dict[str, tuple[int, int]]) -> None:
        """The panels' tile sizes changed (layout, zoom): draw the maps at these sizes."""
        if sizes != self.tile_sizes:
            self.tile_sizes = dict(sizes)
            self._submit()

    # Device ------------------------------------------------------------------------------
    def set_device(self, device: str) -> None:
        if device == self.device:
            return
        self.device = device
        self.device_changed.emit(device)
        self._submit()

    # Weights -----------------------------------------------------------------------------
    def load_weights(self, path: str | Path) -> bool:
        """Load weights (and the settings saved with them); a bad file changes nothing."""
        try:
            weights = read_weights(path)
            settings = self.settings
            if weights.settings is not None:
                # The file's network; how the image is fed stays as the user has it.
                settings = weights.settings.replace({"input.fit": self.settings["input.fit"]})
            spec = NetworkSpec.from_settings(settings)
            report = compute_shapes(spec, input_size=self._input_size_for(settings))
            report.raise_problems()
            check_fits(weights, spec, report)
        except CnnvizError as exc:
            self.message.emit("error", str(exc))
            return False
        self.weights = weights
        self.weights_version += 1
        self.weights_changed.emit(Path(path).name)
        self.message.emit("info", tr("Loaded weights from {name}").format(name=Path(path).name))
        if settings != self.settings:
            self.set_settings(settings)
        else:
            self._submit()
        return True

    def _input_size_for(self, settings: Settings) -> tuple[int, int]:
        if self.image is None:
            return settings["input.size"]  # type: ignore[return-value]
        return input_size_for(self.image.size, settings["input.size"], settings["input.fit"])  # type: ignore[arg-type]

    def save_weights(self, path: str | Path) -> bool:
        if self.last_response is None:
            self.message.emit("error", tr("Nothing to save yet: the network has not run."))
            return False
        import torch

        result = self.last_response.result
        params = {k: torch.from_numpy(v.copy()) for k, v in result.weights.items()}
        try:
            save_weights(path, params, result.settings)
        except CnnvizError as exc:
            self.message.emit("error", str(exc))
            return False
        self.message.emit("info", tr("Saved weights to {path}").format(path=path))
        return True

    def reset_weights(self) -> None:
        self.weights = None
        self.weights_version += 1
        self.weights_changed.emit(tr("seeded default"))
        self._submit()

    # Sessions ------------------------------------------------------------------------------
    def session(self) -> Session:
        return Session(
            settings=self.settings,
            view=self.view,
            image=self.image.path if self.image is not None else None,
            device=self.device,
            weights=self.weights.path if self.weights is not None else None,
        )

    def save_session(self, path: str | Path) -> bool:
        try:
            save_session(self.session(), path)
        except CnnvizError as exc:
            self.message.emit("error", str(exc))
            return False
        return True

    def load_session(self, path: str | Path) -> bool:
        """Apply a session only if all of it is valid (image and weights included)."""
        try:
            session = load_session(path)
            image = load_image(session.image) if session.image is not None else self.image
            weights = read_weights(session.weights) if session.weights is not None else None
            spec = NetworkSpec.from_settings(session.settings)
            size = (
                input_size_for(image.size, session.settings["input.size"], session.settings["input.fit"])  # type: ignore[arg-type]
                if image is not None
                else session.settings["input.size"]
            )
            report = compute_shapes(spec, input_size=size)  # type: ignore[arg-type]
            report.raise_problems()
            if weights is not None:
                check_fits(weights, spec, report)
        except CnnvizError as exc:
            self.message.emit("error", str(exc))
            return False
        if image is not None and image is not self.image:
            self.image = image
            self.image_changed.emit(image)
        if weights is not None or self.weights is not None:
            self.weights = weights
            self.weights_version += 1
            self.weights_changed.emit(weights.path.name if weights and weights.path else tr("seeded default"))
        if session.device != self.device:
            self.device = session.device
            self.device_changed.emit(self.device)
        self.view = session.view
        self.view_changed.emit(self.view)
        self.set_settings(session.settings)
        return True

    def with_view(self, **changes: Any) -> None:
        self.set_view(replace(self.view, **changes))


def _report_key(report: ShapeReport) -> tuple[Any, ...]:
    """What the views show of a report: every stage's shape and formula numbers."""
    return (
        report.input_shape,
        tuple((s.name, s.shape, s.params, s.macs, s.receptive_field, s.arithmetic) for s in report.stages),
    )
