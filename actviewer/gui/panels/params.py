"""Parameter controls generated from the catalog's :class:`ParamSpec` declarations.

One control class per parameter *kind* (float, int, choice, bool), chosen from
a registry; no activation is named here. Setting values from state blocks the
controls' signals so an update never echoes back as an edit.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import ActivationSpec
from ...core.params import ParamSpec, ParamValue
from ...core.texts import Texts

_UNBOUNDED = 1e6
_SLIDER_STEPS = 1000
DECIMALS = 3
"""Digits a float control shows and rounds slider positions to."""


class ParamControl(QWidget):
    """A widget editing one parameter; emits ``edited`` with the new value."""

    edited = Signal(object)

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setToolTip(spec.help)

    def value(self) -> ParamValue:
        raise NotImplementedError

    def set_value(self, value: ParamValue) -> None:
        raise NotImplementedError

    def restrict(self, low: float | None, high: float | None) -> None:
        """Offer only values in [low, high] (a view's limit); None lifts that side back to the declaration."""


class FloatControl(ParamControl):
    """A slider over the declared UI range, linked to a spin box over the hard limits."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, _SLIDER_STEPS)
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
        self.spin.valueChanged.connect(self._from_spin)
        self.set_value(spec.default)

    def _lo_hi(self) -> tuple[float, float]:
        lo = self.spec.ui_min if self.spec.ui_min is not None else self.spin.minimum()
        hi = self.spec.ui_max if self.spec.ui_max is not None else self.spin.maximum()
        return float(lo), float(hi)

    def _slider_position(self, value: float) -> int:
        lo, hi = self._lo_hi()
        return round((min(max(value, lo), hi) - lo) / (hi - lo) * _SLIDER_STEPS)

    def _from_slider(self, position: int) -> None:
        lo, hi = self._lo_hi()
        raw = lo + (hi - lo) * position / _SLIDER_STEPS
        step = self.spec.step or (hi - lo) / _SLIDER_STEPS
        value = round(round(raw / step) * step, DECIMALS)
        value = min(max(value, self.spin.minimum()), self.spin.maximum())
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self.edited.emit(float(self.spin.value()))

    def _from_spin(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._slider_position(value))
        self.edited.emit(float(value))

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
        self.combo.currentTextChanged.connect(self.edited.emit)
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


CONTROLS: dict[str, type[ParamControl]] = {
    "float": FloatControl,
    "int": IntControl,
    "choice": ChoiceControl,
    "bool": BoolControl,
}


class ParamPanel(QWidget):
    """The selected activation's parameters, rebuilt whenever the activation changes."""

    params_changed = Signal(dict)

    def __init__(self, texts: Texts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts or Texts()
        self._spec: ActivationSpec | None = None
        self.controls: dict[str, ParamControl] = {}
        self.labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._form_host = QWidget()
        self._form = QFormLayout(self._form_host)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
            while self._form.rowCount():
                self._form.removeRow(0)
            self.controls = {}
            self.labels = {}
            for param in spec.params:
                control = CONTROLS[param.kind](param)
                control.edited.connect(self._emit)
                help_text = self.texts.param_help(spec, param)
                control.setToolTip(help_text)
                label = QLabel(self.texts.param_label(spec, param))
                label.setToolTip(help_text)
                label.setBuddy(control)
                self._form.addRow(label, control)
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
