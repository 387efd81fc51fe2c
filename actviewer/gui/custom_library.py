"""The user's own activations: the Activation menu, the formula dialog, and the library file.

The library is written first; only when that worked does the window change,
so a full disk or a read-only folder never loses an activation the user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenuBar, QMessageBox, QWidget

from ..core import catalog, custom
from ..core.errors import InputError
from ..core.state import DEFAULT_ACTIVATION


class LibraryHost(Protocol):
    """What the library asks of the window."""

    def current_activation(self) -> str: ...
    def show_error_dialog(self, title: str, message: str) -> None: ...
    def show_info(self, title: str, text: str) -> None: ...
    def show_message(self, text: str) -> None: ...


class CustomLibrary(QObject):
    changed = Signal(str, tuple)
    """(activation to show, ids whose stored parameter values are stale): the library changed."""

    def __init__(self, host: LibraryHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.widget = parent
        self.path = custom.library_path()
        self.entries, self.left_out = custom.read_library(self.path)
        custom.install(self.entries)  # before the window's state, which may name one of them
        self.custom_dialog: QWidget | None = None

    def build_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu(self.tr("&Activation"))

        def action(text: str, slot: Callable[[], object], shortcut: QKeySequence | None = None) -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(shortcut)
            made.triggered.connect(lambda: slot())
            return made

        self.new_activation_action = action(
            self.tr("&New Activation…"), self.new_activation, QKeySequence(QKeySequence.StandardKey.New)
        )
        self.new_activation_action.setToolTip(self.tr("Define your own activation by a formula in x"))
        self.edit_activation_action = action(self.tr("&Edit Activation…"), self.edit_activation)
        self.delete_activation_action = action(self.tr("&Delete Activation"), self.delete_activation)
        for made in (self.new_activation_action, self.edit_activation_action, self.delete_activation_action):
            menu.addAction(made)
        menu.addSeparator()
        menu.addAction(action(self.tr("&Import Activations…"), self.import_activations))
        menu.addAction(action(self.tr("E&xport Activations…"), self.export_activations))
        self.menu = menu

    def show_activation(self, spec: catalog.ActivationSpec) -> None:
        """Edit and Delete are offered for the user's own activations only."""
        own = spec.family == catalog.CUSTOM_FAMILY
        self.edit_activation_action.setEnabled(own)
        self.delete_activation_action.setEnabled(own)

    def new_activation(self) -> None:
        self._edit_entry(None)

    def edit_activation(self) -> None:
        entry = custom.entry_for(self.host.current_activation(), self.entries)
        if entry is not None:
            self._edit_entry(entry)

    def _edit_entry(self, entry: custom.CustomActivation | None) -> None:
        from .custom_dialog import CustomActivationDialog

        dialog = CustomActivationDialog(set(catalog.ids()), entry, self.widget)
        self.custom_dialog = dialog
        if dialog.exec() != CustomActivationDialog.DialogCode.Accepted or dialog.entry is None:
            return
        made = dialog.entry
        replaced = (made.id, entry.id) if entry is not None else (made.id,)
        kept = [e for e in self.entries if e.id not in replaced]
        if self._save([*kept, made]):
            self.changed.emit(made.id, replaced)

    def delete_activation(self) -> None:
        entry = custom.entry_for(self.host.current_activation(), self.entries)
        if entry is None:
            return
        answer = QMessageBox.question(
            self.widget, self.tr("Delete Activation"), self.tr("Delete your activation %s?") % entry.name
        )
        if answer == QMessageBox.StandardButton.Yes and self._save(
            [e for e in self.entries if e.id != entry.id]
        ):
            self.changed.emit(DEFAULT_ACTIVATION, (entry.id,))

    def import_activations(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.widget,
                self.tr("Import Activations"),
                str(Path.home()),
                self.tr("actviewer library (*.json)"),
            )
        if not path:
            return
        found, problems = custom.read_library(Path(path))
        ids = {e.id for e in found}
        if found and self._save([*(e for e in self.entries if e.id not in ids), *found]):
            self.changed.emit(found[0].id, tuple(ids))
        summary = self.tr("Imported %d activation(s) from %s.") % (len(found), Path(path).name)
        if problems:
            summary += "\n\n" + self.tr("Left out:") + "\n" + "\n".join(problems)
        self.host.show_info(self.tr("Import Activations"), summary)

    def export_activations(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.widget,
                self.tr("Export Activations"),
                str(Path.home() / "my_activations.json"),
                self.tr("actviewer library (*.json)"),
            )
        if not path:
            return False
        try:
            custom.write_library(Path(path), self.entries)
        except (InputError, OSError) as err:
            self.host.show_error_dialog(self.tr("Export failed"), str(err))
            return False
        self.host.show_message(self.tr("Exported %s") % path)
        return True

    def _save(self, entries: list[custom.CustomActivation]) -> bool:
        """Write the library first; only if that worked does the window change."""
        try:
            custom.write_library(self.path, entries)
        except (InputError, OSError) as err:
            self.host.show_error_dialog(self.tr("Could not save your activations"), str(err))
            return False
        self.entries = entries
        custom.install(entries)
        return True
