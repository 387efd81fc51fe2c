"""Which compute function answers which request type: the one table the worker, the CLI
and the benchmark share.

A request is an immutable value with a ``validated()`` method; its compute
function is a pure function from that request to a frozen result that carries
the request back (``result.request``). Built-in functions are named by their
import path, so reading this table never loads torch; a plug-in may register a
callable directly. A function registered as interruptible also takes a
``should_stop`` keyword (see :mod:`.cancel`) and asks it between its steps.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .cancel import StopCheck
from .compare import CompareRequest, PrecisionRequest, SweepRequest
from .layers import LayersRequest
from .lesson import ExampleRequest
from .matrix import MatrixRequest
from .network import DistRequest, StackRequest
from .request import ComputeRequest

ComputeFunction = Callable[..., Any]
"""``request -> result``; an interruptible one also takes ``should_stop=``."""

_COMPUTE: dict[type, ComputeFunction | str] = {
    ComputeRequest: "actviewer.core.compute:compute",
    MatrixRequest: "actviewer.core.matrix:compute_matrix",
    DistRequest: "actviewer.core.network:compute_dist",
    StackRequest: "actviewer.core.network:compute_stack",
    CompareRequest: "actviewer.core.compare_compute:compute_compare",
    SweepRequest: "actviewer.core.compare_compute:compute_sweep",
    PrecisionRequest: "actviewer.core.compare_compute:compute_precision",
    LayersRequest: "actviewer.core.layers:compute_layers",
    ExampleRequest: "actviewer.core.lesson:compute_example",
}
_BUILT_IN: dict[type, ComputeFunction | str] = dict(_COMPUTE)
"""The table as shipped: what a fresh process (the head start's child) has."""
_RESOLVED: dict[str, ComputeFunction] = {}
"""Import paths already imported, and what they named."""
_INTERRUPTIBLE: set[type] = {StackRequest}
"""Request types whose compute function takes ``should_stop``: the ones that can run for seconds."""


def register_compute(
    request_type: type, function: ComputeFunction | str, *, interruptible: bool = False
) -> None:
    """Answer ``request_type`` with ``function`` (a callable or ``"module:name"``);
    ``interruptible``: it takes a ``should_stop`` keyword and asks it between steps."""
    _COMPUTE[request_type] = function
    if interruptible:
        _INTERRUPTIBLE.add(request_type)
    else:
        _INTERRUPTIBLE.discard(request_type)


def unregister_compute(request_type: type) -> None:
    _COMPUTE.pop(request_type, None)
    _INTERRUPTIBLE.discard(request_type)


def compute_function(request_type: type) -> ComputeFunction:
    try:
        function = _COMPUTE[request_type]
    except KeyError:
        raise TypeError(f"no compute function is registered for {request_type.__name__}") from None
    if isinstance(function, str):
        if function not in _RESOLVED:
            module, _, name = function.partition(":")
            _RESOLVED[function] = getattr(importlib.import_module(module), name)
        return _RESOLVED[function]
    return function


def run(request: Any, should_stop: StopCheck | None = None) -> Any:
    """Compute ``request`` with the function registered for its type.

    ``should_stop`` reaches functions registered as interruptible (they raise
    :class:`~.cancel.Superseded` when it answers True); the others run to the end.
    """
    function = compute_function(type(request))
    if should_stop is not None and type(request) in _INTERRUPTIBLE:
        return function(request, should_stop=should_stop)
    return function(request)


def is_interruptible(request_type: type) -> bool:
    """Whether ``request_type``'s function takes ``should_stop``: a job that can run for seconds."""
    return request_type in _INTERRUPTIBLE


def is_built_in(request_type: type) -> bool:
    """Whether ``request_type`` is answered by the function it ships with, as in a fresh process."""
    return request_type in _BUILT_IN and _COMPUTE.get(request_type) == _BUILT_IN[request_type]
