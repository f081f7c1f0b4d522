"""The row reader: each row of a table judged on its own, in file order. It reads what the
columnar reader leaves (or every row, where that reader does not apply): dates of any
shape, split debit/credit columns, direction words, fees, statuses, notes after amounts,
continuation lines; and it rejects, through ``rejections``, every row that is not a
transaction with the reason."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from .. import money
from ..dates import looks_like_date
from ..schema import PARSED_COLUMNS
from . import rejections as reject
from . import vocabulary
from .adjustments import ADJUSTMENTS, adjustment
from .base import Rejection
from .cells import cell_text, join_description
from .evidence import cell_currency, read_amount
from .grid import Body, GridRow
from .header import is_repeated_header
from .preamble import account_text
from .profiles import Profile
from .reading import Batch, Reading


class RowReader:
    """Reads (or rejects) every row it is given, one at a time."""

    name = "row"

    def read(self, body: Body, at: np.ndarray, reading: Reading) -> Batch:
        records: list[tuple[object, ...]] = []
        rejected: list[tuple[int, Rejection]] = []
        ignored = joined = fees = 0
        for position, row in zip(at.tolist(), body.rows(at), strict=True):
            outcome = _read_row(row, reading)
            if isinstance(outcome, tuple):
                records.append((position, *outcome))
                fees += isinstance(outcome, _Fee)
            elif isinstance(outcome, Rejection):
                rejected.append((position, outcome))
            elif outcome is _IGNORED:
                ignored += 1
            elif outcome is _CONTINUATION:
                description = _description(row, reading)
                if records and records[-1][0] == position - 1 and description:
                    last = records[-1]  # the merchant of the transaction above
                    records[-1] = (*last[:5], join_description([str(last[5]), description]),
                                   *last[6:])
                    joined += 1
                else:
                    ignored += 1
        frame = pd.DataFrame([r[1:] for r in records], columns=list(PARSED_COLUMNS))
        positions = np.array([r[0] for r in records], dtype=np.int64)
        return Batch(positions, frame, rejected, ignored=ignored, joined=joined,
                     fees=fees)


#: what ``_read_row`` says of a title, blank or repeated header line, and of a line with
#: text but no date and no amount (it may continue the row above)
_IGNORED, _CONTINUATION = object(), object()


def _read_row(row: GridRow, reading: Reading) -> tuple[object, ...] | Rejection | object:
    """A row's canonical values (``PARSED_COLUMNS``), its rejection, or ``_IGNORED`` /
    ``_CONTINUATION``. The checks run in this order, the first that applies decides."""
    profile = reading.profile
    raw_date = _raw_date(row, reading.roles)
    date_text = cell_text(raw_date)
    if row.hidden:
        return reject.hidden(row)
    if is_repeated_header(row, reading.header):
        return _IGNORED
    if not date_text:
        summary = reject.summary_word(row)
        if summary:
            return reject.summary(row, summary)
        if reject.balance_cell(row):  # "Closing Balance" under the rows: no merchant name
            return reject.balance_line(row)
        if any(t for r in ("amount", "debit", "credit") for t in _cells(row, r, reading)):
            return reject.pending(row)
        return _CONTINUATION
    if reject.PLACEHOLDER_DATE.match(date_text):
        return reject.placeholder_date(row, date_text)
    if reject.not_booked_word(date_text) or not any(ch.isdigit() for ch in date_text) and (
            _has_amount(row, reading) and not reject.summary_word(row)
            and not reject.names_summary(date_text) and not reject.balance_cell(row)):
        return reject.not_booked_date(row, date_text)  # "Reserverat", "offen": not booked
    try:
        posted = reading.dates.parse(raw_date)
    except ValueError:
        summary = reject.summary_word(row)
        if summary:
            return reject.summary(row, summary)
        if reject.BALANCE_LINE.search(reject.excerpt(row)) or not looks_like_date(raw_date) and (
                sum(1 for c in row.cells if cell_text(c)) <= 2 or not _has_amount(row, reading)):
            return _IGNORED  # a title or footer line: no date, no figure
        return reject.unreadable_date(row, date_text, reading.dates.describe())
    if posted.year < 1900:
        return reject.implausible_date(row, date_text)
    description = _description(row, reading)
    if reject.BALANCE_LINE.search(description) or not description and reject.balance_cell(row):
        return reject.balance_line(row)
    summary = reject.summary_description(description)
    if summary:
        return reject.summary(row, summary)
    status = _cell(row, "status", reading)
    if _status_skip(status, profile):
        return reject.status(row, status)
    ref = _cell(row, "ref", reading).strip()
    if ref and not any(ch.isdigit() for ch in ref) and reject.not_booked_word(ref):
        return reject.status(row, ref)  # a hold where the posting's reference will be
    try:
        amount = _amount(row, reading)
    except _DirectionError as exc:
        words = (list(profile.directions) if profile and profile.directions
                 else ["debit", "credit", "dr", "cr", "in", "out"])
        return reject.unknown_direction(row, str(exc), words)
    except ValueError:
        return reject.unreadable_amount(row, _amount_text(row, reading), reading.decimal)
    if amount is None:
        return reject.no_amount(row)
    fee = False
    if "direction" in reading.roles and _direction(
            _cell(row, "direction", reading), profile) == 0 and not _is_refund(row):
        charged = _neutral_fee(row, reading)
        if charged is None:
            return reject.neutral(row)
        amount, fee = -charged[0], True  # the fee leaves; the rest moved between own accounts
        description = join_description([description, charged[1]])
    if amount == 0:
        return reject.zero(row)
    currency = (
        _cell(row, "currency", reading).upper()[:3]
        or (profile.currency if profile else None)
        or money.currency_in(_amount_text(row, reading), reading.currency)
        or cell_currency(_amount_text(row, reading), reading.currency)
        or reading.currency
    )
    if not currency or not money.is_currency(currency):
        return reject.no_currency(row, currency or "")
    try:
        minor = money.to_minor(amount, currency)
    except ValueError as exc:  # more decimals than the currency has: this row only
        return reject.inexact(row, str(exc), currency)
    account = reading.account or account_text(_cell(row, "account", reading))
    values = (account, posted, minor, currency, description,
              _cell(row, "ref", reading).strip() or None, reading.source, row.loc, reading.parser)
    return _Fee(values) if fee else values


class _Fee(tuple):  # type: ignore[type-arg]
    """The values of a neutral row imported as the fee it charged."""


class _DirectionError(ValueError):
    """A debit/credit marker the layout does not know."""


def _cell(row: GridRow, role: str, reading: Reading) -> str:
    cols = reading.roles.get(role)
    if not cols:
        return ""
    return cell_text(row.cells[cols[0]]) if cols[0] < len(row.cells) else ""


def _cells(row: GridRow, role: str, reading: Reading) -> list[str]:
    return [
        cell_text(row.cells[i]) for i in reading.roles.get(role, []) if i < len(row.cells)
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


def _amount(row: GridRow, reading: Reading) -> Decimal | None:
    """The signed amount of a row, or None when the row has no amount at all."""
    dec = reading.decimal

    def read(role: str) -> Decimal | None:
        text = _cell(row, role, reading).replace("|", "")
        return read_amount(text, dec) if text else None

    if "amount" in reading.roles:
        net = read("net") if "net" in reading.roles else None
        value = net if net is not None else read("amount")
        if value is None:
            return None
        if "direction" in reading.roles:
            d = _direction(_cell(row, "direction", reading), reading.profile)
            if d is None:
                raise _DirectionError(f"unknown direction {_cell(row, 'direction', reading)!r}")
            if d == 0 and _is_refund(row):
                d = 1  # a neutral row that is a refund: the money comes back
            value = abs(value) * d
        elif reading.profile and reading.profile.sign == "charges_positive":
            value = -value
        return value if net is not None else value + _adjustment(row, reading)
    debit = read("debit") if "debit" in reading.roles else None
    credit = read("credit") if "credit" in reading.roles else None
    net = read("net") if "net" in reading.roles else None
    extra = _adjustment(row, reading)
    if debit is None and credit is None:
        return net if net is not None else extra or None  # a row that only charges a fee
    value = (abs(credit) if credit else Decimal(0)) - (abs(debit) if debit else Decimal(0))
    if net is not None:
        return abs(net) if value > 0 else -abs(net) if value < 0 else net
    return value + extra


def _adjustment(row: GridRow, reading: Reading) -> Decimal:
    """What the row's fee, tax, round-up and cashback cells add to its amount."""
    if not reading.roles.keys() & ADJUSTMENTS.keys():
        return Decimal(0)
    return adjustment(row.cells, reading.roles, reading.decimal, reading.unsigned)


