"""The softmax family on 2-D logits: input and output heatmaps, the sums along
``dim``, and the Jacobian of one slice (click a row or column to pick it).

The view only displays a :class:`MatrixResult` and reports edits; the window
turns them into state and the worker computes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.matrix import MAX_SCALE, MAX_SIDE

if TYPE_CHECKING:
    from ..core.matrix import MatrixResult
    from ..core.state import ExplorerState

SEQUENTIAL = "viridis"
DIVERGING = "CET-D1"
HIGHLIGHT = "#f97316"


class Heatmap:
    """One titled heatmap with a colour bar; long-lived items updated in place."""

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, title: str, cmap: str) -> None:
        self.plot = layout.addPlot(row=row, col=col)
        self.plot.setTitle(title, color="#111827")
        self.plot.invertY(True)
        self.plot.setAspectLocked(False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(colorMap=pg.colormap.get(cmap), interactive=False, width=12)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.highlight = QGraphicsRectItem()
        self.highlight.setPen(QPen(QColor(HIGHLIGHT), 0))
        self.highlight.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.highlight.setVisible(False)
        self.plot.addItem(self.highlight)
        self.notes: list[pg.TextItem] = []
        self.data: np.ndarray | None = None

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
        self.image.setImage(data, levels=levels)
        self.bar.setLevels(levels)
        self.plot.setRange(
            xRange=(0, data.shape[1] + margin[0]), yRange=(0, data.shape[0] + margin[1]), padding=0.02
        )

    def mark(self, rect: QRectF | None) -> None:
        self.highlight.setVisible(rect is not None)
        if rect is not None:
            self.highlight.setRect(rect)

    def annotate(self, items: list[tuple[float, float, str]]) -> None:
        for note in self.notes:
            self.plot.removeItem(note)
        self.notes = []
        for x, y, text in items:
            note = pg.TextItem(text, color="#111827", anchor=(0, 0.5))
            note.setPos(x, y)
            self.plot.addItem(note, ignoreBounds=True)
            self.notes.append(note)


class MatrixView(QWidget):
    settings_changed = Signal(dict)  # rows, cols, seed, scale: the logits are regenerated
    logits_edited = Signal(tuple)  # the whole edited matrix
    slice_picked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = self._spin(1, MAX_SIDE, self.tr("Rows"))
        self.cols = self._spin(1, MAX_SIDE, self.tr("Columns"))
        self.seed = self._spin(0, 2**31 - 1, self.tr("Seed"))
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.01, MAX_SCALE)
        self.scale.setSingleStep(0.25)
        self.scale.setKeyboardTracking(False)
        self.scale.setToolTip(self.tr("Standard deviation of the random logits"))
        self.regenerate = QPushButton(self.tr("Regenerate"))
        self.regenerate.setToolTip(self.tr("Discard hand edits and draw the logits from the seed again"))
        controls = QHBoxLayout()
        for label, widget in (
            (self.tr("Rows"), self.rows),
            (self.tr("Columns"), self.cols),
            (self.tr("Seed"), self.seed),
            (self.tr("Scale"), self.scale),
        ):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.regenerate)
        controls.addStretch(1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("QLabel { font-size: 11pt; }")

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.input_map = Heatmap(self.graphics.ci, 0, 0, self.tr("Input logits x"), SEQUENTIAL)
        self.output_map = Heatmap(self.graphics.ci, 0, 1, self.tr("Output"), SEQUENTIAL)
        self.jacobian_map = Heatmap(self.graphics.ci, 1, 0, self.tr("Jacobian"), DIVERGING)
        self.jacobian_note = QLabel()
        self.jacobian_note.setWordWrap(True)
        for heat in (self.input_map, self.output_map):
            heat.plot.scene().sigMouseClicked.connect(self._clicked)

        self.table = QTableWidget()
        self.table.setToolTip(self.tr("Edit a logit and press Enter; Regenerate discards the edits"))
        self.table.itemChanged.connect(self._cell_edited)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.graphics)
        splitter.addWidget(self.table)
        splitter.setSizes([520, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.jacobian_note)

        for spin in (self.rows, self.cols, self.seed, self.scale):
            spin.valueChanged.connect(self._emit_settings)
        self.regenerate.clicked.connect(self._emit_settings)
        self.result: MatrixResult | None = None

    @staticmethod
    def _spin(low: int, high: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(name)
        spin.setStepType(QAbstractSpinBox.StepType.DefaultStepType)
        return spin

    def set_state(self, state: ExplorerState) -> None:
        with (
            QSignalBlocker(self.rows),
            QSignalBlocker(self.cols),
            QSignalBlocker(self.seed),
            QSignalBlocker(self.scale),
        ):
            self.rows.setValue(state.rows)
            self.cols.setValue(state.cols)
            self.seed.setValue(state.seed)
            self.scale.setValue(state.scale)

    def _emit_settings(self, *_: Any) -> None:
        self.settings_changed.emit(
            {
                "rows": self.rows.value(),
                "cols": self.cols.value(),
                "seed": self.seed.value(),
                "scale": self.scale.value(),
            }
        )

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self.result is None:
            return
        matrix = [list(row) for row in self.result.input]
        try:
            value = float(item.text().replace(",", "."))
        except ValueError:
            with QSignalBlocker(self.table):
                item.setText(f"{matrix[item.row()][item.column()]:.4g}")
            return
        matrix[item.row()][item.column()] = value
        self.logits_edited.emit(tuple(tuple(float(v) for v in row) for row in matrix))

    def _clicked(self, event: Any) -> None:
        if self.result is None:
            return
        for heat in (self.input_map, self.output_map):
            if heat.plot.sceneBoundingRect().contains(event.scenePos()):
                point: QPointF = heat.plot.vb.mapSceneToView(event.scenePos())
                along_rows = self.result.request.dim % 2 == 1
                index = int(point.y()) if along_rows else int(point.x())
                if 0 <= index < self.result.request.slices:
                    self.slice_picked.emit(index)
                return

    def show_result(self, result: MatrixResult) -> None:
        self.result = result
        request = result.request
        dim, rows, cols = request.dim, request.rows, request.cols
        along_rows = dim % 2 == 1
        self.input_map.show(result.input)
        is_log = request.activation == "log_softmax"
        room = max(rows, cols) <= 24  # room for the sums beside the output
        margin = ((cols * 0.35 if along_rows else 0.0), (0.0 if along_rows else 0.8)) if room else (0.0, 0.0)
        self.output_map.show(result.output, None if is_log else (0.0, 1.0), margin)
        self.output_map.plot.setTitle(
            self.tr("Output: %s(x / T) along dim=%d") % (request.activation, dim), color="#111827"
        )
        total = self.tr("Σ exp =") if is_log else self.tr("Σ =")
        if along_rows:
            notes = [(cols + 0.1, r + 0.5, f"{total} {s:.4f}") for r, s in enumerate(result.sums)]
        else:
            notes = [(c + 0.1, rows + 0.4, f"{s:.3f}") for c, s in enumerate(result.sums)]
        self.output_map.annotate(notes if room else [])
        extent = max(float(np.abs(result.jacobian).max()), 1e-12)
        self.jacobian_map.show(result.jacobian, (-extent, extent))
        index = request.slice_index
        rect = QRectF(0, index, cols, 1) if along_rows else QRectF(index, 0, 1, rows)
        self.input_map.mark(rect)
        self.output_map.mark(rect)
        kind = self.tr("row") if along_rows else self.tr("column")
        self.jacobian_map.plot.setTitle(
            self.tr("Jacobian ∂y/∂x of %s %d (autograd)") % (kind, index), color="#111827"
        )
        axis = self.tr("each row sums to 1") if along_rows else self.tr("each column sums to 1")
        what = self.tr("exp(output)") if is_log else self.tr("output")
        self.explanation.setText(
            self.tr(
                "%(fn)s along dim=%(dim)d: %(what)s — %(axis)s. Click a row or column to see its Jacobian."
            )
            .replace("%(fn)s", request.activation)
            .replace("%(dim)d", str(dim))
            .replace("%(what)s", what)
            .replace("%(axis)s", axis)
        )
        self.jacobian_note.setText(
            self.tr(
                "For softmax the Jacobian is (diag(s) − s sᵀ) / T: positive on the diagonal, negative elsewhere."
            )
        )
        self._fill_table(result.input)

    def _fill_table(self, data: np.ndarray) -> None:
        with QSignalBlocker(self.table):
            self.table.setRowCount(data.shape[0])
            self.table.setColumnCount(data.shape[1])
            self.table.setVerticalHeaderLabels([str(i) for i in range(data.shape[0])])
            self.table.setHorizontalHeaderLabels([str(i) for i in range(data.shape[1])])
            for r in range(data.shape[0]):
                for c in range(data.shape[1]):
                    self.table.setItem(r, c, QTableWidgetItem(f"{data[r, c]:.4g}"))
