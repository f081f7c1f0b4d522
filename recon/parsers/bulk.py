"""The columnar reader: the plain rows of a table read a column at a time.

A bank export is mostly rows such as ``2026-03-04,Card 1000,NETFLIX.COM,-10.99,GBP``: a
numeric date, a plain signed number, a currency code, text. This reader reads the date
column's shapes with pyarrow (which rows hold a date, which field order reads them all) and
turns the plain rows into canonical columns without a Python step per cell. It rejects, in
bulk and through ``rejections``, the rows it can judge whole (hidden, a placeholder date, a
zero amount); every other row - a repeated header, a total, a pending, a foreign-looking
amount, thousands separators, a balance line, a status, a cell that is not text - it leaves
to the row reader, which gives each rejection its reason. On a row both can read the two
readers agree; a property test holds them to it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import money
from ..schema import PARSED_COLUMNS
from . import rejections as reject
from .cells import FILLER, cell_text, int_field, join_description, strip, stripped
from .grid import Body, GridRow
from .preamble import account_text
from .reading import Batch, Reading
from .shapes import DateShapes


class ColumnarReader:
    """Reads the plain rows among those it is given in bulk, rejects hidden rows,
    placeholder dates and zero amounts, and leaves the rest."""

    name = "columnar"

    def read(self, body: Body, at: np.ndarray, reading: Reading) -> Batch:
        n = len(body)
        given = np.zeros(n, dtype=bool)
        given[at] = True
        visible = body.visible()
        date_col = reading.roles["date"][0]
        placeholder = _placeholder(body, given & visible, reading)
        candidates = given & visible & ~placeholder & ~_before_continuation(body, reading.roles)
        positions, frame, zero = plain_rows(body.column, n, reading.shapes, reading, candidates,
                                            body.locations)
        rejected = [(p, reject.hidden(row)) for p, row in _rows_at(body, given & ~visible)]
        rejected += [(p, reject.placeholder_date(row, cell_text(row.cells[date_col])))
                     for p, row in _rows_at(body, placeholder)]
        rejected += [(p, reject.zero(row)) for p, row in _rows_at(body, zero)]
        rejected.sort(key=lambda pr: pr[0])
        positions, frame = _without_balance_lines(body, reading, positions, frame)
        if not len(positions):  # no row read: the columns of no rows, as the row reader's
            frame = pd.DataFrame(columns=list(PARSED_COLUMNS))
        taken = np.zeros(n, dtype=bool)
        taken[positions] = True
        taken |= (given & ~visible) | placeholder | zero
        return Batch(positions, frame, rejected, left=np.flatnonzero(given & ~taken))


def _without_balance_lines(body: Body, reading: Reading, positions: np.ndarray,
                           frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Leave to the row reader the rows read with no description where another text cell
    opens with a balance phrase (a dated ``Anfangssaldo`` line in a reference column)."""
    if not len(positions) or not ({"payee", "description"} & reading.roles.keys()):
        return positions, frame
    empty = np.flatnonzero((frame["description_raw"] == "").to_numpy())
    if not len(empty):
        return positions, frame
    drop = [k for k, row in zip(empty.tolist(), body.rows(positions[empty]), strict=True)
            if reject.balance_cell(row)]
    if not drop:
        return positions, frame
    keep = np.ones(len(positions), dtype=bool)
    keep[drop] = False
    return positions[keep], frame[keep].reset_index(drop=True)


def _rows_at(body: Body, mask: np.ndarray) -> list[tuple[int, GridRow]]:
    """The rows where ``mask`` is true, with their positions."""
    where = np.flatnonzero(mask)
    return list(zip(where.tolist(), body.rows(where), strict=True))


def _placeholder(body: Body, candidates: np.ndarray, reading: Reading) -> np.ndarray:
    """The candidates whose date is a placeholder (``rejections.PLACEHOLDER_DATE``). Only
    a year of 9s is one this reader would read: the other placeholders (``0000-00-00``,
    ``1111-11-11``) are no date or before 1900, rows it leaves to the row reader."""
    shapes = reading.shapes
    suspect = np.flatnonzero(candidates & ((shapes.ymd & (shapes.a == 9999))
                                           | (shapes.short & (shapes.c == 9999))))
    found = np.zeros(len(body), dtype=bool)
    date_col = reading.roles["date"][0]
    for i, cell in zip(suspect.tolist(), body.cells(date_col, suspect), strict=True):
        found[i] = bool(reject.PLACEHOLDER_DATE.match(cell_text(cell)))
    return found


