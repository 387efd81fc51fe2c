"""The criticality view: the order-to-chaos phase diagram, and a deep stack measured on it.

Left, the σ_w² × σ_b² plane coloured by how many layers a network keeps two
inputs apart (ξ_c) or by the gradient's gain per layer (ln χ₁), with the
critical line χ₁ = 1 and the current point, which the mouse drags. Right, the
length q^l and the correlation c^l of two inputs against depth: the mean-field
theory as lines, a random network of the chosen width measured at the point as
dots. Below, the input-output Jacobian: its mean squared singular value against
depth for Gaussian and orthogonal weights, and its singular values at the last
layer (dynamical isometry: all near 1).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec
from ...core.criticality import (
    MAX_DEPTH,
    MAX_SIGMA2,
    MAX_WIDTH,
    MIN_WIDTH,
    QUANTITIES,
    CriticalRequest,
    CriticalResult,
    CriticalSettings,
)
from ...core.state import ExplorerState
from ..figures.log_axis import decade_axes
from ..figures.render import FigureCanvas
from ..figures.style import (
    DERIVATIVE_COLOUR,
    OUTPUT_COLOUR,
    SECOND_COLOUR,
    curve_pen,
    palette,
    set_title,
    style_plot,
)
from .base import View

PURPLE = "#7c3aed"

XI_LEVELS = (-1.0, 3.0)
"""log10 ξ_c shown: 0.1 to 1,000 layers (beyond: the end colour)."""
CHI_LEVELS = (-1.5, 1.5)
CRITICAL_BAND = 0.02
"""|ln χ₁| below this counts as critical in the headline."""


def _translator(translated: bool) -> Any:
    return QCoreApplication.translate if translated else (lambda _context, text: text)


def _layers(xi: float) -> str:
    return f"{xi:.3g}" if math.isfinite(xi) and xi < 1e6 else "∞"


def headline(result: CriticalResult, translated: bool = True) -> str:
    """One sentence about the point: its phase and what that means for a deep network."""
    translate = _translator(translated)
    p = result.point
    if not math.isfinite(p.q_star):
        return translate(
            "CriticalView", "Chaotic, unbounded (χ₁ = %(chi)s): the length of the signal grows without limit"
        ).replace("%(chi)s", f"{p.chi1:.3g}")
    values = {"%(chi)s": f"{p.chi1:.3g}", "%(xi)s": _layers(p.xi_c)}
    if abs(math.log(max(p.chi1, 1e-300))) < CRITICAL_BAND:
        text = translate(
            "CriticalView",
            "Critical (χ₁ = %(chi)s): signals and gradients reach through ξ_c ≈ %(xi)s layers",
        )
    elif p.chi1 < 1:
        text = translate(
            "CriticalView",
            "Ordered (χ₁ = %(chi)s): inputs become alike within ξ_c ≈ %(xi)s layers; gradients vanish",
        )
    else:
        text = translate(
            "CriticalView",
            "Chaotic (χ₁ = %(chi)s): inputs decorrelate within ξ_c ≈ %(xi)s layers; gradients explode",
        )
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _image(result: CriticalResult, quantity: str) -> tuple[np.ndarray, tuple[float, float]]:
    """The colour values; nan where q grows without bound (drawn transparent over grey)."""
    g = result.grid
    assert g is not None
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log(g.chi1) if quantity == "log_chi1" else np.log10(g.xi_c)
    levels = CHI_LEVELS if quantity == "log_chi1" else XI_LEVELS
    values = np.clip(np.where(np.isposinf(values), levels[1], values), levels[0], levels[1])
    values[~np.isfinite(g.q_star)] = np.nan
    return values, levels


class CriticalPlots:
    """The five panels, drawn the same way on screen and in the export figure."""

    def __init__(self, layout: pg.GraphicsLayout, scale: float = 1.0, translated: bool = False) -> None:
        translate = _translator(translated)
        self.log_xi_label = translate("CriticalView", "log₁₀ ξ_c (layers)")
        self.phase = layout.addPlot(row=0, col=0, rowspan=2)
        self.length = layout.addPlot(row=0, col=1)
        self.correlation = layout.addPlot(row=1, col=1)
        self.jacobian = layout.addPlot(row=2, col=0, axisItems=decade_axes())
        self.spectrum = layout.addPlot(row=2, col=1)
        layer = translate("CriticalView", "layer")
        self.phase_titles = (
            translate("CriticalView", "Phase diagram"),
            translate("CriticalView", "Phase diagram (grey: q grows without bound)"),
        )
        style_plot(self.phase, self.phase_titles[0], "σ_b²", "σ_w²", grid=False)
        style_plot(self.length, translate("CriticalView", "Length q of the pre-activations"), "q", layer)
        style_plot(self.correlation, translate("CriticalView", "Correlation c of two inputs"), "c", layer)
        style_plot(
            self.jacobian,
            translate("CriticalView", "Jacobian: mean (solid) and variance (dotted) of σ²"),
            "E[σ²]",
            layer,
        )
        style_plot(
            self.spectrum,
            translate("CriticalView", "Jacobian's singular values at the last layer"),
            translate("CriticalView", "count"),
            "σ",
        )
        self.image = pg.ImageItem(axisOrder="row-major")
        self.phase.addItem(self.image)
        self.phase.vb.setBackgroundColor(palette().unbounded)  # shows through where q grows without bound
        self.bar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), interactive=False, width=12 * scale)
        self.bar.setImageItem(self.image, insert_in=self.phase)
        width = 2.0 * scale
        self.line = self.phase.plot(pen=curve_pen("#ffffff", 2.5 * scale, Qt.PenStyle.DashLine))
        self.point = pg.TargetItem(
            size=int(14 * scale), pen=pg.mkPen("#ef4444", width=2 * scale), movable=False
        )
        self.phase.addItem(self.point)
        theory, measured = translate("CriticalView", "theory"), translate("CriticalView", "measured")
        dots = {"symbolSize": 5 * scale, "pen": None}
        self.q_theory = self.length.plot(pen=curve_pen(OUTPUT_COLOUR, width))
        self.q_measured = self.length.plot(symbolBrush=DERIVATIVE_COLOUR, **dots)
        self.c_theory = self.correlation.plot(pen=curve_pen(OUTPUT_COLOUR, width))
        self.c_measured = self.correlation.plot(symbolBrush=DERIVATIVE_COLOUR, **dots)
        self.correlation.setYRange(-1.0, 1.0)
        self.jacobian.setLogMode(y=True)
        self.j_theory = self.jacobian.plot(pen=curve_pen(palette().guide, width, Qt.PenStyle.DashLine))
        self.j_gaussian = self.jacobian.plot(pen=curve_pen(SECOND_COLOUR, width))
        self.j_orthogonal = self.jacobian.plot(pen=curve_pen(PURPLE, width))
        # The spread of the squared singular values, dotted: isometry keeps it small with depth.
        dotted = Qt.PenStyle.DotLine
        self.j_gaussian_spread = self.jacobian.plot(pen=curve_pen(SECOND_COLOUR, width, dotted))
        self.j_orthogonal_spread = self.jacobian.plot(pen=curve_pen(PURPLE, width, dotted))
        self.s_gaussian = self.spectrum.plot(stepMode="center", pen=curve_pen(SECOND_COLOUR, width))
        self.s_orthogonal = self.spectrum.plot(stepMode="center", pen=curve_pen(PURPLE, width))
        # One legend below the panels, outside them, so it never covers a curve.
        self.legend = pg.LegendItem(
            colCount=3,
            labelTextColor=palette().ink,
            labelTextSize=f"{round(9 * scale)}pt",
            horSpacing=round(18 * scale),
        )
        layout.addItem(self.legend, row=3, col=0, colspan=2)
        for item, name in (
            (self.q_theory, theory),
            (self.q_measured, measured),
            (self.j_theory, translate("CriticalView", "Π χ₁ (theory)")),
            (self.j_gaussian, translate("CriticalView", "Gaussian W")),
            (self.j_orthogonal, translate("CriticalView", "orthogonal W")),
            (self.j_gaussian_spread, translate("CriticalView", "variance of σ² (dotted)")),
        ):
            self.legend.addItem(item, name)

    def draw(self, result: CriticalResult, quantity: str) -> None:
        r = result.request
        g = result.grid
        if g is not None:
            image, levels = _image(result, quantity)
            self.image.setImage(image, levels=levels)
            set_title(self.phase, self.phase_titles[bool(np.isnan(image).any())])
            dx = (g.sw2[-1] - g.sw2[0]) / (len(g.sw2) - 1)
            dy = (g.sb2[-1] - g.sb2[0]) / (len(g.sb2) - 1)
            self.image.setRect(
                g.sw2[0] - dx / 2, g.sb2[0] - dy / 2, g.sw2[-1] - g.sw2[0] + dx, g.sb2[-1] - g.sb2[0] + dy
            )
            self.bar.setLevels(levels)
            self.bar.setColorMap(pg.colormap.get("viridis" if quantity == "xi_c" else "CET-D1"))
            self.line.setData(g.critical_sw2, g.sb2, connect="finite")
            self.phase.setRange(
                xRange=(g.sw2[0] - dx / 2, g.sw2[-1] + dx / 2),
                yRange=(g.sb2[0] - dy / 2, g.sb2[-1] + dy / 2),
                padding=0,
            )
            self.bar.getAxis("left").setLabel(
                self.log_xi_label if quantity == "xi_c" else "ln χ₁", color=palette().ink
            )
        self.point.setPos(QPointF(*r.point))
        layers = np.arange(r.depth + 1, dtype=float)
        finite = np.isfinite(result.q)
        self.q_theory.setData(layers[finite], result.q[finite])
        self.c_theory.setData(layers, result.c, connect="finite")
        m = result.measured
        if m is None:
            for item in (
                self.q_measured,
                self.c_measured,
                self.j_gaussian,
                self.j_orthogonal,
                self.j_gaussian_spread,
                self.j_orthogonal_spread,
            ):
                item.setData([], [])
            for item in (self.s_gaussian, self.s_orthogonal):
                item.setData([0.0, 1.0], [0.0])
        else:
            keep = np.isfinite(m.q)
            self.q_measured.setData(layers[keep], m.q[keep])
            self.c_measured.setData(layers[np.isfinite(m.c)], m.c[np.isfinite(m.c)])
            depth = layers[1:]
            positive = lambda v: np.where((v > 0) & np.isfinite(v), v, np.nan)  # noqa: E731
            self.j_gaussian.setData(depth, positive(m.jacobian_mean["gaussian"]), connect="finite")
            self.j_orthogonal.setData(depth, positive(m.jacobian_mean["orthogonal"]), connect="finite")
            self.j_gaussian_spread.setData(depth, positive(m.jacobian_spread["gaussian"]), connect="finite")
            self.j_orthogonal_spread.setData(
                depth, positive(m.jacobian_spread["orthogonal"]), connect="finite"
            )
            values = [v for v in m.singular_values.values() if len(v)]
            top = max((float(v.max()) for v in values), default=1.0)
            edges = np.linspace(0.0, max(top, 1e-12) * 1.02, 41)
            for item, kind in ((self.s_gaussian, "gaussian"), (self.s_orthogonal, "orthogonal")):
                sv = m.singular_values[kind]
                counts = np.histogram(sv, bins=edges)[0] if len(sv) else np.zeros(len(edges) - 1)
                item.setData(edges, counts.astype(float))
        with np.errstate(over="ignore", invalid="ignore"):
            product = np.cumprod(result.chi1_depth)
        self.j_theory.setData(layers[1:], np.where(product > 0, product, np.nan), connect="finite")


class CriticalView(View[CriticalRequest, CriticalResult]):
    id = "critical"
    request_type = CriticalRequest
    result_type = CriticalResult
    display_only = frozenset({"quantity"})
    settings_type = CriticalSettings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = CriticalSettings()
        self.sw2 = self._number(1e-3, MAX_SIGMA2, 0.05)
        self.sb2 = self._number(0.0, MAX_SIGMA2, 0.01)
        self.sw2_max = self._number(1.0, MAX_SIGMA2, 0.5)
        self.sb2_max = self._number(0.01, MAX_SIGMA2, 0.1)
        self.depth_box = QSpinBox()
        self.depth_box.setRange(1, MAX_DEPTH)
        self.width_box = QSpinBox()
        self.width_box.setRange(MIN_WIDTH, MAX_WIDTH)
        self.width_box.setSingleStep(64)
        for spin in (self.depth_box, self.width_box):
            spin.setKeyboardTracking(False)
        self.quantity = QComboBox()
        self.quantity.addItem(self.tr("depth scale ξ_c"), "xi_c")
        self.quantity.addItem(self.tr("gain ln χ₁"), "log_chi1")
        assert tuple(self.quantity.itemData(i) for i in range(self.quantity.count())) == QUANTITIES
        grid = QGridLayout()
        fields = (
            (self.tr("point σ_w²"), self.sw2),
            (self.tr("σ_b²"), self.sb2),
            (self.tr("depth"), self.depth_box),
            (self.tr("width"), self.width_box),
            (self.tr("σ_w² up to"), self.sw2_max),
            (self.tr("σ_b² up to"), self.sb2_max),
            (self.tr("colour"), self.quantity),
        )
        for i, (label, widget) in enumerate(fields):
            row, col = (0, i) if i < 4 else (1, i - 4)
            text = QLabel(label)
            text.setBuddy(widget)
            grid.addWidget(text, row, 2 * col)
            grid.addWidget(widget, row, 2 * col + 1)
        self.note = QLabel(
            self.tr(
                "Weights ~ N(0, σ_w²/N), biases ~ N(0, σ_b²). Lines: mean-field theory (quadrature in float64); "
                "dots: a random network of this width at the point. Drag the red target or click the diagram."
            )
        )
        self.note.setWordWrap(True)
        self.diagnosis = QLabel()
        self.diagnosis.setStyleSheet("QLabel { font-size: 11pt; font-weight: bold; }")
        self.diagnosis.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.plots = CriticalPlots(self.graphics.ci, translated=True)
        self.plots.point.movable = True
        # The diagram's axes stay put: a drag on it moves the target, never the view.
        self.plots.phase.setMouseEnabled(x=False, y=False)
        self.plots.phase.hideButtons()
        self.plots.phase.setMenuEnabled(False)
        self.plots.point.sigPositionChanged.connect(self._dragging)
        self.plots.point.sigPositionChangeFinished.connect(self._dropped)
        self.plots.phase.scene().sigMouseClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.diagnosis)
        layout.addWidget(self.graphics, 1)
        self.sw2.valueChanged.connect(lambda v: self.edit_settings(point_sw2=float(v)))
        self.sb2.valueChanged.connect(lambda v: self.edit_settings(point_sb2=float(v)))
        self.sw2_max.valueChanged.connect(lambda v: self.edit_settings(sw2_max=float(v)))
        self.sb2_max.valueChanged.connect(lambda v: self.edit_settings(sb2_max=float(v)))
        self.depth_box.valueChanged.connect(lambda v: self.edit_settings(depth=int(v)))
        self.width_box.valueChanged.connect(lambda v: self.edit_settings(width=int(v)))
        self.quantity.currentIndexChanged.connect(
            lambda _i: self.edit_settings(quantity=self.quantity.currentData())
        )
        self.show_settings()

    @staticmethod
    def _number(low: float, high: float, step: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(3)
        spin.setSingleStep(step)
        spin.setKeyboardTracking(False)
        return spin

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("CriticalView", "Criticality")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return spec.layout == "elementwise"

    def _dragging(self) -> None:
        """While the target moves, the spin boxes follow it; the request waits for the drop."""
        pos = self.plots.point.pos()
        with QSignalBlocker(self.sw2), QSignalBlocker(self.sb2):
            self.sw2.setValue(max(pos.x(), self.sw2.minimum()))
            self.sb2.setValue(max(pos.y(), 0.0))

    def _dropped(self) -> None:
        pos = self.plots.point.pos()
        self.edit_settings(point_sw2=round(max(pos.x(), 1e-3), 3), point_sb2=round(max(pos.y(), 0.0), 3))

    def _clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.isAccepted():
            return
        box = self.plots.phase.vb
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        pos = box.mapSceneToView(event.scenePos())
        self.edit_settings(point_sw2=round(max(pos.x(), 1e-3), 3), point_sb2=round(max(pos.y(), 0.0), 3))

    def show_settings(self) -> None:
        s = self.settings
        widgets = (
            self.sw2,
            self.sb2,
            self.sw2_max,
            self.sb2_max,
            self.depth_box,
            self.width_box,
            self.quantity,
        )
        blockers = [QSignalBlocker(w) for w in widgets]
        self.sw2.setValue(s.point_sw2)
        self.sb2.setValue(s.point_sb2)
        self.sw2_max.setValue(s.sw2_max)
        self.sb2_max.setValue(s.sb2_max)
        self.depth_box.setValue(s.depth)
        self.width_box.setValue(s.width)
        self.quantity.setCurrentIndex(max(self.quantity.findData(s.quantity), 0))
        del blockers
        with QSignalBlocker(self.plots.point):
            self.plots.point.setPos(QPointF(s.point_sw2, s.point_sb2))

    def build_request(self, state: ExplorerState) -> CriticalRequest:
        return self.settings.request(state.activation, state.current_params(), state.device)

    def learn_input_code(self, state: ExplorerState) -> str:
        return "math.sqrt(q) * z  # z: Gauss-Hermite nodes of N(0, 1)"

    def learn_program(self, state: ExplorerState) -> str | None:
        return self.build_request(state).validated().program()

    def show_result(self, result: CriticalResult) -> None:
        self.last_result = result
        self._show(result)

    def _show(self, result: CriticalResult) -> None:
        self.plots.draw(result, self.settings.quantity)
        self.diagnosis.setText(headline(result))

    def status_text(self, result: CriticalResult) -> str:
        p = result.point
        q = f"{p.q_star:.3g}" if math.isfinite(p.q_star) else "∞"
        return (
            self.tr("σ_w² %(w)s, σ_b² %(b)s · q* %(q)s · χ₁ %(chi)s · %(ms)s ms")
            .replace("%(w)s", f"{p.sw2:g}")
            .replace("%(b)s", f"{p.sb2:g}")
            .replace("%(q)s", q)
            .replace("%(chi)s", f"{p.chi1:.4g}")
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.0f}")
        )

    def reset_view(self) -> None:
        for plot in (self.plots.length, self.plots.correlation, self.plots.jacobian, self.plots.spectrum):
            plot.vb.enableAutoRange()
        if self.last_result is not None:
            self._show(self.last_result)

    @classmethod
    def figure(cls, result: CriticalResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        r = result.request
        p = result.point
        canvas = FigureCanvas(
            f"{r.spec.signature(r.params)}: order and chaos (mean field)",
            f"point σ_w² = {p.sw2:g}, σ_b² = {p.sb2:g} · q* = {p.q_star:.4g} · χ₁ = {p.chi1:.4g} · "
            f"ξ_c = {_layers(p.xi_c)} · measured: width {r.width}, seed {r.seed} · float64",
            transparent=transparent,
            scale=scale,
        )
        CriticalPlots(canvas.body, scale).draw(result, "xi_c")
        canvas.body.addLabel(
            headline(result, translated=False),
            row=4,
            col=0,
            colspan=2,
            size="11pt",
            bold=True,
            color=palette().ink,
        )
        return canvas
