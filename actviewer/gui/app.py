"""The QApplication, its identity (for QSettings), and the ``gui`` command's run loop."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ..core.errors import InputError
from ..resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

SCREENSHOT_TIMEOUT_MS = 120_000


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


_QT_NOISE = ("This plugin does not support propagateSizeHints()",)


def _quiet_known_qt_noise(mode: Any, context: Any, message: str) -> None:
    """Drop the offscreen plugin's harmless warnings; print everything else as Qt would."""
    if not message.startswith(_QT_NOISE):
        sys.stderr.write(message + "\n")


def make_application() -> QApplication:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ..core.allocator import tune_allocator
    from .settings import APPLICATION, ORGANISATION

    tune_allocator()  # before Qt or the compute worker start threads (see core.allocator)
    qInstallMessageHandler(_quiet_known_qt_noise)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else "actviewer"])
    )
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("actviewer")
    app.setDesktopFileName("actviewer")  # the taskbar finds the menu entry and its icon by this name
    app.setWindowIcon(QIcon(str(resource_path("icons", "actviewer.svg"))))
    return app


def headless_application() -> Any:
    """A QApplication for rendering files: offscreen unless the user chose a platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return make_application()


_OPEN_WINDOWS: list[Any] = []


def open_window(
    settings: Any,
    overrides: Mapping[str, Any] | None = None,
    language: str | None = None,
    theme_choice: str | None = None,
    **kwargs: Any,
) -> Any:
    """A MainWindow in the chosen language and theme, wired so that View > Language and View > Theme
    rebuild it at once.

    Rebuilding (rather than retranslating widget by widget) guarantees that no
    label is left in the old language; state, geometry and docks carry over.
    """
    from PySide6.QtGui import QGuiApplication

    from . import theme
    from .i18n import choose_language, install_language
    from .main_window import MainWindow

    install_language(choose_language(language, settings.qsettings.value("ui/language")))
    # --theme: this window only; View > Theme saves the choice.
    shown_theme = theme.apply(theme.resolve(theme_choice or settings.qsettings.value(theme.SETTING))).name
    head_start = kwargs.pop("head_start", None)  # the first window's only: a rebuilt one has torch
    window = MainWindow(settings=settings, overrides=overrides, head_start=head_start, **kwargs)
    _OPEN_WINDOWS.append(window)

    def rebuild(code: str | None) -> None:
        window.save_settings()
        new = open_window(settings, None, language=code, **kwargs)
        new.restoreGeometry(window.saveGeometry())
        new.show()
        window.replaced_by = new
        window.close()

    def switch_language(code: str) -> None:
        settings.qsettings.setValue("ui/language", code)
        rebuild(code)

    def switch_theme(choice: str) -> None:
        settings.qsettings.setValue(theme.SETTING, choice)
        if theme.resolve(choice) != shown_theme:
            rebuild(language)

    def follow_system(*_: object) -> None:
        """The desktop turned dark (or light): a window that follows it is rebuilt in its colours."""
        if window not in _OPEN_WINDOWS or window.replaced_by is not None:
            return  # a window closed or replaced since
        if theme.stored_choice(settings.qsettings.value(theme.SETTING)) == "system":
            switch_theme("system")

    window.language_requested.connect(switch_language)
    window.theme_requested.connect(switch_theme)
    QGuiApplication.styleHints().colorSchemeChanged.connect(follow_system)
    window.destroyed.connect(lambda *_: _OPEN_WINDOWS.remove(window) if window in _OPEN_WINDOWS else None)
    return window


def save_screenshot(window: Any, path: str | os.PathLike[str]) -> Path:
    """A PNG of the whole window, written atomically."""
    from ..core.atomic import write_bytes_atomic
    from .figures.render import png_bytes

    if hasattr(window, "current_view"):
        window.current_view().finish_showing()  # a frame still being prepared is shown first
    return write_bytes_atomic(path, png_bytes(window.grab().toImage()))


def freeze_startup_heap(*_: object) -> None:
    """Put every object alive after start-up out of the garbage collector's reach (``gc.freeze``).

    Once PyTorch, pyqtgraph and the window are loaded ~345,000 objects are tracked,
    and a full collection walked them all: 257 ms here, on whichever thread happened
    to allocate, holding the GIL, so a GUI stall of that length at a random moment
    (one of 76 ms was seen while a deep stack computed). They live as long as the app;
    frozen, a full collection only visits what was made since. Called once, when the
    first result is shown (PyTorch imported, the first frame drawn); no collection
    first, which would be that same pause at start-up.
    """
    gc.freeze()


def _leave_without_waiting(code: int) -> NoReturn:
    """Quit means gone: end the process as soon as the window has closed.

    Settings were saved (and synced) before the window closed, an export in
    flight was cancelled, and a computation still running is simply dropped.
    What is left is the interpreter tearing down torch, Qt and their threads,
    0.7 s with the CPU build of torch and seconds with a CUDA build, which no
    user should wait for.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run(
    screenshot: str | None,
    overrides: Mapping[str, Any],
    lang: str | None = None,
    lesson: tuple[str, int | None] | None = None,
    session: str | None = None,
    theme: str | None = None,
) -> int:
    if screenshot is not None and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    if not _has_display():
        raise InputError(
            "no display found (DISPLAY is not set); run it on a desktop, or use "
            "'actviewer gui --screenshot FILE.png' or 'actviewer export' without one"
        )
    from ..core.head_start import HeadStart

    # Before Qt is imported: the child loads torch on the other core while this process builds
    # the window, and computes the first curve (see core.head_start).
    head_start = HeadStart.launch()
    try:
        app, window = _start(overrides, lang, lesson, head_start, screenshot is not None, session, theme)
    except Exception as err:  # threads run now: returning would abort on a live QThread
        _leave_after_error(err)
    from PySide6.QtCore import QTimer

    if screenshot is None:
        code = app.exec()
        _leave_without_waiting(code)
        return code

    outcome: dict[str, Any] = {"code": 1}

    def shoot(_: object = None) -> None:
        if window.controller.busy or not window.lessons.idle() or outcome.get("shot"):
            return  # a newer frame or the lesson's printed output is on its way, or done
        outcome["shot"] = True
        window.result_shown.disconnect(shoot_soon)
        window.learn_panel.browser.verticalScrollBar().setValue(0)
        try:
            save_screenshot(window, screenshot)
            outcome["code"] = 0
        except InputError as err:
            outcome["error"] = str(err)
            outcome["code"] = 2
        window.close()

    def shoot_soon(_: object) -> None:
        QTimer.singleShot(50, shoot)  # let the frame paint first

    def failed(message: str) -> None:
        # A newer request (e.g. the CPU after a stored device turned out missing) may still draw.
        # Otherwise the picture is the window saying what is wrong (a stored stack too big for this
        # machine): taken, with the message on stderr, rather than no picture at all.
        if window.current_view().last_result is None and not window.controller.busy:
            outcome["warning"] = message
            QTimer.singleShot(50, shoot)  # the error banner paints first

    def timed_out() -> None:
        outcome.setdefault("error", "timed out waiting for the first curve")
        window.close()

    window.result_shown.connect(shoot_soon)
    window.lessons.panel.example_shown.connect(lambda: shoot_soon(None))
    window.error_shown.connect(failed)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, timed_out)
    app.exec()
    from .worker import abandoned_work

    if "warning" in outcome and "error" not in outcome:
        print(f"actviewer gui: warning: the window shows an error: {outcome['warning']}", file=sys.stderr)
    if abandoned_work():  # the worker still warming up or computing: never destroy a running thread
        if "error" in outcome:
            print(f"actviewer gui: error: {outcome['error']}", file=sys.stderr)
        _leave_without_waiting(outcome["code"])
    if "error" in outcome:
        raise InputError(outcome["error"]) if outcome["code"] == 2 else RuntimeError(outcome["error"])
    return outcome["code"]


