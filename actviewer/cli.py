"""Command line: ``actviewer [gui|list|gallery|FEATURE] ...``, one subcommand per feature that declares one.

Every user mistake ends as one line on stderr and exit status 2, before any
file or window is touched. Torch is imported only by the commands that
compute, Qt only by those that draw (a figure, the window). The feature
subcommands (``export``, ``compare``, ``stack``, ...) are derived from the
features (:mod:`actviewer.core.features`): their own flags, then the output
file and figure options every one of them takes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .core import arguments, catalog, features
from .core.arguments import add_request_arguments, figure_options, int_option, request_from_args
from .core.devices import DTYPES
from .core.errors import InputError
from .core.matrix import MatrixRequest
from .core.request import DEFAULT_SAMPLES, parse_assignments
from .formats import format_for, formats_for

EXIT_USAGE = 2
APP_COMMANDS = ("gui", "list", "gallery")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _commands() -> dict[str, features.Feature]:
    """Subcommand name -> the feature it computes; a name already taken is left out and reported."""
    found: dict[str, features.Feature] = {}
    for feature in features.features():
        if feature.command is None:
            continue
        name = feature.command.name
        if name in APP_COMMANDS or name in found:
            features.report(
                f"the subcommand {name!r} of feature {feature.id!r} was left out: the name is taken"
            )
            continue
        found[name] = feature
    return found


def _add_feature_command(sub: Any, feature: features.Feature) -> None:
    command = feature.command
    assert command is not None
    parser = sub.add_parser(command.name, help=command.help)
    if command.add_arguments is not None:
        command.add_arguments(parser)
    else:
        arguments.add_generated_arguments(parser, feature.request_type)
    offered = formats_for(feature.result_type)
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=f"output file, format by suffix: {', '.join(offered)}",
    )
    if any(f.figure for f in offered.values()):
        arguments.add_figure_options(parser, command.figure_width_flag, gif=".gif" in offered)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="actviewer",
        description="Explore neural-network activation functions and their derivatives with PyTorch.",
    )
    parser.add_argument("--version", action="version", version=f"actviewer {__version__}")
    commands = _commands()
    sub = parser.add_subparsers(
        dest="command",
        metavar="{" + ",".join([*APP_COMMANDS[:2], *commands, APP_COMMANDS[2]]) + "}",
        parser_class=_Parser,
    )

    gui = sub.add_parser("gui", help="open the explorer window (the default)")
    gui.add_argument("session", metavar="FILE.actviewer", nargs="?", help="a session file to open")
    add_request_arguments(gui, activation_positional=False)
    gui.add_argument("--screenshot", metavar="FILE.png", help="save the window once drawn, then exit")
    gui.add_argument("--lang", metavar="LANG", help="user-interface language: en or vi")
    gui.add_argument(
        "--theme", choices=("system", "light", "dark"), help="colours of this window (View > Theme saves one)"
    )
    gui.add_argument("--view", choices=features.view_ids(), help="the tab to open on")
    gui.add_argument("--lesson", metavar="NAME", help="open a guided lesson: tutorial")
    gui.add_argument(
        "--lesson-step", metavar="N", help="the lesson's step to show, from 1 (default: the last seen)"
    )

    lister = sub.add_parser("list", help="print the activation ids, one a line")
    lister.add_argument("--json", action="store_true", help="print the whole catalog as JSON")

    for feature in commands.values():
        try:
            _add_feature_command(sub, feature)
        except Exception as err:  # another package's flags: the rest of the command line still works
            features.report(f"the subcommand of feature {feature.id!r} was left out: {err}")

    desktop = sub.add_parser(
        "install-desktop", help="add actviewer to the desktop's menu (a .desktop entry and its icon)"
    )
    desktop.add_argument("--uninstall", action="store_true", help="remove the entry and the icon again")

    gallery = sub.add_parser("gallery", help="write a figure of every activation and an index.html")
    gallery.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write into (created if missing)"
    )
    gallery.add_argument(
        "--format", choices=("png", "svg"), default="png", help="figure format (default png)"
    )
    gallery.add_argument(
        "--width", dest="figure_width", metavar="PX", help="PNG width in pixels (default 1920)"
    )
    return parser


def cmd_feature(args: argparse.Namespace) -> int:
    """Compute the request the feature's flags describe and write it in the format the output's suffix names."""
    declared = _commands()[args.command]
    command = declared.command
    assert command is not None
    if command.request is not None:
        request = command.request(args)
    else:
        request = arguments.generated_request(args, declared.request_type)
    feature = features.for_request(type(request))
    assert feature is not None, f"no feature computes a {type(request).__name__}"
    return _write(args, request, feature.result_type, figure_options(args))


def _write(args: argparse.Namespace, request: Any, result_type: type, options: dict[str, Any]) -> int:
    """Check the output, then compute ``request`` and write it in the format the suffix names."""
    from .core.atomic import check_writable
    from .formats import check_options

    fmt = format_for(args.output, result_type)
    check_options(fmt, options, result_type)
    check_writable(args.output)
    _check_device_available(getattr(request, "device", "cpu"))
    if fmt.figure:  # Qt's platform is found (or found missing) before the computation, not after
        from .gui.figures.render import ensure_application

        ensure_application()
    from .core.allocator import tune_allocator
    from .core.dispatch import run
    from .formats import write

    tune_allocator()
    write(run(request), Path(args.output), **options)
    return 0


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


def _load_library() -> list[str]:
    """The user's custom activations, registered so their ids work here as in the window."""
    from .core.custom import load_installed

    return load_installed()


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from . import desktop

    if args.uninstall:
        removed = desktop.uninstall()
        print(
            "removed " + (", ".join(str(p) for p in removed) if removed else "nothing: it was not installed")
        )
    else:
        for path in desktop.install():
            print(f"wrote {path}")
    return 0


