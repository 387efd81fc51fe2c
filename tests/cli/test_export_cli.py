"""Headless export of figures and the gallery, through a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from actviewer.core import catalog
from tests.fresh import run_python


def actviewer(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "actviewer", *args], capture_output=True, text=True, timeout=300, env=env
    )


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_export_writes_each_figure_format_with_no_display(tmp_path, suffix):
    path = tmp_path / f"gelu.{suffix}"
    out = actviewer("export", "gelu", "--param", "approximate=tanh", "-o", str(path))
    assert out.returncode == 0, out.stderr
    data = path.read_bytes()
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[suffix]
    assert data.startswith(magic)


def test_png_width_option(tmp_path):
    out = actviewer("export", "relu", "-o", str(tmp_path / "r.png"), "--width", "640")
    assert out.returncode == 0, out.stderr
    data = (tmp_path / "r.png").read_bytes()
    assert int.from_bytes(data[16:20], "big") == 640


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--width", "100"], "--width must be an integer from 200 to 8000"),
        (["--width", "wide"], "--width must be an integer"),
        (["--width", "900", "-o", "{d}/x.svg"], "--width applies to .png, not .svg"),
        (["--transparent", "-o", "{d}/x.pdf"], "--transparent applies to .png, not .pdf"),
        (["-o", "{d}/x.jpeg"], "cannot tell the format"),
    ],
)
def test_bad_figure_options_exit_2(tmp_path, argv, message):
    if "-o" not in argv:
        argv = [*argv, "-o", "{d}/x.png"]
    out = actviewer("export", "relu", *[a.format(d=tmp_path) for a in argv])
    assert out.returncode == 2
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_unwritable_figure_destination_exits_2(unwritable_dir):
    out = actviewer("export", "relu", "-o", str(unwritable_dir / "x.png"))
    assert out.returncode == 2 and "cannot write" in out.stderr


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.captions = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag == "figcaption":
            self.captions += 1


# SVG: the same writer path as PNG, 8 s more of CI (run with -m slow).
@pytest.mark.parametrize("fmt", ["png", pytest.param("svg", marks=pytest.mark.slow)])
def test_gallery_writes_one_figure_per_activation_and_an_index(tmp_path, fmt):
    folder = tmp_path / "gallery"
    out = actviewer(
        "gallery", "-o", str(folder), "--format", fmt, *(["--width", "400"] if fmt == "png" else [])
    )
    assert out.returncode == 0, out.stderr
    total = len(catalog.ACTIVATIONS)
    assert f"{total}/{total}" in out.stderr  # the progress line
    figures = sorted(p.name for p in folder.iterdir() if p.suffix == f".{fmt}")
    assert figures == sorted(f"{i}.{fmt}" for i in catalog.ids())
    parser = _Links()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    assert sorted(parser.images) == figures and parser.captions == total
    assert not [p for p in folder.iterdir() if re.search(r"\.part$", p.name)]


def test_gallery_into_a_file_or_missing_parent_exits_2(tmp_path):
    (tmp_path / "file").write_text("x")
    out = actviewer("gallery", "-o", str(tmp_path / "file"))
    assert out.returncode == 2 and "is a file" in out.stderr
    out = actviewer("gallery", "-o", str(tmp_path / "no" / "where"))
    assert out.returncode == 2 and "does not exist" in out.stderr


@pytest.mark.parametrize("extra", [[], ["--rows", "3"]], ids=["curve", "2-D"])
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_data_exports_never_import_qt(tmp_path, suffix, extra):
    script = (
        "import sys; from actviewer import cli;"
        f"code = cli.main(['export', 'softmax', *{extra!r}, '-o', {str(tmp_path / ('d' + suffix))!r}]);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')];"
        "assert code == 0 and not bad, (code, bad[:5])"
    )
    run_python(script)
    assert (tmp_path / f"d{suffix}").stat().st_size > 0


def test_export_help_lists_the_formats_a_curve_can_be_written_as():
    out = subprocess.run(
        [sys.executable, "-m", "actviewer", "export", "--help"], capture_output=True, text=True, timeout=60
    )
    from actviewer.core.results import ComputeResult
    from actviewer.formats import formats_for

    flat = " ".join(out.stdout.split())
    assert "format by suffix: .png, .svg, .pdf, .csv, .json" in flat
    assert list(formats_for(ComputeResult)) == [".png", ".svg", ".pdf", ".csv", ".json"]
