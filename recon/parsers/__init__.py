"""Statement parsers: a registry that identifies each file by its content."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..textio import read_head
from .base import ParseOptions, Parser, ParseResult, Rejection
from .camt import CamtParser
from .csv import CsvParser
from .mt940 import Mt940Parser
from .ofx import OfxParser
from .profiles import BUILTIN, Profile
from .qif import QifParser
from .records import RecordsParser
from .xlsx import XlsxParser

__all__ = [
    "BUILTIN", "ParseOptions", "ParseResult", "Parser", "Profile", "Rejection",
    "parse_statement", "parsers", "identify",
]

def _unsupported(head: bytes) -> str | None:
    """Why recon refuses a format it recognises but does not read, or None."""
    if head.startswith(b"%PDF"):
        return "PDF statements cannot be read"
    return None


def parsers(user_profiles: tuple[Profile, ...] = ()) -> list[Parser]:
    """The registry, in the order identification tries them: the formats that announce
    themselves (a header, tags, a namespace) before the tables that are read by content."""
    return [OfxParser(), CamtParser(), Mt940Parser(), QifParser(), XlsxParser(user_profiles),
            RecordsParser(user_profiles), CsvParser(user_profiles)]


def identify(path: Path, user_profiles: tuple[Profile, ...] = (), fmt: str | None = None) -> Parser:
    """The one parser for ``path``: forced by ``fmt``, or the first whose ``identify`` says yes.

    Raises:
        InputError: unknown ``fmt``, a format recon does not read, or no parser claims it.
    """
    registry = parsers(user_profiles)
    names = ", ".join(p.name for p in registry)
    if fmt:
        for p in registry:
            if p.name == fmt:
                return p
        raise InputError(f"unknown format {fmt!r}", expected=f"one of: {names}")
    head = read_head(path)
    if not head.strip():
        raise InputError("file is empty", path=path, expected="a statement with transactions")
    reason = _unsupported(head.lstrip(b"\xef\xbb\xbf \r\n\t"))
    if reason:
        raise InputError(reason, path=path, line=1, expected=f"one of: {names}",
                         hint="export the statement as OFX, CAMT.053, MT940, QIF, CSV or XLSX")
    for p in registry:
        if p.identify(path, head):
            return p
    raise InputError(
        "not a statement format recon reads",
        path=path,
        expected=f"one of: {names}",
        hint="force a format with --format if the file is one of these",
    )


def parse_statement(
    path: Path,
    options: ParseOptions | None = None,
    user_profiles: tuple[Profile, ...] = (),
    fmt: str | None = None,
) -> ParseResult:
    """Identify and parse one statement file into canonical rows (no merchant key, no id)."""
    options = options or ParseOptions()
    parser = identify(path, user_profiles, fmt)
    with _no_cycle_collection():
        return parser.parse(path, options)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Parsing makes millions of small containers (a list per row) and frees none of them
    in cycles; Python's cyclic collector would rescan them all again and again as they
    accumulate, so reading grew faster than the file. Reference counting still frees."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
