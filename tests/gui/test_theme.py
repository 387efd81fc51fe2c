"""Light and dark: the window's colours read back from its pixels, the saved choice, the system's
scheme followed, and exports that stay light unless asked."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from actviewer.gui import theme
from actviewer.gui.app import open_window

# The colours as a user would name them, not read from the code under test.
DARK_GREY_MAX = 60
"""A dark background: every channel below this (of 255)."""
LIGHT_MIN = 235
"""A light background: every channel above this."""
CURVE_BLUE = (0x1F, 0x77, 0xB4)  # matplotlib's first colour, the output curve's


@pytest.fixture(autouse=True)
def light_afterwards(qapp):
    yield
    theme.apply("light")


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * height)
    return data.reshape(height, image.bytesPerLine())[:, : width * 3].reshape(height, width, 3).copy()


def shown_window(qtbot, settings_store, **kwargs):
    window = open_window(settings_store, language="en", **kwargs)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.result_shown, timeout=30_000):
        window.show()
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=30_000)
    return window


def plot_pixels(window) -> np.ndarray:
    plots = window.views["curve"].plots
    return pixels(plots.view.grab().toImage())


def test_the_dark_theme_draws_light_ink_on_a_dark_plot(qtbot, settings_store):
    window = shown_window(qtbot, settings_store, theme_choice="dark")
    image = plot_pixels(window)
    corner = image[2, 2].astype(int)
    assert corner.max() < DARK_GREY_MAX, f"the plot's background is {corner}, not dark"
    # Axis labels and tick numbers: light pixels, which a light theme would not have on a plot.
    bright = (image.min(axis=2) > 180).mean()
    assert bright > 0.002, "no light text on the dark plot"
    # The curve keeps its colour: some pixels are close to its blue.
    distance = np.abs(image.astype(int) - np.array(CURVE_BLUE)).sum(axis=2)
    assert (distance < 40).sum() > 200
    # The widgets around the plots are dark too (the side panel's background).
    side = pixels(window.sidebar.grab().toImage())
    assert np.median(side.reshape(-1, 3), axis=0).max() < 90
    window.close()


def test_the_light_theme_is_light(qtbot, settings_store):
    window = shown_window(qtbot, settings_store, theme_choice="light")
    corner = plot_pixels(window)[2, 2].astype(int)
    assert corner.min() > LIGHT_MIN
    window.close()


def test_view_theme_saves_the_choice_and_rebuilds_the_window_in_it(qtbot, settings_store):
    window = shown_window(qtbot, settings_store)
    assert window.theme_actions["system"].isChecked()
    window.theme_actions["dark"].trigger()
    new = window.replaced_by
    assert new is not None, "choosing Dark on a light window rebuilds it"
    qtbot.addWidget(new)
    with qtbot.waitSignal(new.result_shown, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: not new.controller.busy, timeout=30_000)
    assert settings_store.qsettings.value(theme.SETTING) == "dark"
    assert new.theme_actions["dark"].isChecked()
    assert plot_pixels(new)[2, 2].max() < DARK_GREY_MAX
    assert new.state == window.state
    # Choosing what is already shown saves it and keeps the window.
    new.theme_actions["dark"].trigger()
    assert new.replaced_by is None
    new.close()


def test_system_follows_the_desktop_when_it_turns_dark(qtbot, settings_store, monkeypatch):
    window = shown_window(qtbot, settings_store)
    assert plot_pixels(window)[2, 2].min() > LIGHT_MIN
    monkeypatch.setattr(theme, "system_theme", lambda: "dark")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    new = window.replaced_by
    assert new is not None
    qtbot.addWidget(new)
    with qtbot.waitSignal(new.result_shown, timeout=30_000):
        pass
    assert QColor(new.palette().color(new.backgroundRole())).lightness() < 80
    new.close()


def test_a_saved_light_choice_ignores_the_desktop(qtbot, settings_store, monkeypatch):
    settings_store.qsettings.setValue(theme.SETTING, "light")
    window = shown_window(qtbot, settings_store)
    monkeypatch.setattr(theme, "system_theme", lambda: "dark")
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.replaced_by is None
    window.close()


def test_a_garbage_stored_theme_follows_the_system(settings_store):
    assert theme.stored_choice("purple") == "system"
    assert theme.stored_choice(None) == "system"
    assert theme.resolve("purple") == theme.system_theme()


def test_exports_from_a_dark_window_stay_light_unless_asked(qtbot, settings_store, tmp_path):
    window = shown_window(qtbot, settings_store, theme_choice="dark")
    light, dark = tmp_path / "light.png", tmp_path / "dark.png"
    assert window.exports.export_to(light, width=800)
    assert window.exports.export_to(dark, width=800, theme="dark")
    light_px, dark_px = pixels(QImage(str(light))), pixels(QImage(str(dark)))
    assert light_px[3, 3].min() > LIGHT_MIN
    assert dark_px[3, 3].max() < DARK_GREY_MAX
    # The dark figure's title is light ink: its brightest pixels are near white.
    assert dark_px[: dark_px.shape[0] // 10].min(axis=2).max() > 200
    # And the window kept its own colours after exporting.
    assert plot_pixels(window)[2, 2].max() < DARK_GREY_MAX
    window.close()


def test_the_command_line_writes_a_dark_figure_when_asked(tmp_path):
    out = tmp_path / "relu.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "actviewer",
            "export",
            "relu",
            "--theme",
            "dark",
            "--width",
            "640",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage as Image

    assert pixels(Image(str(out)))[3, 3].max() < DARK_GREY_MAX
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "actviewer",
            "export",
            "relu",
            "--theme",
            "dark",
            "-o",
            str(tmp_path / "a.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "--theme applies to" in bad.stderr and "Traceback" not in bad.stderr
