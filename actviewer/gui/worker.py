"""Computation off the GUI thread: one job running, one waiting, latest wins.

The controller lives on the GUI thread and owns a :class:`QThread` with a
worker object. ``submit`` stamps each request with an increasing id; while a
job runs a newer request replaces the waiting one, so a slider drag costs at
most one computation behind the pointer. A result whose id is older than the
newest shown is dropped. A long interruptible job (the deep stack at 200 x
1024) that a newer request replaces is abandoned between two of its steps, so
the newer one need not wait seconds for a result nobody will see. Torch is
imported on the worker thread, so the window paints before torch has loaded.
Given a :class:`~actviewer.core.head_start.HeadStart` (a child process that began
loading torch before Qt did), the jobs submitted until the worker has torch go
to that child instead, and back to the worker if the child cannot answer.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from ..core import dispatch
from ..core.allocator import release_memory
from ..core.cancel import StopCheck, Superseded
from ..core.head_start import HeadStart, HeadStartDeclined, HeadStartLost

ComputeFn = Callable[[Any], Any]
_InterruptibleFn = Callable[[Any, StopCheck], Any]

_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
_ABANDONED: list[tuple[QThread, QObject]] = []
"""Threads (and their workers) whose window closed while they computed."""
MIN_FRAME_INTERVAL_S = 0.012
"""At most ~83 jobs a second: faster than any screen refresh a person follows, slow enough
that a slider storm does not compute results nobody will see."""
SUPERSEDE_AFTER_S = 0.1
"""A running job that a newer request replaced gives way once it has run this long (the
frame budget). One that finishes sooner is still shown, so a slider dragged over the deep
stack at its defaults keeps showing frames; a 20 s stack of 200 x 1024 stops at its next
layer and the newest request starts."""
STALE_SHOWN_WITHIN_S = 0.033
"""A result that arrives once a newer job is already running waits until a frame has been on
screen this long. If the newer result comes first the older one is never painted: input faster
than the frames (a storm of changes, a key held down) goes straight to its newest frame, without
a paint of the one before. If it does not (a slow job), the older one is shown then: no frame
is kept from the screen for longer than this."""
RELEASE_AFTER_IDLE_MS = 10_000
"""After this long without a job the worker gives the memory it keeps between jobs back to the
system (``core.allocator.release_memory``): gigabytes after a 200 x 1024 stack."""


class StartupError(RuntimeError):
    """PyTorch could not be loaded or asked for its devices."""


def abandoned_work() -> bool:
    """Whether a closed window left a computation running (the process may exit without it)."""
    return any(thread.isRunning() for thread, _ in _ABANDONED)


def running_threads() -> list[QThread]:
    """Worker threads still running (tests fail if one outlives its test)."""
    return [t for t in list(_THREADS) if t.isRunning()]


def _default_devices() -> list:
    from ..core.allocator import tune_allocator
    from ..core.compute import warm_up
    from ..core.devices import available_devices

    tune_allocator()
    warm_up()
    return available_devices()


class _Stop:
    """Whether the running job should end early: set on the GUI thread, asked on the worker's."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.superseded = threading.Event()
        self.closing = threading.Event()

    def __call__(self) -> bool:
        if self.closing.is_set():
            return True
        return self.superseded.is_set() and time.perf_counter() - self.started >= SUPERSEDE_AFTER_S


