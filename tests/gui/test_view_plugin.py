"""A view defined entirely here, registered through the public registries, hosted by the window.

The toy view plots g(x) = f(x) · f'(x) of the current activation. Nothing
outside this file knows it: the window shows it as a tab, the worker
computes it, File > Export writes its figure and its data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout

from actviewer.core import dispatch, writers
from actviewer.core.compute import compute
from actviewer.core.export_data import write_columns_csv
from actviewer.core.request import ComputeRequest
from actviewer.gui.figures.render import FigureCanvas
from actviewer.gui.figures.style import OUTPUT_COLOUR, curve_pen, style_plot
from actviewer.gui.views import registry
from actviewer.gui.views.base import View


@dataclass(frozen=True)
class ProductRequest:
    curve: ComputeRequest

    def validated(self) -> ProductRequest:
        return replace(self, curve=self.curve.validated())


@dataclass(frozen=True, eq=False)
class ProductResult:
    request: ProductRequest
    x: np.ndarray
    g: np.ndarray


def compute_product(request: ProductRequest) -> ProductResult:
    curve = compute(request.curve)
    return ProductResult(request, curve.x, curve.y * curve.dy)


class ProductView(View):
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
        return "f · f′"

    def build_request(self, state) -> ProductRequest:
        return ProductRequest(state.request(samples=101))

    def learn_input_code(self, state) -> str:
        return "torch.linspace(-6, 6, 101)"

    def show_result(self, result: ProductResult) -> None:
        self.last_result = result
        self.line.setData(result.x, result.g)

    @classmethod
    def figure(cls, result: ProductResult, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        canvas = FigureCanvas("f · f′", "a toy view", transparent=transparent, scale=scale)
        panel = canvas.body.addPlot(row=0, col=0)
        style_plot(panel, "g(x)", "g")
        panel.plot(result.x, result.g, pen=curve_pen(OUTPUT_COLOUR, 4 * scale))
        return canvas


def write_product_csv(result: ProductResult, path: Any):
    return write_columns_csv([("x", result.x), ("g", result.g)], path)


@pytest.fixture
def product_view():
    dispatch.register_compute(ProductRequest, compute_product)
    writers.register_data_writer(ProductResult, ".csv", "CSV of x and f·f′", write_product_csv)
    registry.register_view(ProductView)
    yield ProductView
    registry.unregister_view(ProductView.id)
    writers.unregister_data_writers(ProductResult)
    dispatch.unregister_compute(ProductRequest)


def test_a_view_defined_in_a_test_is_hosted_computed_and_exported(qtbot, make_window, product_view, tmp_path):
    window = make_window()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "f · f′" in titles
    state = replace(window.state, activation="tanh", view="product")
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: isinstance(r, ProductResult)
    ):
        window.set_state(state)
    view = window.views["product"]
    assert window.current_view() is view and window.tabs.currentIndex() == window.tab_index("product")
    result = view.last_result
    x = np.linspace(-6, 6, 101)
    np.testing.assert_allclose(
        result.g, np.tanh(x) * (1 - np.tanh(x) ** 2), atol=1e-6
    )  # independent of torch
    np.testing.assert_array_equal(view.line.yData, result.g)

    assert window.export_to(tmp_path / "g.csv")
    with open(tmp_path / "g.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["x", "g"]
    np.testing.assert_allclose(np.array(rows[1:], dtype=float)[:, 1], result.g, rtol=1e-6)

    assert window.export_to(tmp_path / "g.png", width=800)
    image = QImage(str(tmp_path / "g.png"))
    assert image.width() == 800
    blue = QImage(image).convertToFormat(QImage.Format.Format_RGB32)
    target = int(OUTPUT_COLOUR[1:], 16)
    hits = sum(
        1
        for y in range(0, blue.height(), 2)
        for x_px in range(0, blue.width(), 2)
        if blue.pixel(x_px, y) & 0xFFFFFF == target
    )
    assert hits > 50, "the exported figure does not show the toy view's curve"


def test_a_view_that_cannot_show_an_activation_has_its_tab_disabled(qtbot, make_window, product_view):
    window = make_window()
    index = window.tab_index("matrix")
    assert not window.tabs.isTabEnabled(index)  # sigmoid, the default, is elementwise
    assert window.tabs.isTabEnabled(window.tab_index("product"))


def test_a_plug_in_whose_title_is_an_instance_method_is_told_so_when_registered():
    class OldStyle(ProductView):
        id = "old_style"

        def title(self) -> str:  # type: ignore[override]
            return "old"

    with pytest.raises(TypeError, match=r"'old_style': title\(\) must be a @classmethod"):
        registry.register_view(OldStyle)
    assert "old_style" not in [v.id for v in registry.views()]

    class OldActions(ProductView):  # toolbar actions made by the view: it would be built at start-up
        id = "old_actions"

        def global_actions(self) -> list:  # type: ignore[override]
            return []

    with pytest.raises(TypeError, match=r"'old_actions': global_actions\(\) must be a @classmethod"):
        registry.register_view(OldActions)
