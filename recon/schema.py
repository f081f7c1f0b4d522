"""The canonical transaction: one table shape, the contract between stages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .errors import SchemaError

#: Columns every parser yields (raw description only; no merchant key, no id yet).
PARSED_COLUMNS: tuple[str, ...] = (
    "account",
    "posted_date",
    "amount_minor",
    "currency",
    "description_raw",
    "ref",
    "source_file",
    "source_row",
    "parser",
)

#: Columns after ``normalise``: what the ledger stores and every later stage relies on.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "txn_id",
    "account",
    "posted_date",
    "amount_minor",
    "currency",
    "description_raw",
    "merchant_key",
    "ref",
    "source_file",
    "source_row",
    "parser",
)


def empty_frame(columns: tuple[str, ...] = PARSED_COLUMNS) -> pd.DataFrame:
    """A frame with the given columns and no rows, ``amount_minor`` as int64."""
    frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    frame["amount_minor"] = frame["amount_minor"].astype("int64")
    return frame


def validate(frame: pd.DataFrame, columns: tuple[str, ...] = CANONICAL_COLUMNS) -> pd.DataFrame:
    """Check that ``frame`` has exactly ``columns`` and integer amounts.

    Raises:
        SchemaError: names the missing or extra columns, or the bad dtype.
    """
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if extra:
            parts.append("unexpected " + ", ".join(extra))
        raise SchemaError("frame does not have the canonical columns: " + "; ".join(parts))
    if len(frame) and not pd.api.types.is_integer_dtype(frame["amount_minor"]):
        raise SchemaError(
            f"amount_minor must be integer minor units, not {frame['amount_minor'].dtype}"
        )
    return frame


def records(frame: pd.DataFrame, columns: tuple[str, ...] | list[str] | None = None
            ) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts, like ``to_dict("records")`` but column-wise: one
    ``tolist`` per column instead of boxing every cell (several times faster on arrow
    strings). Missing values of nullable columns are ``None``, as ``to_dict`` gives."""
    names = list(frame.columns if columns is None else columns)
    values = [_plain(frame[c]) for c in names]
    return list(map(dict, map(zip, repeat(names), zip(*values, strict=True))))


def _plain(column: pd.Series) -> list[object]:
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and column.hasnans:
        return [None if v is pd.NA else v for v in column.tolist()]
    return column.tolist()


def per_distinct(values: pd.Series, convert: Callable[[Any], object],
                 dtype: npt.DTypeLike = object) -> np.ndarray:
    """``convert`` of each value, called once per distinct value (a million rows of a year
    hold a few hundred dates)."""
    codes, uniques = pd.factorize(values)
    return np.array([convert(v) for v in uniques], dtype=dtype)[codes]


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Each date's proleptic ordinal (``date.toordinal``), as int64."""
    return per_distinct(dates, dt.date.toordinal, np.int64)


def date_texts(dates: pd.Series) -> np.ndarray:
    """``str()`` of each date (``YYYY-MM-DD`` for a canonical ``posted_date``), as an object
    array."""
    return per_distinct(dates, str)
