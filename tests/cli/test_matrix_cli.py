"""``actviewer export softmax --rows R --cols C ...``: the 2-D view, headless."""

from __future__ import annotations

import json

import numpy as np
import pytest

from actviewer.core.matrix import MatrixRequest, compute_matrix

from .test_cli import actviewer


@pytest.mark.parametrize("activation", ["softmax", "softmin", "log_softmax"])
@pytest.mark.parametrize("dim", [0, 1])
def test_matrix_json_holds_input_output_and_slice_zero_jacobian(tmp_path, activation, dim):
    path = tmp_path / "m.json"
    out = actviewer(
        "export",
        activation,
        "--param",
        f"dim={dim}",
        "--rows",
        "3",
        "--cols",
        "5",
        "--seed",
        "4",
        "--param",
        "temperature=2",
        "-o",
        str(path),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    expected = compute_matrix(MatrixRequest(activation, {"dim": dim, "temperature": 2.0}, 3, 5, seed=4))
    np.testing.assert_array_equal(np.array(data["input"]), expected.input)
    np.testing.assert_array_equal(np.array(data["output"]), expected.output)
    np.testing.assert_allclose(np.array(data["jacobian"]["matrix"]), expected.jacobian, rtol=1e-6)
    assert data["jacobian"]["slice"] == {"kind": "column" if dim == 0 else "row", "index": 0}
    assert np.array(data["jacobian"]["matrix"]).shape == ((3, 3) if dim == 0 else (5, 5))
    probabilities = np.exp(data["output"]) if activation == "log_softmax" else np.array(data["output"])
    np.testing.assert_allclose(probabilities.sum(axis=dim), 1.0, rtol=1e-6)


def test_matrix_csv_is_the_output_matrix(tmp_path):
    path = tmp_path / "m.csv"
    out = actviewer("export", "softmax", "--param", "dim=0", "--rows", "2", "--cols", "3", "-o", str(path))
    assert out.returncode == 0, out.stderr
    table = np.loadtxt(path, delimiter=",", ndmin=2)
    assert table.shape == (2, 3)
    np.testing.assert_allclose(table.sum(axis=0), 1.0, rtol=1e-6)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["softmax", "--param", "dim=2", "--rows", "3"], "dim=2 is not allowed"),
        (["softmax", "--rows", "0"], "rows must be an integer from 1 to 64"),
        (["softmax", "--cols", "many"], "--cols must be an integer"),
        (["relu", "--rows", "3"], "apply to softmax, softmin, log_softmax"),
        (["softmax", "--rows", "3", "--samples", "9"], "--samples applies to the curve export"),
        (["softmax", "--rows", "3", "--param", "temperature=0"], "temperature=0.0 is not allowed"),
    ],
)
def test_bad_matrix_exports_exit_2(tmp_path, argv, message):
    out = actviewer("export", *argv, "-o", str(tmp_path / "m.json"))
    assert out.returncode == 2
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_curve_json_export(tmp_path):
    path = tmp_path / "c.json"
    out = actviewer(
        "export", "leaky_relu", "--param", "negative_slope=0.2", "--samples", "11", "-o", str(path)
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    assert data["call"] == "LeakyReLU(negative_slope=0.2)" and len(data["x"]) == 11
    assert data["dy"][0] == pytest.approx(0.2)


# PDF is drawn as SVG is; the PDF run is kept for -m slow to keep CI under 15 minutes.
@pytest.mark.parametrize("suffix", [".png", ".svg", pytest.param(".pdf", marks=pytest.mark.slow)])
def test_2d_figure_headless_in_every_figure_format(tmp_path, suffix):
    path = tmp_path / f"m{suffix}"
    argv = [
        "export",
        "softmax",
        "--param",
        "dim=1",
        "--rows",
        "4",
        "--cols",
        "6",
        "--seed",
        "0",
        "-o",
        str(path),
    ]
    out = actviewer(*argv)
    assert out.returncode == 0, out.stderr
    data = path.read_bytes()
    signature = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert data.startswith(signature)
    if suffix == ".svg":
        assert "Softmax(dim=1) on 4 x 6 logits" in data.decode()


def test_2d_png_width_option_and_refusals(tmp_path):
    out = actviewer("export", "softmax", "--rows", "3", "--width", "700", "-o", str(tmp_path / "m.png"))
    assert out.returncode == 0, out.stderr
    from PySide6.QtGui import QImage

    assert QImage(str(tmp_path / "m.png")).width() == 700
    out = actviewer("export", "softmax", "--rows", "3", "--width", "700", "-o", str(tmp_path / "m.csv"))
    assert out.returncode == 2 and "--width applies to .png, not .csv" in out.stderr
    assert not (tmp_path / "m.csv").exists()
