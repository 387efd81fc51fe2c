"""Distribution: what an activation does to a distribution of inputs (``actviewer dist``)."""

from __future__ import annotations

import argparse
from typing import Any

from .. import arguments, catalog
from ..errors import InputError
from ..network import DistRequest, DistResult
from ..request import parse_assignments, parse_float
from . import CommandLine, DataFormat, Feature


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags the distribution and the deep stack share: an elementwise activation, a seed, a device."""
    parser.add_argument(
        "activation", metavar="ID", help="an elementwise activation id (see 'actviewer list')"
    )
    arguments.add_param_argument(parser)
    parser.add_argument("--seed", metavar="S", help="seed of the random inputs and weights (default 0)")
    arguments.add_device_arguments(parser)


def network_fields(args: argparse.Namespace) -> dict[str, Any]:
    spec = catalog.get(args.activation)
    return {
        "activation": spec.id,
        "params": spec.parse(parse_assignments(args.param)),
        "seed": arguments.int_option("seed", args.seed, 0),
        "device": arguments.device_from(args),
        "dtype": arguments.dtype_from(args),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    parser.add_argument("--mean", metavar="M", help="mean of the normal input (default 0)")
    parser.add_argument("--std", metavar="S", help="standard deviation of the normal input (default 1)")
    parser.add_argument("--uniform", nargs=2, metavar=("A", "B"), help="uniform input on [A, B] instead")
    parser.add_argument("--samples", "-n", metavar="N", help="number of inputs (default 1e6, at most 1e7)")


def request(args: argparse.Namespace) -> DistRequest:
    fields = network_fields(args)
    if args.uniform is not None:
        if args.mean is not None or args.std is not None:
            raise InputError("give --mean/--std (normal) or --uniform A B, not both")
        fields.update(
            distribution="uniform",
            low=parse_float("A", args.uniform[0]),
            high=parse_float("B", args.uniform[1]),
        )
    else:
        if args.mean is not None:
            fields["mean"] = parse_float("mean", args.mean)
        if args.std is not None:
            fields["std"] = parse_float("std", args.std)
    if args.samples is not None:
        fields["samples"] = arguments.whole_number("samples", args.samples)
    return DistRequest(**fields).validated()


FEATURE = Feature(
    id="distribution",
    title="Distribution",
    request_type=DistRequest,
    result_type=DistResult,
    compute="actviewer.core.network:compute_dist",
    data_formats=(
        DataFormat(
            ".json", "JSON of the statistics and histograms", "actviewer.core.export_data:write_dist_json"
        ),
        DataFormat(".csv", "CSV of the histograms of f and f'", "actviewer.core.export_data:write_dist_csv"),
    ),
    command=CommandLine(
        "dist", "what an activation does to a distribution of inputs", add_arguments, request
    ),
    view="actviewer.gui.views.distribution:DistributionView",
)
