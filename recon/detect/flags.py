"""The ``Flag``: one finding that needs a look, with a stable id.

The id is a hash of the flag's type and what identifies the finding (transaction ids, the
subscription, an expected date), never of its wording or of the run, so the same finding on
a rerun - or next month, while it is still there - has the same id, and a decision recorded
against it sticks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import money

if TYPE_CHECKING:
    from .state import SubscriptionState

#: first and last posted date of each account: how far its statements reach
Coverage = dict[str, tuple[dt.date, dt.date]]

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


def raise_flag(kind: str, severity: str, row: dict[Any, Any], ids: Iterable[str], message: str,
               source: str = "", key: Iterable[object] = (), expected: int | None = None,
               expected_date: dt.date | None = None, change: int | None = None,
               pct: Decimal | None = None) -> Flag:
    """A flag of type ``kind`` about ``row`` (a charge, or a renewal's stand-in row) and the
    transactions ``ids``; its id is keyed on ``key`` (default: the transaction ids)."""
    txn_ids = tuple(ids)
    txn = row["txn_id"]
    return Flag(
        id=flag_id(kind, *(key or txn_ids)), type=kind, severity=severity,
        posted_date=row["posted_date"], account=str(row["account"]),
        txn_id=str(txn) if txn is not None else None,
        txn_ids=txn_ids, description=str(row["description_raw"]),
        amount_minor=int(row["amount_minor"]) if txn is not None else None,
        currency=str(row["currency"]), subscription=row.get("subscription"),
        expected_minor=expected, expected_date=expected_date, change_minor=change,
        change_pct=pct, message=message, source=source,
    )


def renewal_flag(kind: str, severity: str, state: SubscriptionState, due: dt.date,
                 currency: str, message: str, expected_date: dt.date,
                 key_due: dt.date | None = None) -> Flag:
    """A flag about a renewal rather than a charge (missed, upcoming): no transaction.
    Its id is keyed on ``key_due`` (default ``due``)."""
    sub = state.subscription
    row = {"posted_date": due, "account": state.account or "", "txn_id": None,
           "description_raw": sub.name, "amount_minor": 0, "currency": currency,
           "subscription": sub.name}
    return raise_flag(kind, severity, row, (), message, sub.source,
                      key=(sub.name, key_due or due), expected=state.expected_amount,
                      expected_date=expected_date)


def money_text(minor: int, currency: str) -> str:
    """``12.99 EUR`` for ``minor`` (its sign dropped) in ``currency``."""
    return f"{money.format_minor(abs(minor), currency)} {currency}"