class _Worker(QObject):
    """Lives on the worker thread; touches no widget."""

    finished = Signal(int, object)
    failed = Signal(int, object)  # the exception itself: the window tells bad input from a failing device
    abandoned = Signal(int)  # stopped on request: no result, no error
    devices_found = Signal(list)

    def __init__(
        self,
        compute_fn: _InterruptibleFn,
        devices_fn: Callable[[], list],
        after_first: Callable[[], None] | None = None,
        warm_at_start: bool = False,
    ) -> None:
        """``after_first`` runs once the first job's result is out, or, with ``warm_at_start``,
        before the devices are reported (a head start shows the first results meanwhile)."""
        super().__init__()
        self._compute = compute_fn
        self._devices = devices_fn
        self._after_first = after_first
        self._warm_at_start = warm_at_start
        # A child: it moves to the worker's thread with this object, and fires there.
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(RELEASE_AFTER_IDLE_MS)
        self._idle.timeout.connect(release_memory)

    @Slot()
    def start_up(self) -> None:
        try:
            found = self._devices()
        except Exception as err:  # torch missing or broken: say so, keep the window
            self.failed.emit(-1, StartupError(f"PyTorch could not be loaded: {err}"))
            return
        if self._warm_at_start and self._after_first is not None:
            warm, self._after_first = self._after_first, None
            warm()
        self.devices_found.emit(found)

    @Slot(int, object, object)
    def run(self, job_id: int, request: object, should_stop: StopCheck) -> None:
        try:
            self._run(job_id, request, should_stop)
        finally:
            # Restarted after every job (it cannot fire during one: this thread is busy), so it
            # fires once the worker has rested RELEASE_AFTER_IDLE_MS.
            self._idle.start()

    def stop_idle_timer(self) -> None:
        self._idle.stop()

    def _run(self, job_id: int, request: object, should_stop: StopCheck) -> None:
        try:
            result = self._compute(request, should_stop)
        except Superseded:
            self.abandoned.emit(job_id)
        except Exception as err:  # sent whole, typed; the window decides how to say it
            self.failed.emit(job_id, err)
        else:
            self.finished.emit(job_id, result)
            if self._after_first is not None:
                # Queued behind anything already waiting: the first curve is on screen before this runs.
                warm, self._after_first = self._after_first, None
                QTimer.singleShot(0, self, warm)


class _HeadStartClient(QObject):
    """Lives on a thread of its own, blocked (without the GIL) while the child computes."""

    finished = Signal(int, object)
    declined = Signal(int, object)  # job id, request: the worker answers this one
    lost = Signal(int, object)  # the same, and the child answers nothing more

    def __init__(self, head_start: HeadStart) -> None:
        super().__init__()
        self._head_start = head_start

    @Slot(int, object)
    def run(self, job_id: int, request: object) -> None:
        try:
            result = self._head_start.compute(request)
        except HeadStartDeclined:
            self.declined.emit(job_id, request)
        except HeadStartLost:
            self.lost.emit(job_id, request)
        else:
            self.finished.emit(job_id, result)


WARM_UP_AFTER_FIRST_RESULT = True
"""Whether the window's worker imports what torch.func needs once the first curve is shown. The
GUI tests turn it off so that each test's worker thread ends with its test."""


def _warm_up_transforms() -> None:
    """torch.func's first jacrev imports torch._dynamo (~1 s): pay it while the user reads the
    first curve, not when they first open the 2-D tab."""
    from ..core.compute import warm_up_transforms

    with contextlib.suppress(Exception):  # a failed warm-up costs the 2-D tab its head start, nothing else
        warm_up_transforms()


