"""Write files so that a failure never leaves half a file or destroys the old one.

Everything is written to a temporary name in the destination's folder (so the
final rename stays on one filesystem and is atomic), then renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import InputError


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Fail early, with a message a user can act on, if ``path`` cannot be written."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {target}: folder {folder} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"cannot write {target}: the existing file is read-only")
    return target


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it into place on success.

    For writers that want a file name (Qt exporters, savefig). On any error the
    temporary file is removed and ``path`` is left as it was.
    """
    target = check_writable(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise InputError(f"cannot write {target}: {err.strerror or err}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(
    path: str | os.PathLike[str], write: Callable[[IO[str]], None], *, newline: str = ""
) -> Path:
    """Open a temporary text file, let ``write`` fill it, and rename it into place."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
            write(handle)
    return Path(path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
