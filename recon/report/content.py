"""What goes into the report: the tables of each sheet, computed from an analysis.

Everything here is data (frames of exact integer minor units and dates); ``workbook`` lays it
out. The report covers one period (by default the latest month in the ledger): its totals and
transactions, the flags still open up to its end (a flag decided in a review does not come
back; a disputed one does), and the catalogue, renewals and suggestions as of the run.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from ..cadence import add_months
from ..detect import Series
from ..errors import InputError
from ..money import format_minor
from ..rulebook import Subscription
from ..schema import per_distinct

if TYPE_CHECKING:  # the pipeline imports this module
    from ..detect.state import SubscriptionState
    from ..pipeline import Analysis, Renewal


@dataclass(frozen=True)
class Period:
    """The days a report covers, both ends included."""

    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        first_of_month = self.start.day == 1
        if first_of_month and add_months(self.start, 1) - dt.timedelta(days=1) == self.end:
            return self.start.strftime("%B %Y")
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def contains(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.start) & (dates <= self.end)


def month_period(month: str) -> Period:
    """``2026-10`` -> 1 to 31 October 2026."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise InputError(f"month {month!r} is not YYYY-MM", expected="a month such as 2026-10")
    start = dt.date.fromisoformat(month + "-01")
    return Period(start, add_months(start, 1) - dt.timedelta(days=1))


def choose_period(latest: dt.date | None, month: str | None = None,
                  start: dt.date | None = None, end: dt.date | None = None) -> Period:
    """The report period: ``month``, or ``start``..``end``, else the month of ``latest``.

    Raises:
        InputError: both a month and dates, an end before the start, or nothing to report.
    """
    if month and (start or end):
        raise InputError("give either --month or --from/--to, not both")
    if month:
        return month_period(month)
    if start or end:
        if latest is None and not (start and end):
            raise InputError("the ledger is empty", hint="import statements first")
        begin = start or dt.date(1900, 1, 1)
        finish = end or max(latest or begin, begin)
        if finish < begin:
            raise InputError(f"--to {finish} is before --from {begin}")
        return Period(begin, finish)
    if latest is None:
        raise InputError("the ledger is empty: nothing to report",
                         hint="import statements first, or use `recon run FILES -o report.xlsx`")
    return month_period(latest.isoformat()[:7])


@dataclass
class Report:
    """The tables of one report."""

    period: Period
    as_of: dt.date
    accounts: pd.DataFrame  # account, currency, rows, money_in, money_out, net (period)
    subscription_spend: dict[str, int]  # currency -> linked charges in the period (positive)
    annual: pd.DataFrame  # per live subscription: name, category, every, amount, annual
    categories: pd.DataFrame  # category, currency, annual
    monthly: pd.DataFrame  # month x currency: subscription spend, last 12 months
    flag_counts: pd.DataFrame  # type x severity
    flags: pd.DataFrame  # open flags up to the period end, most severe first
    subscriptions: pd.DataFrame
    upcoming: pd.DataFrame
    suggestions: pd.DataFrame
    transactions: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def disputes(self) -> pd.DataFrame:
        return self.flags[self.flags["decision"].eq("dispute")]


