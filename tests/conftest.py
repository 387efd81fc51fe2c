"""Shared test set-up: Qt renders offscreen unless a display is asked for."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the user's own custom-activation library (subprocesses inherit this too).
os.environ["ACTVIEWER_LIBRARY"] = os.path.join(
    __import__("tempfile").mkdtemp(prefix="actviewer-tests-"), "custom_activations.json"
)


import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def unwritable_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder that this process cannot create files in, even as root (then /sys)."""
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        yield locked
        locked.chmod(0o700)
        return
    try:
        fd, name = tempfile.mkstemp(dir="/sys")
    except OSError:
        yield Path("/sys")
        return
    os.close(fd)
    os.unlink(name)
    pytest.skip("no folder here is unwritable for root")


@pytest.fixture(autouse=True)
def empty_custom_library() -> Iterator[None]:
    """Each test starts with no custom activations registered and an empty library file."""
    from actviewer.core import catalog

    library = Path(os.environ["ACTVIEWER_LIBRARY"])
    library.unlink(missing_ok=True)
    yield
    library.unlink(missing_ok=True)
    for spec in catalog.custom_specs():
        catalog.unregister(spec.id)
