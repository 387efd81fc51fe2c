"""The training lab's network, minibatches and training step, in plain PyTorch.

Imported by :func:`actviewer.core.training.compute_train` only (torch is loaded here).
The classes and functions above the line marked "copied into generated programs" use
nothing but ``torch``, ``nn`` and ``F``: :func:`actviewer.core.training.train_code`
copies their source verbatim, so the program a user runs trains with the same code
as the window, and its final loss is the same number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# --- copied into generated programs -------------------------------------------------------------


class Activation(nn.Module):
    """An activation function as a module; it has no parameters, so the state_dict has none of its own."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class Residual(nn.Sequential):
    """A hidden layer whose input is added to its output (its input and output widths match)."""

    def forward(self, x):
        return x + super().forward(x)


def build_model(inputs, hidden, activations, layernorm, residual, outputs, initialise):
    """nn.Linear, optional LayerNorm and the activation per hidden layer, then a linear output;
    ``initialise(layer, index)`` sets each nn.Linear's weights right after it is made."""
    modules = []
    width = inputs
    for index, (units, activation) in enumerate(zip(hidden, activations), start=1):
        layer = nn.Linear(width, units)
        initialise(layer, index)
        block = [layer, *([nn.LayerNorm(units)] if layernorm else []), activation]
        if residual and units == width:
            modules.append(Residual(*block))
        else:
            modules.extend(block)
        width = units
    output = nn.Linear(width, outputs)
    initialise(output, len(hidden) + 1)
    modules.append(output)
    return nn.Sequential(*modules)


class Batches:
    """Minibatches of the train split: each epoch a fresh seeded permutation of its indices, cut
    into consecutive batches (the last one of an epoch may be smaller)."""

    def __init__(self, count, size, seed):
        self.generator = torch.Generator().manual_seed(seed)
        self.count, self.size = count, size
        self.order = torch.randperm(count, generator=self.generator)
        self.position = 0

    def next(self):
        if self.position >= self.count:
            self.order = torch.randperm(self.count, generator=self.generator)
            self.position = 0
        batch = self.order[self.position : self.position + self.size]
        self.position += self.size
        return batch


def data_loss(output, target, classification):
    """Cross-entropy of the logits (classification) or the mean squared error (regression)."""
    if classification:
        return F.cross_entropy(output, target)
    return F.mse_loss(output[:, 0], target)


def penalty(model, l1, l2):
    """l1·Σ|W| + l2·ΣW² over the weights of every nn.Linear (not the biases)."""
    total = 0.0
    for module in model.modules():
        if isinstance(module, nn.Linear):
            if l1:
                total = total + l1 * module.weight.abs().sum()
            if l2:
                total = total + l2 * module.weight.pow(2).sum()
    return total


def train_step(model, optimizer, x, target, classification, l1, l2):
    """One update on a minibatch; returns its data loss (without the penalty)."""
    optimizer.zero_grad()
    loss = data_loss(model(x), target, classification)
    (loss + penalty(model, l1, l2)).backward()
    optimizer.step()
    return loss


# --- the core's side: per-layer views of the same model ----------------------------------------


Block = tuple[nn.Linear, "nn.LayerNorm | None", Activation, bool]
"""A hidden layer: its linear map, LayerNorm (or None), activation, and whether it is residual."""


def blocks_of(model: nn.Sequential) -> tuple[list[Block], nn.Linear]:
    """The hidden layers of a model made by :func:`build_model`, and its output layer."""
    blocks: list[Block] = []
    pending: list[nn.Module] = []
    children = list(model.children())
    for child in children[:-1]:
        if isinstance(child, Residual):
            parts = list(child.children())
            blocks.append(_block(parts, True))
            continue
        pending.append(child)
        if isinstance(child, Activation):
            blocks.append(_block(pending, False))
            pending = []
    output = children[-1]
    assert isinstance(output, nn.Linear) and not pending
    return blocks, output


