"""Upcoming renewals: one reminder per live seat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ...detectors import Detector
from ...rulebook import Settings
from ..flags import Flag, money_text, raise_flag
from ..state import SubscriptionState, renewal_soon

DETECTOR = Detector(
    "upcoming", "low", ("upcoming.remind_days", "upcoming.remind_days_yearly"),
    "a live seat's next renewal, or its cancel-by date, falls within `remind_days` "
    "(`remind_days_yearly` for yearly plans) from today (`--as-of`); one reminder per "
    "seat"
)


def upcoming(state: SubscriptionState, settings: Settings, as_of: dt.date,
             skip: Iterable[str] = ()) -> list[Flag]:
    """A reminder per live seat whose next renewal (or cancel-by date) is within the window
    (not for a seat flagged as extra, whose first charge is in ``skip``: one flag says it);
    for an entry with no charges yet, from its start or trial end."""
    skipped = set(skip)
    sub = state.subscription
    window = settings.remind_days_yearly if sub.every.is_yearly else settings.remind_days
    flags = []
    if not state.seats:
        soon = renewal_soon(state, as_of, window)
        return [] if soon is None else [_upcoming_flag(state, None, *soon, settings, as_of)]
    for seat in state.seats:
        if seat.lapsed or seat.next_expected is None or (
                seat.seat.charges[0]["txn_id"] in skipped):
            continue
        plan, k = seat.schedule, seat.schedule.next_after_last()
        due = plan.due(k)
        while due < as_of:
            k += 1
            due = plan.due(k)
        stop = sub.stopped_on()
        if stop is not None and due > stop:
            continue
        horizon = as_of + dt.timedelta(days=window)
        cancel_by = due - dt.timedelta(days=sub.notice_days) if sub.notice_days else None
        if due <= horizon or (cancel_by is not None and as_of <= cancel_by <= horizon):
            flags.append(_upcoming_flag(state, seat, due, cancel_by, settings, as_of))
    return flags


def _upcoming_flag(state: SubscriptionState, seat: Any, due: dt.date, cancel_by: dt.date | None,
                   settings: Settings, as_of: dt.date) -> Flag:
    sub = state.subscription
    trial_end = sub.trial_ends if sub.status == "trial" and sub.trial_ends else None
    currency = seat.seat.currency if seat else (state.currency or settings.currency or "XXX")
    expected = seat.seat.amount if seat else state.expected_amount
    account = seat.account if seat else (state.account or "")
    price = f" for {money_text(expected, currency)}" if expected else ""
    on = f" on {account}" if seat and len(state.seats) > 1 else ""
    text = f"{sub.name} renews on {due}{on}{price}"
    if cancel_by is not None:
        text += f"; cancel by {cancel_by} ({sub.notice_days} days' notice)"
    if trial_end is not None and trial_end >= as_of:
        text = f"{sub.name} trial ends {trial_end}; first charge{price} expected {due}"
    row = {"posted_date": due, "account": account, "txn_id": None,
           "description_raw": sub.name, "amount_minor": 0, "currency": currency,
           "subscription": sub.name}
    key = (sub.name, due) if seat is None or len(state.seats) == 1 else (sub.name, account, due)
    return raise_flag("upcoming", "low", row, (), text, sub.source, key=key, expected=expected,
                 expected_date=cancel_by or due)


CHECKS = (upcoming,)
