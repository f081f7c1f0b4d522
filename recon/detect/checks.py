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

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from .. import money
from ..rulebook import Rulebook, Settings, Subscription
from ..schema import records
from .flags import Flag, flag_id, percent
from .seats import same_plan
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
    """Identical postings: the same account, amount and statement text within
    ``duplicate.within_days`` (unlinked charges; a linked charge's second charge in one cycle
    is found with its seat, ``seat_duplicates``)."""
    flags: list[Flag] = []
    unlinked = charges[charges["subscription"].isna()]
    same = ["account", "description_raw", "currency", "amount_minor"]
    unlinked = unlinked[unlinked.duplicated(same, keep=False)].sort_values(
        "posted_date", kind="stable")  # only repeated postings
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
                f" ({last['description_raw']}) between {run[0]['posted_date']} and "
                f"{last['posted_date']}", expected=None))
    return flags


def seat_duplicates(state: SubscriptionState, settings: Settings) -> list[Flag]:
    """A second charge in one cycle of a seat, at the seat's price (the extras of the entry
    that repeat a seat's charge within half a cycle); a different amount is a one-off."""
    sub = state.subscription
    half = dt.timedelta(days=sub.every.days / 2)
    flags = []
    flagged: set[str] = set()  # a charge is one duplicate, however many twins it has
    for extra in state.extras:
        amount, date = int(extra["amount_minor"]), extra["posted_date"]
        twin = None
        for seat in state.seats:
            for row in seat.seat.charges:
                if (abs(row["posted_date"] - date) < half and row["currency"] == extra["currency"]
                        and row["account"] == extra["account"]
                        and settings.for_account(str(row["account"])).tolerance.allows(
                            -int(row["amount_minor"]), -amount, str(row["currency"]))):
                    if twin is None or abs(row["posted_date"] - date) < abs(
                            twin["posted_date"] - date):
                        twin = row
        if twin is None:
            continue
        first, second = sorted((twin, extra), key=lambda r: (r["posted_date"], r["txn_id"]))
        if second["txn_id"] in flagged:  # the later one is flagged already: this extra is
            if extra["txn_id"] in flagged:  # the duplicate of the earlier one, or nothing new
                continue
            first, second = twin, extra
        flagged.add(str(second["txn_id"]))
        flags.append(_flag(
            "duplicate", "high", second, (first["txn_id"], second["txn_id"]),
            f"{sub.name} charged twice in one cycle on {second['account']}: "
            f"{_money(second['amount_minor'], second['currency'])} on {second['posted_date']} "
            f"after {_money(first['amount_minor'], first['currency'])} on {first['posted_date']}",
            source=sub.source, expected=-int(first["amount_minor"])))
    return flags


def _repeats(row: dict[str, Any], previous: dict[str, Any] | None) -> bool:
    """The same currency and amount as the charge before: judged as that one was (within
    tolerance of the same baseline, or of itself when it was flagged and became the
    baseline), so there is nothing to look at."""
    return previous is not None and (row["currency"], row["amount_minor"]) == (
        previous["currency"], previous["amount_minor"])


def price_changes(state: SubscriptionState, settings: Settings) -> list[Flag]:
    """Each seat against its own baseline: the catalogue's price when it is in the seat's
    currency (an entry without a currency takes its charges') and near the seat's first
    charge, else the seat's first charge; then the last flagged price."""
    flags: list[Flag] = []
    for seat in state.seats:
        flags += _seat_price_changes(state.subscription, seat.seat.charges, settings)
    return flags


def _catalogue_baseline(sub: Subscription, row: dict[str, Any]) -> int | None:
    currency, amount = str(row["currency"]), -int(row["amount_minor"])
    if not sub.currency_stated:
        sub = dataclasses.replace(sub, currency=None)
    expected = expected_minor(sub, currency, row["posted_date"])
    if expected is None or sub.currency:
        return expected
    # no currency: the price is in the charges' currency, if it is this seat's plan at all
    return expected if abs(amount - expected) * 2 <= expected else None


