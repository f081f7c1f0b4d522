"""Amounts a statement can hold but the ledger cannot: refused with a reason, never a crash."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon import money


@pytest.mark.parametrize("text", ["inf", "-Infinity", "NaN", "sNaN"])
def test_non_finite_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        money.to_minor(Decimal(text), "USD")


@pytest.mark.parametrize("text", ["1e999999", "9223372036854775808", "10000000000000.01",
                                  "-10000000000000.01", "1" * 100])
def test_amounts_beyond_the_ledger_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"beyond the largest recon stores \(10\^15 minor"):
        money.to_minor(Decimal(text), "USD")


def test_the_largest_amount_is_kept_exactly() -> None:
    assert money.to_minor(Decimal("-10000000000000.00"), "USD") == -money.MAX_MINOR
    assert money.to_minor(Decimal("1000000000000000"), "JPY") == money.MAX_MINOR
    with pytest.raises(ValueError, match="beyond"):
        money.to_minor(Decimal("1000000000000.001"), "KWD")


def test_a_million_digit_amount_is_refused_by_its_length() -> None:
    with pytest.raises(ValueError, match=r"1000000 digits, more than recon reads \(40\)"):
        money.parse_amount("1" * 1_000_000)


@pytest.mark.parametrize("text", ["1e5", "12x34", "3E+2"])
def test_letters_inside_a_number_are_not_dropped(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        money.parse_amount(text)


@pytest.mark.parametrize(("text", "value"), [("USD 12.50", "12.50"), ("12.50 EUR", "12.50"),
                                             ("12.50CR", "12.50"), ("1,234.56 DR", "-1234.56")])
def test_currency_words_around_a_number_still_read(text: str, value: str) -> None:
    assert money.parse_amount(text) == Decimal(value)
