"""An activation inside a network: what it does to a distribution of inputs, and how signals
and gradients travel through a deep stack of ``nn.Linear`` layers with a ``torch.nn.init`` scheme.

Both computations use PyTorch's own modules and init functions, seeded, so the
code the Learn panel prints (:func:`stack_code`) reproduces the numbers.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import catalog, records
from .cancel import StopCheck, check, report_progress
from .errors import InputError
from .request import TypedRequest

INITS = (
    "default",
    "xavier_uniform",
    "xavier_normal",
    "kaiming_uniform",
    "kaiming_normal",
    "orthogonal",
    "normal",
    "lecun_normal",
)
GAIN_NAMES = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "leaky_relu": "leaky_relu",
    "selu": "selu",
}
"""Activations for which ``torch.nn.init.calculate_gain`` defines a gain (others count as linear)."""
MAX_LAYERS, MAX_WIDTH, MAX_BATCH = 200, 1024, 4096
MIN_WIDTH = 16
MAX_DIST_SAMPLES = 10_000_000
HIST_BINS = 60
SATURATED = 1e-3


def _elementwise(activation: str) -> catalog.ActivationSpec:
    spec = catalog.get(activation)
    if spec.layout != "elementwise":
        raise InputError(f"{spec.id} is not elementwise; the network views take elementwise activations")
    return spec


def _integer(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{name} must be an integer from {low} to {high:,}, got {value!r}")
    return value


def _number(name: str, value: object, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    if positive and value <= 0:
        raise InputError(f"{name} must be greater than 0, got {value:g}")
    return float(value)


# --- distribution ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistRequest(TypedRequest):
    distribution: str = "normal"
    mean: float = 0.0
    std: float = 1.0
    low: float = -1.0
    high: float = 1.0
    samples: int = 1_000_000
    seed: int = 0

    def validated(self) -> DistRequest:
        spec = _elementwise(self.activation)
        if self.distribution not in ("normal", "uniform"):
            raise InputError(f"the input distribution is normal or uniform, not {self.distribution!r}")
        _number("mean", self.mean)
        _number("std", self.std, positive=True)
        low, high = _number("low", self.low), _number("high", self.high)
        if self.distribution == "uniform" and not low < high:
            raise InputError(f"uniform needs a < b, got {low:g} and {high:g}")
        _integer("samples", self.samples, 100, MAX_DIST_SAMPLES)
        _integer("seed", self.seed, 0, 2**31 - 1)
        self.check_placement()
        return replace(
            self, params=spec.resolve(self.params or {}), std=float(self.std), mean=float(self.mean)
        )


@dataclass(frozen=True, eq=False)
class Histogram:
    edges: np.ndarray
    counts: np.ndarray

    def as_json(self) -> dict[str, list]:
        return {"edges": self.edges.tolist(), "counts": self.counts.tolist()}


@dataclass(frozen=True, eq=False)
class DistResult:
    request: DistRequest
    stats: dict[str, float]
    """mean, std, mean_dy, mean_dy2, dead_fraction, saturated_fraction, negative_fraction."""
    x_histogram: Histogram
    histogram: Histogram
    dy_histogram: Histogram
    elapsed_s: float

    def as_json(self) -> dict[str, Any]:
        r = self.request
        source = (
            {"distribution": "normal", "mean": r.mean, "std": r.std}
            if r.distribution == "normal"
            else {"distribution": "uniform", "low": r.low, "high": r.high}
        )
        return {
            "activation": r.activation,
            "call": r.spec.signature(r.params),
            "params": dict(r.params),
            **source,
            "samples": r.samples,
            "seed": r.seed,
            "dtype": r.dtype,
            **self.stats,
            "histogram": self.histogram.as_json(),
            "dy_histogram": self.dy_histogram.as_json(),
            "x_histogram": self.x_histogram.as_json(),
        }


def _histogram(values: Any, bins: int = HIST_BINS) -> Histogram:
    import torch

    finite_mask = torch.isfinite(values)  # boolean indexing only when needed: 11 ms at 1e6 here
    finite = (values if bool(finite_mask.all()) else values[finite_mask]).double()
    if finite.numel() == 0:
        return Histogram(np.array([0.0, 1.0]), np.array([0]))
    lo, hi = (float(v) for v in torch.aminmax(finite))
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts = torch.histc(finite, bins=bins, min=lo, max=hi)
    return Histogram(np.linspace(lo, hi, bins + 1), counts.cpu().numpy().astype(np.int64))


CACHE_BYTES = 128 * 2**20
"""The largest input (samples, or a stack's weights and batch) kept for the next frame."""
_dist_cache: dict[str, Any] = {}


def _dist_input(request: DistRequest, device: Any, dtype: Any) -> tuple[Any, Histogram]:
    """The seeded input samples on ``device`` in ``dtype``, and their histogram.

    Dragging an activation's parameter recomputes the same inputs: drawing 1e6 float64
    normals and histogramming them is a large part of a frame here, so the last ones are
    kept (up to CACHE_BYTES). Nothing writes to them; the compute takes a detached view.
    """
    import torch

    source = (request.distribution, request.mean, request.std, request.low, request.high)
    key = (source, request.samples, request.seed, str(device), str(dtype))
    cached = _dist_cache.get("last")
    if cached is not None and cached[0] == key:
        return cached[1]
    generator = torch.Generator().manual_seed(request.seed)
    if request.distribution == "normal":
        x = (
            torch.randn(request.samples, generator=generator, dtype=torch.float64) * request.std
            + request.mean
        )
    else:
        x = torch.rand(request.samples, generator=generator, dtype=torch.float64)
        x = x * (request.high - request.low) + request.low
    x = x.to(device=device, dtype=dtype)
    built = (x, _histogram(x))
    if x.numel() * x.element_size() <= CACHE_BYTES:
        _dist_cache["last"] = (key, built)  # one assignment: a reader sees the old entry or this one
    return built


def compute_dist(request: DistRequest) -> DistResult:
    import torch

    from .compute import forward_fn
    from .devices import torch_device, torch_dtype

    start = time.perf_counter()
    request = request.validated()
    device, dtype = torch_device(request.device), torch_dtype(request.dtype)
    samples, x_histogram = _dist_input(request, device, dtype)
    x = samples.detach().requires_grad_(True)
    f = forward_fn(request.spec, request.params)
    with torch.enable_grad():
        y = f(x)
        dy = torch.autograd.grad(y.sum(), x)[0] if y.requires_grad else torch.zeros_like(y)
    y64, dy64 = y.detach().double(), dy.detach().double()
    stats = {
        "mean": float(y64.mean()),
        "std": float(y64.std(unbiased=False)),
        "mean_dy": float(dy64.mean()),
        "mean_dy2": float((dy64**2).mean()),
        "dead_fraction": float((dy64 == 0).double().mean()),
        "saturated_fraction": float(_saturated(request.activation, x.detach(), dy64).double().mean()),
        "negative_fraction": float((y64 < 0).double().mean()),
    }
    return DistResult(
        request,
        stats,
        x_histogram,
        _histogram(y.detach()),
        _histogram(dy.detach()),
        time.perf_counter() - start,
    )


# --- deep stack --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StackRequest(TypedRequest):
    layers: int = 20
    width: int = 256
    batch: int = 512
    init: str = "default"
    std: float = 0.02
    """For init "normal": the weights' standard deviation."""
    fan: str = "fan_in"
    """For the kaiming inits."""
    bias: bool = True
    residual: bool = False
    layernorm: bool = False
    seed: int = 0

    def validated(self) -> StackRequest:
        spec = _elementwise(self.activation)
        _integer("layers", self.layers, 1, MAX_LAYERS)
        _integer("width", self.width, MIN_WIDTH, MAX_WIDTH)
        _integer("batch", self.batch, 2, MAX_BATCH)
        _integer("seed", self.seed, 0, 2**31 - 1)
        if self.init not in INITS:
            raise InputError(f"unknown init {self.init!r}; use one of {', '.join(INITS)}")
        if self.fan not in ("fan_in", "fan_out"):
            raise InputError(f"fan must be fan_in or fan_out, not {self.fan!r}")
        _number("std", self.std, positive=True)
        self.check_placement()
        return replace(self, params=spec.resolve(self.params or {}), std=float(self.std))

    def estimated_bytes(self, batch: int | None = None) -> int:
        """Peak memory of :func:`compute_stack` (with ``batch`` instead of its own, if given).

        Per layer it keeps the weights (with their gradients and init's temporaries, ~4 copies)
        and, per sample and unit, the input, pre-activation, activation and autograd's saved
        tensors through the backward pass, then the stacked pre-activations, activations and
        slopes (~6.5 copies). Fitted to the process's peak on this machine: 200 x 1024 float32
        used 5.9 GB at batch 512, 8.6 GB at 1024 and 23 GB at 4096 (killed), measured before
        this check existed.
        """
        element = 8 if self.dtype == "float64" else 4
        batch = self.batch if batch is None else batch
        per_sample = STACK_COPIES * self.layers * self.width * element
        return int(
            WEIGHT_COPIES * self.layers * self.width**2 * element + batch * per_sample + STACK_OVERHEAD
        )

    def check_fits(self) -> None:
        """Refuse, with the estimate and a batch that fits, what this machine cannot hold."""
        from .memory import HEADROOM, available_bytes, check_fits

        need = self.estimated_bytes()
        available = available_bytes()
        hint = ""
        if available is not None and need > available * HEADROOM:
            per_sample = self.estimated_bytes(1) - self.estimated_bytes(0)
            fits = int((available * HEADROOM - self.estimated_bytes(0)) // per_sample)
            hint = f"batch {fits} fits" if fits >= 2 else "fewer layers or a smaller width would"
        check_fits(need, self.device, f"a {self.layers} x {self.width} stack with batch {self.batch}", hint)


STACK_COPIES = 6.5
WEIGHT_COPIES = 4
STACK_OVERHEAD = 300 << 20


def _saturated(activation: str, x: Any, dy: Any) -> Any:
    """Where f' is below SATURATED on a side where the activation saturates (its Learn facts): a
    sigmoid's tails, hardtanh beyond ±1. ReLU's flat left side is dead (f' = 0), not saturated:
    the view said "saturated 0.4997" beside Learn's "Saturates: no". A custom activation's
    sides are not known: every small slope counts."""
    from .texts import facts

    sides = facts(activation).saturates
    small = dy.abs() < SATURATED
    if not sides:
        return small
    left = x < 0 if sides in ("left", "both") else x.new_zeros(x.shape, dtype=bool)
    right = x > 0 if sides in ("right", "both") else x.new_zeros(x.shape, dtype=bool)
    return small & (left | right)


def gain_arguments(request: StackRequest) -> tuple[str, float | None]:
    """The ``nonlinearity`` (and its ``param``) that ``calculate_gain`` knows this activation by."""
    name = GAIN_NAMES.get(request.activation, "linear")
    param = float(request.params.get("negative_slope", 0.01)) if name == "leaky_relu" else None
    return name, param


def _init_lines(request: StackRequest) -> list[str]:
    """The torch.nn.init call for one ``layer`` (as code; the compute function runs the same text's calls)."""
    name, param = gain_arguments(request)
    gain = f"nn.init.calculate_gain({name!r}{'' if param is None else f', {param!r}'})"
    kaiming_a = param if param is not None else 0.0
    kaiming_name = (
        name if name in ("relu", "leaky_relu", "selu", "tanh", "sigmoid", "linear") else "leaky_relu"
    )
    calls = {
        "default": [],
        "xavier_uniform": [f"nn.init.xavier_uniform_(layer.weight, gain={gain})"],
        "xavier_normal": [f"nn.init.xavier_normal_(layer.weight, gain={gain})"],
        "kaiming_uniform": [
            f"nn.init.kaiming_uniform_(layer.weight, a={kaiming_a!r}, mode={request.fan!r}, nonlinearity={kaiming_name!r})"
        ],
        "kaiming_normal": [
            f"nn.init.kaiming_normal_(layer.weight, a={kaiming_a!r}, mode={request.fan!r}, nonlinearity={kaiming_name!r})"
        ],
        "orthogonal": [f"nn.init.orthogonal_(layer.weight, gain={gain})"],
        "normal": [f"nn.init.normal_(layer.weight, mean=0.0, std={request.std!r})"],
        "lecun_normal": ["nn.init.kaiming_normal_(layer.weight, mode='fan_in', nonlinearity='linear')"],
    }[request.init]
    if request.init != "default" and request.bias:
        calls.append("nn.init.zeros_(layer.bias)")
    return calls


def stack_code(request: StackRequest) -> str:
    """A runnable program that builds the stack, runs the pass and prints the per-layer numbers."""
    from .snippets import IMPORTS, snippet

    request = request.validated()
    lines = snippet(request.spec, request.params).functional.splitlines()
    act = "def act(x):\n" + "".join(f"    {line}\n" for line in lines) + "    return output\n\n\n"
    init = "".join(f"        {line}\n" for line in _init_lines(request))
    norm = "F.layer_norm(pre, (width,))" if request.layernorm else "pre"
    update = "h = h + a" if request.residual else "h = a"
    return (
        f"{IMPORTS}\n\n{act}"
        f"torch.manual_seed({request.seed})\n"
        f"layers, width, batch = {request.layers}, {request.width}, {request.batch}\n"
        "linears = []\n"
        "for _ in range(layers):\n"
        f"    layer = nn.Linear(width, width, bias={request.bias!r})\n"
        "    with torch.no_grad():\n"
        f"{init or '        pass' + chr(10)}"
        "    linears.append(layer)\n"
        "x = torch.randn(batch, width)\n"
        f"dtype = torch.{request.dtype}\n"
        "linears = [layer.to(dtype) for layer in linears]\n"
        "h = x.to(dtype)\n"
        "inputs, pres, acts = [], [], []\n"
        "for layer in linears:\n"
        "    h.retain_grad() if h.requires_grad else h.requires_grad_(True)\n"
        "    inputs.append(h)\n"
        f"    pre = layer(h)\n"
        f"    z = {norm}\n"
        "    a = act(z)\n"
        "    pres.append(z)\n"
        "    acts.append(a)\n"
        f"    {update}\n"
        "loss = h.float().pow(2).mean()  # the mean square of the output\n"
        "loss.backward()\n"
        "for i, (layer, z, a, inp) in enumerate(zip(linears, pres, acts, inputs), start=1):\n"
        "    print(i, z.double().std(unbiased=False).item(), a.double().mean().item(), a.double().std(unbiased=False).item(),\n"
        "          layer.weight.grad.float().norm().item(), inp.grad.float().norm().item())\n"
    )


@dataclass(frozen=True, eq=False)
class StackResult:
    request: StackRequest
    pre_mean: np.ndarray
    pre_std: np.ndarray
    pre_rms: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    dead_fraction: np.ndarray
    weight_grad_norm: np.ndarray
    input_grad_norm: np.ndarray
    histogram_edges: np.ndarray
    histogram: np.ndarray
    """layers x bins: how the activations of each layer are spread over a common value range."""
    gain: float
    diagnosis: str
    elapsed_s: float

    COLUMNS = (
        "pre_mean",
        "pre_std",
        "pre_rms",
        "act_mean",
        "act_std",
        "dead_fraction",
        "weight_grad_norm",
        "input_grad_norm",
    )

    def as_json(self) -> dict[str, Any]:
        r = self.request
        settings = {
            "activation": r.activation,
            "call": r.spec.signature(r.params),
            "params": dict(r.params),
            **{
                k: getattr(r, k)
                for k in ("layers", "width", "batch", "init", "std", "fan", "bias", "residual")
            },
            "layernorm": r.layernorm,
            "seed": r.seed,
            "device": r.device,
            "dtype": r.dtype,
            "gain": self.gain,
            "loss": "mean(output ** 2)",
            "diagnosis": self.diagnosis,
        }
        layers = [
            {"index": i + 1, **{c: float(getattr(self, c)[i]) for c in self.COLUMNS}} for i in range(r.layers)
        ]
        return {**settings, "layers": layers}


DIAGNOSES: dict[str, str] = {
    "underflow": "layer 1's weight gradient underflows to 0 while layer %(layers)s's is %(last)s: vanishing gradients",
    "vanishing": "layer 1 receives %(ratio)s of layer %(layers)s's weight gradient: vanishing gradients",
    "exploding": "layer 1 receives %(ratio)s times layer %(layers)s's weight gradient: exploding gradients",
    "overflow": "gradients overflow to inf or nan: exploding",
    "dead": "%(share)s of layer %(worst)s's units are dead (zero gradient for the whole batch)",
    "dies": "activations shrink to %(ratio)s of layer 1's spread: the signal dies out",
    "healthy": "signals and gradients keep their scale through the stack",
}
"""Each diagnosis in English, by key; the window says the same key in its own language."""


def diagnosis_parts(result_like: Any, layers: int) -> tuple[str, dict[str, str]]:
    """Which diagnosis applies (a key of :data:`DIAGNOSES`) and its values, formatted.
    ``result_like``: a mapping or a :class:`StackResult` with the per-layer arrays."""

    def get(name: str) -> np.ndarray:
        return np.asarray(result_like[name] if isinstance(result_like, dict) else getattr(result_like, name))

    wg, dead = get("weight_grad_norm"), get("dead_fraction")
    first, last = float(wg[0]), float(wg[-1])
    if layers > 1 and last > 0 and np.isfinite(first) and np.isfinite(last):
        ratio = first / last
        if ratio == 0:
            return "underflow", {"layers": str(layers), "last": f"{last:.1e}"}
        if ratio < 1e-3:
            return "vanishing", {"layers": str(layers), "ratio": f"{ratio:.0e}"}
        if ratio > 1e3:
            return "exploding", {"layers": str(layers), "ratio": f"{ratio:.0e}"}
    if not np.all(np.isfinite(wg)):
        return "overflow", {}
    if float(dead.max()) > 0.5:
        return "dead", {"share": f"{dead.max():.0%}", "worst": str(int(np.argmax(dead)) + 1)}
    std = get("act_std")
    if layers > 1 and std[-1] < 1e-3 * max(std[0], 1e-30):
        return "dies", {"ratio": f"{std[-1] / std[0]:.0e}"}
    return "healthy", {}


def fill_in(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace(f"%({name})s", value)
    return template


def diagnose(result_like: dict[str, np.ndarray], layers: int) -> str:
    """One line a student can act on, from the first to the last layer (English)."""
    key, values = diagnosis_parts(result_like, layers)
    return fill_in(DIAGNOSES[key], values)


def _mean_std(rows: Any) -> tuple[Any, Any]:
    """Per row: the mean and the (population) standard deviation.

    Vectorised passes (the mean, the deviations, their largest size, the mean square of
    the scaled deviations) instead of ``torch.std_mean``, whose Welford loop took 7.7 ms
    per 20 x 131,072 float32 call here against ~1.9 ms for this. Scaling by the largest
    deviation keeps squares of 1e-30 from underflowing and of 1e30 from overflowing, as
    the signal of a stack that vanishes or explodes reaches both; accuracy is ~1e-7.
    """
    import torch

    mean = rows.mean(dim=1)
    deviations = rows - mean[:, None]
    scale = deviations.abs().amax(dim=1, keepdim=True).clamp_min_(torch.finfo(rows.dtype).tiny)
    return mean, deviations.div_(scale).square_().mean(dim=1).sqrt_() * scale[:, 0]


_stack_cache: dict[str, Any] = {}


def _layers_and_input(
    request: StackRequest, device: Any, dtype: Any, should_stop: StopCheck | None = None
) -> tuple[list[tuple[Any, Any]], Any]:
    """Each layer's (weight, bias) and the input batch, seeded and initialised as
    :func:`stack_code` builds them, on ``device`` in ``dtype``.

    Dragging an activation's parameter recomputes the same stack, and building it is
    mostly random numbers (9 ms of a frame at the defaults, ~1 s at 200 x 1024), so the
    last one is kept when it is at most CACHE_BYTES. The forward and the gradients
    never write to these tensors (gradients come from ``autograd.grad``), so reuse is safe.
    ``should_stop`` is asked before each layer; a stack left unfinished is not kept.
    """
    import torch
    from torch import nn

    init = _init_lines(request)
    shape = (request.layers, request.width, request.batch, request.bias)
    key = (shape, tuple(init), request.seed, str(device), str(dtype))
    cached = _stack_cache.get("last")
    if cached is not None and cached[0] == key:
        return cached[1]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(request.seed)
        linears = []
        for _ in range(request.layers):
            check(should_stop)
            layer = nn.Linear(request.width, request.width, bias=request.bias)
            with torch.no_grad():
                for line in init:
                    _apply_init(line, layer, nn)
            linears.append(layer)
        x = torch.randn(request.batch, request.width)
    layers = [(layer.weight, layer.bias) for layer in (m.to(device=device, dtype=dtype) for m in linears)]
    built = (layers, x.to(device=device, dtype=dtype))
    size = request.layers * request.width * (request.width + 1) + request.batch * request.width
    if size * built[1].element_size() <= CACHE_BYTES:
        _stack_cache["last"] = (key, built)  # one assignment: a reader sees the old entry or this one
    return built


def compute_stack(request: StackRequest, should_stop: StopCheck | None = None) -> StackResult:
    """One seeded forward pass of the batch through the stack and one backward pass of
    mean(output²), with the per-layer statistics, gradient norms and histogram.

    ``should_stop`` (optional) is asked before each layer is built, before each layer's
    forward and, through a hook on each layer's input, as the backward pass reaches it;
    when it answers True the computation ends with :class:`~.cancel.Superseded`. At
    200 x 1024 a layer takes tens of milliseconds, so a newer request waits about that
    long instead of the ~20 s of the whole computation.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    from .compute import forward_fn
    from .devices import torch_device, torch_dtype

    start = time.perf_counter()
    request = request.validated()
    request.check_fits()
    device, dtype = torch_device(request.device), torch_dtype(request.dtype)
    f = forward_fn(request.spec, request.params)
    name, param = gain_arguments(request)
    gain = float(nn.init.calculate_gain(name, param))  # type: ignore[arg-type]
    layers, x = _layers_and_input(request, device, dtype, should_stop)
    h = x.detach().requires_grad_(True)
    inputs, pres = [], []
    total = len(layers)
    # Progress: the forward pass is ~40 % of the time, the backward ~50 %, the statistics the rest.
    backward_done = [0]

    def backward_step(_grad: Any) -> None:  # returns None: the gradient is kept
        check(should_stop)
        backward_done[0] += 1
        report_progress(should_stop, 0.4 + 0.5 * backward_done[0] / total)

    with torch.enable_grad():
        for index, layer in enumerate(layers):
            check(should_stop)
            report_progress(should_stop, 0.4 * index / total)
            if should_stop is not None:
                h.register_hook(backward_step)
            inputs.append(h)
            pre = F.linear(h, *layer)  # what nn.Linear.forward does
            z = F.layer_norm(pre, (request.width,)) if request.layernorm else pre
            a = f(z)
            pres.append(z)
            h = h + a if request.residual else a
        loss = h.float().pow(2).mean()
        # autograd.grad rather than backward(): only the gradients shown are computed (no
        # bias gradients), and nothing is stored on the layers or the retained inputs.
        weights = [weight for weight, _bias in layers]
        grads = _gradients(loss, [*weights, *inputs])
        del loss, h, a, inputs  # the graph's memory goes back before the next pass
        # f' of every pre-activation in one pass (f is elementwise): a unit is dead when f' = 0
        # for the whole batch. f(zs) equals the activations exactly, so their statistics come from it.
        zs = torch.stack([z.detach() for z in pres]).requires_grad_(True)
        del pres
        check(should_stop)
        out = f(zs)
        slope = torch.autograd.grad(out.sum(), zs)[0] if out.requires_grad else torch.zeros_like(zs)
    check(should_stop)
    with torch.inference_mode():
        layers_pre = zs.detach().flatten(1)
        layers_act = out.detach().flatten(1)
        if layers_pre.dtype not in (torch.float32, torch.float64):  # statistics of 16-bit values in float32
            layers_pre, layers_act = layers_pre.float(), layers_act.float()
        pre_mean, pre_std = _mean_std(layers_pre)
        act_mean, act_std = _mean_std(layers_act)
        # Every per-layer number in one tensor, moved to the host once (one sync on a GPU).
        norms = [g.float().norm() for g in grads]
        table = torch.stack(
            [
                pre_mean.double(),
                pre_std.double(),
                layers_pre.pow(2).mean(dim=1).sqrt().double(),
                act_mean.double(),
                act_std.double(),
                (slope == 0).all(dim=1).double().mean(dim=1),
                torch.stack(norms[: request.layers]).double(),
                torch.stack(norms[request.layers :]).double(),
            ]
        )
        values = dict(zip(StackResult.COLUMNS, table.cpu().numpy(), strict=True))
        histogram, edges = _depth_histogram(layers_act, request.layers)
    return StackResult(
        request,
        **values,
        histogram_edges=edges,
        histogram=histogram,
        gain=gain,
        diagnosis=diagnose(values, request.layers),
        elapsed_s=time.perf_counter() - start,
    )


def _gradients(loss: Any, tensors: list[Any]) -> list[Any]:
    """d loss / d each of ``tensors``; zeros for one the loss does not depend on."""
    import torch

    if not loss.requires_grad:
        return [torch.zeros_like(t) for t in tensors]
    grads = torch.autograd.grad(loss, tensors, allow_unused=True)
    return [torch.zeros_like(t) if g is None else g for t, g in zip(tensors, grads, strict=True)]


def _depth_histogram(layers_act: Any, layers: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts (layers x bins) of a quarter of each layer's activations over one value range.

    The range runs from the 0.5th to the 99.5th percentile of (a subsample of) all finite
    values. The percentiles come from numpy (a partition, 1.3 ms) rather than
    ``torch.quantile`` (a full sort, 10 ms at the defaults); both interpolate linearly, so
    the edges are the same. Values are filtered for finiteness only when some are not.
    """
    import torch

    sample = layers_act[:, ::4].double()
    finite_mask = torch.isfinite(sample)
    finite = sample.flatten() if bool(finite_mask.all()) else sample[finite_mask]
    lo, hi = -1.0, 1.0
    if finite.numel():
        picked = finite[:: max(1, finite.numel() // 100_000)].cpu().numpy()
        lo, hi = (float(v) for v in np.quantile(picked, [0.005, 0.995]))
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    position = sample.nan_to_num(lo).sub_(lo).div_(hi - lo).mul_(HIST_BINS)
    bins = position.floor_().clamp_(0, HIST_BINS - 1).long()
    counts = torch.zeros(layers, HIST_BINS, dtype=torch.float64, device=bins.device)
    counts.scatter_add_(1, bins, torch.ones_like(sample))
    return counts.cpu().numpy(), np.linspace(lo, hi, HIST_BINS + 1)


def _apply_init(line: str, layer: Any, nn: Any) -> None:
    """Run one of :func:`_init_lines`' calls. The lines are ours (never user text); they are
    interpreted here by name and keyword, so the code shown and the code run cannot differ."""
    import ast

    call = ast.parse(line, mode="eval").body
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    function = getattr(nn.init, call.func.attr)
    tensor = getattr(layer, call.args[0].attr)  # type: ignore[attr-defined]
    kwargs: dict[str, Any] = {}
    for keyword in call.keywords:
        value = keyword.value
        if isinstance(value, ast.Call):  # calculate_gain(name[, param])
            kwargs[str(keyword.arg)] = nn.init.calculate_gain(*[ast.literal_eval(a) for a in value.args])
        else:
            kwargs[str(keyword.arg)] = ast.literal_eval(value)
    function(tensor, **kwargs)


# --- the views' own settings --------------------------------------------------------------------


@dataclass(frozen=True)
class DistSettings:
    """The distribution view's own settings; defaults are the request's (one place says them)."""

    distribution: str = DistRequest.distribution
    mean: float = DistRequest.mean
    std: float = DistRequest.std
    low: float = DistRequest.low
    high: float = DistRequest.high
    samples: int = DistRequest.samples
    seed: int = DistRequest.seed

    def request(self, activation: str, params: Any, device: str, dtype: str) -> DistRequest:
        return DistRequest(activation, params, device=device, dtype=dtype, **records.to_json(self))

    @classmethod
    def from_dict(cls, data: object) -> tuple[DistSettings, list[str]]:
        return records.from_json_checked(
            cls,
            data,
            "stored distribution settings",
            lambda s: s.request("relu", {}, "cpu", "float32").validated(),
        )


@dataclass(frozen=True)
class StackSettings:
    """The deep-stack view's own settings; defaults are the request's (one place says them)."""

    layers: int = StackRequest.layers
    width: int = StackRequest.width
    batch: int = StackRequest.batch
    init: str = StackRequest.init
    std: float = StackRequest.std
    fan: str = StackRequest.fan
    bias: bool = StackRequest.bias
    residual: bool = StackRequest.residual
    layernorm: bool = StackRequest.layernorm
    seed: int = StackRequest.seed
    log_scale: bool = True
    """Display only: a log axis for the mean and std panel."""

    def request(self, activation: str, params: Any, device: str, dtype: str) -> StackRequest:
        fields = {k: v for k, v in records.to_json(self).items() if k != "log_scale"}
        return StackRequest(activation, params, device=device, dtype=dtype, **fields)

    @classmethod
    def from_dict(cls, data: object) -> tuple[StackSettings, list[str]]:
        return records.from_json_checked(
            cls,
            data,
            "stored deep-stack settings",
            lambda s: s.request("relu", {}, "cpu", "float32").validated(),
        )
