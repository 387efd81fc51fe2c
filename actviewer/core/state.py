"""Everything the user has set that every view shares, as one immutable value with a JSON form.

The window derives a new :class:`ExplorerState` on every edit
(``dataclasses.replace``); the current view turns it into a request. The same
value is what the settings store saves and restores. Loading is forgiving
field by field (see :mod:`.records`): a corrupt or outdated value falls back
to that field's default and is reported, never raised. Settings that belong
to one view (the 2-D logits, say) are that view's own and stored by it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import catalog, records
from .devices import DTYPES, check_device_name
from .errors import InputError
from .params import ParamValue
from .request import (
    DEFAULT_SAMPLES,
    DEFAULT_X_MAX,
    DEFAULT_X_MIN,
    ComputeRequest,
    check_domain,
    check_samples,
)

DEFAULT_ACTIVATION = "sigmoid"
DEFAULT_VIEW = "curve"
SCHEMA_VERSION = 2
"""2: the 2-D view's rows, columns, seed and scale moved out to that view's own settings."""


@dataclass(frozen=True)
class ExplorerState:
    """What the explorer shows. ``params`` keeps every activation's own values,
    so switching away from leaky ReLU and back keeps its slope."""

    activation: str = DEFAULT_ACTIVATION
    params: Mapping[str, Mapping[str, ParamValue]] = field(default_factory=dict)
    x_min: float = DEFAULT_X_MIN
    x_max: float = DEFAULT_X_MAX
    samples: int = DEFAULT_SAMPLES
    device: str = "cpu"
    dtype: str = "float32"
    adaptive: bool = True
    """Sample the visible x range at screen resolution (the samples count is then unused)."""
    view: str = DEFAULT_VIEW
    """The id of the view shown; the window checks it against the views it hosts."""

    @property
    def spec(self) -> catalog.ActivationSpec:
        return catalog.get(self.activation)

    def current_params(self) -> dict[str, ParamValue]:
        """The shown activation's values: its defaults overlaid with what the user set."""
        return {**self.spec.defaults(), **self.params.get(self.activation, {})}

    def with_params(self, values: Mapping[str, ParamValue]) -> ExplorerState:
        merged = {**self.params, self.activation: dict(values)}
        return replace(self, params=merged)

    def overridden(self, overrides: Mapping[str, Any]) -> ExplorerState:
        """This state with the fields the command line set; ``params`` (of the activation then
        shown) join the stored values rather than replace them."""
        state = replace(self, **{k: v for k, v in overrides.items() if k != "params"})
        if "params" in overrides:
            state = state.with_params({**state.current_params(), **overrides["params"]})
        return state

    def request(self, **overrides: Any) -> ComputeRequest:
        fields: dict[str, Any] = {
            "activation": self.activation,
            "params": self.current_params(),
            "x_min": self.x_min,
            "x_max": self.x_max,
            "samples": self.samples,
            "device": self.device,
            "dtype": self.dtype,
        }
        fields.update(overrides)
        return ComputeRequest(**fields)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, **records.to_json(self)}

    @classmethod
    def from_dict(cls, data: object) -> tuple[ExplorerState, list[str]]:
        """Rebuild from :meth:`to_dict` output, keeping every field that is valid.

        Returns the state and one line per field that fell back to its default.
        """
        state, problems = records.from_json(cls, data, _CHECKS, what="stored explorer settings")
        try:
            check_domain(state.x_min, state.x_max)
        except InputError as err:
            problems.append(f"x range reset to its default: {err}")
            state = replace(state, x_min=DEFAULT_X_MIN, x_max=DEFAULT_X_MAX)
        raw = data.get("params") if isinstance(data, Mapping) else None
        if isinstance(raw, Mapping):
            for act_id, values in raw.items():
                names = list(values) if isinstance(values, Mapping) else ["(all)"]
                dropped = [str(n) for n in names if str(n) not in state.params.get(str(act_id), {})]
                if dropped:
                    problems.append(f"stored params of {act_id!r} dropped: {', '.join(dropped)}")
        return state, problems


def _activation(value: object) -> str:
    if value not in catalog.ids():
        raise InputError(f"unknown activation {value!r}")
    return str(value)


def _samples(value: object) -> int:
    check_samples(value)  # type: ignore[arg-type]
    return int(value)  # type: ignore[call-overload]


def _device(value: object) -> str:
    return check_device_name(value if isinstance(value, str) else "")


def _dtype(value: object) -> str:
    if value not in DTYPES:
        raise InputError(f"unknown dtype {value!r}")
    return str(value)


def _all_params(raw: object) -> dict[str, dict[str, ParamValue]]:
    """Every activation's stored values; an invalid activation's set is dropped whole."""
    if not isinstance(raw, Mapping):
        raise InputError("stored params are not a mapping")
    kept: dict[str, dict[str, ParamValue]] = {}
    for act_id, values in raw.items():
        if act_id in catalog.ids() and isinstance(values, Mapping):
            valid = _valid_params(catalog.get(act_id), values)
            if valid:
                kept[act_id] = valid
    return kept


def _valid_params(spec: catalog.ActivationSpec, values: Mapping[str, object]) -> dict[str, ParamValue]:
    kept: dict[str, ParamValue] = {}
    for name, value in values.items():
        try:
            param = spec.param(str(name))
            if param.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(f"{name} is not finite")
            kept[param.name] = param.validate(value)
        except InputError:
            continue
    try:
        spec.resolve(kept)
    except InputError:
        return {}
    return kept


_CHECKS: dict[str, records.Check] = {
    "activation": _activation,
    "params": _all_params,
    "samples": _samples,
    "device": _device,
    "dtype": _dtype,
}
