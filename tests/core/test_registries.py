"""The core's registries and shared policies: compute by request type, data writers, sampling,
and state records that survive whatever a settings file holds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actviewer.core import dispatch, sampling, writers
from actviewer.core.matrix import MatrixRequest, MatrixResult, MatrixSettings
from actviewer.core.request import ComputeRequest
from actviewer.core.results import ComputeResult
from actviewer.core.state import DEFAULT_X_MAX, DEFAULT_X_MIN, ExplorerState
from tests.fresh import run_python


def test_each_request_type_runs_its_registered_function():
    curve = dispatch.run(ComputeRequest("tanh", samples=11))
    assert isinstance(curve, ComputeResult)
    np.testing.assert_allclose(curve.y, np.tanh(np.linspace(-6, 6, 11)), atol=1e-6)
    assert isinstance(dispatch.run(MatrixRequest("softmax", {"dim": 1, "temperature": 1.0})), MatrixResult)
    with pytest.raises(TypeError, match="no compute function is registered for int"):
        dispatch.run(3)


def test_reading_the_registries_loads_neither_torch_nor_qt():
    script = (
        "import sys; import actviewer.core.dispatch, actviewer.core.writers, actviewer.formats;"
        "from actviewer.core.results import ComputeResult; actviewer.formats.formats_for(ComputeResult);"
        "from actviewer.core import features; [f.command for f in features.features()];"
        "from actviewer.core.network import StackResult; actviewer.formats.formats_for(StackResult);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'PySide6', 'shiboken6', 'pyqtgraph')];"
        "assert not bad, bad[:5]"
    )
    run_python(script, timeout=60)


def test_data_writers_are_registered_per_result_type():
    assert set(writers.data_writers(ComputeResult)) == {".csv", ".json"}
    assert set(writers.data_writers(MatrixResult)) == {".csv", ".json"}
    assert writers.data_writers(int) == {}


@pytest.mark.parametrize("pixels", [200, 640, 1300, 50_000])
def test_adaptive_sampling_resolves_the_visible_range_at_two_samples_a_pixel(pixels):
    base = ComputeRequest("relu", x_min=-6, x_max=6)
    request = sampling.adaptive_request(base, (-1.0, 2.0), pixels)
    assert (request.x_min, request.x_max) == (-1.0, 2.0)
    assert request.samples == min(max(2 * pixels, 200), sampling.ADAPTIVE_MAX_SAMPLES)
    assert request.extra_points == (0.0,)  # ReLU's kink is in view
    assert sampling.adaptive_request(base, (1.0, 2.0), pixels).extra_points == ()


def test_adaptive_sampling_falls_back_to_the_home_range_for_an_empty_view():
    base = ComputeRequest("relu", x_min=-3, x_max=3)
    request = sampling.adaptive_request(base, (5e6, 6e6), 400)  # beyond the allowed x
    assert (request.x_min, request.x_max) == (-3, 3)


def test_fixed_sampling_keeps_the_grid_and_computes_f2_only_when_cheap_or_shown():
    small = sampling.fixed_request(ComputeRequest("relu", samples=1001), 500, False)
    assert small.samples == 1001 and small.display_bins == 500 and small.second_derivative
    big = ComputeRequest("relu", samples=sampling.SECOND_DERIVATIVE_ALWAYS + 1)
    assert not sampling.fixed_request(big, 500, False).second_derivative
    assert sampling.fixed_request(big, 500, True).second_derivative


def test_state_round_trips_through_json():
    state = ExplorerState(
        activation="leaky_relu",
        params={"leaky_relu": {"negative_slope": 0.3}, "elu": {"alpha": 2.0}},
        x_min=-2.0,
        x_max=5.0,
        samples=777,
        dtype="float64",
        adaptive=False,
        view="matrix",
    )
    again, problems = ExplorerState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state and problems == []


GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*ExplorerState.__dataclass_fields__, "schema", "extra"]), GARBAGE))
def test_any_stored_state_loads_to_a_valid_state(data):
    state, problems = ExplorerState.from_dict(data)
    state.request().validated()
    assert state.x_min < state.x_max and isinstance(state.view, str)
    assert all(isinstance(p, str) and p for p in problems)


def test_each_bad_field_falls_back_alone_and_is_reported():
    state, problems = ExplorerState.from_dict(
        {"activation": "relu", "samples": -5, "dtype": "int8", "x_min": 3.0, "x_max": 1.0, "adaptive": "yes"}
    )
    assert state.activation == "relu"
    assert (state.samples, state.dtype, state.adaptive) == (1001, "float32", True)
    assert (state.x_min, state.x_max) == (DEFAULT_X_MIN, DEFAULT_X_MAX)
    text = " ".join(problems)
    for field in ("samples", "dtype", "adaptive", "x range"):
        assert field in text


def test_2d_settings_validate_as_a_whole_and_never_store_hand_edits():
    settings_, problems = MatrixSettings.from_dict({"rows": 7, "cols": 2, "seed": 3, "scale": 0.5})
    assert (settings_.rows, settings_.cols, settings_.seed, settings_.scale, problems) == (7, 2, 3, 0.5, [])
    bad, problems = MatrixSettings.from_dict({"rows": 65})
    assert bad == MatrixSettings() and "rows" in problems[0]
    from actviewer.core import records

    edited = MatrixSettings(rows=1, cols=2, logits=((1.0, 2.0),))
    assert "logits" not in records.to_json(edited)
