"""CSV and other delimited text statements, any bank: layout found by ``table``."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from ..errors import InputError
from ..textio import decode, looks_binary, read_bytes
from .base import ParseOptions, ParseResult
from .profiles import Profile
from .table import GridRow, read_table

DELIMITERS = (",", ";", "\t", "|")
csv.field_size_limit(1 << 24)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most lines into the same number (>= 3) of fields."""
    sample = text[:200_000]
    lines = [ln for ln in re.split(r"\r\n|\r|\n", sample)[:300] if ln.strip()]
    best, best_score = ",", -1
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        common = Counter(c for c in counts if c >= 2).most_common(1)
        if not common:
            continue
        width, freq = common[0]
        score = freq * 10 + min(width, 10)
        if score > best_score:
            best, best_score = d, score
    return best


def read_rows(text: str, path: Path, delimiter: str) -> list[GridRow]:
    """Split CSV text into rows; each row knows the line it starts on (1-based)."""
    rows: list[GridRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=False)
    start = 1
    try:
        for record in reader:
            rows.append(GridRow(record, str(start), delimiter))  # type: ignore[arg-type]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"broken CSV: {exc}", path=path, line=start, expected="well-formed CSV quoting"
        ) from exc
    return rows


class CsvParser:
    """Delimited text (comma, semicolon, tab, pipe) in any encoding recon detects."""

    name = "csv"
    description = "CSV/TSV statements (any bank; built-in and user profiles, or inferred)"

    def __init__(self, user_profiles: tuple[Profile, ...] = ()) -> None:
        self.user_profiles = user_profiles

    def identify(self, path: Path, head: bytes) -> bool:
        if looks_binary(head) or head.lstrip()[:1] == b"<":
            return False
        if b"OFXHEADER" in head[:512]:
            return False
        text = head.decode("utf-8", errors="ignore")
        return any(d in text for d in DELIMITERS) and path.suffix.lower() not in (".ofx", ".qfx", ".qbo")

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        text, encoding = decode(read_bytes(path), path)
        delimiter = sniff_delimiter(text)
        rows = read_rows(text, path, delimiter)
        result = read_table(rows, path, options, self.name, self.user_profiles)
        result.encoding = encoding
        result.notes.insert(0, f"encoding {encoding}, delimiter {delimiter!r}")
        return result
