"""Data files from a :class:`ComputeResult`: the exact numbers that are plotted."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

import numpy as np

from .atomic import write_atomic
from .matrix import MatrixResult
from .results import ComputeResult

_CHUNK = 200_000


def csv_columns(result: ComputeResult) -> list[tuple[str, np.ndarray]]:
    columns = [("x", result.x), ("y", result.y), ("dy", result.dy)]
    if result.d2y is not None:
        columns.append(("d2y", result.d2y))
    return columns


def write_columns_csv(
    columns: list[tuple[str, np.ndarray]], path: str | os.PathLike[str], dtype: str = "float32"
) -> Path:
    """Named columns of equal length as CSV with a header, with enough digits to round-trip ``dtype``."""
    digits = 17 if dtype == "float64" else 9
    fmt = ",".join([f"%.{digits}g"] * len(columns))
    table = np.column_stack([c for _, c in columns])

    def write(handle: IO[str]) -> None:
        handle.write(",".join(name for name, _ in columns) + "\n")
        for start in range(0, len(table), _CHUNK):
            np.savetxt(handle, table[start : start + _CHUNK], fmt=fmt, delimiter=",")

    return write_atomic(path, write)


def write_csv(result: ComputeResult, path: str | os.PathLike[str]) -> Path:
    """``x,y,dy[,d2y]`` with enough digits to round-trip the computed dtype."""
    return write_columns_csv(csv_columns(result), path, result.request.dtype)


def write_json(result: ComputeResult, path: str | os.PathLike[str]) -> Path:
    """The curve with what produced it: the request, and x, y, dy, d2y as lists."""
    r = result.request
    payload = {
        "activation": r.activation,
        "call": r.spec.signature(r.params),
        "params": dict(r.params),
        "x_min": r.x_min,
        "x_max": r.x_max,
        "samples": r.samples,
        "device": result.device,
        "dtype": r.dtype,
        "derivative": result.derivative_method,
        "dy_undefined_at": list(result.undefined_at),
        **{name: column.tolist() for name, column in csv_columns(result)},
    }
    return write_atomic(path, lambda handle: json.dump(payload, handle, allow_nan=True))


def write_matrix_json(result: MatrixResult, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, lambda handle: json.dump(result.as_json(), handle))


def write_matrix_csv(result: MatrixResult, path: str | os.PathLike[str]) -> Path:
    """The output matrix, one row per line, no header (rows x cols as shown)."""
    digits = 17 if result.request.dtype == "float64" else 9

    def write(handle: IO[str]) -> None:
        np.savetxt(handle, np.atleast_2d(result.output), fmt=f"%.{digits}g", delimiter=",")

    return write_atomic(path, write)
