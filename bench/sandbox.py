"""Run one call in a forked child under a time and memory bound, and say how it ended.

The hostile-file benchmark and the fuzz test use this so that a hang, a runaway allocation or
an abort in one input is recorded as that input's defect instead of taking the run down. The
child gets an address-space limit (``RLIMIT_AS``: what it had at fork plus ``memory``) and an
alarm; the parent waits with ``wait4``, which also gives the child's peak resident memory.
"""

from __future__ import annotations

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
    seconds: float
    peak_mb: int
    detail: str = ""

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

    An exception of an ``expected`` type is a refusal (detail: its text); ``MemoryError`` or
    dying with the address-space limit reached is ``memory``; any other exception is a
    ``traceback`` (detail: the formatted traceback).
    """
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        kind, detail = "ok", ""
        try:
            limit = _vm_size() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            detail = call()
        except expected as exc:
            kind, detail = "refused", str(exc)
        except MemoryError:
            kind, detail = "memory", traceback.format_exc()
        except BaseException:  # noqa: BLE001 - every other exception is the defect we look for
            kind, detail = "traceback", traceback.format_exc()
        try:
            os.write(write_end, json.dumps({"kind": kind, "detail": detail[-4000:]}).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    deadline = started + seconds + 5  # the alarm fires first; this is a backstop
    chunks: list[bytes] = []
    status, usage = 0, None
    while True:
        wait = max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([read_end], [], [], min(wait, 0.5))
        if ready:
            chunk = os.read(read_end, 1 << 16)
            if chunk:
                chunks.append(chunk)
                continue
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
    while True:
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    elapsed = time.monotonic() - started
    peak = usage.ru_maxrss // 1024 if usage is not None else 0
    if chunks:
        report = json.loads(b"".join(chunks))
        return Outcome(report["kind"], elapsed, peak, report["detail"])
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGALRM, signal.SIGKILL):
            return Outcome("timeout", elapsed, peak, f"still running after {seconds:g} s")
        return Outcome("died", elapsed, peak, f"killed by {signal.Signals(sig).name}")
    return Outcome("died", elapsed, peak, f"exit status {os.WEXITSTATUS(status)}")
