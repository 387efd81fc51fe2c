"""The 2-D view of the softmax family: input and output heatmaps, the sums along ``dim``,
and the Jacobian of one slice (click a row or column to pick it).

Its own settings (shape, seed, scale, hand-edited logits, the picked slice) are
a :class:`MatrixSettings` value held here and saved with the view; every edit
replaces that value and asks the host for a new request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSignalBlocker, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec
from ...core.matrix import (
    JACOBIAN_FORMULAS,
    MATRIX_ACTIVATIONS,
    MATRIX_DIM_RANGE,
    MAX_SCALE,
    MAX_SIDE,
    MatrixRequest,
    MatrixResult,
    MatrixSettings,
    along_rows,
)
from ...core.snippets import logits_code
from ...core.state import ExplorerState
from ..figures.render import FigureCanvas
from ..figures.style import DIVERGING, SEQUENTIAL, palette, set_title
from ..flow import FlowLayout, grouped
from ._heatmap import Heatmap
from .base import ParamLimits, View

SUMS_FIT = 24
"""Up to this many rows and columns the sums are written beside the output."""
ONE_COLUMN_BELOW = 600
"""Narrower than this (px), the heatmaps stack in one column: side by side each would be a sliver."""
STACKED_HEATMAP_HEIGHT = 220
"""Each heatmap's height when stacked; the tab scrolls vertically instead of squeezing them."""


def _english(_context: str, text: str) -> str:
    return text


class MatrixMaps:
    """The three heatmaps, drawn the same way on screen and in the export figure."""

    def __init__(self, layout: pg.GraphicsLayout, translated: bool) -> None:
        self.translate: Callable[[str, str], str] = QCoreApplication.translate if translated else _english
        translate = self.translate
        self.input = Heatmap(layout, 0, 0, translate("MatrixView", "Input logits x"), SEQUENTIAL)
        self.output = Heatmap(layout, 0, 1, translate("MatrixView", "Output"), SEQUENTIAL)
        self.jacobian = Heatmap(layout, 1, 0, translate("MatrixView", "Jacobian"), DIVERGING)

    def arrange(self, layout: pg.GraphicsLayout, one_column: bool) -> None:
        """Input and output side by side above the Jacobian, or all three in one column."""
        places = ((0, 0), (1, 0), (2, 0)) if one_column else ((0, 0), (0, 1), (1, 0))
        heatmaps = (self.input, self.output, self.jacobian)
        for heat in heatmaps:
            layout.removeItem(heat.plot)
        for heat, (row, col) in zip(heatmaps, places):
            layout.addItem(heat.plot, row=row, col=col)

    def draw(self, result: MatrixResult) -> None:
        translate, request = self.translate, result.request
        dim, rows, cols = request.dim, request.rows, request.cols
        rows_sum = along_rows(dim)
        is_log = request.activation == "log_softmax"
        self.input.show(result.input)
        self.output.show(result.output, None if is_log else (0.0, 1.0))
        set_title(
            self.output.plot,
            translate("MatrixView", "Output: %s(x / T) along dim=%d") % (request.activation, dim),
        )
        # The sums are the output's axis labels: beside each row, or above each column.
        total = translate("MatrixView", "Σ exp =") if is_log else translate("MatrixView", "Σ =")
        room = max(rows, cols) <= SUMS_FIT
        row_sums = [f"{total} {s:.4f}" for s in result.sums] if room and rows_sum else []
        column_sums = [f"{s:.3f}" for s in result.sums] if room and not rows_sum else []
        self.output.label_side("right", row_sums)
        self.output.label_side("top", column_sums, total)
        extent = max(float(np.abs(result.jacobian).max()), 1e-12)
        self.jacobian.show(result.jacobian, (-extent, extent))
        index = request.slice_index
        rect = QRectF(0, index, cols, 1) if rows_sum else QRectF(index, 0, 1, rows)
        self.input.mark(rect)
        self.output.mark(rect)
        kind = translate("MatrixView", "row") if rows_sum else translate("MatrixView", "column")
        title = translate("MatrixView", "Jacobian ∂y/∂x of %s %d (autograd)") % (kind, index)
        set_title(self.jacobian.plot, title)


class MatrixFigure(FigureCanvas):
    """The export figure: the same three heatmaps, titled in English for any reader."""

    def __init__(self, result: MatrixResult, *, transparent: bool = False, scale: float = 1.0) -> None:
        r = result.request
        temperature = float(r.params["temperature"])
        source = "edited by hand" if r.values is not None else f"seed {r.seed}, scale {r.scale:g}"
        subtitle = (
            f"logits: {source} · T = {temperature:g} · {result.sums_label} = 1 · "
            f"Jacobian of {'row' if along_rows(r.dim) else 'column'} {r.slice_index} by autograd · {r.dtype}"
        )
        title = f"{r.spec.signature(r.params, omit=MatrixView.unused_params(r.spec))} on {r.rows} x {r.cols} logits"
        super().__init__(title, subtitle, transparent=transparent, scale=scale)
        self.maps = MatrixMaps(self.body, translated=False)
        self.maps.draw(result)


