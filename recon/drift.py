"""Charges converted from another currency: the amount wanders with the exchange rate.

A plan billed in another currency than the card's is charged at each day's rate, so no two
charges are alike and each moves a little from the one before; a plan in the card's own
currency repeats its price, and purchases jump about. An entry that states no currency
cannot say which it is: its charges do (``wanders``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .rulebook.values import Tolerance

#: charges enough to show a drifting rate
WANDER_MIN = 3


def wanders(amounts: Sequence[int], currency: str, fx_tolerance: Tolerance) -> bool:
    """Whether charges of one seat (oldest first, one currency) are converted at a drifting
    rate: at least ``WANDER_MIN``, two thirds of the moves from one charge to the next
    small (not nil, within ``fx_tolerance``) and at most one larger (a price change in the
    other currency)."""
    if len(amounts) < WANDER_MIN:
        return False
    steps = list(zip(amounts, amounts[1:], strict=False))
    small = sum(a != b and fx_tolerance.allows(abs(a), abs(b), currency) for a, b in steps)
    large = sum(not fx_tolerance.allows(abs(a), abs(b), currency) for a, b in steps)
    return large <= 1 and small >= max(2, -(-2 * len(steps) // 3))
