"""The window's views by id, each built the first time it is needed.

A view's widgets are mostly pyqtgraph plots, ~10 ms each, and the eight built-in
views hold about 25 of them: building every view before the first paint cost
the window ~0.3 s of its start-up, for tabs the user has not opened. What the
window needs to know before a view is built is declared on the class (its id,
title, which activations it accepts, its parameter limits, its request type,
its toolbar actions), so only the view on screen is built at start-up; the
others are built when first shown or asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from .views.base import View


class LazyViews(Mapping[str, View]):
    """A read-only mapping id -> view, in tab order, that builds a view on first lookup and then
    hands it to ``adopt`` (which gives it its tab page, settings, actions and connections).

    Iterating gives ids without building anything; ``in`` asks the classes. Looking up every
    value (``values()``, ``items()``) builds every view: the window uses :meth:`built` instead.
    """

    def __init__(self, classes: list[type[View]], adopt: Callable[[View], None]) -> None:
        self.classes: dict[str, type[View]] = {cls.id: cls for cls in classes}
        self._built: dict[str, View] = {}
        self._adopt = adopt

    def __getitem__(self, view_id: str) -> View:
        view = self._built.get(view_id)
        if view is None:
            view = self.classes[view_id]()  # KeyError for an unknown id, as a dict
            self._built[view_id] = view
            try:
                self._adopt(view)
            except BaseException:
                del self._built[view_id]  # not left half set up: the next lookup tries again
                view.deleteLater()
                raise
        return view

    def __contains__(self, view_id: object) -> bool:
        return view_id in self.classes

    def __iter__(self) -> Iterator[str]:
        return iter(self.classes)

    def __len__(self) -> int:
        return len(self.classes)

    def build(self, view_id: str) -> View:
        """The view, built now if it was not (the same as looking it up, said so)."""
        return self[view_id]

    def built(self) -> list[View]:
        """The views built so far, in tab order."""
        return [self._built[i] for i in self.classes if i in self._built]

    def if_built(self, view_id: str) -> View | None:
        return self._built.get(view_id)
