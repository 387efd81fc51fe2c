"""Every way a result can be saved, by file suffix: the features' data formats and the figure formats.

The CLI, the window's Export dialog and the README read this one list. Data
formats (CSV, JSON) are declared by each feature and written without Qt; the
figure formats (PNG, SVG, PDF, and GIF for results that animate) are declared
here and drawn by the result's figure drawer (see :func:`figure_of`). Only
writing a figure loads PySide6 and pyqtgraph: this module names their code by
import path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .core import features, writers
from .core.errors import InputError
from .core.export_data import Progress


@dataclass(frozen=True)
class FigureFormat:
    suffix: str
    description: str
    write: str
    """Import path of ``write(make_figure, path, **options)``, a function of the GUI layer."""
    options: tuple[str, ...] = ()
    """The keyword options it takes (the others are refused with a message)."""


ANIMATION_FORMATS: dict[str, FigureFormat] = {
    ".gif": FigureFormat(
        ".gif",
        "animated GIF, one frame per step",
        "actviewer.gui.figures.animation:write_gif",
        ("width", "theme"),
    ),
}
"""Offered for results that can be animated: those with a ``frame_count()`` (a sweep)."""

FIGURE_FORMATS: dict[str, FigureFormat] = {
    ".png": FigureFormat(
        ".png", "PNG image", "actviewer.gui.figures.render:write_png", ("width", "transparent", "theme")
    ),
    ".svg": FigureFormat(".svg", "SVG vector image", "actviewer.gui.figures.render:write_svg", ("theme",)),
    ".pdf": FigureFormat(".pdf", "PDF vector page", "actviewer.gui.figures.render:write_pdf", ("theme",)),
}


@dataclass(frozen=True)
class Format:
    suffix: str
    description: str
    figure: bool
    """A figure (needs Qt, drawn by the result's drawer) rather than data."""
    options: tuple[str, ...] = ()


def figure_formats(result_type: type) -> dict[str, FigureFormat]:
    """The figure formats for ``result_type``: every result's, and GIF when it can be animated;
    none for a feature that declares no drawer (neither a figure nor a view)."""
    feature = features.for_result(result_type)
    if feature is not None and feature.figure is None and feature.view is None:
        return {}
    animated = callable(getattr(result_type, "frame_count", None))
    return {**FIGURE_FORMATS, **(ANIMATION_FORMATS if animated else {})}


def formats_for(result_type: type) -> dict[str, Format]:
    """The formats a result of ``result_type`` can be written as, figures first."""
    out = {s: Format(s, f.description, True, f.options) for s, f in figure_formats(result_type).items()}
    for suffix, writer in writers.data_writers(result_type).items():
        out[suffix] = Format(suffix, writer.description, False)
    return out


def format_for(path: str | os.PathLike[str], result_type: type) -> Format:
    """The format ``path``'s suffix names, or an InputError listing the ones there are."""
    suffix = Path(path).suffix.lower()
    known = formats_for(result_type)
    if suffix not in known:
        raise InputError(
            f"cannot tell the format of {str(path)!r}: use a file name ending in {', '.join(known)}"
        )
    return known[suffix]


def check_options(fmt: Format, options: dict[str, Any], result_type: type | None = None) -> None:
    """Refuse options the format does not take (``--width`` for a CSV, say), naming the formats
    (of ``result_type``, when given) that do take it."""
    for name, value in options.items():
        if value is not None and value is not False and name not in fmt.options:
            raise InputError(
                f"--{name} applies to {', '.join(_taking(name, result_type)) or 'no format'}, not {fmt.suffix}"
            )


def _taking(option: str, result_type: type | None) -> list[str]:
    offered = figure_formats(result_type) if result_type is not None else FIGURE_FORMATS
    return [s for s, f in offered.items() if option in f.options]


def figure_of(result: Any) -> Callable[..., Any]:
    """A figure factory for ``result``: ``make(transparent=..., scale=...) -> FigureCanvas``, drawn
    by its feature's drawer (or its view's ``figure``); imports that one module, not every view."""
    feature = features.for_result(type(result))
    if feature is None or (feature.figure is None and feature.view is None):
        raise InputError(f"no figure is declared for a {type(result).__name__}")
    draw = features.resolve(feature.figure or f"{feature.view}.figure")
    return lambda **options: draw(result, **options)


def write(
    result: Any,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    make: Callable[..., Any] | None = None,
    **options: Any,
) -> Path:
    """Write ``result`` to ``path`` in the format its suffix names (atomically).

    ``progress`` (fraction done; may raise ``Cancelled``) is passed to data
    writers that report it, and to animations (once per frame). ``make``: the figure factory to
    use instead of the result's own drawer (the window's, with the axes as they are on screen).
    """
    fmt = format_for(path, type(result))
    options = {k: v for k, v in options.items() if v is not None}
    check_options(fmt, options, type(result))
    if not fmt.figure:
        writer = writers.data_writers(type(result))[fmt.suffix]
        if progress is not None and writer.reports_progress():
            return writer.write(result, path, progress=progress)
        return writer.write(result, path)
    if fmt.suffix in ANIMATION_FORMATS:
        options["frames"] = result.frame_count()
        if progress is not None:
            options["progress"] = progress
    make = make or figure_of(result)
    theme = options.pop("theme", None)
    if theme is not None:  # light unless asked, whatever the window's theme (gui.theme)
        make = features.resolve("actviewer.gui.figures.style:themed")(make, theme)
    draw = features.resolve(figure_formats(type(result))[fmt.suffix].write)
    return draw(make, path, **options)


def renders_frames(result: Any, path: str | os.PathLike[str]) -> bool:
    """Whether writing ``result`` to ``path`` renders many figures (an animation), slow enough
    to show progress and offer Cancel (``write`` then reports each frame to ``progress``)."""
    return format_for(path, type(result)).suffix in ANIMATION_FORMATS


def estimated_bytes(result: Any, path: str | os.PathLike[str]) -> int:
    """About how large the file will be, for data formats that can be large; 0 when small or unknown."""
    fmt = format_for(path, type(result))
    if fmt.figure:
        return 0
    estimate = writers.data_writers(type(result))[fmt.suffix].estimate
    return estimate(result) if estimate is not None else 0
