"""Mean-field criticality against closed forms and the papers' stated results.

References are computed here, independently of :mod:`actviewer.core.criticality`: closed
forms where they exist (ReLU's arc-cosine kernel, He's point), scipy's adaptive quadrature
and root finding where they do not (tanh's critical line, SELU's fixed point).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import integrate, optimize

from actviewer.core import catalog
from actviewer.core.cancel import Superseded
from actviewer.core.criticality import CriticalRequest, CriticalSettings, compute_critical, parse_axis
from actviewer.core.errors import InputError

SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def gaussian_mean(g, q: float) -> float:
    """E[g(√q z)], z ~ N(0, 1), by scipy's adaptive quadrature over the real line."""
    root = math.sqrt(q)
    value, _ = integrate.quad(lambda z: g(root * z) * math.exp(-z * z / 2), -np.inf, np.inf, limit=200)
    return value / math.sqrt(2 * math.pi)


def tanh_slope(x: float) -> float:
    return 1.0 / math.cosh(x) ** 2 if abs(x) < 300 else 0.0


def tanh_critical_sw2(sb2: float) -> float:
    """The σ_w² of χ₁ = 1 at σ_b² for tanh: solve q = V(q)/D(q) + σ_b² for q*, then σ_w² = 1/D(q*)."""

    def V(q: float) -> float:
        return gaussian_mean(lambda u: math.tanh(u) ** 2, q)

    def D(q: float) -> float:
        return gaussian_mean(lambda u: tanh_slope(u) ** 2, q)

    q_star = optimize.brentq(lambda q: q - V(q) / D(q) - sb2, 1e-6, 50.0, xtol=1e-12)
    return 1.0 / D(q_star)


def arccos_kernel(c: float) -> float:
    """ReLU's correlation map at σ_w² = 2, σ_b² = 0 (Cho and Saul 2009)."""
    return (math.sqrt(1 - c * c) + (math.pi - math.acos(c)) * c) / math.pi


def run(activation: str = "tanh", **fields) -> object:
    fields.setdefault("measure", False)
    return compute_critical(CriticalRequest(activation, **fields))


def test_relu_he_point_is_critical_and_keeps_q() -> None:
    result = run("relu", point=(2.0, 0.0), q0=1.7, depth=30)
    assert result.point.chi1 == pytest.approx(1.0, abs=1e-12)
    assert result.point.q_star == pytest.approx(1.7, rel=1e-12)
    np.testing.assert_allclose(result.q, 1.7, rtol=1e-12)  # q is preserved at every layer
    assert math.isinf(result.point.xi_c)
    # ReLU's χ₁ = σ_w²/2 whatever q: the grid agrees, and its critical line is σ_w² = 2 at every σ_b²
    g = result.grid
    np.testing.assert_allclose(
        g.chi1[np.isfinite(g.q_star)],
        (g.sw2[None, :] / 2).repeat(len(g.sb2), 0)[np.isfinite(g.q_star)],
        rtol=1e-9,
    )
    np.testing.assert_allclose(g.critical_sw2, 2.0, rtol=1e-9)


def test_relu_correlation_map_follows_the_arc_cosine_kernel() -> None:
    result = run("relu", point=(2.0, 0.0), c0=0.0, depth=8, grid=False)
    expected = [0.0]
    for _ in range(8):
        expected.append(arccos_kernel(expected[-1]))
    # The quadrature is split at ReLU's kink, so the smooth pieces are integrated to ~1e-10.
    np.testing.assert_allclose(result.c, expected, atol=1e-6)
    assert result.c[1] == pytest.approx(1 / math.pi, abs=1e-3)


def test_tanh_is_critical_at_sw2_one_without_bias() -> None:
    result = run("tanh", sw2=(0.5, 2.0, 31), sb2=(0.0, 0.2, 5))
    assert result.grid.critical_sw2[0] == pytest.approx(1.0, abs=1e-3)
    below = run("tanh", point=(0.9, 0.0), grid=False)
    above = run("tanh", point=(1.1, 0.0), grid=False)
    assert below.point.q_star < 1e-3 and below.point.chi1 < 1  # q* -> 0, ordered
    assert above.point.q_star > 0.05 and above.point.chi1 > 1  # chaotic


