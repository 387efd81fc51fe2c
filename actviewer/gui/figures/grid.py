"""A light background grid: one path of lines at "nice" steps, rebuilt only when the view moves.

pyqtgraph's own options were the most expensive part of a frame here: the
axes' grid (``showGrid``) cost ~12 ms a paint and ``GridItem`` ~3.6 ms (one
Python ``drawLine`` per line, several levels). This draws the same major grid
for ~0.2 ms.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen

TARGET_LINES = 8


def nice_step(span: float, target: int = TARGET_LINES) -> float:
    """1, 2 or 5 times a power of ten, giving about ``target`` lines over ``span``."""
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / target
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power


def grid_lines(lo: float, hi: float) -> list[float]:
    step = nice_step(hi - lo)
    first = math.ceil(lo / step)
    last = math.floor(hi / step)
    if last - first > 200:  # a degenerate range; draw nothing rather than thousands of lines
        return []
    return [i * step for i in range(first, last + 1)]


class LightGrid(pg.GraphicsObject):
    def __init__(self, colour: str = "#e5e7eb") -> None:
        super().__init__()
        self.pen = QPen(pg.mkColor(colour))
        self.pen.setCosmetic(True)
        self.pen.setWidth(1)
        self.setZValue(-100)
        self._key: tuple[float, ...] | None = None
        self._path = QPainterPath()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        if vb is None:
            return QRectF()
        (x0, x1), (y0, y1) = vb.viewRange()
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def paint(self, painter: QPainter, *args: object) -> None:
        vb = self.getViewBox()
        if vb is None:
            return
        (x0, x1), (y0, y1) = vb.viewRange()
        key = (x0, x1, y0, y1)
        if key != self._key:
            path = QPainterPath()
            for x in grid_lines(x0, x1):
                path.moveTo(x, y0)
                path.lineTo(x, y1)
            for y in grid_lines(y0, y1):
                path.moveTo(x0, y)
                path.lineTo(x1, y)
            self._path, self._key = path, key
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(self.pen)
        painter.drawPath(self._path)
