"""The Compare view: pinned curves overlaid, f and f′, and each one's difference from a reference.

*Pin* (Ctrl+P, from any view) adds the current activation with its
parameters, dtype and device. The live curve is drawn dashed beside the
pinned ones until it is pinned itself. Differences are taken point by point
on one grid (the visible range at screen resolution): absolute, relative, or
in ULPs of the coarser of the two dtypes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec
from ...core.compare import (
    DIFF_MODES,
    MAX_OVERLAYS,
    PRESETS,
    CompareRequest,
    CompareResult,
    CurveSpec,
)
from ...core.devices import choose_device
from ...core.errors import InputError
from ...core.snippets import grid_code
from ...core.state import ExplorerState
from ..figures.render import FigureCanvas
from ..figures.style import curve_pen, frame_flat, palette, set_title, style_plot
from ..messages import user_message
from ._shared_x import SharedX
from .base import GlobalAction, View
from .curve import CurveView

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
"""One colour per pinned slot (matplotlib's tab10 without its greys and olive), kept while pinned."""
LIVE_COLOUR = "#111827"
SIDE_WIDTH = 280
SIDE_BY_SIDE_WIDTH = SIDE_WIDTH + 420
"""Narrower than this, the list of pinned curves goes above the plots (which keep the whole width)."""
STACKED_SIDE_HEIGHT = 230
QWIDGETSIZE_MAX = (1 << 24) - 1
DIFF_LABELS = {"absolute": "y − y_ref", "relative": "(y − y_ref) / |y_ref|", "ulp": "ULPs"}


@dataclass(frozen=True)
class Overlay:
    curve: CurveSpec
    colour: str
    visible: bool = True


def _swatch(colour: str, dashed: bool = False) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(colour) if not dashed else QColor("white"))
    return QIcon(pixmap)


def _fmt(value: float) -> str:
    return f"{value:.3g}" if np.isfinite(value) else "–"


