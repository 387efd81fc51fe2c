from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from actviewer.core import catalog
from actviewer.core.compute import JACOBIAN_AUTOGRAD_MAX, compute
from actviewer.core.errors import InputError
from actviewer.core.request import ComputeRequest
from tests.fresh import run_python

from .reference import module_output, non_default_params

F32 = {"rtol": 1e-5, "atol": 1e-6}


def run(activation: str, **kwargs) -> tuple:
    r = compute(ComputeRequest(activation, **kwargs))
    return r.x, r.y, r.dy, r.d2y


@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
@pytest.mark.parametrize("which", ["default", "non-default"])
def test_output_matches_the_torch_nn_module(spec, which):
    params = {} if which == "default" else non_default_params(spec)
    result = compute(ComputeRequest(spec.id, params=params, x_min=-7.0, x_max=8.0, samples=1001))
    expected = module_output(spec, result.request.params, result.x)
    np.testing.assert_allclose(result.y, expected, **F32)


@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
def test_float64_output_matches_the_module_to_float64_precision(spec):
    result = compute(ComputeRequest(spec.id, dtype="float64", samples=257))
    np.testing.assert_allclose(
        result.y, module_output(spec, result.request.params, result.x), rtol=1e-12, atol=1e-14
    )


def _phi(x):
    return stats.norm.pdf(x)


ANALYTIC_DY = {
    "sigmoid": lambda x: special.expit(x) * (1 - special.expit(x)),
    "tanh": lambda x: 1 - np.tanh(x) ** 2,
    "relu": lambda x: (x > 0).astype(float),  # PyTorch picks relu'(0) = 0
    "gelu": lambda x: special.ndtr(x) + x * _phi(x),
    "softplus": special.expit,
    "silu": lambda x: special.expit(x) * (1 + x * (1 - special.expit(x))),
    "softsign": lambda x: 1 / (1 + np.abs(x)) ** 2,
    "logsigmoid": lambda x: special.expit(-x),
    "tanhshrink": lambda x: np.tanh(x) ** 2,
    "elu": lambda x: np.where(x > 0, 1.0, np.exp(x)),
    "mish": lambda x: (
        np.tanh(np.log1p(np.exp(x))) + x * special.expit(x) * (1 - np.tanh(np.log1p(np.exp(x))) ** 2)
    ),
    # PyTorch takes the outer piece at the kinks: 0 at x = -3 and 1 at x = 3
    "hardswish": lambda x: np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, (2 * x + 3) / 6)),
}

ANALYTIC_D2Y = {
    "sigmoid": lambda x: special.expit(x) * (1 - special.expit(x)) * (1 - 2 * special.expit(x)),
    "tanh": lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2),
    "gelu": lambda x: _phi(x) * (2 - x**2),
    "softplus": lambda x: special.expit(x) * (1 - special.expit(x)),
    "relu": lambda x: np.zeros_like(x),
}


