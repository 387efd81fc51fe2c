"""The Learn dock: the activation's facts, its PyTorch code for the current values, and what the
view on screen computes, kept in step with the state.

Re-laying out the Learn page costs ~3-5 ms, so during a drag it follows once
the drag pauses; another activation is shown at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ..core.errors import InputError
from ..core.state import ExplorerState
from ..core.texts import Texts
from .panels.learn import LearnPanel
from .views.base import View

LEARN_INTERVAL_MS = 150
MIN_DOCK_WIDTH = 220
MAX_DOCK_SHARE = 0.25
"""Of the window's width the Learn dock keeps when the window narrows (400 px of 1440 at the start)."""


class LearnController(QObject):
    def __init__(
        self, window: QMainWindow, texts: Texts, shown: Callable[[], tuple[ExplorerState, View]]
    ) -> None:
        """``shown``: the state and the view on screen now."""
        super().__init__(window)
        self.panel = LearnPanel(texts)
        self.dock = QDockWidget(self.tr("Learn"), window)
        self.dock.setObjectName("learn_dock")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(MIN_DOCK_WIDTH)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [400], Qt.Orientation.Horizontal)
        self.window = window
        window.installEventFilter(self)  # a narrower window narrows the dock too (see eventFilter)
        self.toggle = self.dock.toggleViewAction()
        self.toggle.setText(self.tr("Show &Learn Panel"))
        self.toggle.setShortcut("F1")
        self._shown = shown
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(LEARN_INTERVAL_MS)
        self.timer.timeout.connect(self.update)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """QMainWindow gives a narrower window's loss to the central widget alone: at 1100 px the
        dock kept 400 and the plots got ~380. The dock gives up its share beyond MAX_DOCK_SHARE."""
        if watched is self.window and event.type() == QEvent.Type.Resize and self.dock.isVisible():
            most = max(MIN_DOCK_WIDTH, int(self.window.width() * MAX_DOCK_SHARE))
            if self.dock.width() > most and not self.dock.isFloating():
                self.window.resizeDocks([self.dock], [most], Qt.Orientation.Horizontal)
        return super().eventFilter(watched, event)

    def state_changed(self, state: ExplorerState) -> None:
        if self.panel.shows(state.spec):
            self.timer.start()  # parameter edits: once they pause
        else:
            self.update()  # another activation: at once

    def update(self) -> None:
        state, view = self._shown()
        try:
            code = view.learn_input_code(state)
            form = view.learn_snippet(state)
        except InputError:
            return  # the window's banner already says what is wrong
        self.panel.show_view(view.id)
        self.panel.show_code(state.spec, state.current_params(), code, form, view.unused_params(state.spec))
        try:
            self.panel.show_program(view.learn_program(state))
        except InputError:
            self.panel.show_program(None)

    def show_result(self, result: Any) -> None:
        self.panel.show_result(result, render=not self.timer.isActive())
