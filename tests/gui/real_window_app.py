"""`actviewer gui`, run exactly as a user runs it, plus a report of where its controls lie on screen.

`test_real_window.py` drives this process with real X events (xdotool) in an Xvfb display. A test
cannot guess where a slider lies in another process's window, so this script, and only this
script, writes it down: after each shown result it rewrites a small JSON file with the first
parameter slider's and the plot view's screen rectangles and the parameter values that the shown
result was computed with. Everything else is the shipped code path: the CLI, the window, the run
loop and Quit.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def _screen_rect(widget: Any) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def main() -> int:
    report = Path(sys.argv[1])
    import pyqtgraph as pg
    from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider

    from actviewer import cli
    from actviewer.gui import app

    open_window = app.open_window

    def reporting_window(*args: Any, **kwargs: Any) -> Any:
        window = open_window(*args, **kwargs)

        def write(result: Any) -> None:
            slider = next(s for s in window.findChildren(QSlider) if s.isVisible())
            plot = next(v for v in window.findChildren(pg.GraphicsView) if v.isVisible())
            option = QStyleOptionSlider()
            slider.initStyleOption(option)
            handle = slider.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
            )
            handle_centre = slider.mapToGlobal(handle.center())
            params = getattr(getattr(result, "request", None), "params", None)
            data = {
                "pid": os.getpid(),
                "window": int(window.winId()),
                "slider": _screen_rect(slider),
                "handle": [handle_centre.x(), handle_centre.y()],
                "plot": _screen_rect(plot),
                "params": dict(params) if params is not None else None,
            }
            temporary = report.with_suffix(".tmp")
            temporary.write_text(json.dumps(data))
            temporary.replace(report)

        window.result_shown.connect(write)
        return window

    app.open_window = reporting_window
    return cli.main(["gui", *sys.argv[2:]])


if __name__ == "__main__":
    sys.exit(main())
