"""The feature list and what is derived from it: dispatch, writers, and the flags generated
from a request dataclass."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from actviewer.core import arguments, dispatch, features, writers
from actviewer.core.errors import InputError
from actviewer.core.fields import default_field
from actviewer.core.network import StackRequest, StackResult
from actviewer.core.params import ParamValue


def test_every_built_in_feature_resolves_and_is_found_by_its_types():
    listed = features.features()
    assert [f.id for f in listed[:8]] == [
        "curve",
        "matrix",
        "distribution",
        "stack",
        "compare",
        "sweep",
        "precision",
        "layers",
    ]
    for feature in listed:
        assert callable(features.resolve(feature.compute)), feature.id
        assert features.for_request(feature.request_type) is feature
        assert features.for_result(feature.result_type) is feature
        assert dispatch.is_built_in(feature.request_type)
        for declared in feature.data_formats:
            assert callable(features.resolve(declared.write)), (feature.id, declared.suffix)
    assert features.view_ids()[0] == "curve" and "lesson" not in features.view_ids()


def test_dispatch_and_writers_follow_the_feature_declarations():
    stack = features.get("stack")
    assert dispatch.is_interruptible(StackRequest) and stack.interruptible
    assert set(writers.data_writers(StackResult)) == {d.suffix for d in stack.data_formats}
    dispatch.register_compute(StackRequest, lambda request: "replaced")
    try:
        assert dispatch.run(StackRequest("relu")) == "replaced"
        assert not dispatch.is_built_in(StackRequest)  # the head start's child would not have it
    finally:
        dispatch.unregister_compute(StackRequest)
    assert dispatch.is_built_in(StackRequest)


@dataclass(frozen=True)
class _Request:
    activation: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    units: int = default_field(8, "units", 1, 256)
    rate: float = default_field(0.03, "learning rate", 1e-6, 10.0)
    hidden: tuple[int, ...] = default_field((8, 8), "units per layer", 1, 256)
    optimizer: str = default_field("adam", "optimiser", choices=("sgd", "adam"))
    residual: bool = False
    bias: bool = True
    device: str = "cpu"
    dtype: str = "float32"

    def validated(self) -> _Request:
        return self


def _parse(*argv: str) -> _Request:
    parser = argparse.ArgumentParser()
    arguments.add_generated_arguments(parser, _Request)
    result: _Request = arguments.generated_request(parser.parse_args(list(argv)), _Request)
    return result


def test_generated_flags_read_each_field_by_its_type():
    got = _parse(
        "leaky_relu",
        "--param",
        "negative_slope=0.2",
        "--units",
        "1e2",
        "--rate",
        "0.5",
        "--hidden",
        "16,4",
        "--optimizer",
        "sgd",
        "--residual",
        "--no-bias",
        "--dtype",
        "float64",
    )
    assert got == _Request(
        "leaky_relu", {"negative_slope": 0.2}, 100, 0.5, (16, 4), "sgd", True, False, "cpu", "float64"
    )
    assert _parse("relu") == _Request("relu", {})


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--units", "0"), "--units must be a whole number from 1 to 256, got '0'"),
        (("--units", "2.5"), "--units must be a whole number, got '2.5'"),
        (("--rate", "nan"), "--rate must be a finite number, got 'nan'"),
        (("--hidden", "8,x"), "--hidden must be a whole number, got 'x'"),
        (("--hidden", "8,999"), "--hidden must be a whole number from 1 to 256, got '999'"),
        (("--optimizer", "rmsprop"), "--optimizer must be one of sgd, adam, got 'rmsprop'"),
        (("--dtype", "int8"), "int8"),
    ],
)
def test_generated_flags_refuse_values_outside_their_declared_limits(argv, message):
    with pytest.raises(InputError) as caught:
        _parse("relu", *argv)
    assert message in str(caught.value)
