"""Guided lessons: steps read from a data file, and the tutorial's printed examples.

A lesson is data (``resources/lessons/<id>.json``, both languages), not code:
each step names an activation, its parameters and the view to show, a text
and what to look at. Each step's code is the tutorial's two forms applied to a
small example tensor, followed by ``print(output)``; :func:`compute_example`
computes what that prints, on the worker, so the panel shows PyTorch's own
output and the tests can run the code and compare.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import catalog
from .errors import InputError
from .params import ParamValue
from .request import ActivationRequest
from .snippets import snippet

LANGUAGES = ("en", "vi")
DEFAULT_LESSON = "tutorial"
MAX_EXAMPLE = 16


@dataclass(frozen=True)
class Step:
    activation: str
    params: Mapping[str, ParamValue]
    view: str
    title: Mapping[str, str]
    text: Mapping[str, str]
    look: Mapping[str, str]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Mapping[str, str]
    example: tuple[float, ...]
    steps: tuple[Step, ...]


def _texts(where: str, value: object) -> dict[str, str]:
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) for lang in LANGUAGES):
        raise InputError(f"{where} must give a text for each of {', '.join(LANGUAGES)}")
    return {lang: value[lang] for lang in LANGUAGES}


def parse_lesson(data: object, views: tuple[str, ...]) -> Lesson:
    """A lesson from its JSON, every step checked against the catalog and the ``views`` there are."""
    if not isinstance(data, dict) or data.get("schema") != 1:
        raise InputError('a lesson file is a JSON object with "schema": 1')
    example = data.get("example")
    if (
        not isinstance(example, list)
        or not 1 <= len(example) <= MAX_EXAMPLE
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in example)
    ):
        raise InputError(f'"example" must list 1 to {MAX_EXAMPLE} numbers')
    steps = []
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise InputError('"steps" must be a non-empty list')
    for number, raw in enumerate(raw_steps, start=1):
        where = f"step {number}"
        if not isinstance(raw, dict):
            raise InputError(f"{where} must be an object")
        spec = catalog.get(str(raw.get("activation")))
        params = raw.get("params", {})
        if not isinstance(params, dict):
            raise InputError(f"{where}: params must be an object")
        try:
            params = spec.resolve(params)
        except InputError as err:
            raise InputError(f"{where}: {err}") from None
        view = raw.get("view")
        if view not in views:
            raise InputError(f"{where}: unknown view {view!r}; there are {', '.join(views)}")
        steps.append(
            Step(
                spec.id,
                params,
                str(view),
                _texts(f"{where}: title", raw.get("title")),
                _texts(f"{where}: text", raw.get("text")),
                _texts(f"{where}: look", raw.get("look")),
            )
        )
    return Lesson(
        str(data.get("id", "")),
        _texts("the lesson's title", data.get("title")),
        tuple(float(v) for v in example),
        tuple(steps),
    )


def load_lesson(name: str, views: tuple[str, ...]) -> Lesson:
    """The lesson ``name`` from ``resources/lessons``; an InputError names what is wrong."""
    from ..resources import resource_path

    path = resource_path("lessons", f"{name}.json")
    if not name.isidentifier() or not path.is_file():
        known = sorted(p.stem for p in resource_path("lessons").glob("*.json"))
        raise InputError(f"unknown lesson {name!r}; there is {', '.join(known)}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"cannot read the lesson {name!r}: {err}") from None
    return parse_lesson(data, views)


# --- the tutorial's printed example -------------------------------------------------


@dataclass(frozen=True)
class ExampleRequest(ActivationRequest):
    """One activation applied to a small tensor, as the tutorial's code prints it."""

    values: tuple[float, ...] = (-2.0, -1.0, 0.0, 1.0, 2.0)

    def validated(self) -> ExampleRequest:
        params = self.resolved_params()
        if "dim" in params and int(params["dim"]) not in (0, -1):
            params = {**params, "dim": 0}  # a 1-D example has dim 0 only
        return replace(self, params=params)

    def tensor_code(self) -> str:
        return "x = torch.tensor([" + ", ".join(repr(float(v)) for v in self.values) + "])"

    def forms(self) -> tuple[str, str | None]:
        """The functional and module programs: imports, the tensor, the call, ``print(output)``."""
        code = snippet(self.spec, self.params)
        head = (
            "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"
            + self.tensor_code()
            + "\n"
        )
        functional = head + code.functional + "\nprint(output)\n"
        module = head + code.module + "\nprint(output)\n" if code.module is not None else None
        return functional, module


@dataclass(frozen=True, eq=False)
class ExampleResult:
    request: ExampleRequest
    printed: str
    """What ``print(output)`` writes, without its newline."""
    elapsed_s: float


def compute_example(request: ExampleRequest) -> ExampleResult:
    import torch

    from .compute import forward_fn, user_errors

    start = time.perf_counter()
    request = request.validated()
    spec = request.spec
    params = dict(request.params)
    if spec.layout == "one_class":  # the curve's K-logit rows are not the tutorial's: softmax(x, dim) itself
        params = {p.name: params[p.name] for p in spec.params if p.scope != "curve"}
        spec = replace(spec, layout="elementwise")
    with user_errors(spec, "cpu", "float32", len(request.values)):
        x = torch.tensor(request.values)
        output: Any = forward_fn(spec, params)(x)
    return ExampleResult(request, str(output.detach()), time.perf_counter() - start)
