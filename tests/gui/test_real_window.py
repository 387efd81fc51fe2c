"""The app in a real X window (Xvfb), driven by real mouse and keyboard events (xdotool).

Offscreen tests call widgets' methods; this one goes through the X server the way a user's hand
does: a press on the slider's handle, a drag, a release, Ctrl+Q. It checks what the user would
see on the screen (the plot's pixels change) and that Quit ends the process.

It needs `Xvfb`, `xdotool` and ImageMagick's `import`; `.ci/run` installs them and sets
ACTVIEWER_REQUIRE_XVFB=1, so that in CI a missing tool fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from ..xvfb import xvfb_display

TOOLS = ("Xvfb", "xdotool", "import")
CHILD = Path(__file__).with_name("real_window_app.py")
PATIENCE_S = 90.0  # a cold start of torch and Qt on a loaded CI machine, never a hang
QUIT_PATIENCE_S = 10.0  # "gone" rather than hanging; the 1 s target is measured in benchmarks/

missing = [tool for tool in TOOLS if shutil.which(tool) is None]
if missing and os.environ.get("ACTVIEWER_REQUIRE_XVFB"):
    pytest.fail(f"ACTVIEWER_REQUIRE_XVFB is set but {', '.join(missing)} is missing", pytrace=False)
pytestmark = pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} for a real X window")


class Reports:
    """The app's reports, one JSON line on its stdout per painted frame, read as they come.

    Waiting is ``select`` on that pipe with a deadline: it returns the moment a line arrives
    (no polling interval), and end of file means the app has exited.
    """

    def __init__(self, process: subprocess.Popen[bytes], said: Callable[[], str]) -> None:
        self.process = process
        self.said = said
        self.pending = b""  # read but not yet a whole line
        self.last: dict[str, Any] | None = None

    def until(
        self, condition: Callable[[dict[str, Any]], bool], timeout_s: float, what: str
    ) -> dict[str, Any]:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        while self.last is None or not condition(self.last):
            if b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                self.last = json.loads(line)
                continue
            ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}" + self.said())
            chunk = os.read(fd, 65536)
            if not chunk:
                code = self.process.wait(10)
                raise AssertionError(f"the app exited ({code}) while waiting for {what}" + self.said())
            self.pending += chunk
        return self.last

    def settled(
        self, condition: Callable[[dict[str, Any]], bool], timeout_s: float, what: str, quiet_s: float = 1.0
    ) -> dict[str, Any]:
        """The last report once ``condition`` holds and no frame has come for ``quiet_s``: a drag's
        motion events may still be queued when an intermediate frame already satisfies it (the
        test once took slope 0.36 while the app went on to 0.54 and saved that)."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        while True:
            self.until(condition, max(deadline - time.monotonic(), 0), what)
            ready, _, _ = select.select([fd], [], [], quiet_s)
            if not ready and b"\n" not in self.pending:
                assert self.last is not None
                return self.last
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    code = self.process.wait(10)
                    raise AssertionError(f"the app exited ({code}) while waiting for {what}" + self.said())
                self.pending += chunk
            while b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                self.last = json.loads(line)


@pytest.fixture()
def display() -> Iterator[str]:
    """A fresh Xvfb server on a free display number."""
    with xvfb_display() as number:
        assert number, "Xvfb did not start within 30 s"
        yield number


def _x(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, env={**os.environ, "DISPLAY": display}, timeout=30)


def _screen(display: str, path: Path, box: tuple[int, int, int, int]) -> Image.Image:
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["import", "-window", "root", str(path)], check=True, env=env, timeout=60)
    return Image.open(path).convert("RGB").crop(box)


def test_a_real_drag_changes_the_curve_and_quit_ends_the_process(display: str, tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    command = [sys.executable, str(CHILD), "negative_slope", "--activation", "leaky_relu"]
    with log.open("w") as output:  # Qt's chatter to a file: a pipe nobody reads could block the app
        app = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=output, bufsize=0)

    def said() -> str:
        return "\n--- the app's output ---\n" + log.read_text()[-3000:]

    def painted_and_idle(now: dict[str, Any]) -> bool:
        """The curve on screen is the one for the window's current value, and nothing is pending."""
        return not now["busy"] and now["painted"] == now["state"]

    reports = Reports(app, said)
    try:
        first = reports.until(painted_and_idle, PATIENCE_S, "the first curve")
        start_slope = first["painted"]["negative_slope"]
        x, y, width, height = first["plot"]
        box = (x, y, x + width, y + height)  # the output plot's data area: the curve, not the axes
        before = _screen(display, tmp_path / "before.png", box)

        handle_x, handle_y = first["handle"]
        slider_x, _, slider_w, _ = first["slider"]
        target_x = slider_x + int(slider_w * 0.7)
        _x(display, "mousemove", str(handle_x), str(handle_y), "mousedown", "1")
        for step in range(1, 9):  # a hand moves in steps, each a real MotionNotify
            _x(display, "mousemove", str(handle_x + (target_x - handle_x) * step // 8), str(handle_y))
        _x(display, "mouseup", "1")

        def dragged(now: dict[str, Any]) -> bool:
            return painted_and_idle(now) and now["state"]["negative_slope"] > start_slope + 0.3

        after_drag = reports.settled(dragged, PATIENCE_S, "the curve at the dragged slope")
        slope = after_drag["painted"]["negative_slope"]
        after = _screen(display, tmp_path / "after.png", box)
        moved = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 40 else 0)
        changed_pixels = moved.histogram()[255]
        assert changed_pixels > 200, (
            f"the plot looks the same after the slope went {start_slope} -> {slope} "
            f"({changed_pixels} pixels changed)" + said()
        )

        _x(display, "windowfocus", "--sync", str(after_drag["window"]))
        pressed = time.monotonic()
        _x(display, "key", "ctrl+q")
        try:
            code = app.wait(QUIT_PATIENCE_S)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"Quit did not end the process within {QUIT_PATIENCE_S:.0f} s" + said()
            ) from None
        print(f"Quit: process gone {time.monotonic() - pressed:.2f} s after Ctrl+Q")
        assert code == 0, f"exit code {code}" + said()
        saved = "".join(path.read_text() for path in (tmp_path / "config").rglob("*.conf"))
        stored = re.escape(f'negative_slope\\": {slope}') + r"\b"  # QSettings escapes the JSON's quotes
        assert re.search(stored, saved), f"Quit did not save the dragged slope {slope}" + said()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
