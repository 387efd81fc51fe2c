"""The training tab as a user drives it: Play, Pause, Step, Reset, points placed by clicking, a CSV,
a race, an overflowing run, and the figure and animation the command line writes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from actviewer.core.training import TrainResult


def show_train(qtbot: QtBot, window, activation: str = "tanh", **settings):
    view = window.views["train"]
    if settings:
        view.settings = replace(view.settings, **settings)
        view.show_settings()
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: isinstance(r, TrainResult)
    ):
        window.set_state(replace(window.state, view="train", activation=activation))
    return view


def step_of(view) -> int:
    return view.last_result.runs[0].step


def test_play_trains_on_the_worker_until_paused_and_step_adds_one(qtbot, window):
    view = show_train(qtbot, window, dataset="circle", optimizer="adam", lr=0.03)
    assert step_of(view) == 0 and view.play_button.text() == "Play"
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
    assert view.playing and view.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: step_of(view) >= 300, timeout=60_000)
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
    assert not view.playing
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=30_000)
    paused_at = step_of(view)
    history = view.last_result.runs[0].history
    assert np.array_equal(history["step"], np.arange(paused_at + 1))  # every step recorded, none skipped
    assert history["train_loss"][-1] < history["train_loss"][0]  # it learned something
    assert "steps/s" in view.rate.text() and f"step {paused_at:,}" in view.rate.text()
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        qtbot.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    assert step_of(view) == paused_at + 1
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert step_of(view) == 0
    for plot in view.plots.history_plots():  # the panels against steps start again at 0..1
        assert plot.vb.viewRange()[0][1] <= 1.1
    assert "train loss" in window.statusBar().currentMessage() or view.status_text(view.last_result)


def test_the_plane_shows_both_classes_and_the_points(qtbot, window):
    view = show_train(qtbot, window, dataset="xor")
    image = view.graphics.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(height, image.bytesPerLine())
    rgb = data[:, : width * 3].reshape(height, width, 3).astype(int)
    for colour in ((0x1F, 0x77, 0xB4), (0xFF, 0x7F, 0x0E)):  # class 0 blue, class 1 orange points
        assert (np.abs(rgb - np.array(colour)).sum(axis=2) < 30).sum() > 100


def test_clicking_the_plane_adds_a_point_and_ctrl_click_removes_one(qtbot, window):
    view = show_train(qtbot, window, dataset="circle", points=100)
    before = len(view.last_result.data.points)
    split = view.last_result.data.train.copy()
    box = view.plots.plane.vb
    scene_point = box.sceneBoundingRect().center()
    target = box.mapSceneToView(scene_point)
    widget_point = view.graphics.mapFromScene(scene_point)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        qtbot.mouseClick(
            view.graphics.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(widget_point.x(), widget_point.y()),
        )
    s = view.settings
    assert s.dataset == "own" and len(s.own_points) == before + 1
    x1, x2, label = s.own_points[-1]
    assert (x1, x2, label) == pytest.approx((target.x(), target.y(), 1.0), abs=0.05)
    assert view.last_result.data.extent == (-6.0, 6.0, -6.0, 6.0)  # the plane did not move under the pointer
    assert box.mapSceneToView(scene_point).x() == pytest.approx(target.x())
    # The other points keep their side of the train/test split; the new one trains.
    assert np.array_equal(view.last_result.data.train, np.append(split, True))
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        qtbot.mouseClick(
            view.graphics.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            QPoint(widget_point.x(), widget_point.y()),
        )
    assert len(view.settings.own_points) == before
    assert (x1, x2, label) not in view.settings.own_points  # the nearest point was the new one
    assert np.array_equal(view.last_result.data.train, split)


def test_a_csv_of_points_is_read_and_a_bad_one_changes_nothing(qtbot, window, tmp_path):
    view = show_train(qtbot, window)
    good = tmp_path / "mine.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,cat\n")
    settings = view.settings
    notices: list[str] = []
    view.notice.connect(notices.append)
    assert not view.load_points(str(bad))
    assert view.settings == settings and "bad.csv" in notices[-1]
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        assert view.load_points(str(good))
    assert view.last_result.data.points.shape == (20, 2)
    assert view.dataset.currentData() == "own" and not view.points.isEnabled()


def test_a_race_trains_each_rival_on_the_same_data(qtbot, window):
    view = show_train(qtbot, window, dataset="circle")
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: len(getattr(r, "runs", ())) == 3
    ):
        view.rivals[0].setCurrentIndex(view.rivals[0].findData("relu"))
        view.rivals[1].setCurrentIndex(view.rivals[1].findData("sigmoid"))
    result = view.last_result
    assert [run.activation for run in result.runs] == ["tanh", "relu", "sigmoid"]
    assert view.plots.legend.isVisible() and len(view.plots.legend.items) == 3
    assert view.plots.tiles == []  # the units panel shows each run's prediction instead


def test_an_overflowing_run_stops_playing_and_says_where(qtbot, window):
    view = show_train(qtbot, window, "relu", dataset="circle", lr=10.0, optimizer="sgd", hidden=(8, 8, 8))
    view.set_playing(True)
    qtbot.waitUntil(lambda: view.last_result.stopped is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not view.playing, timeout=10_000)
    text = view.note.text()
    assert text.startswith("Training stopped: step ") and "became" in text
    assert "Training stopped" not in view.status_text(view.last_result)
    assert view.play_button.text() == "Play"


def test_the_command_line_draws_the_training_as_png_and_gif(tmp_path):
    png, gif = tmp_path / "run.png", tmp_path / "run.gif"
    for out, extra in ((png, []), (gif, ["--frames", "6", "--image-width", "400"])):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "actviewer",
                "train",
                "tanh",
                "--dataset",
                "xor",
                "--steps",
                "60",
                *extra,
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
    image = QImage(str(png))
    assert image.width() == 1920 and not image.isNull()
    from PIL import Image

    with Image.open(gif) as animation:
        assert animation.n_frames == 6 and animation.size[0] == 400


def test_a_hidden_layer_can_use_another_activation_and_it_is_kept(qtbot, window):
    view = show_train(qtbot, window, "relu", hidden=(6, 6))
    view.layer_overrides.setText("2=tanh")
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.layer_overrides.editingFinished.emit()
    assert view.last_result.runs[0].layer_activations == ("relu", "tanh")
    assert view.restore_state(view.save_state()) == [] and view.layer_overrides.text() == "2=tanh"
    notices: list[str] = []
    view.notice.connect(notices.append)
    view.layer_overrides.setText("5=gelu")
    view.layer_overrides.editingFinished.emit()
    assert "hidden layers 1..2" in notices[-1] and view.layer_overrides.text() == "2=tanh"


def test_a_gif_exported_from_the_window_shows_the_training_watched(qtbot, window, tmp_path):
    view = show_train(qtbot, window, "tanh", dataset="xor", optimizer="adam")
    view.set_playing(True)
    qtbot.waitUntil(lambda: step_of(view) >= 150 and len(view._watched) >= 5, timeout=60_000)
    view.set_playing(False)
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=30_000)
    exported = view.exported_result()
    steps = exported.runs[0].frame_steps
    assert steps[0] == 0 and steps[-1] == step_of(view) and np.all(np.diff(steps) > 0)
    assert exported.runs[0].frames.shape == (len(steps), *view.last_result.runs[0].prediction.shape)
    np.testing.assert_array_equal(exported.runs[0].frames[-1], view.last_result.runs[0].prediction)
    path = tmp_path / "watched.gif"
    with qtbot.waitSignal(window.exports.finished, timeout=120_000):
        assert window.exports.export_to(path, width=400)
    from PIL import Image

    with Image.open(path) as animation:
        assert animation.n_frames == len(steps) > 2


def test_momentum_is_for_sgd_and_adam_drops_it(qtbot, window):
    view = show_train(qtbot, window, "relu", optimizer="sgd")
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.momentum.setValue(0.9)
    assert view.last_result.request.momentum == 0.9 and view.momentum.isEnabled()
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.optimizer.setCurrentIndex(view.optimizer.findData("adam"))
    assert view.last_result.request.optimizer == "adam" and view.last_result.request.momentum == 0.0
    assert not view.momentum.isEnabled() and view.momentum.value() == 0.0
