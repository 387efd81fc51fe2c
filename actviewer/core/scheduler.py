"""When a computation runs and which result is shown: the worker's policy, as plain Python.

The window submits requests far faster than they can be computed (a slider
drag, a key held down). The rules, each tested here with a fake clock
(``tests/core/test_scheduler.py``), not with threads and real time:

- **Latest wins.** One job runs and at most one waits; a newer request
  replaces the waiting one. Each request gets an increasing id.
- **Pacing.** Jobs start at most every ``min_interval`` seconds: a storm of a
  thousand changes a second costs well under a hundred computations, and the
  last change is always computed.
- **Superseding.** A running job that a newer request replaced is told so
  through its :class:`StopFlag`; an interruptible one (a 20 s deep stack) gives
  way at its next step once it has run ``supersede_after`` seconds. One that
  ends sooner is still shown, so a drag over a fast view keeps showing frames.
- **Stale results.** A result older than one shown is dropped. One that arrives
  while a newer job runs, within ``stale_within`` of the last frame shown, is
  held back: if the newer result comes first the older is never painted; if
  not, the older is shown when the hold ends, so no frame is kept from the
  screen longer than that.
- **Failures** supersede older results, so a late older result cannot hide one.

The scheduler does no work and owns no thread. Each call returns the actions
its runner must take (:class:`Start` a job on an executor, :class:`Show` a
result, :class:`Fail`, :class:`WakeAt` a clock time, :class:`Busy`), so the
same policy runs under a QThread in the window and under a plain loop in a test.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Clock = Callable[[], float]

MIN_FRAME_INTERVAL_S = 0.012
"""At most ~83 jobs a second: faster than any screen refresh a person follows, slow enough
that a slider storm does not compute results nobody will see."""
SUPERSEDE_AFTER_S = 0.1
"""A superseded interruptible job gives way once it has run this long (the frame budget)."""
STALE_SHOWN_WITHIN_S = 0.033
"""An outdated result waits until a frame has been on screen this long (see the module's rules)."""


class StopFlag:
    """Whether the running job should end early: set by the scheduler, asked by the job (on any
    thread) between its steps."""

    def __init__(self, clock: Clock, supersede_after: float) -> None:
        self._clock = clock
        self._supersede_after = supersede_after
        self.started = clock()
        self.superseded = threading.Event()
        self.closing = threading.Event()
        self.report: Callable[[float], None] | None = None
        """Set by the runner: how far the job is (``cancel.report_progress``), from the job's thread."""

    def __call__(self) -> bool:
        if self.closing.is_set():
            return True
        return self.superseded.is_set() and self._clock() - self.started >= self._supersede_after


@dataclass(frozen=True)
class Start:
    """Run ``request`` as job ``job_id``; pass ``stop`` to an interruptible compute function."""

    job_id: int
    request: Any
    stop: StopFlag


@dataclass(frozen=True)
class Show:
    result: Any


@dataclass(frozen=True)
class Fail:
    error: Exception


@dataclass(frozen=True)
class WakeAt:
    """Call :meth:`Scheduler.tick` at (or soon after) this clock time."""

    when: float


@dataclass(frozen=True)
class Busy:
    busy: bool


Action = Start | Show | Fail | WakeAt | Busy


class Scheduler:
    """The policy of the module docstring. Not thread-safe: its runner calls it from one thread."""

    def __init__(
        self,
        clock: Clock = time.perf_counter,
        min_interval: float = MIN_FRAME_INTERVAL_S,
        supersede_after: float = SUPERSEDE_AFTER_S,
        stale_within: float = STALE_SHOWN_WITHIN_S,
    ) -> None:
        self.clock = clock
        self.min_interval = min_interval
        self.supersede_after = supersede_after
        self.stale_within = stale_within
        self.started = False
        """Jobs wait until :meth:`start` (the window starts its worker once it has painted)."""
        self.closed = False
        self._next_id = 0
        self._last_start = -1e9
        self._running: int | None = None
        self._stop: StopFlag | None = None
        self._pending: tuple[int, Any] | None = None
        self._newest_shown = -1
        self._last_shown = -1e9
        self._held: tuple[int, Any] | None = None
        self._held_until = 0.0
        self.jobs_started = 0
        self.jobs_abandoned = 0
        self.results_dropped = 0
        """Results outdated on arrival that were never shown."""

    @property
    def busy(self) -> bool:
        """A job is running or waiting for its turn."""
        return self._running is not None or self._pending is not None

    @property
    def running(self) -> int | None:
        return self._running

    # --- events from the window ------------------------------------------------

    def start(self) -> list[Action]:
        if self.started or self.closed:
            return []
        self.started = True
        return self._dispatch_pending()

    def submit(self, request: Any) -> tuple[int, list[Action]]:
        """Queue ``request`` (replacing any waiting one); its id and what to do now."""
        self._next_id += 1
        if self.closed:
            return self._next_id, []
        self._pending = (self._next_id, request)
        if self._stop is not None:
            self._stop.superseded.set()
        actions = self._dispatch_pending() if self._running is None else []
        return self._next_id, actions

    def withdraw(self) -> list[Action]:
        """What was asked for last is on screen already (a view kept its result): the waiting request
        is dropped, the running job is told to end, and nothing older is shown any more."""
        self._next_id += 1
        self._newest_shown = max(self._newest_shown, self._next_id)
        self._pending = None
        self._held = None
        if self._stop is not None:
            self._stop.superseded.set()
        return [] if self._running is not None else [Busy(False)]

    def tick(self) -> list[Action]:
        """A :class:`WakeAt` time came: start the waiting job if its turn came, show a held result
        whose hold ended."""
        actions: list[Action] = []
        if self._held is not None and self.clock() >= self._held_until and not self.closed:
            held, self._held = self._held, None
            if held[0] > self._newest_shown:
                actions += self._show(*held)
        elif self._held is not None:
            actions.append(WakeAt(self._held_until))
        if self._running is None:
            actions += self._dispatch_pending()
        return actions

    def close(self) -> None:
        """Drop waiting work; a running interruptible job ends at its next step."""
        self.closed = True
        self._pending = None
        self._held = None
        if self._stop is not None:
            self._stop.closing.set()

    # --- events from the executors -----------------------------------------------

    def finished(self, job_id: int, result: Any) -> list[Action]:
        actions = self._job_done()  # starts the newer job, if one waits
        if job_id <= self._newest_shown or self.closed:
            return actions
        hold_until = self._last_shown + self.stale_within
        if self._running is not None and self.clock() < hold_until:
            if self._held is not None:
                self.results_dropped += 1
            self._held, self._held_until = (job_id, result), hold_until
            return [*actions, WakeAt(hold_until)]
        return [*actions, *self._show(job_id, result)]

    def abandoned(self, job_id: int) -> list[Action]:
        """The job stopped on request: no result, no error; the newer request starts now."""
        self.jobs_abandoned += 1
        return self._job_done()

    def failed(self, job_id: int, error: Exception) -> list[Action]:
        """Job ``job_id`` raised ``error`` (a negative id: the executor itself could not start)."""
        actions = self._job_done() if job_id >= 0 else []
        if job_id < 0 or job_id > self._newest_shown:
            self._newest_shown = max(self._newest_shown, job_id)
            self._held = None
            actions.append(Fail(error))
        return actions

    def requeue(self, job_id: int, request: Any) -> list[Action]:
        """The executor running ``job_id`` is gone without an answer: run it again, unless a newer
        request waits."""
        if self.closed or job_id != self._running:
            return []
        self._running = None
        self._stop = None
        if self._pending is None:
            self._pending = (job_id, request)
        return self._dispatch_pending()

    # --- the rules -------------------------------------------------------------------

    def _dispatch_pending(self) -> list[Action]:
        if self._running is not None or self._pending is None or not self.started or self.closed:
            return []
        turn = self._last_start + self.min_interval
        if self.clock() < turn:
            return [WakeAt(turn)]
        (job_id, request), self._pending = self._pending, None
        self._last_start = self.clock()
        self._running = job_id
        self._stop = StopFlag(self.clock, self.supersede_after)
        self.jobs_started += 1
        return [Start(job_id, request, self._stop), Busy(True)]

    def _job_done(self) -> list[Action]:
        self._running = None
        self._stop = None
        if self._pending is not None:
            return self._dispatch_pending()
        return [Busy(False)]

    def _show(self, job_id: int, result: Any) -> list[Action]:
        if self._held is not None and self._held[0] <= job_id:
            if self._held[0] < job_id:
                self.results_dropped += 1
            self._held = None
        self._newest_shown = job_id
        self._last_shown = self.clock()
        return [Show(result)]
