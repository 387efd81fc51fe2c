"""What an adversarial user does to the command line: generated argument lists, full disks,
file-size limits. Every run ends with exit 0 or 2 and no traceback; a failed run leaves no
file, no temporary, and an existing file byte-identical."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from actviewer import cli

NUMBERS = st.sampled_from(
    [
        "0",
        "-0.0",
        "1",
        "-1",
        "2.5",
        "-1e3",
        "5e-324",
        "1e-323",
        "1e308",
        "-1e308",
        "nan",
        "inf",
        "-inf",
        "1e6",
        "1000001",
        "3",
        "12",
        "abc",
        "",
        " ",
        "0x10",
        "1_000",
        "7e-7",
    ]
)
IDS = st.sampled_from(
    [
        "relu",
        "gelu",
        "softmax",
        "leaky_relu",
        "hardtanh",
        "binary_step",
        "glu",
        "RELU",
        "relu ",
        "",
        "../relu",
        "nope",
        "softmax2d",
        "log_softmax",
    ]
)
PARAMS = st.sampled_from(
    [
        "negative_slope=0.1",
        "dim=1",
        "dim=0",
        "dim=7",
        "approximate=tanh",
        "approximate=x",
        "min_val=2",
        "=1",
        "x",
        "threshold=1e308",
        "beta=-1",
        "temperature=0",
        "__class__=1",
        "temperature=2",
        "inplace=true",
    ]
)
OUTPUTS = st.sampled_from(
    [
        "x.csv",
        "x.json",
        "x.png",
        "x.svg",
        "x.pdf",
        "x.xyz",
        "",
        "missing/x.csv",
        "old.csv",
        ".",
        "link.csv",
        "x",
    ]
)
DTYPES = st.sampled_from(["float32", "float64", "float16", "bfloat16", "int8", "cuda"])
DEVICES = st.sampled_from(["cpu", "cuda", "cuda:7", "mps", "gpu", "cpu "])


@st.composite
def argument_lists(draw) -> list[str]:
    command = draw(
        st.sampled_from(["export", "export", "export", "list", "gallery", "gui", "frobnicate", "--version"])
    )
    argv = [command]
    if command == "export":
        argv.append(draw(IDS))
    for _ in range(draw(st.integers(0, 5))):
        option = draw(
            st.sampled_from(
                [
                    "--param",
                    "--x-min",
                    "--x-max",
                    "--samples",
                    "--dtype",
                    "--device",
                    "--width",
                    "--transparent",
                    "--rows",
                    "--cols",
                    "--seed",
                    "--scale",
                    "--json",
                    "--format",
                    "--lang",
                    "--view",
                    "--screenshot",
                    "--bogus",
                ]
            )
        )
        argv.append(option)
        if option == "--param":
            argv.append(draw(PARAMS))
        elif option == "--dtype":
            argv.append(draw(DTYPES))
        elif option == "--device":
            argv.append(draw(DEVICES))
        elif option == "--samples":
            argv.append(draw(st.sampled_from(["2", "11", "101", "0", "1", "30000000", "1e3", "many", "-5"])))
        elif option in ("--format", "--lang", "--view"):
            argv.append(draw(st.sampled_from(["png", "svg", "en", "vi", "curve", "matrix", "klingon"])))
        elif option == "--screenshot":
            argv.append(draw(st.sampled_from(["s.png", "s.jpg", "missing/s.png"])))
        elif option not in ("--transparent", "--json", "--bogus"):
            argv.append(draw(NUMBERS))
    if command in ("export", "gallery") and draw(st.booleans()):
        argv += ["-o", draw(OUTPUTS)]
    return argv


@st.composite
def plausible_exports(draw) -> list[str]:
    """Mostly valid export command lines (so files really get written), sometimes one value off."""
    argv = [
        "export",
        draw(
            st.sampled_from(
                [
                    "relu",
                    "gelu",
                    "softmax",
                    "leaky_relu",
                    "hardtanh",
                    "glu",
                    "binary_step",
                    "softmax2d",
                    "elu",
                ]
            )
        ),
    ]
    if draw(st.booleans()):
        argv += ["--x-min", draw(st.sampled_from(["-3", "-1e3", "-0.0", "0", "-5e-324", "1e-3"]))]
    if draw(st.booleans()):
        argv += ["--x-max", draw(st.sampled_from(["3", "1e3", "2.5", "1e6", "1e-323"]))]
    argv += ["--samples", draw(st.sampled_from(["2", "11", "101", "1e3"]))]
    if draw(st.booleans()):
        argv += ["--dtype", draw(st.sampled_from(["float32", "float64", "float16", "bfloat16"]))]
    if draw(st.integers(0, 3)) == 0:
        argv += ["--param", draw(PARAMS)]
    if argv[1] == "softmax" and draw(st.booleans()):
        argv += ["--rows", draw(st.sampled_from(["1", "3", "64", "65"]))]
    output = draw(
        st.sampled_from(["x.csv", "x.json", "x.png", "x.svg", "x.pdf", "old.csv", "link.csv", "x.xyz"])
    )
    if output == "x.png" and draw(st.booleans()):
        argv += ["--width", draw(st.sampled_from(["200", "199", "640", "8001"]))]
    return [*argv, "-o", output]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.one_of(argument_lists(), plausible_exports()))
def test_generated_command_lines_exit_0_or_2_without_a_traceback(argv, workdir, monkeypatch):
    from actviewer import gallery
    from actviewer.gui import app

    # The window and the 29-figure gallery are out of scope here; their argument checks are not.
    monkeypatch.setattr(app, "run", lambda *a, **k: 0)
    monkeypatch.setattr(
        gallery, "write_gallery", lambda folder, *a, **k: (Path(folder) / "index.html").write_text("ok")
    )
    for leftover in workdir.iterdir():
        if leftover.name not in ("old.csv", "link.csv", "target.csv") and leftover.is_file():
            leftover.unlink()
    (workdir / "old.csv").write_text("OLD")
    (workdir / "target.csv").write_text("TARGET")
    if not (workdir / "link.csv").is_symlink():
        (workdir / "link.csv").symlink_to(workdir / "target.csv")
    before = {p.name for p in workdir.iterdir()}
    args = [
        a
        if a in ("", ".")
        or not a.endswith((".csv", ".json", ".png", ".svg", ".pdf", ".xyz", "x"))
        or "/" in a
        else str(workdir / a)
        for a in argv
    ]
    args = [str(workdir / a) if a.startswith("missing/") else a for a in args]
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = cli.main(args)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    message = err.getvalue()
    event(f"{argv[0]} exit {code}")
    assert code in (0, 2), (args, code, message)
    assert "Traceback" not in message and "internal error" not in message, (args, message)
    if code == 2:
        assert len(message.strip().splitlines()) == 1, (args, message)
        assert {p.name for p in workdir.iterdir()} == before, args
        assert (workdir / "old.csv").read_text() == "OLD"
        assert (workdir / "target.csv").read_text() == "TARGET"
    assert not [p for p in workdir.iterdir() if p.name.endswith(".part")], args


def _limited(limit_bytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return apply


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "gelu", "-n", "5000", "-o", "{d}/f.csv"],
        ["export", "gelu", "-n", "5000", "-o", "{d}/f.json"],
        ["export", "gelu", "-o", "{d}/f.png"],
        pytest.param(["export", "gelu", "-o", "{d}/f.svg"], marks=pytest.mark.slow),  # as PNG's path
        ["export", "gelu", "-o", "{d}/f.pdf"],
        ["export", "softmax", "--rows", "40", "--cols", "40", "-o", "{d}/f.json"],
        ["export", "softmax", "--rows", "4", "-o", "{d}/f.png"],
    ],
    ids=lambda a: " ".join(a[1:2] + a[-1:]).replace("{d}/", ""),
)
def test_a_write_over_the_file_size_limit_exits_2_and_keeps_the_old_file(tmp_path, argv):
    target = tmp_path / Path(argv[-1]).name
    target.write_bytes(b"OLD CONTENT")
    command = [sys.executable, "-m", "actviewer", *[a.format(d=tmp_path) for a in argv]]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=env, preexec_fn=_limited(4096)
    )
    assert out.returncode == 2, out.stderr
    assert "File too large" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == b"OLD CONTENT"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_negative_numbers_follow_their_options_as_people_type_them(tmp_path):
    path = tmp_path / "n.csv"
    assert cli.main(["export", "relu", "--x-min", "-1e3", "--x-max", "-5", "-n", "3", "-o", str(path)]) == 0
    assert path.read_text().splitlines()[1].startswith("-1000,")


def test_an_empty_gallery_folder_is_refused(capsys):
    assert cli.main(["gallery", "-o", ""]) == 2
    assert "empty" in capsys.readouterr().err


def test_export_through_a_symlink_writes_the_linked_file(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("OLD")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli.main(["export", "relu", "-n", "3", "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_text().startswith("x,y,dy")


def test_a_range_too_narrow_to_plot_is_refused_before_drawing(tmp_path, capsys):
    code = cli.main(
        [
            "export",
            "relu",
            "--x-min",
            "0",
            "--x-max",
            "1e-323",
            "--dtype",
            "float64",
            "-o",
            str(tmp_path / "f.png"),
        ]
    )
    assert code == 2 and "the x range must be at least 1e-06 wide" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
