"""What an XLSX package says beyond its cell values: where each sheet's XML is, which rows
are hidden, whether any cell holds an error; and what reading it would cost (the size it
expands to, the cells a sheet spans), checked before any reader allocates.

python-calamine reads the values (in Rust, ten times faster than openpyxl) but neither row
visibility nor error text (``#N/A`` comes back as an empty cell). These are read here from
the package itself: the small workbook and relationship parts with defusedxml, the sheet
XML with a byte scan that looks only at ``<row>`` tags and ``t="e"`` attributes.
"""

from __future__ import annotations

import copy
import posixpath
import re
import zipfile

from defusedxml import ElementTree as SafeET

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # a namespace prefix, if the writer used one
#: a row's start tag (``<row r="5" hidden="1">``)
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_ERROR_CELL = re.compile(rb"<" + _PREFIX + rb"""c\b[^>]*\bt\s*=\s*["']e["']""")
#: a cell start tag without an ``r`` (its place is the one after the previous cell's); the
#: patterns start with a literal so that the regex engine skips ahead quickly
_UNPLACED_CELL = re.compile(rb"""<c(?=[\s/>])(?![^>]*\sr\s*=)""")
_ODD_CELL_TAG = re.compile(rb"<c[>/\t\n\r]")
_UNPLACED_PREFIXED_CELL = re.compile(rb""":c(?=[\s/>])(?![^>]*\sr\s*=)""")
#: a row or cell reference (``r="5"``, ``r="AB12"``), and one beyond Z or row 99,999
_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]*)(\d+)["']""")
_FAR_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]{2,}\d+|[A-Za-z]?\d{6,})["']""")
#: every row and cell start tag, for counting places when some cell has no reference
_ROW_OR_CELL = re.compile(rb"<" + _PREFIX + rb"(row|c)(?=[\s/>])([^>]*)>")
_TAG_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]*)(\d*)""")
#: The most a workbook may expand to when unzipped: XML is ten to fifty times its cells'
#: text, so this holds sheets of a million rows.
MAX_EXPANDED = 256 << 20
#: The most cells one sheet may span from A1 to its farthest cell (readers allocate a cell
#: for every place in that rectangle, filled or not): a million rows of ten columns.
MAX_CELLS = 10_000_000
#: A sheet spanning more places than this must hold a cell for every ``SPARSE_RATIO`` of
#: them: a table with a stray cell far away would make every reader pad out the gap.
SPARSE_SPAN = 200_000
SPARSE_RATIO = 20
#: A sheet whose references all stay within column Z and row 99,999 (``extent``'s quick
#: bound) is read without counting its cells exactly: padding at most that rectangle is
#: cheap (tens of MB), and the exact count cost as much as reading the sheet.
QUICK_ROWS, QUICK_COLUMNS = 99_999, 26
#: Excel's last row and column (XFD1048576): a place beyond them is no spreadsheet's.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
#: Deflate expands at most 1032:1, so a package smaller than this cannot exceed the limit
#: whatever its headers claim.
_DEFLATE_RATIO = 1032


class TooLarge(ValueError):  # noqa: N818 - the name says what it is
    """A package or sheet beyond what recon reads; the message names the limit."""


def read_parts(archive: zipfile.ZipFile, wanted: set[str]) -> dict[str, bytes]:
    """The ``wanted`` parts of a package, once its expanded size is known to be within
    ``MAX_EXPANDED``.

    The sizes in the zip headers are added first; where they could understate the truth (a
    package big enough to exceed the limit, or compressed other than by deflate) every part
    is inflated and counted, stopping at the limit, so a header that lies cannot hide a
    bomb. The wanted parts are kept from that same pass.

    Raises:
        TooLarge: the package expands beyond ``MAX_EXPANDED``.
        zipfile/zlib errors: a damaged package, or a wanted part missing (KeyError).
    """
    infos = archive.infolist()
    declared = sum(info.file_size for info in infos)
    if declared > MAX_EXPANDED:
        raise TooLarge(_too_big(declared))
    packed = sum(info.compress_size for info in infos)
    deflate_only = all(i.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                       for i in infos)
    if deflate_only and packed * _DEFLATE_RATIO <= MAX_EXPANDED:
        return {name: archive.read(name) for name in wanted}
    total = 0
    kept: dict[str, bytes] = {}
    for info in infos:
        counted = copy.copy(info)
        counted.file_size = MAX_EXPANDED + 1  # read to the real end, not the claimed one
        chunks = []
        with archive.open(counted) as part:
            while chunk := part.read(1 << 20):
                total += len(chunk)
                if total > MAX_EXPANDED:
                    raise TooLarge(_too_big(total, more=True))
                if info.filename in wanted:
                    chunks.append(chunk)
        if info.filename in wanted:
            kept[info.filename] = b"".join(chunks)
    missing = wanted - kept.keys()
    if missing:
        raise KeyError(f"no part {sorted(missing)[0]!r} in the package")
    return kept


def _too_big(size: int, more: bool = False) -> str:
    return (f"workbook expands to {'more than ' if more else ''}{size >> 20} MB of XML, "
            f"more than recon reads ({MAX_EXPANDED >> 20} MB)")


def column_name(number: int) -> str:
    """1 -> ``A``, 27 -> ``AA``, 16384 -> ``XFD``."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_number(letters: bytes) -> int:
    """``AB`` -> 28; a name longer than Excel's three letters is one past its last column."""
    if len(letters) > 3:
        return MAX_COLUMNS + 1
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _row_number(digits: bytes) -> int:
    """``12`` -> 12; a number longer than nine digits is one past a billion (not converted:
    a reference of 300,000 digits is no row number)."""
    return int(digits) if len(digits) <= 9 else 10**9 + 1


