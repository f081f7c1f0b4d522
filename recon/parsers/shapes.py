"""Numeric dates of a whole column at once: which rows hold a date of a numeric shape
(``2026-03-04``, ``04/03/26``), and which field order (year/day/month first) reads them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..dates import BUDDHIST_ERA
from .cells import int_field, texts

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
#: numeric dates ``split_date`` reads field for field: year first, or two short fields first
_YMD_SHAPE = r"^(?P<a>\d{4})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{1,2})" + _TIME + "$"
_SHORT_SHAPE = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<c>\d{4}|\d{2})" + _TIME + "$"
ORDERS = ("YMD", "DMY", "MDY")


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


def _common_era(year: np.ndarray) -> np.ndarray:
    """Buddhist Era years (Thai statements: 2567) as common-era ones (2024)."""
    low, high = BUDDHIST_ERA
    return np.where((year >= low) & (year <= high), year - 543, year)


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
        ymd_f = [int_field(ymd, f) for f in "abc"]
        short_f = [int_field(short, f) for f in "abc"]
        c_len = np.asarray(pc.utf8_length(short.field("c")).fill_null(0).to_numpy(
            zero_copy_only=False), dtype=np.int64)
        a, b, c = (np.where(is_ymd, y, z) for y, z in zip(ymd_f, short_f, strict=True))
        return cls(a, b, c, is_ymd, is_short, np.where(is_ymd, 2, c_len))

    def ymd_of(self, order: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Year, month, day of every row read in ``order`` (meaningless where it cannot)."""
        if order == "YMD":
            return _common_era(self.a), self.b, self.c
        year = np.where(self.c_digits <= 2, np.where(self.c < 70, self.c + 2000, self.c + 1900),
                        _common_era(self.c))
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
