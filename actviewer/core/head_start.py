"""A head start on PyTorch: a child process loads it while the window is being built.

``import torch`` holds the GIL for most of its 1-3.5 s: its shared libraries load
inside one C call that never releases it (holds of 190-570 ms were measured here,
``benchmarks/README.md``). A worker *thread* therefore cannot load torch in
parallel with building the window; it can only take turns with it. A child
process has an interpreter of its own and the machine's other core: started
before Qt is imported, it has torch loaded about when the window has painted,
and answers the requests made until the window's own worker has torch. Then it
is told to leave.

It runs the same code (:func:`.dispatch.run`) on the same torch, so its answers
are those the worker would give. Anything it cannot answer (an activation it
does not know because the user defined it in the window, a request it fails, a
process that died or never started) is answered by the worker instead: a head
start can make a result come sooner, never make it differ or go missing.

The two processes speak pickled frames over the child's stdin and stdout (the
child moves its own ``sys.stdout`` to stderr first, so a stray print cannot
corrupt a frame). Both ends are this program: nothing a user typed is unpickled.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

_LENGTH = struct.Struct("!Q")


class HeadStartLost(RuntimeError):
    """The child did not answer: it failed the request, exited, or was told to leave."""


def _write_frame(stream: IO[bytes], value: object) -> None:
    _write_bytes(stream, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write_bytes(stream: IO[bytes], data: bytes) -> None:
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_frame(stream: IO[bytes]) -> Any:
    """The next value, or raise EOFError when the other end has closed."""
    header = _read_exactly(stream, _LENGTH.size)
    if header is None:
        raise EOFError
    data = _read_exactly(stream, _LENGTH.unpack(header)[0])
    if data is None:
        raise EOFError
    return pickle.loads(data)


def child_command(python: str = sys.executable) -> list[str]:
    return [python, "-m", "actviewer.core.head_start"]


def _child_environment() -> dict[str, str]:
    """This environment, and this copy of actviewer first where only the script's folder found it
    (``python -m actviewer`` in a checkout): the child must unpickle the same classes."""
    package_root = str(Path(__file__).resolve().parents[2])
    found_anyway = {str(Path(p).resolve()) for p in sys.path[1:] if p}
    if package_root in found_anyway:
        return dict(os.environ)  # an install: the child finds it where the parent did
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


class HeadStart:
    """The parent's handle on the child. :meth:`compute` blocks (without the GIL) until the child
    answers, so it is called from a thread of its own; :meth:`retire` and :meth:`kill` from any."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._lock = threading.Lock()  # one request in flight
        self._retired = False

    @classmethod
    def launch(cls, command: list[str] | None = None) -> HeadStart | None:
        """Start the child (it begins loading torch at once); None where it cannot start."""
        if getattr(sys, "frozen", False) and command is None:
            return None  # a frozen app has no interpreter to run ``-m`` with
        try:
            process = subprocess.Popen(
                command or child_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_child_environment(),
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError:
            return None
        return cls(process)

    @property
    def alive(self) -> bool:
        return not self._retired and self._process.poll() is None

    @property
    def pid(self) -> int:
        return self._process.pid

    def can_answer(self, request: object) -> bool:
        """Whether to offer ``request``: a short CPU job of a built-in type, while the child lives.

        Interruptible jobs (a deep stack can take 20 s) stay with the worker, which can stop
        them between steps; the child would have to be killed, and with it the head start.
        A request whose ``device`` is not the CPU stays with the worker, so the child does not
        build a second CUDA context (a Compare overlay asks its first curve's device only).
        """
        from . import dispatch  # not at import: launching comes before anything else is loaded

        return (
            self.alive
            and not dispatch.is_interruptible(type(request))
            and getattr(request, "device", None) == "cpu"
        )

    def compute(self, request: object) -> Any:
        """The child's result for ``request``, or :class:`HeadStartLost`."""
        with self._lock:
            stdin, stdout = self._process.stdin, self._process.stdout
            if self._retired or stdin is None or stdout is None:
                raise HeadStartLost("the head start has been retired")
            try:
                _write_frame(stdin, request)
                ok, value = _read_frame(stdout)
            except Exception as err:  # a closed pipe, a dead child, a frame that did not unpickle
                raise HeadStartLost(f"the head start process is gone ({type(err).__name__})") from None
        if not ok:
            raise HeadStartLost(f"the head start could not answer: {value}")
        return value

    def retire(self) -> None:
        """Let the child go: it finishes the request it is answering, then exits."""
        self._retired = True
        stdin = self._process.stdin
        if stdin is not None:
            with contextlib.suppress(OSError, ValueError):  # it may be mid-write on another thread
                stdin.close()
        threading.Thread(target=self._reap, name="actviewer-head-start-reaper", daemon=True).start()

    def kill(self) -> None:
        """End the child now (the window is closing): a request in flight raises HeadStartLost."""
        self._retired = True
        with contextlib.suppress(OSError):
            self._process.kill()
        threading.Thread(target=self._reap, name="actviewer-head-start-reaper", daemon=True).start()

    def _reap(self) -> None:
        """Wait for the exit, so no zombie is left; kill it if it does not leave within a minute."""
        try:
            self._process.wait(60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                self._process.kill()
            self._process.wait()


def main() -> int:
    """The child: load torch, then answer frames from stdin until it closes."""
    if hasattr(os, "nice"):
        # Where the two processes share a core, the window being built comes first.
        with contextlib.suppress(OSError):
            os.nice(10)
    requests = sys.stdin.buffer
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print lands in stderr, not in a frame
    try:
        from . import dispatch
        from .allocator import tune_allocator
        from .compute import warm_up

        tune_allocator()
        warm_up()
    except Exception:
        return 1  # no torch: the parent reads EOF and its worker says why
    while True:
        try:
            request = _read_frame(requests)
        except EOFError:
            return 0
        try:
            data = pickle.dumps((True, dispatch.run(request)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # failed, or a result that does not pickle: the worker answers it
            data = pickle.dumps((False, f"{type(err).__name__}: {err}"))
        try:
            _write_bytes(answers, data)
        except OSError:
            return 0  # the parent has gone


if __name__ == "__main__":
    # Without tearing torch down (0.7 s): the parent may be waiting for the exit.
    code = main()
    sys.stderr.flush()
    os._exit(code)
