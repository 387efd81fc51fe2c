"""Stopping a computation whose result nobody will see: latest wins.

A compute function that can run for seconds (the deep stack at 200 layers x
1024 takes ~20 s on two cores) takes a ``should_stop`` callable and asks it
between its steps; when it answers True the function raises
:class:`Superseded`. The caller decides what "stop" means (a newer request
is waiting, the window is closing); core only asks, so it stays free of Qt
and threads.
"""

from __future__ import annotations

from collections.abc import Callable

StopCheck = Callable[[], bool]
"""Asked between steps of a long computation; True ends it with :class:`Superseded`."""


class Superseded(Exception):
    """The computation was stopped on request: its result is no longer wanted.

    Not an error: the worker drops it silently, the CLI never asks to stop.
    """


def report_progress(should_stop: StopCheck | None, fraction: float) -> None:
    """Say how far a long computation is (0 to 1): the caller's ``should_stop`` may carry a
    ``report`` callable (the window's progress note). Costs nothing when nobody listens."""
    report = getattr(should_stop, "report", None)
    if report is not None:
        report(min(max(float(fraction), 0.0), 1.0))


def check(should_stop: StopCheck | None) -> None:
    """Raise :class:`Superseded` if ``should_stop`` (when given) says so."""
    if should_stop is not None and should_stop():
        raise Superseded()
