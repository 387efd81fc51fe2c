from __future__ import annotations

import csv
import os

import numpy as np
import pytest

from actviewer.core.atomic import atomic_path, write_atomic
from actviewer.core.compute import compute
from actviewer.core.errors import InputError
from actviewer.core.export_data import write_csv
from actviewer.core.request import ComputeRequest


def test_csv_holds_exactly_the_computed_values(tmp_path):
    result = compute(ComputeRequest("gelu", params={"approximate": "tanh"}, samples=333))
    path = write_csv(result, tmp_path / "gelu.csv")
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["x", "y", "dy", "d2y"]
    table = np.array(rows[1:], dtype=np.float64)
    for column, expected in zip(table.T, (result.x, result.y, result.dy, result.d2y)):
        np.testing.assert_array_equal(column.astype(np.float32), expected.astype(np.float32))


def test_csv_without_second_derivative_has_three_columns(tmp_path):
    result = compute(ComputeRequest("hardsigmoid", samples=5))
    with open(write_csv(result, tmp_path / "h.csv")) as handle:
        assert handle.readline().strip() == "x,y,dy"


def test_a_failing_write_keeps_the_existing_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "keep.csv"
    target.write_text("precious\n")

    def explode(handle):
        handle.write("half a fi")
        raise OSError("disk full")

    with pytest.raises(InputError, match=r"could not write .*keep.csv: disk full"):
        write_atomic(target, explode)
    assert target.read_text() == "precious\n"
    assert sorted(os.listdir(tmp_path)) == ["keep.csv"]


def test_a_successful_write_replaces_the_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, lambda h: h.write("new"))
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_unwritable_folder_is_an_input_error(unwritable_dir):
    with pytest.raises(InputError, match="cannot write"):
        with atomic_path(unwritable_dir / "x.csv"):
            pass


def test_missing_folder_and_folder_as_file_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        with atomic_path(tmp_path / "nope" / "x.csv"):
            pass
    with pytest.raises(InputError, match="is a folder"):
        with atomic_path(tmp_path):
            pass
