"""Show a new frame of a plot that is slow to paint in several short slices of the GUI thread.

A new deep-stack result at 200 layers changes every range of four panels, so the
next paint of that view recomputes each viewbox's auto-range, builds the tick
pictures of eight axes (pyqtgraph's ``AxisItem`` makes one ``QPicture`` per range:
~1.5-3.5 ms each here, in Python), the curves' paths and the image, and then
strokes it all: ~20 ms in one go, 30-40 ms when the other core is busy. pyqtgraph
keeps each of those as a cache that the paint uses when present and rebuilds when
not, so the same work can run earlier, one piece per turn of the event loop, and
leave the paint with only the drawing (~7-10 ms).

While the pieces run, the widgets keep their last complete frame: their updates are
off, so no half-prepared frame (new curves under old axes) is ever painted, nor one
for a size the layout is about to change (a longer diagnosis wraps to two lines).
Their viewport's paint on a resize waits too: with only the viewport's updates off
(``NoViewportUpdate``) the resize painted the unprepared frame at once, 18 ms. The
new frame is painted whole once the pieces are done. A newer result restarts them
(latest wins). A cache invalidated after its piece ran (a resize) is rebuilt by the
paint itself, as without this: slower, never wrong. ``grab()`` of a held widget
draws nothing, so whoever grabs calls :meth:`StagedFrame.finish` first
(``View.finish_showing``; ``save_screenshot`` does).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPainter, QPicture
from PySide6.QtWidgets import QWidget

from ._paint import settle_ranges

Step = Callable[[], None]


def prepare_axis(axis: pg.AxisItem) -> None:
    """Build ``axis``'s tick picture now, as ``AxisItem.paint`` would when it finds none.

    The same calls in the same order as pyqtgraph's own ``paint`` (a ``QPicture``,
    the tick font, ``generateDrawSpecs``, ``drawPicture``), so the picture is the one
    the paint would have drawn. An axis not on screen (no device to measure its
    length in pixels) gets none: its paint will build it.
    """
    if axis.picture is not None or not axis.isVisible():
        return
    picture = QPicture()
    painter = QPainter(picture)
    try:
        if axis.style["tickFont"]:
            painter.setFont(axis.style["tickFont"])
        specs = axis.generateDrawSpecs(painter)
        if specs is None:
            return
        axis.drawPicture(painter, *specs)
    finally:
        painter.end()
    axis.picture = picture


def prepare_plot_items(plot: pg.PlotItem) -> None:
    """The curves' paths and the images' ``QImage``, which their paint builds when missing."""
    for item in plot.items:
        if isinstance(item, pg.PlotDataItem) and item.isVisible():
            item.curve.getPath()
        elif isinstance(item, pg.ImageItem) and item.qimage is None and item.image is not None:
            item.render()


def plot_steps(plots: Sequence[pg.PlotItem]) -> list[Step]:
    """The pieces of the next paint of ``plots``, each a few milliseconds at most.

    The ranges first (each axis's ticks follow its viewbox's range), then one axis at a
    time, then the paths and images. Fitting a range moves the view, which changes the
    curves' bounds (their pens' widths are in pixels) and asks for one more fit; it finds
    the same range and is cheap, but would otherwise run in the paint: the second step.
    """

    def paths() -> None:
        for plot in plots:
            prepare_plot_items(plot)

    fit = partial(settle_ranges, plots)  # what the curve view does before its one paint, too
    steps: list[Step] = [fit, fit]
    steps += [partial(prepare_axis, plot.getAxis(name)) for plot in plots for name in ("left", "bottom")]
    steps.append(paths)
    return steps


class StagedFrame(QObject):
    """Runs a frame's steps one per event-loop turn while ``widgets`` hold their last frame."""

    def __init__(self, widgets: Sequence[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widgets = list(widgets)
        """The plot first: shown or not, it decides whether there is anything to prepare."""
        self._steps: deque[Step] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)
        self.steps_run = 0
        """Steps run since the last :meth:`start` (what a test counts)."""

    @property
    def pending(self) -> bool:
        return bool(self._steps) or self._timer.isActive()

    def hold(self) -> None:
        """Keep the last complete frame on screen from now until the next one is prepared."""
        if self.widgets[0].isVisible():
            for widget in self.widgets:
                widget.setUpdatesEnabled(False)

    def start(self, steps: Sequence[Step]) -> None:
        """Prepare the frame just set up in ``steps``, then show it; a frame still being
        prepared is dropped for this one. Off screen there is nothing to prepare: the
        first paint does it all."""
        self._steps = deque(steps)
        self.steps_run = 0
        if not self.widgets[0].isVisible() or not self._steps:
            self.finish()
            return
        self.hold()
        self._timer.start()

    def finish(self) -> None:
        """Run what is left now and show the frame (for a caller that grabs the widgets)."""
        while self._steps:
            self._run(self._steps.popleft())
        self._show()

    def _next(self) -> None:
        if self._steps:
            self._run(self._steps.popleft())
        if not self._steps:
            self._show()

    def _run(self, step: Step) -> None:
        step()
        self.steps_run += 1

    def _show(self) -> None:
        self._timer.stop()
        for widget in self.widgets:
            if not widget.updatesEnabled():
                widget.setUpdatesEnabled(True)  # repaints it whole, from the prepared caches
