"""What a parser is and what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd


@dataclass(frozen=True)
class Rejection:
    """An input row that was not imported, with where it was and why.

    ``bad`` rows are unreadable (an error unless ``--skip-bad-rows``); the others are rows the
    statement itself marks as not a booked transaction (pending, zero, a balance line).
    """

    location: str
    reason: str
    bad: bool = False
    text: str = ""
    expected: str = ""


@dataclass
class ParseResult:
    """Canonical rows (``schema.PARSED_COLUMNS``) plus the account of every other row."""

    frame: pd.DataFrame
    parser: str
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None


@dataclass(frozen=True)
class ParseOptions:
    """What the user said about a file on the command line."""

    account: str | None = None
    currency: str | None = None
    profile: str | None = None
    #: "DMY", "MDY" or "YMD": settles a day/month order the file itself cannot decide.
    date_order: str | None = None


class Parser(Protocol):
    """A statement format: identified cheaply, parsed into canonical rows."""

    name: str
    description: str

    def identify(self, path: Path, head: bytes) -> bool:
        """True when ``head`` (the first KB of ``path``) is this format. No side effects."""
        ...

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        """Read the whole file. Raises ``InputError`` naming the file and line."""
        ...
