"""The training lab's panels, for the live view and its export figure alike.

Top: the prediction over the input plane with the train points (background
edge) and the test points (ink edge); beside it each hidden unit's activation
over the same plane, one column per layer as in TensorFlow Playground (in a
race: each run's prediction instead). Then the train (solid) and test (dashed)
loss and accuracy (R² for regression) against steps; last, per hidden layer,
the fraction of dead units, the mean |f′| of the pre-activations and the
weight gradient's norm. Stacked rather than side by side: the view is often
narrower than it is tall. Long-lived items, ``setData``
only: a playing network is redrawn twenty times a second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt

from ...core.training import TrainResult, TrainRun
from ..figures.log_axis import decade_axes
from ..figures.style import curve_pen, legend_brush, palette, set_title, style_plot
from ._paint import settle_ranges

CLASS_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""Points of class k; the plane is tinted with the same colours."""
RUN_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
"""A race's runs, in order."""
MAX_UNITS_SHOWN = 8
"""Units per layer in the units panel (Playground shows 8; a wider layer says how many are left out)."""
TILE_GAP = 3
HISTORY_PANELS = ("loss", "metric", "dead_fraction", "mean_slope", "grad_norm")
"""The panels against steps. Not x-linked: a playing view redraws one of them a frame, and a
linked one would move (and be painted again) with each."""
MAX_DRAWN_STEPS = 600
"""Points per curve against steps (about one per pixel of a panel)."""
"""Thumbnail pixels between two units' tiles."""


def _tint(colour: str, amount: float = 0.55) -> tuple[int, int, int]:
    """``colour`` mixed with the background: the plane behind the points stays readable."""
    base, back = pg.mkColor(colour), pg.mkColor(palette().background)
    mix = lambda a, b: round(a * (1 - amount) + b * amount)  # noqa: E731
    return mix(base.red(), back.red()), mix(base.green(), back.green()), mix(base.blue(), back.blue())


def plane_colours(classes: int) -> pg.ColorMap:
    """Two classes: class 0's tint, the background at p = 0.5, class 1's tint (Playground's
    blue-white-orange). More classes: one tint per predicted class."""
    if classes <= 2:
        back = pg.mkColor(palette().background)
        stops = [
            _tint(CLASS_COLOURS[0], 0.35),
            (back.red(), back.green(), back.blue()),
            _tint(CLASS_COLOURS[1], 0.35),
        ]
        return pg.ColorMap([0.0, 0.5, 1.0], stops)
    tints = [_tint(CLASS_COLOURS[k % len(CLASS_COLOURS)], 0.35) for k in range(classes)]
    return pg.ColorMap(np.linspace(0.0, 1.0, classes), tints)


def unit_colours() -> pg.ColorMap:
    """A unit's activation, scaled by its largest |value|: class 0's blue below 0, class 1's orange above."""
    back = pg.mkColor(palette().background)
    return pg.ColorMap(
        [0.0, 0.5, 1.0],
        [_tint(CLASS_COLOURS[0], 0.0), (back.red(), back.green(), back.blue()), _tint(CLASS_COLOURS[1], 0.0)],
    )


def point_colours() -> pg.ColorMap:
    """A regression target's colour: blue below 0, grey at 0, orange above. Not the background at
    0 (the plane's colours): a point near 0 vanished into a dark plane."""
    return pg.ColorMap([0.0, 0.5, 1.0], [CLASS_COLOURS[0], "#9ca3af", CLASS_COLOURS[1]])


def mosaic(tiles: list[list[np.ndarray]], gap: int = TILE_GAP) -> np.ndarray:
    """Columns of square tiles (``tiles[column][row]``) in one image with NaN gaps (drawn as nothing);
    row-major, row 0 at the top."""
    size = max((t.shape[0] for column in tiles for t in column), default=1)
    rows = max((len(column) for column in tiles), default=1)
    out = np.full((rows * (size + gap) - gap, max(len(tiles), 1) * (size + gap) - gap), np.nan)
    for c, column in enumerate(tiles):
        for r, tile in enumerate(column):
            top, left = r * (size + gap), c * (size + gap)
            out[top : top + tile.shape[0], left : left + tile.shape[1]] = tile
    return out


