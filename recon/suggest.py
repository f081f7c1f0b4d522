"""Catalogue entries suggested for recurring charges the catalogue does not cover."""

from __future__ import annotations

from collections.abc import Iterable

from . import money
from .detect import Series

#: US state and Canadian province codes: a card descriptor ends ``MERCHANT CITY ST``
#: (``PLANET FITNESS BOSTON MA``), so a trailing code and the word before it are a place.
REGION_CODES = frozenset("""
    al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh
    nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy pr
    ab bc mb nb nl ns nt nu on pe qc sk yt
""".split())


def clean_name(merchant_key: str) -> str:
    """A name for a merchant key without the place a card descriptor appends:
    ``planet fitness boston ma`` -> ``Planet Fitness``. The city before a region code goes
    only when two words or more remain, and a key that is nothing but a place is kept."""
    words = merchant_key.split()
    if len(words) >= 3 and words[-1] in REGION_CODES:
        words = words[:-2] if len(words) >= 4 else words[:-1]
    name = " ".join(words) or merchant_key
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def entry_for(series: Series, taken: set[str]) -> dict[str, object]:
    """The entry recon suggests for ``series``; its name is made unique against ``taken``
    (casefolded names, updated)."""
    name = clean_name(series.merchant_key)
    base, n = name, 2
    while name.casefold() in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name.casefold())
    entry: dict[str, object] = {
        "name": name, "match": series.merchant_key,
        "amount": money.format_minor(series.amount, series.currency),
        "currency": series.currency, "every": series.fit.cadence.label(),
        "account": series.account}
    if series.variable:  # a bill that varies: its price is a range, not one amount
        low, high = series.amount_range
        spread = max(high - series.amount, series.amount - low)
        entry["tolerance"] = money.format_minor(spread, series.currency)
    return entry


def suggest(series: Iterable[Series], names: Iterable[str]) -> list[tuple[Series, dict[str, object]]]:
    """Each series with its suggested entry, names unique against the catalogue ``names``."""
    taken = {n.casefold() for n in names}
    return [(s, entry_for(s, taken)) for s in series]


def chosen(pairs: list[tuple[Series, dict[str, object]]],
           names: Iterable[str]) -> tuple[list[tuple[Series, dict[str, object]]], list[str]]:
    """The suggestions named (by suggested name or merchant, any case), and the names that
    match none."""
    wanted = {n.casefold().strip(): n for n in names}
    picked, found = [], set()
    for s, entry in pairs:
        keys = {str(entry["name"]).casefold(), s.merchant_key.casefold()}
        hit = keys & wanted.keys()
        if hit:
            picked.append((s, entry))
            found |= hit
    return picked, [wanted[k] for k in wanted if k not in found]
