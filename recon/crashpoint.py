"""Named points where the crash tests stop recon dead (as ``kill -9`` would).

``RECON_CRASH_AT=EVENT`` (or ``EVENT#N``, the N-th time it is reached) makes ``reached``
end the process at once with ``os._exit``: no cleanup, no ``finally``, no flush. Unset (as
always outside the tests), ``reached`` is one dictionary lookup.

``RECON_KILL_AFTER=SECONDS`` sends the process SIGKILL that many seconds after recon's
modules are loaded (when this module is imported), so that random kills land in the
command's own work rather than in the interpreter's start-up.
"""

from __future__ import annotations

import os
import signal
import threading

_count: dict[str, int] = {}


def reached(event: str) -> None:
    """Mark ``event`` (e.g. ``"review:commit"``); exit here if the crash tests asked to."""
    wanted = os.environ.get("RECON_CRASH_AT")
    if not wanted:
        return
    name, _, nth = wanted.partition("#")
    if name != event:
        return
    _count[event] = _count.get(event, 0) + 1
    if _count[event] == int(nth or 1):
        os._exit(137)


def _arm_kill() -> None:
    after = os.environ.get("RECON_KILL_AFTER")
    if after:
        timer = threading.Timer(float(after), os.kill, (os.getpid(), signal.SIGKILL))
        timer.daemon = True
        timer.start()


_arm_kill()
