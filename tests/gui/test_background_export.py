"""Large data exports run off the GUI thread, report progress, and Cancel keeps the old file."""

from __future__ import annotations

import csv
import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QPushButton

from actviewer.gui import export_controller
from actviewer.gui.export_job import ExportJob


@pytest.fixture
def always_background(monkeypatch):
    monkeypatch.setattr(export_controller, "BACKGROUND_EXPORT_BYTES", 0)


def test_a_large_csv_is_written_on_another_thread_with_progress(qtbot, window, tmp_path, always_background):
    threads, progress = [], []
    original = ExportJob._progress

    def spy(job, fraction):
        threads.append(threading.current_thread() is threading.main_thread())
        progress.append(fraction)
        original(job, fraction)

    import actviewer.core.export_data as export_data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ExportJob, "_progress", spy)
        patch.setattr(export_data, "_CSV_CHUNK", 100)
        path = tmp_path / "big.csv"
        with qtbot.waitSignal(window.exports.finished, timeout=30_000):
            assert window.exports.export_to(path)
            assert window.exports.progress.isVisible() and "big.csv" in window.exports.progress.labelText()
    assert threads and not any(threads), "the CSV was written on the GUI thread"
    assert len(progress) > 5 and progress == sorted(progress) and progress[-1] == 1.0
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    shown = window.views["curve"].last_result
    np.testing.assert_array_equal(np.array(rows[1:], dtype=np.float64)[:, 1].astype(np.float32), shown.y)
    assert not window.exports.progress.isVisible()


def test_cancel_keeps_the_old_file_and_leaves_no_temporary(qtbot, window, tmp_path, always_background):
    gate = threading.Event()
    original = ExportJob._progress

    def held(job, fraction):
        gate.wait(10)  # every chunk waits until the test has pressed Cancel
        original(job, fraction)

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "keep.json"
    target.write_text("OLD")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ExportJob, "_progress", held)
        with qtbot.waitSignal(window.exports.failed, timeout=30_000) as blocker:
            assert window.exports.export_to(target)
            window.exports.progress.findChild(QPushButton).click()  # the dialog's Cancel button
            gate.set()
    assert blocker.args == ["cancelled"]
    assert target.read_text() == "OLD"
    assert sorted(p.name for p in target.parent.iterdir()) == ["keep.json"]
    assert "unchanged" in window.statusBar().currentMessage()


def test_quit_during_an_export_cancels_it_and_keeps_the_old_file(qtbot, window, tmp_path, always_background):
    gate = threading.Event()
    original = ExportJob._progress

    def held(job, fraction):
        gate.wait(0.2)
        original(job, fraction)

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "keep.csv"
    target.write_text("OLD")
    import actviewer.core.export_data as export_data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ExportJob, "_progress", held)
        patch.setattr(export_data, "_CSV_CHUNK", 10)
        assert window.exports.export_to(target)
        job = window.exports.job
        window.close()
        assert job.wait(10)
    assert target.read_text() == "OLD"
    assert sorted(p.name for p in target.parent.iterdir()) == ["keep.csv"]
