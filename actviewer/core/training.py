"""The training lab: a small network learns a 2-D data set, step by step (issue #26).

A :class:`TrainRequest` says what to train (data, features, layers, activation per layer,
init, optimizer) and how far (``steps``); :func:`compute_train` trains the request's
activation and its rivals to that step and returns their histories, the prediction over
the plane and the weights. The window plays training by sending the same request with a
growing ``steps``, so the live runs are kept between calls and continue where they were:
the numbers are bitwise the same as training from scratch. :func:`train_code` writes the
program that trains the same network and prints the same final loss.

Validation needs numpy only; torch is imported when training starts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from . import catalog, records
from .cancel import StopCheck
from .datasets import (
    DATASETS,
    DEFAULT_POINTS,
    FEATURE_IDS,
    MAX_NOISE,
    MAX_POINTS,
    MAX_TRAIN_SHARE,
    MIN_POINTS,
    MIN_TRAIN_SHARE,
    OWN,
    Data,
    check_own_points,
    check_own_split,
    make_data,
    task_of,
)
from .errors import InputError
from .network import INITS, StackRequest, _elementwise, _init_lines, _integer, _number
from .params import ParamValue
from .request import TypedRequest

MAX_LAYERS, MAX_UNITS = 8, 256
MAX_LR = 10.0
MAX_MOMENTUM = 0.99
MAX_PENALTY = 10.0
MAX_STEPS = 1_000_000
DEFAULT_STEPS = 2000
MIN_GRID, MAX_GRID, DEFAULT_GRID = 10, 300, 100
MAX_FRAMES = 200
MAX_RIVALS = 3
THUMBNAIL, MAX_THUMBNAILS = 24, 32
"""Each hidden unit's activation over a THUMBNAIL x THUMBNAIL grid, for at most MAX_THUMBNAILS units a layer."""
OPTIMIZERS = ("sgd", "adam")
CHECK_EVERY = 16
"""Steps between two questions to ``should_stop`` (a step of a small net takes well under 1 ms)."""
MAX_CACHED = 8
"""Live runs kept for the next request (a race is four)."""

Params = tuple[tuple[str, ParamValue], ...]
"""An activation's parameters as sorted (name, value) pairs: hashable, unlike a dict."""
Choice = tuple[str, Params]
"""An activation id with its parameters."""


def _choice(value: object, what: str) -> Choice:
    """An (id, params) pair checked against the catalog: elementwise, parameters resolved.
    Takes an id alone, (id, mapping) or (id, pairs)."""
    if isinstance(value, str):
        activation, given = value, {}
    elif isinstance(value, (tuple, list)) and len(value) == 2 and isinstance(value[0], str):
        activation, raw = value
        if isinstance(raw, Mapping):
            given = dict(raw)
        elif isinstance(raw, (tuple, list)) and all(
            isinstance(p, (tuple, list)) and len(p) == 2 for p in raw
        ):
            given = {str(k): v for k, v in raw}
        else:
            raise InputError(f"{what}: the parameters must be a mapping of name to value, got {raw!r}")
    else:
        raise InputError(f"{what} must be an activation id or (id, parameters), got {value!r}")
    try:
        spec = _elementwise(activation)
        resolved = spec.resolve(given)
    except InputError as err:
        raise InputError(f"{what}: {err}") from None
    return spec.id, tuple(sorted(resolved.items()))


def _between(name: str, value: object, low: float, high: float) -> float:
    number = _number(name, value)
    if not low <= number <= high:
        raise InputError(f"{name} must be from {low:g} to {high:g}, got {number:g}")
    return number


