"""The household scenarios of the accuracy benchmark, each through the CLI: many cards paying
the same services at their own plans and currencies, seats, skips and stops, card moves,
purchases beside plans, shared descriptors, names close to each other, price steps and FX
drift, variable bills and weekly plans, annual plans on several cards.

Each test writes a small workspace (a catalogue, card statements as CSV files named for
their card), runs ``import`` then ``flags`` or ``transactions``, and checks every flag.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.test_cli import run

Row = tuple[str, str, str]  # date, description, amount
AS_OF = "2026-08-01"


def monthly(text: str, amount: str, day: int, months: range, year: int = 2026) -> list[Row]:
    return [(f"{year}-{m:02d}-{day:02d}", text, amount) for m in months]


def household(tmp: Path, catalogue: str, cards: dict[str, list[Row]], settings: str = "",
              currencies: dict[str, str] | None = None) -> Path:
    """A workspace with ``catalogue`` and one statement per card (``cards``: card -> rows;
    ``currencies``: card -> its currency, GBP by default), imported."""
    ws = tmp / "ws"
    run(tmp, "init", str(ws), "--currency", "GBP")
    (ws / "rules" / "subscriptions.yaml").write_text(catalogue, encoding="utf-8")
    if settings:
        (ws / "rules" / "settings.yaml").write_text(settings, encoding="utf-8")
    folder = tmp / "statements"
    folder.mkdir()
    for card, rows in cards.items():
        currency = (currencies or {}).get(card, "GBP")
        (folder / f"{card}.csv").write_text(
            "Date,Description,Amount,Currency\n"
            + "".join(f"{d},{text},{amount},{currency}\n" for d, text, amount in sorted(rows)),
            encoding="utf-8")
    run(ws, "import", str(folder))
    return ws


def flags(ws: Path, *types: str, as_of: str = AS_OF) -> list[tuple[str, str, str, str]]:
    """(type, date, subscription or description, account) of each flag, sorted; the
    renewal's date for missed and upcoming."""
    args = [a for t in types for a in ("--type", t)]
    found = json.loads(run(ws, "flags", "--format", "json", "--as-of", as_of, *args).output)
    return sorted((f["type"], f["expected_date"] if f["type"] in ("missed", "upcoming")
                   else f["posted_date"], f["subscription"] or f["description"], f["account"])
                  for f in found)


def links(ws: Path) -> dict[tuple[str, str, str], str | None]:
    """(account, date, description) -> the entry it is linked to."""
    rows = json.loads(run(ws, "transactions", "--format", "json").output)
    return {(r["account"], r["posted_date"], r["description_raw"]): r["subscription"]
            for r in rows}


def statements_until(end: str, card: str) -> list[Row]:
    """A coffee on the card's first and last statement day (how far its statements reach)."""
    return [("2026-01-02", "COFFEE 1", "-3.00"), (end, f"COFFEE {card.upper()}", "-3.00")]


def test_cards_paying_their_own_plans_in_their_own_currencies_raise_nothing(
        tmp_path: Path) -> None:
    cat = ("- {name: Spotify, match: spotify, every: month, per_account: true}\n"
           "- {name: Netflix, match: netflix, every: month, per_account: true}\n")
    ws = household(tmp_path, cat, {
        "visa": monthly("SPOTIFY AB", "-11.99", 5, range(1, 8))
        + monthly("NETFLIX.COM", "-10.99", 14, range(1, 8)),
        "amex": monthly("SPOTIFY P1234", "-16.99", 12, range(1, 8)),
        "chase": monthly("SPOTIFY USA", "-13.99", 20, range(1, 8))
        + monthly("NETFLIX.COM 866-579-7172", "-15.49", 22, range(2, 8)),
        "eurocard": monthly("NETFLIX INTERNATIONAL", "-12.99", 25, range(1, 8)),
    }, currencies={"chase": "USD", "eurocard": "EUR"})
    assert flags(ws, "duplicate", "price_change", "unexpected", "missed") == []


def test_two_seats_on_one_card_are_one_flag(tmp_path: Path) -> None:
    cat = "- {name: Spotify, match: spotify, every: month, per_account: true}\n"
    ws = household(tmp_path, cat, {
        "amex": monthly("SPOTIFY AB", "-11.99", 5, range(1, 8))
        + monthly("SPOTIFY AB", "-16.99", 12, range(1, 8))})
    assert flags(ws, "unexpected") == [("unexpected", "2026-01-12", "Spotify", "amex")]


