"""Training lab: a small network learns a 2-D data set (``actviewer train``; issue #26)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
from pathlib import Path
from typing import IO, Any

import numpy as np

from .. import arguments, catalog
from ..atomic import atomic_path, write_atomic
from ..datasets import DATASETS, FEATURE_IDS, OWN, read_points_csv
from ..errors import InputError
from ..network import INITS
from ..request import parse_assignments, parse_float
from ..training import (
    DEFAULT_STEPS,
    MAX_FRAMES,
    MAX_GRID,
    MAX_LAYERS,
    MAX_RIVALS,
    MAX_UNITS,
    MIN_GRID,
    TrainRequest,
    TrainResult,
    TrainRun,
    finite,
    parse_hidden,
    parse_layer_activations,
)
from . import CommandLine, DataFormat, Feature
from .curve import choose_activation

GIF_FRAMES = 40
"""Snapshots of the prediction in a GIF when ``--frames`` is not given."""


def _numbers(values: np.ndarray) -> list[Any]:
    return [finite(float(v)) for v in np.asarray(values, dtype=float).ravel()]


def _run_json(run: TrainRun) -> dict[str, Any]:
    layers = len(run.layer_activations)
    final = {name: finite(float(values[-1])) for name, values in run.history.items() if name != "step"}
    return {
        "activation": run.activation,
        "params": dict(run.params),
        "label": run.label,
        "layer_activations": list(run.layer_activations),
        "step": run.step,
        "stopped": run.stopped,
        "final": final,
        "history": {name: _numbers(values) for name, values in run.history.items()},
        "layers": [
            {name: _numbers(values[:, i]) for name, values in run.layer_stats.items()} for i in range(layers)
        ],
    }


def train_json(result: TrainResult) -> dict[str, Any]:
    r = result.request
    data = result.data
    config = {
        "dataset": r.dataset,
        "task": data.task,
        "classes": data.classes,
        "points": len(data.points),
        "train_points": int(data.train.sum()),
        "noise": r.noise,
        "train_share": r.train_share,
        "data_seed": r.data_seed,
        "features": list(r.features),
        "hidden": list(r.hidden),
        "init": r.init,
        "residual": r.residual,
        "layernorm": r.layernorm,
        "optimizer": r.optimizer,
        "lr": r.lr,
        "momentum": r.momentum,
        "batch": r.batch,
        "l1": r.l1,
        "l2": r.l2,
        "seed": r.seed,
        "steps": r.steps,
        "device": r.device,
        "dtype": r.dtype,
        "loss": "cross-entropy" if data.task == "classification" else "mean squared error",
        "loss_note": "recorded losses are data losses over the whole split, without the L1/L2 penalty",
    }
    return {**config, "runs": [_run_json(run) for run in result.runs]}


def write_train_json(result: TrainResult, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, lambda handle: json.dump(train_json(result), handle, indent=1))


def _csv_text(result: TrainResult) -> str:
    race = len(result.runs) > 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    first = result.runs[0]
    layers = len(first.layer_activations)
    header = ["activation"] if race else []
    header += list(first.history)
    header += [f"layer{i + 1}_{name}" for i in range(layers) for name in first.layer_stats]
    writer.writerow(header)
    for run in result.runs:
        columns = list(run.history.values())
        columns += [values[:, i] for i in range(layers) for values in run.layer_stats.values()]
        for row in range(len(columns[0])):
            cells = [repr(int(columns[0][row]))] + [repr(float(c[row])) for c in columns[1:]]
            writer.writerow(([run.label] if race else []) + cells)
    return buffer.getvalue()


def write_train_csv(result: TrainResult, path: str | os.PathLike[str]) -> Path:
    """One row per recorded step: losses, scores and per-layer columns (``activation`` first in a race)."""
    text = _csv_text(result)

    def write(handle: IO[str]) -> None:
        handle.write(text)

    return write_atomic(path, write)


def write_train_pt(result: TrainResult, path: str | os.PathLike[str]) -> Path:
    """``torch.save`` of the main run's state_dict (tensors); in a race, label -> state_dict."""
    import torch

    def tensors(run: TrainRun) -> dict[str, Any]:
        return {name: torch.from_numpy(array.copy()) for name, array in run.state_dict.items()}

    payload: Any = (
        tensors(result.runs[0]) if len(result.runs) == 1 else {run.label: tensors(run) for run in result.runs}
    )

    with atomic_path(path) as tmp:
        torch.save(payload, tmp)
    return Path(path)


