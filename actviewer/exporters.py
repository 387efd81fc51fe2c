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
    write: Callable[[ComputeResult, Path], object]
    needs_qt: bool = False


def _csv(result: ComputeResult, path: Path) -> object:
    from .core.export_data import write_csv

    return write_csv(result, path)


FORMATS: dict[str, ExportFormat] = {
    ".csv": ExportFormat(".csv", "CSV of x, y, dy, d2y", _csv),
}


def format_for(path: str | Path) -> ExportFormat:
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(FORMATS)
        raise InputError(
            f"cannot tell the format of {str(path)!r}: use a file name ending in {known}"
        ) from None
