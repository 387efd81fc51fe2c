"""Write files so that a failure never leaves half a file, never destroys the old one,
and is never reported as a success.

Everything is written to a temporary name in the destination's folder (so the
final rename stays on one filesystem and is atomic), flushed and fsynced, and
only then renamed into place. A full disk, a file-size limit or any other
write error surfaces as an :class:`InputError` naming the cause, with the old
file untouched and the temporary removed. A destination that is a symbolic
link is written through to the file it points at, as editors do.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import InputError


class Cancelled(Exception):
    """The user cancelled a write; the old file is kept and no temporary is left."""


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Fail early, with a message a user can act on, if ``path`` cannot be written."""
    if not str(path).strip():
        raise InputError("the output file name is empty")
    target = Path(path).expanduser()
    real = destination(target)
    folder = real.parent if str(real.parent) else Path(".")
    if real.is_dir():
        raise InputError(f"{target} is a folder; give a file name")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {target}: folder {folder} is not writable")
    if real.exists() and not os.access(real, os.W_OK):
        raise InputError(f"cannot write {target}: the existing file is read-only")
    return target


def destination(target: Path) -> Path:
    """The file a write to ``target`` replaces: the link's target for a symbolic link."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; fsync it and rename it into place on success.

    For writers that want a file name. On any error the temporary file is
    removed and ``path`` is left as it was; an OSError becomes an InputError
    that names the cause ("No space left on device").
    """
    target = check_writable(path)
    real = destination(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=real.parent)
    except OSError as err:
        raise InputError(f"cannot write {target}: {err.strerror or err}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.stat().st_size == 0:
            raise InputError(f"could not write {target}: the writer produced nothing")
        _fsync(tmp)
        mode = real.stat().st_mode & 0o777 if real.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(f"could not write {target}: {err.strerror or err}") from None
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


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """``data`` as the whole new content of ``path``."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
    return Path(path)


def _fsync(path: Path) -> None:
    """Flush the written bytes to the disk, so a full disk is reported before the rename."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
