"""Criticality: the order-to-chaos phase diagram of an activation (a tab, ``actviewer critical``)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from .. import arguments, catalog
from ..atomic import write_atomic
from ..criticality import (
    DEFAULT_C0,
    DEFAULT_DEPTH,
    DEFAULT_Q0,
    DEFAULT_SB2,
    DEFAULT_SW2,
    DEFAULT_WIDTH,
    MAX_DEPTH,
    MAX_STEPS,
    MAX_WIDTH,
    MIN_WIDTH,
    CriticalRequest,
    CriticalResult,
    parse_axis,
)
from ..errors import InputError
from ..export_data import write_columns_csv
from ..request import parse_assignments, parse_float
from . import CommandLine, DataFormat, Feature
from .curve import choose_activation

GRID_COLUMNS = ("q_star", "chi1", "c_star", "chi_c", "xi_q", "xi_c")


def _json_numbers(values: np.ndarray) -> list[Any]:
    """A JSON list: inf and nan become null (JSON has neither)."""
    return [float(v) if np.isfinite(v) else None for v in np.asarray(values, dtype=float).ravel()]


def critical_json(result: CriticalResult) -> dict[str, Any]:
    r = result.request
    out: dict[str, Any] = {
        "activation": r.activation,
        "params": dict(r.params),
        "q0": r.q0,
        "c0": r.c0,
        "quadrature": "Gauss-Hermite, float64",
        "point": result.point.as_json(),
    }
    if result.grid is not None:
        g = result.grid
        sw2, sb2 = np.meshgrid(g.sw2, g.sb2)
        columns = {"sw2": sw2, "sb2": sb2} | {name: getattr(g, name) for name in GRID_COLUMNS}
        lists = {name: _json_numbers(values) for name, values in columns.items()}
        out["grid"] = {
            "sw2": g.sw2.tolist(),
            "sb2": g.sb2.tolist(),
            "points": [dict(zip(lists, row)) for row in zip(*lists.values())],
            "critical_sw2": [
                {"sb2": float(b), "sw2": w} for b, w in zip(g.sb2, _json_numbers(g.critical_sw2))
            ],
        }
    depth: dict[str, Any] = {
        "depth": r.depth,
        "layer": list(range(r.depth + 1)),
        "q": _json_numbers(result.q),
        "c": _json_numbers(result.c),
        "chi1": _json_numbers(result.chi1_depth),
    }
    m = result.measured
    if m is not None:
        depth["measured"] = {
            "width": r.width,
            "seed": r.seed,
            "q": _json_numbers(m.q),
            "c": _json_numbers(m.c),
            "jacobian_width": m.jacobian_width,
            "jacobian_mean_sq_singular_value": {k: _json_numbers(v) for k, v in m.jacobian_mean.items()},
            "jacobian_sq_singular_value_variance": {
                k: _json_numbers(v) for k, v in m.jacobian_spread.items()
            },
            "singular_values": {k: _json_numbers(v) for k, v in m.singular_values.items()},
        }
    out["depth_maps"] = depth
    return out


def write_critical_json(result: CriticalResult, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, lambda handle: json.dump(critical_json(result), handle, indent=1))


def write_critical_csv(result: CriticalResult, path: str | os.PathLike[str]) -> Path:
    """The grid, one row per (σ_w², σ_b²) with the critical σ_w² of its σ_b²; without a grid, one row
    per layer of the depth maps (and the measured stack beside them)."""
    if result.grid is not None:
        g = result.grid
        sw2, sb2 = np.meshgrid(g.sw2, g.sb2)
        critical = np.repeat(g.critical_sw2[:, None], len(g.sw2), axis=1)
        columns = [("sw2", sw2), ("sb2", sb2)] + [(n, getattr(g, n)) for n in GRID_COLUMNS]
        columns.append(("critical_sw2", critical))
        return write_columns_csv([(n, np.asarray(v, float).ravel()) for n, v in columns], path, "float64")
    layers = np.arange(result.request.depth + 1, dtype=float)
    chi = np.concatenate([[np.nan], result.chi1_depth])
    columns = [("layer", layers), ("q", result.q), ("c", result.c), ("chi1", chi)]
    m = result.measured
    if m is not None:
        columns += [("measured_q", m.q), ("measured_c", m.c)]
        for kind, values in m.jacobian_mean.items():
            columns.append((f"jacobian_mean_{kind}", np.concatenate([[1.0], values])))
    return write_columns_csv(columns, path, "float64")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_activation_arguments(parser, "an elementwise activation id")
    arguments.add_param_argument(parser)
    a, b = DEFAULT_SW2, DEFAULT_SB2
    parser.add_argument(
        "--sw2",
        metavar="A:B:N",
        help=f"σ_w² from A to B in N steps, N <= {MAX_STEPS} (default {a[0]:g}:{a[1]:g}:{a[2]})",
    )
    parser.add_argument(
        "--sb2", metavar="A:B:N", help=f"σ_b² from A to B in N steps (default {b[0]:g}:{b[1]:g}:{b[2]})"
    )
    parser.add_argument(
        "--point",
        metavar="SW2,SB2",
        help="the point of the per-depth maps (alone, for CSV or JSON: no grid is computed)",
    )
    parser.add_argument(
        "--depth", metavar="L", help=f"layers of the per-depth maps, 1..{MAX_DEPTH} (default {DEFAULT_DEPTH})"
    )
    parser.add_argument("--q0", metavar="Q", help=f"length of the input, (1/N)|x|² (default {DEFAULT_Q0:g})")
    parser.add_argument(
        "--c0", metavar="C", help=f"correlation of the two inputs, -1..1 (default {DEFAULT_C0:g})"
    )
    parser.add_argument(
        "--measure",
        action="store_true",
        help="also measure a random network at the point (its variance, correlation and Jacobian);"
        " a figure always does",
    )
    parser.add_argument(
        "--width",
        metavar="N",
        help=f"units per layer of the measured network, {MIN_WIDTH}..{MAX_WIDTH} (default {DEFAULT_WIDTH})",
    )
    parser.add_argument("--seed", metavar="S", help="seed of the measured network (default 0)")
    arguments.add_device_arguments(parser, dtype=False)


def request(args: argparse.Namespace) -> CriticalRequest:
    choose_activation(args)
    spec = catalog.get(args.activation)
    # A figure shows every panel: the grid and the measured network, whatever the flags skip for data.
    figure = not str(getattr(args, "output", "")).lower().endswith((".csv", ".json"))
    fields: dict[str, Any] = {
        "activation": spec.id,
        "params": spec.parse(parse_assignments(args.param)),
        "device": arguments.device_from(args),
        "measure": bool(args.measure) or figure,
        "grid": figure or args.point is None or args.sw2 is not None or args.sb2 is not None,
    }
    if args.sw2 is not None:
        fields["sw2"] = parse_axis("--sw2", args.sw2)
    if args.sb2 is not None:
        fields["sb2"] = parse_axis("--sb2", args.sb2)
    if args.point is not None:
        parts = args.point.split(",")
        if len(parts) != 2:
            raise InputError(f"--point takes SW2,SB2 such as 1.5,0.05, got {args.point!r}")
        fields["point"] = (parse_float("--point σ_w²", parts[0]), parse_float("--point σ_b²", parts[1]))
    for name in ("depth", "width", "seed"):
        if getattr(args, name) is not None:
            fields[name] = arguments.whole_number(name, getattr(args, name))
    for name in ("q0", "c0"):
        if getattr(args, name) is not None:
            fields[name] = parse_float(f"--{name}", getattr(args, name))
    if not fields["measure"] and (args.width is not None or args.seed is not None):
        raise InputError("--width and --seed set the measured network; give --measure too")
    return CriticalRequest(**fields).validated()


FEATURE = Feature(
    id="critical",
    title="Criticality",
    request_type=CriticalRequest,
    result_type=CriticalResult,
    compute="actviewer.core.criticality:compute_critical",
    interruptible=True,
    data_formats=(
        DataFormat(
            ".json", "JSON of the grid, the critical line and the per-depth maps", write_critical_json
        ),
        DataFormat(
            ".csv", "CSV of the grid (or, with --point alone, of the per-depth maps)", write_critical_csv
        ),
    ),
    command=CommandLine(
        "critical",
        "the order-to-chaos phase diagram: q*, χ₁, c*, depth scales over σ_w² × σ_b²",
        add_arguments,
        request,
        figure_width_flag="--image-width",
    ),
    view="actviewer.gui.views.criticality:CriticalView",
)
