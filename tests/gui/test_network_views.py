"""The distribution and deep-stack views in the window: computed on the worker, shown, exported."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtGui import QImage

from actviewer.core.network import DistResult, StackResult, compute_stack


def open_view(qtbot, window, view_id, result_type, activation="relu"):
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: isinstance(r, result_type)
    ):
        window.set_state(replace(window.state, activation=activation, view=view_id))
    return window.views[view_id]


def test_the_distribution_view_shows_the_statistics_and_histograms(qtbot, window, tmp_path):
    view = open_view(qtbot, window, "distribution", DistResult)
    result = view.last_result
    assert float(view.table.item(0, 0).text()) == pytest.approx(0.3989, abs=1e-3)
    assert np.asarray(view.items[1].yData).sum() == pytest.approx(1.0)  # fractions of the samples
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        view.std.setValue(2.0)
    assert view.last_result is not result and view.last_result.request.std == 2.0
    assert window.exports.export_to(tmp_path / "d.json") and window.exports.export_to(
        tmp_path / "d.png", width=800
    )
    assert json.loads((tmp_path / "d.json").read_text())["std"] == pytest.approx(2 * 0.5838, abs=3e-3)
    assert QImage(str(tmp_path / "d.png")).width() == 800


def test_the_stack_view_diagnoses_and_follows_its_settings(qtbot, window, tmp_path):
    view = open_view(qtbot, window, "stack", StackResult, activation="sigmoid")
    assert "vanishing" in view.diagnosis.text()
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        view.spins["layers"].setValue(8)
    shown = view.last_result
    assert shown.request.layers == 8
    expected = compute_stack(shown.request)
    np.testing.assert_allclose(view.plots.weight_grad.yData, expected.weight_grad_norm, rtol=1e-6)
    program = window.learn_panel.program.editor
    qtbot.waitUntil(lambda: "layers, width, batch = 8, 256, 512" in program.toPlainText(), timeout=5_000)
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        view.init.setCurrentIndex(view.init.findData("xavier_normal"))
    assert view.last_result.request.init == "xavier_normal"
    assert window.exports.export_to(tmp_path / "s.csv")
    rows = (tmp_path / "s.csv").read_text().splitlines()
    assert rows[0].startswith("index,pre_mean") and len(rows) == 9


def test_network_tabs_are_disabled_for_the_softmax_family(qtbot, window):
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.set_state(replace(window.state, activation="softmax", view="stack"))
    assert not window.tabs.isTabEnabled(window.tab_index("stack"))
    assert window.current_view() is window.views["curve"]


def test_a_newer_request_abandons_a_long_stack_computation(qtbot, window):
    """Latest wins: 200 x 1024 (~20 s to the end) gives way to the defaults that follow it."""
    view = open_view(qtbot, window, "stack", StackResult)
    controller = window.controller
    shown = []  # each result shown, with how many jobs had been abandoned by then
    window.result_shown.connect(
        lambda r: shown.append((r.request.layers, r.request.width, controller.jobs_abandoned))
    )
    started = controller.jobs_started
    view._edit(layers=200, width=1024)
    qtbot.waitUntil(lambda: controller.jobs_started == started + 1)  # the big one is on the worker
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: r.request.layers == 20
    ):
        view._edit(layers=20, width=256)
    assert shown == [(20, 256, 1)]  # the big one never shown, and abandoned before the defaults came
    assert controller.jobs_abandoned == 1 and controller.jobs_started == started + 2
    qtbot.waitUntil(lambda: not controller.busy)
    np.testing.assert_allclose(
        view.plots.weight_grad.yData, compute_stack(view.last_result.request).weight_grad_norm, rtol=1e-6
    )


def test_closing_the_window_stops_a_long_stack_computation(qtbot, window):
    view = open_view(qtbot, window, "stack", StackResult)
    controller, thread = window.controller, window.controller._thread
    started = controller.jobs_started
    view._edit(layers=200, width=1024)
    qtbot.waitUntil(lambda: controller.jobs_started == started + 1)
    window.close()
    # Abandoned (a job run to its end reports a result instead), and the thread ends with it.
    qtbot.waitUntil(lambda: controller.jobs_abandoned == 1 and not thread.isRunning(), timeout=30_000)


def test_a_deep_stack_result_is_prepared_in_slices_and_painted_whole(qtbot, window, monkeypatch):
    """Showing 200 layers costs the GUI thread one axis (or the ranges, or the paths) per
    event-loop turn, then one paint that only draws: nothing of the frame is painted before
    it is complete, and the paint builds no axis and fits no range. Counted in operations,
    never timed."""
    import pyqtgraph as pg

    view = open_view(qtbot, window, "stack", StackResult)
    qtbot.waitUntil(lambda: not view.staged.pending)
    result = compute_stack(replace(view.last_result.request, layers=200, width=16, batch=8))
    axes = [
        plot.getAxis(name)
        for plot in (view.plots.signal, view.plots.histogram, view.plots.gradients, view.plots.dead)
        for name in ("left", "bottom")
    ]
    view.show_result(result)
    view.staged._timer.stop()  # run the turns by hand, to look between them
    assert not view.graphics.updatesEnabled() and not view.diagnosis.updatesEnabled()
    assert np.asarray(view.plots.weight_grad.xData).size == 200  # the data is set at once
    steps, built = 0, [a.picture is not None for a in axes]
    while view.staged.pending:
        view.staged._next()
        steps += 1
        now = [a.picture is not None for a in axes]
        assert sum(now) - sum(built) <= 1  # at most one axis's ticks a turn
        built = now
    assert steps == view.staged.steps_run == len(view.plots.steps())
    assert all(built) and view.graphics.updatesEnabled() and view.diagnosis.updatesEnabled()

    calls: list[str] = []
    specs, fit = pg.AxisItem.generateDrawSpecs, pg.ViewBox.updateAutoRange
    monkeypatch.setattr(pg.AxisItem, "generateDrawSpecs", lambda s, p: calls.append("axis") or specs(s, p))
    monkeypatch.setattr(pg.ViewBox, "updateAutoRange", lambda s: calls.append("range") or fit(s))
    view.graphics.viewport().repaint()
    assert calls == []


def test_a_result_being_prepared_is_finished_before_a_grab(qtbot, window):
    view = open_view(qtbot, window, "stack", StackResult)
    view.show_result(compute_stack(replace(view.last_result.request, layers=30, width=16, batch=8)))
    assert view.staged.pending
    view.finish_showing()
    assert not view.staged.pending and view.graphics.updatesEnabled()
    image = view.graphics.grab().toImage()
    assert image.pixelColor(image.width() // 2, 5).lightness() > 200  # the white plot, not black


def test_a_longer_diagnosis_wraps_instead_of_widening_the_view(qtbot, window):
    """Unwrapped, the longest line was the view's minimum width: a new result re-laid out
    the whole window (and pushed the view past the screen in a narrow one)."""
    view = open_view(qtbot, window, "stack", StackResult)
    narrowest = view.minimumSizeHint().width()
    view.diagnosis.setText("layer 1's weight gradient underflows to 0 while layer 200's is 4.0e-04: " * 3)
    assert view.minimumSizeHint().width() == narrowest
