"""Command-line arguments: the flags features share, and a subcommand generated from a request dataclass.

Everything here parses text the user typed into validated values and raises
:class:`~.errors.InputError` with one line otherwise; it imports neither Qt
nor torch. A feature that declares no arguments of its own gets them from its
request type (:func:`add_generated_arguments`, :func:`generated_request`): the
activation as ``ID``, ``--param NAME=VALUE``, ``--device``, ``--dtype``, and a
``--field-name`` per other field, whose limits and help come from the field's
metadata (:func:`.fields.limits`), then ``request.validated()`` has the last word.
"""

from __future__ import annotations

import argparse
import math
import types
import typing
from dataclasses import MISSING, Field, fields
from typing import Any

from . import catalog
from .devices import DTYPES, check_device_name, check_dtype
from .errors import InputError
from .fields import Limits
from .request import (
    DEFAULT_SAMPLES,
    DEFAULT_X_MAX,
    DEFAULT_X_MIN,
    MAX_SAMPLES,
    ComputeRequest,
    parse_assignments,
    parse_float,
    parse_samples,
)

MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 200, 8000, 1920
"""PNG width in pixels."""
DEFAULT_GIF_WIDTH = 960
"""Half the PNG default: a slide-sized animation that stays a few hundred KB."""
SHARED_FIELDS = ("activation", "params", "device", "dtype")
"""Fields every activation request has; their flags are the same in every subcommand."""


# --- flags shared by subcommands ------------------------------------------------


def add_param_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter, by torch's keyword name (repeatable)",
    )


def add_device_arguments(parser: argparse.ArgumentParser, dtype: bool = True) -> None:
    parser.add_argument("--device", metavar="DEV", help="cpu (default), cuda, cuda:N or mps")
    if dtype:
        parser.add_argument("--dtype", metavar="DT", help=f"{', '.join(DTYPES)} (default float32)")


def add_domain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--x-min", metavar="A", help=f"left end of x (default {DEFAULT_X_MIN:g})")
    parser.add_argument("--x-max", metavar="B", help=f"right end of x (default {DEFAULT_X_MAX:g})")
    parser.add_argument(
        "--samples", "-n", metavar="N", help=f"x samples per curve (default {DEFAULT_SAMPLES})"
    )


def add_figure_options(parser: argparse.ArgumentParser, flag: str = "--width", gif: bool = False) -> None:
    """``--width`` (or ``flag`` where ``--width`` means something else) and ``--transparent``;
    ``gif``: the result can be an animation too."""
    sizes = f"{MIN_WIDTH}..{MAX_WIDTH} (default {DEFAULT_WIDTH}"
    what = (
        f"PNG or GIF width in pixels, {sizes}; {DEFAULT_GIF_WIDTH} for a GIF)"
        if gif
        else f"PNG width in pixels, {sizes})"
    )
    parser.add_argument(flag, dest="figure_width", metavar="PX", help=what)
    parser.add_argument("--transparent", action="store_true", help="PNG with a transparent background")
    parser.add_argument(
        "--theme",
        choices=("light", "dark"),
        help="the figure's colours (default light, whatever the desktop's)",
    )


