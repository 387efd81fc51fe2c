"""Stacked panels that share x and sample what they show: the Compare, Sweep and Precision views.

The shared state's x range is the home the panels return to; zoom, pan and
resize change the visible range, which :func:`~actviewer.core.sampling.adaptive_window`
turns into the grid to compute, as the curve view does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyqtgraph as pg

from ...core import sampling
from ...core.compare import CurveSpec, Grid, kinks
from ...core.request import MIN_X_SPAN
from ...core.state import ExplorerState


class SharedX:
    def __init__(self, panels: Sequence[pg.PlotItem], changed: Callable[[], None]) -> None:
        """``changed`` is called when what the panels show (and so the grid) changes."""
        self.panels = list(panels)
        self.home: tuple[float, float] | None = None
        for plot in self.panels:
            plot.vb.enableAutoRange(x=False, y=True)
            plot.vb.setLimits(minXRange=MIN_X_SPAN)
        vb = self.panels[0].vb
        vb.sigXRangeChanged.connect(lambda *_: changed())
        vb.sigResized.connect(lambda *_: changed())

    def follow(self, state: ExplorerState) -> None:
        """Show the state's x range when it is a new one."""
        home = (state.x_min, state.x_max)
        if home != self.home:
            self.home = home
            for plot in self.panels:  # all: a linked panel's first resize pushes its own range
                plot.vb.setXRange(*home, padding=0.0)

    def grid(self, state: ExplorerState, curves: Sequence[CurveSpec]) -> Grid:
        """The visible range at screen resolution, with the curves' kinks sampled exactly."""
        vb = self.panels[0].vb
        visible = tuple(float(v) for v in vb.viewRange()[0])
        lo, hi, samples = sampling.adaptive_window(
            (visible[0], visible[1]), (state.x_min, state.x_max), max(int(vb.width()), 200)
        )
        return Grid(lo, hi, samples, kinks(tuple(curves), lo, hi))

    def reset(self) -> None:
        """Back home, y fitted to the data (View > Reset View)."""
        for plot in self.panels:
            plot.vb.enableAutoRange(x=False, y=True)
        if self.home is not None:
            self.panels[0].vb.setXRange(*self.home, padding=0.0)
