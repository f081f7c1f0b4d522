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

import bisect
import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import drift
from ..cadence import Cadence, add_months, billing_anchor
from ..rulebook import Settings, Subscription
from .series import cycles as cycle_numbers

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
        return tuple(map(str, dict.fromkeys(c["account"] for c in self.charges)))

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
    cycles = tuple(k for k, _ in cycle_numbers(dates, start, cadence, anchor or start.day))
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
    return settings.holders()


def _bucket(amount: int) -> int:
    """Prices within ``SAME_PLAN`` of each other fall in buckets at most two apart."""
    return int(math.log(max(abs(amount), 1)) / _BUCKET_WIDTH)


_BUCKET_WIDTH = math.log(1 + SAME_PLAN / 100)
_FEW_SEATS = 8  # up to this many seats, every one is tried (any currency joins a lone seat)


class _Shelf:
    """Seats of one currency and price bucket by the day of their last charge (day numbers,
    ``date.toordinal``), for the seats whose last charge falls in a range of days."""

    def __init__(self) -> None:
        self.days: list[int] = []  # sorted, distinct
        self.at: dict[int, list[int]] = {}  # day -> seat numbers

    def add(self, day: int, seat: int) -> None:
        here = self.at.get(day)
        if here is None:
            bisect.insort(self.days, day)
            self.at[day] = [seat]
        else:
            here.append(seat)

    def remove(self, day: int, seat: int) -> None:
        here = self.at[day]
        here.remove(seat)
        if not here:
            del self.at[day]
            del self.days[bisect.bisect_left(self.days, day)]

    def between(self, low: int, high: int) -> list[int]:
        """The seats whose last charge is on a day from ``low`` to ``high``."""
        days, at = self.days, self.at
        out: list[int] = []
        for i in range(bisect.bisect_left(days, low), bisect.bisect_right(days, high)):
            out += at[days[i]]
        return out


_Best = tuple[tuple[int, int, int, float], int]  # a seat's rank and number


@dataclass
class _Open:
    """The seats being built by ``_assign``: each one's last charge (day number, price,
    currency, shelf) and charge count side by side, and the shelves that find them."""

    seats: list[Seat] = field(default_factory=list)
    day: list[int] = field(default_factory=list)
    price: list[int] = field(default_factory=list)
    currency: list[str] = field(default_factory=list)
    count: list[int] = field(default_factory=list)
    shelf: list[_Shelf] = field(default_factory=list)
    shelves: dict[tuple[str, int], _Shelf] = field(default_factory=dict)
    # (currency, exact price) -> charge count -> the seats whose last charge was that
    exact: dict[tuple[str, int], dict[int, _Shelf]] = field(default_factory=dict)

    def start(self, row: dict[str, Any], day: int, price: int, currency: str,
              shelf: _Shelf) -> None:
        self.seats.append(Seat(str(row["subscription"]), [row]))
        self.day.append(day)
        self.price.append(price)
        self.currency.append(currency)
        self.count.append(1)
        self.shelf.append(shelf)
        shelf.add(day, len(self.seats) - 1)
        self._level(currency, price, 1).add(day, len(self.seats) - 1)

    def extend(self, i: int, row: dict[str, Any], day: int, price: int, currency: str,
               shelf: _Shelf) -> None:
        self.seats[i].charges.append(row)
        self.shelf[i].remove(self.day[i], i)
        levels = self.exact[(self.currency[i], self.price[i])]
        levels[self.count[i]].remove(self.day[i], i)
        if not levels[self.count[i]].days:
            del levels[self.count[i]]
        self.day[i], self.price[i], self.currency[i], self.shelf[i] = day, price, currency, shelf
        self.count[i] += 1
        shelf.add(day, i)
        self._level(currency, price, self.count[i]).add(day, i)

    def _level(self, currency: str, price: int, count: int) -> _Shelf:
        levels = self.exact.setdefault((currency, price), {})
        shelf = levels.get(count)
        if shelf is None:
            shelf = levels[count] = _Shelf()
        return shelf

    def on_time(self, day: int, price: int, currency: str, cycle: float, tolerance: int,
                soonest: int) -> _Best | None:
        """The best seat at exactly ``price`` one cycle back (within ``tolerance``), if any:
        such a seat ranks before every other (``_best``), and among them the one with most
        charges, then the nearest to one cycle, then the first started, wins. Two look-ups
        per charge count, not a pass over the seats."""
        levels = self.exact.get((currency, price))
        if not levels:
            return None
        target, latest = day - cycle, day - soonest  # where one cycle back falls; the latest
        for count in sorted(levels, reverse=True):
            days, at = levels[count].days, levels[count].at
            j = bisect.bisect_left(days, target)
            found: _Best | None = None
            # the nearest day before ``target`` and the nearest on or after it (not within
            # half a cycle of the charge): the seats there are the nearest to one cycle back
            for k in (j - 1, j):
                if 0 <= k < len(days) and days[k] <= latest:
                    off = abs(day - days[k] - cycle)
                    if off <= tolerance:
                        here = ((0, 0, -count, off), min(at[days[k]]))
                        if found is None or here < found:
                            found = here
            if found is not None:
                return found
        return None


