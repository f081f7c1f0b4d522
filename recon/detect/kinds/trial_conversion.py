"""Trial conversion: the first paid charge after a trial ends."""

from __future__ import annotations

from ...detectors import Detector
from ..flags import Flag, money_text, raise_flag
from ..state import SubscriptionState

DETECTOR = Detector(
    "trial_conversion", "high", (),
    "the first paid charge after `trial_ends` while the entry still says "
    "`status: trial`"
)


def trial_conversion(state: SubscriptionState) -> list[Flag]:
    sub = state.subscription
    if sub.status != "trial":
        return []
    for row in state.charges:
        if sub.trial_ends and row["posted_date"] <= sub.trial_ends:
            continue
        amount = money_text(-int(row["amount_minor"]), str(row["currency"]))
        ended = f"ended {sub.trial_ends}" if sub.trial_ends else "is marked as a trial"
        return [raise_flag("trial_conversion", "high", row, (row["txn_id"],),
                      f"{sub.name} trial {ended}; now paid: {amount} on {row['posted_date']}",
                      sub.source)]
    return []


CHECKS = (trial_conversion,)
