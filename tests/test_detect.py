"""Each detector, and the edges: month ends, leap years, currencies, refunds, changing cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recon.detect.kinds import price_change
from recon.errors import RulesError
from recon.rulebook import load_rulebook
from tests import helpers
from tests.helpers import kinds, monthly, run

NETFLIX = "- {name: Netflix, match: netflix, amount: 10.99, every: month}\n"


def test_steady_subscription_raises_nothing(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM 866-579-7172 CA", "-10.99", "2026-01-03", 6)
    found = run(tmp_path, rows, NETFLIX, as_of="2026-06-10")
    assert kinds(found) == []
    state = found.states[0]
    assert str(state.next_expected) == "2026-07-03"
    assert state.annual_minor == 13188


def test_price_change_flagged_once_at_the_transition(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM", "-10.99", "2026-01-03", 3) + \
        monthly("NETFLIX.COM", "-12.99", "2026-04-03", 3)
    found = run(tmp_path, rows, NETFLIX, as_of="2026-06-10")
    assert kinds(found) == [("price_change", "2026-04-03")]
    flag = found.flags.iloc[0]
    assert (flag["expected_minor"], flag["change_minor"], str(flag["change_pct"])) == (
        1099, 200, "18.2")
    assert flag["severity"] == "medium"
    assert "up 2.00 GBP (+18.2%)" in flag["message"]


def test_price_drop_is_low_severity(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM", "-9.99", "2026-01-03", 2)
    found = run(tmp_path, rows, NETFLIX, as_of="2026-02-10")
    assert kinds(found) == [("price_change", "2026-01-03")]
    assert found.flags.iloc[0]["severity"] == "low"
    assert found.flags.iloc[0]["change_minor"] == -100


def test_entry_tolerance_absorbs_small_changes(tmp_path: Path) -> None:
    cat = "- {name: Octopus, match: octopus energy, amount: 42.00, tolerance: 10%}\n"
    rows = [("2026-01-15", "-42.00", "OCTOPUS ENERGY DD"), ("2026-02-15", "-45.50", "OCTOPUS ENERGY DD"),
            ("2026-03-15", "-47.00", "OCTOPUS ENERGY DD")]
    found = run(tmp_path, rows, cat, as_of="2026-03-20")
    assert kinds(found) == [("price_change", "2026-03-15")]  # 11.9% over 42.00


def test_fx_drift_is_not_a_price_change_but_a_real_rise_is(tmp_path: Path) -> None:
    cat = "- {name: GitHub, match: github, amount: 4.00, currency: USD}\n"
    rows = [("2026-01-05", "-3.16", "GITHUB.COM"), ("2026-02-05", "-3.21", "GITHUB.COM"),
            ("2026-03-05", "-3.12", "GITHUB.COM"), ("2026-04-05", "-3.95", "GITHUB.COM")]
    found = run(tmp_path, rows, cat, as_of="2026-04-10")
    assert kinds(found) == [("price_change", "2026-04-05")]


def test_currency_change_is_a_price_change(tmp_path: Path) -> None:
    rows = [("2026-01-03", "-10.99", "NETFLIX.COM", "card", "GBP"),
            ("2026-02-03", "-12.99", "NETFLIX.COM", "card", "EUR")]
    found = run(tmp_path, rows, NETFLIX, as_of="2026-02-10")
    assert kinds(found) == [("price_change", "2026-02-03")]
    assert "now charged in EUR" in found.flags.iloc[0]["message"]


def test_double_charge_is_a_duplicate(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM", "-10.99", "2026-01-03", 3) + [("2026-02-03", "-10.99", "NETFLIX.COM")]
    found = run(tmp_path, rows, NETFLIX, as_of="2026-03-05")
    assert kinds(found) == [("duplicate", "2026-02-03")]
    assert len(found.flags.iloc[0]["txn_ids"]) == 2


def test_refunded_double_charge_is_not_a_duplicate(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM", "-10.99", "2026-01-03", 3) + [
        ("2026-02-04", "-10.99", "NETFLIX.COM"), ("2026-02-09", "10.99", "NETFLIX.COM REFUND")]
    found = run(tmp_path, rows, NETFLIX, as_of="2026-03-05")
    assert kinds(found) == []


def test_partial_refund_leaves_the_duplicate(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM", "-10.99", "2026-01-03", 3) + [
        ("2026-02-04", "-10.99", "NETFLIX.COM"), ("2026-02-09", "5.00", "NETFLIX.COM REFUND")]
    found = run(tmp_path, rows, NETFLIX, as_of="2026-03-05")
    assert kinds(found) == [("duplicate", "2026-02-04")]


def test_identical_unlinked_charges_within_the_window(tmp_path: Path) -> None:
    rows = [("2026-03-01", "-54.20", "JOHN LEWIS 0322"), ("2026-03-02", "-54.20", "JOHN LEWIS 0322"),
            ("2026-03-20", "-54.20", "JOHN LEWIS 0322")]
    found = run(tmp_path, rows, as_of="2026-03-25")
    assert kinds(found) == [("duplicate", "2026-03-02")]
    narrow = run(tmp_path / "b", rows, settings="duplicate: {within_days: 0}\n", as_of="2026-03-25")
    assert kinds(narrow) == []


def test_charge_after_cancellation(tmp_path: Path) -> None:
    cat = "- {name: PureGym, match: puregym, amount: 24.99, status: cancelled, cancelled: 2026-02-28}\n"
    rows = monthly("PUREGYM LTD DD 0098812", "-24.99", "2026-01-02", 4)
    found = run(tmp_path, rows, cat, as_of="2026-04-10")
    assert kinds(found) == [("unexpected", "2026-03-02"), ("unexpected", "2026-04-02")]
    assert "cancelled on 2026-02-28" in found.flags.iloc[0]["message"]


def test_paused_and_before_start_and_after_end(tmp_path: Path) -> None:
    cat = ("- {name: Paused, match: pausedco, status: paused}\n"
           "- {name: Later, match: laterco, started: 2026-03-01}\n"
           "- {name: Fixed, match: fixedco, ends: 2026-01-31}\n")
    rows = [("2026-02-01", "-5.00", "PAUSEDCO"), ("2026-02-01", "-6.00", "LATERCO"),
            ("2026-02-01", "-7.00", "FIXEDCO")]
    found = run(tmp_path, rows, cat, as_of="2026-02-05")
    messages = sorted(found.flags["message"])
    assert [m.split(" charged")[0] for m in messages] == ["Fixed", "Later", "Paused"]
    assert "ended on 2026-01-31" in messages[0]
    assert "before it started" in messages[1]
    assert "while paused" in messages[2]


def test_charge_on_another_account(tmp_path: Path) -> None:
    cat = '- {name: Netflix, match: netflix, amount: 10.99, account: "Visa 1234"}\n'
    rows = [("2026-01-03", "-10.99", "NETFLIX.COM", "Visa 1234"),
            ("2026-02-03", "-10.99", "NETFLIX.COM", "Amex")]
    found = run(tmp_path, rows, cat, as_of="2026-02-05")
    assert kinds(found) == [("unexpected", "2026-02-03")]
    assert "belongs on Visa 1234" in found.flags.iloc[0]["message"]


def test_same_service_on_two_cards(tmp_path: Path) -> None:
    rows = monthly("SPOTIFY P1A2B3", "-11.99", "2026-01-07", 3, account="Visa") + \
        [("2026-03-09", "-11.99", "SPOTIFY AB", "Amex")]
    cat = "- {name: Spotify, match: spotify, amount: 11.99}\n"
    found = run(tmp_path, rows, cat, as_of="2026-03-12")
    assert kinds(found) == [("unexpected", "2026-03-09")]
    assert "paid on two accounts" in found.flags.iloc[0]["message"]


def test_a_seat_per_card_is_not_paid_twice(tmp_path: Path) -> None:
    """``per_account``: each card pays its own seat; a second charge on one card still is."""
    rows = monthly("SLACK T0123", "-8.75", "2026-01-07", 3, account="Card A") + \
        monthly("SLACK T0456", "-8.75", "2026-01-09", 3, account="Card B") + \
        [("2026-03-10", "-8.75", "SLACK T0456", "Card B")]
    cat = "- {name: Slack, match: slack, amount: 8.75, per_account: true}\n"
    found = run(tmp_path, rows, cat, as_of="2026-03-12")
    assert [(f["type"], f["account"], str(f["posted_date"])) for f in found.flags.to_dict(
        "records")] == [("duplicate", "Card B", "2026-03-10")]
    (tmp_path / "rules" / "subscriptions.yaml").write_text(cat.replace("true", "yes please"))
    with pytest.raises(RulesError, match="per_account.*expected true or false"):
        load_rulebook(tmp_path / "rules")


def test_subscription_that_changes_cards_is_fine(tmp_path: Path) -> None:
    rows = monthly("SPOTIFY", "-11.99", "2026-01-07", 3, account="Old card") + \
        monthly("SPOTIFY", "-11.99", "2026-04-07", 3, account="New card")
    found = run(tmp_path, rows, "- {name: Spotify, match: spotify, amount: 11.99}\n",
                as_of="2026-06-10")
    assert kinds(found) == []
    assert found.states[0].account == "New card"


def test_missed_renewal_only_where_statements_reach(tmp_path: Path) -> None:
    rows = monthly("APPLE.COM/BILL", "-2.99", "2026-01-12", 2) + [("2026-04-20", "-5.00", "TESCO")]
    cat = "- {name: iCloud, match: apple.com/bill, amount: 2.99}\n"
    found = run(tmp_path, rows, cat, as_of="2026-05-01")
    assert kinds(found) == [("missed", "2026-03-12")]
    short = run(tmp_path / "b", rows[:2] + [("2026-03-13", "-5.00", "TESCO")], cat,
                as_of="2026-05-01")
    assert kinds(short) == []  # the card's statements end before 12 March + 3 days' grace


def test_month_end_billing(tmp_path: Path) -> None:
    cat = "- {name: Gym, match: gym, amount: 30.00}\n"
    rows = [("2026-01-31", "-30.00", "GYM"), ("2026-02-28", "-30.00", "GYM"),
            ("2026-03-31", "-30.00", "GYM"), ("2026-04-30", "-30.00", "GYM")]
    found = run(tmp_path, rows, cat, as_of="2026-05-02")
    assert kinds(found) == []
    assert str(found.states[0].next_expected) == "2026-05-31"


def test_leap_year_and_yearly_plan_seen_once(tmp_path: Path) -> None:
    cat = "- {name: Domain, match: namecheap, amount: 12.00, every: year, notice: 30 days}\n"
    rows = [("2024-02-29", "-12.00", "NAMECHEAP.COM"), ("2024-06-01", "-3.00", "TESCO")]
    found = run(tmp_path, rows, cat, as_of="2024-06-02")
    state = found.states[0]
    assert str(state.next_expected) == "2025-02-28"
    assert str(state.cancel_by) == "2025-01-29"
    assert kinds(found) == []
    reminder = run(tmp_path / "b", rows, cat, as_of="2025-01-20")
    assert kinds(reminder) == [("upcoming", "2025-02-28")]
    assert "cancel by 2025-01-29" in reminder.flags.iloc[0]["message"]


def test_entry_with_no_charges_yet(tmp_path: Path) -> None:
    cat = "- {name: New, match: newservice, amount: 5.00, started: 2026-03-10, billing_day: 15}\n"
    found = run(tmp_path, [("2026-03-01", "-1.00", "TESCO")], cat, as_of="2026-03-10")
    assert str(found.states[0].next_expected) == "2026-03-15"
    assert kinds(found) == [("upcoming", "2026-03-15")]
    assert found.states[0].last_charge is None


def test_trial_conversion(tmp_path: Path) -> None:
    cat = "- {name: Disney+, match: disney plus, amount: 8.99, status: trial, trial_ends: 2026-09-14}\n"
    rows = [("2026-09-15", "-8.99", "DISNEY PLUS LONDON"), ("2026-10-15", "-8.99", "DISNEY PLUS LONDON")]
    found = run(tmp_path, rows, cat, as_of="2026-10-20")
    assert kinds(found) == [("trial_conversion", "2026-09-15")]


def test_unknown_series_is_unexpected(tmp_path: Path) -> None:
    rows = monthly("NOWTV.COM LONDON", "-9.99", "2026-01-09", 3)
    found = run(tmp_path, rows, as_of="2026-03-20")
    assert kinds(found) == [("unexpected", "2026-03-09")]
    series = found.series[0]
    assert (series.fit.cadence.label(), str(series.next_expected)) == ("month", "2026-04-09")


def test_two_charges_are_not_a_series_but_two_yearly_are(tmp_path: Path) -> None:
    assert run(tmp_path, monthly("NOWTV", "-9.99", "2026-01-09", 2), as_of="2026-03-01").series == []
    yearly = run(tmp_path / "b", [("2025-03-01", "-49.00", "MEDIUM.COM"),
                                  ("2026-03-01", "-49.00", "MEDIUM.COM")], as_of="2026-03-05")
    assert [s.fit.cadence.label() for s in yearly.series] == ["year"]


def test_card_repayment_is_a_transfer_not_a_series(tmp_path: Path) -> None:
    rows = []
    for month in ("01", "02", "03"):
        rows += [(f"2026-{month}-25", "-350.00", "VISA CARD PAYMENT", "current"),
                 (f"2026-{month}-25", "350.00", "PAYMENT RECEIVED - THANK YOU", "visa")]
    assert kinds(run(tmp_path, rows, as_of="2026-03-28")) == []


def test_several_currencies_do_not_mix(tmp_path: Path) -> None:
    rows = [("2026-01-10", "-1500", "ADOBE JP", "card", "JPY"), ("2026-01-10", "-1500", "ADOBE JP", "card", "JPY"),
            ("2026-01-10", "-15.00", "ADOBE JP", "card", "USD")]
    found = run(tmp_path, rows, as_of="2026-01-15")
    assert kinds(found) == [("duplicate", "2026-01-10")]
    assert found.flags.iloc[0]["currency"] == "JPY"


def test_flag_ids_are_stable(tmp_path: Path) -> None:
    rows = monthly("NETFLIX.COM", "-10.99", "2026-01-03", 2) + [("2026-02-03", "-10.99", "NETFLIX.COM")]
    first = run(tmp_path, rows, NETFLIX, as_of="2026-02-10").flags["id"].tolist()
    again = run(tmp_path / "b", rows + [("2026-02-05", "-3.00", "TESCO")], NETFLIX,
                as_of="2026-02-11").flags["id"].tolist()
    assert first == again and len(first) == 1


def test_rule_ignore_and_flag(tmp_path: Path) -> None:
    rows = [("2026-03-01", "-54.20", "TFL TRAVEL"), ("2026-03-01", "-54.20", "TFL TRAVEL"),
            ("2026-03-02", "-120.00", "APPLE STORE")]
    rules = ('- if: {merchant: tfl travel}\n  then: {ignore: [duplicate]}\n'
             '- if: {amount: {over: 100}}\n  then: {flag: {severity: high, message: big one}}\n')
    found = run(tmp_path, rows, rules=rules, as_of="2026-03-05")
    assert kinds(found) == [("rule", "2026-03-02")]
    assert found.flags.iloc[0]["severity"] == "high"
    assert found.flags.iloc[0]["message"] == "big one"


def test_late_posting_counts_for_its_own_cycle(tmp_path: Path) -> None:
    # 31 March renewal posted on 1 April: next is 31 March again, not 30 April
    cat = "- {name: Plan, match: planco, amount: 99.00, every: year, billing_day: 31}\n"
    found = run(tmp_path, [("2025-04-01", "-99.00", "PLANCO")], cat, as_of="2025-04-02")
    assert str(found.states[0].next_expected) == "2026-03-31"
    monthly_late = run(tmp_path / "b", [("2025-10-30", "-5.00", "GYMCO"), ("2025-11-30", "-5.00", "GYMCO"),
                                        ("2026-01-01", "-5.00", "GYMCO"), ("2026-02-27", "-1.00", "TESCO")],
                       "- {name: Gym, match: gymco, amount: 5.00}\n", as_of="2026-03-01")
    assert kinds(monthly_late) == [("missed", "2026-01-30")]


_CYCLES = ("- {name: Netflix, match: netflix, amount: 10.99, every: month}\n"
           "- {name: Gym, match: puregym, amount: 24.99, every: week}\n"
           "- {name: Cloud, match: icloud, amount: 99.00, every: year}\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(charges=st.lists(st.tuples(
    st.dates(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    st.sampled_from([("NETFLIX.COM", "-10.99"), ("PUREGYM LTD", "-24.99"),
                     ("APPLE ICLOUD", "-99.00")]),
    st.sampled_from(["card", "current"])), max_size=30))
@example(charges=[(dt.date(2026, 1, 3), ("NETFLIX.COM", "-10.99"), "card"),
                  (dt.date(2026, 1, 10), ("NETFLIX.COM", "-10.99"), "card")])
def test_a_duplicate_is_a_second_charge_at_one_price_in_one_cycle_of_one_account(
        tmp_path: Path, charges: list[tuple[dt.date, tuple[str, str], str]]) -> None:
    """Whatever the charges, each duplicate pairs two charges of one subscription on one
    account at one amount, less than half its cycle apart, and no charge is flagged twice."""
    rows = list(dict.fromkeys(  # one row per identity (the ledger keeps them apart by id)
        (d.isoformat(), amount, text, account) for d, (text, amount), account in charges))
    if not rows:
        return
    found = run(tmp_path, rows, _CYCLES, as_of="2026-04-01")
    ledger = helpers.ledger(rows).set_index("txn_id")
    cycle = {"Netflix": 30.4, "Gym": 7, "Cloud": 365}
    seen: set[str] = set()
    for flag in found.flags[found.flags["type"] == "duplicate"].itertuples():
        a, b = (ledger.loc[t] for t in flag.txn_ids)
        assert a["account"] == b["account"] and a["amount_minor"] == b["amount_minor"]
        assert abs((b["posted_date"] - a["posted_date"]).days) < cycle[flag.subscription] / 2
        assert flag.txn_id not in seen
        seen.add(flag.txn_id)


_PRICED = ("- {name: Netflix, match: netflix, amount: 10.99, every: month, tolerance: 5%}\n"
           "- {name: GitHub, match: github, amount: 4.00, currency: USD, every: month,"
           " trial_ends: 2026-02-01}\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(charges=st.lists(st.tuples(
    st.sampled_from(["NETFLIX.COM", "GITHUB.COM"]),
    st.sampled_from(["-10.99", "-11.20", "-12.99", "-3.16", "-4.00", "-9.99"]),
    st.sampled_from(["GBP", "GBP", "USD", "EUR"])), min_size=1, max_size=24))
@example(charges=[("NETFLIX.COM", "-12.99", "GBP"), ("NETFLIX.COM", "-12.99", "GBP"),
                  ("NETFLIX.COM", "-11.20", "GBP"), ("NETFLIX.COM", "-11.20", "GBP")])
def test_a_repeated_charge_is_not_judged_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        charges: list[tuple[str, str, str]]) -> None:
    """Passing over a charge that repeats the one before gives the price changes that
    judging every charge gives (tolerances, trials, currency changes, foreign prices)."""
    rows = [((dt.date(2026, 1, 3) + dt.timedelta(days=30 * i)).isoformat(), amount, text,
             "card", currency) for i, (text, amount, currency) in enumerate(charges)]
    found = run(tmp_path, rows, _PRICED, as_of="2028-01-10")
    fast = [list(f) for f in found.flags[found.flags["type"] == "price_change"].itertuples()]
    monkeypatch.setattr(price_change, "_repeats", lambda row, previous: False)
    found = run(tmp_path, rows, _PRICED, as_of="2028-01-10")
    assert fast == [list(f) for f in found.flags[found.flags["type"] == "price_change"].itertuples()]


def test_a_seat_per_account_stopping_as_another_card_starts_is_not_a_move(
        tmp_path: Path) -> None:
    """``per_account``: each card pays its own seat, so amex stopping on the day monzo starts
    is a missed renewal on amex (and monzo's own seat); one seat (the default) moved."""
    rows = (monthly("NETFLIX.COM", "-10.99", "2026-01-09", 4, "amex")
            + monthly("NETFLIX.COM", "-10.99", "2026-05-09", 3, "monzo")
            + [("2026-07-20", "-3.00", "COFFEE", "amex")])
    per_account = "- {name: Netflix, match: netflix, every: month, per_account: true}\n"
    found = run(tmp_path, rows, per_account, as_of="2026-07-21")
    assert [(f.type, str(f.expected_date), f.account) for f in found.flags.itertuples()] == [
        ("missed", "2026-05-09", "amex")]
    assert sorted(s.account for s in found.states[0].seats) == ["amex", "monzo"]
    one = run(tmp_path / "one", rows, per_account.replace(", per_account: true", ""),
              as_of="2026-07-21")
    assert kinds(one) == [] and len(one.states[0].seats) == 1
