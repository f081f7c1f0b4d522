"""Missed renewals: each seat's renewals that did not come, within the statements' reach."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...detectors import Detector
from ...rulebook import Settings
from ..flags import Coverage, Flag, money_text, raise_flag, renewal_flag
from ..state import SubscriptionState

DETECTOR = Detector(
    "missed", "medium", ("missed.grace_days",),
    "a seat's renewal that has not come `grace_days` after it was due, judged only "
    "as far as that account's statements reach: once for a renewal skipped and then "
    "resumed, once when a seat stops (it shows as lapsed). A seat that moves to a "
    "card that `replaces:` its card is one seat"
)


def missed(state: SubscriptionState, settings: Settings, coverage: Coverage,
           as_of: dt.date) -> list[Flag]:
    """Each seat's renewals that did not come: once per gap (skipped, then resumed), and once
    when it stopped (the seat lapsed); an entry with no charges yet, from its start."""
    sub = state.subscription
    flags = []
    currency = state.currency or settings.currency or "XXX"
    for seat in state.seats:
        charges = seat.seat.charges
        for due in seat.missed:
            before = [c for c in charges if c["posted_date"] < due]
            last = before[-1] if before else charges[0]
            resumed = next((c for c in charges if c["posted_date"] > due), None)
            what = (f"resumed {resumed['posted_date']}" if resumed is not None else
                    f"none since {last['posted_date']}: it looks stopped")
            key_due = due
            if resumed is None:  # keyed on the latest renewal missed: a decided flag re-arms
                key_due = _latest_missed(seat, due, coverage, settings, as_of)  # when more do
                if key_due != due:
                    what += f"; nor the renewals after it, the last due {key_due}"
            row = {"posted_date": due, "account": seat.account, "txn_id": None,
                   "description_raw": sub.name, "amount_minor": 0, "currency": currency,
                   "subscription": sub.name}
            flags.append(raise_flag(
                "missed", "medium", row, (), f"{sub.name} renewal due {due} on {seat.account} "
                f"did not come ({money_text(-int(last['amount_minor']), str(last['currency']))}; "
                f"{what})", sub.source, key=(sub.name, seat.account, key_due),
                expected=-int(last["amount_minor"]), expected_date=due))
    if not state.seats and not state.extras:
        flags += _missed_unstarted(state, settings, coverage, as_of)
    return flags


def _latest_missed(seat: Any, due: dt.date, coverage: Coverage, settings: Settings,
                   as_of: dt.date) -> dt.date:
    """The last renewal of a stopped seat that is past its grace within the account's
    statements (``due``, the first missed, when no later one is)."""
    if seat.account not in coverage:
        return due
    until = min(as_of, coverage[seat.account][1])
    grace = dt.timedelta(days=settings.for_account(seat.account).grace_days)
    plan, latest = seat.schedule, due
    k = plan.next_after_last() + 1
    while k < plan.next_after_last() + 1000:
        nxt = plan.due(k)
        if nxt <= latest or nxt + grace >= until:
            break
        latest, k = nxt, k + 1
    return latest


def _missed_unstarted(state: SubscriptionState, settings: Settings, coverage: Coverage,
                      as_of: dt.date) -> list[Flag]:
    sub, due = state.subscription, state.next_expected
    account = state.account
    if due is None or sub.started is None and sub.trial_ends is None:
        return []
    if account is not None and account in coverage:
        first, last = coverage[account]
    elif coverage:
        first, last = min(c[0] for c in coverage.values()), max(c[1] for c in coverage.values())
    else:
        return []
    grace = settings.for_account(account).grace_days
    judged_until = min(as_of, last)
    if due < first or due + dt.timedelta(days=grace) >= judged_until:
        return []
    # keyed on the latest renewal missed: a flag decided in a review stays decided, and the
    # next renewal missed too makes it a new flag
    missed_count, latest = 1, due
    while True:
        after = sub.every.nth(due, missed_count, state.anchor or due.day)
        if after <= latest or after + dt.timedelta(days=grace) >= judged_until:
            break
        missed_count, latest = missed_count + 1, after
    currency = state.currency or settings.currency or "XXX"
    since = (f"last charge {state.last_charge}" if state.last_charge else
             f"started {sub.started}" if sub.started else f"trial ended {sub.trial_ends}")
    # an entry with no account is judged against every account's statements
    reach = f"statements for {account} run" if account else "the statements run"
    more = (f"; nor the {missed_count - 1} after it, the last due {latest}"
            if missed_count > 1 else "")
    return [renewal_flag("missed", "medium", state, due, currency,
                          f"{sub.name} renewal due {due} has not come ({since}{more}; "
                          f"{reach} to {last})", expected_date=due,
                          key_due=latest)]


CHECKS = (missed,)
