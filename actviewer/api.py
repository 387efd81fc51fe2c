"""actviewer from Python: notebooks and scripts, on the same core as the command line.

    import actviewer as av
    r = av.curve("gelu", approximate="tanh", x=(-6, 6), samples=1001, dtype="float64")
    r.to_numpy()["dy"]; r.save("gelu.csv"); r          # a notebook cell shows its figure
    av.compare("silu", "mish", "gelu"); av.sweep("elu", "alpha", 0, 3)
    av.precision("gelu"); av.dist("selu"); av.stack("sigmoid", layers=30)
    av.run("critical", "tanh", point=(1.5, 0.05))       # any registered feature, by id

Each call builds the same immutable request the CLI builds, checks it the same
way (bad values raise :class:`ValueError` with the CLI's message) and computes
it with PyTorch on the calling thread. Nothing here imports Qt: only
``save`` to a figure format and a notebook's figure do, offscreen.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .core import catalog, dispatch, features
from .core.errors import InputError

DEFAULT_X = (-6.0, 6.0)


class Result:
    """What a call computed: the core's result (its fields are readable here directly), and
    ``to_numpy``, ``to_pandas``, ``save`` and a figure for notebooks."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)

    def __repr__(self) -> str:
        request = getattr(self.raw, "request", None)
        what = getattr(request, "activation", None) or type(request).__name__
        return f"<actviewer {type(self.raw).__name__} of {what}>"

    def to_numpy(self) -> dict[str, np.ndarray]:
        """Every array of the result by name (nested records as ``grid.q_star``, tuples as ``ys.0``)."""
        out: dict[str, np.ndarray] = {}
        _collect(self.raw, "", out, depth=0)
        return out

    def to_pandas(self) -> Any:
        """A DataFrame of the arrays as long as the longest, one column each (pandas must be
        installed: it is not a dependency of actviewer)."""
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install pandas") from None
        arrays = {k: v.ravel() for k, v in self.to_numpy().items() if v.ndim <= 2}
        length = max((len(v) for v in arrays.values()), default=0)
        return pd.DataFrame({k: v for k, v in arrays.items() if len(v) == length})

    def save(self, path: str | os.PathLike[str], **options: Any) -> Path:
        """Write every format the CLI writes for this result, by suffix (``width=``, ``transparent=``
        for a PNG); the same bytes as the CLI for data."""
        from .formats import write

        return write(self.raw, path, **options)

    def figure_png(self, width: int = 960) -> bytes:
        from .formats import figure_of
        from .gui.figures.render import png_bytes, render_image

        return png_bytes(render_image(figure_of(self.raw), width))

    def _repr_png_(self) -> bytes:
        return self.figure_png()

    def _repr_svg_(self) -> str:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "figure.svg"
            self.save(path)
            return path.read_text(encoding="utf-8")


def _collect(value: Any, name: str, out: dict[str, np.ndarray], depth: int) -> None:
    if depth > 3 or value is None:
        return
    if isinstance(value, np.ndarray):
        out[name] = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if depth > 0 and callable(getattr(value, "validated", None)):
            return  # a request: its settings, not data
        for f in dataclasses.fields(value):
            if f.name != "request":
                _collect(getattr(value, f.name), f"{name}.{f.name}" if name else f.name, out, depth + 1)
    elif isinstance(value, tuple) and value and all(dataclasses.is_dataclass(v) for v in value):
        for i, item in enumerate(value):  # a race's runs: by their labels
            _collect(item, f"{name}.{getattr(item, 'label', i)}", out, depth + 1)
    elif isinstance(value, (tuple, list)) and any(isinstance(v, np.ndarray) for v in value):
        for i, item in enumerate(value):
            if isinstance(item, np.ndarray):  # a compare's reference has no difference: None
                out[f"{name}.{i}"] = item
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, np.ndarray):
                out[f"{name}.{key}"] = item


