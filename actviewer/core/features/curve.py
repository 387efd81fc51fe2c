"""The curve: f, f′ and f″ of one activation on an x grid (the first tab, ``actviewer export``)."""

from __future__ import annotations

import argparse
from typing import Any

from .. import arguments, catalog
from ..errors import InputError
from ..matrix import (
    DEFAULT_COLS,
    DEFAULT_ROWS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    MATRIX_ACTIVATIONS,
    MatrixRequest,
)
from ..request import ComputeRequest, parse_assignments, parse_float
from ..results import ComputeResult
from . import CommandLine, DataFormat, Feature

EXPR_NAME = "expr"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_request_arguments(parser, activation_positional=True)
    matrix = parser.add_argument_group(
        "2-D logits (softmax, softmin, log_softmax)",
        "any of these exports the 2-D view along --param dim=-2..1: heatmaps as a figure, or its data",
    )
    matrix.add_argument("--rows", metavar="R", help=f"rows of the logits, 1..64 (default {DEFAULT_ROWS})")
    matrix.add_argument("--cols", metavar="C", help=f"columns of the logits, 1..64 (default {DEFAULT_COLS})")
    matrix.add_argument("--seed", metavar="S", help=f"seed of the random logits (default {DEFAULT_SEED})")
    matrix.add_argument(
        "--scale", metavar="K", help=f"standard deviation of the logits (default {DEFAULT_SCALE:g})"
    )


def choose_activation(args: argparse.Namespace) -> None:
    """An ID, or ``--expr`` registered as the activation ``expr`` (a bad formula: one line, exit 2)."""
    if args.expr is None:
        if args.param_def:
            raise InputError("--param-def declares parameters of an --expr formula; give --expr too")
        if args.activation is None:
            raise InputError("give an activation ID (see 'actviewer list') or --expr FORMULA")
        return
    if args.activation is not None:
        raise InputError(f"give an activation ID or --expr, not both (got {args.activation!r} and --expr)")
    from ..custom import CustomActivation, parse_param_def

    entry = CustomActivation(EXPR_NAME, args.expr, tuple(parse_param_def(d) for d in args.param_def))
    try:
        spec = entry.spec()
    except InputError as err:
        raise InputError(f"--expr: {err}") from None
    catalog.register(spec)
    args.activation = spec.id


def matrix_request_from_args(args: argparse.Namespace) -> MatrixRequest:
    spec = catalog.get(args.activation)
    if spec.id not in MATRIX_ACTIVATIONS:
        raise InputError(
            f"--rows, --cols, --seed and --scale apply to {', '.join(MATRIX_ACTIVATIONS)}, not {spec.id}"
        )
    for flag in ("x_min", "x_max", "samples"):
        if getattr(args, flag) is not None:
            raise InputError(f"--{flag.replace('_', '-')} applies to the curve export, not to the 2-D logits")
    return MatrixRequest(
        activation=spec.id,
        params=spec.parse(parse_assignments(args.param)),
        rows=arguments.int_option("rows", args.rows, DEFAULT_ROWS),
        cols=arguments.int_option("cols", args.cols, DEFAULT_COLS),
        seed=arguments.int_option("seed", args.seed, DEFAULT_SEED),
        scale=parse_float("scale", args.scale) if args.scale is not None else DEFAULT_SCALE,
        device=arguments.device_from(args),
        dtype=arguments.dtype_from(args),
    ).validated()


def request(args: argparse.Namespace) -> Any:
    """The curve, or, given any 2-D flag, the 2-D logits."""
    choose_activation(args)
    if any(getattr(args, flag) is not None for flag in ("rows", "cols", "seed", "scale")):
        return matrix_request_from_args(args)
    return arguments.request_from_args(args, args.activation)


FEATURE = Feature(
    id="curve",
    title="Curve",
    request_type=ComputeRequest,
    result_type=ComputeResult,
    compute="actviewer.core.compute:compute",
    data_formats=(
        DataFormat(
            ".csv",
            "CSV of x, y, dy, d2y",
            "actviewer.core.export_data:write_csv",
            "actviewer.core.export_data:estimated_csv_bytes",
        ),
        DataFormat(
            ".json",
            "JSON of the request and x, y, dy, d2y",
            "actviewer.core.export_data:write_json",
            "actviewer.core.export_data:estimated_json_bytes",
        ),
    ),
    command=CommandLine(
        "export", "compute one activation and write a file, no window", add_arguments, request
    ),
    view="actviewer.gui.views.curve:CurveView",
)
