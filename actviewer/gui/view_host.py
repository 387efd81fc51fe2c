"""The tabs: a page per feature's view, built on first use, and the route from a result to its view.

What a tab needs before its view is built (title, which activations it
accepts, its parameter limits, its toolbar actions) is declared on the view
class, so only the view on screen is built at start-up. The host names no
view: it reads them from the features (``gui.views.registry``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QScrollArea, QTabWidget, QToolBar, QToolButton

from ..core.state import ExplorerState
from .lazy_views import LazyViews
from .views import registry
from .views.base import View


class ViewHost(QObject):
    def __init__(
        self,
        tabs: QTabWidget,
        menu: QMenu,
        toolbar: QToolBar,
        adopt: Callable[[View], None],
        notice: Callable[[str], None] = lambda _text: None,
    ) -> None:
        """``adopt`` gives a view just built its stored settings and connections (the window's part);
        ``notice`` shows a line in the status bar."""
        super().__init__(tabs)
        self.tabs = tabs
        self.menu = menu
        self._adopt = adopt
        self.views = LazyViews(registry.views(), self._built)
        self._by_request: dict[type, str] = {c.request_type: i for i, c in self.views.classes.items()}
        self.pages: dict[str, QScrollArea] = {}
        for view_id, cls in self.views.classes.items():
            # A view wider than the window scrolls instead of forcing the window wider (long
            # Vietnamese labels, many controls): the plots never leave the screen. The view
            # itself moves in when it is built.
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QScrollArea.Shape.NoFrame)
            self.pages[view_id] = page
            tabs.addTab(page, cls.title())
        tabs.setDocumentMode(True)
        tabs.setElideMode(Qt.TextElideMode.ElideNone)  # elided, Vietnamese titles shrank to "Đồ t…"
        # Ten tabs do not fit a 1100 px window: a menu in the tab bar's corner reaches every one.
        self.all_views = QToolButton()
        self.all_views.setText("☰")
        self.all_views.setToolTip(self.tr("All views"))
        self.all_views.setAccessibleName(self.tr("All views"))
        self.all_views.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.all_views.setMenu(QMenu(self.all_views))
        self.all_views.menu().aboutToShow.connect(self._fill_view_menu)
        tabs.setCornerWidget(self.all_views, Qt.Corner.TopRightCorner)
        # Each view's actions go in before these two separators when the view is built.
        self._view_actions_end = menu.addSeparator()
        self._global_actions_end = menu.addSeparator()
        self._global_actions_end.setVisible(False)  # an anchor only: no line before what follows
        self.global_actions = self._make_global_actions(toolbar)
        self.devices: list[str] | None = None
        """The devices this machine has, once PyTorch has answered."""
        self.device_notice = notice

    def _fill_view_menu(self) -> None:
        menu = self.all_views.menu()
        menu.clear()
        for index in range(self.tabs.count()):
            action = menu.addAction(self.tabs.tabText(index))
            action.setCheckable(True)
            action.setChecked(index == self.tabs.currentIndex())
            action.setEnabled(self.tabs.isTabEnabled(index))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))

    def set_devices(self, devices: list[str]) -> None:
        """PyTorch answered: every view built so far (and each one built later) checks the devices
        its own settings name (a pinned curve stored on cuda:7) and says what it moved."""
        self.devices = list(devices)
        for view in self.views.built():
            for text in view.adopt_devices(self.devices):
                self.device_notice(text)

    def _built(self, view: View) -> None:
        self._adopt(view)
        if self.devices is not None:
            for text in view.adopt_devices(self.devices):
                self.device_notice(text)
        self.pages[view.id].setWidget(view)
        before = self._view_actions_end  # in tab order, whichever views were built first
        ids = list(self.views)
        for later in ids[ids.index(view.id) + 1 :]:
            built = self.views.if_built(later)
            if built is not None and built.actions():
                before = built.actions()[0]
                break
        for action in view.actions():
            action.setEnabled(False)  # until its tab is shown (show)
            self.menu.insertAction(before, action)
        view.adopt_global_actions(self.global_actions.get(view.id, {}))

    def _make_global_actions(self, toolbar: QToolBar) -> dict[str, dict[str, QAction]]:
        """The views' declared toolbar actions, before any view is built: each builds its view
        when first triggered. By view id, then by the slot each calls."""
        made: dict[str, dict[str, QAction]] = {}
        for view_id, cls in self.views.classes.items():
            for declared in cls.global_actions():
                action = QAction(declared.text, self)
                action.setShortcut(QKeySequence(declared.shortcut))
                action.setToolTip(declared.tooltip)
                action.setData((view_id, declared.slot))
                action.triggered.connect(self._on_global_action)
                self.menu.insertAction(self._global_actions_end, action)
                toolbar.addAction(action)
                made.setdefault(view_id, {})[declared.slot] = action
        return made

    def _on_global_action(self) -> None:
        """A declared toolbar action: its view (built now if it was not) does what it names."""
        action = self.sender()
        assert isinstance(action, QAction)
        view_id, slot = action.data()
        getattr(self.views[view_id], slot)()

    def available(self, state: ExplorerState, problems: list[str]) -> ExplorerState:
        """``state``, on the first tab if its view is not offered here (a feature uninstalled)."""
        if state.view in self.views:
            return state
        first = next(iter(self.views))
        problems.append(f"view {state.view!r} is not available; showing {first}")
        return replace(state, view=first)

    def tab_index(self, view_id: str) -> int:
        """The tab that hosts view ``view_id`` (tabs follow the features' order)."""
        return list(self.views).index(view_id)

    def view_id_at(self, index: int) -> str:
        return list(self.views)[index]

    def shown_view_id(self, state: ExplorerState) -> str:
        """The chosen view if it can show the activation, else the first that can."""
        classes = self.views.classes
        chosen = classes.get(state.view)
        if chosen is not None and chosen.accepts(state.spec):
            return state.view
        return next(i for i, cls in classes.items() if cls.accepts(state.spec))

    def normalised(self, state: ExplorerState) -> ExplorerState:
        """``state`` with each parameter inside the limits of the view that will show it."""
        limits = self.views.classes[self.shown_view_id(state)].param_limits(state.spec)
        params = state.current_params()
        clamped = {
            name: type(value)(min(max(value, limits[name][0]), limits[name][1]))
            for name, value in params.items()
            if name in limits and isinstance(value, (int, float))
        }
        if all(params[name] == value for name, value in clamped.items()):
            return state
        return state.with_params({**params, **clamped})

    def show(self, state: ExplorerState) -> View:
        """Enable the tabs that can show the activation, bring the shown view's tab forward and
        its menu actions on; the view shown."""
        view = self.views[self.shown_view_id(state)]
        with QSignalBlocker(self.tabs):
            for index, cls in enumerate(self.views.classes.values()):
                self.tabs.setTabEnabled(index, cls.accepts(state.spec))
            self.tabs.setCurrentIndex(self.tab_index(view.id))
        for each in self.views.built():
            for action in each.actions():
                action.setEnabled(each is view)
        return view

    def view_for(self, result: Any) -> View | None:
        """The built view whose request type ``result`` answers (None: not built, or nobody's)."""
        view_id = self._by_request.get(type(result.request))
        return self.views.if_built(view_id) if view_id is not None else None
