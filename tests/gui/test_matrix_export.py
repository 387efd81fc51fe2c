"""Export from the 2-D tab writes the heatmaps on screen, and the same JSON as the CLI."""

from __future__ import annotations

import json

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from actviewer.core.matrix import MatrixResult
from actviewer.gui.views.matrix import MatrixView

from ..cli.test_cli import actviewer

WIDTH = 960  # the figure's logical width: one scene unit is one pixel


def cell_centres(result: MatrixResult) -> dict[str, list[tuple[float, QPointF]]]:
    """Where each heatmap cell lands in a WIDTH-wide rendering, with the value it shows.

    The point is above the centre, clear of the value written in the middle of the cell."""
    canvas = MatrixView.figure(result)
    canvas.show()  # lays the figure out as an export does before painting (FigureCanvas.render_to)
    for _ in range(5):
        QApplication.processEvents()
    maps = canvas.maps
    out = {}
    for name, heat, data in (
        ("input", maps.input, result.input),
        ("output", maps.output, result.output),
        ("jacobian", maps.jacobian, result.jacobian),
    ):
        out[name] = [
            (
                float(data[r, c]),
                heat.plot.vb.mapViewToScene(QPointF(c + 0.5, r + 0.15)),
                heat.colour_of(data[r, c]),
            )
            for r in range(data.shape[0])
            for c in range(data.shape[1])
        ]
    canvas.close()
    return out


def test_file_export_from_the_2d_tab_writes_the_heatmaps_on_screen(qtbot, matrix_window, tmp_path):
    window = matrix_window
    assert window.export_action.isEnabled()
    path = tmp_path / "shown.png"
    assert window.exports.export_to(path, width=WIDTH)
    image = QImage(str(path))
    assert image.width() == WIDTH
    result = window.views["matrix"].last_result
    for name, cells in cell_centres(result).items():
        for value, point, expected in cells:
            got = QColor(image.pixel(round(point.x()), round(point.y())))
            error = max(
                abs(got.red() - expected.red()),
                abs(got.green() - expected.green()),
                abs(got.blue() - expected.blue()),
            )
            assert error <= 6, (
                f"{name} cell holding {value:.4g}: {got.name()} on the figure, {expected.name()} expected"
            )


def test_the_heatmap_colours_differ_where_the_values_do(qapp):
    """The check above could pass on a one-colour figure; this shows the cells carry information."""
    from actviewer.core.matrix import MatrixRequest, compute_matrix

    result = compute_matrix(MatrixRequest("softmax", {"dim": 1, "temperature": 1.0}))
    colours = {expected.name() for _, _, expected in cell_centres(result)["input"]}
    assert len(colours) > 10


def test_2d_json_from_the_window_equals_the_cli(qtbot, matrix_window, tmp_path):
    window = matrix_window
    assert window.exports.export_to(tmp_path / "window.json")
    settings = window.views["matrix"].settings
    out = actviewer(
        "export",
        "softmax",
        "--param",
        "dim=1",
        "--rows",
        str(settings.rows),
        "--cols",
        str(settings.cols),
        "--seed",
        str(settings.seed),
        "--scale",
        repr(settings.scale),
        "-o",
        str(tmp_path / "cli.json"),
    )
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "window.json").read_text()) == json.loads(
        (tmp_path / "cli.json").read_text()
    )


def test_copy_image_in_the_2d_tab_copies_the_heatmap_figure(qtbot, matrix_window):
    window = matrix_window
    window.copy_action.trigger()
    copied = QApplication.clipboard().image()
    result = window.views["matrix"].last_result
    _, point, expected = cell_centres(result)["output"][0]
    scale = copied.width() / WIDTH
    got = QColor(copied.pixel(round(point.x() * scale), round(point.y() * scale)))
    assert abs(got.red() - expected.red()) <= 8 and abs(got.blue() - expected.blue()) <= 8


def test_stored_2d_settings_come_back_and_bad_ones_are_reported(qtbot, make_window, settings_store):
    settings_store.save_json("views/matrix", {"rows": 7, "cols": 3, "seed": 5, "scale": 1.5})
    window = make_window()
    assert (window.views["matrix"].settings.rows, window.views["matrix"].settings.cols) == (7, 3)
    window.close()
    settings_store.save_json("views/matrix", {"rows": 999, "cols": "many"})
    again = make_window()
    assert again.views["matrix"].settings.rows == 4  # the default
    assert "matrix" in again.status.notice.text() and "rows" in again.status.notice.text()
