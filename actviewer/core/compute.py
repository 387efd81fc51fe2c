"""Request -> Result: the activation, its derivative and second derivative.

Derivatives come from autograd, never from formulas typed in here:
elementwise activations differentiate ``sum(y)`` (each y_i depends on x_i
only), and so does the softmax family, whose curve is one class's output
against fixed other logits (the ``one_class`` layout). For Softmax2d, which
normalises over the whole grid, the gradient of ``sum(y)`` is identically
zero, so dy is the Jacobian diagonal dy_i/dx_i, from forward-mode autograd on
small grids and from the catalog's closed form (held to autograd by the
tests) on large ones, where an N x N Jacobian would not fit.

Torch is imported when this module is, so the GUI imports it on the worker.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy as np
import torch

from . import catalog
from .decimate import screen_samples, worth_reducing
from .devices import torch_device, torch_dtype
from .errors import InputError
from .params import ParamValue
from .request import ComputeRequest
from .results import DERIVATIVE_METHODS, JACOBIAN_AUTOGRAD_MAX, ComputeResult, Display  # noqa: F401 (re-exported)

CLASS_AXIS = 1
"""The axis of the ``one_class`` layout's ``(N, K)`` logits along which the function normalises."""


def class_logits(x: Any, classes: int, other_logit: float) -> Any:
    """Row i is ``[x_i, other_logit, ...]``: K logits, the first varying with x (the ``one_class`` layout).

    :func:`actviewer.core.snippets.curve_snippet` writes this same expression.
    """
    return torch.cat([x[:, None], x.new_full((x.numel(), classes - 1), other_logit)], dim=CLASS_AXIS)


def forward_fn(spec: catalog.ActivationSpec, values: Mapping[str, ParamValue]) -> Callable[[Any], Any]:
    """``x -> y`` for a 1-D grid, shaping the input as the activation expects."""
    if spec.layout == "one_class":
        # The curve's own inputs build the logits; the function sees the rest, normalising over classes.
        inner = forward_fn(
            replace(spec, layout="elementwise"),
            {p.name: values[p.name] for p in spec.params if p.scope != "curve"} | {"dim": CLASS_AXIS},
        )
        classes, other = int(values["classes"]), float(values["other_logit"])
        return lambda x: inner(class_logits(x, classes, other))[:, 0]
    if spec.forward is not None:
        fn = spec.forward
        kwargs = dict(values)
    else:
        assert spec.functional is not None, spec.id
        module_name, _, attr = spec.functional.rpartition(".")
        fn = getattr(importlib.import_module(module_name), attr)
        kwargs = spec.torch_kwargs(values)

    if spec.layout == "duplicated":
        return lambda x: fn(torch.cat([x, x]), dim=0, **kwargs)
    if spec.layout == "channels":
        return lambda x: fn(x.reshape(-1, 1, 1), **kwargs).reshape(-1)
    return lambda x: fn(x, **kwargs)


_grid_cache: dict[str, Any] = {}
_NUMPY_DTYPES: dict[Any, type[np.floating]] = {torch.float64: np.float64, torch.float16: np.float16}


