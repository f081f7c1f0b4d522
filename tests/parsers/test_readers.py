"""The two implementations of ``reading.Reader`` on the same tables: the readers recon
chooses (the columnar reader for plain rows, the row reader for the rest) and the row
reader alone give the same rows and the same rejections (one policy: same reason, same
text, same line), for a CSV body held as arrow columns (``Block``), as rows, and for sheet
rows of typed cells, some hidden."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.parsers.base import ParseOptions, ParseResult
from recon.parsers.bulk import ColumnarReader
from recon.parsers.csv import read_rows
from recon.parsers.grid import Block, Body, GridRow
from recon.parsers.reading import Batch, Reading
from recon.parsers.row_reader import RowReader
from recon.parsers.table import read_table
from tests.parsers.test_bulk import rows as csv_rows

PATH = Path("statement.csv")
OPTIONS = ParseOptions(currency="EUR")
HEADERS = ["Date,Description,Amount,Currency,Status", "Date,Description,Amount,Currency,Balance",
           "Date,Payee,Memo,Amount,Currency"]


def _both(rows: list[GridRow], **kwargs: object) -> tuple[ParseResult | str, ParseResult | str]:
    out: list[ParseResult | str] = []
    for readers in (None, [RowReader()]):
        try:
            out.append(read_table(rows, PATH, OPTIONS, "csv", readers=readers,  # type: ignore[arg-type]
                                  **kwargs))
        except InputError as exc:
            out.append(str(exc))
    return out[0], out[1]


def _agree(chosen: ParseResult | str, alone: ParseResult | str) -> None:
    if isinstance(chosen, str) or isinstance(alone, str):
        assert chosen == alone
        return
    pd.testing.assert_frame_equal(chosen.frame, alone.frame)
    assert chosen.rejected == alone.rejected
    assert chosen.notes == alone.notes
    assert chosen.warnings == alone.warnings


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(header=st.sampled_from(HEADERS), body=csv_rows(), as_block=st.booleans())
def test_csv_tables_read_alike(header: str, body: list[str], as_block: bool) -> None:
    text = header + "\n" + "\n".join(body) + "\n"
    rows, _ = read_rows(text, PATH, ",")
    if as_block:
        block = Block.read(text[len(header) + 1:], 2, ",")
        if block is None:
            return
        chosen, alone = _both(rows[:1], rows_from=lambda start: block)
    else:
        chosen, alone = _both(rows)
    _agree(chosen, alone)


@st.composite
def sheet_rows(draw: st.DrawFn) -> list[GridRow]:
    """A sheet's rows: typed cells (datetimes, floats, ints, text), some rows hidden."""
    out = [GridRow(["Date", "Description", "Amount", "Currency"], "Sheet1!A1")]
    for n in range(draw(st.integers(1, 20))):
        day = dt.datetime(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 400)))
        date = draw(st.sampled_from([day, day.date().isoformat(), "9999-11-11", None, "Total",
                                     dt.datetime(9999, 11, 11), f"{day:%d/%m/%Y}", '=""',
                                     " ", float("nan")]))
        amount = draw(st.sampled_from([-12.5, 0.0, 3, "-4.20", "0.00", "1,234.50", None, "x",
                                       -0.001, 1e3, float("nan"), '=" "']))
        text = draw(st.sampled_from(["SHOP", "", "Opening balance", "Total", None]))
        currency = draw(st.sampled_from(["GBP", "", "JPY", None]))
        out.append(GridRow([date, text, amount, currency], f"Sheet1!A{n + 2}",
                           hidden=draw(st.integers(0, 9)) == 0))
    return out


@SETTINGS
@given(rows=sheet_rows())
def test_sheet_tables_read_alike(rows: list[GridRow]) -> None:
    _agree(*_both(rows))


def test_the_columnar_reader_reads_rejects_and_leaves_rows() -> None:
    rows = [GridRow(["Date", "Description", "Amount", "Currency"], "Sheet1!A1"),
            GridRow([dt.datetime(2024, 1, 2), "SHOP", -1.5, "GBP"], "Sheet1!A2"),
            GridRow([dt.datetime(2024, 1, 3), "HIDDEN", -2.0, "GBP"], "Sheet1!A3", hidden=True),
            GridRow([dt.datetime(2024, 1, 4), "NOTHING", 0.0, "GBP"], "Sheet1!A4"),
            GridRow(["2024-01-05", "SHOP", "1,234.50", "GBP"], "Sheet1!A5"),
            GridRow([dt.datetime(9999, 11, 11), "SHOP", -3.0, "GBP"], "Sheet1!A6")]
    batches: list[Batch] = []

    class Spy(ColumnarReader):
        def read(self, body: Body, at: np.ndarray, reading: Reading) -> Batch:
            batches.append(super().read(body, at, reading))
            return batches[-1]

    result = read_table(rows, PATH, OPTIONS, "xlsx", readers=[Spy(), RowReader()])
    (batch,) = batches
    assert batch.positions.tolist() == [0]
    assert [(p, r.reason) for p, r in batch.rejected] == [
        (1, "hidden row in the sheet"), (2, "zero amount"),
        (4, "placeholder date '9999-11-11 00:00:00'")]
    assert batch.left.tolist() == [3]  # a thousands separator: the row reader's to read
    assert result.frame["amount_minor"].tolist() == [-150, 123450]
    assert [r.location for r in result.rejected] == ["Sheet1!A3", "Sheet1!A4", "Sheet1!A6"]


@pytest.mark.parametrize("as_block", [False, True])
@pytest.mark.parametrize("empty", ['=""', '=" "', " "])
def test_a_continuation_line_with_empty_text_cells_joins_either_way(as_block: bool,
                                                                    empty: str) -> None:
    # ="" is an empty Excel text cell: the columnar reader took the row above a
    # continuation line written so, and the line was ignored instead of joined
    text = (f"Date,Description,Amount\n2024-01-02,SHOP,-1.00\n{empty},MORE TEXT,{empty}\n"
            "2024-01-03,SHOP,-3.00\n")
    rows, _ = read_rows(text, PATH, ",")
    block = Block.read(text[text.index("\n") + 1:], 2, ",") if as_block else None
    chosen, alone = (_both(rows[:1], rows_from=lambda start: block) if block is not None
                     else _both(rows))
    _agree(chosen, alone)
    assert isinstance(chosen, ParseResult)
    assert chosen.frame["description_raw"].tolist() == ["SHOP | MORE TEXT", "SHOP"]
