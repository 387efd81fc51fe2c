"""A throwaway Xvfb server on a free display, for the real-window test and the benchmark's xcb rows.

Qt-free and pytest-free, so ``benchmarks/run.py`` imports it too.
"""

from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def xvfb_display(timeout_s: float = 30) -> Iterator[str | None]:
    """Start Xvfb, yield its display (":N"), or None if it was not ready within ``timeout_s``;
    stop it afterwards. Xvfb picks a free number itself and writes it to a pipe once ready."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            ready, _, _ = select.select([pipe], [], [], timeout_s)
            number = pipe.readline().strip() if ready else ""
        yield f":{number}" if number else None
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
