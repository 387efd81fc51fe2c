"""The guided lesson: its dock, the step shown, and the tutorial's printed examples.

Each step chooses an activation, its parameters and a view (the window shows
them through :attr:`LessonController.step_chosen`); the example the tutorial
prints is computed by a worker of its own, so it never waits behind the plots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ..core.errors import InputError
from ..core.features import view_ids
from ..core.lesson import Lesson, load_lesson
from .panels.lesson import LessonPanel
from .settings import SettingsStore
from .worker import ComputeController

MAX_STORED_STEP_DIGITS = 4
"""A stored step is a small whole number; a longer text (5,000 digits, say) is not read as one."""


class LessonController(QObject):
    step_chosen = Signal(str, str, object)
    """(activation, view id, parameters) of the step now shown."""
    failed = Signal(str, str)
    """(title, message): the lesson could not be opened."""

    def __init__(
        self, window: QMainWindow, beside: QDockWidget, language: str, settings: SettingsStore
    ) -> None:
        super().__init__(window)
        self.settings = settings
        self.panel = LessonPanel(language)
        self.dock = QDockWidget(self.tr("Lesson"), window)
        self.dock.setObjectName("lesson_dock")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(340)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(beside, self.dock)
        self.dock.hide()
        self.panel.step_requested.connect(self.go_to_step)
        self.examples: ComputeController | None = None
        self.lesson: Lesson | None = None

    def open(self, name: str, step: int | None = None) -> bool:
        """Show the lesson ``name`` at ``step`` (0-based; default: the last step seen)."""
        try:
            lesson = load_lesson(name, view_ids())
        except InputError as err:
            self.failed.emit(self.tr("Cannot open the lesson"), str(err))
            return False
        self.lesson = lesson
        self.panel.set_lesson(lesson)
        if self.examples is None:
            self.examples = ComputeController(devices_fn=lambda: [], parent=self)
            self.examples.result_ready.connect(self.panel.show_example)
            self.examples.failed.connect(lambda error: self.panel.example_failed(str(error)))
        self.dock.show()
        self.dock.raise_()
        self.go_to_step(step if step is not None else self._stored_step(name))
        return True

    def _stored_step(self, name: str) -> int:
        seen = str(self.settings.qsettings.value(f"lesson/{name}/step", 0))
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        return int(seen) if seen.isdecimal() and len(seen) <= MAX_STORED_STEP_DIGITS else 0

    def go_to_step(self, index: int) -> None:
        """Show the step's page and ask the window for its activation, parameters and view."""
        if self.lesson is None or self.examples is None:
            return
        index = min(max(index, 0), len(self.lesson.steps) - 1)
        step = self.lesson.steps[index]
        self.examples.submit(self.panel.show_step(index))
        params: Mapping[str, Any] = dict(step.params)
        self.step_chosen.emit(step.activation, step.view, params)
        self.settings.qsettings.setValue(f"lesson/{self.lesson.id}/step", index)

    def idle(self) -> bool:
        """No lesson is open, or its step's printed output is shown."""
        return not self.dock.isVisible() or not self.panel.waiting

    def shutdown(self, wait_s: float) -> None:
        if self.examples is not None:
            self.examples.shutdown(wait_s)