def _accounts(rows: pd.DataFrame) -> pd.DataFrame:
    columns = ["account", "currency", "rows", "money_in", "money_out", "net"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    amounts = rows["amount_minor"]
    frame = rows.assign(money_in=amounts.clip(lower=0), money_out=amounts.clip(upper=0))
    out = frame.groupby(["account", "currency"], sort=True).agg(
        rows=("txn_id", "size"), money_in=("money_in", "sum"), money_out=("money_out", "sum"),
        net=("amount_minor", "sum")).reset_index()
    return out[columns]


def _linked_charges(frame: pd.DataFrame) -> pd.DataFrame:
    linked = frame[frame["subscription"].notna() & ~frame["ignore"].eq("all")]
    return linked[linked["amount_minor"] < 0]


def _monthly(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Subscription spend per month (positive minor units), the 12 months to the period end."""
    last = period.end.replace(day=1)
    since = frame["posted_date"].min().isoformat()[:7] if len(frame) else last.isoformat()[:7]
    months = [m for m in (add_months(last, -i).isoformat()[:7] for i in range(11, -1, -1))
              if m >= since]
    linked = _linked_charges(frame)
    month = pd.Series(per_distinct(linked["posted_date"], lambda d: d.isoformat()[:7]),
                      index=linked.index)
    table = (-linked["amount_minor"]).groupby([month, linked["currency"]]).sum().unstack(
        fill_value=0) if len(linked) else pd.DataFrame()
    table = table.reindex(months, fill_value=0).fillna(0).astype("int64")
    table.index.name = "month"
    return table


def is_live(sub: Subscription, as_of: dt.date) -> bool:
    """An active or trial subscription not stopped (cancelled or ended) before ``as_of``:
    the ones with an annual cost, on every view (Summary, Subscriptions, `recon subs`)."""
    stop = sub.stopped_on()
    return sub.status in ("active", "trial") and not (stop and stop < as_of)


def annual_cost(state: SubscriptionState, as_of: dt.date) -> int | None:
    """What a subscription costs a year from now on: none once it is cancelled or ended."""
    return state.annual_minor if is_live(state.subscription, as_of) else None


def _annual(found: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for st in found.detection.states:
        sub = st.subscription
        if not is_live(sub, found.as_of):
            continue
        if st.annual_minor is None or not st.currency:
            continue
        rows.append({"name": sub.name, "category": sub.category or "(none)",
                     "every": sub.every.label(), "amount": st.expected_amount,
                     "currency": st.currency, "annual": st.annual_minor})
    annual = pd.DataFrame(rows, columns=["name", "category", "every", "amount", "currency",
                                         "annual"])
    categories = (annual.groupby(["category", "currency"], sort=True)["annual"].sum()
                  .reset_index() if len(annual) else
                  pd.DataFrame(columns=["category", "currency", "annual"]))
    return annual.sort_values("annual", ascending=False, kind="stable"), categories


def _subscriptions(found: Analysis) -> pd.DataFrame:
    rows = []
    for st in found.detection.states:
        sub = st.subscription
        prices = " → ".join(f"{format_minor(a, c)} {c} from {d.isoformat()}"
                            for d, a, c in st.price_history)
        rows.append({
            "name": sub.name, "status": sub.status, "category": sub.category,
            "every": sub.every.label(), "amount": st.expected_amount, "currency": st.currency,
            "account": st.account, "last_charge": st.last_charge,
            "next_expected": st.next_expected, "cancel_by": st.cancel_by,
            "annual": annual_cost(st, found.as_of), "charges": len(st.charges),
            "prices": prices,
            "source": sub.source,
        })
    return pd.DataFrame(rows, columns=[
        "name", "status", "category", "every", "amount", "currency", "account", "last_charge",
        "next_expected", "cancel_by", "annual", "charges", "prices", "source"])


def _upcoming(renewals: list[Renewal]) -> pd.DataFrame:
    return pd.DataFrame([{
        "date": r.date, "name": r.subscription.name, "amount": r.amount_minor,
        "currency": r.currency, "account": r.account, "cancel_by": r.cancel_by,
        "every": r.subscription.every.label(),
    } for r in renewals], columns=["date", "name", "amount", "currency", "account",
                                   "cancel_by", "every"])


def suggestion_id(account: str, merchant_key: str, currency: str) -> str:
    """The key of a suggestion across runs: the same merchant on the same account."""
    return f"S|{account}|{merchant_key}|{currency}"


def _suggestions(pairs: list[tuple[Series, dict[str, object]]]) -> pd.DataFrame:
    rows = []
    for s, entry in pairs:
        rows.append({
            "name": entry["name"], "match": entry["match"], "amount": s.amount,
            "currency": s.currency, "every": entry["every"], "account": s.account,
            "charges": len(s.txn_ids), "first": s.dates[0], "last": s.dates[-1],
            "next_expected": s.next_expected, "example": s.description,
            "id": suggestion_id(s.account, s.merchant_key, s.currency),
        })
    return pd.DataFrame(rows, columns=["name", "match", "amount", "currency", "every", "account",
                                       "charges", "first", "last", "next_expected", "example",
                                       "id"])


def build(found: Analysis, period: Period, renewals: list[Renewal],
          suggestions: list[tuple[Series, dict[str, object]]]) -> Report:
    """The report of ``period`` from an analysis of the whole ledger."""
    frame = found.transactions
    rows = frame[period.contains(frame["posted_date"])]
    flags = found.open_flags
    if len(flags):
        keep = (flags["posted_date"] <= period.end) | flags["type"].eq("upcoming")
        flags = flags[keep].reset_index(drop=True)
    counts = (flags.groupby(["type", "severity"]).size().unstack(fill_value=0)
              if len(flags) else pd.DataFrame())
    linked = _linked_charges(rows)
    spend = {str(c): int(-v) for c, v in linked.groupby("currency")["amount_minor"].sum().items()}
    annual, categories = _annual(found)
    return Report(
        period=period, as_of=found.as_of, accounts=_accounts(rows), subscription_spend=spend,
        annual=annual, categories=categories, monthly=_monthly(frame, period),
        flag_counts=counts, flags=flags, subscriptions=_subscriptions(found),
        upcoming=_upcoming(renewals), suggestions=_suggestions(suggestions),
        transactions=rows.reset_index(drop=True),
    )
