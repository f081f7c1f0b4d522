"""Link transactions to catalogue entries and apply ``rules.yaml``.

For each transaction:

1. a rule with ``then: {subscription: NAME}`` links it (``match_method`` ``rule``, score 100);
2. else the catalogue entries whose names are found in it are its candidates, all together:
   those with a ``patterns`` regular expression found in the raw description (``pattern``,
   score 100, less when the match starts or ends inside a word, as for aliases), and those
   whose ``match`` aliases score at least ``match.min_score`` against the merchant key
   (``fuzzy``). Aliases are cleaned like descriptors (``Microsoft 365`` is ``microsoft``, as
   ``MICROSOFT*365`` is), and an inexact alias must differ from the key only by spacing or
   by truncation (``zenbel musi``), never by a letter (``zenbol music`` is another name);
3. a candidate whose name is contained in another candidate's longer name gives way to it
   (``box`` to ``britbox``, ``disney plus`` to ``disney plus hotstar``);
4. the amount: a candidate with a price is dropped when the charge is more than
   ``AMOUNT_GATE`` (50%) away from every price it had (``amount`` and ``history``; a credit
   when it is more than 50% over them: a partial refund is any part of a price), unless
   its name alone decides: an alias that is the whole merchant key, no other entry claiming
   it (a price rise is then flagged by detect, not lost). So a brand's one-off purchase
   (``SPOTIFY MERCH`` at 35.00) is not its subscription, and a descriptor several entries
   share (``APPLE.COM/BILL``) is told apart by amount or not linked. An entry with no
   price is gated by the plan prices learned from its renewals under its whole name
   (amounts charged at least twice), once it has any;
5. of what is left, the best: the highest score (within ``TIE`` points), then the entry on
   the transaction's account, then the longer (more specific) name, then the nearest amount,
   then the first in the catalogue;
6. a second look at what name and amount left open, in the account's history
   (``recurrence``): a link by a name inside a longer descriptor at none of the entry's
   prices stays only if it renews a plan on its account (a brand's shop purchase does
   not), and a charge kept out only by a plan price learned on other cards is linked when
   it renews one on its own (another plan).

Patterns (RE2, all at once: ``recon.regex.hits``) and aliases are checked once per unique
description or merchant key, and each distinct situation (candidates, account, amount,
currency) is decided once, so the cost grows with the number of distinct merchants, not of
transactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import drift, money
from ..cleaner import clean_descriptor
from ..regex import hits
from ..rulebook import Rule, Rulebook, Subscription
from . import fuzzy, recurrence
from .rules import apply_rules, evaluate, failed_tests

__all__ = ["MATCH_COLUMNS", "Candidate", "Explanation", "explain", "match_subscriptions"]

MATCH_COLUMNS = ("subscription", "match_score", "match_method", "category", "ignore", "raised",
                 "rule_source")
TIE = 3
AMOUNT_GATE = 50  # percent of the price


@dataclass(frozen=True)
class Candidate:
    """A catalogue entry scored against one transaction."""

    entry: int
    score: int
    method: str
    length: int = 0  # of the alias or pattern match that scored: longer is more specific
    name: str = ""  # that alias or matched text, folded, without spaces
    whole: bool = False  # the alias is the whole merchant key (spacing aside)


def alias_key(alias: str) -> str:
    """An alias as the statements' merchant keys are made: ``"Microsoft 365"`` ->
    ``"microsoft"``, ``"netflix.com"`` -> ``"netflix"``."""
    return fuzzy.fold(clean_descriptor(alias))


def _aliases(book: Rulebook) -> tuple[list[str], list[int]]:
    texts, owners = [], []
    for i, sub in enumerate(book.subscriptions):
        for alias in sub.match:
            folded = alias_key(alias)
            if folded:
                texts.append(folded)
                owners.append(i)
    return texts, owners


def _entry_pairs(keys: list[str], book: Rulebook, cutoff: int) -> pd.DataFrame:
    """The (key, entry) pairs scoring at least ``cutoff`` whose alias differs from the key by
    noise only (``fuzzy.noise_only``): key index, entry index, the entry's best alias score,
    that alias's length and its text (the first alias among equals)."""
    aliases, owners = _aliases(book)
    if not keys or not aliases:
        return pd.DataFrame({"key": [], "entry": [], "score": [], "length": [], "alias": []})
    folded = [fuzzy.fold(k) for k in keys]
    rows, cols, found = fuzzy.pairs(folded, aliases, cutoff, each_word=False)
    exact = found >= 100
    for p in np.flatnonzero(~exact).tolist():
        exact[p] = fuzzy.noise_only(folded[rows[p]], aliases[cols[p]])
    rows, cols, found = rows[exact], cols[exact], found[exact]
    frame = pd.DataFrame({"key": rows, "entry": np.array(owners, dtype=np.intp)[cols],
                          "index": cols, "score": found.astype(np.int64),
                          "length": np.array([len(a) for a in aliases], dtype=np.int64)[cols]})
    frame = frame.sort_values(["key", "entry", "score", "length", "index"],
                              ascending=[True, True, False, False, True], kind="stable")
    frame = frame.drop_duplicates(["key", "entry"])
    frame["alias"] = [aliases[j] for j in frame["index"].tolist()]
    return frame[["key", "entry", "score", "length", "alias"]]


