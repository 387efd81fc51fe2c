"""Keep large tensors' memory in the process (glibc only).

glibc serves allocations above its mmap threshold (at most 32 MiB) with fresh
mmap()s and returns them on free, so every pass over 10 million float32
samples page-faults ~40 MB anew. Serving them from the heap and not trimming
it made a 1e7-sample forward+backward 3-5x faster here (57 -> 12 ms, see
benchmarks/README).

That alone does not reach the compute worker: a thread other than the main one
gets its own arena, made of 64 MiB heaps. A block larger than a heap (a
200 x 1024 stack's stacked pre-activations are 400 MiB) is then mmap()ed
whatever M_MMAP_MAX says, and a heap that empties is unmapped. One 200 x 1024
stack page-faulted ~4 GB anew and unmapped it again (munmap()s of 400 MiB took
23-34 ms, holding the address space). On this project's virtual machine the
freed pages are reported to the host about 2 s later (virtio-balloon free page
reporting), and while the host takes back each 64 MiB batch both CPUs stop for
20-30 ms: the whole process, GUI thread included. One arena for every thread
(M_ARENA_MAX=1) keeps the worker's blocks in the main heap too, and with
trimming off the heap keeps them: the next big stack reuses the same pages
(~60 page faults instead of 1.1 million, 5.3-5.6 s instead of 6.8-7.7 s here)
and nothing goes back to be reported. The price is that the process keeps its
peak heap (5.3-5.9 GB after a 200 x 1024 stack, the peak it reached before
too) while it works; :func:`release_memory` gives it back once the app has been
idle for a while (the GUI's worker calls it), when a pause of the machine,
if any, meets no work.

Call :func:`tune_allocator` before the process starts threads: an arena is
chosen per thread once, at its first allocation. Elsewhere this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Any

M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
M_ARENA_MAX = -8
NEVER_TRIM = -1
"""glibc reads M_TRIM_THRESHOLD as unsigned: -1 is "never give the heap's top back"."""
_done: dict[str, Any] = {"tuned": False, "libc": None}


def tune_allocator() -> bool:
    """Ask glibc for one arena that keeps freed memory; True if it accepted. Safe to call twice."""
    if _done["tuned"]:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    ok = (
        bool(mallopt(M_ARENA_MAX, 1))
        and bool(mallopt(M_MMAP_MAX, 0))
        and bool(mallopt(M_TRIM_THRESHOLD, NEVER_TRIM))
    )
    _done["tuned"], _done["libc"] = ok, libc
    return ok


RELEASE_MIN_FREE = 256 * 2**20
"""Below this much free heap :func:`release_memory` leaves it: not worth holding the lock."""


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def free_heap_bytes() -> int | None:
    """Free bytes glibc holds in its heap (``mallinfo2().fordblks``); None where unknown."""
    libc = _done["libc"]
    function = getattr(libc, "mallinfo2", None) if libc is not None else None
    if function is None:  # glibc < 2.33
        return None
    function.restype = _Mallinfo2
    return int(function().fordblks)


def release_memory() -> bool:
    """Give the heap's free memory back to the system (``malloc_trim``); True if some was.

    Only after :func:`tune_allocator` (otherwise glibc trims on its own), and only when at
    least :data:`RELEASE_MIN_FREE` is free (a big computation ran). ``malloc_trim`` holds
    the one arena's lock while it walks the free memory: 0.36 s after a 200 x 1024 stack
    here, during which any other thread's allocation above glibc's small per-thread caches
    waits, the GUI's included. So the worker calls it only after it has rested a while
    (``gui.worker.RELEASE_AFTER_IDLE_MS``), when the user has changed nothing for as long.
    """
    libc = _done["libc"]
    if not _done["tuned"] or libc is None:
        return False
    free = free_heap_bytes()
    if free is not None and free < RELEASE_MIN_FREE:
        return False
    return bool(libc.malloc_trim(0))
