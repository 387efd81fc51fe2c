"""Command line: ``actviewer [gui|list|export|compare|sweep|precision|dist|stack|gallery] ...``.

Every user mistake ends as one line on stderr and exit status 2, before any
file or window is touched. Torch is imported only by the commands that compute.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .core import catalog
from .core.compare import DIFF_MODES
from .core.devices import DTYPES, check_device_name, check_dtype
from .core.errors import InputError
from .core.matrix import (
    DEFAULT_COLS,
    DEFAULT_ROWS,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    MATRIX_ACTIVATIONS,
    MatrixRequest,
)
from .core.network import INITS
from .core.request import (
    DEFAULT_SAMPLES,
    DEFAULT_X_MAX,
    DEFAULT_X_MIN,
    MAX_SAMPLES,
    ComputeRequest,
    parse_assignments,
    parse_float,
    parse_samples,
)
from .formats import all_suffixes, format_for
from .gui.figures.formats import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, check_width
from .gui.views import BUILT_IN

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_request_arguments(parser: argparse.ArgumentParser, *, activation_positional: bool) -> None:
    if activation_positional:
        parser.add_argument(
            "activation", metavar="ID", nargs="?", help="activation id (see 'actviewer list'), or use --expr"
        )
        parser.add_argument(
            "--expr",
            metavar="FORMULA",
            help='your own activation as a formula in x, e.g. "x * tanh(softplus(x))" (instead of ID)',
        )
        parser.add_argument(
            "--param-def",
            action="append",
            default=[],
            metavar="NAME=DEFAULT[:MIN:MAX]",
            help="declare a parameter the formula uses (repeatable)",
        )
    else:
        parser.add_argument("--activation", metavar="ID", help="activation to show first")
    _add_param_argument(parser)
    parser.add_argument("--x-min", metavar="A", help=f"left end of x (default {DEFAULT_X_MIN:g})")
    parser.add_argument("--x-max", metavar="B", help=f"right end of x (default {DEFAULT_X_MAX:g})")
    parser.add_argument(
        "--samples",
        "-n",
        metavar="N",
        help=f"number of x samples, 2..{MAX_SAMPLES:,} (default {DEFAULT_SAMPLES})",
    )
    _add_device_arguments(parser)


def _add_param_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter, by torch's keyword name (repeatable)",
    )


def _add_device_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", metavar="DEV", help="cpu (default), cuda, cuda:N or mps")
    parser.add_argument("--dtype", metavar="DT", help=f"{', '.join(DTYPES)} (default float32)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="actviewer",
        description="Explore neural-network activation functions and their derivatives with PyTorch.",
    )
    parser.add_argument("--version", action="version", version=f"actviewer {__version__}")
    sub = parser.add_subparsers(
        dest="command",
        metavar="{gui,list,export,compare,sweep,precision,dist,stack,gallery}",
        parser_class=_Parser,
    )

    gui = sub.add_parser("gui", help="open the explorer window (the default)")
    _add_request_arguments(gui, activation_positional=False)
    gui.add_argument("--screenshot", metavar="FILE.png", help="save the window once drawn, then exit")
    gui.add_argument("--lang", metavar="LANG", help="user-interface language: en or vi")
    gui.add_argument("--view", choices=tuple(BUILT_IN), help="the tab to open on")
    gui.add_argument("--lesson", metavar="NAME", help="open a guided lesson: tutorial")
    gui.add_argument(
        "--lesson-step", metavar="N", help="the lesson's step to show, from 1 (default: the last seen)"
    )

    lister = sub.add_parser("list", help="print the activation ids, one a line")
    lister.add_argument("--json", action="store_true", help="print the whole catalog as JSON")

    export = sub.add_parser("export", help="compute one activation and write a file, no window")
    _add_request_arguments(export, activation_positional=True)
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=f"output file, format by suffix: {', '.join(all_suffixes())}",
    )
    export.add_argument(
        "--width",
        metavar="PX",
        help=f"PNG width in pixels, {MIN_WIDTH}..{MAX_WIDTH} (default {DEFAULT_WIDTH})",
    )
    matrix = export.add_argument_group(
        "2-D logits (softmax, softmin, log_softmax)",
        "any of these exports the 2-D view along --param dim=-2..1: heatmaps as a figure, or its data",
    )
    matrix.add_argument("--rows", metavar="R", help=f"rows of the logits, 1..64 (default {DEFAULT_ROWS})")
    matrix.add_argument("--cols", metavar="C", help=f"columns of the logits, 1..64 (default {DEFAULT_COLS})")
    matrix.add_argument("--seed", metavar="S", help=f"seed of the random logits (default {DEFAULT_SEED})")
    matrix.add_argument(
        "--scale", metavar="K", help=f"standard deviation of the logits (default {DEFAULT_SCALE:g})"
    )
    export.add_argument("--transparent", action="store_true", help="PNG with a transparent background")

    compare = sub.add_parser("compare", help="overlay activations and their differences from a reference")
    compare.add_argument(
        "specs",
        nargs="+",
        metavar="SPEC",
        help="ID[:NAME=VALUE[,NAME=VALUE...]][@DTYPE], e.g. gelu:approximate=tanh@float16, or expr:FORMULA",
    )
    compare.add_argument("--reference", metavar="N", help="the SPEC differences are taken from (default 1)")
    compare.add_argument(
        "--diff", choices=DIFF_MODES, help="the figure's difference panel: absolute (default), relative, ulp"
    )
    _add_domain_arguments(compare)
    compare.add_argument("--device", metavar="DEV", help="cpu (default), cuda, cuda:N or mps, for every SPEC")
    _add_figure_output(compare, "csv, json, png, svg or pdf")

    sweep = sub.add_parser("sweep", help="the family f(x; p) for one parameter p across a range")
    sweep.add_argument("activation", metavar="ID", help="activation id (see 'actviewer list')")
    sweep.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=A:B:N | NAME=VALUE",
        help="the swept parameter from A to B in N steps (one), and fixed values of others (repeatable)",
    )
    _add_domain_arguments(sweep)
    _add_device_arguments(sweep)
    _add_figure_output(sweep, "csv, json, png, svg, pdf or gif (one frame per step)")

    precision = sub.add_parser(
        "precision", help="float32, float16 and bfloat16 against float64: errors in ULPs"
    )
    precision.add_argument("activation", metavar="ID", help="activation id (see 'actviewer list')")
    _add_param_argument(precision)
    _add_domain_arguments(precision)
    precision.add_argument("--device", metavar="DEV", help="where the low precisions run (default cpu)")
    _add_figure_output(precision, "csv, json, png, svg or pdf")

    dist = sub.add_parser("dist", help="what an activation does to a distribution of inputs")
    _add_network_arguments(dist)
    dist.add_argument("--mean", metavar="M", help="mean of the normal input (default 0)")
    dist.add_argument("--std", metavar="S", help="standard deviation of the normal input (default 1)")
    dist.add_argument("--uniform", nargs=2, metavar=("A", "B"), help="uniform input on [A, B] instead")
    dist.add_argument("--samples", "-n", metavar="N", help="number of inputs (default 1e6, at most 1e7)")
    dist.add_argument("--width", metavar="PX", help="PNG width in pixels")
    dist.add_argument("--transparent", action="store_true", help="PNG with a transparent background")

    stack = sub.add_parser(
        "stack", help="signals and gradients through L layers of nn.Linear + the activation"
    )
    _add_network_arguments(stack)
    stack.add_argument("--layers", metavar="L", help="number of layers, 1..200 (default 20)")
    stack.add_argument("--width", metavar="W", help="units per layer, 16..1024 (default 256)")
    stack.add_argument("--batch", metavar="B", help="batch size, 2..4096 (default 512)")
    stack.add_argument("--init", metavar="NAME", help="torch.nn.init scheme: " + ", ".join(INITS))
    stack.add_argument("--std", metavar="S", help="standard deviation for --init normal (default 0.02)")
    stack.add_argument(
        "--fan", choices=("fan_in", "fan_out"), help="mode of the kaiming inits (default fan_in)"
    )
    stack.add_argument("--residual", action="store_true", help="h + f(W h) instead of f(W h)")
    stack.add_argument("--layernorm", action="store_true", help="LayerNorm before the activation")
    stack.add_argument("--no-bias", action="store_true", help="nn.Linear without bias")
    stack.add_argument("--image-width", metavar="PX", help="PNG width in pixels")
    stack.add_argument("--transparent", action="store_true", help="PNG with a transparent background")

    gallery = sub.add_parser("gallery", help="write a figure of every activation and an index.html")
    gallery.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write into (created if missing)"
    )
    gallery.add_argument(
        "--format", choices=("png", "svg"), default="png", help="figure format (default png)"
    )
    gallery.add_argument("--width", metavar="PX", help="PNG width in pixels (default 1920)")
    return parser


def _add_domain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--x-min", metavar="A", help=f"left end of x (default {DEFAULT_X_MIN:g})")
    parser.add_argument("--x-max", metavar="B", help=f"right end of x (default {DEFAULT_X_MAX:g})")
    parser.add_argument(
        "--samples", "-n", metavar="N", help=f"x samples per curve (default {DEFAULT_SAMPLES})"
    )


def _add_figure_output(parser: argparse.ArgumentParser, formats: str) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help=f"output file: {formats}")
    parser.add_argument("--width", metavar="PX", help="PNG or GIF width in pixels")
    parser.add_argument("--transparent", action="store_true", help="PNG with a transparent background")


def _grid_from_args(args: argparse.Namespace, curves: tuple[Any, ...]) -> Any:
    from .core.compare import Grid, kinks

    x_min = parse_float("x-min", args.x_min) if args.x_min is not None else DEFAULT_X_MIN
    x_max = parse_float("x-max", args.x_max) if args.x_max is not None else DEFAULT_X_MAX
    samples = parse_samples(args.samples) if args.samples is not None else DEFAULT_SAMPLES
    return Grid(x_min, x_max, samples, kinks(curves, x_min, x_max) if x_min < x_max else ()).validated()


def cmd_compare(args: argparse.Namespace) -> int:
    from .core.compare import MAX_OVERLAYS, CompareRequest, CompareResult, parse_curve_spec

    if len(args.specs) < 2:
        raise InputError(
            "give at least two SPECs to compare, e.g. 'actviewer compare gelu gelu:approximate=tanh'"
        )
    if len(args.specs) > MAX_OVERLAYS:
        raise InputError(f"at most {MAX_OVERLAYS} SPECs can be compared, got {len(args.specs)}")
    device = check_device_name(args.device) if args.device is not None else "cpu"
    curves = tuple(replace(parse_curve_spec(text, i), device=device) for i, text in enumerate(args.specs, 1))
    reference = _int_option("reference", args.reference, 1)
    if not 1 <= reference <= len(curves):
        raise InputError(f"--reference must be from 1 to {len(curves)} (a SPEC's position), got {reference}")
    request = CompareRequest(curves, _grid_from_args(args, curves), reference - 1, args.diff or "absolute")
    return _write(args, request.validated(), CompareResult, _figure_options(args))


def cmd_sweep(args: argparse.Namespace) -> int:
    from .core.compare import CurveSpec, SweepRequest, SweepResult, sweepable

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
    steps = _int_option("param N", parts[2], 0)
    spec.param(name)
    others = spec.parse({k: v for k, v in assignments.items() if k != name})
    request = SweepRequest(
        activation=spec.id,
        param=name,
        start=start,
        stop=stop,
        steps=steps,
        params=others,
        grid=_grid_from_args(args, (CurveSpec(spec.id, others),)),
        device=check_device_name(args.device) if args.device is not None else "cpu",
        dtype=check_dtype(args.dtype) if args.dtype is not None else "float32",
    )
    return _write(args, request.validated(), SweepResult, _figure_options(args))


def cmd_precision(args: argparse.Namespace) -> int:
    from .core.compare import CurveSpec, PrecisionRequest, PrecisionResult

    spec = catalog.get(args.activation)
    params = spec.parse(parse_assignments(args.param))
    request = PrecisionRequest(
        spec.id,
        params,
        _grid_from_args(args, (CurveSpec(spec.id, params),)),
        check_device_name(args.device) if args.device is not None else "cpu",
    )
    return _write(args, request.validated(), PrecisionResult, _figure_options(args))


def _add_network_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "activation", metavar="ID", help="an elementwise activation id (see 'actviewer list')"
    )
    _add_param_argument(parser)
    parser.add_argument("--seed", metavar="S", help="seed of the random inputs and weights (default 0)")
    _add_device_arguments(parser)
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="output file: .json, .csv, .png, .svg or .pdf"
    )


def _common_network(args: argparse.Namespace) -> dict[str, Any]:
    spec = catalog.get(args.activation)
    return {
        "activation": spec.id,
        "params": spec.parse(parse_assignments(args.param)),
        "seed": _int_option("seed", args.seed, 0),
        "device": check_device_name(args.device) if args.device is not None else "cpu",
        "dtype": check_dtype(args.dtype) if args.dtype is not None else "float32",
    }


def cmd_dist(args: argparse.Namespace) -> int:
    from .core.network import DistRequest, DistResult

    fields = _common_network(args)
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
        fields["samples"] = _whole_number("samples", args.samples)
    request = DistRequest(**fields).validated()
    return _write(args, request, DistResult, _figure_options(args))


def cmd_stack(args: argparse.Namespace) -> int:
    from .core.network import StackRequest, StackResult

    fields = _common_network(args)
    for name in ("layers", "width", "batch"):
        if getattr(args, name) is not None:
            fields[name] = _int_option(name, getattr(args, name), 0)
    if args.init is not None:
        fields["init"] = args.init
    if args.std is not None:
        fields["std"] = parse_float("std", args.std)
    if args.fan is not None:
        fields["fan"] = args.fan
    fields.update(residual=args.residual, layernorm=args.layernorm, bias=not args.no_bias)
    request = StackRequest(**fields).validated()
    options = _figure_options(argparse.Namespace(width=args.image_width, transparent=args.transparent))
    return _write(args, request, StackResult, options)


def _whole_number(name: str, text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value.is_integer()):
        raise InputError(f"--{name} must be a whole number, got {text!r}")
    return int(value)


def _write(args: argparse.Namespace, request: Any, result_type: type, options: dict[str, Any]) -> int:
    """Check the output, then compute ``request`` and write it in the format the suffix names."""
    from .core.atomic import check_writable
    from .formats import check_options

    fmt = format_for(args.output, result_type)
    check_options(fmt, options, result_type)
    check_writable(args.output)
    _check_device_available(request.device)
    if fmt.figure:
        from .gui.app import headless_application

        headless_application()
    from .core.allocator import tune_allocator
    from .core.dispatch import run
    from .formats import write

    tune_allocator()
    write(run(request), Path(args.output), **options)
    return 0


def request_from_args(args: argparse.Namespace, activation: str) -> ComputeRequest:
    """Build and validate a request from parsed flags; unset flags keep defaults."""
    spec = catalog.get(activation)
    request = ComputeRequest(
        activation=spec.id,
        params=spec.parse(parse_assignments(args.param)),
        x_min=parse_float("x-min", args.x_min) if args.x_min is not None else DEFAULT_X_MIN,
        x_max=parse_float("x-max", args.x_max) if args.x_max is not None else DEFAULT_X_MAX,
        samples=parse_samples(args.samples) if args.samples is not None else DEFAULT_SAMPLES,
        device=check_device_name(args.device) if args.device is not None else "cpu",
        dtype=check_dtype(args.dtype) if args.dtype is not None else "float32",
    )
    return request.validated()


def _check_device_available(name: str) -> None:
    if name != "cpu":
        from .core.devices import torch_device

        torch_device(name)


def cmd_list(args: argparse.Namespace) -> int:
    for problem in _load_library():
        print(f"actviewer list: warning: custom activation library: {problem}", file=sys.stderr)
    if args.json:
        from .core.request import MAX_SAMPLES as cap

        payload = {
            "activations": [spec.as_dict() for spec in catalog.all_specs()],
            "families": list(catalog.FAMILIES),
            "dtypes": list(DTYPES),
            "samples": {"min": 2, "max": cap, "default": DEFAULT_SAMPLES},
        }
        print(json.dumps(payload, indent=2))
    else:
        print("\n".join(catalog.ids()))
    return 0


def _figure_options(args: argparse.Namespace) -> dict[str, Any]:
    """--width and --transparent as the figure writers take them (checked against the format later)."""
    options: dict[str, Any] = {}
    if getattr(args, "width", None) is not None:
        try:
            options["width"] = check_width(args.width)
        except InputError as err:
            raise InputError(f"--{err}") from None
    if getattr(args, "transparent", False):
        options["transparent"] = True
    return options


def _int_option(name: str, text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise InputError(f"--{name} must be an integer, got {text!r}") from None


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
        rows=_int_option("rows", args.rows, DEFAULT_ROWS),
        cols=_int_option("cols", args.cols, DEFAULT_COLS),
        seed=_int_option("seed", args.seed, DEFAULT_SEED),
        scale=parse_float("scale", args.scale) if args.scale is not None else DEFAULT_SCALE,
        device=check_device_name(args.device) if args.device is not None else "cpu",
        dtype=check_dtype(args.dtype) if args.dtype is not None else "float32",
    ).validated()


EXPR_NAME = "expr"


def _choose_activation(args: argparse.Namespace) -> None:
    """An ID, or ``--expr`` registered as the activation ``expr`` (a bad formula: one line, exit 2)."""
    if args.expr is None:
        if args.param_def:
            raise InputError("--param-def declares parameters of an --expr formula; give --expr too")
        if args.activation is None:
            raise InputError("give an activation ID (see 'actviewer list') or --expr FORMULA")
        return
    if args.activation is not None:
        raise InputError(f"give an activation ID or --expr, not both (got {args.activation!r} and --expr)")
    from .core.custom import CustomActivation, parse_param_def

    entry = CustomActivation(EXPR_NAME, args.expr, tuple(parse_param_def(d) for d in args.param_def))
    try:
        spec = entry.spec()
    except InputError as err:
        raise InputError(f"--expr: {err}") from None
    catalog.register(spec)
    args.activation = spec.id


def _load_library() -> list[str]:
    """The user's custom activations, registered so their ids work here as in the window."""
    from .core.custom import load_installed

    return load_installed()


