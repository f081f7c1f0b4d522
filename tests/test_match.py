"""Catalogue matching (patterns, fuzzy aliases, tie-breaks) and every rules operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.match import explain, fuzzy, match_subscriptions
from recon.rulebook.settings import holders as settings_holders
from tests.helpers import book, ledger

CAT = """\
- {name: Netflix,     match: netflix,                 amount: 10.99}
- {name: iCloud+,     match: [apple.com/bill, icloud], amount: 2.99}
- {name: Apple Music, match: apple.com/bill,          amount: 10.99}
- {name: Spotify,     patterns: ["^SPOTIFY P[0-9A-Z]+"], amount: 11.99}
- {name: EE,          match: ee,                      amount: 20.00}
- {name: Prime,       match: amazon prime,            amount: 95.00, every: year}
"""


def linked(tmp: Path, rows: list[tuple], cat: str = CAT, rules: str = "") -> list[tuple]:
    out = match_subscriptions(ledger(rows), book(tmp, cat, rules))
    return list(zip(out["subscription"], out["match_method"], out["match_score"], strict=True))


@pytest.mark.parametrize(("text", "amount", "expected"), [
    ("NETFLIX.COM 866-579-7172 CA", "-10.99", ("Netflix", "fuzzy", 100)),
    ("NETFLX.COM", "-10.99", (None, "none", 0)),                      # one letter away
    ("NETFLI", "-10.99", ("Netflix", "fuzzy", 92)),                   # truncated
    ("NET FLIX.COM", "-10.99", ("Netflix", "fuzzy", 100)),            # spaced
    ("ＮＥＴＦＬＩＸ", "-10.99", ("Netflix", "fuzzy", 100)),              # full width
    ("SPOTIFY P1A2B3C4D5 STOCKHOLM", "-11.99", ("Spotify", "pattern", 100)),
    ("EE MOBILE 0800", "-20.00", ("EE", "fuzzy", 100)),               # short alias, whole word
    ("COFFEE HOUSE", "-20.00", (None, "none", 0)),                    # never inside a word
    ("AMAZON.CO.UK", "-95.00", (None, "none", 0)),                    # amazon is not prime
    ("AMAZON PRIME*RT4Y7 AMZN.CO.UK/PM", "-95.00", ("Prime", "fuzzy", 100)),
])
def test_catalogue_matching(tmp_path: Path, text: str, amount: str, expected: tuple) -> None:
    assert linked(tmp_path, [("2026-01-01", amount, text)]) == [expected]


def test_same_alias_tie_goes_to_the_nearest_amount(tmp_path: Path) -> None:
    rows = [("2026-01-12", "-2.99", "APPLE.COM/BILL"), ("2026-01-12", "-10.99", "APPLE.COM/BILL")]
    assert [s for s, *_ in linked(tmp_path, rows)] == ["iCloud+", "Apple Music"]


def test_tie_goes_to_the_entry_on_the_charge_account_first(tmp_path: Path) -> None:
    cat = ('- {name: Spotify Family, match: spotify, amount: 16.99, account: Amex}\n'
           '- {name: Spotify Solo,   match: spotify, amount: 11.99, account: Visa}\n')
    rows = [("2026-01-07", "-11.99", "SPOTIFY AB", "Amex")]
    assert linked(tmp_path, rows, cat)[0][0] == "Spotify Family"


def test_inexact_name_with_a_far_amount_is_not_linked(tmp_path: Path) -> None:
    rows = [("2026-01-01", "-250.00", "NETFLI"), ("2026-01-01", "-250.00", "NETFLIX.COM")]
    assert [s for s, *_ in linked(tmp_path, rows)] == [None, "Netflix"]


def test_brand_one_offs_far_from_the_plan_are_not_linked(tmp_path: Path) -> None:
    """A pattern, or an alias inside a longer merchant name, names the brand, not the plan:
    a purchase far from the plan's price is not the subscription. The whole name alone
    still links a far amount (a price rise is flagged, not lost)."""
    cat = ('- {name: Spotify, patterns: ["^SPOTIFY"], amount: 11.99}\n'
           '- {name: Hulu, match: hulu, amount: 7.99}\n')
    rows = [("2026-01-01", "-11.99", "SPOTIFY P1A2B3C4D5"), ("2026-01-02", "-35.00", "SPOTIFY MERCH"),
            ("2026-01-03", "-7.99", "HULU 877-824-4858 CA"), ("2026-01-04", "-49.99", "HULU LIVE PPV"),
            ("2026-01-05", "-14.99", "HULU 877-824-4858 CA")]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == ["Spotify", None, "Hulu", None, "Hulu"]


def test_shared_descriptor_is_told_apart_by_amount_patterns_too(tmp_path: Path) -> None:
    cat = ('- {name: iCloud+, patterns: ["APPLE\\\\.COM/BILL"], amount: 0.99}\n'
           '- {name: Apple TV, patterns: ["APPLE\\\\.COM/BILL"], amount: 8.99}\n'
           '- {name: Apple Music, match: apple.com/bill, amount: 10.99}\n')
    rows = [("2026-01-12", "-10.99", "APPLE.COM/BILL"), ("2026-01-12", "-0.99", "APPLE.COM/BILL"),
            ("2026-01-13", "-8.99", "APPLE.COM/BILL ITUNES.COM"),
            ("2026-01-14", "-49.99", "APPLE.COM/BILL")]  # an app bought once: none of them
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == [
        "Apple Music", "iCloud+", "Apple TV", None]


@pytest.mark.parametrize("box", ["match: box.com", 'patterns: ["BOX\\\\.COM"]'])
def test_a_name_inside_a_longer_name_does_not_take_its_charges(tmp_path: Path, box: str) -> None:
    cat = (f"- {{name: Box, {box}, amount: 5.99}}\n"
           "- {name: BritBox, match: britbox, amount: 5.99}\n")
    rows = [("2026-01-01", "-5.99", "BRITBOX.COM"), ("2026-01-02", "-5.99", "WWW.BRITBOX.COM"),
            ("2026-01-03", "-5.99", "BRIT BOX LONDON"), ("2026-01-04", "-5.99", "BOX.COM")]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == ["BritBox"] * 3 + ["Box"]


def test_the_longer_name_wins_even_when_listed_later_and_truncated(tmp_path: Path) -> None:
    cat = ("- {name: Disney+, match: disney plus, amount: 7.99}\n"
           "- {name: Hotstar, match: disney plus hotstar, amount: 7.99}\n"
           "- {name: Max, match: max, amount: 9.99}\n"
           "- {name: HBO Max, match: hbo max, amount: 9.99}\n")
    rows = [("2026-01-01", "-7.99", "DISNEY PLUS HOTS"), ("2026-01-02", "-7.99", "DISNEY PLUS"),
            ("2026-01-03", "-9.99", "HBO MAX 855-442-6629"), ("2026-01-04", "-9.99", "MAX.COM")]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == ["Hotstar", "Disney+", "HBO Max", "Max"]


def test_digits_in_catalogue_names_are_cleaned_like_descriptors(tmp_path: Path) -> None:
    cat = ("- {name: Microsoft 365, match: microsoft 365, amount: 5.99}\n"
           "- {name: Hulu 24, match: Hulu 24, amount: 7.99}\n"
           "- {name: Zenbel 365, match: zenbel 365, amount: 3.99}\n")
    rows = [("2026-01-01", "-5.99", "MICROSOFT*365 MSBILL.INFO"), ("2026-01-02", "-7.99", "HULU 24"),
            ("2026-01-03", "-3.99", "ZENBEL 365 LONDON")]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == ["Microsoft 365", "Hulu 24", "Zenbel 365"]


@pytest.mark.parametrize(("text", "expected"), [
    ("ZENBOL MUSIC", None),                   # one letter away: another merchant
    ("ZENBEL MUSIX LONDON", None),
    ("ZEN BEL MUSIC LONDON", "Zenbel Music"),  # spacing
    ("ZENBELMUSIC 0800", "Zenbel Music"),
    ("ZENBEL MUSI", "Zenbel Music"),           # truncated by the statement's field width
    ("SQ *ZENBEL MUSI LONDON", "Zenbel Music"),
])
def test_one_letter_away_is_not_enough_truncation_and_spacing_are(
        tmp_path: Path, text: str, expected: str | None) -> None:
    cat = "- {name: Zenbel Music, match: zenbel music, amount: 9.99}\n"
    assert linked(tmp_path, [("2026-01-01", "-9.99", text)], cat)[0][0] == expected


def test_rule_link_wins_over_the_catalogue(tmp_path: Path) -> None:
    rules = "- if: {description: {contains: apple.com/bill}, amount: 0.99}\n  then: {subscription: iCloud+}\n"
    assert linked(tmp_path, [("2026-01-01", "-0.99", "APPLE.COM/BILL")], rules=rules) == [
        ("iCloud+", "rule", 100)]


def test_rule_links_name_each_their_entry(tmp_path: Path) -> None:
    rules = ("- if: {description: {contains: apple.com/bill}}\n  then: {subscription: icloud+}\n"
             "- if: {description: {contains: gym}}\n  then: {subscription: Netflix}\n")
    rows = [("2026-01-01", "-0.99", "APPLE.COM/BILL"), ("2026-01-02", "-0.99", "APPLE.COM/BILL"),
            ("2026-01-03", "-3.00", "CORNER SHOP"), ("2026-02-01", "-24.99", "PUREGYM")]
    assert linked(tmp_path, rows, rules=rules) == [
        ("iCloud+", "rule", 100), ("iCloud+", "rule", 100), (None, "none", 0),
        ("Netflix", "rule", 100)]


def test_fuzzy_scores() -> None:
    m = fuzzy.scores(["galzenbel music", "lyori box", "willystream", "tavka stream"],
                     ["zenbel music", "lyoribox", "willy stream", "jotav stream"])
    assert m[0, 0] < 90          # an alias inside a longer word
    assert m[1, 1] == 100        # words joined differently
    assert m[2, 2] == 100
    assert m[3, 3] < 90          # a shared generic word cannot carry a match


RULE_CASES = [
    ("{description: netflix}", [1, 0, 0, 0]),
    ("{description: [netflix, tesco]}", [1, 0, 1, 0]),
    ("{description: {contains: STORES}}", [0, 0, 1, 0]),
    ("{description: {equals: 'tesco stores 3217'}}", [0, 0, 1, 0]),
    ("{description: {regex: '^UBER'}}", [0, 1, 0, 0]),
    ("{merchant: {fuzzy: netflx, score: 85}}", [1, 0, 0, 0]),
    ("{merchant: uber trip}", [0, 1, 0, 0]),
    ("{amount: 10.99}", [1, 0, 0, 0]),
    ("{amount: {equals: 18.40}}", [0, 1, 0, 0]),
    ("{amount: {approx: 18.00, within: 5%}}", [0, 1, 0, 0]),
    ("{amount: {approx: 18.00}}", [0, 1, 0, 0]),
    ("{amount: {between: [10, 20]}}", [1, 1, 0, 0]),
    ("{amount: {over: 100}}", [0, 0, 0, 1]),
    ("{amount: {under: 11}}", [1, 0, 0, 0]),
    ("{direction: in}", [0, 0, 0, 1]),
    ("{direction: out}", [1, 1, 1, 0]),
    ("{account: Amex}", [0, 1, 0, 0]),
    ("{account: [amex, visa]}", [1, 1, 0, 0]),
    ("{currency: EUR}", [0, 0, 1, 0]),
    ("{date: 2026-02-03}", [0, 1, 0, 0]),
    ("{date: {after: 2026-02-03}}", [0, 1, 1, 1]),
    ("{date: {before: 2026-02-03}}", [1, 1, 0, 0]),
    ("{date: {between: [2026-02-01, 2026-02-28]}}", [0, 1, 1, 0]),
    ("{day: 3}", [1, 1, 0, 0]),
    ("{day: [3, 25]}", [1, 1, 0, 1]),
    ("{day: {between: [20, 31]}}", [0, 0, 1, 1]),
    ("{any: [{account: amex}, {currency: EUR}]}", [0, 1, 1, 0]),
    ("{all: [{direction: out}, {day: 3}]}", [1, 1, 0, 0]),
    ("{not: {direction: out}}", [0, 0, 0, 1]),
    ("{direction: out, account: visa}", [1, 0, 0, 0]),
]
ROWS = [("2026-01-03", "-10.99", "NETFLIX.COM 866", "Visa"),
        ("2026-02-03", "-18.40", "UBER *TRIP HELP.UBER.COM", "Amex"),
        ("2026-02-20", "-50.00", "TESCO STORES 3217", "Current", "EUR"),
        ("2026-03-25", "2450.00", "ACME SALARY", "Current")]


@pytest.mark.parametrize(("condition", "expected"), RULE_CASES, ids=[c for c, _ in RULE_CASES])
def test_every_operator(tmp_path: Path, condition: str, expected: list[int]) -> None:
    rules = f"- if: {condition}\n  then: {{category: hit}}\n"
    out = match_subscriptions(ledger(ROWS), book(tmp_path, "", rules))
    assert [int(c == "hit") for c in out["category"]] == expected


def test_actions_first_wins_and_ignores_add_up(tmp_path: Path) -> None:
    rules = ("- if: {merchant: netflix}\n  then: {category: film, ignore: [duplicate]}\n"
             "- if: {direction: out}\n  then: {category: spend, ignore: [price_change]}\n"
             "- if: {merchant: netflix}\n  then: {flag: watch}\n")
    out = match_subscriptions(ledger(ROWS), book(tmp_path, CAT, rules))
    assert out["category"].tolist()[:2] == ["film", "spend"]
    assert out["ignore"].tolist()[0] == "duplicate,price_change"
    assert out["raised"].tolist()[:2] == ["2", ""]


def test_explain_names_the_rule_test_that_failed_and_the_near_entries(tmp_path: Path) -> None:
    rules = "- if: {merchant: netflix, amount: {over: 20}}\n  then: {category: big}\n"
    ex = explain(ledger([("2026-01-01", "-10.99", "NETFLIX.COM 866-579")]), book(tmp_path, CAT, rules))
    assert (ex.subscription, ex.method, ex.score, ex.merchant_key) == ("Netflix", "fuzzy", 100, "netflix")
    assert ex.rules[0][1] == ["amount over 20"]
    assert all(score < 90 for _, score, _ in ex.candidates)


def test_rules_test_says_why_an_entry_was_not_linked(workspace: Path) -> None:
    from click.testing import CliRunner

    from recon.cli import cli

    (workspace / "rules" / "subscriptions.yaml").write_text(
        "- {name: Spotify, patterns: ['^SPOTIFY'], amount: 11.99}\n"
        "- {name: Box, match: box.com, amount: 5.99}\n"
        "- {name: BritBox, match: brit box, amount: 5.99}\n"
        "- {name: Zenbel Music, match: zenbel music, amount: 9.99}\n")

    def explained(text: str, amount: str) -> list[str]:
        result = CliRunner().invoke(cli, ["-w", str(workspace), "rules", "test", text,
                                          "--amount", amount])
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    assert "matched no subscription" in explained("SPOTIFY MERCH", "35.00")
    assert ("  not 'Spotify' (subscriptions.yaml:1, score 100): pattern matches, but the amount "
            "is more than 50% away from its price") in explained("SPOTIFY MERCH", "35.00")
    lines = explained("BRIT BOX LONDON", "5.99")
    assert "matched 'BritBox' by fuzzy (score 100)" in lines
    assert ("  not 'Box' (subscriptions.yaml:2, score 100): alias matches, but a longer name "
            "that contains it matched too") in lines
    assert ("  not 'Zenbel Music' (subscriptions.yaml:4, score 92): alias differs from the "
            "merchant by more than spacing or truncation") in explained("ZENBOL MUSIC", "9.99")


def test_a_name_cut_short_must_end_the_merchant(tmp_path: Path) -> None:
    """``NORPURVOR TAXI`` holds the start of ``norpurvorgo`` and scores 90, but another word
    follows: a truncated name is the end of the merchant text (towns and numbers after it
    are cleaned away)."""
    cat = "- {name: Norpurvor Go, match: norpurvorgo, amount: 14.99}\n"
    rows = [("2026-01-01", "-16.98", "NORPURVOR TAXI 3282 BERLIN"),
            ("2026-01-02", "-14.99", "NORPURVORG 3282 BERLIN")]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == [None, "Norpurvor Go"]


def test_a_partial_refund_from_the_brand_is_still_linked(tmp_path: Path) -> None:
    """The amount gate is about what was charged: a credit may be any part of the price
    (and not much more)."""
    cat = "- {name: Zengal, match: zengal, amount: 10.99}\n"
    rows = [("2026-01-01", "-10.99", "ZENGAL*WEJ5LD ZENGAL.COM/BILL"),
            ("2026-01-02", "5.49", "ZENGAL*WEJ5LD ZENGAL.COM/BILL"),
            ("2026-01-03", "99.00", "ZENGAL*WEJ5LD ZENGAL.COM/BILL")]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == ["Zengal", "Zengal", None]


def test_an_entry_without_a_price_learns_its_plan_from_its_renewals(tmp_path: Path) -> None:
    """No price in the catalogue: the amounts renewed under the whole name are its plan, and
    a brand's one-off far from them is not linked; with no renewal yet, nothing gates."""
    cat = "- {name: Hexpex, match: hexpex, every: month}\n"
    rows = [("2026-01-05", "-9.99", "HEXPEX"), ("2026-02-05", "-9.99", "HEXPEX"),
            ("2026-02-11", "-35.00", "HEXPEX MERCH 1474"),
            ("2026-03-06", "-10.49", "HEXPEX DIGITAL")]
    got = [s for s, _m, _sc in linked(tmp_path, rows, cat)]
    assert got == ["Hexpex", "Hexpex", None, "Hexpex"]
    once = [s for s, _m, _sc in linked(tmp_path / "b", rows[1:3], cat)]
    assert once == ["Hexpex", "Hexpex"]  # one charge is no plan yet: nothing to gate by


