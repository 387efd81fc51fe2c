"""The window's views, derived from the features: each feature that names a view gets a tab.

A view is named by import path in its feature's declaration
(``actviewer.core.features``), so code that only needs the figure of one result
type does not import the others, and a feature registered from outside the
package gets its tab with no edit here.
"""

from __future__ import annotations

import inspect

from ...core import features
from .base import View

DECLARED = ("title", "accepts", "param_limits", "unused_params", "global_actions")
"""Read from the class before the view is built (views are built on first use)."""


def check_view(view: type[View]) -> type[View]:
    """``view`` if it declares what the window reads before building it as class methods; a
    plug-in written when ``title`` or ``global_actions`` was an instance method is told so here
    rather than failing as the window opens."""
    for name in DECLARED:
        if not isinstance(inspect.getattr_static(view, name), classmethod):
            raise TypeError(
                f"view {view.id!r}: {name}() must be a @classmethod (the tab exists before the view)"
            )
    return view


def views() -> list[type[View]]:
    """Every feature's view, in tab order. A view that cannot be loaded (another package's bug)
    is left out and reported (``features.load_problems``): the window opens without its tab."""
    found = []
    for feature in features.features():
        if feature.view is None:
            continue
        try:
            found.append(check_view(features.resolve(feature.view)))
        except Exception as err:
            features.report(f"the view of feature {feature.id!r} ({feature.view}) was left out: {err}")
    return found
