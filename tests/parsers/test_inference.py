"""What the table engine infers where a file does not say: the sign of card exports, a
running balance, direction columns, split in/out columns, the day/month order, the currency;
and summary rows, continuation lines, placeholder dates, annotated amounts.

Properties generate statements in each convention and check the stored amounts are the
money that moved (out negative); examples pin the one-line statements the user sees.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement
from recon.parsers.evidence import balance_reading, read_amount
from recon.parsers.vocabulary import direction_of, header_roles
from tests.conftest import CORPUS

EUR = ParseOptions(currency="EUR")
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

cents = st.integers(min_value=1, max_value=500_000)
moves = st.lists(st.tuples(st.booleans(), cents), min_size=4, max_size=30)


def _money(minor: int) -> str:
    sign = "-" if minor < 0 else ""  # -1 is -0.01 (floor division would print -1.99)
    return f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}"


def _write(tmp: Path, name: str, lines: list[str]) -> Path:
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dates(n: int) -> list[str]:
    return [f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(n)]


@SETTINGS
@given(rows=moves, newest_first=st.booleans(), printed_inverted=st.booleans())
def test_a_running_balance_decides_the_sign(tmp_path: Path, rows: list[tuple[bool, int]],
                                           newest_first: bool, printed_inverted: bool) -> None:
    """amount = change in balance, in either row order; a file printing money out as
    positive numbers is read right because the balance says so."""
    signed = [(-m if out else m) for out, m in rows]
    balance, lines = 1_000_000, []
    for date, amount in zip(_dates(len(signed)), signed, strict=True):
        balance += amount
        shown = -amount if printed_inverted else amount
        sign = "-" if shown < 0 else ""
        lines.append(f"{date},Shop {len(lines)},{sign}{_money(abs(shown))},{_money(balance)}")
    if newest_first:
        lines.reverse()
    path = _write(tmp_path, "bal.csv", ["Date,Description,Amount,Balance", *lines])
    result = parse_statement(path, EUR)
    got = result.frame["amount_minor"].tolist()
    assert got == (signed[::-1] if newest_first else signed)


def test_amounts_that_do_not_follow_an_inferred_balance_refuse_the_file(tmp_path: Path) -> None:
    lines = ["2024-01-01,A,10.00,,100.00", "2024-01-02,B,11.00,,90.00",
             "2024-01-03,C,12.00,,70.00", "2024-01-04,D,,13.00,20.00",
             "2024-01-05,E,14.00,,0.00"]
    with pytest.raises(InputError) as info:
        parse_statement(_write(tmp_path, "x.csv", lines), EUR)
    assert "do not add up to the balance" in info.value.message


@SETTINGS
@given(rows=moves)
def test_headerless_debit_credit_balance(tmp_path: Path, rows: list[tuple[bool, int]]) -> None:
    """date, text, money out, money in, balance with no header: the pair is found, and the
    balance settles which side is which even when money in is the busier column."""
    balance, lines, signed = 50_000_000, [], []
    for date, (out, m) in zip(_dates(len(rows)), rows, strict=True):
        balance += -m if out else m
        signed.append(-m if out else m)
        debit, credit = (_money(m), "") if out else ("", _money(m))
        lines.append(f"{date},SHOP {len(lines)},{debit},{credit},{_money(balance)}")
    result = parse_statement(_write(tmp_path, "h.csv", lines), EUR)
    assert result.frame["amount_minor"].tolist() == signed


def test_card_export_with_charges_positive(tmp_path: Path) -> None:
    lines = ["Date,Description,Amount", "2024-01-02,COFFEE,3.50", "2024-01-03,BOOKS,20.00",
             "2024-01-04,REFUND BOOKS,-20.00", "2024-01-05,PAYMENT - THANK YOU,-100.00",
             "2024-01-06,GROCER,45.10", "2024-01-07,FUEL,60.00"]
    path = _write(tmp_path, "card.csv", lines)
    result = parse_statement(path, EUR)
    assert result.frame["amount_minor"].tolist() == [-350, -2000, 2000, 10000, -4510, -6000]
    as_printed = parse_statement(path, ParseOptions(currency="EUR", sign="charges-negative"))
    assert as_printed.frame["amount_minor"].tolist() == [350, 2000, -2000, -10000, 4510, 6000]


def test_an_undecidable_sign_is_said_with_the_option(tmp_path: Path) -> None:
    lines = ["Date,Description,Amount", "2024-01-02,A,3.50", "2024-01-03,B,20.00",
             "2024-01-04,C,7.00", "2024-01-05,D,-1.00"]
    result = parse_statement(_write(tmp_path, "x.csv", lines), EUR)
    assert result.frame["amount_minor"].tolist() == [350, 2000, 700, -100]
    assert any("--sign charges-positive" in w for w in result.warnings)
    forced = parse_statement(_write(tmp_path, "x.csv", lines),
                             ParseOptions(currency="EUR", sign="charges-positive"))
    assert forced.frame["amount_minor"].tolist() == [-350, -2000, -700, 100]


DIRECTIONS = [("Dr", "Cr"), ("借 Dr", "贷 Cr"), ("S", "H"), ("O", "I"), ("Debit", "Credit"),
              ("支出", "收入"), ("Out", "In"), ("D", "C")]


@SETTINGS
@given(rows=moves, words=st.sampled_from(DIRECTIONS), named=st.booleans())
def test_direction_columns(tmp_path: Path, rows: list[tuple[bool, int]],
                           words: tuple[str, str], named: bool) -> None:
    """Unsigned amounts and a direction column in each common form, with a header word or
    found by content (where both directions occur)."""
    assume(named or len({out for out, _ in rows}) == 2)
    lines = [f"{d},Shop {i},{_money(m)},{words[0] if out else words[1]}"
             for i, (d, (out, m)) in enumerate(zip(_dates(len(rows)), rows, strict=True))]
    header = ["Date,Description,Amount,Dr/Cr"] if named else ["Date,Description,Amount,Flag"]
    result = parse_statement(_write(tmp_path, "d.csv", header + lines), EUR)
    assert result.frame["amount_minor"].tolist() == [-m if out else m for out, m in rows]


@pytest.mark.parametrize("header", [
    "日期,摘要,交易金额(收入),交易金额(支出)", "Date,Details,Credit CHF,Debit CHF",
    "Date,Details,Paid in,Paid out", "Datum,Text,Haben,Soll", "记账日,摘要,存入金额,取出金额",
])
def test_split_in_out_columns(tmp_path: Path, header: str) -> None:
    lines = [header, "2024-01-02,A,,12.50", "2024-01-03,B,100.00,", "2024-01-04,C,,7.25"]
    result = parse_statement(_write(tmp_path, "s.csv", lines), EUR)
    assert result.frame["amount_minor"].tolist() == [-1250, 10000, -725]


def test_ambiguous_day_month_is_said_and_settled(tmp_path: Path) -> None:
    lines = ["Date,Description,Amount", "08/02/2016,A,-1.00", "06/02/2016,B,-2.00"]
    path = _write(tmp_path, "m.csv", lines)
    result = parse_statement(path, EUR)
    assert any("--date-order" in w for w in result.warnings)
    us = parse_statement(path, ParseOptions(currency="EUR", date_order="MDY"))
    assert [str(d) for d in us.frame["posted_date"]] == ["2016-08-02", "2016-06-02"]
    assert not us.warnings


def test_time_column_is_never_the_date(tmp_path: Path) -> None:
    lines = ["交易时间,记账日,摘要,金额", "17:12:28,2025-01-02,A,-1.00", "18:53:19,2025-01-03,B,-2.00"]
    result = parse_statement(_write(tmp_path, "t.csv", lines), EUR)
    assert [str(d) for d in result.frame["posted_date"]] == ["2025-01-02", "2025-01-03"]


def test_summary_rows_continuations_and_payee_memo(tmp_path: Path) -> None:
    lines = ["Date,Payee,Memo,Debit,Credit", "01/03/2024,SHOP,card 1234,5.00,",
             ",,UBER EATS LONDON,,", "02/03/2024,EMPLOYER,salary,,900.00",
             "02/03/2024,Turnover,,5.00,900.00", "Total,,,5.00,900.00"]
    result = parse_statement(_write(tmp_path, "x.csv", lines), EUR)
    assert result.frame["description_raw"].tolist() == [
        "SHOP | card 1234 | UBER EATS LONDON", "EMPLOYER | salary"]
    reasons = [r.reason for r in result.rejected]
    assert reasons == ["summary row (Turnover), not a transaction",
                       "summary row (Total), not a transaction"]
    assert not any(r.bad for r in result.rejected)


def test_placeholder_dates_and_annotated_amounts(tmp_path: Path) -> None:
    lines = ["Date,Description,Amount", "1111-11-11,X,-1.00", "2024-01-02,Y,131.77(已退款89.84)",
             "2024-01-03,Z,-3.90(CN)", "2024-01-04,W,CNY 123.18", '2024-01-05,V,="-12.00"']
    result = parse_statement(_write(tmp_path, "p.csv", lines), EUR)
    assert result.frame["amount_minor"].tolist() == [13177, -390, 12318, -1200]
    assert [r.reason for r in result.rejected] == ["placeholder date '1111-11-11'"]


def test_currency_from_the_file_or_said(tmp_path: Path) -> None:
    named = parse_statement(_write(tmp_path, "a.csv", [
        "Date,Description,Amount,Munt", "2024-01-02,A,-1.00,EUR"]), ParseOptions(currency="GBP"))
    assert set(named.frame["currency"]) == {"EUR"} and named.currency_fallback is None
    preamble = parse_statement(_write(tmp_path, "b.csv", [
        "Account Number:,1234567890,SGD", "", "Date,Description,Amount",
        "2024-01-02,A,-1.00"]), ParseOptions(currency="GBP"))
    assert set(preamble.frame["currency"]) == {"SGD"} and preamble.currency_fallback is None
    fallback = parse_statement(_write(tmp_path, "c.csv", [
        "Date,Description,Amount", "2024-01-02,A,-1.00"]), ParseOptions(currency="GBP"))
    assert fallback.currency_fallback == "GBP"


def test_a_counterparty_column_is_not_the_account(tmp_path: Path) -> None:
    lines = ["Date,Description,Amount,Counterparty IBAN", "2024-01-02,A,-1.00,DE89370400440532013000",
             "2024-01-03,B,-2.00,NL91ABNA0417164300"]
    result = parse_statement(_write(tmp_path, "x.csv", lines), EUR)
    assert set(result.frame["account"]) == {""}


@pytest.mark.parametrize(("cell", "role"), [
    ("Date Posted", "date"), ("Run Date", "date"), ("Datetime", "date"),
    ("Date Processed", "date"), ("Billing amount", "amount"), ("Net", "net"),
    ("Fee", "fee"), ("Partner Name", "payee"), ("Payee", "payee"), ("Memo", "description"),
    ("Buchungstag", "date"), ("Betrag (EUR)", "amount"), ("Montant", "amount"),
    ("Bedrag", "amount"), ("Importe", "amount"), ("Importo", "amount"), ("Valor", "amount"),
    ("Kwota", "amount"), ("Částka", "amount"), ("Suma", "amount"), ("Összeg", "amount"),
    ("Suma tranzactie", "amount"), ("Belopp", "amount"), ("Beløb", "amount"),
    ("Beløp", "amount"), ("Määrä", "amount"), ("Summa", "amount"), ("Tutar", "amount"),
    ("Сумма", "amount"), ("Сума", "amount"), ("金額", "amount"), ("금액", "amount"),
    ("交易日", "date"), ("记账日", "date"), ("存入金额", "credit"), ("取出金额", "debit"),
    ("记账金额", "amount"), ("人民币金额", "amount"), ("交易金额(收入)", "credit"),
    ("记账金额(支出)", "debit"), ("Debit CHF", "debit"), ("Paid in", "credit"),
    ("Munt", "currency"), ("借贷", "direction"), ("Saldo", "balance"), ("交易時間", "date"),
])
def test_vocabulary(cell: str, role: str) -> None:
    roles = header_roles(cell)
    assert roles[0][0] == role or (role == "date" and "date" in dict(roles))


def test_direction_words() -> None:
    assert direction_of("借 Dr") == -1 and direction_of("贷 Cr") == 1
    assert direction_of("O", letters=True) == -1 and direction_of("O") is None
    assert direction_of("借 Cr") is None  # words that disagree


def test_balance_reading_both_orders() -> None:
    amounts = [Decimal(-5), Decimal(10), Decimal(-1)]
    forward = [Decimal(95), Decimal(105), Decimal(104)]
    fit = balance_reading(amounts, forward)
    assert fit is not None and fit.exact and (fit.sign, fit.order) == (1, 1)
    backward = list(reversed([Decimal(100), Decimal(90), Decimal(91)]))  # newest first
    fit = balance_reading([Decimal(1), Decimal(-10), Decimal(5)], backward)
    assert fit is not None and fit.exact and fit.order == -1


def test_read_amount_refuses_words() -> None:
    assert read_amount("8,000.00(CN)", ".") == Decimal("8000.00")
    with pytest.raises(ValueError):
        read_amount("FOOTER ROW TEST 2", ".")


HOSTILE = CORPUS.parent / "hostile" / "import"


@pytest.mark.skipif(not HOSTILE.exists(), reason="../shared/hostile is not here")
@pytest.mark.parametrize("name", ["IndexError__m1-01419_addebito_diretto.csv",
                                  "csv_1MB_comma_line.csv"])
def test_hostile_tables_end_clean_and_fast(name: str) -> None:
    start = time.perf_counter()
    try:
        parse_statement(HOSTILE / name, EUR)
    except InputError as exc:
        assert exc.path is not None
    assert time.perf_counter() - start < 10


def test_dry_run_preview_shows_layout_and_rows(tmp_path: Path) -> None:
    from recon.parsers.preview import preview
    from recon.rulebook.profiles import load_profiles

    lines = ["Date,Description,Amount", "2024-01-02,COFFEE,3.50", "2024-01-03,BOOKS,20.00",
             "2024-01-04,REFUND BOOKS,-20.00", "2024-01-05,GROCER,45.10"]
    path = _write(tmp_path, "card.csv", lines)
    text = preview(path, ParseOptions(currency="EUR"), rows=2)
    assert "2024-01-02           -3.50 EUR" in text and "2024-01-04" not in text
    assert "sign: charges_positive" in text and "nothing stored" in text
    # the printed layout is a profile recon reads back, and reads the file the same way
    block = text.split("layout (paste into rules/profiles.yaml to fix it):\n")[1]
    yaml_text = block.split("first ")[0]
    rules = tmp_path / "profiles.yaml"
    rules.write_text("\n".join(line[2:] for line in yaml_text.splitlines()), encoding="utf-8")
    (profile,) = load_profiles(rules)
    again = parse_statement(path, ParseOptions(currency="EUR", profile=profile.name), (profile,))
    assert again.frame["amount_minor"].tolist() == [-350, -2000, 2000, -4510]


@SETTINGS
@given(end=st.dates(min_value=__import__("datetime").date(2001, 1, 1),
                    max_value=__import__("datetime").date(2098, 12, 31)),
       back=st.lists(st.integers(min_value=0, max_value=300), min_size=2, max_size=20))
def test_yearless_dates_take_the_statement_year(tmp_path: Path, end, back) -> None:  # type: ignore[no-untyped-def]
    """MM/DD dates within the year up to a statement's end get the year that puts them on
    or before it (December rows on a January statement are last year's)."""
    import datetime as dt

    days = sorted((end - dt.timedelta(days=b) for b in back), reverse=True)
    lines = [f"Statement period {end.year}年{end.month:02d}月", "Date,Description,Amount",
             *(f"{d.month:02d}/{d.day:02d},Shop,-1.00" for d in days)]
    month_end = (dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
                 - dt.timedelta(days=1))
    result = parse_statement(_write(tmp_path, "y.csv", lines), EUR)
    assert [d for d in result.frame["posted_date"]] == days
    assert any("without a year" in w for w in result.warnings)
    assert month_end >= days[0]


def test_times_alone_are_refused_not_read_as_dates(tmp_path: Path) -> None:
    lines = ["交易时间,摘要,金额", "17:12:28,A,-1.00", "18:53:19,B,-2.00"]
    with pytest.raises(InputError) as info:
        parse_statement(_write(tmp_path, "t.csv", lines), EUR)
    assert "date" in info.value.message
