"""x range, sample count, device and dtype.

Limits come from the core's request module, so the widgets cannot offer a
value the CLI would refuse. The device list is filled once the worker has
loaded torch and asked it what is available.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from ...core.devices import DTYPES, DeviceInfo
from ...core.request import MAX_ABS_X, MAX_SAMPLES, MIN_SAMPLES
from ...core.state import ExplorerState


class DomainPanel(QWidget):
    domain_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x_min = self._x_spin()
        self.x_max = self._x_spin()
        self.samples = QSpinBox()
        self.samples.setRange(MIN_SAMPLES, MAX_SAMPLES)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.samples.setKeyboardTracking(False)
        self.samples.setAccelerated(True)
        self.sampling = QComboBox()
        self.sampling.addItem(self.tr("Adaptive (screen)"), True)
        self.sampling.addItem(self.tr("Fixed samples"), False)
        self.sampling.setToolTip(
            self.tr(
                "Adaptive recomputes the visible range when you zoom or pan; fixed keeps the samples below"
            )
        )
        self.device = QComboBox()
        self.device.addItem(self.tr("CPU"), "cpu")
        self.dtype = QComboBox()
        for name in DTYPES:
            self.dtype.addItem(name, name)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("x min"), self.x_min)
        form.addRow(self.tr("x max"), self.x_max)
        form.addRow(self.tr("Sampling"), self.sampling)
        form.addRow(self.tr("Samples"), self.samples)
        form.addRow(self.tr("Device"), self.device)
        form.addRow(self.tr("dtype"), self.dtype)
        self.samples.setToolTip(self.tr("Number of evenly spaced x values, up to %s") % f"{MAX_SAMPLES:,}")
        self.device.setToolTip(self.tr("Where PyTorch computes: the devices it reports as available"))
        for spin in (self.x_min, self.x_max, self.samples):
            spin.valueChanged.connect(self._emit)
        for combo in (self.device, self.dtype, self.sampling):
            combo.currentIndexChanged.connect(self._emit)

    @staticmethod
    def _x_spin() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-MAX_ABS_X, MAX_ABS_X)
        spin.setDecimals(3)
        spin.setSingleStep(0.5)
        spin.setKeyboardTracking(False)
        spin.setAccelerated(True)
        return spin

    def set_devices(self, devices: Sequence[DeviceInfo]) -> None:
        current = self.device.currentData()
        with QSignalBlocker(self.device):
            self.device.clear()
            for info in devices:
                self.device.addItem(info.name, info.id)
            self._select(self.device, current)

    def set_state(self, state: ExplorerState) -> None:
        with (
            QSignalBlocker(self.x_min),
            QSignalBlocker(self.x_max),
            QSignalBlocker(self.samples),
            QSignalBlocker(self.device),
            QSignalBlocker(self.dtype),
            QSignalBlocker(self.sampling),
        ):
            self.x_min.setValue(state.x_min)
            self.x_max.setValue(state.x_max)
            self.samples.setValue(state.samples)
            if self.device.findData(state.device) < 0:
                # Not listed (yet): keep the user's choice visible until torch reports devices.
                self.device.addItem(state.device, state.device)
            self._select(self.device, state.device)
            self._select(self.dtype, state.dtype)
            self._select(self.sampling, state.adaptive)
        self.samples.setEnabled(not state.adaptive)

    def values(self) -> dict[str, object]:
        return {
            "x_min": float(self.x_min.value()),
            "x_max": float(self.x_max.value()),
            "samples": int(self.samples.value()),
            "device": self.device.currentData() or "cpu",
            "dtype": self.dtype.currentData() or "float32",
            "adaptive": bool(self.sampling.currentData()),
        }

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _emit(self, *_: object) -> None:
        values = self.values()
        self.samples.setEnabled(not values["adaptive"])
        self.domain_changed.emit(values)
