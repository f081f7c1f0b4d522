"""Price changes: each seat against its own baseline, in its own currency."""

from __future__ import annotations

import dataclasses
from typing import Any

from ... import drift
from ...detectors import Detector
from ...rulebook import Settings, Subscription
from ..flags import Flag, money_text, percent, raise_flag
from ..state import SubscriptionState, expected_minor

DETECTOR = Detector(
    "price_change", "medium (up), low (down)",
    ("price_change.tolerance", "price_change.fx_tolerance"),
    "a seat's charge differs from its own baseline beyond the tolerance: the "
    "catalogue's price when it is in the charge's currency (an entry without "
    "`currency` takes its charges') and near the seat's plan, else the seat's first "
    "charge; then the last flagged price. A seat that changes currency. Charges in "
    "another currency than the entry's are compared with the previous charge using "
    "`fx_tolerance`, and so are a seat's charges when the entry states no `currency` and "
    "they are evidently converted from another currency: they wander (two thirds of the "
    "moves small, not nil and within `fx_tolerance`: a drifting rate), or they never repeat "
    "an amount and the catalogue amount is beyond `fx_tolerance` of each"
)


def price_changes(state: SubscriptionState, settings: Settings) -> list[Flag]:
    """Each seat against its own baseline: the catalogue's price when it is in the seat's
    currency (an entry without a currency takes its charges') and near the seat's first
    charge, else the seat's first charge; then the last flagged price."""
    flags: list[Flag] = []
    for seat in state.seats:
        flags += _seat_price_changes(state.subscription, seat.seat.charges, settings)
    return flags


def _repeats(row: dict[str, Any], previous: dict[str, Any] | None) -> bool:
    """The same currency and amount as the charge before: judged as that one was (within
    tolerance of the same baseline, or of itself when it was flagged and became the
    baseline), so there is nothing to look at."""
    return previous is not None and (row["currency"], row["amount_minor"]) == (
        previous["currency"], previous["amount_minor"])


def _catalogue_baseline(sub: Subscription, row: dict[str, Any]) -> int | None:
    currency, amount = str(row["currency"]), -int(row["amount_minor"])
    if not sub.currency_stated:
        sub = dataclasses.replace(sub, currency=None)
    expected = expected_minor(sub, currency, row["posted_date"])
    if expected is None or sub.currency:
        return expected
    # no currency: the price is in the charges' currency, if it is this seat's plan at all
    return expected if abs(amount - expected) * 2 <= expected else None


def converted(sub: Subscription, charges: list[dict[str, Any]], settings: Settings) -> bool:
    """Whether an entry without a stated currency is billed to this seat in another currency
    (its charges after any trial, in one currency): they wander at a drifting rate
    (``recon.drift.wanders``), or they never repeat an amount and its catalogue amount is
    beyond ``fx_tolerance`` of every one of them (the amount is evidently in another
    currency: too few charges yet to show the drift)."""
    if sub.currency_stated or len({r["amount_minor"] for r in charges}) < 2:
        return False  # one amount throughout: nothing converted moves it
    paid = [r for r in charges if not (sub.trial_ends and r["posted_date"] <= sub.trial_ends)]
    if len({str(r["currency"]) for r in paid}) != 1:
        return False
    currency = str(paid[0]["currency"])
    amounts = [-int(r["amount_minor"]) for r in paid]
    if drift.wanders(amounts, currency, settings.fx_tolerance):
        return True
    listed = expected_minor(dataclasses.replace(sub, currency=None), currency)
    return (listed is not None and len(amounts) >= 2 and len(set(amounts)) == len(amounts)
            and not any(settings.fx_tolerance.allows(listed, a, currency) for a in amounts))


def _one_price(charges: list[dict[str, Any]]) -> bool:
    """Every charge at the first one's amount and currency."""
    if not charges:
        return True
    amount, currency = charges[0]["amount_minor"], charges[0]["currency"]
    for row in charges:
        if row["amount_minor"] != amount or row["currency"] != currency:
            return False
    return True


def _seat_price_changes(sub: Subscription, charges: list[dict[str, Any]],
                        settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    if not sub.trial_ends and _one_price(charges):
        charges = charges[:1]  # each charge after the first repeats it
    drifting = converted(sub, charges, settings)
    previous: dict[Any, Any] | None = None
    baseline: int | None = None
    for row in charges:
        currency, amount = str(row["currency"]), -int(row["amount_minor"])
        if sub.trial_ends and row["posted_date"] <= sub.trial_ends:
            previous = row
            continue
        if baseline is not None and _repeats(row, previous):
            previous = row
            continue
        foreign = drifting or (sub.currency_stated and bool(sub.currency)
                               and sub.currency != currency)
        if previous is not None and str(previous["currency"]) != currency:
            flags.append(raise_flag(
                "price_change", "medium", row, (row["txn_id"],),
                f"{sub.name} now charged in {currency} ({money_text(amount, currency)}); it was "
                f"{money_text(-int(previous['amount_minor']), str(previous['currency']))}",
                sub.source))
            baseline, previous = amount, row
            continue
        if baseline is None and not drifting:
            baseline = _catalogue_baseline(sub, row)
        if baseline is None or (foreign and previous is not None):
            baseline = -int(previous["amount_minor"]) if previous is not None else amount
        tolerance = sub.tolerance or (settings.fx_tolerance if foreign else settings.tolerance)
        if not tolerance.allows(baseline, amount, currency):
            change = amount - baseline
            pct = percent(change, baseline)
            word = "up" if change > 0 else "down"
            flags.append(raise_flag(
                "price_change", "medium" if change > 0 else "low", row, (row["txn_id"],),
                f"{sub.name} price {word} {money_text(change, currency)} ({pct:+}%): "
                f"{money_text(amount, currency)} instead of {money_text(baseline, currency)}"
                + (f" (beyond {tolerance.label()} tolerance)" if tolerance.label() != "0%" else ""),
                sub.source, expected=baseline, change=change, pct=pct))
            baseline = amount
        previous = row
    return flags


CHECKS = (price_changes,)
