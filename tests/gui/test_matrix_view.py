"""The 2-D logits view of the softmax family, driven through the window."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QPointF, Qt

from actviewer.core.matrix import compute_matrix


def test_heatmaps_show_the_computed_matrices(qtbot, matrix_window):
    window = matrix_window
    view = window.views["matrix"]
    expected = compute_matrix(window.views["matrix"].build_request(window.state))
    np.testing.assert_array_equal(view.maps.input.image.image, expected.input)
    np.testing.assert_array_equal(view.maps.output.image.image, expected.output)
    np.testing.assert_array_equal(view.maps.jacobian.image.image, expected.jacobian)
    assert window.tabs.currentIndex() == 1
    assert "each row sums to 1" in view.explanation.text()
    assert view.maps.output.side_labels("right") == ["Σ = 1.0000"] * 4
    assert view.maps.output.side_labels("top") == []


def test_moving_dim_between_0_and_1_changes_which_axis_sums_to_one(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["dim"].spin.setValue(0)
    view = window.views["matrix"]
    np.testing.assert_allclose(view.maps.output.image.image.sum(axis=0), 1.0, rtol=1e-6)
    assert "each column sums to 1" in view.explanation.text()
    assert view.maps.output.side_labels("top") == ["1.000"] * window.views["matrix"].settings.cols
    assert view.maps.output.side_labels("right") == []


def test_temperature_sharpens_and_flattens(qtbot, matrix_window):
    window = matrix_window
    control = window.param_panel.controls["temperature"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(0.05)
    assert window.views["matrix"].maps.output.image.image.max(axis=1).min() > 0.99
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(50.0)
    np.testing.assert_allclose(
        window.views["matrix"].maps.output.image.image, 1 / window.views["matrix"].settings.cols, atol=0.05
    )


def test_clicking_a_row_shows_its_jacobian(qtbot, matrix_window):
    window = matrix_window
    view = window.views["matrix"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        view._edit(slice_index=2)
    result = window.views["matrix"].last_result
    s = result.slice_output
    np.testing.assert_allclose(result.jacobian, np.diag(s) - np.outer(s, s), atol=2e-7)
    np.testing.assert_array_equal(result.slice_input, result.input[2])
    assert "row 2" in view.maps.jacobian.plot.titleLabel.text
    # a real click on the input heatmap maps to the row under the pointer
    plot = view.maps.input.plot
    scene_point = plot.vb.mapViewToScene(QPointF(1.5, 3.5))
    view_point = view.graphics.mapFromScene(scene_point)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_point)
    assert window.views["matrix"].settings.slice_index == 3


def test_editing_a_logit_by_hand_recomputes_from_it(qtbot, matrix_window):
    window = matrix_window
    table = window.views["matrix"].table
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        table.item(0, 0).setText("9")
    assert window.views["matrix"].last_result.input[0, 0] == 9.0
    assert window.views["matrix"].last_result.output[0, 0] > 0.9
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.views["matrix"].regenerate.click()
    assert (
        window.views["matrix"].settings.logits is None
        and window.views["matrix"].last_result.input[0, 0] != 9.0
    )


def test_rows_and_columns_resize_the_input(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.views["matrix"].rows.setValue(7)
    assert window.views["matrix"].last_result.input.shape == (7, window.views["matrix"].settings.cols)
    assert window.views["matrix"].table.rowCount() == 7


def test_each_view_enables_only_the_parameters_its_input_uses(qtbot, matrix_window):
    window = matrix_window
    controls = window.param_panel.controls
    spin = controls["dim"].spin
    assert (spin.minimum(), spin.maximum()) == (-2, 1) and spin.value() == 1
    assert controls["dim"].isEnabled() and not controls["classes"].isEnabled()
    assert not controls["other_logit"].isEnabled() and not window.param_panel.labels["classes"].isEnabled()
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.tabs.setCurrentIndex(0)
    # The curve of one class has no dim: its control is disabled and the value kept for the 2-D tab.
    assert not controls["dim"].isEnabled() and controls["classes"].isEnabled()
    assert controls["other_logit"].isEnabled() and controls["temperature"].isEnabled()
    assert window.state.current_params()["dim"] == 1 and spin.value() == 1
    assert not window.error_banner.isVisible()
    title = window.views["curve"].plots.output_plot.titleLabel.text
    assert "softmax([x, 0])[0]" in title
    # The Learn panel follows once edits pause: no dim in the curve's signature, and the curve's code.
    qtbot.waitUntil(lambda: "Softmax()" in window.learn_panel.browser.toPlainText())
    assert "x.new_full" in window.learn_panel.functional.editor.toPlainText()
    # f'(0) is the curve's own: sigmoid'(0) = 1/4 (on the 2-D tab it is a whole Jacobian).
    qtbot.waitUntil(lambda: "f′(0) in PyTorch\n0.25\n" in window.learn_panel.browser.toPlainText())


def test_the_learn_panel_on_the_matrix_tab_says_f_prime_at_0_is_a_jacobian(qtbot, matrix_window):
    qtbot.waitUntil(lambda: "Softmax(dim=1)" in matrix_window.learn_panel.browser.toPlainText())
    text = matrix_window.learn_panel.browser.toPlainText()
    assert "depends on every input (see the Jacobian)" in text


def test_the_matrix_tab_is_only_for_the_softmax_family(qtbot, matrix_window):
    window = matrix_window
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="relu"))
    assert not window.tabs.isTabEnabled(1) and window.tabs.currentIndex() == 0


def test_learn_code_for_the_matrix_reproduces_the_heatmap(qtbot, matrix_window):
    from PySide6.QtWidgets import QApplication

    window = matrix_window
    window.learn_panel.functional.copy_button.click()
    scope: dict = {}
    exec(QApplication.clipboard().text(), scope)
    np.testing.assert_array_equal(scope["output"].double().numpy(), window.views["matrix"].last_result.output)


def _cell_pixels(view, heat, row: int, col: int) -> np.ndarray:
    """The RGB pixels a user sees in the middle of one cell (its central half), from a grab."""
    from PySide6.QtCore import QRectF

    image = view.graphics.grab().toImage()
    scene = heat.plot.vb.mapViewToScene(QRectF(col + 0.25, row + 0.3, 0.5, 0.4)).boundingRect()
    rect = view.graphics.mapFromScene(scene).boundingRect()
    ratio = image.devicePixelRatio()
    return np.array(
        [
            [
                image.pixelColor(round(x * ratio), round(y * ratio)).getRgb()[:3]
                for x in range(rect.left(), rect.right())
            ]
            for y in range(rect.top(), rect.bottom())
        ],
        dtype=float,
    )


def test_values_are_written_in_the_cells_where_they_fit(qtbot, matrix_window):
    window = matrix_window
    view = window.views["matrix"]
    result = view.last_result
    for heat, data in ((view.maps.input, result.input), (view.maps.output, result.output)):
        qtbot.waitUntil(lambda heat=heat: heat.cell_texts() is not None)
        expected = [[f"{v:.2f}".replace("-0.00", "0.00") for v in row] for row in data]
        assert heat.cell_texts() == expected
    assert view.maps.jacobian.cell_texts() is not None
    # On screen: the middle of a cell holds text, pixels far from the cell's own colour.
    fill = view.maps.input.colour_of(float(result.input[1, 2])).getRgb()[:3]
    pixels = _cell_pixels(view, view.maps.input, 1, 2)
    assert np.abs(pixels - fill).sum(axis=2).max() > 200
    # A 20 x 20 matrix has no room: no values, and cells of one colour each.
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        view.rows.setValue(20)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        view.cols.setValue(20)
    assert view.maps.input.cell_texts() is None and view.maps.output.cell_texts() is None
    assert not any(note.isVisible() for note in view.maps.input.cells)


def test_the_output_heatmap_spans_the_matrix_with_its_sums_beside_it(qtbot, matrix_window):
    """The sums are axis labels outside the cells: the x range is the matrix's columns, not more."""
    window = matrix_window
    view = window.views["matrix"]
    cols = view.settings.cols
    for dim in (1, 0):
        if window.state.current_params()["dim"] != dim:
            with qtbot.waitSignal(window.result_shown, timeout=20_000):
                window.param_panel.controls["dim"].spin.setValue(dim)
        for heat in (view.maps.input, view.maps.output):
            (x0, x1), (y0, y1) = heat.plot.vb.viewRange()
            assert -0.2 < x0 <= 0 and cols <= x1 < cols + 0.2, (dim, x0, x1)
            assert -0.2 < y0 <= 0 and view.settings.rows <= y1 < view.settings.rows + 0.2
        # Integer ticks under each cell's centre.
        ticks = view.maps.output.plot.getAxis("bottom")._tickLevels[0]
        assert ticks == [(c + 0.5, str(c)) for c in range(cols)]
    # The output plot stays as wide as the input plot's data area allows: not squeezed off the view.
    right = view.maps.output.bar.sceneBoundingRect().right()
    assert view.graphics.mapFromScene(QPointF(right, 0)).x() <= view.graphics.width()
