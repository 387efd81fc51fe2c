"""What the worker's computations cost on each device, without Qt.

    python benchmarks/compute_only.py [--devices cpu,cuda] [--runs N] [--json FILE]

The latency rows in ``run.py`` time a change to its painted frame; this times only the
core's part of them (what the worker thread runs), so a GPU machine without a display
stack can be measured too. Each figure is ms per call with the result back on the host
as numpy (so a GPU's work is finished when the clock stops); the first call on each
device (CUDA context, kernel loading) is reported apart as ``first_ms``. Like the app it
keeps freed memory in the process (``tune_allocator``), but it computes on the main thread,
so the worker thread's arena is not exercised; ``compute-h200.json`` was measured before
this script called it.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actviewer.core.compare import CompareRequest, CurveSpec
from actviewer.core.compare_compute import compute_compare
from actviewer.core.compute import compute
from actviewer.core.criticality import CriticalRequest, compute_critical
from actviewer.core.network import DistRequest, StackRequest, compute_dist, compute_stack
from actviewer.core.request import ComputeRequest
from actviewer.core.training import TrainRequest, compute_train

TRAIN_STEPS = 500
COMPARE8 = ("gelu", "silu", "mish", "hardswish", "softplus", "relu6", "celu", "selu")


def rows(device: str) -> dict[str, tuple[Callable[[int], Any], int]]:
    """Row name -> (call taking the run's index, runs divisor). The index varies a parameter
    (as a slider drag does) so nothing is served from a cache."""

    def curve(n: int) -> Callable[[int], Any]:
        return lambda i: compute(
            ComputeRequest("elu", {"alpha": 0.5 + (i % 40) * 0.05}, samples=n, device=device)
        )

    return {
        "1e5": (curve(100_000), 1),
        "1e6": (curve(1_000_000), 1),
        "1e7": (curve(10_000_000), 4),
        "compare8": (
            lambda i: compute_compare(
                CompareRequest(
                    (
                        *(CurveSpec(a, device=device) for a in COMPARE8),
                        CurveSpec("elu", {"alpha": 0.5 + i % 40 * 0.05}, device=device),
                    )
                )
            ),
            1,
        ),
        "dist_1e6": (
            lambda i: compute_dist(DistRequest("elu", {"alpha": 0.5 + (i % 40) * 0.05}, device=device)),
            1,
        ),
        "stack_default": (
            lambda i: compute_stack(StackRequest("elu", {"alpha": 0.5 + (i % 40) * 0.05}, device=device)),
            1,
        ),
        # A new parameter value each run, so the table over q is built again (no cache hit).
        "critical_grid_64": (
            lambda i: compute_critical(
                CriticalRequest("elu", {"alpha": 0.5 + (i % 40) * 0.05}, measure=False, device=device)
            ),
            1,
        ),
        "critical_default": (
            lambda i: compute_critical(
                CriticalRequest("elu", {"alpha": 0.5 + (i % 40) * 0.05}, device=device)
            ),
            1,
        ),
        # 500 training steps of a 2x8 net, batch 10, each recorded (losses, scores, per-layer
        # statistics over both splits); a new seed each run, so no live run is continued.
        # Steps per second: 500 / (ms / 1000).
        "train_2x8_batch10": (
            lambda i: compute_train(TrainRequest("relu", steps=TRAIN_STEPS, seed=i + 1, device=device)),
            4,
        ),
        "stack_200x1024": (
            lambda i: compute_stack(
                StackRequest("elu", {"alpha": 0.5 + (i % 40) * 0.05}, layers=200, width=1024, device=device)
            ),
            10,
        ),
    }


def percentiles(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": pick(0.5), "p95": pick(0.95), "min": ordered[0], "samples": samples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devices", default="cpu", help="comma-separated, e.g. cpu,cuda")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per row (big rows fewer)")
    parser.add_argument("--rows", help="only these rows, comma-separated")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    import torch

    from actviewer.core.allocator import tune_allocator

    tune_allocator()  # as the app does (computed here on the main thread, always the main arena)

    report: dict[str, Any] = {
        "machine": {
            "platform": platform.platform(),
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
        },
        "ms": {},
    }
    if torch.cuda.is_available():
        report["machine"]["gpu"] = torch.cuda.get_device_name(0)
    for device in args.devices.split(","):
        table: dict[str, Any] = {}
        for name, (call, divisor) in rows(device).items():
            if args.rows and name not in args.rows.split(","):
                continue
            start = time.perf_counter()
            call(-1)
            first = (time.perf_counter() - start) * 1e3
            samples = []
            for i in range(max(2, args.runs // divisor)):
                start = time.perf_counter()
                call(i)
                samples.append((time.perf_counter() - start) * 1e3)
            table[name] = {"first_ms": first, **percentiles(samples)}
            print(
                f"{device:>7} {name:>15}  first {first:9.1f}  p50 {table[name]['p50']:9.2f}  "
                f"p95 {table[name]['p95']:9.2f} ms",
                flush=True,
            )
        report["ms"][device] = table
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
