"""QSettings with a schema version and a safe fallback for every value read.

The explorer state is stored as one JSON document (validated field by field
by :meth:`ExplorerState.from_dict`), each view's own settings as another under
``views/<id>``; window geometry and splitter sizes as the byte arrays Qt
produces. Anything unreadable falls back to its default and is listed in
:attr:`SettingsStore.problems`, which the window shows once in its status bar.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QMainWindow, QSplitter

from ..core.state import SCHEMA_VERSION, ExplorerState

ORGANISATION = "actviewer"
APPLICATION = "actviewer"
MIN_PANE = 40
"""A splitter pane narrower than this (px) counts as hidden."""


MAX_CHECKED_BYTES = 4 << 20
"""How much of the settings file is read to tell text from binary junk."""


def default_settings_path() -> Path:
    """Where ``QSettings(ORGANISATION, APPLICATION)`` keeps its file on Linux and the BSDs."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(folder) / ORGANISATION / f"{APPLICATION}.conf"


def settings_file_problem(path: Path) -> tuple[str | None, bool]:
    """What is wrong with the settings file at ``path``, and whether it must not be opened at all.

    QSettings opening a named pipe waits forever for a writer, and one opening a device reads it;
    a folder or binary junk it drops in silence. Each is said once in the status bar.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None, False
    except OSError as err:
        return f"the settings file {path} cannot be read ({err.strerror}); settings are not kept", True
    if stat.S_ISDIR(info.st_mode):
        return f"the settings file {path} is a folder; settings are neither read nor saved", True
    if not stat.S_ISREG(info.st_mode):
        return f"the settings file {path} is not a regular file (a pipe or a device); it was left alone", True
    try:
        with open(path, "rb") as handle:
            head = handle.read(MAX_CHECKED_BYTES)
    except OSError as err:
        return f"the settings file {path} cannot be read ({err.strerror}); settings are not kept", True
    try:
        head.decode("utf-8")
        text = b"\0" not in head
    except UnicodeDecodeError:
        text = False
    if not text:
        return (
            f"the settings file {path} holds binary data or NUL bytes; what could not be read was dropped",
            False,
        )
    return None, False


class SettingsStore:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.problems: list[str] = []
        if settings is None:
            settings = self._open_default()
        self.qsettings = settings

    def _open_default(self) -> QSettings:
        if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            return QSettings(ORGANISATION, APPLICATION)
        problem, avoid = settings_file_problem(default_settings_path())
        if problem is not None:
            self.problems.append(problem)
        if not avoid:
            return QSettings(ORGANISATION, APPLICATION)
        # Under /dev/null, which no file can be in: nothing is read, and saving fails quietly.
        return QSettings(os.path.join(os.devnull, "actviewer.conf"), QSettings.Format.IniFormat)

    def load_state(self) -> ExplorerState:
        raw = self.qsettings.value("explorer/state", None)
        if raw is None:
            return ExplorerState()
        try:
            data = json.loads(raw) if isinstance(raw, (str, bytes, bytearray)) else raw
        except (TypeError, ValueError, RecursionError):  # nested 100,000 deep is data too
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
        except (ValueError, RecursionError):
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
