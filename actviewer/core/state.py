"""Everything the user has set, as one immutable value with a JSON form.

The window derives a new :class:`ExplorerState` on every edit
(``dataclasses.replace``) and submits ``state.request()``; the same value is
what the settings store saves and restores. Loading is forgiving field by
field: a corrupt or outdated value falls back to that field's default and is
reported, never raised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import catalog
from .devices import DTYPES, check_device_name
from .errors import InputError
from .matrix import (
    DEFAULT_COLS,
    DEFAULT_ROWS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    MATRIX_ACTIVATIONS,
    MatrixRequest,
)
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
SCHEMA_VERSION = 1


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
    view: str = "curve"
    """"curve" or "matrix" (the 2-D logits view of the softmax family)."""
    rows: int = DEFAULT_ROWS
    cols: int = DEFAULT_COLS
    seed: int = DEFAULT_SEED
    scale: float = DEFAULT_SCALE
    logits: tuple[tuple[float, ...], ...] | None = None
    """Logits edited by hand (not saved between sessions); None: generated from seed and scale."""
    slice_index: int = 0

    @property
    def shows_matrix(self) -> bool:
        return self.view == "matrix" and self.activation in MATRIX_ACTIVATIONS

    def matrix_request(self) -> MatrixRequest:
        return MatrixRequest(
            activation=self.activation,
            params=self.current_params(),
            rows=self.rows,
            cols=self.cols,
            seed=self.seed,
            scale=self.scale,
            values=self.logits,
            slice_index=self.slice_index,
            device=self.device,
            dtype=self.dtype,
        )

    @property
    def spec(self) -> catalog.ActivationSpec:
        return catalog.get(self.activation)

    def current_params(self) -> dict[str, ParamValue]:
        """The shown activation's values: its defaults overlaid with what the user set."""
        return {**self.spec.defaults(), **self.params.get(self.activation, {})}

    def with_params(self, values: Mapping[str, ParamValue]) -> ExplorerState:
        merged = {**self.params, self.activation: dict(values)}
        return replace(self, params=merged)

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
        return {
            "schema": SCHEMA_VERSION,
            "activation": self.activation,
            "params": {k: dict(v) for k, v in self.params.items()},
            "x_min": self.x_min,
            "x_max": self.x_max,
            "samples": self.samples,
            "device": self.device,
            "dtype": self.dtype,
            "adaptive": self.adaptive,
            "view": self.view,
            "matrix": {"rows": self.rows, "cols": self.cols, "seed": self.seed, "scale": self.scale},
        }

    @classmethod
    def from_dict(cls, data: object) -> tuple[ExplorerState, list[str]]:
        """Rebuild from :meth:`to_dict` output, keeping every field that is valid.

        Returns the state and one line per field that fell back to its default.
        """
        default = cls()
        if not isinstance(data, Mapping):
            return default, ["stored state is not a mapping; using defaults"]
        problems: list[str] = []

        activation = data.get("activation", DEFAULT_ACTIVATION)
        if activation not in catalog.ids():
            problems.append(f"unknown activation {activation!r}")
            activation = DEFAULT_ACTIVATION

        params: dict[str, dict[str, ParamValue]] = {}
        raw_params = data.get("params", {})
        if isinstance(raw_params, Mapping):
            for act_id, values in raw_params.items():
                if act_id not in catalog.ids() or not isinstance(values, Mapping):
                    problems.append(f"dropped stored params of {act_id!r}")
                    continue
                kept = _valid_params(catalog.get(act_id), values, problems)
                if kept:
                    params[act_id] = kept
        else:
            problems.append("stored params are not a mapping")

        x_min, x_max = data.get("x_min", DEFAULT_X_MIN), data.get("x_max", DEFAULT_X_MAX)
        try:
            check_domain(x_min, x_max)
        except InputError as err:
            problems.append(str(err))
            x_min, x_max = DEFAULT_X_MIN, DEFAULT_X_MAX

        samples = data.get("samples", DEFAULT_SAMPLES)
        try:
            check_samples(samples)
        except InputError as err:
            problems.append(str(err))
            samples = DEFAULT_SAMPLES

        device = data.get("device", "cpu")
        try:
            check_device_name(device if isinstance(device, str) else "")
        except InputError as err:
            problems.append(str(err))
            device = "cpu"

        dtype = data.get("dtype", "float32")
        if dtype not in DTYPES:
            problems.append(f"unknown dtype {dtype!r}")
            dtype = "float32"

        adaptive = data.get("adaptive", True)
        if not isinstance(adaptive, bool):
            problems.append(f"adaptive must be true or false, got {adaptive!r}")
            adaptive = True

        view = data.get("view", "curve")
        if view not in ("curve", "matrix"):
            problems.append(f"unknown view {view!r}")
            view = "curve"
        matrix = _valid_matrix(data.get("matrix", {}), problems)

        state = cls(
            activation=activation,
            params=params,
            x_min=float(x_min),
            x_max=float(x_max),
            samples=int(samples),
            device=device,
            dtype=dtype,
            adaptive=adaptive,
            view=view,
            **matrix,
        )
        return state, problems


def _valid_matrix(raw: object, problems: list[str]) -> dict[str, Any]:
    defaults = {"rows": DEFAULT_ROWS, "cols": DEFAULT_COLS, "seed": DEFAULT_SEED, "scale": DEFAULT_SCALE}
    if not isinstance(raw, Mapping):
        problems.append("stored 2-D view settings are not a mapping")
        return defaults
    candidate = {**defaults, **{k: raw[k] for k in defaults if k in raw}}
    try:
        MatrixRequest(params={"dim": -1, "temperature": 1.0}, **candidate).validated()
    except (InputError, TypeError, ValueError) as err:
        problems.append(f"2-D view settings: {err}")
        return defaults
    return {**candidate, "scale": float(candidate["scale"])}


def _valid_params(
    spec: catalog.ActivationSpec, values: Mapping[str, object], problems: list[str]
) -> dict[str, ParamValue]:
    kept: dict[str, ParamValue] = {}
    for name, value in values.items():
        try:
            param = spec.param(str(name))
            if param.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(f"{name} is not finite")
            kept[param.name] = param.validate(value)
        except InputError as err:
            problems.append(str(err))
    try:
        spec.resolve(kept)
    except InputError as err:
        problems.append(str(err))
        return {}
    return kept
