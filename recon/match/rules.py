"""Evaluate ``rules.yaml`` conditions over a whole frame at once.

Each ``Test`` becomes a boolean Series; text tests run once per unique value. Amount tests
compare the charge's size (the absolute amount) with the rule's amount converted to the
row's currency minor units, so ``amount: {over: 100}`` means "more than 100.00" in GBP and
"more than 100" in JPY. Nothing is evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from .. import money
from ..rulebook import Condition, Rule, Test
from . import fuzzy


def _by_unique(values: pd.Series, judge: Callable[[list[str]], Any]) -> pd.Series:
    """``judge`` the unique texts once (a boolean per text) and spread it over the rows."""
    codes, uniques = pd.factorize(values.astype(str), use_na_sentinel=False)
    hits = np.asarray(judge(uniques.tolist()), dtype=bool)
    return pd.Series(hits[codes], index=values.index)


def _per_unique(values: pd.Series, check: Callable[[str], object]) -> pd.Series:
    return _by_unique(values, lambda uniques: [bool(check(u)) for u in uniques])


def _text(frame: pd.DataFrame, test: Test) -> pd.Series:
    column = frame["description_raw"] if test.field == "description" else frame["merchant_key"]
    if test.op == "regex" and test.regex is not None:
        return _by_unique(column, test.regex.search_many)
    wanted = [fuzzy.fold(t) for t in test.texts]
    if test.op == "contains":
        return _per_unique(column, lambda v: any(w in fuzzy.fold(v) for w in wanted))
    if test.op == "equals":
        return _per_unique(column, lambda v: fuzzy.fold(v) in wanted)
    return _by_unique(column, lambda uniques: np.isin(np.arange(len(uniques)), fuzzy.pairs(
        [fuzzy.fold(u) for u in uniques], wanted, test.score)[0]))


def _minor(value: Decimal, currency: pd.Series) -> pd.Series:
    """``value`` in each row's currency minor units (as float-free int64)."""
    table = {c: int(value.scaleb(money.exponent(c)).to_integral_value())
             for c in pd.unique(currency) if money.is_currency(c)}
    return currency.map(table).fillna(0).astype("int64")


def _amount(frame: pd.DataFrame, test: Test) -> pd.Series:
    size = frame["amount_minor"].abs()
    cur = frame["currency"]
    if test.op == "equals" and test.low is not None:
        return size.eq(_minor(test.low, cur))
    if test.op == "over" and test.low is not None:
        return size.gt(_minor(test.low, cur))
    if test.op == "under" and test.high is not None:
        return size.lt(_minor(test.high, cur))
    if test.op == "between" and test.low is not None and test.high is not None:
        return size.ge(_minor(test.low, cur)) & size.le(_minor(test.high, cur))
    if test.op == "approx" and test.low is not None and test.tolerance is not None:
        target = _minor(test.low, cur)
        tol = test.tolerance
        limit = pd.Series([tol.limit_minor(int(t), c) for t, c in zip(target, cur, strict=True)],
                          index=frame.index, dtype="int64")
        return (size - target).abs().le(limit)
    raise AssertionError(f"unknown amount test {test}")


def _date(frame: pd.DataFrame, test: Test) -> pd.Series:
    dates = frame["posted_date"]
    ok = pd.Series(True, index=frame.index)
    if test.start is not None:
        ok &= dates.map(lambda d: d >= test.start).astype(bool)
    if test.end is not None:
        ok &= dates.map(lambda d: d <= test.end).astype(bool)
    return ok


def evaluate_test(frame: pd.DataFrame, test: Test) -> pd.Series:
    """Boolean Series: which rows pass ``test``."""
    if test.field in ("description", "merchant"):
        return _text(frame, test)
    if test.field == "amount":
        return _amount(frame, test)
    if test.field == "direction":
        out = frame["amount_minor"].lt(0) if "out" in test.texts else pd.Series(
            False, index=frame.index)
        return out | (frame["amount_minor"].gt(0) if "in" in test.texts else False)
    if test.field in ("account", "currency"):
        return frame[test.field].astype(str).str.casefold().isin(test.texts)
    if test.field == "date":
        return _date(frame, test)
    if test.field == "day":
        return frame["posted_date"].map(lambda d: d.day).isin(test.days)
    raise AssertionError(f"unknown test field {test.field}")


def evaluate(frame: pd.DataFrame, cond: Condition) -> pd.Series:
    """Boolean Series: which rows satisfy ``cond``."""
    if cond.kind == "test" and cond.test is not None:
        return evaluate_test(frame, cond.test)
    parts = [evaluate(frame, c) for c in cond.children]
    if cond.kind == "not":
        return ~parts[0]
    if cond.kind == "any":
        return pd.Series(np.logical_or.reduce([p.to_numpy() for p in parts]), index=frame.index)
    return pd.Series(np.logical_and.reduce([p.to_numpy() for p in parts]), index=frame.index)


def failed_tests(frame: pd.DataFrame, cond: Condition) -> list[str]:
    """For a one-row frame: the tests that did not hold (why a rule did not match)."""
    if cond.kind == "test" and cond.test is not None:
        return [] if bool(evaluate_test(frame, cond.test).iloc[0]) else [cond.test.describe()]
    if cond.kind == "all":
        return [f for c in cond.children for f in failed_tests(frame, c)]
    if bool(evaluate(frame, cond).iloc[0]):
        return []
    if cond.kind == "any":
        return ["none of: " + "; ".join(f for c in cond.children for f in failed_tests(frame, c))]
    return ["not: the inner condition held"]


def apply_rules(frame: pd.DataFrame, rules: tuple[Rule, ...]) -> pd.DataFrame:
    """Columns ``rule_subscription``, ``category``, ``ignore``, ``raised`` and ``rule_source``.

    Every rule is checked on every row, top to bottom. When several matching rules set the
    subscription or the category, the first one wins; ignore lists add up; each matching
    ``flag`` rule raises its own flag (``raised`` lists rule numbers, 0-based).
    """
    n = len(frame)
    link = pd.Series([None] * n, index=frame.index, dtype="object")
    source = pd.Series([None] * n, index=frame.index, dtype="object")
    category = pd.Series([None] * n, index=frame.index, dtype="object")
    ignore = pd.Series([""] * n, index=frame.index, dtype="object")
    raised = pd.Series([""] * n, index=frame.index, dtype="object")
    for i, rule in enumerate(rules):
        if not n:
            break
        hit = evaluate(frame, rule.condition)
        if not hit.any():
            continue
        if rule.subscription:
            take = hit & link.isna()
            link = link.mask(take, rule.subscription)
            source = source.mask(take, rule.source)
        if rule.category:
            category = category.mask(hit & category.isna(), rule.category)
        if rule.ignore:
            added = ",".join(rule.ignore)
            ignore = ignore.mask(hit, ignore.where(ignore.eq(""), ignore + ",") + added)
        if rule.flag:
            raised = raised.mask(hit, raised.where(raised.eq(""), raised + ",") + str(i))
    return pd.DataFrame({"rule_subscription": link, "rule_source": source, "category": category,
                         "ignore": ignore, "raised": raised}, index=frame.index)