class ComparePlots:
    """The f, f′ and difference panels with a pool of long-lived items (one per possible curve)."""

    def __init__(self, layout: pg.GraphicsLayout, titles: tuple[str, str, str], scale: float = 1.0) -> None:
        self.panels = [layout.addPlot(row=i + 1, col=0) for i in range(3)]
        for panel, title, label in zip(self.panels, titles, ("f(x)", "f′(x)", "Δ")):
            style_plot(panel, title, label)
        for panel in self.panels[1:]:
            panel.setXLink(self.panels[0])
        self.scale = scale
        self.ink = palette().ink
        size = "9pt" if scale == 1.0 else "14pt"  # a figure is read smaller than the screen
        # Above the panels, not in one: up to nine long entries covered the curves in any corner.
        self.legend = pg.LegendItem(
            colCount=2, labelTextColor=palette().ink, labelTextSize=size, horSpacing=24
        )
        layout.addItem(self.legend, row=0, col=0)
        self.items: list[list[pg.PlotDataItem]] = [[] for _ in self.panels]
        self.marks = pg.ScatterPlotItem(size=9, pen=pg.mkPen("w"))  # export scales it with the page
        self.panels[2].addItem(self.marks, ignoreBounds=True)
        self.largest_texts: dict[int, str] = {}
        self.largest_words = "max |Δ| %(value)s at x = %(x)s"
        """Set to the interface language's words by the live view (figures stay English)."""
        """Curve index -> where its difference is largest, as its legend entry says it."""
        self._legend_key: tuple[tuple[int, str], ...] = ()
        self._looks: dict[int, tuple[str, bool]] = {}
        self._drawn: dict[tuple[int, int], object] = {}

    def _item(self, panel: int, index: int) -> pg.PlotDataItem:
        pool = self.items[panel]
        while len(pool) <= index:
            item = self.panels[panel].plot()
            item.setClipToView(True)
            if self.scale == 1.0:  # on screen only: an export scales the painter, and a pixmap would blur
                # Pinned curves rarely change: while the axes stay put they are blitted, not stroked again.
                item.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            pool.append(item)
        return pool[index]

    def show(self, result: CompareResult, colours: list[str], shown: list[bool], names: list[str]) -> None:
        """Draw each shown curve and its difference; a last ``LIVE_COLOUR`` entry is the live curve,
        drawn thin and dashed in f and f′ only (it is a preview, not part of the comparison)."""
        x = result.x
        live = len(colours) - 1 if colours and colours[-1] == LIVE_COLOUR else -1
        for i, colour in enumerate(colours):
            look = (colour, i == live)
            pen = None
            if self._looks.get(i) != look:  # a new QPen per item and frame costs more than its curve
                self._looks[i] = look
                pen = (
                    curve_pen(self.ink, 1.5 * self.scale, Qt.PenStyle.DashLine)
                    if i == live
                    else curve_pen(colour, 2.2 * self.scale)
                )
            diff = None if i == live else result.diffs[i]
            for panel, values in ((0, result.ys[i]), (1, result.dys[i]), (2, diff)):
                item = self._item(panel, i)
                if pen is not None:
                    item.setPen(pen)
                drawn = values is not None and shown[i]
                if values is None or not drawn:
                    if item.isVisible():
                        item.setData([], [])
                elif self._drawn.get((panel, i)) is not values:  # pinned curves keep their arrays
                    item.setData(x, np.where(np.isfinite(values), values, np.nan), connect="finite")
                self._drawn[(panel, i)] = values if drawn else None
                item.setVisible(drawn)
        for panel in range(3):
            for item in self.items[panel][len(colours) :]:
                item.setData([], [])
                item.setVisible(False)
        key = tuple((i, c) for i, (c, s) in enumerate(zip(colours, shown)) if s)
        if key != self._legend_key:  # entries change with the set of curves; their texts in place
            self._legend_key = key
            self.legend.clear()
            for i, name in enumerate(names):
                if shown[i]:
                    self.legend.addItem(self._item(0, i), name)
        self._show_largest(result, names, colours, [s and i != live for i, s in enumerate(shown)])
        for panel, family in zip(self.panels[:2], (result.ys, result.dys)):
            visible = [v for v, s in zip(family, shown) if s]
            frame_flat(panel, np.concatenate(visible) if visible else np.zeros(1))

    def _show_largest(
        self, result: CompareResult, names: list[str], colours: list[str], shown: list[bool]
    ) -> None:
        """A dot where each difference is largest; its value and x follow the curve's legend entry."""
        spots = []
        unit = {"absolute": "", "relative": "", "ulp": " ULPs"}[result.request.diff]
        self.largest_texts = {}
        for i, largest in enumerate(result.largest):
            if largest is None or not shown[i] or not np.isfinite(largest.value):
                continue
            spots.append({"pos": (largest.x, largest.value), "brush": pg.mkBrush(colours[i])})
            self.largest_texts[i] = self.largest_words.replace(
                "%(value)s", f"{_fmt(abs(largest.value))}{unit}"
            ).replace("%(x)s", f"{largest.x:.3g}")
        self.marks.setData(spots)
        entries = [i for i, s in enumerate(names) if i < len(colours)]
        labels = {id(sample.item): label for sample, label in self.legend.items}
        changed = False
        for i in entries:
            label = labels.get(id(self._item(0, i)))
            if label is not None:
                text = names[i] + (f"  —  {self.largest_texts[i]}" if i in self.largest_texts else "")
                if label.text != text:
                    label.setText(text)
                    changed = True
        if changed:
            self.legend.updateSize()


