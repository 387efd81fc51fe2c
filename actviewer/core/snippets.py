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
