"""Independent references the tests hold the core to: torch.nn modules, scipy, analytic forms."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from actviewer.core import catalog
from actviewer.core.params import ParamSpec


def module_output(spec: catalog.ActivationSpec, values: Mapping[str, Any], x: np.ndarray) -> np.ndarray:
    """y from ``torch.nn.<Module>(**params)``, built only from the declaration."""
    t = torch.as_tensor(x, dtype=torch.float64)
    if spec.module is None:  # the binary step has no module: torch.heaviside is its definition
        return torch.heaviside(t - values["threshold"], torch.ones((), dtype=t.dtype)).numpy()
    module_path, _, name = spec.module.rpartition(".")
    cls = getattr(importlib.import_module(module_path), name)
    accepted = inspect.signature(cls.__init__).parameters
    kwargs = {k: v for k, v in spec.torch_kwargs(values).items() if k in accepted}
    if spec.layout == "one_class":  # the curve of class 0 among K: normalise each row of K logits
        kwargs["dim"] = -1
    if "dtype" in accepted:  # PReLU: create its weight in float64, not rounded through float32
        kwargs["dtype"] = torch.float64
    module = cls(**kwargs).double()
    module.train(bool(values.get("training", False)))
    if "seed" in values:
        torch.manual_seed(values["seed"])
    if "temperature" in values:  # ours, not torch's: softmax(x / T)
        t = t / values["temperature"]
    with torch.no_grad():
        if spec.layout == "duplicated":
            return module(torch.cat([t, t])).numpy()
        if spec.layout == "channels":
            return module(t.reshape(-1, 1, 1)).reshape(-1).numpy()
        if spec.layout == "one_class":
            others = [torch.full_like(t, values["other_logit"] / values["temperature"])] * (
                values["classes"] - 1
            )
            return module(torch.stack([t, *others], dim=-1))[:, 0].numpy()
        return module(t).numpy()


def other_value(param: ParamSpec) -> Any:
    """A valid value different from the default, for the non-default cases."""
    if param.kind == "choice":
        return next(c for c in param.choices if c != param.default)
    if param.kind == "bool":
        return not param.default
    lo = param.ui_min if param.ui_min is not None else -1.0
    hi = param.ui_max if param.ui_max is not None else 1.0
    value = lo + 0.7 * (hi - lo)
    if param.kind == "int":
        value = round(value)
    if value == param.default:
        value = lo + 0.3 * (hi - lo)
    return param.validate(int(value) if param.kind == "int" else value)


def non_default_params(spec: catalog.ActivationSpec) -> dict[str, Any]:
    values = {p.name: other_value(p) for p in spec.params if p.name != "dim"}
    if spec.id == "hardtanh":  # keep min_val < max_val
        values = {"min_val": -2.0, "max_val": 0.5}
    if spec.id == "rrelu":
        values["lower"], values["upper"] = 0.1, 0.4
    return values
