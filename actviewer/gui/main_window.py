"""The host window: the panels, the tabs, the menus and the status bar, and the state flow between them.

It names no view and does no maths. Every edit derives a new
:class:`ExplorerState`; the view on screen turns it into a request for the
worker; each result goes back to the view whose request type it answers
(:class:`~.view_host.ViewHost`). Export, the custom-activation library and the
lesson are controllers of their own; the actions are declared in :mod:`.actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QSplitter, QTabWidget

from .. import __version__
from ..core import features
from ..core.devices import DeviceInfo, choose_device
from ..core.errors import InputError
from ..core.head_start import HeadStart
from ..core.lesson import DEFAULT_LESSON
from ..core.request import check_domain
from ..core.state import ExplorerState
from ..core.texts import LANGUAGES, Texts
from . import collector, theme
from .actions import add_language_menu, add_theme_menu, build_actions, show_about, window_actions
from .custom_library import CustomLibrary
from .dialogs import open_message
from .export_controller import ExportController
from .i18n import current_language
from .learn_controller import LearnController
from .lesson_controller import LessonController
from .messages import user_message
from .panels.sidebar import Sidebar
from .session_controller import SessionController
from .settings import SettingsStore
from .status import StatusLine, ViewArea
from .view_host import ViewHost
from .views.base import View
from .worker import ComputeController, ComputeFn

DEFAULT_SIZE = (1440, 860)
SAVE_DELAY_MS = 1000
"""Settings are written this long after the last change: a killed process loses at most that much,
and a slider drag writes once when it pauses, not once per frame."""
QUIT_WAIT_S = 0.3
"""How long closing a window waits by default for a running job to end cleanly (an embedding
program, the tests); the ``gui`` command waits for nothing, since it ends the process right after."""
START_WORKER_ANYWAY_MS = 2000
"""The worker starts when the window first paints, or this long after it was built if it is not
shown (a window built for a test or a script still computes)."""


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    theme_requested = Signal(str)  # "system", "light" or "dark": the window is rebuilt in it
    result_shown = Signal(object)  # any view's result, after that view shows it
    error_shown = Signal(str)
    settings_saved = Signal()  # after the settings reached the disk
    replaced_by: MainWindow | None = None
    """The window that took over after a language or theme switch."""

    def __init__(
        self,
        settings: SettingsStore | None = None,
        overrides: Mapping[str, Any] | None = None,
        compute_fn: ComputeFn | None = None,
        devices_fn: Callable[[], list] | None = None,
        close_wait_s: float = QUIT_WAIT_S,
        head_start: HeadStart | None = None,
    ) -> None:
        """``head_start``: a child process already loading torch (``app.run`` starts one before Qt)."""
        super().__init__()
        collector.install(QApplication.instance())  # with a worker thread: collect on this one only
        self.close_wait_s = close_wait_s
        self.settings = settings if settings is not None else SettingsStore()
        self.setWindowTitle("actviewer")
        self.resize(*DEFAULT_SIZE)
        self.error_dialog: QMessageBox | None = None
        self.texts = Texts(current_language())
        self.library = CustomLibrary(self, self)  # before the state, which may name one of its entries
        problems = [f"custom activations: {p}" for p in self.library.left_out]
        # Views built during construction add their settings problems here (later ones say their own).
        self._startup_problems: list[str] | None = problems
        self.sidebar = Sidebar(self.texts)
        self.picker, self.param_panel = self.sidebar.picker, self.sidebar.param_panel
        self.domain_panel, self.param_group = self.sidebar.domain_panel, self.sidebar.param_group
        self.tabs = QTabWidget()
        self._build_menus()
        self.views = self.host.views
        problems += features.load_problems  # known once the tabs were made from the features
        stored = self.host.available(self.settings.load_state(), problems)
        self._state = self.host.normalised(stored.overridden(overrides or {}))
        problems[:0] = self.settings.take_problems()  # what the store itself could not read, first
        self._submitted: ExplorerState | None = None
        self._last_request: object = None
        self._build_layout()
        self.status = StatusLine(self.statusBar())
        self.exports = ExportController(self, self)
        self.lessons = LessonController(self, self.learn_dock, self.texts.language, self.settings)
        self.lessons.step_chosen.connect(self._show_lesson_step)
        self.lessons.failed.connect(self.show_error_dialog)
        self.library.changed.connect(self._show_custom)

        # Settings are saved SAVE_DELAY_MS after the last of a burst of changes (each restarts the
        # timer), not only at a clean exit: a crash keeps the session.
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_settings)
        self.splitter.splitterMoved.connect(lambda *_: self._save_timer.start())

        # The worker starts loading torch once the window has painted (see _start_worker).
        self.controller = ComputeController(
            compute_fn, devices_fn, parent=self, start=False, head_start=head_start
        )
        self.installEventFilter(self)
        QTimer.singleShot(START_WORKER_ANYWAY_MS, self, self._start_worker)  # a window never shown
        self.controller.result_ready.connect(self._on_result)
        self.controller.failed.connect(self._on_failed)
        self.controller.busy_changed.connect(self.status.set_busy)
        self.controller.progress.connect(self.loading.show_progress)
        self.controller.devices_found.connect(self._on_devices)

        self.picker.activation_selected.connect(self._on_activation)
        self.param_panel.params_changed.connect(lambda values: self._update(self._state.with_params(values)))
        self.param_panel.dragging.connect(lambda hold: self.current_view().hold_ranges(hold))
        self.domain_panel.domain_changed.connect(lambda values: self._update(replace(self._state, **values)))
        self.tabs.currentChanged.connect(self._on_tab)
        problems += self.settings.restore_layout(self, self.splitter, self._default_split)
        self._show_state(self._state)
        self._submit()
        self._startup_problems = None
        self._announce_reset(problems)

    # --- construction -------------------------------------------------------

    def _say(self, text: str) -> None:
        self.status.announce(text)

    def _announce_reset(self, problems: list[str]) -> None:
        """One status-bar line for stored settings that fell back to their defaults (if any)."""
        if problems:
            self.status.announce(
                self.tr("Some stored settings were reset to their defaults: %s") % "; ".join(problems)
            )

    def _adopt_view(self, view: View) -> None:
        """A view just built gets its stored settings and connections (the host gives it its tab
        page and actions)."""
        stored = self.settings.load_json(f"views/{view.id}")
        problems = self.settings.take_problems()  # its JSON unreadable
        problems += [f"{view.id}: {p}" for p in view.restore_state(stored)]
        if self._startup_problems is not None:
            self._startup_problems += problems
        else:
            self._announce_reset(problems)
        view.request_changed.connect(self._on_view_request_changed)
        view.notice.connect(self._say)
        view.host_state = lambda: self._state

    def _build_layout(self) -> None:
        right = ViewArea(self.tabs)
        self.error_banner, self.loading = right.error_banner, right.loading
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        width = self.sidebar.needed_width
        self._default_split = [width, DEFAULT_SIZE[0] - width]
        self.splitter.setSizes(self._default_split)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.learn = LearnController(self, self.texts, lambda: (self._state, self.current_view()))
        self.learn_panel, self.learn_dock = self.learn.panel, self.learn.dock
        self.view_menu.insertAction(self._language_menu.menuAction(), self.learn.toggle)
        self.view_menu.insertSeparator(self._language_menu.menuAction())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        menus = {"file": bar.addMenu(self.tr("&File")), "view": bar.addMenu(self.tr("&View"))}
        self.sessions = SessionController(self, menus["file"])
        self.library.build_menu(bar)
        menus["help"] = bar.addMenu(self.tr("&Help"))
        self.view_menu = menus["view"]
        self.toolbar = self.addToolBar(self.tr("Main"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        slots: dict[str, Callable[[], object]] = {
            "export": lambda: self.exports.open_dialog(),
            "copy": lambda: self.exports.copy_image(),
            "quit": self.close,
            "reset_view": self.reset_view,
            "find": self.picker.focus_filter,
            "lesson": lambda: self.lessons.open(DEFAULT_LESSON),
            "about": lambda: show_about(self, __version__),
        }
        specs = window_actions()
        made = build_actions([s for s in specs if not s.after_views], menus, self.toolbar, slots, self)
        self.host = ViewHost(self.tabs, self.view_menu, self.toolbar, self._adopt_view, self._say)
        made |= build_actions([s for s in specs if s.after_views], menus, self.toolbar, slots, self)
        self.export_action, self.copy_action = made["export"], made["copy"]
        self.reset_view_action = made["reset_view"]
        self._language_menu, self.language_actions = add_language_menu(
            self.view_menu, self.texts.language, LANGUAGES, self._request_language
        )
        choice = theme.stored_choice(self.settings.qsettings.value(theme.SETTING))
        self.theme_actions = add_theme_menu(self.view_menu, choice, self.theme_requested.emit)

    def _request_language(self, code: str) -> None:
        if code != self.texts.language:
            self.language_requested.emit(code)

    # --- what the controllers ask of the window --------------------------------

    def current_activation(self) -> str:
        return self._state.activation

    def current_result(self) -> Any:
        return self.current_view().exported_result()

    def current_view_id(self) -> str:
        return self.current_view().id

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_info(self, title: str, text: str) -> None:
        self.info_dialog = open_message(self, QMessageBox.Icon.Information, title, text)

    def show_error_dialog(self, title: str, message: str) -> None:
        self.error_dialog = open_message(self, QMessageBox.Icon.Critical, title, message)

    def _show_lesson_step(self, activation: str, view: str, params: Mapping[str, Any]) -> None:
        state = replace(self._state, activation=activation, view=view)
        self.set_state(state.with_params({**state.current_params(), **params}))

    def _show_custom(self, activation_id: str, forget: tuple[str, ...]) -> None:
        """Show ``activation_id`` after the custom activations changed; stale values of ``forget`` are dropped."""
        params = {k: v for k, v in self._state.params.items() if k not in forget}
        self.picker.rebuild(activation_id)
        self.set_state(replace(self._state, activation=activation_id, params=params))

    # --- state --------------------------------------------------------------

    @property
    def state(self) -> ExplorerState:
        return self._state

    def tab_index(self, view_id: str) -> int:
        return self.host.tab_index(view_id)

    def current_view(self) -> View:
        """The view on screen: the chosen one if it can show the activation, else the first that can."""
        return self.views[self.host.shown_view_id(self._state)]

    def set_state(self, state: ExplorerState) -> None:
        """Show ``state`` in every widget and compute it (programmatic edits, tests)."""
        self._state = self.host.normalised(state)
        self._show_state(self._state)
        self._submit()

    def _show_state(self, state: ExplorerState) -> None:
        self.picker.select(state.activation)
        self._show_activation(state)
        self.domain_panel.set_state(state)

    def _show_activation(self, state: ExplorerState) -> None:
        """Parameter controls within the shown view's limits, and the tabs that can show it."""
        view = self.host.show(state)
        self.param_panel.set_activation(
            state.spec, state.current_params(), view.param_limits(state.spec), view.unused_params(state.spec)
        )
        self.param_group.setTitle(self.tr("Parameters of %s") % self.texts.activation(state.spec).name)
        self._update_export_actions()
        self.library.show_activation(state.spec)

    def _on_tab(self, index: int) -> None:
        self._state = self.host.normalised(replace(self._state, view=self.host.view_id_at(index)))
        self._show_activation(self._state)
        self._submit()

    def _update(self, state: ExplorerState) -> None:
        state = self.host.normalised(state)
        if state != self._state:
            self._state = state
            self._submit()

    def _on_activation(self, activation_id: str) -> None:
        state = self.host.normalised(replace(self._state, activation=activation_id))
        self._show_activation(state)
        self._update(state)

    def _on_view_request_changed(self) -> None:
        self._save_timer.start()  # a view's own settings (the 2-D shape, say) may have changed
        if self.sender() is self.current_view():
            self.learn.timer.start()  # the view's own settings may change its code
            self._submit()

    def reset_view(self) -> None:
        self.current_view().reset_view()

    def _submit(self) -> None:
        state = self._state
        view = self.current_view()
        view.set_state(state)
        if state != self._submitted:
            if self._submitted is not None:  # not the state just restored at start-up
                self._save_timer.start()
            self._submitted = state
            self.learn.state_changed(state)
        try:
            check_domain(state.x_min, state.x_max)  # the home range, even when a view shows less
            request = view.build_request(state).validated()
        except InputError as err:
            self._last_request = None
            self._on_failed(err)
            return
        if request == self._last_request:
            return
        self._last_request = request
        self.status.frame.setText("")  # not the statistics of the tab shown before
        self.controller.submit(request, kept=view.last_result)

    # --- results ------------------------------------------------------------

    def _on_result(self, result: Any) -> None:
        self.loading.hide()
        view = self.host.view_for(result)
        if view is None:
            return
        view.show_result(result)
        if view is self.current_view():
            self.error_banner.setVisible(False)
            self.status.frame.setText(view.status_text(result))
            self.status.device.setText(f" {self.domain_panel.device.currentText()} · {self._state.dtype} ")
            self.learn.show_result(result)
        self._update_export_actions()
        self.result_shown.emit(result)

    def _update_export_actions(self) -> None:
        has = self.current_view().last_result is not None
        self.export_action.setEnabled(has)
        self.copy_action.setEnabled(has)

    def _on_failed(self, error: Exception) -> None:
        self.loading.hide()
        if isinstance(error, InputError):
            message = user_message(error)
        else:  # not the user's doing: a failing device, a missing library, a bug
            message = self.tr("The computation failed: %s") % f"{type(error).__name__}: {error}"
        self.error_banner.show_error(message)
        self.error_shown.emit(message)

    def _start_worker(self) -> None:
        self.removeEventFilter(self)
        self.controller.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            # After this paint, not during it: the window is on screen before torch starts loading.
            QTimer.singleShot(0, self, self._start_worker)
        return super().eventFilter(watched, event)

    def _on_devices(self, devices: list[DeviceInfo]) -> None:
        self.loading.hide()  # PyTorch answered: the plots speak for themselves now
        self.domain_panel.set_devices(devices)
        self.host.set_devices([d.id for d in devices])
        wanted = choose_device(self._state.device, [d.id for d in devices])
        if wanted is None:
            self._say(self.tr("Device %s is not available here; using the CPU.") % self._state.device)
            wanted = "cpu"
        self.domain_panel.set_state(replace(self._state, device=wanted))
        self._update(replace(self._state, device=wanted))

    # --- persistence and shutdown --------------------------------------------

    def save_settings(self) -> None:
        self._save_timer.stop()  # what it would have saved is saved now
        self.settings.save_state(self._state)
        for view in self.views.built():  # a view never built keeps what is stored
            self.settings.save_json(f"views/{view.id}", view.save_state())
        self.settings.save_layout(self, self.splitter)
        self.settings.sync()
        self.settings_saved.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save, then leave: work in flight is waited for at most ``close_wait_s`` (0 in ``gui``), then
        abandoned; an export being written is cancelled, with QUIT_WAIT_S to remove its temporary."""
        self.save_settings()
        self.hide()
        self.exports.cancel(QUIT_WAIT_S)  # first: an animation's frames are rendered by a timer
        for timer in self.findChildren(QTimer):  # a closed window does no more work (Learn, saving, notices)
            timer.stop()
        self.controller.shutdown(self.close_wait_s)
        self.lessons.shutdown(self.close_wait_s)
        super().closeEvent(event)
