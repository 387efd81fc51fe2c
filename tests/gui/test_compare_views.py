"""Compare, Sweep and Precision in the window: pinned from any view, drawn, toggled, kept, exported."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from actviewer.core.compare import CompareResult, CurveSpec, PrecisionResult, SweepResult
from actviewer.core.state import ExplorerState
from actviewer.gui.views.compare import PALETTE


def show_view(qtbot, window, view_id, result_type, **changes):
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: isinstance(r, result_type)
    ):
        window.set_state(replace(window.state, view=view_id, **changes))
    return window.views[view_id]


def colour_pixels(widget, colour: str, tolerance: int = 40) -> int:
    """How many pixels of ``widget`` as drawn on screen are close to ``colour``."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(height, image.bytesPerLine())
    rgb = data[:, : width * 3].reshape(height, width, 3).astype(int)
    target = QColor(colour)
    distance = np.abs(rgb - np.array([target.red(), target.green(), target.blue()])).sum(axis=2)
    return int((distance < tolerance).sum())


def pin(qtbot, window, activation, **params):
    """Choose ``activation`` in the curve view and press Ctrl+P there, as a user would."""
    state = replace(window.state, activation=activation, view="curve")
    window.set_state(state.with_params({**state.current_params(), **params}) if params else state)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)


def test_pinned_curves_are_overlaid_with_their_differences_on_the_compare_tab(qtbot, window):
    pin(qtbot, window, "gelu")
    pin(qtbot, window, "gelu", approximate="tanh")
    assert "Pinned GELU(approximate='tanh') (2 of 8)" in window.status.notice.text()
    view = show_view(qtbot, window, "compare", CompareResult, activation="gelu")
    result = view.last_result
    calls = [c.call() for c in result.request.curves]
    assert calls == ["GELU(approximate='none')", "GELU(approximate='tanh')"]  # the live one is pinned
    x = torch.from_numpy(result.x).float()
    np.testing.assert_array_equal(result.ys[1], F.gelu(x, approximate="tanh").double().numpy())
    np.testing.assert_array_equal(result.diffs[1], result.ys[1] - result.ys[0])
    # Where the samples fall depends on the plot's width in pixels: the label says the largest
    # difference on this grid, which is within a few 1e-6 of tanh-GELU's known worst case, 4.73e-4.
    largest = float(np.abs(result.diffs[1]).max())
    assert 4.65e-4 < largest < 4.8e-4
    assert view.plots.largest_texts[1].startswith(f"max |Δ| {largest:.3g} at x = ")
    legend = [label.text for _, label in view.plots.legend.items]
    assert legend[1] == f"{calls[1]}  —  {view.plots.largest_texts[1]}"
    assert view.list.count() == 2 and view.list.item(1).text() == calls[1]
    qtbot.waitUntil(lambda: colour_pixels(view.graphics, PALETTE[1]) > 200, timeout=5_000)


def test_hiding_removing_and_reference_follow_the_list(qtbot, window):
    for activation in ("silu", "mish", "relu"):
        pin(qtbot, window, activation)
    view = show_view(qtbot, window, "compare", CompareResult, activation="relu")
    qtbot.waitUntil(lambda: colour_pixels(view.graphics, PALETTE[1]) > 200, timeout=5_000)
    view.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # hide Mish: redrawn, not recomputed
    qtbot.waitUntil(lambda: colour_pixels(view.graphics, PALETTE[1]) < 20, timeout=5_000)
    assert [c.activation for c in view.last_result.request.curves] == ["silu", "mish", "relu"]
    assert not view.plots.items[0][1].isVisible() and view.plots.items[0][2].isVisible()
    # The result of a job still running from before may come first (shown, being newer than the
    # last one shown): wait for the one computed with the new reference.
    with qtbot.waitSignal(
        window.result_shown,
        timeout=30_000,
        check_params_cb=lambda r: getattr(r.request, "reference", -1) == 2,
    ):
        view.reference_box.setCurrentIndex(2)  # ReLU
    result = view.last_result
    assert result.request.curves[result.request.reference].activation == "relu"
    view.list.setCurrentRow(0)
    with qtbot.waitSignal(
        window.result_shown,
        timeout=30_000,
        check_params_cb=lambda r: len(getattr(r.request, "curves", ())) == 2,
    ):
        qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert [o.curve.activation for o in view.overlays] == ["mish", "relu"]
    assert view.last_result.request.curves[view.last_result.request.reference].activation == "relu"


