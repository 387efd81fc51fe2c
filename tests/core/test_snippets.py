"""The Learn panel's PyTorch code, executed: it must reproduce the core's numbers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from actviewer.core import catalog
from actviewer.core.compute import compute
from actviewer.core.request import ComputeRequest
from actviewer.core.snippets import curve_snippet, grid_code, snippet


def run_snippet(code: str) -> np.ndarray:
    scope: dict = {}
    exec(code, scope)
    return scope["output"].detach().to(torch.float64).numpy()


def random_params(spec: catalog.ActivationSpec, draw) -> dict:
    values = {}
    for p in spec.params:
        if p.name == "dim":
            values[p.name] = draw(st.sampled_from([0, -1]))
        elif p.kind == "float":
            lo = p.ui_min if p.ui_min is not None else -3.0
            hi = p.ui_max if p.ui_max is not None else 3.0
            if p.exclusive_minimum:
                lo = max(lo, (p.minimum or 0.0) + 1e-3)
            values[p.name] = round(draw(st.floats(lo, hi)), 3)
        elif p.kind == "int":
            values[p.name] = draw(st.integers(int(p.ui_min or 0), int(p.ui_max or 10)))
        elif p.kind == "choice":
            values[p.name] = draw(st.sampled_from(p.choices))
        else:
            values[p.name] = draw(st.booleans())
    if spec.id == "hardtanh" and values["min_val"] >= values["max_val"]:
        values["min_val"], values["max_val"] = values["max_val"] - 1.0, values["min_val"]
    if spec.id == "rrelu" and values["lower"] > values["upper"]:
        values["lower"], values["upper"] = values["upper"], values["lower"]
    return values


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(), spec=st.sampled_from(catalog.ACTIVATIONS), dtype=st.sampled_from(["float32", "float64"])
)
def test_both_code_forms_reproduce_the_core_for_random_parameters(data, spec, dtype):
    values = random_params(spec, data.draw)
    x_min = data.draw(st.floats(-8, 0)).__round__(2)
    request = ComputeRequest(spec.id, params=values, x_min=x_min, x_max=x_min + 9.5, samples=257, dtype=dtype)
    result = compute(request)
    code = curve_snippet(spec, result.request.params)
    grid = grid_code(result.request)
    np.testing.assert_array_equal(run_snippet(code.runnable(grid)), result.y)
    if code.module is not None:
        exact = spec.id != "prelu" or dtype == "float32"  # nn.PReLU keeps its weight in float32
        tol = {"rtol": 0, "atol": 0} if exact else {"rtol": 1e-6, "atol": 1e-7}
        np.testing.assert_allclose(run_snippet(code.runnable(grid, "module")), result.y, **tol)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_low_precision_grids_are_written_as_the_core_builds_them(dtype):
    result = compute(ComputeRequest("gelu", dtype=dtype, samples=101))
    np.testing.assert_array_equal(
        run_snippet(
            curve_snippet(catalog.get("gelu"), result.request.params).runnable(grid_code(result.request))
        ),
        result.y,
    )


def test_leaky_relu_snippet_reads_like_the_tutorial():
    code = snippet(catalog.get("leaky_relu"), {"negative_slope": 0.2})
    assert code.functional == "output = F.leaky_relu(x, negative_slope=0.2)"
    assert code.module == "m = nn.LeakyReLU(negative_slope=0.2)\noutput = m(x)"
    sig = snippet(catalog.get("sigmoid"), {})
    assert sig.functional == "output = torch.sigmoid(x)"


def test_the_softmax_curve_code_builds_the_rows_of_logits_and_takes_class_0():
    code = curve_snippet(
        catalog.get("softmax"), {"dim": 0, "temperature": 2.0, "classes": 3, "other_logit": 1.5}
    )
    assert code.functional.splitlines() == [
        "x = torch.cat([x[:, None], x.new_full((x.numel(), 2), 1.5)], dim=1)"
        "  # row i: class 0's logit x[i], then 2 others at 1.5",
        "output = F.softmax(x / 2.0, dim=1)",
        "output = output[:, 0]  # class 0's column: the curve",
    ]
    # On a tensor (the 2-D view) the same activation is the plain call along the user's dim.
    assert snippet(catalog.get("softmax"), {"dim": 0, "temperature": 1.0}).functional == (
        "output = F.softmax(x, dim=0)"
    )