# -- a loose link is asked whether it recurs (recon.match.recurrence) ----------------------
UNPRICED = "- {name: Hexpex, match: hexpex, every: month}\n"


def _months(text: str, amount: str, account: str = "card", n: int = 6,
            currency: str = "GBP") -> list[tuple]:
    """Monthly charges printed ``TEXT*CODE``, the code's letters (kept in the merchant key)
    new each month."""
    return [(f"2025-{m:02d}-05", amount, f"{text}*{'QWRTZ'[m % 5]}{'KLMNP'[m % 4]}XV", account,
             currency) for m in range(1, n + 1)]


def test_a_brand_purchase_that_never_renews_is_not_linked(tmp_path: Path) -> None:
    """No price anywhere in EUR, a name inside a longer descriptor: the EUR card's statements
    run months around the purchase and no charge of Hexpex renews it, so it is a purchase
    from the brand's shop; the card's real plan, printed with a code, renews and stays."""
    rows = [*_months("HEXPEX", "-11.99", "eur card", currency="EUR"),
            ("2025-03-20", "-54.00", "HEXPEX MERCH 1474", "usd card", "USD"),
            ("2025-01-02", "-3.00", "COFFEE", "usd card", "USD"),
            ("2025-06-28", "-3.00", "COFFEE", "usd card", "USD")]
    got = [s for s, *_ in linked(tmp_path, rows, UNPRICED)]
    assert got == ["Hexpex"] * 6 + [None, None, None]


