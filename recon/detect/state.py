"""Where each catalogue subscription stands: its charges, last charge, next renewal, cost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from .. import money
from ..cadence import Cadence, add_months, anchor_day
from ..rulebook import Rulebook, Subscription
from ..schema import records
from .series import fit

#: The fields of a charge record (``SubscriptionState.charges``, and the rows the checks see).
CHARGE_FIELDS = ("txn_id", "posted_date", "account", "amount_minor", "currency",
                 "description_raw", "merchant_key", "subscription", "source_file", "source_row")


@dataclass(frozen=True)
class SubscriptionState:
    """One catalogue entry as the ledger shows it."""

    subscription: Subscription
    charges: list[dict[str, Any]]  # linked money-out rows (CHARGE_FIELDS), oldest first
    currency: str | None
    last_charge: dt.date | None
    last_amount: int | None  # positive minor units
    accounts: tuple[str, ...]
    next_expected: dt.date | None
    price_history: tuple[tuple[dt.date, int, str], ...]  # (from, amount, currency)
    anchor: int | None = None  # day of month it renews on (month and year cadences)

    @property
    def expected_amount(self) -> int | None:
        """The price to expect, positive minor units: the last charge, else the entry's."""
        if self.last_amount is not None:
            return self.last_amount
        return expected_minor(self.subscription, self.currency) if self.currency else None

    @property
    def cancel_by(self) -> dt.date | None:
        """The last day to cancel before the next renewal (entries with a notice period)."""
        notice = self.subscription.notice_days
        return self.next_expected - dt.timedelta(days=notice) if (
            self.next_expected is not None and notice) else None

    @property
    def annual_minor(self) -> int | None:
        amount = self.expected_amount
        return annual_minor(amount, self.subscription.every) if amount is not None else None

    @property
    def account(self) -> str | None:
        """The entry's own account, else the account of the latest charge."""
        if self.subscription.account:
            return self.subscription.account
        if self.charges:
            return str(self.charges[-1]["account"])
        return None


def renewal_soon(state: SubscriptionState, as_of: dt.date,
                 window_days: int) -> tuple[dt.date, dt.date | None] | None:
    """The first renewal on or after ``as_of`` and its cancel-by date, when the renewal or
    the cancel-by date falls within ``window_days`` of ``as_of``; else None.

    Renewals between the end of the statements and ``as_of`` are stepped over: they have
    happened (or been missed) where recon cannot see yet.
    """
    sub, due = state.subscription, state.next_expected
    if due is None:
        return None
    while due < as_of:
        due = sub.every.nth(due, 1, state.anchor or due.day)
    stop = sub.stopped_on()
    if stop is not None and due > stop:
        return None
    horizon = as_of + dt.timedelta(days=window_days)
    cancel_by = due - dt.timedelta(days=sub.notice_days) if sub.notice_days else None
    if due <= horizon or (cancel_by is not None and as_of <= cancel_by <= horizon):
        return due, cancel_by
    return None


def annual_minor(amount: int, cadence: Cadence) -> int:
    """What ``amount`` every ``cadence`` costs in a year, in minor units (exact)."""
    if cadence.unit == "month":
        per_year = Decimal(12) / cadence.n
    elif cadence.unit == "year":
        per_year = Decimal(1) / cadence.n
    elif cadence.unit == "week":
        per_year = Decimal(52) / cadence.n
    else:
        per_year = Decimal(365) / cadence.n
    return int((amount * per_year).quantize(Decimal(1), ROUND_HALF_UP))


def expected_minor(sub: Subscription, currency: str, on: dt.date | None = None) -> int | None:
    """The entry's amount (in force ``on`` a day) in ``currency`` minor units, when it is
    priced in that currency."""
    amount = sub.amount_on(on)
    if amount is None or (sub.currency and sub.currency != currency):
        return None
    try:
        return money.to_minor(amount, currency)
    except ValueError:  # 9.99 for a JPY charge: not comparable
        return None


def _first_due(sub: Subscription) -> dt.date | None:
    """The first renewal of an entry with no charges yet: after its trial, or its start."""
    start = None
    if sub.trial_ends:
        start = sub.trial_ends + dt.timedelta(days=1)
    elif sub.started:
        start = sub.started
    if start is None:
        return None
    if sub.billing_day and sub.every.months:
        due = add_months(start, 0, sub.billing_day)
        return due if due >= start else add_months(start, 1, sub.billing_day)
    return start


def next_renewal(sub: Subscription, dates: list[dt.date], tolerance_days: int = 4) -> dt.date | None:
    """The renewal after the last of ``dates`` (or the first one due when there are none).

    The dates are lined up with the entry's cadence first, so a charge that slipped past a
    month end (30 Dec posted on 1 Jan) still counts for December and January is expected.
    """
    active = sub.status in ("active", "trial")
    if not active:
        return None
    due: dt.date | None
    lined_up = fit(dates[-6:], sub.every, tolerance_days, sub.billing_day) if dates else None
    if lined_up is not None:
        due = lined_up.next_after(dates[-1])
    elif dates:
        if sub.every.months:
            day = sub.billing_day or anchor_day(dates[-3:])
            due = add_months(dates[-1], sub.every.months, day)
        else:
            due = sub.every.nth(dates[-1], 1)
    else:
        due = _first_due(sub)
    stop = sub.stopped_on()
    if due is None or (stop is not None and due > stop):
        return None
    return due


def _history(charges: list[dict[str, Any]]) -> tuple[tuple[dt.date, int, str], ...]:
    out: list[tuple[dt.date, int, str]] = []
    for row in charges:
        amount, currency = -int(row["amount_minor"]), str(row["currency"])
        if not out or out[-1][1] != amount or out[-1][2] != currency:
            out.append((row["posted_date"], amount, currency))
    return tuple(out)


def states(matched: pd.DataFrame, book: Rulebook,
           exclude: frozenset[str] = frozenset()) -> list[SubscriptionState]:
    """The state of every catalogue entry, in catalogue order.

    Args:
        matched: transactions with the match columns.
        book: the rulebook.
        exclude: txn ids that do not count as charges (duplicates, reversed by refunds).
    """
    charges = matched[matched["subscription"].notna() & matched["amount_minor"].lt(0)
                      & ~matched["ignore"].eq("all") & ~matched["txn_id"].isin(exclude)]
    by_sub: dict[str, list[dict[str, Any]]] = {}
    for row in records(charges.sort_values("posted_date", kind="stable"), CHARGE_FIELDS):
        by_sub.setdefault(str(row["subscription"]), []).append(row)
    out = []
    for sub in book.subscriptions:
        rows = by_sub.get(sub.name, [])
        dates = [r["posted_date"] for r in rows]
        last_amount = -int(rows[-1]["amount_minor"]) if rows else None
        currency = str(rows[-1]["currency"]) if rows else sub.currency
        out.append(SubscriptionState(
            subscription=sub, charges=rows, currency=currency,
            last_charge=dates[-1] if dates else None, last_amount=last_amount,
            accounts=tuple(dict.fromkeys(str(r["account"]) for r in rows)),
            next_expected=next_renewal(sub, dates, book.settings.date_tolerance_days),
            price_history=_history(rows),
            anchor=sub.billing_day or (anchor_day(dates[-3:]) if dates else None),
        ))
    return out
