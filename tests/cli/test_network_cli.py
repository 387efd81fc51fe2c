"""``actviewer dist`` and ``actviewer stack``, headless."""

from __future__ import annotations

import json

import pytest

from .test_cli import actviewer


def test_dist_json_has_the_documented_keys(tmp_path):
    path = tmp_path / "d.json"
    out = actviewer("dist", "relu", "--samples", "1e5", "--seed", "3", "-o", str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    for key in (
        "mean",
        "std",
        "mean_dy",
        "mean_dy2",
        "dead_fraction",
        "saturated_fraction",
        "negative_fraction",
    ):
        assert isinstance(data[key], float)
    assert set(data["histogram"]) == {"edges", "counts"} and set(data["dy_histogram"]) == {"edges", "counts"}
    assert sum(data["histogram"]["counts"]) == 100_000
    assert data["mean"] == pytest.approx(0.3989, abs=5e-3)


def test_stack_json_has_one_object_per_layer(tmp_path):
    path = tmp_path / "s.json"
    out = actviewer(
        "stack",
        "selu",
        "--layers",
        "12",
        "--width",
        "64",
        "--batch",
        "128",
        "--init",
        "lecun_normal",
        "--no-bias",
        "-o",
        str(path),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(path.read_text())
    assert (data["layers"][0]["index"], data["layers"][-1]["index"], data["init"], data["bias"]) == (
        1,
        12,
        "lecun_normal",
        False,
    )
    keys = {
        "index",
        "pre_mean",
        "pre_std",
        "pre_rms",
        "act_mean",
        "act_std",
        "dead_fraction",
        "weight_grad_norm",
        "input_grad_norm",
    }
    assert set(data["layers"][0]) == keys


# PDF is drawn as SVG is; the PDF run is kept for -m slow to keep CI under 15 minutes.
@pytest.mark.parametrize("suffix", [".csv", ".png", ".svg", pytest.param(".pdf", marks=pytest.mark.slow)])
def test_stack_and_dist_write_every_format(tmp_path, suffix):
    for command in (
        ["stack", "tanh", "--layers", "5", "--width", "32", "--batch", "16"],
        ["dist", "gelu", "-n", "1000"],
    ):
        path = tmp_path / f"{command[0]}{suffix}"
        out = actviewer(*command, "-o", str(path))
        assert out.returncode == 0, out.stderr
        assert path.stat().st_size > 100


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stack", "relu", "--layers", "0"], "layers must be an integer from 1 to 200"),
        (["stack", "relu", "--width", "5000"], "width must be an integer from 16 to 1,024"),
        (["stack", "relu", "--init", "magic"], "unknown init 'magic'"),
        (["stack", "relu", "--init", "normal", "--std", "-1"], "std must be greater than 0"),
        (["stack", "softmax"], "not elementwise"),
        (["dist", "relu", "--uniform", "2", "1"], "uniform needs a < b"),
        (["dist", "relu", "--mean", "1", "--uniform", "0", "1"], "not both"),
        (["dist", "relu", "--samples", "1e9"], "samples must be an integer from 100 to 10,000,000"),
        (["dist", "relu", "--std", "0"], "std must be greater than 0"),
    ],
)
def test_bad_network_input_exits_2_with_one_line(tmp_path, argv, message):
    out = actviewer(*argv, "-o", str(tmp_path / "x.json"))
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr, out.stderr
    assert list(tmp_path.iterdir()) == []
