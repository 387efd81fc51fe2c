"""Y axes that keep still while a curve changes a little, and end on round numbers.

pyqtgraph's auto-range fits y to the data on every frame, so a parameter nudged
by one step moved both y axes by a hair: every tick label shifted and was drawn
again (about 3 ms of a 1e6-sample frame, benchmarks/README.md), and the eye
lost the axes it was reading the curve against. A :class:`SteadyViewBox` fits
the same way, then rounds the range outward to a multiple of a round step
(1, 2 or 5 x 10^k, about a twentieth of the span), and keeps the range it chose
while the fitted data still lies inside it and fills at least
``KEEP_WHILE_FILLED`` of it. The axes then move only when the curve would leave
them or has shrunk well inside them.

Only auto-range's own fits are steadied. A range anybody else set (the user's
zoom, a drag holding the axes, a locked or flat frame) is never kept: the next
fit starts afresh from the data.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg

KEEP_WHILE_FILLED = 0.7
"""A chosen range is kept while the fitted data spans at least this fraction of it. A fresh fit
fills 80% or more of its range, so a curve must shrink by an eighth or more before the axes follow."""
SLACK = 0.5
"""The part of auto-range's padding a curve may grow into before the axes move: a fresh fit that
rounds to just past the padded data is not moved again by the next small step."""
STEPS_PER_SPAN = 20
"""The rounding step is the first round number of at least span / STEPS_PER_SPAN: at most a
step on each side, at most 12.5% of the span each."""


def round_step(span: float) -> float:
    """The smallest 1, 2 or 5 x 10^k that is at least ``span / STEPS_PER_SPAN``."""
    target = span / STEPS_PER_SPAN
    power = 10.0 ** math.floor(math.log10(target))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        if mantissa * power >= target * (1 - 1e-12):
            return mantissa * power
    return 10.0 * power  # unreachable: 10 x power >= target


def steady_range(
    fitted: tuple[float, float], kept: tuple[float, float] | None, slack: float = 0.0
) -> tuple[float, float]:
    """The y range to show for data fitted to ``fitted``, given the range chosen last time.

    ``kept`` (None when there is none to keep) comes back unchanged while it holds ``fitted``
    less ``slack`` at each end and ``fitted`` fills at least ``KEEP_WHILE_FILLED`` of it;
    otherwise ``fitted`` comes back :func:`round_outward`. A range without a finite positive span
    comes back as it is.
    """
    low, high = fitted
    span = high - low
    if not (math.isfinite(low) and math.isfinite(high) and span > 0):
        return fitted
    if kept is not None:
        kept_low, kept_high = kept
        inside = kept_low <= low + slack and high - slack <= kept_high
        if inside and span >= KEEP_WHILE_FILLED * (kept_high - kept_low):
            return kept
    return round_outward(fitted)


def round_outward(span: tuple[float, float]) -> tuple[float, float]:
    """``span`` widened to multiples of :func:`round_step` (as it is where float rounding of huge
    values would cut into it)."""
    low, high = span
    step = round_step(high - low)
    rounded = (math.floor(low / step) * step, math.ceil(high / step) * step)
    return rounded if rounded[0] <= low and high <= rounded[1] else span


class SteadyViewBox(pg.ViewBox):
    """A ViewBox whose y auto-range follows :func:`steady_range`; x is never touched."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fitting = False
        self._chosen: tuple[float, float] | None = None
        """The y range the last fit chose: kept only while it is still the range shown."""

    def updateAutoRange(self) -> None:
        self._fitting = True
        try:
            super().updateAutoRange()
        finally:
            self._fitting = False

    def setRange(
        self,
        rect: Any = None,
        xRange: Any = None,
        yRange: Any = None,
        padding: float | None = None,
        update: bool = True,
        disableAutoRange: bool = True,
    ) -> None:
        if self._fitting and yRange is not None and rect is None:
            shown = self._shown_y()
            kept = self._chosen if self._chosen == shown else None
            low, high = float(yRange[0]), float(yRange[1])
            added = self.suggestPadding(1)  # what auto-range added on each side, of the data's span
            slack = SLACK * added * (high - low) / (1 + 2 * added)
            yRange = steady_range((low, high), kept, slack)
            super().setRange(rect, xRange, yRange, padding, update, disableAutoRange)
            self._chosen = self._shown_y()  # as shown, after any limits
            return
        super().setRange(rect, xRange, yRange, padding, update, disableAutoRange)

    def forget(self) -> None:
        """Fit afresh next time (another activation, Reset View): keep nothing chosen before."""
        self._chosen = None

    def _shown_y(self) -> tuple[float, float]:
        low, high = self.viewRange()[1]
        return float(low), float(high)