def _before_continuation(body: Body, roles: dict[str, list[int]]) -> np.ndarray:
    """Rows followed by one with no date and no amount (a continuation line joins the row
    above it, which is therefore the row reader's)."""
    follows = body.blank(roles["date"][0])
    for role in ("amount", "debit", "credit"):
        for i in roles.get(role, []):
            follows &= body.blank(i)
    out = np.zeros(len(body), dtype=bool)
    out[:-1] = follows[1:]
    return out


def plain_rows(column: Callable[[int], pa.Array], rows: int, shapes: DateShapes,
               layout: Reading, candidates: np.ndarray,
               locations: Callable[[np.ndarray], list[str]]
               ) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """The plain rows among ``candidates`` (a mask over the ``rows`` rows) read in bulk;
    ``column(i)`` is field ``i`` of every row as text (``texts``), ``locations`` the rows'
    locations at some positions.

    Returns:
        The positions read and their canonical rows (``PARSED_COLUMNS``), in order, and a
        mask of the plain rows whose amount is zero; every other row is the row reader's.
    """
    roles = layout.roles
    order = layout.dates.order
    nothing = (np.zeros(0, dtype=np.int64), pd.DataFrame(columns=list(PARSED_COLUMNS)),
               np.zeros(rows, dtype=bool))
    plain = candidates & shapes.reads(order) & (shapes.ymd_of(order)[0] >= 1900)
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
    if "ref0" in optional:  # a reference of words (a hold, not a posting's id): the same
        plain &= ~np.asarray(pc.match_substring_regex(optional["ref0"], r"^\s*[^\d\s][^\d]*$")
                             .fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
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
    whole = int_field(parts, "whole")
    fraction = int_field(parts, "frac")
    minor = whole * 10 ** exponent + fraction * 10 ** (exponent - np.minimum(frac_len, exponent))
    negative = np.asarray(pc.equal(parts.field("sign"), "-").fill_null(False).to_numpy(
        zero_copy_only=False), dtype=bool)
    minor = np.where(negative != layout.negate, -minor, minor)
    described = [optional[k].filter(pa.array(plain)) for k in optional
                 if k.startswith(("payee", "description"))]
    if len(described) == 1:  # one description column: stripped, "/" dropped, in arrow
        text = strip(described[0])
        descriptions = pc.if_else(pc.match_substring_regex(text, FILLER.pattern), "", text)
    else:
        descriptions = pa.array([join_description(parts_) for parts_ in zip(
            *map(stripped, described), strict=True)] if described else [""] * int(plain.sum()),
            pa.string())
    # anywhere in the text (looser than the row reader's test): those rows are its to judge
    balance = pc.match_substring_regex(descriptions, "(?i)" + reject.BALANCE_PHRASES)
    summary = pc.match_substring_regex(descriptions, reject.SUMMARY.pattern)
    keep = ~np.asarray(pc.or_(balance, summary).to_numpy(zero_copy_only=False), dtype=bool)
    positions = np.flatnonzero(plain)
    zero = np.zeros(rows, dtype=bool)
    zero[positions[keep & (minor[positions] == 0)]] = True  # a plain row of no money
    keep &= minor[positions] != 0
    positions = positions[keep]
    descriptions = descriptions.filter(pa.array(keep))
    take = pa.array(positions)
    if layout.account:
        accounts: list[object] = [layout.account] * len(positions)
    elif "account0" in optional:
        raw = stripped(optional["account0"].take(take))
        tidy = {v: account_text(v) for v in set(raw)}  # few accounts, many rows
        accounts = [tidy[v] for v in raw]
    else:
        accounts = [""] * len(positions)
    refs = ([v or None for v in stripped(optional["ref0"].take(take))]
            if "ref0" in optional else [None] * len(positions))
    frame = pd.DataFrame({
        "account": accounts,
        "posted_date": shapes.dates(positions, order),
        "amount_minor": minor[positions].astype(np.int64),
        "currency": currency[positions],
        "description_raw": pd.Series(descriptions, dtype="str"),
        "ref": pd.Series(refs, dtype=object),
        "source_file": layout.source,
        "source_row": locations(positions),
        "parser": layout.parser,
    }, columns=list(PARSED_COLUMNS))
    return positions, frame, zero
