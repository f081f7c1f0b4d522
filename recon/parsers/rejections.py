"""The one rejection policy of the table readers: which rows are not transactions, and the
reason (and, for an unreadable row, what was expected) each is rejected with.

Both readers (``bulk``, columnar, and ``row_reader``, one row at a time) build their
rejections here, so the same row is rejected with the same words whichever reader met it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML

from . import vocabulary
from .base import Rejection
from .cells import cell_text
from .grid import GridRow

_VOCABULARY = Path(vocabulary.__file__).with_name("vocabulary.yaml")


@functools.lru_cache(maxsize=4)
def _section(name: str) -> frozenset[str]:
    """The words of a section of ``vocabulary.yaml`` (``not_booked_words``), every language,
    folded."""
    doc = YAML(typ="safe", pure=True).load(_VOCABULARY.read_text(encoding="utf-8"))
    return frozenset(vocabulary.fold(str(w)) for words in doc[name].values() for w in words)


#: what a date (or status) cell says of a row that is not booked yet (any language)
NOT_BOOKED = _section("not_booked_words")
#: phrases that open a balance line, not a transaction
BALANCE_PHRASES = (r"(saldo (iniziale|finale)|opening balance|closing balance|starting balance|"
                   r"beginning balance|ending balance|anfangssaldo|endsaldo|solde (initial|final)|"
                   r"likutis|apyvarta|期初余额|期末余额|saldo (inicial|final|anterior)|"
                   r"saldo (końcowe|początkowe)|(ingående|utgående) saldo|beginsaldo|eindsaldo|"
                   r"alkusaldo|loppusaldo|входящий остаток|исходящий остаток|sold (initial|final)|"
                   r"algsaldo|lõppsaldo|saldo (awal|akhir)|начално салдо|крайно салдо|"
                   r"počáteční zůstatek|konečný zůstatek|početno stanje|končno stanje)")
BALANCE_LINE = re.compile(r"(?i)^[\s|*\-]*" + BALANCE_PHRASES)
#: a description that is only a summary word (``Total``, ``Turnover``, ``合计``): a sum of
#: other rows
SUMMARY = re.compile("(?i)^\\s*(?:" + "|".join(
    re.escape(w) for w in vocabulary.vocabulary().summary) + ")\\s*:?\\s*$")
#: dates no statement means (``1111-11-11``, ``0000-00-00``): the row is rejected
PLACEHOLDER_DATE = re.compile(r"^\s*(?:0{1,4}|1{4}|9{4})[-/.](?:0{1,2}|1{1,2}|9{2})[-/.]"
                              r"(?:0{1,4}|1{1,4}|9{2,4})\b|^\s*(?:0{1,2}|1{1,2})[-/.]"
                              r"(?:0{1,2}|1{1,2})[-/.](?:0{4}|1{4})\b")


def excerpt(row: GridRow) -> str:
    """The row as a rejection quotes it: the line as written, or its cells."""
    return row.text or ",".join(cell_text(c) for c in row.cells)


def summary_word(row: GridRow) -> str | None:
    """The summary word an undated row opens with (``Total``, ``Summe:``) in its first cells."""
    words = vocabulary.vocabulary().summary
    cells = [t for t in (cell_text(c) for c in row.cells[:50]) if t][:4]
    for text in cells:
        folded = vocabulary.fold(text)
        for w in words:
            if folded == w or (folded.startswith(w) and (
                    not w.isascii() or not folded[len(w)].isalpha())):
                return text.strip()
    return None


def names_summary(text: str) -> bool:
    """Some word of ``text`` is a summary word (``Transactions Total``)."""
    words = set(re.findall(r"[^\W\d_]+", vocabulary.fold(text)))
    return any(w in words for w in vocabulary.vocabulary().summary)


def summary_description(description: str) -> str | None:
    """A dated row's description when it is only a summary word."""
    return description if SUMMARY.match(description) else None


