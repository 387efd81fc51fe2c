"""The Precision view: the current activation in float32, float16 and bfloat16 against float64.

Each dtype is evaluated on the chosen device at x rounded to that dtype and
compared with float64 on the CPU at the same x, so the plotted error is the
kernel's, in ULPs of the dtype (or relative). Where a dtype loses the value
altogether (overflow to inf/NaN, underflow to 0) the x range is shaded and
named in the panel's title.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.catalog import ActivationSpec
from ...core.compare import CurveSpec, PrecisionRequest, PrecisionResult, Region
from ...core.snippets import grid_code
from ...core.state import ExplorerState
from ..figures.legend import keep_clear
from ..figures.log_axis import decade_axes
from ..figures.render import FigureCanvas
from ..figures.style import curve_pen, legend_brush, palette, set_title, style_plot, with_note
from ._shared_x import SharedX
from .base import View
from .curve import CurveView

DTYPE_COLOURS = {"float32": "#1f77b4", "float16": "#d62728", "bfloat16": "#2ca02c"}
FLOORS = {"ulp": 1e-2, "relative": 1e-12}
"""Exact results (error 0) are drawn at this floor of the log axis, not left out."""
ERROR_KINDS = ("ulp", "relative")


def _floored(values: np.ndarray, floor: float) -> np.ndarray:
    magnitude = np.abs(values)
    return np.where(np.isfinite(magnitude), np.maximum(magnitude, floor), np.nan)


@dataclass(frozen=True)
class Words:
    """The plots' words: English in figures, the interface language on screen."""

    overflows: str = "%(dtype)s overflows on [%(a)s, %(b)s]"
    underflows: str = "%(dtype)s underflows on [%(a)s, %(b)s]"
    more: str = "+%d more"
    shaded: str = "shaded: lost to overflow or underflow"
    error: str = "|error| (%s)"
    ulps: str = "ULPs"
    relative: str = "relative"
    largest: str = "max %s"
    left_out: str = "%s of x not counted"
    not_computed: str = "not computed"


def _share(fraction: float) -> str:
    return f"{fraction:.0%}" if fraction >= 0.01 else f"{fraction:.1%}"


def region_text(regions: tuple[Region, ...], what: str, words: Words = Words()) -> str:
    """``float16 underflows on [-6, -5.55]; ...`` for the regions of f (or f′)."""
    parts = [
        (words.overflows if r.kind == "overflow" else words.underflows)
        .replace("%(dtype)s", r.dtype)
        .replace("%(a)s", f"{r.x0:.3g}")
        .replace("%(b)s", f"{r.x1:.3g}")
        for r in regions
        if r.what in (what, "x")
    ]
    if len(parts) > 3:
        parts = [*parts[:3], words.more % (len(parts) - 3)]
    return "; ".join(parts)


