"""The benchmark runs end to end (``--quick``) and writes the documented JSON; no timing is asserted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_writes_the_documented_json(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    data = json.loads(out.read_text())
    for key in ("latency_ms", "floor_ms"):
        assert {"1e3", "1e5", "adaptive"} <= set(data[key])
        for figures in data[key].values():
            assert figures["samples"] and figures["p50"] <= figures["p95"]
            assert min(figures["samples"]) <= figures["p50"] <= max(figures["samples"])
    storm = data["storm"]
    assert {"stack_default", "dist_1e6"} <= set(data["latency_ms"])  # the network lab's rows
    big = data["stack_200x1024"]
    assert big["jobs_abandoned"] >= 1 and big["superseded"]["big_still_running_at_change"] is True
    assert storm["final_matches"] is True
    assert 0 < storm["computations"] <= storm["changes"]
    assert 0 < data["startup_s"]["window_shown"] <= data["startup_s"]["first_curve"]
    assert "app p50" in run.stdout
    assert data["settle_ms"]["samples"] and "adaptive_thin" in data["floor_ms"]
    # The same latency rows in a real X window, or the reason why not.
    if "latency_ms_xcb" in data:
        assert set(data["latency_ms_xcb"]) == set(data["latency_ms"])
    else:
        assert data["latency_ms_xcb_skipped"]
        assert not (shutil.which("Xvfb") and os.environ.get("ACTVIEWER_REQUIRE_XVFB")), data[
            "latency_ms_xcb_skipped"
        ]


def test_rows_picks_only_the_rows_named(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--rows",
            "1e3,storm",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    data = json.loads(out.read_text())
    assert set(data["latency_ms"]) == {"1e3"} and data["floor_ms"] == {} and "storm" in data
    assert "startup_s" not in data and "stack_200x1024" not in data
    bad = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--rows", "1e4"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and "unknown rows 1e4" in bad.stderr
