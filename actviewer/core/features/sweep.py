"""Sweep: the family f(x; p) for one parameter p across a range (``actviewer sweep``)."""

from __future__ import annotations

import argparse

from .. import arguments, catalog
from ..compare import CurveSpec, SweepRequest, SweepResult, sweepable
from ..errors import InputError
from ..request import parse_assignments, parse_float
from . import CommandLine, DataFormat, Feature


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("activation", metavar="ID", help="activation id (see 'actviewer list')")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=A:B:N | NAME=VALUE",
        help="the swept parameter from A to B in N steps (one), and fixed values of others (repeatable)",
    )
    arguments.add_domain_arguments(parser)
    arguments.add_device_arguments(parser)


def request(args: argparse.Namespace) -> SweepRequest:
    spec = catalog.get(args.activation)
    assignments = parse_assignments(args.param)
    swept = {name: value for name, value in assignments.items() if ":" in value}
    if len(swept) != 1:
        names = ", ".join(sweepable(spec)) or "none"
        raise InputError(
            f"give exactly one --param NAME=A:B:N to sweep (got {len(swept)}); {spec.id} can sweep: {names}"
        )
    ((name, text),) = swept.items()
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(f"--param {name}= takes A:B:N (from A to B in N steps), got {text!r}")
    start, stop = parse_float(f"{name}'s A", parts[0]), parse_float(f"{name}'s B", parts[1])
    steps = arguments.int_option("param N", parts[2], 0)
    spec.param(name)
    others = spec.parse({k: v for k, v in assignments.items() if k != name})
    return SweepRequest(
        activation=spec.id,
        param=name,
        start=start,
        stop=stop,
        steps=steps,
        params=others,
        grid=arguments.grid_from_args(args, (CurveSpec(spec.id, others),)),
        device=arguments.device_from(args),
        dtype=arguments.dtype_from(args),
    ).validated()


FEATURE = Feature(
    id="sweep",
    title="Sweep",
    request_type=SweepRequest,
    result_type=SweepResult,
    compute="actviewer.core.compare_compute:compute_sweep",
    data_formats=(
        DataFormat(
            ".csv", "CSV of x and y, dy for each swept value", "actviewer.core.export_data:write_sweep_csv"
        ),
        DataFormat(
            ".json", "JSON of the swept values and their curves", "actviewer.core.export_data:write_as_json"
        ),
    ),
    command=CommandLine(
        "sweep", "the family f(x; p) for one parameter p across a range", add_arguments, request
    ),
    view="actviewer.gui.views.sweep:SweepView",
)
