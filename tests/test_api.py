"""``import actviewer as av``: the same numbers and the same bytes as the command line, and its messages."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actviewer as av
from actviewer import cli
from tests.fresh import run_python


def cli_file(tmp_path, name: str, *argv: str):
    path = tmp_path / name
    assert cli.main([*argv, "-o", str(path)]) == 0
    return path


def test_curve_is_torch_and_its_csv_is_the_clis_byte_for_byte(tmp_path):
    r = av.curve("gelu", approximate="tanh", x=(-6, 6), samples=1001, dtype="float64")
    x = torch.linspace(-6, 6, 1001, dtype=torch.float64)
    np.testing.assert_allclose(r.to_numpy()["y"], F.gelu(x, approximate="tanh").numpy(), rtol=1e-12)
    mine = r.save(tmp_path / "api.csv").read_bytes()
    theirs = cli_file(
        tmp_path, "cli.csv", "export", "gelu", "--param", "approximate=tanh", "--dtype", "float64"
    )
    assert mine == theirs.read_bytes()


@pytest.mark.parametrize(
    ("call", "argv"),
    [
        (
            lambda: av.compare("silu", "mish", "gelu:approximate=tanh"),
            ["compare", "silu", "mish", "gelu:approximate=tanh"],
        ),
        (lambda: av.sweep("elu", "alpha", 0, 3, 4), ["sweep", "elu", "--param", "alpha=0:3:4"]),
        (lambda: av.precision("gelu", samples=201), ["precision", "gelu", "-n", "201"]),
        (
            lambda: av.dist("selu", samples=10_000, seed=3),
            ["dist", "selu", "--samples", "1e4", "--seed", "3"],
        ),
        (
            lambda: av.stack("relu", layers=4, width=32, batch=8),
            ["stack", "relu", "--layers", "4", "--width", "32", "--batch", "8"],
        ),
        (
            lambda: av.run("layers", "tanh", hidden=5, seed=2),
            ["layers", "tanh", "--hidden", "5", "--seed", "2"],
        ),
        (
            lambda: av.critical("tanh", point=(1.5, 0.05), grid=False, depth=10, measure=False),
            ["critical", "tanh", "--point", "1.5,0.05", "--depth", "10"],
        ),
        (
            lambda: av.run("train", "tanh", dataset="xor", hidden=(4,), steps=30, rivals=("relu",)),
            ["train", "tanh", "--dataset", "xor", "--hidden", "4", "--steps", "30", "--race", "relu"],
        ),
    ],
    ids=["compare", "sweep", "precision", "dist", "stack", "layers", "critical", "train"],
)
def test_every_feature_gives_the_clis_file(tmp_path, call, argv):
    result = call()
    suffix = ".csv" if argv[0] == "layers" else ".json"  # two layers writes CSV only
    mine = result.save(tmp_path / f"api{suffix}").read_text()
    theirs = cli_file(tmp_path, f"cli{suffix}", *argv).read_text()
    if suffix == ".json":
        mine, theirs = json.loads(mine), json.loads(theirs)
        mine.pop("elapsed_s", None), theirs.pop("elapsed_s", None)
    assert mine == theirs
    assert result.to_numpy() and all(isinstance(v, np.ndarray) for v in result.to_numpy().values())
    if argv[0] == "train":  # each run of a race by its name
        arrays = result.to_numpy()
        assert arrays["runs.relu.history.train_loss"].shape == (31,)
        assert arrays["runs.tanh.prediction"].shape == arrays["runs.relu.prediction"].shape


@pytest.mark.parametrize(
    ("call", "argv"),
    [
        (lambda: av.curve("gelu", approximate="cubic"), ["export", "gelu", "--param", "approximate=cubic"]),
        (lambda: av.curve("relu7"), ["export", "relu7"]),
        (lambda: av.curve("relu", x=(3, 1)), ["export", "relu", "--x-min", "3", "--x-max", "1"]),
        (lambda: av.stack("relu", layers=0), ["stack", "relu", "--layers", "0"]),
        (lambda: av.critical("softmax"), ["critical", "softmax"]),
    ],
    ids=["param", "unknown id", "domain", "layers", "not elementwise"],
)
def test_bad_values_raise_value_error_with_the_clis_message(tmp_path, capsys, call, argv):
    with pytest.raises(ValueError) as raised:
        call()
    assert cli.main([*argv, "-o", str(tmp_path / "x.json")]) == 2
    said = capsys.readouterr().err.strip().split(": error: ", 1)[1]
    assert str(raised.value) == said


def test_a_misspelt_keyword_says_what_is_allowed():
    with pytest.raises(ValueError, match="gelu takes approximate"):
        av.curve("gelu", approximat="tanh")


def test_a_notebook_shows_the_exported_figure():
    r = av.curve("tanh", samples=101)
    assert r._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    assert r._repr_svg_().lstrip().startswith("<?xml")
    pd = pytest.importorskip("pandas")
    frame = r.to_pandas()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns)[:3] == ["x", "y", "dy"]


def test_import_actviewer_loads_neither_torch_nor_qt():
    run_python(
        "import sys, actviewer; assert 'torch' not in sys.modules and 'PySide6' not in sys.modules;"
        "r = actviewer.curve('relu', samples=5); r.to_numpy(); assert 'PySide6' not in sys.modules"
    )
