"""What one computation needs, captured as an immutable value.

A :class:`ComputeRequest` is built on the GUI thread (or from CLI flags) and
handed to a worker, so the worker needs no locks and can be compared with the
newest request to drop stale results. Validation here needs no torch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from . import catalog
from .devices import check_device_name, check_dtype
from .errors import InputError
from .params import ParamValue

DEFAULT_X_MIN = -6.0
DEFAULT_X_MAX = 6.0
DEFAULT_SAMPLES = 1001
MIN_SAMPLES = 2
MAX_SAMPLES = 20_000_000
"""Twenty million float32 samples with their graph fit comfortably in a few GiB."""
MAX_ABS_X = 1e6
MIN_X_SPAN = 1e-6
"""Narrowest x range, relative to the magnitude of its ends (and absolute below 1): narrower
ranges hold fewer distinct float32 values than a plot has pixels, and tick and framing code
breaks down on subnormal spans."""
MAX_EXTRA_POINTS = 64
MAX_LOGITS = 2 * MAX_SAMPLES
"""Most logits a curve of one class may stack (samples x classes): the largest grid at K = 2."""


@dataclass(frozen=True)
class ActivationRequest:
    """What every request about one activation holds: the activation, its parameters, the device.

    ``device`` is keyword-only, so each request's own fields keep their positions after
    ``activation, params``. ``params`` may be left out (or None): the declaration's defaults.
    """

    activation: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    device: str = field(default="cpu", kw_only=True)

    @property
    def spec(self) -> catalog.ActivationSpec:
        return catalog.get(self.activation)

    def resolved_params(self) -> dict[str, ParamValue]:
        """The parameters checked against the activation's declaration (InputError otherwise)."""
        return self.spec.resolve(self.params or {})

    def check_placement(self) -> None:
        """Where it runs: the device's name (its availability is the worker's to find out)."""
        check_device_name(self.device)


@dataclass(frozen=True)
class TypedRequest(ActivationRequest):
    """An activation request computed in one dtype (keyword-only too)."""

    dtype: str = field(default="float32", kw_only=True)

    def check_placement(self) -> None:
        super().check_placement()
        check_dtype(self.dtype)


@dataclass(frozen=True)
class ComputeRequest(TypedRequest):
    x_min: float = DEFAULT_X_MIN
    x_max: float = DEFAULT_X_MAX
    samples: int = DEFAULT_SAMPLES
    second_derivative: bool = True
    extra_points: tuple[float, ...] = ()
    """x values added to the even grid (kinks and jumps, so corners are drawn exactly)."""
    display_bins: int | None = None
    """If set, the worker also returns a min/max envelope of about 2 points per bin for drawing."""

    def validated(self) -> ComputeRequest:
        """This request with params resolved against the catalog, or an InputError."""
        spec = self.spec
        params = self.resolved_params()
        check_domain(self.x_min, self.x_max)
        check_samples(self.samples)
        if spec.layout == "one_class" and self.samples * int(params["classes"]) > MAX_LOGITS:
            raise InputError(
                f"{self.samples:,} samples x {params['classes']} classes is more than {MAX_LOGITS:,} logits "
                "(each sample is a row of K logits); use fewer samples or classes"
            )
        self.check_placement()
        if len(self.extra_points) > MAX_EXTRA_POINTS:
            raise InputError(f"at most {MAX_EXTRA_POINTS} extra points, got {len(self.extra_points)}")
        extras = tuple(
            float(p) for p in self.extra_points if math.isfinite(p) and self.x_min <= p <= self.x_max
        )
        return replace(self, params=params, extra_points=extras)


def check_domain(x_min: float, x_max: float) -> None:
    for name, value in (("x-min", x_min), ("x-max", x_max)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise InputError(f"{name} must be a finite number, got {value!r}")
        if abs(value) > MAX_ABS_X:
            raise InputError(f"{name} must lie within +/-{MAX_ABS_X:g}, got {value:g}")
    if not x_min < x_max:
        raise InputError(
            f"x-min ({x_min:g}) must be less than x-max ({x_max:g})", "domain.order", x_min=x_min, x_max=x_max
        )
    narrowest = min_x_span(x_min, x_max)
    if x_max - x_min < narrowest:
        raise InputError(
            f"the x range must be at least {narrowest:g} wide, got {x_max - x_min:g}",
            "domain.narrow",
            narrowest=narrowest,
            width=x_max - x_min,
        )


def min_x_span(x_min: float, x_max: float) -> float:
    """The narrowest allowed range around these ends: :data:`MIN_X_SPAN` times their magnitude (at least 1)."""
    return MIN_X_SPAN * max(1.0, abs(x_min), abs(x_max))


def check_samples(samples: int) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int):
        raise InputError(f"samples must be an integer, got {samples!r}")
    if not MIN_SAMPLES <= samples <= MAX_SAMPLES:
        raise InputError(f"samples must be between {MIN_SAMPLES} and {MAX_SAMPLES:,}, got {samples:,}")


def parse_float(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name} must be a finite number, got {text!r}") from None
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {text!r}")
    return value


def parse_samples(text: str) -> int:
    """An integer count; ``1e6`` and ``1_000_000`` are accepted as people write them."""
    try:
        as_float = float(text)
    except ValueError:
        as_float = math.nan
    if not (math.isfinite(as_float) and as_float.is_integer()):
        raise InputError(f"samples must be an integer, got {text!r}")
    value = (
        int(text.replace("_", "")) if text.strip().lstrip("+-").replace("_", "").isdigit() else int(as_float)
    )
    check_samples(value)
    return value


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["a=1", "b=x"]`` -> ``{"a": "1", "b": "x"}``; a malformed item is an InputError."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param takes NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out
