"""Figures and data files, from the window and from the renderer the CLI uses."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtWidgets import QApplication

from actviewer import formats
from actviewer.core.arguments import DEFAULT_WIDTH
from actviewer.core.compute import compute
from actviewer.core.request import ComputeRequest
from actviewer.core.results import ComputeResult
from actviewer.gui.export_dialog import ExportDialog
from actviewer.gui.figures.style import DERIVATIVE_COLOUR, OUTPUT_COLOUR
from actviewer.gui.views.curve import CurveView

SVG = "{http://www.w3.org/2000/svg}"


def colours(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}


def rgb_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    row = image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=row * image.height())
    return data.reshape(image.height(), row)[:, : image.width() * 3].reshape(image.height(), image.width(), 3)


def has_colour(image: QImage, hex_colour: str, tolerance: int = 20) -> bool:
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(rgb_array(image).astype(int) - target).max(axis=2) <= tolerance).sum() > 100)


def pdf_page_count(path: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


@pytest.fixture
def result():
    return compute(ComputeRequest("leaky_relu", params={"negative_slope": 0.2}))


@pytest.mark.parametrize("width", [200, 1000, 4000])
def test_png_has_exactly_the_requested_width_and_is_not_one_colour(qapp, tmp_path, result, width):
    path = formats.write(result, tmp_path / "f.png", width=width)
    image = QImage(str(path))
    assert image.width() == width
    assert image.height() == round(width * 0.75)
    assert len(colours(image)) > 5


def test_png_shows_the_curves_in_their_colours_on_white(qapp, tmp_path, result):
    image = QImage(str(formats.write(result, tmp_path / "f.png", width=960)))
    assert image.pixel(2, 2) & 0xFFFFFF == 0xFFFFFF
    for colour in (OUTPUT_COLOUR, DERIVATIVE_COLOUR):
        assert has_colour(image, colour), colour


def test_transparent_png_has_a_transparent_background(qapp, tmp_path, result):
    image = QImage(str(formats.write(result, tmp_path / "t.png", width=400, transparent=True)))
    assert image.hasAlphaChannel()
    assert (image.pixel(1, 1) >> 24) == 0


def test_svg_is_xml_with_a_path_for_each_curve_and_the_title(qapp, tmp_path, result):
    path = formats.write(result, tmp_path / "f.svg")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    paths = root.iter(f"{SVG}path")
    strokes = {p.get("stroke") for p in paths} | {g.get("stroke") for g in root.iter(f"{SVG}g")}
    assert OUTPUT_COLOUR in strokes and DERIVATIVE_COLOUR in strokes
    text = ET.tostring(root, encoding="unicode")
    assert "LeakyReLU(negative_slope=0.2)" in text


def test_pdf_is_one_vector_page(qapp, tmp_path, result):
    path = formats.write(result, tmp_path / "f.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_page_count(path) == 1


def test_figure_title_names_the_activation_and_its_parameters(qapp, result):
    assert CurveView.figure(result).figure_title == "LeakyReLU(negative_slope=0.2)"
    gelu = compute(ComputeRequest("gelu", params={"approximate": "tanh"}, samples=11))
    assert CurveView.figure(gelu).figure_title == "GELU(approximate='tanh')"


def test_a_failed_figure_write_keeps_the_existing_file(qapp, tmp_path, result, monkeypatch):
    target = tmp_path / "keep.png"
    target.write_bytes(b"precious")
    monkeypatch.setattr(QImageWriter, "write", lambda *a, **k: False)
    monkeypatch.setattr(QImageWriter, "errorString", lambda *a: "out of memory")
    with pytest.raises(Exception, match="could not encode"):
        formats.write(result, target)
    assert target.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def test_window_export_writes_the_result_on_screen(qtbot, window, tmp_path):
    path = tmp_path / "shown.csv"
    assert window.exports.export_to(path)
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    table = np.array(rows[1:], dtype=np.float64)
    shown = window.views["curve"].last_result
    np.testing.assert_array_equal(table[:, 1].astype(np.float32), shown.y.astype(np.float32))
    np.testing.assert_array_equal(table[:, 2].astype(np.float32), shown.dy.astype(np.float32))
    assert window.exports.export_to(tmp_path / "shown.png", width=1234)
    assert QImage(str(tmp_path / "shown.png")).width() == 1234


def test_window_export_to_an_unwritable_place_shows_a_dialog_and_keeps_the_file(
    qtbot, window, unwritable_dir, tmp_path
):
    assert not window.exports.export_to(unwritable_dir / "x.png")
    assert window.error_dialog is not None and window.error_dialog.isVisible()
    assert "cannot write" in window.error_dialog.text()
    window.error_dialog.close()
    existing = tmp_path / "old.pdf"
    existing.write_bytes(b"old")
    assert not window.exports.export_to(tmp_path / "missing-folder" / "x.pdf")
    assert existing.read_bytes() == b"old"


def test_export_dialog_follows_format_and_path(qtbot, tmp_path):
    dialog = ExportDialog(tmp_path / "relu.png", formats.formats_for(ComputeResult))
    qtbot.addWidget(dialog)
    assert dialog.suffix() == ".png" and dialog.png_width.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData(".svg"))
    assert dialog.chosen_path() == tmp_path / "relu.svg"
    assert not dialog.png_width.isEnabled() and dialog.options() == {}
    dialog.dark.setChecked(True)
    assert dialog.options() == {"theme": "dark"}  # an SVG can be dark too
    dialog.dark.setChecked(False)
    dialog.path.setText(str(tmp_path / "fig.pdf"))
    dialog._path_edited(dialog.path.text())
    assert dialog.suffix() == ".pdf"
    dialog.format.setCurrentIndex(dialog.format.findData(".png"))
    dialog.png_width.setValue(3000)
    dialog.transparent.setChecked(True)
    assert dialog.options() == {"width": 3000, "transparent": True}


def test_the_proposed_name_holds_the_view_so_tabs_do_not_replace_each_others_files(qtbot, window, tmp_path):
    window.settings.qsettings.setValue("export/folder", str(tmp_path))
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.set_state(replace(window.state, activation="relu", view="curve"))
    assert window.exports.default_path(window.current_view().last_result) == tmp_path / "relu-curve.png"
    with qtbot.waitSignal(window.result_shown, timeout=60_000):
        window.set_state(replace(window.state, view="stack"))
    assert window.exports.default_path(window.current_view().last_result) == tmp_path / "relu-stack.png"


def test_a_typed_name_of_an_existing_file_is_replaced_only_when_the_user_agrees(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    existing = tmp_path / "relu-curve.png"
    existing.write_bytes(b"old")
    asked: list[str] = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply

        return question

    dialog = ExportDialog(existing, formats.formats_for(ComputeResult))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.accept()
    assert dialog.result() != ExportDialog.DialogCode.Accepted and asked == [
        "relu-curve.png already exists. Do you want to replace it?"
    ]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.accept()
    assert dialog.result() == ExportDialog.DialogCode.Accepted and len(asked) == 2
    fresh = ExportDialog(tmp_path / "new.png", formats.formats_for(ComputeResult))
    qtbot.addWidget(fresh)
    fresh.accept()  # nothing to replace: nothing asked
    assert fresh.result() == ExportDialog.DialogCode.Accepted and len(asked) == 2


def test_copy_image_puts_the_figure_on_the_clipboard(qtbot, window):
    QApplication.clipboard().clear()
    window.copy_action.trigger()
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.width() == DEFAULT_WIDTH
