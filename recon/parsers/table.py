"""The table engine shared by CSV and XLSX: find the header, give columns roles, read rows.

A sheet or CSV file becomes a list of ``GridRow`` (cells plus a location; a large CSV body is
a ``Block`` of arrow columns that makes a row only when one is asked for). The engine finds
the header row (or none, for headerless layouts), maps each column to a role from a profile,
the header vocabulary (``vocabulary.yaml``) or the columns' content, infers the date order
and decimal mark from whole columns, and turns each data row into canonical values or a
``Rejection`` with a reason. ``preamble`` reads the lines above the header (account,
currency, period), ``evidence`` settles the sign against a running balance and the file's
words, ``layout`` gives the layout read as a profile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import money
from ..dates import DateColumn, infer_date_column, looks_like_date
from ..errors import InputError
from ..schema import PARSED_COLUMNS
from . import bulk, vocabulary
from .base import ParseOptions, ParseResult, Rejection
from .bulk import cell_text
from .evidence import Evidence, balance_reading, read_amount, settle_sign
from .grid import Block, GridRow
from .layout import as_profile
from .preamble import (
    HEADER_WIDTH,
    complete_yearless,
    preamble_account,
    preamble_currency,
)
from .profiles import BUILTIN, Profile

HEADER_SCAN_ROWS = 80

#: the roles a column can have, in the order ``infer_columns`` gives them out
ROLE_ORDER = ("date", "amount", "debit", "credit", "direction", "currency", "fee", "status",
              "ref", "account", "balance", "payee", "description")
NOT_BOOKED = (
    "pending", "declined", "failed", "reverted", "cancelled", "canceled", "authorised",
    "authorized", "autorizzato", "in attesa", "交易关闭", "已关闭", "支付失败", "失败",
)
_BALANCE_LINE = re.compile(r"(?i)^[\s|*\-]*" + bulk.BALANCE_PHRASES)
#: dates no statement means (``1111-11-11``, ``0000-00-00``): the row is rejected
_PLACEHOLDER_DATE = re.compile(r"^\s*(?:0{1,4}|1{4}|9{4})[-/.](?:0{1,2}|1{1,2}|9{2})[-/.]"
                               r"(?:0{1,4}|1{1,4}|9{2,4})\b|^\s*(?:0{1,2}|1{1,2})[-/.]"
                               r"(?:0{1,2}|1{1,2})[-/.](?:0{4}|1{4})\b")


def _summary(row: GridRow, setup: _Setup | None = None) -> str | None:
    """The summary word a row opens with (``Total``, ``Turnover``, ``合计``): in its first
    cells, or (for a dated row) as its whole description."""
    words = vocabulary.vocabulary().summary
    if setup is not None:
        description = _description(row, setup)
        return description if bulk.SUMMARY.match(description) else None
    else:
        cells = [t for t in (cell_text(c) for c in row.cells[:50]) if t][:4]
    for text in cells:
        folded = vocabulary.fold(text)
        for w in words:
            if folded == w or (setup is None and folded.startswith(w) and (
                    not w.isascii() or not folded[len(w)].isalpha())):
                return text.strip()
    return None


class _DirectionError(ValueError):
    """A debit/credit marker the layout does not know."""


def norm_header(cell: object) -> str:
    """Header cell text folded for lookup: ``" Bedrag (EUR) "`` -> ``"bedrag (eur)"``."""
    return vocabulary.fold(cell)


@functools.lru_cache(maxsize=4096, typed=True)  # the header search sees cells again
def _header_keys(cell: object) -> tuple[str, ...]:
    """The forms of a header cell a profile's column name is looked up in: as written, and
    without a unit suffix."""
    h = norm_header(cell)
    # a unit suffix runs from the first bracket to a closing one at the end (found by index:
    # the regex it replaces was quadratic in a cell of 50,000 brackets)
    opens = [i for i in map(h.find, "(（[") if i >= 0]
    bare = h[:min(opens)].strip() if opens and h.endswith((")", "）", "]")) else h
    return (h, bare) if bare != h else (h,)


def _filled(cells: list[object]) -> bool:
    """Some cell has text (``cell_text`` of it is not empty)."""
    for c in cells:
        kind = type(c)
        if kind is str:
            if c and not c.isspace():  # type: ignore[attr-defined]
                return True
        elif kind is float:
            if c == c:  # not NaN
                return True
        elif kind in _NEVER_BLANK or (c is not None and cell_text(c)):
            return True
    return False


#: sheet values whose text is never empty
_NEVER_BLANK = frozenset({int, bool, dt.datetime, dt.date, dt.time, dt.timedelta})


def _synonym_rank(role: str, cell: object) -> int | None:
    return vocabulary.role_rank(role, cell)


def header_score(row: GridRow) -> int:
    """How many cells of ``row`` are known header names; 0 for a row holding a date or an
    amount (data, not a header). Names matched word by word count half, and only beside one
    matched whole."""
    whole = by_word = 0
    for c in row.cells[:200]:
        if type(c) is not str:
            if c is not None and c == c and cell_text(c):
                return 0  # a sheet's number or date
            continue
        text = c.strip()
        if not text:
            continue
        roles = vocabulary.header_roles(text)
        if roles:
            if min(rank for _, rank in roles) < vocabulary.WORD_RANK:
                whole += 1
            else:
                by_word += 1
        elif len(text) <= 40 and (looks_like_date(text) or _is_number(text)):
            return 0
    return whole + by_word // 2 if whole else 0


_NUMBER = re.compile(r"^[-+(]?[$€£¥]?\s?\d[\d,.' ]*\)?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text)) and any(ch.isdigit() for ch in text)


# --------------------------------------------------------------------------- profiles


def _row_keys(row: GridRow) -> set[str]:
    keys: set[str] = set()
    for c in row.cells[:HEADER_WIDTH]:
        keys.update(_header_keys(c))
    return keys


def find_profile(
    rows: Sequence[GridRow], user: tuple[Profile, ...] = ()
) -> tuple[Profile, int | None] | None:
    """The first profile (user profiles first) whose header or first line fits ``rows``."""
    row_keys: list[set[str]] = []
    for profile in (*user, *BUILTIN):
        if profile.headerless:
            first = next((r for r in rows if any(cell_text(c) for c in r.cells)), None)
            if first is not None and profile.first_line and re.search(
                profile.first_line, first.text or ",".join(map(cell_text, first.cells))
            ):
                return profile, None
            continue
        want = {norm_header(h) for h in profile.headers}
        if not row_keys:
            row_keys = [_row_keys(row) for row in rows[:HEADER_SCAN_ROWS]]
        for i, keys in enumerate(row_keys):
            if want <= keys:
                return profile, i
    return None


def _profile_columns(
    profile: Profile, header: GridRow | None, width: int, where: str
) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {}
    keys = [set(_header_keys(c)) for c in header.cells] if header else []
    for role, cols in profile.columns.items():
        found: list[int] = []
        for col in cols:
            if isinstance(col, int):
                if col < width:
                    found.append(col)
                continue
            want = norm_header(col)
            idx = next((i for i, k in enumerate(keys) if want in k), None)
            if idx is not None:
                found.append(idx)
                if role not in ("payee", "description"):
                    break
        if found:
            roles[role] = found
    for needed in ("date",):
        if needed not in roles:
            raise InputError(
                f"profile {profile.name!r} names no {needed} column that the file has",
                path=where,
                expected=f"a column {profile.columns.get(needed)}",
            )
    return roles


# --------------------------------------------------------------------------- inference


def _column(rows: Sequence[GridRow], i: int) -> list[str]:
    return [cell_text(r.cells[i]) if i < len(r.cells) else "" for r in rows]


def _ratio(values: list[str], test) -> float:  # type: ignore[no-untyped-def]
    filled = [v for v in values if v]
    return sum(1 for v in filled if test(v)) / len(filled) if filled else 0.0


def _content_ok(role: str, values: list[str]) -> bool:
    """The column's content fits the role (any role, in a header-only statement)."""
    if not values:
        return True
    return _fits(role, values)


