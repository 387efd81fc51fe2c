"""QSettings with a schema version and a safe fallback for every value read.

The explorer state is stored as one JSON document (validated field by field
by :meth:`ExplorerState.from_dict`), each view's own settings as another under
``views/<id>``; window geometry and splitter sizes as the byte arrays Qt
produces. Anything unreadable falls back to its default and is listed in
:attr:`SettingsStore.problems`, which the window shows once in its status bar.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings

from ..core.state import SCHEMA_VERSION, ExplorerState

ORGANISATION = "actviewer"
APPLICATION = "actviewer"


class SettingsStore:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings(ORGANISATION, APPLICATION)
        self.problems: list[str] = []

    def load_state(self) -> ExplorerState:
        raw = self.qsettings.value("explorer/state", None)
        if raw is None:
            return ExplorerState()
        try:
            data = json.loads(raw) if isinstance(raw, (str, bytes, bytearray)) else raw
        except (TypeError, ValueError):
            self.problems.append("stored state is not valid JSON; using defaults")
            return ExplorerState()
        if isinstance(data, dict) and data.get("schema") != SCHEMA_VERSION:
            # Older documents are read field by field: what is still valid is kept.
            self.problems.append(f"stored state has schema {data.get('schema')!r}; kept what is valid")
        state, problems = ExplorerState.from_dict(data)
        self.problems.extend(problems)
        return state

    def take_problems(self) -> list[str]:
        """What could not be read since the last call (each is reported once)."""
        taken, self.problems = self.problems, []
        return taken

    def save_state(self, state: ExplorerState) -> None:
        self.qsettings.setValue("explorer/state", json.dumps(state.to_dict()))

    def load_json(self, key: str) -> object:
        """The JSON document stored under ``key``, or None if it is missing or unreadable."""
        raw = self.qsettings.value(key, None)
        if not isinstance(raw, (str, bytes, bytearray)):
            return None
        try:
            return json.loads(raw)
        except ValueError:
            self.problems.append(f"{key} is not valid JSON; using defaults")
            return None

    def save_json(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, json.dumps(value))

    def load_bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key, None)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, (bytes, bytearray)) and value:
            return QByteArray(bytes(value))
        return None

    def save_bytes(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()
