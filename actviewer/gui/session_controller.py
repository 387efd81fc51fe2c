"""File > Open Session…, Save Session…, Save Classroom Session… and Recent Sessions.

A session file (:mod:`..core.session`) is what the window shows, to reopen or hand to someone:
the state, every view's settings (built or not), the custom activations it uses, and for a
class, the controls to hide. Opening one that does not fit this machine (a missing device, a
newer schema, a bad value) falls back and says so in the status bar; one that is not a session
at all is a dialog, and the window stays as it was.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QMenu, QVBoxLayout

from .. import __version__
from ..core.devices import choose_device
from ..core.errors import InputError
from ..core.session import CLASSROOM_CONTROLS, SUFFIX, read_session, session_json, write_session

MAX_RECENT = 8
RECENT_KEY = "sessions/recent"


class SessionController(QObject):
    def __init__(self, window: Any, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.open_action = QAction(self.tr("&Open Session…"), window)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_dialog)
        self.save_action = QAction(self.tr("&Save Session…"), window)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self.save_dialog(classroom=False))
        self.classroom_action = QAction(self.tr("Save &Classroom Session…"), window)
        self.classroom_action.setToolTip(self.tr("A session that hides the controls you choose"))
        self.classroom_action.triggered.connect(lambda: self.save_dialog(classroom=True))
        self.recent_menu = QMenu(self.tr("&Recent Sessions"), menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # First in the File menu: the window adds Export and the rest after them.
        menu.addActions([self.open_action, self.save_action, self.classroom_action])
        menu.addMenu(self.recent_menu)
        menu.addSeparator()

    # --- saving ---------------------------------------------------------------

    def session_data(self, hidden: tuple[str, ...] = ()) -> dict[str, Any]:
        window = self.window
        views: dict[str, Any] = {}
        for view_id in window.views:
            built = window.views.if_built(view_id)
            stored = (
                built.save_state() if built is not None else window.settings.load_json(f"views/{view_id}")
            )
            if stored is not None:
                views[view_id] = stored
        state = window.state
        used = {state.activation, *state.params} | _pinned(views)
        entries = [e for e in window.library.entries if e.id in used]
        return session_json(state, views, entries, hidden, __version__)

    def save_to(self, path: str | Path, hidden: tuple[str, ...] = ()) -> Path:
        written = write_session(path, self.session_data(hidden))
        self._remember(written)
        return written

    def save_dialog(self, classroom: bool) -> None:
        hidden: tuple[str, ...] = ()
        if classroom:
            chosen = self._ask_hidden()
            if chosen is None:
                return
            hidden = chosen
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Save Session"),
            str(self._folder() / f"{self.window.state.activation}{SUFFIX}"),
            self.tr("actviewer sessions (*%s)") % SUFFIX,
        )
        if not name:
            return
        path = Path(name) if Path(name).suffix else Path(name).with_suffix(SUFFIX)
        try:
            self.save_to(path, hidden)
        except InputError as err:
            self.window.show_error_dialog(self.tr("Save Session"), str(err))
            return
        self.window.status.announce(self.tr("Session saved to %s") % path)

    def _ask_hidden(self) -> tuple[str, ...] | None:
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("Classroom Session"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(self.tr("Hide these controls when the session is opened:")))
        names = {
            "picker": self.tr("the activation list"),
            "parameters": self.tr("the parameters"),
            "domain": self.tr("x range and device"),
            "learn": self.tr("the Learn panel"),
        }
        boxes: dict[str, QCheckBox] = {}
        for control in CLASSROOM_CONTROLS:
            boxes[control] = QCheckBox(names[control])
            layout.addWidget(boxes[control])
        for view_id in self.window.views:
            if view_id != self.window.current_view_id():
                boxes[f"tab:{view_id}"] = QCheckBox(
                    self.tr("the %s tab") % self.window.views.classes[view_id].title()
                )
                layout.addWidget(boxes[f"tab:{view_id}"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return tuple(control for control, box in boxes.items() if box.isChecked())

    # --- opening --------------------------------------------------------------

    def open_from(self, path: str | Path) -> list[str]:
        """Show the session at ``path``; returns what fell back (also said in the status bar).
        Raises InputError, with the window untouched, when it is not a session."""
        window = self.window
        session = read_session(path, list(window.views))
        problems = list(session.problems)
        for view_id, data in session.views.items():
            built = window.views.if_built(view_id)
            if built is not None:
                problems += [f"{view_id}: {p}" for p in built.restore_state(data)]
            else:
                window.settings.save_json(f"views/{view_id}", data)  # adopted when the tab is built
        state = session.state
        devices = window.host.devices
        if devices is not None and choose_device(state.device, devices) is None:
            problems.append(f"device {state.device} is not available here; using the CPU")
            state = replace(state, device="cpu")
        window.picker.rebuild(state.activation)  # the session's own activations join the list
        window.set_state(state)
        self._hide(session.hidden)
        self._remember(Path(path))
        if problems:
            window.status.announce(self.tr("Session opened; some of it fell back: %s") % "; ".join(problems))
        return problems

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Open Session"),
            str(self._folder()),
            self.tr("actviewer sessions (*%s)") % SUFFIX,
        )
        if name:
            self.open_or_say(name)

    def open_or_say(self, path: str | Path) -> None:
        try:
            self.open_from(path)
        except InputError as err:
            self.window.show_error_dialog(self.tr("Open Session"), str(err))

    def _hide(self, hidden: tuple[str, ...]) -> None:
        """A classroom session's hidden controls; a session without any shows them all again."""
        window = self.window
        widgets = {
            "picker": window.picker,
            "parameters": window.param_group,
            "domain": window.domain_panel,
        }
        for control, widget in widgets.items():
            widget.setVisible(control not in hidden)
        window.learn_dock.setVisible("learn" not in hidden)
        for view_id in window.views:
            window.tabs.setTabVisible(window.tab_index(view_id), f"tab:{view_id}" not in hidden)

    # --- recent ---------------------------------------------------------------

    def _folder(self) -> Path:
        """Where the file dialogs start: the last session's folder, else the user's documents (not
        whatever folder the app was started from)."""
        for path in self.recent():
            if Path(path).parent.is_dir():
                return Path(path).parent
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _settings(self) -> QSettings:
        return self.window.settings.qsettings

    def recent(self) -> list[str]:
        stored = self._settings().value(RECENT_KEY, [])
        items = stored if isinstance(stored, list) else [stored] if isinstance(stored, str) else []
        return [p for p in items if isinstance(p, str)][:MAX_RECENT]

    def _remember(self, path: Path) -> None:
        text = str(Path(path).expanduser().resolve())
        self._settings().setValue(RECENT_KEY, [text, *(p for p in self.recent() if p != text)][:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.recent()
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_or_say(p))
        if not paths:
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)


def _pinned(views: dict[str, Any]) -> set[str]:
    pinned = views.get("compare", {}).get("pinned", []) if isinstance(views.get("compare"), dict) else []
    names = (p.get("activation") for p in pinned if isinstance(p, dict))
    return {name for name in names if isinstance(name, str)}
