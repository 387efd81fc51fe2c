"""``actviewer export --expr FORMULA``, and the user's library from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from actviewer import cli
from actviewer.core import custom

from .test_cli import actviewer, read_csv


def test_expr_export_equals_torch_mish(tmp_path):
    assert (
        actviewer("export", "--expr", "x * tanh(softplus(x))", "-o", str(tmp_path / "a.csv")).returncode == 0
    )
    assert actviewer("export", "mish", "-o", str(tmp_path / "b.csv")).returncode == 0
    header, mine = read_csv(tmp_path / "a.csv")
    _, torchs = read_csv(tmp_path / "b.csv")
    assert header == ["x", "y", "dy", "d2y"]
    np.testing.assert_allclose(mine[:, :3], torchs[:, :3], rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".json"])
def test_expr_with_a_declared_parameter_writes_every_format(tmp_path, suffix):
    path = tmp_path / f"swish{suffix}"
    out = actviewer(
        "export",
        "--expr",
        "x * sigmoid(beta * x)",
        "--param-def",
        "beta=1:0:10",
        "--param",
        "beta=2",
        "-o",
        str(path),
    )
    assert out.returncode == 0, out.stderr
    assert path.stat().st_size > 500
    if suffix == ".json":
        data = json.loads(path.read_text())
        assert data["params"] == {"beta": 2.0}
        x = np.array(data["x"])
        np.testing.assert_allclose(data["y"], x / (1 + np.exp(-2 * x)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--expr", "x * sigmoid(bta * x)"],
            "unknown name 'bta' (use x, pi, e or a function) at position 13",
        ),
        (["--expr", "__import__('os').system('ls')"], "--expr: attribute access (.system) is not allowed"),
        (["--expr", "x * k"], "unknown name 'k'"),
        (
            ["--expr", "x * k", "--param-def", "k=abc"],
            "--param-def 'k=abc': DEFAULT, MIN and MAX must be numbers",
        ),
        (["relu", "--expr", "x"], "not both"),
        (["--param-def", "k=1"], "give --expr too"),
        ([], "give an activation ID"),
    ],
)
def test_bad_formulas_exit_2_with_the_message_and_position(tmp_path, argv, message):
    out = actviewer("export", *argv, "-o", str(tmp_path / "x.csv"))
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr, out.stderr
    assert list(tmp_path.iterdir()) == []


def test_library_activations_work_by_id_and_list_reports_bad_entries(tmp_path):
    library = Path(os.environ["ACTVIEWER_LIBRARY"])
    custom.write_library(library, [custom.CustomActivation("Cube", "x ** 3")])
    data = json.loads(library.read_text())
    data["activations"].append({"name": "bad", "formula": "x["})
    library.write_text(json.dumps(data))
    out = actviewer("export", "cube", "-n", "3", "-o", str(tmp_path / "c.csv"))
    assert out.returncode == 0, out.stderr
    _, table = read_csv(tmp_path / "c.csv")
    np.testing.assert_allclose(table[:, 1], [-216.0, 0.0, 216.0])
    listed = actviewer("list")
    assert "cube" in listed.stdout.split()
    assert "entry 2 left out" in listed.stderr


def test_a_formula_that_starts_with_a_minus_is_a_formula_not_an_option(tmp_path):
    path = tmp_path / "neg.csv"
    assert cli.main(["export", "--expr", "-x * tanh(x)", "-n", "5", "-o", str(path)]) == 0
    _, rows = read_csv(path)
    np.testing.assert_allclose(rows[:, 1], -rows[:, 0] * np.tanh(rows[:, 0]), rtol=1e-6)
