"""Precision: float32, float16 and bfloat16 against float64, errors in ULPs (``actviewer precision``)."""

from __future__ import annotations

import argparse

from .. import arguments, catalog
from ..compare import CurveSpec, PrecisionRequest, PrecisionResult
from ..request import parse_assignments
from . import CommandLine, DataFormat, Feature


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("activation", metavar="ID", help="activation id (see 'actviewer list')")
    arguments.add_param_argument(parser)
    arguments.add_domain_arguments(parser)
    parser.add_argument("--device", metavar="DEV", help="where the low precisions run (default cpu)")


def request(args: argparse.Namespace) -> PrecisionRequest:
    spec = catalog.get(args.activation)
    params = spec.parse(parse_assignments(args.param))
    grid = arguments.grid_from_args(args, (CurveSpec(spec.id, params),))
    return PrecisionRequest(spec.id, params, grid, device=arguments.device_from(args)).validated()


FEATURE = Feature(
    id="precision",
    title="Precision",
    request_type=PrecisionRequest,
    result_type=PrecisionResult,
    compute="actviewer.core.compare_compute:compute_precision",
    data_formats=(
        DataFormat(
            ".csv",
            "CSV of the float64 reference and each dtype's values and ULP errors",
            "actviewer.core.export_data:write_precision_csv",
        ),
        DataFormat(
            ".json",
            "JSON of the reference, each dtype's errors and the lost regions",
            "actviewer.core.export_data:write_as_json",
        ),
    ),
    command=CommandLine(
        "precision", "float32, float16 and bfloat16 against float64: errors in ULPs", add_arguments, request
    ),
    view="actviewer.gui.views.precision:PrecisionView",
)
