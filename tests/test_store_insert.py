"""The ledger's bulk insert writes a column with one value in every row into the statement
once (``store._insert``): whatever the columns hold, the rows read back are the rows given."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from recon.store import _insert

_VALUE = st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.booleans(), st.floats(
    allow_nan=False), st.text(st.characters(codec="utf-8"), max_size=6),
    st.sampled_from(["it's", "'", "''", "\0", "a\0b", "NULL", "1", ""]))


@st.composite
def _columns(draw: st.DrawFn) -> list[list[object]]:
    rows = draw(st.integers(1, 6))
    columns = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):  # one value in every row
            columns.append([draw(_VALUE)] * rows)
        else:
            columns.append(draw(st.lists(_VALUE, min_size=rows, max_size=rows)))
    return columns


@given(_columns())
def test_rows_read_back_as_given(columns: list[list[object]]) -> None:
    db = sqlite3.connect(":memory:")
    names = [f"c{i}" for i in range(len(columns))]
    db.execute(f"CREATE TABLE t ({', '.join(names)}, extra)")
    _insert(db, "t", columns, ", 7")
    got = db.execute(f"SELECT {', '.join(names)}, extra FROM t ORDER BY rowid").fetchall()
    want = [(*row, 7) for row in zip(*columns, strict=True)]
    assert got == [tuple(int(v) if isinstance(v, bool) else v for v in row) for row in want]
