"""The activation catalog: every activation and its parameters, declared once.

Everything user-visible about an activation (its id, name, family, the torch
callables it maps to, its parameters with defaults, ranges and constraints,
where it has kinks) is read from here by the compute core, the CLI, the window
and the docs. Adding an activation means adding one :class:`ActivationSpec`.

This module never imports torch at import time: the CLI validates input and
the window paints its first frame before torch is loaded. The few activations
that need more than ``functional(x, **params)`` carry a small ``forward``
function that receives tensors only when it is called.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import InputError
from .params import ParamSpec, ParamValue

Layout = Literal["elementwise", "one_class", "duplicated", "channels"]
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class Check:
    """A constraint between parameters (``min_val < max_val``)."""

    holds: Callable[[Params], bool]
    message: str


@dataclass(frozen=True)
class ActivationSpec:
    """One activation as the whole application sees it.

    ``layout`` says how a 1-D sample grid ``x`` becomes the tensor torch sees:
    ``elementwise`` as is; ``one_class`` as an ``(N, K)`` batch of logits, row
    i being ``[x_i, o, ..., o]`` (K from the ``classes`` parameter, o from
    ``other_logit``), normalised along its dim 1 and read at column 0: the
    probability of one class as its own logit varies, a function of x_i alone
    that does not change with sampling (the softmax family; K = 2 with o = 0
    is sigmoid); ``duplicated`` as ``cat([x, x])`` (GLU gates x with itself);
    ``channels`` as a ``(N, 1, 1)`` channel stack (Softmax2d), normalised over
    the whole grid (so dy is a Jacobian diagonal). For the vector layouts
    ``jacobian_diagonal`` gives dy and d2y in closed form from y, for grids too
    large for an autograd Jacobian (the tests hold it to autograd's).
    """

    id: str
    name: str
    family: str
    summary: str
    functional: str | None
    module: str | None
    params: tuple[ParamSpec, ...] = ()
    layout: Layout = "elementwise"
    differentiable: bool = True
    tutorial: bool = False
    forward: Callable[..., Any] | None = None
    breakpoints: Callable[[Params], tuple[float, ...]] = field(default=lambda p: ())
    checks: tuple[Check, ...] = ()
    jacobian_diagonal: Callable[[Any, Params], tuple[Any, Any]] | None = None
    code: Callable[[Params], tuple[str, str | None]] | None = None
    """For activations whose PyTorch code is more than ``F.f(x, **kw)`` and
    ``nn.M(**kw)(x)``: (functional lines, module lines or None), each setting
    ``output`` from ``x``. See :mod:`actviewer.core.snippets`."""
    formula: str | None = None
    """The user's formula, for a custom activation (see :mod:`actviewer.core.custom`)."""

    @property
    def vector(self) -> bool:
        """True when an output depends on every input of the grid (Softmax2d over its channels)."""
        return self.layout == "channels"

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        names = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"{self.id} has no parameter {name!r} (its parameters: {names})")

    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def resolve(self, values: Params | None = None) -> dict[str, ParamValue]:
        """Defaults overlaid with ``values``, every value and constraint checked."""
        out = self.defaults()
        for name, value in (values or {}).items():
            out[name] = self.param(name).validate(value)
        for check in self.checks:
            if not check.holds(out):
                raise InputError(
                    f"{self.id}: {check.message}", "check", activation=self.id, check=check.message
                )
        return out

    def parse(self, assignments: Mapping[str, str]) -> dict[str, ParamValue]:
        """Parse ``NAME=VALUE`` texts (CLI) into checked values."""
        return self.resolve({name: self.param(name).parse(text) for name, text in assignments.items()})

    def torch_kwargs(self, values: Params) -> dict[str, ParamValue]:
        """The keywords torch's functional form takes (our own controls removed)."""
        return {p.name: values[p.name] for p in self.params if p.torch_arg}

    def call_name(self) -> str:
        """How PyTorch names it: the module's class (``LeakyReLU``), else our name."""
        if self.module:
            return self.module.rpartition(".")[2]
        return self.name.title().replace(" ", "")

    def signature(self, values: Params, omit: Collection[str] = ()) -> str:
        """``LeakyReLU(negative_slope=0.2)``: the module call with every torch keyword.

        ``omit`` names parameters the input at hand does not use (a curve has no ``dim``).
        """
        shown = {k: v for k, v in self.torch_kwargs(values).items() if k not in omit}
        # Our own controls (a seed, a temperature) appear only when they change the result.
        for p in self.params:
            if not p.torch_arg and p.name not in omit and values.get(p.name, p.default) != p.default:
                shown[p.name] = values[p.name]
        args = ", ".join(f"{k}={format_value(v)}" for k, v in shown.items())
        return f"{self.call_name()}({args})"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "summary": self.summary,
            "functional": self.functional,
            "module": self.module,
            "layout": self.layout,
            "vector": self.vector,
            "differentiable": self.differentiable,
            "tutorial": self.tutorial,
            "params": [p.as_dict() for p in self.params],
            **({"formula": self.formula} if self.formula else {}),
        }


