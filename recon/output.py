"""Output shaping: stored rows, flags and subscriptions as plain records (JSON-ready:
exact decimal strings, ISO dates, None), and CSV that is safe to open in a spreadsheet. The
CLI prints these; ``Workspace.flags()`` and friends return them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from .lazy import lazy

if TYPE_CHECKING:
    import pandas as pd

    from . import money, schema
    from .pipeline import Analysis
    from .report import content
else:
    pd, money, schema = lazy("pandas"), lazy("recon.money"), lazy("recon.schema")
    content = lazy("recon.report.content")


def transaction_fields() -> tuple[str, ...]:
    """The columns of ``recon transactions --format csv|json``."""
    return (*schema.CANONICAL_COLUMNS, "amount", "subscription", "match_score", "match_method",
            "category")


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly value: NaN and None become None, dates ISO text."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


#: what a spreadsheet reads as a formula at the start of a cell (as the xlsx writer guards)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(records: list[dict[str, Any]], columns: list[str],
             numbers: tuple[str, ...]) -> str:
    """CSV safe to open in a spreadsheet: a text cell that starts like a formula gets a
    leading ``'`` (what Excel's quote prefix does); the ``numbers`` columns stay numbers."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for rec in records:
        row = {}
        for key in columns:
            value = rec.get(key)
            if isinstance(value, str) and key not in numbers and value.startswith(FORMULA_START):
                value = "'" + value
            row[key] = "" if value is None else value
        writer.writerow(row)
    return out.getvalue()


def transaction_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    fields = transaction_fields()
    for raw in frame.to_dict("records"):
        rec = {k: plain(raw.get(k)) for k in fields if k in raw or k == "amount"}
        rec["amount"] = money.format_minor(int(raw["amount_minor"]), raw["currency"])
        rec["amount_minor"] = int(raw["amount_minor"])
        rec["match_score"] = int(raw["match_score"])
        rows.append(rec)
    return rows


def amount(minor: Any, currency: str) -> str | None:
    value = plain(minor)
    return None if value is None else money.format_minor(int(value), currency)


def flag_rows(flags: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for f in flags.to_dict("records"):
        out.append({
            "id": f["id"], "type": f["type"], "severity": f["severity"],
            "txn_ids": list(f["txn_ids"]), "account": f["account"],
            "posted_date": plain(f["posted_date"]),
            "amount": amount(f["amount_minor"], f["currency"]),
            "currency": f["currency"], "subscription": plain(f["subscription"]),
            "expected": amount(f["expected_minor"], f["currency"]),
            "expected_date": plain(f["expected_date"]),
            "change": amount(f["change_minor"], f["currency"]),
            "change_pct": str(f["change_pct"]) if plain(f["change_pct"]) is not None else None,
            "description": f["description"], "message": f["message"], "source": f["source"],
            "decision": plain(f.get("decision")), "note": plain(f.get("note")),
        })
    return out




def subscription_rows(found: Analysis) -> list[dict[str, Any]]:
    """Each catalogue entry's state: last charge, next renewal, annual cost (none once it
    is cancelled or ended), price history."""
    rows = []
    for st in found.detection.states:
        sub, cur = st.subscription, st.currency or ""
        rows.append({
            "name": sub.name, "status": sub.status, "every": sub.every.label(),
            "amount": str(sub.amount) if sub.amount is not None else None, "currency": cur,
            "account": st.account, "category": sub.category,
            "last_charge": plain(st.last_charge),
            "last_amount": amount(st.last_amount, cur) if cur else None,
            "next_expected": plain(st.next_expected), "cancel_by": plain(st.cancel_by),
            "annual_cost": amount(content.annual_cost(st, found.as_of), cur) if cur else None,
            "charges": len(st.charges),
            "price_history": [{"from": d.isoformat(), "amount": money.format_minor(a, c),
                               "currency": c} for d, a, c in st.price_history],
            "source": sub.source,
        })
    return rows