def add_activation_arguments(parser: argparse.ArgumentParser, what: str = "activation id") -> None:
    """An activation ID, or your own as ``--expr FORMULA`` with ``--param-def`` (read by
    ``features.curve.choose_activation``)."""
    parser.add_argument(
        "activation", metavar="ID", nargs="?", help=f"{what} (see 'actviewer list'), or use --expr"
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


def add_request_arguments(parser: argparse.ArgumentParser, *, activation_positional: bool) -> None:
    """The curve's flags: an activation (ID or ``--expr``), its parameters, the x range, the device."""
    if activation_positional:
        add_activation_arguments(parser)
    else:
        parser.add_argument("--activation", metavar="ID", help="activation to show first")
    add_param_argument(parser)
    parser.add_argument("--x-min", metavar="A", help=f"left end of x (default {DEFAULT_X_MIN:g})")
    parser.add_argument("--x-max", metavar="B", help=f"right end of x (default {DEFAULT_X_MAX:g})")
    parser.add_argument(
        "--samples",
        "-n",
        metavar="N",
        help=f"number of x samples, 2..{MAX_SAMPLES:,} (default {DEFAULT_SAMPLES})",
    )
    add_device_arguments(parser)


# --- reading them ------------------------------------------------------------------


def device_from(args: argparse.Namespace) -> str:
    return check_device_name(args.device) if getattr(args, "device", None) is not None else "cpu"


def dtype_from(args: argparse.Namespace) -> str:
    return check_dtype(args.dtype) if getattr(args, "dtype", None) is not None else "float32"


def int_option(name: str, text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise InputError(f"--{name} must be an integer, got {text!r}") from None


def whole_number(name: str, text: str) -> int:
    """An integer as people write counts: ``1e6`` too."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value.is_integer()):
        raise InputError(f"--{name} must be a whole number, got {text!r}")
    return int(value)


def check_width(width: object) -> int:
    """A PNG width as typed by a user (text or number), or an InputError."""
    try:
        value = int(str(width))
    except ValueError:
        value = -1
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise InputError(f"width must be an integer from {MIN_WIDTH} to {MAX_WIDTH} pixels, got {width!r}")
    return value


def figure_options(args: argparse.Namespace) -> dict[str, Any]:
    """The figure width and --transparent as the figure writers take them (checked against the format later)."""
    options: dict[str, Any] = {}
    if getattr(args, "figure_width", None) is not None:
        try:
            options["width"] = check_width(args.figure_width)
        except InputError as err:
            raise InputError(f"--{err}") from None
    if getattr(args, "transparent", False):
        options["transparent"] = True
    if getattr(args, "theme", None) is not None:
        options["theme"] = args.theme
    return options


def grid_from_args(args: argparse.Namespace, curves: tuple[Any, ...]) -> Any:
    """The x grid of ``--x-min``, ``--x-max``, ``--samples``, with the kinks of ``curves`` on it."""
    from .compare import Grid, kinks

    x_min = parse_float("x-min", args.x_min) if args.x_min is not None else DEFAULT_X_MIN
    x_max = parse_float("x-max", args.x_max) if args.x_max is not None else DEFAULT_X_MAX
    samples = parse_samples(args.samples) if args.samples is not None else DEFAULT_SAMPLES
    return Grid(x_min, x_max, samples, kinks(curves, x_min, x_max) if x_min < x_max else ()).validated()


def request_from_args(args: argparse.Namespace, activation: str) -> ComputeRequest:
    """A curve request from parsed flags; unset flags keep defaults."""
    spec = catalog.get(activation)
    request = ComputeRequest(
        activation=spec.id,
        params=spec.parse(parse_assignments(args.param)),
        x_min=parse_float("x-min", args.x_min) if args.x_min is not None else DEFAULT_X_MIN,
        x_max=parse_float("x-max", args.x_max) if args.x_max is not None else DEFAULT_X_MAX,
        samples=parse_samples(args.samples) if args.samples is not None else DEFAULT_SAMPLES,
        device=device_from(args),
        dtype=dtype_from(args),
    )
    return request.validated()


# --- arguments generated from a request dataclass ----------------------------------


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _kind(annotation: Any) -> Any:
    """int, float, bool, str, or ``tuple`` (of ints or floats, written a,b,c); others are not offered."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(kinds[0]) if len(kinds) == 1 else None
    if origin is tuple:
        items = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return ("tuple", items[0]) if items and items[0] in (int, float) else None
    return annotation if annotation in (int, float, bool, str) else None


def generated_fields(request_type: type) -> list[tuple[Field[Any], Any]]:
    """The request's fields that get a flag of their own, with their kind."""
    hints = typing.get_type_hints(request_type)
    out = []
    for f in fields(request_type):
        if f.name in SHARED_FIELDS or not f.init:
            continue
        kind = _kind(hints[f.name])
        if kind is not None:
            out.append((f, kind))
    return out


def _default(f: Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


def add_generated_arguments(parser: argparse.ArgumentParser, request_type: type) -> None:
    """An ID, ``--param``, ``--device``/``--dtype`` and a flag per field of ``request_type``."""
    names = {f.name for f in fields(request_type)}
    parser.add_argument("activation", metavar="ID", help="activation id (see 'actviewer list')")
    if "params" in names:
        add_param_argument(parser)
    if "device" in names:
        add_device_arguments(parser, dtype="dtype" in names)
    for f, kind in generated_fields(request_type):
        meta: Limits = f.metadata.get("cli", Limits())
        default = _default(f)
        if kind is bool:
            action = "store_false" if default else "store_true"
            flag = _flag(f"no_{f.name}") if default else _flag(f.name)
            parser.add_argument(flag, dest=f.name, action=action, default=default, help=meta.help or None)
            continue
        bounds = ""
        if meta.minimum is not None and meta.maximum is not None:
            bounds = f", {_shown(meta.minimum)}..{_shown(meta.maximum)}"
        shown = ",".join(str(v) for v in default) if isinstance(default, tuple) else default
        text = f"{meta.help or f.name.replace('_', ' ')}{bounds}"
        if meta.choices:
            text += f": {', '.join(meta.choices)}"
        parser.add_argument(_flag(f.name), dest=f.name, help=f"{text} (default {shown})")


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _number(name: str, text: str, kind: Any, meta: Limits) -> Any:
    value = whole_number(name, text) if kind is int else parse_float(f"--{name}", text)
    low, high = meta.minimum, meta.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        what = "a whole number" if kind is int else "a number"
        if low is not None and high is not None:
            span = f"from {_shown(low)} to {_shown(high)}"
        else:
            span = f"at least {_shown(low)}" if low is not None else f"at most {_shown(high or 0)}"
        raise InputError(f"--{name} must be {what} {span}, got {text!r}")
    return value


def _parse(f: Field[Any], kind: Any, text: str) -> Any:
    meta: Limits = f.metadata.get("cli", Limits())
    name = f.name.replace("_", "-")
    if kind is str:
        if meta.choices and text not in meta.choices:
            raise InputError(f"--{name} must be one of {', '.join(meta.choices)}, got {text!r}")
        return text
    if isinstance(kind, tuple):
        parts = [p for p in text.split(",") if p.strip()] if text.strip() else []
        return tuple(_number(name, p.strip(), kind[1], meta) for p in parts)
    return _number(name, text, kind, meta)


def generated_request(args: argparse.Namespace, request_type: type) -> Any:
    """The request the generated flags describe, validated by the request itself."""
    spec = catalog.get(args.activation)
    names = {f.name for f in fields(request_type)}
    values: dict[str, Any] = {"activation": spec.id}
    if "params" in names:
        values["params"] = spec.parse(parse_assignments(args.param))
    if "device" in names:
        values["device"] = device_from(args)
    if "dtype" in names:
        values["dtype"] = dtype_from(args)
    for f, kind in generated_fields(request_type):
        given = getattr(args, f.name, None)
        if kind is bool:
            values[f.name] = bool(given)
        elif given is not None:
            values[f.name] = _parse(f, kind, given)
    return request_type(**values).validated()