def _reject(row: GridRow, reason: str, *, bad: bool = False, expected: str = "") -> Rejection:
    return Rejection(row.loc, reason, bad=bad, text=excerpt(row), expected=expected)


# Rows the statement itself marks as not a booked transaction.

def hidden(row: GridRow) -> Rejection:
    return _reject(row, "hidden row in the sheet")


def summary(row: GridRow, word: str) -> Rejection:
    return _reject(row, f"summary row ({word}), not a transaction")


def pending(row: GridRow) -> Rejection:
    return _reject(row, "no posting date (pending)")


def placeholder_date(row: GridRow, date_text: str) -> Rejection:
    return _reject(row, f"placeholder date {date_text!r}")


def not_booked_date(row: GridRow, date_text: str) -> Rejection:
    return _reject(row, f"{date_text}: not booked yet")


def implausible_date(row: GridRow, date_text: str) -> Rejection:
    return _reject(row, f"implausible date {date_text!r}")


def balance_line(row: GridRow) -> Rejection:
    return _reject(row, "balance line, not a transaction")


def status(row: GridRow, value: str) -> Rejection:
    return _reject(row, f"status {value!r}: not booked")


def no_amount(row: GridRow) -> Rejection:
    return _reject(row, "no amount in the row")


def neutral(row: GridRow) -> Rejection:
    return _reject(row, "neutral transfer (neither in nor out)")


def zero(row: GridRow) -> Rejection:
    return _reject(row, "zero amount")


def inexact(row: GridRow, why: str, currency: str) -> Rejection:
    return _reject(row, f"{why}: not exact in {currency}")


# Rows recon cannot read (an error unless --skip-bad-rows).

def unreadable_date(row: GridRow, date_text: str, expected: str) -> Rejection:
    return _reject(row, f"could not read {date_text!r} as a date", bad=True,
                   expected=f"a date as {expected}")


def unknown_direction(row: GridRow, why: str, words: list[str]) -> Rejection:
    return _reject(row, why, bad=True, expected="one of " + ", ".join(
        repr(w) for w in words[:8]))


def unreadable_amount(row: GridRow, amount_text: str, decimal: str) -> Rejection:
    return _reject(row, f"could not read {amount_text!r} as an amount", bad=True,
                   expected=f"an amount with decimal mark {decimal!r}")


def no_currency(row: GridRow, currency: str) -> Rejection:
    return _reject(row, "no currency for this row" if not currency
                   else f"unknown currency {currency!r}", bad=True,
                   expected="a currency column, or --currency CODE")


def not_booked_word(text: str) -> bool:
    """``text`` (a status or date cell) says the row is not booked yet (``Pending``,
    ``Reserverat``, ``vorgemerkt``)."""
    return vocabulary.fold(text) in NOT_BOOKED


def balance_cell(row: GridRow) -> str | None:
    """The text cell of a row that opens with a balance phrase (``Anfangssaldo``), if any."""
    for c in row.cells[:50]:
        if type(c) is str and BALANCE_LINE.search(c):
            return c
    return None


def status_column(rows: Sequence[GridRow], taken: set[int], width: int,
                  header: GridRow | None = None) -> int | None:
    """A column no role took that is the rows' status: its header says so (``Status``,
    ``Статус``), or its values are a few words without digits, one of them a not-booked
    word (``Posted``/``Pending``)."""
    if header is not None:
        for i, cell in enumerate(header.cells[:60]):
            text = cell_text(cell)
            if i not in taken and text and (
                    vocabulary.fold(text) in _section("status_headers")
                    or (vocabulary.role_rank("status", text) or vocabulary.WORD_RANK)
                    < vocabulary.WORD_RANK):
                return i
    sample = rows[:500]
    for i in range(min(width, 60)):
        if i in taken:
            continue
        values = {cell_text(r.cells[i]).strip() for r in sample if i < len(r.cells)} - {""}
        if (0 < len(values) <= 8 and not any(ch.isdigit() for v in values for ch in v)
                and any(not_booked_word(v) for v in values)):
            return i
    return None