def _seat_price_changes(sub: Subscription, charges: list[dict[str, Any]],
                        settings: Settings) -> list[Flag]:
    flags: list[Flag] = []
    previous: dict[Any, Any] | None = None
    baseline: int | None = None
    for row in charges:
        currency, amount = str(row["currency"]), -int(row["amount_minor"])
        if sub.trial_ends and row["posted_date"] <= sub.trial_ends:
            previous = row
            continue
        if baseline is not None and _repeats(row, previous):
            previous = row
            continue
        foreign = sub.currency_stated and bool(sub.currency) and sub.currency != currency
        if previous is not None and str(previous["currency"]) != currency:
            flags.append(_flag(
                "price_change", "medium", row, (row["txn_id"],),
                f"{sub.name} now charged in {currency} ({_money(amount, currency)}); it was "
                f"{_money(-int(previous['amount_minor']), str(previous['currency']))}",
                sub.source))
            baseline, previous = amount, row
            continue
        if baseline is None:
            baseline = _catalogue_baseline(sub, row)
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
    in_seats = {r["txn_id"] for r in state.charges}
    for row in sorted([*state.charges, *state.extras], key=lambda r: r["posted_date"]):
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
        elif (sub.account and account.casefold() != sub.account.casefold()
              and row["txn_id"] not in in_seats):  # a whole seat elsewhere: extra_seats
            flags.append(_flag("unexpected", "medium", row, (row["txn_id"],),
                               f"{sub.name} charged {charged()} to {account}; it belongs on "
                               f"{sub.account}", sub.source))
    return flags


def seat_count(sub: Subscription) -> int | None:
    """Seats the entry expects at once: ``seats: N``, one per account with ``per_account``
    (None: any number of accounts, one each), else one."""
    if sub.seats:
        return sub.seats
    return None if sub.per_account else 1


def extra_seats(state: SubscriptionState, held: dict[str, str]) -> list[Flag]:
    """Paid by more seats than the entry expects: one flag per extra seat (its first charge
    and all its charges), never one per cycle. A seat on another account than the entry's
    own is one flag too."""
    sub = state.subscription
    allowed = seat_count(sub)
    flags: list[Flag] = []
    cycle = dt.timedelta(days=sub.every.days)
    ordered = sorted(state.seats, key=lambda s: (s.seat.first, s.seat.charges[0]["txn_id"]))
    for i, seat in enumerate(ordered):
        row, ids = seat.seat.charges[0], tuple(c["txn_id"] for c in seat.seat.charges)
        charged = f"{_money(seat.seat.amount, seat.seat.currency)} every {sub.every.label()}"
        if sub.account and not _on_account(seat.seat, sub.account, held):
            now = seat.seat.account  # where it bills now, off the entry's account
            row = next((c for c in seat.seat.charges if str(c["account"]) == now), row)
            flags.append(_flag(
                "unexpected", "medium", row, ids,
                f"{sub.name} paid on {now} ({charged} since {row['posted_date']}); it "
                f"belongs on {sub.account}", sub.source, key=("seat", sub.name, ids[0])))
            continue
        active = [o for o in ordered[:i] if o.seat.last + cycle >= seat.seat.first
                  and (allowed is not None or o.account == seat.account)]
        limit = allowed if allowed is not None else 1
        if len(active) < limit:
            continue
        accounts = {o.seat.account for o in active} | {seat.account}
        where = (f"paid on {len(accounts)} accounts" if len(accounts) > 1 else
                 f"paid {len(active) + 1} times a {sub.every.label()} on {seat.account}")
        flags.append(_flag(
            "unexpected", "high", row, ids,
            f"{sub.name} {where.replace('2 accounts', 'two accounts')}, one seat more than "
            f"expected ({limit}): {seat.account} pays {charged} since {seat.seat.first}",
            sub.source, key=("seat", sub.name, ids[0])))
    return flags


def _on_account(seat: Any, account: str, held: dict[str, str]) -> bool:
    """The seat bills (now) on ``account``, or on the card that replaced it."""
    now = seat.account.casefold()
    return now == account.casefold() or held.get(account, "").casefold() == now


