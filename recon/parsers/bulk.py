"""Plain rows in bulk: the rows of a table that need no judgement, read a column at a time.

A bank export is mostly rows such as ``2026-03-04,Card 1000,NETFLIX.COM,-10.99,GBP``: a
numeric date, a plain signed number, a currency code, text. This module reads the date
column's shapes with pyarrow (which rows hold a date, which field order reads them all) and
turns the plain rows into canonical columns without a Python step per cell. Every other row
- hidden, a repeated header, a total, a pending, zero or foreign-looking amount, thousands
separators, a balance line, a status, a cell that is not text - goes to the row-by-row reader
in ``table``, which gives each rejection its reason. On a plain row the two readers agree;
a property test holds them to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import money
from ..schema import PARSED_COLUMNS
from . import vocabulary

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
#: numeric dates ``split_date`` reads field for field: year first, or two short fields first
_YMD_SHAPE = r"^(?P<a>\d{4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,2})" + _TIME + "$"
_SHORT_SHAPE = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{4}|\d{2})" + _TIME + "$"
ORDERS = ("YMD", "DMY", "MDY")
#: phrases that open a balance line, not a transaction (``table`` anchors them at the start)
BALANCE_PHRASES = (r"(saldo (iniziale|finale)|opening balance|closing balance|starting balance|"
                   r"beginning balance|ending balance|anfangssaldo|endsaldo|solde (initial|final)|"
                   r"likutis|apyvarta|期初余额|期末余额)")


#: a description that is only a summary word (``Total``, ``Turnover``, ``合计``): a sum of
#: other rows, for the row reader to reject
SUMMARY = re.compile("(?i)^\\s*(?:" + "|".join(
    re.escape(w) for w in vocabulary.vocabulary().summary) + ")\\s*:?\\s*$")


#: a cell that only fills space (``/``, ``-------``): no text
_FILLER = re.compile(r"^[-/_*.=\s]+$")


def cell_text(cell: object) -> str:
    """A cell as the row reader reads it: stripped text; a sheet's datetime in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell != cell:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    text = str(cell).strip()
    if text.startswith('="') and text.endswith('"') and len(text) > 2:
        return text[2:-1].strip()  # an Excel text cell: ="0012"
    return text