def test_a_purchase_beside_a_plan_on_the_same_card_is_not_linked(tmp_path: Path) -> None:
    """The card pays the plan every month; a shop purchase at 35.00 between two renewals
    renews nothing (no charge of Hexpex a month before or after it near 35.00)."""
    rows = [*_months("HEXPEX", "-9.99"), ("2025-03-19", "-35.00", "HEXPEX STORE 77")]
    got = [s for s, *_ in linked(tmp_path, rows, UNPRICED)]
    assert got == ["Hexpex"] * 6 + [None]


def test_a_charge_that_cannot_be_judged_yet_stays_linked(tmp_path: Path) -> None:
    """A card with a month of statements shows no renewal either side, and nothing says
    the charge is a purchase: the link is kept rather than guessed away. With months of
    statements before it, the same charge is judged (a renewal was due and none came)."""
    rows = [("2025-06-01", "-4.00", "COFFEE"), ("2025-06-10", "-12.99", "HEXPEX*QWRTZK")]
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)][-1] == "Hexpex"
    rows.insert(0, ("2025-01-03", "-4.00", "COFFEE"))
    assert [s for s, *_ in linked(tmp_path / "b", rows, UNPRICED)][-1] is None


def test_a_descriptor_that_renews_elsewhere_is_a_plan_on_a_new_card(tmp_path: Path) -> None:
    """A new card's first charge, printed as another card's renewals are: that descriptor is
    the plan's, so it stays linked though it has not renewed on this card yet."""
    rows = [(f"2025-{m:02d}-05", "-9.99", "HEXPEX DIGITAL", "a") for m in range(1, 7)]
    rows += [("2025-01-02", "-3.00", "COFFEE", "b"), ("2025-06-10", "-9.99", "HEXPEX DIGITAL", "b")]
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)][-1] == "Hexpex"


