"""Python's garbage collection, run on the GUI thread only.

A Qt object kept alive by a Python reference cycle is destroyed when the
collector breaks that cycle, on whichever thread happened to trigger the
collection. Triggered on the compute worker (torch allocates plenty), that
destroyed a window's menus there while the GUI thread was destroying others:
each thread held the lock the other needed, and the app froze (seen twice in
the test suite, with py-spy: ``gc_collect_main`` under ``ast.parse`` on the
worker, ``QMenu::~QMenu`` on the GUI thread). So automatic collection is
switched off while a window (or the test suite's application) lives, and a timer
on the GUI thread collects instead, generation by generation as Python's own
thresholds would have; automatic collection comes back when the last one goes.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250
"""How often the counts are checked: a few microseconds when nothing is due."""

_collector: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects on the thread it was made on while anything holds it (:func:`install`); with no
    holder left, Python's automatic collection is switched back on."""

    def __init__(self) -> None:
        super().__init__()
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self._holders: set[int] = set()

    def hold(self, owner: QObject) -> None:
        if not self._holders:
            gc.disable()
            self.timer.start()
        key = id(owner)
        if key not in self._holders:
            self._holders.add(key)
            owner.destroyed.connect(lambda *_: self._release(key))

    def _release(self, key: int) -> None:
        self._holders.discard(key)
        if not self._holders:
            if shiboken6.isValid(self.timer):  # at exit Qt may have deleted it first
                self.timer.stop()
            gc.enable()

    @property
    def active(self) -> bool:
        return bool(self._holders)

    def collect_due(self) -> int:
        """Collect each generation whose count passed Python's own threshold, oldest first (an
        older generation's collection takes the younger ones with it); what was freed."""
        freed = 0
        for _ in range(3):
            counts = gc.get_count()
            due = [g for g in (2, 1, 0) if counts[g] > self.thresholds[g]]
            if not due:
                break
            freed += gc.collect(due[0])
        return freed


def install(owner: QObject | None) -> GuiThreadCollector | None:
    """Switch automatic collection off and collect on the GUI thread while ``owner`` (a window, the
    application) lives. Call it on the GUI thread."""
    global _collector
    if owner is None:
        return None
    if _collector is None:
        _collector = GuiThreadCollector()
    _collector.hold(owner)
    return _collector
