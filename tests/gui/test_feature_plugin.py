"""A feature declared outside the package (:mod:`tests.toy_feature`) gets a tab, a subcommand,
CSV/JSON and PNG export, with no edit to actviewer: registered in-process, or installed through
the ``actviewer.features`` entry-point group as another package would be."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from actviewer.core import features
from actviewer.gui.figures.style import OUTPUT_COLOUR
from actviewer.gui.views import registry
from tests import toy_feature
from tests.toy_feature import ProductResult

ROOT = Path(__file__).resolve().parents[2]


def _blue_pixels(path: Path) -> int:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    target = int(OUTPUT_COLOUR[1:], 16)
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) & 0xFFFFFF == target
    )


def _tanh_product(x: np.ndarray) -> np.ndarray:
    return np.tanh(x) * (1 - np.tanh(x) ** 2)  # independent of torch


@pytest.fixture
def product_feature():
    features.register_feature(toy_feature.FEATURE)
    yield toy_feature.FEATURE
    features.unregister_feature("product")


def test_a_feature_registered_from_outside_is_hosted_computed_and_exported(
    qtbot, make_window, product_feature, tmp_path
):
    window = make_window()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[-1] == "f · f′"
    state = replace(window.state, activation="tanh", view="product")
    with qtbot.waitSignal(
        window.result_shown, timeout=30_000, check_params_cb=lambda r: isinstance(r, ProductResult)
    ):
        window.set_state(state)
    view = window.views["product"]
    assert window.current_view() is view and window.tabs.currentIndex() == window.tab_index("product")
    result = view.last_result
    np.testing.assert_allclose(result.g, _tanh_product(np.linspace(-6, 6, 101)), atol=1e-6)
    np.testing.assert_array_equal(view.line.yData, result.g)

    assert window.exports.export_to(tmp_path / "g.csv")
    with open(tmp_path / "g.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["x", "g"]
    np.testing.assert_allclose(np.array(rows[1:], dtype=float)[:, 1], result.g, rtol=1e-6)
    assert window.exports.export_to(tmp_path / "g.json")
    assert json.loads((tmp_path / "g.json").read_text())["g"] == pytest.approx(result.g.tolist())

    assert window.exports.export_to(tmp_path / "g.png", width=800)
    assert QImage(str(tmp_path / "g.png")).width() == 800
    assert _blue_pixels(tmp_path / "g.png") > 50, "the exported figure does not show the toy curve"


def test_a_view_that_cannot_show_an_activation_has_its_tab_disabled(qtbot, make_window, product_feature):
    window = make_window()
    assert not window.tabs.isTabEnabled(window.tab_index("matrix"))  # sigmoid, the default, is elementwise
    assert window.tabs.isTabEnabled(window.tab_index("product"))


def test_a_view_whose_title_is_an_instance_method_is_told_so():
    from tests.toy_feature_view import ProductView

    class OldStyle(ProductView):
        id = "old_style"

        def title(self) -> str:  # type: ignore[override]
            return "old"

    with pytest.raises(TypeError, match=r"'old_style': title\(\) must be a @classmethod"):
        registry.check_view(OldStyle)

    class OldActions(ProductView):  # toolbar actions made by the view: it would be built at start-up
        id = "old_actions"

        def global_actions(self) -> list:  # type: ignore[override]
            return []

    with pytest.raises(TypeError, match=r"'old_actions': global_actions\(\) must be a @classmethod"):
        registry.check_view(OldActions)


@pytest.fixture
def installed(tmp_path):
    """An environment in which a package 'toy-feature' declares ``tests.toy_feature`` in the
    ``actviewer.features`` entry-point group, as ``pip install`` of such a package would."""
    site = tmp_path / "site"
    info = site / "toy_feature-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-feature\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[actviewer.features]\nproduct = tests.toy_feature:FEATURE\nbroken = tests.no_such_module:FEATURE\n"
    )
    path = os.pathsep.join([str(site), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "QT_QPA_PLATFORM": "offscreen"}


def _actviewer(env, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "actviewer", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_installed_feature_gets_a_generated_subcommand_and_every_format(installed, tmp_path):
    listed = _actviewer(installed, "--help", cwd=tmp_path)
    assert "product" in listed.stdout
    help_text = " ".join(_actviewer(installed, "product", "--help", cwd=tmp_path).stdout.split())
    assert "--samples SAMPLES x samples on [-6, 6], 2..10001 (default 101)" in help_text
    assert "format by suffix: .png, .svg, .pdf, .csv, .json" in help_text

    for name in ("g.csv", "g.json", "g.png"):
        done = _actviewer(installed, "product", "tanh", "--samples", "51", "-o", name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    x = np.linspace(-6, 6, 51)
    data = np.loadtxt(tmp_path / "g.csv", delimiter=",", skiprows=1)
    np.testing.assert_allclose(data[:, 1], _tanh_product(x), atol=1e-6)
    assert json.loads((tmp_path / "g.json").read_text())["g"] == pytest.approx(_tanh_product(x), abs=1e-6)
    assert _blue_pixels(tmp_path / "g.png") > 50

    refused = _actviewer(installed, "product", "tanh", "--samples", "1", "-o", "x.csv", cwd=tmp_path)
    assert refused.returncode == 2
    warning, error = refused.stderr.strip().splitlines()
    assert warning.startswith(
        "actviewer: warning: feature 'broken' (tests.no_such_module:FEATURE) was left out"
    )
    assert error == "actviewer product: error: --samples must be a whole number from 2 to 10001, got '1'"


def test_an_installed_feature_gets_a_tab_and_a_broken_one_is_left_out_with_a_notice(installed, tmp_path):
    code = (
        "from PySide6.QtCore import QSettings\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from actviewer.core import features\n"
        "from actviewer.gui.main_window import MainWindow\n"
        "from actviewer.gui.settings import SettingsStore\n"
        "app = QApplication([])\n"
        "store = SettingsStore(QSettings('settings.ini', QSettings.Format.IniFormat))\n"
        "window = MainWindow(settings=store, overrides={'view': 'product', 'activation': 'tanh'})\n"
        "print(window.tabs.tabText(window.tabs.count() - 1), window.current_view().id, sep='|')\n"
        "print(window.status.notice.text())\n"
        "window.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=installed, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    tab, notice = out.stdout.splitlines()[:2]
    assert tab == "f · f′|product"
    assert "feature 'broken' (tests.no_such_module:FEATURE) was left out" in notice
