"""Overlays, sweeps and precision against direct torch calls and independent ULP arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from actviewer.core import catalog
from actviewer.core.compare import (
    MAX_CURVES,
    PRESETS,
    CompareRequest,
    CurveSpec,
    Grid,
    PrecisionRequest,
    SweepRequest,
    default_sweep_range,
    parse_curve_spec,
    sweepable,
    ulp,
)
from actviewer.core.compare_compute import compute_compare, compute_precision, compute_sweep
from actviewer.core.errors import InputError


def _at(x: np.ndarray, dtype: torch.dtype, fn) -> np.ndarray:
    """``fn`` of x cast to ``dtype``, back in float64: the independent reference."""
    return fn(torch.from_numpy(x).to(dtype)).double().numpy()


def test_gelu_exact_against_tanh_in_float64_peaks_at_4_73e_4_near_2_70():
    request = CompareRequest(
        (CurveSpec("gelu", dtype="float64"), CurveSpec("gelu", {"approximate": "tanh"}, "float64")),
        Grid(-6.0, 6.0, 120_001),
    )
    result = compute_compare(request)
    x = np.linspace(-6.0, 6.0, 120_001)
    exact = F.gelu(torch.from_numpy(x)).numpy()
    tanh = F.gelu(torch.from_numpy(x), approximate="tanh").numpy()
    np.testing.assert_array_equal(result.ys[0], exact)
    np.testing.assert_array_equal(result.ys[1], tanh)
    np.testing.assert_array_equal(result.diffs[1], tanh - exact)
    largest = result.largest_abs[1]
    assert largest is not None
    assert abs(largest.value) == pytest.approx(4.73e-4, abs=5e-7)
    assert abs(largest.x) == pytest.approx(2.70, abs=0.01)
    assert result.diffs[0] is None and result.largest[0] is None


def test_overlays_are_torch_calls_with_autograd_derivatives():
    curves = (CurveSpec("silu"), CurveSpec("mish"), CurveSpec("leaky_relu", {"negative_slope": 0.2}))
    result = compute_compare(CompareRequest(curves, Grid(-4.0, 4.0, 801)))
    x = result.x
    for i, fn in enumerate((F.silu, F.mish, lambda t: F.leaky_relu(t, 0.2))):
        np.testing.assert_array_equal(result.ys[i], _at(x, torch.float32, fn))
        xt = torch.from_numpy(x).float().requires_grad_(True)
        (grad,) = torch.autograd.grad(fn(xt).sum(), xt)
        np.testing.assert_array_equal(result.dys[i], grad.double().numpy())


def test_relative_and_ulp_differences_are_counted_in_the_coarser_dtype():
    curves = (CurveSpec("tanh", dtype="float32"), CurveSpec("tanh", dtype="float16"))
    grid = Grid(-3.0, 3.0, 601)
    x = np.linspace(-3.0, 3.0, 601)
    ref = _at(x, torch.float32, torch.tanh)
    half = _at(x, torch.float16, torch.tanh)
    ulps = compute_compare(CompareRequest(curves, grid, diff="ulp")).diffs[1]
    expected = (half - ref) / np.spacing(np.abs(ref).astype(np.float16)).astype(np.float64)
    np.testing.assert_allclose(ulps, np.where(half == ref, 0.0, expected), rtol=1e-12)
    relative = compute_compare(CompareRequest(curves, grid, diff="relative")).diffs[1]
    nonzero = ref != 0
    np.testing.assert_allclose(relative[nonzero], (half - ref)[nonzero] / np.abs(ref[nonzero]), rtol=1e-12)


def test_kinks_are_sampled_exactly_so_corners_are_drawn():
    result = compute_compare(
        CompareRequest((CurveSpec("relu"), CurveSpec("hardtanh")), Grid(-3.0, 3.0, 100, (0.0, -1.0, 1.0)))
    )
    for corner in (-1.0, 0.0, 1.0):
        assert corner in result.x


def test_sweep_curves_are_per_value_torch_calls():
    request = SweepRequest(
        "softplus", {"threshold": 20.0}, param="beta", start=0.5, stop=5.0, steps=9, grid=Grid(-5.0, 5.0, 501)
    )
    result = compute_sweep(request)
    assert result.values == tuple(np.linspace(0.5, 5.0, 9))
    x = result.x
    for value, y, dy in zip(result.values, result.ys, result.dys):
        np.testing.assert_array_equal(y, _at(x, torch.float32, lambda t, b=value: F.softplus(t, beta=b)))
        sig = torch.sigmoid(torch.from_numpy(x).float() * value).double().numpy()
        np.testing.assert_allclose(dy, sig, atol=2e-7)  # d/dx softplus(beta x)/beta = sigmoid(beta x)
    assert result.frame_count() == 9


def test_sweeping_an_integer_parameter_rounds_and_drops_repeats():
    spec = next(s for s in catalog.all_specs() if any(p.kind == "int" and p.name != "dim" for p in s.params))
    name = next(p.name for p in spec.params if p.kind == "int" and p.name != "dim")
    low, high = default_sweep_range(spec, name)
    values = SweepRequest(spec.id, param=name, start=low, stop=low + 2, steps=9).values()
    start = round(low)
    assert values == (start, start + 1, start + 2)
    assert name in sweepable(spec) and high > low


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SweepRequest("softplus", param="beta", start=-1.0, stop=2.0, steps=5), "beta reaches -1.0"),
        (SweepRequest("softplus", param="beta", start=1.0, stop=1.0, steps=5), "two different ends"),
        (SweepRequest("softplus", param="beta", start=1.0, stop=2.0, steps=1), "steps must be from 2 to 64"),
        (SweepRequest("softplus", param="beta", start=math.nan, stop=2.0, steps=5), "finite number"),
        (SweepRequest("gelu", param="approximate", start=0.0, stop=1.0, steps=5), "not a number"),
        (SweepRequest("relu", param="beta", start=0.0, stop=1.0, steps=5), "has no parameter"),
    ],
)
def test_bad_sweeps_say_what_is_wrong(request_, message):
    with pytest.raises(InputError, match=message):
        request_.validated()


def _bf16_spacing(values: np.ndarray) -> np.ndarray:
    """bfloat16 keeps float32's exponent and 8 of its 24 significand bits: 2**16 float32 ULPs."""
    return np.spacing(np.abs(values).astype(np.float32)).astype(np.float64) * 2.0**16


