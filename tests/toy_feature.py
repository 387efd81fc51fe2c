"""A toy feature declared outside the package: g(x) = f(x) · f′(x) of an activation.

Nothing in ``actviewer`` names it. Registered (``register_feature``) or installed
through the ``actviewer.features`` entry-point group, it gets a tab, a
subcommand generated from :class:`ProductRequest`'s fields, CSV/JSON data
files and PNG/SVG/PDF figures. Qt is imported only by its figure and its view
(:mod:`tests.toy_feature_view`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from actviewer.core import catalog
from actviewer.core.atomic import write_atomic
from actviewer.core.export_data import write_columns_csv
from actviewer.core.features import CommandLine, DataFormat, Feature
from actviewer.core.fields import default_field
from actviewer.core.request import ComputeRequest, TypedRequest

TITLE = "f · f′"


@dataclass(frozen=True)
class ProductRequest(TypedRequest):
    samples: int = default_field(101, "x samples on [-6, 6]", 2, 10_001)

    def curve(self) -> ComputeRequest:
        return ComputeRequest(
            self.activation, self.params, samples=self.samples, device=self.device, dtype=self.dtype
        )

    def validated(self) -> ProductRequest:
        curve = self.curve().validated()
        return replace(self, activation=catalog.get(self.activation).id, params=curve.params)


@dataclass(frozen=True, eq=False)
class ProductResult:
    request: ProductRequest
    x: np.ndarray
    g: np.ndarray


def compute_product(request: ProductRequest) -> ProductResult:
    from actviewer.core.compute import compute

    curve = compute(request.curve())
    return ProductResult(request, curve.x, curve.y * curve.dy)


def write_csv(result: ProductResult, path: str | os.PathLike[str]) -> Path:
    return write_columns_csv([("x", result.x), ("g", result.g)], path)


def write_json(result: ProductResult, path: str | os.PathLike[str]) -> Path:
    data = {"activation": result.request.activation, "x": result.x.tolist(), "g": result.g.tolist()}
    return write_atomic(path, lambda handle: json.dump(data, handle))


def draw(result: ProductResult, *, transparent: bool = False, scale: float = 1.0) -> Any:
    from actviewer.gui.figures.render import FigureCanvas
    from actviewer.gui.figures.style import OUTPUT_COLOUR, curve_pen, style_plot

    canvas = FigureCanvas(TITLE, "a toy feature", transparent=transparent, scale=scale)
    panel = canvas.body.addPlot(row=0, col=0)
    style_plot(panel, "g(x)", "g")
    panel.plot(result.x, result.g, pen=curve_pen(OUTPUT_COLOUR, 4 * scale))
    return canvas


FEATURE = Feature(
    id="product",
    title=TITLE,
    request_type=ProductRequest,
    result_type=ProductResult,
    compute=compute_product,
    data_formats=(
        DataFormat(".csv", "CSV of x and f·f′", write_csv),
        DataFormat(".json", "JSON of x and f·f′", write_json),
    ),
    command=CommandLine("product", "f(x) · f′(x) of an activation"),
    view="tests.toy_feature_view:ProductView",
    figure="tests.toy_feature:draw",
)
