"""Several curves on one x: overlays and their differences, parameter sweeps, precision.

Choosing an activation means comparing PyTorch's own kernels: GELU against its
tanh approximation, one parameter across its range, float16 against float64.
The requests and results here are torch-free values (the CLI checks them
before loading torch); :mod:`.compare_compute` evaluates them.

Every curve of a request is evaluated on one float64 grid ``x``, cast to the
curve's dtype, so differences are taken point by point. A low-precision curve
therefore sees ``x`` rounded to its dtype: that rounding is part of what it
computes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from . import catalog
from .devices import check_device_name, check_dtype
from .errors import InputError
from .params import ParamValue
from .request import (
    DEFAULT_SAMPLES,
    DEFAULT_X_MAX,
    DEFAULT_X_MIN,
    MAX_EXTRA_POINTS,
    ActivationRequest,
    TypedRequest,
    check_domain,
    check_samples,
)

MAX_OVERLAYS = 8
"""Pinned curves in the Compare view (the live curve may be drawn beside them)."""
MAX_CURVES = MAX_OVERLAYS + 1
MAX_COMPARE_SAMPLES = 2_000_000
"""Per curve: nine curves of two million float64 samples with their graphs stay within ~1 GiB."""
DIFF_MODES = ("absolute", "relative", "ulp")
MIN_SWEEP_STEPS, MAX_SWEEP_STEPS, DEFAULT_SWEEP_STEPS = 2, 64, 9
PRECISION_DTYPES = ("float32", "float16", "bfloat16")
"""Compared, on the chosen device, with a float64 reference on the CPU."""

_FINFO = {
    # eps (spacing at 1), smallest normal, largest finite: torch.finfo's values, stated to stay torch-free.
    "float64": (2.0**-52, 2.0**-1022, float(np.finfo(np.float64).max)),
    "float32": (2.0**-23, 2.0**-126, float(np.finfo(np.float32).max)),
    "float16": (2.0**-10, 2.0**-14, 65504.0),
    "bfloat16": (2.0**-7, 2.0**-126, 3.3895313892515355e38),
}


def coarser(a: str, b: str) -> str:
    """The dtype with the larger spacing at 1 (the one whose ULPs a difference is counted in)."""
    return a if _FINFO[a][0] >= _FINFO[b][0] else b


def largest_finite(dtype: str) -> float:
    return _FINFO[dtype][2]


def smallest_normal_of(dtype: str) -> float:
    return _FINFO[dtype][1]


def ulp(rounded: np.ndarray, dtype: str) -> np.ndarray:
    """One ULP of ``dtype`` at each value (already rounded to ``dtype``): the gap from |v| to
    the next larger number, ``numpy.spacing(abs(v))``, i.e. 2**(e-1) * eps for |v| = m * 2**e
    with m in [0.5, 1), and the subnormal gap below the smallest normal. At the largest finite
    value it is that binade's gap (numpy says inf there). NaN where the value is not finite."""
    eps, tiny, _ = _FINFO[dtype]
    magnitude = np.abs(rounded.astype(np.float64))
    _, exponent = np.frexp(magnitude)
    spacing = np.maximum(np.ldexp(eps, exponent - 1), tiny * eps)
    spacing = np.where(magnitude == 0, tiny * eps, spacing)  # frexp(0) has exponent 0
    return np.where(np.isfinite(magnitude), spacing, np.nan)


# --- one curve ---------------------------------------------------------------


@dataclass(frozen=True)
class CurveSpec:
    """One curve of a comparison: an activation with its parameters, in a dtype on a device."""

    activation: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    dtype: str = "float32"
    device: str = "cpu"

    @property
    def spec(self) -> catalog.ActivationSpec:
        return catalog.get(self.activation)

    def validated(self) -> CurveSpec:
        spec = self.spec
        params = spec.resolve(self.params)
        check_curve_dim(spec, params)
        check_dtype(self.dtype)
        check_device_name(self.device)
        return replace(self, params=params)

    def call(self) -> str:
        """The legend: the module call, and the dtype and device when they are not the defaults."""
        spec = self.spec
        params = spec.resolve(self.params)
        text = spec.signature(params) if spec.formula is None else _formula_call(spec.formula, params)
        if self.dtype != "float32":
            text += f" @{self.dtype}"
        if self.device != "cpu":
            text += f" on {self.device}"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "params": dict(self.params),
            "dtype": self.dtype,
            "device": self.device,
        }

    @classmethod
    def from_json(cls, data: object) -> CurveSpec:
        """A stored curve, checked; an InputError says what is wrong with it."""
        if not isinstance(data, dict):
            raise InputError(f"expected an object, got {data!r}")
        activation, params = data.get("activation"), data.get("params", {})
        dtype, device = data.get("dtype", "float32"), data.get("device", "cpu")
        if not isinstance(activation, str) or not isinstance(params, dict):
            raise InputError(f"expected an activation id and a params object, got {data!r}")
        if not isinstance(dtype, str) or not isinstance(device, str):
            raise InputError(f"dtype and device must be names, got {dtype!r} and {device!r}")
        return cls(activation, params, dtype, device).validated()