def test_presets_load_and_pinned_sets_persist_with_the_settings(qtbot, make_window, settings_store):
    window = make_window()
    view = show_view(qtbot, window, "compare", CompareResult)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.load_preset("Softplus β 1, 2, 5 vs ReLU")
    assert [o.curve.call() for o in view.overlays][-1] == "ReLU()"
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.diff_box.setCurrentIndex(view.diff_box.findData("ulp"))
    window.close()
    again = make_window()
    restored = again.views["compare"]
    assert [o.curve for o in restored.overlays] == [o.curve for o in view.overlays]
    assert restored.diff_mode == "ulp" and restored.diff_box.currentData() == "ulp"


def test_a_preset_over_pinned_curves_says_so_and_undo_brings_them_back(qtbot, window):
    view = show_view(qtbot, window, "compare", CompareResult)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        assert view.pin(CurveSpec("tanh").validated())
    assert "Pinned" not in window.status.notice.text()  # on the Compare tab the list shows it
    assert window.status.frame.text().startswith("2 curves")
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.clear()
    assert window.status.frame.text().startswith("1 curve ·")  # the live one alone: not "1 curves"
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.undo()
    assert [o.curve.activation for o in view.overlays] == ["tanh"] and not view.undo_button.isEnabled()
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.load_preset("Softplus β 1, 2, 5 vs ReLU")
    assert "in place of 1 pinned curve" in window.status.notice.text()
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.undo_button.click()
    assert [o.curve.activation for o in view.overlays] == ["tanh"]


def test_pin_notices_from_other_tabs_replace_each_other(qtbot, window):
    view = window.views["compare"]
    for beta in (1.0, 2.0, 3.0, 4.0):
        view.pin(CurveSpec("softplus", {"beta": beta}).validated())
    notice = window.status.notice.text()
    assert notice.count("Pinned") == 1 and "(4 of 8)" in notice


def test_pin_refuses_a_ninth_and_a_duplicate(qtbot, window):
    view = window.views["compare"]
    for beta in range(1, 9):
        assert view.pin(CurveSpec("softplus", {"beta": float(beta)}).validated())
    assert not view.pin(CurveSpec("relu"))
    assert "At most 8" in window.status.notice.text()
    assert not view.pin(CurveSpec("softplus", {"beta": 1.0}).validated())


def test_stored_pinned_curves_that_no_longer_exist_are_reported_not_fatal(qtbot, make_window, settings_store):
    settings_store.save_json(
        "views/compare", {"pinned": [{"activation": "gone"}, {"activation": "relu"}, 7], "diff": "???"}
    )
    window = make_window()
    assert [o.curve.activation for o in window.views["compare"].overlays] == ["relu"]
    assert "compare: a pinned curve was left out" in window.status.notice.text()


def test_a_pin_stored_on_a_missing_device_is_computed_on_the_cpu(qtbot, make_window, settings_store):
    """Once 'gui --screenshot' exited 1, "nothing to capture", for a pin stored with cuda:7."""
    settings_store.save_json("views/compare", {"pinned": [{"activation": "gelu", "device": "cuda:7"}]})
    settings_store.save_state(replace(ExplorerState(), view="compare"))
    window = make_window()
    view = window.views["compare"]
    qtbot.waitUntil(lambda: isinstance(view.last_result, CompareResult), timeout=30_000)
    assert [o.curve.device for o in view.overlays] == ["cpu"]
    assert view.last_result.request.curves[0].activation == "gelu"
    assert window.status.notice.text().count("that device is not available here") == 1


def test_the_sweep_view_draws_each_value_and_plays_through_them(qtbot, window, tmp_path):
    view = show_view(qtbot, window, "sweep", SweepResult, activation="softplus")
    result = view.last_result
    assert result.request.param == "beta" and len(result.values) == 9
    assert (result.values[0], result.values[-1]) == (0.1, 10.0)  # the slider's range
    x = torch.from_numpy(result.x).float()
    for value, y in zip(result.values, result.ys):
        np.testing.assert_array_equal(y, F.softplus(x, beta=value).double().numpy())
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        view.steps_box.setValue(4)
    assert len(view.last_result.values) == 4
    view.play_button.click()
    qtbot.waitUntil(lambda: view.frame == 2, timeout=5_000)
    assert "beta = " in view.plots.panels[0].titleLabel.text
    view.play_button.click()
    assert view.frame is None and not view.timer.isActive()
    with qtbot.waitSignal(window.exports.finished, timeout=60_000):  # a frame per event-loop turn
        assert window.exports.export_to(tmp_path / "sweep.gif", width=400)
    with Image.open(tmp_path / "sweep.gif") as gif:
        assert gif.n_frames == 4 and gif.size == (400, 300)