def test_a_skipped_renewal_and_a_stopped_seat_are_one_missed_each(tmp_path: Path) -> None:
    """Visa skips March and resumes; amex stops after April while another card starts at the
    same price on the renewal it missed: a seat per account, so that is not a move."""
    cat = "- {name: Netflix, match: netflix, every: month, per_account: true}\n"
    ws = household(tmp_path, cat, {
        "visa": [r for r in monthly("NETFLIX.COM", "-10.99", 3, range(1, 8))
                 if not r[0].startswith("2026-03")] + statements_until("2026-07-30", "visa"),
        "amex": monthly("NETFLIX.COM", "-10.99", 9, range(1, 5))
        + statements_until("2026-07-30", "amex"),
        "monzo": monthly("NETFLIX.COM", "-10.99", 9, range(5, 8))
        + statements_until("2026-07-30", "monzo")})
    assert flags(ws, "missed", "unexpected") == [
        ("missed", "2026-03-03", "Netflix", "visa"), ("missed", "2026-05-09", "Netflix", "amex")]


def test_a_card_replaced_by_a_new_number_moves_its_seats_without_a_flag(tmp_path: Path) -> None:
    cat = "- {name: Spotify, match: spotify, every: month, per_account: true}\n"
    settings = 'currency: GBP\naccounts:\n  "debit new": {replaces: "debit"}\n'
    ws = household(tmp_path, cat, {
        "debit": monthly("SPOTIFY AB", "-11.99", 5, range(1, 5)),
        "debit new": monthly("SPOTIFY AB", "-11.99", 5, range(5, 8))
        + statements_until("2026-07-30", "new")}, settings)
    assert flags(ws, "missed", "unexpected") == []


def test_purchases_repeated_days_apart_are_not_duplicates_an_identical_posting_is(
        tmp_path: Path) -> None:
    ws = household(tmp_path, "", {"visa": [
        ("2026-03-02", "CAFE NERO 1234", "-4.50"), ("2026-03-04", "CAFE NERO 1234", "-4.50"),
        ("2026-03-09", "TESCO 0042", "-20.00"), ("2026-03-09", "TESCO 0042", "-20.00")]})
    assert flags(ws, "duplicate") == [("duplicate", "2026-03-09", "TESCO 0042", "visa")]


def test_brand_merchandise_is_not_the_subscription(tmp_path: Path) -> None:
    """A shop purchase under the brand's name, on a card that pays the plan and on one that
    does not (no price in the catalogue: nothing but the statements to tell)."""
    cat = "- {name: Spotify, match: spotify, every: month, per_account: true}\n"
    ws = household(tmp_path, cat, {
        "visa": monthly("SPOTIFY*QWRTXV", "-11.99", 5, range(1, 8))
        + [("2026-03-17", "SPOTIFY MERCH 0192", "-45.00")],
        "eurocard": [("2026-01-03", "REWE 12", "-30.00"), ("2026-04-11", "SPOTIFY STORE 77", "-38.00"),
                ("2026-07-29", "REWE 12", "-31.00")]}, currencies={"eurocard": "EUR"})
    linked = links(ws)
    assert linked[("visa", "2026-03-17", "SPOTIFY MERCH 0192")] is None
    assert linked[("eurocard", "2026-04-11", "SPOTIFY STORE 77")] is None
    assert linked[("visa", "2026-05-05", "SPOTIFY*QWRTXV")] == "Spotify"
    assert flags(ws, "duplicate", "price_change", "unexpected", "missed") == []