def cmd_export(args: argparse.Namespace) -> int:
    """Compute the curve (or, given any 2-D flag, the 2-D logits) and write the file its suffix names."""
    from .core.matrix import MatrixResult
    from .core.results import ComputeResult

    _choose_activation(args)
    two_d = any(getattr(args, flag) is not None for flag in ("rows", "cols", "seed", "scale"))
    request: Any = matrix_request_from_args(args) if two_d else request_from_args(args, args.activation)
    return _write(args, request, MatrixResult if two_d else ComputeResult, _figure_options(args))


def cmd_gallery(args: argparse.Namespace) -> int:
    if not args.output.strip():
        raise InputError("the output folder name is empty")
    folder = Path(args.output).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; give a folder for the gallery")
    if not folder.parent.is_dir():
        raise InputError(f"cannot create {folder}: folder {folder.parent} does not exist")
    suffix = "." + args.format
    from .core.results import ComputeResult
    from .formats import check_options

    options = _figure_options(args)
    check_options(format_for(f"x{suffix}", ComputeResult), options)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create {folder}: {err.strerror or err}") from None
    from .core.atomic import check_writable

    check_writable(folder / "index.html")
    from .gui.app import headless_application

    headless_application()
    from .gallery import write_gallery

    def progress(done: int, total: int, activation_id: str) -> None:
        end = "\n" if done == total else ""
        print(f"\rgallery: {done}/{total} {activation_id:<14}", end=end, file=sys.stderr, flush=True)

    write_gallery(folder, suffix, options, progress)
    return 0


