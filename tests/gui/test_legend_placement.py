"""Legends go where no data is (once they sat on the curves they name: the Deep stack's std line
vanished under its legend from layer ~55)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from actviewer.core.network import StackRequest, compute_stack
from actviewer.gui.figures.legend import best_corner, keep_clear
from actviewer.gui.views.stack import StackView

KEPT: list[pg.GraphicsLayoutWidget] = []


def plot_with(qtbot, x, y):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    plot = widget.addPlot()
    plot.plot(x, y, name="a curve with a long name")
    legend = plot.addLegend()
    legend.addItem(plot.listDataItems()[0], "a curve with a long name")
    widget.show()
    qtbot.waitExposed(widget)
    KEPT.append(widget)  # the plot lives as long as its widget
    return plot, legend


def test_the_legend_leaves_the_corner_the_curve_runs_through(qtbot):
    x = np.linspace(0, 10, 200)
    plot, legend = plot_with(qtbot, x, np.exp(-x))  # high at the left, flat at the bottom
    assert best_corner(plot, legend) == (1, 0)  # top right: the only empty corner
    plot2, legend2 = plot_with(qtbot, x, x)  # a rising line: top-left and bottom-right are empty
    assert best_corner(plot2, legend2) == (0, 0)
    plot3, legend3 = plot_with(qtbot, x, 10 - x)  # a falling one: top-right
    keep_clear(plot3, legend3)
    assert legend3.pos().x() > plot3.vb.width() / 2


def test_log_axes_are_read_in_what_they_display(qtbot):
    x = np.arange(1.0, 81.0)
    plot, legend = plot_with(qtbot, x, 10.0 ** (-x / 4))  # 1 to 1e-20 on a log axis: top-left is taken
    plot.setLogMode(y=True)
    assert best_corner(plot, legend) == (1, 0)


def test_the_deep_stack_figure_keeps_its_legends_off_the_lines(qtbot):
    """Every corner of the mean/std panel holds a curve: its legends sit in rows of their own."""
    result = compute_stack(StackRequest("relu", layers=80, width=32, batch=32))
    canvas = StackView.figure(result)
    canvas.ci.layout.activate()
    legends = [item for item in canvas.body.items if isinstance(item, pg.LegendItem)]
    boxes = [item.vb.sceneBoundingRect() for item in canvas.body.items if isinstance(item, pg.PlotItem)]
    assert len(legends) == 2 and len(boxes) == 4
    for legend in legends:
        assert not any(legend.sceneBoundingRect().intersects(box) for box in boxes)
    canvas.close()
