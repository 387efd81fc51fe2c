"""Data files from a :class:`ComputeResult`: the exact numbers that are plotted."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np

from .atomic import write_atomic
from .compare import CompareResult, PrecisionResult, SweepResult
from .matrix import MatrixResult
from .network import DistResult, StackResult
from .results import ComputeResult

_CHUNK = 25_000
_CSV_CHUNK = 5_000
"""Rows per write: small enough that one chunk never holds the GIL long enough to stall the window."""
Progress = Callable[[float], None]
"""Called with the fraction written so far; may raise :class:`~.atomic.Cancelled` to stop."""


def _digits(dtype: str) -> int:
    return 17 if dtype == "float64" else 9


def csv_columns(result: ComputeResult) -> list[tuple[str, np.ndarray]]:
    columns = [("x", result.x), ("y", result.y), ("dy", result.dy)]
    if result.d2y is not None:
        columns.append(("d2y", result.d2y))
    return columns


def estimated_csv_bytes(result: ComputeResult) -> int:
    """About how large :func:`write_csv` makes the file (to say so before a long write)."""
    columns = csv_columns(result)
    return len(result.x) * len(columns) * (_digits(result.request.dtype) + 6)


def estimated_json_bytes(result: ComputeResult) -> int:
    return len(result.x) * len(csv_columns(result)) * 21


def write_columns_csv(
    columns: list[tuple[str, np.ndarray]],
    path: str | os.PathLike[str],
    dtype: str = "float32",
    progress: Progress | None = None,
) -> Path:
    """Named columns of equal length as CSV with a header, with enough digits to round-trip ``dtype``.

    Written a chunk at a time, so memory stays flat and ``progress`` can report and cancel.
    """
    fmt = ",".join([f"%.{_digits(dtype)}g"] * len(columns))
    rows = len(columns[0][1]) if columns else 0

    line = fmt + "\n"

    def write(handle: IO[str]) -> None:
        handle.write(",".join(name for name, _ in columns) + "\n")
        for start in range(0, rows, _CSV_CHUNK):
            block = np.column_stack([c[start : start + _CSV_CHUNK] for _, c in columns])
            # One formatting operation per chunk: fast, and short enough not to stall the GUI.
            handle.write((line * len(block)) % tuple(block.ravel().tolist()))
            if progress is not None:
                progress(min(start + _CSV_CHUNK, rows) / rows)

    return write_atomic(path, write)


def write_csv(result: ComputeResult, path: str | os.PathLike[str], progress: Progress | None = None) -> Path:
    """``x,y,dy[,d2y]`` with enough digits to round-trip the computed dtype."""
    return write_columns_csv(csv_columns(result), path, result.request.dtype, progress)


def write_json(result: ComputeResult, path: str | os.PathLike[str], progress: Progress | None = None) -> Path:
    """The curve with what produced it: the request, and x, y, dy, d2y as lists.

    Streamed column by column and chunk by chunk: a 20-million-sample curve is
    never held as one Python list or one string.
    """
    r = result.request
    header = {
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
    }
    columns = csv_columns(result)
    total = sum(len(c) for _, c in columns) or 1

    def write(handle: IO[str]) -> None:
        handle.write(json.dumps(header)[:-1])
        done = 0
        for name, column in columns:
            handle.write(f", {json.dumps(name)}: [")
            for start in range(0, len(column), _CHUNK):
                if start:
                    handle.write(", ")
                handle.write(json.dumps(column[start : start + _CHUNK].tolist(), allow_nan=True)[1:-1])
                done += min(_CHUNK, len(column) - start)
                if progress is not None:
                    progress(done / total)
            handle.write("]")
        handle.write("}")

    return write_atomic(path, write)


def write_matrix_json(result: MatrixResult, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, lambda handle: json.dump(result.as_json(), handle))


def write_matrix_csv(result: MatrixResult, path: str | os.PathLike[str]) -> Path:
    """The output matrix, one row per line, no header (rows x cols as shown)."""
    digits = 17 if result.request.dtype == "float64" else 9

    def write(handle: IO[str]) -> None:
        np.savetxt(handle, np.atleast_2d(result.output), fmt=f"%.{digits}g", delimiter=",")

    return write_atomic(path, write)


def write_dist_json(result: DistResult, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, lambda handle: json.dump(result.as_json(), handle, allow_nan=True))


def write_dist_csv(result: DistResult, path: str | os.PathLike[str]) -> Path:
    """Each histogram bin of f(x) and of f'(x): its left and right edge and its count."""
    y, dy = result.histogram, result.dy_histogram
    columns = [
        ("y_left", y.edges[:-1]),
        ("y_right", y.edges[1:]),
        ("y_count", y.counts.astype(np.float64)),
        ("dy_left", dy.edges[:-1]),
        ("dy_right", dy.edges[1:]),
        ("dy_count", dy.counts.astype(np.float64)),
    ]
    if len(y.counts) != len(dy.counts):
        columns = columns[:3]
    return write_columns_csv(columns, path, "float64")