def test_tanh_critical_line_rises_with_bias_and_matches_scipy() -> None:
    result = run("tanh", sw2=(0.5, 4.0, 64), sb2=(0.0, 0.5, 11))
    line = result.grid.critical_sw2
    assert np.all(np.isfinite(line))
    assert np.all(np.diff(line) > 0)
    for sb2, sw2 in zip(result.grid.sb2[1::3], line[1::3]):
        assert sw2 == pytest.approx(tanh_critical_sw2(sb2), rel=2e-3)


def test_selu_has_its_self_normalising_fixed_point() -> None:
    def selu(u: float) -> float:
        return SELU_SCALE * (u if u > 0 else SELU_ALPHA * math.expm1(u))

    assert gaussian_mean(lambda u: selu(u) ** 2, 1.0) == pytest.approx(1.0, abs=1e-3)  # the reference itself
    result = run("selu", point=(1.0, 0.0), grid=False)
    assert result.point.q_star == pytest.approx(1.0, abs=1e-3)
    assert result.point.chi1 == pytest.approx(
        gaussian_mean(
            lambda u: (SELU_SCALE * (1 if u > 0 else SELU_ALPHA * math.exp(u))) ** 2, result.point.q_star
        ),
        rel=1e-6,
    )


@pytest.mark.parametrize("activation", ["tanh", "gelu", "softplus"])
def test_grid_chi1_and_q_star_match_scipy(activation: str) -> None:
    """The grid reads q* and χ₁ off a table over q: check a few points against direct quadrature."""
    f = {
        "tanh": (math.tanh, tanh_slope),
        "gelu": (
            lambda u: u * 0.5 * (1 + math.erf(u / math.sqrt(2))),
            lambda u: (
                0.5 * (1 + math.erf(u / math.sqrt(2))) + u * math.exp(-u * u / 2) / math.sqrt(2 * math.pi)
            ),
        ),
        "softplus": (
            lambda u: math.log1p(math.exp(-abs(u))) + max(u, 0.0),
            lambda u: 1 / (1 + math.exp(-u)) if u > -700 else 0.0,
        ),
    }[activation]
    result = run(activation, sw2=(0.5, 1.5, 3), sb2=(0.05, 0.25, 3))
    g = result.grid
    for j, sb2 in enumerate(g.sb2):
        for i, sw2 in enumerate(g.sw2):
            q_star = optimize.brentq(
                lambda q, w=sw2, b=sb2: w * gaussian_mean(lambda u: f[0](u) ** 2, q) + b - q, 1e-6, 1e3
            )
            chi1 = sw2 * gaussian_mean(lambda u: f[1](u) ** 2, q_star)
            assert g.q_star[j, i] == pytest.approx(q_star, rel=1e-3), (sw2, sb2)
            assert g.chi1[j, i] == pytest.approx(chi1, rel=1e-3), (sw2, sb2)


def test_chaotic_tanh_has_a_correlation_fixed_point_below_one() -> None:
    """c* is where the correlation map, by 2-D scipy quadrature, maps c to itself."""
    sw2, sb2 = 2.6, 0.3
    result = run("tanh", point=(sw2, sb2), grid=False)
    p = result.point
    assert p.chi1 > 1 and p.c_star < 1

    def cmap(c: float) -> float:
        s = math.sqrt(1 - c * c)
        root = math.sqrt(p.q_star)

        def integrand(z2: float, z1: float) -> float:
            u1, u2 = root * z1, root * (c * z1 + s * z2)
            return math.tanh(u1) * math.tanh(u2) * math.exp(-(z1 * z1 + z2 * z2) / 2) / (2 * math.pi)

        value, _ = integrate.dblquad(integrand, -9, 9, -9, 9, epsabs=1e-10)
        return (sw2 * value + sb2) / p.q_star

    assert cmap(p.c_star) == pytest.approx(p.c_star, abs=2e-4)
    slope = (cmap(p.c_star + 1e-3) - cmap(p.c_star - 1e-3)) / 2e-3
    assert p.chi_c == pytest.approx(slope, rel=2e-3)
    assert p.xi_c == pytest.approx(-1 / math.log(slope), rel=3e-2)
    g = run("tanh", sw2=(2.5, 2.7, 3), sb2=(0.3, 0.4, 2)).grid
    assert g.c_star[0, 1] == pytest.approx(p.c_star, abs=2e-3)  # the grid's c* from the table


