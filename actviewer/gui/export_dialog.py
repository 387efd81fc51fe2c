"""File > Export…: choose a format, a file and, for PNG, a width and a background.

The window passes the formats the result on screen can be written as (from
:mod:`actviewer.formats`); the dialog only collects choices and the window
writes the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..core.arguments import DEFAULT_GIF_WIDTH, DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH
from ..formats import ANIMATION_FORMATS, Format


class ExportDialog(QDialog):
    def __init__(
        self, default_path: Path, formats: Mapping[str, Format], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.formats = dict(formats)
        self.setWindowTitle(self.tr("Export"))
        self.format = QComboBox()
        for suffix, fmt in self.formats.items():
            self.format.addItem(f"{self.format_name(suffix, fmt)} ({suffix})", suffix)
            self.format.setItemData(self.format.count() - 1, fmt.description, Qt.ItemDataRole.ToolTipRole)
        self.path = QLineEdit(str(default_path))
        self.path.setMinimumWidth(360)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.png_width = QSpinBox()
        self.png_width.setRange(MIN_WIDTH, MAX_WIDTH)
        self.png_width.setValue(DEFAULT_WIDTH)
        self.png_width.setSuffix(" px")
        self.png_width.setSingleStep(100)
        self.transparent = QCheckBox(self.tr("Transparent background"))
        self.dark = QCheckBox(self.tr("Dark colours"))
        self.dark.setToolTip(self.tr("Figures are light by default, whatever the window's theme"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.tr("Image width"), self.png_width)
        form.addRow("", self.transparent)
        form.addRow("", self.dark)
        form.addRow(buttons)
        suffix = default_path.suffix.lower()
        if suffix in self.formats:
            self.format.setCurrentIndex(self.format.findData(suffix))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.path.textEdited.connect(self._path_edited)
        self._confirmed: Path | None = None
        self._update_png_options()

    def suffix(self) -> str:
        return str(self.format.currentData())

    def accept(self) -> None:
        """Save, unless the file exists and the user would rather not replace it (the file chooser
        asks by itself; a name typed in the field is asked about here)."""
        path = self.chosen_path()
        if path.exists() and path != self._confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Replace File?"),
                self.tr("%s already exists. Do you want to replace it?") % path.name,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == self.suffix() else path.with_suffix(self.suffix())

    def options(self) -> dict[str, Any]:
        taken = self.formats[self.suffix()].options
        chosen = {
            "width": self.png_width.value(),
            "transparent": self.transparent.isChecked(),
            "theme": "dark" if self.dark.isChecked() else None,
        }
        return {name: value for name, value in chosen.items() if name in taken and value is not None}

    def _format_changed(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(self.suffix())))
        self._update_png_options()

    def _path_edited(self, text: str) -> None:
        index = self.format.findData(Path(text).suffix.lower())
        if index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)
            self._update_png_options()

    def _update_png_options(self) -> None:
        taken = self.formats[self.suffix()].options
        # An animation's frames are rendered one by one: its default width is half a still's.
        defaults = (DEFAULT_WIDTH, DEFAULT_GIF_WIDTH)
        if self.png_width.value() in defaults:
            self.png_width.setValue(defaults[self.suffix() in ANIMATION_FORMATS])
        self.png_width.setEnabled("width" in taken)
        self.transparent.setEnabled("transparent" in taken)
        self.dark.setEnabled("theme" in taken)

    def format_name(self, suffix: str, fmt: Format) -> str:
        """The format's name in the interface language (the core's English says what the file holds,
        as the item's tooltip); a plug-in's own format keeps its description."""
        names = {
            ".png": self.tr("PNG image"),
            ".svg": self.tr("SVG vector image"),
            ".pdf": self.tr("PDF vector page"),
            ".gif": self.tr("animated GIF, one frame per step"),
            ".csv": self.tr("CSV table"),
            ".json": self.tr("JSON data"),
        }
        return names.get(suffix, fmt.description)

    def _browse(self) -> None:
        suffix = self.suffix()
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export"),
            str(self.chosen_path()),
            f"{self.format_name(suffix, self.formats[suffix])} (*{suffix})",
        )
        if name:
            self.path.setText(name)
            self._path_edited(name)
            self._confirmed = self.chosen_path()  # the file chooser asked about replacing it
