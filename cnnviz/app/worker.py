"""The one background thread that runs the network and prepares tiles.

The GUI thread hands over a frozen :class:`RenderRequest` (everything the work
needs, captured at the moment of the change) and goes on. The worker keeps only
the newest request waiting: while it computes, newer requests replace older
ones, so a stream of slider changes never queues up. Results come back to the
GUI thread through a queued Qt signal; the controller drops any result older
than the one already shown.

The worker reuses what has not changed: the prepared input (same image, size
and fit), the stages before the first changed layer, and the tiles of stages
whose values and normalisation are the same as last time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from cnnviz.core.display import StageImage, render_input, render_named
from cnnviz.core.engine import Engine, ForwardResult
from cnnviz.core.images import LoadedImage, input_size_for, prepare_input
from cnnviz.core.settings import Settings
from cnnviz.core.view import ViewOptions
from cnnviz.core.weights import WeightsFile

log = logging.getLogger(__name__)

WORKER_NICENESS = 5


@dataclass(frozen=True, eq=False)
class RenderRequest:
    """Everything one update needs, captured when the change happened."""

    id: int
    settings: Settings
    image: LoadedImage
    view: ViewOptions
    weights: WeightsFile | None
    weights_version: int
    device: str
    tile_resolution: int  # for stages without a laid-out panel yet
    tile_sizes: Mapping[str, tuple[int, int]]  # stage -> drawn tile (height, width), device pixels
    started: float  # time.perf_counter() of the triggering change


@dataclass(frozen=True, eq=False)
class RenderResponse:
    """What the panels show: the forward pass and the tiles made from it."""

    request: RenderRequest
    result: ForwardResult
    images: dict[str, StageImage]
    input_rgb: np.ndarray  # (H, W, 3) uint8: the network's input as a picture
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per step
    notes: tuple[str, ...] = ()


class RenderWorker(QObject):
    """Runs requests on a daemon thread; emits ``finished`` or ``failed``."""

    finished = Signal(object)  # RenderResponse
    failed = Signal(object, object)  # RenderRequest, Exception
    busy = Signal(bool)

    def __init__(self, device: str = "auto") -> None:
        super().__init__()
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
        self.dropped = 0  # requests replaced before they ran (for the benchmark)
        self._tiles = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="cnnviz-tiles", initializer=_lower_priority
        )
        self._thread = threading.Thread(target=self._loop, name="cnnviz-worker", daemon=True)
        self._thread.start()

    # GUI thread --------------------------------------------------------------------
    def submit(self, request: RenderRequest) -> None:
        """Queue ``request``; a request still waiting is replaced (newest wins)."""
        with self._condition:
            if self._pending is not None:
                self.dropped += 1
            self._pending = request
            self._condition.notify()

    def shutdown(self, timeout: float = 5.0) -> None:
        with self._condition:
            self._stopping = True
            self._pending = None
            self._condition.notify()
        self._thread.join(timeout)
        self._tiles.shutdown(wait=False, cancel_futures=True)

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
                response = self._process(request)
            except BaseException as exc:  # reported to the GUI thread, never lost
                if not _is_user_error(exc):
                    log.exception("update %s failed", request.id)
                self.failed.emit(request, exc)
            else:
                self.finished.emit(response)
            finally:
                with self._condition:
                    self._working = False
                    idle = self._pending is None
                if idle:
                    self.busy.emit(False)

    def _process(self, request: RenderRequest) -> RenderResponse:
        timings: dict[str, float] = {}
        t = time.perf_counter()
        if self._engine is None:
            self._engine = Engine(request.device)
        engine = self._engine
        if request.device != self._engine_device:
            engine.set_device(request.device)  # a fallback note comes back with the result
            self._engine_device = request.device
        if request.weights_version != self._weights_version:
            engine.use_weights(request.weights)
            self._weights_version = request.weights_version
            self._last = None  # every stage changes with new weights

        s = request.settings
        size = input_size_for(request.image.size, s["input.size"], s["input.fit"])  # type: ignore[arg-type]
        key = (request.image, size, s["input.fit"])  # LoadedImage compares by identity
        if key != self._input_key or self._input is None:
            prepared = prepare_input(request.image, size, s["input.fit"])  # type: ignore[arg-type]
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

        def on_stage(name: str, array: np.ndarray, tensor: Any) -> None:
            futures[name] = self._tiles.submit(
                render_named,
                name,
                array,
                tensor,
                request.view,
                request.tile_resolution,
                request.tile_sizes,
                previous_images,
            )

        result = engine.run(s, self._input, reuse=previous, on_stage=on_stage)
        timings["forward"] = result.forward_ms
        t = time.perf_counter()
        images = {}
        for name, future in futures.items():
            image = future.result()
            if image is not None:
                images[name] = image
        timings["tiles"] = (time.perf_counter() - t) * 1000  # the part not hidden behind the forward pass
        if self._last is not None and self._last.result.input is result.input:
            input_rgb = self._last.input_rgb
        else:
            input_rgb = render_input(result.input)
        response = RenderResponse(request, result, images, input_rgb, timings, result.notes)
        self._last = response
        return response


def _is_user_error(exc: BaseException) -> bool:
    from cnnviz.core.errors import CnnvizError

    return isinstance(exc, CnnvizError)


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
