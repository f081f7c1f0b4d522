"""Python's cyclic garbage collector held off while a stage makes millions of objects that
hold no cycles (rows as dicts or lists, a workbook's cells): each full collection walks every
live object, and a million-row analysis set off several. Restored as it was after the stage;
what the stage left for it is collected then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees everything)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