_LONG = ("entry", "score", "method", "length", "name", "whole")


def _fuzzy_long(keys: list[str], book: Rulebook) -> pd.DataFrame:
    """The entries whose aliases match each key: ``key`` (index) and the candidate's fields."""
    found = _entry_pairs(keys, book, book.settings.min_score)
    names = np.array([a.replace(" ", "") for a in found["alias"].tolist()], dtype=object)
    compact = np.array([fuzzy.fold(keys[k]).replace(" ", "") for k in found["key"].tolist()],
                       dtype=object)
    return pd.DataFrame({"key": found["key"].to_numpy(dtype=np.intp),
                         "entry": found["entry"].to_numpy(dtype=np.intp),
                         "score": found["score"].to_numpy(dtype=np.int64), "method": "fuzzy",
                         "length": found["length"].to_numpy(dtype=np.int64),
                         "name": names, "whole": (names == compact).astype(bool)})


def _pattern_long(texts: list[str], book: Rulebook) -> pd.DataFrame:
    """The entries with a pattern found in each text: ``text`` (index) and the candidate's
    fields. A match is scored like an alias: less when it starts or ends inside a word
    (``BOX\\.COM`` in ``BRITBOX.COM``); its name is the text it matched."""
    owned = [(i, p) for i, s in enumerate(book.subscriptions) for p in s.patterns]
    empty = pd.DataFrame({"text": np.zeros(0, dtype=np.intp), "entry": np.zeros(0, dtype=np.intp),
                          "score": np.zeros(0, dtype=np.int64), "method": "pattern",
                          "length": np.zeros(0, dtype=np.int64),
                          "name": np.zeros(0, dtype=object), "whole": np.zeros(0, dtype=bool)})
    if not owned or not texts:
        return empty
    array = pa.array(texts, pa.string())
    rows, cols = hits([p for _, p in owned], array)
    if not len(rows):
        return empty
    order = np.argsort(cols, kind="stable")
    rows, cols = rows[order], cols[order]
    firsts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    # each pattern marks its match in the texts it matched; the look-arounds then run once
    marked = pa.concat_arrays([
        owned[cols[a]][1].marked(array.take(pa.array(rows[a:b])))
        for a, b in zip(firsts.tolist(), [*firsts[1:].tolist(), len(rows)], strict=True)])
    inside = (pc.match_substring_regex(marked, _MID_START).to_numpy(zero_copy_only=False)
              * fuzzy.MID_WORD
              + pc.match_substring_regex(marked, _MID_END).to_numpy(zero_copy_only=False)
              * fuzzy.WORD_PREFIX)
    span = pc.struct_field(pc.extract_regex(marked, _SPAN), [0])
    return pd.DataFrame({
        "text": rows, "entry": np.array([e for e, _ in owned], dtype=np.intp)[cols],
        "score": 100 - inside.astype(np.int64), "method": "pattern",
        "length": pc.utf8_length(span).to_numpy(zero_copy_only=False).astype(np.int64),
        "name": span.to_numpy(zero_copy_only=False), "whole": False})


# around a match marked by Regex.marked: a letter or digit on both sides of its start or end
_MID_START = "[\\pL\\pN]\ue000[\\pL\\pN]"
_MID_END = "[\\pL\\pN]\ue001[\\pL\\pN]"
_SPAN = "\ue000(?P<span>(?s:.)*?)\ue001"


