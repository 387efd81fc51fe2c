"""Parameter controls generated from the catalog's :class:`ParamSpec` declarations.

One control class per parameter *kind* (float, int, choice, bool), chosen from
a registry; no activation is named here. Setting values from state blocks the
controls' signals so an update never echoes back as an edit.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec, format_value
from ...core.params import ParamSpec, ParamValue
from ...core.texts import Texts

_UNBOUNDED = 1e6
_SLIDER_STEPS = 1000
DECIMALS = 3
"""Digits a float control shows and rounds slider positions to."""


class ParamControl(QWidget):
    """A widget editing one parameter; emits ``edited`` with the new value."""

    edited = Signal(object)
    dragging = Signal(bool)
    """True when the user takes hold of its slider, False when he lets go (views keep their axes still)."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setToolTip(spec.help)

    def value(self) -> ParamValue:
        raise NotImplementedError

    def set_value(self, value: ParamValue) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Back to the declared default, as an edit (the window recomputes)."""
        if self.value() != self.spec.default:
            self.set_value(self.spec.default)
            self.edited.emit(self.value())

    def restrict(self, low: float | None, high: float | None) -> None:
        """Offer only values in [low, high] (a view's limit); None lifts that side back to the declaration."""


_KEY_STEPS: dict[Qt.Key, tuple[int, str]] = {
    Qt.Key.Key_Right: (1, "step"),
    Qt.Key.Key_Up: (1, "step"),
    Qt.Key.Key_Left: (-1, "step"),
    Qt.Key.Key_Down: (-1, "step"),
    Qt.Key.Key_PageUp: (1, "large"),
    Qt.Key.Key_PageDown: (-1, "large"),
}
"""Key -> (direction, size) of the step a slider asks for."""


class StepSlider(QSlider):
    """A slider whose keys ask for steps in the parameter's own units, and whose double-click resets it.

    QSlider's keys move its integer position by one, which after rounding to the
    parameter's step often changes nothing; here they are turned into requests
    that the control answers in value space. Arrows ask for a step, Page Up/Down
    for a large one, Shift with an arrow for a fine one.
    """

    step_requested = Signal(int, str)  # direction (+1 or -1), size: "fine", "step" or "large"
    reset_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        found = _KEY_STEPS.get(Qt.Key(event.key()))
        if found is None:
            super().keyPressEvent(event)
            return
        direction, size = found
        if size == "step" and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            size = "fine"
        self.step_requested.emit(direction, size)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.reset_requested.emit()
        event.accept()


STEPS_PER_SLIDER = {"fine": 1000, "step": 100, "large": 10}
"""A log-scale slider's key steps, as fractions of its length (its declared step is linear)."""
LARGE_STEP = 10
"""Page Up/Down move a linear slider by this many declared steps; Shift+arrow by a tenth of one."""


class FloatControl(ParamControl):
    """A slider over the declared UI range, linked to a spin box over the hard limits.

    The slider is linear, or logarithmic for a ``log_scale`` parameter, where
    each position is a fixed ratio of the one before.
    """

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.slider = StepSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, _SLIDER_STEPS)
        self.slider.setSingleStep(_SLIDER_STEPS // 100)  # the mouse wheel: one hundredth of the slider
        self.slider.setPageStep(_SLIDER_STEPS // 10)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(DECIMALS)
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        low = spec.minimum if spec.minimum is not None else -_UNBOUNDED
        if spec.exclusive_minimum:
            low += 10.0**-DECIMALS
        high = spec.maximum if spec.maximum is not None else _UNBOUNDED
        self.spin.setRange(low, high)
        self.spin.setSingleStep(spec.step or 0.1)
        self.spin.setMinimumWidth(90)
        self.slider.setAccessibleName(spec.label)
        self.spin.setAccessibleName(spec.label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.setFocusProxy(self.slider)
        self.slider.valueChanged.connect(self._from_slider)
        self.slider.step_requested.connect(self.step)
        self.slider.sliderPressed.connect(lambda: self.dragging.emit(True))
        self.slider.sliderReleased.connect(lambda: self.dragging.emit(False))
        self.slider.reset_requested.connect(self.reset)
        self.spin.valueChanged.connect(self._from_spin)
        self.set_value(spec.default)

    def _lo_hi(self) -> tuple[float, float]:
        lo = self.spec.ui_min if self.spec.ui_min is not None else self.spin.minimum()
        hi = self.spec.ui_max if self.spec.ui_max is not None else self.spin.maximum()
        return float(lo), float(hi)

    def _fraction(self, value: float) -> float:
        """Where ``value`` sits along the slider, 0 to 1."""
        lo, hi = self._lo_hi()
        value = min(max(value, lo), hi)
        if self.spec.log_scale:
            return math.log(value / lo) / math.log(hi / lo)
        return (value - lo) / (hi - lo)

    def _at(self, fraction: float) -> float:
        """The value at ``fraction`` of the slider's length (the inverse of :meth:`_fraction`)."""
        lo, hi = self._lo_hi()
        if self.spec.log_scale:
            return lo * (hi / lo) ** fraction
        return lo + (hi - lo) * fraction

    def _slider_position(self, value: float) -> int:
        return round(self._fraction(value) * _SLIDER_STEPS)

    def _rounded(self, raw: float) -> float:
        """A value a person would type: the declared step on a linear slider, three digits on a log one."""
        if self.spec.log_scale:
            value = float(f"{raw:.3g}")
        else:
            lo, hi = self._lo_hi()
            step = self.spec.step or (hi - lo) / _SLIDER_STEPS
            value = round(round(raw / step) * step, DECIMALS)
        return round(min(max(value, self.spin.minimum()), self.spin.maximum()), DECIMALS)

    def _from_slider(self, position: int) -> None:
        value = self._rounded(self._at(position / _SLIDER_STEPS))
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self.edited.emit(float(self.spin.value()))

    def _from_spin(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._slider_position(value))
        self.edited.emit(float(value))

    def step(self, direction: int, size: str) -> None:
        """One keyboard step along the slider's range: by the declared step (a tenth of it when fine,
        ten of it when large), or on a log slider by a fixed share of its length."""
        lo, hi = self._lo_hi()
        current = self.value()
        if self.spec.log_scale:
            target = self._at(self._fraction(current) + direction / STEPS_PER_SLIDER[size])
        else:
            step = self.spec.step or (hi - lo) / 100
            target = current + direction * step * {"fine": 0.1, "step": 1.0, "large": LARGE_STEP}[size]
        target = round(min(max(target, lo), hi), DECIMALS)
        if target == current and lo < current + direction * 10.0**-DECIMALS < hi:
            target = round(current + direction * 10.0**-DECIMALS, DECIMALS)  # always a visible move
        self.spin.setValue(target)  # the spin box moves the slider and reports the edit

    def value(self) -> float:
        return float(self.spin.value())

    def set_value(self, value: ParamValue) -> None:
        number = float(value)
        with QSignalBlocker(self.spin), QSignalBlocker(self.slider):
            self.spin.setValue(number)
            self.slider.setValue(self._slider_position(number))


class IntControl(ParamControl):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spin = QSpinBox()
        self.spin.setKeyboardTracking(False)
        self._declared = (
            int(spec.minimum) if spec.minimum is not None else -(2**31) + 1,
            int(spec.maximum) if spec.maximum is not None else 2**31 - 1,
        )
        self.spin.setRange(*self._declared)
        self.spin.setSingleStep(int(spec.step or 1))
        self.spin.setAccessibleName(spec.label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin)
        layout.addStretch(1)
        self.setFocusProxy(self.spin)
        self.spin.valueChanged.connect(lambda v: self.edited.emit(int(v)))
        self.set_value(spec.default)

    def value(self) -> int:
        return int(self.spin.value())

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(int(value))

    def restrict(self, low: float | None, high: float | None) -> None:
        lo = self._declared[0] if low is None else max(self._declared[0], math.ceil(low))
        hi = self._declared[1] if high is None else min(self._declared[1], math.floor(high))
        with QSignalBlocker(self.spin):
            self.spin.setRange(lo, hi)


class ChoiceControl(ParamControl):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.addItems(list(spec.choices))
        self.combo.setAccessibleName(spec.label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)
        self.combo.currentTextChanged.connect(lambda text: self.edited.emit(text))  # .emit leaked ~60 B
        self.set_value(spec.default)

    def value(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.combo):
            self.combo.setCurrentText(str(value))


class BoolControl(ParamControl):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox()
        self.check.setAccessibleName(spec.label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addStretch(1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(lambda on: self.edited.emit(bool(on)))
        self.set_value(spec.default)

    def value(self) -> bool:
        return self.check.isChecked()

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.check):
            self.check.setChecked(bool(value))


class ResetLabel(QLabel):
    """A parameter's name; double-clicking it resets that parameter alone."""

    double_clicked = Signal()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit()
        event.accept()


CONTROLS: dict[str, type[ParamControl]] = {
    "float": FloatControl,
    "int": IntControl,
    "choice": ChoiceControl,
    "bool": BoolControl,
}


class ParamPanel(QWidget):
    """The selected activation's parameters, rebuilt whenever the activation changes."""

    params_changed = Signal(dict)
    dragging = Signal(bool)
    """A parameter's slider is held (True) or let go (False)."""

    def __init__(self, texts: Texts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts or Texts()
        self._spec: ActivationSpec | None = None
        self.controls: dict[str, ParamControl] = {}
        self.labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # One parameter per block, its label above its control: a slider gets the sidebar's width.
        self._form_host = QWidget()
        self._form = QVBoxLayout(self._form_host)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setSpacing(8)
        self._rows: list[QWidget] = []
        self._none = QLabel(self.tr("This activation has no parameters."))
        self._none.setEnabled(False)
        self.reset_button = QPushButton(self.tr("Reset to defaults"))
        self.reset_button.setToolTip(self.tr("Set every parameter back to PyTorch's default"))
        self.reset_button.clicked.connect(self.reset)
        outer.addWidget(self._form_host)
        outer.addWidget(self._none)
        outer.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_activation(
        self,
        spec: ActivationSpec,
        values: Mapping[str, ParamValue],
        limits: Mapping[str, tuple[float, float]] | None = None,
        unused: Collection[str] = (),
    ) -> None:
        """Controls for ``spec`` showing ``values``; ``limits`` narrows what the current view accepts,
        and the controls of ``unused`` parameters (which the current view ignores) are disabled."""
        if self._spec is not spec:
            self._spec = spec
            for row in self._rows:
                self._form.removeWidget(row)
                # Destroyed now, with its last reference (Python owns it once it has no parent):
                # deleteLater() waits for the event loop that was running when it was called, so a
                # caller inside a nested loop (a modal dialog, a script's wait) kept every old row.
                row.setParent(None)
            self._rows = []
            self.controls = {}
            self.labels = {}
            for param in spec.params:
                control = CONTROLS[param.kind](param)
                control.edited.connect(self._emit)
                control.dragging.connect(self.dragging)  # signal to signal: .emit kept ~60 B per control
                help_text = self.texts.param_help(spec, param)
                reset_hint = self.tr("Double-click to reset it to %s") % format_value(param.default)
                control.setToolTip(f"{help_text}\n{reset_hint}")
                label = ResetLabel(self.texts.param_label(spec, param))
                label.setToolTip(f"{help_text}\n{reset_hint}")
                label.setBuddy(control)
                label.double_clicked.connect(control.reset)
                row = QWidget()
                block = QVBoxLayout(row)
                block.setContentsMargins(0, 0, 0, 0)
                block.setSpacing(2)
                block.addWidget(label)
                block.addWidget(control)
                self._form.addWidget(row)
                self._rows.append(row)
                self.controls[param.name] = control
                self.labels[param.name] = label
            has_params = bool(spec.params)
            self._none.setVisible(not has_params)
            self.reset_button.setVisible(has_params)
        limits = limits or {}
        for name, control in self.controls.items():
            control.restrict(*limits.get(name, (None, None)))
            control.setEnabled(name not in unused)
            self.labels[name].setEnabled(name not in unused)
        self.set_values(values)

    def set_values(self, values: Mapping[str, ParamValue]) -> None:
        for name, control in self.controls.items():
            if name in values:
                control.set_value(values[name])

    def values(self) -> dict[str, ParamValue]:
        return {name: control.value() for name, control in self.controls.items()}

    def reset(self) -> None:
        if self._spec is None:
            return
        self.set_values(self._spec.defaults())
        self._emit()

    def _emit(self, *_: object) -> None:
        values = self.values()
        if all(not isinstance(v, float) or math.isfinite(v) for v in values.values()):
            self.params_changed.emit(values)
