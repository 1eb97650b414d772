"""One forward pass that keeps every stage; device choice and fallback; threading.

The engine owns the current ``nn.Module`` and its weights. It is used from one
thread at a time (the app's worker, or the CLI); ``run`` takes everything it needs
as arguments and returns an immutable :class:`ForwardResult` whose arrays are
plain numpy (``(C, H, W)`` per map stage, batch axis removed).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch

from cnnviz.core.errors import CnnvizError, DeviceError
from cnnviz.core.i18n import tr
from cnnviz.core.network import DEFAULT_SEED, CnnvizNet, build_network
from cnnviz.core.plan import Plan, make_plan
from cnnviz.core.settings import Settings
from cnnviz.core.shapes import ShapeReport
from cnnviz.core.spec import NetworkSpec
from cnnviz.core.weights import WeightsFile, check_fits

# --------------------------------------------------------------------------
# CPU threading
# --------------------------------------------------------------------------
# Measured on a 2-core machine with benchmarks/threads.py (median / p95, ms):
#
#   size  threads   idle           one core busy (as while the GUI paints)
#    256     1       2.4 /  2.6      2.7 /  2.9
#    256     2       1.6 /  1.9      1.5 /  5.6
#   1024     1      41   / 42       40   / 43
#   1024     2      25   / 28       47   / 89
#
# Two threads win on an idle machine, but the app is rarely idle while it
# computes: the GUI thread paints and cnnviz's own tile thread works beside the
# forward pass. One thread is steady in every case and leaves a core to the
# rest, so it is the default; CNNVIZ_THREADS overrides it.
#
# Issue 14 asked whether long forward passes (> 30 ms) should take two threads.
# `cnnviz bench --sizes 1024` with CNNVIZ_THREADS=1 and =2, alternated, two runs
# each (2-core machine, 2026-11-29; ms):
#
#   threads  bare forward  forward in the app  full update  stream p99 / longest gap
#      1       68 / 71          71 / 73         118 / 133       21 / 25,  18 / 31
#      2       46 / 44          74 / 74         123 / 127       18 / 24,  20 / 35
#
# The bare pass is a third faster with two threads, but inside the app (tile
# thread and GUI busy beside it) not at all, and the update is no shorter.
#
# Much longer passes do gain (`cnnviz bench`'s heavy rows, one process per run,
# CNNVIZ_THREADS=1 and =2 alternated, 2026-11-29 afternoon; medians in ms):
#
#   row                      threads  bare forward  forward in app  full update  first stage
#   1024 conv1 stride 1         1      490 / 486      518 / 510      587 / 573    252 / 250
#   (1.7 GMACs)                 2      273 / 304      429 / 455      496 / 511    210 / 219
#   256, 5 blocks × 128 ch.     1         60             63             93           47
#   (0.86 GMACs)                2         44             67            105           52
#
# So the choice is made per network, from its own last full pass (ThreadChoice):
# one thread, and two for a network whose pass took LONG_PASS_MS or more with one
# (back to one if it then takes under SHORT_PASS_MS). The GUI has little to paint
# while such a pass runs; a short pass keeps a core free for it.
DEFAULT_THREADS = 1
LONG_PASS_MS = 250.0
SHORT_PASS_MS = 150.0

_threads_configured = False

# torch notes that 'same' padding with an even kernel pads a copy of the input;
# that is how it works, not something a learner can act on.
warnings.filterwarnings("ignore", message="Using padding='same' with even kernel", category=UserWarning)


def configure_threads(threads: int | None = None) -> int:
    """Set torch's intra-op (and, once, inter-op) thread counts; returns the count."""
    global _threads_configured
    if threads is None:
        threads = _threads_from_environment() or DEFAULT_THREADS
    torch.set_num_threads(threads)
    if not _threads_configured:
        # Fails once torch has started parallel work; then torch's value stays.
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(1)
        _threads_configured = True
    return threads


def threads_in_use() -> int:
    return torch.get_num_threads()


