"""The network lab against theory: distribution statistics by numerical integration, and how
signals and gradients behave through deep stacks with known initialisations (5 seeds each)."""

from __future__ import annotations

import contextlib
import io
import math

import numpy as np
import pytest
from scipy import integrate, stats

from actviewer.core import dispatch
from actviewer.core.cancel import Superseded
from actviewer.core.errors import InputError
from actviewer.core.network import DistRequest, StackRequest, compute_dist, compute_stack, stack_code

SEEDS = range(5)


STANDARD_NORMAL = stats.norm(0, 1).pdf


def expectation(g, density=STANDARD_NORMAL, lo=-12.0, hi=12.0, points=(0.0,)) -> float:
    return integrate.quad(lambda x: g(x) * density(x), lo, hi, points=points, limit=200)[0]


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "gelu", "selu"])
def test_distribution_statistics_match_numerical_integration(activation):
    import torch

    f = {
        "relu": lambda x: max(x, 0.0),
        "tanh": math.tanh,
        "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
        "gelu": lambda x: 0.5 * x * (1 + math.erf(x / math.sqrt(2))),
        "selu": lambda x: 1.0507009873554805 * (x if x > 0 else 1.6732632423543772 * (math.exp(x) - 1)),
    }[activation]

    def df(x: float) -> float:
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        getattr(torch.nn.functional, activation)(t).backward()
        return float(t.grad)

    result = compute_dist(DistRequest(activation, samples=1_000_000, seed=0, dtype="float64"))
    # 1.5e-3 is about two standard errors of a 1e6-sample estimate (SELU's std has one of 7e-4).
    mean = expectation(f)
    std = math.sqrt(expectation(lambda x: (f(x) - mean) ** 2))
    assert result.stats["mean"] == pytest.approx(mean, abs=1.5e-3)
    assert result.stats["std"] == pytest.approx(std, abs=1.5e-3)
    assert result.stats["mean_dy"] == pytest.approx(expectation(df), abs=1.5e-3)
    assert result.stats["mean_dy2"] == pytest.approx(expectation(lambda x: df(x) ** 2), abs=1.5e-3)


def test_relu_on_a_standard_normal_gives_the_textbook_numbers():
    s = compute_dist(DistRequest("relu")).stats
    assert s["mean"] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-3)  # 0.3989
    assert s["std"] == pytest.approx(math.sqrt(0.5 - 1 / (2 * math.pi)), abs=1e-3)  # 0.5838
    assert s["dead_fraction"] == pytest.approx(0.5, abs=2e-3)
    assert s["negative_fraction"] == 0.0


def test_inputs_reused_for_another_activation_give_that_activations_statistics():
    first = compute_dist(DistRequest("tanh", seed=5))
    relu = compute_dist(DistRequest("relu", seed=5))  # the same 1e6 inputs, drawn once
    assert relu.stats["mean"] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-3)
    assert relu.stats["dead_fraction"] == pytest.approx(0.5, abs=2e-3)
    assert first.stats["mean"] == pytest.approx(0.0, abs=2e-3)  # tanh is odd
    assert relu.x_histogram.counts.sum() == first.x_histogram.counts.sum() == 1_000_000


def test_selu_keeps_a_standard_normal_near_mean_0_std_1():
    s = compute_dist(DistRequest("selu")).stats
    assert abs(s["mean"]) < 0.01 and abs(s["std"] - 1) < 0.01


def test_uniform_input_statistics_match_integration():
    result = compute_dist(DistRequest("tanh", distribution="uniform", low=-2.0, high=3.0, dtype="float64"))
    density = stats.uniform(-2, 5).pdf
    assert result.stats["mean"] == pytest.approx(expectation(math.tanh, density, -2, 3), abs=1.5e-3)


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_with_kaiming_normal_keeps_the_signal_over_50_layers(seed):
    r = compute_stack(StackRequest("relu", layers=50, init="kaiming_normal", seed=seed))
    ratio = r.pre_rms / r.pre_rms[0]
    assert np.all((ratio > 1 / 3) & (ratio < 3)), ratio


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_with_the_default_init_shrinks_the_signal(seed):
    r = compute_stack(StackRequest("relu", layers=20, init="default", seed=seed))
    assert r.pre_rms[19] < r.pre_rms[0] / 10


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_with_the_default_init_vanishes_over_30_layers(seed):
    r = compute_stack(StackRequest("sigmoid", layers=30, init="default", seed=seed))
    assert r.weight_grad_norm[0] < 1e-6 * r.weight_grad_norm[29]
    assert "vanishing" in r.diagnosis


