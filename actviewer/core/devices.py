"""Devices and dtypes as torch reports them.

Names are checked without torch (the CLI rejects ``--device gpu`` before
loading it); availability needs torch and is asked only when it matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import InputError

DTYPES: tuple[str, ...] = ("float32", "float64", "float16", "bfloat16")
_DEVICE_RE = re.compile(r"^(cpu|mps|cuda(:\d+)?)$")


@dataclass(frozen=True)
class DeviceInfo:
    """A device the user can pick: torch's id and a name a person recognises."""

    id: str
    name: str


def check_dtype(name: str) -> str:
    if name not in DTYPES:
        raise InputError(f"unknown dtype {name!r}; use one of {', '.join(DTYPES)}")
    return name


def check_device_name(name: str) -> str:
    if not _DEVICE_RE.match(name):
        raise InputError(f"unknown device {name!r}; use cpu, cuda, cuda:N or mps")
    return name


def choose_device(wanted: str, available: list[str]) -> str | None:
    """``wanted`` if it is available (plain "cuda" means the first CUDA device); None if not."""
    if wanted == "cuda":
        wanted = next((i for i in available if i.startswith("cuda:")), wanted)
    return wanted if wanted in available else None


def available_devices() -> list[DeviceInfo]:
    """Every device this torch build can use now; CPU always comes first."""
    import platform

    import torch

    found = [DeviceInfo("cpu", f"CPU ({platform.machine() or 'host'})")]
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            found.append(DeviceInfo(f"cuda:{index}", f"CUDA {index}: {torch.cuda.get_device_name(index)}"))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append(DeviceInfo("mps", "Apple MPS"))
    return found


def torch_device(name: str) -> Any:
    """The ``torch.device`` for ``name``, or an :class:`InputError` saying what is available."""
    import torch

    check_device_name(name)
    ids = [d.id for d in available_devices()]
    if name == "cuda" and any(i.startswith("cuda:") for i in ids):
        return torch.device("cuda", torch.cuda.current_device())
    if name not in ids:
        raise InputError(
            f"device {name!r} is not available here; available: {', '.join(ids)}",
            "device.missing",
            device=name,
            available=", ".join(ids),
        )
    return torch.device(name)


def torch_dtype(name: str) -> Any:
    import torch

    return getattr(torch, check_dtype(name))
