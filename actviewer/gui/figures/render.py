"""Export figures: a titled pyqtgraph scene rendered to PNG, SVG or PDF.

A view draws its figure from a result (never from its on-screen widgets) into
a :class:`FigureCanvas`, so exports look the same whatever the window's size,
zoom or theme. PNG, SVG and PDF all render the same scene: PNG by scaling the
painter (crisp at any width), SVG and PDF as vectors. Each is rendered into
memory and then written atomically, so a full disk is an error, not a
truncated file reported as saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QImage, QImageWriter, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from ...core.arguments import DEFAULT_WIDTH, check_width
from ...core.atomic import check_writable, write_bytes_atomic
from ...core.errors import InputError
from .style import LIGHT, palette, using

FIGURE_SIZE = QSize(960, 720)
"""Logical size of every figure (4:3); PNG width scales it, vectors keep it."""
DPI = 96


class FigureCanvas(pg.GraphicsLayoutWidget):
    """An off-screen scene on the palette's background (or transparent): a title, a subtitle, and ``body`` for the panels.

    ``scale`` is how much larger than :data:`FIGURE_SIZE` the output is, so
    views can thicken their pens for large PNGs.
    """

    def __init__(self, title: str, subtitle: str, *, transparent: bool = False, scale: float = 1.0) -> None:
        super().__init__()
        self.figure_title, self.figure_subtitle, self.scale = title, subtitle, scale
        self.setBackground(None if transparent else palette().background)
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.resize(FIGURE_SIZE)
        self.ci.setContentsMargins(12, 8, 24, 8)
        self.ci.setSpacing(4)
        self.addLabel(title, row=0, col=0, size="16pt", color=palette().ink, bold=True)
        self.addLabel(subtitle, row=1, col=0, size="9pt", color=palette().muted)
        self.body: pg.GraphicsLayout = self.addLayout(row=2, col=0)

    def render_to(self, painter: QPainter, target: QRectF) -> None:
        """Paint the whole scene into ``target`` of ``painter``'s device.

        Uses pyqtgraph's export mode, which scales cosmetic pens and text with
        the target, exactly as its own ImageExporter does.
        """
        from pyqtgraph.exporters import ImageExporter

        self.show()  # lays out the scene; WA_DontShowOnScreen keeps it off screen
        for _ in range(5):  # the layout settles over a few passes (axes resize the views)
            # Only the events already posted (layout requests, resizes, queued signal calls): no
            # user input and no timers, so a click or a key cannot act in the middle of a figure.
            QCoreApplication.sendPostedEvents(None, 0)
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


MakeFigure = Callable[..., FigureCanvas]
"""``make(transparent=False, scale=1.0) -> FigureCanvas``."""


def _with_figure(make: MakeFigure, paint: Callable[[FigureCanvas], None], **options: object) -> FigureCanvas:
    with using(LIGHT):  # a figure is light whatever the window's theme, unless ``make`` is themed
        figure = make(**options)
    try:
        paint(figure)
    finally:
        figure.close()
        figure.deleteLater()
    return figure


def ensure_application() -> None:
    """Figures are Qt scenes: a script or the command line that writes one gets an offscreen
    QApplication here, unless one runs already."""
    if QApplication.instance() is None:
        from ..app import headless_application

        headless_application()


def render_image(make: MakeFigure, width: int = DEFAULT_WIDTH, transparent: bool = False) -> QImage:
    ensure_application()
    width = check_width(width)
    scale = width / FIGURE_SIZE.width()
    height = round(FIGURE_SIZE.height() * scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)

    def paint(figure: FigureCanvas) -> None:
        image.fill(Qt.GlobalColor.transparent if transparent else figure.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        try:
            figure.render_to(painter, QRectF(0, 0, width, height))
        finally:
            painter.end()

    _with_figure(make, paint, transparent=transparent, scale=scale)
    # Only now: a device DPI set before painting would scale every font a second time.
    image.setDotsPerMeterX(round(DPI * scale / 0.0254))
    image.setDotsPerMeterY(round(DPI * scale / 0.0254))
    return image


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG in memory (Qt's file writers do not report a failed flush)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise InputError(f"could not encode a PNG: {writer.errorString()}")
    return bytes(buffer.data().data())


def write_png(
    make: MakeFigure, path: str | os.PathLike[str], width: int = DEFAULT_WIDTH, transparent: bool = False
) -> Path:
    check_writable(path)
    return write_bytes_atomic(path, png_bytes(render_image(make, width, transparent)))


def write_svg(make: MakeFigure, path: str | os.PathLike[str]) -> Path:
    from PySide6.QtSvg import QSvgGenerator

    ensure_application()
    check_writable(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(FIGURE_SIZE)
    generator.setViewBox(QRect(0, 0, FIGURE_SIZE.width(), FIGURE_SIZE.height()))
    generator.setResolution(DPI)

    def paint(figure: FigureCanvas) -> None:
        generator.setTitle(figure.figure_title)
        generator.setDescription(figure.figure_subtitle)
        painter = QPainter(generator)
        try:
            figure.render_to(painter, QRectF(0, 0, FIGURE_SIZE.width(), FIGURE_SIZE.height()))
        finally:
            painter.end()

    _with_figure(make, paint)
    return write_bytes_atomic(path, bytes(buffer.data().data()))


def write_pdf(make: MakeFigure, path: str | os.PathLike[str]) -> Path:
    ensure_application()
    check_writable(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    inches = QSizeF(FIGURE_SIZE.width() / DPI, FIGURE_SIZE.height() / DPI)
    writer.setPageSize(QPageSize(inches, QPageSize.Unit.Inch, "actviewer figure"))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setCreator("actviewer")

    def paint(figure: FigureCanvas) -> None:
        writer.setTitle(figure.figure_title)
        painter = QPainter(writer)
        try:
            figure.render_to(painter, QRectF(painter.viewport()))
        finally:
            painter.end()

    _with_figure(make, paint)
    return write_bytes_atomic(path, bytes(buffer.data().data()))
