"""A posting date is preferred to a transaction date whatever the export calls it (Date
Processed, Settlement Date, Settled Date), unless it is blank on most rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import ParseOptions, parse_statement


def _dates(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "card.csv"
    path.write_text(text, encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="AUD"))
    return [str(d)[:10] for d in result.frame["posted_date"]]


@pytest.mark.parametrize("posting", ["Date Processed", "Processed Date", "Settlement Date",
                                     "Settled Date", "Processing Date"])
def test_the_posting_date_beats_the_transaction_date(tmp_path: Path, posting: str) -> None:
    text = (f"Date,{posting},Description,Amount\n"
            "28/03/2024,29/03/2024,SHOP,-1412.80\n"
            "15/03/2024,17/03/2024,TAXI,-18.50\n")
    assert _dates(tmp_path, text) == ["2024-03-29", "2024-03-17"]


def test_a_settlement_date_blank_on_most_rows_gives_way(tmp_path: Path) -> None:
    text = ("Run Date,Settlement Date,Description,Amount ($)\n"
            "03/28/2024,,DIVIDEND,12.80\n"
            "03/15/2024,03/18/2024,BUY,-18.50\n"
            "03/14/2024,,INTEREST,0.50\n"
            "03/13/2024,,DEPOSIT,100.00\n")
    assert _dates(tmp_path, text) == ["2024-03-28", "2024-03-15", "2024-03-14", "2024-03-13"]


@pytest.mark.parametrize(("other", "posting"), [
    ("Datum", "Bokföringsdatum"), ("Dato", "Bokført dato"), ("Data", "Data księgowania"),
    ("Datum", "Boekdatum"), ("Data operazione", "Data contabile"), ("Fecha", "Fecha contable"),
    ("Tapahtumapäivä", "Kirjauspäivä"), ("Datum provedení", "Datum zaúčtování"),
    ("Дата операции", "Дата проводки"), ("Tarih", "Muhasebe Tarihi"), ("利用日", "計上日"),
])
def test_the_posting_date_wins_in_any_language(tmp_path: Path, other: str,
                                                posting: str) -> None:
    text = (f"{other},{posting},Text,Amount\n"
            "28/03/2024,29/03/2024,SHOP,-1412.80\n"
            "15/03/2024,17/03/2024,TAXI,-18.50\n")
    assert _dates(tmp_path, text) == ["2024-03-29", "2024-03-17"]
    flipped = (f"{posting},{other},Text,Amount\n"
               "29/03/2024,28/03/2024,SHOP,-1412.80\n"
               "17/03/2024,15/03/2024,TAXI,-18.50\n")
    assert _dates(tmp_path, flipped) == ["2024-03-29", "2024-03-17"]


@pytest.mark.parametrize("posting", ["Дата отражения по счету", "Дата списания",
                                     "Дата відображення"])
def test_a_posting_date_in_russian_or_ukrainian_beats_the_operation_date(
        tmp_path: Path, posting: str) -> None:
    text = (f"Дата операции;{posting};Описание;Сумма\n"
            "28.03.2024;29.03.2024;SHOP;-1412,80\n"
            "15.03.2024;17.03.2024;TAXI;-18,50\n")
    assert _dates(tmp_path, text) == ["2024-03-29", "2024-03-17"]


@pytest.mark.parametrize(("other", "posting"), [
    ("Date", "Date entered"), ("Fecha de transacción", "Fecha de registro")])
def test_an_entered_or_registered_date_is_the_posting_date(
        tmp_path: Path, other: str, posting: str) -> None:
    text = (f"{other},{posting},Description,Amount\n"
            "28/03/2024,29/03/2024,SHOP,-1412.80\n"
            "15/03/2024,17/03/2024,TAXI,-18.50\n")
    assert _dates(tmp_path, text) == ["2024-03-29", "2024-03-17"]