def _assign(rows: list[dict[str, Any]], cycle: float, tolerance: int) -> list[Seat]:
    """Each charge, oldest first, joins the seat that ranks best (``_best``) or starts one.

    With more than ``_FEW_SEATS`` seats, a charge is compared only with the seats it could
    continue: those of its currency whose last price is within ``SAME_PLAN`` (price buckets)
    and whose last charge is a whole number of cycles before it, within ``tolerance``
    (shelves by day). Seats one cycle back rank before any other, so the others are looked
    up only when none of those takes it, and those at the charge's exact price before them
    (``_Open.on_time``). Ties go to the seat started first, as when every seat is compared.
    """
    half = dt.timedelta(days=cycle / 2)
    soonest = half.days + (1 if half.seconds or half.microseconds else 0)  # whole days >= half
    # the gaps (whole days) that can be ``off`` one cycle by at most ``tolerance``
    near = (max(soonest, math.floor(cycle - tolerance)), math.ceil(cycle + tolerance))
    overlap = 2 * tolerance + 2 >= cycle  # windows of successive cycles touch: scan them all
    if rows and _one_chain(rows, cycle, tolerance, soonest):
        return [Seat(str(rows[0]["subscription"]), list(rows))]
    return _assign_each(rows, cycle, tolerance, soonest, near, overlap)


def _assign_each(rows: list[dict[str, Any]], cycle: float, tolerance: int, soonest: int,
                 near: tuple[int, int], overlap: bool) -> list[Seat]:
    """``_assign`` charge by charge, with the seats on shelves."""
    open_ = _Open()
    shelves = open_.shelves
    buckets: dict[int, int] = {}
    for row in rows:
        day = row["posted_date"].toordinal()
        price, currency = -int(row["amount_minor"]), str(row["currency"])
        b = buckets.get(price)
        if b is None:
            b = buckets[price] = _bucket(price)
        best: _Best | None = None
        n = len(open_.seats)
        if n <= _FEW_SEATS:
            best = _best(open_, range(n), day, price, currency, cycle, tolerance, soonest, best)
        elif (best := open_.on_time(day, price, currency, cycle, tolerance, soonest)) is None:
            near_shelves = [s for k in range(b - 2, b + 3)
                            if (s := shelves.get((currency, k))) is not None and s.days]
            on_time = [i for s in near_shelves for i in s.between(day - near[1], day - near[0])]
            best = _best(open_, on_time, day, price, currency, cycle, tolerance, soonest, best)
            if best is None or best[0][0]:  # none on time: any whole number of cycles back
                late = [i for s in near_shelves
                        for i in _cycles_back(s, day, cycle, tolerance, soonest, overlap)]
                best = _best(open_, late, day, price, currency, cycle, tolerance, soonest, best)
        shelf = shelves.get((currency, b))
        if shelf is None:
            shelf = shelves[(currency, b)] = _Shelf()
        if best is None:
            open_.start(row, day, price, currency, shelf)
        else:
            open_.extend(best[1], row, day, price, currency, shelf)
    return open_.seats


def _one_chain(rows: list[dict[str, Any]], cycle: float, tolerance: int, soonest: int) -> bool:
    """Each charge renews the one before it, as ``_best`` judges a lone seat: at least
    ``soonest`` days later, a whole number of cycles on (within ``tolerance``), and in the
    same currency within ``SAME_PLAN`` of its price (a lone seat takes any other currency).
    Then ``_assign`` makes one seat of them all; the common case, decided without shelves."""
    prev = rows[0]
    last_day = prev["posted_date"].toordinal()
    for row in rows[1:]:
        day = row["posted_date"].toordinal()
        gap = day - last_day
        if gap < soonest or abs(gap - max(1, round(gap / cycle)) * cycle) > tolerance:
            return False
        if row["currency"] == prev["currency"]:
            price, before = -int(row["amount_minor"]), -int(prev["amount_minor"])
            if abs(price - before) * 100 > SAME_PLAN * max(abs(before), 1):
                return False
        prev, last_day = row, day
    return True


