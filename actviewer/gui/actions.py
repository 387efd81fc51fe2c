"""The window's menu and toolbar actions, declared as data (napari's ``Action(id, menus,
keybindings)``): which menu, which shortcut, what it calls. The window builds them in one loop.

Texts are translated in the ``MainWindow`` context, where the Vietnamese catalogue has them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QStyle, QToolBar, QWidget


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    """The key of the menu it goes in ("file", "view", "help")."""
    shortcut: str | QKeySequence.StandardKey | None = None
    tooltip: str = ""
    icon: QStyle.StandardPixmap | None = None
    toolbar: bool = False
    needs_result: bool = False
    """Enabled only while the view on screen has a result to act on."""
    separator_before: bool = False
    after_views: bool = False
    """In the View menu after the views' own actions (built once the tabs exist)."""


def window_actions() -> list[ActionSpec]:
    """The window's own actions, in menu order (translated now, in the current language)."""
    pixmap = QStyle.StandardPixmap
    return [
        ActionSpec(
            "export",
            QCoreApplication.translate("MainWindow", "&Export…"),
            "file",
            "Ctrl+E",
            QCoreApplication.translate(
                "MainWindow", "Export what the current view shows: a figure or its data"
            ),
            pixmap.SP_DialogSaveButton,
            toolbar=True,
            needs_result=True,
        ),
        ActionSpec(
            "copy",
            QCoreApplication.translate("MainWindow", "&Copy Image"),
            "file",
            "Ctrl+Shift+C",
            QCoreApplication.translate("MainWindow", "Copy the figure to the clipboard as an image"),
            pixmap.SP_FileDialogDetailedView,
            toolbar=True,
            needs_result=True,
        ),
        ActionSpec(
            "quit",
            QCoreApplication.translate("MainWindow", "&Quit"),
            "file",
            QKeySequence.StandardKey.Quit,
            separator_before=True,
        ),
        ActionSpec(
            "reset_view",
            QCoreApplication.translate("MainWindow", "&Reset View"),
            "view",
            "Ctrl+0",
            icon=pixmap.SP_BrowserReload,
            toolbar=True,
        ),
        ActionSpec(
            "find",
            QCoreApplication.translate("MainWindow", "&Find Activation"),
            "view",
            QKeySequence.StandardKey.Find,
            after_views=True,
        ),
        ActionSpec(
            "lesson",
            QCoreApplication.translate("MainWindow", "&Lesson: Activation Functions in PyTorch"),
            "help",
            "F2",
            QCoreApplication.translate(
                "MainWindow", "A guided lesson that follows the tutorial, step by step"
            ),
        ),
        ActionSpec("about", QCoreApplication.translate("MainWindow", "&About actviewer"), "help"),
    ]


def build_actions(
    specs: Iterable[ActionSpec],
    menus: dict[str, QMenu],
    toolbar: QToolBar,
    slots: dict[str, Callable[[], object]],
    owner: QWidget,
) -> dict[str, QAction]:
    """Make each declared action, put it in its menu (and the toolbar), and connect it to
    ``slots[id]``; by id."""
    made: dict[str, QAction] = {}
    style = owner.style()
    for spec in specs:
        action = QAction(spec.text, owner)
        if spec.icon is not None:
            action.setIcon(style.standardIcon(spec.icon))
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tooltip:
            action.setToolTip(spec.tooltip)
        if spec.needs_result:
            action.setEnabled(False)  # until the view on screen has a result
        _connect(action, slots[spec.id])
        if spec.separator_before:
            menus[spec.menu].addSeparator()
        menus[spec.menu].addAction(action)
        if spec.toolbar:
            toolbar.addAction(action)
        made[spec.id] = action
    return made


def _connect(action: QObject, slot: Callable[[], object]) -> None:
    action.triggered.connect(lambda _checked=False: slot())  # type: ignore[attr-defined]


def add_choice_menu(
    menu: QMenu, title: str, names: dict[str, str], current: str, choose: Callable[[str], None]
) -> tuple[QMenu, dict[str, QAction]]:
    """A submenu of ``menu`` with one checkable action per choice (``current`` checked); the submenu
    and its actions by choice."""
    submenu = menu.addMenu(title)
    group = QActionGroup(submenu)
    made: dict[str, QAction] = {}
    for key, name in names.items():
        action = QAction(name, submenu, checkable=True)
        action.setChecked(key == current)
        action.triggered.connect(lambda _=False, k=key: choose(k))
        group.addAction(action)
        submenu.addAction(action)
        made[key] = action
    return submenu, made


def add_language_menu(
    menu: QMenu, current: str, languages: dict[str, str], choose: Callable[[str], None]
) -> tuple[QMenu, dict[str, QAction]]:
    """View > Language: one checkable action per language."""
    title = QCoreApplication.translate("MainWindow", "&Language")
    return add_choice_menu(menu, title, languages, current, choose)


def add_theme_menu(menu: QMenu, current: str, choose: Callable[[str], None]) -> dict[str, QAction]:
    """View > Theme: System (the desktop's colour scheme), Light, Dark."""
    names = {
        "system": QCoreApplication.translate("MainWindow", "&System"),
        "light": QCoreApplication.translate("MainWindow", "&Light"),
        "dark": QCoreApplication.translate("MainWindow", "&Dark"),
    }
    return add_choice_menu(menu, QCoreApplication.translate("MainWindow", "&Theme"), names, current, choose)[
        1
    ]


def show_about(parent: QWidget, version: str) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("MainWindow", "About actviewer"),
        QCoreApplication.translate("MainWindow", "actviewer %s") % version
        + "\n\n"
        + QCoreApplication.translate(
            "MainWindow", "Explore activation functions and their derivatives with PyTorch."
        ),
    )
