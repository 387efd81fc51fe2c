"""CUDA against the CPU and against theory, where a CUDA device is present (skipped elsewhere).

CI has no GPU; these ran on a lent H200 (README, "Development"; benchmarks/README). The
CPU results they compare with are held to independent references by the other core tests,
so agreement here carries those references over to the GPU. Tolerances are float32
rounding (CUDA's kernels and the CPU's differ in the last bits, and in fused multiply-adds)
grown with depth for the stacks.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from actviewer.core import catalog, custom
from actviewer.core.compare import CompareRequest, CurveSpec, PrecisionRequest
from actviewer.core.compare_compute import compute_compare, compute_precision
from actviewer.core.compute import compute
from actviewer.core.devices import available_devices, torch_device
from actviewer.core.errors import InputError
from actviewer.core.network import DistRequest, StackRequest, compute_dist, compute_stack
from actviewer.core.request import ComputeRequest

from ..cli.test_cli import actviewer, read_csv
from .reference import module_output

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")

BUILT_IN = [spec.id for spec in catalog.ACTIVATIONS]
SIXTH_IN_FLOAT32 = {
    "hardsigmoid": lambda x, sixth: np.clip(x + 3, 0, 6) * sixth,
    "hardswish": lambda x, sixth: x * np.clip(x + 3, 0, 6) * sixth,
}


def test_the_device_list_names_each_gpu_and_cuda_means_the_current_one():
    found = {d.id: d.name for d in available_devices()}
    for index in range(torch.cuda.device_count()):
        assert found[f"cuda:{index}"] == f"CUDA {index}: {torch.cuda.get_device_name(index)}"
    assert torch_device("cuda") == torch.device("cuda", torch.cuda.current_device())
    missing = f"cuda:{torch.cuda.device_count()}"
    listed = ", ".join(["cpu", *(f"cuda:{i}" for i in range(torch.cuda.device_count()))])
    with pytest.raises(InputError, match=f"'{missing}' is not available here; available: {listed}"):
        torch_device(missing)


@pytest.mark.parametrize("activation", BUILT_IN)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_every_activation_agrees_with_the_cpu(activation, dtype):
    """f, f' and f'' on the GPU equal the CPU's to float32 (float64) rounding."""
    cpu = compute(ComputeRequest(activation, samples=2001, dtype=dtype))
    gpu = compute(ComputeRequest(activation, samples=2001, dtype=dtype, device="cuda"))
    assert gpu.device.startswith("cuda")
    assert gpu.derivative_method == cpu.derivative_method
    tol = {"float32": (2e-5, 2e-6), "float64": (1e-11, 1e-12)}[dtype]
    np.testing.assert_allclose(gpu.x, cpu.x, rtol=tol[0], atol=1e-12)
    if dtype == "float64" and activation in SIXTH_IN_FLOAT32:
        # PyTorch's CUDA kernels hold 1/6 as a float32 constant (1.0f / 6.0f) in every dtype, so
        # in float64 these differ from the CPU by ~3e-8 relative: reproduce that exactly.
        sixth = float(np.float32(1.0) / np.float32(6.0))
        np.testing.assert_allclose(gpu.y, SIXTH_IN_FLOAT32[activation](gpu.x, sixth), rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(gpu.y, cpu.y, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(gpu.dy, cpu.dy, rtol=1e-7, atol=1e-9)  # f' = 1/6 or its ramp
        return
    np.testing.assert_allclose(gpu.y, cpu.y, rtol=tol[0], atol=tol[1])
    np.testing.assert_allclose(gpu.dy, cpu.dy, rtol=10 * tol[0], atol=10 * tol[1])
    if cpu.d2y is not None:
        assert gpu.d2y is not None
        np.testing.assert_allclose(gpu.d2y, cpu.d2y, rtol=100 * tol[0], atol=100 * tol[1])


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_16_bit_curves_on_the_gpu_are_within_their_rounding(dtype):
    """Half precision: within a few units of the format's rounding of the float64 value."""
    eps = {"float16": 2.0**-10, "bfloat16": 2.0**-7}[dtype]
    for activation in ("relu", "gelu", "silu", "tanh", "sigmoid", "softplus", "elu"):
        gpu = compute(ComputeRequest(activation, samples=1001, dtype=dtype, device="cuda"))
        # x is rounded to the format first (gpu.x holds the rounded values): compare f there.
        reference = module_output(gpu.request.spec, gpu.request.params, gpu.x)
        worst = np.max(np.abs(gpu.y - reference) / np.maximum(1.0, np.abs(reference)))
        assert worst <= 4 * eps, (activation, worst)


