"""Cells as the table readers see them: a cell's text, a column of cells as arrow strings,
and a row's description joined from its payee and description cells."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from operator import itemgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: a cell that only fills space (``/``, ``-------``): no text
FILLER = re.compile(r"^[-/_*.=\s]+$")


def cell_text(cell: object) -> str:
    """A cell as the row reader reads it: stripped text; a sheet's datetime in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell != cell:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    text = str(cell).strip()
    if text.startswith('="') and text.endswith('"') and len(text) > 2:
        return text[2:-1].strip()  # an Excel text cell: ="0012"
    return text


def texts(cells: Sequence[object]) -> pa.Array:
    """A column of cells as an arrow string array: text as it is (a missing cell null), any
    other value (a sheet's number or date) as ``cell_text`` reads it."""
    try:
        return pa.array(cells, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    kinds = set(map(type, cells))
    if kinds <= {int, float} and all(c == c for c in cells):  # numbers, no NaN
        return pa.array(list(map(str, cells)), pa.string())
    return pa.array([c if c is None or type(c) is str else cell_text(c) for c in cells],
                    pa.string())


def column(body: Sequence[Sequence[object]], i: int) -> list[object]:
    """Cell ``i`` of every row ("" where a row is shorter)."""
    if body and min(map(len, body)) > i:  # the usual case: no short rows, C speed
        return list(map(itemgetter(i), body))
    return [cells[i] if i < len(cells) else "" for cells in body]


def strip(values: pa.Array) -> pa.Array:
    """Each value ``str.strip``-ped (arrow trims the same characters), a missing one as ""."""
    return pc.utf8_trim_whitespace(values.fill_null(""))


def stripped(values: pa.Array) -> list[str]:
    return strip(values).to_pylist()


def int_field(parts: pa.StructArray, name: str) -> np.ndarray:
    """A field of digits of an ``extract_regex`` result as integers (0 where empty)."""
    field = pc.fill_null(parts.field(name), "0")
    field = pc.if_else(pc.equal(field, ""), "0", field)
    return np.asarray(pc.cast(field, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def join_description(parts: Iterable[str]) -> str:
    """The payee and description cells of a row (stripped), each once, fillers (``/``,
    ``-----``) dropped, joined with `` | ``."""
    out: list[str] = []
    for text in parts:
        if text and text not in out and not FILLER.match(text):
            out.append(text)
    return " | ".join(out)
