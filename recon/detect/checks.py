"""The detectors. Each takes the matched transactions (and what it needs) and returns flags.

Semantics (docs/rules.md has the user's version):

- ``duplicate``: the same subscription charged twice on one account within half a cycle, or
  an unlinked charge repeated (same account, merchant, amount) within ``within_days``. A
  charge reversed by a refund of the same amount is neither.
- ``price_change``: a linked charge that differs from the expected amount (the catalogue's,
  then the last flagged price) beyond the tolerance; a charge in a new currency. Charges in
  a currency other than the entry's are compared with the previous charge using
  ``fx_tolerance`` (exchange rates drift; a real price change still shows).
- ``unexpected``: a charge after cancellation or end, before the start, or while paused; on
  another account than the entry's; the same subscription paid on two accounts in one
  cycle; a recurring series that is in no catalogue entry.
- ``missed``: a renewal that has not come ``grace_days`` after it was due, judged only as far
  as the statements of that account reach.
- ``upcoming``: a renewal (or its cancel-by date) within the reminder window after ``as_of``.
- ``trial_conversion``: the first paid charge after a trial ends (while the entry still says
  ``status: trial``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from .. import money
from ..rulebook import Rulebook, Settings, Subscription
from ..schema import day_numbers, records
from .flags import Flag, flag_id, percent
from .series import Series
from .state import CHARGE_FIELDS, SubscriptionState, expected_minor, renewal_soon

Coverage = dict[str, tuple[dt.date, dt.date]]


def _flag(kind: str, severity: str, row: dict[Any, Any], ids: Iterable[str], message: str,
          source: str = "", key: Iterable[object] = (), expected: int | None = None,
          expected_date: dt.date | None = None, change: int | None = None,
          pct: Decimal | None = None) -> Flag:
    txn_ids = tuple(ids)
    txn = row["txn_id"]
    return Flag(
        id=flag_id(kind, *(key or txn_ids)), type=kind, severity=severity,
        posted_date=row["posted_date"], account=str(row["account"]),
        txn_id=str(txn) if txn is not None else None,
        txn_ids=txn_ids, description=str(row["description_raw"]),
        amount_minor=int(row["amount_minor"]) if txn is not None else None,
        currency=str(row["currency"]), subscription=row.get("subscription"),
        expected_minor=expected, expected_date=expected_date, change_minor=change,
        change_pct=pct, message=message, source=source,
    )


def _renewal_flag(kind: str, severity: str, state: SubscriptionState, due: dt.date,
                  currency: str, message: str, expected_date: dt.date,
                  key_due: dt.date | None = None) -> Flag:
    """A flag about a renewal rather than a charge (missed, upcoming): no transaction.
    Its id is keyed on ``key_due`` (default ``due``)."""
    sub = state.subscription
    row = {"posted_date": due, "account": state.account or "", "txn_id": None,
           "description_raw": sub.name, "amount_minor": 0, "currency": currency,
           "subscription": sub.name}
    return _flag(kind, severity, row, (), message, sub.source, key=(sub.name, key_due or due),
                 expected=state.expected_amount, expected_date=expected_date)


def _money(minor: int, currency: str) -> str:
    return f"{money.format_minor(abs(minor), currency)} {currency}"


def refund_pairs(charges: pd.DataFrame, credits: pd.DataFrame, settings: Settings) -> set[str]:
    """Ids of charges fully reversed by a refund of the same amount (and of the refunds).

    Each refund cancels a charge before it with the same account, currency, subscription
    (or merchant) and amount, at most ``refund_days`` earlier: one of a double charge if
    there is one, else the latest.
    """
    reversed_ids: set[str] = set()
    if charges.empty or credits.empty:
        return reversed_ids

    def keyed(f: pd.DataFrame, sign: int) -> pd.DataFrame:
        return pd.DataFrame({
            "key": list(zip(f["account"].tolist(), f["currency"].tolist(),
                            f["subscription"].fillna("\x00" + f["merchant_key"]).tolist(),
                            (f["amount_minor"].astype(int) * sign).tolist(), strict=True)),
            "date": f["posted_date"], "txn": f["txn_id"]})

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
    the same amount into another within ``transfer.match_days`` (a card repayment)."""
    found: set[str] = set()
    if charges.empty or credits.empty:
        return found
    pool: dict[tuple[str, int], list[tuple[dt.date, str, str]]] = {}
    for account, currency, amount, date, txn in zip(*_columns(credits), strict=True):
        pool.setdefault((currency, int(amount)), []).append((date, str(account), txn))
    window = dt.timedelta(days=settings.match_days)
    for account, currency, amount, date, txn in zip(*_columns(charges), strict=True):
        candidates = pool.get((currency, -int(amount)), [])
        for i, (cdate, caccount, ctxn) in enumerate(candidates):
            if caccount != account and abs(cdate - date) <= window:
                found.update((txn, ctxn))
                del candidates[i]
                break
    return found


