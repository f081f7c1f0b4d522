"""Unexpected charges: out of the entry's dates or account, extra seats, unknown series."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from typing import Any

from ... import money
from ...detectors import Detector
from ...rulebook import Subscription
from ..flags import Flag, money_text, raise_flag
from ..series import Series
from ..state import SubscriptionState

DETECTOR = Detector(
    "unexpected", "high / medium", ("discover.min_charges",),
    "a charge after `cancelled` or `ends`, before `started`, or while `paused`; a "
    "charge or a seat on another account than the entry's; a seat more than the entry "
    "expects (one, `seats: N`, or one per account with `per_account`): one flag per "
    "extra seat, not per cycle; a recurring series (see `recon discover`) in no "
    "catalogue entry"
)


def unexpected_charges(state: SubscriptionState) -> list[Flag]:
    """Charges after cancellation/end, before the start, while paused, on another account."""
    sub = state.subscription
    flags: list[Flag] = []
    stop = sub.stopped_on()
    if stop is None and sub.started is None and sub.status != "paused" and not sub.account:
        return flags  # nothing a charge could be unexpected against
    in_seats = {r["txn_id"] for r in state.charges}
    for row in sorted([*state.charges, *state.extras], key=lambda r: r["posted_date"]):
        date, account = row["posted_date"], str(row["account"])

        def charged(row: dict[str, Any] = row) -> str:
            return money_text(-int(row["amount_minor"]), str(row["currency"]))

        if stop is not None and date > stop:
            what = f"cancelled on {sub.cancelled}" if sub.cancelled == stop else f"ended on {stop}"
            flags.append(raise_flag("unexpected", "high", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} on {date}, but it was {what}",
                               sub.source))
        elif sub.started is not None and date < sub.started:
            flags.append(raise_flag("unexpected", "medium", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} on {date}, before it started on "
                               f"{sub.started}", sub.source))
        elif sub.status == "paused":
            flags.append(raise_flag("unexpected", "high", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} on {date} while paused",
                               sub.source))
        elif (sub.account and account.casefold() != sub.account.casefold()
              and row["txn_id"] not in in_seats):  # a whole seat elsewhere: extra_seats
            flags.append(raise_flag("unexpected", "medium", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} to {account}; it belongs on "
                               f"{sub.account}", sub.source))
    return flags


def seat_count(sub: Subscription) -> int | None:
    """Seats the entry expects at once: ``seats: N``, one per account with ``per_account``
    (None: any number of accounts, one each), else one."""
    if sub.seats:
        return sub.seats
    return None if sub.per_account else 1


def extra_seats(state: SubscriptionState, held: dict[str, str]) -> list[Flag]:
    """Paid by more seats than the entry expects: one flag per extra seat (its first charge
    and all its charges), never one per cycle. A seat on another account than the entry's
    own is one flag too."""
    sub = state.subscription
    allowed = seat_count(sub)
    flags: list[Flag] = []
    cycle = dt.timedelta(days=sub.every.days)
    ordered = sorted(state.seats, key=lambda s: (s.seat.first, s.seat.charges[0]["txn_id"]))
    # the earlier seats still renewing when a seat begins (their last charge a cycle or less
    # before its first), counted per account (or all together with a seat count) and by the
    # account each bills on: seats begin in order, so one that stopped is never counted again
    ending: list[tuple[dt.date, int]] = []  # (last charge + a cycle, position in ordered)
    active: dict[str, Counter[str]] = {}
    for i, seat in enumerate(ordered):
        while ending and ending[0][0] < seat.seat.first:
            gone = ordered[heapq.heappop(ending)[1]]
            group = active[gone.account if allowed is None else ""]
            group[gone.seat.account] -= 1
            if not group[gone.seat.account]:
                del group[gone.seat.account]
        heapq.heappush(ending, (seat.seat.last + cycle, i))
        row = seat.seat.charges[0]
        earlier = active.setdefault(seat.account if allowed is None else "", Counter())
        before = earlier.total()
        accounts = len(earlier) + (seat.account not in earlier)
        earlier[seat.seat.account] += 1
        off = bool(sub.account) and not _on_account(seat.seat, sub.account or "", held)
        limit = allowed if allowed is not None else 1
        if not off and before < limit:
            continue
        ids = tuple(c["txn_id"] for c in seat.seat.charges)
        charged = f"{money_text(seat.seat.amount, seat.seat.currency)} every {sub.every.label()}"
        if off:
            now = seat.seat.account  # where it bills now, off the entry's account
            row = next((c for c in seat.seat.charges if str(c["account"]) == now), row)
            flags.append(raise_flag(
                "unexpected", "medium", row, ids,
                f"{sub.name} paid on {now} ({charged} since {row['posted_date']}); it "
                f"belongs on {sub.account}", sub.source, key=("seat", sub.name, ids[0])))
            continue
        where = (f"paid on {accounts} accounts" if accounts > 1 else
                 f"paid {before + 1} times a {sub.every.label()} on {seat.account}")
        flags.append(raise_flag(
            "unexpected", "high", row, ids,
            f"{sub.name} {where.replace('2 accounts', 'two accounts')}, one seat more than "
            f"expected ({limit}): {seat.account} pays {charged} since {seat.seat.first}",
            sub.source, key=("seat", sub.name, ids[0])))
    return flags


def _on_account(seat: Any, account: str, held: dict[str, str]) -> bool:
    """The seat bills (now) on ``account``, or on the card that replaced it."""
    now = seat.account.casefold()
    return now == account.casefold() or held.get(account, "").casefold() == now


def unknown_series(series: list[Series]) -> list[Flag]:
    flags = []
    for s in series:
        row = {"posted_date": s.dates[-1], "account": s.account, "txn_id": s.txn_ids[-1],
               "description_raw": s.description, "amount_minor": s.amounts[-1],
               "currency": s.currency, "subscription": None}
        flags.append(raise_flag(
            "unexpected", "medium", row, s.txn_ids,
            f"{s.description} looks like a subscription ({_range(s)} every "
            f"{s.fit.cadence.label()}, {len(s.txn_ids)} charges since {s.dates[0]}) but is not "
            "in your catalogue", key=("series", s.account, s.merchant_key, s.currency,
                                      s.txn_ids[0]),
            expected=s.amount, expected_date=s.next_expected))
    return flags


def _range(s: Series) -> str:
    low, high = min(-a for a in s.amounts), max(-a for a in s.amounts)
    if high - low > max(low // 10, 1):  # a variable bill: say its range
        return f"{money.format_minor(low, s.currency)} to {money_text(high, s.currency)}"
    return money_text(s.amount, s.currency)


CHECKS = (unexpected_charges, extra_seats, unknown_series)