def _formula_call(formula: str, params: Mapping[str, ParamValue]) -> str:
    """A custom activation's legend: its formula, then its parameter values."""
    values = ", ".join(f"{k}={catalog.format_value(v)}" for k, v in params.items())
    return f"{formula} ({values})" if values else formula


def check_curve_dim(spec: catalog.ActivationSpec, params: Mapping[str, ParamValue]) -> None:
    """What a 1-D curve needs beyond the declaration: the number of logits a one-class curve stacks
    is checked per request (:class:`~actviewer.core.request.ComputeRequest`); nothing else today."""


EXPR_PREFIX = "expr:"


def parse_curve_spec(text: str, index: int = 1) -> CurveSpec:
    """``ID[:NAME=VALUE[,NAME=VALUE...]][@DTYPE]``, or ``expr:FORMULA[@DTYPE]`` (the command line's SPEC).

    A formula is registered as the activation ``expr_<index>`` so several can be compared.
    """
    body, at, dtype = text.rpartition("@") if "@" in text else (text, "", "float32")
    if at and not dtype:
        raise InputError(f"{text!r}: nothing after '@'; give a dtype such as @float16")
    if at:
        check_dtype(dtype)
    if body.startswith(EXPR_PREFIX):
        from .custom import CustomActivation

        formula = body[len(EXPR_PREFIX) :]
        try:
            spec = CustomActivation(f"expr {index}", formula).spec(f"expr_{index}")
        except InputError as err:
            raise InputError(f"{text!r}: {err}") from None
        catalog.register(spec)
        return CurveSpec(spec.id, {}, dtype).validated()
    activation, _, assignments = body.partition(":")
    if not activation.strip():
        raise InputError(
            f"{text!r}: expected ID[:NAME=VALUE,...][@DTYPE], e.g. gelu:approximate=tanh@float16"
        )
    spec = catalog.get(activation.strip())
    values: dict[str, str] = {}
    for item in filter(None, (a.strip() for a in assignments.split(","))):
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"{text!r}: expected NAME=VALUE after ':', got {item!r}")
        values[name.strip()] = value.strip()
    try:
        return CurveSpec(spec.id, spec.parse(values), dtype).validated()
    except InputError as err:
        raise InputError(f"{text!r}: {err}") from None


@dataclass(frozen=True)
class Grid:
    """The x every curve of a request is evaluated on (float64, then cast per curve)."""

    x_min: float = DEFAULT_X_MIN
    x_max: float = DEFAULT_X_MAX
    samples: int = DEFAULT_SAMPLES
    extra_points: tuple[float, ...] = ()

    def validated(self, max_samples: int = MAX_COMPARE_SAMPLES) -> Grid:
        check_domain(self.x_min, self.x_max)
        check_samples(self.samples)
        if self.samples > max_samples:
            raise InputError(f"at most {max_samples:,} samples per curve here, got {self.samples:,}")
        extras = sorted(
            {float(p) for p in self.extra_points if math.isfinite(p) and self.x_min <= p <= self.x_max}
        )
        return replace(self, extra_points=tuple(extras[:MAX_EXTRA_POINTS]))

    def values(self) -> np.ndarray:
        grid = np.linspace(self.x_min, self.x_max, self.samples)
        if not self.extra_points:
            return grid
        extras = np.array(self.extra_points)
        return np.unique(
            np.concatenate([grid, extras, np.nextafter(extras, -np.inf)]).clip(self.x_min, self.x_max)
        )


def kinks(curves: tuple[CurveSpec, ...], lo: float, hi: float) -> tuple[float, ...]:
    """Every declared kink or jump of these curves inside [lo, hi], so corners are drawn exactly."""
    found: set[float] = set()
    for curve in curves:
        try:
            found.update(b for b in curve.spec.breakpoints(curve.spec.resolve(curve.params)) if lo <= b <= hi)
        except InputError:
            continue
    return tuple(sorted(found))[:MAX_EXTRA_POINTS]


