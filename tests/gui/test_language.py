"""Two languages: Qt translations for the window, resource texts for the Learn panel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from actviewer.gui import i18n
from actviewer.gui.app import open_window
from actviewer.resources import resource_path

TS = resource_path("translations", "actviewer_vi.ts")
GUI_SOURCES = Path(__file__).resolve().parents[2] / "actviewer" / "gui"


def qt_tool(name: str) -> str | None:
    """PySide6's tools live beside the interpreter even when the venv is not activated."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.install_language("en")


def ts_messages(path):
    root = ET.parse(path).getroot()
    return {
        (ctx.findtext("name"), msg.findtext("source")): msg.find("translation")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def test_every_ts_entry_is_translated():
    messages = ts_messages(TS)
    assert len(messages) > 80
    for (context, source), translation in messages.items():
        assert translation.get("type") is None, f"{context}: {source!r} is unfinished"
        assert (translation.text or "").strip(), f"{context}: {source!r} has no translation"


@pytest.mark.skipif(qt_tool("pyside6-lupdate") is None, reason="pyside6-lupdate is not installed")
def test_the_ts_file_holds_every_string_the_code_translates(tmp_path):
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in GUI_SOURCES.rglob("*.py"))
    subprocess.run(
        [qt_tool("pyside6-lupdate"), *files, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    assert set(ts_messages(fresh)) == set(ts_messages(TS)), (
        "run pyside6-lupdate (see README) and translate the new strings"
    )


@pytest.mark.skipif(qt_tool("pyside6-lrelease") is None, reason="pyside6-lrelease is not installed")
def test_the_compiled_qm_matches_the_ts_source(tmp_path):
    fresh = tmp_path / "vi.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == resource_path("translations", "actviewer_vi.qm").read_bytes()


def test_language_follows_the_flag_then_the_saved_choice_then_the_system(monkeypatch):
    monkeypatch.setattr(i18n, "system_language", lambda: "vi")
    assert i18n.choose_language("en", "vi") == "en"
    assert i18n.choose_language(None, "en") == "en"
    assert i18n.choose_language(None, None) == "vi"
    assert i18n.choose_language(None, "klingon") == "vi"


def test_switching_language_changes_the_visible_labels_at_once(qtbot, settings_store):
    window = open_window(settings_store, language="en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.show()
    assert window.menuBar().actions()[0].text() == "&File"
    assert (
        window.param_panel.reset_button.isHidden()
        or window.param_panel.reset_button.text() == "Reset to defaults"
    )
    window.language_actions["vi"].trigger()
    new = window.replaced_by
    qtbot.addWidget(new)
    with qtbot.waitSignal(new.result_shown, timeout=30_000):
        pass
    assert [a.text() for a in new.menuBar().actions()] == ["&Tệp", "&Xem", "&Hàm kích hoạt", "Trợ &giúp"]
    assert new.learn_dock.windowTitle() == "Học"
    assert "Công thức" in new.learn_panel.browser.toPlainText()
    assert new.state == window.state
    assert settings_store.qsettings.value("ui/language") == "vi"
    assert not window.isVisible()
    new.close()


def test_learn_panel_shows_formula_properties_and_the_code_for_current_values(qtbot, window):
    from dataclasses import replace

    # A fixed grid: the snippet samples x min..x max with the samples count, as the plot then does.
    fixed = replace(window.state, activation="leaky_relu", adaptive=False).with_params(
        {"negative_slope": 0.2}
    )
    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(fixed)
    panel = window.learn_panel
    qtbot.waitUntil(lambda: "negative_slope=0.2" in panel.functional.editor.toPlainText())
    # f'(0) arrives with the result; the page re-renders when edits pause (LEARN_INTERVAL_MS).
    qtbot.waitUntil(lambda: "…" not in panel.browser.toPlainText().split("f′(0) in PyTorch")[1][:5])
    text = panel.browser.toPlainText()
    assert "α·x" in text and "Output range" in text and "f′(0) in PyTorch" in text
    assert "0.2" in text.split("f′(0) in PyTorch")[1]  # PyTorch's leaky_relu'(0) is the slope
    assert panel.functional.editor.toPlainText() == "output = F.leaky_relu(x, negative_slope=0.2)"
    assert panel.module.editor.toPlainText().startswith("m = nn.LeakyReLU(negative_slope=0.2)")
    panel.functional.copy_button.click()
    scope: dict = {}
    exec(QApplication.clipboard().text(), scope)
    np.testing.assert_array_equal(scope["output"].numpy(), window.views["curve"].last_result.y)


def test_learn_panel_follows_parameter_edits_before_the_result(qtbot, window):
    from dataclasses import replace

    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="gelu"))
    window.param_panel.controls["approximate"].combo.setCurrentText("tanh")
    qtbot.waitUntil(
        lambda: window.learn_panel.functional.editor.toPlainText() == "output = F.gelu(x, approximate='tanh')"
    )


def test_binary_step_says_it_has_no_module(qtbot, window):
    from dataclasses import replace

    with qtbot.waitSignal(window.result_shown, timeout=20_000):
        window.set_state(replace(window.state, activation="binary_step"))
    panel = window.learn_panel
    assert panel.module.isHidden() and not panel.no_module.isHidden()
    assert "Everywhere" in panel.browser.toPlainText()


QT_TS = resource_path("translations", "qt_vi.ts")
PYQTGRAPH_MENUS = (
    "graphicsItems/ViewBox/ViewBoxMenu.py",
    "graphicsItems/ViewBox/axisCtrlTemplate_generic.py",
)


def test_qt_dialogs_and_pyqtgraph_menus_have_vietnamese_too(tmp_path):
    """Strings outside our code (Qt's buttons and file dialog, pyqtgraph's plot menu) live in qt_vi.ts."""
    import re

    import pyqtgraph

    messages = ts_messages(QT_TS)
    for (context, source), translation in messages.items():
        assert translation.get("type") is None and (translation.text or "").strip(), (context, source)
    root = Path(pyqtgraph.__file__).parent
    for (
        relative
    ) in PYQTGRAPH_MENUS:  # every string pyqtgraph's view menu shows, so an upgrade cannot add English
        text = (root / relative).read_text()
        for context, source in re.findall(
            r"""translate\(\s*["'](\w+)["']\s*,\s*["']((?:[^"'\\]|\\.)*)["']""", text
        ):
            assert (context, source.replace('\\"', '"')) in messages, (relative, context, source)
    for context, source in (
        ("QPlatformTheme", "Cancel"),
        ("QPlatformTheme", "&Yes"),
        ("QFileDialog", "Look in:"),
    ):
        assert (context, source) in messages
    if qt_tool("pyside6-lrelease") is not None:
        fresh = tmp_path / "qt.qm"
        subprocess.run(
            [qt_tool("pyside6-lrelease"), str(QT_TS), "-qm", str(fresh)], check=True, capture_output=True
        )
        assert fresh.read_bytes() == resource_path("translations", "qt_vi.qm").read_bytes()


def test_the_vietnamese_window_translates_qt_dialogs_and_the_plot_menu(qtbot, settings_store):
    from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

    window = open_window(settings_store, language="vi")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.show()
    plot = window.views["curve"].plots.output_plot
    menu = plot.vb.menu
    assert menu.viewAll.text() == "Xem toàn bộ" and menu.title() == "Tuỳ chọn khung nhìn"
    axis_menus = [a.menu().title() for a in menu.actions() if a.menu() is not None]
    assert axis_menus[:2] == ["Trục X", "Trục Y"]  # Vietnamese word order, not "X trục"
    assert plot.getContextMenus(None) is None  # no English "Plot Options" (FFT, averaging) submenu
    assert plot.scene().contextMenu == []  # nor pyqtgraph's own "Export..." (File > Export does it)
    box = QMessageBox(
        QMessageBox.Icon.Question, "?", "?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    assert {b.text() for b in box.buttons()} == {"&Có", "&Không"}
    dialog = QFileDialog(window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels
    dialog.deleteLater()
    box.deleteLater()
    window.close()


def test_messages_the_window_shows_are_in_vietnamese_and_the_cli_stays_english(qtbot, settings_store):
    from dataclasses import replace

    from actviewer.core import catalog
    from actviewer.core.errors import InputError
    from actviewer.gui.messages import user_message

    window = open_window(settings_store, language="vi")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.show()
    state = replace(window.state, activation="hardtanh", view="curve")
    with qtbot.waitSignal(window.error_shown, timeout=10_000) as shown:
        window.set_state(state.with_params({"min_val": 2.0, "max_val": 1.0}))
    assert shown.args[0] == "hardtanh: min_val phải nhỏ hơn max_val"
    with qtbot.waitSignal(window.error_shown, timeout=10_000) as shown:
        window.set_state(replace(window.state, activation="relu", x_min=3.0, x_max=1.0))
    assert shown.args[0] == "x nhỏ nhất (3) phải nhỏ hơn x lớn nhất (1)"
    with pytest.raises(InputError) as bad:
        catalog.get("softplus").resolve({"beta": -1.0})
    assert str(bad.value) == "beta=-1.0 is not allowed: it must be a finite number > 0"  # the CLI's English
    assert user_message(bad.value) == "beta=-1.0 không hợp lệ: giá trị phải là một số hữu hạn > 0"
    # The deep stack's one-line diagnosis and the export dialog's format names, in Vietnamese too.
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        window.set_state(replace(window.state, activation="sigmoid", x_min=-6.0, x_max=6.0, view="stack"))
    assert "gradient biến mất" in window.views["stack"].diagnosis.text()
    from actviewer.formats import formats_for
    from actviewer.gui.export_dialog import ExportDialog

    dialog = ExportDialog(Path("x.png"), formats_for(type(window.views["stack"].last_result)), window)
    names = [dialog.format.itemText(i) for i in range(dialog.format.count())]
    assert "Ảnh PNG (.png)" in names and "Bảng CSV (.csv)" in names
    dialog.deleteLater()
    window.close()


def test_every_formula_error_has_its_vietnamese_and_the_dialog_shows_it(qtbot):
    """The core lists each reason a formula is refused; the GUI's table holds the same English."""
    from actviewer.core import catalog
    from actviewer.core.formula import MESSAGES
    from actviewer.gui.custom_dialog import CustomActivationDialog
    from actviewer.gui.messages import formula_texts

    assert formula_texts() == MESSAGES  # in English: one list, the same words
    i18n.install_language("vi")
    translated = formula_texts()
    assert set(translated) == set(MESSAGES) and all(translated[k] != MESSAGES[k] for k in MESSAGES)
    dialog = CustomActivationDialog(set(catalog.ids()))
    qtbot.addWidget(dialog)
    dialog.name.setText("Swish của tôi")
    dialog.formula.setText("x * sigmoid(bta * x)")
    dialog._update()
    text = dialog.error.text()
    assert "tên &#x27;bta&#x27; không xác định" in text or "tên 'bta' không xác định" in text
    assert text.split("\n")[1].index("^") == 12  # the caret still points at bta
    dialog.name.setText("GELU")
    dialog.formula.setText("x")
    dialog._update()
    assert "đã là một tên có sẵn" in dialog.error.text()
    dialog.reject()
