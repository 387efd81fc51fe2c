"""The worker's scheduling policy, driven by a fake clock: no threads, no sleeps, no timing.

A test plays the runner: it submits requests, finishes jobs when it chooses, moves the clock,
and reads what the scheduler says to do (start a job, show a result, wake up at a time).
"""

from __future__ import annotations

import pytest

from actviewer.core.scheduler import Busy, Fail, Scheduler, Show, Start, WakeAt

INTERVAL, SUPERSEDE, STALE = 0.012, 0.1, 0.033


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scheduler(clock: FakeClock) -> Scheduler:
    built = Scheduler(clock, min_interval=INTERVAL, supersede_after=SUPERSEDE, stale_within=STALE)
    assert built.start() == []
    return built


def _started(actions: list) -> list:
    return [a.request for a in actions if isinstance(a, Start)]


def _shown(actions: list) -> list:
    return [a.result for a in actions if isinstance(a, Show)]


def _start(actions: list) -> Start:
    (start,) = [a for a in actions if isinstance(a, Start)]
    return start


def test_nothing_starts_before_the_runner_starts_and_the_newest_request_waits_for_it(clock):
    scheduler = Scheduler(clock)
    for request in ("a", "b", "c"):
        _, actions = scheduler.submit(request)
        assert actions == []
    actions = scheduler.start()
    assert _started(actions) == ["c"] and Busy(True) in actions


def test_a_storm_of_requests_computes_the_first_and_the_last_only(scheduler, clock):
    _, actions = scheduler.submit(0)
    start = _start(actions)
    for value in range(1, 1000):
        clock.advance(0.0001)
        _, actions = scheduler.submit(value)
        assert actions == []  # one job runs, the newest waits
    actions = scheduler.finished(start.job_id, "r0")
    assert _started(actions) == [999] and _shown(actions) == ["r0"]
    assert scheduler.jobs_started == 2


def test_jobs_start_no_more_often_than_the_pacing_interval(scheduler, clock):
    _, actions = scheduler.submit("a")
    a = _start(actions)
    clock.advance(0.002)
    scheduler.submit("b")
    clock.advance(0.001)
    actions = scheduler.finished(a.job_id, "ra")  # 3 ms after a started: b must wait 9 ms more
    assert _started(actions) == [] and WakeAt(100.0 + INTERVAL) in actions
    assert scheduler.busy
    clock.advance(0.005)
    assert scheduler.tick() == [WakeAt(100.0 + INTERVAL)]  # woken early: asked again
    clock.now = 100.0 + INTERVAL
    assert _started(scheduler.tick()) == ["b"]


def test_a_superseded_job_is_told_so_and_gives_way_only_after_the_frame_budget(scheduler, clock):
    _, actions = scheduler.submit("slow")
    stop = _start(actions).stop
    assert not stop()
    scheduler.submit("newer")
    assert stop.superseded.is_set()
    clock.advance(SUPERSEDE / 2)
    assert not stop()  # a job that ends within the frame budget is still shown
    clock.advance(SUPERSEDE)
    assert stop()
    actions = scheduler.abandoned(_start(actions).job_id)
    assert _started(actions) == ["newer"] and scheduler.jobs_abandoned == 1


def test_a_result_older_than_one_shown_is_dropped(scheduler, clock):
    _, actions = scheduler.submit("a")
    a = _start(actions)
    clock.advance(1)
    actions = scheduler.finished(a.job_id, "ra")
    assert _shown(actions) == ["ra"]
    assert _shown(scheduler.finished(a.job_id - 1, "older")) == []


def _b_arrives_while_c_runs(scheduler: Scheduler, clock: FakeClock) -> Start:
    """a is shown at t; b runs while c waits; b ends at t + 25 ms, when c's turn has come."""
    _, actions = scheduler.submit("a")
    assert _shown(scheduler.finished(_start(actions).job_id, "ra")) == ["ra"]
    clock.advance(INTERVAL)
    _, actions = scheduler.submit("b")
    b = _start(actions)
    scheduler.submit("c")
    clock.advance(0.013)
    return b