def _is_amount(v: str) -> bool:
    try:
        read_amount(v, money.infer_decimal_mark([v]))
        return True
    except ValueError:
        return False


def _fits(role: str, values: list[str]) -> bool:
    if role == "date":
        return _ratio(values, looks_like_date) >= 0.5
    if role in ("amount", "debit", "credit", "fee", "balance"):
        return _ratio(values, _is_amount) >= 0.5
    if role == "currency":
        return _ratio(values, lambda v: money.is_currency(v.strip()[:3])) >= 0.8
    if role == "direction":
        return _ratio(values, lambda v: vocabulary.direction_of(v, letters=True) is not None
                      ) >= 0.9
    return True


def infer_columns(header: GridRow, data: Sequence[GridRow]) -> dict[str, list[int]]:
    """Give columns roles from header synonyms, checked against the column's content."""
    sample = list(data[:200])
    taken: set[int] = set()
    roles: dict[str, list[int]] = {}
    # Rows shorter than the header (a merged quoted field, e.g. Danske's address columns):
    # a column whose content fails under the header may fit shifted left by the difference.
    widths = Counter(len(r.cells) for r in sample)
    shift = len(header.cells) - widths.most_common(1)[0][0] if widths else 0
    for role in ROLE_ORDER:
        ranked = []
        for i, cell in enumerate(header.cells):
            rank = _synonym_rank(role, cell)
            if rank is None or i in taken:
                continue
            if not _content_ok(role, _column(sample, i)):
                if shift > 0 and i >= shift and _content_ok(role, _column(sample, i - shift)):
                    i -= shift
                else:
                    continue
            ranked.append((rank, i))
        if not ranked:
            continue
        ranked.sort()
        chosen = [ranked[0][1]]
        if role in ("payee", "description"):
            chosen = [i for _, i in ranked if _ratio(_column(sample, i), lambda v: True) > 0][:1]
            if not chosen:
                chosen = [ranked[0][1]]
        roles[role] = chosen
        taken.update(chosen)
    _settle_amount_roles(roles, header, sample)
    # Where no header word names the date or the amount, the columns' content may.
    if "date" not in roles or not roles.keys() & {"amount", "debit", "credit"}:
        named = {i for i, c in enumerate(header.cells[:200]) if vocabulary.header_roles(c)}
        found = infer_headerless(
            sample, taken=named | {c for cols in roles.values() for c in cols})
        if "currency" in found and "currency" not in roles:
            roles["currency"] = found["currency"]
        for role in ("date", "amount", "debit", "credit", "balance"):
            if role in found and role not in roles and (
                    role == "date" or not roles.keys() & {"amount", "debit", "credit"}):
                roles[role] = found[role]
        taken = {c for cols in roles.values() for c in cols}
    if "amount" in roles and "direction" not in roles:
        _direction_by_content(roles, sample, header)
    if "account" in roles and not _own_account(roles["account"][0], header, sample):
        del roles["account"]
    # A file with only a "details" column and no description: use the widest text column.
    if "payee" not in roles and "description" not in roles:
        text_col = _widest_text(sample, taken)
        if text_col is not None:
            roles["description"] = [text_col]
    return roles


