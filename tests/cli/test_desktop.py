"""``actviewer install-desktop``: a valid menu entry and its icon under XDG_DATA_HOME, and back."""

from __future__ import annotations

import configparser
import shutil
import subprocess

from actviewer import cli, desktop


def test_install_writes_a_valid_entry_that_starts_this_actviewer_and_uninstall_removes_it(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli.main(["install-desktop"]) == 0
    entry = tmp_path / "applications" / "actviewer.desktop"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "actviewer.svg"
    assert icon.read_bytes().lstrip().startswith(b"<")
    mime = tmp_path / "mime" / "packages" / "actviewer.xml"
    assert 'glob pattern="*.actviewer"' in mime.read_text()
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # keys are case-sensitive
    parsed.read(entry, encoding="utf-8")
    fields = parsed["Desktop Entry"]
    assert fields["Type"] == "Application" and fields["Icon"] == "actviewer" and fields["Terminal"] == "false"
    assert fields["Exec"].endswith(" gui %f") and fields["MimeType"] == "application/x-actviewer-session;"
    program = fields["Exec"].rsplit(" gui", 1)[0]
    assert program == desktop.launcher()[0] or program.endswith("-m actviewer")
    validator = shutil.which("desktop-file-validate")
    if validator is not None:  # desktop-file-utils (CI installs it)
        done = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert done.returncode == 0 and "error" not in done.stdout, done.stdout
    assert "wrote" in capsys.readouterr().out
    assert cli.main(["install-desktop", "--uninstall"]) == 0
    assert not entry.exists() and not icon.exists() and not mime.exists()
    assert cli.main(["install-desktop", "--uninstall"]) == 0
    assert "nothing" in capsys.readouterr().out


def test_a_path_with_spaces_is_quoted_as_the_specification_says():
    line = desktop.desktop_entry(["/home/a user/bin/actviewer"]).split("Exec=")[1].splitlines()[0]
    assert line == '"/home/a user/bin/actviewer" gui %f'


def test_an_unwritable_data_folder_is_one_line(tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "data"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    assert cli.main(["install-desktop"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_the_install_has_a_gui_script_for_the_window():
    """``pipx install .`` (or pip) puts ``actviewer-gui`` beside ``actviewer``: on Windows it opens
    the window without a console."""
    import sys
    from pathlib import Path

    beside = Path(sys.executable).parent
    assert (beside / "actviewer-gui").exists() or (beside / "actviewer-gui.exe").exists()
