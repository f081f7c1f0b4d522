"""What the lines above a table name, in more shapes and languages: the own account (labels
such as RIB, Račun, Číslo účtu; IBANs inside a title; an IBAN of its country's length whose
check digits are wrong) and the currency named in words (Soles, Rs., zł, Kč, ...); never a
holder's name, a date or an amount as the account."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement

USD = ParseOptions(currency="USD")
BODY = "\nDate;Description;Amount\n01.03.2024;SHOP;-85,40\n16.03.2024;SALARY;4210,55\n" \
       "21.03.2024;POWER;-189,23\n"


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
    ("A/C No.:;1234567890\n", "1234567890"),
    ("Acc. No.;1234567890\n", "1234567890"),
    ("Numéro de carte : 4970 **** **** 1234\n", "1234"),
    ("Kontonummer 1234.56.78901\n", "1234.56.78901"),
    ("Account Number     :;_00000012345678901\nCIF No.            :;_12345678901\n",
     "00000012345678901"),
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
    "Account balance:;12345\nAvailable balance on account;45678\n",
    "Account name:;Household 2024\nAccount opening date:;20240301\n",
])
def test_no_name_date_or_amount_is_an_account(tmp_path: Path, preamble: str) -> None:
    result = _parse(tmp_path, preamble + BODY)
    assert set(result.frame["account"]) == {""}  # none in the file: named by the file later


@pytest.mark.parametrize(("preamble", "currency"), [
    ("Cuenta:;193-12345678-0-12\nMoneda:;Soles\n", "PEN"),
    ("Account Statement for Account No. 1234567890 (INR)\n", "INR"),
    ("Měna:;Kč\n", "CZK"),
    ("Waluta:;zł\n", "PLN"),
    ("Currency:;Ksh\n", "KES"),
    ("Valuta:;lei\n", "RON"),
    ("Currency:;RM\n", "MYR"),
    ("Moeda:;Reais\n", "BRL"),
    ("Pénznem:;Ft\n", "HUF"),
    # a currency's name in any language (CLDR)
    ("Currency:;Kenyan Shilling\n", "KES"),
    ("Devise :;Dirham marocain\n", "MAD"),
    ("Währung:;Indische Rupie\n", "INR"),
    ("Currency:;Hong Kong Dollars\n", "HKD"),
    ("Moneda:;Pesos argentinos\n", "ARS"),
])
def test_a_currency_named_in_words_above_the_table(tmp_path: Path, preamble: str,
                                                   currency: str) -> None:
    result = _parse(tmp_path, preamble + BODY)
    assert set(result.frame["currency"]) == {currency}
    assert result.currency_fallback is None


def test_a_currency_word_of_several_currencies_confirms_a_default_of_its_family(
        tmp_path: Path) -> None:
    result = _parse(tmp_path, "Currency:;Rs.\n" + BODY, options=ParseOptions(currency="PKR"))
    assert set(result.frame["currency"]) == {"PKR"}
    assert not result.warnings


def test_a_currency_word_of_several_currencies_is_said(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Currency:;Rs.\n" + BODY, options=ParseOptions(currency="EUR"))
    assert set(result.frame["currency"]) == {"INR"}
    (line,) = result.warnings
    assert "'rs'" in line and "--currency PKR" in line


def test_a_dollar_sign_still_keeps_a_default_of_its_family(tmp_path: Path) -> None:
    text = "\nDate,Description,Amount\n2024-03-01,SHOP,-$85.40\n2024-03-06,PAY,$4210.55\n"
    result = _parse(tmp_path, text, options=ParseOptions(currency="CAD"))
    assert set(result.frame["currency"]) == {"CAD"}


def test_a_header_currency_word(tmp_path: Path) -> None:
    text = ("Fecha;Descripción;Monto (Soles)\n01/03/2024;TIENDA;-85,40\n"
            "06/03/2024;SUELDO;4210,55\n")
    result = _parse(tmp_path, text)
    assert set(result.frame["currency"]) == {"PEN"}


def test_a_header_names_its_currency_by_name(tmp_path: Path) -> None:
    text = ("Date;Description;Amount (Swiss Francs)\n01.03.2024;SHOP;-85,40\n"
            "16.03.2024;SALARY;4210,55\n")
    result = _parse(tmp_path, text)
    assert set(result.frame["currency"]) == {"CHF"}
