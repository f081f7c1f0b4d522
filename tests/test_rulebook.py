"""Loading the rules files: exact values, defaults, and every mistake at file:line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recon.cadence import Cadence, add_months, anchor_day
from recon.errors import RulesError
from recon.rulebook import Tolerance, check_rulebook, load_rulebook
from recon.rulebook.edit import append_items, flow_item
from tests.conftest import ROOT


def write(tmp: Path, subscriptions: str = "", rules: str = "", settings: str = "") -> Path:
    folder = tmp / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "subscriptions.yaml").write_text(subscriptions, encoding="utf-8")
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    return folder


def problems(tmp: Path, **files: str) -> list[str]:
    return check_rulebook(write(tmp, **files))[1].lines()


def test_templates_load() -> None:
    book = load_rulebook(ROOT / "samples" / "rules")  # the demo's (the templates are empty)
    assert [s.name for s in book.subscriptions][:2] == ["Netflix", "Spotify"]
    assert book.settings.min_score == 90 and book.settings.currency == "GBP"


def test_values_are_exact_and_typed(tmp_path: Path) -> None:
    book = load_rulebook(write(tmp_path, subscriptions=(
        "- {name: A, match: a1, amount: 0.10, tolerance: 0.05, every: 2 weeks, notice: 1 month,"
        " status: trial, trial_ends: 2026-09-14, billing_day: 31, account: NO}\n"
        "- {name: B, match: b1, amount: 95, every: quarter, tolerance: 2.5%}\n"),
        settings="currency: eur\n"))
    a, b = book.subscriptions
    assert a.amount == Decimal("0.10") and isinstance(a.amount, Decimal)
    assert a.tolerance == Tolerance(absolute=Decimal("0.05"))
    assert (a.every, a.notice_days, a.trial_ends) == (Cadence(2, "week"), 30, dt.date(2026, 9, 14))
    assert a.account == "NO"            # YAML 1.2: NO is text, not false
    assert a.currency == "EUR"          # from settings
    assert b.every == Cadence(3, "month") and b.tolerance == Tolerance(percent=Decimal("2.5"))
    assert b.tolerance.allows(9500, 9737, "EUR") and not b.tolerance.allows(9500, 9738, "EUR")


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        subscriptions=("- {name: A, match: a, amout: 1.00}\n"
                       "- {name: B, match: b, amount: ten, every: fortnight}\n"
                       "- {name: C, match: c, status: canceled}\n"
                       "- {name: D, match: d, status: cancelled}\n"
                       "- {name: a, match: x}\n"
                       "- {match: nameless}\n"
                       "- {name: E}\n"),
        rules=("- if: {descripton: x}\n  then: {ignore: true}\n"
               "- if: {amount: {ovr: 5}}\n  then: {category: x}\n"
               "- if: {merchant: x}\n  then: {ignor: true}\n"
               "- if: {merchant: x}\n  then: {subscription: Nope}\n"
               "- if: {description: {regex: '('}}\n  then: {category: x}\n"),
        settings="missed: {grace: 3}\nduplicate: {within_days: -1}\ncurency: GBP\n")
    assert found == [
        "settings.yaml:1: unknown setting missed.grace: did you mean 'grace_days'?",
        "settings.yaml:2: duplicate.within_days: -1: expected a whole number from 0 to 366",
        "settings.yaml:3: unknown setting 'curency': did you mean 'currency'?",
        "subscriptions.yaml:1: unknown key 'amout': did you mean 'amount'?",
        "subscriptions.yaml:2: amount: 'ten': expected an amount such as 10.99",
        "subscriptions.yaml:2: every: 'fortnight': expected a cadence: month, week, 2 weeks, "
        "quarter, year, or N days",
        "subscriptions.yaml:3: status: 'canceled': expected one of active, trial, paused, "
        "cancelled (did you mean 'cancelled'?)",
        "subscriptions.yaml:4: subscription 'D' is cancelled: say since when with "
        "cancelled: YYYY-MM-DD",
        "subscriptions.yaml:5: subscription 'a' is already defined at subscriptions.yaml:1",
        "subscriptions.yaml:6: a subscription needs a name",
        "subscriptions.yaml:7: subscription 'E' needs match (or patterns)",
        "rules.yaml:1: unknown condition 'descripton': did you mean 'description'?",
        "rules.yaml:3: unknown operator 'ovr' for amount: did you mean 'over'?",
        "rules.yaml:6: unknown action 'ignor': did you mean 'ignore'?",
        "rules.yaml:9: regex '(' is not valid (missing ): ()"
        .replace("regex", "description: regex"),
        "rules.yaml:7: subscription 'Nope' is not in the catalogue: valid: A, B, C, D",
    ]


def test_rules_error_names_the_first_and_counts_the_rest(tmp_path: Path) -> None:
    folder = write(tmp_path, subscriptions="- {name: A, match: a, amout: 1}\n- {name: B}\n")
    with pytest.raises(RulesError) as info:
        load_rulebook(folder)
    assert info.value.line == 1 and Path(str(info.value.path)).name == "subscriptions.yaml"
    assert str(info.value).splitlines()[0] == (
        "subscriptions.yaml:1: unknown key 'amout': did you mean 'amount'? (and 1 more)")


def test_not_yaml_and_not_a_list(tmp_path: Path) -> None:
    assert problems(tmp_path, subscriptions="name: Netflix\n") == [
        "subscriptions.yaml:1: expected a list of subscriptions (each starting with '- ')"]
    with pytest.raises(RulesError, match=r"not valid YAML"):
        load_rulebook(write(tmp_path, rules="- if: {a: [\n"))


def test_include(tmp_path: Path) -> None:
    folder = write(tmp_path, subscriptions="- {name: A, match: a}\n- include: family.yaml\n")
    (folder / "family.yaml").write_text("- {name: B, match: b, amount: x}\n", encoding="utf-8")
    book, found = check_rulebook(folder)
    assert found.lines() == ["family.yaml:1: amount: 'x': expected an amount such as 10.99"]
    (folder / "family.yaml").write_text("- {name: B, match: b}\n", encoding="utf-8")
    assert [s.name for s in load_rulebook(folder).subscriptions] == ["A", "B"]


def test_per_account_settings(tmp_path: Path) -> None:
    book = load_rulebook(write(tmp_path, settings=(
        'missed: {grace_days: 4}\naccounts:\n  "Visa 1234": {missed: {grace_days: 9}}\n')))
    assert book.settings.for_account("Visa 1234").grace_days == 9
    assert book.settings.for_account("Amex").grace_days == 4


def test_append_keeps_every_byte_and_reads_back(tmp_path: Path) -> None:
    folder = write(tmp_path, subscriptions="# my catalogue\n- {name: A, match: a}  # mine\n")
    before = (folder / "subscriptions.yaml").read_text()
    append_items(folder / "subscriptions.yaml",
                 [flow_item({"name": "Now TV", "match": "nowtv", "amount": Decimal("9.99"),
                             "account": "****4321", "notes": "yes"}, "found")])
    after = (folder / "subscriptions.yaml").read_text()
    assert after.startswith(before)
    assert after.endswith('- {name: Now TV, match: nowtv, amount: 9.99, account: "****4321", '
                          'notes: "yes"}  # found\n')
    subs = load_rulebook(folder).subscriptions
    assert (subs[1].name, subs[1].account, subs[1].notes, subs[1].amount) == (
        "Now TV", "****4321", "yes", Decimal("9.99"))


@pytest.mark.parametrize(("start", "months", "day", "expected"), [
    ("2026-01-31", 1, 31, "2026-02-28"),
    ("2026-01-31", 2, 31, "2026-03-31"),
    ("2024-01-31", 1, 31, "2024-02-29"),
    ("2024-02-29", 12, 29, "2025-02-28"),
    ("2024-02-29", 48, 29, "2028-02-29"),
    ("2026-11-30", 3, 30, "2027-02-28"),
    ("2026-12-15", 1, 15, "2027-01-15"),
])
def test_add_months_is_month_end_aware(start: str, months: int, day: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(start), months, day).isoformat() == expected


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(0, 240),
       st.integers(1, 31))
def test_add_months_keeps_the_anchor_when_it_can(start: dt.date, months: int, day: int) -> None:
    moved = add_months(start, months, day)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == day or (moved.day < day and (moved + dt.timedelta(days=1)).day == 1)


def test_anchor_day_reads_month_ends() -> None:
    d = dt.date.fromisoformat
    assert anchor_day([d("2026-01-31"), d("2026-02-28"), d("2026-03-31")]) == 31
    assert anchor_day([d("2026-01-30"), d("2026-02-28"), d("2026-03-30")]) == 30
    assert anchor_day([d("2026-01-15"), d("2026-02-16"), d("2026-03-15")]) == 15


@pytest.mark.parametrize(("text", "cadence"), [
    ("month", Cadence(1, "month")), ("monthly", Cadence(1, "month")),
    ("2 weeks", Cadence(2, "week")), ("quarter", Cadence(3, "month")),
    ("year", Cadence(12 // 12, "year")), ("30 days", Cadence(30, "day")),
    ("every 3 months", Cadence(3, "month")),
])
def test_cadence_parse(text: str, cadence: Cadence) -> None:
    assert Cadence.parse(text) == cadence
    with pytest.raises(ValueError):
        Cadence.parse("fortnightly-ish")


@given(st.decimals(min_value=0, max_value=1000, places=3), st.integers(-10**12, 10**12))
def test_a_percentage_tolerance_is_the_truncated_share_of_the_amount(pct: Decimal,
                                                                       expected: int) -> None:
    limit = Tolerance(percent=pct).limit_minor(expected, "GBP")
    assert limit == int(abs(expected) * pct / 100)  # the Decimal definition, exactly
    assert Tolerance(percent=pct).allows(expected, expected + limit, "GBP")
    assert not Tolerance(percent=pct).allows(expected, expected + limit + 1, "GBP")


# --- amounts: range, decimals and currency signs (issue 18 minor items, issue 19 item 4) ---


@pytest.mark.parametrize(("amount", "settings", "expected"), [
    ('"€9.99"', "currency: GBP", "subscriptions.yaml:1: amount: '€9.99': € is EUR, not GBP "
     "(settings.yaml currency: GBP); write currency: EUR on the entry, or the amount without "
     "the sign"),
    ('"9.99 USD", currency: EUR', "", "subscriptions.yaml:1: amount: '9.99 USD': USD is USD, "
     "not EUR (its currency: EUR); write currency: USD on the entry, or the amount without "
     "the sign"),
    ("9.999", "currency: GBP", "subscriptions.yaml:1: amount: 9.999: more decimals than GBP "
     "has (2)"),
    ("1000.5, currency: JPY", "currency: GBP", "subscriptions.yaml:1: amount: 1000.5: more "
     "decimals than JPY has (0)"),
    ('"$9.99"', "", "subscriptions.yaml:1: amount: '$9.99': the sign could be one of ARS, "
     "AUD, BBD, BMD, BND, BSD, ...; say which with currency: (an ISO 4217 code)"),
    ("1e999999", "", "subscriptions.yaml:1: amount: 1e999999: expected an amount such as "
     "10.99, below 10,000,000,000,000"),
    ("0.00001", "", "subscriptions.yaml:1: amount: 0.00001: expected an amount such as 10.99: "
     "no currency has more than 4 decimals"),
    ('"9,99"', "currency: EUR", "subscriptions.yaml:1: amount: '9,99': expected an amount "
     "such as 10.99 (a comma only between thousands, as in 1,250.00)"),
    ('"about 9.99"', "", "subscriptions.yaml:1: amount: 'about 9.99': expected an amount "
     "such as 10.99"),
    ("9.99, tolerance: 1e308%", "", "subscriptions.yaml:1: tolerance: '1e308%': expected a "
     "tolerance such as 5% (at most 1000%) or 0.50"),
])
def test_amounts_are_checked_against_range_and_currency(tmp_path: Path, amount: str,
                                                         settings: str, expected: str) -> None:
    found = problems(tmp_path, subscriptions=f"- {{name: A, match: a, amount: {amount}}}\n",
                     settings=settings)
    assert found == [expected]


@pytest.mark.parametrize(("amount", "settings", "currency", "value"), [
    ('"£9.99"', "currency: GBP", "GBP", "9.99"),
    ('"€9.99"', "", "EUR", "9.99"),          # no currency anywhere: the sign gives it
    ('"$9.99", currency: CAD', "currency: GBP", "CAD", "9.99"),  # $ is also Canada's
    ('"9.99 EUR"', "currency: EUR", "EUR", "9.99"),
    ("9.990", "currency: GBP", "GBP", "9.990"),  # trailing zeros are not decimals
    ('"1,250.00"', "currency: GBP", "GBP", "1250.00"),
    ("1500, currency: JPY", "currency: GBP", "JPY", "1500"),
    ("0.125, currency: KWD", "", "KWD", "0.125"),
])
def test_amounts_that_agree_with_their_currency(tmp_path: Path, amount: str, settings: str,
                                                currency: str, value: str) -> None:
    book = load_rulebook(write(tmp_path, subscriptions=f"- {{name: A, match: a, amount: "
                                                       f"{amount}}}\n", settings=settings))
    assert (book.subscriptions[0].currency, book.subscriptions[0].amount) == (
        currency, Decimal(value))


def test_history_and_tolerance_amounts_are_checked_too(tmp_path: Path) -> None:
    found = problems(tmp_path, settings="currency: GBP", subscriptions=(
        "- name: A\n  match: a\n  amount: 9.99\n  tolerance: 0.005\n"
        "  history: [{amount: '€8.99', until: 2026-01-01}]\n"))
    assert found == [
        "subscriptions.yaml:4: tolerance: 0.005: more decimals than GBP has (2)",
        "subscriptions.yaml:5: history: '€8.99': € is EUR, not GBP (settings.yaml currency: "
        "GBP); write currency: EUR on the entry, or the amount without the sign",
    ]


@given(st.decimals(min_value=0, max_value=10**13 - 1, places=2, allow_nan=False))
def test_any_amount_in_range_reads_back_exactly(value: Decimal) -> None:
    from recon.rulebook import values

    assert values.amount(str(value)) == value
    assert values.amount(f"£{value}") == value


def test_control_characters_in_rules_values_are_shown_escaped(tmp_path: Path) -> None:
    found = problems(tmp_path, subscriptions='- {name: A, match: a, amount: "\\e[2J\\n9"}\n')
    assert found == ["subscriptions.yaml:1: amount: '\\x1b[2J\\n9': expected an amount such "
                     "as 10.99"]


def test_control_characters_in_raw_names_are_shown_escaped(tmp_path: Path) -> None:
    found = problems(tmp_path, settings='accounts: {"Visa\\e[31m\\nError: ok": 5}\n')
    assert found == ["settings.yaml:1: accounts.Visa\\x1b[31m\\nError: ok: expected a mapping "
                     "of settings"]


@given(st.one_of(st.text(max_size=80), st.integers(), st.decimals(allow_nan=True),
                 st.floats(), st.booleans(), st.none()))
def test_amount_reader_raises_only_value_error(value: object) -> None:
    from recon.rulebook import values

    try:
        result = values.amount(value)
    except ValueError:
        return
    assert result.is_finite() and 0 <= result < values.LIMIT
