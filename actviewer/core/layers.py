"""Why a network needs an activation: two ``nn.Linear`` layers with and without one between them.

``Linear(1, H) -> Linear(H, 1)`` is one straight line whatever its weights
(a composition of affine maps is affine); ``Linear(1, H) -> f -> Linear(H, 1)``
bends wherever a hidden unit's f bends. Both use the same seeded weights, so
the only difference on screen is the activation. Torch is imported lazily.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from .compare import Grid, check_curve_dim
from .errors import InputError
from .fields import default_field
from .request import ActivationRequest

DEFAULT_HIDDEN = 8
MIN_HIDDEN, MAX_HIDDEN = 1, 64
DEFAULT_LAYERS_SEED = 1
LAYERS_GRID = Grid(samples=401)


@dataclass(frozen=True)
class LayersRequest(ActivationRequest):
    hidden: int = default_field(DEFAULT_HIDDEN, "hidden units", MIN_HIDDEN, MAX_HIDDEN)
    seed: int = default_field(DEFAULT_LAYERS_SEED, "seed of the weights", 0, 2**31 - 1)
    grid: Grid = LAYERS_GRID

    def validated(self) -> LayersRequest:
        spec = self.spec
        if spec.layout != "elementwise":
            raise InputError(f"{spec.name} is not elementwise; this view needs an elementwise activation")
        params = spec.resolve(self.params)
        check_curve_dim(spec, params)
        for name, value, low, high in (
            ("hidden units", self.hidden, MIN_HIDDEN, MAX_HIDDEN),
            ("seed", self.seed, 0, 2**31 - 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InputError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
        return replace(self, params=params, grid=self.grid.validated())

    def program(self) -> str:
        """The PyTorch that computes both curves with these weights (the Learn panel shows it)."""
        from .snippets import snippet

        body = "\n".join("    " + line for line in snippet(self.spec, self.params).functional.splitlines())
        r = self.grid
        return (
            "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
            f"def activation(x):\n{body}\n    return output\n\n\n"
            f"torch.manual_seed({self.seed})\n"
            f"first, second = nn.Linear(1, {self.hidden}), nn.Linear({self.hidden}, 1)\n"
            "first, second = first.double(), second.double()\n"
            f"x = torch.linspace({r.x_min!r}, {r.x_max!r}, {r.samples}, dtype=torch.float64).unsqueeze(1)\n"
            "with torch.no_grad():\n"
            "    h = first(x)\n"
            "    without = second(h)  # a straight line, whatever the weights\n"
            "    with_activation = second(activation(h))  # bends where the hidden units bend\n"
            "print(without.squeeze(1)[:3])\n"
            "print(with_activation.squeeze(1)[:3])\n"
        )


@dataclass(frozen=True, eq=False)
class LayersResult:
    request: LayersRequest
    x: np.ndarray
    without: np.ndarray
    """second(first(x)): affine in x."""
    with_activation: np.ndarray
    """second(f(first(x)))."""
    hidden: np.ndarray
    """f(first(x)) per hidden unit, shape (H, N): what the second layer adds up."""
    elapsed_s: float


def compute_layers(request: LayersRequest) -> LayersResult:
    import torch

    from .compute import forward_fn, user_errors

    start = time.perf_counter()
    request = request.validated()
    spec = request.spec
    x = request.grid.values()
    with user_errors(spec, request.device, "float64", len(x)):
        with torch.random.fork_rng(devices=[]):  # the user's global RNG stays untouched
            torch.manual_seed(request.seed)
            first, second = torch.nn.Linear(1, request.hidden), torch.nn.Linear(request.hidden, 1)
        first, second = first.double(), second.double()
        f = forward_fn(spec, request.params)
        with torch.no_grad():
            xt = torch.from_numpy(x).unsqueeze(1)
            h = first(xt)
            bent = f(h.reshape(-1)).reshape(h.shape)
            without = second(h).squeeze(1).numpy()
            with_activation = second(bent).squeeze(1).numpy()
    return LayersResult(
        request, x, without, with_activation, bent.T.numpy().copy(), time.perf_counter() - start
    )
