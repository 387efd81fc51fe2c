"""The parameter sliders as a user drives them: layout, keys, double-click reset, log scale."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from actviewer.core import catalog
from actviewer.gui.panels.params import ParamPanel

from .test_main_window import plotted, select_in_picker


@pytest.fixture
def panel(qtbot):
    """A parameter panel in a sidebar-wide window, recording every change it reports."""
    panel = ParamPanel()
    qtbot.addWidget(panel)
    panel.resize(280, 400)
    panel.changes = []
    panel.params_changed.connect(panel.changes.append)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def show(panel, activation: str) -> None:
    spec = catalog.get(activation)
    panel.set_activation(spec, spec.defaults())


def test_the_label_sits_above_a_slider_as_wide_as_the_sidebar_allows(qtbot, window):
    """The issue's 35-pixel slider: now the label has its own line and the slider most of the sidebar."""
    select_in_picker(qtbot, window, "leaky_relu")
    panel = window.param_panel
    control, label = panel.controls["negative_slope"], panel.labels["negative_slope"]
    qtbot.waitUntil(lambda: control.slider.isVisible() and label.isVisible())
    slider_top = control.slider.mapTo(panel, QPoint(0, 0)).y()
    assert label.mapTo(panel, QPoint(0, 0)).y() + label.height() <= slider_top
    # The slider and its spin box share a row that spans the panel: no label beside them.
    assert control.slider.width() + control.spin.width() >= 0.9 * panel.width()
    assert control.slider.width() >= 0.5 * panel.width() and control.slider.width() >= 140


def test_keys_step_the_slider_small_large_and_fine(qtbot, panel):
    show(panel, "leaky_relu")  # default 0.01, declared step 0.01
    control = panel.controls["negative_slope"]
    slider = control.slider
    slider.setFocus()
    steps = [
        (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier, 0.02),
        (Qt.Key.Key_Up, Qt.KeyboardModifier.NoModifier, 0.03),
        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.NoModifier, 0.13),
        (Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier, 0.131),
        (Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier, 0.13),
        (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, 0.12),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier, 0.02),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier, 0.0),  # stops at the slider's end
    ]
    for key, modifier, expected in steps:
        qtbot.keyClick(slider, key, modifier)
        assert control.value() == pytest.approx(expected, abs=1e-12), (key, modifier)
        assert panel.changes[-1]["negative_slope"] == pytest.approx(expected, abs=1e-12)
        assert slider.value() == round(expected * 1000)  # the handle follows
    assert len(panel.changes) == len(steps) - 0  # every key press is one edit


def test_double_clicking_the_slider_or_the_label_resets_that_parameter_alone(qtbot, panel):
    show(panel, "hardtanh")
    low, high = panel.controls["min_val"], panel.controls["max_val"]
    low.spin.setValue(-3.0)
    high.spin.setValue(2.5)
    qtbot.mouseDClick(low.slider, Qt.MouseButton.LeftButton, pos=low.slider.rect().center())
    assert low.value() == -1.0 and high.value() == 2.5
    assert panel.changes[-1] == {"min_val": -1.0, "max_val": 2.5}
    low.spin.setValue(-3.0)
    label = panel.labels["max_val"]
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=label.rect().center())
    assert high.value() == 1.0 and low.value() == -3.0
    assert panel.changes[-1] == {"min_val": -3.0, "max_val": 1.0}
    assert "Double-click to reset it to 1.0" in label.toolTip()


@pytest.mark.parametrize(
    ("activation", "name"), [("softplus", "beta"), ("softplus", "threshold"), ("softmax", "temperature")]
)
def test_scale_like_parameters_have_logarithmic_sliders(qtbot, panel, activation, name):
    """Equal slider distances are equal ratios: the middle is the geometric mean of the ends."""
    show(panel, activation)
    spec = catalog.get(activation).param(name)
    assert spec.log_scale
    control = panel.controls[name]
    lo, hi = spec.ui_min, spec.ui_max
    control.slider.setValue(500)
    assert control.value() == pytest.approx(math.sqrt(lo * hi), rel=5e-3)
    control.slider.setValue(250)
    assert control.value() == pytest.approx(lo * (hi / lo) ** 0.25, rel=5e-3)
    # A key step is a fixed ratio, whatever the value: 1/100 of the slider's length.
    control.slider.setFocus()
    for start in (lo * 2, hi / 2):
        control.spin.setValue(start)
        before = control.value()
        qtbot.keyClick(control.slider, Qt.Key.Key_Right)
        assert control.value() / before == pytest.approx((hi / lo) ** 0.01, rel=0.02)


def test_linear_parameters_keep_their_linear_slider(qtbot, panel):
    show(panel, "leaky_relu")
    control = panel.controls["negative_slope"]
    assert not control.spec.log_scale
    control.slider.setValue(500)
    assert control.value() == 0.5
    assert control.slider.value() == 500


def test_softplus_beta_of_1_sits_mid_slider(qtbot, panel):
    show(panel, "softplus")
    assert panel.controls["beta"].slider.value() == 500  # 0.1 .. 10: 1 is the geometric middle


def test_a_key_step_on_the_window_slider_recomputes_the_curve(qtbot, window):
    select_in_picker(qtbot, window, "leaky_relu")
    slider = window.param_panel.controls["negative_slope"].slider
    slider.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert window.state.current_params()["negative_slope"] == pytest.approx(0.11)
    x, y = plotted(window.views["curve"].plots.output_curve)
    np.testing.assert_allclose(y[x < 0], 0.11 * x[x < 0], rtol=1e-6)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.mouseDClick(slider, Qt.MouseButton.LeftButton, pos=slider.rect().center())
    assert window.state.current_params()["negative_slope"] == 0.01


def test_another_activation_destroys_the_old_controls_at_once(panel):
    """Not left to deleteLater(), which waits for the event loop that was running when it was
    called: a caller inside a nested loop (a modal dialog, a script driving the window from a slot)
    kept every old row, ~40 KB and 15 Python objects per change of activation."""
    import shiboken6
    from PySide6.QtWidgets import QWidget

    show(panel, "leaky_relu")
    old = panel.controls["negative_slope"]
    dragging = []
    panel.dragging.connect(dragging.append)
    show(panel, "elu")
    assert not shiboken6.isValid(old)
    rows = panel._form_host.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert len(rows) == len(catalog.get("elu").params)
    panel.controls["alpha"].dragging.emit(True)  # still forwarded (signal to signal now)
    assert dragging == [True]