_COUNTERPARTY = ("counterparty", "partner", "tegenrekening", "gegenkonto", "beneficiary",
                 "payee", "empfänger", "begünstigter", "对方", "對方", "receiver", "sender",
                 "ordonator", "beneficiar", "recipient", "contra")


def _own_account(i: int, header: GridRow, sample: Sequence[GridRow]) -> bool:
    """Column ``i`` names the statement's own account(s), not each row's counterparty:
    no counterparty word in its header, and few distinct values."""
    name = norm_header(header.cells[i]) if i < len(header.cells) else ""
    if any(w in name for w in _COUNTERPARTY):
        return False
    values = {v for v in _column(sample, i) if v}
    return len(values) <= 3 or len(values) * 3 <= len(sample)


def _direction_by_content(roles: dict[str, list[int]], sample: Sequence[GridRow],
                          header: GridRow) -> None:
    """An unnamed column of direction words (``Dr``/``Cr``, ``O``/``I``) beside unsigned
    amounts is the direction."""
    amounts = [v for v in _column(sample, roles["amount"][0]) if v]
    if any(v.lstrip().startswith(("-", "(")) for v in amounts):
        return
    taken = {c for cols in roles.values() for c in cols}
    width = min(max((len(r.cells) for r in sample), default=0), 200)
    for i in range(width):
        if i in taken or (i < len(header.cells) and vocabulary.header_roles(header.cells[i])
                          and _synonym_rank("direction", header.cells[i]) is None):
            continue
        values = [v for v in _column(sample, i) if v]
        signs = {vocabulary.direction_of(v, letters=True) for v in values}
        if values and None not in signs and {-1, 1} <= signs:
            roles["direction"] = [i]
            return


def _settle_amount_roles(roles: dict[str, list[int]], header: GridRow,
                         sample: Sequence[GridRow]) -> None:
    """One side of a split pair alone, holding signed values, is the amount (``Inflow``
    with ``-33,87``); a net amount already has its fee taken off."""
    if "amount" in roles and roles.keys() & {"debit", "credit"} and not any(
            _column(sample, roles["amount"][0])):
        del roles["amount"]  # an empty "Amount details" beside filled Debit/Credit columns
    if "amount" not in roles and len(roles.keys() & {"debit", "credit"}) == 1:
        side = "debit" if "debit" in roles else "credit"
        values = [v for v in _column(sample, roles[side][0]) if v]
        if any(v.lstrip().startswith(("-", "(")) or v.rstrip().endswith("-") for v in values):
            roles["amount"] = roles.pop(side)
    money_cols = [i for r in ("amount", "debit", "credit") for i in roles.get(r, [])]
    if "currency" in roles and any(
            i < len(header.cells) and money.currency_in(cell_text(header.cells[i]).upper())
            for i in money_cols):
        del roles["currency"]  # "Amount (EUR)": the currency column is another amount's
    if "amount" in roles and "fee" in roles:
        i = roles["amount"][0]
        if i < len(header.cells) and norm_header(header.cells[i]) in ("net", "net amount"):
            del roles["fee"]


def _widest_text(sample: Sequence[GridRow], taken: set[int]) -> int | None:
    width = max((len(r.cells) for r in sample), default=0)
    best, best_len = None, 0.0
    for i in range(width):
        if i in taken:
            continue
        vals = [v for v in _column(sample, i) if v]
        if not vals or _ratio(vals, _is_amount) > 0.5 or _ratio(vals, looks_like_date) > 0.5:
            continue
        avg = sum(len(v) for v in vals) / len(vals)
        if avg > best_len:
            best, best_len = i, avg
    return best


def _has_decimals(v: str) -> bool:
    return bool(re.search(r"[.,]\d{1,2}\D*$", v))


