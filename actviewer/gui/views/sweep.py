"""The Sweep view: the family f(x; p) for p across a range, coloured by p, and Play.

One numeric parameter goes from *from* to *to* in *steps* values (by default
its slider range in 9 steps); the other parameters keep the values set in
the sidebar. Play walks through the values, drawing the current one bold on
the faded family: the same frames an animated GIF export holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSignalBlocker, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import catalog
from ...core.catalog import ActivationSpec
from ...core.compare import (
    DEFAULT_SWEEP_STEPS,
    MAX_SWEEP_STEPS,
    MIN_SWEEP_STEPS,
    CurveSpec,
    SweepRequest,
    SweepResult,
    default_sweep_range,
    sweepable,
)
from ...core.snippets import grid_code
from ...core.state import ExplorerState
from ..figures.render import FigureCanvas
from ..figures.style import SEQUENTIAL, curve_pen, frame_flat, palette, set_title, style_plot
from ._shared_x import SharedX
from .base import View
from .curve import CurveView

PLAY_INTERVAL_MS = 500
FADED_ALPHA = 70


@dataclass(frozen=True)
class SweepSettings:
    param: str = ""
    start: float = 0.0
    stop: float = 1.0
    steps: int = DEFAULT_SWEEP_STEPS


def value_text(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, (int, float)) else str(value)


class SweepPlots:
    """f and f′ of every swept value in a sequential colour map, with a colour bar of p."""

    def __init__(self, layout: pg.GraphicsLayout, titles: tuple[str, str], scale: float = 1.0) -> None:
        self.panels = [layout.addPlot(row=i, col=0) for i in range(2)]
        for panel, title, label in zip(self.panels, titles, ("f(x)", "f′(x)")):
            style_plot(panel, title, label)
        self.panels[1].setXLink(self.panels[0])
        self.scale = scale
        self.colour_map = pg.colormap.get(SEQUENTIAL)
        self.bar = pg.ColorBarItem(colorMap=self.colour_map, interactive=False, width=14 * scale)
        layout.addItem(self.bar, row=0, col=1, rowspan=2)
        self.items: list[list[pg.PlotDataItem]] = [[], []]
        self.titles = titles

    def _item(self, panel: int, index: int) -> pg.PlotDataItem:
        pool = self.items[panel]
        while len(pool) <= index:
            item = self.panels[panel].plot()
            item.setClipToView(True)
            pool.append(item)
        return pool[index]

    def colours(self, count: int) -> list[Any]:
        return [self.colour_map.map(t, mode="qcolor") for t in np.linspace(0.0, 1.0, max(count, 2))[:count]]

    def show(self, result: SweepResult, highlight: int | None = None) -> None:
        """Every curve; with ``highlight``, that one bold and on top and the others faded."""
        colours = self.colours(len(result.values))
        for i, colour in enumerate(colours):
            if highlight is not None and i != highlight:
                colour = pg.mkColor(colour)
                colour.setAlpha(FADED_ALPHA)
            width = (3.2 if i == highlight else 1.8) * self.scale
            for panel, values in ((0, result.ys[i]), (1, result.dys[i])):
                item = self._item(panel, i)
                item.setPen(curve_pen(colour, width))
                item.setZValue(10 if i == highlight else 0)
                item.setData(result.x, np.where(np.isfinite(values), values, np.nan), connect="finite")
                item.setVisible(True)
        for pool in self.items:
            for item in pool[len(colours) :]:
                item.setVisible(False)
        low, high = float(result.values[0]), float(result.values[-1])
        self.bar.setLevels((min(low, high), max(low, high)) if low != high else (low - 0.5, high + 0.5))
        self.bar.axis.setLabel(result.request.param)
        for panel, family in zip(self.panels, (result.ys, result.dys)):
            frame_flat(panel, np.concatenate(family))
        if highlight is not None:
            note = f"{result.request.param} = {value_text(result.values[highlight])}"
            set_title(self.panels[0], f"{self.titles[0]} · {note}")
        else:
            set_title(self.panels[0], self.titles[0])


class SweepView(View[SweepRequest, SweepResult]):
    id = "sweep"
    request_type = SweepRequest
    result_type = SweepResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = SweepSettings()
        self._activation = ""
        self.frame: int | None = None
        self.param_box = QComboBox()
        self.param_box.setAccessibleName(self.tr("Swept parameter"))
        self.start_box, self.stop_box = self._number(), self._number()
        self.steps_box = QSpinBox()
        self.steps_box.setRange(MIN_SWEEP_STEPS, MAX_SWEEP_STEPS)
        self.steps_box.setKeyboardTracking(False)
        self.play_action = QAction(self.tr("&Play Sweep"), self)
        self.play_action.setCheckable(True)
        self.play_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.play_action.setToolTip(self.tr("Step through the swept values, one bold curve at a time"))
        self.play_action.toggled.connect(self._play)
        self.play_button = QPushButton(self.tr("▶ Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self.play_action.setChecked)
        self.play_action.toggled.connect(self.play_button.setChecked)
        self.play_action.toggled.connect(
            lambda playing: self.play_button.setText(self.tr("⏸ Pause") if playing else self.tr("▶ Play"))
        )
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._next_frame)
        row = QHBoxLayout()
        for label, widget in (
            (self.tr("Sweep"), self.param_box),
            (self.tr("from"), self.start_box),
            (self.tr("to"), self.stop_box),
            (self.tr("steps"), self.steps_box),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.play_button)
        row.addStretch(1)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.graphics.setMinimumHeight(320)
        self.plots = SweepPlots(self.graphics.ci, (self.tr("Output f(x; p)"), self.tr("Derivative f′(x; p)")))
        self.shared_x = SharedX(self.plots.panels, self.request_changed.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.graphics, 1)
        self.param_box.currentIndexChanged.connect(self._param_changed)
        self.start_box.valueChanged.connect(lambda v: self._edit(start=float(v)))
        self.stop_box.valueChanged.connect(lambda v: self._edit(stop=float(v)))
        self.steps_box.valueChanged.connect(lambda v: self._edit(steps=int(v)))

    @staticmethod
    def _number() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-1e6, 1e6)
        spin.setDecimals(3)
        spin.setSingleStep(0.1)
        spin.setKeyboardTracking(False)
        return spin

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SweepView", "Sweep")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return bool(sweepable(spec))

    @classmethod
    def unused_params(cls, spec: ActivationSpec) -> frozenset[str]:
        return CurveView.unused_params(spec)

    def actions(self) -> list[QAction]:
        return [self.play_action]

    # --- settings of the sweep -----------------------------------------------------

    def _edit(self, **changes: Any) -> None:
        self.settings = SweepSettings(**{**vars(self.settings), **changes})
        self.request_changed.emit()

    def _param_changed(self, _index: int) -> None:
        name = self.param_box.currentData()
        if not isinstance(name, str) or name == self.settings.param or not self._activation:
            return
        start, stop = default_sweep_range(catalog.get(self._activation), name)
        self.settings = SweepSettings(name, start, stop, self.settings.steps)
        self._show_settings()
        self.request_changed.emit()

    def _show_settings(self) -> None:
        with QSignalBlocker(self.start_box), QSignalBlocker(self.stop_box), QSignalBlocker(self.steps_box):
            self.start_box.setValue(self.settings.start)
            self.stop_box.setValue(self.settings.stop)
            self.steps_box.setValue(self.settings.steps)
        with QSignalBlocker(self.param_box):
            self.param_box.setCurrentIndex(max(self.param_box.findData(self.settings.param), 0))

    def _play(self, on: bool) -> None:
        if on:
            self.frame = -1
            self.timer.start()
            self._next_frame()
        else:
            self.timer.stop()
            self.frame = None
            if isinstance(self.last_result, SweepResult):
                self.plots.show(self.last_result)

    def _next_frame(self) -> None:
        result = self.last_result
        if not isinstance(result, SweepResult):
            return
        self.frame = ((self.frame if self.frame is not None else -1) + 1) % len(result.values)
        self.plots.show(result, self.frame)

    # --- request ---------------------------------------------------------------------

    def set_state(self, state: ExplorerState) -> None:
        spec = state.spec
        if spec.id != self._activation:
            self._activation = spec.id
            names = sweepable(spec)
            with QSignalBlocker(self.param_box):
                self.param_box.clear()
                for name in names:
                    self.param_box.addItem(name, name)
            if names and self.settings.param not in names:
                start, stop = default_sweep_range(spec, names[0])
                self.settings = SweepSettings(names[0], start, stop, self.settings.steps)
            self._show_settings()
        self.shared_x.follow(state)

    def build_request(self, state: ExplorerState) -> SweepRequest:
        s = self.settings
        params = state.current_params()
        grid = self.shared_x.grid(state, (CurveSpec(state.activation, params),))
        return SweepRequest(
            activation=state.activation,
            param=s.param,
            start=s.start,
            stop=s.stop,
            steps=s.steps,
            params=params,
            grid=grid,
            device=state.device,
            dtype=state.dtype,
        )

    def learn_input_code(self, state: ExplorerState) -> str:
        return grid_code(state.request())

    # --- result ------------------------------------------------------------------------

    def show_result(self, result: SweepResult) -> None:
        self.last_result = result
        if self.frame is not None:
            self.frame = min(self.frame, len(result.values) - 1)
        self.plots.show(result, self.frame)

    def status_text(self, result: SweepResult) -> str:
        return (
            self.tr("%(n)d curves · %(param)s from %(a)s to %(b)s · %(ms)s ms")
            .replace("%(n)d", str(len(result.values)))
            .replace("%(param)s", result.request.param)
            .replace("%(a)s", value_text(result.values[0]))
            .replace("%(b)s", value_text(result.values[-1]))
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.1f}")
        )

    def reset_view(self) -> None:
        self.shared_x.reset()

    # --- figure --------------------------------------------------------------------------

    @classmethod
    def figure(
        cls, result: SweepResult, *, transparent: bool = False, scale: float = 1.0, frame: int | None = None
    ) -> FigureCanvas:
        """The family; with ``frame`` (an animation's k-th frame) that value bold on the faded family."""
        r = result.request
        spec = r.spec
        others = {k: v for k, v in r.params.items() if k != r.param}
        fixed = ", ".join(f"{k}={catalog.format_value(v)}" for k, v in others.items())
        subtitle = (
            f"{r.param} from {value_text(result.values[0])} to {value_text(result.values[-1])}"
            f" in {len(result.values)} steps{' · ' + fixed if fixed else ''}"
            f" · x ∈ [{r.grid.x_min:g}, {r.grid.x_max:g}] · {r.dtype} · PyTorch autograd"
        )
        canvas = FigureCanvas(
            f"{spec.call_name()}: sweep of {r.param}", subtitle, transparent=transparent, scale=scale
        )
        plots = SweepPlots(canvas.body, ("Output f(x; p)", "Derivative f′(x; p)"), scale)
        for panel in plots.panels:
            panel.setMenuEnabled(False)
            panel.hideButtons()
        plots.show(result, frame)
        return canvas

    # --- settings ----------------------------------------------------------------------

    def save_state(self) -> dict[str, Any]:
        return {"steps": self.settings.steps}

    def restore_state(self, data: object) -> list[str]:
        steps = data.get("steps", DEFAULT_SWEEP_STEPS) if isinstance(data, dict) else DEFAULT_SWEEP_STEPS
        if (
            isinstance(steps, bool)
            or not isinstance(steps, int)
            or not MIN_SWEEP_STEPS <= steps <= MAX_SWEEP_STEPS
        ):
            return [
                f"steps reset to {DEFAULT_SWEEP_STEPS}: expected {MIN_SWEEP_STEPS}..{MAX_SWEEP_STEPS}, got {steps!r}"
            ]
        self.settings = SweepSettings(steps=steps)
        return []