def _start(
    overrides: Mapping[str, Any],
    lang: str | None,
    lesson: tuple[str, int | None] | None,
    head_start: Any,
    screenshot: bool,
    session: str | None = None,
    theme: str | None = None,
) -> tuple[Any, Any]:
    """The application and its first window, shown (threads are running from here on)."""
    from PySide6.QtCore import Qt

    from .main_window import DEFAULT_SIZE
    from .settings import SettingsStore

    app = make_application()
    settings = SettingsStore()
    # Closing waits for no computation: the process ends after the run loop (at once, or once the
    # screenshot is written), and a window replaced by View > Language leaves its job to finish alone.
    window = open_window(
        settings, overrides, language=lang, close_wait_s=0.0, head_start=head_start, theme_choice=theme
    )
    if screenshot:
        window.resize(*DEFAULT_SIZE)  # the same picture whatever geometry was saved
    window.show()
    window.result_shown.connect(freeze_startup_heap, Qt.ConnectionType.SingleShotConnection)
    # The first curve may come from the head start before this process has torch: freeze again then.
    window.controller.devices_found.connect(freeze_startup_heap, Qt.ConnectionType.SingleShotConnection)
    if lesson is not None and not window.lessons.open(*lesson):
        raise InputError(f"cannot open the lesson {lesson[0]!r}")
    if session is not None:
        window.sessions.open_from(session)
    return app, window


def _leave_after_error(err: Exception) -> NoReturn:
    """Say what went wrong in one line, as ``cli.main`` would, and end the process at once: the
    head start, the worker or Qt's own threads may be running, and an interpreter shutting down
    around a running QThread aborts ("QThread: Destroyed while thread is still running")."""
    if isinstance(err, InputError):
        print(f"actviewer gui: error: {err}", file=sys.stderr)
        _leave_without_waiting(2)
    if os.environ.get("ACTVIEWER_DEBUG"):
        import traceback

        traceback.print_exception(err)
    print(
        f"actviewer gui: internal error: {type(err).__name__}: {err} "
        "(set ACTVIEWER_DEBUG=1 for the traceback and please report it)",
        file=sys.stderr,
    )
    _leave_without_waiting(1)
