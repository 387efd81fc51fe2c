"""Deep stack: signals and gradients through L layers of nn.Linear + the activation (``actviewer stack``)."""

from __future__ import annotations

import argparse

from .. import arguments
from ..network import INITS, StackRequest, StackResult
from ..request import parse_float
from . import CommandLine, DataFormat, Feature
from .distribution import add_network_arguments, network_fields


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    parser.add_argument("--layers", metavar="L", help="number of layers, 1..200 (default 20)")
    parser.add_argument("--width", metavar="W", help="units per layer, 16..1024 (default 256)")
    parser.add_argument("--batch", metavar="B", help="batch size, 2..4096 (default 512)")
    parser.add_argument("--init", metavar="NAME", help="torch.nn.init scheme: " + ", ".join(INITS))
    parser.add_argument("--std", metavar="S", help="standard deviation for --init normal (default 0.02)")
    parser.add_argument(
        "--fan", choices=("fan_in", "fan_out"), help="mode of the kaiming inits (default fan_in)"
    )
    parser.add_argument("--residual", action="store_true", help="h + f(W h) instead of f(W h)")
    parser.add_argument("--layernorm", action="store_true", help="LayerNorm before the activation")
    parser.add_argument("--no-bias", action="store_true", help="nn.Linear without bias")


def request(args: argparse.Namespace) -> StackRequest:
    fields = network_fields(args)
    for name in ("layers", "width", "batch"):
        if getattr(args, name) is not None:
            fields[name] = arguments.int_option(name, getattr(args, name), 0)
    if args.init is not None:
        fields["init"] = args.init
    if args.std is not None:
        fields["std"] = parse_float("std", args.std)
    if args.fan is not None:
        fields["fan"] = args.fan
    fields.update(residual=args.residual, layernorm=args.layernorm, bias=not args.no_bias)
    return StackRequest(**fields).validated()


FEATURE = Feature(
    id="stack",
    title="Deep stack",
    request_type=StackRequest,
    result_type=StackResult,
    compute="actviewer.core.network:compute_stack",
    interruptible=True,
    data_formats=(
        DataFormat(
            ".json",
            "JSON of the settings and per-layer numbers",
            "actviewer.core.export_data:write_stack_json",
        ),
        DataFormat(".csv", "CSV of the per-layer numbers", "actviewer.core.export_data:write_stack_csv"),
    ),
    command=CommandLine(
        "stack",
        "signals and gradients through L layers of nn.Linear + the activation",
        add_arguments,
        request,
        figure_width_flag="--image-width",
    ),
    view="actviewer.gui.views.stack:StackView",
)