def infer_headerless(data: Sequence[GridRow], taken: set[int] | frozenset[int] = frozenset()
                     ) -> dict[str, list[int]]:
    """Give columns roles from content alone: the date, the amount (a signed column, or a
    pair of columns of which each row fills one: money out and money in), a running
    balance (a full column the amounts add up to), currency, direction, the widest text."""
    sample = list(data[:200])
    width = min(max((len(r.cells) for r in sample), default=0), 200)
    roles: dict[str, list[int]] = {}
    for i in range(width):
        if i not in taken and _ratio(_column(sample, i), looks_like_date) >= 0.9:
            roles["date"] = [i]
            break
    numeric: list[tuple[int, list[str]]] = []
    for i in range(width):
        vals = _column(sample, i)
        if (i in taken or i in roles.get("date", []) or not any(vals)
                or _ratio(vals, _is_amount) < 0.9 or _ratio(vals, _has_decimals) < 0.5):
            continue
        numeric.append((i, vals))
    pair = _split_pair(numeric, len(sample))
    full = [(i, v) for i, v in numeric if sum(1 for x in v if x) >= 0.9 * len(sample)
            and (pair is None or i not in pair)]
    if pair is not None:
        roles["debit"], roles["credit"] = [pair[0]], [pair[1]]
        if full:
            roles["balance"] = [full[-1][0]]
    elif full:
        amount, balance = _amount_and_balance(full)
        roles["amount"] = [amount]
        if balance is not None:
            roles["balance"] = [balance]
    taken = set(taken) | {c for cols in roles.values() for c in cols}
    for i in range(width):
        vals = _column(sample, i)
        if i in taken or not any(vals):
            continue
        if "currency" not in roles and _ratio(vals, lambda v: len(v) == 3 and money.is_currency(v)) >= 0.9:
            roles["currency"] = [i]
        elif "direction" not in roles and _content_ok("direction", vals):
            roles["direction"] = [i]
    text = _widest_text(sample, taken | {c for cols in roles.values() for c in cols})
    if text is not None:
        roles["description"] = [text]
    return roles


def _split_pair(sparse: list[tuple[int, list[str]]], rows: int) -> tuple[int, int] | None:
    """Two columns of which (nearly) every row fills exactly one: (money out, money in).
    The column with more rows is taken as money out (spending outnumbers income); a
    balance column, where there is one, settles it later."""
    for n, (a, va) in enumerate(sparse):
        for b, vb in sparse[n + 1:]:
            if any(x and y for x, y in zip(va, vb, strict=True)):
                continue  # never both filled
            one = sum(1 for x, y in zip(va, vb, strict=True) if x or y)
            if one >= 0.95 * rows:
                fa, fb = sum(1 for x in va if x), sum(1 for y in vb if y)
                return (a, b) if fa >= fb else (b, a)
    return None


def _amount_and_balance(full: list[tuple[int, list[str]]]) -> tuple[int, int | None]:
    """Among full numeric columns, the amount and the running balance it adds up to."""
    def values(v: list[str]) -> list[Decimal | None]:
        out: list[Decimal | None] = []
        for x in v:
            try:
                out.append(read_amount(x, money.infer_decimal_mark([x])) if x else None)
            except ValueError:
                out.append(None)
        return out

    parsed = [(i, values(v)) for i, v in full]
    for i, a in parsed:
        for j, b in parsed:
            fit = balance_reading(a, b) if i != j else None
            if fit is not None and fit.fits * 5 >= fit.steps * 4:
                return i, j
    best = max(full, key=lambda iv: (_ratio(iv[1], lambda v: "-" in v or "(" in v),
                                     _ratio(iv[1], _has_decimals), iv[0]))
    return best[0], None


# --------------------------------------------------------------------------- rows


@dataclass
class _Setup:
    roles: dict[str, list[int]]
    dates: DateColumn
    decimal: str
    profile: Profile | None


def _cell(row: GridRow, role: str, setup: _Setup) -> str:
    cols = setup.roles.get(role)
    if not cols:
        return ""
    return cell_text(row.cells[cols[0]]) if cols[0] < len(row.cells) else ""


def _cells(row: GridRow, role: str, setup: _Setup) -> list[str]:
    return [
        cell_text(row.cells[i]) for i in setup.roles.get(role, []) if i < len(row.cells)
    ]


def _raw_date(row: GridRow, roles: dict[str, list[int]]) -> object:
    i = roles["date"][0]
    return row.cells[i] if i < len(row.cells) else None


def _direction(value: str, profile: Profile | None) -> int | None:
    """-1 out, 1 in, 0 neutral: the profile's table, else the vocabulary's words."""
    if profile and profile.directions:
        table = {k.lower(): v for k, v in profile.directions.items()}
        return table.get(value.strip().lower())
    return vocabulary.direction_of(value, letters=True)


