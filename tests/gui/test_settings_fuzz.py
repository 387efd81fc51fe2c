"""Whatever the settings file holds, under every key the window reads, the window starts and draws."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSettings

from actviewer.core.state import ExplorerState
from actviewer.gui.main_window import MainWindow
from actviewer.gui.settings import SettingsStore

KEYS = [
    "explorer/state",
    "views/curve",
    "views/matrix",
    "window/geometry",
    "window/state",
    "window/splitter_main",
    "ui/language",
    "export/folder",
    "export/suffix",
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),  # inside JSON: any size
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    [*ExplorerState.__dataclass_fields__, "schema", "matrix", "rows", "second_derivative"]
)
STATE_LIKE = st.dictionaries(FIELDS, JSON_VALUES, max_size=6).map(json.dumps)
VALUES = st.one_of(
    STATE_LIKE,
    JSON_VALUES.map(json.dumps),
    st.text(max_size=30),
    st.integers(-(2**62), 2**62),  # what QSettings can hold; larger ints fail in setValue itself
    st.binary(max_size=40).map(QByteArray),
    st.sampled_from(["{not json", "cuda:7", "[1, 2]", '{"device": "cuda:7", "dim": 1}']),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=5))
def test_any_stored_settings_open_a_window_that_draws(qtbot, tmp_path_factory, stored):
    path = tmp_path_factory.mktemp("settings") / "fuzz.ini"
    qs = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in stored.items():
        qs.setValue(key, value)
    qs.sync()
    window = MainWindow(settings=SettingsStore(QSettings(str(path), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.show()
    assert window.current_view().last_result is not None
    assert min(window.splitter.sizes()) > 0
    window.close()
