"""A titled heatmap with a colour bar, for the 2-D view on screen and in its figure.

Cells are drawn with row 0 at the top, like the matrix they show, each cell a
unit square whose centre is (column + 0.5, row + 0.5) in view coordinates.
The view range is the matrix and nothing else: labels beside it (the sums)
are an axis's tick labels, outside the cells, so they never shrink the cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from ..figures.style import HIGHLIGHT, LIGHT, palette, set_title

MAX_INDEX_TICKS = 16
MAX_VALUE_CELLS = 12
"""Up to this many rows and columns each cell has its value written in it (when the text fits)."""
CELL_TEXT_MARGIN = 4
"""Pixels a cell's text leaves free around it, so neighbouring values never touch."""
DARK_CELL = 0.5
"""Cells darker than this (relative luminance) get white text, the others ink."""


CELL_FONT_PT = 8


def cell_text(value: float) -> str:
    """Short enough for a cell: two decimals (``0.93``, ``-4.62``), three digits from 10 (``41.2``)."""
    text = f"{value:.2f}" if abs(value) < 9.995 else f"{value:.3g}"
    return "0.00" if text == "-0.00" else text


def _luminance(colour: QColor) -> float:
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


class Heatmap:
    """Long-lived items updated in place: the image, its colour bar, a highlight, cell values."""

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, title: str, cmap: str) -> None:
        self.plot = layout.addPlot(row=row, col=col)
        set_title(self.plot, title)
        self.plot.invertY(True)
        self.plot.setAspectLocked(False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        for name in ("left", "bottom", "right", "top"):
            self.plot.getAxis(name).setTextPen(pg.mkPen(palette().ink))
        self.colour_map = pg.colormap.get(cmap)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(colorMap=self.colour_map, interactive=False, width=12)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.bar.getAxis("right").setTextPen(pg.mkPen(palette().ink))
        self.highlight = _highlight_rect()
        self.highlight.setVisible(False)
        self.plot.addItem(self.highlight)
        self.cells: list[pg.TextItem] = []
        self.data: np.ndarray | None = None
        self.levels: tuple[float, float] = (0.0, 1.0)
        self._shown_cells = 0
        self.plot.vb.sigResized.connect(self._fit_cell_text)
        self.plot.vb.sigTransformChanged.connect(self._fit_cell_text)  # after the range follows a resize

    def show(self, data: np.ndarray, levels: tuple[float, float] | None = None) -> None:
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
        self.plot.setRange(xRange=(0, data.shape[1]), yRange=(0, data.shape[0]), padding=0.02)
        self._write_cells(data)

    def colour_of(self, value: float) -> QColor:
        """The colour a cell holding ``value`` is drawn in (what a test or a legend checks)."""
        lo, hi = self.levels
        return self.colour_map.mapToQColor(float(np.clip((value - lo) / (hi - lo), 0.0, 1.0)))

    def mark(self, rect: QRectF | None) -> None:
        self.highlight.setVisible(rect is not None)
        if rect is not None:
            self.highlight.setRect(rect)

    def label_side(self, side: str, labels: Sequence[str], title: str = "") -> None:
        """Write ``labels`` beside the rows (``side="right"``) or above the columns (``"top"``),
        one at each row's or column's centre; an empty list hides that side again."""
        axis = self.plot.getAxis(side)
        self.plot.showAxis(side, bool(labels))
        if labels:
            axis.setTicks([[(i + 0.5, text) for i, text in enumerate(labels)], []])
            axis.setStyle(tickLength=0)
            if title:
                axis.setLabel(title, color=palette().ink)
            else:
                axis.showLabel(False)

    def side_labels(self, side: str) -> list[str]:
        """The labels :meth:`label_side` wrote on ``side`` (none while that side is hidden)."""
        axis = self.plot.getAxis(side)
        if not axis.isVisible() or not axis._tickLevels:
            return []
        return [text for _, text in axis._tickLevels[0]]

    # --- values in the cells ---------------------------------------------------

    def _write_cells(self, data: np.ndarray) -> None:
        rows, cols = data.shape
        wanted = rows * cols if max(rows, cols) <= MAX_VALUE_CELLS else 0
        while len(self.cells) < wanted:
            note = pg.TextItem(anchor=(0.5, 0.5))
            font = note.textItem.font()
            font.setPointSize(CELL_FONT_PT)
            note.setFont(font)
            note.textItem.document().setDocumentMargin(0)  # its width is the text's, for the fit test
            self.plot.addItem(note, ignoreBounds=True)
            self.cells.append(note)
        for index, note in enumerate(self.cells):
            if index >= wanted:
                note.setVisible(False)
                continue
            r, c = divmod(index, cols)
            value = float(data[r, c])
            dark = _luminance(self.colour_of(value)) < DARK_CELL
            # On the cell's colour, whatever the background's.
            note.setText(cell_text(value), color="w" if dark else LIGHT.ink)
            note.setPos(c + 0.5, r + 0.5)
        self._shown_cells = wanted
        self._fit_cell_text()

    def _fit_cell_text(self, *_: object) -> None:
        """Show the values only while every one fits inside its cell at the current size."""
        shown = self.cells[: self._shown_cells]
        if not shown:
            return
        px, py = self.plot.vb.viewPixelSize()
        cell_w = 1.0 / px if px > 0 else 0.0
        cell_h = 1.0 / py if py > 0 else 0.0
        fits = all(
            note.boundingRect().width() + CELL_TEXT_MARGIN <= cell_w
            and note.boundingRect().height() <= cell_h + CELL_TEXT_MARGIN
            for note in shown
        )
        for note in shown:
            note.setVisible(fits)

    def cell_texts(self) -> list[list[str]] | None:
        """The values written in the cells, row by row; None while none is shown."""
        shown = self.cells[: self._shown_cells]
        if self.data is None or not shown or not shown[0].isVisible():
            return None
        cols = self.data.shape[1]
        texts = [note.textItem.toPlainText() for note in shown]
        return [texts[r * cols : (r + 1) * cols] for r in range(self.data.shape[0])]


def _highlight_rect() -> QGraphicsRectItem:
    item = QGraphicsRectItem()
    item.setPen(QPen(QColor(HIGHLIGHT), 0))
    item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    return item