def format_value(value: ParamValue) -> str:
    """A parameter value as Python source that round-trips: ``0.2``, ``'tanh'``, ``True``."""
    return repr(value)


# --- the few forwards that are more than ``functional(x, **kwargs)`` ---------


def _binary_step(x: Any, threshold: float) -> Any:
    return (x >= threshold).to(x.dtype)


def _prelu(x: Any, init: float) -> Any:
    import torch.nn.functional as F

    return F.prelu(x, x.new_tensor([init]))


def _rrelu(x: Any, lower: float, upper: float, training: bool, seed: int) -> Any:
    import torch
    import torch.nn.functional as F

    if not training:
        return F.rrelu(x, lower, upper, training=False)
    cuda = [x.device] if x.device.type == "cuda" else []
    with torch.random.fork_rng(devices=cuda, device_type=x.device.type if cuda else "cuda"):
        torch.manual_seed(seed)
        return F.rrelu(x, lower, upper, training=True)


def _softmax_diagonal(s: Any, p: Params) -> tuple[Any, Any]:
    ds = s * (1 - s)
    return ds, ds * (1 - 2 * s)


def _tempered(name: str) -> Callable[..., Any]:
    """softmax-family forward over ``x / temperature`` (temperature is ours, not torch's)."""

    def forward(x: Any, dim: int, temperature: float) -> Any:
        import torch.nn.functional as F

        return getattr(F, name)(x / temperature, dim=dim)

    forward.__name__ = f"tempered_{name}"
    return forward


def _tempered_code(name: str, module: str) -> Callable[[Params], tuple[str, str | None]]:
    def code(p: Params) -> tuple[str, str | None]:
        t = float(p["temperature"])
        x = "x" if t == 1.0 else f"x / {format_value(t)}"
        dim = format_value(p["dim"])
        return f"output = F.{name}({x}, dim={dim})", f"m = nn.{module}(dim={dim})\noutput = m({x})"

    return code


def _softmax2d(x: Any) -> Any:
    import torch.nn.functional as F

    return F.softmax(x, dim=-3)


def _kw(values: Params, *names: str) -> str:
    return ", ".join(f"{n}={format_value(values[n])}" for n in names)


def _binary_step_code(p: Params) -> tuple[str, str | None]:
    return f"output = (x >= {format_value(p['threshold'])}).to(x.dtype)", None


def _prelu_code(p: Params) -> tuple[str, str | None]:
    return (
        f"output = F.prelu(x, torch.tensor([{format_value(p['init'])}], dtype=x.dtype))",
        f"m = nn.PReLU({_kw(p, 'init')}).to(x.dtype)\noutput = m(x)",
    )


def _rrelu_code(p: Params) -> tuple[str, str | None]:
    bounds = _kw(p, "lower", "upper")
    if not p["training"]:
        return f"output = F.rrelu(x, {bounds})", f"m = nn.RReLU({bounds})\nm.eval()\noutput = m(x)"
    seed = f"torch.manual_seed({p['seed']})  # the random slopes are reproducible\n"
    return (
        f"{seed}output = F.rrelu(x, {bounds}, training=True)",
        f"m = nn.RReLU({bounds})\nm.train()\n{seed}output = m(x)",
    )


def _glu_code(_: Params) -> tuple[str, str | None]:
    return (
        "output = F.glu(torch.cat([x, x]), dim=0)  # gates x with itself: x * sigmoid(x)",
        "m = nn.GLU(dim=0)\noutput = m(torch.cat([x, x]))",
    )


def _softmax2d_code(_: Params) -> tuple[str, str | None]:
    return (
        "output = F.softmax(x.reshape(-1, 1, 1), dim=-3).reshape(-1)  # x as the channels of one pixel",
        "m = nn.Softmax2d()\noutput = m(x.reshape(-1, 1, 1)).reshape(-1)",
    )


