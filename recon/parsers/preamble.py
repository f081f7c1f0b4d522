"""The lines above a table's header: the statement's own account (an IBAN, checked; a
labelled account number), its currency, and its period (which gives dates without a year
their year)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Sequence

from .. import money
from ..dates import infer_date_column, looks_like_date
from . import vocabulary
from .cells import cell_text
from .grid import Block, GridRow

#: a header row is never wider than this (a line of a million delimiters is not a header)
HEADER_WIDTH = 200


def _column(rows: Sequence[GridRow], i: int) -> list[str]:
    return [cell_text(r.cells[i]) if i < len(r.cells) else "" for r in rows]


def _synonym_rank(role: str, cell: object) -> int | None:
    return vocabulary.role_rank(role, cell)


_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b")


def valid_iban(text: str) -> bool:
    """ISO 13616 check digits (mod 97) of an IBAN written with or without spaces."""
    s = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    digits = "".join(str(int(ch, 36)) for ch in s[4:] + s[:4])
    return int(digits) % 97 == 1


#: the length of each country's IBAN (ISO 13616 registry): an IBAN-shaped text of the right
#: length is an IBAN even where its check digits are wrong (an anonymised statement's)
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}


def iban_shaped(text: str) -> bool:
    """``text`` is written as an IBAN of its country's length, check digits aside."""
    s = text.replace(" ", "").upper()
    return bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s)) and \
        IBAN_LENGTHS.get(s[:2]) == len(s)


#: where an account number is written: digits, or a masked card (``4998********1234``),
#: grouped by spaces or dashes (``6222 0212 3456 7890``, ``123-45678-9``)
_ACCOUNT_TOKEN = re.compile(r"(?<![\w.,/])[0-9*Xx\u2022][0-9*Xx\u2022 \-]*[0-9](?![\w.,/]*\d)")
_MASK = re.compile(r"[*Xx\u2022]{2,}[ -]?(\d{2,})$")
#: an account number with its bank's code after a slash (Czech and Slovak accounts:
#: ``19-2000145399/0800``), never a date (six digits or more before the slash); a
#: Norwegian number grouped by dots (``1234.56.78901``), never an amount
_BANK_CODE = re.compile(r"(?<![\w.,/-])(?:\d{1,6}-)?\d{6,10}/\d{4}(?![\w.,/])"
                        r"|(?<![\w.,/-])\d{4}\.\d{2}\.\d{5}(?![\w.,/])")  # NO: 1234.56.78901
