"""``rules/subscriptions.yaml``: the catalogue of subscriptions the user knows they pay for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..cadence import Cadence
from ..regex import Regex, compile_regex
from . import values
from .yamlio import Problems, line_of, load_list, nearest

STATUSES = ("active", "trial", "paused", "cancelled")


@dataclass(frozen=True)
class Subscription:
    """One catalogue entry. Only ``name`` and ``match`` (or ``patterns``) are required."""

    name: str
    match: tuple[str, ...] = ()
    patterns: tuple[Regex, ...] = ()
    amount: Decimal | None = None
    currency: str | None = None
    tolerance: values.Tolerance | None = None
    every: Cadence = Cadence(1, "month")
    billing_day: int | None = None
    account: str | None = None
    per_account: bool = False  # every account that holds it pays its own (seats on cards)
    seats: int | None = None  # how many seats are paid at once, in all (default one)
    currency_stated: bool = True  # False: ``currency`` is the workspace's, not the entry's
    category: str | None = None
    status: str = "active"
    started: dt.date | None = None
    ends: dt.date | None = None
    cancelled: dt.date | None = None
    trial_ends: dt.date | None = None
    notice_days: int | None = None
    notes: str | None = None
    history: tuple[tuple[dt.date, Decimal], ...] = ()  # (until, amount), oldest first
    source: str = ""

    def amount_on(self, day: dt.date | None = None) -> Decimal | None:
        """The price in force on ``day``: an earlier price from ``history``, else ``amount``."""
        if day is not None:
            for until, amount in self.history:
                if day <= until:
                    return amount
        return self.amount

    def stopped_on(self) -> dt.date | None:
        """The last day a charge is due: the cancellation or end date, whichever is first."""
        dates = [d for d in (self.cancelled, self.ends) if d is not None]
        return min(dates) if dates else None


def _regex(value: object) -> Regex:
    if value is None or isinstance(value, dict | list):
        raise ValueError("expected a regular expression (text)")
    try:
        return compile_regex(value)
    except ValueError as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None


def _status(value: object) -> str:
    s = str(value).strip().lower()
    if s not in STATUSES:
        hint = nearest(s, STATUSES)
        extra = f" ({hint})" if hint.startswith("did you") else ""
        raise ValueError(f"expected one of {', '.join(STATUSES)}{extra}")
    return s


def _text(value: object) -> str:
    if value is None or isinstance(value, dict | list):
        raise ValueError("expected text")
    return str(value)


def _yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _texts(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = tuple(_text(v).strip() for v in items)
    if not all(out):
        raise ValueError("expected text (or a list of texts)")
    return out


def _patterns(value: object) -> tuple[Regex, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(_regex(v) for v in items)


def _cadence(value: object) -> Cadence:
    try:
        return Cadence.parse(value)
    except ValueError:
        raise ValueError("expected a cadence: month, week, 2 weeks, quarter, year, "
                         "or N days") from None


def _history(value: object) -> tuple[tuple[dt.date, Decimal], ...]:
    """``[{amount: 10.99, until: 2026-10-02}, ...]``: earlier prices, each with its last day."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"amount", "until"}:
            raise ValueError("expected a list of {amount: 10.99, until: YYYY-MM-DD}")
        out.append((values.date(item["until"]), values.amount(item["amount"])))
    return tuple(sorted(out))


#: key -> (field, reader). The order is the order of the documentation.
KEYS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "name": ("name", _text),
    "match": ("match", _texts),
    "patterns": ("patterns", _patterns),
    "amount": ("amount", values.amount),
    "currency": ("currency", values.currency),
    "tolerance": ("tolerance", values.Tolerance.parse),
    "every": ("every", _cadence),
    "billing_day": ("billing_day", lambda v: values.whole(v, 1, 31)),
    "account": ("account", _text),
    "per_account": ("per_account", _yes_no),
    "seats": ("seats", lambda v: values.whole(v, 1, 10000)),
    "category": ("category", _text),
    "status": ("status", _status),
    "started": ("started", values.date),
    "ends": ("ends", values.date),
    "cancelled": ("cancelled", values.date),
    "trial_ends": ("trial_ends", values.date),
    "notice": ("notice_days", values.days),
    "notes": ("notes", _text),
    "history": ("history", _history),
}


def _entry(item: Any, path: Path, line: int | None, problems: Problems,
           currency: str | None) -> Subscription | None:
    if not isinstance(item, dict):
        problems.add(line, "each subscription is a mapping such as "
                     "{name: Netflix, match: netflix, amount: 10.99}", path)
        return None
    fields: dict[str, Any] = {}
    for key, value in item.items():
        at = line_of(item, key)
        if key not in KEYS:
            problems.add(at, f"unknown key {key!r}: {nearest(str(key), tuple(KEYS))}", path)
            continue
        name, reader = KEYS[key]
        try:
            fields[name] = reader(value)
        except ValueError as exc:
            problems.add(at, f"{key}: {value!r}: {exc}", path)
    if "name" not in fields:
        if "name" not in item:
            problems.add(line, "a subscription needs a name", path)
        return None
    if not fields.get("match") and not fields.get("patterns"):
        if "match" not in item and "patterns" not in item:
            problems.add(line, f"subscription {fields['name']!r} needs match (or patterns)", path)
        return None
    if fields.get("status") == "cancelled" and "cancelled" not in fields and "ends" not in fields:
        problems.add(line, f"subscription {fields['name']!r} is cancelled: say since when "
                     "with cancelled: YYYY-MM-DD", path)
    # no currency: the price is in the currency its charges come in (detect judges it per
    # seat); the workspace currency stands in only where there are no charges to say
    stated = "currency" in fields
    fields["currency"], wrong = values.entry_currency(item, fields.get("currency"), currency)
    for key, message in wrong:
        problems.add(line_of(item, key), message, path)
    # an amount written with a currency sign (``€9.99``) states its currency too
    fields["currency_stated"] = stated or fields["currency"] != currency
    return Subscription(**fields, source=f"{path.name}:{line}")


def load_catalogue(path: Path, problems: Problems, currency: str | None) -> tuple[Subscription, ...]:
    """Every entry of ``subscriptions.yaml`` (and the files it includes); mistakes go to
    ``problems``; entry names must be unique."""
    entries: list[Subscription] = []
    seen: dict[str, str] = {}
    for item, file, line in load_list(path, problems, "subscriptions"):
        entry = _entry(item, file, line, problems, currency)
        if entry is None:
            continue
        key = entry.name.casefold()
        if key in seen:
            problems.add(line, f"subscription {entry.name!r} is already defined at {seen[key]}",
                         file)
            continue
        seen[key] = entry.source
        entries.append(entry)
    return tuple(entries)
