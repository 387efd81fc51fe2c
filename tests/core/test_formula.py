"""Custom activations: the formula language against torch's own activations, its refusals,
hostile text, and the library file."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from actviewer.core import catalog, custom, formula
from actviewer.core.compute import compute
from actviewer.core.errors import InputError
from actviewer.core.request import ComputeRequest
from actviewer.core.snippets import snippet


@pytest.fixture
def registered():
    """Register custom activations for one test and remove them afterwards."""
    made: list[str] = []

    def register(name: str, text: str, *params: custom.ParamDef) -> str:
        spec = custom.CustomActivation(name, text, params).spec()
        catalog.register(spec)
        made.append(spec.id)
        return spec.id

    yield register
    for activation_id in made:
        catalog.unregister(activation_id)


def curve(activation: str, dtype: str = "float32", **params: float):
    return compute(ComputeRequest(activation, params=params, x_min=-6, x_max=6, samples=2001, dtype=dtype))


def test_x_tanh_softplus_is_mish_to_float32_precision(registered):
    mine, torchs = curve(registered("my mish", "x * tanh(softplus(x))")), curve("mish")
    np.testing.assert_allclose(mine.y, torchs.y, rtol=2e-6, atol=2e-7)
    np.testing.assert_allclose(mine.dy, torchs.dy, rtol=2e-6, atol=2e-7)


def test_x_sigmoid_x_is_silu(registered):
    mine, torchs = curve(registered("swish1", "x * sigmoid(x)")), curve("silu")
    np.testing.assert_allclose(mine.y, torchs.y, rtol=2e-6, atol=2e-7)
    np.testing.assert_allclose(mine.dy, torchs.dy, rtol=2e-6, atol=2e-7)


def test_where_is_leaky_relu_away_from_zero(registered):
    mine = curve(registered("leaky02", "where(x >= 0, x, 0.2 * x)"))
    torchs = curve("leaky_relu", negative_slope=0.2)
    away = np.abs(mine.x) > 1e-6
    np.testing.assert_array_equal(mine.y[away], torchs.y[away])
    np.testing.assert_array_equal(mine.dy[away], torchs.dy[away])


def test_parameters_reach_the_formula_and_f2_comes_from_autograd(registered):
    swish = registered("swish", "x * sigmoid(beta * x)", custom.ParamDef("beta", 1.0, 0.0, 10.0))
    result = curve(swish, beta=2.5)
    x = torch.tensor(result.x, dtype=torch.float64)
    expected = x * torch.sigmoid(2.5 * x)
    np.testing.assert_allclose(result.y, expected.numpy(), rtol=1e-5, atol=1e-6)
    s = torch.sigmoid(2.5 * x)
    d2 = 2 * 2.5 * s * (1 - s) + x * 2.5**2 * s * (1 - s) * (1 - 2 * s)  # by hand, independent of autograd
    np.testing.assert_allclose(result.d2y, d2.numpy(), rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
def test_the_generated_code_reproduces_the_curve_exactly(registered, dtype):
    activation = registered(
        "mixed",
        "clamp(x, -2, 3) * exp(-a * x ** 2) + where(x > 1, gelu(x, approximate='tanh'), 2 * pi)",
        custom.ParamDef("a", 0.5, 0.0, 2.0),
    )
    result = curve(activation, dtype=dtype, a=0.75)
    code = snippet(catalog.get(activation), {"a": 0.75})
    grid = f"torch.linspace(-6.0, 6.0, 2001{'' if dtype == 'float32' else f', dtype=torch.{dtype}'})"
    if dtype in ("float16", "bfloat16"):
        grid = f"torch.linspace(-6.0, 6.0, 2001).to(torch.{dtype})"
    for form in ("functional", "module"):
        scope: dict = {}
        exec(code.runnable(grid, form), scope)  # the test runs the code the Learn panel shows
        np.testing.assert_array_equal(scope["output"].double().numpy(), result.y.astype(np.float64))
    assert "class Mixed(nn.Module)" in code.module


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("x * sigmoid(bta * x)", "unknown name 'bta'", 13),
        ("x.exp()", "attribute access (.exp)", 3),
        ("__import__('os')", "unknown function '__import__'", 1),
        ("().__class__", "attribute access", 4),
        ("x[0]", "subscripts", 1),
        ("lambda: x", "lambda expressions are not allowed", 1),
        ("[x for x in x]", "listcomp expressions are not allowed", 1),
        ("x > 0", "comparisons are allowed only", 1),
        ("x +", "this is not a formula", None),
        ("exp(x, 2)", "exp takes 1 argument(s), got 2", 1),
        ("gelu(x, approximate='cubic')", "approximate=cubic is not allowed", 21),
        ("relu(x, inplace=True)", "relu has no parameter 'inplace'", 17),
        ("'text'", "is not a number", 1),
        ("1e400 * x", "constants must be finite", 1),
        ("x\0", "control character", 2),
        ("(" * 70 + "x" + ")" * 70, "nests 70 levels deep", None),
        ("x" + " + x" * 200, "at most 500 are allowed", None),
        ("", "the formula is empty", None),
        ("exp", "exp is a function", 1),
        ("x ^ 2", "only + - * / **", 1),
        ("x + " + "9" * 400, "constants must be finite", 5),  # was an OverflowError: exit 1
        ("gelu(x, approximate='tanh', approximate='none')", "approximate is given twice", 41),
        ("clamp(x, 1e12, -1e12)", "lower bound 1e+12 is above its upper bound -1e+12", 10),
        ("clamp(x, 2, 1)", "lower bound 2 is above", 10),
        ("__import__('os').system('ls')", "attribute access (.system)", 18),  # at the name, not at 0
    ],
)
def test_refusals_say_what_and_where(text, message, position):
    with pytest.raises(formula.FormulaError) as caught:
        formula.parse(text)
    assert message in caught.value.reason
    if position is not None:
        assert caught.value.position == position - 1, str(caught.value)


HOSTILE = [
    "__import__('os')",
    "__import__('os').system('touch pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.exp()",
    "9**9**9",
    "9**9**9**9 * x",
    "open('pwned', 'w')",
    "eval('1')",
    "exec('import os')",
    "globals()",
    "getattr(x, 'exp')()",
    "(lambda: 1)()",
    "[c for c in ().__class__.__mro__]",
    "x if x else x",
    "{x: 1}",
    "f'{x}'",
    "b'x'",
    "x @ x",
    "-" * 400 + "x",
    "(" * 1000,
    "\0" * 10,
    "x" * 10_000,
    "1" * 4400,
    "sigmoid(" * 100 + "x" + ")" * 100,
    "__builtins__",
    "x; import os",
    "x + " + "9" * 400,
    "gelu(x, approximate='tanh', approximate='none')",
    "clamp(x, 1e12, -1e12)",
]
ALPHABET = "x+-*/()., 0123456789e_abcdefghijklmnopqrstuvwz'\"[]{}<>=!^@:;\\\0λé"


def _try(text: str) -> None:
    """Parse and, if it parses, evaluate on a few values: a message or a tensor, nothing else."""
    try:
        parsed = formula.parse(text)
    except formula.FormulaError as err:
        assert str(err)
        return
    x = torch.linspace(-3, 3, 7, requires_grad=True)
    try:
        y = formula.build_function(parsed)(x)
    except InputError:
        return
    assert y.shape == x.shape


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_imports_nothing_and_touches_no_file(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    modules = set(sys.modules)
    _try(text)
    assert set(sys.modules) <= modules
    assert os.listdir(tmp_path) == []


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=60), st.sampled_from(HOSTILE), st.text(max_size=40)))
def test_fuzz_any_text_gives_a_formula_or_a_message(text):
    _try(text)


def test_param_definitions_are_checked():
    with pytest.raises(InputError, match="taken by the formula language"):
        custom.ParamDef("exp").checked()
    with pytest.raises(InputError, match="must be below"):
        custom.ParamDef("a", 1.0, 5.0, 2.0).checked()
    with pytest.raises(InputError, match="outside"):
        custom.ParamDef("a", 11.0, 0.0, 10.0).checked()
    assert custom.parse_param_def("beta=1:0:10") == custom.ParamDef("beta", 1.0, 0.0, 10.0)
    with pytest.raises(InputError, match="NAME=DEFAULT"):
        custom.parse_param_def("beta")
    with pytest.raises(InputError, match="already a built-in name"):
        custom.CustomActivation("ReLU", "x").checked()


def test_the_library_round_trips_and_rejects_bad_entries_one_by_one(tmp_path):
    path = tmp_path / "lib.json"
    good = custom.CustomActivation(
        "My Swish", "x * sigmoid(beta * x)", (custom.ParamDef("beta", 1.0, 0.0, 10.0),)
    )
    custom.write_library(path, [good])
    entries, problems = custom.read_library(path)
    assert entries == [good] and problems == []
    data = json.loads(path.read_text())
    data["activations"] += [
        {"name": "evil", "formula": "__import__('os').system('touch pwned')"},
        {"name": "relu", "formula": "x"},
        "not an object",
        {"name": "odd", "formula": "x * k", "params": [{"name": "k", "default": "1"}]},
        {"name": "My Swish", "formula": "x"},
        {"name": "fine", "formula": "x ** 2"},
    ]
    path.write_text(json.dumps(data))
    entries, problems = custom.read_library(path)
    assert [e.id for e in entries] == ["my_swish", "fine"]
    assert len(problems) == 5 and all(p.startswith("entry ") for p in problems)
    assert not (tmp_path / "pwned").exists() and not os.path.exists("pwned")


def test_a_library_that_is_a_pipe_or_a_device_is_not_read_and_never_replaced(tmp_path):
    """Reading a named pipe waits forever and /dev/zero never ends; writing must not replace them."""
    pipe = tmp_path / "lib.json"
    os.mkfifo(pipe)
    entries, problems = custom.read_library(pipe)
    assert entries == [] and "not a regular file" in problems[0]
    with pytest.raises(InputError, match="not a regular file"):
        custom.write_library(pipe, [custom.CustomActivation("a", "x")])
    entries, problems = custom.read_library(Path("/dev/zero"))
    assert entries == [] and "not a regular file" in problems[0]


@pytest.mark.parametrize(
    "content",
    ["{not json", "[]", '{"schema": 99, "activations": []}', '{"schema": 1}', "x" * 2_000_000],
    ids=["bad json", "a list", "future schema", "no activations", "too large"],
)
def test_an_unreadable_library_is_an_empty_library_with_a_message(tmp_path, content):
    path = tmp_path / "lib.json"
    path.write_text(content)
    entries, problems = custom.read_library(path)
    assert entries == [] and len(problems) == 1
