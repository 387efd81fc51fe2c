"""Garbage is collected on the GUI thread only while a window lives (``gui.collector``): a
collection on the compute worker once destroyed Qt objects there and deadlocked the app."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from actviewer.gui import collector


class _Cycle:
    """Two objects that refer to each other: only the cycle collector frees them."""

    def __init__(self, freed_on: list[str]) -> None:
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def test_cycles_made_on_a_worker_are_freed_on_the_gui_thread(qtbot, window):
    assert not gc.isenabled()  # a window is open: automatic collection is off
    freed_on: list[str] = []
    kept: list[list[int]] = []

    def worker() -> None:
        for _ in range(50):
            _Cycle(freed_on)
        kept.extend([i] for i in range(20_000))  # allocations that pass the threshold many times

    thread = threading.Thread(target=worker, name="busy-worker")
    thread.start()
    thread.join()
    assert freed_on == []  # nothing was collected on the worker
    qtbot.waitUntil(lambda: len(freed_on) == 50, timeout=10_000)
    assert set(freed_on) == {threading.main_thread().name}
    assert len(kept) == 20_000


def test_automatic_collection_comes_back_when_the_last_holder_goes(qtbot):
    own = collector.GuiThreadCollector()
    enabled_before = gc.isenabled()
    holder = QObject()
    own.hold(holder)
    assert own.active and not gc.isenabled() and own.timer.isActive()
    with qtbot.waitSignal(holder.destroyed):
        holder.deleteLater()
    assert not own.active and not own.timer.isActive() and gc.isenabled()
    if not enabled_before:  # the suite's own collector holds the application: leave it as it was
        gc.disable()
