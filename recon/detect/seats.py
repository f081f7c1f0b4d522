"""Seats: a catalogue entry's charges split into the subscriptions that pay it, one per series.

A *seat* is one subscription to a service on one account: a household's cards each paying
their own Netflix are several seats of one entry; a family plan and a second profile paid on
the same card are two seats. Everything that follows a renewal (baseline price, cadence phase,
next renewal, missed and upcoming) is judged per seat, never across seats.

How charges become seats, per account (an account that ``replaces:`` another continues its
seats):

1. Charges are taken oldest first. Each one joins the seat that is due (its last charge at
   least half a cycle ago) whose next renewal is nearest and whose price is close (within
   ``SAME_PLAN``): on time beats late, an established seat beats a new one. A charge no seat
   takes starts a new seat.
2. A seat with charges in at least ``min_charges`` cycles is real; so is the account's main
   seat (the one with most charges) when it has two charges, or one that is yearly or too
   recent to have renewed yet. The other seats' charges are *extras*: a second charge in one
   cycle of a real seat at its price is a duplicate; any other extra (a one-off purchase
   from the brand) is not a renewal and raises nothing.
3. A real seat that stops, followed within the date tolerance of its next renewal by a real
   seat starting on another account at a similar price, moved there (a new card); not for
   an entry paid ``per_account``, whose accounts each pay their own seat.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import Any

from ..cadence import Cadence, add_months, billing_anchor
from ..rulebook import Settings, Subscription
from .series import _cycle

SAME_PLAN = 25  # percent: a charge further from a seat's price than this is another plan


@dataclass
class Seat:
    """One series of an entry: its charges (oldest first) and the accounts they were on."""

    subscription: str
    charges: list[dict[str, Any]] = field(default_factory=list)
    real: bool = True
    holder: str = ""  # the account that holds it now (a replaced card's successor)

    @property
    def account(self) -> str:
        """Where it bills now: the account of the latest charge."""
        return str(self.charges[-1]["account"])

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(str(c["account"]) for c in self.charges))

    @property
    def dates(self) -> list[dt.date]:
        return [c["posted_date"] for c in self.charges]

    @property
    def first(self) -> dt.date:
        return self.charges[0]["posted_date"]  # type: ignore[no-any-return]

    @property
    def last(self) -> dt.date:
        return self.charges[-1]["posted_date"]  # type: ignore[no-any-return]

    @property
    def amount(self) -> int:
        """The latest price, positive minor units."""
        return -int(self.charges[-1]["amount_minor"])

    @property
    def currency(self) -> str:
        return str(self.charges[-1]["currency"])


@dataclass(frozen=True)
class Schedule:
    """A seat's renewal dates: the k-th renewal is ``cadence.nth(start, k, anchor)``."""

    cadence: Cadence
    start: dt.date
    anchor: int | None
    cycles: tuple[int, ...]  # the renewal number of each charge

    def due(self, k: int) -> dt.date:
        return self.cadence.nth(self.start, k, self.anchor)

    def missing(self) -> list[int]:
        """The first renewal of each run of renewals without a charge, between charges."""
        out = []
        present = sorted(set(self.cycles))
        for a, b in zip(present, present[1:], strict=False):
            if b > a + 1:
                out.append(a + 1)
        return out

    def next_after_last(self) -> int:
        return max(self.cycles) + 1


def schedule(dates: list[dt.date], sub: Subscription) -> Schedule:
    """The renewal schedule behind a seat's charge dates (the entry's billing day if set)."""
    return _schedule(tuple(dates), sub.every, sub.billing_day)


