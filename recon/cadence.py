"""Billing cadences and the calendar arithmetic of renewals.

A cadence is ``n`` units of day, week, month or year. Monthly and yearly renewals keep their
*anchor day*: a plan billed on the 31st renews on 28 or 29 February and 30 April, then on the
31st again, so dates are stepped from the anchor, never from the previous (clamped) date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

UNITS = ("day", "week", "month", "year")
_WORDS = {
    "daily": (1, "day"), "weekly": (1, "week"), "fortnightly": (2, "week"),
    "biweekly": (2, "week"), "monthly": (1, "month"), "quarterly": (3, "month"),
    "quarter": (3, "month"), "yearly": (1, "year"), "annually": (1, "year"),
    "annual": (1, "year"), "semiannually": (6, "month"),
}
_TEXT = re.compile(r"^(?:every\s+)?(\d+)?\s*(day|week|month|quarter|year)s?$")


@dataclass(frozen=True, order=True)
class Cadence:
    """Every ``n`` ``unit`` (day, week, month, year)."""

    n: int
    unit: str

    @classmethod
    def parse(cls, text: object) -> Cadence:
        """``"month"``, ``"2 weeks"``, ``"quarter"``, ``"30 days"``, ``"yearly"``.

        Raises:
            ValueError: not a cadence.
        """
        s = str(text).strip().lower()
        if s in _WORDS:
            return cls(*_WORDS[s])
        m = _TEXT.match(s)
        if not m:
            raise ValueError(f"not a cadence: {text!r}")
        n = int(m.group(1) or 1)
        unit = m.group(2)
        if n < 1:
            raise ValueError(f"not a cadence: {text!r}")
        if unit == "quarter":
            return cls(3 * n, "month")
        return cls(n, unit)

    @property
    def months(self) -> int:
        """Length in months for month/year cadences, else 0."""
        return self.n if self.unit == "month" else 12 * self.n if self.unit == "year" else 0

    @property
    def days(self) -> float:
        """Approximate length in days (for windows and annual cost)."""
        if self.unit == "day":
            return float(self.n)
        if self.unit == "week":
            return 7.0 * self.n
        return self.months * 365.25 / 12

    @property
    def per_year(self) -> float:
        return 365.25 / self.days

    @property
    def is_yearly(self) -> bool:
        return self.months >= 12

    def label(self) -> str:
        """The catalogue spelling: ``month``, ``2 weeks``, ``quarter``, ``30 days``."""
        if self.unit == "month" and self.n == 3:
            return "quarter"
        if self.unit == "month" and self.n % 12 == 0:
            return "year" if self.n == 12 else f"{self.n // 12} years"
        return self.unit if self.n == 1 else f"{self.n} {self.unit}s"

    def nth(self, start: dt.date, k: int, anchor_day: int | None = None) -> dt.date:
        """The ``k``-th renewal after ``start`` (k may be negative), month-end aware.

        ``anchor_day`` is the day of month the plan is billed on (default: ``start``'s day);
        in short months the renewal falls on the month's last day.
        """
        if self.unit in ("day", "week"):
            return start + dt.timedelta(days=k * self.n * (7 if self.unit == "week" else 1))
        return add_months(start, k * self.months, anchor_day or start.day)


def add_months(date: dt.date, months: int, anchor_day: int | None = None) -> dt.date:
    """``date`` moved by ``months``, on ``anchor_day`` or the month's last day if shorter."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = month_length(year, month)
    return dt.date(year, month, min(anchor_day or date.day, last))


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_length(year: int, month: int) -> int:
    """Days in a month (``calendar.monthrange`` also computes a weekday: detect calls this
    millions of times)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


@functools.lru_cache(maxsize=4096)
def month_start(index: int) -> tuple[int, int]:
    """Month ``index`` (``year * 12 + month - 1``): the day number (``date.toordinal``) of its
    first day and its length.

    Raises:
        ValueError: a year outside 1..9999.
    """
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1).toordinal(), month_length(year, month + 1)


def is_month_end(date: dt.date) -> bool:
    return date.day == month_length(date.year, date.month)


def anchor_day(dates: list[dt.date]) -> int:
    """The billing day of month behind ``dates``: a month's last day counts as the 31st
    when other charges fall on a later day than it has (30 Jan, 28 Feb, 30 Mar -> 30)."""
    days = sorted(31 if is_month_end(d) and d.day < 31 else d.day for d in dates)
    plain = [d.day for d in dates if not is_month_end(d)]
    if plain:
        # a month end stands for the latest plain day at least (28 Feb in a 30th series)
        days = sorted(max(d.day, max(plain)) if is_month_end(d) else d.day for d in dates)
    return days[len(days) // 2]


NAMED = (Cadence(1, "week"), Cadence(2, "week"), Cadence(1, "month"), Cadence(3, "month"),
         Cadence(6, "month"), Cadence(1, "year"))


def billing_anchor(dates: list[dt.date]) -> int:
    """The billing day of month that explains ``dates`` best (see ``_anchor``)."""
    if not dates:
        raise ValueError("no dates")
    return _anchor(tuple(dates))


@functools.lru_cache(maxsize=4096)
def _anchor(dates: tuple[dt.date, ...]) -> int:
    """The billing day of month that explains ``dates`` best, charges posting on or a few
    days after their due day: each candidate day (the days seen, and 31 when a month end is
    among them) is scored by how far the charges fall from its renewal dates, a charge
    before its due day counting double. 31 Jul, 1 Sep, 30 Sep, 2 Dec -> 31."""
    if not dates:
        raise ValueError("no dates")
    # each charge's day and the lengths of its month and the months either side: the
    # renewals on ``day`` in those months are ``day`` clamped to each length
    months = [(d.day, *_around(d.year, d.month)) for d in dates]
    days = {d.day for d in dates}
    if any(d == here for d, _, here, _ in months):
        days.add(31)
    best, best_cost = 0, -1
    for day in sorted(days):
        cost = 0
        for d, before, here, after in months:
            # days after the renewal of the month before, of its own month, and the next
            # month's (negative); the nearest wins, the earlier on a tie
            off = d + before - (day if day < before else before)
            own = d - (day if day < here else here)
            if abs(own) < abs(off):
                off = own
            ahead = d - here - (day if day < after else after)
            if abs(ahead) < abs(off):
                off = ahead
            cost += off if off >= 0 else -2 * off
            if 0 <= best_cost <= cost:
                break  # it cannot win any more
        if best_cost < 0 or cost < best_cost:
            best, best_cost = day, cost
    return best


@functools.lru_cache(maxsize=1024)
def _around(year: int, month: int) -> tuple[int, int, int]:
    """The lengths of the month before, this month and the month after."""
    before = month_length(year - (month == 1), 12 if month == 1 else month - 1)
    after = month_length(year + (month == 12), 1 if month == 12 else month + 1)
    return before, month_length(year, month), after