#: a year alone (``Household 2024``) is no account number
_YEAR = re.compile(r"(?:19|20)\d{2}")
#: a label and its value in one cell: ``账号：6222 ...``, ``carte n° 1234``, ``Account # 1234``
_LABEL_END = re.compile(r"[:：]|\s(?:n°|nº|no\.|nr\.?|#)\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def account_text(value: str) -> str:
    """An account as the statement writes it, tidied: Excel's text mark, stray quotes and
    the dash a card export prints before the number go (``'-71004`` -> ``71004``); a
    masked card number keeps the digits it shows (``4500********1234`` -> ``1234``)."""
    v = unicodedata.normalize("NFKC", value).strip().strip("'\"").strip()
    m = _MASK.search(v)
    if m:
        return m.group(1)
    if re.fullmatch(r"[-#]\s*\d[\d -]*", v):
        return v.lstrip("-# ")
    return v


def _account_in(value: str) -> str | None:
    """The account number in a label's value (``POSB Savings Account 123-45678-9``,
    ``0123456789012 - EUR - Conta Extracto``): the first run of at least four digits that
    is neither a date nor an amount."""
    value = value.lstrip("_'=\"")  # a text mark before the number: _00000012345678901
    iban = re.match(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{2,4}){3,8}\b", value)
    if iban:  # an IBAN, its check digits right or not (an anonymised sample's)
        return iban.group(0).replace(" ", "")
    bank_code = _BANK_CODE.search(value)
    if bank_code:
        return bank_code.group(0)
    for m in _ACCOUNT_TOKEN.finditer(value):
        token = m.group(0).strip(" -")
        if sum(ch.isdigit() for ch in token) < 4 or looks_like_date(token) or _YEAR.fullmatch(
                token):
            continue
        masked = _MASK.search(token)
        return masked.group(1) if masked else re.sub(r"\s+", "", token)
    return None


def preamble_account(preamble: Sequence[GridRow]) -> str | None:
    """The statement's own account named above the header: a valid IBAN, or the number
    after an account label (``Kontonummer:``, ``Account:``, ``卡号``, ``Compte ... n° 1234``),
    in the label's cell or the next filled one: a number of four digits or more, which
    must open the value when the label is matched only word by word (``Compte de Dépôt
    carte n° 1234``, not ``Card Member: J SMITH ending 31004``); else an IBAN of its
    country's length whose check digits are wrong, or a cell that is only a masked card
    number (its last four digits). A cell of several
    ``;``-separated parts (``Bank 12; Branch 3456; Account 0123456-50``) is read part by
    part; a compound label pairs its parts with the value's (``Şube / Hesap No: 1234 /
    0567890``); a label with nothing after it takes a number that stands alone before it
    (``="00050123456";Compte Bancaire``)."""
    best: tuple[int, str] | None = None
    shaped: str | None = None  # an IBAN whose check digits are wrong: the last resort
    for row in preamble[-40:]:
        cells = [unicodedata.normalize("NFKC", cell_text(c)).strip() for c in row.cells[:20]]
        for text in cells:
            for m in _IBAN.finditer(text.upper()):
                if valid_iban(m.group(1)):
                    return m.group(1).replace(" ", "")
                if shaped is None and iban_shaped(m.group(1)):
                    shaped = m.group(1).replace(" ", "")
            card = _MASKED_CARD.fullmatch(text)
            if card and shaped is None:
                shaped = card.group(1)  # a card number masked but its last digits
        cells = [p.strip() for c in cells for p in (c.split(";") if ";" in c else [c])]
        for n, text in enumerate(cells):
            if not text or len(text) > 120:
                continue
            label, value = _label_value(text)
            if not value and label:
                value = next((c for c in cells[n + 1:] if c), "")
            label, value = _paired(label, value)
            rank = vocabulary.role_rank("account", label) if label else None
            if rank is None or (best is not None and rank >= best[0]) or _names_figure(label):
                continue
            if not value and n > 0 and _LONE_NUMBER.fullmatch(account_text(cells[n - 1])):
                value = account_text(cells[n - 1])
            number = _account_in(value) if len(value) <= 80 else None
            if number and (rank < vocabulary.WORD_RANK or _ACCOUNT_TOKEN.match(value)):
                best = (rank, number)
    return best[1] if best else shaped


#: a cell that is only a masked card number (``4980-****-****-1234``): the holder's own
_MASKED_CARD = re.compile(r"(?:\d{4}[ -]?)?(?:[*Xx\u2022]{4}[ -]?){2,3}(\d{4})")
#: a cell that is only an account number (digits, maybe grouped by dashes or spaces)
_LONE_NUMBER = re.compile(r"\d[\d \-]{5,30}\d")


def _names_figure(label: str) -> bool:
    """The label names a balance or a date beside the account word (``Account balance``,
    ``Available balance on account``, ``Account opening date``): its value is no account."""
    words = vocabulary.header_fold(label).split()
    return any(vocabulary.role_rank(role, w) is not None for w in words
               for role in ("balance", "date"))


def _paired(label: str, value: str) -> tuple[str, str]:
    """A compound label and value (``Şube / Hesap No``, ``1234 / 0567890``): the part of
    the label that names the account and the value's part in the same place."""
    labels, values = label.split(" / "), value.split(" / ")
    if len(labels) < 2 or len(labels) != len(values):
        return label, value
    ranked = [(vocabulary.role_rank("account", part), i) for i, part in enumerate(labels)]
    found = [(r, i) for r, i in ranked if r is not None]
    if not found:
        return label, value
    _, i = min(found)
    return labels[i], values[i]


def _label_value(text: str) -> tuple[str, str]:
    """A cell split into its label and the value written after it (``""`` when the cell
    is the label alone)."""
    m = _LABEL_END.search(text)
    if m:  # ``A/C No.: 1234``: the colon after the number sign is the label's too
        return text[:m.start()].strip(), text[m.end():].strip().lstrip(":：").strip()
    digit = re.search(r"[\d*\u2022]", text)
    if digit and digit.start() > 0:
        at = digit.start()
        if at >= 2 and _IBAN.match(text, at - 2) and text[at - 2:at].isupper():
            at -= 2  # an IBAN's country: ``Privatkonto CH12 0070 ...``
        return text[:at].strip(), text[at:].strip()
    return text, ""


#: a day and month without a year (``12/29``, ``'04/03`` with Excel's text mark)
_YEARLESS = re.compile(r"^'?(\d{1,2})[-/.](\d{1,2})\.?$")
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})(?:\s*月|(?![-/.\d]))")


