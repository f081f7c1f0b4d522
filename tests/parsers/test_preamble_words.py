"""What the lines above a table name, in more shapes and languages: the own account (labels
such as RIB, Račun, Číslo účtu; IBANs inside a title; an IBAN of its country's length whose
check digits are wrong) and the currency named in words (Soles, Rs., zł, Kč, ...); never a
holder's name, a date or an amount as the account."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement

USD = ParseOptions(currency="USD")
BODY = "\nDate;Description;Amount\n01.03.2024;SHOP;-85,40\n06.03.2024;SALARY;4210,55\n" \
       "11.03.2024;POWER;-189,23\n"


def _parse(tmp_path: Path, text: str, encoding: str = "utf-8",
           options: ParseOptions = USD):  # type: ignore[no-untyped-def]
    path = tmp_path / "statement.csv"
    path.write_bytes(text.encode(encoding))
    return parse_statement(path, options)


@pytest.mark.parametrize(("preamble", "account"), [
    ("Relevé de compte\nRIB : 230 780 1234567890123456 12;;Devise : MAD\n",
     "230780123456789012345612"),
    ("Izvod prometa po računu\nRačun:;160-0000012345678-90\n", "160-0000012345678-90"),
    ("Výpis z účtu\nČíslo účtu:;19-2000145399/0800\n", "19-2000145399/0800"),
    ("Kontoauszug Privatkonto CH12 0070 0110 0012 3456 7 / CHF\n", "CH1200700110001234567"),
    # an IBAN of its country's length, its check digits wrong (an anonymised export)
    ("Statement\nCH12 0070 0110 0012 3456 7\n", "CH1200700110001234567"),
    ("Номер счета:;40817 810 0 9999 1234567\n", "40817810099991234567"),
])
def test_the_preamble_account_in_more_languages(tmp_path: Path, preamble: str,
                                                account: str) -> None:
    result = _parse(tmp_path, preamble + BODY)
    assert set(result.frame["account"]) == {account}


@pytest.mark.parametrize("preamble", [
    "Account holder:;JOHN SMITH\nStatement date:;01.04.2024\n",
    "Account opened:;01.03.2024\nAccount balance:;1 234,56\n",
    "Račun vlasnik:;PETAR PETROVIĆ\n",
    "Konto:;Max Mustermann\nKontostand:;3 218,45 EUR\n",
])
def test_no_name_date_or_amount_is_an_account(tmp_path: Path, preamble: str) -> None:
    result = _parse(tmp_path, preamble + BODY)
    assert set(result.frame["account"]) == {""}  # none in the file: named by the file later