def gui_main() -> int:
    """The ``actviewer-gui`` gui-script: the window, without a console window on Windows."""
    return main(["gui", *sys.argv[1:]])


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

    options = figure_options(args)
    check_options(format_for(f"x{suffix}", ComputeResult), options)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create {folder}: {err.strerror or err}") from None
    from .core.atomic import check_writable

    check_writable(folder / "index.html")
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

        # Path(".png").suffix is "": a bare ".png" is a hidden file without a name, as export says too.
        if Path(args.screenshot).suffix.lower() != ".png":
            raise InputError(
                f"--screenshot writes PNG; give a file name ending in .png, not {args.screenshot!r}"
            )
        check_writable(args.screenshot)
    if args.lang is not None and args.lang not in ("en", "vi"):
        raise InputError(f"unknown language {args.lang!r}; use en or vi")
    lesson = _lesson_from_args(args)
    from .gui.app import run

    if args.session is not None:  # checked before any window: one that is not a session is one line
        from .core.session import read_session

        read_session(args.session, features.view_ids())
    return run(
        args.screenshot, overrides, lang=args.lang, lesson=lesson, session=args.session, theme=args.theme
    )


def _lesson_from_args(args: argparse.Namespace) -> tuple[str, int | None] | None:
    """``--lesson NAME [--lesson-step N]`` checked before any window opens; N counts from 1."""
    if args.lesson is None:
        if args.lesson_step is not None:
            raise InputError("--lesson-step needs --lesson NAME")
        return None
    from .core.lesson import load_lesson

    lesson = load_lesson(args.lesson, features.view_ids())
    if args.lesson_step is None:
        return args.lesson, None
    step = int_option("lesson-step", args.lesson_step, 1)
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
    """``--x-min -1e3`` -> ``--x-min=-1e3`` and ``--expr -x`` -> ``--expr=-x``: argparse takes
    ``-1e3`` or ``-x`` for an option and refuses it."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        formula = token == "--expr" and nxt.startswith("-")  # --expr "-x": a formula, not an option
        if formula or (
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
    if (
        not argv
        or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"))
        or argv[0].endswith(".actviewer")
    ):
        argv.insert(0, "gui")  # bare 'actviewer [gui options]' opens the window
    for problem in features.load_problems:  # another package's feature: say it, run the rest
        print(f"actviewer: warning: {problem}", file=sys.stderr)
    args = parser.parse_args(_attach_negative_numbers(argv))
    handlers = {
        "gui": cmd_gui,
        "list": cmd_list,
        "gallery": cmd_gallery,
        "install-desktop": cmd_install_desktop,
    }
    try:
        if args.command not in ("list", "gallery", "install-desktop"):
            _load_library()  # quietly: the window reports entries it left out, 'list' prints them
        return handlers.get(args.command, cmd_feature)(args)
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
