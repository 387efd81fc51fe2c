"""Computation off the GUI thread: the runner of :mod:`actviewer.core.scheduler`'s policy.

The policy (latest wins, pacing, superseding, stale results) is plain Python
in the core, tested with a fake clock. Here it runs under Qt: the
:class:`ComputeController` lives on the GUI thread, asks its
:class:`~actviewer.core.scheduler.Scheduler` what to do at each event, and does
it: a job goes to the worker object on a :class:`QThread` (torch is imported
there, so the window paints before torch has loaded), a result or failure is
emitted, a wake-up is a timer. Given a
:class:`~actviewer.core.head_start.HeadStart` (a child process that began
loading torch before Qt did), the jobs started until the worker has torch go to
that child instead, one more executor behind the same policy, and back to the
worker if the child cannot answer.
"""

from __future__ import annotations

import contextlib
import functools
import math
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from ..core import dispatch
from ..core import scheduler as policy
from ..core.allocator import release_memory
from ..core.cancel import StopCheck, Superseded
from ..core.head_start import HeadStart, HeadStartDeclined, HeadStartLost

ComputeFn = Callable[[Any], Any]
_InterruptibleFn = Callable[[Any, StopCheck], Any]

_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
_ABANDONED: list[tuple[QThread, QObject]] = []
"""Threads (and their workers) whose window closed while they computed."""
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


class _Throttled:
    """Passes a job's progress on at most every PROGRESS_INTERVAL_S (a 200-layer stack reports
    400 times), from PROGRESS_DELAY_S after the job started: a quick job says nothing (the training
    tab plays in jobs of ~20 ms, and each flashed "Computing… 0 %" over the plane)."""

    def __init__(self, emit: Callable[[float], None]) -> None:
        self._emit = emit
        self._last = -math.inf
        self._start = time.monotonic()

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._start >= PROGRESS_DELAY_S and now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self._emit(fraction)


PROGRESS_INTERVAL_S = 0.1
PROGRESS_DELAY_S = 0.3
"""A job's progress is shown once it has run this long (a slow job: see the README's "feedback")."""