def duplicates(charges: pd.DataFrame, book: Rulebook) -> list[Flag]:
    """Twice in one cycle (linked) or twice within ``within_days`` (unlinked)."""
    flags: list[Flag] = []
    linked = charges[charges["subscription"].notna()].sort_values(
        ["subscription", "account", "posted_date"], kind="stable")
    linked = linked[_close_together(linked, book)]
    previous: dict[Any, Any] | None = None
    group: tuple[object, object] | None = None
    half, sub = dt.timedelta(days=15), None
    for row in records(linked, CHARGE_FIELDS):  # one pass; each (subscription, account) in turn
        name = row["subscription"]
        if group != (name, row["account"]):
            group, previous = (name, row["account"]), None
            sub = book.subscription(str(name))
            half = dt.timedelta(days=_cycle_days(sub) / 2)
        if previous is not None and row["posted_date"] - previous["posted_date"] < half:
            flags.append(_flag(
                "duplicate", "high", row, (previous["txn_id"], row["txn_id"]),
                f"{name} charged twice in one cycle: {_money(row['amount_minor'], row['currency'])}"
                f" on {row['posted_date']} after {_money(previous['amount_minor'], previous['currency'])}"
                f" on {previous['posted_date']}",
                source=sub.source if sub else "", expected=-int(previous["amount_minor"])))
            continue  # the duplicate does not start a new cycle
        previous = row
    unlinked = charges[charges["subscription"].isna()]
    same = ["account", "merchant_key", "currency", "amount_minor"]
    unlinked = unlinked[unlinked.duplicated(same, keep=False)].sort_values(
        "posted_date", kind="stable")  # only repeated charges
    rows = records(unlinked, CHARGE_FIELDS)
    for positions in unlinked.groupby(same, sort=True).indices.values():
        ordered = [rows[i] for i in positions]
        within = book.settings.for_account(str(ordered[0]["account"])).within_days
        runs: list[list[dict[Any, Any]]] = [[ordered[0]]]
        for item in ordered[1:]:
            if (item["posted_date"] - runs[-1][-1]["posted_date"]).days <= within:
                runs[-1].append(item)
            else:
                runs.append([item])
        for run in (r for r in runs if len(r) > 1):
            last = run[-1]
            flags.append(_flag(
                "duplicate", "high", last, [r["txn_id"] for r in run],
                f"{len(run)} identical charges of {_money(last['amount_minor'], last['currency'])}"
                f" at {last['merchant_key']} between {run[0]['posted_date']} and "
                f"{last['posted_date']}", expected=None))
    return flags


def _cycle_days(sub: Subscription | None) -> float:
    """The days of a linked subscription's cycle (30 for a name no longer in the catalogue)."""
    return sub.every.days if sub else 30


def _close_together(linked: pd.DataFrame, book: Rulebook) -> np.ndarray:
    """Which rows of ``linked`` (sorted by subscription, account, date) are in a group with
    two charges less than half a cycle apart: only those groups can hold a duplicate."""
    if linked.empty:
        return np.zeros(0, dtype=bool)
    day = day_numbers(linked["posted_date"])
    group = linked.groupby(["subscription", "account"], sort=False).ngroup().to_numpy()
    cycle = {name: _cycle_days(book.subscription(str(name)))
             for name in linked["subscription"].unique()}
    half = linked["subscription"].map(cycle).to_numpy(dtype=float) / 2
    close = np.zeros(len(linked), dtype=bool)
    close[1:] = (group[1:] == group[:-1]) & (day[1:] - day[:-1] < half[1:])
    return np.isin(group, group[close])


def _repeats(row: dict[str, Any], previous: dict[str, Any] | None) -> bool:
    """The same currency and amount as the charge before: judged as that one was (within
    tolerance of the same baseline, or of itself when it was flagged and became the
    baseline), so there is nothing to look at."""
    return previous is not None and (row["currency"], row["amount_minor"]) == (
        previous["currency"], previous["amount_minor"])


