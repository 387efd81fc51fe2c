"""``actviewer train``: data files written headless, and bad arguments as one line with exit 2."""

from __future__ import annotations

import json

import pytest
import torch

from actviewer import cli

from .test_cli import actviewer, read_csv


def test_json_csv_and_pt(tmp_path) -> None:
    path = tmp_path / "run.json"
    out = actviewer("train", "tanh", "--steps", "60", "--hidden", "5,3", "--dataset", "xor", "-o", str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    assert data["dataset"] == "xor" and data["hidden"] == [5, 3] and "penalty" in data["loss_note"]
    run = data["runs"][0]
    assert run["step"] == 60 and len(run["history"]["train_loss"]) == 61 and len(run["layers"]) == 2
    assert run["final"]["train_loss"] == run["history"]["train_loss"][-1]

    table = tmp_path / "run.csv"
    argv = ["train", "relu", "--steps", "30", "--race", "tanh", "sigmoid", "--hidden", "4", "-o", str(table)]
    assert cli.main(argv) == 0
    header = table.read_text().splitlines()[0].split(",")
    assert header[:3] == ["activation", "step", "train_loss"] and "layer1_dead_fraction" in header
    assert len(table.read_text().splitlines()) == 1 + 3 * 31

    single = tmp_path / "one.csv"
    assert cli.main(["train", "relu", "--steps", "10", "--hidden", "", "-o", str(single)]) == 0
    names, rows = read_csv(single)
    assert names[0] == "step" and rows.shape[0] == 11 and list(rows[:, 0]) == list(range(11))

    weights = tmp_path / "w.pt"
    assert cli.main(["train", "relu", "--steps", "10", "--hidden", "0", "-o", str(weights)]) == 0
    state = torch.load(weights)
    assert set(state) == {"0.weight", "0.bias"} and state["0.weight"].shape == (2, 2)


def test_own_data_file(tmp_path) -> None:
    data = tmp_path / "points.csv"
    data.write_text("x1,x2,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    path = tmp_path / "own.json"
    assert (
        cli.main(["train", "relu", "--data", str(data), "--steps", "5", "--batch", "4", "-o", str(path)]) == 0
    )
    assert json.loads(path.read_text())["points"] == 20


@pytest.mark.parametrize(
    "argv, message",
    [
        (["relu", "--dataset", "blobs"], "unknown dataset"),
        (["relu", "--hidden", "300"], "units"),
        (["relu", "--hidden", "1,2,3,4,5,6,7,8,9"], "at most 8"),
        (["relu", "--race", "tanh", "elu", "selu", "gelu", "silu"], "at most 3"),
        (["softmax"], "not elementwise"),
        (["relu", "--layer-activation", "3=tanh"], "hidden layers 1..2"),
        (["relu", "--features", "x1,z"], "features"),
        (["relu", "--optimizer", "rmsprop"], "sgd or adam"),
        (["relu", "--lr", "abc"], "--lr"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys, argv, message) -> None:
    path = tmp_path / "x.json"
    assert cli.main(["train", *argv, "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not path.exists()


def test_bad_csv_file_in_a_subprocess(tmp_path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("x1,x2,label\n0,0,0\n1,oops,1\n")
    out = actviewer("train", "relu", "--data", str(data), "-o", str(tmp_path / "x.json"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert "bad.csv: line 3" in out.stderr
