"""Named points where the crash tests stop recon dead (as ``kill -9`` would).

``RECON_CRASH_AT=EVENT`` (or ``EVENT#N``, the N-th time it is reached) makes ``reached``
end the process at once with ``os._exit``: no cleanup, no ``finally``, no flush. Unset (as
always outside the tests), ``reached`` is one dictionary lookup.
"""

from __future__ import annotations

import os

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