def test_shared_descriptors_names_inside_names_digits_and_near_names(tmp_path: Path) -> None:
    cat = ("- {name: iCloud+, patterns: ['^APPLE\\.COM/BILL'], amount: 2.99, currency: GBP}\n"
           "- {name: Apple Music, patterns: ['^APPLE\\.COM/BILL'], amount: 10.99, currency: GBP}\n"
           "- {name: Box, match: box, every: month}\n"
           "- {name: Britbox, match: britbox, every: month}\n"
           "- {name: Microsoft 365, match: microsoft 365, every: year}\n"
           "- {name: Zenbelmusic, match: zenbelmusic, every: month}\n")
    ws = household(tmp_path, cat, {"visa": [
        ("2026-01-12", "APPLE.COM/BILL", "-2.99"), ("2026-01-14", "APPLE.COM/BILL", "-10.99"),
        ("2026-01-16", "BRITBOX.COM", "-5.99"), ("2026-01-18", "BOX.COM", "-8.00"),
        ("2026-01-20", "MICROSOFT*365 MSBILL.INFO", "-59.99"),
        ("2026-01-22", "ZENBOLMUSIC", "-9.99"), ("2026-01-23", "ZENBELMUSI", "-9.99")]})
    assert [s for s in links(ws).values()] == [
        "iCloud+", "Apple Music", "Britbox", "Box", "Microsoft 365", None, "Zenbelmusic"]


def test_a_price_step_under_two_percent_is_flagged(tmp_path: Path) -> None:
    cat = "- {name: Dropzen, match: dropzen, every: month, per_account: true}\n"
    ws = household(tmp_path, cat, {
        "amex": monthly("DROPZEN LTD", "-11.99", 8, range(1, 5))
        + monthly("DROPZEN LTD", "-12.19", 8, range(5, 8))})  # +1.7%
    assert flags(ws, "price_change") == [("price_change", "2026-05-08", "Dropzen", "amex")]


def test_fx_drift_is_no_price_change_a_real_one_through_it_is(tmp_path: Path) -> None:
    """Priced in USD, paid from GBP cards: the converted amount moves a little every month
    (no flag); a rise of the USD price shows through it (one flag)."""
    cat = ("- {name: Hexpex, match: hexpex, amount: 12.99, currency: USD, every: month}\n"
           "- {name: Lumos, match: lumos, amount: 9.99, currency: USD, every: month}\n")
    drift = ["-10.21", "-10.30", "-10.18", "-10.27", "-10.33", "-10.24", "-10.29"]
    lumos = ["-7.89", "-7.95", "-7.84", "-7.91", "-10.31", "-10.24", "-10.35"]  # 9.99 -> 12.99
    ws = household(tmp_path, cat, {
        "visa": [(f"2026-{m:02d}-11", "HEXPEX.COM", a) for m, a in zip(range(1, 8), drift, strict=True)],
        "amex": [(f"2026-{m:02d}-15", "LUMOS APP", a) for m, a in zip(range(1, 8), lumos, strict=True)]})
    assert flags(ws, "price_change") == [("price_change", "2026-05-15", "Lumos", "amex")]


def test_variable_bills_and_weekly_plans_are_found_by_discover(tmp_path: Path) -> None:
    bill = ["-61.20", "-48.75", "-72.10", "-55.00", "-66.35", "-59.90", "-63.10"]
    weekly = [((dt.date(2026, 1, 2) + dt.timedelta(weeks=k)).isoformat(), "HELLOFRESH BOX",
               "-7.99") for k in range(29)]
    ws = household(tmp_path, "", {"current": [
        (f"2026-{m:02d}-14", f"OCTOPUS ENERGY {m}0{m}1{m}2{m}", a)
        for m, a in zip(range(1, 8), bill, strict=True)] + weekly})
    got = flags(ws, "unexpected")
    assert [(t, d[:7], who[:9], a) for t, d, who, a in got] == [
        ("unexpected", "2026-07", "OCTOPUS E", "current"),
        ("unexpected", "2026-07", "HELLOFRES", "current")]


def test_an_annual_plan_on_several_cards_reminds_each_card(tmp_path: Path) -> None:
    cat = "- {name: Microsoft 365, match: microsoft 365, every: year, per_account: true}\n"
    ws = household(tmp_path, cat, {
        "visa": [("2025-08-10", "MICROSOFT*365", "-59.99"), ("2026-07-28", "COFFEE", "-3.00")],
        "chase": [("2025-08-20", "MICROSOFT*365 MSBILL.INFO", "-99.99"),
                  ("2026-07-28", "COFFEE", "-3.00")]}, currencies={"chase": "USD"})
    assert flags(ws, "upcoming") == [("upcoming", "2026-08-10", "Microsoft 365", "visa"),
                                     ("upcoming", "2026-08-20", "Microsoft 365", "chase")]
