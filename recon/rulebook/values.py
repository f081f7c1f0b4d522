"""Typed values of the rules files: amounts, tolerances, dates, periods, percentages.

Each reader takes the YAML value and returns the typed value or raises ``ValueError`` with
what was expected; the loaders turn that into a problem at the value's line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from .. import money

_PERIOD = re.compile(r"^(\d+)\s*(day|week|month)s?$")
#: Largest amount a rules file may name: 10^13 major units is 10^15 minor units at two
#: decimals, and stays inside 64-bit minor units at ISO 4217's largest exponent (4).
LIMIT = Decimal(10) ** 13
#: Most decimals any ISO 4217 currency has (CLF and UYW have 4).
MAX_DECIMALS = 4
MAX_PERCENT = Decimal(1000)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_BAD_COMMA = re.compile(r",(?!\d{3}(?!\d))|\.\d*,")
_EXPECTED = "expected an amount such as 10.99"
#: Signs that several currencies write; any of these currencies agrees with the sign.
#: (A sign is a currency's only when ``money.SYMBOLS`` names it and it is not listed here.)
SHARED_SIGNS: dict[str, frozenset[str]] = {
    "$": frozenset("USD CAD AUD NZD HKD SGD MXN TWD ARS CLP COP CUP DOP UYU BSD BBD BZD BMD "
                   "BND KYD FJD GYD JMD LRD NAD SBD SRD TTD XCD".split()),
    "£": frozenset("GBP EGP GIP FKP SHP SYP LBP SSP".split()),
    "¥": frozenset({"JPY", "CNY"}),
    "￥": frozenset({"JPY", "CNY"}),
    "kr": frozenset({"SEK", "NOK", "DKK", "ISK"}),
    "Fr.": frozenset({"CHF", "XAF", "XOF", "XPF"}),
    "₩": frozenset({"KRW", "KPW"}),
}


def signed_amount(value: object) -> tuple[Decimal, str | None]:
    """``10.99`` -> (10.99, None); ``"€9.99"``, ``"9.99 EUR"`` -> (9.99, the sign). Exact,
    never through a float; at most ``MAX_DECIMALS`` decimals and below ``LIMIT``.

    Raises:
        ValueError: not an amount, or out of range.
    """
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise ValueError(_EXPECTED)
    if isinstance(value, float):  # only reachable from a caller building values by hand
        value = repr(value)
    text = str(value).strip()
    if _BAD_COMMA.search(text):  # "9,99" is not 999: a comma only groups thousands
        raise ValueError(f"{_EXPECTED} (a comma only between thousands, as in 1,250.00)")
    text = text.replace(",", "")
    if len(text) > 60:
        raise ValueError(f"{_EXPECTED}, below {LIMIT:,.0f}")
    number = _NUMBER.search(text)
    if number is None:
        raise ValueError(_EXPECTED)
    sign = (text[:number.start()] + text[number.end():]).strip() or None
    if sign is not None and sign not in money.SYMBOLS and not money.is_currency(sign):
        raise ValueError(_EXPECTED)
    try:
        result = abs(Decimal(number.group(0)))
    except InvalidOperation:  # pragma: no cover - the pattern guards
        raise ValueError(_EXPECTED) from None
    if not result.is_finite() or result >= LIMIT:
        raise ValueError(f"{_EXPECTED}, below {LIMIT:,.0f}")
    if result != result.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        raise ValueError(f"{_EXPECTED}: no currency has more than {MAX_DECIMALS} decimals")
    return result, (sign.upper() if sign and money.is_currency(sign) else sign)


def amount(value: object) -> Decimal:
    """``10.99``, ``"10.99"``, ``95``, ``"£9.99"`` -> Decimal (see :func:`signed_amount`)."""
    return signed_amount(value)[0]


def sign_currencies(sign: str) -> frozenset[str]:
    """The currencies a sign in amount text may stand for (``"€"`` -> EUR; ``"$"`` -> USD,
    CAD, AUD, ...; ``"EUR"`` -> EUR)."""
    if money.is_currency(sign):
        return frozenset({sign.upper()})
    return SHARED_SIGNS.get(sign) or frozenset({money.SYMBOLS[sign]})


def _amounts(item: Any) -> list[tuple[str, object]]:
    """(key, raw value) of every amount an entry names: its amount, an absolute tolerance
    and the amounts of its price history."""
    out: list[tuple[str, object]] = []
    if "amount" in item:
        out.append(("amount", item["amount"]))
    tol = item.get("tolerance")
    if tol is not None and not str(tol).strip().endswith("%"):
        out.append(("tolerance", tol))
    history = item.get("history")
    for h in history if isinstance(history, list) else [history]:
        if isinstance(h, dict) and "amount" in h:
            out.append(("history", h["amount"]))
    return out


def entry_currency(item: Any, explicit: str | None, default: str | None,
                   ) -> tuple[str | None, list[tuple[str, str]]]:
    """The currency of a catalogue entry, cross-checked with the signs on its amounts.

    The entry's ``currency:`` (else the workspace's) is the currency; a sign that names
    another (``amount: "€9.99"`` in a GBP workspace) is refused, never read as GBP, and an
    amount with more decimals than the currency has (``9.999`` GBP) is refused. With no
    currency anywhere, a sign that names one currency (``€``) gives the entry's currency.

    Returns:
        The currency and the problems as (key, message).
    """
    read: list[tuple[str, object, Decimal, str | None]] = []
    for key, raw in _amounts(item):
        try:
            read.append((key, raw, *signed_amount(raw)))
        except ValueError:
            continue  # already reported by the key's reader
    problems: list[tuple[str, str]] = []
    code = explicit or default
    where = "its currency:" if explicit else "settings.yaml currency:"
    if code is None:
        named = {c for *_, sign in read if sign for c in sign_currencies(sign)}
        if len(named) == 1:
            return named.pop(), []
        if named:
            key, raw = next((k, r) for k, r, _, sign in read if sign)
            return None, [(key, f"{key}: {raw!r}: the sign could be {_listed(named)}; say "
                                "which with currency: (an ISO 4217 code)")]
        return None, []
    for key, raw, value, sign in read:
        if sign and code not in sign_currencies(sign):
            problems.append((key, f"{key}: {raw!r}: {sign} is {_listed(sign_currencies(sign))}, "
                                  f"not {code} ({where} {code}); write currency: "
                                  f"{min(sign_currencies(sign))} on the entry, or the amount "
                                  "without the sign"))
            continue
        try:
            minor = money.to_minor(value, code)
        except ValueError:
            problems.append((key, f"{key}: {raw!r}: more decimals than {code} has "
                                  f"({money.exponent(code)})"))
            continue
        except KeyError:
            continue  # not a currency: reported by the currency reader
        if abs(minor) >= 10 ** 15:
            problems.append((key, f"{key}: {raw!r}: more than 10^15 {code} minor units "
                                  "(the limit for an amount)"))
    return code, problems


def _listed(codes: Collection[str]) -> str:
    ordered = sorted(codes)
    return ordered[0] if len(ordered) == 1 else "one of " + ", ".join(ordered[:6]) + (
        ", ..." if len(ordered) > 6 else "")


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
            if not pct.is_finite() or not 0 <= pct <= MAX_PERCENT:
                raise ValueError(f"expected a tolerance such as 5% (at most "
                                 f"{MAX_PERCENT}%) or 0.50")
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
