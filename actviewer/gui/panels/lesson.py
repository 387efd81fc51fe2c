"""The Lesson panel: one step of a guided lesson per page, with Back/Next and progress.

The panel shows the step's text in the interface language, what to look at,
the tutorial's two code forms for the step's parameters, and what they
print (computed on the worker by the host). It never changes the window
itself: it says which step is wanted, and the host selects it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.lesson import ExampleRequest, ExampleResult, Lesson
from ..figures.style import palette
from .learn import CodeBox


class LessonPanel(QWidget):
    step_requested = Signal(int)
    """The user asked for step ``index`` (0-based) with Back or Next."""
    example_shown = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.lesson: Lesson | None = None
        self.index = 0
        self.example: ExampleRequest | None = None
        self.waiting = False
        """The step's printed output is still being computed."""
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(self.tr("Lesson progress"))
        self.body = QTextBrowser()
        self.body.setOpenExternalLinks(False)
        self.body.setMinimumHeight(110)
        self.functional = CodeBox(self.tr("Functional form"))
        self.module = CodeBox(self.tr("Module form (torch.nn)"))
        for box in (self.functional, self.module):
            box.editor.setMinimumHeight(150)
            box.editor.setMaximumHeight(170)
        printed = self.tr("What print(output) shows")
        self.output_title = QLabel(f"<b>{html.escape(printed)}</b>")
        self.output = QLabel()
        self.output.setTextFormat(Qt.TextFormat.PlainText)  # exactly what print wrote, spaces and all
        self.output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output.setWordWrap(True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.output.setStyleSheet(f"background: {palette().panel}; padding: 6px;")
        self.output.setAccessibleName(self.tr("Printed output"))
        self.back = QPushButton(self.tr("← &Back"))
        self.next = QPushButton(self.tr("&Next →"))
        self.back.clicked.connect(lambda: self.step_requested.emit(self.index - 1))
        self.next.clicked.connect(lambda: self.step_requested.emit(self.index + 1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        # Back and Next first: below a heading that wraps to two lines on some steps they moved,
        # and a click meant for Next landed on nothing.
        layout.addLayout(buttons)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.functional)
        layout.addWidget(self.module)
        layout.addWidget(self.output_title)
        layout.addWidget(self.output)

    def set_lesson(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.progress.setRange(1, len(lesson.steps))

    def show_step(self, index: int) -> ExampleRequest:
        """Show step ``index`` and return the example whose printed output it waits for."""
        assert self.lesson is not None
        lesson, lang = self.lesson, self.language
        step = lesson.steps[index]
        self.index = index
        count = len(lesson.steps)
        self.heading.setText(
            f"<span style='color:{palette().muted}'>{html.escape(lesson.title[lang])}</span><br>"
            f"<span style='font-size:14pt'><b>{html.escape(step.title[lang])}</b></span>"
        )
        self.progress.setValue(index + 1)
        self.progress.setFormat(
            self.tr("Step %(n)d of %(count)d")
            .replace("%(n)d", str(index + 1))
            .replace("%(count)d", str(count))
        )
        look = self.tr("Look at this:")
        self.body.setHtml(
            f"<p>{html.escape(step.text[lang])}</p><p><b>{html.escape(look)}</b> {html.escape(step.look[lang])}</p>"
        )
        self.back.setEnabled(index > 0)
        self.next.setEnabled(index < count - 1)
        self.example = ExampleRequest(step.activation, step.params, lesson.example).validated()
        functional, module = self.example.forms()
        self.functional.set_code(functional, functional)
        self.module.setVisible(module is not None)
        if module is not None:
            self.module.set_code(module, module)
        self.output.setText(self.tr("Computing…"))
        self.waiting = True
        return self.example

    def show_example(self, result: ExampleResult) -> None:
        if result.request != self.example:
            return  # an earlier step's
        self.output.setText(result.printed)
        self.waiting = False
        self.example_shown.emit()

    def example_failed(self, message: str) -> None:
        self.output.setText(message)
        self.waiting = False
        self.example_shown.emit()
