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
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import InputError


def _process_start() -> float:
    """When this process started (Linux: from /proc), else when this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat", encoding="ascii") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return time.time()


PROCESS_START = _process_start()
"""A temporary of the same destination older than this was left by a process that was killed
(a write still running elsewhere touches its own temporary as it goes)."""
TEMP_NAME_CHARS = 100
"""Of the destination's name in its temporary's: a 250-byte name must still leave room."""


class Cancelled(Exception):
    """The user cancelled a write; the old file is kept and no temporary is left."""


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Fail early, with a message a user can act on, if ``path`` cannot be written.

    A destination that exists must be a regular file (or a link to one): writing "to" a device,
    a named pipe or a socket by renaming a file over it would replace it, and through a link to
    /dev/null, run as root, replace /dev/null itself.
    """
    text = os.fspath(path)
    if not str(text).strip():
        raise InputError("the output file name is empty")
    if str(text).endswith(("/", os.sep)):
        raise InputError(f"{text} ends with '/', so it names a folder; give a file name")
    target = Path(path).expanduser()
    if any(len(os.fsencode(part)) > 255 for part in target.parts):
        raise InputError(f"cannot write {_short(target)}: a file name may have at most 255 bytes")
    try:
        real = destination(target)
        folder = real.parent if str(real.parent) else Path(".")
        info = _stat(real)
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise InputError(f"{target} is a folder; give a file name")
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"cannot write {target}: it exists and is not a regular file ({_kind(info.st_mode)}); "
                "give another name"
            )
        if not folder.is_dir():
            raise InputError(f"cannot write {target}: folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(f"cannot write {target}: folder {folder} is not writable")
        if info is not None and not os.access(real, os.W_OK):
            raise InputError(f"cannot write {target}: the existing file is read-only")
    except OSError as err:  # a name the system refuses (too long, a loop of links)
        raise InputError(f"cannot write {_short(target)}: {err.strerror or err}") from None
    return target


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else f"{text[:60]}…{text[-16:]}"


def _temp_prefix(real: Path) -> str:
    return f".{real.name[:TEMP_NAME_CHARS]}."


def remove_stale_temporaries(real: Path) -> int:
    """Delete the temporaries a killed write to ``real`` left behind (last written before this
    process started); how many."""
    removed = 0
    prefix = _temp_prefix(real)
    try:
        names = os.listdir(real.parent if str(real.parent) else ".")
    except OSError:
        return 0
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        candidate = real.parent / name
        try:
            info = os.lstat(candidate)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < PROCESS_START - 1:
                candidate.unlink()
                removed += 1
        except OSError:
            continue
    return removed


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
    remove_stale_temporaries(real)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(real), suffix=".part", dir=real.parent)
    except OSError as err:
        raise InputError(f"cannot write {_short(target)}: {err.strerror or err}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.stat().st_size == 0:
            raise InputError(f"could not write {target}: the writer produced nothing")
        _fsync(tmp)
        mode = real.stat().st_mode & 0o777 if real.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        info = _stat(real)  # it may have become something else while the file was written
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise InputError(f"cannot write {target}: it is now {_kind(info.st_mode)}, not a file")
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
