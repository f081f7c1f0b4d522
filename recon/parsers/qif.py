"""Quicken Interchange Format (QIF): ``!Type:Bank``, ``Cash``, ``CCard``, ``Oth A``, ``Oth L``.

recon reads QIF itself rather than through quiffen (4.0.1): quiffen parses each date alone with
dateutil (``13/01/2020`` and ``01/02/2020`` in one file come out in two different orders,
silently), strips every character but digits, ``.`` and ``-`` from amounts (``1.234,56``
becomes 1.23456), raises one exception for the whole file instead of rejecting a row, and keeps
no line numbers. Here:

- the **date order** is decided from the whole file (a day above 12 settles it; otherwise the
  reading in which the file is in date order; otherwise the QIF convention, month first, said
  in a note with the option that settles it); ``'`` before the year means 2000+
  (``1/2'05``), spaces stand for zeros (``1/ 2/98``);
- the **decimal mark** is decided from every amount in the file;
- **signs** follow the QIF convention (negative = money out, card charges included); a
  ``CCard`` section whose payments are the only negative rows prints charges positive and is
  turned round, with a note;
- **splits** (``S``/``$``) must add up to the total ``T``, a second signal on the amount;
- ``!Account`` blocks name the account of the sections that follow;
- investment (``!Type:Invst``) records that move the account's cash are imported, signed by
  their action (Div, IntInc, CGLong/Mid/Short, MiscInc, RtrnCap, XIn in; MiscExp, MargInt, XOut
  out); trades and the ``X`` variants (cash in another account) are listed as not imported;
  category, class and memorised lists are not statement rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .. import money
from ..errors import InputError
from ..textio import decode, looks_binary, read_bytes
from .base import ParseOptions, ParseResult, SignReading
from .rows import Entry, Rows, join_text, sniff_bytes

_HEADERS = (b"!type:", b"!account", b"!option:", b"!clear:")
_CASH = {"bank", "cash", "ccard", "oth a", "oth l", "invoice"}
_LISTS = {"cat", "class", "memorized", "security", "prices", "template", "bill"}
_DATE = re.compile(
    r"\s*(?P<a>\d{1,4})\s*[/.\-]\s*(?P<b>\d{1,2})\s*(?P<sep>[/.\-'])\s*(?P<c>\d{1,4})\s*"
)
_COMPACT = re.compile(r"\s*(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})\s*")
_PAYMENT = re.compile(
    r"(?i)\b(payments?|repayments?|thank you|paiement|zahlung|pago|betaling|pagamento)\b"
)
_ORDER_NAMES = {"DMY": "day/month/year", "MDY": "month/day/year", "YMD": "year-month-day"}


@dataclass
class _Record:
    line: int
    section: str
    account: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False

    def get(self, code: str) -> str:
        return next((v for c, v in self.fields if c == code), "")

    def text(self) -> str:
        return " ".join(f"{c}{v}" for c, v in self.fields)


@dataclass(frozen=True)
class _Date:
    a: str
    b: str
    c: str
    apostrophe: bool
    year_first: bool
    dotted: bool = False


class QifParser:
    """QIF bank, cash and card registers."""

    name = "qif"
    description = "Quicken QIF (!Type:Bank, Cash, CCard, Oth A/L; !Account blocks)"

    def identify(self, path: Path, head: bytes) -> bool:
        if looks_binary(head):
            return False
        return sniff_bytes(head).lower().startswith(_HEADERS)

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        data = read_bytes(path)
        text, encoding = decode(data, path)
        records, skipped = _records(text.lstrip("\ufeff"), path, options.account or "")
        rows = Rows(path, self.name)
        cash = [r for r in records if r.section in _CASH or _leg_sign(r)]
        for r in records:
            if r.section == "invst" and not _leg_sign(r):
                action = r.get("N") or "(no action)"
                why = ("its cash moved in another account" if action.upper().endswith("X")
                       else "not a cash movement")
                rows.reject(r.line, f"investment action {action} ({why})", text=r.text())
        if skipped:
            rows.notes.append(f"{skipped} list record(s) (categories, classes, memorised) "
                              "are not statement rows")
        order, note = _date_order(cash, options.date_order)
        if note:
            rows.warnings.append(note)
        values = [v for r in cash for c, v in r.fields if c in "TU$"]
        mark = money.infer_decimal_mark(values)
        entries = []
        for r in cash:
            entry = _entry(r, order, mark, rows)
            if entry is not None and r.section == "invst":
                # Quicken writes investment amounts unsigned; the action says which way
                entry = Entry(entry.line, entry.posted, _leg_sign(r) * abs(entry.amount), None,
                              join_text(r.get("P"), r.get("Y"), r.get("M"), r.get("N")), None,
                              entry.account, entry.text)
            if entry is not None:
                entries.append((r, entry))
        sign = getattr(options, "sign", None)  # --sign, where the CLI offers it
        if sign in ("charges-positive", "charges-negative"):
            cards = {r.account for r, _ in entries if r.section == "ccard"}
            flipped = cards if sign == "charges-positive" else set()
            rows.sign_readings += [SignReading(sign == "charges-positive", "option",
                                               account=account) for account in sorted(cards)]
        else:
            flipped = _charges_positive(entries, rows)
        for r, e in entries:
            if r.section == "ccard" and r.account in flipped:
                e = Entry(e.line, e.posted, -e.amount, e.currency, e.description, e.ref,
                          e.account, e.text)
            rows.add(e, options.currency)
        rows.notes.insert(0, f"encoding {encoding}; dates {_ORDER_NAMES[order]}")
        return rows.result(encoding)


#: Investment actions that move cash in or out of the investment account itself (Quicken's
#: ``X`` variants, DivX etc., move it in another account and are not rows of this one).
_INVEST_IN = frozenset("div intinc cglong cgmid cgshort miscinc rtrncap xin".split())
_INVEST_OUT = frozenset("miscexp margint xout".split())


def _leg_sign(r: _Record) -> int:
    """+1 / -1 for an investment record that moves this account's cash, else 0."""
    if r.section != "invst":
        return 0
    action = r.get("N").strip().lower()
    return 1 if action in _INVEST_IN else -1 if action in _INVEST_OUT else 0


