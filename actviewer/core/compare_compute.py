"""Evaluate comparisons: overlays, sweeps and precision, with the curve view's own autograd.

Each curve goes through :func:`actviewer.core.compute.evaluate`, so a curve
here is exactly the curve view's (same forward, same derivative). Torch is
imported with this module.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import torch

from .compare import (
    PRECISION_DTYPES,
    CompareRequest,
    CompareResult,
    CurveSpec,
    DtypeError,
    Grid,
    MaxDifference,
    PrecisionRequest,
    PrecisionResult,
    Region,
    SweepRequest,
    SweepResult,
    coarser,
    intervals,
    largest_finite,
    smallest_normal_of,
    ulp,
)
from .compute import evaluate, user_errors
from .devices import torch_device, torch_dtype
from .errors import InputError

_RECENT: dict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = {}
RECENT_CURVES = 24
"""Curves kept from the last computations: a change of the live curve recomputes it alone, and
its 8 pinned neighbours come back as the same (read-only) arrays, which the view need not redraw."""


_DIFFS: dict[tuple[Any, ...], tuple[np.ndarray, MaxDifference, MaxDifference]] = {}


def curve_key(curve: CurveSpec) -> tuple[Any, ...]:
    return (curve.activation, tuple(sorted(curve.params.items())), curve.dtype, curve.device)


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    cache.pop(key, None)
    cache[key] = value  # most recent last
    while len(cache) > RECENT_CURVES:
        cache.pop(next(iter(cache)))
    return value


def cached_curve(curve: CurveSpec, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """:func:`curve_values` on ``grid``, from the recent ones when this curve on this grid was computed."""
    key = (*curve_key(curve), grid)
    found = _RECENT.get(key)
    if found is None:
        y, dy = curve_values(curve, grid.values())
        y.setflags(write=False)
        dy.setflags(write=False)
        found = (y, dy)
    return _remember(_RECENT, key, found)


def curve_values(curve: CurveSpec, x64: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """y and dy of ``curve`` at ``x64`` cast to its dtype, as float64 numpy arrays."""
    device = torch_device(curve.device)
    dtype = torch_dtype(curve.dtype)
    spec = curve.spec
    with user_errors(spec, curve.device, curve.dtype, len(x64)):
        x = torch.from_numpy(x64).to(device=device, dtype=dtype)
        y, dy, _, _ = evaluate(spec, curve.params, x, second=False)
        return _numpy(y), _numpy(dy)


def _numpy(t: Any) -> np.ndarray:
    return t.detach().to("cpu", torch.float64).numpy()


def rounded(values: np.ndarray, dtype: str) -> np.ndarray:
    """``values`` rounded to ``dtype`` (round to nearest even, as torch casts), back in float64."""
    copied = torch.tensor(values)  # a copy: values may be read-only
    return copied.to(torch_dtype(dtype)).to(torch.float64).numpy()


def difference(y: np.ndarray, ref: np.ndarray, mode: str, dtype: str) -> np.ndarray:
    """``y - ref`` as is (``absolute``), over |ref| (``relative``), or in ULPs of ``dtype`` at ref."""
    delta = y - ref
    with np.errstate(divide="ignore", invalid="ignore"):
        if mode == "relative":
            return np.where(delta == 0, 0.0, delta / np.abs(ref))
        if mode == "ulp":
            return np.where(delta == 0, 0.0, delta / ulp(rounded(ref, dtype), dtype))
    return delta


def largest(x: np.ndarray, values: np.ndarray) -> MaxDifference:
    """The value of largest magnitude (NaN and inf left out) and its x."""
    magnitude = np.where(np.isfinite(values), np.abs(values), -1.0)
    i = int(np.argmax(magnitude))
    if magnitude[i] < 0:
        return MaxDifference(float("nan"), float("nan"))
    return MaxDifference(float(values[i]), float(x[i]))


def at_zero(curve: CurveSpec) -> float | None:
    """f'(0) of ``curve`` as autograd gives it (None where it is not a number: a softmax's)."""
    try:
        value = float(curve_values(curve, np.zeros(1))[1][0])
    except InputError:
        return None
    return value if math.isfinite(value) else None


def compute_compare(request: CompareRequest) -> CompareResult:
    start = time.perf_counter()
    request = request.validated()
    x = request.grid.values()
    pairs = [cached_curve(curve, request.grid) for curve in request.curves]
    ys, dys = tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
    ref = request.reference
    ref_dtype = request.curves[ref].dtype
    diffs: list[np.ndarray | None] = []
    largest_mode: list[MaxDifference | None] = []
    largest_abs: list[MaxDifference | None] = []
    for i, curve in enumerate(request.curves):
        if i == ref:
            diffs.append(None)
            largest_mode.append(None)
            largest_abs.append(None)
            continue
        key = (curve_key(curve), curve_key(request.curves[ref]), request.diff, request.grid)
        known = _DIFFS.get(key)
        if known is None:
            diff = difference(ys[i], ys[ref], request.diff, coarser(curve.dtype, ref_dtype))
            diff.setflags(write=False)
            known = (diff, largest(x, diff), largest(x, ys[i] - ys[ref]))
        _remember(_DIFFS, key, known)
        diffs.append(known[0])
        largest_mode.append(known[1])
        largest_abs.append(known[2])
    return CompareResult(
        request=request,
        x=x,
        ys=ys,
        dys=dys,
        diffs=tuple(diffs),
        largest=tuple(largest_mode),
        largest_abs=tuple(largest_abs),
        elapsed_s=time.perf_counter() - start,
        dys_at_zero=tuple(at_zero(curve) for curve in request.curves),
    )


def compute_sweep(request: SweepRequest) -> SweepResult:
    start = time.perf_counter()
    request = request.validated()
    x = request.grid.values()
    values = request.values()
    pairs = [curve_values(request.curve(v), x) for v in values]
    return SweepResult(
        request=request,
        values=values,
        x=x,
        ys=tuple(p[0] for p in pairs),
        dys=tuple(p[1] for p in pairs),
        elapsed_s=time.perf_counter() - start,
        dy_at_zero=at_zero(CurveSpec(request.activation, request.params, request.dtype, request.device)),
    )


def _relative(error: np.ndarray, ref: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(error == 0, 0.0, error / np.abs(ref))


def compute_precision(request: PrecisionRequest) -> PrecisionResult:
    """Each low dtype at x rounded to it, against float64 on the CPU at that same rounded x.

    Comparing at the rounded x measures the kernel, not the rounding of its
    input; the reference columns (``y_ref``, ``dy_ref``) are at the exact grid.
    """
    start = time.perf_counter()
    request = request.validated()
    device = torch_device(request.device)  # unavailable: one error, not three
    x = request.grid.values()
    spec, params = request.spec, request.params
    y_ref, dy_ref = curve_values(CurveSpec(spec.id, params, "float64", "cpu"), x)
    errors: list[DtypeError] = []
    regions: list[Region] = []
    for dtype in PRECISION_DTYPES:
        xd = rounded(x, dtype)
        ref_y, ref_dy = curve_values(CurveSpec(spec.id, params, "float64", "cpu"), xd)
        try:
            y, dy = curve_values(CurveSpec(spec.id, params, dtype, request.device), x)
        except InputError as err:  # a dtype the kernel lacks must not hide the others
            nan = np.full_like(x, np.nan)
            errors.append(DtypeError(dtype, nan, nan, nan, nan, nan, nan, failure=str(err)))
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            error_y, error_dy = y - ref_y, dy - ref_dy
            ulp_y = np.where(error_y == 0, 0.0, error_y / ulp(rounded(ref_y, dtype), dtype))
            ulp_dy = np.where(error_dy == 0, 0.0, error_dy / ulp(rounded(ref_dy, dtype), dtype))
        smallest_normal = smallest_normal_of(dtype)
        errors.append(
            DtypeError(
                dtype,
                y,
                dy,
                ulp_y,
                ulp_dy,
                _relative(error_y, ref_y),
                _relative(error_dy, ref_dy),
                normal_y=np.abs(rounded(ref_y, dtype)) >= smallest_normal,
                normal_dy=np.abs(rounded(ref_dy, dtype)) >= smallest_normal,
            )
        )
        regions += _lost(x, dtype, "f", y, ref_y) + _lost(x, dtype, "f′", dy, ref_dy)
        too_large = np.abs(x) > largest_finite(dtype)
        regions += [Region(dtype, "overflow", "x", a, b) for a, b in intervals(x, too_large)]
    return PrecisionResult(
        request=request,
        x=x,
        y_ref=y_ref,
        dy_ref=dy_ref,
        dtypes=tuple(errors),
        regions=tuple(regions),
        elapsed_s=time.perf_counter() - start,
        device=str(device),
        dy_at_zero=at_zero(CurveSpec(spec.id, params, "float64", "cpu")),
    )


def _lost(x: np.ndarray, dtype: str, what: str, values: np.ndarray, ref: np.ndarray) -> list[Region]:
    """Where ``values`` overflowed (not finite, reference finite) or underflowed (0, reference not)."""
    finite_ref = np.isfinite(ref)
    overflow = finite_ref & ~np.isfinite(values)
    underflow = finite_ref & (values == 0) & (ref != 0)
    return [Region(dtype, "overflow", what, a, b) for a, b in intervals(x, overflow)] + [
        Region(dtype, "underflow", what, a, b) for a, b in intervals(x, underflow)
    ]