def _cycles_back(shelf: _Shelf, day: int, cycle: float, tolerance: int, soonest: int,
                 overlap: bool) -> list[int]:
    """The seats whose last charge is within ``tolerance`` of a whole number of cycles (one
    or more) before ``day`` (and at least ``soonest`` days before it)."""
    if overlap:
        return shelf.between(shelf.days[0], day - soonest)
    out: list[int] = []
    k = 1
    while day - math.floor(k * cycle - tolerance) >= shelf.days[0]:
        low, high = math.floor(k * cycle - tolerance), math.ceil(k * cycle + tolerance)
        out += shelf.between(day - high, day - max(low, soonest))
        k += 1
    return out


def _best(open_: _Open, candidates: Iterable[int], day: int, price: int, currency: str,
          cycle: float, tolerance: int, soonest: int, best: _Best | None) -> _Best | None:
    """``best`` or the candidate seat that takes the charge and ranks before it: on time (a
    cycle after its last charge, within ``tolerance``) before late, at its exact price before
    a close one, an established seat (more charges) before a new one, then the nearest; on a
    tie, the seat started first."""
    days, prices, currencies, counts = open_.day, open_.price, open_.currency, open_.count
    lone = len(open_.seats) <= 1
    for i in candidates:
        gap = day - days[i]
        if gap < soonest:
            continue  # charged within half a cycle: not a renewal of it
        if currencies[i] == currency:
            if abs(price - prices[i]) * 100 > SAME_PLAN * max(abs(prices[i]), 1):
                continue  # another plan (``same_plan``)
        elif not lone:
            continue
        steps = max(1, round(gap / cycle))
        if abs(gap - steps * cycle) > tolerance:
            continue  # not a renewal of this seat (a one-off from the brand)
        off = abs(gap - cycle)
        gap_amount = abs(price - prices[i])
        rank = (0 if off <= tolerance else 1, 0 if gap_amount == 0 else 1, -counts[i],
                off + gap_amount)
        if best is None or (rank, i) < best:
            best = rank, i
    return best


def _shopping(seat: Seat, sub: Subscription, settings: Settings) -> bool:
    """Three or more charges in one currency that never repeat an amount are purchases, not
    a plan: a plan repeats its
    price (a price change still repeats the new one), unless the entry is billed in another
    currency than the card's (exchange rates move every charge: a stated currency, or
    charges that wander by small steps, ``drift.wanders``) or allows drift
    (``tolerance``: a metered bill)."""
    amounts = [c["amount_minor"] for c in seat.charges]
    if (len(amounts) < 3 or len(set(amounts)) < len(amounts) or sub.tolerance is not None
            or len({c["currency"] for c in seat.charges}) > 1):
        return False
    foreign = sub.currency_stated and any(c["currency"] != sub.currency for c in seat.charges)
    return not foreign and not drift.wanders(
        [-int(a) for a in amounts], str(seat.charges[0]["currency"]), settings.fx_tolerance)


def _continue(seats: list[Seat], sub: Subscription, tolerance: int) -> list[Seat]:
    """On one account, a seat that stops where another starts, on its next renewal, goes on
    at a new price (a rise beyond ``SAME_PLAN``): one seat."""
    seats.sort(key=lambda s: s.first)
    out: list[Seat] = []
    for seat in seats:
        # no seat kept began after ``o`` stopped (``out`` is in order of first charge, and a
        # seat that began after another stopped also ends after it)
        latest = out[-1].first if out else None
        before = next((o for o in out if o.last < seat.first and latest is not None
                       and latest <= o.last
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
            _shopping(seat, sub, settings))


def _brand_one_offs(seats: list[Seat], sub: Subscription, settings: Settings) -> None:
    """Where the entry has established seats (renewed in ``min_charges`` cycles), a seat
    that is not established must print as they do (share a merchant key with them): a
    single charge at the brand's shop (``BRAND STORE``) is a purchase, not a new seat."""
    needed = settings.min_charges_yearly if sub.every.is_yearly else settings.min_charges
    established = [s for s in seats if s.real and len(s.charges) >= needed]
    if not established:
        return
    young = [s for s in seats if s.real and len(s.charges) < needed]
    if not young:
        return
    keys = {c["merchant_key"] for s in established for c in s.charges}
    for seat in young:
        if not any(c["merchant_key"] in keys for c in seat.charges):
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
    holder_of: dict[object, list[dict[str, Any]]] = {}  # account -> its holder's charges
    for row in rows:
        own = holder_of.get(row["account"])
        if own is None:
            account = str(row["account"])
            own = holder_of[row["account"]] = by_holder.setdefault(held.get(account, account), [])
        own.append(row)
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
