"""Detection that weighs a second signal: refunds keyed without their refund word, same-price
pairs judged by the account's habit, charges converted at a drifting rate for an entry with
no currency, chance yearly pairs at a busy shop, and the missed message of an entry with no
account. Unit tests through ``detect`` and end to end through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from recon import drift
from recon.detect import series
from recon.detect.kinds.duplicate import habitual
from recon.detect.pairs import refund_free
from recon.rulebook import Settings
from tests.helpers import kinds, ledger, monthly, run
from tests.test_cli import run as cli
from tests.test_cli_household import flags, household, links

# -- 1. refunds -----------------------------------------------------------------------------


def test_refund_words_go_before_the_text_is_cleaned() -> None:
    assert refund_free("REFUND PANERA BREAD #9033") == "panera bread"
    assert refund_free("REFUND TST* JOE'S DINER") == "joe's diner"  # the prefix goes too
    assert refund_free("Reversal: Uber *Trip") == "uber trip"
    assert refund_free("PANERA BREAD #9033") is None  # nothing to take away
    assert refund_free("REFUND") is None  # a refund word alone names no merchant


def test_a_refunded_one_off_double_charge_is_not_a_duplicate(tmp_path: Path) -> None:
    rows = [("2026-03-01", "-31.26", "PANERA BREAD #9033"),
            ("2026-03-01", "-31.26", "PANERA BREAD #9033"),
            ("2026-03-06", "31.26", "REFUND PANERA BREAD #9033")]
    assert kinds(run(tmp_path, rows, as_of="2026-03-25")) == []
    unrefunded = run(tmp_path / "b", rows[:2], as_of="2026-03-25")
    assert kinds(unrefunded) == [("duplicate", "2026-03-01")]
    elsewhere = rows[:2] + [("2026-03-06", "31.26", "REFUND CHIPOTLE 1234")]
    assert kinds(run(tmp_path / "c", elsewhere, as_of="2026-03-25")) == [
        ("duplicate", "2026-03-01")]  # another merchant's refund reverses nothing here


# -- 2. same-price pairs --------------------------------------------------------------------


def _days(*dates: str) -> list[tuple[dt.date, str]]:
    return [(dt.date.fromisoformat(d), f"t{i}") for i, d in enumerate(dates)]


def test_habit_is_a_price_bought_again_and_again_at_irregular_gaps() -> None:
    coffee = _days("2026-01-03", "2026-01-09", "2026-01-10", "2026-02-20", "2026-03-01",
                   "2026-03-02")
    assert habitual(coffee, {"t4", "t5"})  # four more at that price, whenever
    assert not habitual(_days("2026-02-01", "2026-03-01", "2026-03-01"), {"t1", "t2"})
    rent = _days("2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-04-02")
    assert not habitual(rent, {"t3", "t4"})  # a bill's steady cadence: a double posting


def test_a_usual_coffee_twice_is_a_repeat_and_a_one_off_twice_a_duplicate(
        tmp_path: Path) -> None:
    coffee = [(d, "-3.05", "DUNKIN #345064") for d in (
        "2026-01-05", "2026-01-19", "2026-02-02", "2026-02-03", "2026-02-27", "2026-03-24",
        "2026-03-24")]
    shop = [(d, a, "TARGET 06030615") for d, a in (
        ("2026-01-07", "-45.10"), ("2026-01-30", "-12.99"), ("2026-02-14", "-99.34"),
        ("2026-02-14", "-99.34"), ("2026-03-10", "-63.00"))]
    found = run(tmp_path, coffee + shop, as_of="2026-03-31")
    assert kinds(found) == [("duplicate", "2026-02-14")]
    assert "TARGET" in found.flags.iloc[0]["message"]
    rent = monthly("ACME LETTINGS RENT", "-1200.00", "2026-01-01", 4) + [
        ("2026-04-02", "-1200.00", "ACME LETTINGS RENT")]
    assert ("duplicate", "2026-04-02") in kinds(run(tmp_path / "b", rent, as_of="2026-04-20"))


def test_within_days_still_bounds_a_double_posting(tmp_path: Path) -> None:
    rows = [("2026-02-14", "-99.34", "TARGET 06030615"), ("2026-02-16", "-99.34",
                                                          "TARGET 06030615")]
    assert kinds(run(tmp_path, rows, as_of="2026-03-31")) == []  # default: 1 day
    wide = run(tmp_path / "b", rows, settings="currency: GBP\nduplicate: {within_days: 2}\n",
               as_of="2026-03-31")
    assert kinds(wide) == [("duplicate", "2026-02-16")]


def test_cli_flags_the_double_posting_not_the_coffees(tmp_path: Path) -> None:
    rows = [(d, "DUNKIN #345064", "-3.05") for d in (
        "2026-05-04", "2026-05-09", "2026-05-10", "2026-06-03", "2026-06-21", "2026-07-13",
        "2026-07-13")]
    rows += [("2026-06-10", "PANERA BREAD #9033", "-31.26"),
             ("2026-06-10", "PANERA BREAD #9033", "-31.26"),
             ("2026-06-15", "REFUND PANERA BREAD #9033", "31.26"),
             ("2026-07-01", "HOME DEPOT #4367", "-86.81"),
             ("2026-07-02", "HOME DEPOT #4367", "-86.81")]
    ws = household(tmp_path, "", {"visa": rows})
    assert flags(ws) == [("duplicate", "2026-07-02", "HOME DEPOT #4367", "visa")]


# -- 3. converted at a drifting rate -------------------------------------------------------


def test_wandering_amounts() -> None:
    fx = Settings().fx_tolerance
    assert drift.wanders([1363, 1370, 1358, 1366, 1375], "GBP", fx)
    assert drift.wanders([1363, 1370, 1358, 1640, 1652, 1645], "GBP", fx)  # one real rise
    assert not drift.wanders([1099, 1099, 1099, 1299, 1299], "GBP", fx)  # a plan's price
    assert not drift.wanders([6533, 8456, 5038, 27794], "USD", fx)  # shopping
    assert not drift.wanders([1363, 1370], "GBP", fx)  # too few to tell


ATLASSIAN = "- {name: Atlassian, match: atlassian, amount: 17.00, every: month}\n"
DRIFT = ["13.63", "13.70", "13.58", "13.66", "13.75", "13.69", "13.81"]


def test_drift_of_an_entry_without_currency_is_not_a_price_change(tmp_path: Path) -> None:
    rows = [(f"2026-{m:02d}-05", f"-{a}", "ATLASSIAN") for m, a in enumerate(DRIFT, 1)]
    assert kinds(run(tmp_path, rows, ATLASSIAN, as_of="2026-07-20")) == []
    risen = rows + [("2026-08-05", "-16.52", "ATLASSIAN"), ("2026-09-05", "-16.60", "ATLASSIAN")]
    assert kinds(run(tmp_path / "b", risen, ATLASSIAN, as_of="2026-09-20")) == [
        ("price_change", "2026-08-05")]
    steady = [(f"2026-{m:02d}-05", a, "ATLASSIAN") for m, a in enumerate(
        ["-17.00", "-17.00", "-17.00", "-17.10", "-17.10"], 1)]
    assert kinds(run(tmp_path / "c", steady, ATLASSIAN, as_of="2026-05-20")) == [
        ("price_change", "2026-04-05")]  # a steady price still flags a 0.6% step


def test_a_catalogue_amount_far_from_every_unrepeated_charge_is_another_currency(
        tmp_path: Path) -> None:
    rows = [("2026-01-05", "-13.63", "ATLASSIAN"), ("2026-02-05", "-13.70", "ATLASSIAN")]
    assert kinds(run(tmp_path, rows, ATLASSIAN, as_of="2026-02-20")) == []
    near = "- {name: Atlassian, match: atlassian, amount: 13.63, every: month}\n"
    assert kinds(run(tmp_path / "b", rows, near, as_of="2026-02-20")) == [
        ("price_change", "2026-02-05")]  # the card's own currency: 0.5% is a change


def test_cli_links_and_shows_charges_converted_for_an_entry_without_currency(
        tmp_path: Path) -> None:
    refs = ["1RISPE", "QDB1S4", "ELNC10", "W6JLOO", "DXE2UN", "J7YG4A", "QSNIYC"]
    amounts = ["-38.20", "-38.14", "-38.47", "-38.42", "-38.61", "-39.03", "-39.10"]
    rows = [(f"2026-{m:02d}-04", f"CLASSPASS* {r}", a)
            for m, (r, a) in enumerate(zip(refs, amounts, strict=True), 1)]
    catalogue = "- {name: ClassPass, match: classpass, amount: 49.00, every: month}\n"
    ws = household(tmp_path, catalogue, {"visa": rows})
    linked = links(ws)
    assert [linked[("visa", d, t)] for d, t, _ in rows] == ["ClassPass"] * 7
    assert flags(ws) == [("upcoming", "2026-08-04", "ClassPass", "visa")]
    subs = json.loads(cli(ws, "subs", "--format", "json", "--as-of", "2026-08-01").output)
    entry = next(s for s in subs if s["name"] == "ClassPass")
    assert entry["last_charge"] == "2026-07-04"


# -- 4. chance yearly pairs ----------------------------------------------------------------


def _discover(rows: list[tuple[str, str, str]]) -> list[tuple[str, int]]:
    found = series.discover(ledger(rows), Settings())
    return sorted((s.merchant_key, len(s.txn_ids)) for s in found)


def test_a_busy_shop_sells_the_same_amount_a_year_apart_by_chance() -> None:
    busy = [(f"2025-{m:02d}-{d:02d}", f"-{20 + m}.{d:02d}", "KROGER #595")
            for m in range(1, 13) for d in (3, 17)]
    busy += [("2025-06-11", "-117.59", "KROGER #595"), ("2026-06-10", "-117.59", "KROGER #595")]
    assert _discover(busy) == []
    yearly = [("2025-03-02", "-99.00", "COSTCO *ANNUAL RENEWAL"),
              ("2026-03-02", "-99.00", "COSTCO *ANNUAL RENEWAL"),
              ("2025-07-01", "-54.10", "COSTCO WHSE #12")]
    assert _discover(yearly) == [("costco", 2)]  # few other charges: still a yearly plan


def test_cli_raises_no_unknown_yearly_plan_for_a_busy_shop(tmp_path: Path) -> None:
    rows = [(f"2025-{m:02d}-{d:02d}", "KROGER #595", f"-{20 + m}.{d:02d}")
            for m in range(1, 13) for d in (3, 17)]
    rows += [("2025-06-11", "KROGER #595", "-117.59"), ("2026-06-10", "KROGER #595", "-117.59")]
    rows += [(f"2026-{m:02d}-20", "KROGER #595", f"-{30 + m}.15") for m in range(1, 8)]
    ws = household(tmp_path, "", {"visa": rows})
    assert flags(ws) == []
    out = cli(ws, "discover", "--as-of", "2026-08-01").output
    assert "117.59" not in out


# -- 5. missed with no account --------------------------------------------------------------


def test_missed_message_of_an_entry_with_no_account(tmp_path: Path) -> None:
    catalogue = ("- {name: Shopify, match: shopify, amount: 29.00, every: month, "
                 "status: trial, trial_ends: 2026-01-10}\n")
    rows = [("2026-01-02", "-3.00", "COFFEE"), ("2026-05-30", "-3.00", "COFFEE")]
    found = run(tmp_path, rows, catalogue, as_of="2026-06-01")
    missed = found.flags[found.flags["type"] == "missed"]["message"].tolist()
    assert missed, found.flags
    assert "None" not in missed[0]
    assert "the statements run to 2026-05-30" in missed[0]
    assert "trial ended 2026-01-10" in missed[0]