@pytest.mark.parametrize("activation", sorted(ANALYTIC_DY))
def test_derivative_matches_an_independent_reference(activation):
    x, _, dy, _ = run(activation, dtype="float64", x_min=-6.0, x_max=6.0, samples=1201)
    np.testing.assert_allclose(dy, ANALYTIC_DY[activation](x), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("activation", sorted(ANALYTIC_D2Y))
def test_second_derivative_matches_an_independent_reference(activation):
    x, _, _, d2y = run(activation, dtype="float64", samples=1201)
    np.testing.assert_allclose(d2y, ANALYTIC_D2Y[activation](x), rtol=1e-9, atol=1e-12)


def test_gelu_tanh_derivative_matches_its_formula():
    x, _, dy, _ = run("gelu", params={"approximate": "tanh"}, dtype="float64")
    c = np.sqrt(2 / np.pi)
    u = c * (x + 0.044715 * x**3)
    expected = 0.5 * (1 + np.tanh(u)) + 0.5 * x * (1 - np.tanh(u) ** 2) * c * (1 + 3 * 0.044715 * x**2)
    np.testing.assert_allclose(dy, expected, rtol=1e-9, atol=1e-12)


def test_leaky_relu_derivative_is_the_slope_left_of_zero_and_one_right():
    x, _, dy, _ = run("leaky_relu", params={"negative_slope": 0.2}, dtype="float64")
    np.testing.assert_array_equal(dy[x < 0], 0.2)
    np.testing.assert_array_equal(dy[x > 0], 1.0)


def test_relu_derivative_at_the_kink_is_what_pytorch_picks():
    x, _, dy, _ = run("relu", x_min=-1.0, x_max=1.0, samples=3)
    assert x[1] == 0.0 and dy[1] == 0.0


@pytest.mark.parametrize("samples", [7, JACOBIAN_AUTOGRAD_MAX, JACOBIAN_AUTOGRAD_MAX + 1, 3000])
def test_softmax2d_derivative_is_the_jacobian_diagonal(samples):
    result = compute(ComputeRequest("softmax2d", dtype="float64", samples=samples, x_min=-4, x_max=3))
    x = torch.as_tensor(result.x)

    def _f(t):
        return torch.nn.functional.softmax(t.reshape(-1, 1, 1), dim=-3).reshape(-1)

    jac = torch.autograd.functional.jacobian(_f, x)
    np.testing.assert_allclose(result.dy, jac.diagonal().numpy(), rtol=1e-9, atol=1e-15)
    # d2y: derivative of the diagonal entry with respect to its own input, by finite differences of autograd
    h = 1e-6
    eye = torch.eye(len(x), dtype=x.dtype)
    idx = [0, len(x) // 2, len(x) - 1]
    for i in idx:
        plus = torch.autograd.functional.jacobian(_f, x + h * eye[i])[i, i]
        minus = torch.autograd.functional.jacobian(_f, x - h * eye[i])[i, i]
        assert result.d2y[i] == pytest.approx(((plus - minus) / (2 * h)).item(), rel=1e-4, abs=1e-9)


def test_softmax_of_one_class_against_one_other_at_zero_is_exactly_the_sigmoid():
    result = compute(ComputeRequest("softmax", dtype="float64", samples=501, x_min=-30, x_max=30))
    x = torch.as_tensor(result.x)
    s = torch.sigmoid(x).numpy()
    assert result.request.params["classes"] == 2 and result.request.params["other_logit"] == 0.0
    np.testing.assert_allclose(result.y, s, rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(result.dy, s * (1 - s), rtol=1e-13, atol=1e-300)  # autograd, held to theory
    np.testing.assert_allclose(result.d2y, s * (1 - s) * (1 - 2 * s), rtol=1e-9, atol=1e-15)
    assert result.derivative_method == "autograd" and result.dy_at_zero == 0.25


def _against_others(name, x, classes, other, temperature):
    """The torch call on the ``[x_i, other, ...]`` rows, written out independently of the core."""
    t = torch.as_tensor(x, dtype=torch.float64).requires_grad_(True)
    rows = torch.stack([t, *[torch.full_like(t, other)] * (classes - 1)], dim=-1)
    y = getattr(torch.nn.functional, name)(rows / temperature, dim=-1)[:, 0]
    (dy,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), dy.numpy()


@pytest.mark.parametrize("name", ["softmax", "softmin", "log_softmax"])
@pytest.mark.parametrize(("classes", "other", "temperature"), [(2, 0.0, 1.0), (3, 1.5, 1.0), (10, -0.5, 2.5)])
def test_softmax_family_curve_is_one_class_against_fixed_other_logits(name, classes, other, temperature):
    params = {"classes": classes, "other_logit": other, "temperature": temperature}
    result = compute(ComputeRequest(name, params=params, dtype="float64", samples=301, x_min=-8, x_max=8))
    y, dy = _against_others(name, result.x, classes, other, temperature)
    np.testing.assert_allclose(result.y, y, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(result.dy, dy, rtol=1e-12, atol=1e-15)
    # And theory: with p the softmax probability of class 0, dp/dx = p(1 - p)/T, and the others follow.
    p = 1 / (1 + (classes - 1) * np.exp((other - result.x) / temperature))
    theory = {
        "softmax": (p, p * (1 - p) / temperature),
        "softmin": (None, None),
        "log_softmax": (np.log(p), (1 - p) / temperature),
    }[name]
    if theory[0] is not None:
        np.testing.assert_allclose(result.y, theory[0], rtol=1e-12)
        np.testing.assert_allclose(result.dy, theory[1], rtol=1e-10, atol=1e-300)


def test_softmax_curve_does_not_depend_on_sampling_or_on_dim():
    """The issue's complaint: values changed with zoom and the sample count. One x, one value."""
    at = 1.234
    a = compute(ComputeRequest("softmax", samples=101, extra_points=(at,)))
    b = compute(ComputeRequest("softmax", samples=5000, x_min=-2.0, x_max=3.0, extra_points=(at,)))
    c = compute(ComputeRequest("softmax", params={"dim": 0}, samples=33, extra_points=(at,)))
    values = {float(r.y[r.x == np.float32(at)][0]) for r in (a, b, c)}
    assert len(values) == 1 and values.pop() == pytest.approx(1 / (1 + np.exp(-at)), rel=1e-6)


def test_classes_times_samples_is_bounded_with_a_clear_error():
    with pytest.raises(InputError, match="use fewer samples or classes"):
        ComputeRequest("softmax", params={"classes": 1000}, samples=100_000).validated()
    ComputeRequest("softmax", params={"classes": 1000}, samples=40_000).validated()


def test_binary_step_is_one_at_and_above_threshold_with_zero_derivative_flagged_undefined():
    result = compute(ComputeRequest("binary_step", params={"threshold": 0.5}, x_min=-1, x_max=1, samples=5))
    np.testing.assert_array_equal(result.x, [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_array_equal(result.y, [0, 0, 0, 1, 1])
    np.testing.assert_array_equal(result.dy, 0)
    assert result.undefined_at == (0.5,)
    assert compute(ComputeRequest("relu")).undefined_at == ()


def test_hardsigmoid_has_no_second_derivative_from_autograd():
    assert compute(ComputeRequest("hardsigmoid")).d2y is None


def test_rrelu_training_is_random_but_reproducible_by_seed():
    def y(seed):
        return run("rrelu", params={"training": True, "seed": seed}, x_min=-5.0, x_max=-1.0, samples=200)[1]

    np.testing.assert_array_equal(y(3), y(3))
    assert not np.array_equal(y(3), y(4))
    x, yy, dy, _ = run("rrelu", params={"training": True, "seed": 3}, x_min=-5.0, x_max=-1.0, samples=200)
    slopes = yy / x
    assert np.all((slopes >= 0.125 - 1e-6) & (slopes <= 1 / 3 + 1e-6))
    np.testing.assert_allclose(dy, slopes, rtol=1e-5)


def test_rrelu_seed_does_not_disturb_the_global_generator():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    run("rrelu", params={"training": True, "seed": 9})
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("activation", ["sigmoid", "gelu", "softmax", "elu", "mish"])
def test_low_precision_dtypes_agree_with_float32_to_their_precision(dtype, activation):
    _, y32, dy32, _ = run(activation, samples=301)
    _, y, dy, _ = run(activation, samples=301, dtype=dtype)
    tol = 1e-2 if dtype == "float16" else 4e-2
    np.testing.assert_allclose(y, y32, rtol=tol, atol=tol * 0.1)
    np.testing.assert_allclose(dy, dy32, rtol=tol * 2, atol=tol * 0.2)


@settings(max_examples=25, deadline=None)
@given(
    slope=st.floats(-2.0, 2.0, allow_nan=False),
    alpha=st.floats(0.01, 3.0),
    beta=st.floats(0.1, 10.0),
    lo=st.floats(-4.0, 3.0),
    width=st.floats(0.01, 4.0),
    lambd=st.floats(0.0, 3.0),
)
def test_outputs_match_torch_for_arbitrary_parameter_values(slope, alpha, beta, lo, width, lambd):
    cases = {
        "leaky_relu": {"negative_slope": slope},
        "elu": {"alpha": alpha},
        "celu": {"alpha": alpha},
        "softplus": {"beta": beta},
        "hardtanh": {"min_val": lo, "max_val": lo + width},
        "softshrink": {"lambd": lambd},
        "prelu": {"init": slope},
        "threshold": {"threshold": lo, "value": slope},
    }
    for activation, params in cases.items():
        spec = catalog.get(activation)
        result = compute(ComputeRequest(activation, params=params, samples=101, dtype="float64"))
        np.testing.assert_allclose(
            result.y, module_output(spec, result.request.params, result.x), rtol=1e-12, atol=1e-12
        )


def test_cuda_and_cpu_agree():
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here")
    for activation in ("gelu", "softmax", "leaky_relu", "rrelu"):
        cpu = compute(ComputeRequest(activation, samples=2001))
        gpu = compute(ComputeRequest(activation, samples=2001, device="cuda"))
        assert gpu.device.startswith("cuda")
        np.testing.assert_allclose(gpu.y, cpu.y, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(gpu.dy, cpu.dy, rtol=1e-4, atol=1e-6)


def test_unavailable_device_is_an_input_error():
    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    with pytest.raises(InputError, match="not available here; available: cpu"):
        compute(ComputeRequest("relu", device="cuda:0"))


def test_a_first_curve_does_not_import_sympy():
    """torch.autograd.grad with a tensor of grad_outputs imports sympy on first use (0.35-0.5 s
    here), which the app's first curve waited for; compute differentiates a scalar instead."""

    code = (
        "import sys; from actviewer.core.compute import compute, warm_up; "
        "from actviewer.core.request import ComputeRequest; warm_up(); "
        "[compute(ComputeRequest(a, samples=101)) for a in ('sigmoid', 'gelu', 'relu', 'elu')]; "
        "print('sympy' in sys.modules)"
    )
    assert run_python(code).strip() == "False"
