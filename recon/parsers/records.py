"""Record-block text statements: each transaction a block of ``Label: value`` lines
(``Date:``, ``Description:``, ``Amount:``, ``Balance:``), one set of labels repeating. The
blocks become a table whose header is that label set, read by the table engine (the
vocabulary maps the labels; the lines before the first block are its preamble, where an
``Account:`` line names the account)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..textio import decode, looks_binary, read_bytes
from .base import ParseOptions, ParseResult
from .csv import statement_words
from .grid import GridRow
from .profiles import Profile
from .table import read_table

#: ``Label: value``: a label of at most 40 characters that opens with a letter and holds no
#: delimiter, a colon, then spaces (NBSP too) and the value
_LINE = re.compile(r"^[ \t\u00a0]*([^\W\d_][^:;,\t|\r\n]{0,39}?)[ \t\u00a0]*:[ \t\u00a0]*(.*?)\s*$")
#: a record statement has at most this many distinct labels in its records
_MAX_LABELS = 40
#: and at least this many records
_MIN_RECORDS = 2
_SEP = "\x1f"  # what the rows say they were split on (nothing in a record file)


def _labelled(lines: Sequence[str]) -> list[tuple[int, str, str] | None]:
    """Each line as (line number, label, value); None for a line that is not ``Label: value``
    (blank lines left out)."""
    out: list[tuple[int, str, str] | None] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        m = _LINE.match(line) if len(line) <= 10_000 else None
        out.append((n, m.group(1).strip(), m.group(2)) if m else None)
    return out


def _record_labels(items: list[tuple[int, str, str] | None]) -> list[str]:
    """The labels that repeat (as often as the most repeated one, give or take half): the
    columns of the records."""
    counts = Counter(item[1].casefold() for item in items if item is not None)
    if not counts:
        return []
    most = counts.most_common(1)[0][1]
    return [label for label, c in counts.items() if c >= _MIN_RECORDS and 2 * c >= most]


def looks_like_records(text: str) -> bool:
    """Most non-blank lines of the first ones are ``Label: value`` and a set of at least
    two labels repeats in blocks."""
    lines = text[:20_000].splitlines()[:200]
    items = _labelled(lines)
    # a delimited row whose first field ends in a colon ("Card: 1234,2024-01-01,-9.99") is
    # no label line
    labelled = sum(1 for i in items if i is not None
                   and max(lines[i[0] - 1].count(d) for d in ",;\t|") < 2)
    if labelled < 6 or labelled * 10 < len(items) * 7:
        return False
    return len(_record_labels(items)) >= 2


def records_table(text: str) -> list[GridRow]:
    """The preamble lines, the header (the record labels) and one row per record.

    Raises:
        ValueError: no repeating set of labels, or more labels than a statement has.
    """
    items = _labelled(text.splitlines())
    labels = _record_labels(items)
    if len(labels) < 2:
        raise ValueError("no set of labels that repeats per transaction")
    if len(labels) > _MAX_LABELS:
        raise ValueError(f"{len(labels)} labels repeat, more than a statement's {_MAX_LABELS}")
    wanted = set(labels)
    first = next(k for k, item in enumerate(items) if item is not None and item[1].casefold()
                 in wanted)
    preamble = [GridRow([f"{item[1]}:", item[2]], str(item[0]), _SEP)
                for item in items[:first] if item is not None]
    columns = list(dict.fromkeys(item[1].casefold() for item in items[first:]
                                 if item is not None and item[1].casefold() in wanted))
    records: list[tuple[str, dict[str, str]]] = []
    current: dict[str, str] = {}
    for item in items[first:]:
        if item is None:
            continue  # a line of text that is no label: not a value of the records
        n, label, value = item
        key = label.casefold()
        if key not in wanted:
            continue  # a label written once (a footer's "Closing balance:"): no column
        if not current or key in current:
            current = {}
            records.append((str(n), current))
        current[key] = value
    names = {item[1].casefold(): item[1] for item in items if item is not None}
    header = GridRow([names[c] for c in columns], records[0][0], _SEP)
    rows = [GridRow([values.get(c, "") for c in columns], loc, _SEP) for loc, values in records]
    return [*preamble, header, *rows]


class RecordsParser:
    """Text statements written as blocks of ``Label: value`` lines, one per transaction."""

    name = "records"
    description = "text statements of Label: value records (Date:, Amount:, ...)"

    def __init__(self, user_profiles: tuple[Profile, ...] = ()) -> None:
        self.user_profiles = user_profiles

    def identify(self, path: Path, head: bytes) -> bool:
        if looks_binary(head) or head.lstrip()[:1] == b"<" or b"OFXHEADER" in head[:512]:
            return False
        return looks_like_records(head.decode("cp1252", errors="replace"))

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        text, encoding = decode(read_bytes(path), path, judge=statement_words)
        try:
            rows = records_table(text)
        except ValueError as exc:
            raise InputError(f"not a record statement: {exc}", path=path,
                             expected="blocks of Label: value lines, one per transaction"
                             ) from None
        result = read_table(rows, path, options, self.name, self.user_profiles)
        result.encoding = encoding
        result.notes.insert(0, f"encoding {encoding}; blocks of Label: value lines read as "
                               "a table")
        return result