def _is_refund(row: GridRow) -> bool:
    """The row says it is a refund (``退款``, ``refund``) in one of its text cells."""
    refund = vocabulary.vocabulary().refund
    return any(vocabulary.has_word(cell_text(c), refund) for c in row.cells[:30]
               if type(c) is str)


def _neutral_fee(row: GridRow, reading: Reading) -> tuple[Decimal, str] | None:
    """The fee a neutral row charges, and the cell that names it with its amount
    (``服务费¥0.10``; "" when a fee column gives it, or a cell says the whole row is a fee,
    ``手续费``); None when the row names no fee, a waived one, or one that is zero or more
    than the row moved."""
    voc = vocabulary.vocabulary()
    try:
        gross = abs(read_amount(_cell(row, "amount", reading).replace("|", ""),
                                reading.decimal))
        charged = _cell(row, "fee", reading).replace("|", "")
        fee = abs(read_amount(charged, reading.decimal)) if charged else Decimal(0)
    except ValueError:
        return None
    if fee:  # a fee column: what it says was charged
        return fee, ""
    texts = [t for t in (cell_text(c) for c in row.cells[:30] if type(c) is str)
             if t and not vocabulary.has_word(t, voc.fee_waiver)]
    for text in texts:
        named = vocabulary.fee_amount().search(vocabulary.fold(text))
        if named:
            try:
                fee = read_amount(named.group(1), reading.decimal)
            except ValueError:
                continue
            return (fee, text) if 0 < fee <= gross else None
    if any(vocabulary.opens_with(t, voc.fee) and not any(ch.isdigit() for ch in t)
           for t in texts):
        return gross, ""
    return None


def _status_skip(status: str, profile: Profile | None) -> bool:
    s = status.strip().lower()
    if not s:
        return False
    skips = {x.lower() for x in (profile.skip_status if profile else ())}
    return s in skips or reject.not_booked_word(s)


def _description(row: GridRow, reading: Reading) -> str:
    return join_description(
        text.strip() for role in ("payee", "description") for text in _cells(row, role, reading))


def _has_amount(row: GridRow, reading: Reading) -> bool:
    """Some amount cell of the row reads as an amount."""
    try:
        return _amount(row, reading) is not None
    except ValueError:
        return False


def _amount_text(row: GridRow, reading: Reading) -> str:
    return " ".join(
        t for r in ("amount", "debit", "credit") for t in _cells(row, r, reading) if t
    )