def price_changes(state: SubscriptionState, settings: Settings) -> list[Flag]:
    sub = state.subscription
    flags: list[Flag] = []
    previous: dict[Any, Any] | None = None
    baseline: int | None = None
    for row in state.charges:
        currency, amount = str(row["currency"]), -int(row["amount_minor"])
        if sub.trial_ends and row["posted_date"] <= sub.trial_ends:
            previous = row
            continue
        if baseline is not None and _repeats(row, previous):
            previous = row
            continue
        foreign = bool(sub.currency) and sub.currency != currency
        if previous is not None and str(previous["currency"]) != currency:
            flags.append(_flag(
                "price_change", "medium", row, (row["txn_id"],),
                f"{sub.name} now charged in {currency} ({_money(amount, currency)}); it was "
                f"{_money(-int(previous['amount_minor']), str(previous['currency']))}",
                sub.source))
            baseline, previous = amount, row
            continue
        if baseline is None:
            baseline = expected_minor(sub, currency, row["posted_date"])
        if baseline is None or (foreign and previous is not None):
            baseline = -int(previous["amount_minor"]) if previous is not None else amount
        tolerance = sub.tolerance or (settings.fx_tolerance if foreign else settings.tolerance)
        if not tolerance.allows(baseline, amount, currency):
            change = amount - baseline
            pct = percent(change, baseline)
            word = "up" if change > 0 else "down"
            flags.append(_flag(
                "price_change", "medium" if change > 0 else "low", row, (row["txn_id"],),
                f"{sub.name} price {word} {_money(change, currency)} ({pct:+}%): "
                f"{_money(amount, currency)} instead of {_money(baseline, currency)}"
                + (f" (beyond {tolerance.label()} tolerance)" if tolerance.label() != "0%" else ""),
                sub.source, expected=baseline, change=change, pct=pct))
            baseline = amount
        previous = row
    return flags


def unexpected_charges(state: SubscriptionState) -> list[Flag]:
    """Charges after cancellation/end, before the start, while paused, on another account."""
    sub = state.subscription
    flags: list[Flag] = []
    stop = sub.stopped_on()
    if stop is None and sub.started is None and sub.status != "paused" and not sub.account:
        return flags  # nothing a charge could be unexpected against
    for row in state.charges:
        date, account = row["posted_date"], str(row["account"])

        def charged(row: dict[str, Any] = row) -> str:
            return _money(-int(row["amount_minor"]), str(row["currency"]))

        if stop is not None and date > stop:
            what = f"cancelled on {sub.cancelled}" if sub.cancelled == stop else f"ended on {stop}"
            flags.append(_flag("unexpected", "high", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} on {date}, but it was {what}",
                               sub.source))
        elif sub.started is not None and date < sub.started:
            flags.append(_flag("unexpected", "medium", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} on {date}, before it started on "
                               f"{sub.started}", sub.source))
        elif sub.status == "paused":
            flags.append(_flag("unexpected", "high", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} on {date} while paused",
                               sub.source))
        elif sub.account and account.casefold() != sub.account.casefold():
            flags.append(_flag("unexpected", "medium", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} to {account}; it belongs on "
                               f"{sub.account}", sub.source))
    return flags


def two_accounts(state: SubscriptionState) -> list[Flag]:
    """The same subscription paid on two accounts within half a cycle (entries without an
    account of their own; with one, the off-account charge is flagged instead; with
    ``per_account``, several accounts paying is the plan).

    One pass over the charges (oldest first) with a window of the last half cycle and a
    count per account in it: linear in the charges, however many accounts share the plan.
    """
    sub = state.subscription
    if sub.account or sub.per_account or len(state.accounts) < 2:
        return []
    half = dt.timedelta(days=sub.every.days / 2)
    window: deque[dict[Any, Any]] = deque()
    in_window: Counter[str] = Counter()
    flags = []
    for row in state.charges:
        while window and row["posted_date"] - window[0]["posted_date"] >= half:
            in_window[window.popleft()["account"]] -= 1
        if len(window) > in_window[row["account"]]:  # another account paid in the window
            other = next(o for o in window if o["account"] != row["account"])
            flags.append(_flag(
                "unexpected", "high", row, (other["txn_id"], row["txn_id"]),
                f"{sub.name} paid on two accounts: {row['account']} on {row['posted_date']} "
                f"and {other['account']} on {other['posted_date']}", sub.source))
        window.append(row)
        in_window[row["account"]] += 1
    return flags