# --- shared parameter declarations ---------------------------------------------

_F = "torch.nn.functional."
_NN = "torch.nn."


def _dim() -> ParamSpec:
    return ParamSpec(
        "dim",
        "int",
        -1,
        "dim",
        "The dimension along which the outputs are normalised.",
        ui_min=-2,
        ui_max=1,
        step=1,
        minimum=-2,
        maximum=1,
        scope="tensor",  # the curve of one class always normalises along its class axis
    )


MAX_CLASSES = 1000
"""Enough for ImageNet's 1000 classes; the request bounds classes x samples (each sample is K logits)."""


def _classes() -> ParamSpec:
    return ParamSpec(
        "classes",
        "int",
        2,
        "classes K",
        "The curve is one class's output as its logit x varies, against K − 1 other classes, "
        "each with the same fixed logit.",
        ui_min=2,
        ui_max=20,
        step=1,
        minimum=2,
        maximum=MAX_CLASSES,
        torch_arg=False,
        scope="curve",
    )


def _other_logit() -> ParamSpec:
    return ParamSpec(
        "other_logit",
        "float",
        0.0,
        "other classes' logit",
        "The logit of each of the K − 1 other classes, held fixed while x varies.",
        ui_min=-5.0,
        ui_max=5.0,
        step=0.1,
        torch_arg=False,
        scope="curve",
    )


def _temperature() -> ParamSpec:
    return ParamSpec(
        "temperature",
        "float",
        1.0,
        "temperature T",
        "The input is divided by T: a small T sharpens the output towards one-hot, a large T flattens it "
        "towards uniform.",
        ui_min=0.05,
        ui_max=10.0,
        step=0.05,
        minimum=0.0,
        exclusive_minimum=True,
        torch_arg=False,
        log_scale=True,
    )


def _lambd() -> ParamSpec:
    return ParamSpec(
        "lambd",
        "float",
        0.5,
        "lambda",
        "Half-width of the band around 0 that is set to 0.",
        ui_min=0.0,
        ui_max=3.0,
        step=0.05,
        minimum=0.0,
    )


def _alpha(help_text: str, *, positive: bool = False) -> ParamSpec:
    return ParamSpec(
        "alpha",
        "float",
        1.0,
        "alpha",
        help_text,
        ui_min=0.05 if positive else 0.0,
        ui_max=3.0,
        step=0.05,
        minimum=0.0,
        exclusive_minimum=positive,
    )


def _softmax_family(
    activation_id: str, module: str, summary: str, *, tutorial: bool = False
) -> ActivationSpec:
    """softmax, softmin and log_softmax differ only in these arguments."""
    return ActivationSpec(
        activation_id,
        module,
        "Softmax family",
        summary,
        _F + activation_id,
        _NN + module,
        params=(_dim(), _temperature(), _classes(), _other_logit()),
        layout="one_class",
        tutorial=tutorial,
        forward=_tempered(activation_id),
        code=_tempered_code(activation_id, module),
    )


def _at_zero(_: Params) -> tuple[float, ...]:
    return (0.0,)


