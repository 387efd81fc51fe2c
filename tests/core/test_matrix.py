from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actviewer.core.errors import InputError
from actviewer.core.matrix import MatrixRequest, compute_matrix


@settings(max_examples=40, deadline=None)
@given(
    activation=st.sampled_from(["softmax", "softmin", "log_softmax"]),
    dim=st.sampled_from([-2, -1, 0, 1]),
    rows=st.integers(1, 12),
    cols=st.integers(1, 12),
    seed=st.integers(0, 10_000),
    temperature=st.floats(0.2, 5.0),
)
def test_outputs_sum_to_one_along_dim_for_every_dim_and_shape(activation, dim, rows, cols, seed, temperature):
    r = compute_matrix(
        MatrixRequest(activation, {"dim": dim, "temperature": temperature}, rows, cols, seed, dtype="float64")
    )
    probabilities = np.exp(r.output) if activation == "log_softmax" else r.output
    np.testing.assert_allclose(probabilities.sum(axis=dim), 1.0, rtol=1e-12)
    np.testing.assert_allclose(r.sums, 1.0, rtol=1e-12)
    assert r.sums.shape == ((rows,) if dim % 2 == 1 else (cols,))


@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("temperature", [1.0, 0.5, 3.0])
def test_softmax_jacobian_is_diag_s_minus_s_s_transposed(dim, temperature):
    r = compute_matrix(
        MatrixRequest("softmax", {"dim": dim, "temperature": temperature}, 5, 7, seed=3, slice_index=2)
    )
    s = r.slice_output
    expected = (np.diag(s) - np.outer(s, s)) / temperature
    np.testing.assert_allclose(r.jacobian, expected, atol=2e-7)
    column = r.input[:, 2] if dim == 0 else r.input[2, :]
    np.testing.assert_array_equal(r.slice_input, column)


def test_log_softmax_jacobian_is_identity_minus_softmax_rows():
    r = compute_matrix(MatrixRequest("log_softmax", {"dim": 1}, 3, 4, seed=1, dtype="float64"))
    p = np.exp(r.slice_output)
    np.testing.assert_allclose(r.jacobian, np.eye(4) - p[None, :], atol=1e-12)


def test_temperature_limits_one_hot_and_uniform():
    cold = compute_matrix(
        MatrixRequest("softmax", {"dim": 1, "temperature": 0.05}, 3, 5, seed=7, dtype="float64")
    )
    hot = compute_matrix(
        MatrixRequest("softmax", {"dim": 1, "temperature": 10_000.0}, 3, 5, seed=7, dtype="float64")
    )
    winners = cold.input.argmax(axis=1)
    np.testing.assert_allclose(cold.output[np.arange(3), winners], 1.0, atol=1e-6)
    np.testing.assert_allclose(hot.output, 1 / 5, atol=1e-3)


def test_seed_makes_the_logits_reproducible_and_edits_override_them():
    a = compute_matrix(MatrixRequest("softmax", {"dim": 0}, 4, 4, seed=11))
    b = compute_matrix(MatrixRequest("softmax", {"dim": 0}, 4, 4, seed=11))
    np.testing.assert_array_equal(a.input, b.input)
    edited = [[0.0, 1.0], [2.0, 3.0]]
    r = compute_matrix(
        MatrixRequest("softmax", {"dim": 1}, 2, 2, values=tuple(map(tuple, edited)), dtype="float64")
    )
    np.testing.assert_array_equal(r.input, edited)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"params": {"dim": 2}}, "dim=2 is not allowed"),
        ({"rows": 0}, "rows must be an integer from 1 to 64"),
        ({"cols": 65}, "cols must be an integer from 1 to 64"),
        ({"scale": 0.0}, "scale must be"),
        ({"activation": "relu"}, "the 2-D view is for"),
        ({"values": ((1.0, float("nan")),), "rows": 1, "cols": 2}, "finite"),
        ({"values": ((1.0,),), "rows": 1, "cols": 2}, "not 1 x 2"),
    ],
)
def test_bad_matrix_requests_are_input_errors(kwargs, message):
    kwargs.setdefault("params", {"dim": 1})
    with pytest.raises(InputError, match=message):
        compute_matrix(MatrixRequest(**kwargs))


def test_json_schema_has_input_output_and_the_first_slice_jacobian():
    data = compute_matrix(MatrixRequest("softmin", {"dim": 0, "temperature": 2.0}, 3, 2, seed=5)).as_json()
    assert data["jacobian"]["slice"] == {"kind": "column", "index": 0}
    assert len(data["input"]) == 3 and len(data["input"][0]) == 2
    assert len(data["jacobian"]["matrix"]) == 3 and data["temperature"] == 2.0
