"""A currency sign several currencies write (``$``, ``kr``, ``¥``) only confirms a default of
its family; without one it names the family's first currency, and the import says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon import money
from recon.parsers import parse_statement
from recon.parsers.base import ParseOptions


@pytest.mark.parametrize(("text", "default", "expected"), [
    ("$4.50", "CAD", "CAD"), ("$4.50", "AUD", "AUD"), ("$4.50", None, "USD"),
    ("$4.50", "EUR", "USD"), ("C$4.50", "AUD", "CAD"), ("4,50 kr", "NOK", "NOK"),
    ("4,50 kr", None, "SEK"), ("¥450", "JPY", "JPY"), ("€4.50", "USD", "EUR"),
    ("4.50 USD", "CAD", "USD"), ("4.50", "CAD", None),
])
def test_an_ambiguous_sign_confirms_a_default_of_its_family(
        text: str, default: str | None, expected: str | None) -> None:
    assert money.currency_in(text, default) == expected


CELLS = "Date,Description,Amount\n2024-01-05,Coffee,($4.50)\n2024-01-06,Salary,\"$2,500.00\"\n"


@pytest.mark.parametrize(("default", "stored", "said"), [
    ("CAD", "CAD", False), ("USD", "USD", False), ("EUR", "USD", True), (None, "USD", True)])
def test_a_dollar_file_keeps_its_workspace_dollar(tmp_path: Path, default: str | None,
                                                  stored: str, said: bool) -> None:
    path = tmp_path / "s.csv"
    path.write_text(CELLS)
    result = parse_statement(path, ParseOptions(currency=default))
    assert set(result.frame["currency"]) == {stored}
    assert any("several currencies" in w and "--currency CAD" in w
               for w in result.warnings) is said