def _records(text: str, path: Path, forced_account: str) -> tuple[list[_Record], int]:
    """The records of every section, each with its first line, section and account."""
    records: list[_Record] = []
    section: str | None = None
    account = forced_account
    current: _Record | None = None
    skipped = 0
    listing = False  # between !Option:AutoSwitch and !Clear:AutoSwitch: a list of accounts
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("!"):
            if current is not None and current.fields:
                records.append(current)
            current = None
            head = line[1:].strip().lower()
            if head.startswith(("option:", "clear:")):
                if head.endswith("autoswitch"):
                    listing = head.startswith("option:")
                continue
            if head == "account":
                section = "account"
            elif head.startswith("type:"):
                section = head[5:].strip()
                if section not in _CASH | _LISTS | {"invst"}:
                    raise InputError(f"unknown QIF section {line.strip()!r}", path=path,
                                     line=no, expected="!Type:Bank, Cash, CCard, Oth A, "
                                     "Oth L, Invst, Cat, Class or Memorized")
            else:
                raise InputError(f"unknown QIF header {line.strip()[:40]!r}", path=path,
                                 line=no, expected="!Type:... or !Account")
            continue
        if section is None:
            raise InputError("QIF data before any !Type: header", path=path, line=no,
                             expected="a !Type:Bank (or Cash, CCard, ...) line first")
        if current is None:
            current = _Record(no, section, account)
        if line.startswith("^"):
            current.closed = True
            if section == "account":
                name = current.get("N").strip()
                if name and not forced_account and not listing:
                    account = name
            elif section in _LISTS:
                skipped += 1
            else:
                records.append(current)
            current = None
            continue
        current.fields.append((line[0], line[1:].strip()))
    if current is not None and current.fields:
        records.append(current)
    return [r for r in records if r.section != "account" and r.section not in _LISTS], skipped


@lru_cache(maxsize=8192)
def _split(text: str) -> _Date | None:
    m = _DATE.fullmatch(text)
    if m:
        return _Date(m["a"], m["b"], m["c"], m["sep"] == "'", len(m["a"]) == 4,
                     "." in m.group(0))
    m = _COMPACT.fullmatch(text)
    if m:
        return _Date(m["y"], m["m"], m["d"], False, True)
    return None


def _build(d: _Date, order: str) -> dt.date:
    if d.year_first:
        return dt.date(int(d.a), int(d.b), int(d.c))
    if len(d.c) > 2:
        year = int(d.c)
    elif d.apostrophe:
        year = 2000 + int(d.c)  # Quicken writes 1/2'05 for 2005
    else:
        year = int(d.c) + (2000 if int(d.c) < 70 else 1900)
    first, second = int(d.a), int(d.b)
    month, day = (first, second) if order == "MDY" else (second, first)
    return dt.date(year, month, day)


@lru_cache(maxsize=8192)
def _reads(d: _Date, order: str) -> dt.date | None:
    try:
        return _build(d, order)
    except ValueError:
        return None


