"""The 2-D logits: softmax, softmin and log_softmax along a dim of a matrix (exported by ``actviewer export``)."""

from __future__ import annotations

from ..matrix import MatrixRequest, MatrixResult
from . import DataFormat, Feature

FEATURE = Feature(
    id="matrix",
    title="2-D logits",
    request_type=MatrixRequest,
    result_type=MatrixResult,
    compute="actviewer.core.matrix:compute_matrix",
    data_formats=(
        DataFormat(".csv", "CSV of the output matrix", "actviewer.core.export_data:write_matrix_csv"),
        DataFormat(
            ".json",
            "JSON of the logits, output, sums and Jacobian",
            "actviewer.core.export_data:write_matrix_json",
        ),
    ),
    view="actviewer.gui.views.matrix:MatrixView",
)
