"""What a request field declares about itself beyond its type: the help, limits and choices from
which its command-line flag is generated (:mod:`.arguments`). Kept apart from the command line, so
a request module states its limits without importing argparse code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Limits:
    """What a request field's metadata says about its command-line flag."""

    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


def limits(
    help: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[str, ...] = (),
) -> dict[str, Limits]:
    """Field metadata for a generated flag: ``x: int = field(default=8, metadata=limits("units", 1, 256))``."""
    return {"cli": Limits(help, minimum, maximum, choices)}


def default_field(default: Any, *args: Any, **kwargs: Any) -> Any:
    """``field(default=default, metadata=limits(...))`` in one call."""
    return field(default=default, metadata=limits(*args, **kwargs))
