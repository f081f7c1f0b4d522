"""Where each catalogue subscription stands: its charges, last charge, next renewal, cost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from .. import money
from ..cadence import Cadence, add_months, anchor_day
from ..rulebook import Rulebook, Settings, Subscription
from ..schema import records
from .seats import Schedule, Seat, holders, same_plan, schedule, seats_of
from .series import fit

#: The fields of a charge record (``SubscriptionState.charges``, and the rows the checks see).
CHARGE_FIELDS = ("txn_id", "posted_date", "account", "amount_minor", "currency",
                 "description_raw", "merchant_key", "subscription", "source_file", "source_row")


@dataclass(frozen=True)
class SeatState:
    """One seat of an entry as the ledger shows it."""

    seat: Seat
    schedule: Schedule
    next_expected: dt.date | None  # the renewal after the last charge (None once stopped)
    missed: tuple[dt.date, ...]  # the first renewal of each run without a charge
    lapsed: bool  # the last of ``missed`` is after the last charge: it stopped

    @property
    def account(self) -> str:
        """The account that holds the seat now (a replaced card's successor)."""
        return self.seat.holder or self.seat.account


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
    seats: tuple[SeatState, ...] = ()  # the series that pay it, one per seat (real ones)
    extras: tuple[dict[str, Any], ...] = ()  # linked charges in no seat (one-offs, doubles)

    @property
    def lapsed(self) -> bool:
        """Every seat stopped renewing (a missed renewal it never came back from)."""
        return bool(self.seats) and all(s.lapsed for s in self.seats)

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


def _anchor(seat: SeatState | None, sub: Subscription) -> int | None:
    return seat.schedule.anchor if seat is not None else sub.billing_day


def _seat_state(seat: Seat, sub: Subscription, settings: Settings,
                reach: dict[str, tuple[dt.date, dt.date]], as_of: dt.date,
                loose: tuple[tuple[dt.date, int, str], ...] = ()) -> SeatState:
    """The seat's schedule, next renewal and missed renewals, judged where its account's
    statements reach (up to ``as_of``) and only while the entry says it is due."""
    plan = schedule(seat.dates, sub)
    stop = sub.stopped_on()
    own = settings.for_account(seat.account)
    grace = dt.timedelta(days=own.grace_days)

    def due_in_plan(due: dt.date) -> bool:
        return ((stop is None or due <= stop) and (sub.started is None or due >= sub.started)
                and (sub.trial_ends is None or due > sub.trial_ends)
                and sub.status in ("active", "trial"))

    near = dt.timedelta(days=settings.date_tolerance_days + 2)

    def paid_elsewhere(due: dt.date) -> bool:
        """A charge in no seat (on another card, say) paid this renewal at the seat's price."""
        return any(abs(d - due) <= near and c == seat.currency and same_plan(a, seat.amount)
                   for d, a, c in loose)

    missed = [plan.due(k) for k in plan.missing()
              if due_in_plan(plan.due(k)) and not paid_elsewhere(plan.due(k))]
    nxt: dt.date | None = plan.due(plan.next_after_last())
    lapsed = False
    first, last = reach.get(seat.holder or seat.account, (seat.first, seat.last))
    assert nxt is not None
    if not due_in_plan(nxt):
        nxt = None
    elif first <= nxt and nxt + grace < min(as_of, last):
        missed.append(nxt)
        lapsed = True
    return SeatState(seat, plan, nxt, tuple(missed), lapsed)


def states(matched: pd.DataFrame, book: Rulebook, exclude: frozenset[str] = frozenset(),
           reach: dict[str, tuple[dt.date, dt.date]] | None = None,
           as_of: dt.date | None = None) -> list[SubscriptionState]:
    """The state of every catalogue entry, in catalogue order, with its seats.

    Args:
        matched: transactions with the match columns.
        book: the rulebook.
        exclude: txn ids that do not count as charges (reversed by refunds, duplicates).
        reach: first and last day of each account's statements (default: the charges').
        as_of: the day the user looks (default: the last charge).
    """
    charges = matched[matched["subscription"].notna() & matched["amount_minor"].lt(0)
                      & ~matched["ignore"].eq("all") & ~matched["txn_id"].isin(exclude)]
    by_sub: dict[str, list[dict[str, Any]]] = {}
    for row in records(charges.sort_values("posted_date", kind="stable"), CHARGE_FIELDS):
        by_sub.setdefault(str(row["subscription"]), []).append(row)
    settings = book.settings
    held = holders(settings)
    reach = reach or {}
    if as_of is None:
        as_of = max((r[-1]["posted_date"] for r in by_sub.values()), default=dt.date.today())
    until = {a: last for a, (_, last) in reach.items()}
    out = []
    for sub in book.subscriptions:
        rows = by_sub.get(sub.name, [])
        found = seats_of(rows, sub, settings, held, until) if rows else []
        extras = tuple(r for s in found if not s.real for r in s.charges)
        loose = tuple((r["posted_date"], -int(r["amount_minor"]), str(r["currency"]))
                      for r in extras)
        live = [_seat_state(s, sub, settings, reach, as_of, loose) for s in found if s.real]
        seat_rows = sorted((r for s in live for r in s.seat.charges),
                           key=lambda r: r["posted_date"])
        latest = max(live, key=lambda s: s.seat.last) if live else None
        dates = [r["posted_date"] for r in seat_rows]
        upcoming = [s for s in live if s.next_expected is not None and not s.lapsed]
        soonest = min(upcoming, key=lambda s: s.next_expected or dt.date.max) if upcoming else None
        if not live:
            next_expected = next_renewal(sub, [], settings.date_tolerance_days)
        else:
            next_expected = soonest.next_expected if soonest else None
        currency = latest.seat.currency if latest else (sub.currency or settings.currency)
        out.append(SubscriptionState(
            subscription=sub, charges=seat_rows, currency=currency,
            last_charge=dates[-1] if dates else None,
            last_amount=latest.seat.amount if latest else None,
            accounts=tuple(dict.fromkeys(a for s in live for a in s.seat.accounts)),
            next_expected=next_expected,
            price_history=_history(latest.seat.charges) if latest else (),
            anchor=_anchor(soonest or latest, sub),
            seats=tuple(live), extras=extras,
        ))
    return out
