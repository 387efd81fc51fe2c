"""The softmax family on a 2-D tensor of logits: where ``dim`` and the Jacobian mean something.

A :class:`MatrixRequest` holds a rows x cols input (seeded, or edited by
hand), the activation's ``dim`` and temperature, and which slice along
``dim`` to differentiate. The Jacobian of that slice comes from
``torch.func.jacrev``, not from a formula.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from . import records
from .errors import InputError
from .params import ParamValue
from .request import TypedRequest

MAX_SIDE = 64
DEFAULT_ROWS, DEFAULT_COLS, DEFAULT_SEED, DEFAULT_SCALE = 4, 6, 0, 2.0
MAX_SCALE = 100.0
MATRIX_ACTIVATIONS = ("softmax", "softmin", "log_softmax")
MATRIX_DIM_RANGE = (-2, 1)
"""The dims a rows x cols tensor has: -2 and 0 are its columns' axis, -1 and 1 its rows'."""
JACOBIAN_FORMULAS = {
    "softmax": "(diag(s) − s sᵀ) / T with s = softmax(x / T): positive on the diagonal, negative elsewhere",
    "softmin": "−(diag(s) − s sᵀ) / T with s = softmin(x / T): negative on the diagonal, positive elsewhere",
    "log_softmax": "(I − 1 sᵀ) / T with s = softmax(x / T): each row is 1/T at its own index minus s/T",
}
"""The closed form each Jacobian heatmap can be checked against (the heatmap itself is autograd)."""


def along_rows(dim: int) -> bool:
    """True when ``dim`` runs along each row (dim 1 or -1 of a 2-D tensor): each row is one slice."""
    return dim % 2 == 1


@dataclass(frozen=True)
class MatrixRequest(TypedRequest):
    activation: str = "softmax"
    rows: int = DEFAULT_ROWS
    cols: int = DEFAULT_COLS
    seed: int = DEFAULT_SEED
    scale: float = DEFAULT_SCALE
    values: tuple[tuple[float, ...], ...] | None = None
    """Hand-edited logits; None means generated from seed and scale."""
    slice_index: int = 0

    @property
    def dim(self) -> int:
        return int(self.params["dim"])

    @property
    def slices(self) -> int:
        """How many slices lie along ``dim``: rows are slices for dim 1, columns for dim 0."""
        return self.rows if along_rows(self.dim) else self.cols

    def validated(self) -> MatrixRequest:
        if self.activation not in MATRIX_ACTIVATIONS:
            raise InputError(
                f"the 2-D view is for {', '.join(MATRIX_ACTIVATIONS)}; {self.activation} acts elementwise"
            )
        params = self.resolved_params()
        dim = int(params["dim"])
        low, high = MATRIX_DIM_RANGE
        if not low <= dim <= high:
            raise InputError(f"dim={dim} is out of range for a 2-D input (rows x cols): use -2, -1, 0 or 1")
        for name, value in (("rows", self.rows), ("cols", self.cols)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIDE:
                raise InputError(f"{name} must be an integer from 1 to {MAX_SIDE}, got {value!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**31:
            raise InputError(f"seed must be an integer from 0 to {2**31 - 1}, got {self.seed!r}")
        if not (
            isinstance(self.scale, (int, float)) and math.isfinite(self.scale) and 0 < self.scale <= MAX_SCALE
        ):
            raise InputError(f"scale must be a number in (0, {MAX_SCALE:g}], got {self.scale!r}")
        if self.values is not None:
            shape = (len(self.values), len(self.values[0]) if self.values else 0)
            if shape != (self.rows, self.cols):
                raise InputError(
                    f"the edited logits are {shape[0]} x {shape[1]}, not {self.rows} x {self.cols}"
                )
            if not all(math.isfinite(v) for row in self.values for v in row):
                raise InputError("every logit must be a finite number")
        self.check_placement()
        slices = self.rows if along_rows(dim) else self.cols
        index = min(max(int(self.slice_index), 0), slices - 1)
        return replace(self, params=params, scale=float(self.scale), slice_index=index)


@dataclass(frozen=True)
class MatrixSettings:
    """The 2-D view's own settings: the logits' shape and source, and which slice to differentiate."""

    rows: int = DEFAULT_ROWS
    cols: int = DEFAULT_COLS
    seed: int = DEFAULT_SEED
    scale: float = DEFAULT_SCALE
    slice_index: int = 0
    logits: tuple[tuple[float, ...], ...] | None = field(default=None, metadata={"stored": False})
    """Logits edited by hand (not saved between sessions); None: generated from seed and scale."""

    def request(self, activation: str, params: Any, device: str, dtype: str) -> MatrixRequest:
        return MatrixRequest(
            activation=activation,
            params=params,
            rows=self.rows,
            cols=self.cols,
            seed=self.seed,
            scale=self.scale,
            values=self.logits,
            slice_index=self.slice_index,
            device=device,
            dtype=dtype,
        )

    @classmethod
    def from_dict(cls, data: object) -> tuple[MatrixSettings, list[str]]:
        return records.from_json_checked(
            cls,
            data,
            "stored 2-D view settings",
            lambda s: s.request("softmax", {}, "cpu", "float32").validated(),
        )


def generated_logits(rows: int, cols: int, seed: int, scale: float) -> np.ndarray:
    """Standard-normal logits times ``scale``, the same for the same seed on every machine."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    return (torch.randn(rows, cols, generator=generator, dtype=torch.float64) * scale).numpy()


