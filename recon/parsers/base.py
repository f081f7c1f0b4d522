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

    def __post_init__(self) -> None:
        # a reason quotes the cell it could not read: a million-digit cell is not a message
        if len(self.reason) > MAX_REASON:
            cut = MAX_REASON // 2
            object.__setattr__(self, "reason", f"{self.reason[:cut]} [... "
                               f"{len(self.reason) - 2 * cut:,} characters] {self.reason[-cut:]}")
        if len(self.text) > MAX_REASON:
            object.__setattr__(self, "text", self.text[:MAX_REASON] + " [...]")


#: Characters of a rejection's reason and quoted text (the middle of a longer one is cut).
MAX_REASON = 400


#: what settled how a file's amounts are signed (``SignReading.by``)
SIGN_EVIDENCE = (
    "option",    # --sign charges-positive|charges-negative
    "profile",   # a profile's sign or directions
    "balance",   # the running balance column (amount = change in balance)
    "columns",   # debit/credit columns or a direction column
    "types",     # OFX TRNTYPE: debits and credits signed one way
    "payments",  # a card's payments are its only negative rows
    "words",     # the rows' words (repayments, refunds negative) and the file's card words
    "printed",   # signs as printed, nothing against them
    "guess",     # nothing in the file decides: the reading taken, said with the option
)


@dataclass(frozen=True)
class SignReading:
    """How a parser read the signs of a file's amounts (money out negative), and why."""

    #: money out was printed as positive numbers and the amounts were turned
    charges_positive: bool
    by: str  # one of ``SIGN_EVIDENCE``
    #: the line the parser said (in ``warnings`` when ``warned``, else in ``notes``)
    why: str = ""
    #: said as a warning, shown without -v: which reading was taken and how to force the
    #: other (``--sign``), or that the user's ``--sign`` overrode the file's evidence
    warned: bool = False
    account: str | None = None  # a file of several statements: whose reading this is

    @property
    def decided(self) -> bool:
        """Something (the user, a profile or the file) settled the reading."""
        return self.by != "guess"


@dataclass
class ParseResult:
    """Canonical rows (``schema.PARSED_COLUMNS``) plus the account of every other row."""

    frame: pd.DataFrame
    parser: str
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None
    #: one-line statements the user must see without -v: a reading recon chose where the
    #: file could not decide (sign, day/month order) and the option that forces the other
    warnings: list[str] = field(default_factory=list)
    #: the currency of ``ParseOptions.currency`` given to rows because the file names none
    #: (None when the file names its currency); the caller says so once per file
    currency_fallback: str | None = None
    #: the inferred layout, as a profile (``table.layout_yaml`` renders it)
    layout: object | None = None
    #: how the amounts' signs were read: one per statement or card account judged (none
    #: when the format signs every row itself)
    sign_readings: list[SignReading] = field(default_factory=list)


@dataclass(frozen=True)
class ParseOptions:
    """What the user said about a file on the command line."""

    account: str | None = None
    currency: str | None = None
    profile: str | None = None
    #: "charges-positive" (the file prints money out as positive numbers: negate),
    #: "charges-negative" (as printed), None: inferred, and said when undecidable
    sign: str | None = None
    #: "DMY", "MDY" or "YMD" for a date column whose day/month order cannot be inferred
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
