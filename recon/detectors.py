"""The flag types, and what a detector declares about its own.

The detectors live in ``recon/detect/kinds/``, one module per flag type, named for it (see
that package). This module imports nothing from recon so that the rulebook (``ignore:``
validation) and the CLI (``--type`` choices) can know the flag types without loading the
detect stage: the types are the names of those modules, read from the package directory.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from pathlib import Path

_KINDS = Path(__file__).parent / "detect" / "kinds"


@dataclass(frozen=True)
class Detector:
    """What a detector module says about the flag type it raises."""

    name: str  # the flag type: the module's own name
    severity: str  # as shown in the docs: "high", "medium (up), low (down)", ...
    settings: tuple[str, ...]  # the ``section.key`` settings it reads
    doc: str  # when it is raised (one paragraph, Markdown)


FLAG_TYPES: tuple[str, ...] = tuple(sorted(
    m.name for m in pkgutil.iter_modules([str(_KINDS)]) if not m.name.startswith("_")))
