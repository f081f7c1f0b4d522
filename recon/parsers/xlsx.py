"""Spreadsheet statements: XLSX (python-calamine), legacy BIFF .xls (xlrd), SpreadsheetML 2003.

Each sheet becomes ``GridRow``s located as ``Sheet!A14``; the sheet whose header the table
engine recognises best is read. Cell values are read, never formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Any

import pandas as pd
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from lxml import etree as lxml_etree

from .. import collector
from ..errors import InputError, cause
from ..textio import read_bytes
from . import sheet_xml
from .base import ParseOptions, ParseResult
from .profiles import Profile
from .table import GridRow, find_profile, header_score, read_table, same_rows

#: Above this size, or this many cells, openpyxl streams the workbook (read-only) and the
#: hidden rows come from the sheet XML: a full load makes an object of every cell (~200 bytes).
FULL_LOAD_MAX = 8 << 20
FULL_LOAD_CELLS = 1_000_000
#: what a damaged package raises as it is read: a bad zip, a bad deflate stream, an unknown
#: compression method or a part marked encrypted (zipfile), a missing part, bad XML
_DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
            KeyError, ValueError, OSError, DefusedXmlException)
#: what openpyxl raises on a damaged part it reads (a shared-string index out of range, XML
#: that lxml cannot parse, a value of the wrong type)
_OPENPYXL_DAMAGED = (IndexError, TypeError, lxml_etree.Error)
_SS_NS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _sheet_rank(rows: list[GridRow], user: tuple[Profile, ...]) -> int:
    if find_profile(rows, user):
        return 1000
    return max((header_score(r) for r in rows[:80]), default=0)


def _xlsx_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    """Every worksheet's rows: values by python-calamine, hidden rows from the sheet XML.

    The package's expanded size and each sheet's span are checked first (calamine and
    openpyxl allocate a cell for every place up to the farthest one). A workbook with an
    error cell is read by openpyxl instead, which keeps the error's text (calamine gives an
    empty cell, and ``#N/A`` in an amount must not read as no amount).
    """
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    # Only the libraries' reading is inside ``try``: an error of recon's own code below is a
    # bug to see, not an unreadable file.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = sheet_xml.sheet_members(archive)
        parts = sheet_xml.read_parts(archive, set(members.values()))
    except sheet_xml.TooLarge as exc:
        raise InputError(str(exc), path=path, hint="split the statement by date range, "
                         "or save it as CSV") from exc
    except (*_DAMAGED, StopIteration, SafeET.ParseError) as exc:
        raise _unreadable(path, exc) from exc
    xml = {name: parts[member] for name, member in members.items()}
    cells = sum(_checked_span(path, name, body) for name, body in xml.items())
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    except CalamineError as exc:
        raise _unreadable(path, exc) from exc
    unchecked = [name for name in names if name not in xml]
    if unchecked:  # a sheet calamine would read whose span was not checked
        raise _unreadable(path, KeyError(f"no part for sheet {unchecked[0]!r}"))
    sheets = []
    for name in names:  # a chart sheet has no cells: only worksheets are named
        with ThreadPoolExecutor(1) as aside:  # calamine reads without the GIL meanwhile
            values = aside.submit(_calamine_values, book, name)
            if sheet_xml.has_error_cells(xml[name]):
                hidden = {name: sheet_xml.hidden_rows(body) for name, body in xml.items()}
                return _openpyxl_sheets(path, data, None if cells <= FULL_LOAD_CELLS else hidden)
            marked = sheet_xml.hidden_rows(xml[name])
            try:
                got = values.result()
            except CalamineError as exc:
                raise _unreadable(path, exc) from exc
        with collector.paused():  # millions of new lists, none with a cycle
            rows = _openpyxl_rows(got)
            numbers = range(1, len(rows) + 1)
            sheets.append((name, list(map(
                GridRow, rows, [f"{name}!A{n}" for n in numbers], repeat(None),
                [n in marked for n in numbers] if marked else repeat(False)))))
    return sheets


def _calamine_values(book: Any, name: str) -> list[list[Any]]:
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)  # type: ignore[no-any-return]


def _checked_span(path: Path, sheet: str, xml: bytes) -> int:
    """The cells a sheet spans from A1; refused above ``sheet_xml.MAX_CELLS``, or above
    ``sheet_xml.SPARSE_SPAN`` when the sheet fills less than ``1/SPARSE_RATIO`` of them."""
    rows, columns = sheet_xml.extent(xml)
    span = rows * columns
    corner = f"A1:{sheet_xml.column_name(columns)}{rows}"
    hint = "delete stray cells far beyond the table, or save it as CSV"
    if rows > sheet_xml.MAX_ROWS or columns > sheet_xml.MAX_COLUMNS:
        raise InputError(f"sheet {sheet!r} has a cell reference beyond XFD1048576, the last "
                         "cell a sheet has", path=path, hint=hint)
    if span > sheet_xml.MAX_CELLS:
        raise InputError(f"sheet {sheet!r} spans {corner} ({span:,} cells), more than recon "
                         f"reads ({sheet_xml.MAX_CELLS:,} cells)", path=path, hint=hint)
    held = xml.count(b'<c r="')  # most cells, as writers put them; all of them if needed
    quick = rows <= sheet_xml.QUICK_ROWS and columns <= sheet_xml.QUICK_COLUMNS
    if not quick and span > max(sheet_xml.SPARSE_SPAN, sheet_xml.SPARSE_RATIO * held):
        held = sheet_xml.cell_count(xml)
        rows, columns = sheet_xml.extent(xml, budget=0)  # the bound was loose: the real span
        span = rows * columns
        corner = f"A1:{sheet_xml.column_name(columns)}{rows}"
        if span > max(sheet_xml.SPARSE_SPAN, sheet_xml.SPARSE_RATIO * held):
            raise InputError(
                f"sheet {sheet!r} spans {corner} ({span:,} cells) but holds {held:,}: more "
                f"than {sheet_xml.SPARSE_RATIO} places to a cell is not a table recon reads",
                path=path, hint=hint)
    return span


def _openpyxl_rows(values: Sequence[list[Any]]) -> list[list[object]]:
    """Calamine's rows as openpyxl reads them, so both readers give a file the same rows (and
    the same transaction ids): an empty cell is None, a whole number an int, a date a
    datetime; trailing empty cells dropped. Converted a column at a time (calamine's rows
    are all as wide as the sheet)."""
    width = max(map(len, values), default=0)
    if any(len(row) != width for row in values):
        values = [row + [""] * (width - len(row)) for row in values]
    columns: list[Sequence[object]] = []
    for column in zip(*values, strict=True):
        if set(map(type, column)) == {str}:
            columns.append([v or None for v in column] if "" in column else column)
        else:
            columns.append(list(map(_openpyxl_value, column)))
    if not columns:
        return [[] for _ in values]
    rows = list(map(list, zip(*columns, strict=True)))
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    return rows


_MIDNIGHT = dt.time()
#: whole numbers below this are written in digits ("12", not "1.2E+1"), which openpyxl
#: reads as ints
_DIGITS = 1e16


def _openpyxl_value(value: object) -> object:
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < _DIGITS:
        return int(value)  # Excel stores 12 as "12", which openpyxl reads as an int
    if type(value) is dt.date:
        return dt.datetime.combine(value, _MIDNIGHT)
    return value


def _unreadable(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"not a readable XLSX workbook: {cause(exc)}",
        path=path,
        expected="an .xlsx file saved by Excel or LibreOffice",
    )


def _openpyxl_sheets(
    path: Path, data: bytes, hidden: dict[str, set[int]] | None = None
) -> list[tuple[str, list[GridRow]]]:
    """Every worksheet's rows by openpyxl; streamed (read-only) when the workbook is large or
    ``hidden`` already gives each sheet's hidden rows."""
    from openpyxl import load_workbook

    read_only = hidden is not None or len(data) > FULL_LOAD_MAX
    sheets = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and similar cosmetic notes
            wb = load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
            for ws in wb.worksheets:
                if read_only:
                    ws.reset_dimensions()  # a <dimension> that claims XFD1048576 is not padded to
                    marked = (hidden or {}).get(ws.title, set())
                else:
                    marked = {i for i, d in ws.row_dimensions.items() if d.hidden}
                sheets.append((ws.title, marked, list(ws.iter_rows(values_only=True))))
        wb.close()
    except (*_DAMAGED, *_OPENPYXL_DAMAGED) as exc:
        raise _unreadable(path, exc) from exc
    return [(title, [_grid_row(title, n, values, marked) for n, values in enumerate(rows, 1)])
            for title, marked, rows in sheets]


