"""The training lab against independent facts: what a linear model cannot learn, what a small
ReLU or tanh network does learn, exact reproducibility, and losses recomputed here with plain
torch from the saved weights and with the generated program in a fresh interpreter."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from actviewer import api
from actviewer.core import catalog, records
from actviewer.core.cancel import Superseded
from actviewer.core.custom import CustomActivation
from actviewer.core.datasets import feature_columns
from actviewer.core.errors import InputError
from actviewer.core.features.train import write_train_pt
from actviewer.core.training import TrainRequest, TrainSettings, compute_train, train_code
from actviewer.core.training_live import clear_cache


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def identity():
    spec = CustomActivation("ident", "x", ()).spec()
    catalog.register(spec)
    yield spec.id
    catalog.unregister(spec.id)


def train(activation: str = "relu", **fields) -> object:
    return compute_train(TrainRequest(activation, **fields))


@pytest.mark.parametrize("dataset", ["circle", "xor"])
def test_linear_models_cannot_separate_circle_or_xor(identity, dataset) -> None:
    for activation, hidden in ((identity, (8, 8)), ("relu", ())):
        result = train(activation, dataset=dataset, hidden=hidden, steps=600, optimizer="adam", lr=0.03)
        accuracy = result.runs[0].history["test_accuracy"]
        assert len(accuracy) == 601
        assert accuracy.max() < 0.75, (activation, hidden)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_relu_and_tanh_learn_the_circle(activation) -> None:
    result = train(activation, steps=1000, optimizer="adam", lr=0.03)
    history = result.runs[0].history
    assert history["test_accuracy"][-1] >= 0.95
    assert history["train_loss"][-1] < history["train_loss"][0] / 5


def test_regression_plane_reaches_r2() -> None:
    result = train("relu", dataset="plane", steps=500, optimizer="adam", lr=0.01)
    assert result.runs[0].history["test_r2"][-1] > 0.9
    assert result.data.task == "regression"


def test_same_seed_is_bitwise_identical_and_another_differs() -> None:
    a = train("tanh", steps=200)
    clear_cache()
    b = train("tanh", steps=200)
    assert np.array_equal(a.runs[0].history["train_loss"], b.runs[0].history["train_loss"])
    assert np.array_equal(
        a.runs[0].layer_stats["grad_norm"], b.runs[0].layer_stats["grad_norm"], equal_nan=True
    )
    c = train("tanh", steps=200, seed=1)
    assert not np.array_equal(a.runs[0].history["train_loss"], c.runs[0].history["train_loss"])


def test_continuing_from_the_cache_equals_training_from_scratch() -> None:
    fields = dict(steps=300, optimizer="adam", lr=0.03, batch=7, l2=0.001)
    scratch = train("gelu", **fields)
    clear_cache()
    train("gelu", **{**fields, "steps": 120})
    first = train("gelu", **{**fields, "steps": 200})
    continued = train("gelu", **fields)
    assert first.runs[0].step == 200 and continued.runs[0].step == 300
    for name, values in scratch.runs[0].history.items():
        assert np.array_equal(values, continued.runs[0].history[name]), name
    for name, values in scratch.runs[0].state_dict.items():
        assert np.array_equal(values, continued.runs[0].state_dict[name]), name
    # Views handed out earlier keep their values while the run goes on.
    assert np.array_equal(first.runs[0].history["train_loss"], scratch.runs[0].history["train_loss"][:201])
    fewer = train("gelu", **{**fields, "steps": 50})  # behind the cached run: a fresh start
    assert np.array_equal(fewer.runs[0].history["train_loss"], scratch.runs[0].history["train_loss"][:51])


def test_a_stopped_computation_keeps_its_progress() -> None:
    scratch = train("relu", steps=200)
    clear_cache()
    asked = [0]

    def should_stop() -> bool:
        asked[0] += 1
        return asked[0] > 5

    with pytest.raises(Superseded):
        compute_train(TrainRequest("relu", steps=200), should_stop)
    resumed = train("relu", steps=200)
    assert np.array_equal(resumed.runs[0].history["train_loss"], scratch.runs[0].history["train_loss"])


def test_final_loss_equals_a_recomputation_from_the_saved_weights(tmp_path) -> None:
    result = train("relu", steps=300, hidden=(8, 6))
    path = write_train_pt(result, tmp_path / "run.pt")
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 2))
    model.load_state_dict(torch.load(path))
    data = result.data
    x = torch.as_tensor(data.points[data.train], dtype=torch.float32)
    y = torch.as_tensor(data.target[data.train])
    with torch.no_grad():
        loss = F.cross_entropy(model(x), y).item()
    assert loss == pytest.approx(result.runs[0].history["train_loss"][-1], rel=1e-6)


def test_generated_program_prints_the_same_final_loss() -> None:
    request = TrainRequest(
        "leaky_relu",
        {"negative_slope": 0.1},
        dataset="spiral",
        features=("x1", "x2", "x1sq", "sinx1"),
        hidden=(6, 6, 6),
        layer_activations=(None, ("tanh", {}), None),
        init="kaiming_normal",
        residual=True,
        layernorm=True,
        optimizer="sgd",
        momentum=0.9,
        l1=0.001,
        l2=0.01,
        batch=13,
        steps=150,
    )
    result = compute_train(request)
    out = subprocess.run(
        [sys.executable, "-c", train_code(request)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    printed = float(out.stdout.splitlines()[0].split()[-1])
    assert printed == pytest.approx(result.runs[0].history["train_loss"][-1], rel=1e-6)


def test_an_exploding_run_stops_and_names_a_layer() -> None:
    result = train("relu", steps=200, lr=10.0, hidden=(8, 8, 8))
    run = result.runs[0]
    assert result.stopped is not None and run.stopped == result.stopped
    assert result.stopped.startswith(f"step {run.step}: the loss became ")
    assert "layer" in result.stopped and run.step < 200
    assert len(run.history["step"]) == run.step + 1
    more = train("relu", steps=400, lr=10.0, hidden=(8, 8, 8))
    assert more.runs[0].step == run.step  # no further steps after the loss stopped being finite


def test_a_race_of_four_trains_on_the_same_data() -> None:
    result = train("relu", steps=100, rivals=("tanh", "sigmoid", ("leaky_relu", {"negative_slope": 0.2})))
    assert [r.activation for r in result.runs] == ["relu", "tanh", "sigmoid", "leaky_relu"]
    assert all(r.step == 100 and len(r.history["step"]) == 101 for r in result.runs)
    assert len({r.history["train_loss"][-1] for r in result.runs}) == 4
    # The same init for every run: step 0 of each starts from identical weights.
    first = [r.state_dict for r in result.runs]
    assert all(set(s) == set(first[0]) for s in first)
    with pytest.raises(InputError, match="at most 3"):
        TrainRequest("relu", rivals=("tanh",) * 4).validated()


def test_result_shapes_frames_and_thumbnails() -> None:
    result = train("tanh", steps=100, grid=20, frames=5, hidden=(40, 3))
    run = result.runs[0]
    assert run.prediction.shape == (20, 20) and np.all((run.prediction >= 0) & (run.prediction <= 1))
    assert list(run.frame_steps) == [0, 25, 50, 75, 100] and run.frames.shape == (5, 20, 20)
    assert np.array_equal(run.frames[-1], run.prediction)
    assert result.frame_count() == 5
    assert [t.shape for t in run.thumbnails] == [(32, 24, 24), (3, 24, 24)]
    assert run.layer_stats["dead_fraction"].shape == (101, 2)
    assert result.data.extent == (-6.0, 6.0, -6.0, 6.0)


def test_dead_units_are_counted() -> None:
    # A flat activation has slope 0 everywhere: every unit of every layer is dead.
    spec = CustomActivation("flat", "0 * x", ()).spec()
    catalog.register(spec)
    try:
        flat = train(spec.id, steps=3, hidden=(4, 4))
    finally:
        catalog.unregister(spec.id)
    assert np.all(flat.runs[0].layer_stats["dead_fraction"] == 1.0)
    assert np.all(flat.runs[0].layer_stats["mean_slope"] == 0.0)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"hidden": (300,)}, "units"),
        ({"hidden": (1,) * 9}, "at most 8"),
        ({"dataset": "nope"}, "unknown dataset"),
        ({"lr": 11.0}, "at most 10"),
        ({"momentum": 0.5, "optimizer": "adam"}, "momentum"),
        ({"features": ("x3",)}, "features"),
        ({"batch": 5001}, "batch"),
        ({"dtype": "float16"}, "float32 or float64"),
        ({"layer_activations": ("tanh",)}, "one per hidden layer"),
        ({"dataset": "own", "own_points": ((0, 0, 1),) * 5}, "two classes"),
    ],
)
def test_bad_requests_are_input_errors(fields, message) -> None:
    with pytest.raises(InputError, match=message):
        TrainRequest("relu", **fields).validated()
    with pytest.raises(InputError, match="not elementwise"):
        TrainRequest("softmax").validated()


def test_settings_round_trip_and_fall_back() -> None:
    settings = TrainSettings(
        hidden=(4, 2), rivals=(("tanh", ()),), layer_activations=(None, ("elu", (("alpha", 0.5),)))
    )
    stored = records.to_json(settings)
    again, problems = TrainSettings.from_dict(stored)
    assert problems == [] and again == settings
    request = again.request("relu", {}, steps=10).validated()
    assert request.layer_activations[1] == ("elu", (("alpha", 0.5),))
    clash, problems = TrainSettings.from_dict({**stored, "momentum": 0.5, "optimizer": "adam"})
    assert clash == TrainSettings() and "defaults" in problems[-1]
    _, problems = TrainSettings.from_dict({**stored, "hidden": "8,8"})
    assert problems and problems[0].startswith("hidden")


def test_own_points_can_keep_a_split_given_point_by_point() -> None:
    own = ((0.5, 1.0, 1), (-2.0, 3.0, 0), (4.0, -1.5, 1), (-3.5, -3.0, 0), (1.25, 2.5, 0), (2.0, 2.0, 1))
    flags = (True, False, True, True, False, True)
    result = train("tanh", dataset="own", own_points=own, own_split=flags, steps=5, hidden=(4,))
    assert result.data.train.tolist() == list(flags)
    request = TrainRequest("tanh", dataset="own", own_points=own, own_split=flags, steps=5, hidden=(4,))
    out = subprocess.run(
        [sys.executable, "-c", train_code(request)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr  # the program trains on the same split, to the same loss
    assert float(out.stdout.splitlines()[0].split()[-1]) == pytest.approx(
        result.runs[0].history["train_loss"][-1], rel=1e-6
    )
    for bad, message in (((True,) * 5, "one per point"), ((True,) * 6, "one test point")):
        with pytest.raises(InputError, match=message):
            TrainRequest("relu", dataset="own", own_points=own, own_split=bad).validated()


def test_a_batch_larger_than_the_train_split_is_the_whole_split() -> None:
    own = ((0.5, 1.0, 1), (-2.0, 3.0, 0), (4.0, -1.5, 1), (-3.5, -3.0, 0), (1.25, 2.5, 0), (2.0, 2.0, 1))
    fields = dict(dataset="own", own_points=own, steps=20, hidden=(4,))
    whole = train("tanh", batch=10, **fields).runs[0].history["train_loss"]
    split = train("tanh", batch=3, **fields).runs[0].history["train_loss"]  # 3 of 6 points train
    np.testing.assert_allclose(whole, split, rtol=1e-6)


def test_own_points_train_and_keep_their_extent() -> None:
    rng = np.random.default_rng(0)
    xy = rng.uniform(10, 20, (60, 2))
    own = tuple((float(a), float(b), float(a > 15)) for a, b in xy)
    result = train("relu", dataset="own", own_points=own, steps=50, hidden=(4,))
    assert result.data.extent[0] < xy[:, 0].min() and result.data.extent[1] > xy[:, 0].max()
    assert len(result.data.points) == 60


def test_the_notebook_api_runs_training() -> None:
    result = api.run("train", "relu", steps=20, hidden=(4,), rivals=("tanh",))
    assert len(result.runs) == 2 and result.runs[0].step == 20
    arrays = result.to_numpy()
    assert "data.points" in arrays


def test_request_is_cheap_to_copy_and_grid_does_not_restart() -> None:
    first = train("relu", steps=100)
    same = train("relu", steps=100, grid=30)  # only the display changed: served from the live run
    assert np.array_equal(first.runs[0].history["train_loss"], same.runs[0].history["train_loss"])
    assert same.runs[0].prediction.shape == (30, 30) and same.steps_per_second == 0.0
    assert dataclasses.replace(TrainRequest("relu"), steps=5).steps == 5
    assert feature_columns(first.data.points, ("x1",)).shape == (500, 1)
