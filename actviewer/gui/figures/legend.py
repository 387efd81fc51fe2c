"""Legends that move to the corner of their plot where no data is.

A legend anchored in a fixed corner sat on the curves it names: the Deep stack's std line
vanished under it from layer ~55, Compare's differences and Precision's errors hid behind
theirs. Each time the data, the view range or the plot's size changes, the legend is put in
whichever of the four corners covers the fewest points of the curves (top-left first among
equals), on screen and in exported figures alike.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

MARGIN_PX = 8
SAMPLES = 256
"""Points per curve tested, resampled across the view: a line between two distant points
(a 20-layer stack) still counts where it crosses a corner."""
CORNERS = ((0, 0), (1, 0), (0, 1), (1, 1))
"""(x, y) anchors, 0 = left/top: the order in which equal corners are preferred."""


def _points(plot: pg.PlotItem) -> tuple[np.ndarray, np.ndarray]:
    """The curves' points in view coordinates, densified across the view (``getData`` gives what is
    displayed: already log10 on a log axis)."""
    (x0, x1), _ = plot.vb.viewRange()
    xs, ys = [], []
    for item in plot.listDataItems():
        if not item.isVisible():
            continue
        x, y = item.getData()
        if x is None or y is None or len(x) == 0:
            continue
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        finite = np.isfinite(x) & np.isfinite(y)
        x, y = x[finite], y[finite]
        if len(x) == 0:
            continue
        if len(x) > 1 and np.all(np.diff(x) > 0):  # a function of x: resample it across the view
            grid = np.linspace(max(x0, x[0]), min(x1, x[-1]), SAMPLES)
            if len(grid) and grid[0] <= grid[-1]:
                xs.append(grid)
                ys.append(np.interp(grid, x, y))
        step = max(1, len(x) // (4 * SAMPLES))
        xs.append(x[::step])
        ys.append(y[::step])
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)


def best_corner(plot: pg.PlotItem, legend: pg.LegendItem) -> tuple[int, int]:
    """The corner (x, y anchors; 0 = left/top) where ``legend`` covers the fewest points."""
    vb = plot.vb
    width, height = vb.width(), vb.height()
    if width <= 0 or height <= 0:
        return CORNERS[0]
    if getattr(vb, "_autoRangeNeedsUpdate", False):  # pyqtgraph fits the range at the next paint
        vb.updateAutoRange()
    (x0, x1), (y0, y1) = vb.viewRange()
    box = legend.boundingRect()
    fx = min(1.0, (box.width() + 2 * MARGIN_PX) / width)
    fy = min(1.0, (box.height() + 2 * MARGIN_PX) / height)
    x, y = _points(plot)
    inverted = vb.yInverted()
    counts = []
    for ax, ay in CORNERS:
        left = x0 + (x1 - x0) * (0 if ax == 0 else 1 - fx)
        right = left + (x1 - x0) * fx
        at_top = (ay == 0) != inverted
        bottom = y1 - (y1 - y0) * fy if at_top else y0
        top = bottom + (y1 - y0) * fy
        inside = (x >= left) & (x <= right) & (y >= bottom) & (y <= top)
        counts.append(int(inside.sum()))
    return CORNERS[counts.index(min(counts))]


def place(plot: pg.PlotItem, legend: pg.LegendItem) -> None:
    ax, ay = best_corner(plot, legend)
    offset = (MARGIN_PX if ax == 0 else -MARGIN_PX, MARGIN_PX if ay == 0 else -MARGIN_PX)
    legend.anchor(itemPos=(ax, ay), parentPos=(ax, ay), offset=offset)


def keep_clear(plot: pg.PlotItem, legend: pg.LegendItem) -> Callable[..., None]:
    """Place ``legend`` now and whenever ``plot``'s range, its size or the data of a curve it has
    now changes; returns the placing function, for curves added later."""

    def again(*_: object) -> None:
        place(plot, legend)

    plot.vb.sigRangeChanged.connect(again)
    plot.vb.sigResized.connect(again)
    for item in plot.listDataItems():
        item.sigPlotChanged.connect(again)
    again()
    return again
