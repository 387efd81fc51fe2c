"""The 2-D data sets and the CSV reader, against facts stated independently of the code:
sizes, balance, ranges, the circle's radii, seeded reproducibility and each bad file's message."""

from __future__ import annotations

import numpy as np
import pytest

from actviewer.core import datasets
from actviewer.core.datasets import (
    CLASSIFICATION,
    DATASETS,
    FEATURE_IDS,
    FEATURES,
    feature_columns,
    make_data,
    read_points_csv,
)
from actviewer.core.errors import InputError


@pytest.mark.parametrize("name", DATASETS)
def test_sizes_ranges_and_balance(name: str) -> None:
    data = make_data(name, 501, 0.0, 0.5, seed=3)
    assert data.points.shape == (501, 2) and data.target.shape == (501,)
    assert np.all(np.abs(data.points) <= 6.0)  # Playground's [-6, 6]²
    if name in CLASSIFICATION:
        assert data.task == "classification" and data.classes == 2
        assert set(np.unique(data.target)) == {0, 1}
        ones = int(data.target.sum())
        assert abs(ones - 250.5) <= (0.5 if name != "xor" else 40)  # xor: uniform quadrants
    else:
        assert data.task == "regression" and data.classes == 1
        assert data.target.dtype == np.float64 and np.ptp(data.target) > 0.5


def test_circle_without_noise_is_labelled_by_radius() -> None:
    data = make_data("circle", 1000, 0.0, 0.5, seed=7)
    radius = np.hypot(data.points[:, 0], data.points[:, 1])
    assert np.all(radius[data.target == 1] <= 2.5)
    assert np.all(radius[data.target == 0] >= 3.5) and np.all(radius <= 5.0)


def test_regression_targets_follow_their_formula_without_noise() -> None:
    plane = make_data("plane", 200, 0.0, 0.5, seed=1)
    assert plane.target == pytest.approx((plane.points[:, 0] + plane.points[:, 1]) / 10)
    bump = make_data("bump", 200, 0.0, 0.5, seed=1)
    assert bump.target == pytest.approx(np.exp(-(bump.points**2).sum(axis=1) / 8))


def test_noise_flips_some_circle_labels() -> None:
    data = make_data("circle", 2000, 0.5, 0.5, seed=2)
    radius = np.hypot(data.points[:, 0], data.points[:, 1])
    assert np.any((radius <= 2.5) & (data.target == 0))


@pytest.mark.parametrize("name", DATASETS)
def test_seeds_reproduce_and_differ(name: str) -> None:
    a, b = make_data(name, 300, 0.2, 0.5, 5), make_data(name, 300, 0.2, 0.5, 5)
    assert np.array_equal(a.points, b.points) and np.array_equal(a.target, b.target)
    assert np.array_equal(a.train, b.train)
    c = make_data(name, 300, 0.2, 0.5, 6)
    assert not np.array_equal(a.points, c.points)


@pytest.mark.parametrize("share", [0.1, 0.3, 0.5, 0.9])
def test_split_share(share: float) -> None:
    data = make_data("xor", 1000, 0.0, share, 0)
    assert int(data.train.sum()) == round(1000 * share)


def test_features_are_the_named_functions() -> None:
    points = np.array([[1.0, 2.0], [-0.5, 3.0]])
    columns = feature_columns(points, FEATURE_IDS)
    x1, x2 = points[:, 0], points[:, 1]
    expected = np.stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)], axis=1)
    assert columns == pytest.approx(expected)
    assert len(FEATURES) == len(FEATURE_IDS) == 7


def test_own_points_extent_has_a_margin() -> None:
    own = ((0.0, 0.0, 0), (10.0, 1.0, 1), (5.0, 2.0, 0), (2.0, 1.0, 1))
    data = make_data("own", 0, 0.0, 0.5, 0, own)
    x1_min, x1_max, x2_min, x2_max = data.extent
    assert x1_min < 0 and x1_max > 10 and x2_min < 0 and x2_max > 2
    assert data.classes == 2 and data.target.dtype == np.int64
    # Points that lie in the generated sets' plane are shown on it (a point placed by hand there
    # must not move the plane under the pointer).
    inside = ((0.0, 0.0, 0), (5.9, 1.0, 1), (-5.0, 2.0, 0), (2.0, -6.0, 1))
    assert make_data("own", 0, 0.0, 0.5, 0, inside).extent == (-6.0, 6.0, -6.0, 6.0)


def write(tmp_path, text: str | bytes, name: str = "points.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def test_csv_with_label_header(tmp_path) -> None:
    path = write(tmp_path, "x1,x2,label\n0,0,0\n1,1,1\n2,0.5,2\n-1,3,1\n")
    loaded = read_points_csv(path)
    assert loaded.task == "classification"
    assert loaded.points == ((0, 0, 0), (1, 1, 1), (2, 0.5, 2), (-1, 3, 1))


def test_csv_with_target_header_and_headerless(tmp_path) -> None:
    regression = read_points_csv(write(tmp_path, "x1,x2,y\n0,0,1\n1,1,2\n2,2,3\n3,3,4\n"))
    assert regression.task == "regression"
    floats = read_points_csv(write(tmp_path, "0,0,0.5\n1,1,1.5\n2,2,3\n3,3,4\n", "b.csv"))
    assert floats.task == "regression"
    labels = read_points_csv(write(tmp_path, "0,0,0\n1,1,1\n2,2,1\n3,3,0\n", "c.csv"))
    assert labels.task == "classification"


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
        ("x1,x2,label\n0,0\n", "line 2: expected 3 values"),
        ("x1,x2,label\n0,0,0\n1,one,1\n", "line 3: 'one' is not a number"),
        ("x1,x2,label\n0,0,0\nnan,1,1\n", "line 3: 'nan' is not a finite number"),
        ("x1,x2,label\n0,0,0\n1,1,1\n2,2,1.5\n3,3,0\n", "line 4: the label '1.5'"),
        ("x1,x2,label\n0,0,0\n1,1,1\n", "at least 4"),
        ("x1,x2,label\n0,0,1\n1,1,1\n2,2,1\n3,3,1\n", "two classes"),
        ("a,b,c\n0,0,1\n", "line 1: the header"),
        ("x1,x2,label\n" + "0,0,0\n1,1,1\n" * 2501, "at most 5,000"),
    ],
)
def test_bad_csv_files_name_file_line_and_problem(tmp_path, content, message) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InputError) as err:
        read_points_csv(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_missing_csv(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_points_csv(tmp_path / "missing.csv")


def test_generators_use_only_numpy_and_their_arguments() -> None:
    import inspect

    for function in (*datasets.GENERATORS.values(), datasets.split, datasets.feature_columns):
        names = set(function.__code__.co_names)
        assert names <= set(dir(np)) | {"np", "max", "min", "round", "range", "zip", "len"} | {
            n for n in names if n in dir(np.random.Generator) or n in ("shape", "astype", "T")
        }, (function.__name__, names)
        assert "datasets" not in inspect.getsource(function)
