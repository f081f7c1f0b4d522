"""``physical_lines`` and ``line_offset`` split text as ``io.StringIO(text, newline="")``
does (the csv module's reading of a file opened with ``newline=""``), without its copy."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from recon.parsers.lines import line_offset, physical_lines

_TEXT = st.lists(st.sampled_from(["a", ",", '"', "\r", "\n", "\r\n", "\u2028", "\x85", "é"]),
                max_size=40).map("".join)


@given(_TEXT)
def test_lines_are_those_stringio_gives(text: str) -> None:
    assert list(physical_lines(text)) == list(io.StringIO(text, newline=""))


@given(_TEXT, st.integers(1, 12))
def test_a_line_starts_where_the_lines_before_it_end(text: str, line: int) -> None:
    before = list(io.StringIO(text, newline=""))[: line - 1]
    assert line_offset(text, line) == sum(map(len, before))
