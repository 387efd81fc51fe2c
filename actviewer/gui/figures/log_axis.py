"""A log axis that labels decades, not every minor tick.

pyqtgraph's log axis labels the 2..9 multiples of each decade whenever it
thinks they fit, and on a short panel they print on top of each other
("0.1/0.09/0.08…"). This axis labels powers of ten, adds 2 and 5 only when
the range spans under three decades, thins decades out on a long range, and
falls back to pyqtgraph's ticks inside a single decade.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pyqtgraph as pg

from .grid import nice_step

MAX_DECADE_LABELS = 8
SUBDIVIDE_BELOW = 3.0
"""Decades spanned below which 2 and 5 get ticks too."""


def decade_tick_values(low: float, high: float) -> list[tuple[float, list[float]]]:
    """Tick levels for a log axis showing log10 values ``low``..``high``: decades, then 2 and 5;
    within a factor of 5, evenly spaced values instead (a log axis over 1.1..2.6 has no decade)."""
    first, last = math.ceil(low - 1e-9), math.floor(high + 1e-9)
    decades = [float(d) for d in range(first, last + 1)]
    if len(decades) > MAX_DECADE_LABELS:
        every = math.ceil(len(decades) / MAX_DECADE_LABELS)
        decades = [d for d in decades if int(d) % every == 0]
    levels: list[tuple[float, list[float]]] = [(1.0, decades)]
    if high - low < 0.7:  # under a factor of 5: evenly spaced values (1.2, 1.4 …), each labelled
        step = nice_step(10**high - 10**low, 4)
        values = [i * step for i in range(max(math.ceil(10**low / step), 1), math.floor(10**high / step) + 1)]
        if len(values) >= 2:
            return [(1.0, [math.log10(v) for v in values])]
    if high - low < SUBDIVIDE_BELOW:
        minor = [
            d + math.log10(m)
            for d in range(math.floor(low), math.ceil(high) + 1)
            for m in (2, 5)
            if low <= d + math.log10(m) <= high
        ]
        levels.append((0.5, minor))
    return levels


class DecadeAxis(pg.AxisItem):
    def tickValues(self, minVal: float, maxVal: float, size: float) -> Any:
        if not self.logMode or not (math.isfinite(minVal) and math.isfinite(maxVal)):
            return super().tickValues(minVal, maxVal, size)
        low, high = sorted((minVal, maxVal))
        levels = decade_tick_values(low, high)
        if sum(len(values) for _, values in levels) < 2:  # inside one decade: pyqtgraph's own ticks
            return super().tickValues(minVal, maxVal, size)
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if not self.logMode:
            return super().tickStrings(values, scale, spacing)
        return tick_labels(values)


def tick_labels(log_values: list[float]) -> list[str]:
    """A label per tick; ticks closer than three digits tell apart (a loss of 0.6935, 0.694 and
    0.6945 read "0.694, 0.694, 0.694") get the decimals their spacing needs."""
    labels = [_label(v) for v in log_values]
    if len(set(labels)) == len(labels) or len(log_values) < 2:
        return labels
    linear = sorted(10**v for v in log_values)
    step = min(b - a for a, b in itertools.pairwise(linear))
    if not step > 0:
        return labels
    decimals = min(max(0, 1 - math.floor(math.log10(step))), 12)
    return [str(np.format_float_positional(10**v, precision=decimals, trim="-")) for v in log_values]


def decade_axes() -> dict[str, pg.AxisItem]:
    """``axisItems`` for ``addPlot``: a left axis that labels decades when it is in log mode."""
    return {"left": DecadeAxis("left")}


def _label(log_value: float) -> str:
    """``0.002``, ``1.5``, ``2000`` between 1e-3 and 1e4; ``1e-7``, ``2e5`` beyond (not ``1e+04``)."""
    value = 10**log_value
    if 1e-3 <= value < 1e4:
        return str(np.format_float_positional(value, precision=3, unique=True, trim="-"))
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"
