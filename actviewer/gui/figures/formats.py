"""The figure formats (PNG, SVG, PDF, and GIF for animations): the GUI layer's half of the export registry.

Importing this module does not import Qt, so the CLI can list and check
figure options without loading PySide6; writing a figure does. A figure is
given as a factory ``make(transparent=..., scale=...) -> FigureCanvas`` that
the view which shows the result provides.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.errors import InputError

MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 200, 8000, 1920
"""PNG width in pixels."""

MakeFigure = Callable[..., Any]
DEFAULT_GIF_WIDTH = 960
"""Half the PNG default: a slide-sized animation that stays a few hundred KB."""


@dataclass(frozen=True)
class FigureFormat:
    suffix: str
    description: str
    write: Callable[..., Path]
    """``write(make_figure, path, **options)``."""
    options: tuple[str, ...] = ()
    """The keyword options it takes (the others are refused with a message)."""


def _png(
    make: MakeFigure, path: str | os.PathLike[str], width: int = DEFAULT_WIDTH, transparent: bool = False
) -> Path:
    from .render import write_png

    return write_png(make, path, width, transparent)


def _svg(make: MakeFigure, path: str | os.PathLike[str]) -> Path:
    from .render import write_svg

    return write_svg(make, path)


def _pdf(make: MakeFigure, path: str | os.PathLike[str]) -> Path:
    from .render import write_pdf

    return write_pdf(make, path)


def _gif(
    make: MakeFigure,
    path: str | os.PathLike[str],
    frames: int,
    width: int = DEFAULT_GIF_WIDTH,
    progress: Callable[[float], None] | None = None,
) -> Path:
    from .animation import write_gif

    return write_gif(make, path, frames, width, progress)


ANIMATION_FORMATS: dict[str, FigureFormat] = {
    ".gif": FigureFormat(".gif", "animated GIF, one frame per step", _gif, ("width",)),
}
"""Offered for results that can be animated: those with a ``frame_count()`` (a sweep)."""

FIGURE_FORMATS: dict[str, FigureFormat] = {
    ".png": FigureFormat(".png", "PNG image", _png, ("width", "transparent")),
    ".svg": FigureFormat(".svg", "SVG vector image", _svg),
    ".pdf": FigureFormat(".pdf", "PDF vector page", _pdf),
}


def check_width(width: object) -> int:
    """A PNG width as typed by a user (text or number), or an InputError."""
    try:
        value = int(str(width))
    except ValueError:
        value = -1
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise InputError(f"width must be an integer from {MIN_WIDTH} to {MAX_WIDTH} pixels, got {width!r}")
    return value


def figure_formats(result_type: type) -> dict[str, FigureFormat]:
    """The figure formats for ``result_type``: every result's, and GIF when it can be animated."""
    animated = callable(getattr(result_type, "frame_count", None))
    return {**FIGURE_FORMATS, **(ANIMATION_FORMATS if animated else {})}
