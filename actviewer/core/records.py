"""Frozen dataclasses to and from JSON, field by field, forgiving on the way in.

Stored settings outlive the code that wrote them: a field that is missing,
mistyped or out of range falls back to its default and is reported, and the
rest is kept. The fields are read from the dataclass itself, so adding a
field needs no second list of names here or in the caller.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .errors import InputError

T = TypeVar("T")
Check = Callable[[Any], Any]
"""Returns the value to keep (possibly converted) or raises InputError/TypeError/ValueError."""


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"expected true or false, got {value!r}")
    return value


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"expected an integer, got {value!r}")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"expected a finite number, got {value!r}")
    return float(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InputError(f"expected text, got {value!r}")
    return value


_BY_TYPE: dict[object, Check] = {bool: _boolean, int: _integer, float: _number, str: _text}


def stored_fields(cls: type) -> list[dataclasses.Field]:
    """The fields that are saved: all but those declared with ``metadata={"stored": False}``."""
    return [f for f in dataclasses.fields(cls) if f.metadata.get("stored", True)]


def to_json(record: object) -> dict[str, Any]:
    """A JSON-ready dict of the stored fields (mappings and tuples become dicts and lists)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (tuple, list)):
            return [plain(v) for v in value]
        return value

    return {f.name: plain(getattr(record, f.name)) for f in stored_fields(type(record))}


def from_json(
    cls: type[T], data: object, checks: Mapping[str, Check] | None = None, what: str = "stored settings"
) -> tuple[T, list[str]]:
    """Rebuild ``cls`` from :func:`to_json` output (None: nothing stored), keeping every field that passes its check.

    A field's check is ``checks[name]`` if given, else one chosen by its annotated
    type (bool, int, float, str). Returns the record and one line per field that
    fell back to its default.
    """
    checks = checks or {}
    default = cls()
    if data is None:  # nothing stored yet: the defaults, and nothing to report
        return default, []
    if not isinstance(data, Mapping):
        return default, [f"{what} are not a mapping; using defaults"]
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    problems: list[str] = []
    for f in stored_fields(cls):
        if f.name not in data:
            continue
        check = checks.get(f.name) or _BY_TYPE.get(hints[f.name])
        if check is None:
            raise TypeError(f"{cls.__name__}.{f.name} needs a check")  # a programming error, not input
        try:
            values[f.name] = check(data[f.name])
        except (InputError, TypeError, ValueError) as err:
            problems.append(f"{f.name} reset to its default: {err}")
    return dataclasses.replace(default, **values), problems  # type: ignore[type-var]


def from_json_checked(
    cls: type[T], data: object, what: str, validate: Callable[[T], object]
) -> tuple[T, list[str]]:
    """:func:`from_json`, then ``validate`` the record as a whole (fields that are each valid can still
    clash); a record that fails falls back to its defaults, with the reason."""
    record, problems = from_json(cls, data, what=what)
    try:
        validate(record)
    except InputError as err:
        return cls(), [*problems, f"{what} reset to their defaults: {err}"]
    return record, problems
