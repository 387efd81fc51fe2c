"""PyTorch code for an activation at given parameter values, in both forms.

The Learn panel shows it and the tests execute it: running the full snippet
must reproduce the core's output exactly, so the x grid is written the way
:func:`actviewer.core.compute.sample_grid` builds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import ActivationSpec, Params, format_value
from .matrix import MatrixRequest
from .request import ComputeRequest

IMPORTS = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"


@dataclass(frozen=True)
class Snippet:
    functional: str
    module: str | None

    def runnable(self, grid: str, form: str = "functional") -> str:
        """Imports, the x grid and one form, ready to paste into a notebook."""
        body = self.functional if form == "functional" else self.module
        if body is None:
            raise ValueError("this activation has no torch.nn module")
        return f"{IMPORTS}\nx = {grid}\n{body}\n"


def call_name(dotted: str) -> str:
    """``torch.nn.functional.gelu`` -> ``F.gelu`` (as the snippets import it)."""
    return dotted.replace("torch.nn.functional.", "F.").replace("torch.nn.", "nn.")


def snippet(spec: ActivationSpec, values: Params) -> Snippet:
    if spec.code is not None:
        functional, module = spec.code(values)
        return Snippet(functional, module)
    kwargs = ", ".join(f"{k}={format_value(v)}" for k, v in spec.torch_kwargs(values).items())
    assert spec.functional is not None and spec.module is not None, spec.id
    functional = f"output = {call_name(spec.functional)}(x{', ' + kwargs if kwargs else ''})"
    module = f"m = {call_name(spec.module)}({kwargs})\noutput = m(x)"
    return Snippet(functional, module)


def curve_snippet(spec: ActivationSpec, values: Params) -> Snippet:
    """The code of what the curve plots: :func:`snippet`, except for the ``one_class`` layout.

    There the grid becomes K logits per sample (as :func:`actviewer.core.compute.class_logits`
    builds them), the tensor form runs along the class axis, and class 0's column is the curve.
    """
    if spec.layout != "one_class":
        return snippet(spec, values)
    classes, other = int(values["classes"]), float(values["other_logit"])
    others = "other" if classes == 2 else "others"
    logits = (
        f"x = torch.cat([x[:, None], x.new_full((x.numel(), {classes - 1}), {format_value(other)})], dim=1)"
        f"  # row i: class 0's logit x[i], then {classes - 1} {others} at {format_value(other)}"
    )
    tensor = snippet(spec, {**values, "dim": 1})
    pick = "output = output[:, 0]  # class 0's column: the curve"
    module = None if tensor.module is None else f"{logits}\n{tensor.module}\n{pick}"
    return Snippet(f"{logits}\n{tensor.functional}\n{pick}", module)


def curve_formula(spec: ActivationSpec, values: Params) -> str | None:
    """What a ``one_class`` curve is, short enough for a plot title: ``softmax([x, 0, 0] / 2)[0]``.

    None for the other layouts, whose curve is simply f(x).
    """
    if spec.layout != "one_class":
        return None
    classes, other = int(values["classes"]), float(values["other_logit"])
    others = ", ".join([f"{other:g}"] * (classes - 1)) if classes <= 4 else f"{other:g} (×{classes - 1})"
    temperature = float(values.get("temperature", 1.0))
    scaled = "" if temperature == 1.0 else f" / {temperature:g}"
    return f"{spec.id}([x, {others}]{scaled})[0]"


def logits_code(request: MatrixRequest) -> str:
    """The 2-D view's logits as code: the seeded draw, or the edited values."""
    dtype = f".to(torch.{request.dtype})"
    if request.values is not None:
        rows = ", ".join("[" + ", ".join(repr(v) for v in row) + "]" for row in request.values)
        return f"torch.tensor([{rows}], dtype=torch.float64){dtype}"
    return (
        f"(torch.randn({request.rows}, {request.cols}, generator=torch.Generator().manual_seed({request.seed}), "
        f"dtype=torch.float64) * {request.scale!r}){dtype}"
    )


def grid_code(request: ComputeRequest) -> str:
    """``torch.linspace(...)`` exactly as the core samples x."""
    args = f"{format_value(float(request.x_min))}, {format_value(float(request.x_max))}, {request.samples}"
    device = "" if request.device == "cpu" else f", device={request.device!r}"
    if request.dtype in ("float16", "bfloat16"):
        return f"torch.linspace({args}{device}).to(torch.{request.dtype})"
    dtype = "" if request.dtype == "float32" else f", dtype=torch.{request.dtype}"
    return f"torch.linspace({args}{dtype}{device})"