def _pooled(cands: list[Candidate]) -> tuple[Candidate, ...]:
    """One candidate per entry (its best), less those whose name another candidate's longer
    name contains; ``whole`` kept only where one entry is left to claim the whole key."""
    best: dict[int, Candidate] = {}
    for c in cands:
        old = best.get(c.entry)
        if old is None or (c.score, c.length) > (old.score, old.length):
            best[c.entry] = c
    kept = [c for c in best.values()
            if not any(c.name and len(o.name) > len(c.name) and c.name in o.name
                       for o in best.values())]
    if len(kept) > 1:
        kept = [Candidate(c.entry, c.score, c.method, c.length, c.name, False) for c in kept]
    return tuple(sorted(kept, key=lambda c: (-c.score, c.entry)))


def _amount_minor(value: object, currency: str) -> int:
    return int(value.scaleb(money.exponent(currency)).to_integral_value())  # type: ignore[attr-defined]


def _prices(sub: Subscription, currency: str) -> list[int]:
    """The entry's prices (current and past) in ``currency`` minor units; none when it has
    no price or is billed in another currency."""
    if sub.amount is None or sub.currency not in (None, currency) or not money.is_currency(
            currency):
        return []
    return [_amount_minor(a, currency) for a in (sub.amount, *(a for _, a in sub.history))]


Learned = dict[tuple[int, str], list[int]]


LEARNED_GATE = 20  # percent: a learned price is what was charged, not a catalogue's guess


def _learned(set_of: np.ndarray, sets: list[tuple[Candidate, ...]], amounts: np.ndarray,
             currencies: np.ndarray, book: Rulebook) -> Learned:
    """The plan prices of entries with no price, learned from the ledger: the amounts
    charged at least twice (a renewal; once for a plan billed every six months or less
    often) under a merchant name that alone decides the entry (an alias that is the whole
    key). They gate the entry's looser matches, more closely than a written price
    (``LEARNED_GATE``): ``HEXPEX MERCH`` at 35.00 is not the 9.99 plan of ``Hexpex``."""
    whole = np.array([len(s) == 1 and s[0].whole for s in sets] + [False], dtype=bool)
    rows = np.flatnonzero(whole[set_of] & (set_of >= 0) & (amounts < 0))
    if not len(rows):
        return {}
    entry = np.array([s[0].entry if len(s) == 1 else -1 for s in sets], dtype=np.int64)
    counts = pd.DataFrame({"entry": entry[set_of[rows]], "currency": currencies[rows],
                           "price": -amounts[rows]}).value_counts()
    learned: Learned = {}
    table = counts.reset_index(name="n")
    for e, cur, price, n in zip(table["entry"].tolist(), table["currency"].tolist(),
                                table["price"].tolist(), table["n"].tolist(), strict=True):
        rare = book.subscriptions[int(e)].every.days >= 180
        if n >= 2 or rare:  # a monthly price charged once is a purchase, not yet a plan
            learned.setdefault((int(e), str(cur)), []).append(int(price))
    return learned


def _plausible(cands: Sequence[Candidate], book: Rulebook, amount: int,
               currency: str, learned: Learned | None = None) -> list[Candidate]:
    """The candidates the amount allows (``AMOUNT_GATE``): a name that alone decides
    (``whole``) is kept whatever the amount. An entry with no price is gated by the plan
    prices ``learned`` from its own renewals, when it has any."""
    kept = []
    for c in cands:
        prices, gate = _gate(c, book, currency, learned)
        if not c.whole and prices and not any(_near(amount, p, gate) for p in prices):
            continue
        kept.append(c)
    return kept


def _gate(c: Candidate, book: Rulebook, currency: str,
          learned: Learned | None) -> tuple[list[int], int]:
    """The prices that gate candidate ``c`` in ``currency`` and how closely: the entry's
    own (``AMOUNT_GATE``), else those learned from its renewals (``LEARNED_GATE``)."""
    sub = book.subscriptions[c.entry]
    prices = _prices(sub, currency)
    if not prices and sub.amount is None and learned:
        return learned.get((c.entry, currency), []), LEARNED_GATE
    return prices, AMOUNT_GATE


def _loose(c: Candidate, book: Rulebook, amount: int, currency: str,
           learned: Learned | None) -> bool:
    """Linked by a name inside a longer descriptor at an amount that is none of the
    entry's prices (its own, or learned): its account's history is asked whether it is a
    renewal (``recurrence.unconfirmed``)."""
    if c.whole:
        return False
    sub = book.subscriptions[c.entry]
    prices = _prices(sub, currency) + (learned or {}).get((c.entry, currency), [])
    return abs(amount) not in prices


