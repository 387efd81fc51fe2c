"""Where an output may not go: devices, pipes, links to them, names the system refuses.

Once `actviewer export relu -o full.csv` with full.csv a character device exited 0 and put a
regular file in its place; through a link to /dev/null, run as root, it would have replaced
/dev/null. A killed export's temporaries piled up; a 300-byte name was an "internal error".
"""

from __future__ import annotations

import os
import stat
import time

import pytest

from actviewer import cli
from actviewer.core.atomic import PROCESS_START, remove_stale_temporaries

WRITERS = [
    ["export", "relu", "-n", "11"],
    ["stack", "relu", "--layers", "2", "--width", "16", "--batch", "4"],
    ["critical", "tanh", "--point", "1,0", "--depth", "2"],
]


def refused(capsys, argv: list[str], what: str) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and what in err[0], err


@pytest.mark.parametrize("suffix", [".csv", ".json", ".png"])
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w[0])
def test_a_named_pipe_is_refused_and_left_alone(tmp_path, capsys, writer, suffix):
    if suffix == ".csv" and writer[0] == "critical":
        writer = [*writer, "--sw2", "0.5:1:2"]
    pipe = tmp_path / f"pipe{suffix}"
    os.mkfifo(pipe)
    refused(capsys, [*writer, "-o", str(pipe)], "not a regular file (a named pipe)")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_link_to_dev_null_and_a_device_are_refused(tmp_path, capsys):
    link = tmp_path / "out.png"
    link.symlink_to(os.devnull)
    refused(capsys, ["export", "relu", "-o", str(link)], "a device")
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    device = tmp_path / "full.csv"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        return  # not root: no device of our own to try; the link above covers it
    refused(capsys, ["export", "relu", "-o", str(device)], "a device")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_link_to_a_regular_file_is_written_through(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert cli.main(["export", "relu", "-n", "5", "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_text().startswith("x,y")


def test_screenshot_and_gallery_refuse_special_destinations(tmp_path, capsys):
    pipe = tmp_path / "shot.png"
    os.mkfifo(pipe)
    refused(capsys, ["gui", "--screenshot", str(pipe)], "not a regular file")
    folder = tmp_path / "gallery"
    folder.mkdir()
    os.mkfifo(folder / "index.html")
    refused(capsys, ["gallery", "-o", str(folder)], "not a regular file")


def test_names_the_system_refuses_exit_2_with_one_line(tmp_path, capsys):
    long = tmp_path / ("y" * 300 + ".png")
    for argv in (["export", "relu"], ["stack", "relu"], ["critical", "tanh"], ["gui", "--screenshot"]):
        refused(capsys, [*argv, *([] if argv[0] == "gui" else ["-o"]), str(long)], "at most 255 bytes")
    refused(capsys, ["export", "relu", "-o", str(tmp_path / "out.png") + "/"], "names a folder")
    assert not (tmp_path / "out.png").exists()
    # 250 bytes is a valid name: its temporary must fit too.
    fits = tmp_path / ("z" * 246 + ".csv")
    assert cli.main(["export", "relu", "-n", "5", "-o", str(fits)]) == 0 and fits.exists()


def test_a_killed_export_s_temporaries_are_removed_by_the_next_one(tmp_path):
    out = tmp_path / "big.csv"
    stale = [tmp_path / f".big.csv.{i}abc.part" for i in range(4)]
    for path in stale:
        path.write_bytes(b"x" * 1000)
        os.utime(path, (PROCESS_START - 100, PROCESS_START - 100))
    fresh = tmp_path / ".big.csv.live.part"  # another process writing it now
    fresh.write_bytes(b"y")
    other = tmp_path / ".other.csv.old.part"  # another destination's
    other.write_bytes(b"z")
    os.utime(other, (PROCESS_START - 100, PROCESS_START - 100))
    assert cli.main(["export", "relu", "-n", "5", "-o", str(out)]) == 0
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists() and out.exists()
    assert remove_stale_temporaries(out) == 0
    assert time.time() >= PROCESS_START


def test_a_gallery_that_fails_part_way_leaves_the_old_one_as_it_was(tmp_path, capsys, monkeypatch):
    from actviewer import gallery
    from actviewer.core.errors import InputError

    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "relu.png").write_bytes(b"old relu")
    (folder / "index.html").write_text("old index")
    real_write = gallery.write
    calls = []

    def fails_third(result, path, **options):
        calls.append(path)
        if len(calls) == 3:
            raise InputError("the disk is full")
        real_write(result, path, **options)

    monkeypatch.setattr(gallery, "write", fails_third)
    assert cli.main(["gallery", "-o", str(folder), "--width", "200"]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert (folder / "relu.png").read_bytes() == b"old relu"
    assert (folder / "index.html").read_text() == "old index"
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "relu.png"]  # nothing new, no staging
