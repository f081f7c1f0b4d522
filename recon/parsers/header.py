"""Find the table: the header row (scored by the header vocabulary) or the profile (a user's
or a built-in one) whose header or first line the rows have."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from ..dates import looks_like_date
from ..errors import InputError
from . import vocabulary
from .base import ParseOptions
from .cells import cell_text
from .grid import GridRow
from .preamble import HEADER_WIDTH
from .profiles import BUILTIN, Profile, by_name

HEADER_SCAN_ROWS = 80


def norm_header(cell: object) -> str:
    """Header cell text folded for lookup: ``" Bedrag (EUR) "`` -> ``"bedrag (eur)"``."""
    return vocabulary.fold(cell)


@functools.lru_cache(maxsize=4096, typed=True)  # the header search sees cells again
def header_keys(cell: object) -> tuple[str, ...]:
    """The forms of a header cell a profile's column name is looked up in: as written, and
    without a unit suffix."""
    h = norm_header(cell)
    # a unit suffix runs from the first bracket to a closing one at the end (found by index:
    # the regex it replaces was quadratic in a cell of 50,000 brackets)
    opens = [i for i in map(h.find, "(（[") if i >= 0]
    bare = h[:min(opens)].strip() if opens and h.endswith((")", "）", "]")) else h
    return (h, bare) if bare != h else (h,)


def header_score(row: GridRow) -> int:
    """How many cells of ``row`` are known header names; 0 for a row holding a date or an
    amount (data, not a header). Names matched word by word count half, and only beside one
    matched whole."""
    whole = by_word = 0
    for c in row.cells[:200]:
        if type(c) is not str:
            if c is not None and c == c and cell_text(c):
                return 0  # a sheet's number or date
            continue
        text = c.strip()
        if not text:
            continue
        roles = vocabulary.header_roles(text)
        if roles:
            if min(rank for _, rank in roles) < vocabulary.WORD_RANK:
                whole += 1
            else:
                by_word += 1
        elif len(text) <= 40 and (looks_like_date(text) or _is_number(text)):
            return 0
    return whole + by_word // 2 if whole else 0


_NUMBER = re.compile(r"^[-+(]?[$€£¥]?\s?\d[\d,.' ]*\)?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text)) and any(ch.isdigit() for ch in text)


def _row_keys(row: GridRow) -> set[str]:
    keys: set[str] = set()
    for c in row.cells[:HEADER_WIDTH]:
        keys.update(header_keys(c))
    return keys


def find_profile(
    rows: Sequence[GridRow], user: tuple[Profile, ...] = ()
) -> tuple[Profile, int | None] | None:
    """The first profile (user profiles first) whose header or first line fits ``rows``."""
    row_keys: list[set[str]] = []
    for profile in (*user, *BUILTIN):
        if profile.headerless:
            first = next((r for r in rows if any(cell_text(c) for c in r.cells)), None)
            if first is not None and profile.first_line and re.search(
                profile.first_line, first.text or ",".join(map(cell_text, first.cells))
            ):
                return profile, None
            continue
        want = {norm_header(h) for h in profile.headers}
        if not row_keys:
            row_keys = [_row_keys(row) for row in rows[:HEADER_SCAN_ROWS]]
        for i, keys in enumerate(row_keys):
            if want <= keys:
                return profile, i
    return None


def choose(
    rows: Sequence[GridRow], path: Path, options: ParseOptions, user: tuple[Profile, ...]
) -> tuple[Profile | None, int | None]:
    """The profile the file is read with (None: inferred) and its header row's position
    (None: headerless): ``--profile``, else a profile whose header the rows have, else the
    row with the most header words (at least two).

    Raises:
        InputError: an unknown ``--profile``, or a file without that profile's header.
    """

    if options.profile:
        profile = by_name(options.profile, user)
        if profile is None:
            names = ", ".join(p.name for p in (*user, *BUILTIN))
            raise InputError(
                f"unknown profile {options.profile!r}", expected=f"one of: {names}"
            )
        if profile.headerless:
            return profile, None
        found = find_profile(rows, (profile,))
        if found is None or found[0] is not profile:
            raise InputError(
                f"file does not have the header of profile {profile.name!r}",
                path=path,
                expected="a header row with: " + ", ".join(profile.headers),
            )
        return found
    found = find_profile(rows, user)
    if found is not None:
        return found
    scores = [(header_score(r), -i) for i, r in enumerate(rows[:HEADER_SCAN_ROWS])]
    if scores:
        best, neg_i = max(scores)
        if best >= 2:
            return None, -neg_i
    return None, None


def is_repeated_header(row: GridRow, header: GridRow | None) -> bool:
    """``row`` repeats the header (a page break in a long export)."""
    if header is None:
        return False
    a = [norm_header(c) for c in row.cells if cell_text(c)]
    b = [norm_header(c) for c in header.cells if cell_text(c)]
    return bool(a) and a == b[: len(a)]
