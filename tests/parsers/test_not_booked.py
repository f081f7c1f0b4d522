"""Rows a statement marks as not booked (a pending word in the date or a status column, in
any language) and dated balance lines are rejected with a reason, never imported; the
columnar reader and the row reader agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.parsers import parse_statement
from recon.parsers.base import ParseOptions, ParseResult
from recon.parsers.csv import CsvParser, read_rows
from recon.parsers.row_reader import RowReader
from recon.parsers.table import read_table


def _parse(tmp_path: Path, text: str, encoding: str = "utf-8") -> ParseResult:
    path = tmp_path / "statement.csv"
    path.write_bytes(text.encode(encoding))
    return CsvParser().parse(path, ParseOptions(currency="EUR"))


@pytest.mark.parametrize("word", ["Reserverat", "offen", "vorgemerkt", "In behandeling",
                                  "en attente", "Pendiente", "in sospeso", "oczekująca",
                                  "Whatever"])
def test_a_date_cell_without_a_digit_is_not_booked(tmp_path: Path, word: str) -> None:
    result = _parse(tmp_path, "Datum;Text;Belopp;Saldo\n"
                              f"{word};Kaffe;-35,00;\n"
                              "2024-06-03;Lön;25000,00;25100,00\n"
                              "2024-06-04;Hyra;-8000,00;17100,00\n")
    assert len(result.frame) == 2
    (rejection,) = result.rejected
    assert not rejection.bad and rejection.location == "2"
    assert word in rejection.reason and "not booked" in rejection.reason


def test_a_status_column_found_by_content_rejects_the_pending_row(tmp_path: Path) -> None:
    # the status column's header is no status word: its values say what it is
    result = _parse(tmp_path, "Date,Description,Amount,Zustand\n"
                              "2024-05-23,Coffee,-4.50,Vorgemerkt\n"
                              "2024-05-22,Rent,-900.00,Gebucht\n"
                              "2024-05-21,Salary,2500.00,Gebucht\n")
    assert len(result.frame) == 2
    assert "status" in result.notes[1]
    (rejection,) = result.rejected
    assert "Vorgemerkt" in rejection.reason and not rejection.bad


def test_a_status_header_in_another_language(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Дата,Описание,Сумма,Статус\n"
                              "02.09.2024,Кафе,-799.00,OK\n"
                              "03.09.2024,Такси,-349.00,FAILED\n"
                              "04.09.2024,Магазин,-100.00,OK\n")
    assert len(result.frame) == 2
    assert "FAILED" in result.rejected[0].reason


@pytest.mark.parametrize("readers", [None, [RowReader()]])
def test_a_dated_balance_line_named_in_another_text_column(readers: object) -> None:
    rows, _ = read_rows("Buchungstag;Kundenreferenz;Verwendungszweck;Betrag\n"
                    "01.01.2024;Anfangssaldo;;1234,56\n"
                    "02.01.2024;REF1;Miete;-800,00\n"
                    "31.01.2024;Endsaldo;;434,56\n", Path("s.csv"), ";")
    result = read_table(rows, Path("s.csv"), ParseOptions(currency="EUR"), "csv",
                        readers=readers)  # type: ignore[arg-type]
    assert result.frame["amount_minor"].tolist() == [-80000]
    assert [r.reason for r in result.rejected] == ["balance line, not a transaction"] * 2


def test_a_status_column_under_a_built_in_profile(tmp_path: Path) -> None:
    # the built-in profile names no status column: the header (and values) find it
    result = _parse(tmp_path, '"Date","Status","Type","CheckNumber","Description","Withdrawal",'
                              '"Deposit","RunningBalance"\n'
                              '"05/28/2024","Pending","ATM","","CAFE","$18.20","",""\n'
                              '"05/23/2024","Posted","ACH","","RENT","$212.40","","$1,787.60"\n'
                              '"05/22/2024","Posted","ACH","","PAY","","$2,000.00","$2,000.00"\n')
    assert result.parser == "schwab"
    assert result.frame["amount_minor"].tolist() == [-21240, 200000]
    assert "Pending" in result.rejected[0].reason


def test_a_status_header_in_a_language_the_roles_do_not_list(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Datum,Text,Betrag,Buchungsstatus\n"
                              "2024-05-23,Kaffee,-4.50,Gebucht\n"
                              "2024-05-22,Miete,-900.00,Gebucht\n")
    assert "status=Buchungsstatus" in result.notes[1] and len(result.frame) == 2


def test_a_hold_where_the_postings_reference_will_be_is_not_booked(tmp_path: Path) -> None:
    """A card authorisation not yet posted carries a word (HOLD) where a posted row has its
    reference: the row is rejected as not booked, with its line; the posted rows import."""
    path = tmp_path / "vypiska.csv"
    path.write_text("Номер счета;Валюта;Дата операции;Референс проводки;Описание операции;"
                    "Приход;Расход;\n"
                    "40817810304860012345;RUB;30.05.24;HOLD;YANDEX.EDA;0;890;\n"
                    "40817810304860012345;RUB;25.05.24;C022505240003456;Комиссия;0;99;\n"
                    "40817810304860012345;RUB;02.05.24;C011205240001234;Зарплата;95000;0;\n",
                    encoding="utf-8")
    result = parse_statement(path, ParseOptions())
    assert result.frame["amount_minor"].tolist() == [-9900, 9500000]
    (rejected,) = result.rejected
    assert rejected.location == "2" and "not booked" in rejected.reason