# --- overlays ----------------------------------------------------------------


@dataclass(frozen=True)
class CompareRequest:
    """Overlays on one grid, and each one's difference from the ``reference``-th."""

    curves: tuple[CurveSpec, ...]
    grid: Grid = Grid()
    reference: int = 0
    diff: str = "absolute"

    @property
    def device(self) -> str:
        """Where the first curve runs (the CLI checks each one's device before computing)."""
        return self.curves[0].device if self.curves else "cpu"

    @property
    def devices(self) -> tuple[str, ...]:
        """Every device the overlays run on."""
        return tuple(dict.fromkeys(curve.device for curve in self.curves)) or ("cpu",)

    def validated(self) -> CompareRequest:
        if not self.curves:
            raise InputError("nothing to compare: pin a curve (Ctrl+P) or choose a preset")
        if len(self.curves) > MAX_CURVES:
            raise InputError(f"at most {MAX_CURVES} curves can be compared, got {len(self.curves)}")
        if not 0 <= self.reference < len(self.curves):
            raise InputError(
                f"the reference must be one of curves 1..{len(self.curves)}, got {self.reference + 1}"
            )
        if self.diff not in DIFF_MODES:
            raise InputError(f"unknown difference {self.diff!r}; use one of {', '.join(DIFF_MODES)}")
        return replace(self, curves=tuple(c.validated() for c in self.curves), grid=self.grid.validated())


@dataclass(frozen=True)
class MaxDifference:
    value: float
    """Signed, in the request's difference mode (NaN when there is none to measure)."""
    x: float


@dataclass(frozen=True, eq=False)
class CompareResult:
    request: CompareRequest
    x: np.ndarray
    ys: tuple[np.ndarray, ...]
    dys: tuple[np.ndarray, ...]
    diffs: tuple[np.ndarray | None, ...]
    """Each curve's difference from the reference in the request's mode; None for the reference."""
    largest: tuple[MaxDifference | None, ...]
    """Where each difference is largest in magnitude."""
    largest_abs: tuple[MaxDifference | None, ...]
    """The same for y_i - y_ref, whatever the mode (the CLI's ``max_abs_diff``)."""
    elapsed_s: float
    dys_at_zero: tuple[float | None, ...] = ()
    """Each curve's f'(0) as PyTorch computes it (the Learn panel shows the live one's)."""

    def at_zero_for(self, activation: str, params: Mapping[str, Any]) -> float | None:
        for curve, value in zip(self.request.curves, self.dys_at_zero):
            if curve.activation == activation and dict(curve.params) == dict(params):
                return value
        return None

    def as_json(self) -> dict[str, Any]:
        r = self.request
        curves = []
        for i, curve in enumerate(r.curves):
            entry: dict[str, Any] = {"call": curve.call(), **curve.as_json()}
            entry["y"], entry["dy"] = self.ys[i].tolist(), self.dys[i].tolist()
            absolute = self.largest_abs[i]
            if absolute is not None:
                entry["max_abs_diff"], entry["max_abs_diff_x"] = abs(absolute.value), absolute.x
                entry["diff"] = (self.ys[i] - self.ys[r.reference]).tolist()
            curves.append(entry)
        return {
            "x_min": r.grid.x_min,
            "x_max": r.grid.x_max,
            "samples": len(self.x),
            "reference": r.reference + 1,
            "x": self.x.tolist(),
            "curves": curves,
        }