def sample_grid(request: ComputeRequest, device: Any, dtype: Any) -> Any:
    """``torch.linspace`` in the dtype, as the Learn panel's code writes it.

    16-bit grids are spaced in float32 and rounded, since linspace in half
    precision accumulates visible unevenness. Extra points (kinks, and just
    below each jump) are merged in. The last grid is reused: dragging a
    parameter recomputes on the same x, and building 10 million x costs ~10 ms.
    """
    key = (request.x_min, request.x_max, request.samples, request.extra_points, str(device), str(dtype))
    cached = _grid_cache.get("grid")
    if cached is not None and _grid_cache.get("key") == key:
        return cached
    step_dtype = torch.float32 if dtype in (torch.float16, torch.bfloat16) else dtype
    grid = torch.linspace(request.x_min, request.x_max, request.samples, dtype=step_dtype, device=device)
    grid = grid.to(dtype)
    if request.extra_points:
        # In the grid's own precision, so "just below" survives the rounding.
        np_dtype = _NUMPY_DTYPES.get(dtype, np.float32)
        extras = np.array(request.extra_points).astype(np_dtype)
        below = np.nextafter(extras, np_dtype(-np.inf))  # a jump is drawn vertical, at its exact place
        base = grid.cpu() if dtype in (torch.float32, torch.float64) else grid.cpu().float()
        merged = np.concatenate([base.numpy().astype(np_dtype), extras, below])
        merged = np.unique(merged[(merged >= request.x_min) & (merged <= request.x_max)])
        grid = torch.as_tensor(merged, device=device).to(dtype)
    _grid_cache.update(key=key, grid=grid)
    return grid


def envelope(x: np.ndarray, curves: list[np.ndarray | None], bins: int) -> Display | None:
    """What a plot ``bins`` pixels wide draws of each curve (:func:`~.decimate.screen_samples`),
    or None when there are too few samples to be worth it."""
    if not worth_reducing(len(x), bins):
        return None
    y, dy, d2y = (None if c is None else screen_samples(x, c, bins) for c in curves)
    assert y is not None and dy is not None
    return Display(y, dy, d2y)


def derivative_at_zero(
    f: Callable[[Any], Any], spec: catalog.ActivationSpec, device: Any, dtype: Any
) -> float | None:
    """f'(0) exactly as PyTorch's autograd reports it (its choice at a kink: ReLU'(0) = 0).

    None for the softmax family, whose diagonal at 0 depends on the other inputs.
    """
    if spec.vector or not spec.differentiable:
        return None if spec.vector else 0.0
    zero = torch.zeros(1, dtype=dtype, device=device, requires_grad=True)
    with torch.enable_grad():
        y = f(zero)
        if not y.requires_grad:
            return 0.0
        (dy,) = torch.autograd.grad(y.sum(), zero)
    return float(dy.item())


def _elementwise(f: Callable[[Any], Any], x: Any, second: bool) -> tuple[Any, Any, Any]:
    x = x.detach().requires_grad_(True)
    y = f(x)
    if not y.requires_grad:  # piecewise constant with no autograd graph (binary step)
        zeros = torch.zeros_like(y)
        return y, zeros, zeros
    # d(sum f)/dx_i = f'(x_i) for an elementwise f: the same numbers as grad_outputs=ones, and
    # a scalar output spares torch.autograd's shape check, whose first use imports sympy
    # (torch.fx.experimental.symbolic_shapes): 0.35-0.5 s before the app's first curve.
    (dy,) = torch.autograd.grad(y.sum(), x, create_graph=second)
    if not second:
        return y, dy, None
    if not dy.requires_grad:  # dy does not depend on x: it is piecewise constant
        return y, dy, torch.zeros_like(dy)
    try:
        (d2y,) = torch.autograd.grad(dy.sum(), x, allow_unused=True)
    except (RuntimeError, NotImplementedError):
        return y, dy, None  # torch has no double-backward for it (hardsigmoid)
    return y, dy, torch.zeros_like(dy) if d2y is None else d2y


def _jacobian_diagonal(f: Callable[[Any], Any], x: Any, second: bool) -> tuple[Any, Any, Any]:
    from torch.func import jvp, vmap

    def diag_entry(z: Any, e: Any) -> Any:
        return (jvp(f, (z,), (e,))[1] * e).sum()

    def second_entry(e: Any) -> Any:
        return jvp(lambda z: diag_entry(z, e), (x,), (e,))[1]

    eye = torch.eye(x.numel(), dtype=x.dtype, device=x.device)
    y = f(x)
    dy = vmap(lambda e: diag_entry(x, e))(eye)
    d2y = vmap(second_entry)(eye) if second else None
    return y, dy, d2y


