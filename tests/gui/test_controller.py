"""The controller runs the scheduler's policy on real threads: the rule for results that are
outdated on arrival, end to end (``tests/core/test_scheduler.py`` holds the rules themselves,
with a fake clock).

Each job waits for the test to open its gate, so which job is running when a
result arrives is decided here, not by timing; the pacer is turned off.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from actviewer.core import scheduler
from actviewer.gui.worker import ComputeController


class Gates:
    """A compute function whose job for ``name`` returns ``name`` once ``open(name)`` is called."""

    def __init__(self) -> None:
        self._gates: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def _gate(self, name: str) -> threading.Event:
        with self._lock:
            return self._gates.setdefault(name, threading.Event())

    def __call__(self, request: str) -> str:
        self._gate(request).wait(30)
        return request

    def open(self, name: str) -> None:
        self._gate(name).set()

    def open_all(self) -> None:
        with self._lock:
            for gate in self._gates.values():
                gate.set()


@pytest.fixture
def gates(monkeypatch) -> Iterator[Gates]:
    monkeypatch.setattr(scheduler, "MIN_FRAME_INTERVAL_S", 0.0)
    built = Gates()
    yield built
    built.open_all()


@pytest.fixture
def controller(gates) -> Iterator[ComputeController]:
    built = ComputeController(compute_fn=gates, devices_fn=lambda: [])
    yield built
    gates.open_all()
    built.shutdown()


def _run(qtbot, controller: ComputeController, gates: Gates, b_before_c: bool = False) -> list[str]:
    """a is shown; b runs while c waits; b ends (c starts); then c ends. What was shown.
    ``b_before_c``: c is let finish only once b is on screen."""
    shown: list[str] = []
    controller.result_ready.connect(shown.append)
    gates.open("a")
    with qtbot.waitSignal(controller.result_ready, timeout=30_000):
        controller.submit("a")
    controller.submit("b")
    controller.submit("c")
    gates.open("b")
    qtbot.waitUntil(lambda: controller.jobs_started == 3, timeout=30_000)  # c is running
    if b_before_c:
        qtbot.waitUntil(lambda: shown[-1] == "b", timeout=30_000)
        assert controller.busy  # c is still running
    gates.open("c")
    qtbot.waitUntil(lambda: not controller.busy and shown[-1] == "c", timeout=30_000)
    return shown


def test_an_outdated_result_is_dropped_when_a_frame_was_just_shown(qtbot, controller, gates, monkeypatch):
    """b arrives while c runs, a moment after a was shown: held back, then c arrives first, and
    painting b would only have delayed c by a paint. The picture goes from a straight to c."""
    controller.scheduler.stale_within = 60.0
    assert _run(qtbot, controller, gates) == ["a", "c"]
    assert controller.results_dropped == 1


def test_an_outdated_result_is_shown_when_the_screen_has_not_changed_for_a_while(
    qtbot, controller, gates, monkeypatch
):
    """However fast the input, the picture keeps changing (at least ~30 times a second in the app)."""
    controller.scheduler.stale_within = 0.0
    assert _run(qtbot, controller, gates) == ["a", "b", "c"]
    assert controller.results_dropped == 0


def test_an_outdated_result_held_back_is_shown_when_the_newer_job_is_slow(
    qtbot, controller, gates, monkeypatch
):
    """c takes longer than the hold: b is shown when the hold ends, not after c (seconds later
    for a slow job)."""
    controller.scheduler.stale_within = 0.05
    assert _run(qtbot, controller, gates, b_before_c=True) == ["a", "b", "c"]
    assert controller.results_dropped == 0