def _near(amount: int, price: int, gate: int = AMOUNT_GATE) -> bool:
    """A charge within ``gate`` percent of ``price``; a credit up to that much over it (a
    partial refund is any part of the price)."""
    if amount > 0:
        return amount * 100 <= price * (100 + gate)
    return abs(-amount - price) * 100 <= price * gate


def _best(cands: list[Candidate], book: Rulebook, account: str, amount: int,
          currency: str) -> Candidate | None:
    if len(cands) < 2:
        return cands[0] if cands else None
    top = max(c.score for c in cands)
    tied = [c for c in cands if c.score >= top - TIE]

    def rank(c: Candidate) -> tuple[int, int, int, int]:
        sub = book.subscriptions[c.entry]
        on_account = 0 if sub.account is None or sub.account == account else 1
        prices = _prices(sub, currency)
        gap = min(abs(abs(amount) - p) for p in prices) if prices else 1 << 62
        return (on_account, -c.length, gap, c.entry)

    return min(tied, key=rank)


def _factorize(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each value's index among the distinct texts of ``column``, and those texts."""
    codes, uniques = column.factorize(use_na_sentinel=False)
    return codes.astype(np.intp), [u if isinstance(u, str) else str(u) for u in uniques.tolist()]


def _candidates(frame: pd.DataFrame, book: Rulebook) -> tuple[np.ndarray,
                                                              list[tuple[Candidate, ...]]]:
    """Each row's candidate set, as an index into the list of distinct sets (-1: none).

    A set depends on the row's description (patterns) and merchant key (aliases): each
    distinct pair is pooled once; a pair with one candidate (nearly all) without Python."""
    n = len(frame)
    if any(s.patterns for s in book.subscriptions):
        text_of, texts = _factorize(frame["description_raw"])
    else:  # no entry has patterns: the texts are not looked at
        text_of, texts = np.zeros(n, dtype=np.intp), [""]
    key_of, keys = _factorize(frame["merchant_key"])
    by_key = _fuzzy_long(keys, book)
    by_text = _pattern_long(texts, book)
    rows = np.flatnonzero(np.isin(text_of, by_text["text"].to_numpy())
                          | np.isin(key_of, by_key["key"].to_numpy()))
    set_of = np.full(n, -1, dtype=np.intp)
    if not len(rows):
        return set_of, []
    pair_of, pairs = pd.factorize(text_of[rows].astype(np.int64) * len(keys) + key_of[rows])
    subjects = pd.DataFrame({"subject": np.arange(len(pairs)), "text": pairs // len(keys),
                             "key": pairs % len(keys)})
    long = pd.concat([subjects.merge(by_text, on="text"), subjects.merge(by_key, on="key")],
                     ignore_index=True)[["subject", *_LONG]]
    long = long.sort_values(["subject", "entry", "score", "length"],
                            ascending=[True, True, False, False], kind="stable")
    long = long.drop_duplicates(["subject", "entry"])
    size = long.groupby("subject")["entry"].transform("size").to_numpy()
    sets: dict[tuple[Candidate, ...], int] = {}
    set_of_subject = np.empty(len(pairs), dtype=np.intp)
    one = long[size == 1]
    code, uniques = pd.factorize(pd.MultiIndex.from_arrays(
        [one["entry"], one["score"], one["method"], one["whole"]]))
    for u, (entry, score, method, whole) in enumerate(uniques.tolist()):
        sets[(Candidate(int(entry), int(score), str(method), 0, "", bool(whole)),)] = u
    set_of_subject[one["subject"].to_numpy()] = code
    several = long[size > 1]  # sorted by subject: each subject's rows are together
    subject_ids = several["subject"].to_numpy()
    columns = [several[c].tolist() for c in _LONG]
    bounds = np.flatnonzero(np.r_[True, subject_ids[1:] != subject_ids[:-1], True]).tolist() \
        if len(subject_ids) else [0]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        pooled = _pooled([Candidate(int(e), int(sc), str(m), int(ln), str(nm or ""), bool(w))
                          for e, sc, m, ln, nm, w in zip(*(col[a:b] for col in columns),
                                                         strict=True)])
        bare = tuple(replace(c, name="") for c in pooled)
        set_of_subject[subject_ids[a]] = sets.setdefault(bare, len(sets))
    set_of[rows] = set_of_subject[pair_of]
    return set_of, list(sets)


def _added_words(keys: np.ndarray, found: _Decided, book: Rulebook) -> np.ndarray:
    """For each loose row, the words of its merchant key that are not in its entry's
    name or aliases (cleaned like keys), space separated; ``""`` for the other rows."""
    out = np.full(len(keys), "", dtype=object)
    rows = np.flatnonzero(found.loose & (found.entry >= 0))
    if not len(rows):
        return out
    pairs, index = pd.factorize(pd.MultiIndex.from_arrays([keys[rows], found.entry[rows]]))
    own: dict[int, set[str]] = {}
    added = []
    for key, e in index.tolist():
        if e not in own:
            sub = book.subscriptions[e]
            own[e] = {w for text in (sub.name, *sub.match) for w in alias_key(text).split()}
        added.append(" ".join(w for w in str(key).split() if w not in own[e]))
    out[rows] = np.array(added, dtype=object)[pairs]
    return out


def _drifts(entry: np.ndarray, doubt: np.ndarray, frame: pd.DataFrame,
            book: Rulebook, asked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose amount need not repeat: their entry (or doubted entry) is priced in
    another currency than the row's (converted at each charge's rate), or states no
    currency and its charges on the row's account wander as a converted price does
    (``_wandering``, for the rows ``asked`` about); and rows of an entry that allows drift
    (``tolerance``: a metered bill)."""
    stated = np.array([s.currency if s.currency_stated else None for s in book.subscriptions]
                      + [None], dtype=object)
    metered = np.array([s.tolerance is not None for s in book.subscriptions] + [False])
    which = np.where(entry >= 0, entry, doubt)  # -1: the trailing None and False
    own = stated[which]
    foreign = pd.notna(own) & (own != frame["currency"].to_numpy(dtype=object))
    return foreign | _wandering(which, frame, book, asked), metered[which]


def _wandering(which: np.ndarray, frame: pd.DataFrame, book: Rulebook,
               asked: np.ndarray) -> np.ndarray:
    """Rows (of those ``asked`` about) of an entry with no stated currency whose charges on
    the row's account (in the row's currency, oldest first) wander (``drift.wanders``):
    billed in another currency."""
    out = np.zeros(len(which), dtype=bool)
    unstated = np.array([not s.currency_stated for s in book.subscriptions] + [False])
    amounts = frame["amount_minor"].to_numpy(dtype=np.int64)
    rows = np.flatnonzero(unstated[which] & (which >= 0) & (amounts < 0))
    if len(rows) < drift.WANDER_MIN or not asked[rows].any():
        return out
    accounts = frame["account"].to_numpy(dtype=object)[rows]
    currencies = frame["currency"].to_numpy(dtype=object)[rows]
    codes = pd.MultiIndex.from_arrays([which[rows], accounts, currencies]).factorize()[0]
    rows = rows[np.isin(codes, codes[asked[rows]])]  # only the groups a row is asked about
    part = pd.DataFrame({"entry": which[rows], "account": frame["account"].to_numpy(
        dtype=object)[rows], "currency": frame["currency"].to_numpy(dtype=object)[rows],
        "date": frame["posted_date"].to_numpy(dtype=object)[rows], "amount": amounts[rows],
        "row": rows}).sort_values("date", kind="stable")
    fx = book.settings.fx_tolerance
    for (_, _, currency), seat in part.groupby(["entry", "account", "currency"], sort=False):
        if len(seat) >= drift.WANDER_MIN and drift.wanders(
                (-seat["amount"]).tolist(), str(currency), fx):
            out[seat["row"].to_numpy(dtype=np.intp)] = True
    return out


@dataclass
class _Decided:
    """Per transaction row: the entry linked (-1: none), its score, method, whether the
    link is ``loose`` (``_loose``), and the entry only a learned price kept it from
    (``doubt``, -1: none) with that candidate's score and method."""

    entry: np.ndarray
    score: np.ndarray
    method: np.ndarray
    loose: np.ndarray
    doubt: np.ndarray
    doubt_score: np.ndarray
    doubt_method: np.ndarray


