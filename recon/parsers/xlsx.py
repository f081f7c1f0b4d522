"""Spreadsheet statements: XLSX (python-calamine), legacy BIFF .xls (xlrd), SpreadsheetML 2003.

Each sheet becomes ``GridRow``s located as ``Sheet!A14``; the sheet whose header the table
engine recognises best is read. Cell values are read, never formulas.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Any

import pandas as pd
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..errors import InputError, cause
from ..textio import read_bytes
from . import sheet_xml
from .base import ParseOptions, ParseResult
from .profiles import Profile
from .table import GridRow, find_profile, header_score, read_table, same_rows

#: Above this size openpyxl streams the workbook (read-only), which cannot see hidden rows.
FULL_LOAD_MAX = 8 << 20
#: The most a workbook may expand to when unzipped (a zip bomb is refused before reading).
MAX_EXPANDED = 4 << 30
#: what a damaged package raises as it is read: a bad zip, a bad deflate stream, an unknown
#: compression method or a part marked encrypted (zipfile), a missing part, bad XML
_DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
            KeyError, ValueError, OSError, DefusedXmlException)
_SS_NS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _sheet_rank(rows: list[GridRow], user: tuple[Profile, ...]) -> int:
    if find_profile(rows, user):
        return 1000
    return max((header_score(r) for r in rows[:80]), default=0)


def _xlsx_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    """Every worksheet's rows: values by python-calamine, hidden rows from the sheet XML.

    A workbook with an error cell is read by openpyxl instead, which keeps the error's text
    (calamine gives an empty cell, and ``#N/A`` in an amount must not read as no amount).
    """
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        expanded = sum(info.file_size for info in archive.infolist())
        if expanded > MAX_EXPANDED:
            raise InputError(
                f"workbook expands to {expanded >> 20} MB, larger than recon reads "
                f"({MAX_EXPANDED >> 20} MB)", path=path, hint="split the statement by date range")
        members = sheet_xml.sheet_members(archive)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # a chart sheet has no cells
            with ThreadPoolExecutor(1) as aside:  # calamine reads without the GIL meanwhile
                values = aside.submit(
                    lambda name: book.get_sheet_by_name(name).to_python(skip_empty_area=False),
                    meta.name)
                xml = archive.read(members[meta.name])
                if sheet_xml.has_error_cells(xml):
                    return _openpyxl_sheets(path, data)
                hidden = sheet_xml.hidden_rows(xml)
                with _collector_paused():
                    rows = _openpyxl_rows(values.result())
                    numbers = range(1, len(rows) + 1)
                    sheets.append((meta.name, list(map(
                        GridRow, rows, [f"{meta.name}!A{n}" for n in numbers], repeat(None),
                        [n in hidden for n in numbers] if hidden else repeat(False)))))
    except (*_DAMAGED, StopIteration, CalamineError, SafeET.ParseError) as exc:
        raise _unreadable(path, exc) from exc
    return sheets


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a sheet's cells become rows: millions of new
    lists (which hold no cycles) would otherwise set off full collections, a third of the
    time of a large sheet."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def _openpyxl_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    from openpyxl import load_workbook

    read_only = len(data) > FULL_LOAD_MAX
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and similar cosmetic notes
            wb = load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    except _DAMAGED as exc:
        raise _unreadable(path, exc) from exc
    sheets = []
    for ws in wb.worksheets:
        rows = []
        hidden = set()
        if not read_only:
            hidden = {i for i, d in ws.row_dimensions.items() if d.hidden}
        for r_idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = list(values)
            while cells and cells[-1] in (None, ""):
                cells.pop()
            rows.append(GridRow(cells=cells, loc=f"{ws.title}!A{r_idx}", hidden=r_idx in hidden))
        sheets.append((ws.title, rows))
    wb.close()
    return sheets


def _xls_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as exc:  # xlrd raises bare XLRDError / struct errors on damaged files
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
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    v = cell.value
                    cells.append(int(v) if float(v).is_integer() else repr(v))
                else:
                    cells.append(cell.value)
            rows.append(GridRow(cells=cells, loc=f"{sh.name}!A{r + 1}"))
        sheets.append((sh.name, rows))
    return sheets


def _spreadsheetml_sheets(path: Path, data: bytes) -> list[tuple[str, list[GridRow]]]:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise InputError(f"not a readable SpreadsheetML workbook: {exc}", path=path) from exc
    sheets = []
    for ws in root.iter(f"{_SS_NS}Worksheet"):
        name = ws.get(f"{_SS_NS}Name", "Sheet1")
        rows = []
        for r_idx, row in enumerate(ws.iter(f"{_SS_NS}Row"), start=1):
            cells: list[object] = []
            for cell in row.iter(f"{_SS_NS}Cell"):
                idx = cell.get(f"{_SS_NS}Index")
                if idx:
                    cells.extend([None] * (int(idx) - 1 - len(cells)))
                d = cell.find(f"{_SS_NS}Data")
                text = d.text if d is not None else None
                if d is not None and d.get(f"{_SS_NS}Type") == "DateTime" and text:
                    cells.append(dt.datetime.fromisoformat(text[:19]))
                else:
                    cells.append(text)
            rows.append(GridRow(cells=cells, loc=f"{name}!A{r_idx}"))
        sheets.append((name, rows))
    return sheets


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