ACTIVATIONS: tuple[ActivationSpec, ...] = (
    # Step and threshold
    ActivationSpec(
        "binary_step",
        "Binary step",
        "Step and threshold",
        "1 where x >= threshold, else 0: the perceptron's original activation.",
        None,
        None,
        params=(
            ParamSpec(
                "threshold",
                "float",
                0.0,
                "threshold",
                "Where the output jumps from 0 to 1.",
                ui_min=-5.0,
                ui_max=5.0,
                step=0.1,
            ),
        ),
        differentiable=False,
        tutorial=True,
        forward=_binary_step,
        code=_binary_step_code,
        breakpoints=lambda p: (float(p["threshold"]),),
    ),
    ActivationSpec(
        "threshold",
        "Threshold",
        "Step and threshold",
        "x where x > threshold, else a constant value.",
        _F + "threshold",
        _NN + "Threshold",
        params=(
            ParamSpec(
                "threshold",
                "float",
                1.0,
                "threshold",
                "Inputs at or below it are replaced.",
                ui_min=-5.0,
                ui_max=5.0,
                step=0.1,
            ),
            ParamSpec(
                "value",
                "float",
                0.0,
                "value",
                "What replaces inputs at or below the threshold.",
                ui_min=-5.0,
                ui_max=5.0,
                step=0.1,
            ),
        ),
        breakpoints=lambda p: (float(p["threshold"]),),
    ),
    # Sigmoid-shaped
    ActivationSpec(
        "sigmoid",
        "Sigmoid",
        "Sigmoid and tanh",
        "Squashes any input into (0, 1); the logistic function.",
        "torch.sigmoid",
        _NN + "Sigmoid",
        tutorial=True,
    ),
    ActivationSpec(
        "tanh",
        "Tanh",
        "Sigmoid and tanh",
        "Squashes any input into (-1, 1); a zero-centred sigmoid.",
        "torch.tanh",
        _NN + "Tanh",
        tutorial=True,
    ),
    ActivationSpec(
        "hardsigmoid",
        "Hardsigmoid",
        "Sigmoid and tanh",
        "A piecewise-linear sigmoid: 0 below -3, 1 above 3, x/6 + 1/2 between.",
        _F + "hardsigmoid",
        _NN + "Hardsigmoid",
        breakpoints=lambda p: (-3.0, 3.0),
    ),
    ActivationSpec(
        "hardtanh",
        "Hardtanh",
        "Sigmoid and tanh",
        "x clipped to [min_val, max_val]: a piecewise-linear tanh.",
        _F + "hardtanh",
        _NN + "Hardtanh",
        params=(
            ParamSpec(
                "min_val", "float", -1.0, "min_val", "Lower clip value.", ui_min=-5.0, ui_max=5.0, step=0.1
            ),
            ParamSpec(
                "max_val", "float", 1.0, "max_val", "Upper clip value.", ui_min=-5.0, ui_max=5.0, step=0.1
            ),
        ),
        checks=(
            Check(lambda p: float(p["min_val"]) < float(p["max_val"]), "min_val must be less than max_val"),
        ),
        breakpoints=lambda p: (float(p["min_val"]), float(p["max_val"])),
    ),
    ActivationSpec(
        "softsign",
        "Softsign",
        "Sigmoid and tanh",
        "x / (1 + |x|): tanh-shaped with slower, polynomial saturation.",
        _F + "softsign",
        _NN + "Softsign",
    ),
    ActivationSpec(
        "logsigmoid",
        "LogSigmoid",
        "Sigmoid and tanh",
        "log(sigmoid(x)), computed stably; used in log-likelihoods.",
        _F + "logsigmoid",
        _NN + "LogSigmoid",
    ),
    # ReLU family
    ActivationSpec(
        "relu",
        "ReLU",
        "ReLU family",
        "max(0, x): the default hidden-layer activation of deep learning.",
        "torch.relu",
        _NN + "ReLU",
        tutorial=True,
        breakpoints=_at_zero,
    ),
    ActivationSpec(
        "leaky_relu",
        "LeakyReLU",
        "ReLU family",
        "x for x >= 0, negative_slope * x below: a ReLU that never fully dies.",
        _F + "leaky_relu",
        _NN + "LeakyReLU",
        params=(
            ParamSpec(
                "negative_slope",
                "float",
                0.01,
                "negative slope",
                "Slope of the line for negative inputs.",
                ui_min=0.0,
                ui_max=1.0,
                step=0.01,
            ),
        ),
        tutorial=True,
        breakpoints=_at_zero,
    ),
    ActivationSpec(
        "prelu",
        "PReLU",
        "ReLU family",
        "A leaky ReLU whose negative slope is a learned weight (shown at its initial value).",
        _F + "prelu",
        _NN + "PReLU",
        params=(
            ParamSpec(
                "init",
                "float",
                0.25,
                "weight (slope)",
                "The learnable slope for negative inputs; nn.PReLU(init=...) starts it here.",
                ui_min=-1.0,
                ui_max=1.0,
                step=0.01,
            ),
        ),
        forward=_prelu,
        code=_prelu_code,
        breakpoints=_at_zero,
    ),
    ActivationSpec(
        "rrelu",
        "RReLU",
        "ReLU family",
        "A leaky ReLU whose slope is random in [lower, upper] while training, their mean in eval.",
        _F + "rrelu",
        _NN + "RReLU",
        params=(
            ParamSpec(
                "lower",
                "float",
                0.125,
                "lower",
                "Smallest random slope.",
                ui_min=0.0,
                ui_max=1.0,
                step=0.01,
                minimum=0.0,
                maximum=1.0,
            ),
            ParamSpec(
                "upper",
                "float",
                1.0 / 3.0,
                "upper",
                "Largest random slope.",
                ui_min=0.0,
                ui_max=1.0,
                step=0.01,
                minimum=0.0,
                maximum=1.0,
            ),
            ParamSpec(
                "training",
                "bool",
                False,
                "training mode",
                "Draw a random slope per element (training) instead of the mean (eval).",
            ),
            ParamSpec(
                "seed",
                "int",
                0,
                "seed",
                "Seed of the random slopes, so a training-mode plot is reproducible.",
                ui_min=0,
                ui_max=9999,
                step=1,
                minimum=0,
                maximum=2**31 - 1,
                torch_arg=False,
            ),
        ),
        checks=(Check(lambda p: float(p["lower"]) <= float(p["upper"]), "lower must not exceed upper"),),
        forward=_rrelu,
        code=_rrelu_code,
        breakpoints=_at_zero,
    ),
    ActivationSpec(
        "relu6",
        "ReLU6",
        "ReLU family",
        "min(max(0, x), 6): a ReLU capped at 6, friendly to low-precision inference.",
        _F + "relu6",
        _NN + "ReLU6",
        breakpoints=lambda p: (0.0, 6.0),
    ),
    ActivationSpec(
        "elu",
        "ELU",
        "ReLU family",
        "x for x > 0, alpha * (exp(x) - 1) below: smooth negative side, mean near 0.",
        _F + "elu",
        _NN + "ELU",
        params=(_alpha("Value the negative side saturates to is -alpha."),),
        breakpoints=_at_zero,
    ),
    ActivationSpec(
        "celu",
        "CELU",
        "ReLU family",
        "ELU rescaled by alpha so it is continuously differentiable for every alpha.",
        _F + "celu",
        _NN + "CELU",
        params=(_alpha("Scale of the negative side; must be positive.", positive=True),),
        breakpoints=_at_zero,
    ),
    ActivationSpec(
        "selu",
        "SELU",
        "ReLU family",
        "A scaled ELU with fixed constants that keeps activations self-normalising.",
        _F + "selu",
        _NN + "SELU",
        breakpoints=_at_zero,
    ),
    # Smooth ReLU-like
    ActivationSpec(
        "gelu",
        "GELU",
        "Smooth ReLU-like",
        "x * Phi(x), Phi the standard normal CDF; the activation of BERT and GPT.",
        _F + "gelu",
        _NN + "GELU",
        params=(
            ParamSpec(
                "approximate",
                "choice",
                "none",
                "approximation",
                "'tanh' uses the tanh approximation of Phi.",
                choices=("none", "tanh"),
            ),
        ),
    ),
    ActivationSpec(
        "silu",
        "SiLU (Swish)",
        "Smooth ReLU-like",
        "x * sigmoid(x): smooth, non-monotonic near 0.",
        _F + "silu",
        _NN + "SiLU",
    ),
    ActivationSpec(
        "mish",
        "Mish",
        "Smooth ReLU-like",
        "x * tanh(softplus(x)): smooth and non-monotonic like SiLU.",
        _F + "mish",
        _NN + "Mish",
    ),
    ActivationSpec(
        "softplus",
        "Softplus",
        "Smooth ReLU-like",
        "log(1 + exp(beta x)) / beta: a smooth ReLU; linear above the threshold.",
        _F + "softplus",
        _NN + "Softplus",
        params=(
            ParamSpec(
                "beta",
                "float",
                1.0,
                "beta",
                "Sharpness; larger beta is closer to ReLU.",
                ui_min=0.1,
                ui_max=10.0,
                step=0.1,
                minimum=0.0,
                exclusive_minimum=True,
                log_scale=True,
            ),
            ParamSpec(
                "threshold",
                "float",
                20.0,
                "threshold",
                "Above beta*x > threshold the output is x, for numerical stability.",
                ui_min=0.5,
                ui_max=30.0,
                step=0.5,
                minimum=0.0,
                exclusive_minimum=True,
                log_scale=True,
            ),
        ),
    ),
    ActivationSpec(
        "hardswish",
        "Hardswish",
        "Smooth ReLU-like",
        "x * hardsigmoid(x): a cheap piecewise approximation of SiLU (MobileNetV3).",
        _F + "hardswish",
        _NN + "Hardswish",
        breakpoints=lambda p: (-3.0, 3.0),
    ),
    # Shrinkage
    ActivationSpec(
        "hardshrink",
        "Hardshrink",
        "Shrinkage",
        "x outside [-lambda, lambda], 0 inside: hard thresholding.",
        _F + "hardshrink",
        _NN + "Hardshrink",
        params=(_lambd(),),
        breakpoints=lambda p: (-float(p["lambd"]), float(p["lambd"])),
    ),
    ActivationSpec(
        "softshrink",
        "Softshrink",
        "Shrinkage",
        "x moved towards 0 by lambda, 0 inside [-lambda, lambda]: soft thresholding.",
        _F + "softshrink",
        _NN + "Softshrink",
        params=(_lambd(),),
        breakpoints=lambda p: (-float(p["lambd"]), float(p["lambd"])),
    ),
    ActivationSpec(
        "tanhshrink",
        "Tanhshrink",
        "Shrinkage",
        "x - tanh(x): near 0 for small x, x - 1 or x + 1 for large |x|.",
        _F + "tanhshrink",
        _NN + "Tanhshrink",
    ),
    # Softmax family
    _softmax_family(
        "softmax",
        "Softmax",
        "exp(x_i) / sum_j exp(x_j) along dim: turns scores into probabilities that sum to 1. "
        "The curve is one class's probability as its logit x varies against K - 1 others; "
        "with K = 2 and the other logit 0 it is exactly sigmoid(x).",
        tutorial=True,
    ),
    _softmax_family(
        "softmin",
        "Softmin",
        "softmax(-x) along dim: the smallest input gets the largest probability. "
        "The curve is one class's probability as its logit x varies against K - 1 others; "
        "with K = 2 and the other logit 0 it is exactly sigmoid(-x).",
    ),
    _softmax_family(
        "log_softmax",
        "LogSoftmax",
        "log(softmax(x)) along dim, computed stably; pairs with NLLLoss. "
        "The curve is one class's log-probability as its logit x varies against K - 1 others; "
        "with K = 2 and the other logit 0 it is exactly logsigmoid(x).",
    ),
    ActivationSpec(
        "softmax2d",
        "Softmax2d",
        "Softmax family",
        "Softmax over the channels of every pixel of a (C, H, W) image; here x is the C channels of one pixel.",
        None,
        _NN + "Softmax2d",
        layout="channels",
        forward=_softmax2d,
        code=_softmax2d_code,
        jacobian_diagonal=_softmax_diagonal,
    ),
    # Gated
    ActivationSpec(
        "glu",
        "GLU",
        "Gated",
        "Splits its input into halves a, b and returns a * sigmoid(b); fed cat([x, x]) it draws x * sigmoid(x).",
        _F + "glu",
        _NN + "GLU",
        layout="duplicated",
        code=_glu_code,
    ),
)

