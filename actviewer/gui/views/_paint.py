"""Painting a live plot once per frame, and cheaply while input streams in.

Profiling the curve view's frame (benchmarks/README.md) found two costs that a
user never sees:

- pyqtgraph fits auto-ranged axes lazily, at the start of the next paint. A
  range changed *inside* a paint dirties the axes, grid and curves again, so Qt
  painted every frame twice. :func:`settle_ranges` fits them as soon as the new
  data is set, so the one paint that follows changes nothing.
- Antialiased wide strokes are most of what is left. While the user's hand is
  on the plot's input (a slider held, a wheel zoom or a pan) :class:`InteractiveQuality`
  strokes the curves one pixel wide without antialiasing, which Qt's raster
  engine draws on its fast path; once that input pauses for ``SETTLE_MS`` it
  paints them once more at full quality. Only such input counts, never the
  timing of frames: a lone edit that happens to follow another frame closely
  (the one after a resize, say) is drawn at full quality, not thin then thick.

Figures for export are separate scenes (``View.figure``) and always full quality.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem

SETTLE_MS = 150
"""Input that pauses this long gets its full-quality frame: longer than the gap between the frames
of a drag (~10-30 ms), short enough to read as immediate when the hand stops."""


def settle_ranges(plots: Iterable[pg.PlotItem]) -> None:
    """Apply pending auto-ranges and view transforms now, before the paint instead of during it."""
    for plot in plots:
        if getattr(plot.vb, "_autoRangeNeedsUpdate", True):  # pyqtgraph's own flag: skip a bounds scan
            plot.vb.updateAutoRange()
        plot.vb.updateMatrix()


def cache_axes(plots: Iterable[pg.PlotItem], cached: bool) -> None:
    """Keep each axis as a device pixmap while its range stays put (a drag, locked axes): a frame
    that moves only the curve then blits the axes instead of drawing their text. Off otherwise:
    an axis whose range changes every frame would be drawn into its pixmap and then blitted, which
    measured 1.5-3 ms a frame slower at 1e6 samples."""
    mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if cached else QGraphicsItem.CacheMode.NoCache
    for plot in plots:
        for name in ("left", "bottom"):
            plot.getAxis(name).setCacheMode(mode)


class InteractiveQuality(QObject):
    """How ``curves`` are stroked: thin and aliased while input streams in, their own pens when it pauses.

    While interactive it owns the curves' pens: it keeps their full-quality pens and puts them
    back when the input pauses, so their owner sets pens only while :attr:`interactive` is False.
    """

    def __init__(self, curves: Sequence[pg.PlotDataItem], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._curves = list(curves)
        self._full_pens: list[QPen] = []
        self._held = False
        self._settle = QTimer(self)
        self._settle.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5% early
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._full_quality)
        self.interactive = False

    def input(self) -> None:
        """Something the user is doing right now (a zoom step, a pan) will ask for frames."""
        self._set_interactive(True)
        self._settle.start()

    def hold(self, held: bool) -> None:
        """A slider is pressed: stay interactive until it is released and input pauses."""
        self._held = held
        if held:
            self.input()
        elif self.interactive:
            self._settle.start()

    def _full_quality(self) -> None:
        if not self._held:
            self._set_interactive(False)

    def _set_interactive(self, interactive: bool) -> None:
        if self.interactive == interactive:
            return
        self.interactive = interactive
        if interactive:
            self._full_pens = [QPen(item.opts["pen"]) for item in self._curves]
        for item, full in zip(self._curves, self._full_pens):
            pen = _thin(full) if interactive else full
            # PlotDataItem hands its opts to its curve on every setData, so both are set.
            item.opts["pen"] = pen
            item.opts["antialias"] = not interactive
            item.curve.opts["antialias"] = not interactive
            item.curve.setPen(pen)


def _thin(pen: QPen) -> QPen:
    thin = QPen(pen)
    thin.setWidthF(1.0)
    thin.setCosmetic(True)
    if pen.style() != Qt.PenStyle.SolidLine:  # dashes are in pen widths: keep their length on screen
        width = max(pen.widthF(), 1.0)
        thin.setDashPattern([d * width for d in pen.dashPattern()])
    return thin
