"""The left column: the activation picker, its parameters, and the domain and device."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from ...core.texts import Texts
from .domain import DomainPanel
from .params import ParamPanel
from .picker import ActivationPicker


class Sidebar(QScrollArea):
    def __init__(self, texts: Texts) -> None:
        super().__init__()
        self.picker = ActivationPicker(texts)
        self.param_panel = ParamPanel(texts)
        self.domain_panel = DomainPanel()
        column = QWidget()
        side = QVBoxLayout(column)
        side.setContentsMargins(6, 6, 6, 6)
        side.addWidget(self.picker, 1)
        self.param_group = QGroupBox(self.tr("Parameters"))
        QVBoxLayout(self.param_group).addWidget(self.param_panel)
        domain_group = QGroupBox(self.tr("Domain and device"))
        QVBoxLayout(domain_group).addWidget(self.domain_panel)
        side.addWidget(self.param_group)
        side.addWidget(domain_group)
        self.setWidget(column)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As wide as its widest row needs, in either language (Vietnamese labels are longer).
        self.needed_width = max(
            300, column.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 4
        )
        self.setMinimumWidth(self.needed_width)
