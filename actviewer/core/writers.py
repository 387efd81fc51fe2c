"""The registry of data writers: which file suffixes each result type can be saved as.

Data formats (CSV, JSON) live here in the core and never import Qt; figure
formats (PNG, SVG, PDF) register in ``actviewer.gui.figures.formats``. A
writer is ``write(result, path) -> Path`` and must write atomically (see
:mod:`.atomic`), so a failure never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import export_data
from .compare import CompareResult, PrecisionResult, SweepResult
from .matrix import MatrixResult
from .network import DistResult, StackResult
from .results import ComputeResult

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


_WRITERS: dict[type, dict[str, DataWriter]] = {}


def register_data_writer(
    result_type: type,
    suffix: str,
    description: str,
    write: WriteData,
    estimate: Callable[[Any], int] | None = None,
) -> None:
    """Let results of ``result_type`` be saved as ``suffix`` (".csv") by ``write``.

    A writer that can be large gives ``estimate`` and takes a ``progress``
    keyword; the window then writes it off the GUI thread with a Cancel button.
    """
    key = suffix.lower()
    _WRITERS.setdefault(result_type, {})[key] = DataWriter(key, description, write, estimate)


def unregister_data_writers(result_type: type) -> None:
    _WRITERS.pop(result_type, None)


def data_writers(result_type: type) -> dict[str, DataWriter]:
    """The writers for ``result_type`` (or the nearest registered base class), by suffix."""
    for cls in result_type.__mro__:
        if cls in _WRITERS:
            return dict(_WRITERS[cls])
    return {}


def registered_suffixes() -> list[str]:
    return list(dict.fromkeys(s for by_suffix in _WRITERS.values() for s in by_suffix))


register_data_writer(
    ComputeResult, ".csv", "CSV of x, y, dy, d2y", export_data.write_csv, export_data.estimated_csv_bytes
)
register_data_writer(
    ComputeResult,
    ".json",
    "JSON of the request and x, y, dy, d2y",
    export_data.write_json,
    export_data.estimated_json_bytes,
)
register_data_writer(MatrixResult, ".csv", "CSV of the output matrix", export_data.write_matrix_csv)
register_data_writer(
    MatrixResult,
    ".json",
    "JSON of the logits, output, sums and Jacobian",
    export_data.write_matrix_json,
)
register_data_writer(
    DistResult, ".json", "JSON of the statistics and histograms", export_data.write_dist_json
)
register_data_writer(DistResult, ".csv", "CSV of the histograms of f and f'", export_data.write_dist_csv)
register_data_writer(
    StackResult, ".json", "JSON of the settings and per-layer numbers", export_data.write_stack_json
)
register_data_writer(StackResult, ".csv", "CSV of the per-layer numbers", export_data.write_stack_csv)
register_data_writer(
    CompareResult,
    ".csv",
    "CSV of x, each curve's y and dy, and each difference from the reference",
    export_data.write_compare_csv,
)
register_data_writer(
    CompareResult,
    ".json",
    "JSON of the curves as calls, their values and largest differences",
    export_data.write_as_json,
)
register_data_writer(
    SweepResult, ".csv", "CSV of x and y, dy for each swept value", export_data.write_sweep_csv
)
register_data_writer(
    SweepResult, ".json", "JSON of the swept values and their curves", export_data.write_as_json
)
register_data_writer(
    PrecisionResult,
    ".csv",
    "CSV of the float64 reference and each dtype's values and ULP errors",
    export_data.write_precision_csv,
)
register_data_writer(
    PrecisionResult,
    ".json",
    "JSON of the reference, each dtype's errors and the lost regions",
    export_data.write_as_json,
)