def _block(parts: list[nn.Module], residual: bool) -> Block:
    linear, activation = parts[0], parts[-1]
    norm = parts[1] if len(parts) == 3 else None
    assert isinstance(linear, nn.Linear) and isinstance(activation, Activation)
    assert norm is None or isinstance(norm, nn.LayerNorm)
    return linear, norm, activation, residual


def forward_layers(
    blocks: list[Block], output: nn.Linear, x: torch.Tensor
) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor]:
    """Each hidden layer's pre-activations (after LayerNorm) and activations, and the output: the
    same operations in the same order as the model's own forward, so the same numbers."""
    pres, acts = [], []
    h = x
    for linear, norm, activation, residual in blocks:
        z = linear(h)
        if norm is not None:
            z = norm(z)
        a = activation(z)
        pres.append(z)
        acts.append(a)
        h = h + a if residual else a
    return pres, acts, output(h)


def slopes(blocks: list[Block], pres: list[torch.Tensor]) -> list[torch.Tensor]:
    """f′ at every pre-activation, by autograd (one backward pass for all layers; f is elementwise)."""
    if not pres:
        return []
    inputs = [z.detach().requires_grad_(True) for z in pres]
    with torch.enable_grad():
        outs = [block[2](z) for block, z in zip(blocks, inputs)]
        total = sum((o.sum() for o in outs if o.requires_grad), torch.zeros(()))
        if not total.requires_grad:
            return [torch.zeros_like(z) for z in inputs]
        grads = torch.autograd.grad(total, inputs, allow_unused=True)
    return [torch.zeros_like(z) if g is None else g for z, g in zip(inputs, grads)]


def non_finite_origin(pres: list[torch.Tensor], acts: list[torch.Tensor], output: torch.Tensor) -> str:
    """Where the forward pass first stops being finite: a layer's pre-activations or activations,
    "the output", or "the loss" when every value before it is finite."""
    for index, (z, a) in enumerate(zip(pres, acts), start=1):
        if not bool(torch.isfinite(z).all()):
            kind = "overflowed" if bool(torch.isinf(z).any()) else "became nan"
            return f"layer {index}'s pre-activations {kind} first"
        if not bool(torch.isfinite(a).all()):
            return f"layer {index}'s activations became non-finite first"
    if not bool(torch.isfinite(output).all()):
        return "the output became non-finite first"
    return "the loss itself overflowed"


def init_callback(lines: list[list[str]]) -> Callable[[nn.Linear, int], None]:
    """``initialise(layer, index)`` running :func:`actviewer.core.network._init_lines`' calls for each
    layer (``lines[index - 1]``), as the generated program writes them out."""
    from .network import _apply_init

    def initialise(layer: nn.Linear, index: int) -> None:
        with torch.no_grad():
            for line in lines[index - 1]:
                _apply_init(line, layer, nn)

    return initialise


class Buffer:
    """An append-only table of float64 rows that grows by doubling. ``view()`` hands out
    ``data[:n]``: rows below n are never written again, and a reallocation copies into a new
    array, leaving views already handed out as they were."""

    def __init__(self, columns: int, capacity: int = 256) -> None:
        self.data = np.empty((capacity, columns), dtype=np.float64)
        self.count = 0

    def append(self, row: list[float]) -> None:
        if self.count == len(self.data):
            grown = np.empty((2 * len(self.data), self.data.shape[1]), dtype=np.float64)
            grown[: self.count] = self.data[: self.count]
            self.data = grown
        self.data[self.count] = row
        self.count += 1

    def view(self) -> np.ndarray:
        out = self.data[: self.count]
        out.flags.writeable = False  # a view only: the buffer itself stays writable
        return out


def finite_or_nan(value: float) -> float:
    return value if math.isfinite(value) else math.nan


def numpy_state(model: nn.Module) -> dict[str, np.ndarray]:
    return {name: tensor.detach().cpu().numpy().copy() for name, tensor in model.state_dict().items()}


def parameters_dtype(dtype: str) -> Any:
    return torch.float64 if dtype == "float64" else torch.float32
