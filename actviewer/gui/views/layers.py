"""The "Why an activation" view: two linear layers without and with the activation between them.

The first thing the tutorial teaches: stacked ``nn.Linear`` layers collapse
into one straight line, and an activation between them lets the network bend.
The lower panel shows each hidden unit's f(first(x)), the pieces the second
layer adds up.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ...core.catalog import ActivationSpec
from ...core.compare import Grid
from ...core.layers import (
    DEFAULT_HIDDEN,
    DEFAULT_LAYERS_SEED,
    MAX_HIDDEN,
    MIN_HIDDEN,
    LayersRequest,
    LayersResult,
)
from ...core.state import ExplorerState
from ..figures.legend import keep_clear
from ..figures.render import FigureCanvas
from ..figures.style import DERIVATIVE_COLOUR, OUTPUT_COLOUR, curve_pen, legend_brush, palette, style_plot
from .base import View

SAMPLES = 401


class LayersPlots:
    def __init__(
        self, layout: pg.GraphicsLayout, titles: tuple[str, str], names: tuple[str, str], scale: float = 1.0
    ) -> None:
        self.top, self.bottom = layout.addPlot(row=0, col=0), layout.addPlot(row=1, col=0)
        style_plot(self.top, titles[0], "y")
        style_plot(self.bottom, titles[1], "f(first(x))")
        self.bottom.setXLink(self.top)
        legend = self.top.addLegend(
            offset=(8, 8), labelTextColor=palette().ink, labelTextSize="9pt" if scale == 1.0 else "14pt"
        )
        legend.setBrush(legend_brush())
        self.without = self.top.plot(
            pen=curve_pen(palette().guide, 2.5 * scale, Qt.PenStyle.DashLine), name=names[0]
        )
        self.with_activation = self.top.plot(pen=curve_pen(OUTPUT_COLOUR, 2.5 * scale), name=names[1])
        self.place_legend = keep_clear(self.top, legend)
        self.units: list[pg.PlotDataItem] = []
        self.scale = scale

    def show(self, result: LayersResult) -> None:
        self.without.setData(result.x, result.without)
        self.with_activation.setData(result.x, result.with_activation)
        while len(self.units) < len(result.hidden):
            self.units.append(self.bottom.plot(pen=curve_pen(DERIVATIVE_COLOUR + "99", 1.4 * self.scale)))
        for item, values in zip(self.units, result.hidden):
            item.setData(result.x, values)
            item.setVisible(True)
        for item in self.units[len(result.hidden) :]:
            item.setVisible(False)
        self.place_legend()


class LayersView(View[LayersRequest, LayersResult]):
    id = "layers"
    request_type = LayersRequest
    result_type = LayersResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hidden = DEFAULT_HIDDEN
        self.seed = DEFAULT_LAYERS_SEED
        self.hidden_box = QSpinBox()
        self.hidden_box.setRange(MIN_HIDDEN, MAX_HIDDEN)
        self.hidden_box.setValue(self.hidden)
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 2**31 - 1)
        self.seed_box.setValue(self.seed)
        for box in (self.hidden_box, self.seed_box):
            box.setKeyboardTracking(False)
        self.hidden_box.valueChanged.connect(self._hidden_changed)
        self.seed_box.valueChanged.connect(self._seed_changed)
        self.explanation = QLabel(
            self.tr(
                "Without an activation, Linear(1, H) then Linear(H, 1) is one straight line, whatever the weights."
                " With the activation between them, the network can bend."
            )
        )
        self.explanation.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("hidden units H")))
        row.addWidget(self.hidden_box)
        row.addWidget(QLabel(self.tr("seed")))
        row.addWidget(self.seed_box)
        row.addWidget(self.explanation, 1)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.graphics.setMinimumHeight(320)
        self.plots = LayersPlots(
            self.graphics.ci,
            (
                self.tr("Two linear layers: without and with the activation"),
                self.tr("Each hidden unit after the activation"),
            ),
            (self.tr("Linear → Linear (no activation)"), self.tr("Linear → f → Linear")),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.graphics, 1)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("LayersView", "Two layers")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return spec.layout == "elementwise"

    def _hidden_changed(self, value: int) -> None:
        self.hidden = int(value)
        self.request_changed.emit()

    def _seed_changed(self, value: int) -> None:
        self.seed = int(value)
        self.request_changed.emit()

    def build_request(self, state: ExplorerState) -> LayersRequest:
        grid = Grid(state.x_min, state.x_max, SAMPLES)
        return LayersRequest(state.activation, state.current_params(), self.hidden, self.seed, grid)

    def learn_input_code(self, state: ExplorerState) -> str:
        return f"torch.linspace({state.x_min!r}, {state.x_max!r}, {SAMPLES})"

    def learn_program(self, state: ExplorerState) -> str | None:
        return self.build_request(state).validated().program()

    def show_result(self, result: LayersResult) -> None:
        self.last_result = result
        self.plots.show(result)

    def status_text(self, result: LayersResult) -> str:
        slope = float(np.polyfit(result.x, result.without, 1)[0])
        return (
            self.tr("H = %(h)d · without an activation: a line of slope %(slope)s · %(ms)s ms")
            .replace("%(h)d", str(result.request.hidden))
            .replace("%(slope)s", f"{slope:.3g}")
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.1f}")
        )

    def reset_view(self) -> None:
        for plot in (self.plots.top, self.plots.bottom):
            plot.vb.enableAutoRange()

    @classmethod
    def figure(cls, result: LayersResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        r = result.request
        subtitle = f"seed {r.seed} · H = {r.hidden} · x ∈ [{r.grid.x_min:g}, {r.grid.x_max:g}] · float64"
        canvas = FigureCanvas(
            f"Linear(1, {r.hidden}) → {r.spec.signature(r.params)} → Linear({r.hidden}, 1)",
            subtitle,
            transparent=transparent,
            scale=scale,
        )
        plots = LayersPlots(
            canvas.body,
            ("Two linear layers: without and with the activation", "Each hidden unit after the activation"),
            ("Linear → Linear (no activation)", "Linear → f → Linear"),
            max(scale, 1.001),
        )
        plots.show(result)
        return canvas

    def save_state(self) -> dict[str, Any]:
        return {"hidden": self.hidden, "seed": self.seed}

    def restore_state(self, data: object) -> list[str]:
        if not isinstance(data, dict):
            return []
        problems = []
        for key, low, high in (("hidden", MIN_HIDDEN, MAX_HIDDEN), ("seed", 0, 2**31 - 1)):
            value = data.get(key, getattr(self, key))
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(f"{key} reset to its default: expected {low}..{high}, got {value!r}")
                continue
            setattr(self, key, value)
        with QSignalBlocker(self.hidden_box), QSignalBlocker(self.seed_box):
            self.hidden_box.setValue(self.hidden)
            self.seed_box.setValue(self.seed)
        return problems
