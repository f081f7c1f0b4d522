"""A loose link nothing else vouches for is checked against its account's history.

A charge linked because an entry's name is found inside a longer descriptor (``HEXPEX MERCH
1474`` for the entry ``Hexpex``), at an amount that is not one of the entry's prices (its
own, or a plan price learned from its renewals), has nothing yet that says it is the
subscription rather than a purchase from the same brand. The statements settle it: a
renewal recurs, a purchase does not. Such a charge stays linked when

- it renews a plan: a charge linked to the same entry on the same account (or the card it
  replaced, or that replaced it) one cadence before or after it (``window``) is within
  ``RECUR_GATE`` of its amount, and its amount was charged there at least twice (a plan
  repeats its price; two purchases a month apart do not; a price step that has not
  renewed yet is the account's latest charge, within ``RECUR_GATE`` of such an amount),
  unless the amount is converted from the entry's own currency (the rate moves it), or
  the entry allows drift (``tolerance``: a metered bill, renewed at any amount); a credit
  renews when a charge of the entry in the cadence before it is no smaller (it refunds
  that charge);
- or its merchant key (with the entry) renews elsewhere, at least as often as it is judged
  a purchase: a plan's descriptor, on this account too (the first charge of a new seat);
- or its renewals, before and after, would both fall outside the account's statements (a
  yearly plan seen once, a card with a month of statements): that cannot be judged from
  this account, and is decided by its descriptor's record instead: the link is dropped
  when the charges of that merchant key that could be judged (on any account) were mostly
  purchases, or when the key adds to the entry's name a word that came, across the ledger,
  only with purchases (``SHOP_WORD`` of them judged: ``store`` in ``LOWEX STORE``,
  ``ZARROS STORE``...) and never with a renewal; it is kept otherwise rather than
  guessed away.

It is unlinked otherwise: the statements run a cadence before or after it, and no renewal
came near its amount there. (A plan begun in the statements' last cycle, or stopped after
their first, printed loosely and with no price known, looks like that too: it is linked
once it renews, or when the catalogue gives its price.)

The same test links a charge the matcher kept out only because its amount is far from the
plan prices learned on *other* accounts (``doubt``): when it renews a plan on its own
account, that card pays another plan of the same service.

Every array here has one value per transaction row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["RECUR_GATE", "SLACK_DAYS", "review", "window"]

RECUR_GATE = 20  # percent: a renewal's amount, price steps and exchange-rate drift included
SLACK_DAYS = 7  # a renewal posted early or late (at most a third of the cadence)
SHOP_WORD = 3  # purchases judged with a word, and no renewal, that make it a shop's word




def window(every_days: np.ndarray) -> np.ndarray:
    """How far from one cadence after a charge its renewal may post, in days."""
    return np.minimum(SLACK_DAYS, every_days / 3)


def review(entry: np.ndarray, loose: np.ndarray, doubt: np.ndarray, keys: np.ndarray,
           words: np.ndarray, accounts: np.ndarray, dates: pd.Series, amounts: np.ndarray,
           drift: np.ndarray, metered: np.ndarray, every_days: np.ndarray,
           moved: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """The ``loose`` links to drop, and the ``doubt`` rows to link after all (see the
    module's docstring).

    Args:
        entry: the linked catalogue entry's index, -1 for none.
        loose: the link rests on a name found in a longer descriptor, and no price.
        doubt: the entry a row was kept from only by a plan price learned on other
            accounts (-1: none); linked when it renews on its own account.
        keys: merchant keys (a descriptor's record is kept per key and entry).
        words: the words a loose row's merchant key adds to its entry's name, space
            separated (``merch`` in ``hexpex merch``): their record is kept across entries.
        accounts: account names; ``moved`` maps a replaced card to the card holding it.
        dates: posted dates (``datetime.date`` or anything pandas reads as a date).
        amounts: signed minor units (negative: a charge).
        drift: the row's amount need not repeat: converted from the entry's own currency
            (exchange rates move it every cycle).
        metered: the row's entry is a bill whose amount varies (``tolerance``): a charge
            a cadence away renews it at any amount.
        every_days: each entry's cadence in days.
    """
    n = len(entry)
    drop, rescue = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if not ((loose & (entry >= 0)).any() or ((doubt >= 0) & (entry < 0)).any()):
        return drop, rescue
    # each distinct date and account converted once
    day_of, days = pd.factorize(pd.Series(dates).reset_index(drop=True), use_na_sentinel=True)
    unique_days = pd.to_datetime(pd.Series(days), errors="coerce")
    known = (day_of >= 0) & unique_days.notna().to_numpy()[np.maximum(day_of, 0)]
    loose = loose & (entry >= 0) & known
    doubted = (doubt >= 0) & (entry < 0) & known
    if not loose.any() and not doubted.any():
        return drop, rescue
    ordinal_of = unique_days.to_numpy(dtype="datetime64[D]").astype(np.int64)
    ordinal = np.where(known, ordinal_of[np.maximum(day_of, 0)], 0)
    ordinal -= ordinal[known].min()
    code, names = pd.factorize(pd.Series(accounts, dtype=object))
    holder_of, _ = pd.factorize(np.array([moved.get(a, a) for a in names], dtype=object))
    account_of = holder_of[code].astype(np.int64)
    history = (account_of, ordinal, amounts, drift, metered, every_days)
    if doubted.any():
        rescue = doubted & _renewed(np.where(entry >= 0, entry, doubt), doubted, *history)
        entry = np.where(rescue, doubt, entry)
    if not loose.any():
        return drop, rescue
    renewed = _renewed(entry, loose, *history)
    # the account's statements: from its first to its last dated row
    span = pd.DataFrame({"a": account_of[known], "d": ordinal[known]}).groupby("a")["d"]
    accounts_n = int(account_of.max()) + 1
    first = span.min().reindex(range(accounts_n)).to_numpy()
    last = span.max().reindex(range(accounts_n)).to_numpy()
    rows = np.flatnonzero(loose)
    a, reach = account_of[rows], every_days[entry[rows]] + window(every_days[entry[rows]])
    judged = (ordinal[rows] + reach <= last[a]) | (ordinal[rows] - reach >= first[a])
    ok = renewed[rows]
    record = pd.DataFrame({"entry": entry[rows], "key": keys[rows], "renewal": ok,
                           "purchase": judged & ~ok})
    track = record.groupby(["entry", "key"], sort=False)[["renewal", "purchase"]].transform("sum")
    renewals, purchases = track["renewal"].to_numpy(), track["purchase"].to_numpy()
    renews_elsewhere = renewals >= np.maximum(purchases, 1)  # mostly a plan's descriptor
    a_shop = ((purchases > renewals) | _shop_words(words[rows], ok, judged)) & ~renews_elsewhere
    drop[rows] = ~ok & ~renews_elsewhere & (judged | a_shop)
    return drop, rescue


def _shop_words(words: np.ndarray, renewal: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """Rows with a word (beyond their entry's name) that, across every entry, came only
    with purchases where it could be judged (at least ``SHOP_WORD`` of them) and never
    with a renewal: ``store`` in ``lowex store``, ``zarros store``, ``simmizar store``."""
    table = pd.DataFrame({"row": np.arange(len(words)), "word": words, "renewal": renewal,
                          "purchase": judged & ~renewal})
    table["word"] = table["word"].str.split()
    table = table.explode("word").dropna(subset=["word"])
    if table.empty:
        return np.zeros(len(words), dtype=bool)
    record = table.groupby("word").agg(renewal=("renewal", "any"), purchases=("purchase", "sum"))
    shop = record.index[(record["purchases"] >= SHOP_WORD) & ~record["renewal"]]
    out = np.zeros(len(words), dtype=bool)
    out[table.loc[table["word"].isin(shop), "row"].to_numpy(dtype=np.intp)] = True
    return out


def _renewed(entry: np.ndarray, todo: np.ndarray, account_of: np.ndarray,
             ordinal: np.ndarray, amounts: np.ndarray, drift: np.ndarray,
             metered: np.ndarray, every_days: np.ndarray) -> np.ndarray:
    """Rows of ``todo`` that renew a plan of their entry on their account: a charge one
    cadence before or after is linked to the same entry there within ``RECUR_GATE``, and
    an amount the plan charged at least twice there is within it too (a plan repeats its
    price; two purchases a month apart do not); a credit, when a charge of the entry in the
    cadence before it is no smaller (it refunds that charge).

    More than ``BUSY`` charges of the entry on the account in one renewal window are a
    shop's trade, not renewals, and are not looked into: the work grows with the rows,
    not their square."""
    out = np.zeros(len(entry), dtype=bool)
    linked = np.flatnonzero((entry >= 0) & (amounts < 0))
    rows = np.flatnonzero(todo & (entry >= 0))
    if not len(linked) or not len(rows):
        return out
    width = int(account_of.max()) + 1
    group = entry.astype(np.int64) * width + account_of  # (entry, account) as one integer
    # days padded by the longest reach, so that no window runs into the next group's days
    pad = int(np.ceil((every_days[entry[rows]] * 2).max())) + SLACK_DAYS + 1
    ordinal = ordinal + pad
    scale = int(ordinal.max()) + pad + 1
    key = group[linked] * scale + ordinal[linked]
    order = np.argsort(key, kind="stable")
    sorted_rows, sorted_key = linked[order], key[order].astype(np.float64)
    cadence = every_days[entry[rows]]
    slack = window(cadence)
    credit = amounts[rows] > 0
    base = (group[rows] * scale + ordinal[rows]).astype(np.float64)
    windows = []
    for sign in (1, -1):
        low = np.where(credit, -cadence - slack, sign * cadence - slack)
        high = np.where(credit, 0, sign * cadence + slack)
        windows.append((np.searchsorted(sorted_key, base + low, side="left"),
                        np.searchsorted(sorted_key, base + high, side="right")))
    busy = np.zeros(len(rows), dtype=bool)
    for lo, hi in windows:  # busy on either side (the other may be the statements' edge)
        busy |= hi - lo > BUSY
    found = np.zeros(len(rows), dtype=bool)
    for lo, hi in windows:
        hi = np.where(busy, lo, hi)
        for part in range(0, len(rows), _BLOCK):  # at most BUSY x _BLOCK pairs at once
            at = slice(part, part + _BLOCK)
            found[at] |= _near_any(rows[at], lo[at], hi[at], sorted_rows, amounts, metered)
    priced = _plan_priced(group, linked, rows, amounts, ordinal)
    out[rows] = found & (priced | drift[rows] | metered[rows] | credit)
    return out


BUSY = 12  # charges of one entry on one account in one renewal window: a shop's trade
_BLOCK = 1 << 17  # rows compared at once


def _near_any(rows: np.ndarray, lo: np.ndarray, hi: np.ndarray, sorted_rows: np.ndarray,
              amounts: np.ndarray, metered: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` has, among the charges ``sorted_rows[lo:hi]`` (its window),
    another within ``RECUR_GATE`` of its amount (any amount for a ``metered`` entry; for a
    credit, a charge it does not exceed by more than that)."""
    n = hi - lo
    if not n.sum():
        return np.zeros(len(rows), dtype=bool)
    which = np.repeat(np.arange(len(rows)), n)
    at = sorted_rows[np.repeat(lo - np.r_[0, np.cumsum(n)[:-1]], n) + np.arange(n.sum())]
    mine, theirs = amounts[rows][which], -amounts[at]
    near = np.where(mine > 0, mine * 100 <= theirs * (100 + RECUR_GATE),
                    np.abs(theirs + mine) * 100 <= RECUR_GATE * -mine)
    near = (near | metered[rows][which]) & (at != rows[which])
    return np.bincount(which[near], minlength=len(rows)) > 0


def _plan_priced(group: np.ndarray, linked: np.ndarray, rows: np.ndarray,
                 amounts: np.ndarray, ordinal: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` is at a plan's price in its ``group`` (entry and account): an
    amount the ``linked`` charges there hold at least twice; or, for the group's latest
    charge, within ``RECUR_GATE`` of one (a price step that has not renewed yet)."""
    limit = np.int64(1) << 40  # amounts above 10^12 minor units are not plans
    charges = pd.DataFrame({"g": group[linked], "x": np.minimum(-amounts[linked], limit - 1)})
    counts = charges.value_counts()
    plans = counts[counts >= 2].reset_index()[["g", "x"]].to_numpy(dtype=np.int64)
    if not len(plans):
        return np.zeros(len(rows), dtype=bool)
    keys = np.sort(plans[:, 0] * limit + plans[:, 1])
    g, x = group[rows], np.minimum(np.abs(amounts[rows]), limit - 1)
    at = np.searchsorted(keys, g * limit + x)
    own = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == g * limit + x)
    newest = pd.Series(ordinal[linked]).groupby(group[linked]).max()
    latest = ordinal[rows] >= newest.reindex(g).to_numpy()
    near = np.zeros(len(rows), dtype=bool)
    for k in (at - 1, at):
        other = keys[np.clip(k, 0, len(keys) - 1)]
        near |= ((k >= 0) & (k < len(keys)) & (other // limit == g)
                 & (np.abs(other % limit - x) * 100 <= RECUR_GATE * x))
    return own | (latest & near)