class CompareView(View[CompareRequest, CompareResult]):
    id = "compare"
    request_type = CompareRequest
    result_type = CompareResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overlays: list[Overlay] = []
        self.reference = 0
        self.diff_mode = "absolute"
        self._live: CurveSpec | None = None

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Pinned curves"))
        self.list.setToolTip(self.tr("Tick to show, untick to hide; Delete removes the selected curve"))
        self.list.itemChanged.connect(self._visibility_changed)
        remove = QPushButton(self.tr("&Remove"))
        remove.clicked.connect(self.remove_selected)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setToolTip(
            self.tr("Bring back the pinned curves a preset, Clear or Remove replaced")
        )
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setEnabled(False)
        self._undo: tuple[list[Overlay], int] | None = None
        self.list.installEventFilter(self)  # Delete and Backspace remove the selected curve
        self.presets = QToolButton()
        self.presets.setText(self.tr("Presets"))
        self.presets.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.presets)
        for name in PRESETS:
            action = menu.addAction(self._preset_title(name))
            action.triggered.connect(lambda _=False, n=name: self.load_preset(n))
        self.presets.setMenu(menu)
        self.pin_button = QToolButton()  # shows the window's Pin Curve action (adopt_global_actions)
        self.reference_box = QComboBox()
        self.reference_box.setAccessibleName(self.tr("Reference curve"))
        self.reference_box.currentIndexChanged.connect(self._reference_changed)
        self.diff_box = QComboBox()
        for mode, label in (
            ("absolute", self.tr("absolute: y − y_ref")),
            ("relative", self.tr("relative: (y − y_ref) / |y_ref|")),
            ("ulp", self.tr("ULPs of the coarser dtype")),
        ):
            self.diff_box.addItem(label, mode)
        self.diff_box.currentIndexChanged.connect(self._diff_changed)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {palette().muted}")

        side = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.pin_button)
        buttons.addWidget(self.presets)
        side.addLayout(buttons)
        side.addWidget(self.list, 1)
        edit = QHBoxLayout()
        edit.addWidget(remove)
        edit.addWidget(clear)
        edit.addWidget(self.undo_button)
        side.addLayout(edit)
        form = QFormLayout()
        # The combos' long entries ("1. GELU(approximate='none')") once squeezed the labels to
        # "Tham" in Vietnamese: the combos shrink instead, and a label too long wraps above its field.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for box in (self.reference_box, self.diff_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        form.addRow(self.tr("Reference"), self.reference_box)
        form.addRow(self.tr("Difference"), self.diff_box)
        side.addLayout(form)
        side.addWidget(self.hint)
        panel = QWidget()
        panel.setLayout(side)
        self.side = panel

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.graphics.setMinimumHeight(360)
        self.plots = ComparePlots(
            self.graphics.ci,
            (self.tr("Output f(x)"), self.tr("Derivative f′(x)"), self.tr("Difference from the reference")),
        )
        self.shared_x = SharedX(self.plots.panels, self.request_changed.emit)
        self.plots.largest_words = self.tr("max |Δ| %(value)s at x = %(x)s")
        layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)
        layout.addWidget(self.graphics, 1)
        self._refresh_list()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Beside the plots when there is room, above them when not: the plots never become slivers."""
        super().resizeEvent(event)
        self.arrange(self.width())

    def arrange(self, width: int) -> None:
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        beside = width >= SIDE_BY_SIDE_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if layout.direction() != direction:
            layout.setDirection(direction)
        if beside:
            self.side.setFixedWidth(SIDE_WIDTH)
            self.side.setMaximumHeight(QWIDGETSIZE_MAX)
        else:
            self.side.setMinimumWidth(0)
            self.side.setMaximumWidth(QWIDGETSIZE_MAX)
            self.side.setMaximumHeight(STACKED_SIDE_HEIGHT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("CompareView", "Compare")

    def _preset_title(self, name: str) -> str:
        titles = {
            "GELU exact vs tanh": self.tr("GELU exact vs tanh"),
            "SiLU vs Mish vs GELU": self.tr("SiLU vs Mish vs GELU"),
            "Hardswish vs SiLU": self.tr("Hardswish vs SiLU"),
            "Hardsigmoid vs Sigmoid": self.tr("Hardsigmoid vs Sigmoid"),
            "ReLU6 vs Hardtanh(0, 6)": self.tr("ReLU6 vs Hardtanh(0, 6)"),
            "Softplus β 1, 2, 5 vs ReLU": self.tr("Softplus β 1, 2, 5 vs ReLU"),
            "ELU vs CELU vs SELU": self.tr("ELU vs CELU vs SELU"),
        }
        return titles.get(name, name)

    @classmethod
    def unused_params(cls, spec: ActivationSpec) -> frozenset[str]:
        return CurveView.unused_params(spec)  # the same 1-D curves: a tensor's dim means nothing here

    @classmethod
    def global_actions(cls) -> list[GlobalAction]:
        return [
            GlobalAction(
                "pin_current",
                QCoreApplication.translate("CompareView", "&Pin Curve"),
                "Ctrl+P",
                QCoreApplication.translate(
                    "CompareView",
                    "Pin the current curve (activation, parameters, dtype, device) to the Compare view",
                ),
            )
        ]

    def adopt_global_actions(self, actions: Mapping[str, QAction]) -> None:
        self.pin_button.setDefaultAction(actions["pin_current"])

    # --- overlays ----------------------------------------------------------------

    def pin_current(self) -> None:
        """Pin the shared state's curve (from whichever view is shown)."""
        if self.host_state is None:
            return
        state = self.host_state()
        try:
            curve = CurveSpec(state.activation, state.current_params(), state.dtype, state.device).validated()
        except InputError as err:
            self.notice.emit(self.tr("Cannot pin this curve: %s") % user_message(err))
            return
        self.pin(curve)

    def pin(self, curve: CurveSpec) -> bool:
        if any(o.curve == curve for o in self.overlays):
            self.notice.emit(self.tr("%s is already pinned") % curve.call())
            return False
        if len(self.overlays) >= MAX_OVERLAYS:
            self.notice.emit(self.tr("At most %d curves can be pinned; remove one first") % MAX_OVERLAYS)
            return False
        used = {o.colour for o in self.overlays}
        colour = next(c for c in PALETTE if c not in used)
        self.overlays.append(Overlay(curve, colour))
        if not self.isVisible():  # on the Compare tab the list itself shows it
            self.notice.emit(
                self.tr("Pinned %(call)s (%(n)d of %(max)d): see the Compare tab")
                .replace("%(call)s", curve.call())
                .replace("%(n)d", str(len(self.overlays)))
                .replace("%(max)d", str(MAX_OVERLAYS))
            )
        self._changed()
        return True

    def _keep_for_undo(self) -> None:
        """Before the pinned curves are replaced or removed: Undo brings them back."""
        if self.overlays:
            self._undo = (list(self.overlays), self.reference)
            self.undo_button.setEnabled(True)

    def undo(self) -> None:
        if self._undo is None:
            return
        (self.overlays, self.reference), self._undo = self._undo, None
        self.undo_button.setEnabled(False)
        self._changed()

    def load_preset(self, name: str) -> None:
        """Replace the pinned curves by a preset's (its first is the reference), in the live dtype."""
        state = self.host_state() if self.host_state is not None else None
        dtype, device = (state.dtype, state.device) if state is not None else ("float32", "cpu")
        replaced = len(self.overlays)
        self._keep_for_undo()
        self.overlays = [
            Overlay(replace(curve, dtype=dtype, device=device).validated(), PALETTE[i])
            for i, curve in enumerate(PRESETS[name])
        ]
        self.reference = 0
        self._changed()
        if replaced:
            self.notice.emit(
                self.tr("Preset loaded in place of %d pinned curve(s); Undo brings them back") % replaced
            )

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.overlays):
            self._keep_for_undo()
            del self.overlays[row]
            if self.reference >= row and self.reference > 0:
                self.reference -= 1
            self._changed()

    def clear(self) -> None:
        self._keep_for_undo()
        self.overlays = []
        self.reference = 0
        self._changed()

    def _visibility_changed(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.overlays):
            visible = item.checkState() == Qt.CheckState.Checked
            if self.overlays[row].visible != visible:
                self.overlays[row] = replace(self.overlays[row], visible=visible)
                if isinstance(self.last_result, CompareResult):  # hidden curves stay computed
                    self.show_result(self.last_result)

    def _reference_changed(self, index: int) -> None:
        if index >= 0 and index != self.reference:
            self.reference = index
            self._changed()

    def _diff_changed(self, _index: int) -> None:
        self.diff_mode = str(self.diff_box.currentData())
        self.request_changed.emit()

    def _changed(self) -> None:
        self._refresh_list()
        self.request_changed.emit()

    def _entries(self) -> list[tuple[CurveSpec, str, bool]]:
        """Pinned curves, then the live one (dashed) unless it is pinned: (curve, colour, shown)."""
        entries = [(o.curve, o.colour, o.visible) for o in self.overlays]
        if self._live is not None and all(o.curve != self._live for o in self.overlays):
            entries.append((self._live, LIVE_COLOUR, True))
        return entries

    def _names(self) -> list[str]:
        names = [o.curve.call() for o in self.overlays]
        if 0 <= self.reference < len(names) and len(names) > 1:
            names[self.reference] = self.tr("%s (reference)") % names[self.reference]
        if len(self._entries()) > len(self.overlays) and self._live is not None:
            names.append(self.tr("live: %s") % self._live.call())
        return names

    def _refresh_list(self) -> None:
        with QSignalBlocker(self.list):
            self.list.clear()
            for overlay in self.overlays:
                item = QListWidgetItem(_swatch(overlay.colour), overlay.curve.call())
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if overlay.visible else Qt.CheckState.Unchecked)
                self.list.addItem(item)
        with QSignalBlocker(self.reference_box):
            self.reference_box.clear()
            for i, overlay in enumerate(self.overlays, start=1):
                self.reference_box.addItem(f"{i}. {overlay.curve.call()}")
            self.reference_box.setEnabled(bool(self.overlays))
            self.reference = min(self.reference, max(self.reference_box.count() - 1, 0))
            self.reference_box.setCurrentIndex(self.reference)
        with QSignalBlocker(self.diff_box):
            self.diff_box.setCurrentIndex(DIFF_MODES.index(self.diff_mode))
        if not self.overlays:
            self.hint.setText(
                self.tr(
                    "Pin curves with Ctrl+P from any view, or choose a preset. The dashed curve is the live one."
                )
            )
        else:
            self.hint.setText(
                self.tr("%d of %d pinned. The dashed curve is the live one.")
                % (len(self.overlays), MAX_OVERLAYS)
            )

    # --- request -------------------------------------------------------------------

    def set_state(self, state: ExplorerState) -> None:
        try:
            live: CurveSpec | None = CurveSpec(
                state.activation, state.current_params(), state.dtype, state.device
            ).validated()
        except InputError:
            live = None
        self._live = live  # drawn from the next result; the list and the reference hold pinned curves only
        self.shared_x.follow(state)

    def build_request(self, state: ExplorerState) -> CompareRequest:
        curves = tuple(curve for curve, _, _ in self._entries())
        grid = self.shared_x.grid(state, curves)
        return CompareRequest(curves, grid, min(self.reference, max(len(curves) - 1, 0)), self.diff_mode)

    def learn_input_code(self, state: ExplorerState) -> str:
        return grid_code(state.request())

    # --- result ----------------------------------------------------------------------

    def show_result(self, result: CompareResult) -> None:
        self.last_result = result
        entries = self._entries()
        if len(entries) != len(result.request.curves):
            return  # an older request: the next result follows at once
        colours = [colour for _, colour, _ in entries]
        shown = [s for _, _, s in entries]
        self.plots.show(result, colours, shown, self._names())
        mode = {"absolute": self.tr("absolute"), "relative": self.tr("relative"), "ulp": self.tr("ULPs")}
        set_title(
            self.plots.panels[2], self.tr("Difference from the reference (%s)") % mode[result.request.diff]
        )

    def status_text(self, result: CompareResult) -> str:
        count = len(result.request.curves)
        text = self.tr("1 curve · %(samples)s samples · %(ms)s ms") if count == 1 else None
        return (
            (text or self.tr("%(n)d curves · %(samples)s samples each · %(ms)s ms"))
            .replace("%(n)d", str(count))
            .replace("%(samples)s", f"{len(result.x):,}")
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.1f}")
        )

    def reset_view(self) -> None:
        self.shared_x.reset()

    # --- figure ------------------------------------------------------------------------

    @classmethod
    def figure(cls, result: CompareResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        r = result.request
        names = [c.call() for c in r.curves]
        subtitle = (
            f"x ∈ [{r.grid.x_min:g}, {r.grid.x_max:g}] · {len(result.x):,} samples · reference: {names[r.reference]}"
            f" · difference: {DIFF_LABELS[r.diff]} · PyTorch autograd"
        )
        short = [c.spec.call_name() for c in r.curves]
        title = " vs ".join(short if len(set(short)) == len(short) else names)
        canvas = FigureCanvas(
            title if len(title) <= 70 else title[:69] + "…", subtitle, transparent=transparent, scale=scale
        )
        plots = ComparePlots(
            canvas.body,
            ("Output f(x)", "Derivative f′(x)", "Difference from the reference"),
            max(scale, 1.001),
        )
        for panel in plots.panels:
            panel.setMenuEnabled(False)
            panel.hideButtons()
        colours = [PALETTE[i % len(PALETTE)] for i in range(len(r.curves))]
        if len(names) > 1:
            names[r.reference] += " (reference)"
        plots.show(result, colours, [True] * len(r.curves), names)
        set_title(plots.panels[2], f"Difference from the reference ({DIFF_LABELS[r.diff]})")
        return canvas

    # --- settings ----------------------------------------------------------------------

    def adopt_devices(self, available: list[str]) -> list[str]:
        notices = []
        for i, overlay in enumerate(self.overlays):
            if choose_device(overlay.curve.device, available) is None:
                notices.append(
                    self.tr("Pinned curve %s: that device is not available here; it is computed on the CPU.")
                    % overlay.curve.call()
                )
                self.overlays[i] = replace(overlay, curve=replace(overlay.curve, device="cpu"))
        if notices:
            self._refresh_list()
            self.request_changed.emit()
        return notices

    def save_state(self) -> dict[str, Any]:
        return {
            "pinned": [{**o.curve.as_json(), "visible": o.visible} for o in self.overlays],
            "reference": self.reference,
            "diff": self.diff_mode,
        }

    def restore_state(self, data: object) -> list[str]:
        if data is None:
            return []
        if not isinstance(data, dict):
            return [f"pinned curves reset: expected an object, got {data!r}"]
        problems: list[str] = []
        overlays: list[Overlay] = []
        pinned = data.get("pinned", [])
        for entry in pinned if isinstance(pinned, list) else []:
            try:
                curve = CurveSpec.from_json({k: v for k, v in entry.items() if k != "visible"})
            except (InputError, AttributeError) as err:
                problems.append(f"a pinned curve was left out: {err}")
                continue
            if len(overlays) < MAX_OVERLAYS:
                visible = entry.get("visible", True)
                overlays.append(
                    Overlay(curve, PALETTE[len(overlays)], visible if isinstance(visible, bool) else True)
                )
        self.overlays = overlays
        diff = data.get("diff", "absolute")
        self.diff_mode = diff if diff in DIFF_MODES else "absolute"
        reference = data.get("reference", 0)
        self.reference = (
            reference if isinstance(reference, int) and 0 <= reference < max(len(overlays), 1) else 0
        )
        self._refresh_list()
        return problems
