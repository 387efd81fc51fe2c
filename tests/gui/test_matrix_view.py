"""The 2-D logits view of the softmax family, driven through the window."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from actviewer.core.matrix import MatrixResult, compute_matrix


@pytest.fixture
def matrix_window(qtbot, window):
    state = replace(window.state, activation="softmax", view="matrix").with_params(
        {"dim": 1, "temperature": 1.0}
    )
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: isinstance(r, MatrixResult)
    ):
        window.set_state(state)
    return window


def test_heatmaps_show_the_computed_matrices(qtbot, matrix_window):
    window = matrix_window
    view = window.matrix_view
    expected = compute_matrix(window.state.matrix_request())
    np.testing.assert_array_equal(view.input_map.image.image, expected.input)
    np.testing.assert_array_equal(view.output_map.image.image, expected.output)
    np.testing.assert_array_equal(view.jacobian_map.image.image, expected.jacobian)
    assert window.views.currentIndex() == 1
    assert "each row sums to 1" in view.explanation.text()
    assert [n.toPlainText() for n in view.output_map.notes] == ["Σ = 1.0000"] * 4


def test_moving_dim_between_0_and_1_changes_which_axis_sums_to_one(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["dim"].spin.setValue(0)
    view = window.matrix_view
    np.testing.assert_allclose(view.output_map.image.image.sum(axis=0), 1.0, rtol=1e-6)
    assert "each column sums to 1" in view.explanation.text()
    assert len(view.output_map.notes) == window.state.cols


def test_temperature_sharpens_and_flattens(qtbot, matrix_window):
    window = matrix_window
    control = window.param_panel.controls["temperature"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(0.05)
    assert window.matrix_view.output_map.image.image.max(axis=1).min() > 0.99
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(50.0)
    np.testing.assert_allclose(window.matrix_view.output_map.image.image, 1 / window.state.cols, atol=0.05)


def test_clicking_a_row_shows_its_jacobian(qtbot, matrix_window):
    window = matrix_window
    view = window.matrix_view
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        view.slice_picked.emit(2)
    result = window.last_matrix
    s = result.slice_output
    np.testing.assert_allclose(result.jacobian, np.diag(s) - np.outer(s, s), atol=2e-7)
    np.testing.assert_array_equal(result.slice_input, result.input[2])
    assert "row 2" in view.jacobian_map.plot.titleLabel.text
    # a real click on the input heatmap maps to the row under the pointer
    plot = view.input_map.plot
    scene_point = plot.vb.mapViewToScene(QPointF(1.5, 3.5))
    view_point = view.graphics.mapFromScene(scene_point)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_point)
    assert window.state.slice_index == 3


def test_editing_a_logit_by_hand_recomputes_from_it(qtbot, matrix_window):
    window = matrix_window
    table = window.matrix_view.table
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        table.item(0, 0).setText("9")
    assert window.last_matrix.input[0, 0] == 9.0
    assert window.last_matrix.output[0, 0] > 0.9
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.matrix_view.regenerate.click()
    assert window.state.logits is None and window.last_matrix.input[0, 0] != 9.0


def test_rows_and_columns_resize_the_input(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.matrix_view.rows.setValue(7)
    assert window.last_matrix.input.shape == (7, window.state.cols)
    assert window.matrix_view.table.rowCount() == 7


def test_the_curve_view_refuses_dim_1_with_a_message(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.error_shown, timeout=20_000) as blocker:
        window.views.setCurrentIndex(0)
    assert "dim=1 is out of range for a 1-D input" in blocker.args[0]
    assert window.error_banner.isVisible()
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["dim"].spin.setValue(0)
    assert "exactly torch.softmax(x, dim=0)" in window.plots.output_plot.titleLabel.text


def test_the_matrix_tab_is_only_for_the_softmax_family(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="relu"))
    assert not window.views.isTabEnabled(1) and window.views.currentIndex() == 0


def test_learn_code_for_the_matrix_reproduces_the_heatmap(qtbot, matrix_window):
    from PySide6.QtWidgets import QApplication

    window = matrix_window
    window.learn_panel.functional.copy_button.click()
    scope: dict = {}
    exec(QApplication.clipboard().text(), scope)
    np.testing.assert_array_equal(scope["output"].double().numpy(), window.last_matrix.output)
