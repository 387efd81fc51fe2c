"""A head start on PyTorch: a child process loads it while the window is being built.

``import torch`` holds the GIL for most of its 1-3.5 s: its shared libraries load
inside one C call that never releases it (holds of 190-570 ms were measured here,
``benchmarks/README.md``). A worker *thread* therefore cannot load torch in
parallel with building the window; it can only take turns with it. A child
process has an interpreter of its own and the machine's other core: started
before Qt is imported, it has torch loaded one ``import torch`` after the start
(the worker only begins once the window has painted), and answers the requests made until the window's own worker has torch. Then it
is ended, and a request it was still answering goes to the worker.

It runs the same code (:func:`.dispatch.run`) on the same torch, so its answers
are those the worker would give. Anything it cannot answer (an activation it
does not know because the user defined it in the window, a compute function a
plug-in registered at run time, a request it fails, a process that died or
never started) is answered by the worker instead: a head
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
    """The child is gone (it exited, was killed, or its pipe broke): it will answer nothing more."""


class HeadStartDeclined(RuntimeError):
    """The child could not answer this request (it may answer the next): the worker computes it."""


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


def _read_bytes(stream: IO[bytes]) -> bytes:
    """The next frame's bytes, or raise EOFError when the other end has closed."""
    header = _read_exactly(stream, _LENGTH.size)
    if header is None:
        raise EOFError
    data = _read_exactly(stream, _LENGTH.unpack(header)[0])
    if data is None:
        raise EOFError
    return data


CHILD_CODE = "import sys; del sys.path[0]; from actviewer.core.head_start import run_child; run_child()"
"""What the child runs. Without the current folder on its path (``-m`` and ``-c`` put it first),
so another checkout that happens to be the current folder is not imported instead of this one."""


def _child_environment() -> dict[str, str]:
    """This environment, and this copy of actviewer first where only the script's folder found it
    (``python -m actviewer`` in a checkout): the child must unpickle the same classes."""
    package_root = str(Path(__file__).resolve().parents[2])
    found_anyway = {str(Path(p).resolve()) for p in sys.path[1:] if p}
    if package_root in found_anyway:
        return dict(os.environ)  # an install: the child finds it where the parent did
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class HeadStart:
    """The parent's handle on the child. :meth:`compute` blocks (without the GIL) until the child
    answers, so it is called from a thread of its own; :meth:`kill` from any thread."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._lock = threading.Lock()  # one request in flight; the pipes are closed under it
        self._killed = False

    @classmethod
    def launch(cls, command: list[str] | None = None) -> HeadStart | None:
        """Start the child (it begins loading torch at once); None where it would not help.

        Not on one core, where the child could only take turns with the window (and, niced,
        would lose them), nor in a frozen app, which has no interpreter to start.
        """
        if command is None:
            if getattr(sys, "frozen", False) or not sys.executable or _cores() < 2:
                return None
            command = [sys.executable, "-c", CHILD_CODE]
        # Below the window's priority where two processes share a core (os.nice in the child elsewhere).
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(
            subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0
        )
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_child_environment(),
                creationflags=flags,
            )
        except (OSError, ValueError):
            return None
        return cls(process)

    @property
    def alive(self) -> bool:
        return not self._killed and self._process.poll() is None

    def can_answer(self, request: object) -> bool:
        """Whether to offer ``request``: a short CPU job of a built-in type, while the child lives.

        Interruptible jobs (a deep stack can take 20 s) stay with the worker, which can stop
        them between steps. A type whose compute function was registered at run time (a
        plug-in, or one replacing a built-in) stays with the worker, which has it. So does a
        request for any device but the CPU (``devices`` where a request has several, as Compare
        does), so that the child never builds a second CUDA context.
        """
        from . import dispatch  # not at import: launching comes before anything else is loaded

        kind = type(request)
        devices = getattr(request, "devices", None) or (getattr(request, "device", None),)
        return (
            self.alive
            and dispatch.is_built_in(kind)
            and not dispatch.is_interruptible(kind)
            and all(device == "cpu" for device in devices)
        )

    def compute(self, request: object) -> Any:
        """The child's result for ``request``; :class:`HeadStartDeclined` if it could not compute
        it, :class:`HeadStartLost` if the child is gone."""
        with self._lock:
            stdin, stdout = self._process.stdin, self._process.stdout
            if self._killed or stdin is None or stdout is None or stdin.closed:
                raise HeadStartLost("the head start has ended")
            try:
                _write_frame(stdin, request)
                ok, value = pickle.loads(_read_bytes(stdout))
            except Exception as err:  # a closed pipe, a dead child, a frame that did not unpickle
                self._close_pipes()
                raise HeadStartLost(f"the head start process is gone ({type(err).__name__})") from None
        if not ok:
            raise HeadStartDeclined(f"the head start could not answer: {value}")
        return value

    def kill(self) -> None:
        """End the child now: a request in flight raises HeadStartLost at once. Safe to repeat."""
        if self._killed:
            return
        self._killed = True
        with contextlib.suppress(OSError):
            self._process.kill()
        threading.Thread(target=self._reap, name="actviewer-head-start-reaper", daemon=True).start()

    def _reap(self) -> None:
        """Wait for the exit, so no zombie is left, then close the pipes once no request uses them."""
        with contextlib.suppress(OSError):
            self._process.wait()
        with self._lock:
            self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError, ValueError):
                    pipe.close()


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
            frame = _read_bytes(requests)
        except EOFError:
            return 0
        try:
            result = dispatch.run(pickle.loads(frame))
            data = pickle.dumps((True, result), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # a request it cannot read or compute, a result that does not pickle
            data = pickle.dumps((False, f"{type(err).__name__}: {err}"))
        try:
            _write_bytes(answers, data)
        except OSError:
            return 0  # the parent has gone


def run_child() -> None:
    """The child's entry point (:data:`CHILD_CODE`). It leaves without tearing torch down
    (0.7 s), which nobody waits for."""
    code = main()
    sys.stderr.flush()
    os._exit(code)