class PrecisionPlots:
    """|error| of f and of f′ per dtype on log axes, with the lost regions shaded."""

    def __init__(
        self, layout: pg.GraphicsLayout, titles: tuple[str, str], scale: float = 1.0, words: Words = Words()
    ) -> None:
        self.words = words
        self.panels = [layout.addPlot(row=i, col=0, axisItems=decade_axes()) for i in range(2)]
        for panel, title in zip(self.panels, titles):
            style_plot(panel, title, "|error|", grid=True)
            panel.setLogMode(y=True)
        self.panels[1].setXLink(self.panels[0])
        self.titles = titles
        self.scale = scale
        size = "9pt" if scale == 1.0 else "14pt"
        self.legend = self.panels[0].addLegend(
            offset=(8, 8), labelTextColor=palette().ink, labelTextSize=size
        )
        self.legend.setBrush(legend_brush())
        self.place_legend = keep_clear(self.panels[0], self.legend)
        self.items = [
            {
                dtype: panel.plot(pen=curve_pen(colour, 1.6 * scale), name=dtype if i == 0 else None)
                for dtype, colour in DTYPE_COLOURS.items()
            }
            for i, panel in enumerate(self.panels)
        ]
        self.shades_by_panel: list[list[pg.LinearRegionItem]] = [[] for _ in self.panels]

    def show(self, result: PrecisionResult, kind: str) -> None:
        floor = FLOORS[kind]
        words = self.words
        unit = words.ulps if kind == "ulp" else words.relative
        for panel_index, (panel, what) in enumerate(zip(self.panels, ("y", "dy"))):
            panel.setLabel("left", words.error % unit)
            for error in result.dtypes:
                values = getattr(error, f"{'ulp' if kind == 'ulp' else 'rel'}_{what}")
                self.items[panel_index][error.dtype].setData(
                    result.x, _floored(values, floor), connect="finite"
                )
        for panel, shades in zip(self.panels, self.shades_by_panel):
            for shade in shades:
                panel.removeItem(shade)
            shades.clear()
        for panel, what in zip(self.panels, ("f", "f′")):
            for region in result.regions:
                if region.what not in (what, "x"):
                    continue
                colour = pg.mkColor(DTYPE_COLOURS[region.dtype])
                colour.setAlpha(45)
                shade = pg.LinearRegionItem(
                    (region.x0, region.x1), movable=False, brush=pg.mkBrush(colour), pen=pg.mkPen(None)
                )
                panel.addItem(shade, ignoreBounds=True)
                self.shades_by_panel[self.panels.index(panel)].append(shade)
        self.legend.clear()
        for error in result.dtypes:
            worst = error.worst("ulp_y" if kind == "ulp" else "rel_y")
            amount = f"{worst:.3g}" + (f" {words.ulps}" if kind == "ulp" else "")
            text = words.not_computed if error.failure else words.largest % amount
            share = error.left_out("ulp_y") if kind == "ulp" and not error.failure else 0.0
            if share > 0:  # below the smallest normal a ULP is the subnormal gap: not counted
                text += ", " + words.left_out % _share(share)
            self.legend.addItem(self.items[0][error.dtype], f"{error.dtype} ({text})")
        for panel, title, what in zip(self.panels, self.titles, ("f", "f′")):
            lost = any(r.what in (what, "x") for r in result.regions)
            set_title(panel, with_note(title, words.shaded if lost else ""))
        self.place_legend()


def notes(result: PrecisionResult, words: Words = Words()) -> str:
    """Where each dtype loses f or f′, and any dtype torch could not compute, in words."""
    lines = [
        f"{label}: {text}"
        for label, what in (("f", "f"), ("f′", "f′"))
        if (text := region_text(result.regions, what, words))
    ]
    lines += [f"{e.dtype}: {e.failure}" for e in result.dtypes if e.failure]
    return "\n".join(lines)


