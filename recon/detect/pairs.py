"""Charges that take no part in detection: those reversed by a refund, and payments between
the user's own accounts (a card repayment and its credit)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pandas as pd

from ..cleaner import merchant_key
from ..parsers import vocabulary
from ..rulebook import Settings


@functools.lru_cache(maxsize=1)
def _reversal_words() -> frozenset[str]:
    """The refund and reversal words of ``parsers/vocabulary.yaml``."""
    words = vocabulary.vocabulary()
    return frozenset(words.refund) | frozenset(words.reversal)


def refund_free(text: str) -> str | None:
    """The merchant key of a statement text without its refund or reversal words, or None
    when it has none: ``"REFUND TST* JOE'S DINER"`` -> ``"joe's diner"``, the key of the
    charge the refund reverses (the words go before the text is cleaned, so that a
    processor prefix after them goes too)."""
    words = _reversal_words()
    tokens = text.split()
    kept = [t for t in tokens if t.casefold().strip(":-*.,#") not in words]
    if len(kept) == len(tokens) or not kept:
        return None
    return merchant_key(" ".join(kept))


def refund_pairs(charges: pd.DataFrame, credits: pd.DataFrame, settings: Settings) -> set[str]:
    """Ids of charges fully reversed by a refund of the same amount (and of the refunds).

    Each refund cancels a charge before it with the same account, currency, subscription
    (or merchant) and amount, at most ``refund_days`` earlier: one of a double charge if
    there is one, else the latest. A merchant is compared without the refund or reversal
    words of the refund's text (``REFUND PANERA BREAD #9033`` reverses ``PANERA BREAD #9033``).
    """
    reversed_ids: set[str] = set()
    if charges.empty or credits.empty:
        return reversed_ids

    def keyed(f: pd.DataFrame, sign: int) -> pd.DataFrame:
        texts = f["description_raw"].fillna("").astype(str).tolist()
        free = {t: refund_free(t) for t in set(texts)}
        owner = [sub if isinstance(sub, str) and sub else "\x00" + (free[text] or str(key))
                 for sub, text, key in zip(f["subscription"].tolist(), texts,
                                           f["merchant_key"].tolist(), strict=True)]
        return pd.DataFrame({
            "key": list(zip(f["account"].tolist(), f["currency"].tolist(), owner,
                            (f["amount_minor"].astype(int) * sign).tolist(), strict=True)),
            "date": f["posted_date"], "txn": f["txn_id"]})

    # only a charge of an amount some credit has can be reversed by one
    charges = charges[(-charges["amount_minor"]).isin(credits["amount_minor"].unique())]
    refunds = keyed(credits, 1).sort_values(["date", "txn"], kind="stable")
    wanted = set(refunds["key"])
    pool: dict[tuple[object, ...], list[tuple[dt.date, str]]] = {}
    for key, date, txn in keyed(charges, -1).itertuples(index=False):
        if key in wanted:
            pool.setdefault(key, []).append((date, txn))
    for lst in pool.values():
        lst.sort()
    for key, date, txn in refunds.itertuples(index=False):
        own = settings.for_account(str(key[0]))
        window = dt.timedelta(days=own.refund_days)
        candidates = pool.get(key, [])
        inside = [i for i, (cdate, _) in enumerate(candidates) if date - window <= cdate <= date]
        if not inside:
            continue
        # a refund most likely reverses one of a double charge: prefer a charge with an
        # identical twin within duplicate.within_days, then the latest
        near = dt.timedelta(days=own.within_days)
        twinned = [i for i in inside
                   if any(j != i and abs(candidates[j][0] - candidates[i][0]) <= near
                          for j in inside)]
        i = (twinned or inside)[-1]
        reversed_ids.update((txn, candidates[i][1]))
        del candidates[i]
    return reversed_ids



def _columns(rows: pd.DataFrame) -> list[list[Any]]:
    """Account, currency, amount, date and id of each row, column-wise."""
    return [rows[c].tolist() for c in ("account", "currency", "amount_minor", "posted_date",
                                       "txn_id")]



def transfers(charges: pd.DataFrame, credits: pd.DataFrame, settings: Settings) -> set[str]:
    """Ids of payments between the user's own accounts: money out of one account matched by
    the same amount into another within ``transfer.match_days`` (a card repayment). A charge
    linked to a subscription is never one."""
    found: set[str] = set()
    if charges.empty or credits.empty:
        return found
    pool: dict[tuple[str, int], list[tuple[dt.date, str, str]]] = {}
    for account, currency, amount, date, txn in zip(*_columns(credits), strict=True):
        pool.setdefault((currency, int(amount)), []).append((date, str(account), txn))
    window = dt.timedelta(days=settings.match_days)
    # only a charge of an amount some credit has can be one half of a transfer
    charges = charges[charges["subscription"].isna()
                      & (-charges["amount_minor"]).isin(list({a for _, a in pool}))]
    for account, currency, amount, date, txn in zip(*_columns(charges), strict=True):
        candidates = pool.get((currency, -int(amount)), [])
        for i, (cdate, caccount, ctxn) in enumerate(candidates):
            if caccount != account and abs(cdate - date) <= window:
                found.update((txn, ctxn))
                del candidates[i]
                break
    return found
