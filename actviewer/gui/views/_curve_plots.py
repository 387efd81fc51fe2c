"""The curve view's two panels: long-lived pyqtgraph items updated with setData.

Both plots share their x axis, draw axis lines at 0 and a grid, zoom and pan
with the mouse, and follow the pointer with a crosshair whose readout shows x,
f(x) and f'(x) interpolated from the last result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.request import MIN_X_SPAN
from ..figures.style import (
    DERIVATIVE_COLOUR,
    OUTPUT_COLOUR,
    SECOND_COLOUR,
    anchor_zero,
    curve_pen,
    format_points,
    frame_flat,
    palette,
    set_title,
    style_plot,
    undefined_line,
    with_note,
)
from ._paint import InteractiveQuality, cache_axes, settle_ranges
from ._steady import SteadyViewBox, round_outward

if TYPE_CHECKING:
    from ...core.results import ComputeResult

MIN_Y_SPAN = 1e-12
GROW_AHEAD = 0.2
"""While a slider is held, a y range the curve leaves grows this fraction of its span further, to
round numbers: a drag that keeps pushing the curve out moves the axes a few times, not in every
frame, where each move lays the tick labels out again (~4 ms, a drag's frame is ~6)."""
EDGE = 0.02
"""While a slider is held, a range grows once the curve comes this close (of its span) to an edge."""


def _format(value: float) -> str:
    if not np.isfinite(value):
        return str(value)
    return f"{value:.6g}"


def _interp(x: float, xs: np.ndarray, ys: np.ndarray) -> float:
    """Linear interpolation at one x in O(log n): np.interp scans all 10 million samples."""
    i = int(np.searchsorted(xs, x))
    if i <= 0:
        return float(ys[0])
    if i >= len(xs):
        return float(ys[-1])
    x0, x1 = float(xs[i - 1]), float(xs[i])
    t = 0.0 if x1 == x0 else (x - x0) / (x1 - x0)
    return float(ys[i - 1]) + t * (float(ys[i]) - float(ys[i - 1]))


class PlotPanels(QWidget):
    """Two linked plots and a readout line beneath them."""

    x_range_changed = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True)
        # One view for both plots: a second QGraphicsView cost ~3 ms more per frame.
        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground(palette().background)
        self.view.setMinimumHeight(260)
        self.output_plot = self._make_plot(self.view, 0, self.tr("Output f(x)"), "f(x)")
        self.derivative_plot = self._make_plot(self.view, 1, self.tr("Derivative f′(x)"), "f′(x)")
        self.derivative_plot.setXLink(self.output_plot)
        anchor_zero(self.derivative_plot)  # f' always shows 0: slopes are read against it

        self.output_curve = self._curve(self.output_plot, OUTPUT_COLOUR, 2.5)
        self.derivative_curve = self._curve(self.derivative_plot, DERIVATIVE_COLOUR, 2.5)
        self.second_curve = self._curve(self.derivative_plot, SECOND_COLOUR, 1.5, Qt.PenStyle.DashLine)
        self.second_curve.setVisible(False)
        self._show_second = False
        self.quality = InteractiveQuality((self.output_curve, self.derivative_curve, self.second_curve), self)

        self._cross = [
            pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(palette().guide, width=1))
            for _ in (self.output_plot, self.derivative_plot)
        ]
        for plot, line in zip((self.output_plot, self.derivative_plot), self._cross):
            plot.addItem(line, ignoreBounds=True)
            line.setVisible(False)
        self._dots = [
            pg.ScatterPlotItem(size=8, brush=pg.mkBrush(colour), pen=pg.mkPen("w"))
            for colour in (OUTPUT_COLOUR, DERIVATIVE_COLOUR)
        ]
        for plot, dot in zip((self.output_plot, self.derivative_plot), self._dots):
            plot.addItem(dot, ignoreBounds=True)
            dot.setVisible(False)  # an empty scatter still costs ~0.5 ms a paint

        self._undefined_lines: list[pg.InfiniteLine] = []
        self._derivative_title = self.tr("Derivative f′(x)")
        self.undefined_note = ""

        self.readout = QLabel(self.tr("Move the pointer over a plot to read values."))
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAccessibleName(self.tr("Crosshair readout"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.readout)

        self.result: ComputeResult | None = None
        self._readout_x: float | None = None
        """Where the pointer last read the curves (None: never): a new result is read there too."""
        self._holding = False
        """A parameter is being dragged: y ranges stay put, growing only to keep the curves in view."""
        self._locked = False
        """View > Lock Axes: y ranges stay exactly where they are until unlocked."""
        self._lock_set = False
        """Locked with a range to keep (locking before the first curve keeps that curve's fit)."""
        self._auto_before_hold: list[bool] = []
        self.view.scene().sigMouseMoved.connect(self._mouse_moved)  # one scene holds both plots
        for plot in (self.output_plot, self.derivative_plot):
            # x is managed here (a home range, then the user's zoom and pan); y follows the data.
            plot.vb.enableAutoRange(x=False, y=True)
            # No zoom into spans that float arithmetic (and pyqtgraph's ticks) cannot resolve.
            plot.vb.setLimits(minXRange=MIN_X_SPAN, minYRange=MIN_Y_SPAN)
        for plot in (self.output_plot, self.derivative_plot):
            plot.vb.sigRangeChangedManually.connect(lambda *_: self.quality.input())  # wheel, drag
        vb = self.output_plot.vb
        vb.sigXRangeChanged.connect(lambda _vb, rng: self.x_range_changed.emit(float(rng[0]), float(rng[1])))
        # A wider plot deserves more samples: resizing counts as a change of view.
        vb.sigResized.connect(lambda _vb: self.x_range_changed.emit(*self.visible_x_range()))

    def visible_x_range(self) -> tuple[float, float]:
        lo, hi = self.output_plot.vb.viewRange()[0]
        return float(lo), float(hi)

    def pixel_width(self) -> int:
        """Horizontal pixels of the plotting area (what adaptive sampling resolves)."""
        return max(int(self.output_plot.vb.width()), 200)

    def set_x_range(self, lo: float, hi: float) -> None:
        self.output_plot.vb.setXRange(lo, hi, padding=0.0)

    @staticmethod
    def _make_plot(view: pg.GraphicsLayoutWidget, row: int, title: str, y_label: str) -> pg.PlotItem:
        item = view.addPlot(row=row, col=0, viewBox=SteadyViewBox())  # y still while the curve moves a little
        style_plot(item, title, y_label)
        return item

    @staticmethod
    def _curve(
        plot: pg.PlotItem, colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine
    ) -> pg.PlotDataItem:
        curve = plot.plot(pen=curve_pen(colour, width, style))
        curve.setDownsampling(auto=True, method="peak")
        curve.setClipToView(True)
        return curve

    def set_output_title(self, title: str) -> None:
        set_title(self.output_plot, title)

    def set_second_derivative_visible(self, visible: bool) -> None:
        self._show_second = visible
        self._update_second()

    def _update_second(self) -> None:
        """f″ gets its data only while it is shown: a hidden curve's setData still cost ~0.1 ms a frame."""
        second = None if self.result is None else self.result.drawn()[2]
        if self._show_second and second is not None:
            self.second_curve.setData(*second)
            self.second_curve.setVisible(True)
            return
        self.second_curve.setVisible(False)
        if self.second_curve.xData is not None and len(self.second_curve.xData):
            self.second_curve.setData([], [])  # once: emptying an empty curve still costs a pass

    def show_result(self, result: ComputeResult) -> None:
        if self.result is None or result.request.activation != self.result.request.activation:
            self._forget_ranges()  # steady ranges are for one curve's parameters, not across curves
        self.result = result
        self._show_data(result)
        settle_ranges((self.output_plot, self.derivative_plot))  # one paint per frame, not two
        if self._readout_x is not None:  # the pointer has not moved: its readout follows the new curve
            self.show_readout_at(self._readout_x)

    def _show_data(self, result: ComputeResult) -> None:
        (x, y), (x_dy, dy), second = result.drawn()
        self.output_curve.setData(x, y)
        self.derivative_curve.setData(x_dy, dy)
        d2y = None if second is None else second[1]
        self._update_second()
        self._show_undefined(result)
        if self._locked and self._lock_set:
            return  # the ranges are the user's
        if self._holding:
            self._grow_to(y, dy, d2y if self._show_second else None)
            return
        for plot, curve in ((self.output_plot, y), (self.derivative_plot, dy)):
            frame_flat(plot, curve)  # the drawn samples: never 10 million on this thread
        if self._locked:
            self._freeze()  # locked before anything was drawn (a restored setting): keep this first fit

    def _freeze(self) -> None:
        for plot in (self.output_plot, self.derivative_plot):
            if plot.vb.autoRangeEnabled()[1]:
                plot.vb.updateAutoRange()
            plot.vb.disableAutoRange(axis=pg.ViewBox.YAxis)
        self._lock_set = True

    # --- y ranges while a parameter is dragged, and when locked -------------------

    def hold_y(self, hold: bool) -> None:
        """Keep the y ranges while ``hold`` (a slider drag), so the curve moves against still axes;
        when it ends, fit them to the curve again. A range grows if the curve would leave it."""
        if hold == self._holding:
            return
        self._holding = hold
        self.quality.hold(hold)
        self._cache_axes()
        plots = (self.output_plot, self.derivative_plot)
        if hold:
            self._auto_before_hold = [bool(p.vb.autoRangeEnabled()[1]) for p in plots]
            for plot, auto in zip(plots, self._auto_before_hold):
                if auto:
                    plot.vb.updateAutoRange()  # the fit of the curve drawn last, not one still pending
                plot.vb.disableAutoRange(axis=pg.ViewBox.YAxis)
            return
        if self._locked:
            return
        for plot, auto in zip(plots, self._auto_before_hold):
            if auto:  # fit again, unless the user had set this range himself
                plot.vb.enableAutoRange(axis=pg.ViewBox.YAxis, enable=True)

    def set_locked(self, locked: bool) -> None:
        """Lock the y ranges where they are (no fitting, no growing), or fit them again."""
        if locked == self._locked:
            return
        self._locked = locked
        self._lock_set = False
        self._cache_axes()
        if locked:
            if self.result is not None:
                self._freeze()
            return
        if self._holding:
            return  # letting go of the slider fits them
        for plot in (self.output_plot, self.derivative_plot):
            plot.vb.setProperty("flat_framed", False)
            plot.vb.enableAutoRange(axis=pg.ViewBox.YAxis, enable=True)
        if self.result is not None:
            (_, y), (_, dy), _ = self.result.drawn()
            frame_flat(self.output_plot, y)
            frame_flat(self.derivative_plot, dy)

    def _cache_axes(self) -> None:
        cache_axes((self.output_plot, self.derivative_plot), self._holding or self._locked)

    def _grow_to(self, y: np.ndarray, dy: np.ndarray, d2y: np.ndarray | None) -> None:
        for plot, curves, zero in (
            (self.output_plot, [y], False),
            (self.derivative_plot, [dy] if d2y is None else [dy, d2y], True),
        ):
            finite = np.concatenate([c[np.isfinite(c)] for c in curves])
            if finite.size == 0:
                continue
            low, high = (float(v) for v in plot.vb.viewRange()[1])
            data_low, data_high = float(finite.min()), float(finite.max())
            if zero:
                data_low, data_high = min(data_low, 0.0), max(data_high, 0.0)
            edge = EDGE * (high - low)  # a curve touching the frame is half hidden by it
            below, above = data_low < low + edge, data_high > high - edge
            if below or above:
                grown = (min(low, data_low), max(high, data_high))
                ahead = GROW_AHEAD * (grown[1] - grown[0])
                grown = (grown[0] - ahead * below, grown[1] + ahead * above)
                plot.vb.setYRange(*round_outward(grown), padding=0.0)

    def _show_undefined(self, result: ComputeResult) -> None:
        """Mark where f' does not exist: a dashed line there and a note in the title."""
        for line in self._undefined_lines:
            self.derivative_plot.removeItem(line)
        self._undefined_lines = [undefined_line(x) for x in result.undefined_at]
        for line in self._undefined_lines:
            self.derivative_plot.addItem(line, ignoreBounds=True)
        note = ""
        if result.undefined_at:
            where = format_points(result.undefined_at)
            note = self.tr("f′ is undefined at x = %s (an impulse); 0 elsewhere") % where
        if note != self.undefined_note:
            self.undefined_note = note
            set_title(self.derivative_plot, with_note(self._derivative_title, note))

    def _forget_ranges(self) -> None:
        for plot in (self.output_plot, self.derivative_plot):
            plot.vb.forget()

    def reset_view(self, home: tuple[float, float] | None = None) -> None:
        """Home x range and y fitted to the curves (once, when the axes are locked: they stay there)."""
        self._forget_ranges()
        for plot in (self.output_plot, self.derivative_plot):
            plot.vb.setProperty("flat_framed", False)
            plot.vb.enableAutoRange(x=False, y=True)
            plot.vb.updateAutoRange()  # afresh now, even where auto-range was on and kept a range
        if home is not None:
            self.set_x_range(*home)
        if self.result is not None:
            (_, y), (_, dy), _ = self.result.drawn()
            frame_flat(self.output_plot, y)
            frame_flat(self.derivative_plot, dy)
        if self._locked or self._holding:
            self._freeze()

    def _mouse_moved(self, pos: QPointF) -> None:
        if self.result is None:
            return
        for plot in (self.output_plot, self.derivative_plot):
            if plot.sceneBoundingRect().contains(pos):
                self.show_readout_at(plot.vb.mapSceneToView(pos).x())
                return

    def show_readout_at(self, x: float) -> None:
        result = self.result
        if result is None or len(result.x) == 0:
            return
        self._readout_x = x
        inside = bool(result.x[0] <= x <= result.x[-1])
        for line in self._cross:
            line.setPos(x)
            line.setVisible(inside)
        for dot in self._dots:
            dot.setVisible(inside)
        if not inside:
            self.readout.setText(self.tr("x = %s is outside the computed range") % _format(x))
            return
        y = _interp(x, result.x, result.y)
        dy = _interp(x, result.x, result.dy)
        self._dots[0].setData([x], [y])
        self._dots[1].setData([x], [dy])
        text = f"x = {_format(x)}    f(x) = {_format(y)}    f′(x) = {_format(dy)}"
        if result.d2y is not None:
            text += f"    f″(x) = {_format(_interp(x, result.x, result.d2y))}"
        if any(
            abs(x - u) <= (result.x[-1] - result.x[0]) / max(len(result.x) - 1, 1)
            for u in result.undefined_at
        ):
            text += "    " + self.tr("(f′ undefined at the jump)")
        self.readout.setText(text)
