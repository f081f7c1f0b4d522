"""Building canonical rows for the record formats (QIF, CAMT, MT940): one checked step per row.

Each of those parsers reads a statement into ``Entry`` values (where, when, how much, what);
``Rows`` turns them into ``schema.PARSED_COLUMNS`` rows or ``Rejection``s with one policy:
a currency recon knows, a non-zero amount exact in that currency's minor units and small
enough to store, every row accounted for.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .. import money
from ..schema import PARSED_COLUMNS
from .base import ParseResult, Rejection, SignReading

#: Largest amount recon stores, in minor units (SQLite and pandas hold 64-bit integers;
#: no statement line is a quadrillion).
MAX_MINOR = 10**15


def sniff_bytes(head: bytes) -> bytes:
    """The start of a file as UTF-8 bytes for format sniffing: a UTF-16 file (with its BOM)
    re-encoded, a UTF-8 BOM and leading whitespace dropped."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore").encode("utf-8")
    return head.removeprefix(codecs.BOM_UTF8).lstrip(b" \r\n\t")


def mask_account(account: str) -> str:
    """An account number as the ledger shows it: the last four characters of a long number,
    separators left out (``1234 5678-901`` -> ``****8901``, not ``****-901``)."""
    acct = account.strip()
    digits = re.sub(r"\D", "", acct)
    if len(digits) <= 6:
        return acct
    return f"****{re.sub(r'[^0-9A-Za-z]', '', acct)[-4:]}"


def minor_units(amount: Decimal, currency: str) -> int:
    """``money.to_minor`` with a bound, so a hostile number cannot overflow the ledger.

    Raises:
        ValueError: sub-minor precision, or an amount past ``MAX_MINOR``.
    """
    if not amount.is_finite():
        raise ValueError(f"amount {amount} is not a number")
    if amount.adjusted() > 15:
        raise ValueError(f"amount {amount} is too large to be a statement line")
    minor = money.to_minor(amount, currency)
    if abs(minor) >= MAX_MINOR:
        raise ValueError(f"amount {amount} is too large to be a statement line")
    return minor


@dataclass(frozen=True)
class Entry:
    """One statement line as a record format states it."""

    line: int
    posted: dt.date
    amount: Decimal
    currency: str | None
    description: str
    ref: str | None
    account: str
    text: str = ""


class Rows:
    """Collects canonical rows and rejections for one file."""

    def __init__(self, path: Path, parser: str) -> None:
        self.path = path
        self.parser = parser
        self.records: list[tuple[object, ...]] = []
        self.rejected: list[Rejection] = []
        self.notes: list[str] = []
        self.warnings: list[str] = []
        self.fallback: str | None = None  # the --currency given to rows that name none
        self.sign_readings: list[SignReading] = []  # how each card account's signs were read

    def reject(self, line: int, reason: str, *, bad: bool = False, text: str = "",
               expected: str = "") -> None:
        self.rejected.append(Rejection(str(line), reason, bad=bad, text=text[:200],
                                       expected=expected))

    def add(self, entry: Entry, default_currency: str | None) -> None:
        """Import ``entry``, or reject it with the reason."""
        currency = (entry.currency or default_currency or "").upper()
        if not entry.currency and currency:
            self.fallback = currency
        if not currency or not money.is_currency(currency):
            self.reject(entry.line, f"no currency ({currency or 'none named in the file'})",
                        bad=True, text=entry.text, expected="--currency CODE")
            return
        if entry.amount == 0:
            self.reject(entry.line, "zero amount", text=entry.text)
            return
        try:
            minor = minor_units(entry.amount, currency)
        except ValueError as exc:
            self.reject(entry.line, str(exc), bad=True, text=entry.text,
                        expected=f"an amount in {currency}")
            return
        self.records.append((entry.account, entry.posted, minor, currency, entry.description,
                             entry.ref or None, self.path.name, str(entry.line), self.parser))

    def result(self, encoding: str | None = None) -> ParseResult:
        frame = pd.DataFrame(self.records, columns=list(PARSED_COLUMNS))
        frame["amount_minor"] = frame["amount_minor"].astype("int64")
        rejected = sorted(self.rejected, key=lambda r: int(r.location))
        return ParseResult(frame=frame, parser=self.parser, rejected=rejected,
                           notes=self.notes, encoding=encoding, warnings=self.warnings,
                           currency_fallback=self.fallback, sign_readings=self.sign_readings)


def join_text(*parts: str | None) -> str:
    """Non-empty parts, each once, in order, joined with `` | ``."""
    cleaned = (" ".join(p.split()) for p in parts if p)
    return " | ".join(dict.fromkeys(p for p in cleaned if p))
