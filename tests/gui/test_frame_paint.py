"""How a live frame is painted: once per result, cheaply while input streams in, at full quality after.

These check what the frame-budget work (benchmarks/README.md) relies on, in paint events and in
the pixels a user sees, not in wall-clock time.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QGraphicsItem

from actviewer.gui.views._paint import SETTLE_MS


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _change(qtbot, window, alpha: float) -> None:
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(window.state.with_params({"alpha": alpha}))


def _drain() -> None:
    for _ in range(5):  # deferred updates: the scene's dirty items, then the viewport's repaint
        QApplication.processEvents()


def test_a_new_curve_whose_axes_refit_is_painted_once(qtbot, window):
    """pyqtgraph fits auto-ranged axes at the start of a paint; a range changed there dirtied every
    item again and Qt painted each frame twice. The fit now happens when the data is set."""
    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    _drain()
    plots = window.views["curve"].plots
    counter = PaintCounter(plots.view.viewport())
    # Each moves f's lower asymptote, -alpha, out of the steady range or far inside it: the y axes refit.
    for alpha in (2.5, 5.0, 0.1):
        before = plots.output_plot.vb.viewRange()[1]
        _change(qtbot, window, alpha)
        counter.count = 0
        _drain()
        assert plots.output_plot.vb.viewRange()[1] != before
        assert counter.count == 1, f"alpha={alpha}: {counter.count} paints for one result"


def _colours(plots) -> int:
    """Distinct colours inside the output plot's data area, where its curve crosses a light grid:
    antialiased strokes blend the curve's colour into the background in many shades, aliased ones
    in none."""
    rect = plots.view.mapFromScene(plots.output_plot.vb.sceneBoundingRect()).boundingRect()
    image = plots.view.grab(rect.adjusted(2, 2, -2, -2)).toImage()
    image = image.convertToFormat(image.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return len(np.unique(raw))


def test_while_a_slider_is_dragged_curves_are_thin_and_aliased_then_full_quality(qtbot, window):
    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    plots = window.views["curve"].plots
    qtbot.waitUntil(lambda: not plots.quality.interactive, timeout=SETTLE_MS + 5_000)
    _drain()
    full_width = plots.output_curve.curve.opts["pen"].widthF()
    full_colours = _colours(plots)

    window.param_panel.dragging.emit(True)
    for alpha in (0.7, 0.9, 1.1):
        _change(qtbot, window, alpha)
    _drain()
    assert plots.quality.interactive
    assert plots.output_curve.curve.opts["pen"].widthF() == 1.0
    assert plots.output_curve.curve.opts["antialias"] is False
    # The axes hold still during a drag: kept as pixmaps. Outside one they may change every frame,
    # and drawing them into a pixmap first measured slower (benchmarks/README.md).
    assert plots.output_plot.getAxis("left").cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    dragging_colours = _colours(plots)
    assert dragging_colours < full_colours / 2, (dragging_colours, full_colours)

    window.param_panel.dragging.emit(False)  # the hand lets go: full quality once input pauses
    qtbot.waitUntil(lambda: not plots.quality.interactive, timeout=SETTLE_MS + 5_000)
    assert plots.output_curve.curve.opts["pen"].widthF() == full_width
    assert plots.output_curve.curve.opts["antialias"] is True
    assert plots.output_plot.getAxis("left").cacheMode() == QGraphicsItem.CacheMode.NoCache
    _drain()
    assert _colours(plots) > dragging_colours * 2


def test_a_lone_change_is_drawn_at_full_quality(qtbot, window):
    """A single edit (a typed value, a click) is not a stream of input: no interactive frame."""
    plots = window.views["curve"].plots
    qtbot.waitUntil(lambda: not plots.quality.interactive, timeout=SETTLE_MS + 5_000)
    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    assert not plots.quality.interactive
    assert plots.output_curve.curve.opts["antialias"] is True


def test_the_second_derivative_is_drawn_only_while_shown(qtbot, window):
    """f″ gets its data when View > Show Second Derivative is on, and none while it is off."""
    window.set_state(replace(window.state, activation="elu"))
    qtbot.waitUntil(lambda: window.views["curve"].last_result.request.spec.id == "elu", timeout=20_000)
    plots = window.views["curve"].plots
    curve = plots.second_curve
    assert not curve.isVisible() and (curve.xData is None or len(curve.xData) == 0)
    window.views["curve"].second_action.setChecked(True)
    qtbot.waitUntil(lambda: curve.isVisible() and curve.xData is not None and len(curve.xData) > 100)
    x, d2 = np.asarray(curve.xData), np.asarray(curve.yData)
    alpha = window.views["curve"].last_result.request.params["alpha"]
    left = x < -0.01
    np.testing.assert_allclose(d2[left], alpha * np.exp(x[left]), rtol=1e-5, atol=1e-6)  # ELU″ = alpha·eˣ
    np.testing.assert_allclose(d2[x > 0.01], 0.0, atol=1e-6)
    window.views["curve"].second_action.setChecked(False)
    qtbot.waitUntil(lambda: not curve.isVisible() and (curve.xData is None or len(curve.xData) == 0))
