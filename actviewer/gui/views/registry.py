"""The registry of views. Adding a view: its module, and one line in ``BUILT_IN``
(``actviewer/gui/views/__init__.py``), or a :func:`register_view` call from a plug-in.

Built-in views are named by import path and loaded on first use, so code that
only needs the figure of one result type does not build the others.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from . import BUILT_IN
from .base import View

_views: dict[str, type[View]] = {}
_loaded = False


def _load_built_in() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    built_in = {}
    for path in BUILT_IN.values():
        module, _, name = path.partition(":")
        view = getattr(importlib.import_module(module), name)
        built_in[view.id] = view
    _views.update({**built_in, **_views})  # plug-ins registered before first use keep their place after


def register_view(view: type[View]) -> None:
    """Add ``view`` (or replace the view with its id); windows built afterwards show it.

    The window reads ``title``, ``accepts``, ``param_limits``, ``unused_params`` and
    ``global_actions`` from the class before it builds the view (views are built on first
    use), so they must be class methods; a plug-in written when ``title`` or
    ``global_actions`` was an instance method is told so here rather than failing as the
    window opens.
    """
    for name in ("title", "accepts", "param_limits", "unused_params", "global_actions"):
        if not isinstance(inspect.getattr_static(view, name), classmethod):
            raise TypeError(
                f"view {view.id!r}: {name}() must be a @classmethod (the tab exists before the view)"
            )
    _load_built_in()
    _views[view.id] = view


def unregister_view(view_id: str) -> None:
    _load_built_in()
    _views.pop(view_id, None)


def views() -> list[type[View]]:
    """Every registered view, in tab order."""
    _load_built_in()
    return list(_views.values())


def view_for_result(result: Any) -> type[View]:
    """The view that draws results of ``result``'s type (or of its nearest registered base class)."""
    by_type = {view.result_type: view for view in views()}
    for cls in type(result).__mro__:
        if cls in by_type:
            return by_type[cls]
    raise TypeError(f"no view draws a {type(result).__name__}")


def make_figure(result: Any) -> Any:
    """A figure factory for the export formats: ``make(transparent=..., scale=...)``."""
    view = view_for_result(result)
    return lambda **options: view.figure(result, **options)
