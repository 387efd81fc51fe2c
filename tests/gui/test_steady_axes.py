"""The curve's y axes keep still while a parameter moves a little and end on round numbers;
they follow the curve when it leaves them or shrinks well inside them, and never keep a range
the user set."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from actviewer.gui.views._steady import KEEP_WHILE_FILLED, round_step, steady_range


@pytest.mark.parametrize(
    ("span", "step"), [(7.7, 0.5), (1.1, 0.1), (2.6, 0.2), (0.003, 0.0002), (20.0, 1.0), (3e6, 2e5)]
)
def test_the_rounding_step_is_the_first_round_number_of_a_twentieth_of_the_span(span, step):
    assert math.isclose(round_step(span), step)


def test_a_fresh_fit_rounds_outward_to_the_step_and_stays_close_to_the_data():
    rng = np.random.default_rng(1)
    for _ in range(2000):
        low = rng.normal(0, 10) * 10.0 ** rng.integers(-4, 5)
        span = abs(rng.normal(0, 5)) * 10.0 ** rng.integers(-4, 5) + 1e-9
        shown_low, shown_high = steady_range((low, low + span), None)
        step = round_step(span)
        assert shown_low <= low and low + span <= shown_high
        for end in (shown_low, shown_high):
            assert math.isclose(end / step, round(end / step), abs_tol=1e-6)
        assert span >= 0.8 * (shown_high - shown_low) * (1 - 1e-9)  # at most a step either side


def test_a_range_is_kept_while_the_data_stays_inside_and_fills_enough_of_it():
    kept = (-1.5, 6.5)
    assert steady_range((-1.4, 6.3), kept) == kept
    assert steady_range((-0.6, 6.3), kept) == kept  # still fills 86%
    grown = steady_range((-1.6, 6.3), kept)  # leaves it: rounded afresh
    assert grown != kept and grown[0] <= -1.6
    fill = KEEP_WHILE_FILLED * 8.0
    assert steady_range((0.0, fill * 0.99), kept) != kept  # shrunk well inside: fitted again
    assert steady_range((0.0, fill * 1.01), kept) == kept
    # Padding the curve may grow into: past the range by less than the slack, still kept.
    assert steady_range((-1.6, 6.3), kept, slack=0.2) == kept
    assert steady_range((-1.8, 6.3), kept, slack=0.2) != kept


def test_ranges_without_a_finite_span_pass_through():
    assert steady_range((2.0, 2.0), None) == (2.0, 2.0)
    assert steady_range((0.0, math.inf), (0.0, 1.0)) == (0.0, math.inf)


def _settle(qtbot, window, alpha: float) -> None:
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(window.state.with_params({"alpha": alpha}))


def y_range(plot) -> tuple[float, float]:
    low, high = plot.vb.viewRange()[1]
    return float(low), float(high)


def test_small_parameter_steps_leave_the_y_axes_and_their_ticks_where_they_are(qtbot, window):
    window.set_state(replace(window.state, activation="elu", adaptive=False, samples=100_000))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.samples == 100_000, timeout=20_000)
    plots = window.views["curve"].plots
    _settle(qtbot, window, 0.8)  # f spans -0.8..6 and f' 0..1
    output, derivative = y_range(plots.output_plot), y_range(plots.derivative_plot)
    step = round_step(6.8)
    assert output[0] <= -0.8 and output[1] >= 6.0 and math.isclose(output[0] / step, round(output[0] / step))
    axis = plots.output_plot.getAxis("left")
    axis.picture = None
    plots.view.grab()  # paints: the axis draws its ticks once
    drawn = axis.picture
    assert drawn is not None
    for alpha in (0.85, 0.9, 0.75):
        _settle(qtbot, window, alpha)
        plots.view.grab()
        assert y_range(plots.output_plot) == output and y_range(plots.derivative_plot) == derivative
        assert axis.picture is drawn  # the tick labels were not laid out again
    _settle(qtbot, window, 2.5)  # f reaches -2.5: out of the range, which follows it
    low, high = y_range(plots.output_plot)
    assert low <= -2.5 < output[0] and high >= 6.0
    assert y_range(plots.derivative_plot)[0] <= 0.0  # f' still against 0


def test_a_range_the_user_zoomed_to_is_not_kept_when_auto_range_is_back(qtbot, window):
    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    plots = window.views["curve"].plots
    vb = plots.output_plot.vb
    fitted = y_range(plots.output_plot)
    vb.setYRange(fitted[0] - 1.0, fitted[1] + 1.0, padding=0)  # zoomed out a little: the curve fills 80%
    vb.enableAutoRange(axis=vb.YAxis, enable=True)  # pyqtgraph's "A" button, View All
    vb.updateAutoRange()
    assert y_range(plots.output_plot) == fitted


def test_another_activation_and_reset_view_fit_afresh(qtbot, window):
    """Steadiness is for one curve's parameters: a new activation, or View > Reset View, fits the
    y axes to the curve as a fresh start would, whatever range was kept before."""
    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    plots = window.views["curve"].plots
    fresh = y_range(plots.output_plot), y_range(plots.derivative_plot)
    for alpha in (2.9, 1.0):  # grows the ranges, then keeps them: the curve still fills enough
        _settle(qtbot, window, alpha)
    kept = y_range(plots.output_plot)
    assert kept[0] < fresh[0][0]
    window.reset_view()
    qtbot.waitUntil(lambda: (y_range(plots.output_plot), y_range(plots.derivative_plot)) == fresh)

    for alpha in (1.3, 1.0):  # a little wider, then kept: ELU(1.0) is shown on a wider range
        _settle(qtbot, window, alpha)
    assert y_range(plots.output_plot) != fresh[0]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="celu"))  # at alpha 1 the same curve as ELU's
    assert y_range(plots.output_plot) == fresh[0]  # fitted as at a fresh start, not ELU's kept range