def _to_numpy(t: Any, dtype_name: str) -> np.ndarray:
    target = torch.float64 if dtype_name == "float64" else torch.float32
    return t.detach().to("cpu", target).numpy()


def evaluate(
    spec: catalog.ActivationSpec, params: Mapping[str, ParamValue], x: Any, second: bool
) -> tuple[Any, Any, Any, str]:
    """y, dy, d2y (or None) and how dy was obtained, for ``spec`` on the 1-D tensor ``x``.

    Shared by every computation that draws curves (one curve, overlays,
    sweeps, precision), so they all differentiate the same way.
    """
    f = forward_fn(spec, params)
    if spec.vector and x.numel() <= JACOBIAN_AUTOGRAD_MAX:
        y, dy, d2y = _jacobian_diagonal(f, x, second)
        return y, dy, d2y, "jacobian_autograd"
    if spec.vector:
        assert spec.jacobian_diagonal is not None, spec.id
        with torch.no_grad():
            y = f(x)
            dy, d2y = spec.jacobian_diagonal(y, params)
        return y, dy, d2y, "jacobian_closed_form"
    with torch.enable_grad():
        y, dy, d2y = _elementwise(f, x, second)
    return y, dy, d2y, "autograd" if spec.differentiable else "none"


@contextmanager
def user_errors(spec: catalog.ActivationSpec, device: str, dtype: str, samples: int) -> Iterator[None]:
    """Turn what torch raises for a choice the user can change into an :class:`InputError`."""
    try:
        yield
    except torch.OutOfMemoryError:
        raise InputError(
            f"{device} ran out of memory for {samples:,} samples; try fewer samples",
            "device.memory",
            device=device,
            samples=samples,
        ) from None
    except (RuntimeError, NotImplementedError) as err:
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(
            f"{spec.name} failed on {device} with {dtype}: {first_line}",
            "device.failed",
            activation=spec.name,
            device=device,
            dtype=dtype,
            reason=first_line,
        ) from None


def compute(request: ComputeRequest) -> ComputeResult:
    """Evaluate ``request`` (validated here too) and time it.

    Raises :class:`InputError` for anything the user can change: bad values,
    an unavailable device, a device out of memory, a dtype the device lacks.
    """
    start = time.perf_counter()
    request = request.validated()
    spec = request.spec
    device = torch_device(request.device)
    dtype = torch_dtype(request.dtype)
    second = request.second_derivative
    with user_errors(spec, request.device, request.dtype, request.samples):
        x = sample_grid(request, device, dtype)
        y, dy, d2y, method = evaluate(spec, request.params, x, second)
        arrays = [_to_numpy(t, request.dtype) for t in (x, y, dy)]
        at_zero = derivative_at_zero(forward_fn(spec, request.params), spec, device, dtype)
        d2 = _to_numpy(d2y, request.dtype) if (second and d2y is not None) else None
    undefined = spec.breakpoints(request.params) if not spec.differentiable else ()
    display = (
        envelope(arrays[0], [arrays[1], arrays[2], d2], request.display_bins)
        if request.display_bins
        else None
    )
    return ComputeResult(
        request=request,
        x=arrays[0],
        y=arrays[1],
        dy=arrays[2],
        d2y=d2,
        derivative_method=method,
        undefined_at=tuple(undefined),
        elapsed_s=time.perf_counter() - start,
        device=str(device),
        dy_at_zero=at_zero,
        display=display,
    )


def warm_up_transforms() -> None:
    """The first ``torch.func`` Jacobian imports ``torch._dynamo`` (~1 s); import it now."""
    import torch._dynamo  # noqa: F401


def warm_up() -> None:
    """Pay torch's one-time costs (its first autograd.grad imports torch.fx, ~0.3 s)
    before the user's first request, so that frame's time is the real compute time."""
    compute(ComputeRequest("sigmoid", samples=8))
