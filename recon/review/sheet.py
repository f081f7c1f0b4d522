"""Read the user's decisions back from a report saved by Excel or LibreOffice.

Columns are found by their header text, not their position, so a user who moved or added
columns is still read right. Only rows with something in Review are decisions.

The file is checked before openpyxl sees it (``_check_zip``): every XML part's expanded
size is bounded (a zip bomb is refused from the zip's directory, without inflating it), and
a part that declares a DTD or entities is refused. Then the whole sheet is checked before
anything is applied, and every bad cell is named, not only the first: a value that is not
a choice, a formula in a Review, Note, Name or id cell (never applied from its cached
value), a missing id, a Note beyond ``MAX_NOTE`` characters, and contradictory decisions
on one flag or suggestion (the same decision written twice counts once).
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from lxml.etree import LxmlError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError, cause
from ..report import FLAG_CHOICES, SUGGESTION_CHOICES

log = logging.getLogger(__name__)

#: Expanded bytes of one XML part of a report; recon's own reports are far below.
MAX_PART = 100_000_000
#: Expanded bytes of all the parts together.
MAX_TOTAL = 400_000_000
#: Parts in the zip.
MAX_PARTS = 10_000
#: Characters of a Note (the ledger keeps it with the decision).
MAX_NOTE = 2_000
#: Characters of a flag or suggestion id (recon's are far shorter).
MAX_ID = 500
#: Bad cells listed one per line; beyond this many, a count.
MAX_LISTED = 20
_EXPECTED = "the .xlsx report recon wrote"


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


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def _check_zip(path: Path) -> None:
    """Refuse, from the zip's directory and a scan of each XML part, what openpyxl must not
    read: parts that expand beyond the limits, and DTDs/entities (billion laughs, XXE).

    Raises:
        InputError: naming the part and the limit.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            parts = zf.infolist()
            if len(parts) > MAX_PARTS:
                raise InputError(f"the workbook has {len(parts):,} parts, over the limit of "
                                 f"{MAX_PARTS:,}", path=path, expected=_EXPECTED)
            total = 0
            for info in parts:
                if info.file_size > MAX_PART:
                    raise InputError(f"{info.filename} expands to {_mb(info.file_size)}, over "
                                     f"the {_mb(MAX_PART)} limit for one part of a report",
                                     path=path, expected=_EXPECTED)
                total += info.file_size
            if total > MAX_TOTAL:
                raise InputError(f"the workbook expands to {_mb(total)}, over the "
                                 f"{_mb(MAX_TOTAL)} limit for a report", path=path,
                                 expected=_EXPECTED)
            for info in parts:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml(zf, info, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
            NotImplementedError, RuntimeError) as exc:  # damaged, encrypted, odd compression
        raise InputError(f"not an Excel workbook (damaged zip: {exc})", path=path,
                         expected=_EXPECTED) from exc


def _check_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """An XML part with a DTD or an entity declaration, or not in UTF-8, is refused."""
    tail = b""
    with zf.open(info) as fh:
        first = True
        while chunk := fh.read(1 << 20):
            if first and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]):
                raise InputError(f"{info.filename} is not UTF-8 XML", path=path,
                                 expected=_EXPECTED)
            first = False
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise InputError(f"{info.filename} declares a DTD or entities (<!DOCTYPE>), "
                                 "which a report never has: refused unread", path=path,
                                 expected=_EXPECTED)
            tail = chunk[-8:]


def _columns(header: tuple[Any, ...], path: Path, sheet: str,
             needed: tuple[str, ...]) -> dict[str, int]:
    found = {_text(v).casefold(): i for i, v in enumerate(header) if _text(v)}
    missing = [n for n in needed if n.casefold() not in found]
    if missing:
        raise InputError(f"the {sheet} sheet has no {', '.join(repr(m) for m in missing)} "
                         "column", path=path, line=f"{sheet}!1",
                         hint="review the report recon wrote; keep its header row as it is")
    return {name: found[name.casefold()] for name in found}


