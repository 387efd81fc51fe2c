"""Python's garbage collection, run on the GUI thread only.

A Qt object kept alive by a Python reference cycle is destroyed when the
collector breaks that cycle, on whichever thread happened to trigger the
collection. Triggered on the compute worker (torch allocates plenty), that
destroyed a window's menus there while the GUI thread was destroying others:
each thread held the lock the other needed, and the app froze (seen twice in
the test suite, with py-spy: ``gc_collect_main`` under ``ast.parse`` on the
worker, ``QMenu::~QMenu`` on the GUI thread). So automatic collection is
switched off and this timer on the GUI thread collects instead, generation by
generation as Python's own thresholds would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250
"""How often the counts are checked: a few microseconds when nothing is due."""

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold; what was freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                return gc.collect(generation)
        return 0


def install(parent: QObject | None) -> GuiThreadCollector | None:
    """Switch automatic collection off for good and collect on ``parent``'s (the GUI) thread."""
    global _installed
    if _installed is None and parent is not None:
        _installed = GuiThreadCollector(parent)
        _installed.start()
    return _installed