def texts(cells: Sequence[object]) -> pa.Array:
    """A column of cells as an arrow string array: text as it is (a missing cell null), any
    other value (a sheet's number or date) as ``cell_text`` reads it."""
    try:
        return pa.array(cells, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    kinds = set(map(type, cells))
    if kinds <= {int, float} and all(c == c for c in cells):  # numbers, no NaN
        return pa.array(list(map(str, cells)), pa.string())
    return pa.array([c if c is None or type(c) is str else cell_text(c) for c in cells],
                    pa.string())


def _valid(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (y >= 1)
    days = np.zeros(len(y), dtype=np.int64)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    days[ok] = month_days[m[ok] - 1] + ((m[ok] == 2) & leap[ok])
    return ok & (d <= days) & (y <= 9999)


def _days(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Valid year, month, day fields as ``datetime64[D]``."""
    months = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (m - 1).astype(
        "timedelta64[M]")
    return months.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")


@dataclass
class DateShapes:
    """The numeric dates of a column: fields, and which order reads each row."""

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    ymd: np.ndarray  # year-first shape
    short: np.ndarray  # two short fields first (day/month or month/day)
    c_digits: np.ndarray  # digits of the last field (a two-digit year is 19xx/20xx)

    @classmethod
    def of_cells(cls, cells: Sequence[object]) -> DateShapes:
        """The shapes of a column of cells: a sheet's datetimes (whole seconds) read as
        their year-first text would be, without writing it; anything else as text."""
        if cells and set(map(type, cells)) <= {dt.datetime, type(None)}:
            try:
                stamps = pa.array(cells, pa.timestamp("us")).cast(pa.timestamp("s"))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                pass  # a fraction of a second: such text is not of a plain shape
            else:
                a, b, c = (np.asarray(f(stamps).fill_null(0).to_numpy(zero_copy_only=False),
                                      dtype=np.int64) for f in (pc.year, pc.month, pc.day))
                ymd = np.asarray(stamps.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
                return cls(a, b, c, ymd, np.zeros(len(cells), dtype=bool),
                           np.full(len(cells), 2, dtype=np.int64))
        return cls.of(texts(cells))

    @classmethod
    def of(cls, column: pa.Array) -> DateShapes:
        s = pc.ascii_trim_whitespace(column)
        ymd = pc.extract_regex(s, _YMD_SHAPE)
        short = pc.extract_regex(s, _SHORT_SHAPE)
        is_ymd = np.asarray(ymd.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        is_short = np.asarray(short.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        ymd_f = [_int_field(ymd, f) for f in "abc"]
        short_f = [_int_field(short, f) for f in "abc"]
        c_len = np.asarray(pc.utf8_length(short.field("c")).fill_null(0).to_numpy(
            zero_copy_only=False), dtype=np.int64)
        a, b, c = (np.where(is_ymd, y, z) for y, z in zip(ymd_f, short_f, strict=True))
        return cls(a, b, c, is_ymd, is_short, np.where(is_ymd, 2, c_len))

    def ymd_of(self, order: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Year, month, day of every row read in ``order`` (meaningless where it cannot)."""
        if order == "YMD":
            return self.a, self.b, self.c
        year = np.where(self.c_digits <= 2, np.where(self.c < 70, self.c + 2000, self.c + 1900),
                        self.c)
        return (year, self.b, self.a) if order == "DMY" else (year, self.a, self.b)

    def reads(self, order: str) -> np.ndarray:
        """Rows this order reads as a valid date (as ``dates._build`` would)."""
        shape = self.ymd if order == "YMD" else self.short
        return shape & _valid(*self.ymd_of(order))

    def looks_like_date(self) -> np.ndarray:
        """Rows some order reads; rows of neither shape are False here (ask ``dates``)."""
        return self.reads("YMD") | self.reads("DMY") | self.reads("MDY")

    def infer_order(self, rows: np.ndarray) -> str | None:
        """``dates.infer_date_column`` for ``rows`` when all are of these shapes, else None:
        the order that reads every row and reads most like a statement (fewest direction
        changes, shortest span, then year-first, day-first, month-first)."""
        if not rows.any() or not (self.ymd[rows] | self.short[rows]).all():
            return None
        best: tuple[tuple[int, int, int], str] | None = None
        for rank, order in enumerate(ORDERS):
            if not self.reads(order)[rows].all():
                continue
            y, m, d = (x[rows] for x in self.ymd_of(order))
            days = _days(y, m, d)
            step = np.diff(days.astype(np.int64))
            step = step[step != 0]
            changes = int(np.count_nonzero((step[1:] > 0) != (step[:-1] > 0)))
            span = int((days.max() - days.min()) / np.timedelta64(1, "D"))
            key = ((changes, span, rank), order)
            best = key if best is None or key < best else best
        return best[1] if best else None

    def dates(self, rows: np.ndarray, order: str) -> list[dt.date]:
        """The dates of ``rows`` (which this order reads) as ``datetime.date``."""
        return list(_days(*(x[rows] for x in self.ymd_of(order))).astype(object))


@dataclass
class Layout:
    """What ``table`` decided about the columns, for reading plain rows."""

    roles: dict[str, list[int]]
    order: str
    decimal: str
    negate: bool  # the profile writes charges as positive numbers
    currency: str | None  # for rows with no currency cell: profile, header or --currency
    account: str | None  # --account or the profile's


def column(body: Sequence[Sequence[object]], i: int) -> list[object]:
    """Cell ``i`` of every row ("" where a row is shorter)."""
    if body and min(map(len, body)) > i:  # the usual case: no short rows, C speed
        return list(map(itemgetter(i), body))
    return [cells[i] if i < len(cells) else "" for cells in body]


def _strip(values: pa.Array) -> pa.Array:
    """Each value ``str.strip``-ped (arrow trims the same characters), a missing one as ""."""
    return pc.utf8_trim_whitespace(values.fill_null(""))


def _stripped(values: pa.Array) -> list[str]:
    return _strip(values).to_pylist()


def plain_rows(column: Callable[[int], pa.Array], rows: int, shapes: DateShapes,
               layout: Layout, candidates: np.ndarray, source: str,
               locations: Callable[[np.ndarray], list[str]],
               parser: str) -> tuple[np.ndarray, pd.DataFrame]:
    """The plain rows among ``candidates`` (a mask over the ``rows`` rows) read in bulk;
    ``column(i)`` is field ``i`` of every row as text (``texts``), ``locations`` the rows'
    locations at some positions.

    Returns:
        The positions read and their canonical rows (``PARSED_COLUMNS``), in order; every
        other row is the row-by-row reader's.
    """
    roles = layout.roles
    nothing = (np.zeros(0, dtype=np.int64), pd.DataFrame(columns=list(PARSED_COLUMNS)))
    if not {"amount"} <= roles.keys() or roles.keys() & {"debit", "credit", "direction", "fee"}:
        return nothing
    plain = candidates & shapes.reads(layout.order) & (shapes.ymd_of(layout.order)[0] >= 1900)
    if not plain.any():
        return nothing
    amount = column(roles["amount"][0])
    mark = "\\." if layout.decimal == "." else ","
    parts = pc.extract_regex(pc.ascii_trim_whitespace(amount),
                             rf"^(?P<sign>[+-]?)(?P<whole>\d{{1,15}})(?:{mark}(?P<frac>\d{{1,6}}))?$")
    plain &= np.asarray(parts.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    optional: dict[str, pa.Array] = {}
    for role in ("currency", "status", "account", "ref", "payee", "description"):
        for n, i in enumerate(roles.get(role, [])):
            optional[f"{role}{n}"] = column(i)
    if "status0" in optional:  # a status is the row reader's to judge
        plain &= np.asarray(pc.equal(pc.utf8_trim_whitespace(optional["status0"]), "")
                            .fill_null(True).to_numpy(zero_copy_only=False), dtype=bool)
    currency = np.full(rows, layout.currency or "", dtype=object)
    if "currency0" in optional:
        code = pc.ascii_upper(pc.ascii_trim_whitespace(optional["currency0"]))
        given = np.asarray(code.fill_null("").to_numpy(zero_copy_only=False), dtype=object)
        currency = np.where(given != "", given, currency)
    known = {c: money.is_currency(c) for c in set(currency[plain].tolist())}
    plain &= np.array([known.get(c, False) for c in currency.tolist()], dtype=bool)
    # minor units: whole and fraction digits, the currency's exponent; more decimals than
    # it allows (or none at all for a zero amount) are the row reader's to refuse
    frac = pc.fill_null(parts.field("frac"), "")
    frac_len = np.asarray(pc.utf8_length(frac).to_numpy(zero_copy_only=False), dtype=np.int64)
    exponent = np.zeros(rows, dtype=np.int64)
    for code in known:
        if known[code]:
            exponent[currency == code] = money.exponent(code)
    plain &= frac_len <= exponent
    whole = _int_field(parts, "whole")
    fraction = _int_field(parts, "frac")
    minor = whole * 10 ** exponent + fraction * 10 ** (exponent - np.minimum(frac_len, exponent))
    negative = np.asarray(pc.equal(parts.field("sign"), "-").fill_null(False).to_numpy(
        zero_copy_only=False), dtype=bool)
    minor = np.where(negative != layout.negate, -minor, minor)
    plain &= minor != 0
    described = [optional[k].filter(pa.array(plain)) for k in optional
                 if k.startswith(("payee", "description"))]
    if len(described) == 1:  # one description column: stripped, "/" dropped, in arrow
        text = _strip(described[0])
        descriptions = pc.if_else(pc.match_substring_regex(text, _FILLER.pattern), "", text)
    else:
        descriptions = pa.array([join_description(parts_) for parts_ in zip(
            *map(_stripped, described), strict=True)] if described else [""] * int(plain.sum()),
            pa.string())
    # anywhere in the text (looser than the row reader's test): those rows are its to judge
    balance = pc.match_substring_regex(descriptions, "(?i)" + BALANCE_PHRASES)
    summary = pc.match_substring_regex(descriptions, SUMMARY.pattern)
    keep = ~np.asarray(pc.or_(balance, summary).to_numpy(zero_copy_only=False), dtype=bool)
    positions = np.flatnonzero(plain)[keep]
    descriptions = descriptions.filter(pa.array(keep))
    take = pa.array(positions)
    if layout.account:
        accounts: list[object] = [layout.account] * len(positions)
    elif "account0" in optional:
        accounts = [v.lstrip("'") for v in _stripped(optional["account0"].take(take))]
    else:
        accounts = [""] * len(positions)
    refs = ([v or None for v in _stripped(optional["ref0"].take(take))]
            if "ref0" in optional else [None] * len(positions))
    frame = pd.DataFrame({
        "account": accounts,
        "posted_date": shapes.dates(positions, layout.order),
        "amount_minor": minor[positions].astype(np.int64),
        "currency": currency[positions],
        "description_raw": pd.Series(descriptions, dtype="str"),
        "ref": pd.Series(refs, dtype=object),
        "source_file": source,
        "source_row": locations(positions),
        "parser": parser,
    }, columns=list(PARSED_COLUMNS))
    return positions, frame


def _int_field(parts: pa.StructArray, name: str) -> np.ndarray:
    field = pc.fill_null(parts.field(name), "0")
    field = pc.if_else(pc.equal(field, ""), "0", field)
    return np.asarray(pc.cast(field, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def join_description(parts: Iterable[str]) -> str:
    """The payee and description cells of a row (stripped), each once, fillers (``/``,
    ``-----``) dropped, joined with `` | ``."""
    out: list[str] = []
    for text in parts:
        if text and text not in out and not _FILLER.match(text):
            out.append(text)
    return " | ".join(out)