def extent(xml: bytes, budget: int | None = None) -> tuple[int, int]:
    """The rows and columns a sheet spans from A1 (its farthest row and column), or bounds
    on them whose product is within ``budget`` cells (default ``MAX_CELLS``; 0: exact).

    Most sheets are settled by one scan for references beyond column Z or row 99,999; a
    larger one reads every reference, and one with cells that have no reference (placed
    after the previous cell) is walked tag by tag.
    """
    if _has_unplaced_cells(xml):
        return _walked_extent(xml)
    rows, columns = QUICK_ROWS, QUICK_COLUMNS
    for far in _FAR_REF.findall(xml):
        letters = far.rstrip(b"0123456789")
        rows = max(rows, _row_number(far[len(letters):]))
        columns = max(columns, _column_number(letters))
    if rows * columns <= (MAX_CELLS if budget is None else budget):
        return rows, columns
    refs = _REF.findall(xml)
    return (max(map(_row_number, {n for _, n in refs}), default=0),
            max(map(_column_number, {c for c, _ in refs}), default=0))


def cell_count(xml: bytes) -> int:
    """The cell tags of a sheet (at least: a count of literal tag starts, prefixed or not)."""
    return sum(xml.count(tag) for tag in (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b"<c\t",
                                          b"<c\n", b"<c\r"))


def _has_unplaced_cells(xml: bytes) -> bool:
    # every cell tag starts with its reference (as writers put it): no search needed
    placed = xml.count(b"<c ") == xml.count(b'<c r="') and not _ODD_CELL_TAG.search(xml)
    if not placed and _UNPLACED_CELL.search(xml):
        return True
    return b":c" in xml and _UNPLACED_PREFIXED_CELL.search(xml) is not None


def _walked_extent(xml: bytes) -> tuple[int, int]:
    row = column = last_row = last_column = 0
    for tag in _ROW_OR_CELL.finditer(xml):
        ref = _TAG_REF.search(tag.group(2))
        if tag.group(1) == b"row":
            row = _row_number(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
        else:
            if ref and ref.group(2):
                row = max(row, _row_number(ref.group(2)))
            column = _column_number(ref.group(1)) if ref and ref.group(1) else column + 1
            last_column = max(last_column, column)
        last_row = max(last_row, row)
    return last_row, last_column


def _xml(archive: zipfile.ZipFile, name: str) -> SafeET.Element:
    return SafeET.fromstring(archive.read(name), forbid_dtd=True)


def _target(base_dir: str, target: str) -> str:
    """A relationship target as a member name: absolute from the package root, else
    relative to the part that names it."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's name and the archive member that holds its XML.

    Raises:
        KeyError: a part the package names is missing.
        defusedxml/ElementTree errors: a part is not XML, or declares a DTD.
    """
    root_rels = _xml(archive, "_rels/.rels")
    workbook = next(
        _target("", rel.get("Target", ""))
        for rel in root_rels.iter(f"{_PKG_NS}Relationship")
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT)
    )
    folder, leaf = posixpath.split(workbook)
    rels = _xml(archive, posixpath.join(folder, "_rels", leaf + ".rels"))
    targets = {rel.get("Id"): _target(folder, rel.get("Target", ""))
               for rel in rels.iter(f"{_PKG_NS}Relationship")}
    members = {}
    for sheet in _xml(archive, workbook).iter():
        if sheet.tag.endswith("}sheet") and sheet.get(f"{_REL_NS}id") in targets:
            members[sheet.get("name", "")] = targets[sheet.get(f"{_REL_NS}id")]
    return members


def hidden_rows(xml: bytes) -> set[int]:
    """The 1-based numbers of the rows a sheet's XML marks hidden."""
    if b"hidden" not in xml:
        return set()
    hidden = set()
    number = 0
    for tag in _ROW_TAG.finditer(xml):
        attributes = tag.group(1)
        given = _ROW_NUMBER.search(attributes)
        number = _row_number(given.group(1)) if given else number + 1  # ``r`` is optional
        if _HIDDEN.search(attributes):
            hidden.add(number)
    return hidden


def has_error_cells(xml: bytes) -> bool:
    """Some cell of the sheet holds an error value (``#N/A``, ``#DIV/0!``)."""
    if b'"e"' not in xml and b"'e'" not in xml:
        return False
    return _ERROR_CELL.search(xml) is not None
