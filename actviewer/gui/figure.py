"""Publication figures: a title, the output and derivative panels, on white.

A :class:`FigureWidget` is built from a :class:`ComputeResult` (the one the
window shows, or one the CLI computed) and never from the on-screen widgets,
so exports look the same whatever the window's size, zoom or theme. PNG, SVG
and PDF all render the same scene: PNG by scaling the painter (crisp at any
width), SVG and PDF as vectors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from ..core.atomic import atomic_path
from ..core.decimate import peak_envelope
from ..core.errors import InputError
from .grid import LightGrid

if TYPE_CHECKING:
    from ..core.compute import ComputeResult

FIGURE_SIZE = QSize(960, 720)
"""Logical size of every figure (4:3); PNG width scales it, vectors keep it."""
DPI = 96
FIGURE_BINS = 2000
INK = "#111827"
OUTPUT_COLOUR = "#1f77b4"
DERIVATIVE_COLOUR = "#d62728"
UNDEFINED_COLOUR = "#c2410c"
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 200, 8000, 1920


def figure_title(result: ComputeResult) -> str:
    return result.request.spec.signature(result.request.params)


def figure_subtitle(result: ComputeResult) -> str:
    r = result.request
    return f"x ∈ [{r.x_min:g}, {r.x_max:g}] · {r.samples:,} samples · {r.dtype} on {result.device} · PyTorch autograd"


class FigureWidget(pg.GraphicsLayoutWidget):
    """The figure as a pyqtgraph scene; ``scale`` thickens lines for large PNGs."""

    def __init__(self, result: ComputeResult, *, transparent: bool = False, scale: float = 1.0) -> None:
        super().__init__()
        self.setBackground(None if transparent else "w")
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.resize(FIGURE_SIZE)
        self.ci.setContentsMargins(12, 8, 24, 8)
        self.ci.setSpacing(4)
        self.title = self.addLabel(figure_title(result), row=0, col=0, size="16pt", color=INK, bold=True)
        self.subtitle = self.addLabel(figure_subtitle(result), row=1, col=0, size="9pt", color="#4b5563")
        self.output = self._panel(2, "Output f(x)", "f(x)")
        self.derivative = self._panel(3, "Derivative f′(x)", "f′(x)")
        self.derivative.setXLink(self.output)
        width = 2.0 * scale
        for panel, y, colour in (
            (self.output, result.y, OUTPUT_COLOUR),
            (self.derivative, result.dy, DERIVATIVE_COLOUR),
        ):
            xs, ys = peak_envelope(result.x, y, FIGURE_BINS)
            panel.plot(xs, ys, pen=pg.mkPen(colour, width=width), antialias=True)
            self._frame(panel, ys)
        for at in result.undefined_at:
            self.derivative.addItem(
                pg.InfiniteLine(
                    pos=at,
                    angle=90,
                    pen=pg.mkPen(UNDEFINED_COLOUR, width=1.5 * scale, style=Qt.PenStyle.DashLine),
                ),
                ignoreBounds=True,
            )
        if result.undefined_at:
            where = ", ".join(f"{u:g}" for u in result.undefined_at)
            self.derivative.setTitle(
                f'Derivative f′(x) <span style="color:{UNDEFINED_COLOUR}">— undefined at x = {where} (impulse)</span>',
                color=INK,
                size="11pt",
            )

    def _panel(self, row: int, title: str, y_label: str) -> pg.PlotItem:
        panel = self.addPlot(row=row, col=0)
        panel.setTitle(title, color=INK, size="11pt")
        panel.setLabel("left", y_label, color=INK)
        panel.setLabel("bottom", "x", color=INK)
        panel.setMenuEnabled(False)
        panel.hideButtons()
        for name in ("left", "bottom"):
            axis = panel.getAxis(name)
            axis.setPen(pg.mkPen("#374151"))
            axis.setTextPen(pg.mkPen(INK))
            axis.enableAutoSIPrefix(False)
        panel.getAxis("left").setWidth(56)  # equal widths keep the two panels' x axes aligned
        panel.addItem(LightGrid(), ignoreBounds=True)
        for angle in (0, 90):
            panel.addItem(pg.InfiniteLine(pos=0, angle=angle, pen=pg.mkPen("#9ca3af")), ignoreBounds=True)
        return panel

    @staticmethod
    def _frame(panel: pg.PlotItem, y: np.ndarray) -> None:
        finite = y[np.isfinite(y)]
        if finite.size and float(finite.max() - finite.min()) <= 1e-12 * max(1.0, float(abs(finite).max())):
            panel.setYRange(float(finite[0]) - 1.0, float(finite[0]) + 1.0, padding=0.05)

    def render_to(self, painter: QPainter, target: QRectF) -> None:
        """Paint the whole scene into ``target`` of ``painter``'s device.

        Uses pyqtgraph's export mode, which scales cosmetic pens and text with
        the target, exactly as its own ImageExporter does.
        """
        from pyqtgraph.exporters import ImageExporter

        self.show()  # lays out the scene; WA_DontShowOnScreen keeps it off screen
        for _ in range(5):  # the layout settles over a few passes (axes resize the views)
            QApplication.processEvents()
        exporter = ImageExporter(self.scene())  # for its export-mode bookkeeping only
        source = QRectF(exporter.getSourceRect())
        exporter.setExportMode(
            True,
            {
                "antialias": True,
                "background": self.backgroundBrush().color(),
                "painter": painter,
                "resolutionScale": target.width() / source.width(),
            },
        )
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self.scene().render(painter, target, source)
        finally:
            exporter.setExportMode(False)


def _with_figure(result: ComputeResult, paint, **options) -> None:
    figure = FigureWidget(result, **options)
    try:
        paint(figure)
    finally:
        figure.close()
        figure.deleteLater()


def render_image(result: ComputeResult, width: int = DEFAULT_WIDTH, transparent: bool = False) -> QImage:
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise InputError(f"width must be between {MIN_WIDTH} and {MAX_WIDTH} pixels, got {width}")
    scale = width / FIGURE_SIZE.width()
    height = round(FIGURE_SIZE.height() * scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent if transparent else Qt.GlobalColor.white)

    def paint(figure: FigureWidget) -> None:
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        try:
            figure.render_to(painter, QRectF(0, 0, width, height))
        finally:
            painter.end()

    _with_figure(result, paint, transparent=transparent, scale=scale)
    # Only now: a device DPI set before painting would scale every font a second time.
    image.setDotsPerMeterX(round(DPI * scale / 0.0254))
    image.setDotsPerMeterY(round(DPI * scale / 0.0254))
    return image


def write_png(
    result: ComputeResult, path: str | os.PathLike[str], width: int = DEFAULT_WIDTH, transparent: bool = False
) -> Path:
    image = render_image(result, width, transparent)
    with atomic_path(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise InputError(f"could not encode a PNG for {path}")
    return Path(path)


def write_svg(result: ComputeResult, path: str | os.PathLike[str]) -> Path:
    from PySide6.QtSvg import QSvgGenerator

    with atomic_path(path) as tmp:
        generator = QSvgGenerator()
        generator.setFileName(str(tmp))
        generator.setSize(FIGURE_SIZE)
        generator.setViewBox(QRect(0, 0, FIGURE_SIZE.width(), FIGURE_SIZE.height()))
        generator.setResolution(DPI)
        generator.setTitle(figure_title(result))
        generator.setDescription(figure_subtitle(result))

        def paint(figure: FigureWidget) -> None:
            painter = QPainter(generator)
            try:
                figure.render_to(painter, QRectF(0, 0, FIGURE_SIZE.width(), FIGURE_SIZE.height()))
            finally:
                painter.end()

        _with_figure(result, paint)
    return Path(path)


def write_pdf(result: ComputeResult, path: str | os.PathLike[str]) -> Path:
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(DPI)
        inches = QSizeF(FIGURE_SIZE.width() / DPI, FIGURE_SIZE.height() / DPI)
        writer.setPageSize(QPageSize(inches, QPageSize.Unit.Inch, "actviewer figure"))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        writer.setTitle(figure_title(result))
        writer.setCreator("actviewer")

        def paint(figure: FigureWidget) -> None:
            painter = QPainter(writer)
            try:
                figure.render_to(painter, QRectF(painter.viewport()))
            finally:
                painter.end()

        _with_figure(result, paint)
    return Path(path)
