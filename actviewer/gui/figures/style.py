"""One style for live plots and export figures: colours, pens, axes, framing, marks.

A view styles its on-screen plots and its export figure with the same calls,
so the two cannot drift apart.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from .grid import LightGrid


@dataclass(frozen=True)
class Palette:
    """The colours that depend on the theme: ink, axes, guides, the background. The data colours
    (the curves', the colour maps) read on either background and stay the same."""

    name: str
    background: str
    ink: str
    muted: str
    axis: str
    zero_line: str
    guide: str
    grid: str
    panel: str
    """The background of a text box in the side panels (the lesson's output)."""
    unbounded: str
    """Where a heatmap has no value (the criticality view's unbounded q)."""


LIGHT = Palette(
    "light", "#ffffff", "#111827", "#4b5563", "#374151", "#6b7280", "#9ca3af", "#e5e7eb", "#f3f4f6", "#d1d5db"
)
DARK = Palette(
    "dark", "#1e1f22", "#e5e7eb", "#a1a1aa", "#c4c7cc", "#8b909a", "#7c818b", "#33363b", "#2a2c30", "#4b4f57"
)
PALETTES = {p.name: p for p in (LIGHT, DARK)}
_active = [LIGHT]


def palette() -> Palette:
    """The palette of what is being drawn now: the window's theme, or an export's (see :func:`using`).

    Read when an item is made; items keep their colours (a theme change rebuilds the window)."""
    return _active[-1]


def set_colours(palette: Palette) -> None:
    """The window's theme (``gui.theme``); figures drawn inside :func:`using` take their own."""
    _active[0] = palette


def themed(make: Callable[..., Any], theme: str) -> Callable[..., Any]:
    """``make`` (a figure factory) drawing in ``theme``'s palette ("light" or "dark")."""
    chosen = PALETTES[theme]

    def make_themed(**options: Any) -> Any:
        with using(chosen):
            return make(**options)

    return make_themed


@contextmanager
def using(palette: Palette) -> Iterator[Palette]:
    """Draw with ``palette`` for a while: an export figure is light unless asked, whatever the window's."""
    _active.append(palette)
    try:
        yield palette
    finally:
        _active.pop()


OUTPUT_COLOUR = "#1f77b4"
DERIVATIVE_COLOUR = "#d62728"
SECOND_COLOUR = "#2ca02c"
UNDEFINED_COLOUR = "#c2410c"
HIGHLIGHT = "#f97316"
SEQUENTIAL = "viridis"
DIVERGING = "CET-D1"
TITLE_SIZE = "11pt"
LEFT_AXIS_WIDTH = 56
"""Equal left-axis widths keep stacked panels' x axes aligned."""
FLAT_TOLERANCE = 1e-12


def style_plot(plot: pg.PlotItem, title: str, y_label: str, x_label: str = "x", grid: bool = True) -> None:
    """Title, labels, dark axes without SI prefixes, a light grid and lines through 0.

    The right-click menu keeps pyqtgraph's view options (View All, the axes,
    the mouse mode) but not its Plot Options (FFT, averaging, log transforms
    that our views do not expect) nor its Export, which the window's own
    File > Export replaces.
    """
    set_title(plot, title)
    plot.setMenuEnabled(False, enableViewBoxMenu=True)
    if plot.scene() is not None:
        plot.scene().contextMenu = []
    ink = palette().ink
    plot.setLabel("left", y_label, color=ink)
    plot.setLabel("bottom", x_label, color=ink)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(palette().axis))
        axis.setTextPen(pg.mkPen(ink))
        axis.enableAutoSIPrefix(False)  # "(x0.001)" on an axis confuses students
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
    _name_axis_menus(plot)
    if grid:
        plot.addItem(LightGrid(palette().grid), ignoreBounds=True)
        for angle in (0, 90):
            plot.addItem(
                pg.InfiniteLine(pos=0, angle=angle, pen=pg.mkPen(palette().zero_line, width=1)),
                ignoreBounds=True,
            )


def _name_axis_menus(plot: pg.PlotItem) -> None:
    """pyqtgraph titles its axis menus f"{X} {translate('axis')}", which no translation can turn
    into Vietnamese word order ("X trục" for "Trục X"): name them whole."""
    from PySide6.QtCore import QCoreApplication

    names = {
        "X": QCoreApplication.translate("ViewBox", "X axis"),
        "Y": QCoreApplication.translate("ViewBox", "Y axis"),
    }
    menu = getattr(plot.vb, "menu", None)
    for action in menu.actions() if menu is not None else []:
        sub = action.menu()
        if sub is not None and sub.title()[:2] in ("X ", "Y "):
            sub.setTitle(names[sub.title()[0]])


def legend_brush() -> object:
    """A legend's backing over the curves: the background, slightly see-through."""
    colour = pg.mkColor(palette().background)
    colour.setAlpha(220)
    return pg.mkBrush(colour)


def format_range(low: float, high: float) -> str:
    """``[-2.72, 3.14]``: as many decimals as the span needs to tell its ends apart and no more
    (a wheel zoom's ends were printed as -2.71828 or -2.718281828)."""
    span = abs(high - low)
    decimals = 2 - math.floor(math.log10(span)) if span > 0 and math.isfinite(span) else 3
    decimals = min(max(decimals, 0), 12)

    def one(value: float) -> str:
        return np.format_float_positional(round(value, decimals), trim="-")

    return f"[{one(low)}, {one(high)}]"


