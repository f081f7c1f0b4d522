"""The table engine shared by CSV and XLSX: find the header, give columns roles, read rows.

A sheet or CSV file becomes a list of ``GridRow`` (cells plus a location; a large CSV body is
a ``Block`` of arrow columns that makes a row only when one is asked for). The engine finds
the header row (or none, for headerless layouts), maps each column to a role from a profile
or from header synonyms in seven languages, infers the date order and decimal mark from whole
columns, and turns each data row into canonical values or a ``Rejection`` with a reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import money
from ..dates import DateColumn, infer_date_column, looks_like_date
from ..errors import InputError
from ..schema import PARSED_COLUMNS
from . import bulk
from .base import ParseOptions, ParseResult, Rejection
from .bulk import cell_text
from .grid import Block, GridRow
from .profiles import BUILTIN, Profile

HEADER_SCAN_ROWS = 80

#: role -> header synonyms, best first (English, German, French, Dutch, Spanish, Italian,
#: Chinese, and a few others seen in real files). Matching ignores case, spacing and a
#: trailing "(EUR)"-style unit.
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "date": (
        "posted date", "posting date", "posted", "booking date", "booked", "completed date", "boekdatum",
        "könyvelés dátuma", "data inregistrare",
        "buchungsdatum", "buchungstag", "date comptable", "data contabile", "fecha contable",
        "记账日期", "入账日期", "transaction date", "date", "datum", "transactiedatum",
        "date opération", "date operation", "date de l'opération", "fecha", "fecha operación",
        "data", "data operazione", "交易时间", "交易日期", "日期", "时间", "trans. date",
        "trans date", "txn date", "data", "buchung", "started date", "value date",
        "tranzakció dátuma", "tranzakció időpontja", "data tranzactiei",
        "valutadatum", "wertstellung", "date valeur", "data valuta", "date de valeur", "created",
        "created (utc)",
    ),
    "payee": (
        "payee", "merchant", "merchant name", "name", "counterparty", "beneficiary",
        "naam / omschrijving", "naam", "tegenrekeninghouder", "tegenpartij",
        "auftraggeber/empfänger", "empfänger", "zahlungsempfänger", "bénéficiaire",
        "beneficiario", "交易对方", "对方户名", "对方名称", "商户名称", "gavėjas", "store name",
        "partner neve", "ellenoldali név", "nume/denumire ordonator/beneficiar", "beneficiar final",
    ),
    "description": (
        "description", "transaction description", "details", "memo", "narrative",
        "transaction details", "verwendungszweck", "buchungstext", "beschreibung", "text",
        "libellé", "libelle", "libellé de l'opération", "détails", "omschrijving",
        "mededelingen", "concepto", "descripción", "descripcion", "movimiento",
        "descrizione", "descrizione operazioni", "causale", "商品说明", "商品", "商品名称",
        "摘要", "交易摘要", "交易描述", "备注", "paaiškinimai", "notes", "reference",
        "umsatztext", "description 1", "description 2", "description 3", "items", "közlemény",
        "megnevezés", "detalii tranzactie", "descriere",
    ),
    "amount": (
        "amount", "transaction amount", "value", "sum", "betrag", "umsatz", "montant",
        "bedrag", "importe", "importo", "金额", "交易金额", "金额(元)", "suma", "amt", "total",
        "összeg", "suma tranzactie",
    ),
    "debit": (
        "debit", "debit amount", "debits", "withdrawal", "withdrawals", "money out",
        "paid out", "out", "soll", "lastschrift", "débit", "debit (eur)", "cargo", "cargos",
        "addebiti", "uscite", "支出金额", "支出", "debet", "af", "suma debit",
    ),
    "credit": (
        "credit", "credit amount", "credits", "deposit", "deposits", "money in", "paid in",
        "in", "haben", "gutschrift", "crédit", "abono", "abonos", "accrediti", "entrate",
        "收入金额", "收入", "bij", "suma credit",
    ),
    "direction": (
        "af bij", "creditdebet", "credit/debit", "debit/credit", "dr/cr", "cr/dr", "d/c",
        "d/k", "收/支", "收支", "收支类型", "soll/haben", "transaction type", "type",
    ),
    "fee": ("fee", "fees", "gebühr", "frais", "commissione", "手续费"),
    "currency": (
        "currency", "ccy", "currency code", "währung", "devise", "valuta", "valutacode",
        "divisa", "moneda", "valiuta", "币种", "货币", "waehrung", "monn.", "monnaie", "devizanem", "pénznem",
    ),
    "account": (
        "account", "account number", "account no", "iban", "konto", "kontonummer",
        "rekening", "rekeningnummer", "compte", "cuenta", "conto", "账户", "账号",
        "sąskaitos nr.", "card", "card number", "számlaszám",
    ),
    "ref": (
        "reference", "ref", "transaction id", "reference id", "fitid", "referenz",
        "référence", "referentie", "referencia", "riferimento", "交易单号", "交易订单号",
        "交易号", "流水号", "交易流水号", "įrašo nr.", "n° de transaction", "id",
    ),
    "status": ("status", "state", "交易状态", "当前状态", "stato", "statut", "estado"),
    "balance": (
        "balance", "running balance", "runningbalance", "saldo", "solde", "余额", "账户余额",
        "kontostand", "boeksaldo",
    ),
}

DIRECTION_WORDS: Mapping[str, int] = {
    "debit": -1, "dr": -1, "d": -1, "af": -1, "debet": -1, "s": -1, "soll": -1, "支出": -1,
    "支": -1, "out": -1, "withdrawal": -1, "débit": -1, "addebito": -1,
    "credit": 1, "cr": 1, "c": 1, "k": 1, "bij": 1, "haben": 1, "h": 1, "收入": 1, "收": 1,
    "in": 1, "deposit": 1, "crédit": 1, "accredito": 1,
    "expense": -1, "income": 1, "转出": -1, "转入": 1, "不计收支": 0,
}
NOT_BOOKED = (
    "pending", "declined", "failed", "reverted", "cancelled", "canceled", "authorised",
    "authorized", "autorizzato", "in attesa", "交易关闭", "已关闭", "支付失败", "失败",
)
_BALANCE_LINE = re.compile(r"(?i)^[\s|*\-]*" + bulk.BALANCE_PHRASES)
_FOOTER = re.compile(r"(?i)\b(total|totale|summe|gesamt|totaal|合计|总计|end of file)\b")


class _DirectionError(ValueError):
    """A debit/credit marker the layout does not know."""


def norm_header(cell: object) -> str:
    """Header cell text folded for synonym lookup: ``" Bedrag (EUR) "`` -> ``"bedrag (eur)"``."""
    s = unicodedata.normalize("NFKC", str(cell or "")).strip().strip("\"'").lower()
    return re.sub(r"\s+", " ", s).rstrip(":").strip()


@functools.lru_cache(maxsize=4096, typed=True)  # the header search sees cells again
def _header_keys(cell: object) -> tuple[str, ...]:
    """The forms of a header cell to look up: as written, and without a unit suffix."""
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
    names = SYNONYMS[role]
    for key in _header_keys(cell):
        if key in names:
            return names.index(key)
    return None


def header_score(row: GridRow) -> int:
    """How many cells of ``row`` are known header names."""
    return sum(
        1 for c in row.cells if any(_synonym_rank(r, c) is not None for r in SYNONYMS)
    )


# --------------------------------------------------------------------------- profiles


def _row_keys(row: GridRow) -> set[str]:
    keys: set[str] = set()
    for c in row.cells:
        keys.update(_header_keys(c))
    return keys


def find_profile(
    rows: Sequence[GridRow], user: tuple[Profile, ...] = ()
) -> tuple[Profile, int | None] | None:
    """The first profile (user profiles first) whose header or first line fits ``rows``."""
    for profile in (*user, *BUILTIN):
        if profile.headerless:
            first = next((r for r in rows if any(cell_text(c) for c in r.cells)), None)
            if first is not None and profile.first_line and re.search(
                profile.first_line, first.text or ",".join(map(cell_text, first.cells))
            ):
                return profile, None
            continue
        want = {norm_header(h) for h in profile.headers}
        for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            if want <= _row_keys(row):
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


def _is_amount(v: str) -> bool:
    try:
        money.parse_amount(v, money.infer_decimal_mark([v]))
        return True
    except ValueError:
        return False


def _content_ok(role: str, values: list[str]) -> bool:
    if role == "date":
        return _ratio(values, looks_like_date) >= 0.5
    if role in ("amount", "debit", "credit", "fee", "balance"):
        return _ratio(values, _is_amount) >= 0.5
    if role == "currency":
        return _ratio(values, lambda v: money.is_currency(v.strip()[:3])) >= 0.8
    if role == "direction":
        return _ratio(values, lambda v: v.strip().lower() in DIRECTION_WORDS) >= 0.9
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
    order = ("date", "amount", "debit", "credit", "direction", "currency", "fee", "status",
             "ref", "account", "balance", "payee", "description")
    for role in order:
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
    # A file with only a "details" column and no description: use the widest text column.
    if "payee" not in roles and "description" not in roles:
        text_col = _widest_text(sample, taken)
        if text_col is not None:
            roles["description"] = [text_col]
    return roles


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


def infer_headerless(data: Sequence[GridRow]) -> dict[str, list[int]]:
    """Give columns roles from content alone: the date, a signed amount, the widest text."""
    sample = list(data[:200])
    width = max((len(r.cells) for r in sample), default=0)
    roles: dict[str, list[int]] = {}
    for i in range(width):
        if _ratio(_column(sample, i), looks_like_date) >= 0.9:
            roles["date"] = [i]
            break
    amounts = []
    for i in range(width):
        vals = _column(sample, i)
        if i in roles.get("date", []) or _ratio(vals, _is_amount) < 0.9:
            continue
        decimals = _ratio(vals, lambda v: bool(re.search(r"[.,]\d{1,2}\D*$", v)))
        negative = _ratio(vals, lambda v: "-" in v or "(" in v)
        if decimals >= 0.5:
            amounts.append((negative, decimals, i))
    if amounts:
        roles["amount"] = [max(amounts)[2]]
    taken = {c for cols in roles.values() for c in cols}
    for i in range(width):
        vals = _column(sample, i)
        if i in taken or not any(vals):
            continue
        if "currency" not in roles and _ratio(vals, lambda v: len(v) == 3 and money.is_currency(v)) >= 0.9:
            roles["currency"] = [i]
        elif "direction" not in roles and _content_ok("direction", vals):
            roles["direction"] = [i]
    text = _widest_text(sample, {c for cols in roles.values() for c in cols})
    if text is not None:
        roles["description"] = [text]
    return roles


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
    key = value.strip().lower()
    table: Mapping[str, int] = DIRECTION_WORDS
    if profile and profile.directions:
        table = {k.lower(): v for k, v in profile.directions.items()}
    return table.get(key)


def _amount(row: GridRow, setup: _Setup) -> Decimal | None:
    """The signed amount of a row, or None when the row has no amount at all."""
    dec = setup.decimal

    def read(role: str) -> Decimal | None:
        text = _cell(row, role, setup).replace("|", "")
        return money.parse_amount(text, dec) if text else None

    if "amount" in setup.roles:
        value = read("amount")
        if value is None:
            return None
        if "direction" in setup.roles:
            d = _direction(_cell(row, "direction", setup), setup.profile)
            if d is None:
                raise _DirectionError(f"unknown direction {_cell(row, 'direction', setup)!r}")
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
    after = rows_from(start) if rows_from else rows[start:]
    body = after.filled() if isinstance(after, Block) else [r for r in after if _filled(r.cells)]
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
            order = shapes.infer_order(dated_mask)
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
                                      rows_of.visible(), path.name, rows_of.locations,
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
    return ParseResult(frame=frame, parser=parser_name, rejected=rejected, notes=notes)


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
    return "+".join(cell_text(header.cells[i]) or f"#{i + 1}" for i in cols)


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
    ignored = 0
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
            has_amount = any(_cells(row, r, setup) != [""] * len(setup.roles.get(r, []))
                             for r in ("amount", "debit", "credit") if r in setup.roles)
            if has_amount and not _FOOTER.search(excerpt):
                rejected.append(Rejection(row.loc, "no posting date (pending)", text=excerpt))
            else:
                ignored += 1
            continue
        if date_text.lower() in NOT_BOOKED:
            rejected.append(Rejection(row.loc, f"{date_text}: not booked yet", text=excerpt))
            continue
        try:
            posted = setup.dates.parse(raw_date)
        except ValueError:
            if _FOOTER.search(excerpt) or _BALANCE_LINE.search(excerpt) or not looks_like_date(
                raw_date
            ) and sum(1 for c in row.cells if cell_text(c)) <= 2:
                ignored += 1
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
        description = _description(row, setup)
        if _BALANCE_LINE.search(description):
            rejected.append(Rejection(row.loc, "balance line, not a transaction", text=excerpt))
            continue
        status = _cell(row, "status", setup)
        if _status_skip(status, profile):
            rejected.append(Rejection(row.loc, f"status {status!r}: not booked", text=excerpt))
            continue
        try:
            amount = _amount(row, setup)
        except _DirectionError as exc:
            words = profile.directions if profile and profile.directions else DIRECTION_WORDS
            rejected.append(Rejection(
                row.loc, str(exc), bad=True, text=excerpt,
                expected="one of " + ", ".join(repr(w) for w in list(words)[:8]),
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
        ) == 0:
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
        except ValueError as exc:
            rejected.append(Rejection(row.loc, str(exc), bad=True, text=excerpt))
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
    notes = [f"{ignored} non-transaction line(s) ignored (totals, blank or repeated headers)"] if ignored else []
    return records, rejected, notes


def _amount_text(row: GridRow, setup: _Setup) -> str:
    return " ".join(
        t for r in ("amount", "debit", "credit") for t in _cells(row, r, setup) if t
    )


def _header_currency(header: GridRow | None, setup: _Setup) -> str | None:
    if header is None:
        return None
    if any(re.search(r"[\u4e00-\u9fff]", cell_text(c)) for c in header.cells):
        return "CNY"  # a Chinese-language export with no currency column is in yuan
    for role in ("amount", "debit", "credit"):
        for i in setup.roles.get(role, []):
            code = money.currency_in(cell_text(header.cells[i]).upper())
            if code:
                return code
    return None
