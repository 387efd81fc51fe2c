"""The window on a CUDA device, where one is present (skipped elsewhere; CI has no GPU).

The worker thread creates the CUDA context and runs every view's computation there; these
check that a user who picks the GPU in the device list gets GPU results in every view and
that they match the CPU's.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from actviewer.core.network import DistResult, StackResult

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")


def _pick_gpu(qtbot, window) -> None:
    combo = window.domain_panel.device
    qtbot.waitUntil(lambda: combo.findData("cuda:0") >= 0, timeout=30_000)
    assert combo.itemText(combo.findData("cuda:0")).startswith("CUDA 0: ")
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: str(r.device).startswith("cuda")
    ):
        combo.setCurrentIndex(combo.findData("cuda:0"))
    assert window.state.device == "cuda:0"


def test_picking_the_gpu_draws_the_gpus_curve(qtbot, window):
    cpu = window.views["curve"].last_result
    _pick_gpu(qtbot, window)
    gpu = window.views["curve"].last_result
    assert gpu.device.startswith("cuda") and gpu.request.device == "cuda:0"
    np.testing.assert_allclose(gpu.x, cpu.x)
    np.testing.assert_allclose(gpu.y, cpu.y, rtol=2e-5, atol=2e-6)
    elu = replace(window.state, activation="elu").with_params({"alpha": 0.25})
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: r.request.params.get("alpha") == 0.25
    ):
        window.set_state(elu)
    assert window.views["curve"].last_result.device.startswith("cuda")


@pytest.mark.parametrize(("view_id", "result_type"), [("stack", StackResult), ("distribution", DistResult)])
def test_network_views_compute_on_the_gpu(qtbot, window, view_id, result_type):
    _pick_gpu(qtbot, window)
    with qtbot.waitSignal(
        window.result_shown, timeout=120_000, check_params_cb=lambda r: isinstance(r, result_type)
    ) as blocker:
        window.set_state(replace(window.state, activation="relu", view=view_id))
    result = blocker.args[0]
    assert result.request.device == "cuda:0"
    if isinstance(result, StackResult):
        assert np.all(np.isfinite(result.pre_rms)) and result.diagnosis
    else:
        assert result.stats["mean"] == pytest.approx(0.3989, abs=2e-3)
