"""Dates in statements: the field order is inferred from a whole column, never row by row.

``31/01/2024`` settles day-first for every row of its column; a column where every day is
12 or less is ambiguous, and the order under which the column reads as a chronological
statement (sorted either way, with the shortest span) wins, with day-first as the last resort.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

ORDERS = ("YMD", "DMY", "MDY")
FORMAT_NAMES = {"YMD": "year-month-day", "DMY": "day/month/year", "MDY": "month/day/year"}

MONTHS = {
    # English, German, French, Dutch, Spanish, Italian (3-letter and common forms)
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12,
    "janv": 1, "févr": 2, "fevr": 2, "mars": 3, "avr": 4, "juin": 6, "juil": 7, "août": 8,
    "aout": 8, "déc": 12, "mrt": 3, "mei": 5,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7,
    "set": 9, "ott": 10,
}

_TOKEN = re.compile(
    r"(?P<a>\d{1,4})\s*[-/.:年]\s*(?P<b>\d{1,2}|[^\W\d_]{3,5})\.?\s*[-/.:月]\s*(?P<c>\d{1,4})(?!\d)"
    r"|(?P<compact>(?:19|20)\d{6})(?=(?:\d{4}|\d{6})?(?:\.\d+)?(?:\[[^\]]*\])?(?:\D|$))"
    r"|(?P<d>\d{1,2})\.?\s+(?P<m>[^\W\d_]{3,5})\.?\s+(?P<y>\d{2,4})"
    # a month name first (``Jun 27, 2024``, ``June 4 2024``): only a known month opens it
    r"|(?<![^\W\d_])(?P<m2>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")[^\W\d_]{0,6})\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})(?!\d)"
)
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: a time of day alone (``17:12:28``): never a date, though its fields would read as one
_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*$")


class DateColumn:
    """The inferred reading of one column of dates."""

    def __init__(self, order: str, explicit_format: str | None = None) -> None:
        self.order = order
        self.explicit_format = explicit_format

    def describe(self) -> str:
        return self.explicit_format or FORMAT_NAMES[self.order]

    def parse(self, text: object) -> dt.date:
        """Parse one value of this column. Raises ``ValueError`` with a reason."""
        if isinstance(text, dt.datetime):
            return text.date()
        if isinstance(text, dt.date):
            return text
        s = str(text or "").strip()
        if not s:
            raise ValueError("empty date")
        if self.explicit_format:
            return _parse_explicit(s, self.explicit_format)
        parts = split_date(s)
        if parts is None:
            raise ValueError(f"no date in {s!r}")
        return _build(parts, self.order)


def _parse_explicit(s: str, fmt: str) -> dt.date:
    try:
        return dt.datetime.strptime(s, fmt).date()
    except ValueError:
        # allow a time part after the declared date format
        head = s.split()[0] if " " in s and " " not in fmt else s
        return dt.datetime.strptime(head, fmt).date()


def split_date(text: str) -> tuple[str, str, str] | None:
    """The three fields of the first date in ``text`` (unordered), or None."""
    if _TIME_ONLY.match(text):
        return None
    m = _TOKEN.search(text)
    if not m:
        return None
    if m.group("compact"):
        c = m.group("compact")
        return (c[:4], c[4:6], c[6:])
    if m.group("a"):
        return (m.group("a"), m.group("b"), m.group("c"))
    if m.group("m2"):
        return (m.group("d2"), m.group("m2"), m.group("y2"))
    return (m.group("d"), m.group("m"), m.group("y"))


def _month(token: str) -> int:
    if token.isdigit():
        return int(token)
    key = token.lower().rstrip(".")
    for k in (key, key[:4], key[:3]):
        if k in MONTHS:
            return MONTHS[k]
    raise ValueError(f"unknown month name {token!r}")


def _year(token: str) -> int:
    y = int(token)
    if len(token) <= 2:
        y += 2000 if y < 70 else 1900
    elif BUDDHIST_ERA[0] <= y <= BUDDHIST_ERA[1]:
        y -= 543  # a Thai statement's Buddhist Era year: 2567 is 2024
    return y


#: years written in the Buddhist Era (Thai statements), 543 years ahead of the common era
BUDDHIST_ERA = (2400, 2700)


def _build(parts: tuple[str, str, str], order: str) -> dt.date:
    a, b, c = parts
    named = next((i for i, p in enumerate(parts) if not p.isdigit()), None)
    if named == 1 and len(a) <= 2:
        order = "DMY"
    if order == "YMD":
        if len(a) < 4:
            raise ValueError("year first expects four digits")
        y, m, d = _year(a), _month(b), int(c)
    elif order == "DMY":
        if len(a) > 2:
            raise ValueError("day first expects at most two digits")
        d, m, y = int(a), _month(b), _year(c)
    else:
        if len(a) > 2:
            raise ValueError("month first expects at most two digits")
        m, d, y = _month(a), int(b), _year(c)
    return dt.date(y, m, d)


def _disorder(dates: Sequence[dt.date]) -> tuple[int, int]:
    """(direction changes, span in days): lower reads more like a statement."""
    diffs = [(b - a).days for a, b in zip(dates, dates[1:], strict=False) if b != a]
    changes = sum(1 for x, y in zip(diffs, diffs[1:], strict=False) if (x > 0) != (y > 0))
    span = (max(dates) - min(dates)).days if dates else 0
    return changes, span


def infer_date_column(values: Iterable[object], day_first: bool = True) -> DateColumn:
    """Choose the field order that reads every non-empty value of a column.

    Raises:
        ValueError: no single order reads the whole column; the message names a value
            that fails.
    """
    texts = [v for v in values if v not in (None, "")]
    if texts and all(isinstance(v, dt.date) for v in texts):
        return DateColumn("YMD")
    strs = [str(v).strip() for v in texts if not isinstance(v, dt.date)]
    candidates: list[tuple[tuple[int, int, int], str, list[dt.date]]] = []
    first_bad: str | None = None
    for rank, order in enumerate(ORDERS if day_first else ("YMD", "MDY", "DMY")):
        parsed: list[dt.date] = []
        for s in strs:
            parts = split_date(s)
            try:
                if parts is None:
                    raise ValueError
                parsed.append(_build(parts, order))
            except ValueError:
                first_bad = first_bad or s
                break
        else:
            candidates.append(((*_disorder(parsed), rank), order, parsed))
    if not candidates:
        raise ValueError(f"no date order reads {first_bad!r}")
    candidates.sort(key=lambda c: c[0])
    return DateColumn(candidates[0][1])


def looks_like_date(value: object) -> bool:
    """Cheap test used to find the date column and the data rows."""
    if isinstance(value, dt.date):
        return True
    s = str(value or "").strip()
    if not s or len(s) > 40:
        return False
    parts = split_date(s)
    if parts is None:
        return False
    return any(_try(parts, o) for o in ORDERS)


def _try(parts: tuple[str, str, str], order: str) -> bool:
    try:
        _build(parts, order)
        return True
    except ValueError:
        return False