def test_an_outdated_result_is_held_then_dropped_when_the_newer_one_comes_first(scheduler, clock):
    b = _b_arrives_while_c_runs(scheduler, clock)
    actions = scheduler.finished(b.job_id, "rb")
    c = _start(actions)
    assert _shown(actions) == [] and WakeAt(100.0 + STALE) in actions  # held until a is 33 ms old
    clock.advance(0.005)
    assert _shown(scheduler.finished(c.job_id, "rc")) == ["rc"]
    assert scheduler.results_dropped == 1
    clock.now = 100.0 + STALE
    assert _shown(scheduler.tick()) == []  # the hold ended with nothing left to show


def test_an_outdated_result_held_is_shown_when_the_newer_job_is_slow(scheduler, clock):
    b = _b_arrives_while_c_runs(scheduler, clock)
    c = _start(scheduler.finished(b.job_id, "rb"))
    clock.now = 100.0 + STALE
    assert _shown(scheduler.tick()) == ["rb"]  # no frame kept from the screen longer than the hold
    assert _shown(scheduler.finished(c.job_id, "rc")) == ["rc"]
    assert scheduler.results_dropped == 0


def test_an_outdated_result_is_shown_at_once_when_the_screen_has_not_changed_for_a_while(scheduler, clock):
    b = _b_arrives_while_c_runs(scheduler, clock)
    clock.advance(STALE)
    actions = scheduler.finished(b.job_id, "rb")
    assert _shown(actions) == ["rb"] and _started(actions) == ["c"]


def test_a_failure_supersedes_older_results(scheduler, clock):
    _, actions = scheduler.submit("a")
    a = _start(actions)
    scheduler.submit("b")
    clock.advance(1)
    b = _start(scheduler.finished(a.job_id, "ra"))
    error = ValueError("bad")
    actions = scheduler.failed(b.job_id, error)
    assert Fail(error) in actions and Busy(False) in actions
    assert _shown(scheduler.finished(a.job_id, "late a")) == []
    assert scheduler.failed(-1, error) == [Fail(error)]  # the executor itself: always said


def test_a_job_whose_executor_vanished_runs_again_unless_a_newer_one_waits(scheduler, clock):
    _, actions = scheduler.submit("a")
    a = _start(actions)
    clock.advance(1)
    assert _started(scheduler.requeue(a.job_id, "a")) == ["a"]
    _, actions = scheduler.submit("b")
    clock.advance(1)
    assert _started(scheduler.requeue(a.job_id, "a")) == ["b"]


def test_closing_drops_waiting_work_and_stops_a_running_job(scheduler, clock):
    _, actions = scheduler.submit("a")
    a = _start(actions)
    scheduler.submit("b")
    scheduler.close()
    assert a.stop()  # at once, whatever the frame budget
    assert _started(scheduler.finished(a.job_id, "ra")) == [] and not scheduler.busy
    assert scheduler.submit("c")[1] == [] and scheduler.start() == []


def test_withdraw_drops_the_waiting_request_and_never_shows_the_running_one(scheduler, clock):
    """A view still holds the result of the newest request: what runs and waits is not wanted."""
    big, actions = scheduler.submit("big")
    stop = _start(actions).stop
    scheduler.submit("waiting")
    assert scheduler.withdraw() == []  # the big job still runs: busy until it ends
    clock.advance(SUPERSEDE * 1.01)
    assert stop()  # told to end at its next step
    assert scheduler.finished(big, "big result") == [Busy(False)]  # ended anyway: never shown
    assert not scheduler.busy and scheduler.withdraw() == [Busy(False)]
    later, actions = scheduler.submit("later")  # the next request is shown as usual
    clock.advance(INTERVAL)
    actions = scheduler.tick() if not _started(actions) else actions
    assert _shown(scheduler.finished(later, "later result")) == ["later result"]