def write_stack_json(result: StackResult, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, lambda handle: json.dump(result.as_json(), handle, allow_nan=True))


def write_stack_csv(result: StackResult, path: str | os.PathLike[str]) -> Path:
    """One row per layer: index, then the per-layer numbers of :attr:`StackResult.COLUMNS`."""
    index = np.arange(1, result.request.layers + 1, dtype=np.float64)
    return write_columns_csv(
        [("index", index), *((c, getattr(result, c)) for c in result.COLUMNS)], path, "float64"
    )


def write_compare_csv(result: CompareResult, path: str | os.PathLike[str]) -> Path:
    """``x``, then ``y_i, dy_i`` per curve in order, then ``diff_i`` = y_i - y_ref for every other curve."""
    columns: list[tuple[str, np.ndarray]] = [("x", result.x)]
    for i, (y, dy) in enumerate(zip(result.ys, result.dys), start=1):
        columns += [(f"y_{i}", y), (f"dy_{i}", dy)]
    reference = result.ys[result.request.reference]
    columns += [
        (f"diff_{i}", y - reference)
        for i, y in enumerate(result.ys, start=1)
        if i - 1 != result.request.reference
    ]
    return write_columns_csv(columns, path, "float64")


def write_sweep_csv(result: SweepResult, path: str | os.PathLike[str]) -> Path:
    """``x``, then ``y_k, dy_k`` for each swept value k = 0..N-1 (the JSON lists the values)."""
    columns: list[tuple[str, np.ndarray]] = [("x", result.x)]
    for k, (y, dy) in enumerate(zip(result.ys, result.dys)):
        columns += [(f"y_{k}", y), (f"dy_{k}", dy)]
    return write_columns_csv(columns, path, "float64")


def write_precision_csv(result: PrecisionResult, path: str | os.PathLike[str]) -> Path:
    """``x, y_ref, dy_ref``, then per dtype ``y_<dtype>, dy_<dtype>, ulp_y_<dtype>, ulp_dy_<dtype>``."""
    columns: list[tuple[str, np.ndarray]] = [
        ("x", result.x),
        ("y_ref", result.y_ref),
        ("dy_ref", result.dy_ref),
    ]
    for e in result.dtypes:
        columns += [(f"y_{e.dtype}", e.y), (f"dy_{e.dtype}", e.dy)]
        columns += [(f"ulp_y_{e.dtype}", e.ulp_y), (f"ulp_dy_{e.dtype}", e.ulp_dy)]
    return write_columns_csv(columns, path, "float64")


def write_as_json(
    result: CompareResult | SweepResult | PrecisionResult, path: str | os.PathLike[str]
) -> Path:
    return write_atomic(path, lambda handle: json.dump(result.as_json(), handle, allow_nan=True))