def test_the_sweep_tab_is_off_for_activations_without_a_numeric_parameter(qtbot, window):
    window.set_state(replace(window.state, activation="relu"))
    assert not window.tabs.isTabEnabled(window.tab_index("sweep"))


def test_the_precision_view_shows_errors_and_lost_regions(qtbot, window):
    view = show_view(
        qtbot, window, "precision", PrecisionResult, activation="sigmoid", x_min=-30.0, x_max=0.0
    )
    result = view.last_result
    assert [e.dtype for e in result.dtypes] == ["float32", "float16", "bfloat16"]
    assert "float16 underflows on [-30" in view.notes.text()
    assert view.plots.shades_by_panel[0]  # shaded where the value is lost
    half = next(e for e in result.dtypes if e.dtype == "float16")
    xd = torch.from_numpy(result.x).half()
    np.testing.assert_array_equal(half.y, torch.sigmoid(xd).double().numpy())
    view.kind_box.setCurrentIndex(1)
    assert view.kind == "relative" and "e" in view.summary.text()


@pytest.mark.parametrize("view_id", ["compare", "sweep", "precision"])
def test_each_view_exports_a_figure_with_its_curves(qtbot, window, tmp_path, view_id):
    types = {"compare": CompareResult, "sweep": SweepResult, "precision": PrecisionResult}
    if view_id == "compare":
        window.views["compare"].load_preset("GELU exact vs tanh")
    show_view(qtbot, window, view_id, types[view_id], activation="elu")
    path = tmp_path / f"{view_id}.png"
    assert window.exports.export_to(path, width=960)
    image = np.asarray(Image.open(path).convert("RGB"), dtype=int)
    red = (np.abs(image - np.array([214, 39, 40])).sum(axis=2) < 60).sum()  # the second curve's colour
    viridis_or_blue = (np.abs(image - np.array([31, 119, 180])).sum(axis=2) < 60).sum()
    assert red + viridis_or_blue > 300


def test_a_gif_export_shows_progress_and_cancel_keeps_no_file(qtbot, window, tmp_path, monkeypatch):
    """Frames are rendered one per event-loop turn: the window keeps painting, and Cancel is heard
    between two frames (no processEvents loop)."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    show_view(qtbot, window, "sweep", SweepResult, activation="elu")
    seen: list[int] = []
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, v: seen.append(v))
    with qtbot.waitSignal(window.exports.failed) as failed:
        assert window.exports.export_to(tmp_path / "sweep.gif", width=300)
        qtbot.waitUntil(lambda: len(seen) >= 3)
        window.exports.progress.findChild(QPushButton).click()  # the dialog's Cancel button
    assert failed.args == ["cancelled"] and seen[:3] == [111, 222, 333]  # 9 frames, in permille
    assert len(seen) < 9 and window.exports.job is None
    # No GIF and no temporary beside it (the window's own settings file is written there too).
    assert [p.name for p in tmp_path.iterdir() if p.name != "settings.ini"] == []


def test_a_narrow_compare_tab_puts_the_list_above_the_plots_not_beside_them(qtbot):
    """Seen in a real 1100 x 720 window: beside a fixed 280 px list the three plots were slivers."""
    from PySide6.QtWidgets import QBoxLayout

    from actviewer.gui.views.compare import CompareView

    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.graphics.width() > 800)
    assert view.layout().direction() == QBoxLayout.Direction.LeftToRight and view.side.width() == 280
    view.resize(520, 800)
    qtbot.waitUntil(lambda: view.layout().direction() == QBoxLayout.Direction.TopToBottom)
    qtbot.waitUntil(lambda: view.graphics.width() >= 0.9 * 520)  # the plots keep the whole width
    assert view.side.height() <= 230


def test_the_side_panels_labels_are_whole_in_vietnamese(qtbot, make_window):
    """'Tham chiếu' was squeezed to 'Tham' beside the reference combo's long entries."""
    from PySide6.QtWidgets import QLabel

    from actviewer.gui.i18n import install_language

    install_language("vi")
    try:
        window = make_window()
        window.resize(1900, 1000)
        view = show_view(qtbot, window, "compare", CompareResult)
        view.pin(CurveSpec("gelu", {"approximate": "tanh"}).validated())
        qtbot.waitUntil(lambda: view.reference_box.count() == 1)
        labels = [label for label in view.side.findChildren(QLabel) if label.text() in ("Tham chiếu", "Hiệu")]
        assert len(labels) == 2
        assert all(label.width() >= label.sizeHint().width() for label in labels)
    finally:
        install_language("en")
