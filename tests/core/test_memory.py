"""A request is checked against the machine's memory before it runs, and refused with a size that fits.

Once `actviewer stack relu --layers 200 --width 1024 --batch 4096` grew to 23 GB and was killed by
the kernel. The estimate is fitted to peaks measured here (see StackRequest.estimated_bytes); the
tests pin the machine's available memory so they hold on any machine.
"""

from __future__ import annotations

import re

import pytest

from actviewer import cli
from actviewer.core import memory
from actviewer.core.criticality import CriticalRequest, compute_critical
from actviewer.core.errors import InputError
from actviewer.core.network import StackRequest, compute_stack

GIB = 2**30


def test_the_estimate_brackets_the_peaks_measured_here():
    """Peaks of the process measured on this machine (float32, 200 x 1024 before the check; 100 x
    1024 x 1024 with it: 3.98 GB): the estimate may exceed a peak by a quarter, never fall short."""
    for layers, batch, peak in (
        (200, 512, 5.9e9),
        (200, 1024, 8.6e9),
        (200, 4096, 23e9),
        (100, 1024, 3.98e9),
    ):
        estimate = StackRequest("relu", layers=layers, width=1024, batch=batch).estimated_bytes()
        assert peak * 0.95 <= estimate <= peak * 1.25, (layers, batch, estimate / 1e9)


def test_a_stack_that_cannot_fit_is_refused_with_a_batch_that_does(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 8 * GIB)
    request = StackRequest("relu", layers=200, width=1024, batch=4096)
    with pytest.raises(InputError) as caught:
        compute_stack(request)
    message = str(caught.value)
    assert "needs about 23.7 GiB" in message and "8.0 GiB is available" in message
    fits = int(re.search(r"batch (\d+) fits", message).group(1))
    assert (
        StackRequest("relu", layers=200, width=1024, batch=fits).estimated_bytes()
        <= 8 * GIB * memory.HEADROOM
    )
    assert (
        StackRequest("relu", layers=200, width=1024, batch=fits + 1).estimated_bytes()
        > 8 * GIB * memory.HEADROOM
    )
    monkeypatch.setattr(memory, "available_bytes", lambda: 1 * GIB)
    with pytest.raises(InputError, match="fewer layers or a smaller width"):
        compute_stack(request)


def test_the_command_line_says_it_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(memory, "available_bytes", lambda: 8 * GIB)
    argv = [
        "stack",
        "relu",
        "--layers",
        "200",
        "--width",
        "1024",
        "--batch",
        "4096",
        "-o",
        str(tmp_path / "m.json"),
    ]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "batch" in err[0] and "fits" in err[0]
    assert not (tmp_path / "m.json").exists()


def test_unknown_memory_or_a_gpu_is_not_refused_here(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: None)
    memory.check_fits(10**15, "cpu", "anything")
    monkeypatch.setattr(memory, "available_bytes", lambda: GIB)
    memory.check_fits(10**15, "cuda", "anything")  # torch reports a GPU's own out-of-memory
    with pytest.raises(InputError, match="needs about"):
        memory.check_fits(10**15, "cpu", "anything")


def test_the_criticality_grid_is_checked_too(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 1 << 20)
    with pytest.raises(InputError, match="criticality computation needs about"):
        compute_critical(CriticalRequest("tanh"))