def _amount(row: GridRow, setup: _Setup) -> Decimal | None:
    """The signed amount of a row, or None when the row has no amount at all."""
    dec = setup.decimal

    def read(role: str) -> Decimal | None:
        text = _cell(row, role, setup).replace("|", "")
        return read_amount(text, dec) if text else None

    if "amount" in setup.roles:
        value = read("amount")
        if value is None:
            return None
        if "direction" in setup.roles:
            d = _direction(_cell(row, "direction", setup), setup.profile)
            if d is None:
                raise _DirectionError(f"unknown direction {_cell(row, 'direction', setup)!r}")
            if d == 0 and _is_refund(row):
                d = 1  # a neutral row that is a refund: the money comes back
            value = abs(value) * d
        elif setup.profile and setup.profile.sign == "charges_positive":
            value = -value
        fee = read("fee") if "fee" in setup.roles else None
        if fee:
            value -= abs(fee)
        return value
    debit = read("debit") if "debit" in setup.roles else None
    credit = read("credit") if "credit" in setup.roles else None
    if debit is None and credit is None:
        return None
    return (abs(credit) if credit else Decimal(0)) - (abs(debit) if debit else Decimal(0))


def _is_refund(row: GridRow) -> bool:
    """The row says it is a refund (``退款``, ``refund``) in one of its text cells."""
    refund = ("退款", "退货", "refund", "rückerstattung", "erstattung", "remboursement",
              "reembolso", "rimborso")
    return any(vocabulary.has_word(cell_text(c), refund) for c in row.cells[:30]
               if type(c) is str)


def _status_skip(status: str, profile: Profile | None) -> bool:
    s = status.strip().lower()
    if not s:
        return False
    skips = {x.lower() for x in (profile.skip_status if profile else ())} | set(NOT_BOOKED)
    return s in skips


def _description(row: GridRow, setup: _Setup) -> str:
    return bulk.join_description(
        text.strip() for role in ("payee", "description") for text in _cells(row, role, setup))


def _is_repeated_header(row: GridRow, header: GridRow | None) -> bool:
    if header is None:
        return False
    a = [norm_header(c) for c in row.cells if cell_text(c)]
    b = [norm_header(c) for c in header.cells if cell_text(c)]
    return bool(a) and a == b[: len(a)]