def _split(
    activation: str, request_type: type | None, kwargs: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``kwargs`` into the activation's parameters and the request's own fields (none when
    ``request_type`` is None: the function's own keywords are its fields); a name that is
    neither is refused with what is allowed."""
    spec = catalog.get(activation)
    fields = set()
    if request_type is not None:
        fields = {f.name for f in dataclasses.fields(request_type)} - {"activation", "params"}
    params = {k: v for k, v in kwargs.items() if k in {p.name for p in spec.params} and k not in fields}
    own = {k: v for k, v in kwargs.items() if k in fields}
    unknown = sorted(set(kwargs) - set(params) - set(own))
    if unknown:
        takes = ", ".join(p.name for p in spec.params) or "no parameters"
        also = f", and the request takes {', '.join(sorted(fields))}" if fields else ""
        raise InputError(f"unknown argument {unknown[0]!r}: {spec.id} takes {takes}{also}")
    return params, own


def _checked(activation: str, params: dict[str, Any]) -> Any:
    """The activation's declaration, once ``params`` are all its own (the curve-like calls take
    their request fields as named arguments)."""
    spec = catalog.get(activation)
    _split(spec.id, None, params)
    return spec


def _x(x: tuple[float, float]) -> tuple[float, float]:
    if not (isinstance(x, (tuple, list)) and len(x) == 2):
        raise InputError(f"x takes (x_min, x_max), got {x!r}")
    return float(x[0]), float(x[1])


def _computed(request: Any) -> Result:
    return Result(dispatch.run(request.validated()))


def run(feature_id: str, activation: str | None = None, **kwargs: Any) -> Result:
    """Compute any registered feature: the activation (for those that take one), its parameters
    and the request's own fields as keywords, e.g. ``run("stack", "relu", layers=30, width=128)``."""
    try:
        feature = features.get(feature_id)
    except KeyError:
        known = ", ".join(f.id for f in features.features())
        raise InputError(f"unknown feature {feature_id!r}; choose one of {known}") from None
    request_type = feature.request_type
    names = {f.name for f in dataclasses.fields(request_type)}
    if "activation" in names:
        if activation is None:
            raise InputError(f"{feature_id} needs an activation")
        spec = catalog.get(activation)
        params, own = _split(spec.id, request_type, kwargs)
        return _computed(request_type(spec.id, params, **own))
    if activation is not None:
        raise InputError(f"{feature_id} takes no activation")
    return _computed(request_type(**kwargs))


def curve(
    activation: str,
    *,
    x: tuple[float, float] = DEFAULT_X,
    samples: int = 1001,
    dtype: str = "float32",
    device: str = "cpu",
    **params: Any,
) -> Result:
    """f, f′ and f″ on ``samples`` points of ``x`` (what ``actviewer export`` writes)."""
    from .core.request import ComputeRequest

    spec = _checked(activation, params)
    x_min, x_max = _x(x)
    return _computed(ComputeRequest(spec.id, params, x_min, x_max, int(samples), dtype=dtype, device=device))


def _grid(curves: tuple[Any, ...], x: tuple[float, float], samples: int) -> Any:
    from .core.compare import Grid, kinks

    x_min, x_max = _x(x)
    return Grid(x_min, x_max, int(samples), kinks(curves, x_min, x_max) if x_min < x_max else ()).validated()


def compare(
    *curves: str,
    x: tuple[float, float] = DEFAULT_X,
    samples: int = 1001,
    reference: int = 0,
    diff: str = "absolute",
) -> Result:
    """Overlays and their differences from the ``reference``-th; each curve as the CLI's SPEC:
    ``"gelu"``, ``"gelu:approximate=tanh@float16"`` or ``"expr:x * tanh(x)"``."""
    from .core.compare import CompareRequest, parse_curve_spec

    specs = tuple(parse_curve_spec(text, i) for i, text in enumerate(curves, start=1))
    return _computed(CompareRequest(specs, _grid(specs, x, samples), reference, diff))


def sweep(
    activation: str,
    param: str,
    start: float,
    stop: float,
    steps: int = 9,
    *,
    x: tuple[float, float] = DEFAULT_X,
    samples: int = 1001,
    dtype: str = "float32",
    device: str = "cpu",
    **params: Any,
) -> Result:
    """The family f(x; p) for ``steps`` values of ``param`` from ``start`` to ``stop``."""
    from .core.compare import CurveSpec, SweepRequest

    spec = _checked(activation, params)
    grid = _grid((CurveSpec(spec.id, params),), x, samples)
    return _computed(
        SweepRequest(
            spec.id,
            params,
            param=param,
            start=start,
            stop=stop,
            steps=steps,
            grid=grid,
            dtype=dtype,
            device=device,
        )
    )


def precision(
    activation: str,
    *,
    x: tuple[float, float] = DEFAULT_X,
    samples: int = 1001,
    device: str = "cpu",
    **params: Any,
) -> Result:
    """float32, float16 and bfloat16 against float64, in ULPs and relative."""
    from .core.compare import CurveSpec, PrecisionRequest

    spec = _checked(activation, params)
    return _computed(
        PrecisionRequest(
            spec.id, params, grid=_grid((CurveSpec(spec.id, params),), x, samples), device=device
        )
    )


def dist(activation: str, **kwargs: Any) -> Result:
    """What the activation does to a distribution of inputs (``mean=``, ``std=``, ``samples=`` …)."""
    return run("distribution", activation, **kwargs)


def stack(activation: str, **kwargs: Any) -> Result:
    """Signals and gradients through a deep stack (``layers=``, ``width=``, ``init=`` …)."""
    return run("stack", activation, **kwargs)


def critical(activation: str, **kwargs: Any) -> Result:
    """The order-to-chaos phase diagram (``sw2=(a, b, n)``, ``point=(sw2, sb2)``, ``depth=`` …)."""
    return run("critical", activation, **kwargs)