def _decide(todo: np.ndarray, set_of: np.ndarray, sets: list[tuple[Candidate, ...]],
            accounts: np.ndarray, amounts: np.ndarray, currencies: np.ndarray,
            book: Rulebook) -> _Decided:
    """The best candidate of each ``todo`` row. The outcome depends on the candidates,
    account (when several), amount and currency only: each case is decided once (a monthly
    charge once, not once per month)."""
    n = len(set_of)
    out = _Decided(np.full(n, -1, dtype=np.intp), np.zeros(n, dtype=np.int64),
                   np.full(n, "none", dtype=object), np.zeros(n, dtype=bool),
                   np.full(n, -1, dtype=np.intp), np.zeros(n, dtype=np.int64),
                   np.full(n, "none", dtype=object))
    rows = np.flatnonzero(todo)
    if not len(rows):
        return out
    several = np.array([len(c) > 1 for c in sets], dtype=bool)
    cases = pd.DataFrame({"set": set_of[rows],
                          "account": np.where(several[set_of[rows]], accounts[rows], ""),
                          "amount": amounts[rows], "currency": currencies[rows]})
    case_of = cases.groupby(list(cases.columns), sort=False).ngroup().to_numpy()
    firsts = rows[np.unique(case_of, return_index=True)[1]]  # a row of each case, in order
    case = _Decided(*(np.empty(len(firsts), dtype=a.dtype) for a in vars(out).values()))
    learned = _learned(set_of, sets, amounts, currencies, book)
    for c, i in enumerate(firsts.tolist()):
        amount, currency, account = int(amounts[i]), str(currencies[i]), str(accounts[i])
        cands = _plausible(sets[set_of[i]], book, amount, currency)
        kept = _plausible(cands, book, amount, currency, learned)
        best = _best(kept, book, account, amount, currency)
        doubt = None if best is not None or len(kept) == len(cands) else _best(
            [x for x in cands if x not in kept], book, account, amount, currency)
        case.entry[c], case.score[c], case.method[c] = (
            (best.entry, best.score, best.method) if best else (-1, 0, "none"))
        case.loose[c] = best is not None and _loose(best, book, amount, currency, learned)
        case.doubt[c], case.doubt_score[c], case.doubt_method[c] = (
            (doubt.entry, doubt.score, doubt.method) if doubt else (-1, 0, "none"))
    for name, values in vars(case).items():
        getattr(out, name)[rows] = values[case_of]
    return out