def statement_end(preamble: Sequence[GridRow]) -> dt.date | None:
    """The last day the lines above the header name (a full date, or the end of a month
    such as ``2024年01月``), or None."""
    found: list[dt.date] = []
    for row in preamble[-40:]:
        for cell in row.cells[:20]:
            text = cell_text(cell)
            for token in re.findall(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}", text):
                try:
                    found.append(infer_date_column([token]).parse(token))
                except ValueError:
                    pass
            for y, m in _YEAR_MONTH.findall(text):
                if 1 <= int(m) <= 12:
                    nxt = dt.date(int(y) + int(m) // 12, int(m) % 12 + 1, 1)
                    found.append(nxt - dt.timedelta(days=1))
    return max(found) if found else None


def statement_start(preamble: Sequence[GridRow]) -> dt.date | None:
    """The first day of a period the lines above the header write as two full dates
    (``Periode : 01/03/2024 - 31/03/2024``), or None."""
    for row in preamble[-40:]:
        for cell in row.cells[:20]:
            tokens = re.findall(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}", cell_text(cell))
            if len(tokens) == 2:
                try:
                    column = infer_date_column(tokens)
                    return min(column.parse(t) for t in tokens)
                except ValueError:
                    continue
    return None


def complete_yearless(body: Block | list[GridRow], header: GridRow,
                      preamble: Sequence[GridRow]) -> tuple[Block | list[GridRow], str | None]:
    """Dates without a year (``12/29``) in a date column take the year of the statement
    period named above the header: the latest such year that does not put the date more
    than a month after the period's end. Returns the rows (changed copies where completed)
    and the note saying so."""
    if not len(body):
        return body, None
    cols = [i for i, c in enumerate(header.cells[:HEADER_WIDTH])
            if _synonym_rank("date", c) is not None]
    sample = list(body[:200])  # a Block's first rows as GridRows
    yearless = []
    for i in cols:
        # the dates, not the word a not-booked row writes there (PEND) nor a footer line
        # (Saldo Awal : 2,345,678.90): most cells that open with a digit, none a full date
        filled = [v for v in _column(sample, i) if v.lstrip("'")[:1].isdigit()]
        matched = sum(1 for v in filled if _YEARLESS.match(v))
        if matched and matched * 5 >= len(filled) * 4 and not any(
                looks_like_date(v) for v in filled if not _YEARLESS.match(v)):
            yearless.append(i)
    if not yearless:
        return body, None
    end = statement_end(preamble)
    if end is None:
        return body, None
    pairs = [(int(m.group(1)), int(m.group(2))) for i in yearless
             for m in (_YEARLESS.match(v) for v in _column(sample, i)) if m]
    day_first = _day_first(pairs, end, statement_start(preamble))
    out: list[GridRow] = []
    for row in body:
        cells = list(row.cells)
        for i in yearless:
            m = _YEARLESS.match(cell_text(cells[i])) if i < len(cells) else None
            if m:
                cells[i] = _with_year(int(m.group(1)), int(m.group(2)), end, cells, i,
                                      day_first)
        out.append(GridRow(cells, row.loc, None, row.hidden))
    return out, (f"dates without a year ({'day/month' if day_first else 'month/day'}): the "
                 f"year taken from the statement period ending {end.isoformat()}")


def _day_first(pairs: list[tuple[int, int]], end: dt.date, start: dt.date | None) -> bool:
    """The order of a whole column of year-less dates: a first field above 12 says day
    first, a second one month first; else, when the preamble gives the period's first
    and last day, the reading that puts every date inside it while the other does not
    (``04/03`` .. ``28/03`` in 01/03/2024 - 31/03/2024); month first otherwise."""
    if any(a > 12 for a, _ in pairs):
        return True
    if any(b > 12 for _, b in pairs) or start is None:
        return False

    def inside(month: int, day: int) -> bool:
        for year in (end.year, end.year - 1):
            try:
                date = dt.date(year, month, day)
            except ValueError:
                return False
            if date <= end:
                return date >= start
        return False

    by_day = all(inside(b, a) for a, b in pairs)
    by_month = all(inside(a, b) for a, b in pairs)
    return by_day and not by_month


def _with_year(a: int, b: int, end: dt.date, cells: list[object], i: int,
               day_first: bool = False) -> object:
    month, day = (b, a) if day_first or a > 12 else (a, b)
    for year in (end.year, end.year - 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return cells[i]
        if date <= end + dt.timedelta(days=31):
            return date.isoformat()
    return cells[i]


def preamble_currency(preamble: Sequence[GridRow], default: str | None = None) -> str | None:
    """A currency the lines above the header name, the surest way first: the value after a
    currency label (``Currency,SGD``, ``币种：人民币``) or a cell that is a code
    (``Account Number:,1234567890,SGD``); a code beside a number (``0123456789012 - EUR -``,
    ``2.000,85 EUR``) or in brackets (``Account No. 1234567890 (INR)``); an amount with a
    symbol that names one currency (``3 102,19 €``). A word that names a family of
    currencies (``Rs.``, ``Pesos``) names ``default`` when it is of the family."""
    found: dict[int, str] = {}
    for row in preamble[-40:]:
        cells = [unicodedata.normalize("NFKC", cell_text(c)).strip() for c in row.cells[:20]]
        for n, text in enumerate(cells):
            if not text or len(text) > 200:
                continue
            if len(text) == 3 and text.isupper() and money.is_currency(text):
                found.setdefault(0, text)
            label, value = _label_value(text)
            if label and vocabulary.role_rank("currency", label) is not None:
                value = value or next((c for c in cells[n + 1:] if c), "")
                # a currency's name in any language, on a key/value line (not a header)
                names = "value" if sum(1 for c in cells if c) <= 4 else ""
                code = _code(value) or vocabulary.currency_word(value, default, names=names)
                if code:
                    found.setdefault(0, code)
            m = _CODE_IN_BRACKETS.search(text)
            if m and money.is_currency(m.group(1)):
                found.setdefault(1, m.group(1))
            m = _CODE_BY_NUMBER.search(text)
            if m and money.is_currency(m.group(1) or m.group(2)):
                found.setdefault(1, m.group(1) or m.group(2))
            m = _SYMBOL_BY_NUMBER.search(text)
            if m:
                found.setdefault(2, money.SYMBOLS[m.group(1) or m.group(2)])
    return found[min(found)] if found else None


def _code(value: str) -> str | None:
    code = value.strip().upper()
    return code if len(code) == 3 and money.is_currency(code) else None


def preamble_family_word(preamble: Sequence[GridRow]) -> str | None:
    """The word after a currency label above the header when it names a family of
    currencies (``Currency: Rs.``), not one."""
    for row in preamble[-40:]:
        cells = [unicodedata.normalize("NFKC", cell_text(c)).strip() for c in row.cells[:20]]
        for n, text in enumerate(cells):
            label, value = _label_value(text)
            if label and len(text) <= 200 and vocabulary.role_rank("currency", label) is not None:
                value = value or next((c for c in cells[n + 1:] if c), "")
                if not _code(value):
                    word = vocabulary.currency_family_word(value)
                    if word:
                        return word
    return None


#: an ISO code in brackets: ``Account Statement for Account No. 1234567890 (INR)``
_CODE_IN_BRACKETS = re.compile(r"[(\[]\s*([A-Z]{3})\s*[)\]]")
#: a code written beside a number: ``2.000,85 EUR``, ``EUR 123.18``, ``0123 - EUR - ...``
_CODE_BY_NUMBER = re.compile(r"\d\s*[-\u2013]?\s*\b([A-Z]{3})\b|\b([A-Z]{3})\b\s*[-\u2013]?\s*\d")
#: symbols that name one currency ($, kr and ¥ name a family: they name none here)
_ONE_CURRENCY = sorted((s for s in money.SYMBOLS if s not in ("$", "kr", "¥", "￥", "元")),
                       key=len, reverse=True)
_SYMBOL_BY_NUMBER = re.compile(
    "(?:(?<![^\\W\\d_])(" + "|".join(map(re.escape, _ONE_CURRENCY)) + r")\s?[-+]?\d)"
    r"|(?:\d\s?(" + "|".join(map(re.escape, _ONE_CURRENCY)) + r")(?![^\W\d_]))")
