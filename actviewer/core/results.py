"""What a computation returns: frozen numpy arrays and how they were obtained.

Torch-free on purpose: the data writers, the views and the CLI's format
checks need these types without loading torch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .request import ComputeRequest

JACOBIAN_AUTOGRAD_MAX = 1024
"""Largest grid whose Jacobian diagonal is taken by autograd (cost grows as N^2)."""

DERIVATIVE_METHODS = {
    "autograd": "autograd",
    "jacobian_autograd": "autograd (Jacobian diagonal, forward mode)",
    "jacobian_closed_form": f"closed form of the Jacobian diagonal (N > {JACOBIAN_AUTOGRAD_MAX})",
    "none": "no autograd derivative (0 except at the jump)",
}
"""How dy was obtained, by the code a result carries. Here, torch-free, so the window can name it
without importing torch on the GUI thread (the worker loads torch while the window is built)."""


Trace = tuple[np.ndarray, np.ndarray]
"""One curve as drawn: its x and its values."""


@dataclass(frozen=True, eq=False)
class Display:
    """What the plots draw when there are many more samples than pixels: per curve, the samples
    that draw it (``core.decimate.screen_samples``), each with its own x."""

    y: Trace
    dy: Trace
    d2y: Trace | None


@dataclass(frozen=True, eq=False)
class ComputeResult:
    """Numpy arrays ready to plot or save, and how they were obtained.

    ``undefined_at`` lists x where the derivative does not exist although a
    value is reported (the binary step's impulse at its threshold).
    """

    request: ComputeRequest
    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray
    d2y: np.ndarray | None
    derivative_method: str
    """How dy was obtained: one of :data:`DERIVATIVE_METHODS`' keys."""
    undefined_at: tuple[float, ...]
    elapsed_s: float
    device: str
    dy_at_zero: float | None = None
    display: Display | None = None
    """Set when the request asked for display bins and there are many more samples than bins."""

    def at_zero_for(self, activation: str, params: Mapping[str, Any]) -> float | None:
        """f'(0) as PyTorch computes it, for the Learn panel, if this result is of ``activation``."""
        return self.dy_at_zero if self.request.activation == activation else None

    def drawn(self) -> tuple[Trace, Trace, Trace | None]:
        """y, dy and d2y as the plots draw them, each with its x (the display's samples if there are)."""
        if self.display is not None:
            d = self.display
            return d.y, d.dy, d.d2y
        return (self.x, self.y), (self.x, self.dy), None if self.d2y is None else (self.x, self.d2y)
