"""A titled heatmap with a colour bar, for the 2-D view on screen and in its figure.

Cells are drawn with row 0 at the top, like the matrix they show, each cell a
unit square whose centre is (column + 0.5, row + 0.5) in view coordinates.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from ..figures.style import HIGHLIGHT, INK, set_title

MAX_INDEX_TICKS = 16


class Heatmap:
    """Long-lived items updated in place: the image, its colour bar, a highlight, notes."""

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, title: str, cmap: str) -> None:
        self.plot = layout.addPlot(row=row, col=col)
        set_title(self.plot, title)
        self.plot.invertY(True)
        self.plot.setAspectLocked(False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen(pg.mkPen(INK))
        self.colour_map = pg.colormap.get(cmap)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(colorMap=self.colour_map, interactive=False, width=12)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.bar.getAxis("right").setTextPen(pg.mkPen(INK))
        self.highlight = _highlight_rect()
        self.highlight.setVisible(False)
        self.plot.addItem(self.highlight)
        self.notes: list[pg.TextItem] = []
        self.data: np.ndarray | None = None
        self.levels: tuple[float, float] = (0.0, 1.0)

    def show(
        self,
        data: np.ndarray,
        levels: tuple[float, float] | None = None,
        margin: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        self.data = data
        if levels is None:
            lo, hi = float(np.min(data)), float(np.max(data))
            levels = (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)
        self.levels = levels
        self.image.setImage(data, levels=levels)
        self.bar.setLevels(levels)
        for axis, count in (("bottom", data.shape[1]), ("left", data.shape[0])):
            step = max(1, count // MAX_INDEX_TICKS)  # an index under each cell's centre, thinned when many
            self.plot.getAxis(axis).setTicks([[(i + 0.5, str(i)) for i in range(0, count, step)], []])
        self.plot.setRange(
            xRange=(0, data.shape[1] + margin[0]), yRange=(0, data.shape[0] + margin[1]), padding=0.02
        )

    def colour_of(self, value: float) -> QColor:
        """The colour a cell holding ``value`` is drawn in (what a test or a legend checks)."""
        lo, hi = self.levels
        return self.colour_map.mapToQColor(float(np.clip((value - lo) / (hi - lo), 0.0, 1.0)))

    def mark(self, rect: QRectF | None) -> None:
        self.highlight.setVisible(rect is not None)
        if rect is not None:
            self.highlight.setRect(rect)

    def annotate(self, items: list[tuple[float, float, str]]) -> None:
        for note in self.notes:
            self.plot.removeItem(note)
        self.notes = []
        for x, y, text in items:
            note = pg.TextItem(text, color=INK, anchor=(0, 0.5))
            note.setPos(x, y)
            self.plot.addItem(note, ignoreBounds=True)
            self.notes.append(note)


def _highlight_rect() -> QGraphicsRectItem:
    item = QGraphicsRectItem()
    item.setPen(QPen(QColor(HIGHLIGHT), 0))
    item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    return item