@functools.lru_cache(maxsize=8192)
def _schedule(dates: tuple[dt.date, ...], cadence: Cadence, billing_day: int | None) -> Schedule:
    if cadence.months:
        anchor: int | None = billing_day or billing_anchor(list(dates[-12:]))
        assert anchor is not None
        start = min((add_months(dates[0], k, anchor) for k in (-1, 0, 1)),
                    key=lambda d: abs((dates[0] - d).days))
    else:
        anchor = None
        period = max(1, int(cadence.days))
        phases = [((d - dates[0]).days + period // 2) % period - period // 2 for d in dates]
        start = dates[0] + dt.timedelta(days=min(phases))
    cycles = tuple(_cycle(d, start, cadence, anchor or start.day)[0] for d in dates)
    # a charge a few days early and the next on time land in one cycle: keep them ordered
    fixed = list(cycles)
    for i in range(1, len(fixed)):
        if fixed[i] <= fixed[i - 1]:
            fixed[i] = fixed[i - 1] + 1
    return Schedule(cadence, start, anchor, tuple(fixed))


def same_plan(a: int, b: int) -> bool:
    """Two prices close enough (``SAME_PLAN``) to be one plan's."""
    return abs(a - b) * 100 <= SAME_PLAN * max(abs(b), 1)


def holders(settings: Settings) -> dict[str, str]:
    """account -> the account that now holds its seats (following ``replaces:`` chains)."""
    replaced = {old: name for name, own in settings.accounts.items() for old in own.replaces}
    out = {}
    for old in replaced:
        new, seen = replaced[old], {old}
        while new in replaced and new not in seen:
            seen.add(new)
            new = replaced[new]
        out[old] = new
    return out


def _bucket(amount: int) -> int:
    """Prices within ``SAME_PLAN`` of each other fall in buckets at most two apart."""
    return int(math.log(max(abs(amount), 1)) / _BUCKET_WIDTH)


_BUCKET_WIDTH = math.log(1 + SAME_PLAN / 100)
_FEW_SEATS = 8  # up to this many seats, every one is tried (any currency joins a lone seat)


def _assign(rows: list[dict[str, Any]], cycle: float, tolerance: int) -> list[Seat]:
    half = dt.timedelta(days=cycle / 2)
    seats: list[Seat] = []
    # seats by the currency and price bucket of their last charge: with many seats (one-off
    # purchases from the brand each start one) a charge is compared with the few seats
    # whose price it could continue, not with every one (that was quadratic)
    index: dict[tuple[str, int], list[int]] = {}
    position: dict[int, int] = {}  # id(seat) -> its place in ``seats``
    for row in rows:
        date, amount, currency = row["posted_date"], -int(row["amount_minor"]), row["currency"]
        best: tuple[tuple[int, int, int, float], Seat] | None = None
        if len(seats) <= _FEW_SEATS:
            candidates = seats
        else:
            b = _bucket(amount)
            near = sorted(i for k in range(b - 2, b + 3) for i in index.get((currency, k), ()))
            candidates = [seats[i] for i in near]
        for seat in candidates:
            last = seat.charges[-1]
            if date - last["posted_date"] < half:
                continue
            same = last["currency"] == currency
            if (same and not same_plan(amount, -int(last["amount_minor"]))) or (
                    not same and len(seats) > 1):
                continue
            gap = (date - last["posted_date"]).days
            steps = max(1, round(gap / cycle))
            off = abs(gap - cycle)
            if abs(gap - steps * cycle) > tolerance:
                continue  # not a renewal of this seat (a one-off from the brand)
            gap_amount = abs(amount + int(last["amount_minor"]))
            rank = (0 if off <= tolerance else 1, 0 if gap_amount == 0 else 1,
                    -len(seat.charges), off + gap_amount)
            if best is None or rank < best[0]:
                best = (rank, seat)
        if best is None:
            seats.append(Seat(str(row["subscription"]), [row]))
            position[id(seats[-1])] = len(seats) - 1
            index.setdefault((str(currency), _bucket(amount)), []).append(len(seats) - 1)
        else:
            seat = best[1]
            last = seat.charges[-1]
            old = (str(last["currency"]), _bucket(-int(last["amount_minor"])))
            new = (str(currency), _bucket(amount))
            seat.charges.append(row)
            if old != new:
                at = position[id(seat)]
                index[old].remove(at)
                index.setdefault(new, []).append(at)
    return seats


def _shopping(seat: Seat, sub: Subscription) -> bool:
    """Three or more charges in one currency that never repeat an amount are purchases, not
    a plan: a plan repeats its
    price (a price change still repeats the new one), unless the entry is billed in another
    currency than the card's (exchange rates move every charge) or allows drift
    (``tolerance``: a metered bill)."""
    amounts = [c["amount_minor"] for c in seat.charges]
    if (len(amounts) < 3 or len(set(amounts)) < len(amounts) or sub.tolerance is not None
            or len({c["currency"] for c in seat.charges}) > 1):
        return False
    foreign = sub.currency_stated and any(c["currency"] != sub.currency for c in seat.charges)
    return not foreign


def _continue(seats: list[Seat], sub: Subscription, tolerance: int) -> list[Seat]:
    """On one account, a seat that stops where another starts, on its next renewal, goes on
    at a new price (a rise beyond ``SAME_PLAN``): one seat."""
    seats.sort(key=lambda s: s.first)
    out: list[Seat] = []
    for seat in seats:
        before = next((o for o in out if o.last < seat.first and all(
            x.last <= o.last or x is o for x in out if x.first > o.last)
            and abs((seat.first - _next_due(o, sub)).days) <= tolerance), None)
        if before is not None and len(before.charges) >= 2:
            before.charges.extend(seat.charges)
        else:
            out.append(seat)
    return out


def _next_due(seat: Seat, sub: Subscription) -> dt.date:
    plan = schedule(seat.dates, sub)
    return plan.due(plan.next_after_last())


def _judge(seats: list[Seat], sub: Subscription, settings: Settings,
           until: dt.date) -> None:
    """Mark which seats are real (module docstring, step 2)."""
    if not seats:
        return
    needed = settings.min_charges_yearly if sub.every.is_yearly else settings.min_charges
    main = max(seats, key=lambda s: (len(s.charges), -s.charges[0]["posted_date"].toordinal()))
    for seat in seats:
        cycles = len(set(schedule(seat.dates, sub).cycles))
        young = sub.every.nth(seat.last, 1, seat.last.day) + dt.timedelta(
            days=settings.grace_days) >= until
        steady = cycles >= 2 and len({c["amount_minor"] for c in seat.charges}) == 1
        # too new to have renewed, or renewed often enough (or at one price) to be a plan,
        # not shopping at the brand
        seat.real = (cycles >= needed or (seat is main and (young or steady))) and not (
            _shopping(seat, sub))


def _brand_one_offs(seats: list[Seat], sub: Subscription, settings: Settings) -> None:
    """Where the entry has established seats (renewed in ``min_charges`` cycles), a seat
    that is not established must print as they do (share a merchant key with them): a
    single charge at the brand's shop (``BRAND STORE``) is a purchase, not a new seat."""
    needed = settings.min_charges_yearly if sub.every.is_yearly else settings.min_charges
    established = [s for s in seats if s.real and len(s.charges) >= needed]
    if not established:
        return
    keys = {c["merchant_key"] for s in established for c in s.charges}
    for seat in seats:
        if seat.real and len(seat.charges) < needed and not any(
                c["merchant_key"] in keys for c in seat.charges):
            seat.real = False


def _merge_moves(seats: list[Seat], sub: Subscription, tolerance: int) -> list[Seat]:
    """A seat that stops where a seat on another account starts, on time and at a similar
    price, moved (a new card): one seat."""
    real = sorted((s for s in seats if s.real), key=lambda s: s.first)
    taken: set[int] = set()
    for i, seat in enumerate(real):
        if id(seat) in taken:
            continue
        while True:
            due = schedule(seat.dates, sub)
            nxt = due.due(due.next_after_last())
            follower = next((t for t in real[i + 1:] if id(t) not in taken
                             and t.account != seat.account and t.first > seat.last
                             and abs((t.first - nxt).days) <= tolerance + 2
                             and (t.currency != seat.currency or same_plan(t.amount, seat.amount))
                             and not any(o is not seat and o is not t and o.account == seat.account
                                         and o.last > seat.last for o in real)), None)
            if follower is None:
                break
            seat.charges.extend(follower.charges)
            seat.holder = follower.holder  # it bills there now
            taken.add(id(follower))
    return [s for s in seats if id(s) not in taken]


def seats_of(rows: list[dict[str, Any]], sub: Subscription, settings: Settings,
             held: dict[str, str], until: dict[str, dt.date]) -> list[Seat]:
    """The seats of one entry from its linked charges (oldest first).

    Args:
        rows: the entry's charges (``CHARGE_FIELDS``), oldest first.
        sub: the entry.
        settings: the workspace settings (tolerances, minimum charges).
        held: account -> the account that replaced it (``holders``).
        until: account -> the last day its statements reach.
    """
    by_holder: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        account = str(row["account"])
        by_holder.setdefault(held.get(account, account), []).append(row)
    seats: list[Seat] = []
    for holder, own in by_holder.items():
        for seat in (found := _assign(own, sub.every.days, settings.date_tolerance_days + 2)):
            seat.holder = holder
        found = _continue(found, sub, settings.date_tolerance_days + 2)
        _judge(found, sub, settings, until.get(holder, own[-1]["posted_date"]))
        seats += found
    _brand_one_offs(seats, sub, settings)
    # a seat per account (``per_account``): one card stopping as another starts is two
    # people's seats, not a move (a new card number is declared with ``replaces:``)
    if len(by_holder) > 1 and not sub.per_account:
        seats = _merge_moves(seats, sub, settings.date_tolerance_days)
    return sorted(seats, key=lambda s: (not s.real, s.first))
