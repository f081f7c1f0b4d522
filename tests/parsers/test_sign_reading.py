"""Each parser says how it read the signs of a file's amounts as data (``SignReading``):
what decided, whether the amounts were turned, and whether it said so as a warning; the
import's sign warning is built from that, not from the warnings' wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement
from recon.parsers.base import SignReading
from recon.pipeline import FileReport
from tests.conftest import ROOT

EUR = ParseOptions(currency="EUR")
DATA = ROOT / "tests" / "data"


def _csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _only(readings: list[SignReading]) -> tuple[bool, str, bool]:
    assert len(readings) == 1
    return readings[0].charges_positive, readings[0].by, readings[0].warned


def test_a_balance_that_needs_turned_signs_decides(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Date,Description,Amount,Balance", "2024-01-02,A,3.50,96.50",
                "2024-01-03,B,20.00,76.50", "2024-01-04,C,-10.00,86.50")
    result = parse_statement(path, EUR)
    assert result.frame["amount_minor"].tolist() == [-350, -2000, 1000]
    assert _only(result.sign_readings) == (True, "balance", False)
    assert result.sign_readings[0].why in result.notes
    assert result.layout.sign == "charges_positive"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("sign", "want"), [
    (None, (False, "guess", True)),
    ("charges-positive", (True, "option", False)),
    ("charges-negative", (False, "option", False)),
])
def test_mostly_positive_amounts(tmp_path: Path, sign: str | None,
                                 want: tuple[bool, str, bool]) -> None:
    path = _csv(tmp_path, "Date,Description,Amount", "2024-01-02,A,3.50", "2024-01-03,B,20.00",
                "2024-01-04,C,7.00", "2024-01-05,D,-1.00")
    result = parse_statement(path, ParseOptions(currency="EUR", sign=sign))
    assert _only(result.sign_readings) == want
    assert not result.sign_readings[0].decided if want[1] == "guess" else True
    if want[2]:
        assert result.sign_readings[0].why in result.warnings


def test_debit_and_credit_columns_sign_each_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Date,Description,Debit,Credit", "2024-01-02,A,3.50,",
                "2024-01-03,B,,20.00")
    assert _only(parse_statement(path, EUR).sign_readings) == (False, "columns", False)


@pytest.mark.parametrize(("name", "by", "warned"), [
    ("ofx/card_charges_positive.ofx", "types", True),  # TRNTYPE DEBIT rows signed positive
    ("qif/card_charges_positive.qif", "payments", True),  # payments its only negative rows
])
def test_a_card_that_prints_charges_positive(name: str, by: str, warned: bool) -> None:
    result = parse_statement(DATA / name, EUR)
    assert _only(result.sign_readings) == (True, by, warned)
    assert result.sign_readings[0].account


def test_the_sign_warning_follows_the_reading_not_its_wording() -> None:
    report = FileReport(path=Path("card.csv"), imported=10, money_in=10)
    assert report.sign_warning() is not None  # every row money in, nothing said: a line
    report.sign_readings = [SignReading(False, "guess", "most amounts are positive", True)]
    assert report.sign_warning() is None  # the parser said it, with the option
    report.sign_readings = [SignReading(False, "printed")]
    report.warnings = ["a warning that happens to mention --sign"]
    assert report.sign_warning() is not None
