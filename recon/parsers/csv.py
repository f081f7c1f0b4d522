"""CSV and other delimited text statements, any bank: layout found by ``table``."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..textio import decode, looks_binary, read_bytes
from . import vocabulary
from .base import ParseOptions, ParseResult
from .grid import Block, GridRow
from .lines import line_offset, physical_lines
from .profiles import Profile
from .table import HEADER_SCAN_ROWS, header_score, read_table

DELIMITERS = (",", ";", "\t", "|")
csv.field_size_limit(1 << 24)
#: Rows the csv module reads before the header is chosen: all that the header search looks
#: at. The rest go to ``Block`` (arrow) when they read alike.
HEAD_ROWS = HEADER_SCAN_ROWS


def sniff_delimiter(text: str) -> str:
    """The delimiter under which an early row reads best as a header (the vocabulary as a
    second signal: decimal commas in quoted cells split as many lines as a ``;`` does), then
    the one that splits most lines into the same number of fields, weighted by that number
    (lines x (fields - 1))."""
    sample = text[:200_000]
    lines = [ln for ln in re.split(r"\r\n|\r|\n", sample)[:300] if ln.strip()]
    best, best_key = ",", (-1, -1)
    for d in DELIMITERS:
        try:
            records = list(csv.reader(lines, delimiter=d))
        except csv.Error:
            continue
        common = Counter(len(r) for r in records if len(r) >= 2).most_common(1)
        if not common:
            continue
        width, freq = common[0]
        named = max((header_score(GridRow(r, "0", d))  # type: ignore[arg-type]
                     for r in records[:HEADER_SCAN_ROWS] if len(r) >= 2), default=0)
        key = (named if named >= 2 else 0, freq * (width - 1))
        if key > best_key:
            best, best_key = d, key
    return best


_CELL_SPLIT = re.compile(r"[;,\t|\r\n]+")


def statement_words(text: str) -> int:
    """How many cells of the first lines of ``text`` are header words the vocabulary knows
    (a word matched whole counts 2, word by word 1): the second signal that tells apart
    decodings of one file."""
    score = 0
    for cell in _CELL_SPLIT.split(text[:8000])[:400]:
        cell = cell.strip().strip('"').strip()
        if not cell or len(cell) > 60 or not any(ord(ch) > 127 for ch in cell):
            continue  # ASCII reads alike in every candidate
        ranks = [rank for _, rank in vocabulary.header_roles(cell)]
        if ranks:
            score += 2 if min(ranks) < vocabulary.WORD_RANK else 1
    return score


def read_rows(text: str, path: Path, delimiter: str, limit: int | None = None
              ) -> tuple[list[GridRow], int | None]:
    """Split CSV text into rows; each row knows the line it starts on (1-based).

    Returns:
        The rows (the first ``limit`` of them), and the line after them when rows are left.
    """
    rows: list[GridRow] = []
    reader = csv.reader(physical_lines(text), delimiter=delimiter, skipinitialspace=False)
    start = 1
    try:
        for record in reader:
            if len(rows) == limit:
                return rows, start
            rows.append(GridRow(record, str(start), delimiter))  # type: ignore[arg-type]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"broken CSV: {exc}", path=path, line=start, expected="well-formed CSV quoting"
        ) from exc
    return rows, None


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
        text, encoding = decode(read_bytes(path), path, judge=statement_words)
        delimiter = sniff_delimiter(text)
        head, after = read_rows(text, path, delimiter, HEAD_ROWS)
        if after is None:  # the whole file
            result = read_table(head, path, options, self.name, self.user_profiles)
        else:
            rest = after

            def rows_from(start: int) -> Sequence[GridRow]:
                """Rows from ``start`` on: arrow's read of the text from that row's line
                when it reads as the csv module does, else the csv module's."""
                line = int(head[start].loc) if start < len(head) else rest
                block = Block.read(text[line_offset(text, line):], line, delimiter)
                return block if block is not None else read_rows(text, path, delimiter)[0][start:]

            result = read_table(head, path, options, self.name, self.user_profiles,
                                rows_from=rows_from)
        result.encoding = encoding
        result.notes.insert(0, f"encoding {encoding}, delimiter {delimiter!r}")
        return result