def test_precision_ulps_match_numpy_spacing_of_the_reference_in_each_dtype():
    result = compute_precision(PrecisionRequest("tanh", grid=Grid(-4.0, 4.0, 801)))
    x = result.x
    np.testing.assert_array_equal(result.y_ref, torch.tanh(torch.from_numpy(x)).numpy())
    by_dtype = {e.dtype: e for e in result.dtypes}
    for dtype, torch_dtype, spacing in (
        ("float32", torch.float32, lambda v: np.spacing(np.abs(v).astype(np.float32)).astype(np.float64)),
        ("float16", torch.float16, lambda v: np.spacing(np.abs(v).astype(np.float16)).astype(np.float64)),
        ("bfloat16", torch.bfloat16, None),
    ):
        xd = torch.from_numpy(x).to(torch_dtype)
        low = torch.tanh(xd).double().numpy()
        ref = torch.tanh(xd.double()).numpy()  # the same torch function in float64, at the same rounded x
        ref_in_dtype = torch.from_numpy(ref).to(torch_dtype).double().numpy()
        step = spacing(ref_in_dtype) if spacing is not None else _bf16_spacing(ref_in_dtype)
        expected = np.where(low == ref, 0.0, (low - ref) / step)
        np.testing.assert_allclose(by_dtype[dtype].ulp_y, expected, rtol=1e-9, atol=0)
        assert by_dtype[dtype].worst("ulp_y") < 4  # tanh is correctly rounded to within a few ULPs


def test_precision_marks_where_a_dtype_loses_the_value():
    # sigmoid(-20) = 2e-9 is below float16's smallest subnormal (6e-8): it underflows to 0.
    result = compute_precision(PrecisionRequest("sigmoid", grid=Grid(-30.0, 0.0, 3001)))
    half = [r for r in result.regions if r.dtype == "float16" and r.what == "f"]
    assert half and half[0].kind == "underflow" and half[0].x0 == -30.0
    assert -18.0 < half[0].x1 < -16.0  # sigmoid(x) = 6e-8 at x = -16.6
    # Inputs beyond float16's largest finite value (65504) are lost before the function runs.
    wide = compute_precision(PrecisionRequest("relu", grid=Grid(-1e5, 1e5, 2001)))
    lost_x = [r for r in wide.regions if r.dtype == "float16" and r.what == "x"]
    assert [(r.x0 <= -65504, r.x1 >= 65504) for r in lost_x] == [(True, False), (False, True)]


