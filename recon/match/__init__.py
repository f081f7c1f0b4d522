"""Link transactions to catalogue entries and apply ``rules.yaml``.

Order, for each transaction:

1. a rule with ``then: {subscription: NAME}`` links it (``match_method`` ``rule``, score 100);
2. else an entry whose ``patterns`` (regular expressions on the raw description) match;
3. else the entry whose ``match`` aliases score best against the merchant key, if the score
   reaches ``match.min_score`` (``fuzzy``; an alias found whole scores 100); an inexact
   match whose amount is more than 50% away from the entry's price is not taken;
4. else none.

When several entries tie (within ``TIE`` points), the one on the transaction's account wins,
then the one with the longer (more specific) alias, then the one whose amount is nearest,
then the first in the catalogue. Patterns and aliases
are checked once per unique description or merchant key, so the cost grows with the number of
distinct merchants, not of transactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import money
from ..rulebook import Rule, Rulebook, Subscription
from . import fuzzy
from .rules import apply_rules, evaluate, failed_tests

__all__ = ["MATCH_COLUMNS", "Candidate", "Explanation", "explain", "match_subscriptions"]

MATCH_COLUMNS = ("subscription", "match_score", "match_method", "category", "ignore", "raised",
                 "rule_source")
TIE = 3
AMOUNT_GATE = 0.5


@dataclass(frozen=True)
class Candidate:
    """A catalogue entry scored against one transaction."""

    entry: int
    score: int
    method: str
    length: int = 0  # of the alias that scored: a longer alias is the more specific entry


def _aliases(book: Rulebook) -> tuple[list[str], list[int]]:
    texts, owners = [], []
    for i, sub in enumerate(book.subscriptions):
        for alias in sub.match:
            folded = fuzzy.fold_alias(alias)
            if folded:
                texts.append(folded)
                owners.append(i)
    return texts, owners


def _entry_pairs(keys: list[str], book: Rulebook, cutoff: int) -> pd.DataFrame:
    """The (key, entry) pairs scoring at least ``cutoff``: key index, entry index, the
    entry's best alias score and that alias's length (the first alias among equals)."""
    aliases, owners = _aliases(book)
    if not keys or not aliases:
        return pd.DataFrame({"key": [], "entry": [], "score": [], "length": []}, dtype=np.int64)
    rows, cols, found = fuzzy.pairs([fuzzy.fold(k) for k in keys], aliases, cutoff)
    frame = pd.DataFrame({"key": rows, "entry": np.array(owners, dtype=np.intp)[cols],
                          "alias": cols, "score": found.astype(np.int64),
                          "length": np.array([len(a) for a in aliases], dtype=np.int64)[cols]})
    frame = frame.sort_values(["key", "entry", "score", "alias"],
                              ascending=[True, True, False, True], kind="stable")
    return frame.drop_duplicates(["key", "entry"])[["key", "entry", "score", "length"]]


def _fuzzy_table(keys: list[str], book: Rulebook) -> dict[str, list[Candidate]]:
    """merchant key -> candidates at or above the minimum score, best first."""
    table: dict[str, list[Candidate]] = {}
    found = _entry_pairs(keys, book, book.settings.min_score)
    for r, c, score, length in zip(*(found[n].tolist() for n in found.columns), strict=True):
        table.setdefault(keys[r], []).append(Candidate(c, score, "fuzzy", length))
    for cands in table.values():
        cands.sort(key=lambda x: (-x.score, x.entry))
    return table


def _pattern_table(texts: list[str], book: Rulebook) -> dict[str, list[Candidate]]:
    with_patterns = [(i, s) for i, s in enumerate(book.subscriptions) if s.patterns]
    table: dict[str, list[Candidate]] = {}
    if not with_patterns:
        return table
    for text in texts:
        hits = [Candidate(i, 100, "pattern") for i, s in with_patterns
                if any(p.search(text) for p in s.patterns)]
        if hits:
            table[text] = hits
    return table


def _amount_minor(sub: Subscription, currency: str) -> int | None:
    if sub.amount is None or not money.is_currency(currency):
        return None
    return int(sub.amount.scaleb(money.exponent(currency)).to_integral_value())


def _plausible(cands: list[Candidate] | None, book: Rulebook, amount: int,
               currency: str) -> list[Candidate] | None:
    """Inexact name matches whose price is far off (``AMOUNT_GATE``) are dropped: a merchant
    that merely looks like a subscription's name is not it when the amount is 5x the price."""
    if not cands:
        return cands
    kept = []
    for c in cands:
        sub = book.subscriptions[c.entry]
        expected = _amount_minor(sub, currency) if sub.currency in (None, currency) else None
        if c.score < 100 and expected and abs(abs(amount) - expected) > expected * AMOUNT_GATE:
            continue
        kept.append(c)
    return kept


