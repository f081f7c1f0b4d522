"""Typed values of the rules files: amounts, tolerances, dates, periods, percentages.

Each reader takes the YAML value and returns the typed value or raises ``ValueError`` with
what was expected; the loaders turn that into a problem at the value's line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from .. import money

_PERIOD = re.compile(r"^(\d+)\s*(day|week|month)s?$")


def amount(value: object) -> Decimal:
    """``10.99``, ``"10.99"``, ``95``, ``"£9.99"`` -> Decimal; never through a float."""
    if isinstance(value, bool) or value is None:
        raise ValueError("expected an amount such as 10.99")
    if isinstance(value, float):  # only reachable from a caller building values by hand
        value = repr(value)
    text = str(value).strip().replace(",", "")
    text = re.sub(r"^[^\d\-+.]+", "", text)
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError("expected an amount such as 10.99") from None
    if not result.is_finite():
        raise ValueError("expected an amount such as 10.99")
    return abs(result)


def currency(value: object) -> str:
    code = str(value).strip().upper()
    if not money.is_currency(code):
        raise ValueError("expected an ISO 4217 currency code such as GBP")
    return code


@dataclass(frozen=True)
class Tolerance:
    """How far an amount may drift: a percentage of the expected amount or a fixed amount."""

    percent: Decimal | None = None
    absolute: Decimal | None = None

    @classmethod
    def parse(cls, value: object) -> Tolerance:
        """``"5%"`` or ``0.50``.

        Raises:
            ValueError: neither.
        """
        text = str(value).strip()
        if text.endswith("%"):
            try:
                pct = Decimal(text[:-1].strip())
            except InvalidOperation:
                raise ValueError("expected a tolerance such as 5% or 0.50") from None
            if not pct.is_finite() or pct < 0:
                raise ValueError("expected a tolerance such as 5% or 0.50")
            return cls(percent=pct)
        try:
            return cls(absolute=amount(value))
        except ValueError:
            raise ValueError("expected a tolerance such as 5% or 0.50") from None

    def limit_minor(self, expected_minor: int, currency_code: str) -> int:
        """The largest allowed difference, in minor units, around ``expected_minor``."""
        if self.percent is not None:  # integer arithmetic: called for every charge checked
            num, den = self._percent_ratio
            return abs(expected_minor) * num // (den * 100)
        if self.absolute is not None:
            return int(self.absolute.scaleb(money.exponent(currency_code)))
        return 0

    @cached_property
    def _percent_ratio(self) -> tuple[int, int]:
        return (self.percent or Decimal(0)).as_integer_ratio()

    def allows(self, expected_minor: int, actual_minor: int, currency_code: str) -> bool:
        return abs(actual_minor - expected_minor) <= self.limit_minor(expected_minor, currency_code)

    def label(self) -> str:
        if self.percent is not None:
            return f"{self.percent.normalize():f}%"
        return f"{self.absolute}" if self.absolute is not None else "0"


ZERO = Tolerance(percent=Decimal(0))


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError("expected a date as YYYY-MM-DD") from None


def days(value: object) -> int:
    """``30``, ``"30 days"``, ``"2 weeks"``, ``"1 month"`` -> days (a month counts 30)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    m = _PERIOD.match(str(value).strip().lower())
    if not m:
        raise ValueError("expected a period such as 30 days or 2 weeks")
    n = int(m.group(1))
    return n * {"day": 1, "week": 7, "month": 30}[m.group(2)]


def whole(value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"expected a whole number from {low} to {high}")
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a whole number from {low} to {high}") from None
    if not low <= n <= high:
        raise ValueError(f"expected a whole number from {low} to {high}")
    return n