def test_a_descriptor_seen_only_as_purchases_is_not_linked_where_it_cannot_be_judged(
        tmp_path: Path) -> None:
    """A yearly entry seen once on a card cannot be judged from that card; but its merchant
    key was a purchase wherever it could be judged, so it is not the plan either."""
    cat = "- {name: Simzar, match: simzar, every: year}\n"
    around = [("2025-01-02", "-3.00", "COFFEE", "b"), ("2026-06-28", "-3.00", "COFFEE", "b")]
    rows = [*around, ("2025-02-11", "-61.00", "SIMZAR STORE 5804", "b"),
            ("2025-06-01", "-3.00", "COFFEE", "c"), ("2025-06-10", "-20.00", "SIMZAR STORE 77", "c"),
            ("2025-06-20", "-99.00", "SIMZAR*QWRTZK", "d")]
    got = [s for s, *_ in linked(tmp_path, rows, cat)]
    assert got == [None, None, None, None, None, "Simzar"]


def test_a_refund_of_a_renewing_plan_stays_linked(tmp_path: Path) -> None:
    rows = [*_months("HEXPEX", "-9.99"), ("2025-03-09", "9.99", "HEXPEX*REFUND")]
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)] == ["Hexpex"] * 7


def test_a_plan_that_moves_to_a_replacement_card_renews_across_it(tmp_path: Path) -> None:
    """Quarterly, one charge on the old card and the next on the card that replaced it: one
    account's history (``replaces:``), so each is the other's renewal."""
    cat = "- {name: Hexpex, match: hexpex, every: quarter}\n"
    settings = 'currency: GBP\naccounts:\n  "new": {replaces: "old"}\n'
    rows = [("2025-01-02", "-3.00", "COFFEE", "old"), ("2025-03-05", "-29.99", "HEXPEX*QWRT", "old"),
            ("2025-04-01", "-3.00", "COFFEE", "old"), ("2025-06-05", "-29.99", "HEXPEX*ZXCV", "new"),
            ("2025-12-30", "-3.00", "COFFEE", "new")]
    out = match_subscriptions(ledger(rows), book(tmp_path, cat, settings=settings))
    assert out["subscription"].tolist()[1::2] == ["Hexpex", "Hexpex"]