# --- the command line ----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_activation_arguments(parser, "an elementwise activation id")
    arguments.add_param_argument(parser)
    parser.add_argument("--dataset", metavar="NAME", help=f"{', '.join(DATASETS)} (default circle)")
    parser.add_argument(
        "--data",
        metavar="FILE.csv",
        help="your own points: a CSV of x1,x2,label or x1,x2,y (instead of --dataset)",
    )
    parser.add_argument("--points", metavar="N", help="points of a generated set, 50..5000 (default 500)")
    parser.add_argument("--noise", metavar="F", help="noise, 0..0.5 (default 0)")
    parser.add_argument(
        "--train-share", metavar="F", help="share of points that train, 0.1..0.9 (default 0.5)"
    )
    parser.add_argument("--data-seed", metavar="S", help="seed of the data and its split (default 0)")
    parser.add_argument(
        "--features",
        metavar="LIST",
        help=f"input features, comma-separated: {','.join(FEATURE_IDS)} (default x1,x2)",
    )
    parser.add_argument(
        "--hidden",
        metavar="LIST",
        help=f"units per hidden layer, comma-separated, up to {MAX_LAYERS} layers of 1..{MAX_UNITS}; '' or 0: none (default 8,8)",
    )
    parser.add_argument(
        "--layer-activation",
        action="append",
        default=[],
        metavar="N=ID",
        help="another activation in hidden layer N (from 1), e.g. 2=tanh (repeatable)",
    )
    parser.add_argument("--init", metavar="NAME", help="torch.nn.init scheme: " + ", ".join(INITS))
    parser.add_argument("--residual", action="store_true", help="add a layer's input where the widths match")
    parser.add_argument("--layernorm", action="store_true", help="LayerNorm before each activation")
    parser.add_argument("--steps", metavar="N", help=f"training steps (default {DEFAULT_STEPS})")
    parser.add_argument("--lr", metavar="F", help="learning rate, up to 10 (default 0.03)")
    parser.add_argument("--batch", metavar="N", help="minibatch size (default 10)")
    parser.add_argument("--optimizer", metavar="NAME", help="sgd or adam (default sgd)")
    parser.add_argument("--momentum", metavar="F", help="SGD momentum, 0..0.99 (default 0)")
    parser.add_argument("--l1", metavar="F", help="L1 penalty on the weights (default 0)")
    parser.add_argument("--l2", metavar="F", help="L2 penalty on the weights (default 0)")
    parser.add_argument("--seed", metavar="S", help="seed of the weights and the batch order (default 0)")
    parser.add_argument(
        "--race",
        nargs="+",
        default=[],
        metavar="ID",
        help=f"up to {MAX_RIVALS} more activations trained alongside",
    )
    parser.add_argument("--grid", metavar="N", help=f"prediction grid, {MIN_GRID}..{MAX_GRID} (default 100)")
    parser.add_argument(
        "--frames",
        metavar="N",
        help=f"snapshots kept for an animation, 0..{MAX_FRAMES} (default 0; {GIF_FRAMES} for a .gif)",
    )
    arguments.add_device_arguments(parser)


def request(args: argparse.Namespace) -> TrainRequest:
    choose_activation(args)
    spec = catalog.get(args.activation)
    fields: dict[str, Any] = {
        "activation": spec.id,
        "params": spec.parse(parse_assignments(args.param)),
        "device": arguments.device_from(args),
        "dtype": arguments.dtype_from(args),
        "residual": bool(args.residual),
        "layernorm": bool(args.layernorm),
    }
    if args.data is not None:
        if args.dataset is not None:
            raise InputError("give --dataset or --data FILE.csv, not both")
        if args.points is not None or args.noise is not None:
            raise InputError("--points and --noise apply to a generated --dataset, not to --data")
        loaded = read_points_csv(args.data)
        fields.update(dataset=OWN, own_points=loaded.points, own_task=loaded.task)
    elif args.dataset is not None:
        if args.dataset not in DATASETS:
            raise InputError(f"unknown dataset {args.dataset!r}; use one of {', '.join(DATASETS)}")
        fields["dataset"] = args.dataset
    for name in ("points", "data_seed", "steps", "batch", "seed", "grid", "frames"):
        text = getattr(args, name)
        if text is not None:
            fields[name] = arguments.whole_number(name.replace("_", "-"), text)
    if "frames" not in fields and str(getattr(args, "output", "")).lower().endswith(".gif"):
        fields["frames"] = GIF_FRAMES  # an animation of one frame would show nothing
    for name in ("noise", "train_share", "lr", "momentum", "l1", "l2"):
        text = getattr(args, name)
        if text is not None:
            fields[name] = parse_float(f"--{name.replace('_', '-')}", text)
    if args.features is not None:
        fields["features"] = tuple(part.strip() for part in args.features.split(",") if part.strip())
    if args.hidden is not None:
        fields["hidden"] = parse_hidden(args.hidden)
    hidden = fields.get("hidden", TrainRequest.hidden)
    fields["layer_activations"] = parse_layer_activations(args.layer_activation, len(hidden))
    if args.init is not None:
        fields["init"] = args.init
    if args.optimizer is not None:
        fields["optimizer"] = args.optimizer
    if len(args.race) > MAX_RIVALS:
        raise InputError(f"--race takes at most {MAX_RIVALS} more activations, got {len(args.race)}")
    fields["rivals"] = tuple(catalog.get(a).id for a in args.race)
    return TrainRequest(**fields).validated()


FEATURE = Feature(
    id="train",
    title="Training",
    request_type=TrainRequest,
    result_type=TrainResult,
    compute="actviewer.core.training:compute_train",
    interruptible=True,
    data_formats=(
        DataFormat(".json", "JSON of the settings, the history and the final metrics", write_train_json),
        DataFormat(".csv", "CSV of the history, one row per recorded step", write_train_csv),
        DataFormat(".pt", "the trained weights (torch.save of the state_dict)", write_train_pt),
    ),
    command=CommandLine(
        "train",
        "train a small network on a 2-D data set and record how it learns",
        add_arguments,
        request,
        figure_width_flag="--image-width",
    ),
    view="actviewer.gui.views.train:TrainView",
)
