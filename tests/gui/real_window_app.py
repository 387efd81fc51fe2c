"""`actviewer gui`, run exactly as a user runs it, plus a report of where its controls lie on screen.

`test_real_window.py` drives this process with real X events (xdotool) in an Xvfb display. A test
cannot guess where a slider lies in another process's window, so this script, and only this
script, writes it down: each time the curve's plot has painted a result it prints one JSON line
on stdout with the screen rectangles of the first parameter's slider and of the output plot's data
area, the parameter values the painted result was computed with, the window's current values,
and whether work is still on its way. Everything else is the shipped code path: the CLI, the
window, the run loop and Quit.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def main() -> int:
    param = sys.argv[1]
    from PySide6.QtCore import QEvent, QObject, QPoint
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    from actviewer import cli
    from actviewer.gui import app

    open_window = app.open_window

    def screen_rect(widget: Any, x: int, y: int, width: int, height: int) -> list[int]:
        corner = widget.mapToGlobal(QPoint(x, y))
        return [corner.x(), corner.y(), width, height]

    class Reporter(QObject):
        """Writes the report after the plot's viewport paints a result (not when it arrives)."""

        def __init__(self, window: Any) -> None:
            super().__init__(window)
            self.window = window
            self.shown: Any = None
            window.result_shown.connect(lambda result: setattr(self, "shown", result))

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.shown is not None:
                self.write()
            return False

        def write(self) -> None:
            window = self.window
            slider = window.param_panel.controls[param].slider
            option = QStyleOptionSlider()
            slider.initStyleOption(option)
            handle = slider.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
            )
            plots = window.views["curve"].plots
            area = plots.view.mapFromScene(plots.output_plot.vb.sceneBoundingRect()).boundingRect()
            centre = slider.mapToGlobal(handle.center())
            data = {
                "pid": os.getpid(),
                "window": int(window.winId()),
                "slider": screen_rect(slider, 0, 0, slider.width(), slider.height()),
                "handle": [centre.x(), centre.y()],
                "plot": screen_rect(plots.view, area.x(), area.y(), area.width(), area.height()),
                "painted": dict(self.shown.request.params),
                "state": dict(window.state.current_params()),
                "busy": bool(window.controller.busy),
            }
            print(json.dumps(data), flush=True)

    def reporting_window(*args: Any, **kwargs: Any) -> Any:
        window = open_window(*args, **kwargs)
        reporter = Reporter(window)
        window.views["curve"].plots.view.viewport().installEventFilter(reporter)
        return window

    app.open_window = reporting_window
    return cli.main(["gui", *sys.argv[2:]])


if __name__ == "__main__":
    sys.exit(main())
