"""``actviewer install-desktop``: a menu entry, an icon and the session files' type (freedesktop).

Writes ``applications/actviewer.desktop``, ``icons/hicolor/scalable/apps/actviewer.svg`` and
``mime/packages/actviewer.xml`` (``*.actviewer`` opens with actviewer) under
``$XDG_DATA_HOME`` (default ``~/.local/share``), each atomically; ``--uninstall`` removes what it
wrote and nothing else. The entry starts the executable that ran this command, by its absolute
path, so a pipx or venv install works from the menu without being on ``PATH``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .core.atomic import write_bytes_atomic
from .core.errors import InputError
from .resources import resource_path

APP_ID = "actviewer"
"""The desktop file's name and the window's desktop file name (so a taskbar matches them)."""


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share").expanduser()


MIME_TYPE = "application/x-actviewer-session"
MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>actviewer session</comment>
    <comment xml:lang="vi">Phiên làm việc actviewer</comment>
    <sub-class-of type="application/json"/>
    <glob pattern="*.actviewer"/>
    <icon name="{APP_ID}"/>
  </mime-type>
</mime-info>
"""
"""The ``.actviewer`` session files, opened by the entry (``Exec=... gui %f``)."""


def paths(home: Path | None = None) -> dict[str, Path]:
    home = home or data_home()
    return {
        "desktop": home / "applications" / f"{APP_ID}.desktop",
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        "mime": home / "mime" / "packages" / f"{APP_ID}.xml",
    }


def launcher() -> list[str]:
    """The command the menu entry runs: this program's ``actviewer`` executable, absolute."""
    beside = Path(sys.executable).parent / "actviewer"
    found = str(beside) if beside.exists() else shutil.which("actviewer")
    return [str(Path(found).resolve())] if found else [sys.executable, "-m", "actviewer"]


def _quoted(part: str) -> str:
    """One argument of the Exec key, quoted as the Desktop Entry specification says."""
    if not any(c in part for c in ' \t"`$\\'):
        return part
    escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(_quoted(part) for part in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=actviewer\n"
        "GenericName=Activation function explorer\n"
        "GenericName[vi]=Khám phá hàm kích hoạt\n"
        "Comment=Explore neural-network activation functions with PyTorch\n"
        "Comment[vi]=Khám phá các hàm kích hoạt của mạng nơ-ron với PyTorch\n"
        f"Exec={exec_line} gui %f\n"
        f"MimeType={MIME_TYPE};\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Education;Math;\n"
        "Keywords=activation;PyTorch;neural network;GELU;ReLU;deep learning;\n"
        f"StartupWMClass={APP_ID}\n"
    )


def install(home: Path | None = None) -> list[Path]:
    """Write the entry and the icon; returns what was written."""
    where = paths(home)
    for path in where.values():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(f"cannot create {path.parent}: {err.strerror or err}") from None
    text = desktop_entry(launcher())
    write_bytes_atomic(where["desktop"], text.encode("utf-8"))
    write_bytes_atomic(where["icon"], resource_path("icons", f"{APP_ID}.svg").read_bytes())
    write_bytes_atomic(where["mime"], MIME_XML.encode("utf-8"))
    _refresh(where["mime"].parent.parent, "update-mime-database")
    _refresh(where["desktop"].parent, "update-desktop-database")
    return list(where.values())


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote (only those files); returns what was removed."""
    removed = []
    for path in paths(home).values():
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    _refresh(paths(home)["mime"].parent.parent, "update-mime-database")
    _refresh(paths(home)["desktop"].parent, "update-desktop-database")
    return removed


def _refresh(folder: Path, tool: str) -> None:
    """Let the desktop see the change now where its cache tool is installed (harmless elsewhere)."""
    program = shutil.which(tool)
    if program is not None and folder.is_dir():
        subprocess.run([program, str(folder)], capture_output=True, timeout=30, check=False)
