"""XLSX statements are read by python-calamine; openpyxl is the reference it must agree with.

calamine gives ``12.0`` where openpyxl gives ``12``, ``""`` where it gives None, a date where
it gives a datetime, and nothing of hidden rows or error text. recon turns calamine's rows
into openpyxl's (descriptions and transaction ids must not change with the reader), reads
hidden rows from the sheet XML, and hands a workbook with error cells to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement, sheet_xml, xlsx
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
            cells, wanted = _blanks_as_none(row.cells), _blanks_as_none(want.cells)
            assert (row.loc, row.hidden, cells) == (want.loc, want.hidden, wanted)
            assert [_kind(c) for c in cells] == [_kind(c) for c in wanted], row.loc


def _blanks_as_none(cells: list[object]) -> list[object]:
    """A cell holding the empty string (``<c t="s"><v>20</v></c>`` where shared string 20 is
    ``<si><t/></si>``) is a blank cell: openpyxl gives ``""``, calamine cannot tell it from
    no cell and recon gives None. Both read as blank (``bulk.cell_text``) and the statements
    parse to the same rows (see the htsec corpus workbook)."""
    return [None if c == "" else c for c in cells]


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
    monkeypatch.setattr(sheet_xml, "MAX_EXPANDED", 1 << 20)
    parts = _sample_parts()
    parts["xl/media/padding.bin"] = b"\0" * (2 << 20)  # 2 MB of zeros: a few KB zipped
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_package(parts))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"workbook expands to 2 MB of XML, more than recon "
                                         r"reads \(1 MB\)"):
        parse_statement(path, EUR)


def test_a_zip_bomb_whose_headers_understate_it_is_counted_as_inflated(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_xml, "MAX_EXPANDED", 1 << 20)
    parts = _sample_parts()
    parts["xl/media/padding.bin"] = b"\0" * (2 << 20)
    data = bytearray(_package(parts))
    # claim 100 bytes for the padding, in its local header and its central directory entry
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/media/padding.bin")
    central = bytes(data).rindex(b"PK\x01\x02", 0, bytes(data).rindex(b"xl/media/padding.bin"))
    data[info.header_offset + 22:info.header_offset + 26] = (100).to_bytes(4, "little")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/media/padding.bin").file_size == 100
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"expands to more than 1 MB of XML"):
        parse_statement(path, EUR)


@pytest.mark.parametrize("errors", [False, True], ids=["calamine", "openpyxl"])
def test_a_cell_far_beyond_the_table_is_refused_before_allocation(tmp_path: Path,
                                                                   errors: bool) -> None:
    parts = _sample_parts()
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    cell = b'<c r="XFD1048576" t="e"><v>#N/A</v></c>' if errors else b'<c r="XFD1048576"><v>1</v></c>'
    parts[sheet] = parts[sheet].replace(b"</sheetData>",
                                        b'<row r="1048576">' + cell + b"</row></sheetData>")
    path = tmp_path / "far.xlsx"
    path.write_bytes(_package(parts))
    with pytest.raises(InputError, match=r"spans A1:XFD1048576 \(17,179,869,184 cells\), "
                                         r"more than recon reads \(10,000,000 cells\)"):
        parse_statement(path, EUR)


def test_extent_is_exact_where_the_quick_bound_is_too_loose(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = b"<sheetData>" + b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="AB%d"><v>2</v></c></row>' % (n, n, n)
        for n in range(1, 12001)) + b"</sheetData>"
    assert sheet_xml.extent(rows) == (99_999, 28)  # a bound, within the budget
    monkeypatch.setattr(sheet_xml, "MAX_CELLS", 1000)
    assert sheet_xml.extent(rows) == (12000, 28)
    assert sheet_xml.extent(rows.replace(b'r="AB7"', b'r="XFD1048576"')) == (1048576, 16384)
    # cells without a reference take the place after the previous cell
    assert sheet_xml.extent(b'<row r="3"><c><v>1</v></c><c/><c><v>2</v></c></row>') == (3, 3)
    assert sheet_xml.extent(b'<row><c r="B1"/></row><row><c/></row>') == (2, 2)
    assert [sheet_xml.column_name(n) for n in (1, 26, 27, 702, 703, 16384)] == [
        "A", "Z", "AA", "ZZ", "AAA", "XFD"]


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


def _ssml(rows: str) -> bytes:
    return ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Tx">'
            '<Table><Row><Cell><Data ss:Type="String">Date</Data></Cell><Cell><Data ss:Type='
            '"String">Description</Data></Cell><Cell><Data ss:Type="String">Amount</Data></Cell>'
            f'</Row>{rows}</Table></Worksheet></Workbook>').encode()


def _ss_row(date: str, amount: str = "-9.99", attrs: str = "", index: str = "") -> str:
    return (f'<Row{attrs}><Cell><Data ss:Type="DateTime">{date}</Data></Cell>'
            f'<Cell{index}><Data ss:Type="String">NETFLIX.COM</Data></Cell>'
            f'<Cell><Data ss:Type="Number">{amount}</Data></Cell></Row>')


def test_spreadsheetml_rows_and_cells_are_placed_by_their_index(tmp_path: Path) -> None:
    path = tmp_path / "placed.xls"
    path.write_bytes(_ssml(_ss_row("2026-01-05T00:00:00.000")
                           + _ss_row("2026-02-05", attrs=' ss:Index="7"')))
    sheets = xlsx._spreadsheetml_sheets(path, path.read_bytes())
    assert [r.loc for r in sheets[0][1]] == ["Tx!A1", "Tx!A2", "Tx!A7"]
    result = parse_statement(path, EUR)
    assert result.frame["source_row"].tolist() == ["Tx!A2", "Tx!A7"]
    merged = _ssml('<Row><Cell ss:MergeAcross="1"><Data ss:Type="String">Title</Data></Cell>'
                   '<Cell><Data ss:Type="Number">3</Data></Cell></Row>')
    assert xlsx._spreadsheetml_sheets(path, merged)[0][1][1].cells == ["Title", None, "3"]


@pytest.mark.parametrize("index", ["99999999", "x", "1e3", "-1", "0", "16385"])
def test_a_spreadsheetml_index_out_of_place_is_refused_at_once(tmp_path: Path,
                                                               index: str) -> None:
    path = tmp_path / "index.xls"
    path.write_bytes(_ssml(_ss_row("2026-01-05", index=f' ss:Index="{index}"')))
    with pytest.raises(InputError, match=r"cell ss:Index=.* is not a place after the previous "
                                         r"cell") as err:
        parse_statement(path, EUR)
    assert err.value.line == "Tx!A2"
    assert "from 2 to 16,384" in str(err.value)


def test_spreadsheetml_cells_past_the_sheet_budget_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_xml, "MAX_CELLS", 100)
    path = tmp_path / "wide.xls"
    path.write_bytes(_ssml("".join(_ss_row("2026-01-05", index=' ss:Index="40"')
                                   for _ in range(5))))
    with pytest.raises(InputError, match=r"spans more than recon reads \(100 cells\)"):
        parse_statement(path, EUR)


def test_a_spreadsheetml_date_that_is_no_date_rejects_its_row(tmp_path: Path) -> None:
    path = tmp_path / "dates.xls"
    path.write_bytes(_ssml(_ss_row("2026-01-05") + _ss_row("2024-13-01")
                           + _ss_row("2026-01-07")))
    result = parse_statement(path, EUR)
    assert result.frame["source_row"].tolist() == ["Tx!A2", "Tx!A4"]
    assert [(r.location, r.reason, r.bad) for r in result.rejected] == [
        ("Tx!A3", "could not read '2024-13-01' as a date", True)]


def test_a_table_moved_far_down_is_refused_as_mostly_empty(tmp_path: Path) -> None:
    parts = _sample_parts()
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = re.sub(rb'(<c r="[A-Z]+)\d+"', rb'\g<1>999999"', parts[sheet])
    path = tmp_path / "far-down.xlsx"
    path.write_bytes(_package(parts))
    with pytest.raises(InputError, match=r"spans A1:[A-Z]999999 \([\d,]+ cells\) but holds "
                                         r"\d+: more than 20 places to a cell"):
        parse_statement(path, EUR)


def test_a_bug_in_recons_own_reading_is_not_called_an_unreadable_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(values: object) -> object:
        raise ValueError("a bug of ours")

    monkeypatch.setattr(xlsx, "_openpyxl_rows", broken)
    path = ROOT / "samples" / "amex-2026-08.xlsx"
    with pytest.raises(ValueError, match="a bug of ours"):
        parse_statement(path, EUR)


def test_a_biff_date_no_calendar_holds_stays_a_number() -> None:
    import xlrd

    assert xlsx._xls_date(xlrd, 1e300, 0) == "1e+300"
    assert xlsx._xls_date(xlrd, 1e10, 0) == "10000000000.0"  # past the year 9999
    assert xlsx._xls_date(xlrd, 45000.5, 0) == dt.datetime(2023, 3, 15, 12, 0)


def test_a_spreadsheetml_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entities.xls"
    body = _ssml(_ss_row("2026-01-05")).decode()
    path.write_text(body.replace("<Workbook", '<!DOCTYPE w [<!ENTITY a "aaaa">]><Workbook', 1))
    with pytest.raises(InputError, match="not a readable SpreadsheetML workbook"):
        parse_statement(path, EUR)


@pytest.mark.parametrize("ref", [b"A" + b"1" * 300_000, b"ABCDEFGH1", b"A" + b"9" * 12],
                         ids=["300k digits", "8 letters", "12 digits"])
def test_a_reference_no_sheet_has_is_refused_not_converted(tmp_path: Path, ref: bytes) -> None:
    parts = _sample_parts()
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b"</sheetData>",
                                        b'<row r="' + ref.lstrip(b"ABCDEFGH") + b'" hidden="1">'
                                        b'<c r="' + ref + b'"><v>1</v></c></row></sheetData>')
    path = tmp_path / "far.xlsx"
    path.write_bytes(_package(parts))
    with pytest.raises(InputError, match=r"a cell reference beyond XFD1048576"):
        parse_statement(path, EUR)
    assert sheet_xml.hidden_rows(parts[sheet]) >= {10**9 + 1} or ref == b"ABCDEFGH1"
