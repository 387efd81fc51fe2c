"""Code run in a fresh interpreter: what a module imports at start-up shows only there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping


def run_python(code: str, *args: str, env: Mapping[str, str] | None = None, timeout: float = 120) -> str:
    """Run ``code`` with this interpreter (``args`` as its argv[1:]); fail with its stderr unless it
    exits 0. Its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env} if env is not None else None,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
