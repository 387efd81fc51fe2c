"""Which compute function answers which request type, derived from the features (:mod:`.features`).

The worker, the CLI, the head start and the benchmark share this one lookup.
A request is an immutable value with a ``validated()`` method; its compute
function is a pure function from that request to a frozen result that carries
the request back (``result.request``). A feature names its function by
import path, so looking one up never loads torch until it runs. A feature
declared interruptible gets a ``should_stop`` keyword (see :mod:`.cancel`).

:func:`register_compute` answers a request type that is no feature, or replaces
a feature's function for a while (a test injecting a failure); the feature list
stays the one declaration of what the app computes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import features
from .cancel import StopCheck

ComputeFunction = Callable[..., Any]
"""``request -> result``; an interruptible one also takes ``should_stop=``."""

_OVERRIDES: dict[type, tuple[ComputeFunction | str, bool]] = {}
"""Request type -> (function, interruptible), consulted before the features."""


def register_compute(
    request_type: type, function: ComputeFunction | str, *, interruptible: bool = False
) -> None:
    """Answer ``request_type`` with ``function`` (a callable or ``"module:name"``) ahead of any feature."""
    _OVERRIDES[request_type] = (function, interruptible)


def unregister_compute(request_type: type) -> None:
    _OVERRIDES.pop(request_type, None)


def _entry(request_type: type) -> tuple[ComputeFunction | str, bool] | None:
    if request_type in _OVERRIDES:
        return _OVERRIDES[request_type]
    feature = features.for_request(request_type)
    return (feature.compute, feature.interruptible) if feature is not None else None


def compute_function(request_type: type) -> ComputeFunction:
    entry = _entry(request_type)
    if entry is None:
        raise TypeError(f"no compute function is registered for {request_type.__name__}")
    return features.resolve(entry[0])


def run(request: Any, should_stop: StopCheck | None = None) -> Any:
    """Compute ``request`` with the function registered for its type.

    ``should_stop`` reaches functions registered as interruptible (they raise
    :class:`~.cancel.Superseded` when it answers True); the others run to the end.
    """
    function = compute_function(type(request))
    if should_stop is not None and is_interruptible(type(request)):
        return function(request, should_stop=should_stop)
    return function(request)


def is_interruptible(request_type: type) -> bool:
    """Whether ``request_type``'s function takes ``should_stop``: a job that can run for seconds."""
    entry = _entry(request_type)
    return entry is not None and entry[1]


def is_built_in(request_type: type) -> bool:
    """Whether ``request_type`` is answered by the function it ships with, as in a fresh process."""
    if request_type in _OVERRIDES:
        return False
    feature = features.for_request(request_type)
    return feature is not None and feature.request_type is request_type and features.is_built_in(feature)