def test_rrelu_in_training_mode_is_seeded_on_the_gpu_too():
    params = {"training": True, "seed": 7}
    a = compute(ComputeRequest("rrelu", params=params, samples=4001, device="cuda"))
    b = compute(ComputeRequest("rrelu", params=params, samples=4001, device="cuda"))
    c = compute(ComputeRequest("rrelu", params={**params, "seed": 8}, samples=4001, device="cuda"))
    np.testing.assert_array_equal(a.y, b.y)
    negative = a.x < -0.5
    slopes = a.y[negative] / a.x[negative]
    lower, upper = a.request.params["lower"], a.request.params["upper"]
    assert slopes.min() >= lower - 1e-6 and slopes.max() <= upper + 1e-6
    assert slopes.std() > 0.01  # random slopes, not one
    assert not np.array_equal(a.y, c.y)


def test_a_custom_formula_runs_on_the_gpu_like_on_the_cpu():
    spec = custom.CustomActivation(
        "gpu swish", "x * sigmoid(beta * x)", (custom.ParamDef("beta", 1.5),)
    ).spec()
    catalog.register(spec)
    try:
        cpu = compute(ComputeRequest(spec.id, params={"beta": 0.7}, samples=2001))
        gpu = compute(ComputeRequest(spec.id, params={"beta": 0.7}, samples=2001, device="cuda"))
    finally:
        catalog.unregister(spec.id)
    silu = compute(ComputeRequest("silu", samples=2001, dtype="float64"))
    np.testing.assert_allclose(gpu.y, cpu.y, rtol=2e-5, atol=2e-6)
    np.testing.assert_allclose(gpu.dy, cpu.dy, rtol=2e-4, atol=2e-5)
    x = silu.x
    np.testing.assert_allclose(gpu.y, x / (1 + np.exp(-0.7 * x)), rtol=1e-5, atol=1e-6)


def test_distribution_statistics_on_the_gpu_match_the_cpu_and_theory():
    cpu = compute_dist(DistRequest("relu", samples=1_000_000, seed=0))
    gpu = compute_dist(DistRequest("relu", samples=1_000_000, seed=0, device="cuda"))
    for key, value in cpu.stats.items():
        assert gpu.stats[key] == pytest.approx(value, rel=1e-4, abs=1e-6), key
    assert gpu.stats["mean"] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1.5e-3)  # 0.3989
    assert gpu.stats["std"] == pytest.approx(math.sqrt(0.5 - 1 / (2 * math.pi)), abs=1.5e-3)  # 0.5838


STACKS = [
    dict(activation="relu", layers=20, width=256, init="default"),
    dict(activation="tanh", layers=20, width=128, init="xavier_normal", residual=True),
    dict(activation="gelu", layers=12, width=128, init="kaiming_uniform", layernorm=True),
    dict(activation="selu", layers=30, width=256, init="lecun_normal", bias=False),
]


@pytest.mark.parametrize("settings", STACKS, ids=[s["activation"] for s in STACKS])
def test_a_stack_on_the_gpu_gives_the_cpus_statistics(settings):
    """Same seeded weights (built on the CPU, then moved), so the same numbers to float32
    rounding grown over depth: 1e-3 relative. TF32 is off for float32 matmuls by default;
    with it on, these would differ by ~1e-2 and this test says so."""
    assert not torch.backends.cuda.matmul.allow_tf32
    cpu = compute_stack(StackRequest(**settings, seed=3))
    gpu = compute_stack(StackRequest(**settings, seed=3, device="cuda"))
    for column, spread in (("pre_mean", "pre_std"), ("act_mean", "act_std")):
        # A mean near 0 (LayerNorm makes it ~1e-9) is rounding noise: measure it against the spread.
        error = np.abs(getattr(gpu, column) - getattr(cpu, column))
        assert np.all(error <= 1e-4 * getattr(cpu, spread) + 1e-3 * np.abs(getattr(cpu, column))), column
    for column in ("pre_std", "act_std", "weight_grad_norm", "input_grad_norm"):
        a, b = getattr(cpu, column), getattr(gpu, column)
        scale = np.maximum(np.abs(a), 1e-3 * np.abs(a).max())
        assert np.max(np.abs(b - a) / scale) < 1e-3, column
    # A unit whose pre-activation sits at 0 for some sample can flip with rounding: one unit of
    # the width either way.
    np.testing.assert_allclose(gpu.dead_fraction, cpu.dead_fraction, atol=1.5 / settings["width"])
    assert gpu.diagnosis == cpu.diagnosis


