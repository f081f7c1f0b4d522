"""Seats: many cards paying one service, two seats on one card, skips, stops, card moves,
repeat purchases, variable bills, a catalogue gone stale; and the flag-type registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from recon import detect, detectors
from recon.detect import kinds as registry
from recon.errors import RulesError
from recon.rulebook import FLAG_TYPES, KNOWN_SETTINGS
from tests import helpers
from tests.conftest import ROOT
from tests.helpers import kinds, monthly, run

SPOTIFY = "- {name: Spotify, match: spotify, every: month, per_account: true}\n"


def test_cards_paying_their_own_seats_at_their_own_plans_raise_nothing(tmp_path: Path) -> None:
    rows = (monthly("SPOTIFY AB", "-11.99", "2026-01-05", 6, "Visa")
            + monthly("SPOTIFY P1234", "-16.99", "2026-01-09", 6, "Amex")
            + monthly("SPOTIFY USA", "-13.99", "2026-01-20", 6, "Chase", currency="USD"))
    found = run(tmp_path, rows, SPOTIFY, as_of="2026-06-21")
    assert kinds(found) == []
    assert sorted(s.account for s in found.states[0].seats) == ["Amex", "Chase", "Visa"]


def test_two_steady_seats_on_one_card_are_reported_once(tmp_path: Path) -> None:
    rows = (monthly("SPOTIFY AB", "-11.99", "2026-01-05", 6)
            + monthly("SPOTIFY AB", "-16.99", "2026-01-12", 6))
    found = run(tmp_path, rows, SPOTIFY, as_of="2026-06-13")
    assert kinds(found) == [("unexpected", "2026-01-12")]
    assert "paid 2 times a month on card" in found.flags.iloc[0]["message"]
    counted = run(tmp_path, rows, SPOTIFY.replace("per_account: true", "seats: 2"),
                  as_of="2026-06-13")
    assert kinds(counted) == []


def test_single_seat_paid_on_a_second_card_is_one_flag_not_one_per_cycle(tmp_path: Path) -> None:
    cat = "- {name: Netflix, match: netflix, every: month}\n"
    rows = (monthly("NETFLIX.COM", "-10.99", "2026-01-03", 6, "Visa")
            + monthly("NETFLIX.COM", "-10.99", "2026-03-06", 4, "Amex"))
    found = run(tmp_path, rows, cat, as_of="2026-06-07")
    assert kinds(found) == [("unexpected", "2026-03-06")]
    assert len(found.flags.iloc[0]["txn_ids"]) == 4


def test_skipped_then_resumed_is_one_missed_and_a_stop_is_one_missed(tmp_path: Path) -> None:
    skipped = [r for r in monthly("SPOTIFY AB", "-11.99", "2026-01-05", 8, "Visa")
               if not r[0].startswith(("2026-03", "2026-04"))]
    stopped = monthly("SPOTIFY AB", "-11.99", "2026-01-07", 4, "Amex")
    statements = [("2026-08-20", "-3.00", "COFFEE", "Amex"), ("2026-08-21", "-3.00", "TEA", "Visa")]
    found = run(tmp_path, skipped + stopped + statements, SPOTIFY, as_of="2026-08-22")
    got = sorted((f.type, str(f.expected_date), f.account) for f in found.flags.itertuples())
    assert got == [("missed", "2026-03-05", "Visa"), ("missed", "2026-05-07", "Amex")]
    amex = next(s for s in found.states[0].seats if s.account == "Amex")
    assert amex.lapsed and not found.states[0].lapsed


def test_a_card_replaced_by_a_new_number_carries_its_seats(tmp_path: Path) -> None:
    cat = '- {name: Netflix, match: netflix, every: month, account: "Visa 1234"}\n'
    rows = (monthly("NETFLIX.COM", "-10.99", "2026-01-03", 4, "Visa 1234")
            + monthly("NETFLIX.COM", "-10.99", "2026-05-03", 3, "Visa 5678"))
    settings = 'currency: GBP\naccounts:\n  "Visa 5678": {replaces: "Visa 1234"}\n'
    found = run(tmp_path, rows, cat, settings=settings, as_of="2026-07-05")
    assert kinds(found) == []
    assert found.states[0].seats[0].seat.accounts == ("Visa 1234", "Visa 5678")
    undeclared = run(tmp_path, rows, cat, as_of="2026-07-05")
    assert kinds(undeclared) == [("unexpected", "2026-05-03")]  # it left its account


def test_price_steps_are_judged_per_seat_in_its_own_currency(tmp_path: Path) -> None:
    rows = (monthly("SPOTIFY AB", "-11.99", "2026-01-05", 3, "Visa")
            + monthly("SPOTIFY AB", "-12.19", "2026-04-05", 3, "Visa")  # +1.7%
            + monthly("SPOTIFY USA", "-13.99", "2026-01-20", 6, "Chase", currency="USD"))
    found = run(tmp_path, rows, SPOTIFY, as_of="2026-06-21")
    assert kinds(found) == [("price_change", "2026-04-05")]


def test_repeat_purchases_days_apart_are_not_duplicates_an_identical_posting_is(
        tmp_path: Path) -> None:
    rows = [("2026-03-02", "-4.50", "CAFE NERO 1234"), ("2026-03-04", "-4.50", "CAFE NERO 1234"),
            ("2026-03-09", "-20.00", "TESCO 0042"), ("2026-03-09", "-20.00", "TESCO 0042")]
    found = run(tmp_path, list(dict.fromkeys(rows[:3])) + [
        ("2026-03-10", "-20.00", "TESCO 0042")], "", as_of="2026-03-11")
    assert kinds(found) == [("duplicate", "2026-03-10")]


def test_a_brand_one_off_far_from_the_plan_is_not_a_seat(tmp_path: Path) -> None:
    rows = (monthly("SPOTIFY AB", "-11.99", "2026-01-05", 6, "Visa")
            + [("2026-02-17", "-45.00", "SPOTIFY MERCH 0192", "Visa"),
               ("2026-04-11", "-38.00", "SPOTIFY MERCH 0777", "Amex")])
    found = run(tmp_path, rows, SPOTIFY, as_of="2026-06-06")
    assert kinds(found) == []


def test_discover_finds_variable_bills_and_weekly_plans(tmp_path: Path) -> None:
    amounts = ["-61.20", "-48.75", "-72.10", "-55.00", "-66.35", "-59.90"]
    bill = [(r[0], amounts[i], "OCTOPUS ENERGY DD", "current")
            for i, r in enumerate(monthly("X", "0", "2026-01-14", 6))]
    weekly = [((dt.date(2026, 1, 2) + dt.timedelta(weeks=k)).isoformat(), "-7.99",
               "HELLOFRESH BOX", "current") for k in range(20)]
    found = run(tmp_path, bill + weekly, "", as_of="2026-06-20")
    series = {s.merchant_key: s for s in found.series}
    assert series["octopus"].fit.cadence.label() == "month"
    assert series["hellofresh"].fit.cadence.label() == "week"
    message = next(m for m in found.flags["message"] if "OCTOPUS" in m)
    assert "48.75 to 72.10 GBP" in message


def test_a_favourite_coffee_at_one_price_is_no_weekly_plan(tmp_path: Path) -> None:
    """Two to five purchases a week at one price fit "every week" on their dates alone; a plan
    charges once a cycle per seat, so they are no series, while two seats of a weekly plan
    (two charges every week) still are."""
    import random

    rng = random.Random(5)
    start = dt.date(2026, 1, 5)
    coffee = [((start + dt.timedelta(days=d)).isoformat(), "-3.74", "CAFE ROMA 17", "current")
              for d in sorted(rng.sample(range(140), 70))]
    boxes = [((start + dt.timedelta(weeks=k)).isoformat(), "-7.99", f"MEALKIT BOX {n}", "current")
             for k in range(20) for n in (1, 2)]
    found = run(tmp_path, coffee + boxes, "", as_of="2026-05-30")
    keys = {s.merchant_key for s in found.series}
    assert not any(k.startswith("cafe") for k in keys)
    assert any(k.startswith("mealkit") for k in keys)


def test_a_stale_catalogue_heals_with_one_renamed_flag(tmp_path: Path) -> None:
    cat = "- {name: Netflix, match: netflix, every: month}\n"
    rows = (monthly("NETFLIX.COM", "-10.99", "2026-01-03", 4)
            + monthly("NFLX DIGITAL", "-11.49", "2026-05-03", 3))  # same plan, new name
    found = run(tmp_path, rows, cat, as_of="2026-07-05")
    assert kinds(found) == [("renamed", "2026-05-03")]
    assert found.flags.iloc[0]["message"].startswith("Netflix may now bill as NFLX DIGITAL")
    (rename,) = found.renames
    assert (rename.subscription, rename.amount_minor, rename.flag_id) == (
        "Netflix", 1149, found.flags.iloc[0]["id"])


def test_the_flag_types_come_from_one_registry() -> None:
    assert FLAG_TYPES == detectors.FLAG_TYPES
    assert set(detect.CHECKS) == set(detectors.FLAG_TYPES)
    for name, module in registry.MODULES.items():  # each module declares its own type
        assert module.DETECTOR.name == name
        assert module.CHECKS and all(callable(c) for c in module.CHECKS)
        assert set(module.DETECTOR.settings) <= {f"{s}.{k}" for s, k, *_ in KNOWN_SETTINGS}, name
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert registry.flag_table() in docs


def test_replaces_must_name_an_account(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"settings.yaml:3: replaces: .*expected an account name"):
        helpers.book(tmp_path, SPOTIFY, settings='currency: GBP\naccounts:\n  "Visa 5678": '
                     '{replaces: {old: 1}}\n')
    book = helpers.book(tmp_path, SPOTIFY, settings='currency: GBP\naccounts:\n  "Visa 5678": '
                        '{replaces: ["Visa 1234", "Visa 0001"]}\n')
    assert book.settings.for_account("Visa 5678").replaces == ("Visa 1234", "Visa 0001")


def test_discovered_series_are_chosen_by_name(tmp_path: Path) -> None:
    rows = (monthly("NOWTV.COM LONDON", "-9.99", "2026-01-09", 5)
            + monthly("OCTOPUS ENERGY DD", "-42.00", "2026-01-15", 5)
            + [("2026-01-16", "-61.00", "THAMES WATER", "card")]
            + monthly("THAMES WATER", "-48.75", "2026-02-16", 4))
    found = run(tmp_path, rows, "", as_of="2026-06-20")
    suggestions = [(s, {"name": s.merchant_key.title()}) for s in found.series]
    picked, unknown = detect.choose(suggestions, ["nowtv", "Gas Board"])
    assert [e["name"] for _, e in picked] == ["Nowtv"] and unknown == ["Gas Board"]
    assert len(detect.choose(suggestions, [], everything=True)[0]) == 3
    water = next(s for s in found.series if s.merchant_key == "thames")
    assert water.variable and water.amount_range == (4875, 6100)


def test_a_variable_bill_is_suggested_with_a_tolerance_that_covers_its_range(
        tmp_path: Path) -> None:
    from recon.suggest import entry_for

    amounts = ["-61.20", "-48.75", "-72.10", "-55.00", "-66.35", "-59.90"]
    bill = [(r[0], amounts[i], "OCTOPUS ENERGY DD", "current")
            for i, r in enumerate(monthly("X", "0", "2026-01-14", 6))]
    found = run(tmp_path, bill, "", as_of="2026-06-20")
    (series,) = [s for s in found.series if s.merchant_key == "octopus"]
    entry = entry_for(series, set())
    assert entry["amount"] == "59.90" and entry["tolerance"] == "12.20"  # 72.10 - 59.90
    steady = monthly("NOWTV.COM", "-9.99", "2026-01-09", 5)
    (plan,) = run(tmp_path / "b", steady, "", as_of="2026-06-20").series
    assert "tolerance" not in entry_for(plan, set())


def test_month_length_is_the_calendars() -> None:
    import calendar

    from recon.cadence import month_length

    assert all(month_length(y, m) == calendar.monthrange(y, m)[1]
               for y in (1900, 2000, 2023, 2024, 2100) for m in range(1, 13))
