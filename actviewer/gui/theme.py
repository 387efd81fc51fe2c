"""Light and dark: the desktop's colour scheme (or the user's choice) for the widgets and the plots.

The choice (View > Theme: System, Light, Dark) is saved; "System" follows
``QStyleHints.colorScheme()`` and its change signal. The widgets take a
palette of the same colours as the plots (``figures.style.Palette``), so a
plot never sits on a background of another shade. A change of theme rebuilds
the window, as a change of language does (``app.open_window``): every item
takes its colours when it is made, and a rebuilt window cannot keep one in the
old colours. Exported figures stay light unless asked (``--theme dark``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from .figures.style import DARK, LIGHT, PALETTES, Palette, set_colours

CHOICES = ("system", "light", "dark")
SETTING = "ui/theme"


def system_theme() -> str:
    """The desktop's colour scheme, "light" when it says none (most X11 desktops without a portal)."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def resolve(choice: object) -> str:
    """The theme a stored choice means here ("light" or "dark"); an unknown one follows the system."""
    return str(choice) if choice in PALETTES else system_theme()


def stored_choice(value: object) -> str:
    return str(value) if value in CHOICES else "system"


def _widget_palette(colours: Palette) -> QPalette:
    """Qt's palette in the plots' colours; the accent stays Qt's blue, readable on both."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    base = QColor(colours.background)
    window = QColor(colours.panel)
    text = QColor(colours.ink)
    for r, colour in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, window),
        (role.Text, text),
        (role.Button, window),
        (role.ButtonText, text),
        (role.ToolTipBase, window),
        (role.ToolTipText, text),
        (role.PlaceholderText, QColor(colours.muted)),
        (role.BrightText, QColor("#ffffff")),
        (role.Highlight, QColor("#3b82f6")),
        (role.HighlightedText, QColor("#ffffff")),
        (role.Link, QColor("#60a5fa")),
        (role.Light, window.lighter(150)),
        (role.Midlight, window.lighter(125)),
        (role.Mid, window.darker(120)),
        (role.Dark, window.darker(160)),
        (role.Shadow, QColor("#000000")),
    ):
        palette.setColor(r, colour)
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, r, QColor(colours.guide).darker(130))
    return palette


def apply(theme: str) -> Palette:
    """Colour the application's widgets and the plots made from now on in ``theme``."""
    colours = DARK if theme == "dark" else LIGHT
    app = QApplication.instance()
    if isinstance(app, QApplication):
        if colours is DARK and app.style().name().lower().startswith("windows"):
            app.setStyle("Fusion")  # the classic Windows styles draw with their own light colours
        app.setPalette(_widget_palette(colours) if colours is DARK else app.style().standardPalette())
    set_colours(colours)
    return colours
