"""Where ``resources/`` lives: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir() -> Path:
    """The resources folder: ``actviewer/resources`` when installed, ``./resources`` in a checkout."""
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("actviewer's resources folder is missing; reinstall the package")


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
