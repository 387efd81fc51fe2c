"""``actviewer compare``, ``sweep`` and ``precision``, headless: files a user opens, errors a user reads."""

from __future__ import annotations

import csv
import itertools
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from .test_cli import actviewer


def _csv(path):
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], np.array(rows[1:], dtype=np.float64)


def test_compare_csv_has_each_curve_then_each_difference(tmp_path):
    path = tmp_path / "gelu.csv"
    out = actviewer("compare", "gelu", "gelu:approximate=tanh", "mish@float64", "-n", "241", "-o", str(path))
    assert out.returncode == 0, out.stderr
    header, data = _csv(path)
    assert header == ["x", "y_1", "dy_1", "y_2", "dy_2", "y_3", "dy_3", "diff_2", "diff_3"]
    x = torch.from_numpy(data[:, 0])
    np.testing.assert_array_equal(data[:, 1], F.gelu(x.float()).double().numpy())
    np.testing.assert_array_equal(data[:, 3], F.gelu(x.float(), approximate="tanh").double().numpy())
    np.testing.assert_allclose(data[:, 5], F.mish(x).numpy(), rtol=1e-15)
    np.testing.assert_array_equal(data[:, 7], data[:, 3] - data[:, 1])
    np.testing.assert_array_equal(data[:, 8], data[:, 5] - data[:, 1])


def test_compare_json_reports_the_largest_difference_and_where(tmp_path):
    path = tmp_path / "gelu.json"
    out = actviewer(
        "compare",
        "gelu@float64",
        "gelu:approximate=tanh@float64",
        "-n",
        "120001",
        "--reference",
        "1",
        "-o",
        str(path),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    first, second = data["curves"]
    assert first["call"] == "GELU(approximate='none') @float64" and "max_abs_diff" not in first
    assert second["max_abs_diff"] == pytest.approx(4.73e-4, abs=5e-7)
    assert abs(second["max_abs_diff_x"]) == pytest.approx(2.70, abs=0.01)


def test_compare_accepts_formulas(tmp_path):
    path = tmp_path / "mish.csv"
    out = actviewer("compare", "expr:x*tanh(softplus(x))", "mish", "-o", str(path))
    assert out.returncode == 0, out.stderr
    _, data = _csv(path)
    assert np.abs(data[:, -1]).max() < 1e-6  # the formula is Mish


def test_sweep_csv_and_json_hold_one_curve_per_value(tmp_path):
    out = actviewer("sweep", "elu", "--param", "alpha=0:2:5", "-n", "101", "-o", str(tmp_path / "s.csv"))
    assert out.returncode == 0, out.stderr
    header, data = _csv(tmp_path / "s.csv")
    assert header == ["x"] + [f"{k}_{i}" for i in range(5) for k in ("y", "dy")]
    x = torch.from_numpy(data[:, 0]).float()
    for i, alpha in enumerate((0.0, 0.5, 1.0, 1.5, 2.0)):
        np.testing.assert_array_equal(data[:, 1 + 2 * i], F.elu(x, alpha).double().numpy())
    out = actviewer("sweep", "elu", "--param", "alpha=0:2:5", "-o", str(tmp_path / "s.json"))
    assert json.loads((tmp_path / "s.json").read_text())["values"] == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_sweep_gif_has_one_frame_per_step(tmp_path):
    path = tmp_path / "beta.gif"
    out = actviewer("sweep", "softplus", "--param", "beta=0.5:5:6", "--width", "480", "-o", str(path))
    assert out.returncode == 0, out.stderr
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.n_frames == 6 and gif.size == (480, 360)
        frames = []
        for k in range(gif.n_frames):
            gif.seek(k)
            frames.append(np.asarray(gif.convert("RGB"), dtype=np.int16))
    assert all(
        np.abs(a - b).sum() > 0 for a, b in itertools.pairwise(frames)
    )  # each frame shows another value


def test_precision_csv_columns_and_ulps(tmp_path):
    path = tmp_path / "p.csv"
    out = actviewer("precision", "sigmoid", "-n", "401", "-o", str(path))
    assert out.returncode == 0, out.stderr
    header, data = _csv(path)
    assert header[:3] == ["x", "y_ref", "dy_ref"]
    assert header[3:] == [
        f"{k}_{d}" for d in ("float32", "float16", "bfloat16") for k in ("y", "dy", "ulp_y", "ulp_dy")
    ]
    np.testing.assert_allclose(data[:, 1], torch.sigmoid(torch.from_numpy(data[:, 0])).numpy(), rtol=1e-15)
    half = header.index("ulp_y_float16")
    assert np.nanmax(np.abs(data[:, half])) < 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "gelu"), "at least two SPECs"),
        (("compare", "gelu", "nope"), "unknown activation 'nope'"),
        (("compare", "gelu", "relu@float8"), "unknown dtype"),
        (("compare", "gelu", "relu", "--reference", "3"), "--reference must be from 1 to 2"),
        (("compare", "gelu", "expr:x+"), "not a formula"),
        (("compare", "gelu", "relu", "--x-min", "2", "--x-max", "1"), "x-min"),
        (("compare", "gelu", "relu", "--device", "gpu"), "unknown device"),
        (("compare",) + ("relu",) * 9, "at most 8"),
        (("sweep", "softplus"), "exactly one --param NAME=A:B:N"),
        (("sweep", "softplus", "--param", "beta=1:2"), "takes A:B:N"),
        (("sweep", "softplus", "--param", "beta=-1:2:5"), "reaches -1.0"),
        (("sweep", "softplus", "--param", "beta=1:2:100"), "steps must be from 2 to 64"),
        (("sweep", "relu", "--param", "beta=1:2:3"), "no parameter 'beta'"),
        (("precision", "nope"), "unknown activation"),
        (("precision", "gelu", "--samples", "0"), "samples"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_file(tmp_path, args, message):
    path = tmp_path / "out.csv"
    out = actviewer(*args, "-o", str(path))
    assert out.returncode == 2
    assert message in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert not path.exists()


@pytest.mark.parametrize("command", [("compare", "gelu", "relu"), ("precision", "gelu")])
def test_gif_is_only_for_sweeps(tmp_path, command):
    out = actviewer(*command, "-o", str(tmp_path / "x.gif"))
    assert out.returncode == 2 and "cannot tell the format" in out.stderr