class ComputeController(QObject):
    """GUI-thread side: submit requests, receive the newest result."""

    result_ready = Signal(object)  # the result of whichever request was submitted
    failed = Signal(object)  # Exception: InputError for what the user can change, anything else is a fault
    busy_changed = Signal(bool)
    devices_found = Signal(list)  # list[DeviceInfo]

    _run_job = Signal(int, object, object)
    _run_head_start_job = Signal(int, object)
    _start_up = Signal()

    def __init__(
        self,
        compute_fn: ComputeFn | None = None,
        devices_fn: Callable[[], list] | None = None,
        parent: QObject | None = None,
        start: bool = True,
        head_start: HeadStart | None = None,
    ) -> None:
        """With ``start=False`` the worker loads nothing and runs no job until :meth:`start`.

        ``head_start``: a child process loading torch already; it answers what it can until the
        worker has listed the devices, then it is ended. Not with ``compute_fn``, which it lacks.
        """
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("actviewer-compute")
        # A compute function passed in (tests) runs to the end; the registered ones are asked to stop.
        compute: _InterruptibleFn = dispatch.run
        if compute_fn is not None:
            compute = lambda request, _should_stop: compute_fn(request)  # noqa: E731
        # Only the window's own worker (real compute, real devices) warms torch.func up.
        own = compute_fn is None and devices_fn is None
        warm = _warm_up_transforms if own and WARM_UP_AFTER_FIRST_RESULT else None
        if head_start is not None and compute_fn is not None:
            head_start.kill()  # it would answer with the registered functions, not this one
            head_start = None
        # With a head start the first curves come from it: the worker warms up before it takes over.
        self._worker = _Worker(
            compute, devices_fn or _default_devices, warm, warm_at_start=head_start is not None
        )
        self._worker.moveToThread(self._thread)
        self._run_job.connect(self._worker.run)
        self._start_up.connect(self._worker.start_up)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.abandoned.connect(self._on_abandoned)
        self._worker.devices_found.connect(self._on_worker_ready)
        self._worker.devices_found.connect(self.devices_found)
        # Emitted on the worker's thread as it ends: its idle timer is stopped there, by its owner.
        self._thread.finished.connect(self._worker.stop_idle_timer, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._worker.deleteLater)
        self._next_id = 0
        self._last_dispatch = -1e9
        self._pacer = QTimer(self)
        self._pacer.setSingleShot(True)
        self._pacer.timeout.connect(self._dispatch_pending)
        self._running: int | None = None
        self._stop: _Stop | None = None  # the running job's
        self._pending: tuple[int, object] | None = None
        self._newest_shown = -1
        self.jobs_started = 0
        self.jobs_abandoned = 0
        self.results_dropped = 0
        """Results outdated on arrival that were not shown (see STALE_SHOWN_WITHIN_S)."""
        self._last_shown = -1e9
        self._held: tuple[int, object] | None = None
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self._show_held)
        self.jobs_by_head_start = 0
        """Jobs offered to the head start (answered, or handed back to the worker)."""
        self.jobs_answered_by_head_start = 0
        self._worker_ready = False
        self._head_start = head_start
        self._head_thread: QThread | None = None
        self._head_client: _HeadStartClient | None = None
        self._head_job: tuple[int, object] | None = None  # offered to the child, not yet answered
        if head_start is not None:
            self._head_thread = QThread()
            self._head_thread.setObjectName("actviewer-head-start")
            self._head_client = _HeadStartClient(head_start)
            self._head_client.moveToThread(self._head_thread)
            self._run_head_start_job.connect(self._head_client.run)
            self._head_client.finished.connect(self._on_head_start_finished)
            self._head_client.declined.connect(self._on_head_start_declined)
            self._head_client.lost.connect(self._on_head_start_lost)
            self._head_thread.finished.connect(self._head_client.deleteLater)
            self._head_thread.finished.connect(self._on_head_thread_finished)
            _THREADS.add(self._head_thread)
            self._head_thread.start()
        _THREADS.add(self._thread)
        self._thread.start()
        self._started = False
        self._shut_down = False
        if start:
            self.start()

    def start(self) -> None:
        """Load PyTorch and list the devices on the worker, then run what was submitted meanwhile.

        The window calls this once it has painted: torch's import holds the GIL for most of its
        second, and would otherwise slow the window's construction down by sharing it.
        """
        if self._started or self._shut_down:
            return
        self._started = True
        self._start_up.emit()
        self._dispatch_pending()

    @property
    def busy(self) -> bool:
        """A job is running or waiting for its turn."""
        return self._running is not None or self._pending is not None

    def submit(self, request: object) -> int:
        """Queue ``request`` (replacing any waiting one) and return its id.

        Jobs start at most every MIN_FRAME_INTERVAL_S: a slider storm of a
        thousand changes a second costs well under a hundred computations, and
        the last change is always computed. A running job is told it has been
        superseded; an interruptible one gives way after SUPERSEDE_AFTER_S.
        """
        self._next_id += 1
        self._pending = (self._next_id, request)
        if self._stop is not None:
            self._stop.superseded.set()
        if self._running is None:
            self._dispatch_pending()
        return self._next_id

    def _dispatch_pending(self) -> None:
        if self._running is not None or self._pending is None or not self._started:
            return
        wait = MIN_FRAME_INTERVAL_S - (time.perf_counter() - self._last_dispatch)
        if wait > 0:
            if not self._pacer.isActive():
                self._pacer.start(max(1, math.ceil(wait * 1000)))
            return
        job, self._pending = self._pending, None
        self._dispatch(job)

    def shutdown(self, wait_s: float | None = None) -> bool:
        """Drop waiting work and stop the thread once its running job ends (an
        interruptible job is told to end at its next step).

        Waits at most ``wait_s`` seconds (None: until it ends). A thread still
        busy after that is kept referenced until it finishes, so it is never
        destroyed while running; the ``gui`` command then exits without
        waiting for it. Returns whether the thread has stopped.
        """
        self._pending = None
        self._shut_down = True
        self._pacer.stop()
        self._hold_timer.stop()
        if self._stop is not None:
            self._stop.closing.set()  # an interruptible job ends at its next step
        self._end_head_start()
        if not self._thread.isRunning():
            return True
        self._thread.quit()
        stopped = self._thread.wait() if wait_s is None else self._thread.wait(max(1, round(wait_s * 1000)))
        if stopped:
            return True
        # Never destroyed while running: kept (a few bytes) until the process ends.
        _ABANDONED.append((self._thread, self._worker))
        return False

    def _dispatch(self, job: tuple[int, object]) -> None:
        self._last_dispatch = time.perf_counter()
        self._running = job[0]
        self._stop = _Stop()
        self.jobs_started += 1
        if self._head_start is not None and not self._worker_ready and self._head_start.can_answer(job[1]):
            self.jobs_by_head_start += 1
            self._head_job = job
            self._run_head_start_job.emit(*job)
        else:
            self._run_job.emit(*job, self._stop)
        self.busy_changed.emit(True)

    @Slot(list)
    def _on_worker_ready(self, _devices: list) -> None:
        """The worker has torch: the child is ended, and a job it was answering goes to the worker."""
        self._worker_ready = True
        self._end_head_start()

    @Slot(int, object)
    def _on_head_start_finished(self, job_id: int, result: object) -> None:
        self._head_job = None
        self.jobs_answered_by_head_start += 1
        self._on_finished(job_id, result)

    @Slot(int, object)
    def _on_head_start_declined(self, job_id: int, request: object) -> None:
        """The child could not compute it (a user's own activation, say): the worker does, and the
        child stays for the next one."""
        self._head_job = None
        if self._shut_down or job_id != self._running or self._stop is None:
            return
        self._run_job.emit(job_id, request, self._stop)

    @Slot()
    def _on_head_thread_finished(self) -> None:
        """A job still offered when the thread ended was never taken up: hand it back."""
        if self._head_job is not None:
            self._on_head_start_lost(*self._head_job)

    @Slot(int, object)
    def _on_head_start_lost(self, job_id: int, request: object) -> None:
        """The child is gone: the worker computes the job (unless a newer one waits)."""
        self._head_job = None
        self._end_head_start()
        if self._shut_down or job_id != self._running:
            return
        self._running = None
        self._stop = None
        if self._pending is None:
            self._pending = (job_id, request)
        self._dispatch_pending()

    def _end_head_start(self) -> None:
        """Kill the child and let its thread end. A client waiting for an answer reads the end of
        the pipe at once, so the thread ends within moments; one that does not is kept referenced."""
        head_start, self._head_start = self._head_start, None
        if head_start is not None:
            head_start.kill()
        thread = self._head_thread
        if thread is None or not thread.isRunning():
            return
        thread.quit()
        if self._shut_down and not thread.wait(1000):
            _ABANDONED.append((thread, self._head_client or QObject()))

    def _job_done(self) -> None:
        self._running = None
        self._stop = None
        if self._pending is not None:
            self._dispatch_pending()
        else:
            self.busy_changed.emit(False)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        self._job_done()  # starts the newer job, if one waits
        if job_id <= self._newest_shown:
            return
        wait_s = self._last_shown + STALE_SHOWN_WITHIN_S - time.perf_counter()
        if self._running is not None and wait_s > 0:
            # Outdated on arrival, with a frame on screen younger than STALE_SHOWN_WITHIN_S: held
            # back, so that a newer result arriving meanwhile is painted without this paint first.
            if self._held is not None:
                self.results_dropped += 1
            self._held = (job_id, result)
            self._hold_timer.start(max(1, math.ceil(wait_s * 1000)))
            return
        self._show(job_id, result)

    def _show(self, job_id: int, result: object) -> None:
        if self._held is not None and self._held[0] <= job_id:
            if self._held[0] < job_id:
                self.results_dropped += 1
            self._held = None
            self._hold_timer.stop()
        self._newest_shown = job_id
        self._last_shown = time.perf_counter()
        self.result_ready.emit(result)

    def _show_held(self) -> None:
        """The newer job took longer than the hold: the held result is shown after all."""
        held, self._held = self._held, None
        if held is not None and held[0] > self._newest_shown and not self._shut_down:
            self._show(*held)

    @Slot(int)
    def _on_abandoned(self, job_id: int) -> None:
        self.jobs_abandoned += 1
        self._job_done()  # the newer request that superseded it starts now

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: Exception) -> None:
        if job_id < 0:
            self._on_worker_ready([])  # torch did not load: the head start has nothing to offer either
        if job_id >= 0:
            self._job_done()
        if job_id < 0 or job_id > self._newest_shown:
            # A failure supersedes older results, so a late older result can't hide it.
            self._newest_shown = max(self._newest_shown, job_id)
            self._held = None
            self.failed.emit(error)
