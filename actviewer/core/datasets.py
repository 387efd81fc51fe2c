"""Small 2-D data sets to train a network on, as TensorFlow Playground draws them, and your own points.

Everything here is numpy only (no torch): listing or validating a training request
loads nothing heavy. Each generator is a module-level function of ``(n, noise, rng)``
that uses nothing but numpy and its arguments, so :func:`actviewer.core.training.train_code`
copies its source verbatim into the program it writes: the data shown and the data
that program builds cannot differ. Inputs lie in about [-6, 6]², as in Playground.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import InputError

CLASSIFICATION = ("circle", "xor", "gaussians", "spiral", "moons")
REGRESSION = ("plane", "bump")
DATASETS = (*CLASSIFICATION, *REGRESSION)
OWN = "own"
"""The dataset name of explicit points (a CSV file, or points placed by hand)."""
MIN_POINTS, MAX_POINTS, DEFAULT_POINTS = 50, 5_000, 500
MIN_OWN_POINTS = 4
MAX_NOISE = 0.5
MIN_TRAIN_SHARE, MAX_TRAIN_SHARE = 0.1, 0.9
MAX_CLASSES = 10
EXTENT = (-6.0, 6.0, -6.0, 6.0)
"""x1 min, x1 max, x2 min, x2 max of the generated sets' plots."""
MAX_ABS_VALUE = 1e6

FEATURES = ("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2")
"""The input features as people read them; :data:`FEATURE_IDS` names them in ASCII, in the same order."""
FEATURE_IDS = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
FEATURE_NAMES = dict(zip(FEATURE_IDS, FEATURES))


