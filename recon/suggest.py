"""Catalogue entries suggested for recurring charges the catalogue does not cover."""

from __future__ import annotations

from collections.abc import Iterable

from . import money
from .detect import Series


def entry_for(series: Series, taken: set[str]) -> dict[str, object]:
    """The entry recon suggests for ``series``; its name is made unique against ``taken``
    (casefolded names, updated)."""
    name = series.merchant_key.title()
    base, n = name, 2
    while name.casefold() in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name.casefold())
    return {"name": name, "match": series.merchant_key,
            "amount": money.format_minor(series.amount, series.currency),
            "currency": series.currency, "every": series.fit.cadence.label(),
            "account": series.account}


def suggest(series: Iterable[Series], names: Iterable[str]) -> list[tuple[Series, dict[str, object]]]:
    """Each series with its suggested entry, names unique against the catalogue ``names``."""
    taken = {n.casefold() for n in names}
    return [(s, entry_for(s, taken)) for s in series]
