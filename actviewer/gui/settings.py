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
from PySide6.QtWidgets import QMainWindow, QSplitter

from ..core.state import SCHEMA_VERSION, ExplorerState

ORGANISATION = "actviewer"
APPLICATION = "actviewer"
MIN_PANE = 40
"""A splitter pane narrower than this (px) counts as hidden."""


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

    def save_layout(self, window: QMainWindow, splitter: QSplitter) -> None:
        """The window's geometry, its docks and toolbars, and the sidebar's width."""
        self.save_bytes("window/geometry", QByteArray(window.saveGeometry()))
        self.save_bytes("window/splitter_main", QByteArray(splitter.saveState()))
        self.save_bytes("window/state", QByteArray(window.saveState()))

    def restore_layout(self, window: QMainWindow, splitter: QSplitter, default_split: list[int]) -> list[str]:
        """What :meth:`save_layout` stored; a stored layout that hides a pane for good is reset."""
        geometry = self.load_bytes("window/geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        docks = self.load_bytes("window/state")
        if docks is not None:
            window.restoreState(docks)
        stored = self.load_bytes("window/splitter_main")
        if stored is not None and splitter.restoreState(stored) and min(splitter.sizes()) < MIN_PANE:
            splitter.setSizes(default_split)
            return ["the stored sidebar width hid a pane"]
        return []
