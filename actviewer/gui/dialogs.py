"""Message boxes that never block the event loop: the worker's results keep arriving behind them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def open_message(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A window-modal box shown with ``open()``, not ``exec()``; kept by the caller while shown."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("MainWindow", "OK"))
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