def scaled_units(thumbnails: np.ndarray) -> list[np.ndarray]:
    """Each unit's map divided by its largest |value|, so a unit with small outputs still shows its shape."""
    out = []
    for unit in thumbnails[:MAX_UNITS_SHOWN]:
        finite = np.abs(unit[np.isfinite(unit)])
        top = float(finite.max()) if finite.size else 0.0
        out.append(np.where(np.isfinite(unit), unit / top, np.nan) if top > 0 else np.zeros_like(unit))
    return out


def tile_label(run: TrainRun, most: int = 9) -> str:
    """A run's name on its small tile: cut to ``most`` characters, and marked when it stopped."""
    name = run.label if len(run.label) <= most else run.label[: most - 1] + "…"
    return f"{name} ✕" if run.stopped else name


def drawn_steps(count: int, most: int = MAX_DRAWN_STEPS) -> slice:
    """Every k-th recorded step, so a curve has at most about ``most`` points, and the last one.

    A run records every step; 20,000 points in ten curves cost tens of milliseconds a paint, far
    more than the pixels they fall on can show."""
    stride = max(1, -(-count // most))
    return slice((count - 1) % stride, None, stride)


class TrainPlots:
    """The panels of one training result, in the interface's words when ``translated`` (figures: English)."""

    def __init__(self, layout: pg.GraphicsLayout, scale: float = 1.0, translated: bool = False) -> None:
        # The words are this class's in the catalogue: lupdate files a self.tr("...") here under "TrainPlots".
        self.tr: Callable[[str], str] = (
            (lambda text: QCoreApplication.translate("TrainPlots", text))
            if translated
            else (lambda text: text)
        )
        self.scale = scale
        top = layout.addLayout(row=0, col=0)
        bottom = layout.addLayout(row=1, col=0)
        layout.layout.setRowStretchFactor(0, 5)
        layout.layout.setRowStretchFactor(1, 2)
        self.plane = top.addPlot(row=0, col=0)
        style_plot(self.plane, self.tr("Prediction"), "x₂", "x₁", grid=False)
        self.plane.setAspectLocked(True)
        self.plane_image = pg.ImageItem(axisOrder="row-major")
        self.plane.addItem(self.plane_image)
        # Marks are not scaled with ``scale``: an export scales them with the page already.
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(palette().background, width=1))
        self.test_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(palette().ink, width=1.2))
        self.plane.addItem(self.train_points)
        self.plane.addItem(self.test_points)
        self.units = top.addPlot(row=0, col=1)
        set_title(self.units, self.tr("Units"))
        self.units.invertY(True)
        self.units.setAspectLocked(True)
        self.units.hideAxis("left")
        self.units.hideAxis("bottom")
        self.units.setMouseEnabled(x=False, y=False)
        self.units.hideButtons()
        self.units.setMenuEnabled(False)
        self.units_image = pg.ImageItem(axisOrder="row-major")
        self.units.addItem(self.units_image)
        self.unit_labels: list[pg.TextItem] = []
        right = top.addLayout(row=0, col=2)
        self.loss = right.addPlot(row=1, col=0, axisItems=decade_axes())
        style_plot(self.loss, self.tr("Loss · test dashed"), self.tr("loss"), self.tr("step"))
        self.loss.setLogMode(y=True)
        self.metric = right.addPlot(row=2, col=0)
        style_plot(self.metric, self.tr("Accuracy"), "", self.tr("step"))
        # A race's names above the losses, two a row: inside the small panel, four covered the curves.
        self.legend = pg.LegendItem(
            labelTextColor=palette().ink, labelTextSize=f"{round(8 * scale)}pt", colCount=2, horSpacing=12
        )
        right.addItem(self.legend, row=0, col=0)
        for row, stretch in enumerate((0, 1, 1)):  # the names take their height, the plots the rest
            right.layout.setRowStretchFactor(row, stretch)
        for col, stretch in enumerate((5, 2, 4)):  # the plane about square: it keeps its aspect
            top.layout.setColumnStretchFactor(col, stretch)
        self.stats: dict[str, pg.PlotItem] = {}
        for col, (key, title, log) in enumerate(
            (
                ("dead_fraction", self.tr("Dead units"), False),
                ("mean_slope", self.tr("Mean |f′|"), False),
                ("grad_norm", self.tr("Gradient norm"), True),
            )
        ):
            plot = bottom.addPlot(row=1, col=col, axisItems=decade_axes() if log else None)
            style_plot(plot, title, "", self.tr("step"))
            plot.setLogMode(y=log)
            self.stats[key] = plot
        self.stats["dead_fraction"].setYRange(0, 1, padding=0.05)
        self.stats["dead_fraction"].vb.setMouseEnabled(y=False)
        self.stats["dead_fraction"].titleLabel.setToolTip(
            self.tr("Fraction of each layer's units whose f′ is 0 on every train point")
        )
        self.layer_legend = pg.LegendItem(
            labelTextColor=palette().ink, labelTextSize=f"{round(8 * scale)}pt", colCount=8, horSpacing=12
        )
        # Above the three panels, not in one: every corner of a small panel had a curve in it.
        bottom.addItem(self.layer_legend, row=0, col=0, colspan=3)
        bottom.layout.setRowStretchFactor(0, 0)
        bottom.layout.setRowStretchFactor(1, 1)
        self._layer_count = -1
        self.curves: dict[tuple[str, int, str], pg.PlotDataItem] = {}
        self._colours: dict[tuple[str, int, str], str] = {}
        self.step_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(palette().guide, width=scale))
        self.step_line.setVisible(False)
        self.loss.addItem(self.step_line, ignoreBounds=True)
        self._legend_key: tuple[str, ...] = ()
        self._points_key: Any = None
        self.tiles: list[tuple[int, int]] = []
        """(layer, unit) of each tile of the units panel, by column then row (empty in a race)."""
        self.tile_size = 1

    def _curve(self, plot: str, index: int, kind: str, colour: str, dashed: bool = False) -> pg.PlotDataItem:
        key = (plot, index, kind)
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        if key not in self.curves:
            target = self.loss if plot == "loss" else self.metric if plot == "metric" else self.stats[plot]
            self.curves[key] = target.plot(pen=curve_pen(colour, 2.0 * self.scale, style), connect="finite")
        elif self._colours.get(key) != colour:  # layer 2 of 3 is not the colour of layer 2 of 2
            self.curves[key].setPen(curve_pen(colour, 2.0 * self.scale, style))
        self._colours[key] = colour
        return self.curves[key]

    def show(
        self,
        result: TrainResult,
        frame: int | None = None,
        hover: tuple[int, int] | None = None,
        history: int | None = None,
    ) -> None:
        """Draw ``result``; ``frame``: the k-th kept snapshot on the plane (an animation's frame);
        ``hover``: the (layer, unit) whose activation the plane shows instead of the prediction;
        ``history``: only the ``history``-th panel against steps (a playing view redraws one a
        frame, in turn), None: all of them."""
        main = result.runs[0]
        self._show_plane(result, main, frame, hover)
        if len(result.runs) > 1:
            self._show_race(result)
        else:
            self._show_units(main)
        self._show_history(result, history)
        if frame is not None and len(main.frame_steps):
            self.step_line.setPos(float(main.frame_steps[frame]))
            self.step_line.setVisible(True)
        # Fit the axes now, not in the paint (which would then paint everything a second time).
        panels = self.history_plots()
        settle_ranges(
            [self.plane, self.units, *(panels if history is None else panels[history : history + 1])]
        )

    def history_plots(self) -> list[pg.PlotItem]:
        """The panels against steps, in :data:`HISTORY_PANELS` order."""
        return [self.loss, self.metric, *(self.stats[name] for name in HISTORY_PANELS[2:])]

    def _show_plane(
        self, result: TrainResult, run: TrainRun, frame: int | None, hover: tuple[int, int] | None
    ) -> None:
        data = result.data
        x0, x1, y0, y1 = data.extent
        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        if hover is not None and len(run.thumbnails) > hover[0] and len(run.thumbnails[hover[0]]) > hover[1]:
            unit = scaled_units(run.thumbnails[hover[0]][hover[1] : hover[1] + 1])[0]
            self.plane_image.setColorMap(unit_colours())
            self.plane_image.setImage(unit, levels=(-1.0, 1.0), rect=rect)
            set_title(
                self.plane,
                self.tr("Layer %(l)d, unit %(u)d")
                .replace("%(l)d", str(hover[0] + 1))
                .replace("%(u)d", str(hover[1] + 1)),
            )
        else:
            values = run.frames[frame] if frame is not None and len(run.frames) else run.prediction
            if data.task == "classification":
                self.plane_image.setColorMap(plane_colours(data.classes))
                levels = (0.0, 1.0) if data.classes <= 2 else (0.0, float(data.classes - 1))
            else:
                self.plane_image.setColorMap(unit_colours())
                top = float(np.nanmax(np.abs(data.target))) or 1.0
                levels = (-top, top)
            self.plane_image.setImage(np.asarray(values, dtype=float), levels=levels, rect=rect)
            step = int(run.frame_steps[frame]) if frame is not None and len(run.frame_steps) else run.step
            set_title(self.plane, self.tr("Prediction at step %s").replace("%s", f"{step:,}"))
        r = result.request
        key = (r.dataset, r.points, r.noise, r.train_share, r.data_seed, r.own_task, hash(r.own_points))
        if key != self._points_key:  # the same points while a run plays: drawn once
            self._points_key = key
            for item, keep in ((self.train_points, data.train), (self.test_points, ~data.train)):
                points, target = data.points[keep], data.target[keep]
                item.setData(x=points[:, 0], y=points[:, 1], brush=self._brushes(result, target))
            self.plane.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _brushes(self, result: TrainResult, target: np.ndarray) -> list[Any]:
        if result.data.task == "classification":
            cache = [pg.mkBrush(c) for c in CLASS_COLOURS]
            return [cache[int(k) % len(cache)] for k in target]
        top = float(np.nanmax(np.abs(result.data.target))) or 1.0
        lut = point_colours()
        return [pg.mkBrush(lut.map((float(v) / top + 1) / 2, mode="qcolor")) for v in target]

    def _show_units(self, run: TrainRun) -> None:
        # Row 0 of a map is the smallest x₂; the panel puts row 0 at the top, so each tile is flipped.
        columns = [[unit[::-1] for unit in scaled_units(layer)] for layer in run.thumbnails]
        self.tiles = [(layer, u) for layer, column in enumerate(columns) for u in range(len(column))]
        image = mosaic(columns) if columns else np.full((1, 1), np.nan)
        self.tile_size = run.thumbnails[0].shape[-1] if run.thumbnails else 1
        self.units_image.setColorMap(unit_colours())
        self.units_image.setImage(image, levels=(-1.0, 1.0))
        self.units.setRange(xRange=(0, image.shape[1]), yRange=(0, image.shape[0]), padding=0.02)
        widths = [len(layer) for layer in run.thumbnails]
        left_out = sum(max(w - MAX_UNITS_SHOWN, 0) for w in widths)
        set_title(self.units, self.tr("Units") if columns else self.tr("No hidden layer"))
        about = self.tr("Each hidden unit's activation over the plane, a column per layer")
        if left_out:
            about += self.tr(" · the first %d of each layer").replace("%d", str(MAX_UNITS_SHOWN))
        self.units.titleLabel.setToolTip(about)
        self._labels([])

    def _show_race(self, result: TrainResult) -> None:
        self.tiles = []
        tiles = []
        for run in result.runs:
            values = np.asarray(run.prediction, dtype=float)
            if result.data.task == "classification" and result.data.classes <= 2:
                values = values * 2 - 1
            else:
                top = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 0.0
                values = values / top if top > 0 else values
            tiles.append([values[::-1]])  # row 0 at the top of the mosaic: the largest x2
        gap = max(2, values.shape[0] // 12)
        pairs = [tiles[i : i + 2] for i in range(0, len(tiles), 2)]
        rows = [mosaic(pair, gap) for pair in pairs]
        width = max(r.shape[1] for r in rows)
        rows = [np.pad(r, ((0, 0), (0, width - r.shape[1])), constant_values=np.nan) for r in rows]
        image = np.concatenate([np.vstack([r, np.full((gap, width), np.nan)]) for r in rows])[:-gap]
        self.units_image.setColorMap(unit_colours())
        self.units_image.setImage(image, levels=(-1.0, 1.0))
        self.units.setRange(xRange=(0, image.shape[1]), yRange=(0, image.shape[0]), padding=0.02)
        set_title(self.units, self.tr("Runs"))
        self.units.titleLabel.setToolTip(self.tr("Each run's prediction"))
        size = values.shape[0]
        self._labels(
            [
                (tile_label(run), (i % 2) * (size + gap) + 2, (i // 2) * (size + gap) + 2, RUN_COLOURS[i])
                for i, run in enumerate(result.runs)
            ]
        )

    def _labels(self, labels: list[tuple[str, float, float, str]]) -> None:
        while len(self.unit_labels) < len(labels):
            item = pg.TextItem(anchor=(0, 0), fill=legend_brush())
            self.units.addItem(item)
            self.unit_labels.append(item)
        for item, label in zip(self.unit_labels, labels + [None] * len(self.unit_labels)):
            if label is None:
                item.setVisible(False)
                continue
            text, x, y, colour = label
            item.setText(text, color=colour)
            item.setPos(x, y)
            item.setVisible(True)

    def _show_history(self, result: TrainResult, panel: int | None = None) -> None:
        """The curves against steps: all of them, or only the ``panel``-th of :data:`HISTORY_PANELS`."""
        plots = self.history_plots()
        for index, name in enumerate(HISTORY_PANELS):
            if panel is not None and panel != index:
                continue
            if name in ("loss", "metric"):
                self._show_run_panel(result, name)
            else:
                self._show_stat(result, name)
            self._frame_steps(plots[index], len(result.runs[0].history["step"]))

    @staticmethod
    def _frame_steps(plot: pg.PlotItem, count: int) -> None:
        """Steps 0..1 for a run at step 0, auto-range again once it has more: after Reset, a lone
        point kept the old span around it ("−3000…3000")."""
        vb = plot.vb
        if count <= 1:
            vb.setXRange(0.0, 1.0, padding=0.02)  # stops the x auto-range
            vb.setProperty("at_start", True)
        elif vb.property("at_start"):
            vb.setProperty("at_start", False)
            vb.enableAutoRange(axis=pg.ViewBox.XAxis, enable=True)

    def _show_run_panel(self, result: TrainResult, name: str) -> None:
        """Loss or accuracy (R²): train solid, test dashed, a colour per run of a race."""
        regression = result.data.task == "regression"
        if name == "metric":
            set_title(
                self.metric,
                self.tr("R² · test dashed") if regression else self.tr("Accuracy · test dashed"),
            )
        column = "loss" if name == "loss" else "r2" if regression else "accuracy"
        for i, run in enumerate(result.runs):
            h = run.history
            keep = drawn_steps(len(h["step"]))
            steps = h["step"][keep].astype(float)
            for kind, dashed in (("train", False), ("test", True)):
                values = h[f"{kind}_{column}"][keep]
                if name == "loss":
                    values = np.where(values > 0, values, np.nan)
                self._curve(name, i, kind, RUN_COLOURS[i % len(RUN_COLOURS)], dashed).setData(steps, values)
        for key in list(self.curves):
            if key[0] == name and key[1] >= len(result.runs):
                self.curves[key].setData([], [])
        labels = tuple(run.label for run in result.runs) if len(result.runs) > 1 else ()
        if name == "loss" and labels != self._legend_key:
            self._legend_key = labels
            self.legend.clear()
            for i, label in enumerate(labels):
                self.legend.addItem(self.curves[("loss", i, "train")], label)
            self.legend.setVisible(bool(labels))

    def _show_stat(self, result: TrainResult, stat: str) -> None:
        """One per-layer statistic of the main run, a colour per layer (viridis, first to last)."""
        main = result.runs[0]
        count = len(main.history["step"])
        keep = drawn_steps(count)
        steps = main.history["step"][keep].astype(float)
        values = main.layer_stats.get(stat, np.zeros((count, 0)))[keep]
        layers = values.shape[1]
        lut = pg.colormap.get("viridis")
        # Viridis from its dark end on a light background, from its middle on a dark one.
        low, high = (0.0, 0.85) if palette().name == "light" else (0.4, 1.0)
        for layer in range(layers):
            colour = lut.map(low + (high - low) * layer / max(layers - 1, 1), mode="qcolor")
            column = values[:, layer]
            if stat == "grad_norm":
                column = np.where(column > 0, column, np.nan)
            self._curve(stat, layer, "layer", colour.name()).setData(steps, column)
        for k in list(self.curves):
            if k[0] == stat and k[1] >= layers:
                self.curves[k].setData([], [])
        if stat == "mean_slope" and layers != self._layer_count:  # after the pens: the legend copies them
            self._layer_count = layers
            self.layer_legend.clear()
            for layer in range(layers):
                name = self.tr("layer %d").replace("%d", str(layer + 1))
                self.layer_legend.addItem(self.curves[("mean_slope", layer, "layer")], name)

    def tile_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (layer, unit) of the units panel's tile under view point (x, y), if any."""
        if not self.tiles:
            return None
        pitch = self.tile_size + TILE_GAP
        column, row = int(x // pitch), int(y // pitch)
        if x < 0 or y < 0 or x % pitch >= self.tile_size or y % pitch >= self.tile_size:
            return None
        return (column, row) if (column, row) in self.tiles else None
