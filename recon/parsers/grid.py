"""The rows of a table: ``GridRow`` (cells and where they are); and a table's body as the
readers see it (``Body``): ``Rows``, a list of ``GridRow``, or ``Block``, rows of a CSV file
held as arrow columns.

A CSV body of a million rows costs seconds as a list per row through Python's ``csv``
module. When arrow reads the same text to the same fields - every row as wide as the first,
no value over two lines - ``Block`` keeps the columns, and a ``GridRow`` is made only for a
row something asks for by position (the rows the row-by-row reader judges).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .cells import cell_text, column, texts
from .lines import physical_lines
from .shapes import DateShapes


@dataclass(slots=True)
class GridRow:
    """One row of a CSV file or sheet: its cells and how to point at it."""

    cells: list[object]
    loc: str
    sep: str | None = None  # a CSV line's delimiter: the line is its cells joined by it
    hidden: bool = False

    @property
    def text(self) -> str:
        """The row as the file wrote it (CSV), else ""."""
        return self.sep.join(self.cells) if self.sep is not None else ""  # type: ignore[arg-type]


#: What ``str.isspace`` is true of: a cell of only these is blank (``filled``).
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
          "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_TEXT = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACES) + "]"  # RE2: a visible character


@dataclass(frozen=True, eq=False)
class Block(Sequence[GridRow]):
    """Rows of delimited text held as columns (strings, one array per field), each row
    on one line: ``lines`` says which."""

    columns: tuple[pa.Array, ...]
    lines: np.ndarray
    sep: str

    @classmethod
    def read(cls, text: str, first_line: int, sep: str) -> Block | None:
        """The rows of ``text`` (which starts on line ``first_line``), when arrow reads
        them as Python's ``csv`` module does; None when it might not: a row of another
        width, a value over two lines, a quote left open, a field over the csv module's
        size limit."""
        first = next(csv.reader(physical_lines(text), delimiter=sep), [])
        if len(first) < 2:
            return None
        quoted = '"' in text  # else no value can hold a line break
        try:
            table = pacsv.read_csv(
                io.BytesIO(text.encode("utf-8", errors="surrogatepass")),
                read_options=pacsv.ReadOptions(autogenerate_column_names=True),
                parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=quoted,
                                                 ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types={f"f{i}": pa.string() for i in range(len(first))},
                    strings_can_be_null=False, quoted_strings_can_be_null=False))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return None
        if table.num_columns != len(first):
            return None
        columns = tuple(table.column(i).combine_chunks() for i in range(table.num_columns))
        if quoted and any(pc.any(pc.match_substring_regex(c, "[\r\n]")).as_py()
                          for c in columns):
            return None  # a value over two lines: the rows' lines are not counted by rows
        limit = csv.field_size_limit()
        if len(text) > limit and any(pc.max(pc.utf8_length(c)).as_py() > limit
                                     for c in columns):
            return None  # the csv module refuses such a field, and says where
        lines = np.arange(first_line, first_line + table.num_rows, dtype=np.int64)
        return cls(columns, lines, sep)

    @property
    def width(self) -> int:
        return len(self.columns)

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, i: int) -> GridRow: ...
    @overload
    def __getitem__(self, i: slice) -> Block: ...
    def __getitem__(self, i: int | slice) -> GridRow | Block:
        if isinstance(i, slice):
            return self.take(np.arange(len(self))[i])
        return GridRow([c[i].as_py() for c in self.columns], str(self.lines[i]), self.sep)

    def __iter__(self) -> Iterator[GridRow]:
        """The rows, made a column at a time (a row by position costs a lookup per cell)."""
        cells = zip(*(c.to_pylist() for c in self.columns), strict=True)
        return (GridRow(list(row), loc, self.sep)
                for row, loc in zip(cells, self.lines.astype(str).tolist(), strict=True))

    def rows(self, positions: np.ndarray) -> list[GridRow]:
        """The rows at ``positions``."""
        return list(self.take(positions))

    def take(self, positions: np.ndarray) -> Block:
        index = pa.array(positions, pa.int64())
        return Block(tuple(c.take(index) for c in self.columns), self.lines[positions], self.sep)

    def filled(self) -> Block:
        """The rows with some text (``filled``): blank lines and rows of empty
        fields left out."""
        mask = np.zeros(len(self), dtype=bool)
        for c in self.columns:
            mask |= np.asarray(pc.match_substring_regex(c, _TEXT).to_numpy(
                zero_copy_only=False), dtype=bool)
        return self.take(np.flatnonzero(mask))

    def column(self, i: int) -> pa.Array:
        """Field ``i`` of every row ("" past the last field, as ``bulk.column`` gives)."""
        if i < self.width:
            return self.columns[i]
        return pa.array(np.full(len(self), "", dtype=object), pa.string())

    def cells(self, i: int, at: np.ndarray) -> list[object]:
        """Field ``i`` of the rows at ``at``."""
        return self.column(i).take(pa.array(at, pa.int64())).to_pylist()

    def date_shapes(self, i: int) -> DateShapes:
        return DateShapes.of(self.column(i))

    def locations(self, at: np.ndarray) -> list[str]:
        """The ``loc`` of the rows at ``at``."""
        return pa.array(self.lines[at]).cast(pa.string()).to_pylist()

    def visible(self) -> np.ndarray:
        return np.ones(len(self), dtype=bool)  # a CSV hides no row

    def blank(self, i: int) -> np.ndarray:
        """Rows whose field ``i`` has no text (``cell_text`` is empty: spaces, ``=""``)."""
        text = pc.utf8_trim_whitespace(self.column(i).fill_null(""))
        out = np.asarray(pc.equal(text, "").to_numpy(zero_copy_only=False), dtype=bool)
        quoted = np.flatnonzero(np.asarray(pc.starts_with(text, '="').to_numpy(
            zero_copy_only=False), dtype=bool))  # an Excel text cell: its inside decides
        for j in quoted.tolist():
            out[j] = not cell_text(text[j].as_py())
        return out


class Body(Protocol):
    """The data rows of a table as the readers ask for them: whole columns, and the cells,
    rows and locations at some positions."""

    def __len__(self) -> int: ...
    def date_shapes(self, i: int) -> DateShapes: ...
    def column(self, i: int) -> pa.Array: ...
    def cells(self, i: int, at: np.ndarray) -> list[object]: ...
    def rows(self, at: np.ndarray) -> list[GridRow]: ...
    def locations(self, at: np.ndarray) -> list[str]: ...
    def visible(self) -> np.ndarray: ...
    def blank(self, i: int) -> np.ndarray: ...


class Rows:
    """A body of ``GridRow``s (a sheet, or a CSV file arrow does not read alike) read the
    way a ``Block`` is."""

    def __init__(self, rows: Sequence[GridRow]) -> None:
        self.list = rows
        self.cell_lists = [r.cells for r in rows]

    def __len__(self) -> int:
        return len(self.list)

    def date_shapes(self, i: int) -> DateShapes:
        return DateShapes.of_cells(column(self.cell_lists, i))

    def column(self, i: int) -> pa.Array:
        return texts(column(self.cell_lists, i))

    def cells(self, i: int, at: np.ndarray) -> list[object]:
        """Cell ``i`` of the rows at ``at`` (None where a row is shorter)."""
        return [cells[i] if i < len(cells) else None
                for cells in (self.cell_lists[j] for j in at.tolist())]

    def rows(self, at: np.ndarray) -> list[GridRow]:
        return [self.list[i] for i in at.tolist()]

    def locations(self, at: np.ndarray) -> list[str]:
        return [self.list[i].loc for i in at.tolist()]

    def visible(self) -> np.ndarray:
        return ~np.array([r.hidden for r in self.list], dtype=bool)

    def blank(self, i: int) -> np.ndarray:
        """Rows whose cell ``i`` has no text (``cell_text`` is empty: spaces, ``=""``, a
        NaN), judged without rendering each typed cell as text."""
        cells = column(self.cell_lists, i)
        return np.fromiter(map(_no_text, cells), dtype=bool, count=len(cells))


def _no_text(cell: object) -> bool:
    """``cell_text(cell)`` is empty, judged without rendering a typed cell as text."""
    if type(cell) is str:
        return not cell.strip() or ('="' in cell and not cell_text(cell))
    return cell is None or (type(cell) is float and cell != cell)


def filled(cells: list[object]) -> bool:
    """Some cell has text (``cell_text`` of it is not empty)."""
    for c in cells:
        kind = type(c)
        if kind is str:
            if c and not c.isspace():  # type: ignore[attr-defined]
                return True
        elif kind is float:
            if c == c:  # not NaN
                return True
        elif kind in _NEVER_BLANK or (c is not None and cell_text(c)):
            return True
    return False


#: sheet values whose text is never empty
_NEVER_BLANK = frozenset({int, bool, dt.datetime, dt.date, dt.time, dt.timedelta})

