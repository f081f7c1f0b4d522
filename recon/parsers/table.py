"""The table engine shared by CSV and XLSX, in stages:

1. find the table (``header``): the header row, or the profile whose header the rows have;
2. infer the layout (``columns``): each column's role, then the date column's reading and
   the decimal mark from whole columns; the preamble (``preamble``) names the account,
   currency and period;
3. read the rows (``readers``): the columnar reader and the row reader, one interface,
   one rejection policy (``rejections``);
4. the canonical frame, its sign settled against a running balance and the file's words
   (``evidence``), and the layout as a profile (``layout``) for ``-v`` and ``--dry-run``.

A sheet or CSV file comes as a list of ``GridRow`` (cells plus a location); a large CSV body
is a ``Block`` of arrow columns that makes a row only when one is asked for.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .. import money
from ..dates import DateColumn, gregorian, infer_date_column, looks_like_date
from ..errors import InputError
from . import adjustments, vocabulary
from .base import ParseOptions, ParseResult
from .cells import cell_text
from .columns import (
    header_currency,
    infer_columns,
    infer_headerless,
    profile_columns,
    require_roles,
    weak_account,
)
from .evidence import Evidence, settle_sign
from .grid import Block, Body, GridRow, Rows, filled
from .header import HEADER_SCAN_ROWS, choose, find_profile, header_score
from .layout import as_profile
from .preamble import (
    HEADER_WIDTH,
    complete_yearless,
    preamble_account,
    preamble_currency,
    preamble_family_word,
)
from .profiles import Profile
from .readers import read_body
from .reading import Batch, Reader, Reading
from .rejections import status_column
from .shapes import DateShapes

__all__ = ["HEADER_SCAN_ROWS", "GridRow", "find_profile", "header_score", "read_table",
           "same_rows"]


def read_table(
    rows: Sequence[GridRow],
    path: Path,
    options: ParseOptions,
    fmt: str,
    user_profiles: tuple[Profile, ...] = (),
    sheet_note: str = "",
    rows_from: Callable[[int], Sequence[GridRow]] | None = None,
    readers: list[Reader] | None = None,
) -> ParseResult:
    """Turn the rows of one table into canonical rows plus rejections.

    ``rows_from``: when ``rows`` are only the first rows of the table (all that the header
    search looks at), gives the rows from a position on (a ``Block`` where it can).
    ``readers``: read the rows with these (tests), not those ``choose_readers`` gives.

    Raises:
        InputError: no transaction table is found, or a column cannot be read as a whole.
    """
    # 1. find the table
    profile, header_idx = choose(rows, path, options, user_profiles)
    header = rows[header_idx] if header_idx is not None else None
    start = header_idx + 1 if header_idx is not None else (
        _first_dated(rows) if profile is None else 0)
    if header is not None and profile is None and start < len(rows):
        merged = _sub_header(header, rows[start])
        if merged is not None:  # a two-row header: Amount over Debit | Credit
            header, start = merged, start + 1
    preamble = rows[:start]
    named = preamble_currency(preamble, options.currency)
    family_note = _family_note(preamble_family_word(preamble), named, options.currency)
    if named and not (profile and profile.currency):
        options = dataclasses.replace(options, currency=named)
    after = rows_from(start) if rows_from else rows[start:]
    lines = after.filled() if isinstance(after, Block) else [r for r in after if filled(r.cells)]
    yearless_note = None
    if header is not None and profile is None and len(lines) <= 100_000:
        lines, yearless_note = complete_yearless(lines, header, preamble)

    # 2. infer the layout: the columns' roles, then how the dates and amounts read
    roles = _roles(profile, header, preamble, after, lines, path, options.currency)
    if not options.account and not (profile and profile.account):
        own = preamble_account(preamble)
        if own and (profile is None or "account" not in roles) and (
                "account" not in roles or weak_account(roles["account"][0], header, lines)):
            roles.pop("account", None)
            options = dataclasses.replace(options, account=own)
    body: Body = lines if isinstance(lines, Block) else Rows(lines)
    reading, dated_mask = _reading(body, roles, header, profile, options, path, fmt)

    # 3. read the rows
    batch = read_body(body, reading, readers)

    # 4. the canonical frame, its sign, and the layout as a profile
    result = _result(batch, reading, header_idx, sheet_note)
    if yearless_note:
        result.warnings.append(yearless_note)
    if family_note and not (profile and profile.currency):
        result.warnings.append(family_note)
    era = _era_year(body, roles, np.flatnonzero(dated_mask))
    if era:
        result.notes.append(f"dates are in the {era[0]} calendar: {era[1]} is read as "
                            f"{gregorian(int(era[1]))}")
    if not (profile and (profile.date_format or profile.date_order)) and not options.date_order:
        ambiguous = _ambiguous_order(reading.shapes, dated_mask, reading.dates.order)
        if ambiguous:
            result.warnings.append(ambiguous)
    if len(result.frame):
        context = " ".join([sheet_note, *(" ".join(map(cell_text, r.cells[:50]))
                                          for r in preamble)])
        evidence = Evidence(roles, header, profile, options, context, path, body,
                            batch.positions, reading.decimal, _named(roles, header, profile))
        adjustments.settle(result, evidence)
        settle_sign(result, evidence)
        adjustments.after_turn(result, evidence)
        _currency_fallback(result, roles, header, profile, options, preamble)
    first = ""
    if header is None and len(body):
        dated = np.flatnonzero(dated_mask)
        first = cell_text(body.cells(roles["date"][0], np.array([int(dated[0]) if len(dated)
                                                                 else 0]))[0])
    result.layout = as_profile(path, roles, header, profile, reading.dates, reading.decimal,
                               result, options, preamble, first)
    return result


_ERA_YEARS = (("Buddhist", re.compile(r"(?<!\d)(2[4-6]\d\d|2700)(?!\d)")),
              ("Minguo (ROC)", re.compile(r"^\s*(1\d\d)[-/.]\d")))


def _era_year(body: Body, roles: dict[str, list[int]],
              positions: np.ndarray) -> tuple[str, str] | None:
    """The calendar and a year of it that the first dated rows write, when it is not the
    Gregorian one (``dates.gregorian`` read it), if any."""
    if "date" not in roles or not len(positions):
        return None
    for cell in body.cells(roles["date"][0], positions[:20]):
        for era, pattern in _ERA_YEARS:
            found = pattern.search(cell) if isinstance(cell, str) else None
            if found:
                return era, found.group(1)
    return None


def _roles(profile: Profile | None, header: GridRow | None, preamble: Sequence[GridRow],
           after: Sequence[GridRow], lines: Sequence[GridRow], path: Path,
           currency: str | None = None) -> dict[str, list[int]]:
    """Each column's role: named by the profile, else by header words checked against the
    columns' content, else (headerless) by content alone.

    Raises:
        InputError: no date column, or no amount (or debit/credit) column.
    """
    if profile is not None:
        width = max(max((len(r.cells) for r in preamble), default=0),
                    after.width if isinstance(after, Block)
                    else max((len(r.cells) for r in after), default=0))
        roles = profile_columns(profile, header, width, str(path))
    elif header is not None:
        roles = infer_columns(header, lines)
    else:
        whole = bool(currency) and money.is_currency(str(currency)) and \
            money.exponent(str(currency)) == 0
        roles = infer_headerless(lines, whole_units=whole)
    require_roles(roles, path, header, profile)
    if "status" not in roles:  # by content, also under a profile (signals)
        width = after.width if isinstance(after, Block) else max(
            (len(r.cells) for r in lines[:500]), default=0)
        status = status_column(lines, {i for c in roles.values() for i in c}, width,
                               header)
        if status is not None:
            roles["status"] = [status]
    return roles


def _reading(body: Body, roles: dict[str, list[int]], header: GridRow | None,
             profile: Profile | None, options: ParseOptions, path: Path, fmt: str
             ) -> tuple[Reading, np.ndarray]:
    """How the rows read: the date column's order or format and the decimal mark, decided
    from the rows with a date in the date column (returned as a mask). Numeric dates are
    judged for the whole column at once; others one by one.

    Raises:
        InputError: the date column cannot be read with one date order.
    """
    date_col = roles["date"][0]
    shapes = body.date_shapes(date_col)
    dated_mask = shapes.looks_like_date()
    odd = np.flatnonzero(~(shapes.ymd | shapes.short))  # not of a numeric date's shape
    dated_mask[odd] = [looks_like_date(d) for d in body.cells(date_col, odd)]
    dated = np.flatnonzero(dated_mask)
    try:
        if profile and profile.date_format:
            dates = DateColumn("YMD", profile.date_format)
        else:
            order = (options.date_order or (profile.date_order if profile else None)
                     or shapes.infer_order(dated_mask))
            dates = DateColumn(order) if order else infer_date_column(body.cells(date_col, dated))
    except ValueError as exc:
        raise InputError(
            f"the date column cannot be read with one date order: {exc}",
            path=str(path),
            expected="dates in one consistent format",
            hint="name the format in a profile (rules/profiles.yaml: date_format)",
        ) from exc
    amount_texts = [
        cell_text(r.cells[i])
        for r in body.rows(dated[:2000])
        for role in ("amount", "debit", "credit", "balance")  # one mark for the whole file
        for i in roles.get(role, [])
        if i < len(r.cells)
    ]
    currency = ((profile.currency if profile else None)
                or header_currency(header, roles, options.currency) or options.currency)
    exponent = money.exponent(currency) if currency and money.is_currency(currency) else None
    decimal = (profile.decimal if profile and profile.decimal else None) or \
        money.infer_decimal_mark(amount_texts, exponent)
    reading = Reading(
        roles, dates, decimal, profile, header,
        currency=currency,
        account=options.account or (profile.account if profile else None),
        source=path.name, parser=profile.name if profile else fmt, shapes=shapes,
        unsigned=adjustments.unsigned_columns(roles, body.rows(dated[:2000]), decimal)
        if roles.keys() & adjustments.ADJUSTMENTS.keys() else frozenset())
    return reading, dated_mask


def _result(batch: Batch, reading: Reading, header_idx: int | None, sheet_note: str
            ) -> ParseResult:
    """The rows read as a ``ParseResult``: one dtype per column whichever reader a row
    came from, the rejections in file order, and notes on the layout and lines skipped."""
    frame = batch.frame
    frame["amount_minor"] = frame["amount_minor"].astype("int64")
    for name in ("account", "currency", "description_raw", "source_file", "source_row",
                 "parser"):
        frame[name] = frame[name].astype("str")
    frame["ref"] = frame["ref"].astype(object).where(frame["ref"].notna(), None)
    notes = [
        f"columns: {', '.join(f'{k}={_col_names(v, reading.header)}' for k, v in reading.roles.items())}; "
        f"dates {reading.dates.describe()}; decimal mark {reading.decimal!r}"]
    if sheet_note:
        notes.append(sheet_note)
    if header_idx:
        notes.append(f"{header_idx} line(s) before the header skipped (preamble)")
    if batch.ignored:
        notes.append(f"{batch.ignored} non-transaction line(s) ignored (titles, blank or "
                     "repeated headers)")
    if batch.joined:
        notes.append(f"{batch.joined} continuation line(s) joined to the transaction above")
    if batch.fees:
        notes.append(f"{batch.fees} neutral row(s) charge a fee: the fee imported as money "
                     "out (the rest of each moved between the user's own accounts)")
    return ParseResult(frame=frame, parser=reading.parser,
                       rejected=[r for _, r in batch.rejected], notes=notes)


def _family_note(word: str | None, named: str | None, default: str | None) -> str | None:
    """The line saying a currency word of several currencies (``Rs.``) was read as one,
    when no default of its family settled which."""
    family = vocabulary.vocabulary().currency_families.get(word or "", ())
    if not family or named != family[0] or (default or "").upper() in family:
        return None
    others = [c for c in family if c != named][:4]
    return (f"the file names its currency {word!r}, which several currencies write: read as "
            f"{named} (--currency {others[0]}, or currency in a profile, for another: "
            f"{', '.join(others)}, ...)")


def _sub_header(header: GridRow, below: GridRow) -> GridRow | None:
    """The header merged with the row under it when that row is a second header line
    (``Amount`` over ``Debit`` | ``Credit``, from merged cells): every filled cell of it is a
    header word, none a date or an amount. Each column takes the lower line's word where
    it has one."""
    cells = [cell_text(c) for c in below.cells[:HEADER_WIDTH]]
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if not filled or any(looks_like_date(c) or any(ch.isdigit() for ch in c)
                         or not vocabulary.header_roles(c) for _, c in filled):
        return None
    top = list(header.cells)
    top += [""] * (len(cells) - len(top))
    if all(cell_text(top[i]) for i, _ in filled):
        return None  # a merged cell above leaves a gap the lower line fills; else a data row
    for i, c in filled:
        top[i] = c
    return GridRow(top, header.loc, header.sep, header.hidden)


def _first_dated(rows: Sequence[GridRow]) -> int:
    """Where a headerless table starts: the lines above its first row with a date (a
    holder's name and card number, a title) are its preamble, read for the account and
    currency. 0 when no row of the first 20 has a date."""
    for i, row in enumerate(rows[:20]):
        if any(looks_like_date(cell_text(c)) for c in row.cells[:20]):
            return i
    return 0


def _named(roles: dict[str, list[int]], header: GridRow | None, profile: Profile | None) -> bool:
    """A profile or header words (not the columns' content) gave the amount columns."""
    if profile is not None:
        return True
    if header is None:
        return False
    cols = [i for r in ("amount", "debit", "credit") for i in roles.get(r, [])]
    return bool(cols) and all(i < len(header.cells) and vocabulary.header_roles(header.cells[i])
                              for i in cols)


def _ambiguous_order(shapes: DateShapes, dated: np.ndarray, chosen: str) -> str | None:
    """The one line saying the day/month order was chosen, when both read every date."""
    if chosen not in ("DMY", "MDY") or not dated.any():
        return None
    if not (shapes.short[dated].all() and shapes.reads("DMY")[dated].all()
            and shapes.reads("MDY")[dated].all()):
        return None
    days = shapes.a[dated], shapes.b[dated]
    if (days[0] == days[1]).all():
        return None  # 01/01, 02/02: both orders give the same dates
    other = "MDY" if chosen == "DMY" else "DMY"
    return (f"every date reads both day-first and month-first: read as "
            f"{'day/month/year' if chosen == 'DMY' else 'month/day/year'} "
            f"(--date-order {other} for the other, or date_format in a profile)")


def _currency_fallback(result: ParseResult, roles: dict[str, list[int]], header: GridRow | None,
                       profile: Profile | None, options: ParseOptions,
                       preamble: Sequence[GridRow]) -> None:
    """Note when every row took ``--currency``/the settings default because the file names
    none."""
    fallback = options.currency
    if not fallback or "currency" in roles or (profile and profile.currency) or (
            preamble_currency(preamble) or header is not None and header_currency(header, roles)):
        return
    if (result.frame["currency"] == fallback).all():
        result.currency_fallback = fallback


def same_rows(a: ParseResult, b: ParseResult) -> bool:
    """``a`` holds the same transactions as ``b`` (date, amount, currency, reference): one
    workbook's sheets repeating the same statement."""
    if len(a.frame) == 0 or len(a.frame) != len(b.frame) or len(a.rejected) != len(b.rejected):
        return False
    keys = ["posted_date", "amount_minor", "currency"]

    def rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
        return sorted(map(tuple, frame[keys].astype(str).itertuples(index=False)))

    return rows(a.frame) == rows(b.frame)


def _col_names(cols: list[int], header: GridRow | None) -> str:
    if header is None:
        return "+".join(f"#{i + 1}" for i in cols)
    return "+".join((cell_text(header.cells[i]) if i < len(header.cells) else "") or f"#{i + 1}"
                    for i in cols)