def _date_order(records: list[_Record], forced: str | None) -> tuple[str, str | None]:
    """The file's day/month order and, when the file cannot decide it, a note saying so."""
    parsed = [d for d in (_split(r.get("D")) for r in records) if d is not None]
    if forced:
        order = forced.upper()
        if order not in _ORDER_NAMES:
            raise InputError(f"unknown date order {forced!r}", expected="DMY, MDY or YMD")
        return order, None
    ambiguous = [d for d in parsed if not d.year_first]
    if not ambiguous:
        return ("YMD" if parsed else "MDY"), None
    readings = {o: [_reads(d, o) for d in ambiguous] for o in ("MDY", "DMY")}
    whole = [o for o, got in readings.items() if all(got)]
    if len(whole) == 1:
        return whole[0], None
    if not whole:  # neither reads every date: take the one that reads more; rows say why
        return max(readings, key=lambda o: sum(1 for x in readings[o] if x)), None
    turns = {o: _turns([x for x in got if x]) for o, got in readings.items()}
    if turns["MDY"] != turns["DMY"]:
        order = min(turns, key=lambda o: turns[o])
        why = "the reading in which the file is in date order"
    else:
        dotted = sum(1 for d in ambiguous if d.dotted) > len(ambiguous) / 2
        order = "DMY" if dotted else "MDY"
        why = "the QIF convention" if order == "MDY" else "the convention for dotted dates"
    other = "DMY" if order == "MDY" else "MDY"
    return order, (f"no day in this file is above 12, so its date order is not certain: read "
                   f"as {_ORDER_NAMES[order]} ({why}); import with --date-order {other} if "
                   "that is wrong")


def _turns(values: list[dt.date]) -> int:
    """How often the dates change direction: 0 for a file in date order (either way)."""
    diffs = [(b - a).days for a, b in zip(values, values[1:], strict=False) if b != a]
    return sum(1 for x, y in zip(diffs, diffs[1:], strict=False) if (x > 0) != (y > 0))


def _entry(r: _Record, order: str, mark: str, rows: Rows) -> Entry | None:
    if not r.closed:
        rows.reject(r.line, "record is not closed by ^ (the file may be truncated)", bad=True,
                    text=r.text(), expected="a ^ line after each transaction")
        return None
    raw_date = r.get("D")
    parts = _split(raw_date) if raw_date else None
    posted = _reads(parts, order) if parts else None
    if posted is None:
        rows.reject(r.line, f"could not read date {raw_date!r} as {_ORDER_NAMES[order]}"
                    if raw_date else "no date (D line)", bad=True, text=r.text(),
                    expected=f"a D line with a {_ORDER_NAMES[order]} date")
        return None
    splits = [v for c, v in r.fields if c == "$"]
    raw_amount = r.get("T") or r.get("U")
    try:
        split_total = sum((money.parse_amount(v, mark) for v in splits), Decimal(0))
        amount = money.parse_amount(raw_amount, mark) if raw_amount else split_total
    except ValueError:
        rows.reject(r.line, f"could not read amount {raw_amount!r}", bad=True, text=r.text(),
                    expected="a T line such as T-12.34")
        return None
    if not raw_amount and not splits:
        rows.reject(r.line, "no amount (T line)", bad=True, text=r.text(),
                    expected="a T line such as T-12.34")
        return None
    if splits and split_total != amount:
        rows.reject(r.line, f"split amounts add up to {split_total}, not the total {amount}",
                    bad=True, text=r.text(), expected="$ lines that add up to the T line")
        return None
    return Entry(line=r.line, posted=posted, amount=amount, currency=None,
                 description=join_text(r.get("P"), r.get("M")) or join_text(r.get("L")),
                 ref=None, account=r.account, text=r.text())


def _charges_positive(entries: list[tuple[_Record, Entry]], rows: Rows) -> set[str]:
    """Card accounts that print charges positive, by a second signal: their payments (the
    rows that say so) are the only negative amounts. Notes what was decided either way."""
    cards: dict[str, list[Entry]] = {}
    for r, e in entries:
        if r.section == "ccard":
            cards.setdefault(r.account, []).append(e)
    flipped = set()
    for account, items in cards.items():
        name = f"card {account or '(unnamed)'}"
        payments = [e for e in items if _PAYMENT.search(e.description)]
        others = [e for e in items if not _PAYMENT.search(e.description)]
        positive = sum(1 for e in others if e.amount > 0)
        if payments and all(e.amount < 0 for e in payments) and positive > len(others) / 2:
            flipped.add(account)
            reading = SignReading(True, "payments", f"{name}: payments are its only negative "
                                  "amounts, so it prints charges positive; signs turned so "
                                  "charges are money out (--sign charges-negative keeps them)",
                                  True, account)
        elif not payments and others and positive > len(others) / 2:
            reading = SignReading(
                False, "guess", f"{name}: {positive} of {len(others)} amounts are positive; "
                "read as the QIF convention says (negative = charge, positive = payment or "
                "refund), which nothing in the file confirms; --sign charges-positive if they "
                "are charges", True, account)
        else:
            reading = SignReading(False, "printed", account=account)
        if reading.why:
            rows.warnings.append(reading.why)
        rows.sign_readings.append(reading)
    return flipped
