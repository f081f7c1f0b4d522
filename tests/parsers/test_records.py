"""Record-block text statements (``Label: value`` lines repeating per transaction): read
as a table by the table engine, golden; hostile variants refused in one line, bounded."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from recon.errors import InputError
from recon.parsers import ParseOptions, identify, parse_statement, parsers
from recon.parsers.records import looks_like_records, records_table
from tests.conftest import ROOT
from tests.golden import compare, render

DATA = ROOT / "tests" / "data" / "records"
BLOCK = "Date: {d:02d}/06/2024\nDescription: SHOP {d}\nAmount: -{d}.50\nBalance: {b}.00\n\n"


def test_golden(update_golden: bool) -> None:
    path = DATA / "statement.txt"
    assert identify(path).name == "records"
    result = parse_statement(path, ParseOptions(currency="EUR"))
    compare(render(result), path.with_name(path.name + ".expected.csv"), update_golden)
    assert set(result.frame["account"]) == {"1234"}  # the Account: line, a masked card
    assert any("balance column" in n for n in result.notes)  # cross-checked


def test_records_without_blank_lines_and_a_footer(tmp_path: Path) -> None:
    text = "".join(BLOCK.format(d=d, b=1000 - d).replace("\n\n", "\n") for d in range(1, 6))
    path = tmp_path / "s.txt"
    path.write_text(text + "Closing balance: 985.00\n")
    result = parse_statement(path, ParseOptions(currency="GBP"))
    assert result.frame["amount_minor"].tolist() == [-150, -250, -350, -450, -550]


@pytest.mark.parametrize("text", [
    "Date,Description,Amount\n2024-01-01,Time: 10:00,-1.00\n2024-01-02,x,-2.00\n",
    "Subject: hello\nFrom: a@b.c\n\nDear customer,\nyour statement is attached.\n",
    "Date: 01/06/2024\nAmount: 1.00\n",  # one record is no table of records
    "".join(f"Card: 1234,2024-01-{d:02d},SHOP,-{d}.00\nPayment: x,2024-01-{d:02d},P,{d}.00\n"
            for d in range(1, 9)),  # delimited rows whose first field ends in a colon
])
def test_other_text_is_not_records(text: str) -> None:
    assert not looks_like_records(text)


def test_only_the_records_parser_claims_a_record_file() -> None:
    path = DATA / "statement.txt"
    head = path.read_bytes()[:4096]
    claims = [p.name for p in parsers() if p.identify(path, head)]
    assert claims[0] == "records"


def _refused(tmp_path: Path, text: str) -> InputError:
    path = tmp_path / "hostile.txt"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        parse_statement(path, ParseOptions(currency="GBP"), fmt="records")
    assert str(info.value).startswith("hostile.txt")  # one line naming the file (+ a hint)
    return info.value


def test_hostile_many_labels(tmp_path: Path) -> None:
    text = "".join(f"Label{n}: 1\nLabel{n}: 2\n" for n in range(5000))
    assert "labels" in str(_refused(tmp_path, text))


def test_hostile_no_date_label(tmp_path: Path) -> None:
    text = "".join(f"Shop: S{n}\nAmount: -{n}.00\n\n" for n in range(1, 6))
    _refused(tmp_path, text)


def test_hostile_long_lines_and_many_records_are_bounded(tmp_path: Path) -> None:
    long = "Date: 01/06/2024\nDescription: " + "x" * 2_000_000 + "\nAmount: -1.00\n\n"
    path = tmp_path / "long.txt"
    path.write_text(long * 3 + "".join(BLOCK.format(d=1 + n % 28, b=n) for n in range(20_000)))
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = parse_statement(path, ParseOptions(currency="GBP"), fmt="records")
        rows = len(result.frame) + len(result.rejected)
    except InputError as exc:
        rows = 0
        assert str(exc).startswith("long.txt")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.perf_counter() - start < 30
    assert peak < 400 << 20
    assert rows in (0, 20_003, 20_000)


def test_records_table_is_a_header_and_rows() -> None:
    rows = records_table("Account: 1234\n\n" + BLOCK.format(d=1, b=10) + BLOCK.format(d=2, b=8))
    assert [r.cells for r in rows] == [
        ["Account:", "1234"], ["Date", "Description", "Amount", "Balance"],
        ["01/06/2024", "SHOP 1", "-1.50", "10.00"], ["02/06/2024", "SHOP 2", "-2.50", "8.00"]]