_BY_ID = {spec.id: spec for spec in ACTIVATIONS}
CUSTOM_FAMILY = "Custom"
FAMILIES: tuple[str, ...] = (*dict.fromkeys(spec.family for spec in ACTIVATIONS), CUSTOM_FAMILY)
_CUSTOM: dict[str, ActivationSpec] = {}
"""The user's own activations (and the New Activation dialog's preview), registered at run time."""


def register(spec: ActivationSpec) -> None:
    """Add (or replace) a custom activation; a built-in id cannot be replaced."""
    if spec.id in _BY_ID:
        raise InputError(f"{spec.id!r} is a built-in activation; choose another name")
    _CUSTOM[spec.id] = spec


def unregister(activation_id: str) -> None:
    _CUSTOM.pop(activation_id, None)


def custom_specs() -> list[ActivationSpec]:
    """The registered custom activations, without previews (ids starting with "_")."""
    return [s for s in _CUSTOM.values() if not s.id.startswith("_")]


def all_specs() -> list[ActivationSpec]:
    """Every activation: the built-in catalog, then the user's own."""
    return [*ACTIVATIONS, *custom_specs()]


def get(activation_id: str) -> ActivationSpec:
    """The spec for ``activation_id``, or an :class:`InputError` listing the ids."""
    try:
        return _BY_ID[activation_id] if activation_id in _BY_ID else _CUSTOM[activation_id]
    except (KeyError, TypeError):
        raise InputError(
            f"unknown activation {activation_id!r}; run 'actviewer list' to see the "
            f"{len(ACTIVATIONS)} ids (e.g. relu, sigmoid, softmax)"
        ) from None


def ids() -> list[str]:
    return [spec.id for spec in all_specs()]
