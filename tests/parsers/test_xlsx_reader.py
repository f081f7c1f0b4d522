"""XLSX statements are read by python-calamine; openpyxl is the reference it must agree with.

calamine gives ``12.0`` where openpyxl gives ``12``, ``""`` where it gives None, a date where
it gives a datetime, and nothing of hidden rows or error text. recon turns calamine's rows
into openpyxl's (descriptions and transaction ids must not change with the reader), reads
hidden rows from the sheet XML, and hands a workbook with error cells to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement, xlsx
from recon.parsers.table import GridRow
from tests.conftest import CORPUS, ROOT
from tests.parsers.test_bulk import outcome, readers_agree, same

EUR = ParseOptions(currency="EUR")


def workbooks() -> list[Path]:
    found = sorted((ROOT / "tests" / "data").rglob("*.xlsx")) + sorted(ROOT.glob("samples/*.xlsx"))
    if CORPUS.exists():
        found += sorted(CORPUS.rglob("*.xlsx"))
    return found


def assert_same_rows(path: Path, data: bytes) -> None:
    ours = xlsx._xlsx_sheets(path, data)
    reference = xlsx._openpyxl_sheets(path, data)
    assert [name for name, _ in ours] == [name for name, _ in reference]
    for (name, rows), (_, expected) in zip(ours, reference, strict=True):
        rows, expected = _to_last_cell(rows), _to_last_cell(expected)
        assert len(rows) == len(expected), name
        for row, want in zip(rows, expected, strict=True):
            assert (row.loc, row.hidden, row.cells) == (want.loc, want.hidden, want.cells)
            assert [_kind(c) for c in row.cells] == [_kind(c) for c in want.cells], row.loc


def _to_last_cell(rows: list[GridRow]) -> list[GridRow]:
    """The rows up to the last with a cell (openpyxl also gives empty rows after it, even a
    hidden one: an empty row is no transaction, hidden or not)."""
    while rows and not rows[-1].cells:
        rows = rows[:-1]
    return rows


def _kind(value: object) -> type:
    """The type of a cell, a whole number's either way: openpyxl reads ``<v>1.0</v>`` (as
    some non-Excel writers save 1) as the float 1.0, calamine's number does not say, and
    recon reads it as 1, the number the sheet shows."""
    if type(value) is float and value.is_integer() and abs(value) < 1e16:
        return int
    return type(value)


@pytest.mark.parametrize("path", workbooks(), ids=lambda p: p.name)
def test_every_workbook_gives_openpyxls_rows(path: Path) -> None:
    assert_same_rows(path, path.read_bytes())


def _write(rows: list[list[object]], hidden: set[int] = frozenset(), offset: str = "A1") -> bytes:  # type: ignore[assignment]
    wb = Workbook()
    ws = wb.active
    ws.title = "Umsätze"
    start_row, start_col = int(offset[1:]), ord(offset[0]) - 64
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                ws.cell(start_row + r, start_col + c, value)
    for number in hidden:
        ws.row_dimensions[number].hidden = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


cell = st.one_of(
    st.none(), st.just(""),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),  # as Excel allows
    st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.1, -49.99, 12.0, 1e20, 1e-05, 123456789012345.0, -0.0]),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
    st.times().map(lambda t: t.replace(microsecond=0)), st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(cell, max_size=6), min_size=1, max_size=12),
       hidden=st.sets(st.integers(1, 16), max_size=3),
       offset=st.sampled_from(["A1", "C3", "B1"]))
def test_any_cells_read_as_openpyxl_reads_them(rows: list[list[object]], hidden: set[int],
                                               offset: str) -> None:
    assert_same_rows(Path("generated.xlsx"), _write(rows, hidden, offset))


def test_hidden_rows_are_refused_however_large_the_file(tmp_path: Path) -> None:
    # openpyxl streams a workbook over 8 MB and cannot see hidden rows; the XML scan can
    rows = [["Date", "Description", "Amount"]] + [
        [dt.date(2026, 3, 1 + i % 28), f"SHOP {i}", -1.5 - i] for i in range(10)]
    path = tmp_path / "hidden.xlsx"
    path.write_bytes(_write(rows, hidden={3, 7}))
    result = parse_statement(path, EUR)
    assert len(result.frame) == 8
    refused = [(r.location, r.reason) for r in result.rejected]
    assert refused == [("Umsätze!A3", "hidden row in the sheet"),
                       ("Umsätze!A7", "hidden row in the sheet")]


def test_hidden_rows_without_row_numbers_are_counted() -> None:
    from recon.parsers import sheet_xml

    xml = (b'<worksheet><sheetData><x:row><c/></x:row><row hidden="1"/><row r="9" '
           b"hidden='true'/><row/><row r='12' hidden=\"0\"/></sheetData></worksheet>")
    assert sheet_xml.hidden_rows(xml) == {2, 9}


def test_error_cells_keep_their_text(tmp_path: Path) -> None:
    rows = [["Date", "Description", "Amount"], [dt.date(2026, 3, 2), "SHOP", -4.5],
            [dt.date(2026, 3, 3), "BAD", "=NA()"]]
    data = _write(rows)
    # give the formula a cached error value, as Excel saves it
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as rewritten:
        for info in archive.infolist():
            body = archive.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"<f>NA()</f><v></v>", b"<f>NA()</f><v>#N/A</v>")
                body = body.replace(b'<c r="C3">', b'<c r="C3" t="e">')
            rewritten.writestr(info, body)
    path = tmp_path / "errors.xlsx"
    path.write_bytes(out.getvalue())
    sheets = xlsx._xlsx_sheets(path, out.getvalue())
    assert sheets[0][1][2].cells[2] == "#N/A"
    assert_same_rows(path, out.getvalue())


@pytest.mark.parametrize("path", [p for p in workbooks() if "samples" in p.parts],
                         ids=lambda p: p.name)
def test_typed_cells_read_the_same_in_bulk(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, taken = outcome(path, monkeypatch, with_bulk=True)
    slow, _ = outcome(path, monkeypatch, with_bulk=False)
    assert not isinstance(fast, str) and not isinstance(slow, str)
    same(fast, slow)
    assert taken > 0  # the sheet's dates and numbers went through the bulk reader


def _package(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _sample_parts() -> dict[str, bytes]:
    archive = zipfile.ZipFile(ROOT / "samples" / "amex-2026-08.xlsx")
    return {name: archive.read(name) for name in archive.namelist()}


def test_a_workbook_declaring_entities_is_refused(tmp_path: Path) -> None:
    parts = _sample_parts()
    parts["xl/workbook.xml"] = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                                + parts["xl/workbook.xml"].replace(b'name="Statement"',
                                                                    b'name="&b;"'))
    path = tmp_path / "entities.xlsx"
    path.write_bytes(_package(parts))
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        parse_statement(path, EUR)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_EXPANDED", 1 << 20)
    parts = _sample_parts()
    parts["xl/media/padding.bin"] = b"\0" * (2 << 20)  # 2 MB of zeros: a few KB zipped
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_package(parts))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"workbook expands to 2 MB, larger than recon reads"):
        parse_statement(path, EUR)


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    data = (ROOT / "samples" / "amex-2026-08.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        parse_statement(path, EUR)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=4)),
                     min_size=1, max_size=4),
       method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_damaged_workbooks_raise_only_input_errors(tmp_path: Path, cuts: list[tuple[int, bytes]],
                                                   method: int) -> None:
    # stored parts put the damage in the XML itself, deflated ones in the compressed stream
    data = bytearray(_package(_sample_parts(), method))
    for at, junk in cuts:
        at %= len(data)
        data[at:at + len(junk)] = junk
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    try:
        parse_statement(path, EUR)
    except InputError:
        pass


@st.composite
def typed_rows(draw: st.DrawFn) -> list[list[object]]:
    """Rows of a Date/Description/Amount/Currency sheet as a spreadsheet holds them: dates
    and numbers typed, mixed with text and every odd kind."""
    out: list[list[object]] = [["Date", "Description", "Amount", "Currency"]]
    for _ in range(draw(st.integers(1, 20))):
        day = draw(st.dates(dt.date(1950, 1, 1), dt.date(2069, 12, 31)))
        date = draw(st.sampled_from([
            day, dt.datetime.combine(day, dt.time(13, 45)), day.isoformat(),
            day.strftime("%d/%m/%Y"), "", None, "pending", dt.time(9, 30), 45231]))
        amount = draw(st.one_of(
            st.integers(-5000, 5000), st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 2)),
            st.sampled_from([0, 0.0, -49.99, 12.5, 1e-05, 1e20, "-7.50", "1,234.56", "", None,
                             True, "#REF"])))
        text = draw(st.sampled_from(["NETFLIX.COM", "Opening balance", " Café ", 12345, 1.5,
                                     None, "=SUM(A1)", "/"]))
        currency = draw(st.sampled_from(["GBP", "", None, "XYZ", "JPY", 3]))
        out.append([date, text, amount, currency])
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=typed_rows(), hidden=st.sets(st.integers(2, 21), max_size=2))
def test_typed_sheets_read_the_same_in_bulk(tmp_path_factory: pytest.TempPathFactory,
                                            monkeypatch: pytest.MonkeyPatch,
                                            rows: list[list[object]], hidden: set[int]) -> None:
    path = tmp_path_factory.mktemp("typed") / "statement.xlsx"
    path.write_bytes(_write(rows, hidden))
    readers_agree(path, monkeypatch)