@dataclass(frozen=True)
class TrainRequest(TypedRequest):
    """What to train and how far. ``layer_activations`` (one entry per hidden layer, or empty)
    puts another activation in a layer (None keeps the run's own); it applies to every run of a
    race, whose ``rivals`` (up to 3 more activations) train on the same data, init and seed."""

    dataset: str = "circle"
    points: int = DEFAULT_POINTS
    noise: float = 0.0
    train_share: float = 0.5
    data_seed: int = 0
    own_points: tuple[tuple[float, float, float], ...] = ()
    """(x1, x2, label or target) when ``dataset`` is "own"."""
    own_task: str = "classification"
    own_split: tuple[bool, ...] = ()
    """Which own points train (True) and which test; empty: a seeded split by ``train_share``.
    Points edited by hand keep theirs, so adding one does not deal the others out again."""
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (8, 8)
    layer_activations: tuple[Choice | None, ...] = ()
    init: str = "default"
    residual: bool = False
    """Add a hidden layer's input to its output where the widths match."""
    layernorm: bool = False
    optimizer: str = "sgd"
    lr: float = 0.03
    momentum: float = 0.0
    batch: int = 10
    l1: float = 0.0
    l2: float = 0.0
    seed: int = 0
    steps: int = DEFAULT_STEPS
    grid: int = DEFAULT_GRID
    frames: int = 0
    """Evenly spaced snapshots of the prediction grid to keep (an animation), 0 for none."""
    rivals: tuple[Choice, ...] = ()

    def validated(self) -> TrainRequest:
        spec = _elementwise(self.activation)
        if self.dtype not in ("float32", "float64"):
            raise InputError(f"training runs in float32 or float64, not {self.dtype}")
        self.check_placement()
        if self.dataset not in (*DATASETS, OWN):
            raise InputError(f"unknown dataset {self.dataset!r}; use one of {', '.join(DATASETS)} or own")
        own = tuple(tuple(row) for row in self.own_points)
        own_split = tuple(bool(flag) for flag in self.own_split)
        if self.dataset == OWN:
            check_own_points(own, self.own_task)  # type: ignore[arg-type]
            own = tuple((float(a), float(b), float(c)) for a, b, c in own)
            check_own_split(own_split, len(own))
        else:
            _integer("points", self.points, MIN_POINTS, MAX_POINTS)
        noise = _between("noise", self.noise, 0, MAX_NOISE)
        share = _between("the train share", self.train_share, MIN_TRAIN_SHARE, MAX_TRAIN_SHARE)
        _integer("data seed", self.data_seed, 0, 2**31 - 1)
        features = tuple(self.features)
        if not features or len(set(features)) != len(features) or not set(features) <= set(FEATURE_IDS):
            raise InputError(
                f"features must be one or more of {', '.join(FEATURE_IDS)}, each once, got {','.join(map(str, features))!r}"
            )
        hidden = tuple(self.hidden)
        if len(hidden) > MAX_LAYERS:
            raise InputError(f"at most {MAX_LAYERS} hidden layers, got {len(hidden)}")
        for index, units in enumerate(hidden, start=1):
            _integer(f"layer {index}'s units", units, 1, MAX_UNITS)
        if self.layer_activations and len(self.layer_activations) != len(hidden):
            raise InputError(
                f"layer activations: give one per hidden layer ({len(hidden)}) or none, got {len(self.layer_activations)}"
            )
        layers = tuple(
            None if c is None else _choice(c, f"layer {i}'s activation")
            for i, c in enumerate(self.layer_activations, start=1)
        )
        if self.init not in INITS:
            raise InputError(f"unknown init {self.init!r}; use one of {', '.join(INITS)}")
        if self.optimizer not in OPTIMIZERS:
            raise InputError(f"the optimizer is sgd or adam, not {self.optimizer!r}")
        lr = _number("the learning rate", self.lr, positive=True)
        if lr > MAX_LR:
            raise InputError(f"the learning rate must be at most {MAX_LR:g}, got {lr:g}")
        momentum = _between("momentum", self.momentum, 0, MAX_MOMENTUM)
        if momentum and self.optimizer != "sgd":
            raise InputError("momentum applies to sgd; adam keeps its own moments")
        # A batch larger than the train split is the whole split (full-batch descent): points
        # placed one by one would otherwise make a stored batch of 10 invalid until the tenth.
        _integer("batch", self.batch, 1, MAX_POINTS)
        l1, l2 = _between("l1", self.l1, 0, MAX_PENALTY), _between("l2", self.l2, 0, MAX_PENALTY)
        _integer("seed", self.seed, 0, 2**31 - 1)
        _integer("steps", self.steps, 0, MAX_STEPS)
        _integer("grid", self.grid, MIN_GRID, MAX_GRID)
        _integer("frames", self.frames, 0, MAX_FRAMES)
        if len(self.rivals) > MAX_RIVALS:
            raise InputError(f"a race takes at most {MAX_RIVALS} rivals, got {len(self.rivals)}")
        rivals = tuple(_choice(c, f"rival {i}") for i, c in enumerate(self.rivals, start=1))
        return replace(
            self,
            params=spec.resolve(self.params or {}),
            own_points=own,  # type: ignore[arg-type]
            own_split=own_split,
            noise=noise,
            train_share=share,
            features=features,
            hidden=hidden,
            layer_activations=layers,
            lr=lr,
            momentum=momentum,
            l1=l1,
            l2=l2,
            rivals=rivals,
        )

    @property
    def task(self) -> str:
        return task_of(self.dataset, self.own_task)

    @property
    def point_count(self) -> int:
        return len(self.own_points) if self.dataset == OWN else self.points

    def choices(self) -> tuple[Choice, ...]:
        """The runs: the request's activation, then its rivals."""
        return ((self.activation, tuple(sorted(dict(self.params).items()))), *self.rivals)

    def layer_choices(self, run: Choice) -> tuple[Choice, ...]:
        """The activation of each hidden layer of ``run``."""
        overrides = self.layer_activations or (None,) * len(self.hidden)
        return tuple(run if c is None else c for c in overrides)

    def estimated_bytes(self) -> int:
        """Peak memory: the prediction grid through the widest layer (pre-activation, activation
        and the next layer's input, ~4 copies), the kept frames, and the data with its per-step
        evaluation (~6 copies per point and unit), per run."""
        element = 8 if self.dtype == "float64" else 4
        width = max((*self.hidden, len(self.features), 2))
        grid = self.grid**2 * width * element * 4
        frames = self.frames * self.grid**2 * 4
        data = self.point_count * width * element * 6 * max(1, len(self.hidden))
        return int(grid + (1 + len(self.rivals)) * (frames + data) + (64 << 20))

    def check_fits(self) -> None:
        from .memory import check_fits

        check_fits(
            self.estimated_bytes(),
            self.device,
            f"training on a {self.grid} x {self.grid} grid with {self.frames} frames",
            "a smaller grid or fewer frames would",
        )