def set_title(plot: pg.PlotItem, title: str) -> None:
    """Title ``plot``; a title too long for the plot is cut with "…" (the whole of it is the tooltip).

    pyqtgraph makes a title's text width the plot's minimum width, so a long
    title (a softmax formula, a Vietnamese label) would widen the plot past
    its view. Here the title asks for no width at all and is elided to the
    room it gets, again whenever the plot is resized.
    """
    label = plot.titleLabel
    if getattr(label, "full_text", None) == title:
        return
    label.full_text = title
    label.ink = palette().ink  # kept: the title is elided again on resize, maybe under another palette
    label.setToolTip(title)
    if not getattr(label, "elides", False):
        label.elides = True
        label.span = 1
        plot.geometryChanged.connect(lambda: _elide_title(plot))
    _elide_title(plot)


def _span_whole_row(plot: pg.PlotItem) -> None:
    """Put the title over the whole plot (axes and a colour bar added later too), not only its data
    column: more room, and centred text cannot stick out of the plot."""
    label, columns = plot.titleLabel, plot.layout.columnCount()
    if label.span != columns:
        plot.layout.removeItem(label)
        plot.layout.addItem(label, 0, 0, 1, columns)
        label.span = columns


def title_room(plot: pg.PlotItem) -> float:
    """The width a title can take without leaving the plot."""
    if plot.width() <= 0:
        return float("inf")  # not laid out yet: the first resize elides
    return max(0.0, plot.width() - 8)


def _elide_title(plot: pg.PlotItem) -> None:
    _span_whole_row(plot)
    label = plot.titleLabel
    full: str = label.full_text
    room = title_room(plot)

    def shown(text: str) -> float:
        if label.text != text:
            plot.setTitle(text, color=label.ink, size=TITLE_SIZE)
        return float(label.item.boundingRect().width())

    if shown(full) > room:
        if "<" in full or "&" in full:  # rich text (a highlighted note): cut its plain text, not its tags
            full = html.unescape(re.sub(r"<[^>]*>", "", full)).replace("\xa0", " ")
        low, high = 0, len(full)  # the longest prefix whose elided text fits
        while low < high:
            middle = (low + high + 1) // 2
            if shown(full[:middle].rstrip() + "…") <= room:
                low = middle
            else:
                high = middle - 1
        shown(full[:low].rstrip() + "…")
    # Ask for no width: the plot's size comes from its layout, never from its title.
    height = label.item.boundingRect().height()
    label.setMinimumWidth(0)
    label._sizeHint[Qt.SizeHint.MinimumSize] = (0, height)
    label._sizeHint[Qt.SizeHint.PreferredSize] = (0, height)
    label.updateGeometry()


def curve_pen(colour: str, width: float = 2.5, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> object:
    return pg.mkPen(colour, width=width, style=style)


def undefined_line(x: float, scale: float = 1.0) -> pg.InfiniteLine:
    """A dashed vertical line where f' does not exist (an impulse, a jump)."""
    pen = pg.mkPen(UNDEFINED_COLOUR, width=2 * scale, style=Qt.PenStyle.DashLine)
    return pg.InfiniteLine(pos=x, angle=90, movable=False, pen=pen)


def with_note(title: str, note: str) -> str:
    """A panel title followed by a highlighted note (rich text)."""
    return f'{title} &nbsp;<span style="color:{UNDEFINED_COLOUR}">— {note}</span>' if note else title


def is_flat(y: np.ndarray) -> tuple[bool, float]:
    """Whether ``y`` is constant (to rounding), and its value."""
    finite = y[np.isfinite(y)]
    if finite.size == 0:
        return False, 0.0
    span = float(finite.max() - finite.min())
    return span <= FLAT_TOLERANCE * max(1.0, float(abs(finite).max())), float(finite[0])


def anchor_zero(plot: pg.PlotItem) -> pg.ScatterPlotItem:
    """An invisible point at y = 0 that auto-range always includes: a derivative's axis shows 0.

    Without it LeakyReLU's f' auto-ranges to 0.88..1 and looks the same at every slope. (A
    scatter point of size 0: a PlotDataItem with no pen reports no bounds at all.)
    """
    anchor = pg.ScatterPlotItem([0.0], [0.0], size=0, pen=None, brush=None)
    # Nothing to draw: without this flag Qt still called its paint (~0.3 ms) in every frame.
    anchor.setFlag(anchor.GraphicsItemFlag.ItemHasNoContents, True)
    plot.addItem(anchor)
    plot.zero_anchor = anchor
    return anchor


def frame_flat(plot: pg.PlotItem, y: np.ndarray) -> None:
    """Give a constant curve a unit-high view instead of auto-range's microscopic one.

    While a curve is flat the y axis is fixed around it (and around 0 too on a
    plot with a zero anchor); once it is not, y auto-ranges again (unless the
    user had fixed it).
    """
    vb = plot.vb
    flat, centre = is_flat(y)
    if flat and vb.autoRangeEnabled()[1]:
        zero = getattr(plot, "zero_anchor", None) is not None
        low, high = centre - 1.0, centre + 1.0
        vb.setYRange(min(low, 0.0) if zero else low, max(high, 0.0) if zero else high, padding=0.05)
        vb.enableAutoRange(axis=pg.ViewBox.YAxis, enable=False)
        vb.setProperty("flat_framed", True)
    elif not flat and vb.property("flat_framed"):
        vb.setProperty("flat_framed", False)
        vb.enableAutoRange(axis=pg.ViewBox.YAxis, enable=True)


def format_points(xs: Sequence[float]) -> str:
    return ", ".join(f"{x:.6g}" for x in xs)
