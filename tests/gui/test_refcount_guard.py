"""Guard against PySide6 6.12.0 on Python < 3.12, which leaks references to None.

That pair drops a reference to None on every void Qt call (and to True on
some), so a live-plotting process dies with ``Fatal Python error:
none_dealloc`` after a few thousand redraws. pyproject.toml excludes the pair
with environment markers; these tests fail if it ever comes back.
"""

from __future__ import annotations

import importlib.metadata
import sys

import pytest
from PySide6 import QtCore, QtWidgets

CALLS = 20_000
IMMORTAL_SINGLETONS = sys.version_info >= (3, 12)
"""From 3.12 None, True and False are immortal: their counts mean nothing and 6.12 is safe."""


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


@pytest.mark.skipif(IMMORTAL_SINGLETONS, reason="None/True/False are immortal from Python 3.12")
def test_void_qt_calls_do_not_drift_reference_counts_of_singletons(qapp):
    widget = QtWidgets.QWidget()
    label = QtWidgets.QLabel("x")
    timer = QtCore.QTimer()
    before = _counts()
    for i in range(CALLS):
        widget.update()
        widget.setEnabled(True)
        label.setVisible(False)
        timer.setInterval(i % 7 + 1)
        widget.isVisible()
    after = _counts()
    for name, b, a in zip(("None", "True", "False"), before, after):
        assert abs(a - b) < 100, f"refcount of {name} drifted by {a - b} over {CALLS} void Qt calls"


@pytest.mark.skipif(IMMORTAL_SINGLETONS, reason="PySide6 6.12 is safe from Python 3.12")
def test_the_installed_qt_binding_is_not_the_broken_pair():
    version = tuple(int(p) for p in importlib.metadata.version("shiboken6").split(".")[:2])
    assert version < (6, 12), "PySide6 6.12 on Python < 3.12 aborts live plots (none_dealloc)"


def test_the_package_metadata_excludes_the_broken_pair():
    requires = importlib.metadata.requires("actviewer") or []
    pyside = [r.replace(" ", "").replace('"', "'") for r in requires if r.lower().startswith("pyside6")]
    assert any("<6.12" in r and "python_version<'3.12'" in r for r in pyside), pyside
    assert all("python_version" in r for r in pyside), "every PySide6 requirement must carry a marker"
