"""Code pages besides the Windows ones: a Russian export in KOI8-R reads as Russian words,
not as cp1251 mojibake (the amounts alone would not show the difference)."""

from __future__ import annotations

from pathlib import Path

from recon.parsers import ParseOptions, parse_statement

TEXT = ("Дата операции;Описание;Сумма;Остаток\n"
        "02.03.2024;Магазин Пятёрочка;-1 250,00;98 750,00\n"
        "05.03.2024;Зарплата;85 000,00;183 750,00\n"
        "09.03.2024;Связь;-450,00;183 300,00\n")


def test_a_koi8_r_export(tmp_path: Path) -> None:
    path = tmp_path / "vypiska.csv"
    path.write_bytes(TEXT.encode("koi8_r"))
    result = parse_statement(path, ParseOptions(currency="RUB"))
    assert result.frame["description_raw"].tolist() == ["Магазин Пятёрочка", "Зарплата",
                                                        "Связь"]
    assert result.frame["amount_minor"].tolist() == [-125000, 8500000, -45000]