def missed(state: SubscriptionState, settings: Settings, coverage: Coverage,
           as_of: dt.date) -> list[Flag]:
    """Each seat's renewals that did not come: once per gap (skipped, then resumed), and once
    when it stopped (the seat lapsed); an entry with no charges yet, from its start."""
    sub = state.subscription
    flags = []
    currency = state.currency or settings.currency or "XXX"
    for seat in state.seats:
        charges = seat.seat.charges
        for due in seat.missed:
            before = [c for c in charges if c["posted_date"] < due]
            last = before[-1] if before else charges[0]
            resumed = next((c for c in charges if c["posted_date"] > due), None)
            what = (f"resumed {resumed['posted_date']}" if resumed is not None else
                    f"none since {last['posted_date']}: it looks stopped")
            key_due = due
            if resumed is None:  # keyed on the latest renewal missed: a decided flag re-arms
                key_due = _latest_missed(seat, due, coverage, settings, as_of)  # when more do
                if key_due != due:
                    what += f"; nor the renewals after it, the last due {key_due}"
            row = {"posted_date": due, "account": seat.account, "txn_id": None,
                   "description_raw": sub.name, "amount_minor": 0, "currency": currency,
                   "subscription": sub.name}
            flags.append(_flag(
                "missed", "medium", row, (), f"{sub.name} renewal due {due} on {seat.account} "
                f"did not come ({_money(-int(last['amount_minor']), str(last['currency']))}; "
                f"{what})", sub.source, key=(sub.name, seat.account, key_due),
                expected=-int(last["amount_minor"]), expected_date=due))
    if not state.seats and not state.extras:
        flags += _missed_unstarted(state, settings, coverage, as_of)
    return flags


def _latest_missed(seat: Any, due: dt.date, coverage: Coverage, settings: Settings,
                   as_of: dt.date) -> dt.date:
    """The last renewal of a stopped seat that is past its grace within the account's
    statements (``due``, the first missed, when no later one is)."""
    if seat.account not in coverage:
        return due
    until = min(as_of, coverage[seat.account][1])
    grace = dt.timedelta(days=settings.for_account(seat.account).grace_days)
    plan, latest = seat.schedule, due
    k = plan.next_after_last() + 1
    while k < plan.next_after_last() + 1000:
        nxt = plan.due(k)
        if nxt <= latest or nxt + grace >= until:
            break
        latest, k = nxt, k + 1
    return latest


def _missed_unstarted(state: SubscriptionState, settings: Settings, coverage: Coverage,
                      as_of: dt.date) -> list[Flag]:
    sub, due = state.subscription, state.next_expected
    account = state.account
    if due is None or sub.started is None and sub.trial_ends is None:
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


def upcoming(state: SubscriptionState, settings: Settings, as_of: dt.date,
             skip: Iterable[str] = ()) -> list[Flag]:
    """A reminder per live seat whose next renewal (or cancel-by date) is within the window
    (not for a seat flagged as extra, whose first charge is in ``skip``: one flag says it);
    for an entry with no charges yet, from its start or trial end."""
    skipped = set(skip)
    sub = state.subscription
    window = settings.remind_days_yearly if sub.every.is_yearly else settings.remind_days
    flags = []
    if not state.seats:
        soon = renewal_soon(state, as_of, window)
        return [] if soon is None else [_upcoming_flag(state, None, *soon, settings, as_of)]
    for seat in state.seats:
        if seat.lapsed or seat.next_expected is None or (
                seat.seat.charges[0]["txn_id"] in skipped):
            continue
        plan, k = seat.schedule, seat.schedule.next_after_last()
        due = plan.due(k)
        while due < as_of:
            k += 1
            due = plan.due(k)
        stop = sub.stopped_on()
        if stop is not None and due > stop:
            continue
        horizon = as_of + dt.timedelta(days=window)
        cancel_by = due - dt.timedelta(days=sub.notice_days) if sub.notice_days else None
        if due <= horizon or (cancel_by is not None and as_of <= cancel_by <= horizon):
            flags.append(_upcoming_flag(state, seat, due, cancel_by, settings, as_of))
    return flags


