from __future__ import annotations

import os
import stat
import threading
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from actviewer.core.compute import compute
from actviewer.core.state import ExplorerState
from actviewer.gui.settings import SettingsStore

TUTORIAL = ["binary_step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]


def plotted(curve) -> tuple[np.ndarray, np.ndarray]:
    """The full arrays a curve holds (before view-dependent downsampling)."""
    return np.asarray(curve.xData), np.asarray(curve.yData)


def select_in_picker(qtbot, window, activation_id):
    picker = window.picker
    if window.state.activation == activation_id:
        return
    item = picker._items[activation_id]
    index = picker.proxy.mapFromSource(item.index())
    with qtbot.waitSignal(
        window.result_shown, timeout=20_000, check_params_cb=lambda r: r.request.activation == activation_id
    ):
        picker.tree.setCurrentIndex(index)


@pytest.mark.parametrize("activation", TUTORIAL)
def test_selecting_a_tutorial_activation_draws_the_cores_result(qtbot, window, activation):
    select_in_picker(qtbot, window, activation)
    request = window.views["curve"].last_result.request
    # adaptive by default: the visible range at about 2 points per pixel, kinks included
    assert request.activation == activation and request.params == window.state.spec.resolve(
        window.state.current_params()
    )
    assert (request.x_min, request.x_max) == pytest.approx(window.views["curve"].plots.visible_x_range())
    assert request.samples == pytest.approx(2 * window.views["curve"].plots.pixel_width(), rel=0.1)
    expected = compute(request)
    x, y = plotted(window.views["curve"].plots.output_curve)
    dx, dy = plotted(window.views["curve"].plots.derivative_curve)
    np.testing.assert_array_equal(x, expected.x)
    np.testing.assert_array_equal(y, expected.y)
    np.testing.assert_array_equal(dx, expected.x)
    np.testing.assert_array_equal(dy, expected.dy)
    assert window.param_group.title().endswith(window.state.spec.name)


def test_each_tutorial_activation_has_its_parameter_control(qtbot, window):
    expected = {"binary_step": "threshold", "leaky_relu": "negative_slope", "softmax": "dim"}
    for activation, name in expected.items():
        select_in_picker(qtbot, window, activation)
        assert name in window.param_panel.controls


def test_softmax_curve_is_one_class_against_the_others_and_its_code_reproduces_it(
    qtbot, make_window, fixed_sampling_settings
):
    """K = 2 with the other logit 0 draws sigmoid; K and the other logit move it; Copy code gives the curve."""
    import torch
    from PySide6.QtWidgets import QApplication

    window = make_window(settings=fixed_sampling_settings)
    select_in_picker(qtbot, window, "softmax")
    x, y = plotted(window.views["curve"].plots.output_curve)
    _, dy = plotted(window.views["curve"].plots.derivative_curve)
    s = torch.sigmoid(torch.as_tensor(x)).numpy()
    np.testing.assert_allclose(y, s, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(dy, s * (1 - s), rtol=1e-5, atol=1e-7)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["classes"].spin.setValue(4)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["other_logit"].spin.setValue(1.0)
    x, y = plotted(window.views["curve"].plots.output_curve)
    rows = torch.stack([torch.as_tensor(x), *[torch.ones(len(x), dtype=torch.float32)] * 3], dim=-1)
    np.testing.assert_allclose(y, torch.softmax(rows, dim=-1)[:, 0].numpy(), rtol=1e-6, atol=1e-7)
    assert "softmax([x, 1, 1, 1])[0]" in window.views["curve"].plots.output_plot.titleLabel.text
    qtbot.waitUntil(lambda: "new_full((x.numel(), 3), 1.0)" in window.learn_panel.snippet.functional)
    window.learn_panel.functional.copy_button.click()
    scope: dict = {}
    exec(QApplication.clipboard().text(), scope)
    np.testing.assert_array_equal(scope["output"].numpy(), y)


def test_changing_the_leaky_slope_changes_the_negative_side(qtbot, window):
    select_in_picker(qtbot, window, "leaky_relu")
    control = window.param_panel.controls["negative_slope"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(0.3)
    x, y = plotted(window.views["curve"].plots.output_curve)
    np.testing.assert_allclose(y[x < 0], 0.3 * x[x < 0], rtol=1e-6)
    np.testing.assert_allclose(y[x > 0], x[x > 0], rtol=1e-6)
    # The slider follows the spin box and drives it in turn.
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.slider.setValue(control.slider.maximum())
    x, y = plotted(window.views["curve"].plots.output_curve)
    np.testing.assert_allclose(y[x < 0], 1.0 * x[x < 0], rtol=1e-6)
    assert window.state.current_params()["negative_slope"] == 1.0


def test_reset_button_restores_torch_defaults(qtbot, window):
    select_in_picker(qtbot, window, "elu")
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["alpha"].spin.setValue(2.5)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.mouseClick(window.param_panel.reset_button, Qt.MouseButton.LeftButton)
    assert window.state.current_params() == {"alpha": 1.0}


def test_choice_and_bool_params_get_a_combo_and_a_checkbox(qtbot, window):
    select_in_picker(qtbot, window, "gelu")
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["approximate"].combo.setCurrentText("tanh")
    assert window.views["curve"].last_result.request.params["approximate"] == "tanh"
    select_in_picker(qtbot, window, "rrelu")
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["training"].check.setChecked(True)
    assert window.views["curve"].last_result.request.params["training"] is True


def test_arrow_keys_in_the_picker_move_the_plots(qtbot, window):
    select_in_picker(qtbot, window, "sigmoid")
    window.picker.tree.setFocus()
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.keyClick(window.picker.tree, Qt.Key.Key_Down)
    assert window.state.activation == "tanh"
    assert window.views["curve"].last_result.request.activation == "tanh"


def test_the_filter_narrows_the_list_and_down_enters_it(qtbot, window):
    qtbot.keyClicks(window.picker.filter_edit, "shrink")
    proxy = window.picker.proxy
    visible = [
        proxy.index(r, 0, proxy.index(g, 0)).data()
        for g in range(proxy.rowCount())
        for r in range(proxy.rowCount(proxy.index(g, 0)))
    ]
    assert visible == ["Hardshrink", "Softshrink", "Tanhshrink"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.keyClick(window.picker.filter_edit, Qt.Key.Key_Down)
    assert window.state.activation == "hardshrink"


@pytest.mark.parametrize(
    ("typed", "chosen"), [("tanh", "tanh"), ("elu", "elu"), ("SiLU", "silu"), ("shrink", "hardshrink")]
)
def test_enter_in_the_filter_chooses_the_best_match(qtbot, window, typed, chosen):
    """The family "Sigmoid and tanh" matches "tanh" too, and "ReLU" contains "elu": Enter picks the
    activation whose name is, or starts with, what was typed, the first in the list among equals."""
    qtbot.keyClicks(window.picker.filter_edit, typed)
    if window.state.activation != chosen:
        with qtbot.waitSignal(window.result_shown, timeout=20_000):
            qtbot.keyClick(window.picker.filter_edit, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(window.picker.filter_edit, Qt.Key.Key_Return)
    assert window.state.activation == chosen and window.picker.current_id() == chosen


def test_down_in_the_filter_goes_to_the_best_match_not_the_one_selected(qtbot, window):
    """Sigmoid selected, "tanh" typed: its family matches too, but Down then Return is Tanh (once
    Down kept Sigmoid, and Return chose it). Escape empties the filter."""
    select_in_picker(qtbot, window, "sigmoid")
    window.picker.focus_filter()
    qtbot.keyClicks(window.picker.filter_edit, "tanh")
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        qtbot.keyClick(window.picker.filter_edit, Qt.Key.Key_Down)
    assert window.picker.tree.hasFocus() or window.picker.current_id() == "tanh"
    qtbot.keyClick(window.picker.tree, Qt.Key.Key_Return)
    assert window.state.activation == "tanh"
    window.picker.focus_filter()
    qtbot.keyClick(window.picker.filter_edit, Qt.Key.Key_Escape)
    assert window.picker.filter_edit.text() == "" and window.picker.proxy.rowCount() > 5


def test_the_readout_follows_a_new_curve_under_a_still_pointer(qtbot, window):
    select_in_picker(qtbot, window, "sigmoid")
    plots = window.views["curve"].plots
    plots.show_readout_at(1.0)
    select_in_picker(qtbot, window, "tanh")  # picked with the keyboard: the pointer did not move
    values = dict(part.split(" = ") for part in plots.readout.text().split("    "))
    assert float(values["f(x)"]) == pytest.approx(np.tanh(1.0), abs=1e-4)
    assert plots._dots[0].getData()[1][0] == pytest.approx(np.tanh(1.0), abs=1e-4)


def test_binary_step_shows_the_undefined_derivative_note(qtbot, window):
    select_in_picker(qtbot, window, "binary_step")
    x, y = plotted(window.views["curve"].plots.output_curve)
    jump = int(np.searchsorted(x, 0.0))
    assert (
        x[jump] == 0.0
        and y[jump] == 1.0
        and y[jump - 1] == 0.0
        and x[jump - 1] == np.nextafter(np.float32(0), np.float32(-1))
    )
    assert "undefined at x = 0" in window.views["curve"].plots.undefined_note
    assert "undefined" in window.views["curve"].plots.derivative_plot.titleLabel.text
    assert len(window.views["curve"].plots._undefined_lines) == 1
    select_in_picker(qtbot, window, "relu")
    assert window.views["curve"].plots.undefined_note == ""
    assert "undefined" not in window.views["curve"].plots.derivative_plot.titleLabel.text
    assert window.views["curve"].plots._undefined_lines == []


def test_crosshair_readout_shows_x_f_and_f_prime(qtbot, window):
    select_in_picker(qtbot, window, "sigmoid")
    window.views["curve"].plots.show_readout_at(0.0)
    text = window.views["curve"].plots.readout.text()
    values = dict(part.split(" = ") for part in text.split("    "))
    assert float(values["x"]) == 0.0
    assert float(values["f(x)"]) == pytest.approx(0.5, abs=1e-4)
    assert float(values["f′(x)"]) == pytest.approx(0.25, abs=1e-4)


def test_invalid_params_show_a_message_and_keep_the_last_plot(qtbot, window):
    select_in_picker(qtbot, window, "hardtanh")
    before = plotted(window.views["curve"].plots.output_curve)[1].copy()
    with qtbot.waitSignal(window.error_shown, timeout=20_000):
        window.param_panel.controls["min_val"].spin.setValue(2.0)
    assert window.error_banner.isVisible()
    assert "min_val must be less than max_val" in window.error_banner.text()
    np.testing.assert_array_equal(plotted(window.views["curve"].plots.output_curve)[1], before)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.param_panel.controls["max_val"].spin.setValue(3.0)
    assert not window.error_banner.isVisible()
    _, y = plotted(window.views["curve"].plots.output_curve)
    assert y.min() == 2.0 and y.max() == 3.0


def test_a_failing_compute_shows_its_message_and_keeps_the_last_plot(qtbot, make_window):
    def flaky(request):
        if request.activation == "tanh":
            raise RuntimeError("CUDA error: device-side assert triggered")
        return compute(request)

    window = make_window(compute_fn=flaky)
    before = plotted(window.views["curve"].plots.output_curve)[1].copy()
    with qtbot.waitSignal(window.error_shown, timeout=20_000) as blocker:
        window.set_state(replace(window.state, activation="tanh"))
    assert blocker.args[0] == "The computation failed: RuntimeError: CUDA error: device-side assert triggered"
    assert window.error_banner.isVisible()
    np.testing.assert_array_equal(plotted(window.views["curve"].plots.output_curve)[1], before)
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="relu"))
    assert not window.error_banner.isVisible()


def test_input_errors_from_the_worker_are_shown_as_the_users_to_fix(qtbot, make_window):
    from actviewer.core.errors import InputError

    def strict(request):
        if request.activation == "elu":
            raise InputError("alpha=3 is not allowed here")
        return compute(request)

    window = make_window(compute_fn=strict)
    with qtbot.waitSignal(window.error_shown, timeout=20_000) as blocker:
        window.set_state(replace(window.state, activation="elu"))
    assert blocker.args[0] == "alpha=3 is not allowed here"  # no "failed" prefix: the user can fix it


def test_domain_errors_are_reported_without_computing(qtbot, window):
    with qtbot.waitSignal(window.error_shown, timeout=5_000):
        window.domain_panel.x_min.setValue(10.0)
    assert "x min (10) must be less than x max (6)" in window.error_banner.text()  # the labels' words


def test_computation_runs_off_the_gui_thread(qtbot, make_window):
    threads = []

    def spy(request):
        threads.append(threading.current_thread() is threading.main_thread())
        return compute(request)

    make_window(compute_fn=spy)
    assert threads and not any(threads)


def test_slow_compute_runs_only_the_newest_waiting_request(
    qtbot, make_window, fixed_sampling_settings, monkeypatch
):
    from actviewer.core import scheduler

    # Every result newer than the one on screen is shown here; tests/core/test_scheduler.py covers
    # dropping one that is outdated on arrival.
    monkeypatch.setattr(scheduler, "STALE_SHOWN_WITHIN_S", 0.0)
    gate = threading.Event()
    seen = []

    def slow(request):
        seen.append(request.params.get("negative_slope"))
        if len(seen) == 2:
            gate.wait(20)  # hold the first job after start-up while newer requests arrive
        return compute(request)

    window = make_window(compute_fn=slow, settings=fixed_sampling_settings)
    seen.clear()
    seen.append("start-up")
    shown = []
    window.result_shown.connect(lambda r: shown.append(r.request.params.get("negative_slope")))
    state = replace(window.state, activation="leaky_relu")
    window.set_state(state)  # job 2: blocks in the worker
    qtbot.waitUntil(lambda: len(seen) == 2)
    for slope in (0.1, 0.2, 0.3, 0.4):
        window.set_state(state.with_params({"negative_slope": slope}))
    gate.set()
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == 0.4, timeout=20_000)
    assert seen[1:] == [0.01, 0.4]  # 0.1..0.3 were replaced while waiting
    assert shown == [0.01, 0.4]


def test_a_result_older_than_the_newest_shown_is_dropped(qtbot, window):
    controller = window.controller
    newest = window.views["curve"].last_result
    stale = compute(replace(window.state, activation="relu").request())
    shown = []
    window.result_shown.connect(shown.append)
    controller._on_finished(0, stale)  # id 0 is older than anything shown
    assert shown == [] and window.views["curve"].last_result is newest


def test_device_list_has_the_cpu_and_dtypes(qtbot, window):
    qtbot.waitUntil(
        lambda: window.domain_panel.device.count() >= 1 and window.domain_panel.device.itemData(0) == "cpu"
    )
    dtypes = [window.domain_panel.dtype.itemData(i) for i in range(window.domain_panel.dtype.count())]
    assert dtypes == ["float32", "float64", "float16", "bfloat16"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.domain_panel.dtype.setCurrentIndex(1)
    assert window.views["curve"].last_result.y.dtype == np.float64


def test_settings_round_trip(qtbot, make_window, settings_store):
    window = make_window()
    state = ExplorerState(
        activation="leaky_relu",
        params={"leaky_relu": {"negative_slope": 0.25}},
        x_min=-3.0,
        x_max=4.0,
        samples=777,
        dtype="float64",
    )
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(state)
    window.splitter.setSizes([420, 700])
    window.views["curve"].second_action.setChecked(True)
    saved_split = bytes(window.splitter.saveState())
    window.close()
    assert bytes(settings_store.load_bytes("window/splitter_main")) == saved_split
    assert settings_store.load_bytes("window/geometry") is not None
    again = make_window()
    assert again.state == state
    assert again.domain_panel.samples.value() == 777
    assert again.param_panel.controls["negative_slope"].value() == 0.25
    assert again.views["curve"].second_action.isChecked()
    # Offscreen, Qt fits the restored geometry to its small virtual screen, so compare the
    # splitter itself: restoring the saved state into a splitter of the saved width gives it back.
    probe = type(again.splitter)()
    probe.addWidget(type(again.splitter)())
    probe.addWidget(type(again.splitter)())
    probe.resize(1127, 100)
    assert probe.restoreState(settings_store.load_bytes("window/splitter_main"))
    assert probe.sizes()[0] == pytest.approx(420, abs=8)


def _stored_on_disk(path) -> tuple[dict, object]:
    """The explorer state and the 2-D view's settings (None until that view is first opened) as a
    fresh reader of the file finds them."""
    import json

    disk = QSettings(str(path), QSettings.Format.IniFormat)
    matrix = disk.value("views/matrix")
    return json.loads(disk.value("explorer/state")), None if matrix is None else json.loads(matrix)


def test_a_change_is_saved_to_disk_a_moment_later_without_quitting(qtbot, make_window, tmp_path):
    """A killed process keeps its session: edits reach the settings file about a second after they stop."""
    window = make_window()
    path = tmp_path / "settings.ini"  # the settings_store fixture's file
    select_in_picker(qtbot, window, "leaky_relu")
    with qtbot.waitSignal(window.settings_saved, timeout=10_000):
        window.param_panel.controls["negative_slope"].spin.setValue(0.3)
    state, _ = _stored_on_disk(path)
    assert state["activation"] == "leaky_relu" and state["params"]["leaky_relu"]["negative_slope"] == 0.3
    # A view's own settings too: the 2-D tab's shape.
    select_in_picker(qtbot, window, "softmax")
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.tabs.setCurrentIndex(window.tab_index("matrix"))
    with qtbot.waitSignal(window.settings_saved, timeout=10_000):
        window.views["matrix"].rows.setValue(7)
    state, matrix = _stored_on_disk(path)
    assert state["view"] == "matrix" and matrix["rows"] == 7
    assert window.isVisible()  # all of it without closing the window


def test_a_burst_of_edits_is_saved_once(qtbot, make_window):
    window = make_window()
    select_in_picker(qtbot, window, "leaky_relu")
    saves = []
    window.settings_saved.connect(lambda: saves.append(window.state.current_params()["negative_slope"]))
    with qtbot.waitSignal(window.settings_saved, timeout=10_000):
        for value in (0.1, 0.2, 0.3, 0.4):
            window.param_panel.controls["negative_slope"].spin.setValue(value)
    assert saves == [0.4]


@pytest.mark.parametrize(
    "garbage",
    [
        {"explorer/state": "{not json"},
        {
            "explorer/state": '{"activation": "relu9", "samples": -5, "x_min": "a", "dtype": 3, "device": "gpu"}'
        },
        {
            "explorer/state": '{"activation": "hardtanh", "params": {"hardtanh": {"min_val": 5, "max_val": 1}}}'
        },
        {"explorer/state": "[1, 2, 3]", "window/geometry": "nonsense", "window/splitter_main": 42},
        {"explorer/state": "[" * 100_000},
        {
            "explorer/state": '{"schema": 99, "activation": "gelu", "params": {"gelu": {"approximate": "cubic"}}}'
        },
    ],
)
def test_corrupt_settings_fall_back_to_defaults_per_field(qtbot, make_window, tmp_path, garbage):
    qs = QSettings(str(tmp_path / "garbage.ini"), QSettings.Format.IniFormat)
    for key, value in garbage.items():
        qs.setValue(key, value)
    qs.sync()
    store = SettingsStore(qs)
    window = make_window(settings=store)
    state = window.state
    assert state.samples == 1001 and state.dtype == "float32" and state.device == "cpu"
    assert state.spec.resolve(state.current_params()) == state.current_params()  # what was kept is valid
    assert window.views["curve"].last_result is not None
    if "gelu" in garbage["explorer/state"]:
        assert state.activation == "gelu" and state.current_params() == {"approximate": "none"}
    # Said once, where the user looks: which stored value was reset, and why.
    notice = window.status.notice.text()
    assert "Some stored settings were reset to their defaults" in notice
    assert notice.count("Some stored settings") == 1
    if garbage["explorer/state"].startswith("[["):
        assert notice.count("stored state is not valid JSON") == 1  # once, not twice as before


@pytest.mark.parametrize("kind", ["folder", "fifo", "binary", "nul"])
def test_a_settings_file_that_is_not_text_is_said_and_never_hangs(
    qtbot, make_window, tmp_path, monkeypatch, kind
):
    """A folder, a named pipe (which QSettings would wait on forever), binary junk or NUL bytes
    where the settings file should be: the window opens, draws, and says what it found, once."""
    from actviewer.gui import settings as settings_module

    path = tmp_path / "actviewer.conf"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(
            os.urandom(2000)
            if kind == "binary"
            else b'[explorer]\nstate="{\\"activation\\": \\"relu\x00\\"}"\n'
        )
    monkeypatch.setattr(settings_module, "default_settings_path", lambda: path)
    monkeypatch.setattr(settings_module.sys, "platform", "linux")
    window = make_window(settings=SettingsStore())
    assert window.views["curve"].last_result is not None
    notice = window.status.notice.text()
    said = {
        "folder": "is a folder",
        "fifo": "not a regular file",
        "binary": "binary data",
        "nul": "NUL bytes",
    }[kind]
    assert notice.count(said) == 1, notice
    if kind == "fifo":
        assert stat.S_ISFIFO(os.stat(path).st_mode)  # left alone: not replaced by a regular file


def test_quit_during_a_computation_does_not_wait_for_it(qtbot, make_window):
    gate, entered = threading.Event(), threading.Event()

    def stuck(request):
        if request.activation == "gelu":
            entered.set()
            gate.wait(30)  # a computation that only ends when the test says so
        return compute(request)

    window = make_window(compute_fn=stuck)
    window.set_state(replace(window.state, activation="gelu"))
    # Running on the worker, not only queued: 'busy' is already true while a job waits for its
    # turn, and a queued job is dropped at Quit, so the thread ended at once (a flake under load).
    qtbot.waitUntil(entered.is_set)
    thread = window.controller._thread
    window.close()  # returns although the job is still running: Quit never waits for work
    assert thread.isRunning() and not gate.is_set()
    from actviewer.gui.worker import abandoned_work

    assert abandoned_work()  # so 'actviewer gui' exits at once instead of waiting
    gate.set()
    qtbot.waitUntil(lambda: not thread.isRunning(), timeout=30_000)
    assert not abandoned_work()


def test_a_first_launch_reports_no_reset_settings(qtbot, window):
    assert "reset to their defaults" not in window.status.notice.text()


def test_the_plots_say_pytorch_is_loading_until_it_answers(qtbot, make_window):
    """With a CUDA build `import torch` takes seconds: the empty plot area says why."""
    import threading

    from actviewer.core.devices import DeviceInfo

    release = threading.Event()

    def slow_devices():
        release.wait(30)
        return [DeviceInfo("cpu", "CPU")]

    window = make_window(
        wait=False, devices_fn=slow_devices, compute_fn=lambda r: (release.wait(30), compute(r))[1]
    )
    try:
        qtbot.waitUntil(lambda: window.loading.isVisible(), timeout=5_000)
        assert window.loading.text() == "Loading PyTorch…"
        assert window.loading.geometry() == window.tabs.rect()  # over the whole plot area
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.loading.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=30_000)


def test_a_closed_window_does_no_more_work(qtbot, window):
    """Its Learn, save and notice timers stop: one firing later would read a state whose custom
    activation may be gone (it did, once, in the full suite)."""
    from PySide6.QtCore import QTimer

    window.set_state(replace(window.state, activation="tanh"))  # starts the Learn and save timers
    assert any(timer.isActive() for timer in window.findChildren(QTimer))
    window.close()
    assert [t.objectName() or repr(t) for t in window.findChildren(QTimer) if t.isActive()] == []


def test_the_worker_gives_kept_memory_back_once_idle_on_its_own_thread(qtbot, make_window, monkeypatch):
    """The allocator keeps freed memory while the app works (core.allocator); once the worker
    has had no job for RELEASE_AFTER_IDLE_MS it returns it, on the worker's thread, not the GUI's."""
    from actviewer.gui import worker

    calls: list[str] = []
    monkeypatch.setattr(worker, "RELEASE_AFTER_IDLE_MS", 200)
    monkeypatch.setattr(worker, "release_memory", lambda: calls.append(threading.current_thread().name))
    window = make_window()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10_000)
    assert calls[0] != threading.main_thread().name
    at_result: list[int] = []
    window.result_shown.connect(lambda _r: at_result.append(len(calls)))
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, x_min=-3.0))
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=10_000)
    assert at_result == [1]  # none while the job ran: the release came after its result
    with qtbot.assertNotEmitted(window.result_shown, wait=400):  # and only once per rest
        pass
    assert len(calls) == 2