@pytest.mark.parametrize("seed", SEEDS)
def test_selu_with_lecun_normal_self_normalises_over_30_layers(seed):
    r = compute_stack(StackRequest("selu", layers=30, init="lecun_normal", bias=False, seed=seed))
    assert np.all(np.abs(r.act_mean) < 0.1) and np.all(np.abs(r.act_std - 1) < 0.1)


def assert_the_printed_code_reproduces(result):
    """The Learn panel's program, run as is, prints the same per-layer numbers as ``result``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(stack_code(result.request), {})
    printed = np.array([[float(v) for v in line.split()] for line in out.getvalue().splitlines()])
    np.testing.assert_allclose(printed[:, 0], np.arange(1, result.request.layers + 1))
    expected = np.c_[
        result.pre_std, result.act_mean, result.act_std, result.weight_grad_norm, result.input_grad_norm
    ]
    np.testing.assert_allclose(printed[:, 1:], expected, rtol=1e-5)


def test_the_printed_code_reproduces_the_numbers():
    request = StackRequest(
        "leaky_relu",
        {"negative_slope": 0.2},
        layers=6,
        width=32,
        batch=16,
        init="xavier_normal",
        residual=True,
    )
    assert_the_printed_code_reproduces(compute_stack(request))


def test_a_stack_reused_for_another_activation_still_matches_the_printed_code():
    # Same layers, init and seed: the second request reuses the first one's weights and input.
    shape = {"layers": 8, "width": 48, "batch": 24, "init": "normal", "std": 0.3, "seed": 7}
    first = compute_stack(StackRequest("tanh", **shape))
    second = compute_stack(StackRequest("elu", {"alpha": 0.5}, **shape))
    assert_the_printed_code_reproduces(second)
    assert_the_printed_code_reproduces(first)


class CountingStop:
    """A stop check that answers yes from its ``stop_at``-th question on (0: never)."""

    def __init__(self, stop_at: int = 0) -> None:
        self.stop_at, self.asked = stop_at, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked == self.stop_at


def test_a_stop_check_is_asked_at_every_layer_and_changes_no_number():
    request = StackRequest("gelu", layers=12, width=32, batch=16, init="orthogonal", residual=True, seed=11)
    never = CountingStop()
    asked = compute_stack(request, should_stop=never)
    # Building (unless the stack is reused), each forward step, each backward step, twice after.
    assert never.asked >= 2 * request.layers
    assert_the_printed_code_reproduces(asked)


@pytest.mark.parametrize("stop_at", [1, 5, 17, 30])
def test_the_stack_stops_at_the_first_yes_and_keeps_nothing_half_built(stop_at):
    # A seed no other test uses: the first run builds the stack (questions 1..12), then runs
    # forward (13..24) and backward (25..36); stopping anywhere raises, and asks no more.
    request = StackRequest("relu", layers=12, width=32, batch=16, init="kaiming_normal", seed=1000 + stop_at)
    stop = CountingStop(stop_at)
    with pytest.raises(Superseded):
        compute_stack(request, should_stop=stop)
    assert stop.asked == stop_at
    assert_the_printed_code_reproduces(compute_stack(request))  # nothing half-built was kept


def test_dispatch_passes_the_stop_check_only_to_interruptible_computations():
    from actviewer.core.request import ComputeRequest

    with pytest.raises(Superseded):
        dispatch.run(StackRequest("relu", layers=3, width=16, batch=4), should_stop=lambda: True)
    curve = dispatch.run(ComputeRequest("tanh", samples=11), should_stop=lambda: True)
    np.testing.assert_allclose(curve.y, np.tanh(np.linspace(-6, 6, 11)), atol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layers": 0}, "layers must be an integer from 1 to 200"),
        ({"width": 5000}, "width must be an integer from 16"),
        ({"init": "magic"}, "unknown init 'magic'"),
        ({"std": -1.0}, "std must be greater than 0"),
        ({"activation": "softmax"}, "not elementwise"),
    ],
)
def test_bad_stack_requests_say_what_is_allowed(kwargs, message):
    fields = {"activation": "relu", **kwargs}
    with pytest.raises(InputError, match=message):
        StackRequest(**fields).validated()
