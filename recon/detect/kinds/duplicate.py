"""Duplicate charges: a second charge in one cycle of one seat, or an identical posting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from ...detectors import Detector
from ...rulebook import Rulebook, Settings
from ...schema import records
from ..flags import Flag, money_text, raise_flag
from ..state import CHARGE_FIELDS, SubscriptionState

#: other charges of one account at one merchant and amount that make a same-price pair a habit
HABIT = 2
#: gaps within this share of their median are a steady cadence (a bill), not a habit
STEADY = 0.25

DETECTOR = Detector(
    "duplicate", "high", ("duplicate.within_days", "duplicate.refund_days"),
    "a second charge in one cycle of one seat (a subscription on one account) at its "
    "price; an identical posting (same account, amount and statement text) within "
    "`duplicate.within_days`, unless the account buys that amount there by habit (at least "
    f"{HABIT} other charges of that account at that merchant and amount, not at a steady "
    "cadence: a usual coffee or fare bought twice is a repeat purchase; a price seen only in "
    "the pair, or a bill's amount at its steady cadence, is a double posting). A charge "
    "reversed by a refund of the same amount is neither; a partial refund does not reverse; "
    "a purchase at a different amount is not a renewal and is not flagged"
)


def duplicates(charges: pd.DataFrame, book: Rulebook) -> list[Flag]:
    """Identical postings: the same account, amount and statement text within
    ``duplicate.within_days`` (unlinked charges; a linked charge's second charge in one cycle
    is found with its seat, ``seat_duplicates``), unless the amount is a habit of the
    account at that merchant (``habitual``)."""
    flags: list[Flag] = []
    unlinked = charges[charges["subscription"].isna()]
    same = ["account", "description_raw", "currency", "amount_minor"]
    unlinked = unlinked[unlinked.duplicated(same, keep=False)].sort_values(
        "posted_date", kind="stable")  # only repeated postings
    rows = records(unlinked, CHARGE_FIELDS)
    habits = _amount_dates(charges[charges["subscription"].isna()], unlinked)
    for positions in unlinked.groupby(same, sort=True).indices.values():
        ordered = [rows[i] for i in positions]
        within = book.settings.for_account(str(ordered[0]["account"])).within_days
        runs: list[list[dict[Any, Any]]] = [[ordered[0]]]
        for item in ordered[1:]:
            if (item["posted_date"] - runs[-1][-1]["posted_date"]).days <= within:
                runs[-1].append(item)
            else:
                runs.append([item])
        for run in (r for r in runs if len(r) > 1):
            last = run[-1]
            key = (last["account"], last["merchant_key"], last["currency"],
                   int(last["amount_minor"]))
            if habitual(habits.get(key, []), {r["txn_id"] for r in run}):
                continue
            flags.append(raise_flag(
                "duplicate", "high", last, [r["txn_id"] for r in run],
                f"{len(run)} identical charges of {money_text(last['amount_minor'], last['currency'])}"
                f" ({last['description_raw']}) between {run[0]['posted_date']} and "
                f"{last['posted_date']}", expected=None))
    return flags


def _amount_dates(unlinked: pd.DataFrame, repeated: pd.DataFrame,
                  ) -> dict[tuple[Any, ...], list[tuple[dt.date, str]]]:
    """Dates and ids of the unlinked charges at each (account, merchant, currency, amount)
    that a repeated posting has."""
    same = ["account", "merchant_key", "currency", "amount_minor"]
    out: dict[tuple[Any, ...], list[tuple[dt.date, str]]] = {}
    if repeated.empty:
        return out
    unlinked = unlinked[unlinked["amount_minor"].isin(repeated["amount_minor"].unique())]
    keys = pd.MultiIndex.from_frame(unlinked[same])
    mine = unlinked[keys.isin(pd.MultiIndex.from_frame(repeated[same]))]
    for account, merchant, currency, amount, date, txn in mine[
            [*same, "posted_date", "txn_id"]].itertuples(index=False, name=None):
        out.setdefault((account, merchant, currency, int(amount)), []).append((date, txn))
    return out


def habitual(dated: list[tuple[dt.date, str]], run: set[str]) -> bool:
    """Whether charges at one account, merchant and amount make a same-price pair a repeat
    purchase: at least ``HABIT`` of them outside the pair (``run``), at irregular gaps (a
    steady cadence is a bill's, and a second posting of a bill is a duplicate)."""
    days = sorted(date for date, txn in dated if txn not in run)
    if len(days) < HABIT:
        return False
    gaps = sorted((b - a).days for a, b in zip(days, days[1:], strict=False))
    if len(gaps) < 2:
        return True
    median = gaps[len(gaps) // 2]
    steady = median >= 6 and all(abs(g - median) <= STEADY * median for g in gaps)
    return not steady


def seat_duplicates(state: SubscriptionState, settings: Settings) -> list[Flag]:
    """A second charge in one cycle of a seat, at the seat's price (the extras of the entry
    that repeat a seat's charge within half a cycle); a different amount is a one-off."""
    sub = state.subscription
    half = dt.timedelta(days=sub.every.days / 2)
    flags = []
    flagged: set[str] = set()  # a charge is one duplicate, however many twins it has
    for extra in state.extras:
        amount, date = int(extra["amount_minor"]), extra["posted_date"]
        twin = None
        for seat in state.seats:
            for row in seat.seat.charges:
                if (abs(row["posted_date"] - date) < half and row["currency"] == extra["currency"]
                        and row["account"] == extra["account"]
                        and settings.for_account(str(row["account"])).tolerance.allows(
                            -int(row["amount_minor"]), -amount, str(row["currency"]))):
                    if twin is None or abs(row["posted_date"] - date) < abs(
                            twin["posted_date"] - date):
                        twin = row
        if twin is None:
            continue
        first, second = sorted((twin, extra), key=lambda r: (r["posted_date"], r["txn_id"]))
        if second["txn_id"] in flagged:  # the later one is flagged already: this extra is
            if extra["txn_id"] in flagged:  # the duplicate of the earlier one, or nothing new
                continue
            first, second = twin, extra
        flagged.add(str(second["txn_id"]))
        flags.append(raise_flag(
            "duplicate", "high", second, (first["txn_id"], second["txn_id"]),
            f"{sub.name} charged twice in one cycle on {second['account']}: "
            f"{money_text(second['amount_minor'], second['currency'])} on {second['posted_date']} "
            f"after {money_text(first['amount_minor'], first['currency'])} on {first['posted_date']}",
            source=sub.source, expected=-int(first["amount_minor"])))
    return flags


CHECKS = (duplicates, seat_duplicates)
