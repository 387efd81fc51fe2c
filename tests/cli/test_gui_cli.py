"""``actviewer gui`` from the command line: validation before any window, and --screenshot."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.fresh import run_python


def run_gui(*args: str, tmp_path, display: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if not display:
        env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, "-m", "actviewer", *args], capture_output=True, text=True, timeout=180, env=env
    )


def image_colours(path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    return len(colours)


def test_screenshot_saves_a_png_of_the_drawn_window_and_exits_0(tmp_path):
    out = tmp_path / "window.png"
    result = run_gui(
        "gui",
        "--activation",
        "leaky_relu",
        "--param",
        "negative_slope=0.2",
        "--screenshot",
        str(out),
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert image_colours(out) > 10
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_bare_actviewer_is_the_gui_command(tmp_path):
    out = tmp_path / "bare.png"
    result = run_gui("--activation", "relu", "--screenshot", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.exists()


BAD_GUI = [
    (["--activation", "relu7"], "unknown activation 'relu7'"),
    (["--activation", "leaky_relu", "--param", "negative_slope=inf"], "must be a finite number"),
    (["--param", "negative_slope=0.2"], "--param needs --activation"),
    (["--x-min", "5", "--x-max", "1"], "must be less than x-max"),
    (["--samples", "0"], "samples must be between 2"),
    (["--dtype", "float8"], "unknown dtype"),
    (["--device", "tpu"], "unknown device"),
    (["--device", "cuda:3"], "is not available here"),
    (["--screenshot", "out.jpg"], "--screenshot writes PNG"),
    (["--screenshot", ".png"], "--screenshot writes PNG"),  # a hidden file without a name, as export says
    (["--lang", "fr"], "unknown language 'fr'"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_GUI, ids=[m for _, m in BAD_GUI])
def test_bad_gui_values_exit_2_before_any_window(tmp_path, argv, message):
    result = run_gui("gui", *argv, tmp_path=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not (tmp_path / "config").exists(), "no settings may be written: the window never opened"


def test_no_display_is_a_clear_error_not_a_qt_abort(tmp_path):
    result = run_gui("gui", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "no display found" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_window_modules_do_not_import_torch():
    code = (
        "import sys; import actviewer.gui.main_window, actviewer.gui.app;"
        "assert 'torch' not in sys.modules, 'the GUI thread must not import torch at start-up'"
    )
    run_python(code)


@pytest.mark.parametrize(
    "stored",
    [
        {"activation": "relu", "device": "cuda:7"},
        {"activation": "softmax", "view": "curve", "params": {"softmax": {"dim": 1}}},
        {"activation": "relu", "x_min": 0.0, "x_max": 1e-323},
        {"activation": "gelu", "view": "no-such-view"},
    ],
    ids=["missing device", "dim 1 on the curve", "subnormal range", "unknown view"],
)
def test_stored_states_that_once_broke_start_up_now_fall_back(tmp_path, stored):
    import json

    from PySide6.QtCore import QSettings

    folder = tmp_path / "config" / "actviewer"
    folder.mkdir(parents=True)
    qs = QSettings(str(folder / "actviewer.conf"), QSettings.Format.IniFormat)
    qs.setValue("explorer/state", json.dumps({"schema": 2, **stored}))
    qs.sync()
    out = tmp_path / "s.png"
    result = run_gui("gui", "--screenshot", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert image_colours(out) > 20


def test_a_bug_while_the_window_is_built_is_one_line_not_a_qthread_abort(tmp_path):
    """Once the head start and the worker run, an exception leaving ``run`` destroyed a running
    QThread: "QThread: Destroyed while thread is still running", then SIGABRT."""
    code = (
        "import sys; from actviewer import cli; from actviewer.gui import main_window\n"
        "built = main_window.MainWindow.__init__\n"
        "def broken(self, *a, **k):\n"
        "    built(self, *a, **k)\n"
        "    raise ZeroDivisionError('a bug')\n"
        "main_window.MainWindow.__init__ = broken\n"
        "sys.exit(cli.main(['gui', '--screenshot', sys.argv[1]]))\n"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s.png")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error: ZeroDivisionError: a bug" in lines[0], done.stderr


def test_gui_opens_a_session_file_and_refuses_one_that_is_not(tmp_path):
    import json

    good = tmp_path / "tanh.actviewer"
    good.write_text(json.dumps({"schema": 1, "state": {"activation": "tanh", "view": "curve"}}))
    out = tmp_path / "s.png"
    result = run_gui(str(good), "--screenshot", str(out), tmp_path=tmp_path)  # bare: 'gui' is implied
    assert result.returncode == 0, result.stderr
    assert image_colours(out) > 10
    bad = tmp_path / "bad.actviewer"
    bad.write_text("{not json")
    result = run_gui("gui", str(bad), "--screenshot", str(out), tmp_path=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "not an actviewer session" in lines[0]
