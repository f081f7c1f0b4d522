"""A stale catalogue: a seat that stopped where a similar new series began."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from rapidfuzz import fuzz

from ...detectors import Detector
from ...rulebook import Settings
from ..flags import Flag, money_text, raise_flag
from ..seats import same_plan
from ..series import Series, Starts
from ..state import SubscriptionState

DETECTOR = Detector(
    "renamed", "medium", ("discover.min_charges",),
    "a seat stopped, and a new recurring series in no catalogue entry started on the "
    "same account when it was due, with a similar merchant name or price: the "
    "subscription may now bill under another name (one flag instead of a missed "
    "renewal and an unknown series)"
)


@dataclass(frozen=True)
class Rename:
    """A ``renamed`` flag's proposal: ``alias`` (a merchant key) for ``subscription``, at the
    new price ``amount_minor`` (positive) in ``currency`` from ``since``. Review ``ok`` on the
    flag adds the alias to the entry's ``match`` and the price (the old one to ``history``)."""

    flag_id: str
    subscription: str
    alias: str
    amount_minor: int
    currency: str
    since: dt.date


@functools.lru_cache(maxsize=65536)  # one entry's keys meet the same series' keys often
def _similar_key(a: str, b: str) -> bool:
    """Merchant keys of one merchant printed two ways: a shared word of 4+ letters, or close."""
    words = {w for w in a.split() if len(w) >= 4} & {w for w in b.split() if len(w) >= 4}
    return bool(words) or fuzz.ratio(a, b) >= 80


def renamed(subs: list[SubscriptionState], series: list[Series],
            settings: Settings
            ) -> tuple[list[Flag], list[Rename], set[tuple[str, str, dt.date]], list[Series]]:
    """A seat that stopped where a new uncatalogued series began on its account, when it
    was due, with a similar merchant key or price: one ``renamed`` flag in place of the
    seat's missed renewal and the series' unknown-series flag.

    Returns:
        The flags, their proposals, the missed flags they replace (subscription, account and
        the first renewal missed), and the series still unexplained.
    """
    flags: list[Flag] = []
    renames: list[Rename] = []
    replaced: set[tuple[str, str, dt.date]] = set()
    left = Starts(series)
    slack = dt.timedelta(days=settings.date_tolerance_days + 2)
    for state in subs:
        sub = state.subscription
        cycle = dt.timedelta(days=sub.every.days)
        for seat in state.seats:
            if not seat.lapsed:
                continue
            due = seat.missed[-1]
            keys = {str(c["merchant_key"]) for c in seat.seat.charges}
            s = next((s for s in left.between(seat.account, seat.seat.last + cycle / 2,
                                              due + cycle + slack)
                      if any(_similar_key(k, s.merchant_key) for k in keys)
                      or (s.currency == seat.seat.currency
                          and same_plan(s.amount, seat.seat.amount))), None)
            if s is None:
                continue
            left.take(s)
            row = {"posted_date": s.dates[0], "account": s.account, "txn_id": s.txn_ids[0],
                   "description_raw": s.description, "amount_minor": s.amounts[0],
                   "currency": s.currency, "subscription": sub.name}
            flag = raise_flag(
                "renamed", "medium", row, s.txn_ids,
                f"{sub.name} may now bill as {s.description} at {money_text(s.amount, s.currency)}"
                f": its charges on {seat.account} stopped after {seat.seat.last} and this "
                f"series began {s.dates[0]} ({len(s.txn_ids)} charges)", sub.source,
                key=("renamed", sub.name, seat.account, s.txn_ids[0]),
                expected=seat.seat.amount, expected_date=due)
            flags.append(flag)
            renames.append(Rename(flag.id, sub.name, s.merchant_key, s.amount, s.currency,
                                  s.dates[0]))
            replaced.add((sub.name, seat.account, due))
    return flags, renames, replaced, left.left()


CHECKS = (renamed,)
