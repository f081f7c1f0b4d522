"""Run one call in a forked child under a time and memory bound, and say how it ended.

The hostile-file benchmark and the fuzz test use this so that a hang, a runaway allocation or
an abort in one input is recorded as that input's defect instead of taking the run down. The
child gets an address-space limit (``RLIMIT_AS``: what it had at fork plus ``memory``) and a
CPU-time alarm (with a wall-clock backstop of three times as long, for a child that blocks);
the parent waits with ``wait4``, which also gives the child's peak resident memory.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

#: how a run ended: the call returned, raised one of the expected errors, raised anything
#: else, outran its time, ran out of memory, or died (a signal or an abort in native code)
OUTCOMES = ("ok", "refused", "traceback", "timeout", "memory", "died")


@dataclass
class Outcome:
    kind: str
    seconds: float  # wall clock
    peak_mb: int
    detail: str = ""
    cpu: float = 0.0  # the child's user + system time

    @property
    def defect(self) -> bool:
        return self.kind not in ("ok", "refused")


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover - Linux always has the line


def run_limited(
    call: Callable[[], str],
    expected: tuple[type[BaseException], ...],
    seconds: float = 10.0,
    memory: int = 1 << 30,
) -> Outcome:
    """Run ``call`` in a forked child; its return value becomes the outcome's detail.

    An exception of an ``expected`` type is a refusal (detail: its text); ``MemoryError`` is
    ``memory``; any other exception is a ``traceback`` (detail: the formatted traceback).
    """
    return Child(call, expected, seconds, memory).wait()


class Child:
    """A call running in a forked child under the bounds; ``done()`` polls, ``wait()`` ends."""

    def __init__(self, call: Callable[[], str], expected: tuple[type[BaseException], ...],
                 seconds: float = 10.0, memory: int = 1 << 30) -> None:
        self.seconds = seconds
        self.read_end, write_end = os.pipe()
        self.started = time.monotonic()
        self.deadline = self.started + 3 * seconds + 5  # wall clock: for a blocked child
        self.chunks: list[bytes] = []
        self.outcome: Outcome | None = None
        gc.freeze()  # the child's collector then leaves the parent's objects (and pages) alone
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the child
            os.close(self.read_end)
            _child(call, expected, seconds, memory, write_end)
        os.close(write_end)
        os.set_blocking(self.read_end, False)

    def done(self) -> bool:
        """Collect what the child wrote; True once it has ended (killed past the deadline)."""
        if self.outcome is not None:
            return True
        self._drain()
        finished, status, usage = os.wait4(self.pid, os.WNOHANG)
        if not finished and time.monotonic() > self.deadline:
            os.kill(self.pid, signal.SIGKILL)
            finished, status, usage = os.wait4(self.pid, 0)
        if not finished:
            return False
        self._drain()
        os.close(self.read_end)
        self.outcome = self._judge(status, usage.ru_maxrss // 1024)
        self.outcome.cpu = usage.ru_utime + usage.ru_stime
        return True

    def wait(self) -> Outcome:
        while not self.done():
            select.select([self.read_end], [], [], 0.05)
        assert self.outcome is not None
        return self.outcome

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.read_end, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    def _judge(self, status: int, peak: int) -> Outcome:
        elapsed = time.monotonic() - self.started
        if self.chunks:
            report = json.loads(b"".join(self.chunks))
            return Outcome(report["kind"], elapsed, peak, report["detail"])
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig in (signal.SIGPROF, signal.SIGKILL):
                return Outcome("timeout", elapsed, peak, f"still running after {self.seconds:g} s")
            return Outcome("died", elapsed, peak, f"killed by {signal.Signals(sig).name}")
        return Outcome("died", elapsed, peak, f"exit status {os.WEXITSTATUS(status)}")


def _child(call: Callable[[], str], expected: tuple[type[BaseException], ...],
           seconds: float, memory: int, write_end: int) -> None:  # pragma: no cover
    kind, detail = "ok", ""
    try:
        limit = _vm_size() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # the bound is CPU time (a loaded machine does not turn slow work into a "hang");
        # the parent's wall-clock backstop catches a child blocked without using the CPU
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_PROF, seconds)
        detail = call()
    except expected as exc:
        kind, detail = "refused", str(exc)
    except MemoryError:
        kind, detail = "memory", traceback.format_exc()
    except BaseException:  # noqa: BLE001 - every other exception is the defect we look for
        kind, detail = "traceback", traceback.format_exc()
    try:
        # a refusal's first line, a traceback's last lines
        detail = detail[-4000:] if kind in ("traceback", "memory") else detail[:4000]
        os.write(write_end, json.dumps({"kind": kind, "detail": detail}).encode())
    finally:
        os._exit(0)
