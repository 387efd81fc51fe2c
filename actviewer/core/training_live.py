"""Live training runs: the model, optimizer, batch order and history of each run, kept between
requests so that asking for more steps continues where the last request stopped.

Imported when training starts (torch is loaded here). A continued run gives exactly the
numbers of a fresh one: the state kept (weights, optimizer moments, the batch generator
and its position in the epoch) is everything the next step reads.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from typing import Any

import numpy as np
import torch

from . import catalog
from . import training_model as tm
from .cancel import StopCheck, Superseded, check, report_progress
from .compute import forward_fn
from .datasets import Data, feature_columns
from .devices import torch_device
from .training import (
    CHECK_EVERY,
    MAX_CACHED,
    MAX_THUMBNAILS,
    THUMBNAIL,
    Choice,
    TrainRequest,
    TrainRun,
    frame_steps,
    grid_axes,
    init_lines,
    make_request_data,
    run_key,
    run_labels,
)

_cache: OrderedDict[tuple[Any, ...], Live] = OrderedDict()
"""Live runs by :func:`~.training.run_key`. A run is taken out while it trains and put back
after, so two threads never train the same one."""


class Live:
    """One run in progress: its network, optimizer, batch order, history and step."""

    def __init__(self, request: TrainRequest, run: Choice, data: Data) -> None:
        self.device = torch_device(request.device)
        self.dtype = tm.parameters_dtype(request.dtype)
        self.data = data
        self.classification = data.task == "classification"
        self.l1, self.l2 = request.l1, request.l2
        self.features = request.features
        inputs = torch.as_tensor(feature_columns(data.points, request.features), dtype=self.dtype)
        train = torch.as_tensor(data.train)
        target = torch.as_tensor(data.target, dtype=torch.int64 if self.classification else self.dtype)
        self.x_train, self.x_test = inputs[train].to(self.device), inputs[~train].to(self.device)
        self.y_train, self.y_test = target[train].to(self.device), target[~train].to(self.device)
        layers = request.layer_choices(run)
        self.layer_ids = tuple(c[0] for c in layers)
        functions = [forward_fn(catalog.get(a), dict(p)) for a, p in layers]
        lines = [init_lines(request, a, dict(p)) for a, p in layers] + [init_lines(request, "", {})]
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(request.seed)
            model = tm.build_model(
                len(request.features),
                list(request.hidden),
                [tm.Activation(f) for f in functions],
                request.layernorm,
                request.residual,
                data.classes,
                tm.init_callback(lines),
            )
        self.model = model.to(device=self.device, dtype=self.dtype)
        self.blocks, self.output = tm.blocks_of(self.model)
        parameters = self.model.parameters()
        if request.optimizer == "adam":
            self.optimizer: torch.optim.Optimizer = torch.optim.Adam(parameters, lr=request.lr)
        else:
            self.optimizer = torch.optim.SGD(parameters, lr=request.lr, momentum=request.momentum)
        self.batches = tm.Batches(len(self.x_train), request.batch, request.seed)
        layers_count = len(request.hidden)
        self.history = tm.Buffer(5)
        self.stats = tm.Buffer(3 * layers_count)
        self.step = 0
        self.stopped: str | None = None
        self.frames: dict[int, tuple[int, np.ndarray]] = {}
        self._record([math.nan] * layers_count)

    # --- training ---------------------------------------------------------------------------

    def advance(self, target: int, wanted: set[int], grid: int, progress: Any) -> int:
        """Train up to step ``target`` (or until the loss stops being finite); returns the steps
        trained. ``progress(done)`` is called every CHECK_EVERY steps and may raise Superseded,
        which leaves the run consistent at a whole step."""
        done = 0
        if 0 in wanted and 0 not in self.frames:
            self.frames[0] = (grid, self.predict_grid(grid))
        while self.step < target and self.stopped is None:
            if done % CHECK_EVERY == 0:
                progress(done)
            index = self.batches.next()
            tm.train_step(
                self.model,
                self.optimizer,
                self.x_train[index],
                self.y_train[index],
                self.classification,
                self.l1,
                self.l2,
            )
            self.step += 1
            done += 1
            grads = [b[0].weight.grad for b in self.blocks]
            norms = torch.stack([g.norm() for g in grads if g is not None]) if grads else torch.zeros(0)
            self._record(norms.tolist())
            if self.step in wanted:
                self.frames[self.step] = (grid, self.predict_grid(grid))
        return done

    def _record(self, grad_norms: list[float]) -> None:
        """Losses, scores and per-layer statistics over the whole train and test splits."""
        with torch.no_grad():
            pres, acts, out = tm.forward_layers(self.blocks, self.output, self.x_train)
            train_loss = tm.data_loss(out, self.y_train, self.classification)
            test_out = self.model(self.x_test)
            test_loss = tm.data_loss(test_out, self.y_test, self.classification)
            values = [
                train_loss,
                test_loss,
                self._score(out, self.y_train),
                self._score(test_out, self.y_test),
            ]
        slope = tm.slopes(self.blocks, pres)
        with torch.no_grad():
            dead = [(s == 0).all(dim=0).double().mean() for s in slope]
            mean = [s.abs().double().mean() for s in slope]
            row = torch.stack([v.double() for v in (*values, *dead, *mean)]).tolist()
        scores, layers = row[:4], row[4:]
        half = len(layers) // 2
        self.history.append([float(self.step), *scores])
        self.stats.append([*layers[:half], *layers[half:], *grad_norms])
        if not math.isfinite(scores[0]) and self.stopped is None:
            kind = "nan" if math.isnan(scores[0]) else "inf"
            origin = tm.non_finite_origin(pres, acts, out)
            self.stopped = f"step {self.step}: the loss became {kind}; {origin}"

    def _score(self, out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Accuracy (classification) or R² (regression; nan when the targets do not vary)."""
        if self.classification:
            return (out.argmax(dim=1) == target).double().mean()
        error = (out[:, 0].double() - target.double()).pow(2).sum()
        spread = (target.double() - target.double().mean()).pow(2).sum()
        return 1 - error / spread if bool(spread > 0) else torch.tensor(math.nan)

    # --- what the plots show -----------------------------------------------------------------

    def _inputs(self, size: int) -> torch.Tensor:
        x1, x2 = grid_axes(self.data.extent, size)
        g1, g2 = np.meshgrid(x1, x2)
        points = np.stack([g1.ravel(), g2.ravel()], axis=1)
        return torch.as_tensor(feature_columns(points, self.features), dtype=self.dtype).to(self.device)

    def predict_grid(self, size: int) -> np.ndarray:
        with torch.no_grad():
            out = self.model(self._inputs(size))
            if not self.classification:
                value = out[:, 0]
            elif out.shape[1] == 2:
                value = torch.softmax(out, dim=1)[:, 1]
            else:
                value = out.argmax(dim=1).to(out.dtype)
            return value.reshape(size, size).float().cpu().numpy()

    def thumbnails(self) -> tuple[np.ndarray, ...]:
        with torch.no_grad():
            _pres, acts, _out = tm.forward_layers(self.blocks, self.output, self._inputs(THUMBNAIL))
            return tuple(
                a[:, :MAX_THUMBNAILS].T.reshape(-1, THUMBNAIL, THUMBNAIL).float().cpu().numpy() for a in acts
            )

    def result(self, run: Choice, label: str, grid: int, wanted: tuple[int, ...]) -> TrainRun:
        history = self.history.view()
        names = ("accuracy",) if self.classification else ("r2",)
        metric = names[0]
        columns = {
            "step": history[:, 0],
            "train_loss": history[:, 1],
            "test_loss": history[:, 2],
            f"train_{metric}": history[:, 3],
            f"test_{metric}": history[:, 4],
        }
        stats = self.stats.view()
        count = len(self.blocks)
        layer_stats = {
            name: stats[:, i * count : (i + 1) * count]
            for i, name in enumerate(("dead_fraction", "mean_slope", "grad_norm"))
        }
        kept = [s for s in wanted if s in self.frames]
        frames = (
            np.stack([self.frames[s][1] for s in kept])
            if kept
            else np.zeros((0, grid, grid), dtype=np.float32)
        )
        return TrainRun(
            activation=run[0],
            params=dict(run[1]),
            label=label,
            layer_activations=self.layer_ids,
            history=columns,
            layer_stats=layer_stats,
            prediction=self.predict_grid(grid),
            thumbnails=self.thumbnails(),
            state_dict=tm.numpy_state(self.model),
            stopped=self.stopped,
            step=self.step,
            frame_steps=np.array(kept, dtype=np.int64),
            frames=frames,
        )

    def can_continue(self, target: int, wanted: tuple[int, ...], grid: int) -> bool:
        """Whether this run can reach ``target`` with every wanted frame: it has not passed the
        target, and the frames before its step were kept at this grid."""
        if self.step > target:
            return False
        return all(s in self.frames and self.frames[s][0] == grid for s in wanted if s <= self.step)


