"""Detect: from matched transactions to flags, subscription states and discovered series.

Each flag type is one module in ``kinds/`` (its checks, settings and documentation); this
module calls them in pipeline order.

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

from .. import collector
from ..rulebook import Rulebook
from ..schema import day_numbers
from . import pairs
from .flags import FLAG_COLUMNS, SEVERITY_ORDER, Coverage, Flag, to_frame
from .kinds import (
    CHECKS,
    duplicate,
    missed,
    price_change,
    renamed,
    rule,
    trial_conversion,
    unexpected,
    upcoming,
)
from .kinds.renamed import Rename
from .seats import holders
from .series import Fit, Series, best_fit, choose, discover
from .state import CHARGE_FIELDS, SubscriptionState, annual_minor, renewal_soon, states

__all__ = ["CHECKS", "FLAG_COLUMNS", "SEVERITY_ORDER", "Coverage", "Detection", "Fit", "Flag",
           "Rename", "Series", "choose",
           "SubscriptionState", "annual_minor", "best_fit", "coverage", "detect", "discover",
           "renewal_soon"]

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
    with collector.paused():  # a charge is a dict, a seat a list of them: no cycles
        return _detect(matched, book, as_of, reach)


def _detect(matched: pd.DataFrame, book: Rulebook, as_of: dt.date,
            reach: Coverage | None) -> Detection:
    # the columns the checks read: every filter below copies only these
    matched = matched[[*CHARGE_FIELDS, "ignore", "raised"]]
    reach = coverage(matched) if reach is None else reach
    settings = book.settings
    live = matched[~matched["ignore"].eq("all")]
    charges = live[live["amount_minor"].lt(0)]
    credits = live[live["amount_minor"].gt(0)]
    reversed_ids = pairs.refund_pairs(charges, credits, settings)
    charges = charges[~charges["txn_id"].isin(reversed_ids)]
    own = pairs.transfers(charges, credits, settings)
    charges = charges[~charges["txn_id"].isin(own)]
    flags: list[Flag] = duplicate.duplicates(charges, book)
    dup_ids = frozenset(f.txn_id for f in flags if f.txn_id)
    subs = states(matched, book, exclude=frozenset(reversed_ids) | dup_ids, reach=reach,
                  as_of=as_of)
    held = holders(settings)
    for state in subs:
        mine = settings.for_account(state.account)
        flags += duplicate.seat_duplicates(state, settings)
        flags += price_change.price_changes(state, mine)
        flags += unexpected.unexpected_charges(state)
        extra = unexpected.extra_seats(state, held)
        flags += extra
        flags += missed.missed(state, settings, reach, as_of)
        flags += upcoming.upcoming(state, mine, as_of, skip={f.txn_ids[0] for f in extra})
        flags += trial_conversion.trial_conversion(state)
    unlinked = charges[charges["subscription"].isna() & ~charges["txn_id"].isin(dup_ids)]
    series = discover(unlinked, settings)
    healed, renames, replaced, unexplained = renamed.renamed(subs, series, settings)
    flags = [f for f in flags if f.type != "missed"
             or (f.subscription, f.account, f.posted_date) not in replaced] + healed
    flags += unexpected.unknown_series(unexplained)
    flags += rule.rule_flags(live, book)
    ignoring = matched[matched["ignore"].ne("")]
    ignores = dict(zip(ignoring["txn_id"].tolist(), ignoring["ignore"].tolist(), strict=True))
    kept = [f for f in flags if not _ignored(f, ignores)]
    return Detection(flags=to_frame(kept), states=subs, series=series, renames=renames)
