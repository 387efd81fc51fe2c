"""GUI fixtures: isolated settings, a window that has drawn its first curve, and a
guard that fails any test leaving a worker thread running."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings

from actviewer.gui.settings import SettingsStore
from actviewer.gui.worker import running_threads


@pytest.fixture(autouse=True)
def no_warm_up_after_the_first_curve(monkeypatch) -> None:
    """The worker's post-start warm-up (~1 s of imports) would outlive short tests; test_startup
    checks it in a process of its own."""
    from actviewer.gui import worker

    monkeypatch.setattr(worker, "WARM_UP_AFTER_FIRST_RESULT", False)


@pytest.fixture(scope="session", autouse=True)
def frozen_import_heap() -> None:
    """Out of the collector's reach, as the app puts them (``freeze_startup_heap``): the objects
    of torch, pyqtgraph and the window's modules. Each test's collection below then walks only
    what tests made (~0 ms, not ~120)."""
    import torch  # noqa: F401

    import actviewer.gui.main_window  # noqa: F401

    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def collected_on_the_gui_thread(qapp) -> None:
    """As in the app (``gui.collector``): no collection on a worker thread, where it destroyed Qt
    objects while the GUI thread destroyed others, and both waited for each other."""
    from actviewer.gui.collector import install

    install(qapp)


@pytest.fixture(autouse=True)
def no_thread_left_running(qapp) -> Iterator[None]:
    yield
    # The test's windows are garbage now, in reference cycles through their signal connections:
    # collected here, on the GUI thread. Left to chance, a collection triggered on a later test's
    # worker thread destroyed Qt objects there and deadlocked against the GUI thread (seen once).
    gc.collect()
    leftover = running_threads()
    for thread in leftover:  # stop them so one failure does not cascade
        thread.quit()
        thread.wait(5000)
    assert not leftover, f"{len(leftover)} worker thread(s) still running after the test"


@pytest.fixture
def settings_store(tmp_path) -> SettingsStore:
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot, settings_store):
    """Build a MainWindow on the isolated settings and wait for its first curve."""
    from actviewer.gui.main_window import MainWindow

    windows = []

    def make(wait: bool = True, settings: SettingsStore | None = None, **kwargs) -> MainWindow:
        window = MainWindow(settings=settings or settings_store, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        if wait:
            with qtbot.waitSignal(window.result_shown, timeout=30_000):
                window.show()
            # Showing lays the plots out, and a wider plot asks adaptive sampling for more points.
            qtbot.waitUntil(lambda: not window.controller.busy, timeout=30_000)
        else:
            window.show()
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def fixed_sampling_settings(tmp_path) -> SettingsStore:
    """Settings whose stored state uses a fixed sample grid instead of adaptive sampling."""
    import json

    from actviewer.core.state import ExplorerState

    qs = QSettings(str(tmp_path / "fixed.ini"), QSettings.Format.IniFormat)
    qs.setValue("explorer/state", json.dumps(ExplorerState(adaptive=False).to_dict()))
    return SettingsStore(qs)


@pytest.fixture
def matrix_window(qtbot, window):
    """A window on the 2-D tab, softmax along dim 1, after its first 2-D result."""
    from actviewer.core.matrix import MatrixResult

    state = replace(window.state, activation="softmax", view="matrix").with_params(
        {"dim": 1, "temperature": 1.0}
    )
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: isinstance(r, MatrixResult)
    ):
        window.set_state(state)
    return window
