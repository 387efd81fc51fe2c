"""The lesson's printed examples: what the tutorial's code prints, computed on the worker (no tab)."""

from __future__ import annotations

from ..lesson import ExampleRequest, ExampleResult
from . import Feature

FEATURE = Feature(
    id="lesson",
    title="Lesson example",
    request_type=ExampleRequest,
    result_type=ExampleResult,
    compute="actviewer.core.lesson:compute_example",
)
