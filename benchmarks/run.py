"""actviewer's performance figures: latency, the floor under it, matplotlib beside it.

    python benchmarks/run.py [--quick] [--json FILE] [--rows NAME,...] [--device cuda]

Drives the real main window offscreen through its public API (``set_state``,
the signals ``result_shown`` and Qt paint events) and prints a table; with
``--json`` it writes every raw sample too. Warm-up runs are excluded; p50 and
p95 are computed from the raw samples. See benchmarks/README.md for the
targets and the figures measured on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer  # noqa: E402

SIZES = {"1e3": 1_000, "1e5": 100_000, "1e6": 1_000_000, "1e7": 10_000_000}
ACTIVATION, PARAM = "elu", "alpha"
INPUT_INTERVAL_S = 1 / 60
"""Changes in the latency rows arrive at most this often: a drag's mouse events on a 60 Hz display.
Sooner than MIN_FRAME_INTERVAL_S after the previous job, a change would wait for the worker's
pacer, which exists for input storms (the storm row measures those)."""


def percentiles(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "samples": samples}


class PaintWatch(QObject):
    """Counts paint events of the plot viewports: a frame is painted when all have painted."""

    def __init__(self, widgets: list[Any]) -> None:
        super().__init__()
        self.painted: set[int] = set()
        self.loop: QEventLoop | None = None
        self.widgets = widgets
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.add(id(watched))
            if self.loop is not None and len(self.painted) == len(self.widgets):
                self.loop.quit()
        return False


def wait_for(condition: Callable[[], bool], loop: QEventLoop, timeout_ms: int = 120_000) -> None:
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    while not condition() and timer.isActive():
        loop.exec()
    if not condition():
        raise TimeoutError("the frame did not arrive in time")


class Harness:
    """A real MainWindow on throwaway settings, and a way to time one change to its painted frame."""

    def __init__(self, device: str = "cpu") -> None:
        import tempfile

        from actviewer.gui.app import freeze_startup_heap, make_application
        from actviewer.gui.main_window import DEFAULT_SIZE, MainWindow
        from actviewer.gui.settings import SettingsStore

        self.app = make_application()
        folder = tempfile.mkdtemp(prefix="actviewer-bench-")
        self.window = MainWindow(
            settings=SettingsStore(QSettings(f"{folder}/s.ini", QSettings.Format.IniFormat))
        )
        self.window.resize(*DEFAULT_SIZE)
        self.window.show()
        self.loop = QEventLoop()
        self.results: list[Any] = []
        self._last_change = -1e9
        self.window.result_shown.connect(self._on_result)
        self.window.error_shown.connect(lambda m: print(f"  error from the window: {m}", file=sys.stderr))
        plots = self.window.views["curve"].plots
        self.watch = PaintWatch([plots.view.viewport()])
        self.watch.loop = self.loop
        wait_for(lambda: bool(self.results), self.loop)
        freeze_startup_heap()  # as the app does after its first result
        self.settle()
        if device != "cpu":  # as a user picks it: the first result there also creates the CUDA context
            self.change(replace(self.window.state, device=device), lambda r: r.request.device == device)
            self.settle()

    def _on_result(self, result: Any) -> None:
        self.results.append(result)
        self.watch.painted.clear()
        self.loop.quit()

    def settle(self) -> None:
        wait_for(lambda: not self.window.controller.busy, self.loop)
        for _ in range(3):
            self.app.processEvents()

    def change(self, state: Any, check: Callable[[Any], bool]) -> float:
        """Set ``state`` (or call it: a user's action) and return ms until a result passing
        ``check`` is painted."""
        gap_ms = (INPUT_INTERVAL_S - (time.perf_counter() - self._last_change)) * 1e3
        if gap_ms >= 1:
            gap = QEventLoop()  # its own loop: a stray paint or result must not end the gap early
            QTimer.singleShot(int(gap_ms), gap.quit)
            gap.exec()
        self._last_change = time.perf_counter()
        self.results.clear()
        self.watch.painted.clear()
        start = time.perf_counter()
        if callable(state):
            state()
        else:
            self.window.set_state(state)

        def done() -> bool:
            return (
                bool(self.results)
                and check(self.results[-1])
                and len(self.watch.painted) == len(self.watch.widgets)
            )

        wait_for(done, self.loop)
        return (time.perf_counter() - start) * 1e3


def value_for(i: int) -> float:
    return round(0.5 + (i % 40) * 0.05, 3)


def measure_latency(h: Harness, label: str, n: int, runs: int, warmup: int) -> dict[str, Any]:
    adaptive = label.startswith("adaptive")
    base = replace(h.window.state, activation=ACTIVATION, adaptive=adaptive, samples=n if n else 1001)
    h.window.set_state(base)
    h.settle()
    if label == "adaptive_drag":
        return _measure_drag(h, runs, warmup)
    return _measure_changes(h, base, runs, warmup)


def _measure_drag(h: Harness, runs: int, warmup: int) -> dict[str, Any]:
    """The parameter's slider held down and moved, as a hand drags it: each change takes the
    path a drag takes (the slider's value -> its control -> the window), with still axes and the
    interactive drawing."""
    control = h.window.param_panel.controls[PARAM]
    slider = control.slider
    low, high = control.spec.ui_min, control.spec.ui_max  # the slider's range (ELU's alpha is linear)
    slider.setSliderDown(True)  # sliderPressed: what a press on the handle sends
    samples = []
    try:
        for i in range(warmup + runs):
            value = value_for(i)  # consecutive values differ by more than the declared step
            if value == control.value():
                value += 0.1
            position = round((value - low) / (high - low) * slider.maximum())
            ms = h.change(
                lambda p=position: slider.setValue(p),
                lambda r: (
                    getattr(r, "request", None) is not None and r.request.params.get(PARAM) == control.value()
                ),
            )
            if i >= warmup:
                samples.append(ms)
    finally:
        slider.setSliderDown(False)
    return percentiles(samples)


def measure_settle(h: Harness, runs: int) -> dict[str, Any]:
    """After the slider is let go, ms until the full-quality (antialiased) frame is painted: the
    settle delay (``SETTLE_MS``) plus one full-quality paint."""
    from actviewer.gui.views._paint import SETTLE_MS

    quality = h.window.views["curve"].plots.quality
    base = replace(h.window.state, activation=ACTIVATION, adaptive=True)
    samples = []
    for i in range(runs):
        h.window.param_panel.dragging.emit(True)
        h.change(base.with_params({PARAM: value_for(i) + 0.003}), lambda r: True)
        h.watch.painted.clear()
        start = time.perf_counter()
        h.window.param_panel.dragging.emit(False)
        wait_for(lambda: not quality.interactive and len(h.watch.painted) == len(h.watch.widgets), h.loop)
        samples.append((time.perf_counter() - start) * 1e3)
    return {**percentiles(samples), "settle_ms": SETTLE_MS}


def _measure_changes(h: Harness, base: Any, runs: int, warmup: int) -> dict[str, Any]:
    samples = []
    for i in range(warmup + runs):
        value = value_for(i)
        if value == h.window.state.current_params().get(PARAM):
            value += 0.01
        ms = h.change(
            base.with_params({PARAM: value}),
            lambda r, v=value: getattr(r, "request", None) is not None and r.request.params.get(PARAM) == v,
        )
        if i >= warmup:
            samples.append(ms)
    return percentiles(samples)


LAB_VIEWS = {"stack_default": "stack", "dist_1e6": "distribution", "critical_default": "critical"}
"""Network-lab rows: a parameter change to the painted frame, at each view's defaults
(20 x 256 x 512 for the stack, 1e6 samples for the distribution, a 64 x 64 phase diagram with
the point's 50-layer maps and a measured width-256 network for criticality)."""


def measure_lab(
    h: Harness,
    view_id: str,
    runs: int,
    warmup: int,
    params_of: Callable[[Any], Any] = lambda r: r.request.params,
) -> dict[str, Any]:
    """A change of the activation's parameter -> the view's frame painted; ``params_of`` finds
    the live parameters in the view's result (to know the frame is the change's)."""
    view = h.window.views[view_id]
    watched = PaintWatch([view.graphics.viewport()])
    watched.loop = h.loop
    previous, h.watch = h.watch, watched
    try:
        base = replace(h.window.state, activation=ACTIVATION, view=view_id)
        h.window.set_state(base)
        h.settle()
        samples = []
        for i in range(warmup + runs):
            value = value_for(i)
            if value == h.window.state.current_params().get(PARAM):
                value += 0.01
            ms = h.change(
                base.with_params({PARAM: value}),
                lambda r, v=value: type(r) is view.result_type and params_of(r).get(PARAM) == v,
            )
            if i >= warmup:
                samples.append(ms)
    finally:
        h.watch = previous
        h.window.set_state(replace(h.window.state, view="curve"))
        h.settle()
    return percentiles(samples)


COMPARE8 = ("gelu", "silu", "mish", "hardswish", "softplus", "relu6", "celu", "selu")
"""Pinned overlays; not the live curve's activation (ELU), which the view would draw once when equal."""


def measure_compare8(h: Harness, runs: int, warmup: int) -> dict[str, Any]:
    """The Compare view with 8 pinned overlays (and the live curve, dashed): a change of the
    live curve's parameter -> all nine curves, f, f' and the difference panel painted."""
    from actviewer.core.compare import CurveSpec

    view = h.window.views["compare"]
    view.clear()
    for activation in COMPARE8:
        view.pin(CurveSpec(activation).validated())
    try:
        return measure_lab(h, "compare", runs, warmup, params_of=lambda r: r.request.curves[-1].params)
    finally:
        view.clear()


def measure_stack_big(h: Harness, hold_s: float, finish: bool) -> dict[str, Any]:
    """The deep stack at 200 layers x 1024 (~20 s to compute) while a 1 ms GUI timer ticks.

    Set with the view's own spin boxes, as a person would (width, then layers: two
    requests); the longest gap between ticks is the worst GUI stall. With ``finish``
    the big stack first runs to its end and is painted (``finished``). Then, ``hold_s``
    into a big computation (the first, or one for another seed), the spin boxes go back
    to 20 x 256 and seed 0: the time from that change to the painted default frame shows
    whether latest wins (``superseded``).
    """
    view = h.window.views["stack"]
    watched = PaintWatch([view.graphics.viewport()])
    watched.loop = h.loop
    previous, h.watch = h.watch, watched
    controller = h.window.controller
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def stall() -> dict[str, Any]:
        ticks.append(time.perf_counter())
        gaps = [(b - a, a) for a, b in itertools.pairwise(ticks)]
        worst, at = max(gaps)
        figures = {
            "gui_max_stall_ms": worst * 1e3,
            "gui_max_stall_at_s": at - ticks[0],
            "gaps_over_10ms": sum(1 for gap, _ in gaps if gap > 0.010),
            "gaps_over_25ms": sum(1 for gap, _ in gaps if gap > 0.025),
        }
        ticks[:] = [time.perf_counter()]
        return figures

    def painted(layers: int, width: int, seed: int) -> Callable[[], bool]:
        def done() -> bool:
            return (
                bool(h.results)
                and (h.results[-1].request.layers, h.results[-1].request.width) == (layers, width)
                and h.results[-1].request.seed == seed
                and len(h.watch.painted) == len(h.watch.widgets)
            )

        return done

    report: dict[str, Any] = {}
    try:
        h.window.set_state(replace(h.window.state, activation="relu", view="stack"))
        h.settle()
        default = (view.settings.layers, view.settings.width, view.settings.seed)
        abandoned = controller.jobs_abandoned
        h.results.clear()
        timer.start()
        ticks.append(time.perf_counter())
        view.spins["width"].setValue(1024)
        view.spins["layers"].setValue(200)
        if finish:
            wait_for(painted(200, 1024, default[2]), h.loop, timeout_ms=300_000)
            report["finished"] = {"compute_s": h.results[-1].elapsed_s, **stall()}
            view.spins["seed"].setValue(default[2] + 1)  # another big stack to supersede
        hold = QTimer()
        hold.setSingleShot(True)
        hold.timeout.connect(h.loop.quit)
        end = time.perf_counter() + hold_s
        while (left := end - time.perf_counter()) > 0:
            hold.start(max(1, math.ceil(left * 1000)))  # a coarse timer may fire a little early
            h.loop.exec()  # results and paints quit it too
        hold.stop()
        h.results.clear()
        h.watch.painted.clear()
        big_running = controller.busy
        start = time.perf_counter()
        for name, value in zip(("layers", "width", "seed"), default, strict=True):
            view.spins[name].setValue(value)
        wait_for(painted(*default), h.loop)
        report["superseded"] = {
            "hold_s": hold_s,
            "big_still_running_at_change": big_running,
            "change_to_frame_ms": (time.perf_counter() - start) * 1e3,
            **stall(),
        }
        report["jobs_abandoned"] = controller.jobs_abandoned - abandoned
        return report
    finally:
        timer.stop()
        h.watch = previous
        h.settle()
        h.window.set_state(replace(h.window.state, view="curve"))
        h.settle()


class PaintTimes(QObject):
    """When each paint of ``widget`` ended (a posted timer fires once the paint has returned)."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.times: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: self.times.append(time.perf_counter()))
        return False


def measure_training(h: Harness, seconds: float) -> dict[str, Any]:
    """The training tab playing ReLU on the circle (2 x 8, batch 10, its defaults) for ``seconds``:
    steps trained per second of wall time while the view redraws, the frame interval (p50/p95,
    one frame per painted result) and the longest gap between ticks of a 1 ms GUI timer."""
    view = h.window.views["train"]
    h.window.set_state(replace(h.window.state, activation="relu", view="train"))
    h.settle()
    view.reset()
    h.settle()
    paints = PaintTimes(view.graphics.viewport())
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    rates: list[float] = []
    shown: list[float] = []

    def on_result(result: Any) -> None:
        rates.append(getattr(result, "steps_per_second", 0.0))
        shown.append(time.perf_counter())

    h.window.result_shown.connect(on_result)
    start = time.perf_counter()
    timer.start()
    view.set_playing(True)
    hold = QTimer()
    hold.setSingleShot(True)
    hold.timeout.connect(h.loop.quit)
    end = start + seconds
    while (left := end - time.perf_counter()) > 0:
        hold.start(max(1, math.ceil(left * 1000)))
        h.loop.exec()
    view.set_playing(False)
    timer.stop()
    elapsed = time.perf_counter() - start
    h.settle()
    steps = view.last_result.runs[0].step
    h.window.result_shown.disconnect(on_result)
    # A frame: a result shown and then painted (the paint that follows each result).
    painted = [next((p for p in paints.times if p >= t), t) for t in shown if t >= start + 1.0]
    frames = [b - a for a, b in itertools.pairwise(painted)]
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    h.window.set_state(replace(h.window.state, view="curve"))
    h.settle()
    return {
        "seconds": elapsed,
        "steps": steps,
        "steps_per_s": steps / elapsed,
        "frame_ms": {**percentiles([f * 1e3 for f in frames]), "samples": [f * 1e3 for f in frames]},
        "frames_per_s": 1 / statistics.median(frames) if frames else 0.0,
        "worker_steps_per_s": {**percentiles([r for r in rates if r > 0]), "samples": rates},
        "gui_max_stall_ms": max(gaps) * 1e3 if gaps else 0.0,
        "gui_gap_ms": {
            **percentiles([g * 1e3 for g in gaps]),
            "samples": sorted(g * 1e3 for g in gaps)[-50:],
        },
        "gaps_over_25ms": sum(1 for gap in gaps if gap > 0.025),
    }


def measure_floor(n: int, runs: int, warmup: int, thin: bool = False, device: str = "cpu") -> dict[str, Any]:
    """torch forward + backward and pyqtgraph setData + paint of two curves, without the app.

    The same pyqtgraph set-up as the window (one view, two plots, peak downsampling and
    clip-to-view), none of its logic: the floor the app should approach. Naive: default
    pens and settings, antialiased 2.5 px strokes (the app's full-quality frame); ``thin``:
    1 px aliased strokes, what the app draws while a slider is dragged.
    """
    import pyqtgraph as pg
    import torch
    from PySide6.QtWidgets import QApplication

    from actviewer.core.allocator import tune_allocator

    tune_allocator()
    app = QApplication.instance()
    view = pg.GraphicsLayoutWidget()
    view.setBackground("w")
    view.resize(870, 660)
    view.show()
    curves = []
    for row in range(2):
        pen = pg.mkPen("#1f77b4", width=1.0 if thin else 2.5)
        curve = view.addPlot(row=row, col=0).plot(pen=pen, antialias=not thin)
        curve.setDownsampling(auto=True, method="peak")
        curve.setClipToView(True)
        curves.append(curve)
    x = torch.linspace(-6, 6, n, device=device).requires_grad_(True)
    xs = x.detach().cpu().numpy()
    samples = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        y = torch.nn.functional.elu(x, alpha=value_for(i))
        (dy,) = torch.autograd.grad(y, x, torch.ones_like(y))
        curves[0].setData(xs, y.detach().cpu().numpy())
        curves[1].setData(xs, dy.cpu().numpy())
        app.processEvents()  # the scene applies the new data (its dirty items) here
        view.viewport().repaint()
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1e3)
    view.close()
    return percentiles(samples)


def measure_matplotlib(n: int, runs: int, warmup: int, device: str = "cpu") -> dict[str, Any] | None:
    try:
        import matplotlib

        matplotlib.use("QtAgg")
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None
    import torch

    figure = Figure(figsize=(8.7, 6.6), dpi=100)
    canvas = FigureCanvasQTAgg(figure)
    canvas.resize(870, 660)
    canvas.show()
    top, bottom = figure.subplots(2, 1, sharex=True)
    x = torch.linspace(-6, 6, n, device=device).requires_grad_(True)
    xs = x.detach().cpu().numpy()
    (line_y,) = top.plot(xs, xs)
    (line_dy,) = bottom.plot(xs, xs)
    samples = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        y = torch.nn.functional.elu(x, alpha=value_for(i))
        (dy,) = torch.autograd.grad(y, x, torch.ones_like(y))
        line_y.set_data(xs, y.detach().cpu().numpy())
        line_dy.set_data(xs, dy.cpu().numpy())
        for axis in (top, bottom):
            axis.relim()
            axis.autoscale_view()
        canvas.draw()
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1e3)
    canvas.close()
    return percentiles(samples)


def measure_stall(h: Harness) -> float:
    """Longest gap between ticks of a 1 ms GUI timer while a 1e7-sample request computes."""
    base = replace(h.window.state, activation=ACTIVATION, adaptive=False, samples=10_000_000)
    h.window.set_state(base)
    h.settle()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    worst = 0.0
    for i in range(3):
        ticks.clear()
        ticks.append(time.perf_counter())
        h.change(base.with_params({PARAM: 0.3 + 0.1 * i}), lambda r: True)
        ticks.append(time.perf_counter())
        worst = max(worst, max(b - a for a, b in itertools.pairwise(ticks)) * 1e3)
    timer.stop()
    return worst


def measure_storm(h: Harness, changes: int = 1000) -> dict[str, Any]:
    """Fire ``changes`` parameter changes within about a second, as a fast slider drag does."""
    base = replace(h.window.state, activation=ACTIVATION, adaptive=True)
    h.window.set_state(base)
    h.settle()
    controller = h.window.controller
    started = controller.jobs_started
    values = [round(0.1 + 0.002 * i, 4) for i in range(changes)]
    fired = {"count": 0, "last": 0.0, "start": 0.0}
    timer = QTimer()
    timer.setInterval(1)

    def fire() -> None:
        # Every tick fires the changes that are due, so the whole storm spans one second
        # however late the ticks come on a busy machine.
        if not fired["start"]:
            fired["start"] = time.perf_counter()
        due = min(changes, int((time.perf_counter() - fired["start"]) * changes) + 1)
        while fired["count"] < due:
            h.window.set_state(base.with_params({PARAM: values[fired["count"]]}))
            fired["count"] += 1
            fired["last"] = time.perf_counter()
        if fired["count"] >= changes:
            timer.stop()

    timer.timeout.connect(fire)
    h.results.clear()
    timer.start()
    final = values[-1]

    def done() -> bool:
        return (
            fired["count"] == changes
            and bool(h.results)
            and h.results[-1].request.params.get(PARAM) == final
            and len(h.watch.painted) == len(h.watch.widgets)
        )

    wait_for(done, h.loop)
    latency = (time.perf_counter() - fired["last"]) * 1e3
    shown = h.window.views["curve"].last_result.request.params.get(PARAM)
    return {
        "changes": changes,
        "seconds_to_fire": fired["last"] - fired["start"],
        "computations": controller.jobs_started - started,
        "final_matches": shown == final,
        "last_change_to_frame_ms": latency,
    }


PROBE = r"""
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from actviewer.core.head_start import HeadStart
head_start = HeadStart.launch()  # first, as actviewer.gui.app.run does
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from actviewer.gui.app import make_application
from actviewer.gui.main_window import MainWindow
from actviewer.gui.settings import SettingsStore
app = make_application()
window = MainWindow(
    settings=SettingsStore(QSettings(sys.argv[1], QSettings.Format.IniFormat)), head_start=head_start
)
marks = {}
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if "shown" not in marks:
                marks["shown"] = time.time()
            if "result" in marks and "curve" not in marks and obj is window.views["curve"].plots.view.viewport():
                marks["curve"] = time.time()
                QTimer.singleShot(0, app.quit)
        return False
watch = Watch()
window.installEventFilter(watch)
window.views["curve"].plots.view.viewport().installEventFilter(watch)
window.result_shown.connect(lambda r: marks.setdefault("result", time.time()))
window.show()
QTimer.singleShot(60000, app.quit)
app.exec()
print(window.controller.jobs_answered_by_head_start > 0, marks.get("shown", 0), marks.get("curve", 0))
window.close()
"""


IMPORTS = {"import_torch": "import torch", "import_qt": "import PySide6.QtWidgets, pyqtgraph"}
"""What start-up is compared with: each import alone, timed inside a fresh process."""


def measure_in_xvfb(rows: list[str], runs: int | None, quick: bool) -> dict[str, Any] | str:
    """The latency rows again with Qt's xcb platform in an Xvfb display: real X11 windows and
    expose events, closer to a user's desktop than offscreen. A reason string when it cannot run."""
    import shutil
    import tempfile

    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (apt-get install xvfb)"
    from tests.xvfb import xvfb_display

    with xvfb_display() as display:
        if display is None:
            return "Xvfb did not start within 30 s"
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "xcb.json"
            command = [sys.executable, __file__, "--rows", ",".join(rows), "--json", str(out)]
            command += ["--quick"] if quick else []
            command += ["--runs", str(runs)] if runs else []
            env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
            try:
                run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
            except subprocess.TimeoutExpired:
                return "the xcb run took over an hour"
            if run.returncode != 0:
                last = (run.stderr.strip().splitlines() or ["no message"])[-1]
                return f"the xcb run failed: {last}"
            return json.loads(out.read_text())["latency_ms"]


def installed_env() -> dict[str, str]:
    """The environment of an installed app: this tree first, and bytecode caches allowed.

    pip writes ``.pyc`` files at install, and Python writes them on an editable install's
    first start; the project's machine sets ``PYTHONDONTWRITEBYTECODE=1``, under which
    every start compiled all of actviewer's modules again (~0.1-0.2 s of window shown).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT)}


def time_import(python: str, statement: str) -> float:
    code = f"import time\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)"
    out = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, timeout=120, check=True, env=installed_env()
    )
    return float(out.stdout.split()[-1])


def measure_startup(repeats: int = 3, python: str = sys.executable) -> dict[str, float]:
    """Process start -> window painted and -> first curve painted, with ``python`` (another venv's
    interpreter measures another torch build), and the two imports they are held to, in fresh processes."""
    import tempfile

    shown, curve = [], []
    head_start_runs = 0
    imports: dict[str, list[float]] = {key: [] for key in IMPORTS}
    for run in range(repeats + 1):  # the first, untimed, writes the bytecode caches
        with tempfile.TemporaryDirectory() as folder:
            start = time.time()
            out = subprocess.run(
                [python, "-c", PROBE, f"{folder}/s.ini"],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=installed_env(),
                timeout=120,
            )
        if run == 0:
            continue
        by_head_start, painted, drawn = out.stdout.split()[-3:]
        head_start_runs += by_head_start == "True"
        shown.append(float(painted) - start)
        curve.append(float(drawn) - start)
        for key, statement in IMPORTS.items():
            imports[key].append(time_import(python, statement))
    return {
        "window_shown": statistics.median(shown),
        "first_curve": statistics.median(curve),
        **{key: statistics.median(values) for key, values in imports.items()},
        "head_start_answered": head_start_runs / repeats,
    }


ROWS = (
    *SIZES,
    "adaptive",
    "adaptive_drag",
    "settle",
    *LAB_VIEWS,
    "compare8",
    "floor",
    "matplotlib",
    "stall",
    "stack_200x1024",
    "train",
    "storm",
    "startup",
    "xcb",
)
"""What ``--rows`` can name: a latency row, or a whole section."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="few runs and no 1e7: a smoke test (~20 s)")
    parser.add_argument("--json", metavar="FILE", help="write the figures and raw samples here")
    parser.add_argument(
        "--rows",
        metavar="NAME,...",
        help=f"only these rows or sections, e.g. stack_default,dist_1e6 (of: {', '.join(ROWS)})",
    )
    parser.add_argument(
        "--python",
        metavar="PATH",
        help="also measure start-up with this interpreter (e.g. a venv with the CUDA build of torch)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        metavar="N",
        help="timed runs per row (default 100, --quick 8; lab rows a quarter)",
    )
    parser.add_argument(
        "--device",
        default="cpu",
        metavar="NAME",
        help="compute the latency, floor, stall and storm rows here (e.g. cuda); start-up stays as shipped",
    )
    args = parser.parse_args(argv)
    chosen = set(ROWS) if args.rows is None else {name.strip() for name in args.rows.split(",")}
    if unknown := chosen - set(ROWS):
        parser.error(f"unknown rows {', '.join(sorted(unknown))}; choose from {', '.join(ROWS)}")

    runs, warmup = (8, 2) if args.quick else (100, 5)
    runs = args.runs or runs
    sizes = {k: v for k, v in SIZES.items() if not (args.quick and v > 100_000)}
    mpl_runs = {1_000: runs, 100_000: runs, 1_000_000: min(runs, 30), 10_000_000: min(runs, 15)}

    harness = Harness(args.device)
    report: dict[str, Any] = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "qt_platform": os.environ.get("QT_QPA_PLATFORM"),
        },
        "quick": args.quick,
        "rows": sorted(chosen, key=ROWS.index),
        "latency_ms": {},
        "floor_ms": {},
        "matplotlib_ms": {},
    }
    import torch

    report["machine"]["torch"] = torch.__version__
    report["machine"]["torch_threads"] = torch.get_num_threads()
    report["machine"]["device"] = args.device
    if args.device.startswith("cuda"):
        report["machine"]["gpu"] = torch.cuda.get_device_name(torch.device(args.device))
    for label, n in {**sizes, "adaptive": 0, "adaptive_drag": 0}.items():
        if label in chosen:
            print(f"latency {label} ...", file=sys.stderr, flush=True)
            report["latency_ms"][label] = measure_latency(harness, label, n, runs, warmup)
    for label, view_id in LAB_VIEWS.items():
        if label in chosen:
            print(f"latency {label} ...", file=sys.stderr, flush=True)
            report["latency_ms"][label] = measure_lab(harness, view_id, max(3, runs // 4), min(warmup, 2))
    if "settle" in chosen:
        print("settle ...", file=sys.stderr, flush=True)
        report["settle_ms"] = measure_settle(harness, max(5, runs // 4))
    if "compare8" in chosen:
        print("latency compare8 ...", file=sys.stderr, flush=True)
        report["latency_ms"]["compare8"] = measure_compare8(harness, max(5, runs // 2), min(warmup, 2))
    adaptive_n = (
        harness.results[-1].request.samples
        if "adaptive" in report["latency_ms"] and harness.results
        else 2 * harness.window.views["curve"].plots.pixel_width()
    )
    if "floor" in chosen:
        for label, n in {**sizes, "adaptive": adaptive_n}.items():
            print(f"floor {label} ...", file=sys.stderr, flush=True)
            report["floor_ms"][label] = measure_floor(n, runs, warmup, device=args.device)
        print("floor adaptive, thin aliased pens ...", file=sys.stderr, flush=True)
        report["floor_ms"]["adaptive_thin"] = measure_floor(
            adaptive_n, runs, warmup, thin=True, device=args.device
        )
    if "matplotlib" in chosen:
        for label, n in sizes.items():
            print(f"matplotlib {label} ...", file=sys.stderr, flush=True)
            result = measure_matplotlib(n, mpl_runs[n], min(warmup, 2), args.device)
            if result is not None:
                report["matplotlib_ms"][label] = result
    if "stall" in chosen and not args.quick:
        print("stall ...", file=sys.stderr, flush=True)
        report["gui_max_stall_ms"] = measure_stall(harness)
    if "stack_200x1024" in chosen:
        print("stack 200 x 1024 ...", file=sys.stderr, flush=True)
        report["stack_200x1024"] = measure_stack_big(harness, 0.5 if args.quick else 3.0, not args.quick)
    if "train" in chosen:
        print("training 2 x 8, batch 10, while the view redraws ...", file=sys.stderr, flush=True)
        report["training"] = measure_training(harness, 3.0 if args.quick else 20.0)
    if "storm" in chosen:
        print("storm ...", file=sys.stderr, flush=True)
        report["storm"] = measure_storm(harness, 200 if args.quick else 1000)
    if "startup" in chosen:
        print("startup ...", file=sys.stderr, flush=True)
        report["startup_s"] = measure_startup(1 if args.quick else 3)
        if args.python:
            alt = measure_startup(1 if args.quick else 3, python=args.python)
            version = subprocess.run(
                [args.python, "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True
            ).stdout.strip()
            report["startup_s_alt"] = {**alt, "python": args.python, "torch": version}
    report["adaptive_samples"] = adaptive_n
    harness.window.close()
    if "xcb" in chosen and os.environ.get("QT_QPA_PLATFORM") != "xcb":
        latency_rows = [r for r in report["latency_ms"]] or ["adaptive", "adaptive_drag"]
        print(
            f"the latency rows in a real X window (Xvfb, xcb): {', '.join(latency_rows)} ...",
            file=sys.stderr,
            flush=True,
        )
        xcb = measure_in_xvfb(latency_rows, args.runs, args.quick)
        if isinstance(xcb, str):
            report["latency_ms_xcb_skipped"] = xcb
            print(f"  skipped: {xcb}", file=sys.stderr)
        else:
            report["latency_ms_xcb"] = xcb

    print_table(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
        print(f"wrote {args.json}")
    return 0


def print_table(report: dict[str, Any]) -> None:
    print(f"\n{'size':>9} {'app p50':>9} {'app p95':>9} {'floor p50':>10} {'mpl p50':>9}   (ms)")
    for label in report["latency_ms"]:
        app, floor = report["latency_ms"][label], report["floor_ms"].get(label, {})
        mpl = report["matplotlib_ms"].get(label, {})

        def fmt(d: dict, key: str) -> str:
            return f"{d[key]:9.1f}" if key in d else f"{'-':>9}"

        print(f"{label:>9} {fmt(app, 'p50')} {fmt(app, 'p95')} {fmt(floor, 'p50'):>10} {fmt(mpl, 'p50')}")
    if "settle_ms" in report:
        settle = report["settle_ms"]
        print(f"drag released -> full-quality frame: p50 {settle['p50']:.1f} ms, p95 {settle['p95']:.1f} ms")
    if "gui_max_stall_ms" in report:
        print(f"GUI max stall during a 1e7 compute: {report['gui_max_stall_ms']:.1f} ms")
    if "stack_200x1024" in report:
        big = report["stack_200x1024"]
        if "finished" in big:
            done = big["finished"]
            print(
                f"stack 200 x 1024 run to its end ({done['compute_s']:.1f} s): "
                f"GUI max stall {done['gui_max_stall_ms']:.1f} ms"
            )
        sup = big["superseded"]
        print(
            f"stack 200 x 1024 superseded after {sup['hold_s']:.1f} s: GUI max stall {sup['gui_max_stall_ms']:.1f} ms; "
            f"defaults painted {sup['change_to_frame_ms']:.1f} ms after the change ({big['jobs_abandoned']} jobs abandoned)"
        )
    if "training" in report:
        t = report["training"]
        print(
            f"training 2 x 8 playing: {t['steps_per_s']:.0f} steps/s, {t['frames_per_s']:.1f} frames/s "
            f"(frame p95 {t['frame_ms']['p95']:.1f} ms), GUI max stall {t['gui_max_stall_ms']:.1f} ms"
        )
    if "storm" in report:
        storm = report["storm"]
        print(
            f"storm: {storm['changes']} changes -> {storm['computations']} computations, final frame "
            f"{'correct' if storm['final_matches'] else 'WRONG'}, {storm['last_change_to_frame_ms']:.1f} ms after the last"
        )
    for label, figures in report.get("latency_ms_xcb", {}).items():
        print(f"{label:>9} in Xvfb (xcb): p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms")
    if "startup_s" in report:
        s = report["startup_s"]
        print(f"start-up: window shown {s['window_shown']:.2f} s, first curve {s['first_curve']:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