def gui_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The state fields the user set on the command line, validated as export validates them."""
    if args.param and args.activation is None:
        raise InputError("--param needs --activation to say whose parameter it is")
    if args.view == "matrix" and args.activation is not None:
        # Validated as the 2-D view will compute it (dim=1 is fine there, not on a 1-D curve).
        spec = catalog.get(args.activation)
        params = spec.parse(parse_assignments(args.param))
        MatrixRequest(activation=spec.id, params=params).validated()
        request = replace(
            request_from_args(_without_params(args), catalog.ACTIVATIONS[0].id),
            activation=spec.id,
            params=params,
        )
    else:
        request = request_from_args(args, args.activation or catalog.ACTIVATIONS[0].id)
    given = {
        "x_min": args.x_min,
        "x_max": args.x_max,
        "samples": args.samples,
        "device": args.device,
        "dtype": args.dtype,
    }
    overrides: dict[str, Any] = {
        name: getattr(request, name) for name, raw in given.items() if raw is not None
    }
    if args.view is not None:
        overrides["view"] = args.view
    if args.activation is not None:
        overrides["activation"] = request.activation
        overrides["params"] = {k: request.params[k] for k in parse_assignments(args.param)}
    return overrides


def _without_params(args: argparse.Namespace) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "param": []})


def cmd_gui(args: argparse.Namespace) -> int:
    overrides = gui_overrides(args)
    if args.device is not None:
        _check_device_available(args.device)
    if args.screenshot is not None:
        from .core.atomic import check_writable

        if not args.screenshot.lower().endswith(".png"):
            raise InputError(
                f"--screenshot writes PNG; give a file name ending in .png, not {args.screenshot!r}"
            )
        check_writable(args.screenshot)
    if args.lang is not None and args.lang not in ("en", "vi"):
        raise InputError(f"unknown language {args.lang!r}; use en or vi")
    lesson = _lesson_from_args(args)
    from .gui.app import run

    return run(args.screenshot, overrides, lang=args.lang, lesson=lesson)


def _lesson_from_args(args: argparse.Namespace) -> tuple[str, int | None] | None:
    """``--lesson NAME [--lesson-step N]`` checked before any window opens; N counts from 1."""
    if args.lesson is None:
        if args.lesson_step is not None:
            raise InputError("--lesson-step needs --lesson NAME")
        return None
    from .core.lesson import load_lesson

    lesson = load_lesson(args.lesson, tuple(BUILT_IN))
    if args.lesson_step is None:
        return args.lesson, None
    step = _int_option("lesson-step", args.lesson_step, 1)
    if not 1 <= step <= len(lesson.steps):
        raise InputError(f"--lesson-step must be from 1 to {len(lesson.steps)}, got {step}")
    return args.lesson, step - 1


def _looks_negative_number(text: str) -> bool:
    if not text.startswith("-"):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def _attach_negative_numbers(argv: list[str]) -> list[str]:
    """``--x-min -1e3`` -> ``--x-min=-1e3``: argparse takes ``-1e3`` for an option and refuses it."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        if (
            token.startswith("-")
            and "=" not in token
            and _looks_negative_number(nxt)
            and not _looks_negative_number(token)
        ):
            out.append(f"{token}={nxt}" if token.startswith("--") else token + nxt)
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "gui")  # bare 'actviewer [gui options]' opens the window
    args = parser.parse_args(_attach_negative_numbers(argv))
    handlers = {
        "gui": cmd_gui,
        "list": cmd_list,
        "export": cmd_export,
        "compare": cmd_compare,
        "sweep": cmd_sweep,
        "precision": cmd_precision,
        "dist": cmd_dist,
        "stack": cmd_stack,
        "gallery": cmd_gallery,
    }
    try:
        if args.command in ("export", "compare", "sweep", "precision", "dist", "stack", "gui"):
            _load_library()  # quietly: the window reports entries it left out, 'list' prints them
        return handlers[args.command](args)
    except InputError as err:
        print(f"actviewer {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug: say so in one line unless asked for the traceback
        if os.environ.get("ACTVIEWER_DEBUG"):
            raise
        print(
            f"actviewer {args.command}: internal error: {type(err).__name__}: {err} "
            "(set ACTVIEWER_DEBUG=1 for the traceback and please report it)",
            file=sys.stderr,
        )
        return 1
