"""The ``Flag``: one finding that needs a look, with a stable id.

The id is a hash of the flag's type and what identifies the finding (transaction ids, the
subscription, an expected date), never of its wording or of the run, so the same finding on
a rerun - or next month, while it is still there - has the same id, and a decision recorded
against it sticks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

MONEY_COLUMNS = ("amount_minor", "expected_minor", "change_minor")
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
FLAG_COLUMNS = ("id", "type", "severity", "posted_date", "account", "txn_id", "txn_ids",
                "description", "amount_minor", "currency", "subscription", "expected_minor",
                "expected_date", "change_minor", "change_pct", "message", "source")


def flag_id(kind: str, *parts: object) -> str:
    """``F`` and 10 hex digits from the type and the identifying parts."""
    text = "\x1f".join([kind, *(str(p) for p in parts)])
    return "F" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def percent(change: int, base: int) -> Decimal | None:
    """``change`` as a percentage of ``base``, one decimal (exact, no float)."""
    if not base:
        return None
    return (Decimal(change) * 100 / Decimal(abs(base))).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Flag:
    """One finding. Money is in minor units of ``currency``; charges are negative."""

    id: str
    type: str
    severity: str
    posted_date: dt.date
    account: str
    txn_id: str | None
    txn_ids: tuple[str, ...]
    description: str
    amount_minor: int | None
    currency: str
    subscription: str | None
    expected_minor: int | None
    expected_date: dt.date | None
    change_minor: int | None
    change_pct: Decimal | None
    message: str
    source: str


def to_frame(flags: list[Flag]) -> pd.DataFrame:
    """Flags as a frame in ``FLAG_COLUMNS`` order, most severe first, then by date."""
    frame = pd.DataFrame([[getattr(f, c) for c in FLAG_COLUMNS] for f in flags],
                         columns=list(FLAG_COLUMNS))
    for column in MONEY_COLUMNS:  # minor units stay integers (nullable), never floats
        frame[column] = frame[column].astype("Int64")
    if frame.empty:
        return frame
    order = frame["severity"].map(SEVERITY_ORDER)
    frame = frame.assign(_order=order).sort_values(
        ["_order", "posted_date", "type", "id"], kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True)
