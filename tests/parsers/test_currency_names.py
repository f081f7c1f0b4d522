"""A currency named in words by the first word of its name (``Guaraníes``, ``Tenge``),
where no other currency's name starts with it; a family's word (``Pesos``) names none."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement
from recon.parsers.vocabulary import currency_names, header_fold


@pytest.mark.parametrize(("word", "code"), [
    ("Guaraníes", "PYG"), ("Tenge", "KZT"), ("Dram", "AMD"), ("Lek", "ALL"), ("Rand", "ZAR"),
    ("Quetzales", "GTQ")])
def test_the_first_word_of_one_currencys_name_names_it(word: str, code: str) -> None:
    assert currency_names().get(header_fold(word)) == code


@pytest.mark.parametrize("word", ["Pesos", "Dólares", "Dinar", "Franc", "Lira", "Manat"])
def test_a_word_several_currencies_start_with_names_none(word: str) -> None:
    assert currency_names().get(header_fold(word)) is None


def test_a_currency_label_with_the_name_in_words_gives_the_files_currency(
        tmp_path: Path) -> None:
    path = tmp_path / "extracto.csv"
    path.write_text("Extracto de cuenta;;;\nMoneda;Guaraníes;;\n;;;\n"
                    "Fecha;Descripción;Débito;Crédito\n"
                    "02/08/2024;SUPERMERCADO;85.000;\n05/08/2024;SUELDO;;4.500.000\n",
                    encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="USD"))
    assert set(result.frame["currency"]) == {"PYG"}
    assert result.frame["amount_minor"].tolist() == [-85000, 4500000]