def missed(state: SubscriptionState, settings: Settings, coverage: Coverage,
           as_of: dt.date) -> list[Flag]:
    sub, due = state.subscription, state.next_expected
    account = state.account
    if due is None or state.last_charge is None and sub.started is None:
        return []
    if account is not None and account in coverage:
        first, last = coverage[account]
    elif coverage:
        first, last = min(c[0] for c in coverage.values()), max(c[1] for c in coverage.values())
    else:
        return []
    grace = settings.for_account(account).grace_days
    judged_until = min(as_of, last)
    if due < first or due + dt.timedelta(days=grace) >= judged_until:
        return []
    # keyed on the latest renewal missed: a flag decided in a review stays decided, and the
    # next renewal missed too makes it a new flag
    missed_count, latest = 1, due
    while True:
        after = sub.every.nth(due, missed_count, state.anchor or due.day)
        if after <= latest or after + dt.timedelta(days=grace) >= judged_until:
            break
        missed_count, latest = missed_count + 1, after
    currency = state.currency or settings.currency or "XXX"
    since = f"last charge {state.last_charge}" if state.last_charge else f"started {sub.started}"
    more = (f"; nor the {missed_count - 1} after it, the last due {latest}"
            if missed_count > 1 else "")
    return [_renewal_flag("missed", "medium", state, due, currency,
                          f"{sub.name} renewal due {due} has not come ({since}{more}; "
                          f"statements for {account} run to {last})", expected_date=due,
                          key_due=latest)]


def upcoming(state: SubscriptionState, settings: Settings, as_of: dt.date) -> list[Flag]:
    sub = state.subscription
    window = settings.remind_days_yearly if sub.every.is_yearly else settings.remind_days
    soon = renewal_soon(state, as_of, window)
    if soon is None:
        return []
    due, cancel_by = soon
    trial_end = sub.trial_ends if sub.status == "trial" and sub.trial_ends else None
    currency = state.currency or settings.currency or "XXX"
    expected = state.expected_amount
    price = f" for {_money(expected, currency)}" if expected else ""
    text = f"{sub.name} renews on {due}{price}"
    if cancel_by is not None:
        text += f"; cancel by {cancel_by} ({sub.notice_days} days' notice)"
    if trial_end is not None and trial_end >= as_of:
        text = f"{sub.name} trial ends {trial_end}; first charge{price} expected {due}"
    return [_renewal_flag("upcoming", "low", state, due, currency, text,
                          expected_date=cancel_by or due)]


def trial_conversion(state: SubscriptionState) -> list[Flag]:
    sub = state.subscription
    if sub.status != "trial":
        return []
    for row in state.charges:
        if sub.trial_ends and row["posted_date"] <= sub.trial_ends:
            continue
        amount = _money(-int(row["amount_minor"]), str(row["currency"]))
        ended = f"ended {sub.trial_ends}" if sub.trial_ends else "is marked as a trial"
        return [_flag("trial_conversion", "high", row, (row["txn_id"],),
                      f"{sub.name} trial {ended}; now paid: {amount} on {row['posted_date']}",
                      sub.source)]
    return []


def unknown_series(series: list[Series]) -> list[Flag]:
    flags = []
    for s in series:
        row = {"posted_date": s.dates[-1], "account": s.account, "txn_id": s.txn_ids[-1],
               "description_raw": s.description, "amount_minor": s.amounts[-1],
               "currency": s.currency, "subscription": None}
        flags.append(_flag(
            "unexpected", "medium", row, s.txn_ids,
            f"{s.description} looks like a subscription ({_money(s.amount, s.currency)} every "
            f"{s.fit.cadence.label()}, {len(s.txn_ids)} charges since {s.dates[0]}) but is not "
            "in your catalogue", key=("series", s.account, s.merchant_key, s.currency,
                                      s.txn_ids[0]),
            expected=s.amount, expected_date=s.next_expected))
    return flags


def rule_flags(matched: pd.DataFrame, book: Rulebook) -> list[Flag]:
    flags = []
    for row in records(matched[matched["raised"].ne("")], (*CHARGE_FIELDS, "raised")):
        for index in str(row["raised"]).split(","):
            rule = book.rules[int(index)]
            if rule.flag is None:
                continue
            flags.append(_flag("rule", rule.flag.severity, row, (row["txn_id"],),
                               rule.flag.message, rule.source,
                               key=(rule.flag.message, row["txn_id"])))
    return flags
