"""The curve's y axes while a parameter moves: still during a drag, fitted after it, lockable,
and f' always against 0. Driven with real mouse events on the slider."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from .test_main_window import select_in_picker


def y_range(plot) -> tuple[float, float]:
    low, high = plot.vb.viewRange()[1]
    return float(low), float(high)


def handle_centre(slider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def move_with_button_held(slider, point: QPoint) -> None:
    """A real mouse move with the left button down (QTest's mouseMove carries no buttons)."""
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(slider.mapToGlobal(point)),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(slider, event)


def settle(qtbot, window, control) -> None:
    """Wait until the plot shows the control's current value (drags coalesce their requests)."""
    qtbot.waitUntil(
        lambda: (
            not window.controller.busy
            and window.views["curve"].last_result.request.params[control.spec.name] == control.value()
        ),
        timeout=20_000,
    )
    QApplication.processEvents()  # pyqtgraph applies a pending fit when it next paints


@pytest.fixture
def leaky(qtbot, window):
    select_in_picker(qtbot, window, "leaky_relu")
    control = window.param_panel.controls["negative_slope"]
    settle(qtbot, window, control)
    return window, control, window.views["curve"].plots


def drag_to(qtbot, window, control, fraction: float) -> None:
    slider = control.slider
    point = QPoint(round(slider.width() * fraction), handle_centre(slider).y())
    move_with_button_held(slider, point)
    settle(qtbot, window, control)


def test_while_a_slider_is_dragged_the_y_axes_stay_grow_only_and_fit_on_release(qtbot, leaky):
    window, control, plots = leaky
    slider = control.slider
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=handle_centre(slider))
    drag_to(qtbot, window, control, 0.5)
    assert 0.4 < control.value() < 0.6
    held_output, held_derivative = y_range(plots.output_plot), y_range(plots.derivative_plot)
    # The curve left the range it started in (y(-6) = -6 x slope): the range grew to keep it.
    assert held_output[0] <= -6 * control.value() + 1e-9
    # It grew ahead of the curve, to round numbers: a little further does not move it again.
    drag_to(qtbot, window, control, 0.56)
    assert control.value() > 0.5
    assert y_range(plots.output_plot) == held_output
    # Back towards a small slope: nothing shrinks while the button is held.
    drag_to(qtbot, window, control, 0.1)
    assert control.value() < 0.2
    assert y_range(plots.output_plot) == held_output
    assert y_range(plots.derivative_plot) == held_derivative
    # A steeper slope than any before grows the range again, and only then.
    drag_to(qtbot, window, control, 0.9)
    assert y_range(plots.output_plot)[0] <= -6 * control.value() + 1e-9 < held_output[0]
    grown = y_range(plots.output_plot)
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=QPoint(round(slider.width() * 0.9), 5))
    # Let go: fitted to the last curve, which the grown range was far looser than.
    with qtbot.waitSignal(window.result_shown, timeout=20_000, raising=False):
        control.spin.setValue(0.05)
    settle(qtbot, window, control)
    qtbot.waitUntil(lambda: y_range(plots.output_plot)[0] > -2.0)
    assert y_range(plots.output_plot) != grown


def test_the_derivative_axis_always_shows_zero(qtbot, leaky):
    """LeakyReLU's f' at slope 0.88 is 0.88 or 1: without 0 on the axis every slope looks alike."""
    window, control, plots = leaky
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(0.88)
    settle(qtbot, window, control)
    qtbot.waitUntil(lambda: y_range(plots.derivative_plot)[0] <= 0.0)
    low, high = y_range(plots.derivative_plot)
    assert low <= 0.0 < 1.0 <= high and low > -0.2  # 0 is in view, and not by a wide margin
    # The export figure's derivative panel too.
    from actviewer.gui.views.curve import CurveView

    canvas = CurveView.figure(window.views["curve"].last_result)
    canvas.show()
    for _ in range(5):
        QApplication.processEvents()
    derivative = canvas.body.getItem(1, 0)
    assert y_range(derivative)[0] <= 0.0 < 1.0 <= y_range(derivative)[1]
    canvas.close()


def test_lock_axes_keeps_the_ranges_until_unlocked(qtbot, leaky):
    window, control, plots = leaky
    action = window.views["curve"].lock_action
    assert action in window.view_menu.actions() and action.isEnabled()
    action.trigger()
    locked = y_range(plots.output_plot), y_range(plots.derivative_plot)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(0.9)
    settle(qtbot, window, control)
    assert (y_range(plots.output_plot), y_range(plots.derivative_plot)) == locked
    # A drag while locked does not grow them either.
    slider = control.slider
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=handle_centre(slider))
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=handle_centre(slider))
    assert (y_range(plots.output_plot), y_range(plots.derivative_plot)) == locked
    action.trigger()
    qtbot.waitUntil(lambda: y_range(plots.output_plot)[0] <= -6 * 0.9 + 1e-9)
    assert window.views["curve"].save_state()["lock_axes"] is False


def test_lock_axes_is_saved_and_a_locked_start_still_fits_the_first_curve(qtbot, make_window):
    window = make_window()
    window.views["curve"].lock_action.trigger()
    window.close()
    again = make_window()
    assert again.views["curve"].lock_action.isChecked()
    low, high = y_range(again.views["curve"].plots.output_plot)
    assert low < 0.05 and 0.95 < high < 1.2  # sigmoid's 0..1, fitted once, not an empty plot's range


def test_while_a_parameter_is_held_the_curve_never_touches_the_frame(qtbot, window):
    """ELU's f′ peaks at alpha: held ranges grow before the peak reaches the plot's edge."""
    from dataclasses import replace

    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    plots = window.views["curve"].plots
    window.param_panel.dragging.emit(True)
    try:
        for alpha in [1.0 + 0.1 * i for i in range(1, 16)]:
            with qtbot.waitSignal(window.result_shown, timeout=20_000):
                window.set_state(window.state.with_params({"alpha": round(alpha, 2)}))
            peak = float(window.views["curve"].last_result.dy.max())
            low, high = y_range(plots.derivative_plot)
            assert high - peak >= 0.015 * (high - low), (
                f"alpha={alpha:.1f}: f′ peak {peak} at the top, {high}"
            )
    finally:
        window.param_panel.dragging.emit(False)


def test_an_export_shows_the_axes_as_they_are_on_screen(qtbot, window):
    """After a wheel zoom the PNG refitted y and differed from the screen; its subtitle printed the
    zoomed range unrounded."""
    from actviewer.gui.figures.style import format_range

    view = window.views["curve"]
    view.plots.output_plot.setRange(yRange=(-0.25, 0.75), padding=0)
    view.plots.derivative_plot.setRange(yRange=(0.1, 0.9), padding=0)
    screen = view.screen_ranges()
    make = window.exports._as_on_screen(view.last_result)
    canvas = make(transparent=False, scale=1.0)
    plots = [item for item in canvas.body.items if isinstance(item, pg.PlotItem)]
    for plot, (x_range, y_range) in zip(plots, screen):
        assert plot.vb.viewRange()[1] == pytest.approx(y_range)
        assert plot.vb.viewRange()[0] == pytest.approx(x_range)
    canvas.close()
    assert format_range(-2.718281828, 3.14159265) == "[-2.72, 3.14]"
    assert (
        format_range(-6.0, 6.0) == "[-6, 6]"
        and format_range(0.00123412345, 0.00129912345) == "[0.0012341, 0.0012991]"
    )
