"""Physical lines of a text as ``io.StringIO(text, newline="")`` gives them, without the copy.

A million-row statement is 50 MB of text; ``StringIO`` copies all of it to read the first
rows. ``physical_lines`` finds each line where it is, one at a time, so reading the first
rows (or counting to a line) costs what those rows take.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: a line and its ending (``\r\n``, ``\r`` or ``\n``), or a last line without one
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def physical_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")``
    yields them (a lone ``\\r`` ends a line too)."""
    return (m.group() for m in _LINE.finditer(text))


def line_offset(text: str, line: int) -> int:
    """Where line ``line`` (1-based) starts in ``text``; the end of the text when it has
    fewer lines."""
    if line <= 1:
        return 0
    for n, m in enumerate(_LINE.finditer(text), start=2):
        if n == line:
            return m.end()
    return len(text)
