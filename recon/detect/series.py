"""Recurring series: fit a cadence to charge dates, and find series without a catalogue.

A cadence *fits* a list of dates when every date falls within ``date_tolerance_days`` of one
of the cadence's renewal dates (stepped from the first charge on the series' billing day, so
month ends and leap years come out right), with at most a third of the cycles missing.
Among the cadences that fit, the one with the fewest missing cycles wins (monthly charges
also "fit" weekly with three weeks in four missing); on a tie, a named cadence beats "every
N days" and a longer one beats a shorter one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..cadence import NAMED, Cadence, add_months, billing_anchor, month_start
from ..rulebook import Settings, Tolerance
from ..schema import day_numbers

SHORT_SERIES = 5
EXACT = Tolerance(percent=Decimal(0))
MIN_N_DAYS, MAX_N_DAYS = 5, 100  # outside this, "every N days" is shopping or coincidence


@dataclass(frozen=True)
class Fit:
    """How a cadence lines up with a list of charge dates."""

    cadence: Cadence
    start: dt.date
    anchor: int
    cycles: tuple[int, ...]  # the cycle number of each date (0 = first charge)
    missed: int  # cycles without a charge between the first and the last

    def next_after(self, date: dt.date) -> dt.date:
        """The renewal after the last charged cycle (and after ``date``, if that is later)."""
        k = (max(self.cycles) if self.cycles else 0) + 1
        while self.cadence.nth(self.start, k, self.anchor) <= date - dt.timedelta(days=7):
            k += 1  # a date well past the last cycle: step to the cycle after it
        return self.cadence.nth(self.start, k, self.anchor)


def cycles(dates: Iterable[dt.date], start: dt.date, cadence: Cadence,
           anchor: int) -> Iterator[tuple[int, int]]:
    """For each date, the nearest cycle number and how many days it is off (the earlier
    renewal on a tie). Day numbers, not dates, and each renewal worked out once: called for
    every charge of every seat and every series tried."""
    if cadence.months:
        step = cadence.months
        base = start.year * 12 + start.month - 1  # renewal k falls in month base + k * step
        renewals: dict[int, int] = {}  # k -> its day number
        for date in dates:
            day = date.toordinal()
            guess = round(((date.year - start.year) * 12 + date.month - start.month) / step)
            best, best_off = guess - 1, 0
            for k in (guess - 1, guess, guess + 1):
                due = renewals.get(k)
                if due is None:
                    first, length = month_start(base + k * step)
                    due = renewals[k] = first + (anchor if anchor < length else length) - 1
                off = day - due
                if k == guess - 1 or abs(off) < abs(best_off):
                    best, best_off = k, off
            yield best, best_off
        return
    period = cadence.n * (7 if cadence.unit == "week" else 1)
    origin = start.toordinal()
    for date in dates:
        since = date.toordinal() - origin
        guess = round(since / cadence.days)
        best, best_off = guess - 1, since - (guess - 1) * period
        for k in (guess, guess + 1):
            off = since - k * period
            if abs(off) < abs(best_off):
                best, best_off = k, off
        yield best, best_off


def fit(dates: list[dt.date], cadence: Cadence, tolerance_days: int,
        anchor: int | None = None) -> Fit | None:
    """The fit of ``cadence`` to sorted ``dates``, or None when a date is off-cycle."""
    if not dates:
        return None
    day = anchor or (billing_anchor(dates) if cadence.months else dates[0].day)
    if cadence.months:
        # the billing date nearest the first charge: 1 April posts the 31 March renewal
        start = min((add_months(dates[0], k, day) for k in (-1, 0, 1)),
                    key=lambda d: abs((dates[0] - d).days))
        if abs((dates[0] - start).days) > tolerance_days:
            start, day = dates[0], dates[0].day
    else:
        # charges post on or after their due day, so the earliest phase is the schedule's
        period = int(cadence.days)
        phases = [((d - dates[0]).days + period // 2) % period - period // 2 for d in dates]
        start = dates[0] + dt.timedelta(days=min(phases))
    numbers = []
    for k, off in cycles(dates, start, cadence, day):
        if abs(off) > tolerance_days:
            return None
        numbers.append(k)
    distinct = sorted(set(numbers))
    missed = distinct[-1] - distinct[0] + 1 - len(distinct)
    return Fit(cadence, start, day, tuple(numbers), missed)


#: Days by which ``k`` months of renewals on one billing day can differ from ``k`` average
#: months (``AVERAGE_MONTH``): month lengths add up to within 4.4 days of it over any span
#: of the 400-year Gregorian cycle, and a billing day clamped to a short month's end moves a
#: renewal by up to 3 days; rounded up, with a day to spare.
MONTH_SLACK = 9
AVERAGE_MONTH = 365.2425 / 12


def may_fit(days: list[int], cadence: Cadence, tolerance_days: int) -> bool:
    """False when ``best_fit`` would certainly refuse ``cadence`` for these sorted, distinct
    day numbers (``date.toordinal``), judged from the gaps alone; True when it might take it.

    A fit puts every date within ``tolerance_days`` of a renewal, on at least two cycles with
    at most ``max(1, cycles // 3)`` missed between the first and the last. So the dates span
    fewer renewals than the charges allow, and each gap between two charges is either within
    one cycle (two charges of one renewal) or close to a whole number of cycles. This costs a
    pass over the gaps; ``fit`` costs a calendar computation per date.
    """
    return _may_fit(days, *_spacing(cadence), tolerance_days)


@functools.lru_cache(maxsize=256)
def _spacing(cadence: Cadence) -> tuple[float, int]:
    """A cadence's length in days (months of ``AVERAGE_MONTH``) and how far a whole number
    of its renewals can be from that many lengths (``MONTH_SLACK``, or none)."""
    if cadence.months:
        return cadence.months * AVERAGE_MONTH, MONTH_SLACK
    return cadence.days, 0


def _may_fit(days: list[int], period: float, spread: int, tolerance_days: int) -> bool:
    if len(days) < 2:
        return False
    slack = spread + 2 * tolerance_days
    n = len(days)
    span = days[-1] - days[0]
    most = n - 1 + max(1, n // 3)  # the most renewals the charges can span and be accepted
    if span > most * period + slack or span < period - slack:
        return False
    same = 2 * tolerance_days  # two charges this close can be one renewal's
    for a, b in zip(days, days[1:], strict=False):
        gap = b - a
        if gap > same and abs(gap - max(1, round(gap / period)) * period) > slack:
            return False
    return True


def _candidates(gaps: list[int], settings: Settings) -> list[Cadence]:
    """The cadences ``best_fit`` tries for charges ``gaps`` days apart (positive gaps): the
    named ones, and every N days for the median gap when no named one is that close."""
    candidates = list(NAMED)
    if gaps:
        n = round(statistics.median(gaps))
        if MIN_N_DAYS <= n <= MAX_N_DAYS and all(abs(n - c.days) > settings.date_tolerance_days
                                   for c in NAMED):
            candidates.append(Cadence(n, "day"))
    return candidates


def needed(cadence: Cadence, settings: Settings) -> int:
    """The cycles with a charge a series on ``cadence`` needs to be called recurring."""
    count = settings.min_charges_yearly if cadence.is_yearly else settings.min_charges
    if cadence.unit == "day" or cadence.days < 28:
        # an odd interval ("every 45 days"), or a week or two (shopping comes that often),
        # needs one more charge of evidence
        count += 1
    return count


def best_fit(dates: list[dt.date], settings: Settings) -> Fit | None:
    """The cadence that explains ``dates`` best, or None if none does."""
    if len(dates) < 2:
        return None
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False) if (b - a).days > 0]
    candidates = _candidates(gaps, settings)
    days = sorted({d.toordinal() for d in dates})
    fits = []
    for cadence in candidates:
        if not may_fit(days, cadence, settings.date_tolerance_days):
            continue  # the fit below would be refused: skip its calendar work
        f = fit(dates, cadence, settings.date_tolerance_days)
        if f is None or len(set(f.cycles)) < 2:
            continue
        if f.missed > max(1, len(set(f.cycles)) // 3) or not _once_a_cycle(f.cycles):
            continue
        fits.append(f)
    if not fits:
        return None
    return min(fits, key=lambda f: (f.missed, f.cadence.unit == "day", -f.cadence.days))


#: charges one cycle of a plan may hold: one per seat, and a household has a few seats at most
MOST_SEATS = 3


def _once_a_cycle(numbers: tuple[int, ...]) -> bool:
    """A plan charges once a cycle per seat: most cycles hold the same number of charges (one,
    or two for two seats), at most ``MOST_SEATS``. A favourite coffee at one price, bought two
    to five times a week, fits "every week" on dates alone and is no plan."""
    per_cycle = Counter(numbers)
    counts = Counter(per_cycle.values())
    usual, cycles = counts.most_common(1)[0]
    return usual <= MOST_SEATS and cycles * 3 >= len(per_cycle) * 2


@dataclass(frozen=True)
class Series:
    """A recurring charge found in the ledger without a catalogue entry."""

    account: str
    merchant_key: str
    currency: str
    description: str
    fit: Fit
    txn_ids: tuple[str, ...]
    dates: tuple[dt.date, ...]
    amounts: tuple[int, ...]  # minor units, charges negative

    @property
    def amount(self) -> int:
        """The typical (latest steady) charge, positive minor units."""
        return -self.amounts[-1]

    @property
    def next_expected(self) -> dt.date:
        return self.fit.next_after(self.dates[-1])

    @property
    def amount_range(self) -> tuple[int, int]:
        """The smallest and largest charge, positive minor units."""
        return min(-a for a in self.amounts), max(-a for a in self.amounts)

    @property
    def variable(self) -> bool:
        """A bill whose amount varies (more than ``discover.amount_tolerance`` allows a
        plan): a catalogue entry for it needs a tolerance, not one price."""
        low, high = self.amount_range
        return high - low > low // 10


class Starts:
    """Series by account and first charge, to find those that began in a window of days (the
    earliest first; on one day, in the order given); a series ``take``-n is not found again.
    One look-up per question, not a pass over every series."""

    def __init__(self, series: Iterable[Series]) -> None:
        self._all = list(series)
        by: dict[str, list[tuple[dt.date, int]]] = {}
        for i, s in enumerate(self._all):
            by.setdefault(s.account, []).append((s.dates[0], i))
        self._by = {a: sorted(v) for a, v in by.items()}
        self._firsts = {a: [d for d, _ in v] for a, v in self._by.items()}
        self._taken: set[int] = set()

    def between(self, account: str, low: dt.date, high: dt.date) -> Iterator[Series]:
        """The series on ``account`` not taken whose first charge is from ``low`` to ``high``."""
        firsts, rows = self._firsts.get(account, []), self._by.get(account, [])
        for j in range(bisect.bisect_left(firsts, low), bisect.bisect_right(firsts, high)):
            i = rows[j][1]
            if i not in self._taken:
                yield self._all[i]

    def take(self, series: Series) -> None:
        """``series`` (found by ``between``) is explained: not found again, not ``left``."""
        firsts, rows = self._firsts[series.account], self._by[series.account]
        for j in range(bisect.bisect_left(firsts, series.dates[0]), len(rows)):
            i = rows[j][1]
            if i not in self._taken and self._all[i] is series:
                self._taken.add(i)
                return
        raise ValueError("not a series of these")

    def left(self) -> list[Series]:
        """The series not taken, in the order given."""
        return [s for i, s in enumerate(self._all) if i not in self._taken]


def choose(suggestions: list[tuple[Series, dict[str, object]]], names: Iterable[str],
           everything: bool = False) -> tuple[list[tuple[Series, dict[str, object]]], list[str]]:
    """The suggestions the user picked by entry name (any case), or all of them; and the
    names that match no suggestion (for a "did you mean" line), in the order given."""
    if everything:
        return list(suggestions), []
    wanted = {n.casefold(): n for n in names}
    picked = [(s, e) for s, e in suggestions if str(e["name"]).casefold() in wanted]
    found = {str(e["name"]).casefold() for _, e in picked}
    return picked, [n for k, n in wanted.items() if k not in found]


MAX_STEP = 50  # percent: a price step larger than this is not one plan's price change


def _steady(amounts: list[int], currency: str, settings: Settings) -> bool:
    """At most two price levels in date order (one price change, up to ``MAX_STEP``), each
    level steady: within ``discover.amount_tolerance``, or exactly the same for a short
    series (fewer than ``SHORT_SERIES`` charges), where similar amounts are too often a
    coincidence. A price step needs two charges at the first price (a rise in the third
    charge keeps the series; a one-off before two equal charges does not make one)."""
    tolerance = settings.amount_tolerance if len(amounts) >= SHORT_SERIES else EXACT
    if amounts.count(amounts[0]) == len(amounts):  # one price: one level, if it allows itself
        return tolerance.allows(amounts[0], amounts[0], currency) or len(amounts) == 1
    levels = [[amounts[0]]]
    for a in amounts[1:]:
        if tolerance.allows(levels[-1][0], a, currency):
            levels[-1].append(a)
        else:
            levels.append([a])
            if len(levels) > 2 or len(levels[0]) < 2:
                return False  # a third level, or a step after a single charge
    if len(levels) == 1:
        return True
    if len(levels) > 2 or len(levels[0]) < 2:
        return False
    before, after = abs(levels[0][-1]), abs(levels[1][0])
    return abs(after - before) * 100 <= MAX_STEP * before


@dataclass(frozen=True)
class _Charges:
    """The columns of the charges ``discover`` looks at, oldest first (a row is a position)."""

    txn_ids: np.ndarray
    dates: np.ndarray
    days: np.ndarray  # the dates' day numbers (``date.toordinal``)
    amounts: np.ndarray
    descriptions: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Charges:
        return cls(frame["txn_id"].to_numpy(dtype=object),
                   frame["posted_date"].to_numpy(dtype=object),
                   day_numbers(frame["posted_date"]),
                   frame["amount_minor"].to_numpy(dtype="int64"),
                   frame["description_raw"].to_numpy(dtype=object))


def _series_of(charges: _Charges, rows: np.ndarray, group: tuple[str, str, str],
               settings: Settings) -> Series | None:
    """The series the charges at ``rows`` (one merchant's, oldest first) form, if any."""
    account, merchant_key, currency = group
    days = sorted(set(charges.days[rows].tolist()))
    if len(days) < settings.min_charges_yearly or not _may_recur(days, settings):
        return None
    dates = charges.dates[rows].tolist()
    amounts = charges.amounts[rows].tolist()
    if not _steady(amounts, currency, settings):
        return None
    found = best_fit(dates, settings)
    if found is None or len(set(found.cycles)) < needed(found.cadence, settings):
        return None
    return Series(
        account=account, merchant_key=merchant_key, currency=currency,
        description=str(charges.descriptions[rows[-1]]), fit=found,
        txn_ids=tuple(str(t) for t in charges.txn_ids[rows]), dates=tuple(dates),
        amounts=tuple(amounts),
    )


def _may_recur(days: list[int], settings: Settings) -> bool:
    """False when no cadence that these charges (sorted, distinct day numbers) are enough
    for (``needed``) can fit them (``may_fit``): whatever ``best_fit`` finds, the series is
    refused. A merchant's repeat purchases at one price are mostly ruled out here."""
    n, tolerance = len(days), settings.date_tolerance_days
    if any(count <= n and _may_fit(days, period, spread, tolerance)
           for count, period, spread in _named(settings.min_charges, settings.min_charges_yearly)):
        return True
    if n < settings.min_charges + 1:  # too few for "every N days" (``needed``)
        return False
    gaps = [b - a for a, b in zip(days, days[1:], strict=False)]
    return any(may_fit(days, c, tolerance) for c in _candidates(gaps, settings)[len(NAMED):])


@functools.lru_cache(maxsize=64)
def _named(min_charges: int, min_charges_yearly: int) -> tuple[tuple[int, float, int], ...]:
    """Each named cadence's ``needed`` count and ``_spacing``, for ``_may_recur``."""
    settings = Settings(min_charges=min_charges, min_charges_yearly=min_charges_yearly)
    return tuple((needed(c, settings), *_spacing(c)) for c in NAMED)


STEM_MIN = 4  # a merchant key's first word this long names the merchant on its own
VARIABLE_MIN_CHARGES = 4
VARIABLE_RANGE = 3  # the largest bill at most this many times the smallest


def _variable_bill(charges: _Charges, rows: np.ndarray, group: tuple[str, str, str],
                   settings: Settings) -> Series | None:
    """A bill whose amount varies (energy, phone usage): one charge in every cycle of a
    named cadence, none missed, at least ``VARIABLE_MIN_CHARGES``, within ``VARIABLE_RANGE``.
    The dates carry the evidence the amounts cannot."""
    if len(rows) < VARIABLE_MIN_CHARGES:
        return None
    amounts = charges.amounts[rows].tolist()
    low, high = min(-a for a in amounts), max(-a for a in amounts)
    if low <= 0 or high > VARIABLE_RANGE * low:
        return None
    dates = charges.dates[rows].tolist()
    gaps = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    if min(gaps) < MIN_N_DAYS or max(gaps) - min(gaps) > 2 * settings.date_tolerance_days + 3:
        return None  # not one charge a cycle: shopping, however regular the amounts
    found = best_fit(dates, settings)
    if (found is None or found.missed or found.cadence.unit == "day"
            or len(set(found.cycles)) != len(dates)):
        return None
    return Series(account=group[0], merchant_key=group[1], currency=group[2],
                  description=str(charges.descriptions[rows[-1]]), fit=found,
                  txn_ids=tuple(str(t) for t in charges.txn_ids[rows]), dates=tuple(dates),
                  amounts=tuple(amounts))


def _stem(key: str) -> str:
    """A merchant key's first word when it is ``STEM_MIN`` letters or more, else the key."""
    first = key.split(maxsplit=1)[0] if key.strip() else key
    return first if len(first) >= STEM_MIN else key


def discover(charges: pd.DataFrame, settings: Settings) -> list[Series]:
    """Recurring series among ``charges`` (money out, not linked to the catalogue).

    Charges are grouped by account, merchant stem (the first word of the merchant key, when
    it has ``STEM_MIN`` letters) and currency. A group that is not one
    series as a whole is tried again split by amount (one merchant, two plans); a yearly
    series at one price among more than ``SHOP_OTHERS`` other charges of the merchant needs
    a charge more than ``needed`` (``_chance``).
    """
    found: list[Series] = []
    keys = ["account", "merchant_key", "currency"]
    if charges.empty:
        return found
    # one sort, and only merchants seen often enough: most of a ledger is one-off shopping
    charges = charges.sort_values("posted_date", kind="stable")
    # one merchant printed several ways (``NAME*CODE``, ``NAME.COM 800...``, ``NAME CITY``)
    # keeps its first word: a series is looked for per account, merchant stem and currency
    codes, uniques = pd.factorize(charges["merchant_key"].astype(str), use_na_sentinel=False)
    stems = np.array([_stem(k) for k in uniques.tolist()], dtype=object)
    charges = charges.assign(merchant_key=stems[codes])
    # the groups of (account, stem, currency), in that order: one number per row made of
    # each key's rank (a groupby of three text columns took twice as long)
    number = np.zeros(len(charges), dtype=np.int64)
    named: list[tuple[np.ndarray, np.ndarray]] = []  # each key's rank per row, and its texts
    for key in keys:
        ranks, uniques = pd.factorize(charges[key].astype(str), sort=True)
        number = number * len(uniques) + ranks
        named.append((ranks, np.asarray(uniques, dtype=object)))
    _, group_of, size = np.unique(number, return_inverse=True, return_counts=True)
    keep = size[group_of] >= settings.min_charges_yearly
    charges, group_of = charges[keep], group_of[keep]
    texts = [uniques[ranks[keep]] for ranks, uniques in named]
    columns = _Charges.of(charges)
    order = np.argsort(group_of, kind="stable")  # each group's rows oldest first
    starts = np.flatnonzero(np.diff(group_of[order])) + 1
    for rows in np.split(order, starts) if len(order) else []:
        account, merchant_key, currency = (str(column[rows[0]]) for column in texts)
        group = (account, merchant_key, currency)
        whole = _series_of(columns, rows, group, settings) or _variable_bill(
            columns, rows, group, settings)
        if whole is not None:
            found.append(whole)
            continue
        for part_rows in _by_amount(columns.amounts[rows], rows, settings.min_charges_yearly):
            part = _series_of(columns, part_rows, group, settings)
            if part is not None and not _chance(part, len(rows) - len(part_rows), settings):
                found.append(part)
    return found


#: other charges at one merchant beyond which a yearly pair at one price there may be chance
SHOP_OTHERS = 3


def _chance(part: Series, others: int, settings: Settings) -> bool:
    """Whether a series found at one price among a merchant's other charges (``others`` of
    them) may be chance: a shop the account uses often sells the same amount a year apart
    now and then, so a yearly series there needs one charge more than ``needed``."""
    cadence = part.fit.cadence
    return (cadence.is_yearly and others > SHOP_OTHERS
            and len(set(part.fit.cycles)) <= needed(cadence, settings))


def _by_amount(amounts: np.ndarray, rows: np.ndarray, least: int) -> list[np.ndarray]:
    """``rows`` split by amount (ascending), each part in its original order, for the amounts
    seen at least ``least`` times: one pass, not a pass over the group per amount (a chain
    store's group holds thousands of amounts)."""
    where: dict[int, list[int]] = {}
    for i, amount in enumerate(amounts.tolist()):
        where.setdefault(amount, []).append(i)
    return [rows[where[a]] for a in sorted(where) if len(where[a]) >= least]
