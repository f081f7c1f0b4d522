"""Which readers a table's rows go through, and running them: the one place that decides
between the columnar reader (``bulk``) and the row reader (``row_reader``), and says why.

Each reader takes the rows the one before it left; their batches merge in file order.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..schema import PARSED_COLUMNS
from .adjustments import MONEY_MOVED
from .bulk import ColumnarReader
from .grid import Body
from .reading import Batch, Reader, Reading
from .row_reader import RowReader

log = logging.getLogger(__name__)


def choose_readers(reading: Reading) -> tuple[list[Reader], str]:
    """The readers a table's rows go through, in turn, and why.

    The columnar reader applies when every row's value can come from one column read as a
    whole: dates of a numeric shape (no ``date_format`` from a profile) and one signed
    amount column (no debit/credit pair, direction or fee column, each of which needs the
    row reader's judgement). Then it reads the plain rows and the row reader the rest.
    """
    if reading.dates.explicit_format:
        why = f"row reader only: the profile's date format {reading.dates.explicit_format!r}"
    elif "amount" not in reading.roles:
        why = "row reader only: amounts in debit and credit columns"
    else:
        per_row = sorted(reading.roles.keys() & {"debit", "credit", "direction",
                                                 *MONEY_MOVED})
        if not per_row:
            return ([ColumnarReader(), RowReader()],
                    "columnar reader for plain rows (one signed amount column, numeric "
                    "dates), row reader for the rest")
        why = f"row reader only: a {'/'.join(per_row)} column beside the amount"
    return [RowReader()], why


def read_body(body: Body, reading: Reading, readers: list[Reader] | None = None) -> Batch:
    """Every row of ``body`` through the readers ``choose_readers`` gives (or ``readers``),
    merged in file order: the rows read, the rejections, the counts of lines ignored and
    joined."""
    if readers is None:
        readers, why = choose_readers(reading)
        log.debug("%s: %s", reading.source, why)
    left = np.arange(len(body), dtype=np.int64)
    batches: list[Batch] = []
    for reader in readers:
        if not len(left):
            break
        batch = reader.read(body, left, reading)
        batches.append(batch)
        left = batch.left
    if len(left):  # the last reader leaves nothing: a bug, not a silent drop
        raise AssertionError(f"{len(left)} row(s) left unread by {readers[-1].name}")
    return merge(batches)


def merge(batches: list[Batch]) -> Batch:
    """Batches as one, rows and rejections in body order."""
    if len(batches) == 1:
        return batches[0]
    filled = [b for b in batches if len(b.positions)]
    positions = np.concatenate([b.positions for b in batches]) if batches else np.zeros(
        0, dtype=np.int64)
    frame = (pd.concat([b.frame for b in filled], ignore_index=True) if len(filled) > 1
             else filled[0].frame if filled else pd.DataFrame(columns=list(PARSED_COLUMNS)))
    order = np.argsort(positions, kind="stable")
    if len(filled) > 1:
        frame = frame.iloc[order].reset_index(drop=True)
    rejected = sorted((r for b in batches for r in b.rejected), key=lambda pr: pr[0])
    return Batch(positions[order], frame, rejected, np.zeros(0, dtype=np.int64),
                 sum(b.ignored for b in batches), sum(b.joined for b in batches),
                 sum(b.fees for b in batches))