def read_table(
    rows: Sequence[GridRow],
    path: Path,
    options: ParseOptions,
    fmt: str,
    user_profiles: tuple[Profile, ...] = (),
    sheet_note: str = "",
    rows_from: Callable[[int], Sequence[GridRow]] | None = None,
) -> ParseResult:
    """Turn the rows of one table into canonical rows plus rejections.

    ``rows_from``: when ``rows`` are only the first rows of the table (all that the header
    search looks at), gives the rows from a position on (a ``Block`` where it can).

    Raises:
        InputError: no transaction table is found, or a column cannot be read as a whole.
    """
    profile, header_idx = _choose(rows, path, options, user_profiles)
    header = rows[header_idx] if header_idx is not None else None
    start = header_idx + 1 if header_idx is not None else 0
    named = preamble_currency(rows[:start])
    if named and not (profile and profile.currency):
        options = dataclasses.replace(options, currency=named)
    after = rows_from(start) if rows_from else rows[start:]
    body = after.filled() if isinstance(after, Block) else [r for r in after if _filled(r.cells)]
    yearless_note = None
    if header is not None and profile is None and len(body) <= 100_000:
        body, yearless_note = complete_yearless(body, header, rows[:start])
    if profile is not None:
        width = max(max((len(r.cells) for r in rows[:start]), default=0),
                    after.width if isinstance(after, Block)
                    else max((len(r.cells) for r in after), default=0))
        roles = _profile_columns(profile, header, width, str(path))
    elif header is not None:
        roles = infer_columns(header, body)
    else:
        roles = infer_headerless(body)
    _require_roles(roles, path, header, profile)
    if not options.account and "account" not in roles and not (profile and profile.account):
        own = preamble_account(rows[:start])
        if own:
            options = dataclasses.replace(options, account=own)

    # Data rows are those with a date in the date column; decide the column reading from
    # them. Numeric dates are read for the whole column at once (bulk); others row by row.
    rows_of = body if isinstance(body, Block) else _Rows(body)
    date_col = roles["date"][0]
    shapes = rows_of.date_shapes(date_col)
    dated_mask = shapes.looks_like_date()
    odd = np.flatnonzero(~(shapes.ymd | shapes.short))  # not of a numeric date's shape
    dated_mask[odd] = [looks_like_date(d) for d in rows_of.cells(date_col, odd)]
    dated = np.flatnonzero(dated_mask)  # positions in body
    where = str(path)
    try:
        if profile and profile.date_format:
            dates = DateColumn("YMD", profile.date_format)
        else:
            order = (options.date_order or (profile.date_order if profile else None)
                     or shapes.infer_order(dated_mask))
            dates = DateColumn(order) if order else infer_date_column(
                rows_of.cells(date_col, dated))
    except ValueError as exc:
        raise InputError(
            f"the date column cannot be read with one date order: {exc}",
            path=where,
            expected="dates in one consistent format",
            hint="name the format in a profile (rules/profiles.yaml: date_format)",
        ) from exc
    amount_texts = [
        cell_text(r.cells[i])
        for r in rows_of.rows(dated[:2000])
        for role in ("amount", "debit", "credit")
        for i in roles.get(role, [])
        if i < len(r.cells)
    ]
    decimal = (profile.decimal if profile and profile.decimal else None) or money.infer_decimal_mark(
        amount_texts
    )
    setup = _Setup(roles, dates, decimal, profile)
    parser_name = profile.name if profile else fmt
    done = np.zeros(0, dtype=np.int64)
    plain = pd.DataFrame(columns=list(PARSED_COLUMNS))
    if not dates.explicit_format:
        layout = bulk.Layout(
            roles, dates.order, decimal,
            negate=bool(profile and profile.sign == "charges_positive"),
            currency=(profile.currency if profile else None) or _header_currency(header, setup)
            or options.currency,
            account=options.account or (profile.account if profile else None))
        done, plain = bulk.plain_rows(rows_of.column, len(body), shapes, layout,
                                      rows_of.visible() & ~_before_continuation(
                                          rows_of, roles, len(body)),
                                      path.name, rows_of.locations,
                                      parser_name)
    rest = np.setdiff1d(np.arange(len(body)), done, assume_unique=True)
    records, rejected, notes = _read_rows(rows_of.rows(rest), header, setup,
                                          path, options, parser_name)
    if header_idx:
        notes.insert(0, f"{header_idx} line(s) before the header skipped (preamble)")
    if sheet_note:
        notes.insert(0, sheet_note)
    notes.insert(
        0,
        f"columns: {', '.join(f'{k}={_col_names(v, header)}' for k, v in roles.items())}; "
        f"dates {dates.describe()}; decimal mark {decimal!r}",
    )
    frame = pd.DataFrame([r[1:] for r in records], columns=list(PARSED_COLUMNS))
    if len(plain) and not records:  # every row read in bulk (in file order already)
        frame = plain
    elif len(plain):  # the bulk rows and the row reader's, in file order
        read = rest[np.array([int(r[0]) for r in records], dtype=np.int64)]  # type: ignore[call-overload]
        in_file_order = np.argsort(np.concatenate([done, read]), kind="stable")
        frame = pd.concat([plain, frame], ignore_index=True).iloc[in_file_order].reset_index(
            drop=True)
    frame["amount_minor"] = frame["amount_minor"].astype("int64")
    for name in ("account", "currency", "description_raw", "source_file", "source_row",
                 "parser"):  # one dtype, whichever reader a row came from
        frame[name] = frame[name].astype("str")
    frame["ref"] = frame["ref"].astype(object).where(frame["ref"].notna(), None)
    result = ParseResult(frame=frame, parser=parser_name, rejected=rejected, notes=notes)
    if yearless_note:
        result.warnings.append(yearless_note)
    if not (profile and (profile.date_format or profile.date_order)) and not options.date_order:
        ambiguous = _ambiguous_order(shapes, dated_mask, dates.order)
        if ambiguous:
            result.warnings.append(ambiguous)
    if len(frame):
        read_at = np.array([r[0] for r in records], dtype=np.int64)
        positions = np.sort(np.concatenate([done, rest[read_at]]))
        context = " ".join([sheet_note, *(" ".join(map(cell_text, r.cells[:50]))
                                          for r in rows[:start])])
        settle_sign(result, Evidence(roles, header, profile, options, context, path,
                                       rows_of, positions, decimal,
                                       _named(roles, header, profile)))
        _currency_fallback(result, roles, header, profile, options, rows[:start])
    first = ""
    if header is None and len(body):
        first = cell_text(rows_of.cells(roles["date"][0], np.array([int(dated[0]) if len(dated)
                                                                     else 0]))[0])
    result.layout = as_profile(path, roles, header, profile, dates, decimal, result, options,
                                rows[:start], first)
    return result


def _named(roles: dict[str, list[int]], header: GridRow | None, profile: Profile | None) -> bool:
    """A profile or header words (not the columns' content) gave the amount columns."""
    if profile is not None:
        return True
    if header is None:
        return False
    cols = [i for r in ("amount", "debit", "credit") for i in roles.get(r, [])]
    return bool(cols) and all(i < len(header.cells) and vocabulary.header_roles(header.cells[i])
                              for i in cols)


def _before_continuation(rows_of: _Rows | Block, roles: dict[str, list[int]], n: int
                         ) -> np.ndarray:
    """Rows followed by one with no date and no amount (a continuation line joins the row
    above it, which is therefore the row reader's)."""
    def empty(i: int) -> np.ndarray:
        if isinstance(rows_of, _Rows):  # typed cells: no need to render each as text
            cells = bulk.column(rows_of.cell_lists, i)
            return np.fromiter((c is None or (isinstance(c, str) and not c.strip())
                                for c in cells), dtype=bool, count=len(cells))
        text = pc.utf8_trim_whitespace(rows_of.column(i).fill_null(""))
        return np.asarray(pc.equal(text, "").to_numpy(zero_copy_only=False), dtype=bool)

    follows = empty(roles["date"][0])
    for role in ("amount", "debit", "credit"):
        for i in roles.get(role, []):
            follows &= empty(i)
    out = np.zeros(n, dtype=bool)
    out[:-1] = follows[1:]
    return out


def _ambiguous_order(shapes: bulk.DateShapes, dated: np.ndarray, chosen: str) -> str | None:
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
            preamble_currency(preamble) or header is not None and _header_currency(header, roles)):
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


