"""The CSV delimiter: the one under which a row reads as a header wins over the one that
merely splits most lines alike (decimal commas in quoted cells split lines too)."""

from __future__ import annotations

from pathlib import Path

from recon.parsers.base import ParseOptions
from recon.parsers.csv import CsvParser, sniff_delimiter

SEMICOLON = (
    '"Umsätze Girokonto";"Zeitraum: 30 Tage"\n'
    '"Neuer Kontostand";"1.234,56 EUR"\n'
    '"Alter Kontostand";"2.034,56 EUR"\n'
    '\n'
    '"Buchungstag";"Wertstellung (Valuta)";"Vorgang";"Buchungstext";"Umsatz in EUR";\n'
    '"01.07.2024";"01.07.2024";"Lastschrift";"Miete Juli";"-800,00";\n'
    '"02.07.2024";"02.07.2024";"Lastschrift";"Strom";"-45,10";\n'
    '"03.07.2024";"03.07.2024";"Gutschrift";"Erstattung";"12,50";\n'
    '"04.07.2024";"04.07.2024";"Lastschrift";"Bäcker";"-3,20";\n'
)


def test_the_header_decides_over_decimal_commas() -> None:
    assert sniff_delimiter(SEMICOLON) == ";"


def test_without_a_header_the_widest_consistent_split() -> None:
    text = "2024-01-01;Coffee;-3,50;100,00\n2024-01-02;Tea;-2,00;98,00\n" \
           "2024-01-03;Cake;-4,00;94,00\n"
    assert sniff_delimiter(text) == ";"
    assert sniff_delimiter(text.replace(";", "\t")) == "\t"
    assert sniff_delimiter("a,b,c\n1,2,3\n4,5,6\n") == ","


def test_the_file_imports_with_the_header_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "umsaetze.csv"
    path.write_text(SEMICOLON, encoding="utf-8")
    result = CsvParser().parse(path, ParseOptions(currency="EUR"))
    assert result.frame["amount_minor"].tolist() == [-80000, -4510, 1250, -320]
