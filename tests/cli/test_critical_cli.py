"""``actviewer critical``: the phase diagram and the per-depth maps, headless."""

from __future__ import annotations

import itertools
import json
import math

import pytest

from actviewer import cli

from .test_cli import actviewer, read_csv


def test_grid_json_has_the_documented_keys_and_the_critical_line(tmp_path):
    path = tmp_path / "grid.json"
    out = actviewer("critical", "tanh", "--sw2", "0.5:3:11", "--sb2", "0:0.2:5", "-o", str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    grid = data["grid"]
    assert grid["sw2"][0] == 0.5 and grid["sw2"][-1] == 3.0 and len(grid["sb2"]) == 5
    assert len(grid["points"]) == 55
    assert set(grid["points"][0]) == {"sw2", "sb2", "q_star", "chi1", "c_star", "chi_c", "xi_q", "xi_c"}
    line = [entry["sw2"] for entry in grid["critical_sw2"]]
    assert line[0] == pytest.approx(1.0, abs=1e-3)  # tanh without bias: σ_w² = 1
    assert all(b > a for a, b in itertools.pairwise(line))
    ordered = next(p for p in grid["points"] if p["sw2"] == 0.75 and p["sb2"] == 0.05)
    assert ordered["chi1"] < 1 and ordered["c_star"] == 1.0


def test_point_alone_writes_the_per_depth_maps(tmp_path):
    path = tmp_path / "depth.csv"
    argv = ["critical", "relu", "--point", "2,0", "--depth", "6", "--c0", "0", "-o", str(path)]
    assert cli.main(argv) == 0
    header, rows = read_csv(path)
    assert header == ["layer", "q", "c", "chi1"] and len(rows) == 7
    assert rows[:, 1] == pytest.approx(1.0)  # He's point keeps q
    assert rows[1, 2] == pytest.approx(1 / math.pi, abs=1e-6)  # arc-cosine kernel from c = 0
    measured = tmp_path / "m.json"
    argv = [
        "critical",
        "relu",
        "--point",
        "2,0",
        "--depth",
        "5",
        "--measure",
        "--width",
        "64",
        "-o",
        str(measured),
    ]
    assert cli.main(argv) == 0
    maps = json.loads(measured.read_text())["depth_maps"]
    assert "grid" not in json.loads(measured.read_text())
    assert len(maps["measured"]["q"]) == 6 and maps["measured"]["jacobian_width"] == 64


@pytest.mark.parametrize(
    "argv, message",
    [
        (["softmax"], "not elementwise"),
        (["tanh", "--sw2", "3:1:8"], "below the last"),
        (["tanh", "--sw2", "0:1"], "FIRST:LAST:STEPS"),
        (["tanh", "--sb2", "0:1:999"], "steps"),
        (["tanh", "--point", "1.5"], "SW2,SB2"),
        (["tanh", "--point", "nan,0"], "finite"),
        (["tanh", "--depth", "0"], "depth"),
        (["tanh", "--width", "64"], "--measure"),
        (["--expr", "x +* 2"], "--expr"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys, argv, message):
    path = tmp_path / "x.json"
    assert cli.main(["critical", *argv, "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not path.exists()


def test_a_formula_gets_its_phase_diagram(tmp_path):
    path = tmp_path / "swish.json"
    assert (
        cli.main(
            ["critical", "--expr", "x * sigmoid(x)", "--sw2", "1:4:4", "--sb2", "0:0.1:2", "-o", str(path)]
        )
        == 0
    )
    assert len(json.loads(path.read_text())["grid"]["points"]) == 8