class _Rows:
    """A body of ``GridRow``s read the way ``read_table`` reads a ``Block``."""

    def __init__(self, rows: Sequence[GridRow]) -> None:
        self.list = rows
        self.cell_lists = [r.cells for r in rows]

    def date_shapes(self, i: int) -> bulk.DateShapes:
        return bulk.DateShapes.of_cells(bulk.column(self.cell_lists, i))

    def column(self, i: int) -> pa.Array:
        return bulk.texts(bulk.column(self.cell_lists, i))

    def cells(self, i: int, at: np.ndarray) -> list[object]:
        """Cell ``i`` of the rows at ``at`` (None where a row is shorter)."""
        return [cells[i] if i < len(cells) else None
                for cells in (self.cell_lists[j] for j in at.tolist())]

    def rows(self, at: np.ndarray) -> list[GridRow]:
        return [self.list[i] for i in at.tolist()]

    def locations(self, at: np.ndarray) -> list[str]:
        return [self.list[i].loc for i in at.tolist()]

    def visible(self) -> np.ndarray:
        return ~np.array([r.hidden for r in self.list], dtype=bool)


def _col_names(cols: list[int], header: GridRow | None) -> str:
    if header is None:
        return "+".join(f"#{i + 1}" for i in cols)
    return "+".join((cell_text(header.cells[i]) if i < len(header.cells) else "") or f"#{i + 1}"
                    for i in cols)


def _choose(
    rows: Sequence[GridRow], path: Path, options: ParseOptions, user: tuple[Profile, ...]
) -> tuple[Profile | None, int | None]:
    from .profiles import by_name

    if options.profile:
        profile = by_name(options.profile, user)
        if profile is None:
            names = ", ".join(p.name for p in (*user, *BUILTIN))
            raise InputError(
                f"unknown profile {options.profile!r}", expected=f"one of: {names}"
            )
        if profile.headerless:
            return profile, None
        found = find_profile(rows, (profile,))
        if found is None or found[0] is not profile:
            raise InputError(
                f"file does not have the header of profile {profile.name!r}",
                path=path,
                expected="a header row with: " + ", ".join(profile.headers),
            )
        return found
    found = find_profile(rows, user)
    if found is not None:
        return found
    scores = [(header_score(r), -i) for i, r in enumerate(rows[:HEADER_SCAN_ROWS])]
    if scores:
        best, neg_i = max(scores)
        if best >= 2:
            return None, -neg_i
    return None, None


def _require_roles(
    roles: dict[str, list[int]], path: Path, header: GridRow | None, profile: Profile | None
) -> None:
    has_amount = any(r in roles for r in ("amount", "debit", "credit"))
    if "date" in roles and has_amount:
        return
    missing = [n for n, ok in (("date", "date" in roles), ("amount", has_amount)) if not ok]
    if header is None and profile is None:
        raise InputError(
            "no transaction table found",
            path=path,
            expected="a header row naming date and amount columns, or rows of dates and amounts",
            hint="describe the layout in rules/profiles.yaml, or choose one with --profile",
        )
    raise InputError(
        f"no {' or '.join(missing)} column",
        path=path,
        line=header.loc if header else None,
        value=", ".join(cell_text(c) for c in header.cells) if header else None,
        expected="a column named like Date, Amount (or Debit/Credit)",
        hint="name the columns in rules/profiles.yaml, or choose a profile with --profile",
    )


