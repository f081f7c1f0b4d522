"""A header written on two lines (``Amount`` over ``Debit`` | ``Credit``, from merged cells)
is read as one: each column takes the lower line's word. A balance line under the rows
(``Closing Balance``) is rejected as such, never joined to the last row's description."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from recon.parsers import ParseOptions, parse_statement


def _sheet(tmp_path: Path, rows: list[tuple[object, ...]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    ws.merge_cells("C3:D3")
    path = tmp_path / "statement.xlsx"
    wb.save(path)
    return path


def test_a_two_row_header_over_debit_and_credit(tmp_path: Path) -> None:
    path = _sheet(tmp_path, [
        ("Account No : 0312012345670018", None, "Currency : OMR", None, None),
        (None, None, None, None, None),
        ("Date", "Description", "Amount", None, "Balance"),
        (None, None, "Debit", "Credit", None),
        ("30/05/2024", "SMS CHARGES", "0.500", None, "315.720"),
        ("24/05/2024", "TRANSFER", "1,050.500", None, "316.220"),
        ("06/05/2024", "SALARY", None, "1,250.000", "1,366.720"),
        ("02/05/2024", "POS HYPERMARKET", "18.400", None, "116.720"),
        (None, "Closing Balance", None, None, "315.720"),
    ])
    result = parse_statement(path, ParseOptions(currency="USD"))
    assert result.frame["amount_minor"].tolist() == [-500, -1050500, 1250000, -18400]
    assert set(result.frame["currency"]) == {"OMR"}
    assert result.frame["description_raw"].iloc[-1] == "POS HYPERMARKET"
    (rejection,) = result.rejected
    assert "balance line" in rejection.reason and not rejection.bad


def test_a_csv_two_row_header(tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    path.write_text("Date,Details,Amount,,Balance\n"
                    ",,Withdrawals,Deposits,\n"
                    "2024-05-01,Rent,900.00,,100.00\n"
                    "2024-05-02,Pay,,1500.00,1600.00\n"
                    "2024-05-03,Shop,25.50,,1574.50\n", encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="USD"))
    assert result.frame["amount_minor"].tolist() == [-90000, 150000, -2550]


def test_a_first_data_row_is_no_second_header(tmp_path: Path) -> None:
    path = tmp_path / "statement.csv"
    path.write_text("Date,Description,Amount\n"
                    "2024-05-01,Rent,-900.00\n"
                    "2024-05-02,Pay,1500.00\n", encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="USD"))
    assert result.frame["amount_minor"].tolist() == [-90000, 150000]
