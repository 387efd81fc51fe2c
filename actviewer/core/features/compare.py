"""Compare: overlay activations and their differences from a reference (``actviewer compare``)."""

from __future__ import annotations

import argparse
from dataclasses import replace

from .. import arguments
from ..compare import (
    DIFF_MODES,
    MAX_OVERLAYS,
    CompareRequest,
    CompareResult,
    parse_curve_spec,
)
from ..devices import check_device_name
from ..errors import InputError
from . import CommandLine, DataFormat, Feature


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "specs",
        nargs="+",
        metavar="SPEC",
        help="ID[:NAME=VALUE[,NAME=VALUE...]][@DTYPE], e.g. gelu:approximate=tanh@float16, or expr:FORMULA",
    )
    parser.add_argument("--reference", metavar="N", help="the SPEC differences are taken from (default 1)")
    parser.add_argument(
        "--diff", choices=DIFF_MODES, help="the figure's difference panel: absolute (default), relative, ulp"
    )
    arguments.add_domain_arguments(parser)
    parser.add_argument("--device", metavar="DEV", help="cpu (default), cuda, cuda:N or mps, for every SPEC")


def request(args: argparse.Namespace) -> CompareRequest:
    if len(args.specs) < 2:
        raise InputError(
            "give at least two SPECs to compare, e.g. 'actviewer compare gelu gelu:approximate=tanh'"
        )
    if len(args.specs) > MAX_OVERLAYS:
        raise InputError(f"at most {MAX_OVERLAYS} SPECs can be compared, got {len(args.specs)}")
    device = check_device_name(args.device) if args.device is not None else "cpu"
    curves = tuple(replace(parse_curve_spec(text, i), device=device) for i, text in enumerate(args.specs, 1))
    reference = arguments.int_option("reference", args.reference, 1)
    if not 1 <= reference <= len(curves):
        raise InputError(f"--reference must be from 1 to {len(curves)} (a SPEC's position), got {reference}")
    grid = arguments.grid_from_args(args, curves)
    return CompareRequest(curves, grid, reference - 1, args.diff or "absolute").validated()


FEATURE = Feature(
    id="compare",
    title="Compare",
    request_type=CompareRequest,
    result_type=CompareResult,
    compute="actviewer.core.compare_compute:compute_compare",
    data_formats=(
        DataFormat(
            ".csv",
            "CSV of x, each curve's y and dy, and each difference from the reference",
            "actviewer.core.export_data:write_compare_csv",
        ),
        DataFormat(
            ".json",
            "JSON of the curves as calls, their values and largest differences",
            "actviewer.core.export_data:write_as_json",
        ),
    ),
    command=CommandLine(
        "compare", "overlay activations and their differences from a reference", add_arguments, request
    ),
    view="actviewer.gui.views.compare:CompareView",
)