def train_runs(
    request: TrainRequest, should_stop: StopCheck | None
) -> tuple[tuple[TrainRun, ...], Data, int, float]:
    """Train each run of ``request`` to its step; the runs, their data, the steps trained and the
    seconds spent training."""
    choices = request.choices()
    labels = run_labels(choices)
    wanted = frame_steps(request.steps, request.frames)
    lives: list[tuple[tuple[Any, ...], Live | None]] = []
    for run in choices:
        key = run_key(request, run)
        cached = _cache.pop(key, None)
        usable = cached is not None and cached.can_continue(request.steps, wanted, request.grid)
        lives.append((key, cached if usable else None))
    total = sum(max(0, request.steps - (v.step if v is not None else 0)) for _, v in lives) or 1
    trained, seconds = 0, 0.0
    data: Data | None = next((v.data for _, v in lives if v is not None), None)
    finished: list[tuple[tuple[Any, ...], Live]] = []
    try:
        for index, (key, maybe) in enumerate(lives):
            check(should_stop)
            if data is None:
                data = make_request_data(request)
            live = maybe if maybe is not None else Live(request, choices[index], data)
            lives[index] = (key, live)
            before = trained

            def progress(done: int, before: int = before) -> None:
                check(should_stop)
                report_progress(should_stop, (before + done) / total)

            start = time.perf_counter()
            trained += live.advance(request.steps, set(wanted), request.grid, progress)
            live.frames = {s: f for s, f in live.frames.items() if s in wanted}
            seconds += time.perf_counter() - start
            finished.append((key, live))
    except Superseded:
        _keep([(k, v) for k, v in lives if v is not None])  # each at the whole step it reached
        raise
    _keep(finished)
    assert data is not None
    runs = tuple(
        live.result(run, label, request.grid, wanted)
        for (_, live), run, label in zip(finished, choices, labels)
    )
    return runs, data, trained, seconds


def _keep(lives: list[tuple[tuple[Any, ...], Live]]) -> None:
    for key, live in lives:
        _cache[key] = live
        _cache.move_to_end(key)
    while len(_cache) > MAX_CACHED:
        _cache.popitem(last=False)


def clear_cache() -> None:
    """Forget every live run (the tests' fresh start)."""
    _cache.clear()