def match_subscriptions(frame: pd.DataFrame, book: Rulebook) -> pd.DataFrame:
    """``frame`` with the columns of ``MATCH_COLUMNS`` added.

    Args:
        frame: canonical transactions (``merchant_key`` filled in by normalise).
        book: the workspace's catalogue, rules and settings.

    Returns:
        A new frame: ``subscription`` (entry name or None), ``match_score`` (0-100),
        ``match_method`` (rule, pattern, fuzzy, none), ``category``, ``ignore`` (flag types
        the rules ignore, comma-separated, or ``all``), ``raised`` (numbers of the rules that
        raise a flag) and ``rule_source`` (file:line of the linking rule).
    """
    out = frame.copy(deep=False)  # new columns only: the frame's own are never written
    ruled = apply_rules(frame, book.rules)
    n = len(frame)
    set_of, sets = _candidates(frame, book)
    names = [s.name for s in book.subscriptions]
    subscription = np.full(n, None, dtype=object)
    score = np.zeros(n, dtype=np.int64)
    method = np.full(n, "none", dtype=object)
    links = ruled["rule_subscription"].to_numpy(dtype=object)
    linked = pd.notna(links)
    link_of, link_names = pd.factorize(links[linked])
    entries = [book.subscription(link) for link in link_names.tolist()]
    subscription[linked] = np.array([entry.name if entry else link for entry, link in zip(
        entries, link_names.tolist(), strict=True)], dtype=object)[link_of]
    score[linked], method[linked] = 100, "rule"
    todo = ~linked & (set_of >= 0)
    amounts = frame["amount_minor"].to_numpy(dtype=np.int64)
    accounts = frame["account"].to_numpy(dtype=object)
    found = _decide(todo, set_of, sets, accounts, amounts,
                    frame["currency"].to_numpy(dtype=object), book)
    position = {name: i for i, name in enumerate(names)}
    found.entry[linked] = [position.get(s, -1) for s in subscription[linked]]
    # a second look at what the name and amount alone left open: the account's history
    keys = frame["merchant_key"].to_numpy(dtype=object)
    drop = rescue = np.zeros(n, dtype=bool)
    if found.loose.any() or (found.doubt >= 0).any():
        drop, rescue = recurrence.review(
            found.entry, found.loose, found.doubt, keys, _added_words(keys, found, book),
            accounts, frame["posted_date"], amounts,
            *_drifts(found.entry, found.doubt, frame, book, found.loose | (found.doubt >= 0)),
            np.array([s.every.days for s in book.subscriptions] or [0.0]),
            book.settings.holders())
    found.entry[drop] = -1
    found.entry[rescue] = found.doubt[rescue]
    found.score[rescue] = found.doubt_score[rescue]
    found.method[rescue] = found.doubt_method[rescue]
    named = todo & (found.entry >= 0)
    subscription[named] = np.array(names, dtype=object)[found.entry[named]]
    score[named], method[named] = found.score[named], found.method[named]
    out["subscription"] = pd.Series(subscription, index=frame.index, dtype="object")
    out["match_score"] = pd.Series(score, index=frame.index, dtype="int64")
    out["match_method"] = pd.Series(method, index=frame.index, dtype="object")
    categories = {s.name: s.category for s in book.subscriptions}
    out["category"] = ruled["category"].where(ruled["category"].notna(),
                                              out["subscription"].map(categories))
    out["ignore"] = ruled["ignore"]
    out["raised"] = ruled["raised"]
    out["rule_source"] = ruled["rule_source"]
    return out