# --- sweeps ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SweepRequest(TypedRequest):
    """The family f(x; p) for ``steps`` values of one parameter from ``start`` to ``stop``;
    ``params`` holds the other parameters (the swept one's value there is ignored)."""

    param: str
    start: float
    stop: float
    steps: int = DEFAULT_SWEEP_STEPS
    grid: Grid = Grid()

    def values(self) -> tuple[ParamValue, ...]:
        """The swept values; an integer parameter's are rounded and repeated ones dropped."""
        raw = np.linspace(self.start, self.stop, self.steps)
        if self.spec.param(self.param).kind == "int":
            return tuple(dict.fromkeys(int(np.rint(v)) for v in raw))
        return tuple(float(v) for v in raw)

    def validated(self) -> SweepRequest:
        spec = self.spec
        swept = spec.param(self.param)
        if swept.kind not in ("float", "int"):
            raise InputError(
                f"{self.param} is not a number; sweep one of: {', '.join(sweepable(spec)) or 'none'}"
            )
        for name, value in (("start", self.start), ("stop", self.stop)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InputError(f"the sweep's {name} must be a finite number, got {value!r}")
        if isinstance(self.steps, bool) or not isinstance(self.steps, int):
            raise InputError(f"steps must be a whole number, got {self.steps!r}")
        if not MIN_SWEEP_STEPS <= self.steps <= MAX_SWEEP_STEPS:
            raise InputError(f"steps must be from {MIN_SWEEP_STEPS} to {MAX_SWEEP_STEPS}, got {self.steps}")
        if self.start == self.stop:
            raise InputError(f"the sweep of {self.param} needs two different ends, got {self.start:g} twice")
        others = {k: v for k, v in self.params.items() if k != self.param}
        for swept_value in self.values():
            try:
                resolved = spec.resolve({**others, self.param: swept_value})
            except InputError as err:
                raise InputError(f"the sweep of {self.param} reaches {swept_value}: {err}") from None
            check_curve_dim(spec, resolved)
        self.check_placement()
        return replace(self, params=spec.resolve(others), grid=self.grid.validated())

    def curve(self, value: ParamValue) -> CurveSpec:
        return CurveSpec(self.activation, {**self.params, self.param: value}, self.dtype, self.device)


def sweepable(spec: catalog.ActivationSpec) -> list[str]:
    """The parameters a sweep can vary: the numeric ones with a range to sweep."""
    return [p.name for p in spec.params if p.kind in ("float", "int") and p.scope != "tensor"]


def default_sweep_range(spec: catalog.ActivationSpec, name: str) -> tuple[float, float]:
    """The parameter's slider range (its declared UI range), else its hard limits, else around the default."""
    p = spec.param(name)
    default = float(p.default)
    low = p.ui_min if p.ui_min is not None else p.minimum
    high = p.ui_max if p.ui_max is not None else p.maximum
    if low is None:
        low = default - 1.0
    if high is None:
        high = default + 1.0
    if p.exclusive_minimum and p.minimum is not None and low <= p.minimum:
        low = p.minimum + (p.step or (high - p.minimum) / 100)
    return float(low), float(high)


@dataclass(frozen=True, eq=False)
class SweepResult:
    request: SweepRequest
    values: tuple[ParamValue, ...]
    x: np.ndarray
    ys: tuple[np.ndarray, ...]
    dys: tuple[np.ndarray, ...]
    elapsed_s: float
    dy_at_zero: float | None = None
    """f'(0) with the request's own parameters (the state's), for the Learn panel."""

    def at_zero_for(self, activation: str, params: Mapping[str, Any]) -> float | None:
        return self.dy_at_zero if self.request.activation == activation else None

    def frame_count(self) -> int:
        """An animation of a sweep has one frame per swept value (see the GIF format)."""
        return len(self.values)

    def as_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "activation": r.activation,
            "param": r.param,
            "values": list(self.values),
            "params": dict(r.params),
            "calls": [r.curve(v).call() for v in self.values],
            "dtype": r.dtype,
            "x": self.x.tolist(),
            "y": [y.tolist() for y in self.ys],
            "dy": [dy.tolist() for dy in self.dys],
        }


# --- precision -----------------------------------------------------------------


@dataclass(frozen=True)
class PrecisionRequest(ActivationRequest):
    """One activation in float32, float16 and bfloat16 on ``device`` against float64 on the CPU."""

    grid: Grid = Grid()

    def validated(self) -> PrecisionRequest:
        spec = self.spec
        params = self.resolved_params()
        check_curve_dim(spec, params)
        self.check_placement()
        return replace(self, params=params, grid=self.grid.validated())


@dataclass(frozen=True)
class Region:
    """An x interval where a dtype's result is lost: ``overflow`` (inf or NaN where float64 is
    finite) or ``underflow`` (0 where float64 is not), of f (``what`` = "f") or of f' ("f′")."""

    dtype: str
    kind: str
    what: str
    x0: float
    x1: float


