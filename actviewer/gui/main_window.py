"""The host window: the panels, a tab per registered view, the menus and the status bar.

It names no view. Every edit derives a new :class:`ExplorerState`; the view
on screen turns it into a request for the worker; each result goes back to
the view whose request type it answers. Export, Copy Image and Reset View act
on the view on screen. No maths here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, formats
from ..core import catalog, custom, features
from ..core.atomic import Cancelled, check_writable
from ..core.devices import DeviceInfo
from ..core.errors import InputError
from ..core.head_start import HeadStart
from ..core.lesson import DEFAULT_LESSON, Lesson, load_lesson
from ..core.request import check_domain
from ..core.state import DEFAULT_ACTIVATION, ExplorerState
from ..core.texts import LANGUAGES, Texts
from . import collector
from .export_job import ExportJob
from .i18n import current_language
from .lazy_views import LazyViews
from .messages import user_message
from .panels.domain import DomainPanel
from .panels.learn import LearnPanel
from .panels.lesson import LessonPanel
from .panels.params import ParamPanel
from .panels.picker import ActivationPicker
from .settings import SettingsStore
from .views import registry
from .views.base import View
from .worker import ComputeController, ComputeFn

DEFAULT_SIZE = (1440, 860)
LEARN_INTERVAL_MS = 150
"""Re-laying out the Learn page costs ~3-5 ms: during a drag it follows once the drag pauses."""
BUSY_INDICATOR_DELAY_MS = 250
"""Work shorter than this shows no busy label: flashing it every frame costs a relayout."""
BACKGROUND_EXPORT_BYTES = 20_000_000
"""Data files expected to be larger are written off the GUI thread, with progress and Cancel."""
PROBLEMS_SHOWN_MS = 20_000
SAVE_DELAY_MS = 1000
"""Settings are written this long after the last change: a killed process loses at most that much,
and a slider drag writes once when it pauses, not once per frame."""
QUIT_WAIT_S = 0.3
"""How long closing a window waits by default for a running job to end cleanly (an embedding
program, the tests); the ``gui`` command waits for nothing, since it ends the process right after."""
START_WORKER_ANYWAY_MS = 2000
"""The worker starts when the window first paints, or this long after it was built if it is not
shown (a window built for a test or a script still computes)."""
MIN_PANE = 40
"""A splitter pane narrower than this (px) counts as hidden."""
ERROR_STYLE = (
    "QLabel { background: #fef2f2; color: #991b1b; border: 1px solid #fca5a5;"
    " border-radius: 4px; padding: 6px; }"
)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size / 1e3:,.0f} kB"


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    result_shown = Signal(object)  # any view's result, after that view shows it
    error_shown = Signal(str)
    export_finished = Signal(str)  # the path written
    export_failed = Signal(str)  # why ("cancelled" when the user cancelled)
    settings_saved = Signal()  # after the settings reached the disk
    export_job: ExportJob | None = None
    replaced_by: MainWindow | None = None
    """The window that took over after a language switch."""

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
        self.views = LazyViews(registry.views(), self._adopt_view)
        self._by_request: dict[type, str] = {c.request_type: i for i, c in self.views.classes.items()}
        problems: list[str] = []
        # Settings problems of the views built during construction join the start-up notice;
        # a view built later reports its own when it is first shown (see _adopt_view).
        self._startup_problems: list[str] | None = problems
        self.library_path = custom.library_path()
        self.custom_entries, left_out = custom.read_library(self.library_path)
        custom.install(self.custom_entries)  # before the state, which may name one of them
        problems += [f"custom activations: {p}" for p in left_out]
        state = self._initial_state(overrides or {}, problems)
        problems[:0] = self.settings.problems  # what the store itself could not read, first
        problems += features.load_problems
        self._state = self._normalised(state)
        self._submitted: ExplorerState | None = None
        self._last_request: object = None

        self.texts = Texts(current_language())
        self.picker = ActivationPicker(self.texts)
        self.param_panel = ParamPanel(self.texts)
        self.learn_panel = LearnPanel(self.texts)
        self.domain_panel = DomainPanel()
        self.error_banner = QLabel()
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(ERROR_STYLE)
        self.error_banner.setAccessibleName(self.tr("Error message"))
        self.error_banner.setVisible(False)
        self._build_layout()
        self._build_status_bar()
        self._build_menus()

        # Settings are saved on change (debounced), not only at a clean exit: a crash keeps the session.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_settings)
        self.splitter.splitterMoved.connect(lambda *_: self._save_soon())

        # The worker starts loading torch once the window has painted (see _start_worker).
        self.controller = ComputeController(
            compute_fn, devices_fn, parent=self, start=False, head_start=head_start
        )
        self.installEventFilter(self)
        QTimer.singleShot(START_WORKER_ANYWAY_MS, self, self._start_worker)  # a window never shown
        self.controller.result_ready.connect(self._on_result)
        self.controller.failed.connect(self._on_failed)
        self.controller.busy_changed.connect(self._on_busy)
        self.controller.devices_found.connect(self._on_devices)

        self.picker.activation_selected.connect(self._on_activation)
        self.param_panel.params_changed.connect(self._on_params)
        self.param_panel.dragging.connect(lambda hold: self.current_view().hold_ranges(hold))
        self.domain_panel.domain_changed.connect(self._on_domain)
        self.tabs.currentChanged.connect(self._on_tab)
        self._global_actions = self._make_global_actions()

        self._learn_timer = QTimer(self)
        self._learn_timer.setSingleShot(True)
        self._learn_timer.setInterval(LEARN_INTERVAL_MS)
        self._learn_timer.timeout.connect(self._update_learn)
        problems += self._restore_layout()
        self._show_state(self._state)
        self._submit()
        self._startup_problems = None
        self._announce_reset(problems)

    # --- construction -------------------------------------------------------

    def _announce_reset(self, problems: list[str]) -> None:
        """One status-bar line for stored settings that fell back to their defaults (if any)."""
        if problems:
            self._announce(
                self.tr("Some stored settings were reset to their defaults: %s") % "; ".join(problems)
            )

    def _adopt_view(self, view: View) -> None:
        """Give a view just built its stored settings, tab page, menu and toolbar actions and
        connections (:class:`LazyViews` calls this once per view)."""
        stored = self.settings.load_json(f"views/{view.id}")
        problems = self.settings.take_problems()  # its JSON unreadable
        problems += [f"{view.id}: {p}" for p in view.restore_state(stored)]
        if self._startup_problems is not None:
            self._startup_problems += problems
        else:
            self._announce_reset(problems)
        self._pages[view.id].setWidget(view)
        before = self._view_actions_end  # in tab order, whichever views were built first
        ids = list(self.views)
        for later in ids[ids.index(view.id) + 1 :]:
            built = self.views.if_built(later)
            if built is not None and built.actions():
                before = built.actions()[0]
                break
        for action in view.actions():
            action.setEnabled(False)  # until its tab is shown (_show_activation)
            self.view_menu.insertAction(before, action)
        view.adopt_global_actions(self._global_actions.get(view.id, {}))
        view.request_changed.connect(self._on_view_request_changed)
        view.notice.connect(self._announce)
        view.host_state = lambda: self._state

    def _make_global_actions(self) -> dict[str, dict[str, QAction]]:
        """The views' declared toolbar actions, before any view is built: each builds its view
        when first triggered. By view id, then by the slot each calls."""
        made: dict[str, dict[str, QAction]] = {}
        for view_id, cls in self.views.classes.items():
            for declared in cls.global_actions():
                action = QAction(declared.text, self)
                action.setShortcut(QKeySequence(declared.shortcut))
                action.setToolTip(declared.tooltip)
                action.setData((view_id, declared.slot))
                action.triggered.connect(self._on_global_action)
                self.view_menu.insertAction(self._global_actions_end, action)
                self.toolbar.addAction(action)
                made.setdefault(view_id, {})[declared.slot] = action
        return made

    @Slot()
    def _on_global_action(self) -> None:
        """A declared toolbar action: its view (built now if it was not) does what it names."""
        action = self.sender()
        assert isinstance(action, QAction)
        view_id, slot = action.data()
        getattr(self.views[view_id], slot)()

    def _initial_state(self, overrides: Mapping[str, Any], problems: list[str]) -> ExplorerState:
        state = self.settings.load_state()
        if state.view not in self.views:
            problems.append(f"view {state.view!r} is not available; showing {next(iter(self.views))}")
            state = replace(state, view=next(iter(self.views)))
        fields = {k: v for k, v in overrides.items() if k != "params"}
        state = replace(state, **fields)
        if "params" in overrides:
            state = state.with_params({**state.current_params(), **overrides["params"]})
        return state

    def _build_layout(self) -> None:
        sidebar = QWidget()
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(6, 6, 6, 6)
        side.addWidget(self.picker, 1)
        self.param_group = QGroupBox(self.tr("Parameters"))
        QVBoxLayout(self.param_group).addWidget(self.param_panel)
        domain_group = QGroupBox(self.tr("Domain and device"))
        QVBoxLayout(domain_group).addWidget(self.domain_panel)
        side.addWidget(self.param_group)
        side.addWidget(domain_group)
        scroll = QScrollArea()
        scroll.setWidget(sidebar)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As wide as its widest row needs, in either language (Vietnamese labels are longer).
        side_width = max(
            300, sidebar.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4
        )
        scroll.setMinimumWidth(side_width)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        right_layout.addWidget(self.error_banner)
        self.tabs = QTabWidget()
        self._pages: dict[str, QScrollArea] = {}
        for view_id, cls in self.views.classes.items():
            # A view wider than the window scrolls instead of forcing the window wider (long
            # Vietnamese labels, many controls): the plots never leave the screen. The view
            # itself moves in when it is built (_adopt_view).
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QScrollArea.Shape.NoFrame)
            self._pages[view_id] = page
            self.tabs.addTab(page, cls.title())
        self.tabs.setDocumentMode(True)
        right_layout.addWidget(self.tabs, 1)
        # Until PyTorch has loaded (seconds with a CUDA build) the plots say why they are empty.
        self.loading = QLabel(self.tr("Loading PyTorch…"), self.tabs)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setStyleSheet("background: rgba(255, 255, 255, 220); color: #374151; font-size: 16pt;")
        self.loading.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.tabs.installEventFilter(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self._default_split = [side_width, DEFAULT_SIZE[0] - side_width]
        self.splitter.setSizes(self._default_split)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.learn_dock = QDockWidget(self.tr("Learn"), self)
        self.learn_dock.setObjectName("learn_dock")
        self.learn_dock.setWidget(self.learn_panel)
        self.learn_dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.learn_dock)
        self.resizeDocks([self.learn_dock], [400], Qt.Orientation.Horizontal)
        self.lesson_panel = LessonPanel(self.texts.language)
        self.lesson_dock = QDockWidget(self.tr("Lesson"), self)
        self.lesson_dock.setObjectName("lesson_dock")
        self.lesson_dock.setWidget(self.lesson_panel)
        self.lesson_dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lesson_dock)
        self.tabifyDockWidget(self.learn_dock, self.lesson_dock)
        self.lesson_dock.hide()
        self.lesson_panel.step_requested.connect(self.go_to_step)
        self.lesson_controller: ComputeController | None = None
        self.lesson: Lesson | None = None

    def _build_status_bar(self) -> None:
        self.status_device = QLabel()
        self.status_frame = QLabel()
        self.status_busy = QLabel(self.tr("Computing…"))
        self.status_busy.setVisible(False)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_INDICATOR_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.status_busy.setVisible(True))
        self.status_notice = QLabel()
        self.status_notice.setWordWrap(False)
        self.status_notice.setVisible(False)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(PROBLEMS_SHOWN_MS)
        self._notice_timer.timeout.connect(lambda: self.status_notice.setVisible(False))
        bar = self.statusBar()
        bar.addWidget(self.status_busy)
        bar.addWidget(self.status_notice, 1)
        bar.addPermanentWidget(self.status_frame)
        self.status_device.setFrameShape(QLabel.Shape.StyledPanel)
        bar.addPermanentWidget(self.status_device)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        style = self.style()
        self.export_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton), self.tr("&Export…"), self
        )
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip(self.tr("Export what the current view shows: a figure or its data"))
        self.export_action.triggered.connect(self.open_export_dialog)
        self.copy_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView), self.tr("&Copy Image"), self
        )
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setToolTip(self.tr("Copy the figure to the clipboard as an image"))
        self.copy_action.triggered.connect(self.copy_image)
        for action in (self.export_action, self.copy_action):
            action.setEnabled(False)  # until the view on screen has a result
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.reset_view_action = QAction(self.tr("&Reset View"), self)
        self.reset_view_action.setShortcut(QKeySequence("Ctrl+0"))
        self.reset_view_action.triggered.connect(self.reset_view)
        self.reset_view_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        view_menu.addAction(self.reset_view_action)
        # Each view's actions go in before these two separators when the view is built.
        self._view_actions_end = view_menu.addSeparator()
        self._global_actions_end = view_menu.addSeparator()
        self._global_actions_end.setVisible(False)  # an anchor only: no line before Find
        find = QAction(self.tr("&Find Activation"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._find_activation)
        view_menu.addAction(find)
        learn_toggle = self.learn_dock.toggleViewAction()
        learn_toggle.setText(self.tr("Show &Learn Panel"))
        learn_toggle.setShortcut(QKeySequence("F1"))
        view_menu.addAction(learn_toggle)
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.texts.language)
            action.triggered.connect(lambda _=False, c=code: self._request_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu = view_menu

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.export_action)
        toolbar.addAction(self.copy_action)
        toolbar.addAction(self.reset_view_action)
        self.toolbar = toolbar

        self._build_activation_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        lesson = QAction(self.tr("&Lesson: Activation Functions in PyTorch"), self)
        lesson.setShortcut(QKeySequence("F2"))
        lesson.setToolTip(self.tr("A guided lesson that follows the tutorial, step by step"))
        lesson.triggered.connect(lambda: self.open_lesson(DEFAULT_LESSON))
        help_menu.addAction(lesson)
        about = QAction(self.tr("&About actviewer"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_activation_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Activation"))
        self.new_activation_action = QAction(self.tr("&New Activation…"), self)
        self.new_activation_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_activation_action.setToolTip(self.tr("Define your own activation by a formula in x"))
        self.new_activation_action.triggered.connect(self.new_activation)
        self.edit_activation_action = QAction(self.tr("&Edit Activation…"), self)
        self.edit_activation_action.triggered.connect(self.edit_activation)
        self.delete_activation_action = QAction(self.tr("&Delete Activation"), self)
        self.delete_activation_action.triggered.connect(self.delete_activation)
        import_action = QAction(self.tr("&Import Activations…"), self)
        import_action.triggered.connect(self.import_activations)
        export_action = QAction(self.tr("E&xport Activations…"), self)
        export_action.triggered.connect(self.export_activations)
        for action in (
            self.new_activation_action,
            self.edit_activation_action,
            self.delete_activation_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(import_action)
        menu.addAction(export_action)
        self.activation_menu = menu

    # --- lesson ---------------------------------------------------------------

    def open_lesson(self, name: str, step: int | None = None) -> bool:
        """Show the lesson ``name`` at ``step`` (0-based; default: the last step seen)."""
        try:
            lesson = load_lesson(name, tuple(self.views))
        except InputError as err:
            self._show_error_dialog(self.tr("Cannot open the lesson"), str(err))
            return False
        self.lesson = lesson
        self.lesson_panel.set_lesson(lesson)
        if self.lesson_controller is None:
            self.lesson_controller = ComputeController(devices_fn=lambda: [], parent=self)
            self.lesson_controller.result_ready.connect(self.lesson_panel.show_example)
            self.lesson_controller.failed.connect(lambda error: self.lesson_panel.example_failed(str(error)))
        self.lesson_dock.show()
        self.lesson_dock.raise_()
        seen = self.settings.qsettings.value(f"lesson/{name}/step", 0)
        self.go_to_step(step if step is not None else int(str(seen)) if str(seen).isdigit() else 0)
        return True

    def go_to_step(self, index: int) -> None:
        """Select the step's activation, parameters and view, and show its page."""
        if self.lesson is None or self.lesson_controller is None:
            return
        index = min(max(index, 0), len(self.lesson.steps) - 1)
        step = self.lesson.steps[index]
        self.lesson_controller.submit(self.lesson_panel.show_step(index))
        state = replace(self._state, activation=step.activation, view=step.view)
        self.set_state(state.with_params({**state.current_params(), **step.params}))
        self.settings.qsettings.setValue(f"lesson/{self.lesson.id}/step", index)

    def lesson_idle(self) -> bool:
        """No lesson is open, or its step's printed output is shown."""
        return not self.lesson_dock.isVisible() or not self.lesson_panel.waiting

    def _find_activation(self) -> None:
        self.picker.filter_edit.setFocus()
        self.picker.filter_edit.selectAll()

    def _request_language(self, code: str) -> None:
        if code != self.texts.language:
            self.language_requested.emit(code)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About actviewer"),
            self.tr("actviewer %s") % __version__
            + "\n\n"
            + self.tr("Explore activation functions and their derivatives with PyTorch."),
        )

    # --- state --------------------------------------------------------------

    @property
    def state(self) -> ExplorerState:
        return self._state

    def tab_index(self, view_id: str) -> int:
        """The tab that hosts view ``view_id`` (tabs follow the registry's order)."""
        return list(self.views).index(view_id)

    def current_view(self) -> View:
        """The view on screen: the chosen one if it can show the activation, else the first that can."""
        return self.views[self._shown_view_id(self._state)]

    def _shown_view_id(self, state: ExplorerState) -> str:
        classes = self.views.classes
        chosen = classes.get(state.view)
        if chosen is not None and chosen.accepts(state.spec):
            return state.view
        return next(i for i, cls in classes.items() if cls.accepts(state.spec))

    def _normalised(self, state: ExplorerState) -> ExplorerState:
        """``state`` with each parameter inside the limits of the view that will show it."""
        limits = self.views.classes[self._shown_view_id(state)].param_limits(state.spec)
        params = state.current_params()
        clamped = {
            name: type(value)(min(max(value, limits[name][0]), limits[name][1]))
            for name, value in params.items()
            if name in limits and isinstance(value, (int, float))
        }
        if all(params[name] == value for name, value in clamped.items()):
            return state
        return state.with_params({**params, **clamped})

    def set_state(self, state: ExplorerState) -> None:
        """Show ``state`` in every widget and compute it (programmatic edits, tests)."""
        self._state = self._normalised(state)
        self._show_state(self._state)
        self._submit()

    def _show_state(self, state: ExplorerState) -> None:
        self.picker.select(state.activation)
        self._show_activation(state)
        self.domain_panel.set_state(state)

    def _show_activation(self, state: ExplorerState) -> None:
        """Parameter controls within the shown view's limits, and the tabs that can show it."""
        shown = self._shown_view_id(state)
        view = self.views[shown]
        self.param_panel.set_activation(
            state.spec, state.current_params(), view.param_limits(state.spec), view.unused_params(state.spec)
        )
        self.param_group.setTitle(self.tr("Parameters of %s") % self.texts.activation(state.spec).name)
        with QSignalBlocker(self.tabs):
            for index, cls in enumerate(self.views.classes.values()):
                self.tabs.setTabEnabled(index, cls.accepts(state.spec))
            self.tabs.setCurrentIndex(self.tab_index(view.id))
        for each in self.views.built():
            for action in each.actions():
                action.setEnabled(each is view)
        self._update_export_actions()
        own = state.spec.family == catalog.CUSTOM_FAMILY
        self.edit_activation_action.setEnabled(own)
        self.delete_activation_action.setEnabled(own)

    def _on_tab(self, index: int) -> None:
        state = self._normalised(replace(self._state, view=list(self.views)[index]))
        self._state = state
        self._show_activation(state)
        self._submit()

    def _update(self, state: ExplorerState) -> None:
        state = self._normalised(state)
        if state != self._state:
            self._state = state
            self._submit()

    def _on_activation(self, activation_id: str) -> None:
        state = self._normalised(replace(self._state, activation=activation_id))
        self._show_activation(state)
        self._update(state)

    def _on_params(self, values: dict) -> None:
        self._update(self._state.with_params(values))

    def _on_domain(self, values: dict) -> None:
        self._update(replace(self._state, **values))

    def _on_view_request_changed(self) -> None:
        self._save_soon()  # a view's own settings (the 2-D shape, say) may have changed
        if self.sender() is self.current_view():
            self._learn_timer.start()  # the view's own settings may change its code
            self._submit()

    def _update_learn(self) -> None:
        state, view = self._state, self.current_view()
        try:
            code = view.learn_input_code(state)
            form = view.learn_snippet(state)
        except InputError:
            return  # the banner already says what is wrong
        self.learn_panel.show_code(
            state.spec, state.current_params(), code, form, view.unused_params(state.spec)
        )
        try:
            self.learn_panel.show_program(self.current_view().learn_program(state))
        except InputError:
            self.learn_panel.show_program(None)

    def reset_view(self) -> None:
        self.current_view().reset_view()

    def _submit(self) -> None:
        state = self._state
        view = self.current_view()
        view.set_state(state)
        if state != self._submitted:
            if self._submitted is not None:  # not the state just restored at start-up
                self._save_soon()
            self._submitted = state
            if self.learn_panel.shows(state.spec):
                self._learn_timer.start()  # parameter edits: once they pause for LEARN_INTERVAL_MS
            else:
                self._update_learn()  # another activation: at once
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
        self.controller.submit(request)

    # --- results ------------------------------------------------------------

    def _on_result(self, result: Any) -> None:
        self._loaded()
        view_id = self._by_request.get(type(result.request))
        view = self.views.if_built(view_id) if view_id is not None else None
        if view is None:
            return
        view.show_result(result)
        if view is self.current_view():
            self.error_banner.setVisible(False)
            self.status_frame.setText(view.status_text(result))
            self.status_device.setText(f" {self.domain_panel.device.currentText()} · {self._state.dtype} ")
            self.learn_panel.show_result(result, render=not self._learn_timer.isActive())
        self._update_export_actions()
        self.result_shown.emit(result)

    def _update_export_actions(self) -> None:
        has = self.current_view().last_result is not None
        self.export_action.setEnabled(has)
        self.copy_action.setEnabled(has)

    # --- custom activations ----------------------------------------------------

    def new_activation(self) -> None:
        self._edit_entry(None)

    def edit_activation(self) -> None:
        entry = custom.entry_for(self._state.activation, self.custom_entries)
        if entry is not None:
            self._edit_entry(entry)

    def _edit_entry(self, entry: custom.CustomActivation | None) -> None:
        from .custom_dialog import CustomActivationDialog

        dialog = CustomActivationDialog(set(catalog.ids()), entry, self)
        self.custom_dialog = dialog
        if dialog.exec() != CustomActivationDialog.DialogCode.Accepted or dialog.entry is None:
            return
        made = dialog.entry
        replaced = (made.id, entry.id) if entry is not None else (made.id,)
        kept = [e for e in self.custom_entries if e.id not in replaced]
        if self._save_library([*kept, made]):
            self._show_custom(made.id, forget=replaced)

    def delete_activation(self) -> None:
        entry = custom.entry_for(self._state.activation, self.custom_entries)
        if entry is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete Activation"), self.tr("Delete your activation %s?") % entry.name
        )
        if answer == QMessageBox.StandardButton.Yes and self._save_library(
            [e for e in self.custom_entries if e.id != entry.id]
        ):
            self._show_custom(DEFAULT_ACTIVATION, forget=(entry.id,))

    def import_activations(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import Activations"), str(Path.home()), self.tr("actviewer library (*.json)")
            )
        if not path:
            return
        found, problems = custom.read_library(Path(path))
        ids = {e.id for e in found}
        if found and self._save_library([*(e for e in self.custom_entries if e.id not in ids), *found]):
            self._show_custom(found[0].id, forget=tuple(ids))
        summary = self.tr("Imported %d activation(s) from %s.") % (len(found), Path(path).name)
        if problems:
            summary += "\n\n" + self.tr("Left out:") + "\n" + "\n".join(problems)
        self._show_info(self.tr("Import Activations"), summary)

    def export_activations(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export Activations"),
                str(Path.home() / "my_activations.json"),
                self.tr("actviewer library (*.json)"),
            )
        if not path:
            return False
        try:
            custom.write_library(Path(path), self.custom_entries)
        except (InputError, OSError) as err:
            self._show_error_dialog(self.tr("Export failed"), str(err))
            return False
        self.statusBar().showMessage(self.tr("Exported %s") % path, 8000)
        return True

    def _save_library(self, entries: list[custom.CustomActivation]) -> bool:
        """Write the library first; only if that worked does the window change."""
        try:
            custom.write_library(self.library_path, entries)
        except (InputError, OSError) as err:
            self._show_error_dialog(self.tr("Could not save your activations"), str(err))
            return False
        self.custom_entries = entries
        custom.install(entries)
        return True

    def _show_custom(self, activation_id: str, forget: tuple[str, ...]) -> None:
        """Show ``activation_id`` after the custom activations changed; stale values of ``forget`` are dropped."""
        params = {k: v for k, v in self._state.params.items() if k not in forget}
        state = replace(self._state, activation=activation_id, params=params)
        self.picker.rebuild(activation_id)
        self.set_state(state)

    def _show_info(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.info_dialog = box

    # --- export ---------------------------------------------------------------

    def open_export_dialog(self) -> None:
        result = self.current_view().last_result
        if result is None:
            return
        from .export_dialog import ExportDialog

        folder = Path(str(self.settings.qsettings.value("export/folder", str(Path.home()))))
        if not folder.is_dir():
            folder = Path.home()
        suffix = str(self.settings.qsettings.value("export/suffix", ".png"))
        choices = formats.formats_for(type(result))
        stem = getattr(result.request, "activation", None) or self.current_view().id
        name = f"{stem}{suffix if suffix in choices else '.png'}"
        dialog = ExportDialog(folder / name, choices, self)
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_to(dialog.chosen_path(), **dialog.options())

    def export_to(self, path: str | Path, **options: Any) -> bool:
        """Write what the view on screen shows to ``path`` (format by suffix); a dialog reports failure.

        Small files are written at once; a data file expected to be large is
        written in the background with a progress dialog and Cancel (it
        returns True when started; ``export_finished`` or ``export_failed``
        follows).
        """
        result = self.current_view().last_result
        if result is None:
            return False
        try:
            size = formats.estimated_bytes(result, path)
            if size > BACKGROUND_EXPORT_BYTES:
                check_writable(path)
                self._export_in_background(result, Path(path), size)
                return True
            if formats.renders_frames(result, path):
                self._write_frames(result, Path(path), options)
            else:
                formats.write(result, path, **options)
        except Cancelled:
            self.export_failed.emit("cancelled")
            return False
        except (InputError, OSError) as err:
            self._show_error_dialog(self.tr("Export failed"), str(err))
            self.export_failed.emit(str(err))
            return False
        self._exported(str(path))
        return True

    def _write_frames(self, result: Any, path: Path, options: dict[str, Any]) -> None:
        """An animation renders a figure per frame on this thread: say which, and offer Cancel."""
        dialog = QProgressDialog(
            self.tr("Rendering the frames of %s…") % path.name, self.tr("Cancel"), 0, 100, self
        )
        dialog.setWindowTitle(self.tr("Export"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(fraction: float) -> None:
            dialog.setValue(round(100 * fraction))
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise Cancelled()

        try:
            formats.write(result, path, progress=progress, **options)
        finally:
            dialog.close()
            dialog.deleteLater()

    def _exported(self, path: str) -> None:
        self.settings.qsettings.setValue("export/folder", str(Path(path).expanduser().parent))
        self.settings.qsettings.setValue("export/suffix", Path(path).suffix.lower())
        self.statusBar().showMessage(self.tr("Exported %s") % path, 8000)
        self.export_finished.emit(path)

    def _export_in_background(self, result: Any, path: Path, size: int) -> None:
        job = ExportJob(result, path, self)
        dialog = QProgressDialog(
            self.tr("Writing %s (about %s)…") % (path.name, _megabytes(size)),
            self.tr("Cancel"),
            0,
            1000,
            self,
        )
        dialog.setWindowTitle(self.tr("Export"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        job.progressed.connect(dialog.setValue)
        dialog.canceled.connect(job.cancel)

        def done(written: str) -> None:
            dialog.close()
            self.export_job = None
            self._exported(written)

        def failed(error: Exception) -> None:
            dialog.close()
            self.export_job = None
            if isinstance(error, Cancelled):
                self.statusBar().showMessage(self.tr("Export cancelled; %s is unchanged") % path, 8000)
                self.export_failed.emit("cancelled")
                return
            message = (
                str(error) if isinstance(error, (InputError, OSError)) else f"{type(error).__name__}: {error}"
            )
            self._show_error_dialog(self.tr("Export failed"), message)
            self.export_failed.emit(message)

        job.finished.connect(done)
        job.failed.connect(failed)
        self.export_job: ExportJob | None = job
        self.export_progress = dialog
        dialog.show()
        job.start()

    def copy_image(self) -> None:
        from .figures.render import render_image

        result = self.current_view().last_result
        if result is not None:
            QApplication.clipboard().setImage(render_image(formats.figure_of(result)))
            self.statusBar().showMessage(self.tr("Figure copied to the clipboard"), 5000)

    def _show_error_dialog(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("OK"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()  # not exec(): the event loop (and the worker's results) keep running
        self.error_dialog = box

    def _on_failed(self, error: Exception) -> None:
        self._loaded()
        if isinstance(error, InputError):
            message = user_message(error)
        else:  # not the user's doing: a failing device, a missing library, a bug
            message = self.tr("The computation failed: %s") % f"{type(error).__name__}: {error}"
        self.error_banner.setText(message + "  " + self.tr("(the plot shows the last valid result)"))
        self.error_banner.setVisible(True)
        self.error_shown.emit(message)

    def _announce(self, text: str) -> None:
        """A notice in the status bar that stays for a while (hovering menus does not clear it)
        and adds to, rather than hides, one still shown."""
        shown = "" if self.status_notice.isHidden() else self.status_notice.text()
        self.status_notice.setText(f"{shown}  {text}" if shown else text)
        self.status_notice.setVisible(True)
        self._notice_timer.start()

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.status_busy.setVisible(False)

    def _start_worker(self) -> None:
        self.removeEventFilter(self)
        self.controller.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            # After this paint, not during it: the window is on screen before torch starts loading.
            QTimer.singleShot(0, self, self._start_worker)
        if watched is self.tabs and event.type() == QEvent.Type.Resize and not self.loading.isHidden():
            self.loading.setGeometry(self.tabs.rect())
        return super().eventFilter(watched, event)

    def _loaded(self) -> None:
        """PyTorch answered (devices, a result or a failure): the plots speak for themselves now."""
        self.loading.hide()

    def _on_devices(self, devices: list[DeviceInfo]) -> None:
        self._loaded()
        self.domain_panel.set_devices(devices)
        ids = [d.id for d in devices]
        wanted = self._state.device
        if wanted == "cuda" and any(i.startswith("cuda:") for i in ids):
            wanted = next(i for i in ids if i.startswith("cuda:"))
        if wanted not in ids:
            self._announce(self.tr("Device %s is not available here; using the CPU.") % self._state.device)
            wanted = "cpu"
        self.domain_panel.set_state(replace(self._state, device=wanted))
        self._update(replace(self._state, device=wanted))

    # --- persistence and shutdown --------------------------------------------

    def _restore_layout(self) -> list[str]:
        geometry = self.settings.load_bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        docks = self.settings.load_bytes("window/state")
        if docks is not None:
            self.restoreState(docks)
        splitter = self.settings.load_bytes("window/splitter_main")
        restored = splitter is not None and self.splitter.restoreState(splitter)
        if restored and min(self.splitter.sizes()) < MIN_PANE:  # a stored layout that hides a pane for good
            self.splitter.setSizes(self._default_split)
            return ["the stored sidebar width hid a pane"]
        return []

    def _save_soon(self) -> None:
        """Save :data:`SAVE_DELAY_MS` after the last of a burst of changes (each change restarts it)."""
        self._save_timer.start()

    def save_settings(self) -> None:
        self._save_timer.stop()  # what it would have saved is saved now
        self.settings.save_state(self._state)
        for view in self.views.built():  # a view never built keeps what is stored
            self.settings.save_json(f"views/{view.id}", view.save_state())
        self.settings.save_bytes("window/geometry", QByteArray(self.saveGeometry()))
        self.settings.save_bytes("window/splitter_main", QByteArray(self.splitter.saveState()))
        self.settings.save_bytes("window/state", QByteArray(self.saveState()))
        self.settings.sync()
        self.settings_saved.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save first, then leave: work in flight is cancelled, or waited for at most ``close_wait_s``
        (0 in the ``gui`` command) and then abandoned; an export being written is cancelled and given
        QUIT_WAIT_S to remove its temporary file."""
        self.save_settings()
        self.hide()
        for timer in self.findChildren(QTimer):  # a closed window does no more work (Learn, saving, notices)
            timer.stop()
        if self.export_job is not None:
            self.export_job.cancel()  # stops within one chunk; its temporary file is removed
            self.export_job.wait(QUIT_WAIT_S)
        self.controller.shutdown(self.close_wait_s)
        if self.lesson_controller is not None:
            self.lesson_controller.shutdown(self.close_wait_s)
        super().closeEvent(event)
