"""The user-interface language: Qt translators for the window's own strings.

Window texts go through ``self.tr`` and ``resources/translations/*.ts``
(compiled to ``.qm`` with ``pyside6-lrelease``); texts about activations come
from :mod:`actviewer.core.texts`. The language is, in order: ``--lang``, the
saved choice, the system locale.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ..core.texts import DEFAULT_LANGUAGE, LANGUAGES
from ..resources import resource_path

_state: dict[str, object] = {"language": DEFAULT_LANGUAGE, "translator": None}


def current_language() -> str:
    return str(_state["language"])


def system_language() -> str:
    name = QLocale.system().name().split("_")[0]
    return name if name in LANGUAGES else DEFAULT_LANGUAGE


def choose_language(requested: str | None, saved: object) -> str:
    if requested in LANGUAGES:
        return str(requested)
    if isinstance(saved, str) and saved in LANGUAGES:
        return saved
    return system_language()


TRANSLATION_FILES = ("actviewer", "qt")
"""Per language: our own strings, and Qt's dialogs and pyqtgraph's menus (``qt_<lang>.ts``)."""


def install_language(language: str) -> str:
    """Load ``language``'s translations into the application (English needs none)."""
    app = QCoreApplication.instance()
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    old = _state["translator"]
    if isinstance(old, list) and app is not None:
        for translator in old:
            app.removeTranslator(translator)
    _state["translator"] = None
    if language != DEFAULT_LANGUAGE and app is not None:
        installed = []
        for name in TRANSLATION_FILES:
            translator = QTranslator(app)
            if translator.load(str(resource_path("translations", f"{name}_{language}.qm"))):
                app.installTranslator(translator)
                installed.append(translator)
        _state["translator"] = installed
    _state["language"] = language
    return language
