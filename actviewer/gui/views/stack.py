"""The deep-stack view: L layers of nn.Linear + the activation, one seeded forward and backward pass.

Per layer it plots the mean and spread of pre-activations and activations, a
depth x value histogram of the activations, the gradient norms of each
layer's weight and input (log axis: vanishing and exploding gradients are
plain) and the fraction of dead units, with one line of diagnosis.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec
from ...core.network import (
    DIAGNOSES,
    INITS,
    MAX_BATCH,
    MAX_LAYERS,
    MAX_WIDTH,
    MIN_WIDTH,
    StackRequest,
    StackResult,
    StackSettings,
    diagnosis_parts,
    fill_in,
    stack_code,
)
from ...core.state import ExplorerState
from ..figures.log_axis import decade_axes
from ..figures.render import FigureCanvas
from ..figures.style import (
    DERIVATIVE_COLOUR,
    OUTPUT_COLOUR,
    SECOND_COLOUR,
    SEQUENTIAL,
    curve_pen,
    palette,
    style_plot,
)
from ._staged import StagedFrame, Step, plot_steps
from .base import View

PANELS = ("signal", "histogram", "gradients", "dead")


class StackPlots:
    """The four panels, drawn the same way on screen and in the export figure."""

    def __init__(self, layout: pg.GraphicsLayout, scale: float = 1.0, translated: bool = False) -> None:
        translate = QCoreApplication.translate if translated else (lambda _context, text: text)
        # Legends in rows of their own above their panels: inside, every corner of the mean/std panel
        # holds a curve (the std line vanished under the legend from layer ~55).
        self.signal = layout.addPlot(row=1, col=0, axisItems=decade_axes())
        self.histogram = layout.addPlot(row=1, col=1)
        self.gradients = layout.addPlot(row=3, col=0, axisItems=decade_axes())
        self.dead = layout.addPlot(row=3, col=1)
        layer, value = translate("StackView", "layer"), translate("StackView", "value")
        style_plot(self.signal, translate("StackView", "Mean and std over depth"), value, layer)
        style_plot(
            self.histogram,
            translate("StackView", "Activations: histogram per layer"),
            value,
            layer,
            grid=False,
        )
        style_plot(self.gradients, translate("StackView", "Gradient norms (log)"), "‖grad‖", layer)
        style_plot(
            self.dead,
            translate("StackView", "Dead units (f′ = 0 for the whole batch)"),
            translate("StackView", "fraction"),
            layer,
        )
        self.legends: list[pg.LegendItem] = []
        for row in (0, 2):
            legend = pg.LegendItem(
                colCount=3, labelTextColor=palette().ink, labelTextSize=f"{round(9 * scale)}pt"
            )
            layout.addItem(legend, row=row, col=0, colspan=2)
            self.legends.append(legend)
        width = 2.0 * scale
        self.pre_std = self.signal.plot(pen=curve_pen(palette().guide, width))
        self.act_mean = self.signal.plot(pen=curve_pen(OUTPUT_COLOUR, width))
        self.act_std = self.signal.plot(pen=curve_pen(SECOND_COLOUR, width))
        self.weight_grad = self.gradients.plot(pen=curve_pen(DERIVATIVE_COLOUR, width))
        self.input_grad = self.gradients.plot(pen=curve_pen(OUTPUT_COLOUR, width))
        self.dead_line = self.dead.plot(pen=curve_pen(DERIVATIVE_COLOUR, width))  # its title names it
        for legend, entries in zip(
            self.legends,
            (
                (
                    (self.pre_std, translate("StackView", "std of pre-activation")),
                    (self.act_mean, translate("StackView", "|mean| of activation")),
                    (self.act_std, translate("StackView", "std of activation")),
                ),
                (
                    (self.weight_grad, translate("StackView", "weight gradient")),
                    (self.input_grad, translate("StackView", "layer-input gradient")),
                ),
            ),
        ):
            for item, name in entries:
                legend.addItem(item, name)
        self.dead.setYRange(0, 1)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get(SEQUENTIAL))
        self.histogram.addItem(self.image)
        self.gradients.setLogMode(y=True)

    def steps(self) -> list[Step]:
        """What the next paint of the four panels would compute, as pieces (see :mod:`._staged`)."""
        return plot_steps([self.signal, self.histogram, self.gradients, self.dead])

    def draw(self, result: StackResult, log_signal: bool) -> None:
        layers = np.arange(1, result.request.layers + 1, dtype=np.float64)
        self.signal.setLogMode(y=log_signal)
        # On a log axis a value <= 0 cannot be drawn: the mean is shown by its size, and a point that
        # underflowed to 0 leaves a gap, the rest of the curve stays (connect="finite").
        positive = (lambda v: np.where(v > 0, v, np.nan)) if log_signal else (lambda v: v)
        self.pre_std.setData(layers, positive(result.pre_std), connect="finite")
        self.act_mean.setData(layers, positive(np.abs(result.act_mean)), connect="finite")
        self.act_std.setData(layers, positive(result.act_std), connect="finite")
        self.weight_grad.setData(
            layers, np.where(result.weight_grad_norm > 0, result.weight_grad_norm, np.nan)
        )
        self.input_grad.setData(layers, np.where(result.input_grad_norm > 0, result.input_grad_norm, np.nan))
        self.dead_line.setData(layers, result.dead_fraction)
        # log counts, per layer: a spike at 0 (ReLU) must not hide the spread of the rest
        counts = np.log1p(result.histogram) / np.maximum(
            np.log1p(result.histogram.max(axis=1, keepdims=True)), 1e-12
        )
        edges = result.histogram_edges
        self.image.setImage(counts.T, levels=(0, 1))  # rows: value bins, columns: layers
        self.image.setRect(0.5, float(edges[0]), float(result.request.layers), float(edges[-1] - edges[0]))
        self.histogram.setRange(
            xRange=(0.5, result.request.layers + 0.5), yRange=(edges[0], edges[-1]), padding=0
        )


class StackView(View[StackRequest, StackResult]):
    id = "stack"
    request_type = StackRequest
    result_type = StackResult
    display_only = frozenset({"log_scale"})
    settings_type = StackSettings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = StackSettings()
        self.spins = {
            "layers": self._spin(1, MAX_LAYERS),
            "width": self._spin(MIN_WIDTH, MAX_WIDTH),
            "batch": self._spin(2, MAX_BATCH),
            "seed": self._spin(0, 2**31 - 1),
        }
        self.init = QComboBox()
        for name in INITS:
            self.init.addItem(name, name)
        self.std = QDoubleSpinBox()
        self.std.setRange(0.0001, 10)
        self.std.setDecimals(4)
        self.std.setSingleStep(0.01)
        self.std.setKeyboardTracking(False)
        self.fan = QComboBox()
        self.fan.addItems(["fan_in", "fan_out"])
        self.bias = QCheckBox(self.tr("bias"))
        self.residual = QCheckBox(self.tr("residual h + f(W h)"))
        self.layernorm = QCheckBox(self.tr("LayerNorm before f"))
        self.log_scale = QCheckBox(self.tr("log axis for mean and std"))
        grid = QGridLayout()  # two rows of fields and two of options: fits a narrow window
        fields = (
            (self.tr("layers"), self.spins["layers"]),
            (self.tr("width"), self.spins["width"]),
            (self.tr("batch"), self.spins["batch"]),
            (self.tr("seed"), self.spins["seed"]),
            (self.tr("init"), self.init),
            (self.tr("std"), self.std),
            (self.tr("fan"), self.fan),
        )
        for i, (label, widget) in enumerate(fields):
            row, col = divmod(i, 4 if i < 4 else 3)
            row = 0 if i < 4 else 1
            grid.addWidget(QLabel(label), row, 2 * col)
            grid.addWidget(widget, row, 2 * col + 1)
        for i, box in enumerate((self.bias, self.residual, self.layernorm, self.log_scale)):
            row, col = divmod(i, 2)
            grid.addWidget(box, 2 + row, 4 * col, 1, 4)
        self.note = QLabel(
            self.tr(
                "Each change runs one seeded forward pass of a batch x ~ N(0, 1) and one backward pass of "
                "mean(output²), with PyTorch's own nn.Linear and torch.nn.init."
            )
        )
        self.note.setWordWrap(True)
        self.diagnosis = QLabel()
        self.diagnosis.setStyleSheet("QLabel { font-size: 11pt; font-weight: bold; }")
        # Wrapped, so that a longer diagnosis never widens the view: unwrapped, its text width was
        # the view's minimum width, and a new result with a longer line re-laid out the whole window
        # (the docks, every panel) in the frame that showed it, ~15 ms more of the GUI thread.
        self.diagnosis.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.plots = StackPlots(self.graphics.ci, translated=True)
        # A 200-layer result took 21-34 ms of the GUI thread in one paint; prepared in slices, the
        # paint only draws. The diagnosis changes with the plots, so it waits for them too.
        self.staged = StagedFrame([self.graphics, self.diagnosis], self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.diagnosis)
        layout.addWidget(self.graphics, 1)
        for name, spin in self.spins.items():
            spin.valueChanged.connect(lambda v, n=name: self.edit_settings(**{n: int(v)}))
        self.std.valueChanged.connect(lambda v: self.edit_settings(std=float(v)))
        self.init.currentIndexChanged.connect(lambda _i: self.edit_settings(init=self.init.currentData()))
        self.fan.currentTextChanged.connect(lambda text: self.edit_settings(fan=text))
        for name in ("bias", "residual", "layernorm", "log_scale"):
            getattr(self, name).toggled.connect(lambda on, n=name: self.edit_settings(**{n: bool(on)}))
        self.show_settings()

    @staticmethod
    def _spin(low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setKeyboardTracking(False)
        return spin

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("StackView", "Deep stack")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return spec.layout == "elementwise"

    def show_settings(self) -> None:
        s = self.settings
        widgets: list[QWidget] = [*self.spins.values(), self.std, self.init, self.fan]
        widgets += [self.bias, self.residual, self.layernorm, self.log_scale]
        blockers = [QSignalBlocker(w) for w in widgets]
        for name, spin in self.spins.items():
            spin.setValue(getattr(s, name))
        self.std.setValue(s.std)
        self.init.setCurrentIndex(self.init.findData(s.init))
        self.fan.setCurrentText(s.fan)
        for name in ("bias", "residual", "layernorm", "log_scale"):
            getattr(self, name).setChecked(getattr(s, name))
        del blockers
        self.std.setEnabled(s.init == "normal")
        self.fan.setEnabled(s.init.startswith("kaiming"))

    def build_request(self, state: ExplorerState) -> StackRequest:
        return self.settings.request(state.activation, state.current_params(), state.device, state.dtype)

    def learn_input_code(self, state: ExplorerState) -> str:
        return f"torch.randn({self.settings.batch}, {self.settings.width})"

    def learn_program(self, state: ExplorerState) -> str | None:
        return stack_code(self.build_request(state))

    def show_result(self, result: StackResult) -> None:
        self.last_result = result
        self._show(result)

    def _show(self, result: StackResult) -> None:
        """Set the new data at once (what a reader of the view sees), paint it when it is prepared."""
        self.staged.hold()
        self.plots.draw(result, self.settings.log_scale)
        self.diagnosis.setText(self._diagnosis(result))
        self.staged.start(self.plots.steps())

    def _diagnosis(self, result: StackResult) -> str:
        """The core's diagnosis, in the interface language."""
        key, values = diagnosis_parts(result, result.request.layers)
        texts = {
            "underflow": self.tr(
                "layer 1's weight gradient underflows to 0 while layer %(layers)s's is %(last)s: vanishing gradients"
            ),
            "vanishing": self.tr(
                "layer 1 receives %(ratio)s of layer %(layers)s's weight gradient: vanishing gradients"
            ),
            "exploding": self.tr(
                "layer 1 receives %(ratio)s times layer %(layers)s's weight gradient: exploding gradients"
            ),
            "overflow": self.tr("gradients overflow to inf or nan: exploding"),
            "dead": self.tr(
                "%(share)s of layer %(worst)s's units are dead (zero gradient for the whole batch)"
            ),
            "dies": self.tr("activations shrink to %(ratio)s of layer 1's spread: the signal dies out"),
            "healthy": self.tr("signals and gradients keep their scale through the stack"),
        }
        return fill_in(texts.get(key, DIAGNOSES[key]), values)

    def finish_showing(self) -> None:
        self.staged.finish()

    def status_text(self, result: StackResult) -> str:
        r = result.request
        return self.tr("%s layers × %s · gain %s · %s ms") % (
            r.layers,
            r.width,
            f"{result.gain:.3g}",
            f"{result.elapsed_s * 1e3:.1f}",
        )

    @classmethod
    def figure(cls, result: StackResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        r = result.request
        options = ", ".join(
            o for o, on in (("bias", r.bias), ("residual", r.residual), ("LayerNorm", r.layernorm)) if on
        )
        canvas = FigureCanvas(
            f"{r.spec.signature(r.params)} in {r.layers} x nn.Linear({r.width}, {r.width})",
            f"init {r.init} (gain {result.gain:.3g}) · {options or 'no bias'} · batch {r.batch} · seed {r.seed} · "
            f"{r.dtype} · gradients of mean(output²)",
            transparent=transparent,
            scale=scale,
        )
        StackPlots(canvas.body, scale).draw(result, True)
        canvas.body.addLabel(
            result.diagnosis, row=4, col=0, colspan=2, size="11pt", bold=True, color=palette().ink
        )
        return canvas
