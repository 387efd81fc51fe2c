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


def check(should_stop: StopCheck | None) -> None:
    """Raise :class:`Superseded` if ``should_stop`` (when given) says so."""
    if should_stop is not None and should_stop():
        raise Superseded()
