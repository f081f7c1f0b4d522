"""A statement's account number is shown masked to its last four digits, whatever
separators it is written with (``1234 5678-901`` -> ``****8901``, not ``****-901``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement
from recon.parsers.rows import mask_account

OFX = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>CAD
<BANKACCTFROM><BANKID>000100012<ACCTID>{acctid}<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240501<DTEND>20240531
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240502<TRNAMT>-45.10<FITID>1<NAME>GROCER</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240515<TRNAMT>2000.00<FITID>2<NAME>PAYROLL</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""


@pytest.mark.parametrize(("written", "shown"), [
    ("1234 5678-901", "****8901"), ("123456789", "****6789"),
    ("DE89370400440532013000", "****3000"), ("12-34", "12-34"),
])
def test_the_last_four_digits_are_shown(written: str, shown: str) -> None:
    assert mask_account(written) == shown


def test_an_ofx_account_with_a_space_and_a_dash(tmp_path: Path) -> None:
    path = tmp_path / "bmo.ofx"
    path.write_text(OFX.format(acctid="1234 5678-901"), encoding="ascii")
    result = parse_statement(path, ParseOptions(currency="USD"))
    assert set(result.frame["account"]) == {"****8901"}
    assert result.frame["amount_minor"].tolist() == [-4510, 200000]


@pytest.mark.parametrize("header", ["Картка", "Карта", "Numer rachunku/karty"])
def test_a_card_column_named_in_ukrainian_russian_or_polish_is_the_account(
        tmp_path: Path, header: str) -> None:
    path = tmp_path / "cards.csv"
    path.write_text(f"Дата;{header};Опис;Сума\n"
                    "01.05.2024;5168 **** **** 1234;Shop;-10,00\n"
                    "02.05.2024;5168 **** **** 1234;Cafe;-4,50\n"
                    "03.05.2024;4149 **** **** 8834;Fuel;-30,00\n", encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="UAH"))
    assert result.frame["account"].tolist() == ["1234", "1234", "8834"]
