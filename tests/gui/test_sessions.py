"""Session files: save, open on a fresh window, and every view's state comes back; old, newer,
hostile and garbage files fall back or say why, never crash; a classroom session hides controls."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings

from actviewer.core import catalog, custom
from actviewer.core.compare import CurveSpec
from actviewer.core.errors import InputError
from actviewer.gui.settings import SettingsStore


def fresh_store(tmp_path, name: str) -> SettingsStore:
    return SettingsStore(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))


def test_a_session_round_trips_every_views_state(qtbot, make_window, tmp_path):
    first = make_window(settings=fresh_store(tmp_path, "a"))
    entry = custom.CustomActivation(
        "Session Swish", "x * sigmoid(k * x)", (custom.ParamDef("k", 1.5, 0.0, 5.0),)
    )
    first.library.entries = [*first.library.entries, entry]
    catalog.register(entry.spec())
    try:
        first.views["compare"].pin(CurveSpec("gelu").validated())
        first.views["compare"].pin(CurveSpec(entry.id, {"k": 2.0}).validated())
        with qtbot.waitSignal(first.result_shown, timeout=60_000):
            first.set_state(
                replace(first.state, activation="elu", view="stack", x_min=-3.0).with_params({"alpha": 0.5})
            )
        with qtbot.waitSignal(first.result_shown, timeout=60_000):
            first.views["stack"].spins["layers"].setValue(7)
        drawn = ((0.5, 1.0, 1.0), (-2.0, 3.0, 0.0), (4.0, -1.5, 1.0), (-3.5, -3.0, 0.0), (1.25, 2.5, 0.0))
        first.views["train"].edit_settings(dataset="own", own_points=drawn, own_task="classification")
        saved = first.sessions.save_to(tmp_path / "lesson.actviewer")
        assert first.sessions._folder() == tmp_path.resolve()  # the dialogs start where the last one was
        data = json.loads(saved.read_text())
        assert data["schema"] == 1 and [e["name"] for e in data["custom_activations"]] == ["Session Swish"]
        expected_views = {v: first.views[v].save_state() for v in ("compare", "stack", "train")}
        expected_state = first.state
        first.close()
    finally:
        catalog.unregister(entry.id)  # the second window must get it from the session alone
    second = make_window(settings=fresh_store(tmp_path, "b"))
    assert entry.id not in catalog.ids()
    with qtbot.waitSignal(second.result_shown, timeout=60_000):
        problems = second.sessions.open_from(saved)
    assert problems == []
    assert second.state == expected_state
    assert entry.id in catalog.ids()
    for view_id, state in expected_views.items():
        assert second.views[view_id].save_state() == state, view_id
    assert second.views["stack"].last_result.request.layers == 7
    assert second.views["train"].settings.own_points == drawn  # the training points placed by hand
    assert str(saved.resolve()) == second.sessions.recent()[0]
    catalog.unregister(entry.id)


def test_older_newer_and_foreign_device_sessions_fall_back_with_a_notice(qtbot, window, tmp_path):
    path = tmp_path / "newer.actviewer"
    state = replace(window.state, activation="tanh", device="cuda:7").to_dict()
    path.write_text(
        json.dumps({"schema": 9, "state": state, "views": {"stack": {"layers": 3}, "future": {}}, "x": 1})
    )
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        problems = window.sessions.open_from(path)
    assert window.state.activation == "tanh" and window.state.device == "cpu"
    assert any("newer actviewer" in p for p in problems) and any("cuda:7" in p for p in problems)
    assert any("'future'" in p for p in problems)
    assert "fell back" in window.status.notice.text()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01binary",
        b"{not json",
        b"[" * 100_000,
        b'{"schema": "one", "state": {}}',
        b"[]",
        b'{"state": 3}',
    ],
    ids=["binary", "not json", "nested", "bad schema", "a list", "no state"],
)
def test_a_file_that_is_not_a_session_is_one_message_and_changes_nothing(window, tmp_path, content):
    path = tmp_path / "bad.actviewer"
    path.write_bytes(content)
    before = window.state
    with pytest.raises(InputError):
        window.sessions.open_from(path)
    assert window.state == before


def test_a_pipe_and_a_hostile_formula_are_data_only(window, tmp_path):
    pipe = tmp_path / "pipe.actviewer"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        window.sessions.open_from(pipe)
    hostile = tmp_path / "hostile.actviewer"
    evil = {"name": "evil", "formula": "__import__('os').system('touch pwned')"}
    hostile.write_text(
        json.dumps({"schema": 1, "state": window.state.to_dict(), "custom_activations": [evil]})
    )
    problems = window.sessions.open_from(hostile)
    assert any("custom activation 1 left out" in p for p in problems)
    assert not (tmp_path / "pwned").exists() and not os.path.exists("pwned")


def test_a_classroom_session_hides_the_chosen_controls(qtbot, window, tmp_path):
    path = window.sessions.save_to(tmp_path / "class.actviewer", hidden=("picker", "learn", "tab:precision"))
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        window.set_state(replace(window.state, activation="tanh"))
    window.sessions.open_from(path)
    assert not window.picker.isVisible() and not window.learn_dock.isVisible()
    assert not window.tabs.isTabVisible(window.tab_index("precision"))
    assert window.tabs.isTabVisible(window.tab_index("stack"))
    plain = window.sessions.save_to(tmp_path / "plain.actviewer")
    window.sessions.open_from(plain)
    assert window.picker.isVisible() and window.tabs.isTabVisible(window.tab_index("precision"))
