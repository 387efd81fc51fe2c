"""What a request will need, checked against what the machine has, before it runs.

A request that cannot fit should be refused with a message that names its
estimate and a size that fits, not grow until the kernel kills the process.
"""

from __future__ import annotations

import os

from .errors import InputError

HEADROOM = 0.8
"""Share of the available memory a computation may plan to use: the GUI, torch's caches and the
allocator's slack need the rest."""


def available_bytes() -> int | None:
    """Memory the process can still take without swapping (Linux's MemAvailable); None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def gib(n: float) -> str:
    return f"{n / 2**30:.1f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def check_fits(estimate: int, device: str, what: str, smaller: str = "") -> None:
    """Raise InputError if ``estimate`` bytes exceed what the host can give (CPU tensors; a GPU's
    own memory is torch's to report as out-of-memory). ``smaller`` says what would fit."""
    if not device.startswith("cpu"):
        return
    available = available_bytes()
    if available is None or estimate <= available * HEADROOM:
        return
    hint = f"; {smaller}" if smaller else ""
    raise InputError(
        f"{what} needs about {gib(estimate)} of memory and {gib(available)} is available{hint}",
        "memory.too_big",
        what=what,
        estimate=gib(estimate),
        available=gib(available),
    )