@pytest.mark.parametrize("seed", range(3))
def test_theory_holds_on_the_gpu(seed):
    """The issue's stated behaviours, on the GPU: ReLU + kaiming keeps the signal over 50 layers,
    the default init shrinks it, sigmoid's gradient vanishes, SELU + LeCun self-normalises."""
    kaiming = compute_stack(
        StackRequest("relu", layers=50, init="kaiming_normal", bias=False, seed=seed, device="cuda")
    )
    ratio = kaiming.pre_rms / kaiming.pre_rms[0]
    assert ratio.min() > 1 / 3 and ratio.max() < 3
    default = compute_stack(StackRequest("relu", layers=20, seed=seed, device="cuda"))
    assert default.pre_rms[19] < default.pre_rms[0] / 10
    sigmoid = compute_stack(StackRequest("sigmoid", layers=30, seed=seed, device="cuda"))
    assert sigmoid.weight_grad_norm[0] < 1e-6 * sigmoid.weight_grad_norm[29]
    selu = compute_stack(StackRequest("selu", layers=30, init="lecun_normal", seed=seed, device="cuda"))
    assert np.all(np.abs(selu.act_mean) < 0.1) and np.all(np.abs(selu.act_std - 1) < 0.1)


def test_a_bfloat16_stack_on_the_gpu_runs_and_stays_near_float32():
    ref = compute_stack(StackRequest("relu", layers=20, init="kaiming_normal", bias=False, device="cuda"))
    low = compute_stack(
        StackRequest("relu", layers=20, init="kaiming_normal", bias=False, device="cuda", dtype="bfloat16")
    )
    assert np.all(np.isfinite(low.pre_rms))
    np.testing.assert_allclose(low.pre_rms, ref.pre_rms, rtol=0.05)


def test_compare_and_precision_on_the_gpu():
    curves = tuple(CurveSpec(a, device="cuda") for a in ("gelu", "silu", "mish"))
    gpu = compute_compare(CompareRequest(curves))
    cpu = compute_compare(CompareRequest(tuple(CurveSpec(a) for a in ("gelu", "silu", "mish"))))
    for g, c in zip(gpu.ys + gpu.dys, cpu.ys + cpu.dys, strict=True):
        np.testing.assert_allclose(g, c, rtol=2e-5, atol=2e-6)
    precision = compute_precision(PrecisionRequest("gelu", device="cuda"))
    on_cpu = compute_precision(PrecisionRequest("gelu"))
    assert precision.device.startswith("cuda")
    assert [e.dtype for e in precision.dtypes] == [e.dtype for e in on_cpu.dtypes]
    for error, cpu_error in zip(precision.dtypes, on_cpu.dtypes, strict=True):
        assert error.failure == ""
        # A few units in the last place of each format, like the CPU's kernels.
        assert np.nanmax(np.abs(error.ulp_y)) <= max(4.0, np.nanmax(np.abs(cpu_error.ulp_y))), error.dtype


def test_the_cli_computes_on_the_gpu(tmp_path):
    cpu_path, gpu_path = tmp_path / "cpu.csv", tmp_path / "gpu.csv"
    assert actviewer("export", "gelu", "-o", str(cpu_path)).returncode == 0
    out = actviewer("export", "gelu", "--device", "cuda", "-o", str(gpu_path))
    assert out.returncode == 0, out.stderr
    header, cpu = read_csv(cpu_path)
    header_gpu, gpu = read_csv(gpu_path)
    assert header == header_gpu
    np.testing.assert_allclose(gpu, cpu, rtol=2e-5, atol=2e-6)
    stack = tmp_path / "s.json"
    out = actviewer("stack", "relu", "--layers", "8", "--width", "64", "--device", "cuda", "-o", str(stack))
    assert out.returncode == 0, out.stderr
    data = json.loads(stack.read_text())
    assert data["device"].startswith("cuda") and len(data["layers"]) == 8
