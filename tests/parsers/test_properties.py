"""Properties of amount and date reading, and of parsers under arbitrary input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from recon import money
from recon.dates import infer_date_column
from recon.errors import InputError
from recon.parsers import ParseOptions, parse_statement
from recon.parsers.rejections import summary_description

amounts = st.decimals(min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"),
                      places=2, allow_nan=False, allow_infinity=False)


def _group(int_part: str, sep: str) -> str:
    out = ""
    while len(int_part) > 3:
        out = sep + int_part[-3:] + out
        int_part = int_part[:-3]
    return int_part + out


def write_amount(value: Decimal, style: str) -> str:
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(value):.2f}".split(".")
    if style == "us":
        return f"{sign}{_group(whole, ',')}.{frac}"
    if style == "eu":
        return f"{sign}{_group(whole, '.')},{frac}"
    if style == "swiss":
        return f"{sign}{_group(whole, chr(39))}.{frac}"
    if style == "space":
        return f"{sign}{_group(whole, ' ')},{frac}"
    if style == "parens":
        return f"({_group(whole, ',')}.{frac})" if value < 0 else f"{whole}.{frac}"
    if style == "trailing":
        return f"{whole}.{frac}-" if value < 0 else f"{whole}.{frac}"
    if style == "symbol":
        return f"{sign}€{whole}.{frac}"
    return f"{whole}.{frac} DR" if value < 0 else f"{whole}.{frac} CR"


STYLES = ("us", "eu", "swiss", "space", "parens", "trailing", "symbol", "drcr")
MARK = {"eu": ",", "space": ","}


@given(value=amounts, style=st.sampled_from(STYLES))
def test_amount_round_trip(value: Decimal, style: str) -> None:
    text = write_amount(value, style)
    assert money.parse_amount(text, MARK.get(style, ".")) == value


@given(values=st.lists(amounts, min_size=1, max_size=30), style=st.sampled_from(STYLES))
def test_decimal_mark_inferred_from_the_column(values: list[Decimal], style: str) -> None:
    texts = [write_amount(v, style) for v in values]
    mark = money.infer_decimal_mark(texts)
    assert [money.parse_amount(t, mark) for t in texts] == values


@given(value=amounts, currency=st.sampled_from(["USD", "EUR", "GBP", "CNY"]))
def test_minor_units_are_exact(value: Decimal, currency: str) -> None:
    minor = money.to_minor(value, currency)
    assert isinstance(minor, int)
    assert money.from_minor(minor, currency) == value


@pytest.mark.parametrize(("code", "digits"), [
    ("HUF", 2), ("JPY", 0), ("KWD", 3), ("CLP", 0), ("ISK", 0), ("USD", 2), ("BHD", 3),
    ("LTL", 2), ("BGN", 2), ("XAU", 0),
])
def test_iso4217_exponents_are_pinned(code: str, digits: int) -> None:
    """ISO 4217's minor units, not CLDR's display digits (CLDR moved HUF from 2 to 0)."""
    assert money.is_currency(code)
    assert money.exponent(code) == digits
    assert money.exponent(code.lower()) == digits


def test_unknown_currency_is_not_one() -> None:
    assert not money.is_currency("XYZ")
    assert not money.is_currency("THE")


def test_currency_exponents() -> None:
    assert money.to_minor(Decimal("1500"), "JPY") == 1500
    assert money.to_minor(Decimal("1.234"), "KWD") == 1234
    with pytest.raises(ValueError):
        money.to_minor(Decimal("1.234"), "USD")


FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y%m%d", "%d-%m-%Y", "%d %b %Y",
           "%Y/%m/%d %H:%M")


@given(
    start=st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 1, 1)),
    gaps=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=40),
    fmt=st.sampled_from(FORMATS),
    descending=st.booleans(),
)
def test_date_order_inferred_from_a_statement_column(
    start: dt.date, gaps: list[int], fmt: str, descending: bool
) -> None:
    dates = [start]
    for g in gaps:
        dates.append(dates[-1] + dt.timedelta(days=g))
    if descending:
        dates.reverse()
    texts = [d.strftime(fmt) for d in dates]
    column = infer_date_column(texts)
    parsed = [column.parse(t) for t in texts]
    days_unambiguous = any(d.day > 12 for d in dates) or all(d.day == d.month for d in dates)
    if days_unambiguous or fmt.startswith("%Y") or "%b" in fmt:
        assert parsed == dates
    else:
        # every day <= 12: either order reads the column; it must still read as a statement
        assert sorted(parsed) in (parsed, parsed[::-1])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".ofx", ".xlsx", ".qfx"]))
def test_arbitrary_bytes_raise_only_input_errors(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(data)
    try:
        parse_statement(path, ParseOptions(currency="EUR"))
    except InputError:
        pass


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("0123456789,;.-/ \n\"'abcDATE<>OFX")),
                    max_size=2000))
def test_arbitrary_text_raises_only_input_errors(tmp_path: Path, text: str) -> None:
    for name in ("t.csv", "t.ofx"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        try:
            parse_statement(path, ParseOptions(currency="EUR"))
        except InputError:
            pass


rows = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
        amounts.filter(lambda v: v != 0),
        # a row described only by a summary word (TOTAL) is a summary line, by design
        st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"),
                                       max_codepoint=0x9fff), min_size=1, max_size=30
                ).filter(lambda t: summary_description(t) is None),
    ),
    min_size=1, max_size=20,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(txns=rows, layout=st.sampled_from(["signed_dmy", "debit_credit_eu"]))
def test_bank_layout_round_trip(tmp_path: Path, txns: list[tuple[dt.date, Decimal, str]],
                                layout: str) -> None:
    txns = sorted(txns)
    # A column whose days are all <= 12 is ambiguous by nature (see the date test above).
    assume(any(d.day > 12 for d, _, _ in txns))
    path = tmp_path / "bank.csv"
    if layout == "signed_dmy":
        lines = ["Date,Description,Amount,Currency"] + [
            f"{d:%d/%m/%Y},{t},{write_amount(a, 'us')!r},GBP".replace("'", '"') for d, a, t in txns]
        expect_cur = "GBP"
    else:
        lines = ["Buchungstag;Verwendungszweck;Soll;Haben"] + [
            f"{d:%d.%m.%Y};{t};{write_amount(-a, 'eu') if a < 0 else ''};"
            f"{write_amount(a, 'eu') if a > 0 else ''}" for d, a, t in txns]
        expect_cur = "EUR"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = parse_statement(path, ParseOptions(currency="EUR"))
    got = list(zip(result.frame["posted_date"], result.frame["amount_minor"],
                   result.frame["description_raw"], strict=False))
    assert got == [(d, int(a * 100), t) for d, a, t in txns]
    assert set(result.frame["currency"]) == {expect_cur}
