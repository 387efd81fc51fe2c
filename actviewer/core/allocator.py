"""Keep large tensors' memory in the process between frames (glibc only).

glibc serves allocations above its mmap threshold (at most 32 MiB) with fresh
mmap()s and returns them on free, so every pass over 10 million float32
samples page-faults ~40 MB anew. Serving them from the heap and not trimming
it made a 1e7-sample forward+backward 3-5x faster here (57 -> 12 ms, see
benchmarks/README). Elsewhere this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
_done = {"tuned": False}


def tune_allocator() -> bool:
    """Ask glibc to keep freed memory; True if it accepted. Safe to call twice."""
    if _done["tuned"]:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    ok = bool(mallopt(M_MMAP_MAX, 0)) and bool(mallopt(M_TRIM_THRESHOLD, 1 << 30))
    _done["tuned"] = ok
    return ok