class _Sheet:
    """The decisions of one sheet, and every problem found in it."""

    def __init__(self, path: Path, sheet: str, problems: list[InputError]) -> None:
        self.path, self.sheet, self.problems = path, sheet, problems

    def problem(self, message: str, cell: str, **more: Any) -> None:
        self.problems.append(InputError(message, path=self.path, line=f"{self.sheet}!{cell}",
                                        **more))

    def value(self, row: tuple[Any, ...], col: int | None, number: int, what: str) -> str:
        """The text of a cell; a formula is a problem (its cached value is never used)."""
        if col is None or col >= len(row):
            return ""
        cell = row[col]
        if getattr(cell, "data_type", None) == "f":
            self.problem(f"the {what} cell holds a formula; recon reads only typed values",
                         f"{get_column_letter(col + 1)}{number}",
                         hint="type the value itself into the cell")
            return ""
        return _text(getattr(cell, "value", None))

    def rows(self, ws: Any, choices: tuple[str, ...], id_header: str,
             name_header: str | None = None) -> list[Decision]:
        rows = ws.iter_rows()
        header = tuple(getattr(c, "value", None) for c in next(rows, ()))
        cols = _columns(header, self.path, self.sheet, ("Review", id_header))
        review, ident = cols["review"], cols[id_header.casefold()]
        note, name = cols.get("note"), cols.get((name_header or "").casefold())
        out = []
        for number, row in enumerate(rows, start=2):
            problems = len(self.problems)
            value = self.value(row, review, number, "Review")
            if not value:
                continue
            cell = f"{get_column_letter(review + 1)}{number}"
            choice = value.casefold()
            if choice not in choices:
                self.problem(f"{value[:60]!r} is not a review choice", cell,
                             expected=f"one of {', '.join(choices)}")
            key = self.value(row, ident, number, id_header)
            id_cell = f"{get_column_letter(ident + 1)}{number}"
            if not key and len(self.problems) == problems:
                self.problem(f"row {number} has no {id_header}", id_cell,
                             hint=f"the hidden {id_header} column links the row to the "
                                  "ledger; do not clear it")
            elif len(key) > MAX_ID:
                self.problem(f"the {id_header} is {len(key):,} characters long; recon's are "
                             "short (was it edited?)", id_cell)
            remark = self.value(row, note, number, "Note") or None
            if remark is not None and len(remark) > MAX_NOTE:
                self.problem(f"the Note is {len(remark):,} characters long, over the limit of "
                             f"{MAX_NOTE:,}", f"{get_column_letter((note or 0) + 1)}{number}",
                             hint="shorten it")
            label = self.value(row, name, number, "Name") or None
            if len(self.problems) == problems:
                out.append(Decision(self.sheet, cell, key, choice, remark, label))
        return out


def _one_per_key(decisions: list[Decision], path: Path,
                 problems: list[InputError]) -> list[Decision]:
    """The decisions with repeats of the same decision dropped; differing decisions on one
    flag or suggestion are problems."""
    first: dict[tuple[str, str], Decision] = {}
    for d in decisions:
        seen = first.setdefault((d.sheet, d.key), d)
        if seen is not d and (seen.choice, seen.note, seen.name) != (d.choice, d.note, d.name):
            problems.append(InputError(
                f"contradicts {seen.cell} on the same {'flag' if d.sheet == 'Flags' else 'suggestion'} "
                f"{d.key[:40]} ({seen.choice!r} vs {d.choice!r})", path=path, line=d.where,
                hint="keep one decision per flag"))
    return list(first.values())


def _combined(problems: list[InputError], path: Path) -> InputError:
    if len(problems) == 1:
        return problems[0]
    first = problems[0]
    listed = [f"{p.line}: {p.message}" + (f" (expected {p.expected})" if p.expected else "")
              for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        listed.append(f"... and {len(problems) - MAX_LISTED:,} more")
    return InputError(f"{len(problems):,} cells of the review cannot be applied; nothing was "
                      "changed",
                      path=path, line=first.line, details=listed)


def lock_file(path: Path) -> Path | None:
    """The lock file Excel (``~$NAME``) or LibreOffice (``.~lock.NAME#``) keeps beside a
    workbook it has open, if there is one."""
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        if (path.parent / name).exists():
            return path.parent / name
    return None


def read_decisions(path: Path) -> list[Decision]:
    """Every filled-in Review cell of the Flags and Suggestions sheets.

    Raises:
        InputError: not a recon report, a part beyond the size limits or with a DTD, or
            bad Review cells (all of them named in one error).
    """
    if not path.is_file():
        raise InputError("no such report", path=path)
    lock = lock_file(path)
    if lock is not None:
        log.warning("%s is open in another program (%s): edits not saved yet are not read",
                    path.name, lock.name)
    _check_zip(path)
    problems: list[InputError] = []
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
        try:
            if "Flags" not in wb.sheetnames:
                raise InputError("no Flags sheet: is this a recon report?", path=path,
                                 expected=_EXPECTED)
            decisions = _Sheet(path, "Flags", problems).rows(wb["Flags"], FLAG_CHOICES,
                                                             "Flag id")
            if "Suggestions" in wb.sheetnames:
                decisions += _Sheet(path, "Suggestions", problems).rows(
                    wb["Suggestions"], SUGGESTION_CHOICES, "Suggestion id", "Name")
        finally:
            wb.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, LxmlError,
            ParseError, zlib.error, EOFError) as exc:
        raise InputError(f"not an Excel workbook: {cause(exc)}", path=path,
                         expected=_EXPECTED) from exc
    decisions = _one_per_key(decisions, path, problems)
    if problems:
        raise _combined(problems, path)
    return decisions