def test_recurrence_windows_scale_with_the_cadence() -> None:
    import numpy as np

    from recon.match import recurrence
    assert recurrence.window(np.array([7.0, 30.44, 365.25])).tolist() == pytest.approx(
        [7 / 3, 7, 7])
    assert settings_holders({"c": ("b",), "b": ("a",)}) == {"b": "c", "a": "c"}


def test_two_purchases_a_month_apart_are_not_a_plan(tmp_path: Path) -> None:
    """A charge a cadence away within 20% is not enough: a plan repeats its price, so one
    of the amounts near it must have been charged twice on the account."""
    rows = [("2025-01-02", "-3.00", "COFFEE"), ("2025-08-22", "-33.58", "HEXPEX SHOP 1"),
            ("2025-09-15", "-28.16", "HEXPEX SHOP 2"), ("2025-12-30", "-3.00", "COFFEE")]
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)][1:3] == [None, None]


def test_a_seat_at_another_plan_than_the_other_cards_is_linked(tmp_path: Path) -> None:
    """Card a renews Hexpex at 29.99 under its whole name (a learned plan price); card b
    pays 19.99 every month printed with a code. 19.99 is far from what card a pays, but it
    renews on card b: another plan, linked."""
    rows = [(f"2025-{m:02d}-05", "-29.99", "HEXPEX", "a") for m in range(1, 7)]
    rows += _months("HEXPEX", "-19.99", "b")
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)] == ["Hexpex"] * 12