def _read_rows(
    body: Sequence[GridRow],
    header: GridRow | None,
    setup: _Setup,
    path: Path,
    options: ParseOptions,
    parser_name: str,
) -> tuple[list[tuple[object, ...]], list[Rejection], list[str]]:
    records: list[tuple[object, ...]] = []
    rejected: list[Rejection] = []
    ignored = joined = 0
    profile = setup.profile
    fixed_account = options.account or (profile.account if profile else None)
    for position, row in enumerate(body):
        excerpt = row.text or ",".join(cell_text(c) for c in row.cells)
        raw_date = _raw_date(row, setup.roles)
        date_text = cell_text(raw_date)
        if row.hidden:
            rejected.append(Rejection(row.loc, "hidden row in the sheet", text=excerpt))
            continue
        if _is_repeated_header(row, header):
            ignored += 1
            continue
        if not date_text:
            has_amount = any(t for r in ("amount", "debit", "credit") for t in _cells(row, r, setup))
            summary = _summary(row)
            if summary:
                rejected.append(Rejection(row.loc, f"summary row ({summary}), not a transaction",
                                          text=excerpt))
            elif has_amount:
                rejected.append(Rejection(row.loc, "no posting date (pending)", text=excerpt))
            elif records and records[-1][0] == position - 1 and _description(row, setup):
                # a continuation line: the merchant of the transaction above
                last = records[-1]
                records[-1] = (*last[:5], bulk.join_description(
                    [str(last[5]), _description(row, setup)]), *last[6:])
                joined += 1
            else:
                ignored += 1
            continue
        if _PLACEHOLDER_DATE.match(date_text):
            rejected.append(Rejection(row.loc, f"placeholder date {date_text!r}", text=excerpt))
            continue
        if date_text.lower() in NOT_BOOKED:
            rejected.append(Rejection(row.loc, f"{date_text}: not booked yet", text=excerpt))
            continue
        try:
            posted = setup.dates.parse(raw_date)
        except ValueError:
            summary = _summary(row)
            if summary:
                rejected.append(Rejection(row.loc, f"summary row ({summary}), not a transaction",
                                          text=excerpt))
                continue
            if _BALANCE_LINE.search(excerpt) or not looks_like_date(raw_date) and (
                    sum(1 for c in row.cells if cell_text(c)) <= 2 or not _has_amount(row, setup)):
                ignored += 1  # a title or footer line: no date, no figure
                continue
            rejected.append(
                Rejection(
                    row.loc,
                    f"could not read {date_text!r} as a date",
                    bad=True,
                    text=excerpt,
                    expected=f"a date as {setup.dates.describe()}",
                )
            )
            continue
        if posted.year < 1900:
            rejected.append(Rejection(row.loc, f"implausible date {date_text!r}", text=excerpt))
            continue
        description = _description(row, setup)
        if _BALANCE_LINE.search(description):
            rejected.append(Rejection(row.loc, "balance line, not a transaction", text=excerpt))
            continue
        summary = _summary(row, setup)
        if summary:
            rejected.append(Rejection(row.loc, f"summary row ({summary}), not a transaction",
                                      text=excerpt))
            continue
        status = _cell(row, "status", setup)
        if _status_skip(status, profile):
            rejected.append(Rejection(row.loc, f"status {status!r}: not booked", text=excerpt))
            continue
        try:
            amount = _amount(row, setup)
        except _DirectionError as exc:
            words = (list(profile.directions) if profile and profile.directions
                     else ["debit", "credit", "dr", "cr", "in", "out"])
            rejected.append(Rejection(
                row.loc, str(exc), bad=True, text=excerpt,
                expected="one of " + ", ".join(repr(w) for w in words[:8]),
            ))
            continue
        except ValueError:
            rejected.append(Rejection(
                row.loc, f"could not read {_amount_text(row, setup)!r} as an amount",
                bad=True, text=excerpt,
                expected=f"an amount with decimal mark {setup.decimal!r}",
            ))
            continue
        if amount is None:
            rejected.append(Rejection(row.loc, "no amount in the row", text=excerpt))
            continue
        if "direction" in setup.roles and _direction(
            _cell(row, "direction", setup), profile
        ) == 0 and not _is_refund(row):
            rejected.append(Rejection(row.loc, "neutral transfer (neither in nor out)",
                                      text=excerpt))
            continue
        if amount == 0:
            rejected.append(Rejection(row.loc, "zero amount", text=excerpt))
            continue
        currency = (
            _cell(row, "currency", setup).upper()[:3]
            or (profile.currency if profile else None)
            or money.currency_in(_amount_text(row, setup))
            or _header_currency(header, setup)
            or options.currency
        )
        if not currency or not money.is_currency(currency):
            rejected.append(
                Rejection(
                    row.loc,
                    "no currency for this row" if not currency else f"unknown currency {currency!r}",
                    bad=True,
                    text=excerpt,
                    expected="a currency column, or --currency CODE",
                )
            )
            continue
        try:
            minor = money.to_minor(amount, currency)
        except ValueError as exc:  # more decimals than the currency has: this row only
            rejected.append(Rejection(row.loc, f"{exc}: not exact in {currency}", text=excerpt))
            continue
        account = fixed_account or _cell(row, "account", setup).lstrip("'") or ""
        records.append(
            (
                position,
                account,
                posted,
                minor,
                currency,
                description,
                _cell(row, "ref", setup).strip() or None,
                path.name,
                row.loc,
                parser_name,
            )
        )
    notes = [f"{ignored} non-transaction line(s) ignored (titles, blank or repeated headers)"] if ignored else []
    if joined:
        notes.append(f"{joined} continuation line(s) joined to the transaction above")
    return records, rejected, notes


def _has_amount(row: GridRow, setup: _Setup) -> bool:
    """Some amount cell of the row reads as an amount."""
    try:
        return _amount(row, setup) is not None
    except ValueError:
        return False


def _amount_text(row: GridRow, setup: _Setup) -> str:
    return " ".join(
        t for r in ("amount", "debit", "credit") for t in _cells(row, r, setup) if t
    )


def _header_currency(header: GridRow | None, setup: _Setup | dict[str, list[int]]
                     ) -> str | None:
    if header is None:
        return None
    roles = setup.roles if isinstance(setup, _Setup) else setup
    if any(re.search(r"[\u4e00-\u9fff]", cell_text(c)) for c in header.cells[:200]):
        return "CNY"  # a Chinese-language export with no currency column is in yuan
    for role in ("amount", "debit", "credit"):
        for i in roles.get(role, []):
            if i >= len(header.cells):
                continue
            code = money.currency_in(cell_text(header.cells[i]).upper())
            if code:
                return code
    return None
