"""Start-up: the window is built without PyTorch, which the worker loads meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys


def test_building_the_window_does_not_import_torch():
    """`import torch` takes 1-3.5 s; anything that imports it on the GUI thread delays the window."""
    code = (
        "import sys\n"
        "from actviewer.gui.app import make_application\n"
        "app = make_application()\n"
        "from actviewer.gui.main_window import MainWindow\n"
        "from actviewer.gui.views import registry\n"
        "registry.views()\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
