"""Session files (``.actviewer``): what a window shows, in one JSON file to share or reopen.

A session holds the explorer state (activation, every activation's parameters, the domain, the
device, the view), every view's own settings (pinned curves among them), the custom activations
it uses, and the controls a lecturer chose to hide (``classroom``). It is data only: each part is
checked as stored settings are (a bad value falls back with a reason), a custom formula is parsed,
never run, and a file from a newer version is read as far as this one understands it. Reading
one registers the custom activations it brings (for this process) that are not defined here.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import catalog
from .atomic import write_bytes_atomic
from .custom import CustomActivation
from .errors import InputError
from .state import ExplorerState

SESSION_SCHEMA = 1
SUFFIX = ".actviewer"
MAX_SESSION_BYTES = 5_000_000
CLASSROOM_CONTROLS = ("picker", "parameters", "domain", "learn")
"""Controls a session can hide, besides any view's tab (``tab:<view id>``)."""


@dataclass
class Session:
    state: ExplorerState
    views: dict[str, Any] = field(default_factory=dict)
    custom: list[CustomActivation] = field(default_factory=list)
    hidden: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)
    """What was left out or reset while reading it, one line each."""


def session_json(
    state: ExplorerState,
    views: Mapping[str, Any],
    custom: Iterable[CustomActivation] = (),
    hidden: Iterable[str] = (),
    version: str = "",
) -> dict[str, Any]:
    return {
        "format": "actviewer session",
        "schema": SESSION_SCHEMA,
        "written_by": f"actviewer {version}".strip(),
        "state": state.to_dict(),
        "views": dict(views),
        "custom_activations": [entry.to_json() for entry in custom],
        "classroom": {"hidden": list(hidden)},
    }


def write_session(path: str | os.PathLike[str], data: Mapping[str, Any]) -> Path:
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    return write_bytes_atomic(path, text.encode("utf-8"))


def read_session(path: str | os.PathLike[str], view_ids: Iterable[str]) -> Session:
    """The session at ``path``; InputError (one line) when it is not a readable session at all."""
    target = Path(path).expanduser()
    try:
        info = os.stat(target)
    except OSError as err:
        raise InputError(f"cannot open {target}: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{target} is not a regular file")
    if info.st_size > MAX_SESSION_BYTES:
        raise InputError(f"{target} is larger than {MAX_SESSION_BYTES:,} bytes; not a session file")
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise InputError(f"{target} is not an actviewer session: {str(err).splitlines()[0][:120]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("state"), dict):
        raise InputError(f"{target} is not an actviewer session (no state)")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise InputError(f"{target} has no valid session schema (got {schema!r})")
    problems: list[str] = []
    if schema > SESSION_SCHEMA:
        problems.append(
            f"the session was written by a newer actviewer (schema {schema}); kept what this one reads"
        )
    custom: list[CustomActivation] = []
    raw_custom = data.get("custom_activations", [])
    for index, raw in enumerate(raw_custom if isinstance(raw_custom, list) else [], start=1):
        try:
            custom.append(CustomActivation.from_json(raw))
        except InputError as err:
            problems.append(f"custom activation {index} left out: {err}")
    for entry in custom:  # before the state, which may show one of them
        try:
            existing = catalog.get(entry.id)
        except InputError:
            catalog.register(entry.spec())
            continue
        if existing.formula != entry.formula:
            problems.append(f"{entry.id!r} is already defined here with another formula; yours is kept")
    state, state_problems = ExplorerState.from_dict(data["state"])
    problems += state_problems
    known = set(view_ids)
    raw_views = data.get("views", {})
    views = {k: v for k, v in raw_views.items() if k in known} if isinstance(raw_views, dict) else {}
    problems += (
        [f"settings of view {k!r} left out: not in this version" for k in raw_views if k not in known][:5]
        if isinstance(raw_views, dict)
        else ["views left out: not a mapping"]
    )
    raw_hidden = (
        data.get("classroom", {}).get("hidden", []) if isinstance(data.get("classroom"), dict) else []
    )
    allowed = set(CLASSROOM_CONTROLS) | {f"tab:{v}" for v in known}
    hidden = (
        tuple(h for h in raw_hidden if isinstance(h, str) and h in allowed)
        if isinstance(raw_hidden, list)
        else ()
    )
    if isinstance(raw_hidden, list) and len(hidden) != len(raw_hidden):
        problems.append("some hidden controls are unknown here and stay shown")
    return Session(state, views, custom, hidden, problems)
