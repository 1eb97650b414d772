"""The one background thread that executes plans and prepares tiles.

The GUI thread hands over a frozen :class:`RenderRequest` (the validated plan
and everything else the work needs, captured at the moment of the change) and
goes on. The worker keeps only the newest request waiting: while it computes,
a newer request replaces the waiting one, and the running one, unless it is
expected to finish within two frames (``FINISH_WITHIN_MS``), is cancelled
between two stages, so a long computation never delays the newest change by
more than one stage, and quick ones are still shown while a slider is dragged.
Results come back to the GUI thread through a queued Qt signal; the controller
drops any result older than the one already shown.

The worker reuses what has not changed: the prepared input (same image, size
and fit), the stages before the first changed layer, and the tiles of stages
whose values and normalisation are the same as last time.

``synchronous=True`` runs each request at once in the caller's thread (no
threads at all), for controller tests and scripts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from cnnviz.core.dead import QuietChannel, channel_extrema, quiet_channels
from cnnviz.core.display import StageImage, render_input, render_named
from cnnviz.core.edits import KernelEdits, use_edits
from cnnviz.core.engine import (
    Cancelled,
    Engine,
    ForwardResult,
    ThreadChoice,
    configure_threads,
    threads_in_use,
)
from cnnviz.core.errors import CnnvizError
from cnnviz.core.images import LoadedImage, prepare_input
from cnnviz.core.plan import Plan
from cnnviz.core.view import ViewOptions
from cnnviz.core.weights import WeightsFile

log = logging.getLogger(__name__)

WORKER_NICENESS = 5
DEFAULT_TILE_RESOLUTION = 128  # stages without a laid-out panel are averaged to this size
# A newer request cancels the running one (between stages or tile batches) unless the running one is
# expected to finish within this long (two frames at 60 Hz; expected: the last request's duration) ...
FINISH_WITHIN_MS = 33.0
# ... and, once nothing was finished for this long, not at all if the last request took no longer:
# a continuous drag of quick updates then still shows one every STARVE_MS or so.
STARVE_MS = 100.0


@dataclass(frozen=True, eq=False)
class RenderRequest:
    """Everything one update needs, captured when the change happened."""

    id: int
    plan: Plan  # validated: plan.ok is True
    image: LoadedImage
    view: ViewOptions
    weights: WeightsFile | None
    weights_version: int
    device: str
    tile_sizes: Mapping[str, tuple[int, int]]  # stage -> drawn tile (height, width), device pixels
    started: float  # time.perf_counter() of the triggering change
    tile_resolution: int = DEFAULT_TILE_RESOLUTION
    edits: KernelEdits = field(default_factory=KernelEdits)  # laid over the weights (core.edits)


@dataclass(frozen=True, eq=False)
class RenderResponse:
    """What the panels show: the forward pass and the tiles made from it."""

    request: RenderRequest
    result: ForwardResult
    images: dict[str, StageImage]
    input_rgb: np.ndarray  # (H, W, 3) uint8: the network's input as a picture
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per step
    notes: tuple[str, ...] = ()
    inactive_edits: tuple[str, ...] = ()  # kernel edits this network cannot use, one sentence each
    # Dead and constant channels (core.dead), found here and not on the GUI thread: the scan reads every
    # map (measured 9.4 ms at 1024×1024, 0.3 ms at 256).
    quiet: tuple[QuietChannel, ...] = ()


class RenderWorker(QObject):
    """Runs requests on a daemon thread (or at once when synchronous); emits ``finished`` or ``failed``."""

    finished = Signal(object)  # RenderResponse
    # RenderRequest, StageImage: one stage's tiles, sent as soon as they are drawn
    # (before the request's response), so the window can paint progressively.
    stage_ready = Signal(object, object)
    failed = Signal(object, object)  # RenderRequest, Exception
    busy = Signal(bool)

    def __init__(self, device: str = "auto", *, synchronous: bool = False) -> None:
        super().__init__()
        self.synchronous = synchronous
        self._engine_device = device
        self._engine: Engine | None = None
        self._pending: RenderRequest | None = None
        self._condition = threading.Condition()
        self._stopping = False
        self._working = False  # a request is being processed (guarded by _condition)
        self._input_key: tuple[Any, ...] | None = None
        self._input: np.ndarray | None = None
        self._last: RenderResponse | None = None
        self._weights_version = -1
        self._edits_key: tuple[Any, ...] | None = None  # (weights version, spec) the edits were laid for
        self._inactive_edits: tuple[str, ...] = ()
        self.dropped = 0  # requests replaced before they ran (for the benchmark)
        self.cancelled = 0  # requests stopped between stages for a newer one
        self.processed = 0  # requests that produced a response (for tests)
        self._running_since = 0.0  # perf_counter() when the running request started
        self._finished_at = time.perf_counter()  # when the last request was finished (or the worker began)
        self._last_duration_ms = float("inf")  # how long the last finished request took
        self.threads = ThreadChoice()  # torch's threads per network (core.engine: measured per plan)
        self._tiles: ThreadPoolExecutor | None = None
        self._thread: threading.Thread | None = None
        if not synchronous:
            self._tiles = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="cnnviz-tiles", initializer=_lower_priority
            )
            self._thread = threading.Thread(target=self._loop, name="cnnviz-worker", daemon=True)
            self._thread.start()

    # GUI thread --------------------------------------------------------------------
    def submit(self, request: RenderRequest) -> None:
        """Queue ``request``; a request still waiting is replaced (newest wins)."""
        if self.synchronous:
            self._handle(request)
            return
        with self._condition:
            if self._stopping:
                return
            if self._pending is not None:
                self.dropped += 1
            self._pending = request
            self._condition.notify()

    def shutdown(self, timeout: float = 2.0) -> None:
        """Stop: the running request is cancelled at its next stage; caches are released."""
        with self._condition:
            self._stopping = True
            self._pending = None
            self._condition.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        if self._tiles is not None:
            self._tiles.shutdown(wait=False, cancel_futures=True)
        self._release()

    def _release(self) -> None:
        """Drop what the worker holds (results, prepared input, the engine's modules)."""
        self._last = None
        self._input = None
        self._input_key = None
        self._engine = None

    def is_idle(self) -> bool:
        with self._condition:
            return self._pending is None and not self._working

    # Worker thread -------------------------------------------------------------------
    def _loop(self) -> None:
        _lower_priority()
        while True:
            with self._condition:
                while self._pending is None and not self._stopping:
                    self._condition.wait()
                if self._stopping:
                    return
                request, self._pending = self._pending, None
                self._working = True
            self.busy.emit(True)
            try:
                self._handle(request)
            finally:
                with self._condition:
                    self._working = False
                    idle = self._pending is None
                    stopping = self._stopping
                if idle and not stopping:
                    self.busy.emit(False)

    def _handle(self, request: RenderRequest) -> None:
        try:
            response = self._process(request)
        except Cancelled:
            self.cancelled += 1
            return
        except BaseException as exc:  # reported to the GUI thread, never lost
            if not isinstance(exc, CnnvizError):
                log.exception("update %s failed", request.id)
            if not self._stopping:
                self.failed.emit(request, exc)
            return
        self.processed += 1
        self._finished_at = time.perf_counter()
        self._last_duration_ms = (self._finished_at - self._running_since) * 1000
        if not self._stopping:
            self.finished.emit(response)

    def _should_stop(self) -> bool:
        # Read without the lock: a stale answer only means one more stage.
        if self._stopping:
            return True
        if self._pending is None:
            return False
        now = time.perf_counter()
        elapsed_ms = (now - self._running_since) * 1000
        if -FINISH_WITHIN_MS < self._last_duration_ms - elapsed_ms <= FINISH_WITHIN_MS:
            # Expected on screen within two frames (or only just late): finishing costs the newest
            # change less than starting over. Later than that, the estimate was wrong: cancelled.
            return False
        # Cancelling every update of a dragged slider for the next one showed nothing at all until
        # the drag stopped (``cnnviz bench``: 1 render in 100 changes at 60/s at 256×256, each
        # update taking 33–40 ms while the window was busy with the changes). So when nothing was
        # finished for STARVE_MS, a request that takes no longer than that is let finish.
        starving = (now - self._finished_at) * 1000 >= STARVE_MS
        return not (starving and self._last_duration_ms <= STARVE_MS)

    def _process(self, request: RenderRequest) -> RenderResponse:
        timings: dict[str, float] = {}
        t = self._running_since = time.perf_counter()
        if self._engine is None:
            self._engine = Engine(request.device)
            self._engine_device = request.device
        engine = self._engine
        if request.device != self._engine_device:
            engine.set_device(request.device)  # a fallback note comes back with the result
            self._engine_device = request.device
        if request.weights_version != self._weights_version:
            engine.use_weights(request.weights)
            self._weights_version = request.weights_version
            self._last = None  # every stage changes with new weights
            self._edits_key = None
        if request.edits:
            # Laid over the original weights once per network: a new spec may
            # bring an edit back (its shape returned) or leave it inactive.
            edits_key = (request.weights_version, request.plan.spec)
            if edits_key != self._edits_key:
                engine.use_weights(request.weights)
                self._inactive_edits = use_edits(engine, request.plan, request.edits).inactive
                self._edits_key = edits_key
        else:
            self._inactive_edits = ()

        plan = request.plan
        fit = plan.settings.choice("input.fit")
        pad = plan.settings.choice("input.pad")
        key = (request.image, plan.input_size, fit, pad)  # LoadedImage compares by identity
        if key != self._input_key or self._input is None:
            prepared = prepare_input(request.image, plan.input_size, fit, pad)
            prepared.flags.writeable = False  # the engine keeps it as is (and can reuse stages)
            self._input = prepared
            self._input_key = key
            self._last = None
        timings["prepare"] = (time.perf_counter() - t) * 1000

        previous = self._last.result if self._last is not None else None
        previous_images = self._last.images if self._last is not None else None
        # Tiles are drawn on a second thread while the network computes the next
        # layers (torch and numpy release the GIL), so the two overlap.
        futures: dict[str, Future[StageImage | None]] = {}
        inline: dict[str, StageImage | None] = {}

        extrema: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # for the dead/constant channels

        def draw(name: str, array: np.ndarray, tensor: Any) -> StageImage | None:
            if cancelled is not None and cancelled():
                raise Cancelled  # a newer request waits: its stages, not these tiles, come next
            if array.ndim == 3:
                # Here, beside the forward pass, not after it (9 ms at 1024×1024 on the critical path).
                extrema[name] = channel_extrema(array)
            image = render_named(
                name,
                array,
                tensor,
                request.view,
                request.tile_resolution,
                request.tile_sizes,
                previous_images,
            )
            if image is not None and not self._stopping:
                # Queued to the GUI thread ahead of this request's ``finished``
                # (emitted only after every tile is drawn), so they arrive in order.
                self.stage_ready.emit(request, image)
            return image

        cancelled: Callable[[], bool] | None = None if self.synchronous else self._should_stop

        def on_stage(name: str, array: np.ndarray, tensor: Any) -> None:
            if self._tiles is None:
                inline[name] = draw(name, array, tensor)
            else:
                futures[name] = self._tiles.submit(draw, name, array, tensor)

        threads = self.threads.threads_for(plan.spec) if engine.device == "cpu" else threads_in_use()
        if threads != threads_in_use():
            configure_threads(threads)
        try:
            result = engine.run(plan, self._input, reuse=previous, on_stage=on_stage, cancelled=cancelled)
        except Cancelled:
            for future in futures.values():
                future.cancel()
            raise
        timings["forward"] = result.forward_ms
        if engine.device == "cpu" and not result.reused:  # a full pass: what the next one may take
            self.threads.record(plan.spec, threads, result.forward_ms)
        t = time.perf_counter()
        images: dict[str, StageImage] = {}
        for name, image in inline.items():
            if image is not None:
                images[name] = image
        for name, future in futures.items():
            drawn = future.result()  # re-raises Cancelled: a newer request came while tiles were drawn
            if drawn is not None:
                images[name] = drawn
        timings["tiles"] = (time.perf_counter() - t) * 1000  # the part not hidden behind the forward pass
        if self._last is not None and self._last.result.input is result.input:
            input_rgb = self._last.input_rgb
        else:
            input_rgb = render_input(result.input)
        response = RenderResponse(
            request,
            result,
            images,
            input_rgb,
            timings,
            result.notes,
            self._inactive_edits,
            tuple(quiet_channels(result, extrema)),
        )
        self._last = response
        return response


def _lower_priority() -> None:
    """Let the GUI thread win the CPU when the computing threads want it too.

    On a 2-core machine the worker, the tile thread and the GUI thread compete;
    a nicer worker keeps a dragged slider smooth (Linux: per-thread niceness).
    """
    if (
        hasattr(os, "setpriority")
        and hasattr(threading, "get_native_id")
        and sys.platform.startswith("linux")
    ):
        with contextlib.suppress(OSError):  # not allowed here: run at normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