def test_measured_stack_follows_the_theory() -> None:
    """Width 1024, 50 layers. One layer's |W x|²/N fluctuates by √(2/N) = 4.4 % around its mean
    (the same W for every input, so averaging inputs does not shrink it); the ordered map contracts
    the fluctuations, so each layer stays within 20 % (~4 standard deviations), and the mean over
    layers 10-50 within 2 % of q*. The correlation, a ratio, fluctuates less: within 0.05."""
    result = run("tanh", point=(1.5, 0.05), depth=50, width=1024, measure=True, grid=False, c0=0.2)
    m = result.measured
    np.testing.assert_allclose(m.q, result.q, rtol=0.2)
    assert m.q[10:].mean() == pytest.approx(result.point.q_star, rel=0.02)
    np.testing.assert_allclose(m.c, result.c, atol=0.05)
    # the Jacobian's mean squared singular value follows Π χ₁ (Gaussian weights; width 256, 10 layers)
    expected = np.cumprod(result.chi1_depth)
    assert m.jacobian_mean["gaussian"][9] == pytest.approx(expected[9], rel=0.3)
    assert len(m.singular_values["orthogonal"]) == m.jacobian_width


def test_a_custom_formula_needs_no_code() -> None:
    from actviewer.core.custom import CustomActivation

    spec = CustomActivation("crit_tanh", "tanh(x)", ()).spec()
    catalog.register(spec)
    try:
        own = run(spec.id, sw2=(0.5, 3.0, 8), sb2=(0.0, 0.3, 4))
    finally:
        catalog.unregister(spec.id)
    builtin = run("tanh", sw2=(0.5, 3.0, 8), sb2=(0.0, 0.3, 4))
    np.testing.assert_allclose(own.grid.chi1, builtin.grid.chi1, rtol=1e-9)
    assert own.point.q_star == pytest.approx(builtin.point.q_star, rel=1e-9)


def test_unbounded_activation_past_the_line_says_q_grows() -> None:
    result = run("relu", point=(2.5, 0.1), grid=False)
    assert math.isinf(result.point.q_star)
    assert result.point.chi1 == pytest.approx(1.25, rel=1e-9)


def test_stop_request_is_honoured() -> None:
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Superseded):
        compute_critical(CriticalRequest("tanh", measure=True), should_stop=stop)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"sw2": (2.0, 1.0, 8)}, "below the last"),
        ({"sw2": (0.5, 4.0, 1000)}, "steps must be"),
        ({"point": (float("nan"), 0.0)}, "finite"),
        ({"depth": 0}, "depth"),
        ({"width": 4096}, "width"),
        ({"c0": 2.0}, "correlation"),
    ],
)
def test_bad_requests_say_what_is_wrong(fields: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        CriticalRequest("tanh", **fields).validated()
    with pytest.raises(InputError, match="not elementwise"):
        CriticalRequest("softmax").validated()


def test_axis_text_and_stored_settings() -> None:
    assert parse_axis("--sw2", "0.5:4:64") == (0.5, 4.0, 64)
    for text in ("0.5:4", "a:b:c", "1:2:3.5", "4:1:8"):
        with pytest.raises(InputError):
            parse_axis("--sw2", text)
    settings, problems = CriticalSettings.from_dict({"depth": 10**9, "quantity": "nope", "point_sw2": 2.0})
    assert settings == dataclasses.replace(CriticalSettings(), point_sw2=2.0) and len(problems) == 2
    settings, problems = CriticalSettings.from_dict({"point_sw2": 2.0, "quantity": "log_chi1"})
    assert (
        settings == dataclasses.replace(CriticalSettings(), point_sw2=2.0, quantity="log_chi1")
        and not problems
    )
