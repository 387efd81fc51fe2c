"""Data files from a :class:`ComputeResult`: the exact numbers that are plotted."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import numpy as np

from .atomic import write_atomic
from .compute import ComputeResult

_CHUNK = 200_000


def csv_columns(result: ComputeResult) -> list[tuple[str, np.ndarray]]:
    columns = [("x", result.x), ("y", result.y), ("dy", result.dy)]
    if result.d2y is not None:
        columns.append(("d2y", result.d2y))
    return columns


def write_csv(result: ComputeResult, path: str | os.PathLike[str]) -> Path:
    """``x,y,dy[,d2y]`` with enough digits to round-trip the computed dtype."""
    columns = csv_columns(result)
    digits = 17 if result.request.dtype == "float64" else 9
    fmt = ",".join([f"%.{digits}g"] * len(columns))
    table = np.column_stack([c for _, c in columns])

    def write(handle: IO[str]) -> None:
        handle.write(",".join(name for name, _ in columns) + "\n")
        for start in range(0, len(table), _CHUNK):
            np.savetxt(handle, table[start : start + _CHUNK], fmt=fmt, delimiter=",")

    return write_atomic(path, write)
