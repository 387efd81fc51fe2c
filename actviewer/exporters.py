"""The registry of export formats: one entry per file suffix.

A new format is one :class:`ExportFormat` in :data:`FORMATS`; the CLI, the
window's Export dialog and the docs read this list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .core.errors import InputError

if TYPE_CHECKING:
    from .core.compute import ComputeResult


@dataclass(frozen=True)
class ExportFormat:
    suffix: str
    description: str
    write: Callable[..., object]
    """``write(result, path, **options)``; PNG takes ``width`` and ``transparent``."""
    needs_qt: bool = False


def _csv(result: ComputeResult, path: Path, **_: object) -> object:
    from .core.export_data import write_csv

    return write_csv(result, path)


def _png(result: ComputeResult, path: Path, width: int | None = None, transparent: bool = False) -> object:
    from .gui.figure import DEFAULT_WIDTH, write_png

    return write_png(result, path, width or DEFAULT_WIDTH, transparent)


def _svg(result: ComputeResult, path: Path, **_: object) -> object:
    from .gui.figure import write_svg

    return write_svg(result, path)


def _pdf(result: ComputeResult, path: Path, **_: object) -> object:
    from .gui.figure import write_pdf

    return write_pdf(result, path)


def _json(result: ComputeResult, path: Path, **_: object) -> object:
    from .core.export_data import write_json

    return write_json(result, path)


FORMATS: dict[str, ExportFormat] = {
    ".png": ExportFormat(".png", "PNG image", _png, needs_qt=True),
    ".svg": ExportFormat(".svg", "SVG vector image", _svg, needs_qt=True),
    ".pdf": ExportFormat(".pdf", "PDF vector page", _pdf, needs_qt=True),
    ".csv": ExportFormat(".csv", "CSV of x, y, dy, d2y", _csv),
    ".json": ExportFormat(".json", "JSON of the request and x, y, dy, d2y", _json),
}


def matrix_writer(path: str | Path) -> Callable[..., object]:
    from .core.export_data import write_matrix_csv, write_matrix_json

    writers = {".json": write_matrix_json, ".csv": write_matrix_csv}
    suffix = Path(path).suffix.lower()
    if suffix not in writers:
        raise InputError(
            f"the 2-D softmax export writes .json or .csv, not {suffix or 'a file without suffix'}"
        )
    return writers[suffix]


def format_for(path: str | Path) -> ExportFormat:
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(FORMATS)
        raise InputError(
            f"cannot tell the format of {str(path)!r}: use a file name ending in {known}"
        ) from None