@dataclass(frozen=True, eq=False)
class MatrixResult:
    request: MatrixRequest
    input: np.ndarray
    output: np.ndarray
    sums: np.ndarray
    """Sums along dim of the output (of exp(output) for log_softmax): ones."""
    jacobian: np.ndarray
    """d output[slice] / d input[slice] for the chosen slice along dim."""
    slice_input: np.ndarray
    slice_output: np.ndarray
    elapsed_s: float

    @property
    def sums_label(self) -> str:
        what = "exp(output)" if self.request.activation == "log_softmax" else "output"
        return f"sum of {what} along dim={self.request.dim}"

    def as_json(self) -> dict[str, ParamValue | list]:
        r = self.request
        return {
            "activation": r.activation,
            "dim": r.dim,
            "temperature": float(r.params["temperature"]),
            "rows": r.rows,
            "cols": r.cols,
            "seed": r.seed,
            "scale": r.scale,
            "dtype": r.dtype,
            "input": self.input.tolist(),
            "output": self.output.tolist(),
            "sums": {
                "along_dim": r.dim,
                "of": "exp(output)" if r.activation == "log_softmax" else "output",
                "values": self.sums.tolist(),
            },
            "jacobian": {
                "slice": {"kind": "row" if along_rows(r.dim) else "column", "index": r.slice_index},
                "input": self.slice_input.tolist(),
                "output": self.slice_output.tolist(),
                "matrix": self.jacobian.tolist(),
            },
        }


def compute_matrix(request: MatrixRequest) -> MatrixResult:
    import torch
    from torch.func import jacrev

    from .devices import torch_device, torch_dtype

    start = time.perf_counter()
    request = request.validated()
    device, dtype = torch_device(request.device), torch_dtype(request.dtype)
    logits = (
        np.array(request.values, dtype=np.float64)
        if request.values is not None
        else generated_logits(request.rows, request.cols, request.seed, request.scale)
    )
    x = torch.as_tensor(logits, device=device).to(dtype)
    dim, t = request.dim, float(request.params["temperature"])
    fn = getattr(torch.nn.functional, request.activation)
    with torch.no_grad():
        y = fn(x / t, dim=dim)
        totals = (y.exp() if request.activation == "log_softmax" else y).sum(dim=dim)
    vector = x[request.slice_index, :] if along_rows(dim) else x[:, request.slice_index]
    jacobian = jacrev(lambda v: fn(v / t, dim=0))(vector)

    def out(a: Any) -> np.ndarray:
        return a.detach().to("cpu", torch.float64).numpy()

    return MatrixResult(
        request=request,
        input=out(x),
        output=out(y),
        sums=out(totals),
        jacobian=out(jacobian),
        slice_input=out(vector),
        slice_output=out(fn(vector / t, dim=0)),
        elapsed_s=time.perf_counter() - start,
    )