def _threads_from_environment() -> int | None:
    env = os.environ.get("CNNVIZ_THREADS", "")
    return int(env) if env.isdigit() and int(env) > 0 else None


class ThreadChoice:
    """Intra-op threads for each network, from the last full pass measured for it (see above).

    ``CNNVIZ_THREADS`` fixes the count for every network. No Qt; used by the window's worker.
    """

    REMEMBERED = 64  # networks

    def __init__(self, most: int | None = None) -> None:
        self.fixed = _threads_from_environment()
        self.most = max(1, min(2, os.cpu_count() or 1)) if most is None else most
        self._chosen: OrderedDict[Any, int] = OrderedDict()

    def threads_for(self, key: Any) -> int:
        if self.fixed is not None:
            return self.fixed
        return self._chosen.get(key, DEFAULT_THREADS)

    def record(self, key: Any, threads: int, forward_ms: float) -> None:
        """A full pass of network ``key`` with ``threads`` threads took ``forward_ms``."""
        if self.fixed is not None:
            return
        if threads < self.most and forward_ms >= LONG_PASS_MS:
            choice = self.most
        elif threads > DEFAULT_THREADS and forward_ms < SHORT_PASS_MS:
            choice = DEFAULT_THREADS
        else:
            choice = threads
        self._chosen[key] = choice
        self._chosen.move_to_end(key)
        while len(self._chosen) > self.REMEMBERED:
            self._chosen.popitem(last=False)


# --------------------------------------------------------------------------
# Devices
# --------------------------------------------------------------------------


def available_devices() -> list[str]:
    """Devices that exist here, CPU first: ``cpu``, ``cuda:0`` …, ``mps``."""
    devices = ["cpu"]
    try:
        if torch.cuda.is_available():
            devices += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    except Exception:  # a broken driver must not stop the app
        pass
    mps = getattr(torch.backends, "mps", None)
    try:
        if mps is not None and mps.is_available():
            devices.append("mps")
    except Exception:
        pass
    return devices


def device_label(name: str) -> str:
    """A human name for a device, e.g. ``cuda:0 (NVIDIA H100)``."""
    if name.startswith("cuda"):
        try:
            return f"{name} ({torch.cuda.get_device_name(torch.device(name))})"
        except Exception:
            return name
    if name == "mps":
        return tr("mps (Apple GPU)")
    return tr("cpu")


def resolve_device(requested: str) -> tuple[str, str | None]:
    """Turn ``auto``/``cpu``/``cuda[:N]``/``mps`` into an existing device.

    Returns ``(device, note)``: a device that does not exist falls back to the
    CPU and ``note`` says so. A name that is not a device at all raises
    :class:`DeviceError`.
    """
    name = requested.strip().lower()
    available = available_devices()
    if name == "auto":
        for candidate in available:
            if candidate.startswith("cuda"):
                return candidate, None
        return ("mps" if "mps" in available else "cpu"), None
    if name == "cpu":
        return "cpu", None
    if name == "cuda":
        name = "cuda:0"
    valid = name == "mps" or (name.startswith("cuda:") and name[5:].isdigit())
    if not valid:
        raise DeviceError(
            tr("'{name}' is not a device; use auto, cpu, cuda, cuda:N or mps").format(name=requested),
            subject="device",
        )
    if name in available:
        return name, None
    return "cpu", tr("{name} is not available here; using the CPU").format(name=name)


# A few recently used modules are kept, so that toggling a setting back and
# forth does not rebuild the network each time (a rebuild is about 0.5 ms).
MODEL_CACHE_SIZE = 4
MODEL_CACHE_BYTES = 64 * 2**20


def _param_bytes(model: torch.nn.Module) -> int:
    return sum(p.numel() * p.element_size() for p in model.parameters())


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


class Cancelled(Exception):
    """Raised between stages when the caller said the run is no longer wanted."""


