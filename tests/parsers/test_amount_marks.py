"""Amount cells that write their currency with a sign or a word (``S/ 1,500.00``,
``1 234,00 Kč``, ``KSh 1,000``, ``Rs. 4,250.00``) are read, and the currency is theirs,
not the workspace's; a word several currencies write (``Rs.``) confirms a default of its
family, else names the first and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement


def _parse(tmp_path: Path, cells: tuple[str, str], default: str = "EUR"):  # type: ignore[no-untyped-def]
    path = tmp_path / "statement.csv"
    path.write_text("Date;Description;Amount\n"
                    f"2024-03-01;SHOP;{cells[0]}\n2024-03-16;SALARY;{cells[1]}\n",
                    encoding="utf-8")
    return parse_statement(path, ParseOptions(currency=default))


@pytest.mark.parametrize(("cells", "minor", "currency"), [
    (("-S/ 45,00", "S/ 1.500,00"), [-4500, 150000], "PEN"),
    (("-1 234,00 Kč", "25 000,00 Kč"), [-123400, 2500000], "CZK"),
    (("-KSh 1,000.00", "KSh 25,000.00"), [-100000, 2500000], "KES"),
    (("-RM 12.30", "RM 4,500.00"), [-1230, 450000], "MYR"),
    (("-R$ 1.234,56", "R$ 5.000,00"), [-123456, 500000], "BRL"),
    (("-1.234,00 TL", "9.000,00 TL"), [-123400, 900000], "TRY"),
    (("-₦1,200.00", "₦150,000.00"), [-120000, 15000000], "NGN"),
])
def test_a_currency_mark_in_the_cells(tmp_path: Path, cells: tuple[str, str], minor: list[int],
                                      currency: str) -> None:
    result = _parse(tmp_path, cells)
    assert result.frame["amount_minor"].tolist() == minor
    assert set(result.frame["currency"]) == {currency}


def test_rupees_confirm_a_default_of_their_family(tmp_path: Path) -> None:
    result = _parse(tmp_path, ("-Rs. 4,250.00", "Rs. 85,000.00"), default="PKR")
    assert result.frame["amount_minor"].tolist() == [-425000, 8500000]
    assert set(result.frame["currency"]) == {"PKR"}
    assert not [w for w in result.warnings if "several currencies" in w]


def test_rupees_without_a_default_of_their_family_are_said(tmp_path: Path) -> None:
    result = _parse(tmp_path, ("-Rs. 4,250.00", "Rs. 85,000.00"), default="EUR")
    assert set(result.frame["currency"]) == {"INR"}
    assert any("several currencies" in w and "--currency PKR" in w for w in result.warnings)


def test_a_word_that_is_no_currency_is_still_no_amount(tmp_path: Path) -> None:
    result = _parse(tmp_path, ("-12.00", "FOOTER 12"))
    assert result.frame["amount_minor"].tolist() == [-1200]
    assert result.rejected and result.rejected[0].bad


def test_a_direction_in_brackets_after_the_figure(tmp_path: Path) -> None:
    # "(D)" after the figure is the debit mark, not a note to drop
    result = _parse(tmp_path, ("12.00 (D)", "2,500.00 (C)"))
    assert result.frame["amount_minor"].tolist() == [-1200, 250000]
