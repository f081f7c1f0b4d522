"""Small builders for match/detect tests: a ledger from tuples, a rulebook from YAML text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd

from recon import money, rulebook
from recon.detect import Detection, detect
from recon.match import match_subscriptions
from recon.normalise import normalise

Row = tuple  # (date "YYYY-MM-DD", amount "-10.99", description[, account[, currency]])


def ledger(rows: list[Row]) -> pd.DataFrame:
    """Canonical transactions (ids and merchant keys filled in) from short tuples."""
    records = []
    for i, row in enumerate(rows):
        date, amount, text = row[:3]
        account = row[3] if len(row) > 3 else "card"
        currency = row[4] if len(row) > 4 else "GBP"
        records.append({
            "account": account, "posted_date": dt.date.fromisoformat(date),
            "amount_minor": money.to_minor(Decimal(amount), currency), "currency": currency,
            "description_raw": text, "ref": None, "source_file": "t.csv",
            "source_row": str(i + 2), "parser": "csv",
        })
    frame = pd.DataFrame(records)
    frame["amount_minor"] = frame["amount_minor"].astype("int64")
    return normalise(frame)


def book(tmp: Path, subscriptions: str = "", rules: str = "", settings: str = "") -> rulebook.Rulebook:
    folder = tmp / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "subscriptions.yaml").write_text(subscriptions, encoding="utf-8")
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    (folder / "settings.yaml").write_text(settings or "currency: GBP\n", encoding="utf-8")
    return rulebook.load_rulebook(folder)


def run(tmp: Path, rows: list[Row], subscriptions: str = "", rules: str = "",
        settings: str = "", as_of: str = "2026-12-31") -> Detection:
    rb = book(tmp, subscriptions, rules, settings)
    matched = match_subscriptions(ledger(rows), rb)
    return detect(matched, rb, dt.date.fromisoformat(as_of))


def kinds(found: Detection) -> list[tuple[str, str]]:
    """(type, posted date) of each flag, sorted."""
    return sorted((str(t), str(d)) for t, d in zip(found.flags["type"],
                                                   found.flags["posted_date"], strict=True))


def monthly(text: str, amount: str, start: str, n: int, account: str = "card",
            day: int | None = None, currency: str = "GBP") -> list[Row]:
    """``n`` monthly charges from ``start`` on ``day`` (month-end aware)."""
    from recon.cadence import add_months
    first = dt.date.fromisoformat(start)
    return [(add_months(first, k, day or first.day).isoformat(), amount, text, account, currency)
            for k in range(n)]