def test_ulp_follows_numpy_spacing_including_zero_and_powers_of_two():
    values = np.array([0.0, 1.0, -1.0, 2.0, -2.0, 1e-6, 3.14159, -0.7], dtype=np.float16)
    np.testing.assert_array_equal(
        ulp(values.astype(np.float64), "float16"), np.spacing(np.abs(values)).astype(np.float64)
    )
    assert ulp(np.array([65504.0, -65504.0]), "float16").tolist() == [32.0, 32.0]  # numpy: inf
    values32 = np.array([0.0, 1.0, 1e-40, 3.0e38, -1.0], dtype=np.float32)
    np.testing.assert_array_equal(
        ulp(values32.astype(np.float64), "float32"), np.spacing(np.abs(values32)).astype(np.float64)
    )


def test_curve_specs_parse_the_command_line_grammar():
    spec = parse_curve_spec("gelu:approximate=tanh@float16")
    assert spec == CurveSpec("gelu", {"approximate": "tanh"}, "float16")
    assert spec.call() == "GELU(approximate='tanh') @float16"
    assert parse_curve_spec("hardtanh:min_val=0,max_val=6").params == {"min_val": 0.0, "max_val": 6.0}
    mine = parse_curve_spec("expr:x*tanh(softplus(x))", 3)
    assert mine.activation == "expr_3" and mine.call() == "x*tanh(softplus(x))"
    for text, message in (
        ("gelu:approximate", "expected NAME=VALUE"),
        ("gelu@float8", "unknown dtype"),
        ("gelu@", "nothing after '@'"),
        (":beta=1", "expected ID"),
        ("expr:x+", "not a formula"),
        ("expr:__import__('os')", "unknown function '__import__'"),
        ("softplus:beta=-1", "beta"),
    ):
        with pytest.raises(InputError, match=message):
            parse_curve_spec(text)


def test_compare_requests_are_checked():
    with pytest.raises(InputError, match="nothing to compare"):
        CompareRequest(()).validated()
    with pytest.raises(InputError, match=f"at most {MAX_CURVES}"):
        CompareRequest((CurveSpec("relu"),) * (MAX_CURVES + 1)).validated()
    with pytest.raises(InputError, match="reference"):
        CompareRequest((CurveSpec("relu"),), reference=1).validated()
    with pytest.raises(InputError, match="difference"):
        CompareRequest((CurveSpec("relu"),), diff="log").validated()
    with pytest.raises(InputError, match="at most"):
        CompareRequest((CurveSpec("relu"),), Grid(samples=5_000_000)).validated()


def test_every_preset_is_a_valid_comparison():
    for name, curves in PRESETS.items():
        result = compute_compare(CompareRequest(curves, Grid(-3.0, 3.0, 61)))
        assert len(result.ys) == len(curves), name
        assert all(np.isfinite(y).all() for y in result.ys), name


def test_unchanged_curves_are_reused_and_changed_ones_recomputed():
    grid = Grid(-3.0, 3.0, 301)
    pinned = (CurveSpec("silu"), CurveSpec("mish"))
    first = compute_compare(CompareRequest((*pinned, CurveSpec("elu", {"alpha": 0.5})), grid))
    second = compute_compare(CompareRequest((*pinned, CurveSpec("elu", {"alpha": 0.7})), grid))
    assert first.ys[0] is second.ys[0] and first.diffs[1] is second.diffs[1]  # same arrays: nothing to redraw
    assert not second.ys[0].flags.writeable
    x = torch.from_numpy(second.x).float()
    np.testing.assert_array_equal(second.ys[2], F.elu(x, 0.7).double().numpy())
    np.testing.assert_array_equal(first.ys[2], F.elu(x, 0.5).double().numpy())


def test_precision_counts_ulps_where_the_reference_is_a_normal_number():
    """Below float16's smallest normal (2**-14) a ULP is the subnormal gap: GELU's left tail there
    counted as thousands of ULPs. The share left out is where |GELU(x)| < 2**-14, by scipy's erf."""
    from scipy.special import erf

    from actviewer.core.compare import PrecisionRequest
    from actviewer.core.compare_compute import compute_precision

    result = compute_precision(PrecisionRequest("gelu"))
    half = next(e for e in result.dtypes if e.dtype == "float16")
    x16 = result.x.astype(np.float16).astype(np.float64)
    reference = np.abs(x16 * 0.5 * (1 + erf(x16 / np.sqrt(2))))
    below = (reference.astype(np.float16) < 2.0**-14).mean()
    assert half.left_out("ulp_y") == pytest.approx(below, abs=2e-3) and below > 0.1
    assert half.worst("ulp_y") < 2.5  # float16's GELU is within a few ULPs where it is normal
    assert half.worst("ulp_y", normal_only=False) >= half.worst("ulp_y")
    data = result.as_json()["dtypes"]["float16"]
    assert data["max_ulp_y_normal"] == half.worst("ulp_y") and data["left_out_y"] == half.left_out("ulp_y")