def _grid_row(title: str, number: int, values: Sequence[object], hidden: set[int]) -> GridRow:
    cells = list(values)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return GridRow(cells=cells, loc=f"{title}!A{number}", hidden=number in hidden)


def _xls_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    import xlrd

    try:
        # ragged rows: each row as long as its cells, not padded to the widest (a damaged
        # file's one far cell would otherwise pad every row); xlrd's notes not on stdout
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO(), ragged_rows=True)
    except Exception as exc:  # noqa: BLE001 - only xlrd runs here, and on a damaged file it
        # raises anything (XLRDError, struct.error, IndexError, AssertionError, KeyError...)
        raise InputError(
            f"not a readable .xls workbook: {cause(exc)}",
            path=path,
            expected="an Excel 97-2003 workbook",
            hint="save it as .xlsx or .csv",
        ) from exc
    sheets = []
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows):
            cells: list[object] = []
            for c in range(sh.row_len(r)):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(_xls_date(xlrd, cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    v = cell.value
                    cells.append(int(v) if float(v).is_integer() else repr(v))
                else:
                    cells.append(cell.value)
            rows.append(GridRow(cells=cells, loc=f"{sh.name}!A{r + 1}"))
        sheets.append((sh.name, rows))
    return sheets


def _xls_date(xlrd: Any, value: float, datemode: int) -> object:
    """A BIFF date cell as a datetime; a serial no calendar holds stays a number, for the
    table engine to read or reject with the row's location."""
    try:
        return xlrd.xldate.xldate_as_datetime(value, datemode)
    except (xlrd.xldate.XLDateError, ValueError, OverflowError):
        return repr(value)


def _spreadsheetml_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    """Excel 2003 XML: read row by row (each row's elements freed once read), with the
    ``ss:Index`` of rows and cells and ``ss:MergeAcross`` placing cells; every place a
    sheet spans counts against ``sheet_xml.MAX_CELLS`` before it is allocated."""
    sheets: list[tuple[str, list[GridRow]]] = []
    rows: list[GridRow] = []
    name, number, spanned = "Sheet1", 0, 0
    try:
        for event, element in SafeET.iterparse(io.BytesIO(data), ("start", "end"),
                                               forbid_dtd=True):
            if element.tag == f"{_SS_NS}Worksheet":
                if event == "start":
                    name = element.get(f"{_SS_NS}Name", "Sheet1")
                    rows, number, spanned = [], 0, 0
                else:
                    sheets.append((name, rows))
                    element.clear()
            elif element.tag == f"{_SS_NS}Row" and event == "end":
                number = _ss_index(element, number, sheet_xml.MAX_ROWS, path,
                                   f"{name}!A{number + 1}")
                loc = f"{name}!A{number}"
                cells = _ss_cells(element, path, loc)
                spanned += len(cells)
                if spanned > sheet_xml.MAX_CELLS:
                    raise InputError(
                        f"sheet {name!r} spans more than recon reads "
                        f"({sheet_xml.MAX_CELLS:,} cells)", path=path, line=loc,
                        hint="save the statement as CSV, or split it by date range")
                rows.append(GridRow(cells=cells, loc=loc))
                element.clear()
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise InputError(f"not a readable SpreadsheetML workbook: {exc}", path=path) from exc
    return sheets


def _ss_index(element: Any, previous: int, most: int, path: Path, loc: str) -> int:
    """The 1-based place ``ss:Index`` gives a row or cell (else the one after ``previous``).

    Raises:
        InputError: the index is not a whole number after ``previous`` and at most ``most``.
    """
    given = element.get(f"{_SS_NS}Index")
    if given is None:
        place = previous + 1
    else:
        place = int(given) if given.strip().isdigit() and len(given.strip()) <= 9 else 0
        if not previous < place <= most:
            kind = "row" if element.tag.endswith("Row") else "cell"
            raise InputError(
                f"{kind} ss:Index={given[:20]!r} is not a place after the previous {kind}",
                path=path, line=loc, expected=f"a whole number from {previous + 1} to {most:,}")
    return place


def _ss_cells(row: Any, path: Path, loc: str) -> list[object]:
    cells: list[object] = []
    for cell in row.iter(f"{_SS_NS}Cell"):
        place = _ss_index(cell, len(cells), sheet_xml.MAX_COLUMNS, path, loc)
        cells.extend([None] * (place - 1 - len(cells)))
        d = cell.find(f"{_SS_NS}Data")
        text = d.text if d is not None else None
        if d is not None and d.get(f"{_SS_NS}Type") == "DateTime" and text:
            cells.append(_ss_datetime(text))
        else:
            cells.append(text)
        across = cell.get(f"{_SS_NS}MergeAcross", "0").strip()
        if across.isdigit() and across != "0":  # a merged cell covers the places after it
            if len(cells) + int(across[:6]) > sheet_xml.MAX_COLUMNS:
                raise InputError(f"cell ss:MergeAcross={across[:20]!r} reaches beyond column "
                                 f"{sheet_xml.MAX_COLUMNS:,}", path=path, line=loc)
            cells.extend([None] * int(across))
    return cells


def _ss_datetime(text: str) -> object:
    """A ``DateTime`` cell's value; text that is no ISO date is kept as text, for the table
    engine to read or reject with the row's location."""
    try:
        return dt.datetime.fromisoformat(text[:19])
    except ValueError:
        return text


class XlsxParser:
    """Excel workbooks: the sheet with the transactions header is read."""

    name = "xlsx"
    description = "Excel workbooks (.xlsx; also legacy .xls and SpreadsheetML .xls)"

    def __init__(self, user_profiles: tuple[Profile, ...] = ()) -> None:
        self.user_profiles = user_profiles

    def identify(self, path: Path, head: bytes) -> bool:
        if head.startswith(b"PK\x03\x04"):
            return path.suffix.lower() in (".xlsx", ".xlsm") or b"xl/" in head or b"[Content_Types]" in head
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            return True  # OLE2 container: a BIFF .xls
        return b"urn:schemas-microsoft-com:office:spreadsheet" in head

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        data = read_bytes(path)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            sheets = _xls_sheets(path, data)
        elif data.startswith(b"PK"):
            sheets = _xlsx_sheets(path, data)
        else:
            sheets = _spreadsheetml_sheets(path, data)
        if not sheets:
            raise InputError("workbook has no sheets", path=path)
        # Every sheet with a transactions header is read (some apps write one sheet per
        # transaction type); other sheets are named in the notes.
        tables = sheets
        if len(sheets) > 1:
            rank = {name: _sheet_rank(rows, self.user_profiles) for name, rows in sheets}
            ranked = sorted(sheets, key=lambda s: -rank[s[0]])
            tables = [s for s in ranked if rank[s[0]] >= 2] or ranked[:1]
        results: list[ParseResult] = []
        first_error: InputError | None = None
        for name, rows in tables:
            try:
                results.append(
                    read_table(rows, path, options, self.name, self.user_profiles,
                               sheet_note=f"sheet {name!r}")
                )
            except InputError as exc:
                first_error = first_error or exc
        if not results:
            assert first_error is not None
            raise first_error
        merged = results[0]
        for extra in results[1:]:
            if same_rows(extra, merged):  # a sheet repeating another's rows is read once
                merged.notes.append(f"{extra.notes[1] if len(extra.notes) > 1 else 'a sheet'}"
                                    " repeats the rows of another sheet: read once")
                continue
            merged.frame = pd.concat([merged.frame, extra.frame], ignore_index=True)
            merged.rejected.extend(extra.rejected)
            merged.notes.extend(extra.notes)
            merged.warnings.extend(w for w in extra.warnings if w not in merged.warnings)
        skipped = [n for n, _ in sheets if n not in {t[0] for t in tables}]
        if skipped:
            merged.notes.append(f"sheets without transactions: {', '.join(skipped)}")
        return merged
