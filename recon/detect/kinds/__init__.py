"""The detectors, one module per flag type: the registry.

Each module here is named for the flag type it raises and holds everything about it: its
``DETECTOR`` (severity, the settings keys it reads, its documentation) and its ``CHECKS`` (the
functions that raise it, which ``recon.detect.detect`` calls in pipeline order). The list of
flag types (``recon.detectors.FLAG_TYPES``, which ``ignore:`` and ``--type`` accept) is the
list of these modules, and ``docs/rules.md``'s flag table is ``flag_table()``: a new detector
is one module here, its call in ``detect``, and its test.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ...detectors import FLAG_TYPES, Detector

MODULES: dict[str, ModuleType] = {
    name: importlib.import_module(f"{__name__}.{name}") for name in FLAG_TYPES}

DETECTORS: tuple[Detector, ...] = tuple(m.DETECTOR for m in MODULES.values())

#: flag type -> the checks that raise it
CHECKS: dict[str, tuple[Callable[..., Any], ...]] = {
    name: m.CHECKS for name, m in MODULES.items()}


def flag_table() -> str:
    """The Markdown table of flag types for ``docs/rules.md``."""
    lines = ["| type | severity | raised when |", "| --- | --- | --- |"]
    lines += [f"| `{d.name}` | {d.severity} | {d.doc} |" for d in DETECTORS]
    return "\n".join(lines)