# --- the generators: numpy only, copied into generated programs ------------------------------


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 inside radius 2.5, class 0 on a ring from 3.5 to 5; the label is read at the point
    moved by up to ±5·noise in each coordinate, so noise blurs the border (Playground's rule)."""
    inner = n // 2
    radius = np.concatenate([rng.uniform(0.0, 2.5, inner), rng.uniform(3.5, 5.0, n - inner)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    points = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    moved = points + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    label = (np.hypot(moved[:, 0], moved[:, 1]) < 3.0).astype(np.float64)
    return points, label


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in [-5, 5]², pushed 0.3 away from the axes; class 1 where x1·x2 > 0, read at the
    point moved by up to ±5·noise in each coordinate."""
    points = rng.uniform(-5.0, 5.0, (n, 2))
    points += np.where(points > 0, 0.3, -0.3)
    moved = points + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    label = (moved[:, 0] * moved[:, 1] > 0).astype(np.float64)
    return points, label


def gaussians(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 around (2, 2), class 0 around (-2, -2); variance 0.5 + 3.5·noise, so they overlap
    as noise grows."""
    first = n // 2
    std = np.sqrt(0.5 + 3.5 * noise)
    centre = np.concatenate([np.full((first, 2), 2.0), np.full((n - first, 2), -2.0)])
    points = centre + rng.normal(0.0, std, (n, 2))
    label = np.concatenate([np.ones(first), np.zeros(n - first)])
    return points, label


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved arms of 1.75 turns out to radius 5, each point moved by up to ±noise."""
    first = n // 2
    points, labels = [], []
    for count, turn, label in ((first, 0.0, 1.0), (n - first, np.pi, 0.0)):
        share = np.arange(count) / max(count, 1)
        radius = 5.0 * share
        angle = 1.75 * 2 * np.pi * share + turn
        arm = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
        points.append(arm + rng.uniform(-1.0, 1.0, (count, 2)) * noise)
        labels.append(np.full(count, label))
    return np.concatenate(points), np.concatenate(labels)


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's moons) scaled by 3.5 to fill the plot;
    class 1 is the upper moon. Gaussian noise of standard deviation 3.5·noise."""
    first = n // 2
    upper = rng.uniform(0.0, np.pi, first)
    lower = rng.uniform(0.0, np.pi, n - first)
    points = np.concatenate(
        [
            np.stack([np.cos(upper), np.sin(upper)], axis=1),
            np.stack([1.0 - np.cos(lower), 0.5 - np.sin(lower)], axis=1),
        ]
    )
    points = (points - np.array([0.5, 0.25])) * 3.5 + rng.normal(0.0, 3.5 * noise, (n, 2))
    label = np.concatenate([np.ones(first), np.zeros(n - first)])
    return points, label


def plane(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in [-6, 6]²; the target (x1 + x2) / 10, read at the point moved by up to ±6·noise."""
    points = rng.uniform(-6.0, 6.0, (n, 2))
    moved = points + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    return points, (moved[:, 0] + moved[:, 1]) / 10.0


def bump(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in [-6, 6]²; the target exp(-|x|² / 8), a gaussian bump of height 1, read at the
    point moved by up to ±6·noise."""
    points = rng.uniform(-6.0, 6.0, (n, 2))
    moved = points + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    return points, np.exp(-(moved[:, 0] ** 2 + moved[:, 1] ** 2) / 8.0)


def split(n: int, train_share: float, rng: np.random.Generator) -> np.ndarray:
    """Which points train (True) and which test: a seeded permutation, its first share trains
    (at least one point on each side)."""
    order = rng.permutation(n)
    count = min(n - 1, max(1, round(n * train_share)))
    train = np.zeros(n, dtype=bool)
    train[order[:count]] = True
    return train


def feature_columns(points: np.ndarray, ids: tuple[str, ...]) -> np.ndarray:
    """The chosen input features of (N, 2) points, one column each, in float64."""
    x1, x2 = points[:, 0], points[:, 1]
    table = {
        "x1": x1,
        "x2": x2,
        "x1sq": x1 * x1,
        "x2sq": x2 * x2,
        "x1x2": x1 * x2,
        "sinx1": np.sin(x1),
        "sinx2": np.sin(x2),
    }
    return np.stack([table[name] for name in ids], axis=1)


GENERATORS = {
    "circle": circle,
    "xor": xor,
    "gaussians": gaussians,
    "spiral": spiral,
    "moons": moons,
    "plane": plane,
    "bump": bump,
}


def task_of(dataset: str, own_task: str = "classification") -> str:
    """ "classification" or "regression"."""
    if dataset == OWN:
        return own_task
    return "regression" if dataset in REGRESSION else "classification"


# --- one data set, built --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Data:
    """Points with their labels (classification: int64 0..K-1) or targets (regression: float64)."""

    points: np.ndarray
    """(N, 2) float64."""
    target: np.ndarray
    train: np.ndarray
    """(N,) bool: which points the network trains on; the others are the test split."""
    task: str
    classes: int
    """K for classification (at least 2), 1 for regression (one output)."""
    extent: tuple[float, float, float, float]
    """x1 min, x1 max, x2 min, x2 max of the plots (the grid of predictions)."""


def own_extent(points: np.ndarray) -> tuple[float, float, float, float]:
    """The generated sets' plane when the points lie in it (points placed by hand on it keep the
    view where it was); else the points' bounds with a 10 % margin (at least 0.5 on each side)."""
    x0, x1, y0, y1 = EXTENT
    if points.size and (
        (x0 <= points[:, 0]).all()
        and (points[:, 0] <= x1).all()
        and (y0 <= points[:, 1]).all()
        and (points[:, 1] <= y1).all()
    ):
        return EXTENT
    out: list[float] = []
    for column in (points[:, 0], points[:, 1]):
        low, high = float(column.min()), float(column.max())
        margin = max(0.1 * (high - low), 0.5)
        out += [low - margin, high + margin]
    return out[0], out[1], out[2], out[3]


def make_data(
    dataset: str,
    points: int,
    noise: float,
    train_share: float,
    seed: int,
    own_points: tuple[tuple[float, float, float], ...] = (),
    own_task: str = "classification",
    own_split: tuple[bool, ...] = (),
) -> Data:
    """The data set of a (validated) request: generated, then split, with one seeded generator;
    own points with ``own_split`` (True: trains) keep that split instead."""
    rng = np.random.default_rng(seed)
    task = task_of(dataset, own_task)
    if dataset == OWN:
        table = np.array(own_points, dtype=np.float64).reshape(-1, 3)
        xy, value = table[:, :2], table[:, 2]
        extent = own_extent(xy)
    else:
        xy, value = GENERATORS[dataset](points, noise, rng)
        extent = EXTENT
    train = split(len(xy), train_share, rng)
    if dataset == OWN and own_split:
        train = np.array(own_split, dtype=bool)
    if task == "classification":
        target = value.astype(np.int64)
        classes = max(2, int(target.max()) + 1)
    else:
        target, classes = value.astype(np.float64), 1
    return Data(xy, target, train, task, classes, extent)


# --- your own points -------------------------------------------------------------------------


@dataclass(frozen=True)
class PointsFile:
    points: tuple[tuple[float, float, float], ...]
    task: str
    """"classification" (integer labels 0..9) or "regression" (float targets)."""


CLASS_HEADER = ("x1", "x2", "label")
TARGET_HEADER = ("x1", "x2", "y")


def check_own_points(
    points: tuple[tuple[float, float, float], ...], task: str, where: str = "own points"
) -> None:
    """Enough finite points, and for classification labels 0..9 of at least two classes."""
    if task not in ("classification", "regression"):
        raise InputError(f"the own points' task is classification or regression, not {task!r}")
    if not MIN_OWN_POINTS <= len(points) <= MAX_POINTS:
        raise InputError(
            f"{where}: {len(points):,} points; give from {MIN_OWN_POINTS} to {MAX_POINTS:,} points"
        )
    for index, row in enumerate(points, start=1):
        if len(row) != 3 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in row
        ):
            raise InputError(f"{where}: point {index} is not three finite numbers (x1, x2, label): {row!r}")
        if any(abs(v) > MAX_ABS_VALUE for v in row):
            raise InputError(f"{where}: point {index} lies beyond ±{MAX_ABS_VALUE:g}: {row!r}")
        if task == "classification" and not (float(row[2]).is_integer() and 0 <= row[2] < MAX_CLASSES):
            raise InputError(
                f"{where}: point {index} has label {row[2]!r}; labels are whole numbers 0..{MAX_CLASSES - 1}"
            )
    if task == "classification" and len({row[2] for row in points}) < 2:
        raise InputError(f"{where}: every point has the same label; classification needs two classes")


def check_own_split(own_split: tuple[bool, ...], points: int) -> None:
    """An explicit split: one flag per point, with points on both sides."""
    if not own_split:
        return
    if len(own_split) != points:
        raise InputError(f"the split has {len(own_split)} flags for {points} points; give one per point")
    if not any(own_split) or all(own_split):
        raise InputError("the split needs at least one train point and one test point")


def read_points_csv(path: str | os.PathLike[str]) -> PointsFile:
    """Points from a CSV file of ``x1,x2,label`` (classification, whole numbers 0..9) or
    ``x1,x2,y`` (regression). Without a header, a third column of whole numbers 0..9 is read as
    labels and anything else as targets. Every problem is an InputError naming the file and line."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a CSV file") from None
    except OSError as err:
        raise InputError(f"{name}: cannot be read: {err.strerror or err}") from None
    if b"\0" in raw:
        raise InputError(f"{name}: not a text file (it holds binary data); give a CSV of x1,x2,label")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text; give a CSV of x1,x2,label") from None
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line and not line.startswith("#")]
    if not lines:
        raise InputError(f"{name}: the file is empty; give a CSV of x1,x2,label or x1,x2,y")
    task: str | None = None
    first = tuple(cell.strip().lower() for cell in lines[0][1].split(","))
    if not _is_number(first[0]):
        if first == CLASS_HEADER:
            task = "classification"
        elif first == TARGET_HEADER:
            task = "regression"
        else:
            raise InputError(
                f"{name}: line {lines[0][0]}: the header must be x1,x2,label (classes) "
                f"or x1,x2,y (regression), got {lines[0][1]!r}"
            )
        lines = lines[1:]
    if len(lines) > MAX_POINTS:
        raise InputError(f"{name}: {len(lines):,} points; at most {MAX_POINTS:,}")
    rows: list[tuple[float, float, float]] = []
    for number, line in lines:
        cells = line.split(",")
        if len(cells) != 3:
            raise InputError(f"{name}: line {number}: expected 3 values (x1, x2, label), got {len(cells)}")
        values = []
        for cell in cells:
            try:
                value = float(cell)
            except ValueError:
                raise InputError(f"{name}: line {number}: {cell.strip()!r} is not a number") from None
            if not math.isfinite(value):
                raise InputError(f"{name}: line {number}: {cell.strip()!r} is not a finite number")
            if abs(value) > MAX_ABS_VALUE:
                raise InputError(f"{name}: line {number}: {value:g} lies beyond ±{MAX_ABS_VALUE:g}")
            values.append(value)
        if task == "classification" and not (values[2].is_integer() and 0 <= values[2] < MAX_CLASSES):
            raise InputError(
                f"{name}: line {number}: the label {cells[2].strip()!r} is not a whole number 0..{MAX_CLASSES - 1}"
            )
        rows.append((values[0], values[1], values[2]))
    if len(rows) < MIN_OWN_POINTS:
        raise InputError(f"{name}: {len(rows)} points; at least {MIN_OWN_POINTS} are needed")
    if task is None:
        whole = all(r[2].is_integer() and 0 <= r[2] < MAX_CLASSES for r in rows)
        task = "classification" if whole else "regression"
    if task == "classification" and len({r[2] for r in rows}) < 2:
        raise InputError(f"{name}: every point has label {rows[0][2]:g}; classification needs two classes")
    return PointsFile(tuple(rows), task)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
