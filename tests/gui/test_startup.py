"""Start-up: the window is built without PyTorch, which the worker loads meanwhile."""

from __future__ import annotations

from pathlib import Path

from tests.fresh import run_python


def _fresh_process(code: str, tmp_path: Path) -> str:
    """Run ``code`` offscreen in a new interpreter (its argv[1]: a settings file); its stdout."""
    return run_python(code, str(tmp_path / "s.ini"), env={"QT_QPA_PLATFORM": "offscreen"})


def test_building_the_window_does_not_import_torch(tmp_path):
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
    assert _fresh_process(code, tmp_path).strip() == "False"


def test_after_the_first_curve_the_worker_warms_up_torch_func(tmp_path):
    """The first Jacobian of the 2-D tab imported torch._dynamo (~1 s) with nothing on screen saying
    why; the worker now pays that right after the first curve is shown, so the tab opens at once."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from actviewer.gui.app import make_application\n"
        "app = make_application()\n"
        "from actviewer.gui.main_window import MainWindow\n"
        "from actviewer.gui.settings import SettingsStore\n"
        "window = MainWindow(settings=SettingsStore(QSettings(sys.argv[1], QSettings.Format.IniFormat)))\n"
        "shown = []\n"
        "window.result_shown.connect(lambda r: shown.append(r))\n"
        "window.show()\n"
        "before = 'torch._dynamo' in sys.modules\n"
        "from PySide6.QtCore import QEventLoop, QTimer\n"
        "loop = QEventLoop()\n"
        "check = QTimer()\n"
        "check.timeout.connect(lambda: loop.quit() if shown and 'torch._dynamo' in sys.modules else None)\n"
        "check.start(10)\n"
        "QTimer.singleShot(60_000, loop.quit)\n"
        "loop.exec()\n"
        "print(before, bool(shown), 'torch._dynamo' in sys.modules, flush=True)\n"
        "window.close()\n"
        "import os\n"
        "os._exit(0)  # as the app leaves: the warm-up may still be importing\n"
    )
    stdout = _fresh_process(code, tmp_path)
    assert stdout.split()[-3:] == ["False", "True", "True"]  # not while the window is built; soon after


def test_the_worker_loads_torch_only_once_the_window_has_painted(tmp_path):
    """`import torch` holds the GIL for most of its second: loading it while the window is built
    delayed the window by ~0.25 s here. The worker waits for the window's first paint."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer\n"
        "from actviewer.gui.app import make_application\n"
        "app = make_application()\n"
        "from actviewer.gui.main_window import MainWindow\n"
        "from actviewer.gui.settings import SettingsStore\n"
        "window = MainWindow(settings=SettingsStore(QSettings(sys.argv[1], QSettings.Format.IniFormat)))\n"
        "for _ in range(20):\n"
        "    app.processEvents()\n"
        "built = 'torch' in sys.modules\n"
        "marks = []\n"
        "class Watch(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Paint and not marks:\n"
        "            marks.append('torch' in sys.modules)\n"
        "        return False\n"
        "watch = Watch()\n"
        "window.installEventFilter(watch)\n"
        "loop = QEventLoop()\n"
        "window.result_shown.connect(lambda r: loop.quit())\n"
        "QTimer.singleShot(60_000, loop.quit)\n"
        "window.show()\n"
        "loop.exec()\n"
        "print(built, marks[0], 'torch' in sys.modules, flush=True)\n"
        "import os\n"
        "os._exit(0)\n"
    )
    stdout = _fresh_process(code, tmp_path)
    # not while built, not at the first paint, and the first curve came after it
    assert stdout.split()[-3:] == ["False", "False", "True"]