def _upcoming_flag(state: SubscriptionState, seat: Any, due: dt.date, cancel_by: dt.date | None,
                   settings: Settings, as_of: dt.date) -> Flag:
    sub = state.subscription
    trial_end = sub.trial_ends if sub.status == "trial" and sub.trial_ends else None
    currency = seat.seat.currency if seat else (state.currency or settings.currency or "XXX")
    expected = seat.seat.amount if seat else state.expected_amount
    account = seat.account if seat else (state.account or "")
    price = f" for {_money(expected, currency)}" if expected else ""
    on = f" on {account}" if seat and len(state.seats) > 1 else ""
    text = f"{sub.name} renews on {due}{on}{price}"
    if cancel_by is not None:
        text += f"; cancel by {cancel_by} ({sub.notice_days} days' notice)"
    if trial_end is not None and trial_end >= as_of:
        text = f"{sub.name} trial ends {trial_end}; first charge{price} expected {due}"
    row = {"posted_date": due, "account": account, "txn_id": None,
           "description_raw": sub.name, "amount_minor": 0, "currency": currency,
           "subscription": sub.name}
    key = (sub.name, due) if seat is None or len(state.seats) == 1 else (sub.name, account, due)
    return _flag("upcoming", "low", row, (), text, sub.source, key=key, expected=expected,
                 expected_date=cancel_by or due)


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
            f"{s.description} looks like a subscription ({_range(s)} every "
            f"{s.fit.cadence.label()}, {len(s.txn_ids)} charges since {s.dates[0]}) but is not "
            "in your catalogue", key=("series", s.account, s.merchant_key, s.currency,
                                      s.txn_ids[0]),
            expected=s.amount, expected_date=s.next_expected))
    return flags


def _range(s: Series) -> str:
    low, high = min(-a for a in s.amounts), max(-a for a in s.amounts)
    if high - low > max(low // 10, 1):  # a variable bill: say its range
        return f"{money.format_minor(low, s.currency)} to {_money(high, s.currency)}"
    return _money(s.amount, s.currency)


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


@dataclass(frozen=True)
class Rename:
    """A ``renamed`` flag's proposal: ``alias`` (a merchant key) for ``subscription``, at the
    new price ``amount_minor`` (positive) in ``currency`` from ``since``. Review ``ok`` on the
    flag adds the alias to the entry's ``match`` and the price (the old one to ``history``)."""

    flag_id: str
    subscription: str
    alias: str
    amount_minor: int
    currency: str
    since: dt.date


def _similar_key(a: str, b: str) -> bool:
    """Merchant keys of one merchant printed two ways: a shared word of 4+ letters, or close."""
    words = {w for w in a.split() if len(w) >= 4} & {w for w in b.split() if len(w) >= 4}
    return bool(words) or fuzz.ratio(a, b) >= 80


def renamed(subs: list[SubscriptionState], series: list[Series],
            settings: Settings
            ) -> tuple[list[Flag], list[Rename], set[tuple[str, str, dt.date]], list[Series]]:
    """A seat that stopped where a new uncatalogued series began on its account, when it
    was due, with a similar merchant key or price: one ``renamed`` flag in place of the
    seat's missed renewal and the series' unknown-series flag.

    Returns:
        The flags, their proposals, the missed flags they replace (subscription, account and
        the first renewal missed), and the series still unexplained.
    """
    flags: list[Flag] = []
    renames: list[Rename] = []
    replaced: set[tuple[str, str, dt.date]] = set()
    left = list(series)
    slack = dt.timedelta(days=settings.date_tolerance_days + 2)
    for state in subs:
        sub = state.subscription
        cycle = dt.timedelta(days=sub.every.days)
        for seat in state.seats:
            if not seat.lapsed:
                continue
            due = seat.missed[-1]
            keys = {str(c["merchant_key"]) for c in seat.seat.charges}
            found = [s for s in left if s.account == seat.account
                     and seat.seat.last + cycle / 2 <= s.dates[0] <= due + cycle + slack
                     and (any(_similar_key(k, s.merchant_key) for k in keys)
                          or (s.currency == seat.seat.currency
                              and same_plan(s.amount, seat.seat.amount)))]
            if not found:
                continue
            s = min(found, key=lambda x: x.dates[0])
            left.remove(s)
            row = {"posted_date": s.dates[0], "account": s.account, "txn_id": s.txn_ids[0],
                   "description_raw": s.description, "amount_minor": s.amounts[0],
                   "currency": s.currency, "subscription": sub.name}
            flag = _flag(
                "renamed", "medium", row, s.txn_ids,
                f"{sub.name} may now bill as {s.description} at {_money(s.amount, s.currency)}"
                f": its charges on {seat.account} stopped after {seat.seat.last} and this "
                f"series began {s.dates[0]} ({len(s.txn_ids)} charges)", sub.source,
                key=("renamed", sub.name, seat.account, s.txn_ids[0]),
                expected=seat.seat.amount, expected_date=due)
            flags.append(flag)
            renames.append(Rename(flag.id, sub.name, s.merchant_key, s.amount, s.currency,
                                  s.dates[0]))
            replaced.add((sub.name, seat.account, due))
    return flags, renames, replaced, left
