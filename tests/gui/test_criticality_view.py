"""The criticality view in the window: the phase diagram and the point, from the worker to the pixels."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from actviewer.core.criticality import CriticalResult, compute_critical


def open_view(qtbot, window, activation="tanh"):
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: isinstance(r, CriticalResult)
    ):
        window.set_state(replace(window.state, activation=activation, view="critical"))
    return window.views["critical"]


def test_the_phase_diagram_and_the_point_follow_the_controls(qtbot, window, tmp_path):
    view = open_view(qtbot, window)
    shown = view.last_result
    assert view.plots.image.image.shape == (64, 64)
    np.testing.assert_allclose(
        view.plots.line.xData, shown.grid.critical_sw2[np.isfinite(shown.grid.critical_sw2)]
    )
    assert view.diagnosis.text().startswith("Ordered")  # tanh at σ_w² = 1.5, σ_b² = 0.05
    # Keyboard: a point past the critical line is chaotic.
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        view.sw2.setValue(2.8)
    assert view.last_result.request.point == (2.8, 0.05)
    assert view.diagnosis.text().startswith("Chaotic")
    expected = compute_critical(replace(view.last_result.request, measure=False))
    assert view.last_result.point.chi1 == pytest.approx(expected.point.chi1, rel=1e-12)
    np.testing.assert_allclose(view.plots.q_theory.yData, expected.q, rtol=1e-12)
    # Dropping the target where the mouse let it go moves the point there.
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        view.plots.point.setPos(QPointF(1.2, 0.3))
        view.plots.point.sigPositionChangeFinished.emit(view.plots.point)
    assert view.last_result.request.point == (1.2, 0.3)
    assert view.sw2.value() == pytest.approx(1.2)
    # The colour switch redraws without computing again.
    started = window.controller.jobs_started
    view.quantity.setCurrentIndex(1)
    assert window.controller.jobs_started == started
    assert view.plots.image.levels is not None and tuple(view.plots.image.levels) == (-1.5, 1.5)
    # Its Learn text heads the panel, in the view's own words.
    qtbot.waitUntil(lambda: "critical line" in window.learn_panel.browser.toPlainText(), timeout=5_000)
    assert window.exports.export_to(tmp_path / "c.json") and window.exports.export_to(
        tmp_path / "c.png", width=960
    )
    data = json.loads((tmp_path / "c.json").read_text())
    assert data["point"]["sw2"] == 1.2 and len(data["grid"]["points"]) == 64 * 64
    image = QImage(str(tmp_path / "c.png"))
    # The phase diagram's middle is coloured (viridis), not the white of an empty plot.
    colour = image.pixelColor(image.width() // 5, image.height() // 3)
    assert (colour.red(), colour.green(), colour.blue()) != (255, 255, 255)


def test_settings_survive_a_restart_and_bad_ones_fall_back(qtbot, make_window, settings_store):
    first = make_window()
    view = open_view(qtbot, first)
    with qtbot.waitSignal(first.result_shown, timeout=60_000):
        view.depth_box.setValue(12)
    first.close()
    second = make_window()
    assert second.state.view == "critical"  # the tab it was closed on
    restored = second.views["critical"]
    qtbot.waitUntil(lambda: restored.last_result is not None, timeout=60_000)
    assert restored.settings.depth == 12 and restored.last_result.request.depth == 12
    problems = restored.restore_state({"depth": -3, "sw2_max": "x", "point_sw2": 2.0})
    assert restored.settings.point_sw2 == 2.0 and len(problems) == 2
    assert restored.sw2.value() == pytest.approx(2.0)
