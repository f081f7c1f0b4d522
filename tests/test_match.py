"""Catalogue matching (patterns, fuzzy aliases, tie-breaks) and every rules operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.match import explain, fuzzy, match_subscriptions
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
    ("NETFLX.COM", "-10.99", ("Netflix", "fuzzy", 92)),                # a typo
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
    rows = [("2026-01-01", "-250.00", "NETFLX.COM"), ("2026-01-01", "-250.00", "NETFLIX.COM")]
    assert [s for s, *_ in linked(tmp_path, rows)] == [None, "Netflix"]


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
