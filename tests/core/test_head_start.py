"""The head start: a child process that answers as the worker would, or hands the request back."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from actviewer.core import dispatch
from actviewer.core.compare import CompareRequest, CurveSpec
from actviewer.core.head_start import HeadStart, HeadStartDeclined, HeadStartLost
from actviewer.core.network import DistRequest, StackRequest
from actviewer.core.request import ComputeRequest


def _child(code: str) -> HeadStart:
    """A child running ``code`` instead of the real one (a stand-in that prints, hangs or fails)."""
    head_start = HeadStart.launch([sys.executable, "-c", code])
    assert head_start is not None
    return head_start


@pytest.fixture(scope="module")
def head_start() -> Iterator[HeadStart]:
    launched = HeadStart.launch()
    assert launched is not None
    yield launched
    launched.kill()


@pytest.mark.parametrize(
    "request_",
    [
        ComputeRequest("gelu"),
        ComputeRequest("rrelu", params={"training": True, "seed": 5}, samples=300),
        ComputeRequest("softmax", samples=200_000),
    ],
    ids=["gelu", "rrelu-training", "softmax-2e5"],
)
def test_a_curve_from_the_child_is_the_one_the_worker_computes(head_start, request_):
    got, want = head_start.compute(request_), dispatch.run(request_)
    assert got.request == want.request
    for name in ("x", "y", "dy", "d2y"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
    assert got.derivative_method == want.derivative_method
    assert got.dy_at_zero == want.dy_at_zero


def test_other_requests_come_back_whole(head_start):
    dist = DistRequest("tanh", samples=10_000, seed=3)
    got, want = head_start.compute(dist), dispatch.run(dist)
    assert got.stats == pytest.approx(want.stats, rel=0, abs=0)
    compare = CompareRequest(curves=(CurveSpec("relu"), CurveSpec("gelu", dtype="float64")))
    got_compare, want_compare = head_start.compute(compare), dispatch.run(compare)
    assert got_compare.request == want_compare.request
    for got_y, want_y in zip(got_compare.ys, want_compare.ys, strict=True):
        np.testing.assert_array_equal(got_y, want_y)


class _OnlyHere:
    """A request type the child has no compute function for."""


def test_what_the_child_cannot_answer_is_declined_and_it_serves_on(head_start):
    """A user's own activation is registered in the window's process only: the worker answers it."""
    with pytest.raises(HeadStartDeclined, match="unknown activation 'my_own'"):
        head_start.compute(ComputeRequest("my_own"))
    with pytest.raises(HeadStartDeclined):
        head_start.compute(_OnlyHere())
    assert head_start.compute(ComputeRequest("relu", samples=11)).y.shape == (11,)  # still serving


def test_it_is_offered_short_cpu_jobs_of_built_in_types_only(head_start):
    assert head_start.can_answer(ComputeRequest("relu"))
    assert not head_start.can_answer(ComputeRequest("relu", device="cuda:0"))
    assert not head_start.can_answer(StackRequest("relu"))  # interruptible: the worker can stop it
    overlays = CompareRequest(curves=(CurveSpec("relu"), CurveSpec("gelu", device="cuda:0")))
    assert not head_start.can_answer(overlays)  # its second curve would need CUDA in the child
    assert head_start.can_answer(CompareRequest(curves=(CurveSpec("relu"), CurveSpec("gelu"))))


def test_a_compute_function_replaced_at_run_time_is_not_offered(head_start):
    """The child has the shipped table: a plug-in's replacement exists in the window's process only."""
    dispatch.register_compute(ComputeRequest, lambda request: None)
    try:
        assert not head_start.can_answer(ComputeRequest("relu"))
    finally:
        dispatch.unregister_compute(ComputeRequest)
    assert head_start.can_answer(ComputeRequest("relu"))
    assert not head_start.can_answer(_OnlyHere())


def test_a_killed_child_is_gone_and_answers_nothing():
    killed = HeadStart.launch()
    assert killed is not None
    killed.kill()
    assert killed._process.wait(60) != 0
    assert not killed.alive and not killed.can_answer(ComputeRequest("relu"))
    with pytest.raises(HeadStartLost):
        killed.compute(ComputeRequest("relu"))


def test_a_child_without_torch_is_a_lost_head_start_not_an_error():
    broken = _child("import sys; sys.exit(1)")
    with pytest.raises(HeadStartLost):
        broken.compute(ComputeRequest("relu"))


def test_a_stray_print_in_the_child_does_not_corrupt_its_answer():
    talkative = _child(
        "import sys\n"
        "from actviewer.core import dispatch, head_start\n"
        "dispatch.register_compute(str, lambda r: print('noise from a library', r) or r.upper())\n"
        "sys.exit(head_start.main())\n"
    )
    try:
        assert talkative.compute("hello") == "HELLO"
        assert talkative.compute("again") == "AGAIN"
    finally:
        talkative.kill()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_killing_it_ends_a_wait_for_an_answer(tmp_path):
    """Closing the window must not wait for the child: kill unblocks the thread waiting on it.
    The stand-in child writes to a named pipe once it has the request, then never answers."""
    started = tmp_path / "started"
    os.mkfifo(started)
    hanging = _child(
        "import sys, threading\n"
        "from actviewer.core import dispatch, head_start\n"
        f"def hang(request):\n    open({str(started)!r}, 'w').write('x')\n    threading.Event().wait()\n"
        "dispatch.register_compute(str, hang)\n"
        "sys.exit(head_start.main())\n"
    )
    outcome: list[BaseException] = []

    def ask() -> None:
        try:
            hanging.compute("never answered")
        except HeadStartLost as err:
            outcome.append(err)

    asking = threading.Thread(target=ask)
    asking.start()
    with open(started) as fifo:  # blocks until the child is computing, with our thread reading
        assert fifo.read() == "x"
    assert asking.is_alive()
    hanging.kill()
    asking.join(60)
    assert not asking.is_alive()
    assert len(outcome) == 1
