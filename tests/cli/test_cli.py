"""The command line, driven as a user drives it: through a subprocess."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from actviewer import cli
from actviewer.core import catalog

from ..core.reference import module_output, non_default_params


def actviewer(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "actviewer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )


def read_csv(path) -> tuple[list[str], np.ndarray]:
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], np.array(rows[1:], dtype=np.float64)


def test_list_prints_one_id_per_line():
    out = actviewer("list")
    assert out.returncode == 0, out.stderr
    ids = out.stdout.split()
    assert ids == catalog.ids()
    assert len(ids) >= 28


def test_list_json_describes_every_parameter():
    out = actviewer("list", "--json")
    data = json.loads(out.stdout)
    by_id = {a["id"]: a for a in data["activations"]}
    slope = by_id["leaky_relu"]["params"][0]
    assert slope["name"] == "negative_slope" and slope["kind"] == "float" and slope["default"] == 0.01
    assert slope["ui_min"] == 0.0 and slope["ui_max"] == 1.0
    assert by_id["gelu"]["params"][0]["choices"] == ["none", "tanh"]
    assert by_id["softmax"]["layout"] == "one_class" and by_id["softmax"]["vector"] is False
    classes = next(p for p in by_id["softmax"]["params"] if p["name"] == "classes")
    assert classes["default"] == 2 and classes["scope"] == "curve" and classes["torch_arg"] is False
    assert data["samples"]["max"] >= 10_000_000


def test_export_writes_the_csv_with_documented_defaults(tmp_path):
    out = actviewer("export", "sigmoid", "-o", str(tmp_path / "s.csv"))
    assert out.returncode == 0, out.stderr
    header, table = read_csv(tmp_path / "s.csv")
    assert header[:3] == ["x", "y", "dy"]
    assert len(table) == 1001 and table[0, 0] == -6 and table[-1, 0] == 6


@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
@pytest.mark.parametrize("which", ["default", "non-default"])
def test_export_matches_torch_nn_for_every_activation(tmp_path, spec, which):
    params = {} if which == "default" else non_default_params(spec)
    argv = [
        "export",
        spec.id,
        "--x-min",
        "-5",
        "--x-max",
        "7",
        "--samples",
        "501",
        "-o",
        str(tmp_path / "a.csv"),
    ]
    for name, value in params.items():
        argv += ["--param", f"{name}={value}"]
    assert cli.main(argv) == 0  # the same code path as the console script, in-process for speed
    _, table = read_csv(tmp_path / "a.csv")
    expected = module_output(spec, spec.resolve(params), table[:, 0])
    np.testing.assert_allclose(table[:, 1], expected, rtol=1e-5, atol=1e-6)


def test_softmax_curve_export_is_the_sigmoid_by_default_and_follows_the_classes(tmp_path):
    """The curve is class 0 against K - 1 logits at 0: K = 2 is sigmoid, K = 5 is e^x / (e^x + 4)."""
    argv = ["export", "softmax", "--dtype", "float64", "--samples", "201"]
    assert cli.main([*argv, "-o", str(tmp_path / "k2.csv")]) == 0
    _, table = read_csv(tmp_path / "k2.csv")
    x = torch.as_tensor(table[:, 0])
    s = torch.sigmoid(x).numpy()
    np.testing.assert_allclose(table[:, 1], s, rtol=1e-15)
    np.testing.assert_allclose(table[:, 2], s * (1 - s), rtol=1e-13)
    assert cli.main([*argv, "--param", "classes=5", "-o", str(tmp_path / "k5.csv")]) == 0
    _, table = read_csv(tmp_path / "k5.csv")
    np.testing.assert_allclose(table[:, 1], np.exp(table[:, 0]) / (np.exp(table[:, 0]) + 4), rtol=1e-14)


BAD = [
    (["export", "relu7", "-o", "{d}/x.csv"], "unknown activation 'relu7'"),
    (["export", "relu", "--param", "slope=1", "-o", "{d}/x.csv"], "relu has no parameter 'slope'"),
    (["export", "leaky_relu", "--param", "negative_slope=abc", "-o", "{d}/x.csv"], "must be a finite number"),
    (["export", "leaky_relu", "--param", "negative_slope=nan", "-o", "{d}/x.csv"], "must be a finite number"),
    (["export", "softplus", "--param", "beta=-1", "-o", "{d}/x.csv"], "must be a finite number > 0"),
    (["export", "leaky_relu", "--param", "negative_slope", "-o", "{d}/x.csv"], "NAME=VALUE"),
    (["export", "hardtanh", "--param", "min_val=2", "-o", "{d}/x.csv"], "min_val must be less than max_val"),
    (["export", "relu", "--x-min", "inf", "-o", "{d}/x.csv"], "x-min must be a finite number"),
    (["export", "relu", "--x-max", "nan", "-o", "{d}/x.csv"], "x-max must be a finite number"),
    (["export", "relu", "--x-min", "2", "--x-max", "1", "-o", "{d}/x.csv"], "must be less than x-max"),
    (["export", "relu", "--x-min", "1", "--x-max", "1", "-o", "{d}/x.csv"], "must be less than x-max"),
    (["export", "relu", "--samples", "1", "-o", "{d}/x.csv"], "samples must be between 2 and 20,000,000"),
    (["export", "relu", "--samples", "30000000", "-o", "{d}/x.csv"], "samples must be between 2"),
    (["export", "relu", "--samples", "many", "-o", "{d}/x.csv"], "samples must be an integer"),
    (["export", "relu", "--dtype", "int8", "-o", "{d}/x.csv"], "unknown dtype 'int8'"),
    (["export", "relu", "--device", "gpu", "-o", "{d}/x.csv"], "unknown device 'gpu'"),
    (["export", "relu", "--device", "cuda:7", "-o", "{d}/x.csv"], "is not available here"),
    (["export", "relu", "-o", "{d}/missing/x.csv"], "does not exist"),
    (["export", "relu", "-o", "{d}/x.xyz"], "cannot tell the format"),
    (["export", "softmax", "--param", "classes=1", "-o", "{d}/x.csv"], "classes=1 is not allowed"),
    (["export", "relu"], "required: -o/--output"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_input_exits_2_with_one_line_and_no_file(tmp_path, argv, message):
    out = actviewer(*[a.format(d=tmp_path) for a in argv])
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert message in lines[0]
    assert "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_the_existing_file(tmp_path):
    target = tmp_path / "keep.csv"
    target.write_text("precious\n")
    out = actviewer("export", "hardtanh", "--param", "min_val=3", "-o", str(target))
    assert out.returncode == 2
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_unwritable_folder_exits_2(unwritable_dir):
    out = actviewer("export", "relu", "-o", str(unwritable_dir / "x.csv"))
    assert out.returncode == 2 and "cannot write" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
