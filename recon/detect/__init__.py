"""Detect: from matched transactions to flags, subscription states and discovered series.

The detect stage reads the columns the match stage added (``subscription``, ``ignore``,
``raised``); it does not import ``match``. Order of work:

1. rows a rule ignores entirely (``ignore: true``) are set aside;
2. charges fully reversed by a refund are paired off and take no further part, and so are
   transfers between the user's own accounts (a card repayment and its credit);
3. duplicates are found; a duplicate charge does not count as a renewal;
4. each catalogue entry's state (last charge, next renewal) is worked out, and its price
   changes, unexpected charges, missed and upcoming renewals and trial conversion checked;
5. unlinked charges are searched for recurring series (each one not in the catalogue is an
   ``unexpected`` flag); rule-raised flags are added;
6. flags of a type that a rule ignores for one of their transactions are dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..rulebook import Rulebook
from ..schema import day_numbers
from . import checks
from .checks import Rename
from .flags import FLAG_COLUMNS, SEVERITY_ORDER, Flag, to_frame
from .seats import holders
from .series import Fit, Series, best_fit, choose, discover
from .state import CHARGE_FIELDS, SubscriptionState, annual_minor, renewal_soon, states

__all__ = ["CHECKS", "FLAG_COLUMNS", "SEVERITY_ORDER", "Coverage", "Detection", "Fit", "Flag",
           "Rename", "Series", "choose",
           "SubscriptionState", "annual_minor", "best_fit", "coverage", "detect", "discover",
           "renewal_soon"]

Coverage = checks.Coverage

#: flag type (``recon.detectors``, the registry) -> the check that raises it
CHECKS = {
    "duplicate": (checks.duplicates, checks.seat_duplicates),
    "price_change": (checks.price_changes,),
    "unexpected": (checks.unexpected_charges, checks.extra_seats, checks.unknown_series),
    "missed": (checks.missed,),
    "upcoming": (checks.upcoming,),
    "trial_conversion": (checks.trial_conversion,),
    "renamed": (checks.renamed,),
    "rule": (checks.rule_flags,),
}


def coverage(frame: pd.DataFrame) -> Coverage:
    """First and last posted date of each account: how far its statements reach."""
    if frame.empty:
        return {}
    days = pd.Series(day_numbers(frame["posted_date"]), index=frame.index)
    grouped = days.groupby(frame["account"]).agg(["min", "max"])
    return {str(a): (dt.date.fromordinal(int(low)), dt.date.fromordinal(int(high)))
            for a, low, high in zip(grouped.index, grouped["min"], grouped["max"], strict=True)}


@dataclass(frozen=True)
class Detection:
    """What the detect stage found."""

    flags: pd.DataFrame
    states: list[SubscriptionState]
    series: list[Series]
    renames: list[Rename] = field(default_factory=list)  # what review ok on ``renamed`` adds


def _ignored(flag: Flag, ignores: dict[str, str]) -> bool:
    for txn in flag.txn_ids:
        kinds = ignores.get(txn, "")
        if kinds and (kinds == "all" or flag.type in kinds.split(",")):
            return True
    return False


def detect(matched: pd.DataFrame, book: Rulebook, as_of: dt.date,
           reach: Coverage | None = None) -> Detection:
    """Flags for the matched ledger, judged as of ``as_of``.

    Args:
        matched: every transaction of the ledger with the match columns.
        book: catalogue, rules and settings.
        as_of: the day the user looks (upcoming renewals are counted from it).
        reach: first and last date of each account's statements (default: from ``matched``);
            a renewal is only called missed where the statements reach.

    Returns:
        Flags (``FLAG_COLUMNS``, most severe first), subscription states, discovered series.
    """
    # the columns the checks read: every filter below copies only these
    matched = matched[[*CHARGE_FIELDS, "ignore", "raised"]]
    reach = coverage(matched) if reach is None else reach
    settings = book.settings
    live = matched[~matched["ignore"].eq("all")]
    charges = live[live["amount_minor"].lt(0)]
    credits = live[live["amount_minor"].gt(0)]
    reversed_ids = checks.refund_pairs(charges, credits, settings)
    charges = charges[~charges["txn_id"].isin(reversed_ids)]
    own = checks.transfers(charges[charges["subscription"].isna()], credits, settings)
    charges = charges[~charges["txn_id"].isin(own)]
    flags: list[Flag] = checks.duplicates(charges, book)
    dup_ids = frozenset(f.txn_id for f in flags if f.txn_id)
    subs = states(matched, book, exclude=frozenset(reversed_ids) | dup_ids, reach=reach,
                  as_of=as_of)
    held = holders(settings)
    for state in subs:
        mine = settings.for_account(state.account)
        flags += checks.seat_duplicates(state, settings)
        flags += checks.price_changes(state, mine)
        flags += checks.unexpected_charges(state)
        extra = checks.extra_seats(state, held)
        flags += extra
        flags += checks.missed(state, settings, reach, as_of)
        flags += checks.upcoming(state, mine, as_of, skip={f.txn_ids[0] for f in extra})
        flags += checks.trial_conversion(state)
    unlinked = charges[charges["subscription"].isna() & ~charges["txn_id"].isin(dup_ids)]
    series = discover(unlinked, settings)
    healed, renames, replaced, unexplained = checks.renamed(subs, series, settings)
    flags = [f for f in flags if f.type != "missed"
             or (f.subscription, f.account, f.posted_date) not in replaced] + healed
    flags += checks.unknown_series(unexplained)
    flags += checks.rule_flags(live, book)
    ignoring = matched[matched["ignore"].ne("")]
    ignores = dict(zip(ignoring["txn_id"].tolist(), ignoring["ignore"].tolist(), strict=True))
    kept = [f for f in flags if not _ignored(f, ignores)]
    return Detection(flags=to_frame(kept), states=subs, series=series, renames=renames)
