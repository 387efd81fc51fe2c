"""Adaptive sampling follows the view; large fixed grids reach the GUI as an envelope."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from actviewer.core.compute import compute


def test_zooming_recomputes_the_visible_range_at_screen_resolution(qtbot, window):
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="gelu"))
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.views["curve"].plots.set_x_range(-1e-3, 1e-3)  # as a mouse-wheel zoom does
    qtbot.waitUntil(lambda: not window.controller.busy)
    request = window.views["curve"].last_result.request
    assert (request.x_min, request.x_max) == (-1e-3, 1e-3)
    pixels = window.views["curve"].plots.pixel_width()
    assert 1.8 * pixels <= request.samples <= 2.2 * pixels  # the layout may shift a few pixels
    x, y = (
        np.asarray(window.views["curve"].plots.output_curve.xData),
        np.asarray(window.views["curve"].plots.output_curve.yData),
    )
    assert x.min() == -1e-3 and x.max() == 1e-3 and len(x) == request.samples
    np.testing.assert_array_equal(y, compute(request).y)  # detail at any scale, straight from torch
    with qtbot.waitSignal(window.result_shown, timeout=20_000) as blocker:
        window.reset_view_action.trigger()
    assert (blocker.args[0].request.x_min, blocker.args[0].request.x_max) == (
        window.state.x_min,
        window.state.x_max,
    )


def test_kinks_are_sampled_exactly(qtbot, window):
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(
            replace(window.state, activation="hardtanh").with_params({"min_val": -0.777, "max_val": 1.2345})
        )
    x = window.views["curve"].last_result.x
    assert np.float32(-0.777) in x and np.float32(1.2345) in x


def test_a_large_fixed_grid_reaches_the_plots_as_an_envelope_but_exports_every_sample(
    qtbot, window, tmp_path
):
    state = replace(window.state, activation="sigmoid", adaptive=False, samples=1_000_000)
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        window.set_state(state)
    result = window.views["curve"].last_result
    assert len(result.x) == 1_000_000
    drawn = np.asarray(window.views["curve"].plots.output_curve.xData)
    assert len(drawn) <= 2 * window.views["curve"].plots.pixel_width() + 4
    ys = np.asarray(window.views["curve"].plots.output_curve.yData)
    assert ys.min() == result.y.min() and ys.max() == result.y.max()
    path = tmp_path / "all.csv"
    with qtbot.waitSignal(window.exports.finished, timeout=120_000):  # large: written in the background
        assert window.exports.export_to(path)
    with open(path) as handle:
        assert sum(1 for _ in handle) == 1_000_001


def test_switching_to_fixed_sampling_uses_the_samples_control(qtbot, window):
    panel = window.domain_panel
    assert not panel.samples.isEnabled()
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        panel.sampling.setCurrentIndex(1)
    assert panel.samples.isEnabled() and not window.state.adaptive
    assert len(window.views["curve"].last_result.x) == window.state.samples
