"""Activation > New Activation…: type a formula, see it, save it, and use it like any other."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from actviewer.core import catalog, custom
from actviewer.core.compute import compute
from actviewer.core.request import ComputeRequest
from actviewer.gui.custom_dialog import CustomActivationDialog


def test_the_dialog_points_at_the_error_and_previews_a_valid_formula(qtbot):
    dialog = CustomActivationDialog(set(catalog.ids()))
    qtbot.addWidget(dialog)
    dialog.name.setText("My Swish")
    dialog.formula.setText("x * sigmoid(bta * x)")
    dialog._update()
    assert (
        "unknown name &#x27;bta&#x27;" in dialog.error.text() or "unknown name 'bta'" in dialog.error.text()
    )
    caret_line = dialog.error.text().split("\n")[1]
    assert caret_line.index("^") == 12  # under the b of bta
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    with qtbot.waitSignal(dialog.controller.result_ready, timeout=20_000) as blocker:
        dialog.formula.setText("x * sigmoid(beta * x)")
        dialog._update()
    result = blocker.args[0]
    expected = compute(ComputeRequest("silu", samples=401))
    np.testing.assert_allclose(result.y, expected.y, rtol=1e-6, atol=1e-7)  # beta = 1 by default
    np.testing.assert_array_equal(dialog.preview_y.yData, result.y)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reject()
    assert custom.PREVIEW_ID not in catalog.ids()


def test_the_dialog_says_what_a_valid_formula_cannot_draw(qtbot):
    """Not finite anywhere (9**9**9**9 drew nothing and could be saved without a word), a declared
    parameter the formula never reads, and an empty formula, which kept the stale preview."""
    dialog = CustomActivationDialog(set(catalog.ids()))
    qtbot.addWidget(dialog)
    dialog.name.setText("Huge")
    # The dialog's first preview (its default formula) may still be on its way: wait for this one.
    with qtbot.waitSignal(
        dialog.controller.result_ready,
        timeout=20_000,
        check_params_cb=lambda r: not np.isfinite(r.y).any(),
    ):
        dialog.formula.setText("x * 9**9**9**9")
        dialog._update()
    assert "not finite anywhere on x from -6 to 6" in dialog.error.text()
    with qtbot.waitSignal(dialog.controller.result_ready, timeout=20_000):
        dialog.formula.setText("x * sigmoid(x)")
        dialog._update()
    assert len(dialog.preview_y.yData) == 401
    dialog.formula.setText("")
    dialog._update()
    assert "empty" in dialog.error.text() and (
        dialog.preview_y.yData is None or len(dialog.preview_y.yData) == 0
    )
    dialog._add_row(custom.ParamDef("k", 1.0, 0.0, 10.0))
    dialog.formula.setText("x * sigmoid(x)")
    dialog._update()
    assert "does not use beta, k" in dialog.error.text()  # beta: the default formula's parameter
    dialog.reject()


def test_a_name_already_taken_is_refused(qtbot):
    dialog = CustomActivationDialog(set(catalog.ids()))
    qtbot.addWidget(dialog)
    dialog.name.setText("GELU")
    dialog._update()
    assert "built-in" in dialog.error.text()
    dialog.reject()


def accept_dialog_with(qtbot, window, name: str, formula: str, params=None):
    """Answer the New Activation dialog the way a user does, once it is open."""

    def fill() -> None:
        dialog = window.library.custom_dialog
        dialog.name.setText(name)
        dialog.formula.setText(formula)
        if params is not None:
            dialog.params.setRowCount(0)
            for definition in params:
                dialog._add_row(definition)
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_a_new_activation_is_saved_shown_and_exported_like_any_other(qtbot, window, tmp_path):
    accept_dialog_with(qtbot, window, "Mish Again", "x * tanh(softplus(x))", [])
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: r.request.activation == "mish_again"
    ):
        window.library.new_activation_action.trigger()
    assert window.state.activation == "mish_again"
    assert window.picker.current_id() == "mish_again"
    result = window.views["curve"].last_result
    torchs = compute(replace(result.request, activation="mish"))
    np.testing.assert_allclose(result.y, torchs.y, rtol=2e-6, atol=2e-7)
    stored = json.loads(Path(os.environ["ACTVIEWER_LIBRARY"]).read_text())
    assert (
        stored["schema"] == custom.LIBRARY_SCHEMA
        and stored["activations"][0]["formula"] == "x * tanh(softplus(x))"
    )
    assert "f(x) = x * tanh(softplus(x))" in window.learn_panel.browser.toPlainText()
    assert (
        window.library.edit_activation_action.isEnabled()
        and window.library.delete_activation_action.isEnabled()
    )
    assert window.exports.export_to(tmp_path / "mine.png") and window.exports.export_to(tmp_path / "mine.csv")
    # The Learn panel's module code, run as is, reproduces the curve.
    window.learn_panel.module.copy_button.click()
    scope: dict = {}
    exec(QApplication.clipboard().text(), scope)
    assert "class MishAgain(nn.Module)" in QApplication.clipboard().text()
    assert np.asarray(scope["output"]).shape == (window.state.samples,)


def test_a_parameter_gets_a_control_and_survives_a_restart(qtbot, make_window, settings_store):
    window = make_window()
    accept_dialog_with(qtbot, window, "swish b", "x * sigmoid(b * x)", [custom.ParamDef("b", 1.0, 0.0, 5.0)])
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: r.request.activation == "swish_b"
    ):
        window.library.new_activation_action.trigger()
    control = window.param_panel.controls["b"]
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        control.spin.setValue(3.0)
    assert window.views["curve"].last_result.request.params == {"b": 3.0}
    window.close()
    again = make_window()
    assert again.state.activation == "swish_b" and again.state.current_params() == {"b": 3.0}


def test_delete_asks_then_removes_it(qtbot, window, monkeypatch):
    accept_dialog_with(qtbot, window, "square", "x ** 2", [])
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: r.request.activation == "square"
    ):
        window.library.new_activation_action.trigger()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.library.delete_activation_action.trigger()
    assert "square" not in catalog.ids() and window.state.activation != "square"
    assert json.loads(Path(os.environ["ACTVIEWER_LIBRARY"]).read_text())["activations"] == []


def test_import_takes_the_good_entries_and_lists_the_rest(qtbot, window, tmp_path):
    source = tmp_path / "shared.json"
    source.write_text(
        json.dumps(
            {
                "schema": 1,
                "activations": [
                    {"name": "cube", "formula": "x ** 3"},
                    {"name": "evil", "formula": "__import__('os').system('touch pwned')"},
                ],
            }
        )
    )
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.library.import_activations(str(source))
    assert "cube" in catalog.ids() and "evil" not in catalog.ids()
    assert "Left out:" in window.info_dialog.text() and "entry 2" in window.info_dialog.text()
    window.info_dialog.close()
    assert not Path("pwned").exists()
    out = tmp_path / "out.json"
    assert window.library.export_activations(str(out))
    assert [e["name"] for e in json.loads(out.read_text())["activations"]] == ["cube"]


def test_a_hostile_library_file_opens_the_window_with_a_notice(qtbot, make_window):
    Path(os.environ["ACTVIEWER_LIBRARY"]).write_text(
        '{"schema": 1, "activations": [{"name": "x", "formula": "().__class__"}]}'
    )
    window = make_window()
    assert "custom activations: entry 1 left out" in window.status.notice.text()


@pytest.mark.parametrize("name", ["relu", "exp", "pi"])
def test_built_in_names_cannot_be_taken(name):
    with pytest.raises(Exception, match="built-in"):
        custom.CustomActivation(name, "x").checked()