class MatrixView(View[MatrixRequest, MatrixResult]):
    id = "matrix"
    request_type = MatrixRequest
    result_type = MatrixResult
    settings_type = MatrixSettings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = MatrixSettings()
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
        controls = QWidget()
        flow = FlowLayout(controls)  # wraps in a narrow window instead of widening the whole view
        for label, widget in (
            (self.tr("Rows"), self.rows),
            (self.tr("Columns"), self.cols),
            (self.tr("Seed"), self.seed),
            (self.tr("Scale"), self.scale),
        ):
            flow.addWidget(grouped(QLabel(label), widget))
        flow.addWidget(self.regenerate)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("QLabel { font-size: 11pt; }")

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.maps = MatrixMaps(self.graphics.ci, translated=True)
        self._one_column = False
        self.graphics.scene().sigMouseClicked.connect(self._clicked)
        self.jacobian_note = QLabel()
        self.jacobian_note.setWordWrap(True)

        self.table = QTableWidget()
        self.table.setToolTip(self.tr("Edit a logit and press Enter; Regenerate discards the edits"))
        self.table.itemChanged.connect(self._cell_edited)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.graphics)
        splitter.addWidget(self.table)
        splitter.setSizes([520, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(controls)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.jacobian_note)

        self.rows.valueChanged.connect(lambda v: self._edit(rows=int(v), logits=None))
        self.cols.valueChanged.connect(lambda v: self._edit(cols=int(v), logits=None))
        self.seed.valueChanged.connect(lambda v: self._edit(seed=int(v), logits=None))
        self.scale.valueChanged.connect(lambda v: self._edit(scale=float(v), logits=None))
        self.regenerate.clicked.connect(lambda: self._edit(logits=None))
        self.show_settings()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_column = self.width() < ONE_COLUMN_BELOW
        if one_column != self._one_column:
            self._one_column = one_column
            self.maps.arrange(self.graphics.ci, one_column)
            self.graphics.setMinimumHeight(3 * STACKED_HEATMAP_HEIGHT if one_column else 0)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MatrixView", "2-D logits")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return spec.id in MATRIX_ACTIVATIONS

    @classmethod
    def param_limits(cls, spec: ActivationSpec) -> ParamLimits:
        return {"dim": MATRIX_DIM_RANGE}

    @classmethod
    def unused_params(cls, spec: ActivationSpec) -> frozenset[str]:
        return frozenset(p.name for p in spec.params if p.scope == "curve")

    @staticmethod
    def _spin(low: int, high: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(name)
        return spin

    # --- own settings ----------------------------------------------------------

    def _edit(self, **changes: Any) -> None:
        settings = replace(self.settings, **changes)
        if settings != self.settings or "logits" in changes:
            self.settings = settings
            self.show_settings()
            self.request_changed.emit()

    def show_settings(self) -> None:
        s = self.settings
        with QSignalBlocker(self.rows), QSignalBlocker(self.cols), QSignalBlocker(self.seed):
            with QSignalBlocker(self.scale):
                self.rows.setValue(s.rows)
                self.cols.setValue(s.cols)
                self.seed.setValue(s.seed)
                self.scale.setValue(s.scale)

    # --- request ---------------------------------------------------------------

    def build_request(self, state: ExplorerState) -> MatrixRequest:
        return self.settings.request(state.activation, state.current_params(), state.device, state.dtype)

    def learn_input_code(self, state: ExplorerState) -> str:
        return logits_code(self.build_request(state))

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self.last_result is None:
            return
        matrix = [list(row) for row in self.last_result.input]
        try:
            value = float(item.text().replace(",", "."))
        except ValueError:
            value = float("nan")
        if not np.isfinite(value):
            with QSignalBlocker(self.table):
                item.setText(f"{matrix[item.row()][item.column()]:.4g}")
            return
        matrix[item.row()][item.column()] = value
        self._edit(logits=tuple(tuple(float(v) for v in row) for row in matrix))

    def _clicked(self, event: Any) -> None:
        result = self.last_result
        if result is None:
            return
        for heat in (self.maps.input, self.maps.output):
            if heat.plot.sceneBoundingRect().contains(event.scenePos()):
                point: QPointF = heat.plot.vb.mapSceneToView(event.scenePos())
                index = int(point.y()) if along_rows(result.request.dim) else int(point.x())
                if 0 <= index < result.request.slices:
                    self._edit(slice_index=index)
                return

    # --- result ----------------------------------------------------------------

    def show_result(self, result: MatrixResult) -> None:
        self.last_result = result
        request = result.request
        self.maps.draw(result)
        rows_sum = along_rows(request.dim)
        is_log = request.activation == "log_softmax"
        axis = self.tr("each row sums to 1") if rows_sum else self.tr("each column sums to 1")
        what = self.tr("exp(output)") if is_log else self.tr("output")
        self.explanation.setText(
            self.tr(
                "%(fn)s along dim=%(dim)d: %(what)s — %(axis)s. Click a row or column to see its Jacobian."
            )
            .replace("%(fn)s", request.activation)
            .replace("%(dim)d", str(request.dim))
            .replace("%(what)s", what)
            .replace("%(axis)s", axis)
        )
        self.jacobian_note.setText(
            self.tr("The Jacobian of %s is %s.") % (request.activation, JACOBIAN_FORMULAS[request.activation])
        )
        self._fill_table(result.input)

    def status_text(self, result: MatrixResult) -> str:
        return self.tr("2-D logits · %s ms") % f"{result.elapsed_s * 1e3:.1f}"

    def _fill_table(self, data: np.ndarray) -> None:
        with QSignalBlocker(self.table):
            self.table.setRowCount(data.shape[0])
            self.table.setColumnCount(data.shape[1])
            self.table.setVerticalHeaderLabels([str(i) for i in range(data.shape[0])])
            self.table.setHorizontalHeaderLabels([str(i) for i in range(data.shape[1])])
            for r in range(data.shape[0]):
                for c in range(data.shape[1]):
                    self.table.setItem(r, c, QTableWidgetItem(f"{data[r, c]:.4g}"))

    # --- figure ----------------------------------------------------------------

    @classmethod
    def figure(cls, result: MatrixResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        return MatrixFigure(result, transparent=transparent, scale=scale)
