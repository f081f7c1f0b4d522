"""A running balance printed BEFORE each row adds up only against the order of the dates
(the same sums as a balance after each row read backwards with turned signs): the dates
decide the order, so the signs stay as printed. Two balance columns, before + amount =
after, say which is which. A header-named reading the balance contradicts on a few rows is
refused with the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.parsers.base import ParseOptions, ParseResult
from recon.parsers.csv import CsvParser
from recon.parsers.evidence import balance_reading

ROWS = [("20240801", "-23,50", "ALBERT HEIJN 1342"), ("20240802", "-12,99", "Netflix"),
        ("20240805", "2580,00", "ACME BV Salaris"), ("20240814", "-60,00", "GEA Utrecht"),
        ("20240827", "-145,20", "Eneco")]


def _cents(text: str) -> int:
    return int(text.replace(",", ""))


def _file(tmp_path: Path, columns: str, rows: list[tuple[str, str, str]] = ROWS,
          start: int = 191231, turned: bool = False) -> ParseResult:
    """A headerless tab file: account, currency, date, then ``columns`` (b: balance
    before, a: balance after, m: amount), then the text."""
    lines, balance = [], start
    for date, amount, text in rows:
        after = balance + _cents(amount)
        shown = f"{-_cents(amount) / 100:.2f}".replace(".", ",") if turned else amount
        cells = {"b": f"{balance / 100:.2f}", "a": f"{after / 100:.2f}", "m": shown}
        lines.append("\t".join(["517538883", "EUR", date,
                                *(cells[c].replace(".", ",") for c in columns), text]))
        balance = after
    path = tmp_path / "mutaties.tab"
    path.write_text("\n".join(lines) + "\n")
    return CsvParser().parse(path, ParseOptions(currency="EUR"))


EXPECTED = [_cents(a) for _, a, _ in ROWS]


@pytest.mark.parametrize("columns", ["bam", "abm", "bm", "mb"])
def test_signs_as_printed_with_a_balance_before_each_row(tmp_path: Path, columns: str) -> None:
    result = _file(tmp_path, columns)
    assert result.frame["amount_minor"].tolist() == EXPECTED


def test_newest_first_with_a_balance_before_each_row(tmp_path: Path) -> None:
    rows = ROWS[::-1]
    lines, balance = [], 500000
    for date, amount, text in rows:  # newest first: each row's "before" is the older one's
        lines.append(f"{date};{amount};{balance / 100:.2f};{text}".replace(".", ","))
        balance -= _cents(amount)
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n")
    # the before column of row k is the after of row k+1: before_k = before_{k+1} + amount_{k+1}
    result = CsvParser().parse(path, ParseOptions(currency="EUR"))
    assert sorted(result.frame["amount_minor"].tolist()) == sorted(EXPECTED)


def test_the_balance_before_column_is_said(tmp_path: Path) -> None:
    result = _file(tmp_path, "bm")
    assert any("balance before each row" in n for n in result.notes)


def test_charges_printed_positive_against_a_balance_before(tmp_path: Path) -> None:
    result = _file(tmp_path, "bm", turned=True)
    assert result.frame["amount_minor"].tolist() == EXPECTED


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-10**6, 10**6).filter(bool), min_size=3, max_size=12),
       st.sampled_from([1, -1]))
def test_a_before_column_reads_against_the_date_order(amounts: list[int], order: int) -> None:
    # oldest first (order 1) or newest first (-1): before each row, in file order
    chronological, before, balance = amounts, [], 0
    for a in chronological:
        before.append(balance)
        balance += a
    shown_amounts = chronological if order == 1 else chronological[::-1]
    shown_before = before if order == 1 else before[::-1]
    fit = balance_reading(shown_amounts, shown_before, order)
    assert fit is not None and fit.exact
    # against the date order it is a balance before each row: the sign is the other one
    assert (fit.sign if fit.order == order else -fit.sign) == 1


def test_a_header_reading_the_balance_breaks_on_one_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("Date,Description,Amount,Balance\n"
                    "2024-05-01,Opening,,1000.00\n"
                    "2024-05-02,Rent,412.00,588.00\n"
                    "2024-05-03,Salary,,2588.00\n"
                    "2024-05-04,Shop,100.00,2488.00\n"
                    "2024-05-05,Cafe,10.00,2478.00\n"
                    "2024-05-06,Cafe,8.00,2470.00\n")
    with pytest.raises(InputError) as info:
        CsvParser().parse(path, ParseOptions(currency="EUR"))
    assert info.value.line == "5"  # the first step after the salary row that was not read
    assert "profiles.yaml" in str(info.value.hint)
