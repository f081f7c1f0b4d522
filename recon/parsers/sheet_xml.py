"""What an XLSX package says beyond its cell values: where each sheet's XML is, which rows
are hidden, whether any cell holds an error.

python-calamine reads the values (in Rust, ten times faster than openpyxl) but neither row
visibility nor error text (``#N/A`` comes back as an empty cell). These are read here from
the package itself: the small workbook and relationship parts with defusedxml, the sheet
XML with a byte scan that looks only at ``<row>`` tags and ``t="e"`` attributes.
"""

from __future__ import annotations

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
        number = int(given.group(1)) if given else number + 1  # ``r`` is optional
        if _HIDDEN.search(attributes):
            hidden.add(number)
    return hidden


def has_error_cells(xml: bytes) -> bool:
    """Some cell of the sheet holds an error value (``#N/A``, ``#DIV/0!``)."""
    if b'"e"' not in xml and b"'e'" not in xml:
        return False
    return _ERROR_CELL.search(xml) is not None
