"""The training lab: watch a small network with the activation learn a 2-D data set.

TensorFlow Playground's core on PyTorch: a data set (or your own points, from a
CSV file or placed by clicking), an MLP whose hidden layers use the activation
on screen, and Play / Pause / Step / Reset. Training runs on the worker like
every computation: while playing, each result asks for the next few steps (as
many as take about a frame), and the core continues the same run from where it
was, so the GUI thread only draws. A race trains up to three other activations
beside it on the same data, initialisation and seed.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ...core import catalog, datasets, training
from ...core.catalog import ActivationSpec
from ...core.errors import InputError
from ...core.network import INITS
from ...core.state import ExplorerState
from ...core.training import TrainRequest, TrainResult, TrainSettings
from ..figures.render import FigureCanvas
from ..figures.style import palette
from ..flow import FlowLayout, grouped
from ._train_plots import HISTORY_PANELS, TrainPlots
from .base import View

FRAME_S = 0.02
"""Training time asked for per result while playing: about twenty frames a second."""
MAX_CHUNK = 5_000
MAX_WATCHED = 120
"""Predictions kept for a GIF of the training watched (thinned to every other one beyond)."""
STOP_STYLE = "QLabel { color: #dc2626; font-weight: bold; }"
UNPAINTED_MS = 100
"""While playing, the next steps are asked for when the last result is painted, or after this long."""
NO_RIVAL = ""


class TrainView(View[TrainRequest, TrainResult]):
    id = "train"
    request_type = TrainRequest
    result_type = TrainResult
    settings_type = TrainSettings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = TrainSettings()
        self.target = 0
        """The step the next request trains to (not saved: a reopened window starts untrained)."""
        self.playing = False
        self.chunk = 10
        self.hover: tuple[int, int] | None = None
        self.activation: str | None = None
        self._trained_key: Any = None

        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.setShortcut(QKeySequence("Space"))
        self.play_button.toggled.connect(self.set_playing)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Train one step (Ctrl+Right)"))
        self.step_button.clicked.connect(self.step)
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Back to the initialised network, step 0"))
        self.reset_button.clicked.connect(self.reset)
        self.rate = QLabel()
        # Wide enough for a million steps, and fixed: a label that grew with its text laid the whole
        # view out again every frame, and the window's repaint took 100 ms instead of 40.
        widest = self._rate_text(1_000_000, 99_999.0)
        # Fixed in both directions: Qt then relays nothing out when the text changes.
        self.rate.setFixedSize(
            self.rate.fontMetrics().horizontalAdvance(widest) + 8, self.rate.sizeHint().height()
        )

        self.dataset = QComboBox()
        names = {
            "circle": self.tr("circle"),
            "xor": self.tr("xor"),
            "gaussians": self.tr("two gaussians"),
            "spiral": self.tr("spiral"),
            "moons": self.tr("two moons"),
            "plane": self.tr("plane (regression)"),
            "bump": self.tr("gaussian bump (regression)"),
            datasets.OWN: self.tr("your points"),
        }
        for key in (*datasets.DATASETS, datasets.OWN):
            self.dataset.addItem(names[key], key)
        self.noise = self._spin(0, 50, " %")
        self.points = self._spin(datasets.MIN_POINTS, datasets.MAX_POINTS)
        self.points.setSingleStep(50)
        self.train_share = self._spin(10, 90, " %")
        self.train_share.setSingleStep(10)
        self.data_seed = self._spin(0, 2**31 - 1)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setToolTip(
            self.tr("Your own points: x1,x2,label (classes) or x1,x2,y (regression)")
        )
        self.import_button.clicked.connect(self.import_csv)

        self.hidden = QLineEdit()
        self.hidden.setToolTip(
            self.tr("Units per hidden layer, e.g. 8,8 (up to 8 layers of 256; empty: none)")
        )
        self.hidden.setMaximumWidth(120)
        self.hidden.editingFinished.connect(self._hidden_edited)
        self.layer_overrides = QLineEdit()
        self.layer_overrides.setPlaceholderText("2=tanh")
        self.layer_overrides.setToolTip(
            self.tr("Another activation in some hidden layers, e.g. 2=tanh, 3=gelu (empty: the one chosen)")
        )
        self.layer_overrides.setMaximumWidth(120)
        self.layer_overrides.editingFinished.connect(self._overrides_edited)
        self.init = QComboBox()
        for name in INITS:
            self.init.addItem(name, name)
        self.optimizer = QComboBox()
        self.optimizer.addItem("SGD", "sgd")
        self.optimizer.addItem("Adam", "adam")
        self.lr = self._number(1e-5, training.MAX_LR, 4)
        self.batch = self._spin(1, datasets.MAX_POINTS)
        self.momentum = self._number(0.0, training.MAX_MOMENTUM, 2)
        self.momentum.setToolTip(self.tr("SGD's momentum (Adam keeps its own moments)"))
        self.l1 = self._number(0.0, training.MAX_PENALTY, 4)
        self.l2 = self._number(0.0, training.MAX_PENALTY, 4)
        self.seed = self._spin(0, 2**31 - 1)
        self.residual = QCheckBox(self.tr("residual"))
        self.layernorm = QCheckBox(self.tr("LayerNorm"))
        self.inputs = QPushButton()  # a tool button's menu arrow overlapped its text ("x1, x2⌄")
        self.inputs.setToolTip(self.tr("What the network is given of each point"))
        self.inputs.setMenu(QMenu(self.inputs))
        self.feature_boxes: dict[str, QAction] = {}
        for key, name in datasets.FEATURE_NAMES.items():
            action = self.inputs.menu().addAction(name)
            action.setCheckable(True)
            self.feature_boxes[key] = action
        self.rivals = [QComboBox() for _ in range(training.MAX_RIVALS)]
        for combo in self.rivals:
            combo.addItem("—", NO_RIVAL)
            for spec in catalog.all_specs():
                if spec.layout == "elementwise":
                    combo.addItem(spec.name, spec.id)
            combo.setToolTip(self.tr("Train this activation too, on the same data, initialisation and seed"))

        controls = QWidget()
        flow = FlowLayout(controls)  # wraps in a narrow window instead of widening the whole view
        flow.addWidget(grouped(self.play_button, self.step_button, self.reset_button))
        flow.addWidget(self.rate)  # on a line of its own in a narrow window
        fields: tuple[tuple[str, QWidget], ...] = (
            (self.tr("data"), self.dataset),
            (self.tr("noise"), self.noise),
            (self.tr("points"), self.points),
            (self.tr("train"), self.train_share),
            (self.tr("data seed"), self.data_seed),
            (self.tr("inputs"), self.inputs),
            (self.tr("hidden"), self.hidden),
            (self.tr("per layer"), self.layer_overrides),
            (self.tr("init"), self.init),
            (self.tr("optimizer"), self.optimizer),
            (self.tr("lr"), self.lr),
            (self.tr("momentum"), self.momentum),
            (self.tr("batch"), self.batch),
            (self.tr("L1"), self.l1),
            (self.tr("L2"), self.l2),
            (self.tr("seed"), self.seed),
        )
        for label, widget in fields:
            flow.addWidget(grouped(self._buddy(label, widget), widget))
            if widget is self.data_seed:
                flow.addWidget(self.import_button)
        flow.addWidget(grouped(self.residual, self.layernorm))
        flow.addWidget(grouped(QLabel(self.tr("race against")), self.rivals[0]))
        for combo in self.rivals[1:]:  # each wraps on its own in a narrow window
            flow.addWidget(combo)
        self._stop_message = ""
        self._instructions = self.tr(
            "Click the prediction to add a point of class 1, Shift+click for class 0 (regression: +1, −1),"
            " Ctrl+click to remove the nearest; hover a unit to see it large. Space plays and pauses."
        )
        self.note = QLabel(self._instructions)
        self.note.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(palette().background)
        self.plots = TrainPlots(self.graphics.ci, translated=True)
        self.plots.plane.scene().sigMouseClicked.connect(self._clicked)
        self.plots.units.scene().sigMouseMoved.connect(self._moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(controls)
        layout.addWidget(self.note)
        layout.addWidget(self.graphics, 1)

        self.dataset.currentIndexChanged.connect(lambda _i: self._dataset_chosen())
        self.noise.valueChanged.connect(lambda v: self.edit_settings(noise=v / 100))
        self.points.valueChanged.connect(lambda v: self.edit_settings(points=int(v)))
        self.train_share.valueChanged.connect(lambda v: self.edit_settings(train_share=v / 100))
        self.data_seed.valueChanged.connect(lambda v: self.edit_settings(data_seed=int(v)))
        self.init.currentIndexChanged.connect(lambda _i: self.edit_settings(init=self.init.currentData()))
        self.optimizer.currentIndexChanged.connect(lambda _i: self._optimizer_chosen())
        self.momentum.valueChanged.connect(lambda v: self.edit_settings(momentum=float(v)))
        self.l1.valueChanged.connect(lambda v: self.edit_settings(l1=float(v)))
        self.lr.valueChanged.connect(lambda v: self.edit_settings(lr=float(v)))
        self.batch.valueChanged.connect(lambda v: self.edit_settings(batch=int(v)))
        self.l2.valueChanged.connect(lambda v: self.edit_settings(l2=float(v)))
        self.seed.valueChanged.connect(lambda v: self.edit_settings(seed=int(v)))
        self.residual.toggled.connect(lambda on: self.edit_settings(residual=bool(on)))
        self.layernorm.toggled.connect(lambda on: self.edit_settings(layernorm=bool(on)))
        for action in self.feature_boxes.values():
            action.toggled.connect(lambda _on: self._features_edited())
        for combo in self.rivals:
            combo.currentIndexChanged.connect(lambda _i: self._rivals_edited())
        self.step_action = QAction(self.tr("Train One Step"), self)
        self.step_action.setShortcut(QKeySequence("Ctrl+Right"))
        self.step_action.triggered.connect(self.step)
        self._awaiting_paint = False
        self._rotation = 0
        self._watched: list[tuple[int, tuple[np.ndarray, ...]]] = []
        self._next_timer = QTimer(self, singleShot=True, interval=UNPAINTED_MS)
        self._next_timer.timeout.connect(self._continue)
        self.graphics.viewport().installEventFilter(self)
        self._hover_timer = QTimer(self, singleShot=True, interval=30)
        self._hover_timer.timeout.connect(self._redraw)
        self._show_play()
        self.show_settings()

    # --- widgets ---------------------------------------------------------------------------

    @staticmethod
    def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setKeyboardTracking(False)
        return spin

    @staticmethod
    def _number(low: float, high: float, decimals: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.setSingleStep(10 ** -(decimals - 1))
        spin.setKeyboardTracking(False)
        return spin

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("TrainView", "Training")

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        return spec.layout == "elementwise"

    def actions(self) -> list[QAction]:
        return [self.step_action]

    # --- playing ---------------------------------------------------------------------------

    def _rate_text(self, step: int, rate: float) -> str:
        return (
            self.tr("step %(step)s · %(rate)s steps/s")
            .replace("%(step)s", f"{step:,}")
            .replace("%(rate)s", f"{rate:,.0f}" if rate else "–")
        )

    def _show_play(self) -> None:
        with QSignalBlocker(self.play_button):
            self.play_button.setChecked(self.playing)
        # Qt's own icons: "⏸" is missing from many fonts (a box was seen with DejaVu only).
        icon = QStyle.StandardPixmap.SP_MediaPause if self.playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("Pause") if self.playing else self.tr("Play"))
        self.play_button.setToolTip(
            self.tr("Train continuously (Space)") if not self.playing else self.tr("Pause (Space)")
        )

    def set_playing(self, playing: bool) -> None:
        if playing and self.last_result is not None and self.last_result.stopped is not None:
            playing = False  # a run that overflowed stays stopped until Reset or a change
        was_playing, self.playing = self.playing, playing
        self._show_play()
        if was_playing and not playing and self.last_result is not None:
            self.plots.show(self.last_result, hover=self.hover)  # the curves up to the last step
        if playing:
            self.target = (
                self.last_result.runs[0].step if self.last_result is not None else self.target
            ) + self.chunk
            self.request_changed.emit()

    def step(self) -> None:
        self.set_playing(False)
        done = self.last_result.runs[0].step if self.last_result is not None else self.target
        if self.last_result is None or self.last_result.stopped is None:
            self.target = done + 1
            self.request_changed.emit()

    def reset(self) -> None:
        self.set_playing(False)
        self.target = 0
        self.request_changed.emit()

    # --- settings --------------------------------------------------------------------------

    def edit_settings(self, **changes: Any) -> None:
        """A changed network or data set trains again from step 0 (Playground does the same)."""
        if dataclasses.replace(self.settings, **changes) != self.settings:
            self.target = 0  # before the request is asked for
        super().edit_settings(**changes)

    def _dataset_chosen(self) -> None:
        chosen = self.dataset.currentData()
        if chosen == datasets.OWN and not self.settings.own_points:
            self.import_csv()
            return
        self.edit_settings(dataset=chosen)

    def _optimizer_chosen(self) -> None:
        chosen = self.optimizer.currentData()
        # Adam has no momentum setting: a momentum kept from SGD would make the request invalid.
        self.edit_settings(optimizer=chosen, **({"momentum": 0.0} if chosen == "adam" else {}))

    def _edit_checked(self, **changes: Any) -> bool:
        """Take ``changes`` if the request they make is valid (stored as validation normalises
        them); otherwise say why and show the settings that stay."""
        try:
            checked = dataclasses.replace(self.settings, **changes).request("relu", {}).validated()
        except InputError as err:
            self.notice.emit(str(err))
            self.show_settings()
            return False
        self.edit_settings(**{name: getattr(checked, name) for name in changes})
        return True

    def _hidden_edited(self) -> None:
        try:
            hidden = training.parse_hidden(self.hidden.text())
        except InputError as err:
            self.notice.emit(str(err))
            self.show_settings()
            return
        self._edit_checked(hidden=hidden, layer_activations=())

    def _overrides_edited(self) -> None:
        items = [part for part in self.layer_overrides.text().split(",") if part.strip()]
        try:
            chosen = training.parse_layer_activations(items, len(self.settings.hidden))
        except InputError as err:
            self.notice.emit(str(err))
            self.show_settings()
            return
        self._edit_checked(layer_activations=chosen)

    def _features_edited(self) -> None:
        chosen = tuple(key for key, box in self.feature_boxes.items() if box.isChecked())
        if not chosen:
            self.notice.emit(self.tr("The network needs at least one input"))
            self.show_settings()
            return
        self.edit_settings(features=chosen)

    def _rivals_edited(self) -> None:
        rivals = []
        for combo in self.rivals:
            activation = combo.currentData()
            if activation:
                rivals.append((activation, tuple(sorted(catalog.get(activation).defaults().items()))))
        self.edit_settings(rivals=tuple(rivals))

    def import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import Points"), str(Path.home()), self.tr("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.load_points(path)
        else:
            self.show_settings()  # the data combo goes back to what is shown

    def load_points(self, path: str) -> bool:
        """Train on the points of a CSV file; a bad file is one notice, and nothing changes."""
        try:
            found = datasets.read_points_csv(path)
        except InputError as err:
            self.notice.emit(str(err))
            self.show_settings()
            return False
        self.edit_settings(dataset=datasets.OWN, own_points=found.points, own_task=found.task, own_split=())
        self.notice.emit(self.tr("%d points from %s") % (len(found.points), Path(path).name))
        return True

    def show_settings(self) -> None:
        s = self.settings
        widgets: list[QWidget] = [
            self.dataset,
            self.noise,
            self.points,
            self.train_share,
            self.data_seed,
            self.hidden,
            self.layer_overrides,
            self.init,
            self.optimizer,
            self.lr,
            self.batch,
            self.momentum,
            self.l1,
            self.l2,
            self.seed,
            self.residual,
            self.layernorm,
            *self.rivals,
        ]
        blockers = [QSignalBlocker(w) for w in widgets]
        self.dataset.setCurrentIndex(max(self.dataset.findData(s.dataset), 0))
        self.noise.setValue(round(s.noise * 100))
        self.points.setValue(s.points)
        self.train_share.setValue(round(s.train_share * 100))
        self.data_seed.setValue(s.data_seed)
        self.hidden.setText(",".join(str(h) for h in s.hidden))
        self.layer_overrides.setText(
            ", ".join(f"{i + 1}={choice[0]}" for i, choice in enumerate(s.layer_activations) if choice)
        )
        self.init.setCurrentIndex(max(self.init.findData(s.init), 0))
        self.optimizer.setCurrentIndex(max(self.optimizer.findData(s.optimizer), 0))
        self.lr.setValue(s.lr)
        self.batch.setValue(s.batch)
        self.momentum.setValue(s.momentum)
        self.momentum.setEnabled(s.optimizer == "sgd")
        self.l1.setValue(s.l1)
        self.l2.setValue(s.l2)
        self.seed.setValue(s.seed)
        self.residual.setChecked(s.residual)
        self.layernorm.setChecked(s.layernorm)
        for key, action in self.feature_boxes.items():
            with QSignalBlocker(action):
                action.setChecked(key in s.features)
        self.inputs.setText(", ".join(datasets.FEATURE_NAMES[k] for k in s.features))
        for i, combo in enumerate(self.rivals):
            combo.setCurrentIndex(max(combo.findData(s.rivals[i][0] if i < len(s.rivals) else NO_RIVAL), 0))
        own = s.dataset == datasets.OWN
        for widget in (self.noise, self.points, self.data_seed):
            widget.setEnabled(not own)
        del blockers

    # --- points by hand --------------------------------------------------------------------

    def _clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.last_result is None:
            return
        box = self.plots.plane.vb
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        pos = box.mapSceneToView(event.scenePos())
        modifiers = event.modifiers()
        data = self.last_result.data
        points = [(float(p[0]), float(p[1]), float(t)) for p, t in zip(data.points, data.target)]
        trains = [bool(flag) for flag in data.train]  # every point keeps its side of the split
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            nearest = min(range(len(points)), key=lambda i: math.dist(points[i][:2], (pos.x(), pos.y())))
            del points[nearest], trains[nearest]
        else:
            shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            value = (0.0 if shift else 1.0) if data.task == "classification" else (-1.0 if shift else 1.0)
            points.append((round(pos.x(), 4), round(pos.y(), 4), value))
            trains.append(True)  # a point placed by hand is one to learn from
        own = {"own_points": tuple(points), "own_task": data.task, "own_split": tuple(trains)}
        if self._edit_checked(dataset=datasets.OWN, **own):  # too few or too many points: said why
            event.accept()

    def _moved(self, scene_pos: Any) -> None:
        box = self.plots.units.vb
        hover = None
        if box.sceneBoundingRect().contains(scene_pos):
            pos = box.mapSceneToView(scene_pos)
            hover = self.plots.tile_at(pos.x(), pos.y())
        if hover != self.hover:
            self.hover = hover
            self._hover_timer.start()

    def _redraw(self) -> None:
        if self.last_result is not None:
            self.plots.show(self.last_result, hover=self.hover)

    # --- request and result ----------------------------------------------------------------

    def set_state(self, state: ExplorerState) -> None:
        key = (state.activation, tuple(sorted(state.current_params().items())), state.device)
        if key != self._trained_key:
            self._trained_key = key
            self.target = 0  # another activation: its own network, from step 0

    def build_request(self, state: ExplorerState) -> TrainRequest:
        return self.settings.request(
            state.activation, state.current_params(), state.device, steps=self.target
        )

    def learn_input_code(self, state: ExplorerState) -> str:
        return "x  # the hidden layer's pre-activations, Linear(inputs) of the data set's points"

    def learn_program(self, state: ExplorerState) -> str | None:
        try:
            return training.train_code(self.build_request(state).validated())
        except InputError:
            return None

    def show_result(self, result: TrainResult) -> None:
        self.last_result = result
        self._remember(result)
        # While playing, one panel against steps is redrawn a frame, in turn, and the plane every
        # frame: painting all seven panels at once took ~30 ms, most of a frame's GUI time.
        history = None
        if self.playing:
            self._rotation = history = (self._rotation + 1) % len(HISTORY_PANELS)
        self.plots.show(result, hover=self.hover, history=history)
        race = len(result.runs) > 1
        stops = [f"{run.label}: {run.stopped}" if race else run.stopped for run in result.runs if run.stopped]
        stopped = result.stopped
        # In the note's place, not a line of its own: the plots below jumped down when one appeared.
        message = self.tr("Training stopped: %s") % "; ".join(stops) if stops else ""
        if message != self._stop_message:  # an unchanged label is not set again: that relays the view out
            self._stop_message = message
            self.note.setText(message or self._instructions)
            self.note.setStyleSheet(STOP_STYLE if message else "")
        done = result.runs[0].step
        if result.steps_per_second > 0:
            per_frame = result.steps_per_second * FRAME_S
            self.chunk = int(min(max(per_frame, 1), MAX_CHUNK))
        # Steps per second while playing; one Step or a pause has no rate worth reading.
        self.rate.setText(self._rate_text(done, result.steps_per_second if self.playing else 0.0))
        if stopped is not None and self.playing:
            self.set_playing(False)
        if self.playing and result.request.steps == self.target:
            # The next steps are asked for once this frame is painted: training while the GUI
            # thread paints would take turns with it for the GIL at every small torch call
            # (about 30 steps/s instead of 1,000 were measured when the two overlapped).
            self._awaiting_paint = True
            self._next_timer.start()  # in case nothing is painted (the window is minimised)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._awaiting_paint:
            self._awaiting_paint = False
            QTimer.singleShot(0, self._continue)  # runs once this paint has finished
        return False

    def _continue(self) -> None:
        self._next_timer.stop()
        if self.playing and self.last_result is not None:
            self.target = self.last_result.runs[0].step + self.chunk
            self.request_changed.emit()

    def _remember(self, result: TrainResult) -> None:
        """Keep each shown prediction (a reference, not a copy) for a GIF of what was watched; a run
        that started again (Reset, another setting) starts a new film."""
        step = result.runs[0].step
        last = self._watched[-1] if self._watched else None
        if last is not None and (step < last[0] or len(last[1]) != len(result.runs)):
            self._watched.clear()
        elif last is not None and step == last[0]:
            self._watched.pop()  # the same step drawn again (a hover, a pause): its newest picture
        self._watched.append((step, tuple(run.prediction for run in result.runs)))
        if len(self._watched) > MAX_WATCHED:
            self._watched = self._watched[-1::-2][::-1]  # every other one, the newest kept

    def exported_result(self) -> TrainResult | None:
        """The last result with the predictions watched since step 0 as its frames: a GIF exported
        from the window shows the plane over training (the worker keeps no frames while playing)."""
        result = self.last_result
        if result is None or len(self._watched) < 2 or self._watched[-1][0] != result.runs[0].step:
            return result
        steps = np.array([step for step, _ in self._watched])
        runs = tuple(
            dataclasses.replace(run, frame_steps=steps, frames=np.stack([p[i] for _, p in self._watched]))
            for i, run in enumerate(result.runs)
        )
        return dataclasses.replace(result, runs=runs)

    def status_text(self, result: TrainResult) -> str:
        main = result.runs[0]
        h = main.history
        metric = "test_accuracy" if "test_accuracy" in h else "test_r2"
        return (
            self.tr("step %(step)s · train loss %(train)s · test loss %(test)s · %(metric)s %(value)s")
            .replace("%(step)s", f"{main.step:,}")
            .replace("%(train)s", f"{h['train_loss'][-1]:.4g}")
            .replace("%(test)s", f"{h['test_loss'][-1]:.4g}")
            .replace(
                "%(metric)s", self.tr("test accuracy") if metric == "test_accuracy" else self.tr("test R²")
            )
            .replace("%(value)s", f"{h[metric][-1]:.4g}")
        )

    def reset_view(self) -> None:
        for plot in (self.plots.loss, self.plots.metric, *self.plots.stats.values()):
            plot.vb.enableAutoRange()
        if self.last_result is not None:
            self.plots.show(self.last_result, hover=self.hover)

    @classmethod
    def figure(
        cls, result: TrainResult, *, transparent: bool = False, scale: float = 1.0, frame: int | None = None
    ) -> FigureCanvas:
        r = result.request
        main = result.runs[0]
        hidden = "×".join(str(h) for h in r.hidden) or "no hidden layer"
        names = " vs ".join(run.label for run in result.runs)
        metric = "test accuracy" if "test_accuracy" in main.history else "test R²"
        key = "test_accuracy" if metric == "test accuracy" else "test_r2"
        finals = ", ".join(f"{run.label} {run.history[key][-1]:.3f}" for run in result.runs)
        canvas = FigureCanvas(
            f"{names} learning {r.dataset if r.dataset != 'own' else 'your points'}",
            f"MLP {hidden} · {r.optimizer} lr {r.lr:g} · batch {r.batch} · init {r.init} · seed {r.seed}"
            f" · {main.step:,} steps · {metric}: {finals} · PyTorch",
            transparent=transparent,
            scale=scale,
        )
        TrainPlots(canvas.body, scale).show(result, frame)
        return canvas
