"""Read the user's decisions back from a report saved by Excel or LibreOffice.

Columns are found by their header text, not their position, so a user who moved or added
columns is still read right. Only rows with something in Review are decisions; a value that
is not one of the choices is an error naming the cell.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError, cause
from ..report import FLAG_CHOICES, SUGGESTION_CHOICES


@dataclass(frozen=True)
class Decision:
    """One filled-in Review cell."""

    sheet: str
    cell: str  # the Review cell, e.g. "M5"
    key: str  # flag id or suggestion id
    choice: str
    note: str | None
    name: str | None = None  # the Name cell of a suggestion (the user may have edited it)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}"


def _text(value: Any) -> str:
    return "" if value is None else re.sub(r"\s+", " ", str(value)).strip()


def _columns(header: tuple[Any, ...], path: Path, sheet: str,
             needed: tuple[str, ...]) -> dict[str, int]:
    found = {_text(v).casefold(): i for i, v in enumerate(header) if _text(v)}
    missing = [n for n in needed if n.casefold() not in found]
    if missing:
        raise InputError(f"the {sheet} sheet has no {', '.join(repr(m) for m in missing)} "
                         "column", path=path, line=f"{sheet}!1",
                         hint="review the report recon wrote; keep its header row as it is")
    return {name: found[name.casefold()] for name in found}


def _rows(ws: Any, path: Path, sheet: str, choices: tuple[str, ...], id_header: str,
          name_header: str | None = None) -> list[Decision]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, ())
    cols = _columns(tuple(header), path, sheet, ("Review", id_header))
    review, ident = cols["review"], cols[id_header.casefold()]
    note, name = cols.get("note"), cols.get((name_header or "").casefold())
    out = []
    for number, row in enumerate(rows, start=2):
        value = _text(row[review]) if review < len(row) else ""
        if not value:
            continue
        cell = f"{get_column_letter(review + 1)}{number}"
        choice = value.casefold()
        if choice not in choices:
            raise InputError(f"{value!r} is not a review choice", path=path,
                             line=f"{sheet}!{cell}", expected=f"one of {', '.join(choices)}")
        key = _text(row[ident]) if ident < len(row) else ""
        if not key:
            raise InputError(f"row {number} has no {id_header}", path=path,
                             line=f"{sheet}!{get_column_letter(ident + 1)}{number}",
                             hint=f"the hidden {id_header} column links the row to the ledger; "
                                  "do not clear it")
        out.append(Decision(
            sheet, cell, key, choice,
            _text(row[note]) or None if note is not None and note < len(row) else None,
            _text(row[name]) or None if name is not None and name < len(row) else None))
    return out


def read_decisions(path: Path) -> list[Decision]:
    """Every filled-in Review cell of the Flags and Suggestions sheets.

    Raises:
        InputError: not a recon report, or a Review value that is not a choice.
    """
    if not path.is_file():
        raise InputError("no such report", path=path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not an Excel workbook: {cause(exc)}", path=path,
                         expected="the .xlsx report recon wrote") from exc
    try:
        if "Flags" not in wb.sheetnames:
            raise InputError("no Flags sheet: is this a recon report?", path=path,
                             expected="the .xlsx report recon wrote")
        decisions = _rows(wb["Flags"], path, "Flags", FLAG_CHOICES, "Flag id")
        if "Suggestions" in wb.sheetnames:
            decisions += _rows(wb["Suggestions"], path, "Suggestions", SUGGESTION_CHOICES,
                               "Suggestion id", "Name")
    finally:
        wb.close()
    return decisions
