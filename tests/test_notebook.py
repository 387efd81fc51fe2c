"""docs/notebook.ipynb runs from top to bottom in a real kernel (nbclient), with every figure shown.

Needs the optional ``[notebook]`` extra; CI installs it and sets ACTVIEWER_REQUIRE_NOTEBOOK=1, so
there the test runs rather than skips."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebook.ipynb"


def test_the_docs_notebook_executes_and_shows_its_figures(tmp_path):
    if os.environ.get("ACTVIEWER_REQUIRE_NOTEBOOK"):
        import nbclient
        import nbformat
    else:
        nbclient = pytest.importorskip("nbclient")
        nbformat = pytest.importorskip("nbformat")
        pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    env_before = os.environ.get("QT_QPA_PLATFORM")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the kernel inherits it
    try:
        nbclient.NotebookClient(
            notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        ).execute()
    finally:
        if env_before is None:
            os.environ.pop("QT_QPA_PLATFORM", None)
        else:
            os.environ["QT_QPA_PLATFORM"] = env_before
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if o.output_type == "execute_result" and "image/png" in o.get("data", {})]
    assert len(figures) == 3  # the curve, the comparison and the deep stack
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "vanishing gradients" in text and "critical σ_w² = 1.000" in text
