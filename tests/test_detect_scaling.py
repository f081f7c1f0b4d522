"""Detect's look-ups find what a pass over everything finds, and do not look at everything.

Seats: a charge joins the seat that ranks best among *all* seats of its entry on the account
(``_everyone`` below is that rule written as a pass over every seat); the index in
``seats._assign`` must pick the same seat every time. Discover: a gap test rules cadences and
repeat-purchase subsets out before fitting; the series found must be those a fit of every
cadence finds. And the work per charge must stay bounded as seats and repeat purchases grow
(counted, not timed: speed is measured by ``python -m bench``).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.cadence import NAMED, Cadence, add_months
from recon.detect import seats, series
from recon.rulebook import Settings

START = dt.date(2024, 1, 1)


def _everyone(rows: list[dict[str, Any]], cycle: float, tolerance: int) -> list[list[str]]:
    """Each charge, oldest first, compared with every seat: the rule ``_assign`` indexes."""
    half = dt.timedelta(days=cycle / 2)
    found: list[list[dict[str, Any]]] = []
    for row in rows:
        date, amount, currency = row["posted_date"], -int(row["amount_minor"]), row["currency"]
        best: tuple[tuple[int, int, int, float], int] | None = None
        for i, charges in enumerate(found):
            last = charges[-1]
            if date - last["posted_date"] < half:
                continue
            same = last["currency"] == currency
            if (same and not seats.same_plan(amount, -int(last["amount_minor"]))) or (
                    not same and len(found) > 1):
                continue
            gap = (date - last["posted_date"]).days
            steps = max(1, round(gap / cycle))
            off = abs(gap - cycle)
            if abs(gap - steps * cycle) > tolerance:
                continue
            gap_amount = abs(amount + int(last["amount_minor"]))
            rank = (0 if off <= tolerance else 1, 0 if gap_amount == 0 else 1,
                    -len(charges), off + gap_amount)
            if best is None or rank < best[0]:
                best = (rank, i)
        if best is None:
            found.append([row])
        else:
            found[best[1]].append(row)
    return [[r["txn_id"] for r in charges] for charges in found]


def _row(i: int, day: int, minor: int, currency: str = "GBP") -> dict[str, Any]:
    return {"txn_id": f"t{i}", "posted_date": START + dt.timedelta(days=day),
            "amount_minor": -minor, "currency": currency, "account": "card",
            "subscription": "S"}


@st.composite
def _charges(draw: st.DrawFn) -> tuple[list[dict[str, Any]], float, int]:
    """Renewing seats (with skips, jitter and price steps) and one-off purchases, mixed."""
    cycle = draw(st.sampled_from([c.days for c in NAMED] + [10.0, 45.0]))
    tolerance = draw(st.sampled_from([2, 6]))
    prices = draw(st.lists(st.sampled_from([499, 999, 1099, 1299, 1999]), min_size=1,
                           max_size=3))
    rows: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(0, 14))):  # seats
        first = draw(st.integers(0, 60))
        price = draw(st.sampled_from(prices))
        currency = draw(st.sampled_from(["GBP", "GBP", "USD"]))
        for k in range(draw(st.integers(1, 12))):
            if draw(st.integers(0, 9)) == 0:
                continue  # a skipped renewal
            if draw(st.integers(0, 19)) == 0:
                price += draw(st.sampled_from([-100, 100, 300]))  # a price step
            day = first + round(k * cycle) + draw(st.integers(-tolerance - 1, tolerance + 1))
            rows.append((max(0, day), max(1, price), currency))
    for _ in range(draw(st.integers(0, 40))):  # one-offs from the brand
        rows.append((draw(st.integers(0, 800)), draw(st.integers(100, 3000)),
                     draw(st.sampled_from(["GBP", "USD"]))))
    rows.sort(key=lambda r: r[0])
    return [_row(i, d, m, c) for i, (d, m, c) in enumerate(rows)], cycle, tolerance


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_charges())
def test_the_seat_index_picks_what_comparing_with_every_seat_picks(
        case: tuple[list[dict[str, Any]], float, int]) -> None:
    rows, cycle, tolerance = case
    got = [[r["txn_id"] for r in s.charges] for s in seats._assign(rows, cycle, tolerance)]
    assert got == _everyone(rows, cycle, tolerance)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([c.days for c in NAMED] + [10.0]), st.sampled_from([2, 6]),
       st.lists(st.tuples(st.integers(-9, 9), st.sampled_from([0, 0, 0, 50, -300]),
                          st.sampled_from(["GBP", "GBP", "GBP", "USD"]), st.booleans()),
                min_size=1, max_size=16))
def test_one_renewing_chain_is_one_seat_as_when_compared_with_all(
        cycle: float, tolerance: int, steps: list[tuple[int, int, str, bool]]) -> None:
    """The shortcut for a chain of renewals (``_one_chain``: each charge renews the one
    before) gives what charge-by-charge assignment gives, also when the chain breaks: jitter
    beyond the tolerance, price steps beyond ``SAME_PLAN``, a currency switch, a skip."""
    rows, price = [], 999
    for k, (jitter, step, currency, skip) in enumerate(steps):
        price = max(1, price + step)
        rows.append(_row(k, max(0, round((k + skip) * cycle) + jitter), price, currency))
    rows.sort(key=lambda r: r["posted_date"])
    got = [[r["txn_id"] for r in s.charges] for s in seats._assign(rows, cycle, tolerance)]
    assert got == _everyone(rows, cycle, tolerance)


def test_many_seats_at_one_price_on_one_card_are_joined_as_when_compared_with_all() -> None:
    """Sixty seats of one plan on one card (a company card paying for its staff), two billing
    on each day of the month: the index's shortcut for a seat at the charge's exact price
    one cycle back picks what a comparison with every seat picks."""
    rows = []
    for k in range(24):
        for s in range(60):
            rows.append((s // 2 + round(k * 30.4375), 1499))
    rows.sort()
    charges = [_row(i, d, m) for i, (d, m) in enumerate(rows)]
    got = [[r["txn_id"] for r in s.charges] for s in seats._assign(charges, 30.4375, 6)]
    assert got == _everyone(charges, 30.4375, 6)


def test_a_charge_is_compared_with_few_seats_however_many_one_offs_came_before(
        monkeypatch: Any) -> None:
    """2,000 one-off purchases from the brand (each starts a seat of its own) and one real
    plan: the seats each charge is compared with stay few, not one per earlier purchase."""
    looked: list[int] = []
    real_best = seats._best

    def counting(open_: Any, candidates: Any, *args: Any) -> Any:
        candidates = list(candidates)
        looked.append(len(candidates))
        return real_best(open_, candidates, *args)

    monkeypatch.setattr(seats, "_best", counting)
    rows = [(round(k * 30.4375), 999) for k in range(24)]
    rows += [(k % 730, 1500 + (k * 7919) % 20000) for k in range(2000)]  # not its price
    rows.sort()
    charges = [_row(i, d, m) for i, (d, m) in enumerate(rows)]
    found = seats._assign(charges, 30.4375, 6)
    assert any(len(s.charges) == 24 for s in found)
    assert sum(looked) <= 30 * len(charges)  # a pass over every seat: ~2,000,000


def test_discover_fits_few_of_a_chains_repeat_purchases(monkeypatch: Any) -> None:
    """A chain store's 20,000 purchases at random prices over two years repeat thousands of
    amounts; the repeats at one price are tried as series, but only the ones whose gaps could
    be a plan are fitted. One real plan among them is still found."""
    fitted: list[int] = []
    real_fit = series.fit

    def counting(dates: Any, *args: Any, **kwargs: Any) -> Any:
        fitted.append(len(dates))
        return real_fit(dates, *args, **kwargs)

    monkeypatch.setattr(series, "fit", counting)
    days = [(k * 7919) % 730 for k in range(20000)]
    amounts = [-(100 + (k * 104729) % 9900) for k in range(20000)]
    days += [15 + round(k * 30.4375) for k in range(24)]
    amounts += [-1234] * 24
    frame = pd.DataFrame({
        "txn_id": [f"t{i}" for i in range(len(days))],
        "posted_date": [START + dt.timedelta(days=d) for d in days],
        "account": "card", "amount_minor": amounts, "currency": "GBP",
        "description_raw": "MEGASTORE 123", "merchant_key": "megastore"})
    found = series.discover(frame, Settings())
    assert [(s.amount, s.fit.cadence) for s in found] == [(1234, Cadence(1, "month"))]
    assert len(fitted) <= 2000  # one fit per cadence per repeated amount: ~70,000


def test_the_gap_test_never_refuses_a_cadence_a_fit_would_take() -> None:
    """``may_fit`` is a necessary condition: over many date lists near a schedule (month ends,
    leap days, jitter past the tolerance), whenever ``best_fit``'s rules accept a cadence's
    fit, the gap test passed it."""

    rnd = random.Random(7)
    cadences = [*NAMED, Cadence(10, "day"), Cadence(45, "day")]
    accepted = 0
    for _ in range(4000):
        cadence = rnd.choice(cadences)
        tolerance = rnd.choice([0, 2, 4, 8])
        anchor = START + dt.timedelta(days=rnd.randrange(0, 400))
        dates = sorted({add_months(anchor, k * cadence.months, anchor.day)
                        if cadence.months else anchor + dt.timedelta(days=k * cadence.n * (
                            7 if cadence.unit == "week" else 1))
                        for k in range(rnd.randint(2, 8)) if rnd.random() > 0.2})
        dates = sorted({d + dt.timedelta(days=rnd.randint(-tolerance - 2, tolerance + 2))
                        for d in dates})
        if len(dates) < 2:
            continue
        f = series.fit(dates, cadence, tolerance)
        if f is None or len(set(f.cycles)) < 2 or f.missed > max(1, len(set(f.cycles)) // 3):
            continue
        accepted += 1
        assert series.may_fit(sorted({d.toordinal() for d in dates}), cadence, tolerance), (
            dates, cadence, tolerance)
    assert accepted > 500  # the cases that matter were tried