def test_a_plan_converted_from_its_own_currency_need_not_repeat_its_amount(
        tmp_path: Path) -> None:
    """Priced in USD, paid from a GBP card: the exchange rate moves every charge, so no
    amount repeats, and it is still the plan."""
    cat = "- {name: Hexpex, match: hexpex, amount: 12.99, currency: USD, every: month}\n"
    gbp = ["-10.21", "-10.30", "-10.18", "-10.27", "-10.33", "-10.24"]
    rows = [(d, a, t) for (d, _, t, *_), a in zip(_months("HEXPEX", "0"), gbp, strict=True)]
    assert [s for s, *_ in linked(tmp_path, rows, cat)] == ["Hexpex"] * 6


def test_a_purchase_a_month_before_a_plan_starts_is_not_its_first_charge(
        tmp_path: Path) -> None:
    """48.08 at the brand's shop, then a plan at 38.99 from the next month: 48.08 is within
    20% of the plan a month later, but a plan repeats its price and 48.08 never recurs."""
    rows = [("2025-01-02", "-3.00", "COFFEE"), ("2025-03-26", "-48.08", "HEXPEX MERCH 6418"),
            *[(f"2025-{m:02d}-30", "-38.99", "HEXPEX*QWRTXV") for m in range(4, 10)]]
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)][1] is None


