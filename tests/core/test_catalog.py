from __future__ import annotations

import importlib
import inspect

import pytest
import torch

from actviewer.core import catalog
from actviewer.core.errors import InputError
from tests.fresh import run_python

TUTORIAL = {"binary_step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"}
TORCH_ELEMENTWISE = {
    "elu",
    "selu",
    "celu",
    "gelu",
    "silu",
    "mish",
    "softplus",
    "softsign",
    "hardtanh",
    "hardsigmoid",
    "hardswish",
    "hardshrink",
    "softshrink",
    "tanhshrink",
    "relu6",
    "rrelu",
    "prelu",
    "logsigmoid",
    "threshold",
}


def _resolve(dotted: str):
    module, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def test_catalog_holds_the_tutorial_six_every_torch_activation_and_the_softmax_family():
    ids = set(catalog.ids())
    assert ids >= TUTORIAL
    assert ids >= TORCH_ELEMENTWISE
    assert {"softmin", "log_softmax"} <= ids
    assert len(catalog.ACTIVATIONS) >= 28
    assert len(ids) == len(catalog.ACTIVATIONS), "ids must be unique"
    assert {s.id for s in catalog.ACTIVATIONS if s.tutorial} == TUTORIAL


def test_every_torch_nn_activation_module_is_in_the_catalog():
    import torch.nn.modules.activation as act

    declared = {s.module for s in catalog.ACTIVATIONS if s.module}
    not_curves = {"MultiheadAttention"}  # attention, not a function of x
    for name in act.__all__:
        if name not in not_curves:
            assert f"torch.nn.{name}" in declared, name


@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
def test_declared_torch_callables_exist_and_take_the_declared_keywords(spec):
    if spec.functional:
        fn = _resolve(spec.functional)
        assert callable(fn)
    if spec.module:
        cls = _resolve(spec.module)
        assert issubclass(cls, torch.nn.Module)
        accepted = set(inspect.signature(cls.__init__).parameters)
        for p in spec.params:
            if p.torch_arg and p.name != "training":
                assert p.name in accepted, f"{spec.module} takes no {p.name!r}"


@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
def test_defaults_satisfy_their_own_constraints(spec):
    assert spec.resolve() == spec.defaults()
    for p in spec.params:
        if p.kind in ("float", "int") and p.ui_min is not None:
            assert p.ui_min < p.ui_max
            assert p.ui_min <= p.default <= p.ui_max, p.name


def test_unknown_id_and_param_name_what_is_allowed():
    with pytest.raises(InputError, match="actviewer list"):
        catalog.get("relu7")
    with pytest.raises(InputError, match="negative_slope"):
        catalog.get("leaky_relu").param("slope")


@pytest.mark.parametrize(
    ("activation", "text", "fragment"),
    [
        ("leaky_relu", "abc", "finite number"),
        ("leaky_relu", "nan", "finite number"),
        ("leaky_relu", "inf", "finite number"),
        ("softplus", "0", "> 0"),
        ("softshrink", "-1", ">= 0"),
        ("softmax", "1.5", "integer"),
        ("softmax", "7", "<= 1"),
        ("gelu", "exact", "none, tanh"),
        ("rrelu", "maybe", "true or false"),
    ],
)
def test_bad_values_are_rejected_with_what_is_allowed(activation, text, fragment):
    spec = catalog.get(activation)
    name = spec.params[0].name if activation != "rrelu" else "training"
    with pytest.raises(InputError, match=fragment):
        spec.parse({name: text})


def test_constraints_between_parameters():
    with pytest.raises(InputError, match="min_val must be less than max_val"):
        catalog.get("hardtanh").resolve({"min_val": 1.0, "max_val": 1.0})
    with pytest.raises(InputError, match="lower must not exceed upper"):
        catalog.get("rrelu").resolve({"lower": 0.5, "upper": 0.2})


def test_core_imports_neither_qt_nor_torch_until_it_computes():
    code = (
        "import sys; import actviewer.cli, actviewer.core.catalog, actviewer.core.request;"
        "assert 'torch' not in sys.modules, 'catalog imported torch';"
        "import actviewer.core.compute, actviewer.core.export_data;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')];"
        "assert not bad, bad"
    )
    run_python(code)


def test_scale_like_parameters_are_declared_logarithmic():
    logarithmic = {(s.id, p.name) for s in catalog.ACTIVATIONS for p in s.params if p.log_scale}
    temperatures = {(s.id, "temperature") for s in catalog.ACTIVATIONS if "temperature" in s.defaults()}
    assert logarithmic == {("softplus", "beta"), ("softplus", "threshold"), *temperatures}
    assert len(temperatures) == 3
    from actviewer.core.params import ParamSpec

    with pytest.raises(ValueError, match="log-scale slider needs 0 < ui_min"):
        ParamSpec("gain", "float", 1.0, "gain", ui_min=0.0, ui_max=2.0, log_scale=True)