# --- results ----------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TrainRun:
    """One activation's training. History columns have one entry per recorded step (every step,
    from step 0, the initialised network); losses are data losses, without the L1/L2 penalty."""

    activation: str
    params: dict[str, ParamValue]
    label: str
    """Its name in a race: the id, or the call with parameters where two runs share an id."""
    layer_activations: tuple[str, ...]
    history: dict[str, np.ndarray]
    """step, train_loss, test_loss, and train_accuracy, test_accuracy (classification) or
    train_r2, test_r2 (regression)."""
    layer_stats: dict[str, np.ndarray]
    """dead_fraction, mean_slope (mean |f′| over the train set), grad_norm (of the layer's weight
    gradient at that step, penalty included; nan at step 0): each (recorded steps, hidden layers)."""
    prediction: np.ndarray
    """(grid, grid): row i is x2 = linspace(x2 min, x2 max)[i], column j likewise x1. The class-1
    probability for two classes, the predicted class for more, the prediction for regression."""
    thumbnails: tuple[np.ndarray, ...]
    """Per hidden layer, (units, THUMBNAIL, THUMBNAIL): each unit's activation over the extent."""
    state_dict: dict[str, np.ndarray]
    stopped: str | None
    """Why training stopped early (a non-finite loss), or None."""
    step: int
    frame_steps: np.ndarray
    frames: np.ndarray
    """(kept frames, grid, grid) predictions at ``frame_steps``."""

    @property
    def metric(self) -> str:
        return "accuracy" if "train_accuracy" in self.history else "r2"


@dataclass(frozen=True, eq=False)
class TrainResult:
    request: TrainRequest
    runs: tuple[TrainRun, ...]
    data: Data
    elapsed_s: float
    steps_per_second: float
    """Steps trained by this call (all runs) per second of training; 0 when none were trained."""

    @property
    def stopped(self) -> str | None:
        """The main run's reason for stopping early, or None."""
        return self.runs[0].stopped

    @property
    def extent(self) -> tuple[float, float, float, float]:
        return self.data.extent

    def frame_count(self) -> int:
        return max(1, len(self.runs[0].frame_steps))


