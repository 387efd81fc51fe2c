"""The data writers: which file suffixes each result type can be saved as, derived from the features.

Data formats (CSV, JSON) are declared by each feature (:class:`~.features.DataFormat`)
and never import Qt; figure formats (PNG, SVG, PDF, GIF) are listed in
``actviewer.formats``. A writer is ``write(result, path) -> Path`` and must write
atomically (see :mod:`.atomic`), so a failure never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import features

WriteData = Callable[..., Path]


@dataclass(frozen=True)
class DataWriter:
    suffix: str
    description: str
    write: WriteData
    """``write(result, path)``, or ``write(result, path, progress=...)`` when it reports progress."""
    estimate: Callable[[Any], int] | None = None
    """About how many bytes it writes for a result; None for "small"."""

    def reports_progress(self) -> bool:
        return self.estimate is not None


def _writer(declared: features.DataFormat) -> DataWriter:
    estimate = features.resolve(declared.estimate) if declared.estimate is not None else None
    return DataWriter(
        declared.suffix.lower(), declared.description, features.resolve(declared.write), estimate
    )


def data_writers(result_type: type) -> dict[str, DataWriter]:
    """The writers for ``result_type`` (or the nearest declared base class), by suffix."""
    feature = features.for_result(result_type)
    if feature is None:
        return {}
    return {f.suffix.lower(): _writer(f) for f in feature.data_formats}