def test_a_price_step_on_the_last_charge_and_a_metered_bill_stay_linked(tmp_path: Path) -> None:
    """The account's latest charge, 20% up on a plan it renews, is a price step that has
    not renewed yet; an entry with a ``tolerance`` is a bill whose amount never repeats."""
    rows = [*_months("HEXPEX", "-9.99"), ("2025-07-05", "-11.99", "HEXPEX*ZZTOPXV")]
    assert [s for s, *_ in linked(tmp_path, rows, UNPRICED)] == ["Hexpex"] * 7
    cat = "- {name: Octopus, match: octopus, every: month, tolerance: 40%}\n"
    bill = ["-61.20", "-48.75", "-72.10", "-55.00", "-66.35", "-59.90"]
    rows = [(d, a, t.replace("HEXPEX", "OCTOPUS ENERGY"))
            for (d, _, t, *_), a in zip(_months("HEXPEX", "0"), bill, strict=True)]
    assert [s for s, *_ in linked(tmp_path / "b", rows, cat)] == ["Octopus"] * 6


def test_a_word_seen_only_with_purchases_marks_a_shop_where_nothing_else_can(
        tmp_path: Path) -> None:
    """``store`` came with three brands' purchases (judged: months of statements around them)
    and never with a renewal; so ``SIMZAR STORE`` on a card with one month of statements,
    which its own history cannot judge, is a purchase too. ``digital`` renews: kept."""
    cat = ("- {name: Hexpex, match: hexpex, every: month}\n- {name: Lomar, match: lomar, "
           "every: month}\n- {name: Zarros, match: zarros, every: month}\n"
           "- {name: Simzar, match: simzar, every: year}\n")
    around = [("2025-01-02", "-3.00", "COFFEE"), ("2025-12-30", "-3.00", "COFFEE")]
    shops = [("2025-05-11", "-35.00", "HEXPEX STORE 1"), ("2025-06-12", "-61.00", "LOMAR STORE 2"),
             ("2025-07-13", "-27.50", "ZARROS STORE 3")]
    plan = [(f"2025-{m:02d}-05", "-9.99", "LOMAR DIGITAL") for m in range(1, 13)]
    once = [("2025-06-01", "-3.00", "TEA", "b"), ("2025-06-10", "-44.00", "SIMZAR STORE 9", "b"),
            ("2025-06-20", "-5.00", "SIMZAR DIGITAL", "b"), ("2025-06-28", "-3.00", "TEA", "b")]
    got = [s for s, *_ in linked(tmp_path, [*around, *shops, *plan, *once], cat)]
    assert got[2:5] == [None, None, None] and got[5:17] == ["Lomar"] * 12
    assert got[-3:-1] == [None, "Simzar"]


def test_a_shop_busy_every_day_is_not_renewals(tmp_path: Path) -> None:
    """A brand's shop charged three times a day on one card: in a renewal window its
    charges are a shop's trade, not renewals (more than ``BUSY``), so none of them is
    linked (and the work stays bounded); the plan the card pays under its whole name
    stays."""
    rows = [(f"2025-{m:02d}-05", "-9.99", "HEXPEX") for m in range(1, 13)]
    rows += [(f"2025-{m:02d}-{d:02d}", f"-{20 + (m * d + k) % 7}.00", f"HEXPEX SHOP {k}")
             for m in range(1, 13) for d in range(1, 29) for k in range(3)]
    got = [s for s, *_ in linked(tmp_path, rows, UNPRICED)]
    assert got[:12] == ["Hexpex"] * 12 and set(got[12:]) == {None}