def _tie_break(cands: list[Candidate], book: Rulebook, account: str, amount: int,
               currency: str) -> Candidate:
    best = cands[0].score
    tied = [c for c in cands if c.score >= best - TIE]
    if len(tied) == 1:
        return tied[0]

    def rank(c: Candidate) -> tuple[int, int, int, int]:
        sub = book.subscriptions[c.entry]
        on_account = 0 if sub.account is None or sub.account == account else 1
        expected = _amount_minor(sub, currency) if sub.currency in (None, currency) else None
        gap = abs(abs(amount) - expected) if expected is not None else 1 << 62
        return (on_account, -c.length, gap, c.entry)

    return min(tied, key=rank)


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
    out = frame.copy()
    ruled = apply_rules(frame, book.rules)
    n = len(frame)
    if any(s.patterns for s in book.subscriptions):
        text_of, texts = pd.factorize(
            frame["description_raw"].astype(str).to_numpy(dtype=object), use_na_sentinel=False)
    else:  # no entry has patterns: the texts are not looked at
        text_of, texts = np.zeros(n, dtype=np.intp), np.array([""], dtype=object)
    key_of, keys = pd.factorize(frame["merchant_key"].astype(str).to_numpy(dtype=object),
                                use_na_sentinel=False)
    fuzzy_table = _fuzzy_table(keys.tolist(), book)
    pattern_table = _pattern_table(texts.tolist(), book)
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
    # the others with candidates (by text, else by key) need a look; the outcome depends on
    # the candidates, account, amount and currency only: each case is decided once (a
    # monthly charge once, not once per month)
    by_text = np.array([t in pattern_table for t in texts.tolist()], dtype=bool)[text_of]
    by_key = np.array([k in fuzzy_table for k in keys.tolist()], dtype=bool)[key_of]
    todo = np.flatnonzero(~linked & (by_text | by_key))
    accounts = frame["account"].to_numpy(dtype=object)
    amounts = frame["amount_minor"].to_numpy(dtype=np.int64)
    currencies = frame["currency"].to_numpy(dtype=object)
    cases = pd.DataFrame({"by_text": by_text[todo],
                          "subject": np.where(by_text, text_of, key_of)[todo],
                          "account": accounts[todo], "amount": amounts[todo],
                          "currency": currencies[todo]})
    case_of = cases.groupby(list(cases.columns), sort=False).ngroup().to_numpy()
    firsts = todo[np.unique(case_of, return_index=True)[1]]  # a row of each case, in order
    case_sub = np.full(len(firsts), None, dtype=object)
    case_score = np.zeros(len(firsts), dtype=np.int64)
    case_method = np.full(len(firsts), "none", dtype=object)
    for c, i in enumerate(firsts.tolist()):
        amount, currency = int(amounts[i]), str(currencies[i])
        cands = pattern_table[texts[text_of[i]]] if by_text[i] else _plausible(
            fuzzy_table.get(keys[key_of[i]]), book, amount, currency)
        best = None if not cands else cands[0] if len(cands) == 1 else _tie_break(
            cands, book, str(accounts[i]), amount, currency)
        if best is not None:
            case_sub[c], case_score[c], case_method[c] = names[best.entry], best.score, best.method
    subscription[todo] = case_sub[case_of]
    score[todo] = case_score[case_of]
    method[todo] = case_method[case_of]
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
    best = [0] * len(book.subscriptions)
    found = _entry_pairs([key], book, 0)
    for entry, score in zip(found["entry"].tolist(), found["score"].tolist(), strict=True):
        best[entry] = score
    candidates = []
    for i, sub in enumerate(book.subscriptions):
        if sub.name == matched["subscription"]:
            continue
        if any(p.search(text) for p in sub.patterns):
            candidates.append((sub, 100, "pattern matches, but another entry won the tie"))
        elif best[i] >= book.settings.min_score:
            candidates.append((sub, best[i], "alias matches, but another entry won the tie "
                               "(account, then amount)"))
        elif sub.match:
            candidates.append((sub, best[i], f"score {best[i]} is below match.min_score "
                               f"{book.settings.min_score}"))
    candidates.sort(key=lambda c: -c[1])
    return Explanation(
        merchant_key=key, subscription=matched["subscription"], score=int(matched["match_score"]),
        method=str(matched["match_method"]), category=matched["category"],
        ignore=str(matched["ignore"]), rules=rules, candidates=candidates[:limit],
    )