@dataclass(frozen=True, eq=False)
class DtypeError:
    """One dtype's values and their error against the float64 reference at the same (rounded) x."""

    dtype: str
    y: np.ndarray
    dy: np.ndarray
    ulp_y: np.ndarray
    ulp_dy: np.ndarray
    rel_y: np.ndarray
    rel_dy: np.ndarray
    failure: str = ""
    """Why torch could not compute it (the arrays are then NaN)."""
    normal_y: np.ndarray | None = None
    """Where the float64 reference of f, rounded to this dtype, is a normal number of it. Below the
    smallest normal a ULP is the subnormal gap, and any error there counts millions of ULPs (GELU
    in float32 "1.67e+07 ULPs" beside float16's 2): the headline ULPs are taken where it is normal."""
    normal_dy: np.ndarray | None = None

    def _counted(self, which: str, normal_only: bool) -> np.ndarray:
        values = np.abs(getattr(self, which))
        keep = np.isfinite(values)
        mask = getattr(self, "normal_" + which.split("_", 1)[1], None) if which.startswith("ulp") else None
        if normal_only and mask is not None:
            keep &= mask
        return values[keep]

    def worst(self, which: str = "ulp_y", normal_only: bool = True) -> float:
        """The largest error; in ULPs, where the reference is a normal number (``normal_only``)."""
        counted = self._counted(which, normal_only)
        return float(counted.max()) if counted.size else math.nan

    def left_out(self, which: str = "ulp_y") -> float:
        """The share of the computed points :meth:`worst` leaves out (the reference is not normal)."""
        total = self._counted(which, False).size
        return 1.0 - self._counted(which, True).size / total if total else 0.0


@dataclass(frozen=True, eq=False)
class PrecisionResult:
    request: PrecisionRequest
    x: np.ndarray
    y_ref: np.ndarray
    dy_ref: np.ndarray
    dtypes: tuple[DtypeError, ...]
    regions: tuple[Region, ...]
    elapsed_s: float
    device: str
    dy_at_zero: float | None = None
    """f'(0) in float64, for the Learn panel."""

    def at_zero_for(self, activation: str, params: Mapping[str, Any]) -> float | None:
        return self.dy_at_zero if self.request.activation == activation else None

    def as_json(self) -> dict[str, Any]:
        r = self.request
        return {
            "activation": r.activation,
            "call": r.spec.signature(r.params),
            "params": dict(r.params),
            "device": self.device,
            "reference": "float64 on cpu",
            "x": self.x.tolist(),
            "y_ref": self.y_ref.tolist(),
            "dy_ref": self.dy_ref.tolist(),
            "dtypes": {
                e.dtype: {
                    "y": e.y.tolist(),
                    "dy": e.dy.tolist(),
                    "ulp_y": e.ulp_y.tolist(),
                    "ulp_dy": e.ulp_dy.tolist(),
                    "max_ulp_y": e.worst("ulp_y", normal_only=False),
                    "max_ulp_dy": e.worst("ulp_dy", normal_only=False),
                    "max_ulp_y_normal": e.worst("ulp_y"),
                    "max_ulp_dy_normal": e.worst("ulp_dy"),
                    "left_out_y": e.left_out("ulp_y"),
                    "left_out_dy": e.left_out("ulp_dy"),
                    **({"failure": e.failure} if e.failure else {}),
                }
                for e in self.dtypes
            },
            "regions": [vars(region) for region in self.regions],
        }


def intervals(x: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """The runs of consecutive True in ``mask`` as (first x, last x)."""
    if not mask.any():
        return []
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(float(x[a]), float(x[b - 1])) for a, b in zip(edges[0::2], edges[1::2])]


PRESETS: dict[str, tuple[CurveSpec, ...]] = {
    "GELU exact vs tanh": (CurveSpec("gelu"), CurveSpec("gelu", {"approximate": "tanh"})),
    "SiLU vs Mish vs GELU": (CurveSpec("silu"), CurveSpec("mish"), CurveSpec("gelu")),
    "Hardswish vs SiLU": (CurveSpec("hardswish"), CurveSpec("silu")),
    "Hardsigmoid vs Sigmoid": (CurveSpec("hardsigmoid"), CurveSpec("sigmoid")),
    "ReLU6 vs Hardtanh(0, 6)": (CurveSpec("relu6"), CurveSpec("hardtanh", {"min_val": 0.0, "max_val": 6.0})),
    "Softplus β 1, 2, 5 vs ReLU": (
        CurveSpec("softplus", {"beta": 1.0}),
        CurveSpec("softplus", {"beta": 2.0}),
        CurveSpec("softplus", {"beta": 5.0}),
        CurveSpec("relu"),
    ),
    "ELU vs CELU vs SELU": (CurveSpec("elu"), CurveSpec("celu"), CurveSpec("selu")),
}
"""The comparisons people ask about, the first curve of each being the reference."""
