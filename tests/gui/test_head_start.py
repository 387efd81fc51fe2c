"""The window's controller with a head start: the child answers until the worker has torch.

The worker's "loading torch" is a devices function that waits for the test to let it
finish, so each test decides whether the head start or the worker is ready first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from actviewer.core import catalog, custom, dispatch
from actviewer.core.head_start import HeadStart
from actviewer.core.request import ComputeRequest
from actviewer.gui.worker import ComputeController


class SlowTorch:
    """A devices function that returns only once ``finish()`` is called: torch still loading."""

    def __init__(self) -> None:
        self._loaded = threading.Event()

    def __call__(self) -> list:
        self._loaded.wait(60)
        return []

    def finish(self) -> None:
        self._loaded.set()


@pytest.fixture
def slow_torch() -> Iterator[SlowTorch]:
    loading = SlowTorch()
    yield loading
    loading.finish()  # never leave the worker waiting


@pytest.fixture
def head_start() -> Iterator[HeadStart]:
    launched = HeadStart.launch()
    assert launched is not None
    yield launched
    launched.kill()


@pytest.fixture
def controller(head_start: HeadStart, slow_torch: SlowTorch) -> Iterator[ComputeController]:
    built = ComputeController(devices_fn=slow_torch, head_start=head_start)
    yield built
    slow_torch.finish()
    built.shutdown()


def _assert_same_curve(result, request) -> None:
    want = dispatch.run(request)
    for name in ("x", "y", "dy"):
        np.testing.assert_array_equal(getattr(result, name), getattr(want, name), err_msg=name)


def test_the_first_result_comes_from_the_head_start_while_the_worker_loads_torch(
    qtbot, head_start, slow_torch, controller
):
    request = ComputeRequest("gelu", samples=501)
    with qtbot.waitSignal(controller.result_ready, timeout=60_000) as shown:
        controller.submit(request)
    assert controller.jobs_by_head_start == 1
    _assert_same_curve(shown.args[0], request)
    qtbot.waitUntil(lambda: not controller.busy)

    # Once the worker has torch the child is ended, and the worker answers.
    with qtbot.waitSignal(controller.devices_found, timeout=10_000):
        slow_torch.finish()
    qtbot.waitUntil(lambda: head_start._process.poll() is not None, timeout=30_000)
    later = ComputeRequest("silu", samples=301)
    with qtbot.waitSignal(controller.result_ready, timeout=60_000) as shown:
        controller.submit(later)
    assert controller.jobs_by_head_start == 1
    _assert_same_curve(shown.args[0], later)


def test_what_the_head_start_cannot_answer_the_worker_does(qtbot, head_start, slow_torch, controller):
    """A user's own activation exists in the window's process only: the child declines it, and
    the worker computes it once torch is loaded. Nothing is shown in between, no error either."""
    entry = custom.CustomActivation("Cube", "x ** 3").checked()
    catalog.register(entry.spec())
    try:
        _hand_back(qtbot, head_start, slow_torch, controller, entry.id)
    finally:
        catalog.unregister(entry.id)


def _hand_back(qtbot, head_start, slow_torch, controller, activation: str) -> None:
    errors: list[object] = []
    controller.failed.connect(errors.append)
    request = ComputeRequest(activation, samples=101)
    shown: list[object] = []
    controller.result_ready.connect(shown.append)
    controller.submit(request)
    assert controller.jobs_by_head_start == 1
    slow_torch.finish()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert controller.jobs_answered_by_head_start == 0
    np.testing.assert_allclose(shown[0].y, shown[0].x.astype(np.float64) ** 3, rtol=1e-6, atol=1e-6)
    assert not errors


def test_a_newer_request_made_while_the_head_start_computes_is_the_one_shown(qtbot, controller):
    shown: list[object] = []
    controller.result_ready.connect(shown.append)
    for samples in range(100, 130):
        controller.submit(ComputeRequest("tanh", samples=samples))
    qtbot.waitUntil(lambda: not controller.busy, timeout=60_000)
    assert shown[-1].request.samples == 129
    assert controller.jobs_by_head_start == 2  # the first, then the newest of those waiting


def test_closing_ends_the_head_start_at_once(qtbot, head_start, slow_torch, controller):
    controller.submit(ComputeRequest("relu", samples=10_000_000))
    slow_torch.finish()
    controller.shutdown(wait_s=30)
    qtbot.waitUntil(lambda: head_start._process.poll() is not None, timeout=30_000)


def test_the_window_draws_the_head_starts_first_curve_before_its_worker_has_torch(
    qtbot, make_window, head_start, slow_torch
):
    window = make_window(wait=False, head_start=head_start, devices_fn=slow_torch)
    qtbot.waitUntil(lambda: window.current_view().last_result is not None, timeout=60_000)
    assert window.controller.jobs_by_head_start >= 1
    assert window.loading.isHidden()  # the plots speak for themselves
    shown = window.current_view().last_result
    _assert_same_curve(shown, shown.request)
    slow_torch.finish()
    qtbot.waitUntil(lambda: head_start._process.poll() is not None, timeout=30_000)