class ComputeController(QObject):
    """GUI-thread side: submit requests, receive the newest result."""

    result_ready = Signal(object)  # the result of whichever request was submitted
    failed = Signal(object)  # Exception: InputError for what the user can change, anything else is a fault
    busy_changed = Signal(bool)
    devices_found = Signal(list)  # list[DeviceInfo]
    progress = Signal(float)
    """How far the running job is, 0 to 1, for jobs that say (the deep stack); -1 when it ended."""

    _run_job = Signal(int, object, object)
    _job_progress = Signal(int, float)  # emitted on the worker's thread, received on this one
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
        self.scheduler = policy.Scheduler(
            min_interval=policy.MIN_FRAME_INTERVAL_S,
            supersede_after=policy.SUPERSEDE_AFTER_S,
            stale_within=policy.STALE_SHOWN_WITHIN_S,
        )
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
        self._job_progress.connect(self._on_job_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.abandoned.connect(self._on_abandoned)
        self._worker.devices_found.connect(self._on_worker_ready)
        self._worker.devices_found.connect(self.devices_found)
        # Emitted on the worker's thread as it ends: its idle timer is stopped there, by its owner.
        self._thread.finished.connect(self._worker.stop_idle_timer, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._worker.deleteLater)
        self._wake = QTimer(self)
        self._wake.setSingleShot(True)
        self._wake.setTimerType(Qt.TimerType.PreciseTimer)
        self._wake.timeout.connect(lambda: self._apply(self.scheduler.tick()))
        self._wake_at: float | None = None
        self._current: policy.Start | None = None  # the job started last, while it runs
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
        if start:
            self.start()

    def start(self) -> None:
        """Load PyTorch and list the devices on the worker, then run what was submitted meanwhile.

        The window calls this once it has painted: torch's import holds the GIL for most of its
        second, and would otherwise slow the window's construction down by sharing it.
        """
        if self.scheduler.started or self.scheduler.closed:
            return
        self._start_up.emit()
        self._apply(self.scheduler.start())

    @property
    def busy(self) -> bool:
        """A job is running or waiting for its turn."""
        return self.scheduler.busy

    @property
    def jobs_started(self) -> int:
        return self.scheduler.jobs_started

    @property
    def jobs_abandoned(self) -> int:
        return self.scheduler.jobs_abandoned

    @property
    def results_dropped(self) -> int:
        """Results outdated on arrival that were not shown (see the scheduler's rules)."""
        return self.scheduler.results_dropped

    def submit(self, request: object, kept: object = None) -> int | None:
        """Queue ``request`` (replacing any waiting one) and return its id (see the scheduler).

        ``kept``: the result a view still holds. When it answers ``request`` (back on a tab whose
        200 x 1024 stack took 20 s) it is shown again at once, nothing is computed, and the work
        in flight is dropped; returns None then."""
        if kept is not None and getattr(kept, "request", None) == request:
            self._apply(self.scheduler.withdraw())
            self.result_ready.emit(kept)
            return None
        job_id, actions = self.scheduler.submit(request)
        self._apply(actions)
        return job_id

    def _apply(self, actions: list[policy.Action]) -> None:
        """Do what the scheduler said, in its order."""
        for action in actions:
            if isinstance(action, policy.Start):
                self._start_job(action)
            elif isinstance(action, policy.Show):
                self.result_ready.emit(action.result)
            elif isinstance(action, policy.Fail):
                self.failed.emit(action.error)
            elif isinstance(action, policy.Busy):
                self.busy_changed.emit(action.busy)
            elif isinstance(action, policy.WakeAt):
                self._wake_up_at(action.when)

    def _wake_up_at(self, when: float) -> None:
        if self._wake.isActive() and self._wake_at is not None and self._wake_at <= when:
            return  # an earlier wake-up comes first; the scheduler asks again then
        self._wake_at = when
        self._wake.start(max(0, math.ceil((when - self.scheduler.clock()) * 1000)))

    def _start_job(self, start: policy.Start) -> None:
        self._current = start
        head_start = self._head_start
        if head_start is not None and not self._worker_ready and head_start.can_answer(start.request):
            self.jobs_by_head_start += 1
            self._head_job = (start.job_id, start.request)
            self._run_head_start_job.emit(start.job_id, start.request)
        else:
            start.stop.report = _Throttled(functools.partial(self._job_progress.emit, start.job_id))
            self._run_job.emit(start.job_id, start.request, start.stop)

    def shutdown(self, wait_s: float | None = None) -> bool:
        """Drop waiting work and stop the thread once its running job ends (an
        interruptible job is told to end at its next step).

        Waits at most ``wait_s`` seconds (None: until it ends). A thread still
        busy after that is kept referenced until it finishes, so it is never
        destroyed while running; the ``gui`` command then exits without
        waiting for it. Returns whether the thread has stopped.
        """
        self.scheduler.close()
        self._wake.stop()
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
        current = self._current
        if self.scheduler.closed or current is None or job_id != self.scheduler.running:
            return
        self._run_job.emit(job_id, request, current.stop)

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
        self._apply(self.scheduler.requeue(job_id, request))

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
        if self.scheduler.closed and not thread.wait(1000):
            _ABANDONED.append((thread, self._head_client or QObject()))

    def _job_ended(self, job_id: int) -> None:
        if self._current is not None and self._current.job_id == job_id:
            self._current = None  # its request is not kept alive past its job
            self.progress.emit(-1.0)

    @Slot(int, float)
    def _on_job_progress(self, job_id: int, fraction: float) -> None:
        if self._current is not None and self._current.job_id == job_id:
            self.progress.emit(fraction)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        self._job_ended(job_id)
        self._apply(self.scheduler.finished(job_id, result))

    @Slot(int)
    def _on_abandoned(self, job_id: int) -> None:
        self._job_ended(job_id)
        self._apply(self.scheduler.abandoned(job_id))

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: Exception) -> None:
        if job_id < 0:
            self._on_worker_ready([])  # torch did not load: the head start has nothing to offer either
        self._job_ended(job_id)
        self._apply(self.scheduler.failed(job_id, error))
