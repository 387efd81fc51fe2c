"""The curve view: f(x) and f'(x) (and f'' on request) of any activation over an x range.

Sampling follows the core's policy (:mod:`actviewer.core.sampling`): the
visible range at screen resolution, or the user's fixed grid with a per-pixel
envelope. The softmax family's curve is one class's output as its logit x
varies against K - 1 fixed others (the ``one_class`` layout), so the tensor's
``dim`` means nothing here and its control is disabled; Softmax2d is still
drawn over the whole sampled vector, its C channels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core import sampling
from ...core.catalog import ActivationSpec
from ...core.decimate import peak_envelope
from ...core.request import ComputeRequest
from ...core.results import DERIVATIVE_METHODS, ComputeResult
from ...core.snippets import Snippet, curve_formula, curve_snippet, grid_code
from ...core.state import ExplorerState
from ..figures.render import FigureCanvas
from ..figures.style import (
    DERIVATIVE_COLOUR,
    OUTPUT_COLOUR,
    anchor_zero,
    curve_pen,
    format_points,
    format_range,
    frame_flat,
    set_title,
    style_plot,
    undefined_line,
    with_note,
)
from ._curve_plots import PlotPanels
from .base import View

FIGURE_BINS = 2000
"""Points per curve in an export figure: a peak envelope keeps every extreme."""


def call_text(request: ComputeRequest) -> str:
    """How torch computes a vector activation over the sampled x: ``F.softmin(x / 2, dim=0)``."""
    spec, params = request.spec, request.params
    name = (spec.functional or spec.module or spec.id).rpartition(".")[2]
    temperature = float(params.get("temperature", 1.0))
    x = "x" if temperature == 1.0 else f"x / {temperature:g}"
    return f"F.{name}({x}, dim={params.get('dim', 0)})"


class CurveView(View[ComputeRequest, ComputeResult]):
    id = "curve"
    request_type = ComputeRequest
    result_type = ComputeResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plots = PlotPanels()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plots)
        self.second_action = QAction(self.tr("Show &Second Derivative"), self)
        self.second_action.setCheckable(True)
        self.second_action.setShortcut(QKeySequence("Ctrl+2"))
        self.second_action.toggled.connect(self.plots.set_second_derivative_visible)
        self.second_action.toggled.connect(lambda _on: self.request_changed.emit())
        self.lock_action = QAction(self.tr("&Lock Axes"), self)
        self.lock_action.setCheckable(True)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(self.tr("Keep the y axes where they are while parameters change"))
        self.lock_action.toggled.connect(self.plots.set_locked)
        self.lock_action.toggled.connect(lambda _on: self.request_changed.emit())  # saved with the view
        self._home: tuple[float, float] | None = None
        self._adaptive = True
        self.plots.x_range_changed.connect(self._viewport_changed)

    def _viewport_changed(self, *_: float) -> None:
        if self._adaptive:  # zoom, pan and resize change what adaptive sampling computes
            self.request_changed.emit()

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("CurveView", "Curve f, f′")

    @classmethod
    def unused_params(cls, spec: ActivationSpec) -> frozenset[str]:
        return frozenset(p.name for p in spec.params if p.scope == "tensor")

    def actions(self) -> list[QAction]:
        return [self.second_action, self.lock_action]

    # --- request ---------------------------------------------------------------

    def set_state(self, state: ExplorerState) -> None:
        self._adaptive = state.adaptive
        home = (state.x_min, state.x_max)
        if home != self._home:
            self._home = home
            with QSignalBlocker(self.plots):  # the host asks for the request next; no echo
                self.plots.set_x_range(*home)

    def build_request(self, state: ExplorerState) -> ComputeRequest:
        pixels = self.plots.pixel_width()
        if state.adaptive:
            return sampling.adaptive_request(state.request(), self.plots.visible_x_range(), pixels)
        return sampling.fixed_request(state.request(), pixels, self.second_action.isChecked())

    def learn_input_code(self, state: ExplorerState) -> str:
        return grid_code(state.request())

    def learn_snippet(self, state: ExplorerState) -> Snippet:
        return curve_snippet(state.spec, state.current_params())

    # --- result ----------------------------------------------------------------

    def show_result(self, result: ComputeResult) -> None:
        self.last_result = result
        request = result.request
        formula = curve_formula(request.spec, request.params)
        if formula is not None:
            title = self.tr("Output f(x) = %s") % formula
        elif request.spec.vector:
            title = self.tr("Output: %s over the whole sampled vector x") % call_text(request)
        else:
            title = self.tr("Output f(x)")
        self.plots.set_output_title(title)
        self.plots.show_result(result)

    def status_text(self, result: ComputeResult) -> str:
        return (
            self.tr("%(n)s samples · %(ms)s ms · dy: %(method)s")
            .replace("%(n)s", f"{result.request.samples:,}")
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.1f}")
            .replace("%(method)s", self._method_text(result.derivative_method))
        )

    def _method_text(self, code: str) -> str:
        return {
            "autograd": self.tr("autograd"),
            "jacobian_autograd": self.tr("autograd (Jacobian diagonal, forward mode)"),
            "jacobian_closed_form": self.tr("closed form of the Jacobian diagonal (large N)"),
            "none": self.tr("no autograd derivative (0 except at the jump)"),
        }.get(code, DERIVATIVE_METHODS.get(code, code))

    def reset_view(self) -> None:
        self.plots.reset_view(self._home)

    def hold_ranges(self, hold: bool) -> None:
        self.plots.hold_y(hold)

    # --- figure ----------------------------------------------------------------

    def screen_ranges(self) -> list[tuple[list[float], list[float]]] | None:
        plots = (self.plots.output_plot, self.plots.derivative_plot)
        return [(list(p.vb.viewRange()[0]), list(p.vb.viewRange()[1])) for p in plots]

    @classmethod
    def figure(cls, result: ComputeResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        r = result.request
        subtitle = (
            f"x ∈ {format_range(r.x_min, r.x_max)} · {r.samples:,} samples · {r.dtype} on {result.device}"
            " · PyTorch autograd"
        )
        title = r.spec.signature(r.params, omit=cls.unused_params(r.spec))
        canvas = FigureCanvas(title, subtitle, transparent=transparent, scale=scale)
        output = canvas.body.addPlot(row=0, col=0)
        derivative = canvas.body.addPlot(row=1, col=0)
        formula = curve_formula(r.spec, r.params)
        style_plot(output, "Output f(x)" if formula is None else f"Output f(x) = {formula}", "f(x)")
        style_plot(derivative, "Derivative f′(x)", "f′(x)")
        derivative.setXLink(output)
        anchor_zero(derivative)
        for panel, y, colour in (
            (output, result.y, OUTPUT_COLOUR),
            (derivative, result.dy, DERIVATIVE_COLOUR),
        ):
            panel.setMenuEnabled(False)
            panel.hideButtons()
            xs, ys = peak_envelope(result.x, y, FIGURE_BINS)
            panel.plot(xs, ys, pen=curve_pen(colour, 2.0 * scale), antialias=True)
            frame_flat(panel, ys)
        for at in result.undefined_at:
            derivative.addItem(undefined_line(at, 0.75 * scale), ignoreBounds=True)
        if result.undefined_at:
            note = f"undefined at x = {format_points(result.undefined_at)} (impulse)"
            set_title(derivative, with_note("Derivative f′(x)", note))
        return canvas

    # --- settings --------------------------------------------------------------

    def save_state(self) -> dict[str, Any]:
        return {
            "second_derivative": self.second_action.isChecked(),
            "lock_axes": self.lock_action.isChecked(),
        }

    def restore_state(self, data: object) -> list[str]:
        problems = []
        for key, action in (("second_derivative", self.second_action), ("lock_axes", self.lock_action)):
            value = data.get(key, False) if isinstance(data, dict) else False
            if not isinstance(value, bool):
                problems.append(f"{key} reset to its default: expected true or false, got {value!r}")
                value = False
            action.setChecked(value)
        return problems
