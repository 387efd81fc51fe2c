"""The toy feature's view (:mod:`tests.toy_feature`): the Qt half, loaded only by the window."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout

from actviewer.gui.views.base import View
from tests.toy_feature import TITLE, ProductRequest, ProductResult


class ProductView(View[ProductRequest, ProductResult]):
    id = "product"
    request_type = ProductRequest
    result_type = ProductResult

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.graphics = pg.PlotWidget()
        self.line = self.graphics.plot()
        QVBoxLayout(self).addWidget(self.graphics)

    @classmethod
    def title(cls) -> str:
        return TITLE

    def build_request(self, state) -> ProductRequest:
        return ProductRequest(
            state.activation, state.current_params(), device=state.device, dtype=state.dtype
        )

    def learn_input_code(self, state) -> str:
        return "torch.linspace(-6, 6, 101)"

    def show_result(self, result: ProductResult) -> None:
        self.last_result = result
        self.line.setData(result.x, result.g)
