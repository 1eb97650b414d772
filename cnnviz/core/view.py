"""How stages are drawn: colormaps and normalisation, for all panels or one.

Pure data (no Qt), so sessions can store and validate it and the worker can
capture it in a request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cnnviz.core.errors import SessionError
from cnnviz.core.i18n import tr
from cnnviz.core.render import (
    DEFAULT_DIVERGING,
    DEFAULT_SEQUENTIAL,
    DIVERGING_CMAPS,
    NORMALIZATION_MODES,
    SEQUENTIAL_CMAPS,
    Normalization,
    is_signed,
    lut,
)

ALL_CMAPS = tuple(dict.fromkeys(DIVERGING_CMAPS + SEQUENTIAL_CMAPS))


@dataclass(frozen=True)
class StageView:
    """Overrides for one panel; ``None`` means "as the whole view"."""

    cmap: str | None = None
    norm: str | None = None

    def is_default(self) -> bool:
        return self.cmap is None and self.norm is None


@dataclass(frozen=True)
class ViewOptions:
    """Colormaps and normalisation for the whole view, with per-panel overrides.

    Signed stages (conv outputs) use ``signed_cmap`` (diverging, centred on 0);
    non-negative ones (ReLU, pooling after ReLU) use ``unsigned_cmap``.
    """

    signed_cmap: str = DEFAULT_DIVERGING
    unsigned_cmap: str = DEFAULT_SEQUENTIAL
    norm: str = "channel"  # "channel", "stage" or "fixed"
    fixed_range: tuple[float, float] = (-1.0, 1.0)
    overrides: Mapping[str, StageView] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(
            (
                self.signed_cmap,
                self.unsigned_cmap,
                self.norm,
                self.fixed_range,
                tuple(sorted(self.overrides.items())),
            )
        )

    # Per stage ---------------------------------------------------------------
    def stage_view(self, stage: str) -> StageView:
        return self.overrides.get(stage, StageView())

    def cmap_for(self, stage: str, kind: str) -> str:
        override = self.stage_view(stage).cmap
        if override:
            return override
        return self.signed_cmap if is_signed(kind) else self.unsigned_cmap

    def norm_mode_for(self, stage: str) -> str:
        return self.stage_view(stage).norm or self.norm

    def normalization_for(self, stage: str) -> Normalization:
        mode = self.norm_mode_for(stage)
        if mode == "fixed":
            lo, hi = self.fixed_range
            return Normalization("fixed", lo, hi)
        return Normalization(mode)

    def with_override(self, stage: str, **changes: Any) -> ViewOptions:
        """A copy where ``stage`` uses ``cmap``/``norm`` (``None`` clears an override)."""
        current = self.stage_view(stage)
        new = replace(current, **changes)
        overrides = dict(self.overrides)
        if new.is_default():
            overrides.pop(stage, None)
        else:
            overrides[stage] = new
        return replace(self, overrides=overrides)

    def render_key(self, stage: str) -> tuple[Any, ...]:
        """What the worker's output for ``stage`` depends on (not the colormap)."""
        return (self.norm_mode_for(stage), self.fixed_range if self.norm_mode_for(stage) == "fixed" else None)

    # JSON ----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "signed_cmap": self.signed_cmap,
            "unsigned_cmap": self.unsigned_cmap,
            "norm": self.norm,
            "fixed_range": list(self.fixed_range),
            "overrides": {
                k: {kk: vv for kk, vv in (("cmap", v.cmap), ("norm", v.norm)) if vv is not None}
                for k, v in self.overrides.items()
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> ViewOptions:
        """Read what :meth:`to_json` wrote; raises :class:`SessionError` naming the field."""
        if not isinstance(data, Mapping):
            raise SessionError(tr("'view' must be an object"), subject="view")
        unknown = set(data) - {"signed_cmap", "unsigned_cmap", "norm", "fixed_range", "overrides"}
        if unknown:
            raise SessionError(
                tr("unknown field(s): {names}").format(names=", ".join(sorted(unknown))), subject="view"
            )
        defaults = cls()
        signed = _check_cmap(data.get("signed_cmap", defaults.signed_cmap), "view.signed_cmap")
        unsigned = _check_cmap(data.get("unsigned_cmap", defaults.unsigned_cmap), "view.unsigned_cmap")
        norm = _check_norm(data.get("norm", defaults.norm), "view.norm")
        fixed = data.get("fixed_range", list(defaults.fixed_range))
        if (
            not isinstance(fixed, (list, tuple))
            or len(fixed) != 2
            or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and _is_finite(v) for v in fixed
            )
            or not fixed[1] > fixed[0]
        ):
            raise SessionError(tr("must be two finite numbers, low < high"), subject="view.fixed_range")
        overrides_data = data.get("overrides", {})
        if not isinstance(overrides_data, Mapping):
            raise SessionError(tr("must be an object"), subject="view.overrides")
        overrides = {}
        for stage, value in overrides_data.items():
            where = f"view.overrides.{stage}"
            if not isinstance(value, Mapping) or set(value) - {"cmap", "norm"}:
                raise SessionError(tr("must be an object with 'cmap' and/or 'norm'"), subject=where)
            overrides[str(stage)] = StageView(
                cmap=_check_cmap(value["cmap"], where + ".cmap") if "cmap" in value else None,
                norm=_check_norm(value["norm"], where + ".norm") if "norm" in value else None,
            )
        return cls(signed, unsigned, norm, (float(fixed[0]), float(fixed[1])), overrides)


def _is_finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float, e.g. 10**400 in the JSON
        return False


def _check_cmap(name: Any, where: str) -> str:
    if not isinstance(name, str):
        raise SessionError(tr("a colormap name must be text"), subject=where)
    try:
        lut(name)
    except ValueError:
        raise SessionError(tr("unknown colormap '{name}'").format(name=name), subject=where) from None
    return name


def _check_norm(mode: Any, where: str) -> str:
    if mode not in NORMALIZATION_MODES:
        raise SessionError(
            tr("'{mode}' is not one of: {modes}").format(mode=mode, modes=", ".join(NORMALIZATION_MODES)),
            subject=where,
        )
    return str(mode)