@dataclass
class Explanation:
    """Why one transaction matched what it matched (``recon rules test``)."""

    merchant_key: str
    subscription: str | None
    score: int
    method: str
    category: str | None
    ignore: str
    rules: list[tuple[Rule, list[str]]] = field(default_factory=list)  # rule, failed tests
    candidates: list[tuple[Subscription, int, str]] = field(default_factory=list)


def explain(row: pd.DataFrame, book: Rulebook, limit: int = 3) -> Explanation:
    """Match a one-row frame and say why: each rule with the tests that failed, and the
    nearest catalogue entries with their scores and why they did not win."""
    matched = match_subscriptions(row, book).iloc[0]
    key = str(row["merchant_key"].iloc[0])
    text = str(row["description_raw"].iloc[0])
    rules = [(r, [] if bool(evaluate(row, r.condition).iloc[0]) else failed_tests(row, r.condition))
             for r in book.rules]
    aliases, owners = _aliases(book)
    best = [0] * len(book.subscriptions)
    if aliases:
        _, cols, found = fuzzy.pairs([fuzzy.fold(key)], aliases, 0, each_word=False)
        for j, score in zip(cols.tolist(), found.tolist(), strict=True):
            best[owners[j]] = max(best[owners[j]], score)
    long = pd.concat([_pattern_long([text], book), _fuzzy_long([key], book)])
    named = [Candidate(int(e), int(s), str(m), int(ln), str(nm or ""), bool(w))
             for e, s, m, ln, nm, w in zip(*(long[c].tolist() for c in _LONG), strict=True)]
    pooled = _pooled(named)
    amount, currency = int(row["amount_minor"].iloc[0]), str(row["currency"].iloc[0])
    allowed = {c.entry for c in _plausible(pooled, book, amount, currency)}
    longer = {c.entry: c.name for c in pooled}
    candidates = []
    for i, sub in enumerate(book.subscriptions):
        if sub.name == matched["subscription"]:
            continue
        mine = [c for c in named if c.entry == i]
        how = "pattern" if any(c.method == "pattern" for c in mine) else "alias"
        top = max([c.score for c in mine] + [best[i]])
        if mine and i not in longer:
            candidates.append((sub, top, f"{how} matches, but a longer name that contains it "
                               "matched too"))
        elif mine and i not in allowed:
            candidates.append((sub, top, f"{how} matches, but the amount is more than "
                               f"{AMOUNT_GATE}% away from its price"))
        elif mine:
            candidates.append((sub, top, f"{how} matches, but another entry won the tie "
                               "(score, account, longer name, then amount)"))
        elif best[i] >= book.settings.min_score:
            candidates.append((sub, best[i], "alias differs from the merchant by more than "
                               "spacing or truncation"))
        elif sub.match:
            candidates.append((sub, best[i], f"score {best[i]} is below match.min_score "
                               f"{book.settings.min_score}"))
    candidates.sort(key=lambda c: -c[1])
    return Explanation(
        merchant_key=key, subscription=matched["subscription"], score=int(matched["match_score"]),
        method=str(matched["match_method"]), category=matched["category"],
        ignore=str(matched["ignore"]), rules=rules, candidates=candidates[:limit],
    )
