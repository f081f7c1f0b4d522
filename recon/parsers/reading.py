"""The interface of the table readers: a ``Reading`` (what the layout decided) goes in,
a ``Batch`` (rows read, rows rejected, rows left) comes out of a ``Reader``.

Two readers implement it: ``bulk.ColumnarReader`` (plain rows, a column at a time) and
``row_reader.RowReader`` (each row judged on its own); ``readers`` decides which apply.
Both reject rows through ``rejections`` (the one policy: same row, same reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from ..dates import DateColumn
from ..schema import PARSED_COLUMNS
from .base import Rejection
from .grid import Body, GridRow
from .profiles import Profile
from .shapes import DateShapes


@dataclass(frozen=True)
class Reading:
    """What the layout decided, for reading rows: column roles, the date column's reading,
    the decimal mark, and the values rows without a cell of their own take."""

    roles: dict[str, list[int]]
    dates: DateColumn
    decimal: str
    profile: Profile | None
    header: GridRow | None
    currency: str | None  # for rows with no currency cell: profile, header or --currency
    account: str | None  # --account or the profile's, for every row
    source: str  # the file's name (``source_file``)
    parser: str  # the profile's name, or the format's
    shapes: DateShapes  # the numeric dates of the date column, every body row
    #: adjustment columns (fee, tax, ...) printed without signs: counted in their role's
    #: direction (``adjustments``)
    unsigned: frozenset[int] = frozenset()

    @property
    def negate(self) -> bool:
        """The profile writes charges as positive numbers."""
        return bool(self.profile and self.profile.sign == "charges_positive")


@dataclass
class Batch:
    """What one reader made of the rows it was given: canonical rows (``frame``, one per
    position of ``positions``, in order), rejections at their positions, and the positions
    it ``left`` for the next reader."""

    positions: np.ndarray
    frame: pd.DataFrame
    rejected: list[tuple[int, Rejection]] = field(default_factory=list)
    left: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ignored: int = 0  # titles, blank or repeated header lines
    joined: int = 0  # continuation lines joined to the row above
    fees: int = 0  # neutral rows imported as the fee they charged

    @classmethod
    def nothing(cls, left: np.ndarray) -> Batch:
        return cls(np.zeros(0, dtype=np.int64), pd.DataFrame(columns=list(PARSED_COLUMNS)),
                   left=left)


class Reader(Protocol):
    """Reads the rows of a table's body at some positions."""

    name: str

    def read(self, body: Body, at: np.ndarray, reading: Reading) -> Batch:
        """The rows at ``at`` (ascending body positions) read, rejected or left."""
        ...
