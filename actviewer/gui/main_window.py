"""The explorer window: composes the panels and wires their signals. No maths here.

Every edit derives a new :class:`ExplorerState`; a state that differs from the
last one submitted becomes a request for the worker. Results come back through
the controller, which has already dropped stale ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.errors import InputError
from ..core.matrix import MATRIX_ACTIVATIONS, MatrixResult
from ..core.request import MAX_ABS_X, MAX_EXTRA_POINTS, ComputeRequest, check_domain
from ..core.state import ExplorerState
from ..core.texts import LANGUAGES, Texts
from .compute_worker import ComputeController, ComputeFn
from .domain_panel import DomainPanel
from .i18n import current_language
from .learn_panel import LearnPanel
from .matrix_view import MatrixView
from .param_panel import ParamPanel
from .picker import ActivationPicker
from .plots import PlotPanels
from .settings import SettingsStore

if TYPE_CHECKING:
    from ..core.compute import ComputeResult
    from ..core.devices import DeviceInfo

DEFAULT_SIZE = (1440, 860)
ADAPTIVE_MAX_SAMPLES = 20_000
SECOND_DERIVATIVE_ALWAYS = 100_000
LEARN_INTERVAL_MS = 150
BUSY_INDICATOR_DELAY_MS = 250
"""Above this many fixed samples f'' is computed only while it is shown (it costs 3-10x dy)."""
ERROR_STYLE = (
    "QLabel { background: #fef2f2; color: #991b1b; border: 1px solid #fca5a5;"
    " border-radius: 4px; padding: 6px; }"
)


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    state_changed = Signal(object)  # ExplorerState
    result_shown = Signal(object)  # ComputeResult, after the plots hold it
    error_shown = Signal(str)

    def __init__(
        self,
        settings: SettingsStore | None = None,
        overrides: Mapping[str, Any] | None = None,
        compute_fn: ComputeFn | None = None,
        devices_fn: Callable[[], list] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else SettingsStore()
        self.setWindowTitle("actviewer")
        self.resize(*DEFAULT_SIZE)
        self._state = self._initial_state(overrides or {})
        self._submitted: ExplorerState | None = None
        self.last_result: ComputeResult | None = None
        self.last_matrix: MatrixResult | None = None
        self.error_dialog: QMessageBox | None = None

        self.texts = Texts(current_language())
        self.picker = ActivationPicker(self.texts)
        self.param_panel = ParamPanel(self.texts)
        self.learn_panel = LearnPanel(self.texts)
        self.domain_panel = DomainPanel()
        self.plots = PlotPanels()
        self.matrix_view = MatrixView()
        self.error_banner = QLabel()
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(ERROR_STYLE)
        self.error_banner.setAccessibleName(self.tr("Error message"))
        self.error_banner.setVisible(False)
        self._build_layout()
        self._build_status_bar()
        self._build_menus()

        self.controller = ComputeController(compute_fn, devices_fn, parent=self)
        self.controller.result_ready.connect(self._on_result)
        self.controller.failed.connect(self._on_failed)
        self.controller.busy_changed.connect(self._on_busy)
        self.controller.devices_found.connect(self._on_devices)

        self.picker.activation_selected.connect(self._on_activation)
        self.param_panel.params_changed.connect(self._on_params)
        self.domain_panel.domain_changed.connect(self._on_domain)
        self.views.currentChanged.connect(self._on_view)
        self.plots.x_range_changed.connect(self._on_x_range)
        self.matrix_view.settings_changed.connect(self._on_matrix_settings)
        self.matrix_view.logits_edited.connect(lambda t: self._update(replace(self._state, logits=t)))
        self.matrix_view.slice_picked.connect(lambda i: self._update(replace(self._state, slice_index=i)))

        self._last_request: object = None
        self._home: tuple[float, float] | None = None
        # Re-laying out the Learn page costs ~3-5 ms: during a drag it follows when the drag pauses.
        self._learn_timer = QTimer(self)
        self._learn_timer.setSingleShot(True)
        self._learn_timer.setInterval(LEARN_INTERVAL_MS)
        self._learn_timer.timeout.connect(self._update_learn)
        self._restore_layout()
        self._show_state(self._state)
        self._submit()

    # --- construction -------------------------------------------------------

    def _initial_state(self, overrides: Mapping[str, Any]) -> ExplorerState:
        state = self.settings.load_state()
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
        self.views = QTabWidget()
        self.views.addTab(self.plots, self.tr("Curve: f(x) and f′(x)"))
        self.views.addTab(self.matrix_view, self.tr("2-D logits: softmax along dim"))
        self.views.setDocumentMode(True)
        right_layout.addWidget(self.views, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([side_width, DEFAULT_SIZE[0] - side_width])
        self.setCentralWidget(self.splitter)

        self.learn_dock = QDockWidget(self.tr("Learn"), self)
        self.learn_dock.setObjectName("learn_dock")
        self.learn_dock.setWidget(self.learn_panel)
        self.learn_dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.learn_dock)
        self.resizeDocks([self.learn_dock], [400], Qt.Orientation.Horizontal)

    def _build_status_bar(self) -> None:
        self.status_device = QLabel()
        self.status_frame = QLabel()
        self.status_busy = QLabel(self.tr("Computing…"))
        self.status_busy.setVisible(False)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_INDICATOR_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.status_busy.setVisible(True))
        bar = self.statusBar()
        bar.addWidget(self.status_busy)
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
        self.export_action.setToolTip(self.tr("Export the figure (PNG, SVG, PDF) or the data (CSV)"))
        self.export_action.triggered.connect(self.open_export_dialog)
        self.copy_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView), self.tr("&Copy Image"), self
        )
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setToolTip(self.tr("Copy the figure to the clipboard as an image"))
        self.copy_action.triggered.connect(self.copy_image)
        for action in (self.export_action, self.copy_action):
            action.setEnabled(False)  # until the first result arrives
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view = self.menuBar().addMenu(self.tr("&View"))
        self.reset_view_action = QAction(self.tr("&Reset View"), self)
        self.reset_view_action.setShortcut(QKeySequence("Ctrl+0"))
        self.reset_view_action.triggered.connect(self.reset_view)
        self.reset_view_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        view.addAction(self.reset_view_action)
        self.second_action = QAction(self.tr("Show &Second Derivative"), self)
        self.second_action.setCheckable(True)
        self.second_action.setShortcut(QKeySequence("Ctrl+2"))
        self.second_action.toggled.connect(self.plots.set_second_derivative_visible)
        self.second_action.toggled.connect(lambda _on: self._submit())
        view.addAction(self.second_action)
        find = QAction(self.tr("&Find Activation"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(
            lambda: (self.picker.filter_edit.setFocus(), self.picker.filter_edit.selectAll())
        )
        view.addAction(find)
        learn_toggle = self.learn_dock.toggleViewAction()
        learn_toggle.setText(self.tr("Show &Learn Panel"))
        learn_toggle.setShortcut(QKeySequence("F1"))
        view.addAction(learn_toggle)
        view.addSeparator()
        language_menu = view.addMenu(self.tr("&Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.texts.language)
            action.triggered.connect(lambda _=False, c=code: self._request_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu = view

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.export_action)
        toolbar.addAction(self.copy_action)
        toolbar.addAction(self.reset_view_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About actviewer"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

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

    def set_state(self, state: ExplorerState) -> None:
        """Show ``state`` in every widget and compute it (programmatic edits, tests)."""
        self._state = state
        self._show_state(state)
        self._submit()

    def _show_state(self, state: ExplorerState) -> None:
        self.picker.select(state.activation)
        self.param_panel.set_activation(state.spec, state.current_params())
        self.param_group.setTitle(self.tr("Parameters of %s") % self.texts.activation(state.spec).name)
        self.domain_panel.set_state(state)
        self.matrix_view.set_state(state)
        self._show_view(state)

    def _show_view(self, state: ExplorerState) -> None:
        with QSignalBlocker(self.views):
            self.views.setTabEnabled(1, state.activation in MATRIX_ACTIVATIONS)
            self.views.setCurrentIndex(1 if state.shows_matrix else 0)

    def _on_view(self, index: int) -> None:
        self._update(replace(self._state, view="matrix" if index == 1 else "curve"))

    def _on_matrix_settings(self, values: dict) -> None:
        self._update(replace(self._state, logits=None, **values))

    def _update(self, state: ExplorerState) -> None:
        if state != self._state:
            self._state = state
            self._submit()

    def _on_activation(self, activation_id: str) -> None:
        state = replace(self._state, activation=activation_id, slice_index=0)
        self.param_panel.set_activation(state.spec, state.current_params())
        self._show_view(state)
        self.param_group.setTitle(self.tr("Parameters of %s") % self.texts.activation(state.spec).name)
        self._update(state)

    def _on_params(self, values: dict) -> None:
        self._update(self._state.with_params(values))

    def _on_domain(self, values: dict) -> None:
        self._update(replace(self._state, **values))

    def _update_learn(self) -> None:
        state = self._state
        self.learn_panel.show_request(state.matrix_request() if state.shows_matrix else state.request())

    def reset_view(self) -> None:
        self.plots.reset_view((self._state.x_min, self._state.x_max))

    def _on_x_range(self, lo: float, hi: float) -> None:
        if self._state.adaptive and not self._state.shows_matrix:
            self._submit()

    def _curve_request(self, state: ExplorerState) -> ComputeRequest:
        """What to compute for the curve: the visible range at screen resolution, or the fixed grid."""
        pixels = self.plots.pixel_width()
        if not state.adaptive:
            second = state.samples <= SECOND_DERIVATIVE_ALWAYS or self.second_action.isChecked()
            return state.request(display_bins=pixels, second_derivative=second)
        lo, hi = self.plots.visible_x_range()
        lo, hi = max(lo, -MAX_ABS_X), min(hi, MAX_ABS_X)
        if not lo < hi:
            lo, hi = state.x_min, state.x_max
        spec = state.spec
        try:
            kinks = tuple(b for b in spec.breakpoints(spec.resolve(state.current_params())) if lo <= b <= hi)
        except InputError:
            kinks = ()
        samples = min(max(2 * pixels, 200), ADAPTIVE_MAX_SAMPLES)
        return state.request(x_min=lo, x_max=hi, samples=samples, extra_points=kinks[:MAX_EXTRA_POINTS])

    def _submit(self) -> None:
        state = self._state
        if state != self._submitted:
            self._submitted = state
            self.state_changed.emit(state)
            if self.learn_panel.shows(state.spec):
                self._learn_timer.start()  # parameter edits: once they pause for LEARN_INTERVAL_MS
            else:
                self._update_learn()  # another activation: at once
        if (state.x_min, state.x_max) != self._home:
            self._home = (state.x_min, state.x_max)
            self.plots.set_x_range(*self._home)  # may re-enter through _on_x_range
        try:
            check_domain(state.x_min, state.x_max)  # the home range, even when the view has moved
            request = state.matrix_request() if state.shows_matrix else self._curve_request(state)
            request = request.validated()
        except InputError as err:
            self._last_request = None
            self._on_failed(str(err))
            return
        if request == self._last_request:
            return
        self._last_request = request
        self.controller.submit(request)

    # --- results ------------------------------------------------------------

    def _on_result(self, result: ComputeResult | MatrixResult) -> None:
        if isinstance(result, MatrixResult):
            self.last_matrix = result
            self.error_banner.setVisible(False)
            self.matrix_view.show_result(result)
            self.status_frame.setText(self.tr("2-D logits · %s ms") % f"{result.elapsed_s * 1e3:.1f}")
            self.result_shown.emit(result)
            return
        self.last_result = result
        self.export_action.setEnabled(True)
        self.copy_action.setEnabled(True)
        self.error_banner.setVisible(False)
        spec = result.request.spec
        if spec.layout == "along_dim":
            self.plots.set_output_title(
                self.tr("Output: %s over the whole sampled vector x (dim 0), exactly torch.%s(x, dim=0)")
                % (spec.id, spec.id)
            )
        else:
            self.plots.set_output_title(self.tr("Output f(x)"))
        self.plots.show_result(result)
        self.learn_panel.show_result(result, render=not self._learn_timer.isActive())
        request = result.request
        self.status_frame.setText(
            self.tr("%(n)s samples · %(ms)s ms · dy: %(method)s")
            .replace("%(n)s", f"{request.samples:,}")
            .replace("%(ms)s", f"{result.elapsed_s * 1e3:.1f}")
            .replace("%(method)s", self._method_text(result.derivative_method))
        )
        self.status_device.setText(f" {self.domain_panel.device.currentText()} · {request.dtype} ")
        self.result_shown.emit(result)

    # --- export ---------------------------------------------------------------

    def open_export_dialog(self) -> None:
        if self.last_result is None:
            return
        from .export_dialog import ExportDialog

        folder = Path(str(self.settings.qsettings.value("export/folder", str(Path.home()))))
        if not folder.is_dir():
            folder = Path.home()
        suffix = str(self.settings.qsettings.value("export/suffix", ".png"))
        dialog = ExportDialog(folder / f"{self.last_result.request.activation}{suffix}", self)
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_to(dialog.chosen_path(), **dialog.options())

    def export_to(self, path: str | Path, **options: Any) -> bool:
        """Write the result on screen to ``path`` (format by suffix); a dialog reports failure."""
        from ..exporters import format_for

        result = self.last_result
        if result is None:
            return False
        try:
            fmt = format_for(path)
            fmt.write(result, Path(path), **options)
        except (InputError, OSError) as err:
            self._show_error_dialog(self.tr("Export failed"), str(err))
            return False
        self.settings.qsettings.setValue("export/folder", str(Path(path).expanduser().parent))
        self.settings.qsettings.setValue("export/suffix", Path(path).suffix.lower())
        self.statusBar().showMessage(self.tr("Exported %s") % path, 8000)
        return True

    def copy_image(self) -> None:
        from PySide6.QtWidgets import QApplication

        from .figure import render_image

        if self.last_result is not None:
            QApplication.clipboard().setImage(render_image(self.last_result))
            self.statusBar().showMessage(self.tr("Figure copied to the clipboard"), 5000)

    def _show_error_dialog(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("OK"))
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()  # not exec(): the event loop (and the worker's results) keep running
        self.error_dialog = box

    def _method_text(self, code: str) -> str:
        return {
            "autograd": self.tr("autograd"),
            "jacobian_autograd": self.tr("autograd (Jacobian diagonal, forward mode)"),
            "jacobian_closed_form": self.tr("closed form of the Jacobian diagonal (large N)"),
            "none": self.tr("no autograd derivative (0 except at the jump)"),
        }.get(code, code)

    def _on_failed(self, message: str) -> None:
        self.error_banner.setText(message + "  " + self.tr("(the plot shows the last valid result)"))
        self.error_banner.setVisible(True)
        self.error_shown.emit(message)

    def _on_busy(self, busy: bool) -> None:
        # Shown only for work a person would notice; flashing it every frame costs a relayout.
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.status_busy.setVisible(False)

    def _on_devices(self, devices: list[DeviceInfo]) -> None:
        self.domain_panel.set_devices(devices)
        ids = [d.id for d in devices]
        wanted = self._state.device
        if wanted == "cuda" and any(i.startswith("cuda:") for i in ids):
            wanted = next(i for i in ids if i.startswith("cuda:"))
        if wanted not in ids:
            self.statusBar().showMessage(
                self.tr("Device %s is not available here; using the CPU.") % self._state.device, 10_000
            )
            wanted = "cpu"
        self.domain_panel.set_state(replace(self._state, device=wanted))
        self._update(replace(self._state, device=wanted))

    # --- persistence and shutdown --------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.load_bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        docks = self.settings.load_bytes("window/state")
        if docks is not None:
            self.restoreState(docks)
        for key, splitter in self._splitters().items():
            saved = self.settings.load_bytes(key)
            if saved is not None:
                splitter.restoreState(saved)
        self.second_action.setChecked(self.settings.load_bool("view/second_derivative", False))

    def _splitters(self) -> dict[str, QSplitter]:
        return {"window/splitter_main": self.splitter}

    def save_settings(self) -> None:
        self.settings.save_state(self._state)
        self.settings.save_bytes("window/geometry", QByteArray(self.saveGeometry()))
        for key, splitter in self._splitters().items():
            self.settings.save_bytes(key, QByteArray(splitter.saveState()))
        self.settings.save_bool("view/second_derivative", self.second_action.isChecked())
        self.settings.save_bytes("window/state", QByteArray(self.saveState()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.hide()
        self.controller.shutdown()
        super().closeEvent(event)