class PrecisionView(View[PrecisionRequest, PrecisionResult]):
    id = "precision"
    request_type = PrecisionRequest
    result_type = PrecisionResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "ulp"
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("ULPs of each dtype"), "ulp")
        self.kind_box.addItem(self.tr("relative: |y − y₆₄| / |y₆₄|"), "relative")
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Largest errors"))
        self.summary.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setAccessibleName(self.tr("Where values are lost"))
        self.notes.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Error in")))
        row.addWidget(self.kind_box)
        row.addWidget(self.summary, 1)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.graphics.setMinimumHeight(320)
        self.words = Words(
            overflows=self.tr("%(dtype)s overflows on [%(a)s, %(b)s]"),
            underflows=self.tr("%(dtype)s underflows on [%(a)s, %(b)s]"),
            more=self.tr("+%d more"),
            shaded=self.tr("shaded: lost to overflow or underflow"),
            error=self.tr("|error| (%s)"),
            ulps=self.tr("ULPs"),
            relative=self.tr("relative"),
            largest=self.tr("max %s"),
            left_out=self.tr("%s of x not counted"),
            not_computed=self.tr("not computed"),
        )
        self.plots = PrecisionPlots(
            self.graphics.ci,
            (self.tr("Error of f against float64"), self.tr("Error of f′ against float64")),
            words=self.words,
        )
        self.shared_x = SharedX(self.plots.panels, self.request_changed.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.notes)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("PrecisionView", "Precision")

    @classmethod
    def unused_params(cls, spec: ActivationSpec) -> frozenset[str]:
        return CurveView.unused_params(spec)  # the same 1-D curves: a tensor's dim means nothing here

    def _kind_changed(self, _index: int) -> None:
        self.kind = str(self.kind_box.currentData())
        if isinstance(self.last_result, PrecisionResult):
            self.show_result(self.last_result)  # the errors of both kinds are in the result

    # --- request -----------------------------------------------------------------------

    def set_state(self, state: ExplorerState) -> None:
        self.shared_x.follow(state)

    def build_request(self, state: ExplorerState) -> PrecisionRequest:
        params = state.current_params()
        grid = self.shared_x.grid(state, (CurveSpec(state.activation, params),))
        return PrecisionRequest(state.activation, params, grid, device=state.device)

    def learn_input_code(self, state: ExplorerState) -> str:
        return grid_code(state.request())

    # --- result ----------------------------------------------------------------------------

    def show_result(self, result: PrecisionResult) -> None:
        self.last_result = result
        self.plots.show(result, self.kind)
        parts = []
        for error in result.dtypes:
            value = error.worst("ulp_y" if self.kind == "ulp" else "rel_y")
            text = f"{value:.3g} {self.words.ulps}" if self.kind == "ulp" else f"{value:.2e}"
            share = error.left_out("ulp_y") if self.kind == "ulp" else 0.0
            if share > 0:
                text += " (" + self.words.left_out % _share(share) + ")"
            parts.append(f"{error.dtype}: {text if np.isfinite(value) else '–'}")
        self.summary.setText(
            self.tr(
                "largest error of f: %s (ULPs where f is a normal number of the dtype; exact results are"
                " drawn at the axis floor)"
            )
            % " · ".join(parts)
        )
        self.notes.setText(notes(result, self.words))
        self.notes.setVisible(bool(self.notes.text()))

    def status_text(self, result: PrecisionResult) -> str:
        return (
            self.tr(
                "%(n)s samples · float32, float16, bfloat16 on %(device)s against float64 on the CPU · %(ms)s ms"
            )
            .replace("%(n)s", f"{len(result.x):,}")
            .replace("%(device)s", result.device)
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.1f}")
        )

    def reset_view(self) -> None:
        self.shared_x.reset()

    # --- figure ----------------------------------------------------------------------------

    @classmethod
    def figure(
        cls, result: PrecisionResult, *, transparent: bool = False, scale: float = 1.0
    ) -> FigureCanvas:
        r = result.request
        subtitle = (
            f"x ∈ [{r.grid.x_min:g}, {r.grid.x_max:g}] · {len(result.x):,} samples · each dtype on"
            f" {result.device} against float64 on cpu at the same rounded x"
        )
        canvas = FigureCanvas(
            f"{r.spec.signature(r.params)}: error against float64",
            subtitle,
            transparent=transparent,
            scale=scale,
        )
        plots = PrecisionPlots(
            canvas.body, ("Error of f against float64", "Error of f′ against float64"), scale
        )
        for panel in plots.panels:
            panel.setMenuEnabled(False)
            panel.hideButtons()
        plots.show(result, "ulp")
        return canvas

    # --- settings ----------------------------------------------------------------------

    def save_state(self) -> dict[str, Any]:
        return {"error": self.kind}

    def restore_state(self, data: object) -> list[str]:
        kind = data.get("error", "ulp") if isinstance(data, dict) else "ulp"
        if kind not in ERROR_KINDS:
            return [f"error reset to ulp: expected one of {', '.join(ERROR_KINDS)}, got {kind!r}"]
        self.kind = kind
        with QSignalBlocker(self.kind_box):
            self.kind_box.setCurrentIndex(ERROR_KINDS.index(kind))
        return []
