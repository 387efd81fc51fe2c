"""The distribution view: what the activation does to a whole distribution of inputs.

x is drawn from Normal(mean, std) or Uniform(a, b) (seeded, a million samples
by default); the view shows the histograms of x, f(x) and f'(x) and the
statistics that matter in a network: E[f], Std[f], E[f'], E[f'^2] (the factor
by which the activation scales gradient variance) and the fractions of dead,
saturated and negative outputs.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec
from ...core.network import MAX_DIST_SAMPLES, DistRequest, DistResult, DistSettings, Histogram
from ...core.state import ExplorerState
from ..figures.render import FigureCanvas
from ..figures.style import DERIVATIVE_COLOUR, OUTPUT_COLOUR, palette, style_plot
from .base import View

STATISTICS = (
    ("mean", "E[f(x)]"),
    ("std", "Std[f(x)]"),
    ("mean_dy", "E[f′(x)]"),
    ("mean_dy2", "E[f′(x)²]"),
    ("dead_fraction", "dead"),
    ("saturated_fraction", "saturated"),
    ("negative_fraction", "negative"),
)


def _draw(plot: pg.PlotItem, item: pg.PlotDataItem, histogram: Histogram) -> None:
    item.setData(histogram.edges, histogram.counts / max(1, histogram.counts.sum()), stepMode="center")


def _histogram_item(plot: pg.PlotItem, colour: str) -> pg.PlotDataItem:
    return plot.plot(
        [0, 1],
        [0],
        stepMode="center",
        fillLevel=0,
        pen=pg.mkPen(colour, width=1.5),
        brush=pg.mkBrush(colour + "55"),
    )


class DistributionView(View[DistRequest, DistResult]):
    id = "distribution"
    request_type = DistRequest
    result_type = DistResult
    settings_type = DistSettings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = DistSettings()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Normal(mean, std)"), "normal")
        self.kind.addItem(self.tr("Uniform(a, b)"), "uniform")
        self.mean, self.std = self._number(-100, 100), self._number(0.001, 100)
        self.low, self.high = self._number(-100, 100), self._number(-100, 100)
        self.samples = QSpinBox()
        self.samples.setRange(100, MAX_DIST_SAMPLES)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setKeyboardTracking(False)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        row = QHBoxLayout()
        self.labels: dict[str, QLabel] = {}
        for key, label, widget in (
            ("kind", self.tr("x ~"), self.kind),
            ("mean", self.tr("mean"), self.mean),
            ("std", self.tr("std"), self.std),
            ("low", "a", self.low),
            ("high", "b", self.high),
            ("samples", self.tr("samples"), self.samples),
            ("seed", self.tr("seed"), self.seed),
        ):
            self.labels[key] = QLabel(label)
            row.addWidget(self.labels[key])
            row.addWidget(widget)
        row.addStretch(1)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.plots = [self.graphics.addPlot(row=0, col=i) for i in range(3)]
        for plot, title, label in zip(
            self.plots,
            (self.tr("Input x"), self.tr("Output f(x)"), self.tr("Derivative f′(x) (autograd)")),
            ("x", "f(x)", "f′(x)"),
        ):
            style_plot(plot, title, self.tr("fraction"), label)
        self.items = [
            _histogram_item(p, c)
            for p, c in zip(self.plots, (palette().guide, OUTPUT_COLOUR, DERIVATIVE_COLOUR))
        ]
        self.table = QTableWidget(1, len(STATISTICS))
        self.table.setHorizontalHeaderLabels([label for _, label in STATISTICS])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(64)
        self.table.setAccessibleName(self.tr("Statistics of f(x) and f′(x)"))
        self.table.setToolTip(
            self.tr(
                "dead: fraction with f′ = 0; saturated: |f′| < 1e-3; negative: f < 0. E[f′²] scales the gradient's variance."
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.table)
        self.kind.currentIndexChanged.connect(
            lambda _i: self.edit_settings(distribution=self.kind.currentData())
        )
        for name, widget in (("mean", self.mean), ("std", self.std), ("low", self.low), ("high", self.high)):
            widget.valueChanged.connect(lambda v, n=name: self.edit_settings(**{n: float(v)}))
        self.samples.valueChanged.connect(lambda v: self.edit_settings(samples=int(v)))
        self.seed.valueChanged.connect(lambda v: self.edit_settings(seed=int(v)))
        self.show_settings()

    @staticmethod
    def _number(low: float, high: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(3)
        spin.setSingleStep(0.1)
        spin.setKeyboardTracking(False)
        return spin

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("DistributionView", "Distribution")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return spec.layout == "elementwise"

    def show_settings(self) -> None:
        s = self.settings
        widgets = (self.kind, self.mean, self.std, self.low, self.high, self.samples, self.seed)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.kind.setCurrentIndex(self.kind.findData(s.distribution))
        self.mean.setValue(s.mean)
        self.std.setValue(s.std)
        self.low.setValue(s.low)
        self.high.setValue(s.high)
        self.samples.setValue(s.samples)
        self.seed.setValue(s.seed)
        del blockers
        normal = s.distribution == "normal"
        for key, shown in (("mean", normal), ("std", normal), ("low", not normal), ("high", not normal)):
            self.labels[key].setVisible(shown)
            getattr(self, key).setVisible(shown)

    def build_request(self, state: ExplorerState) -> DistRequest:
        return self.settings.request(state.activation, state.current_params(), state.device, state.dtype)

    def learn_input_code(self, state: ExplorerState) -> str:
        s = self.settings
        draw = (
            f"torch.randn({s.samples}, generator=g, dtype=torch.float64) * {s.std!r} + {s.mean!r}"
            if s.distribution == "normal"
            else f"torch.rand({s.samples}, generator=g, dtype=torch.float64) * {s.high - s.low!r} + {s.low!r}"
        )
        return f"({draw}).to(torch.{state.dtype})  # g = torch.Generator().manual_seed({s.seed})"

    def show_result(self, result: DistResult) -> None:
        self.last_result = result
        for plot, item, histogram in zip(
            self.plots, self.items, (result.x_histogram, result.histogram, result.dy_histogram)
        ):
            _draw(plot, item, histogram)
        for i, (key, _) in enumerate(STATISTICS):
            self.table.setItem(0, i, QTableWidgetItem(f"{result.stats[key]:.6g}"))

    def status_text(self, result: DistResult) -> str:
        return self.tr("%s samples · %s ms") % (
            f"{result.request.samples:,}",
            f"{result.elapsed_s * 1e3:.1f}",
        )

    @classmethod
    def figure(cls, result: DistResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        r = result.request
        source = (
            f"x ~ Normal({r.mean:g}, {r.std:g})"
            if r.distribution == "normal"
            else f"x ~ Uniform({r.low:g}, {r.high:g})"
        )
        stats = " · ".join(f"{label} = {result.stats[key]:.4g}" for key, label in STATISTICS[:4])
        canvas = FigureCanvas(
            f"{r.spec.signature(r.params)} on {source}",
            f"{r.samples:,} samples, seed {r.seed}, {r.dtype} · {stats}",
            transparent=transparent,
            scale=scale,
        )
        for col, (title, label, colour, histogram) in enumerate(
            (
                ("Input x", "x", palette().guide, result.x_histogram),
                ("Output f(x)", "f(x)", OUTPUT_COLOUR, result.histogram),
                ("Derivative f′(x)", "f′(x)", DERIVATIVE_COLOUR, result.dy_histogram),
            )
        ):
            plot = canvas.body.addPlot(row=0, col=col)
            style_plot(plot, title, "fraction", label)
            plot.hideButtons()
            item = _histogram_item(plot, colour)
            _draw(plot, item, histogram)
        dead = result.stats["dead_fraction"]
        canvas.body.addLabel(
            f"dead {dead:.3f} · saturated {result.stats['saturated_fraction']:.3f} · "
            f"negative {result.stats['negative_fraction']:.3f}",
            row=1,
            col=0,
            colspan=3,
        )
        return canvas
