"""Two layers: Linear -> Linear with and without the activation between them (a tab, ``actviewer layers``)."""

from __future__ import annotations

import os
from pathlib import Path

from ..export_data import write_columns_csv
from ..layers import LayersRequest, LayersResult
from . import CommandLine, DataFormat, Feature


def write_layers_csv(result: LayersResult, path: str | os.PathLike[str]) -> Path:
    """x, both outputs, and each hidden unit's f(first(x)): what the second layer adds up."""
    columns = [("x", result.x), ("without", result.without), ("with_activation", result.with_activation)]
    columns += [(f"unit_{i + 1}", unit) for i, unit in enumerate(result.hidden)]
    return write_columns_csv(columns, path, "float64")


FEATURE = Feature(
    id="layers",
    title="Two layers",
    request_type=LayersRequest,
    result_type=LayersResult,
    compute="actviewer.core.layers:compute_layers",
    data_formats=(DataFormat(".csv", "CSV of x, both outputs and each hidden unit's f", write_layers_csv),),
    command=CommandLine("layers", "two nn.Linear layers with and without the activation between them"),
    view="actviewer.gui.views.layers:LayersView",
)
