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
    """Latest wins: 200 x 1024 (~20 s to the end) gives way to the defaults that follow it, which
    the view still holds, so they are shown at once and nothing is computed for them."""
    view = open_view(qtbot, window, "stack", StackResult)
    controller = window.controller
    shown = []  # each result shown
    window.result_shown.connect(lambda r: shown.append((r.request.layers, r.request.width)))
    started = controller.jobs_started
    view.edit_settings(layers=200, width=1024)
    qtbot.waitUntil(lambda: controller.jobs_started == started + 1)  # the big one is on the worker
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: r.request.layers == 20
    ):
        view.edit_settings(layers=20, width=256)
    qtbot.waitUntil(lambda: controller.jobs_abandoned == 1 and not controller.busy, timeout=30_000)
    assert shown == [(20, 256)]  # the big one never shown
    assert controller.jobs_started == started + 1


def test_a_long_stack_shows_its_progress_and_coming_back_to_it_computes_nothing(qtbot, window):
    """A 200 x 1024 stack takes 10-30 s: the view says how far it is, and once computed, returning
    to its tab with the same settings shows the result kept instead of computing it again."""
    view = open_view(qtbot, window, "stack", StackResult)
    seen: list[tuple[float, bool]] = []
    window.controller.progress.connect(lambda f: seen.append((f, window.loading.note.isVisible())))
    with qtbot.waitSignal(
        window.result_shown, timeout=120_000, check_params_cb=lambda r: r.request.layers == 60
    ):
        view.edit_settings(layers=60, width=512)
    fractions = [f for f, _ in seen]
    assert any(0 < f < 1 for f in fractions) and fractions == sorted(fractions[:-1]) + fractions[-1:]
    assert fractions[-1] == -1.0 and not window.loading.note.isVisible()
    assert "%" in window.loading.note.text()
    kept = view.last_result
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.set_state(replace(window.state, view="curve"))
    started = window.controller.jobs_started
    with qtbot.waitSignal(window.result_shown, timeout=5_000) as shown:
        window.set_state(replace(window.state, view="stack"))
    assert shown.args[0] is kept and window.controller.jobs_started == started
    assert window.status.frame.text() == view.status_text(kept)
