"""What a user can compute, declared once per feature: the one list everything else is derived from.

A :class:`Feature` names its request and result types, its compute function
(by import path, so listing features loads no torch), its data formats, its
command-line subcommand and, by import path again, the Qt view that hosts it
and the drawer of its export figure. From this list come the worker's
dispatch (:mod:`..dispatch`), the data writers (:mod:`..writers`), the
subcommands and ``--view`` choices of the command line, the window's tabs and
the figure export.

Built-in features are the modules named in :data:`BUILT_IN`, in tab order;
other packages add theirs through the entry-point group ``actviewer.features``
(each entry names a :class:`Feature`), loaded through the same function as the
built-ins. Entry points carry no order and a source checkout that is not
installed has none, so the built-ins are listed here rather than in the
package metadata.
"""

from __future__ import annotations

import importlib
import os
import sys
from argparse import ArgumentParser, Namespace
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ENTRY_POINT_GROUP = "actviewer.features"

BUILT_IN: tuple[str, ...] = (
    "actviewer.core.features.curve:FEATURE",
    "actviewer.core.features.matrix:FEATURE",
    "actviewer.core.features.distribution:FEATURE",
    "actviewer.core.features.stack:FEATURE",
    "actviewer.core.features.compare:FEATURE",
    "actviewer.core.features.sweep:FEATURE",
    "actviewer.core.features.precision:FEATURE",
    "actviewer.core.features.layers:FEATURE",
    "actviewer.core.features.train:FEATURE",
    "actviewer.core.features.criticality:FEATURE",
    "actviewer.core.features.lesson:FEATURE",
)
"""The features shipped with actviewer, by import path, in tab order."""


@dataclass(frozen=True)
class DataFormat:
    """A data file a result can be written as (CSV, JSON): never needs Qt."""

    suffix: str
    description: str
    write: str | Callable[..., Any]
    """``write(result, path)`` (``progress=`` too when ``estimate`` is given), or its import path."""
    estimate: str | Callable[[Any], int] | None = None
    """About how many bytes it writes for a result; None for "small"."""


@dataclass(frozen=True)
class CommandLine:
    """A feature's subcommand: ``actviewer NAME ...``.

    With neither function given, the arguments are generated from the request
    dataclass's fields and their declared limits (:mod:`..arguments`). The
    output file, ``--width`` and ``--transparent`` are added by the command line
    for every subcommand, from the formats its result can be written as.
    """

    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None] | None = None
    """Its own flags; ``-o/--output`` and the figure options are added for every subcommand."""
    request: Callable[[Namespace], Any] | None = None
    """The validated request from the parsed arguments (raises InputError)."""
    figure_width_flag: str = "--width"
    """The flag of the PNG width, where ``--width`` means something else (the deep stack's units)."""


@dataclass(frozen=True)
class Feature:
    id: str
    """Stable: saved in settings, the tab's and ``--view``'s name."""
    title: str
    """English; the window shows its view's translated title."""
    request_type: type
    result_type: type
    compute: str | Callable[..., Any]
    """``request -> result``, or its import path ``"module:function"``."""
    interruptible: bool = False
    """The compute function takes ``should_stop=`` and asks it between its steps."""
    data_formats: tuple[DataFormat, ...] = ()
    command: CommandLine | None = None
    view: str | None = None
    """Import path of the Qt view class that hosts it (None: no tab)."""
    figure: str | None = None
    """Import path of ``draw(result, *, transparent, scale) -> FigureCanvas`` (default: the view's ``figure``)."""


_features: dict[str, Feature] = {}
_loaded = False
_resolved: dict[str, Any] = {}
load_problems: list[str] = []
"""Third-party features that could not be loaded, one line each (the host reports them)."""


def resolve(path: str | Any) -> Any:
    """The object an import path ``"package.module:name.attr"`` names (anything else is returned as is)."""
    if not isinstance(path, str):
        return path
    if path not in _resolved:
        module, _, names = path.partition(":")
        value: Any = importlib.import_module(module)
        for name in names.split("."):
            value = getattr(value, name)
        _resolved[path] = value
    return _resolved[path]


def report(problem: str) -> None:
    """Note a third-party feature (or part of one) that was left out, once."""
    if problem not in load_problems:
        load_problems.append(problem)


def _group_declared() -> bool:
    """Whether an installed distribution may declare a feature: a text search of the
    ``entry_points.txt`` files on ``sys.path`` (a few ms), so a process without plug-ins skips
    ``importlib.metadata``, whose parse of every installed distribution costs ~65 ms at start-up."""
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder or ".", name, "entry_points.txt"), encoding="utf-8") as handle:
                    if ENTRY_POINT_GROUP in handle.read():
                        return True
            except (OSError, UnicodeDecodeError):
                continue
    return False


def _entry_points() -> list[Any]:
    if not _group_declared():
        return []
    from importlib.metadata import entry_points

    try:
        found = list(entry_points(group=ENTRY_POINT_GROUP))
    except Exception as err:  # broken metadata of some other package
        report(f"the installed packages' feature list could not be read: {err}")
        return []
    return sorted(found, key=lambda e: e.name)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    added = dict(_features)  # registered before first use: they keep their place after the built-ins
    _features.clear()
    for path in BUILT_IN:
        feature = resolve(path)
        _features[feature.id] = feature
    for entry in _entry_points():
        try:
            feature = entry.load()
            if not isinstance(feature, Feature):
                raise TypeError(f"it names a {type(feature).__name__}, not a Feature")
        except Exception as err:  # another package's bug must not stop the app
            report(f"feature {entry.name!r} ({entry.value}) was left out: {err}")
            continue
        if feature.id in _features:
            report(f"feature {entry.name!r} ({entry.value}) was left out: the id {feature.id!r} is taken")
            continue
        _features[feature.id] = feature
    _features.update(added)


def features() -> list[Feature]:
    """Every feature, built-ins first, in tab order."""
    _load()
    return list(_features.values())


def view_ids() -> tuple[str, ...]:
    """The ids of the features that have a tab, in tab order (``--view``, lessons)."""
    return tuple(f.id for f in features() if f.view is not None)


def get(feature_id: str) -> Feature:
    _load()
    return _features[feature_id]


def register_feature(feature: Feature) -> None:
    """Add ``feature`` (or replace the one with its id): windows and parsers made afterwards offer it."""
    _load()
    _features[feature.id] = feature


def unregister_feature(feature_id: str) -> None:
    _load()
    _features.pop(feature_id, None)


def _by_type(cls: type, attribute: str) -> Feature | None:
    by_type = {getattr(f, attribute): f for f in features()}
    for base in cls.__mro__:
        if base in by_type:
            return by_type[base]
    return None


def for_request(request_type: type) -> Feature | None:
    """The feature that answers ``request_type`` (or its nearest declared base class)."""
    return _by_type(request_type, "request_type")


def for_result(result_type: type) -> Feature | None:
    """The feature whose results are of ``result_type`` (or its nearest declared base class)."""
    return _by_type(result_type, "result_type")


def is_built_in(feature: Feature) -> bool:
    """Whether a fresh process of this package (the head start's child) has ``feature`` as it is here."""
    _load()
    return any(resolve(path) is feature for path in BUILT_IN)