@dataclass(frozen=True)
class ForwardResult:
    """Everything one forward pass produced, as read-only numpy arrays.

    ``stages`` maps stage names (``conv1``, ``relu1``, ``pool1``, …, ``flatten``,
    ``fc``) to arrays without the batch axis: ``(C, H, W)`` for maps, ``(N,)``
    for flatten and the logits. ``weights`` holds the parameters used, so any
    value shown can be recomputed from its kernel and input patch.
    """

    plan: Plan
    input: np.ndarray  # (3, H, W) float32: the tensor fed to the network
    stages: dict[str, np.ndarray]
    probabilities: np.ndarray  # (classes,) softmax of the logits
    weights: dict[str, np.ndarray]
    device: str
    forward_ms: float
    notes: tuple[str, ...] = field(default=())
    reused: tuple[str, ...] = field(default=())  # stages taken unchanged from the previous result
    # parameter name -> "loaded" or "seeded": where the values in use came from
    sources: dict[str, str] = field(default_factory=dict)
    # The same outputs as torch tensors on the device, and what each stage was
    # computed with, so the next run can start from the first changed layer.
    tensors: dict[str, torch.Tensor] = field(default_factory=dict, repr=False, compare=False)
    signatures: dict[str, tuple[Any, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def settings(self) -> Settings:
        return self.plan.settings

    @property
    def spec(self) -> NetworkSpec:
        return self.plan.spec

    @property
    def report(self) -> ShapeReport:
        return self.plan.report

    @property
    def logits(self) -> np.ndarray:
        return self.stages["fc"]

    @property
    def top_class(self) -> int:
        return int(np.argmax(self.probabilities))

    def map_stages(self) -> list[str]:
        """Names of stages that are feature maps (C, H, W)."""
        return [name for name, a in self.stages.items() if a.ndim == 3]


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


# --------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------


class Engine:
    """Builds the network for a spec (carrying weights over) and runs it."""

    def __init__(self, device: str = "auto", *, seed: int = DEFAULT_SEED, threads: int | None = None) -> None:
        configure_threads(threads)
        self.seed = seed
        self.device, note = resolve_device(device)
        self.notes: list[str] = [note] if note else []
        self._model: CnnvizNet | None = None
        self._models: OrderedDict[NetworkSpec, CnnvizNet] = OrderedDict()  # recent modules, newest last
        self._input_cache: tuple[np.ndarray, torch.device, torch.Tensor] | None = None
        self._loaded: dict[str, torch.Tensor] | None = None
        self._lock = threading.Lock()

    # Weights ---------------------------------------------------------------
    @property
    def model(self) -> CnnvizNet | None:
        return self._model

    def use_weights(
        self, weights: WeightsFile | Mapping[str, torch.Tensor] | None, spec: NetworkSpec | None = None
    ) -> None:
        """Use these weights from now on (``None``: back to the seeded default).

        With ``spec``, they are checked against it first and a mismatch raises
        :class:`~cnnviz.core.errors.WeightsError` explaining each layer.
        """
        with self._lock:
            if weights is None:
                self._loaded = None
            else:
                if spec is not None:
                    file = weights if isinstance(weights, WeightsFile) else WeightsFile(dict(weights), None)
                    check_fits(file, spec)
                tensors = weights.tensors if isinstance(weights, WeightsFile) else weights
                self._loaded = {k: v.detach().to("cpu", torch.float32) for k, v in tensors.items()}
            self._model = None  # rebuilt from the new source at the next run
            self._models.clear()

    def parameters(self) -> dict[str, torch.Tensor]:
        """The current parameters (CPU copies), e.g. to save them."""
        with self._lock:
            if self._model is None:
                return {}
            return {k: v.detach().to("cpu", copy=True) for k, v in self._model.named_parameters()}

    def prepare(self, plan: Plan) -> CnnvizNet:
        """The module for ``plan``, rebuilt (with carry-over) only when it changed."""
        with self._lock:
            return self._prepare_locked(plan.spec, plan.report)

    def _prepare_locked(self, spec: NetworkSpec, report: ShapeReport | None) -> CnnvizNet:
        if self._model is not None and self._model.spec == spec:
            return self._model
        cached = self._models.pop(spec, None)
        if cached is not None:
            # Built earlier from the same weight source: its parameters are what a
            # rebuild would give (seeded init is a function of name and shape).
            model = cached
        else:
            model = build_network(spec, report, previous=self._model, loaded=self._loaded, seed=self.seed).to(
                self.device
            )
        self._models[spec] = model
        while len(self._models) > MODEL_CACHE_SIZE or (
            len(self._models) > 1 and sum(_param_bytes(m) for m in self._models.values()) > MODEL_CACHE_BYTES
        ):
            self._models.popitem(last=False)
        self._model = model
        return model

    # Running ---------------------------------------------------------------
    def set_device(self, device: str) -> str | None:
        """Switch device. A note when it fell back to the CPU is returned and also
        comes with the next result, like every other note."""
        with self._lock:
            name, note = resolve_device(device)
            self._switch_device(name)
            if note:
                self.notes.append(note)
            return note

    def _switch_device(self, name: str) -> None:
        self.device = name
        self._models.clear()  # cached modules live on the old device
        if self._model is not None:
            self._model = self._model.to(name)

    def run(
        self,
        plan: Plan | Settings,
        input_array: np.ndarray,
        *,
        reuse: ForwardResult | None = None,
        on_stage: StageCallback | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ForwardResult:
        """Execute ``plan`` on ``input_array`` (3, H, W) float32 of the plan's input size.

        With ``reuse`` (the previous result for the *same* input array object),
        stages before the first layer whose arguments or weights changed are
        taken from it instead of being computed again. ``on_stage(name, array,
        tensor)`` is called as each stage is ready (so tiles can be drawn while
        later layers compute); ``tensor`` is None off the CPU. ``cancelled()`` is
        asked before each stage; when it says True the run stops there with
        :class:`Cancelled`.

        Given ``Settings`` instead of a plan (scripts, tests), it plans them for
        this array as the input: ``make_plan(settings, input_size=array size)``.

        Raises :class:`~cnnviz.core.errors.SettingError` (or ``SettingsErrors``)
        when the plan has problems: an invalid plan is never executed.
        """
        if isinstance(plan, Settings):
            plan = make_plan(plan, input_size=(int(input_array.shape[1]), int(input_array.shape[2])))
        plan.raise_problems()
        if tuple(input_array.shape) != (plan.spec.input.channels, *plan.input_size):
            raise ValueError(f"input {input_array.shape} does not match the plan's input {plan.input_size}")
        notes: list[str] = []
        with self._lock:
            try:
                result = self._run_locked(plan, input_array, reuse, on_stage, cancelled)
            except (CnnvizError, Cancelled):
                raise
            except Exception as exc:
                if self.device == "cpu" or not _is_device_failure(exc):
                    if isinstance(exc, (MemoryError, RuntimeError)) and "alloc" in str(exc).lower():
                        raise CnnvizError(
                            tr("not enough memory for this network at this input size: {reason}").format(
                                reason=str(exc).splitlines()[0]
                            ),
                            subject="memory",
                        ) from exc
                    raise
                failed = self.device
                notes.append(
                    tr("{device} failed ({reason}); switched to the CPU").format(
                        device=failed, reason=str(exc).splitlines()[0][:120]
                    )
                )
                self._switch_device("cpu")
                _empty_cache(failed)
                result = self._run_locked(plan, input_array, None, on_stage, cancelled)
        if notes or self.notes:
            all_notes = tuple(self.notes + notes)
            self.notes = []
            result = replace(result, notes=all_notes)
        return result

    def _run_locked(
        self,
        plan: Plan,
        input_array: np.ndarray,
        reuse: ForwardResult | None,
        on_stage: StageCallback | None,
        cancelled: Callable[[], bool] | None,
    ) -> ForwardResult:
        model = self._prepare_locked(plan.spec, plan.report)
        device = torch.device(self.device)
        if input_array.flags.writeable:  # keep a private, read-only copy
            input_array = _readonly(np.array(input_array, dtype=np.float32, copy=True))
        if reuse is not None and (reuse.input is not input_array or reuse.device != self.device):
            reuse = None
        start = time.perf_counter()
        tensors: dict[str, torch.Tensor] = {}
        stages: dict[str, np.ndarray] = {}
        signatures = stage_signatures(plan, model)
        reused: list[str] = []
        with torch.inference_mode():
            x = self._input_tensor(input_array, device)  # (1, 3, H, W)
            # A stage is reused only while every stage so far was reused: its
            # input is then the very tensor it had last time (upstream equal).
            previous_order = list(reuse.signatures) if reuse is not None else []
            for i, (name, module) in enumerate(model.stage_modules()):
                if cancelled is not None and cancelled():
                    raise Cancelled(name)
                if (
                    reuse is not None
                    and i < len(previous_order)
                    and previous_order[i] == name
                    and _same_signature(reuse.signatures[name], signatures[name])
                ):
                    x = reuse.tensors[name]
                    # The very array of the previous result: views can tell by
                    # identity that nothing changed and skip redrawing it.
                    array = reuse.stages[name]
                    reused.append(name)
                else:
                    reuse = None  # everything after the first change is computed
                    x = module(x)
                    array = _readonly((x if device.type == "cpu" else x.cpu())[0].numpy())
                tensors[name] = x
                stages[name] = array
                if on_stage is not None:
                    on_stage(name, array, x[0] if device.type == "cpu" else None)
            probabilities = torch.softmax(tensors["fc"], dim=1).cpu()
        forward_ms = (time.perf_counter() - start) * 1000
        weights = {name: _readonly(p.detach().cpu().numpy()) for name, p in model.named_parameters()}
        return ForwardResult(
            plan=plan,
            input=input_array,
            stages=stages,
            probabilities=_readonly(probabilities[0].numpy()),
            weights=weights,
            device=self.device,
            forward_ms=forward_ms,
            reused=tuple(reused),
            sources=dict(model.sources),
            tensors=tensors,
            signatures=signatures,
        )

    def _input_tensor(self, input_array: np.ndarray, device: torch.device) -> torch.Tensor:
        """The input as a (1, 3, H, W) tensor, converted once per input array."""
        cached = self._input_cache
        if cached is not None and cached[0] is input_array and cached[1] == device:
            return cached[2]
        tensor = torch.from_numpy(np.array(input_array, dtype=np.float32, copy=True))[None].to(device)
        self._input_cache = (input_array, device, tensor)
        return tensor


StageCallback = Callable[[str, np.ndarray, "torch.Tensor | None"], None]


def stage_signatures(plan: Plan, model: CnnvizNet) -> dict[str, tuple[Any, ...]]:
    """What each stage's output depends on besides its input, from the plan itself.

    Each layer's part of the spec (a frozen dataclass holding *every* argument
    torch is given, by the settings table's names) and its parameters.
    Reuse was once keyed on the modules' printed form, which leaves out average
    pooling's ``divisor_override`` and ``count_include_pad``; the spec cannot
    leave anything out because the modules are built from it.
    """
    layer_specs = dict(plan.layer_keys())
    signatures: dict[str, tuple[Any, ...]] = {}
    for name, module in model.stage_modules():
        params = tuple(p.detach() for p in module.parameters(recurse=False))
        signatures[name] = (layer_specs[name], params)
    return signatures


def _same_signature(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    if a[0] != b[0] or len(a[1]) != len(b[1]):
        return False
    return all(
        x is y or (x.shape == y.shape and x.device == y.device and bool(torch.equal(x, y)))
        for x, y in zip(a[1], b[1], strict=True)
    )


def _is_device_failure(exc: BaseException) -> bool:
    """Out-of-memory or driver errors on an accelerator (worth a CPU retry)."""
    if isinstance(exc, getattr(torch.cuda, "OutOfMemoryError", ())):
        return True
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and any(
        word in text for word in ("cuda", "mps", "out of memory", "device", "cudnn", "cublas")
    )


def _empty_cache(device: str) -> None:
    try:
        if device.startswith("cuda"):
            torch.cuda.empty_cache()
        elif device == "mps":
            torch.mps.empty_cache()
    except Exception:
        pass