def frame_steps(steps: int, frames: int) -> tuple[int, ...]:
    """The steps of ``frames`` evenly spaced snapshots from 0 to ``steps``."""
    if frames <= 0:
        return ()
    if frames == 1:
        return (steps,)
    return tuple(sorted({round(i * steps / (frames - 1)) for i in range(frames)}))


def grid_axes(extent: tuple[float, float, float, float], size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.linspace(extent[0], extent[1], size), np.linspace(extent[2], extent[3], size)


def compute_train(request: TrainRequest, should_stop: StopCheck | None = None) -> TrainResult:
    """Train each run to ``request.steps`` (continuing a live run where it can) on one thread.

    The matrices are tiny (a batch of 10 through 8 units): a second intra-op thread's wake-up
    cost more than the product, 800 µs instead of 12 µs per ``F.linear`` of 250 x 8 here while
    another process used the other core. The worker runs one job at a time, so the process's
    thread count is lowered for this job and given back after it.
    """
    import torch

    from .training_live import train_runs

    start = time.perf_counter()
    request = request.validated()
    request.check_fits()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        runs, data, trained, seconds = train_runs(request, should_stop)
    finally:
        torch.set_num_threads(threads)
    rate = trained / seconds if trained and seconds > 0 else 0.0
    return TrainResult(request, runs, data, time.perf_counter() - start, rate)


def train_code(request: TrainRequest) -> str:
    """A standalone PyTorch program (torch and numpy only) that builds the same data and network,
    trains the main activation for ``request.steps`` steps and prints the final train loss."""
    from .training_code import train_code as code

    return code(request)


def run_key(request: TrainRequest, run: Choice) -> tuple[Any, ...]:
    """What a live run depends on: everything but how far (steps), the display (grid, frames)
    and the other runs of a race."""
    shared = replace(request, activation=run[0], params={}, steps=0, grid=DEFAULT_GRID, frames=0, rivals=())
    return (run, *(getattr(shared, f) for f in _KEY_FIELDS))


_KEY_FIELDS = tuple(
    f
    for f in TrainRequest.__dataclass_fields__
    if f not in ("activation", "params", "steps", "grid", "frames", "rivals")
)


def make_request_data(request: TrainRequest) -> Data:
    return make_data(
        request.dataset,
        request.points,
        request.noise,
        request.train_share,
        request.data_seed,
        request.own_points,
        request.own_task,
        request.own_split,
    )


def init_lines(request: TrainRequest, activation: str, params: Mapping[str, ParamValue]) -> list[str]:
    """The torch.nn.init calls of one layer, as the deep stack writes them (its gain follows the
    layer's activation; "linear" for the output layer, given as activation "")."""
    return _init_lines(StackRequest(activation or "linear", dict(params), init=request.init))


def run_labels(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    ids = [c[0] for c in choices]
    return tuple(a if ids.count(a) == 1 else catalog.get(a).signature(dict(p)) for a, p in choices)


# --- the view's own settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainSettings:
    """The training view's own settings (all of the request but the activation, the device and how
    far); defaults are the request's."""

    dataset: str = TrainRequest.dataset
    points: int = TrainRequest.points
    noise: float = TrainRequest.noise
    train_share: float = TrainRequest.train_share
    data_seed: int = TrainRequest.data_seed
    own_points: tuple[tuple[float, float, float], ...] = ()
    own_task: str = TrainRequest.own_task
    own_split: tuple[bool, ...] = ()
    features: tuple[str, ...] = TrainRequest.features
    hidden: tuple[int, ...] = TrainRequest.hidden
    layer_activations: tuple[Choice | None, ...] = ()
    init: str = TrainRequest.init
    residual: bool = TrainRequest.residual
    layernorm: bool = TrainRequest.layernorm
    optimizer: str = TrainRequest.optimizer
    lr: float = TrainRequest.lr
    momentum: float = TrainRequest.momentum
    batch: int = TrainRequest.batch
    l1: float = TrainRequest.l1
    l2: float = TrainRequest.l2
    seed: int = TrainRequest.seed
    grid: int = TrainRequest.grid
    frames: int = TrainRequest.frames
    rivals: tuple[Choice, ...] = field(default=())

    def request(
        self, activation: str, params: Any, device: str = "cpu", dtype: str = "float32", steps: int = 0
    ) -> TrainRequest:
        fields = {f: getattr(self, f) for f in self.__dataclass_fields__}
        return TrainRequest(activation, params, device=device, dtype=dtype, steps=steps, **fields)

    @classmethod
    def from_dict(cls, data: object) -> tuple[TrainSettings, list[str]]:
        """Stored settings, field by field; a record whose fields clash falls back to the defaults."""
        what = "stored training settings"
        record, problems = records.from_json(cls, data, _SETTINGS_CHECKS, what)
        try:
            record.request("relu", {}).validated()
        except InputError as err:
            return cls(), [*problems, f"{what} reset to their defaults: {err}"]
        return record, problems


def _list(value: object) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise InputError(f"expected a list, got {value!r}")
    return list(value)


def _ints(value: object) -> tuple[int, ...]:
    items = _list(value)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        raise InputError(f"expected whole numbers, got {value!r}")
    return tuple(items)


def _texts(value: object) -> tuple[str, ...]:
    items = _list(value)
    if not all(isinstance(v, str) for v in items):
        raise InputError(f"expected names, got {value!r}")
    return tuple(items)


def _rows(value: object) -> tuple[tuple[float, float, float], ...]:
    rows = []
    for row in _list(value):
        items = _list(row)
        if len(items) != 3 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            raise InputError(f"expected rows of three numbers, got {row!r}")
        rows.append((float(items[0]), float(items[1]), float(items[2])))
    return tuple(rows)


def _stored_choice(value: object) -> Choice:
    items = _list(value)
    if len(items) != 2 or not isinstance(items[0], str):
        raise InputError(f"expected [id, parameters], got {value!r}")
    raw = items[1]
    pairs = raw.items() if isinstance(raw, Mapping) else [tuple(_list(p)) for p in _list(raw)]
    return _choice((items[0], {str(k): v for k, v in pairs}), "a stored activation")


def _layer_choices(value: object) -> tuple[Choice | None, ...]:
    return tuple(None if v is None else _stored_choice(v) for v in _list(value))


def _flags(value: object) -> tuple[bool, ...]:
    items = _list(value)
    if not all(isinstance(v, bool) for v in items):
        raise InputError(f"expected true or false for each point, got {value!r}")
    return tuple(items)


_SETTINGS_CHECKS = {
    "own_points": _rows,
    "own_split": _flags,
    "features": _texts,
    "hidden": _ints,
    "layer_activations": _layer_choices,
    "rivals": lambda v: tuple(_stored_choice(c) for c in _list(v)),
}


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"8, 8"`` -> (8, 8); empty or ``0``: no hidden layer (the command line's ``--hidden`` and the
    view's field). A count is a whole number as people write it (``1e1`` too); the limits are
    :meth:`TrainRequest.validated`'s."""
    if text.strip() in ("", "0"):
        return ()
    sizes = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value.is_integer()):
            raise InputError(f"hidden layers are unit counts separated by commas, such as 8,8; got {text!r}")
        sizes.append(int(value))
    return tuple(sizes)


def parse_layer_activations(items: list[str], layers: int) -> tuple[str | None, ...]:
    """``["2=tanh"]`` for ``layers`` hidden layers -> ``(None, "tanh")`` (None: the main activation),
    as the command line's ``--layer-activation`` and the view's field write them; () for none."""
    if not items:
        return ()
    chosen: list[str | None] = [None] * layers
    for item in items:
        number, sep, name = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise InputError(f"a layer's activation is given as N=ID such as 2=tanh, got {item!r}")
        index = int(number)
        if not 1 <= index <= layers:
            raise InputError(f"layer activation {item.strip()}: the network has hidden layers 1..{layers}")
        chosen[index - 1] = catalog.get(name.strip()).id
    return tuple(chosen)


def finite(value: float) -> float | None:
    """A JSON number: inf and nan become null."""
    return float(value) if math.isfinite(value) else None
