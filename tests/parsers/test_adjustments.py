"""Columns that change the money moved (fee, commission, tax withheld, round-up, cashback,
and a net/total column): the money moved is the net column where there is one (checked
against amount + adjustments), else amount + adjustments, which a running balance confirms
or overrules; with neither, the reading taken is said in one line."""

from __future__ import annotations

from pathlib import Path

from recon.parsers.base import ParseOptions, ParseResult
from recon.parsers.csv import CsvParser


def _parse(tmp_path: Path, text: str) -> ParseResult:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return CsvParser().parse(path, ParseOptions(currency="EUR"))


def _amounts(result: ParseResult) -> list[int]:
    return result.frame["amount_minor"].tolist()


def test_signed_fee_and_tax_columns_are_added_to_the_amount(tmp_path: Path) -> None:
    result = _parse(tmp_path, "date,type,amount,fee,tax,currency,description\n"
                              "2024-03-01,DEPOSIT,1500.00,,,EUR,Deposit\n"
                              "2024-03-04,BUY,-425.00,-1.00,,EUR,Buy ACME\n"
                              "2024-03-18,SELL,180.00,-1.00,-2.85,EUR,Sell ACME\n"
                              "2024-04-01,INTEREST,4.12,,-1.09,EUR,Interest\n")
    assert _amounts(result) == [150000, -42600, 17615, 303]
    (line,) = [w for w in result.warnings if "money moved" in w]
    assert "amount + fee + tax" in line and "profile" in line


def test_unsigned_fee_and_tax_are_money_out_in_any_language(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Datum;Beschreibung;Betrag;Gebühr;Quellensteuer\n"
                              "01.03.2024;Verkauf;200,00;1,00;3,50\n"
                              "02.03.2024;Kauf;-100,00;1,00;\n"
                              "03.03.2024;Zinsen;10,00;;2,64\n")
    assert _amounts(result) == [19550, -10100, 736]


def test_unsigned_cashback_is_money_in(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Merchant,Amount,Cashback\n"
                              "2024-05-01,Grocer,-50.00,0.50\n"
                              "2024-05-02,Fuel,-40.00,\n"
                              "2024-05-03,Salary,900.00,\n")
    assert _amounts(result) == [-4950, -4000, 90000]


def test_a_balance_that_adds_up_with_the_fees_confirms_them(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Description,Amount,Fee,Balance\n"
                              "2024-05-01,Opening deposit,100.00,,100.00\n"
                              "2024-05-02,Transfer out,-20.00,-0.50,79.50\n"
                              "2024-05-03,Card,-10.00,,69.50\n"
                              "2024-05-04,ATM,-40.00,-2.00,27.50\n")
    assert _amounts(result) == [10000, -2050, -1000, -4200]
    assert not [w for w in result.warnings if "money moved" in w]
    assert any("balance adds up with them" in n for n in result.notes)


def test_a_balance_that_adds_up_without_the_fees_says_they_are_in_the_amount(
        tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Description,Amount,Fee,Balance\n"
                              "2024-05-01,Opening deposit,100.00,,100.00\n"
                              "2024-05-02,Transfer out,-20.50,-0.50,79.50\n"
                              "2024-05-03,Card,-10.00,,69.50\n"
                              "2024-05-04,ATM,-42.00,-2.00,27.50\n")
    assert _amounts(result) == [10000, -2050, -1000, -4200]
    assert any("already in Amount" in n for n in result.notes)
    assert not [w for w in result.warnings if "money moved" in w]


def test_the_net_column_is_the_money_moved(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Name,Gross,Fee,Net\n"
                              "2024-05-01,Client A,100.00,-3.20,96.80\n"
                              "2024-05-02,Client B,50.00,-1.75,48.25\n"
                              "2024-05-03,Supplier,-20.00,0.00,-20.00\n")
    assert _amounts(result) == [9680, 4825, -2000]
    assert any("Net = Gross + Fee on every row" in n for n in result.notes)
    assert not result.warnings


def test_a_net_column_that_disagrees_on_a_row_is_said(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Name,Amount,Fee,Net Amount\n"
                              "2024-05-01,A,-10.00,-1.00,-11.00\n"
                              "2024-05-02,B,-20.00,0,-20.00\n"
                              "2024-05-03,C,-30.00,0,-30.00\n"
                              "2024-05-04,D,-40.00,0,-40.00\n"
                              "2024-05-05,E,-50.00,-1.00,-50.00\n")
    assert _amounts(result) == [-1100, -2000, -3000, -4000, -5000]
    (line,) = result.warnings
    assert "Net Amount" in line and "1 of 5 rows" in line and "line 6" in line


def test_a_round_up_total_is_the_money_moved(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Payee,Subtotal (AUD),Round Up (AUD),Total (AUD)\n"
                              "2024-04-30,Netflix,-15.95,-0.05,-16.00\n"
                              "2024-04-22,Saver,-300.00,0.00,-300.00\n"
                              "2024-04-10,Payroll,2450.00,0.00,2450.00\n")
    assert _amounts(result) == [-1600, -30000, 245000]


def test_a_total_column_that_is_not_amount_plus_adjustments_is_no_net(tmp_path: Path) -> None:
    # a running total beside the amount: it is not the money a row moved
    result = _parse(tmp_path, "Date,Description,Amount,Total\n"
                              "2024-05-01,A,-10.00,-10.00\n"
                              "2024-05-02,B,-20.00,-30.00\n"
                              "2024-05-03,C,-30.00,-60.00\n")
    assert _amounts(result) == [-1000, -2000, -3000]


def test_a_lone_net_column_is_the_amount_with_its_fees_in_it(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Date,Description,Fee,Net Amount\n"
                              "2024-05-01,A,-1.00,-11.00\n"
                              "2024-05-02,B,,25.00\n")
    assert _amounts(result) == [-1100, 2500]


def test_a_word_inside_a_header_is_no_net_column(tmp_path: Path) -> None:
    result = _parse(tmp_path, "DATE,DESCRIPTION,AMOUNT,NET CASH BALANCE\n"
                              "07/02/2013,DIVIDEND,31.04,31.04\n"
                              "07/03/2013,PURCHASE,-31.04,0.00\n")
    assert _amounts(result) == [3104, -3104]


def test_an_unsigned_fee_on_a_card_that_prints_charges_positive(tmp_path: Path) -> None:
    # charges printed positive (the payment is the negative row): the fee adds to the charge
    result = _parse(tmp_path, "Date,Description,Amount,Foreign fee\n"
                              "2024-05-01,HOTEL PARIS,100.00,2.00\n"
                              "2024-05-02,GROCER,40.00,\n"
                              "2024-05-03,PAYMENT - THANK YOU,-140.00,\n"
                              "2024-05-04,CAFE,5.00,\n")
    assert _amounts(result) == [-10200, -4000, 14000, -500]


def test_a_total_with_an_unsigned_tax_is_the_money_moved(tmp_path: Path) -> None:
    # an order export: charges positive, tax unsigned, the total is subtotal + tax
    result = _parse(tmp_path, "Order Date,Title,Item Subtotal,Item Subtotal Tax,Item Total\n"
                              "01/29/16,Soap,$20.00,$1.90,$21.90\n"
                              "02/15/16,Towel,$10.00,$0.95,$10.95\n")
    assert sorted(map(abs, _amounts(result))) == [1095, 2190]


def test_a_counterparty_account_column_in_finnish_is_not_the_account(tmp_path: Path) -> None:
    result = _parse(tmp_path, "Kirjauspäivä;Määrä EUROA;Selitys;Saajan tilinumero\n"
                              "01.10.2024;-9,99;SPOTIFY;FI4021123456000007\n"
                              "04.10.2024;+3120,00;ACME OY;FI4021123456000007\n"
                              "14.10.2024;-20,00;SHOP;FI4021123456000007\n")
    assert set(result.frame["account"]) == {""}


def test_a_broker_export_with_a_total_and_per_figure_currencies(tmp_path: Path) -> None:
    # 'Time' holds whole dates; 'Charge amount' is a fee, the Total the money moved; each
    # figure has its own currency column and the Total's is EUR
    result = _parse(tmp_path,
                    "Action,Time,Name,Price / share,Currency (Price / share),Total,"
                    "Currency (Total),Withholding tax,Currency (Withholding tax),"
                    "Charge amount,Currency (Charge amount)\n"
                    "Deposit,2024-03-01 10:00:00,,,,1000.00,EUR,,,,\n"
                    "Dividend,2024-03-15 10:00:00,Apple,0.24,USD,-0.44,EUR,0.07,USD,,\n"
                    "Market sell,2024-03-20 10:00:00,Apple,170.00,USD,157.41,EUR,,,0.15,EUR\n")
    assert _amounts(result) == [100000, -44, 15741]
    assert set(result.frame["currency"]) == {"EUR"}
    assert [str(d)[:10] for d in result.frame["posted_date"]] == [
        "2024-03-01", "2024-03-15", "2024-03-20"]


def test_the_layout_with_adjustment_roles_is_a_profile_that_reads_the_same(
        tmp_path: Path) -> None:
    from recon.parsers import parse_statement
    from recon.parsers.preview import preview
    from recon.rulebook.profiles import load_profiles

    path = tmp_path / "broker.csv"
    path.write_text("date,description,amount,fee,tax,currency\n"
                    "2024-03-04,Buy,-425.00,-1.00,,EUR\n"
                    "2024-03-18,Sell,180.00,-1.00,-2.85,EUR\n"
                    "2024-04-01,Interest,4.12,,-1.09,EUR\n", encoding="utf-8")
    text = preview(path, ParseOptions(currency="EUR"), rows=3)
    assert "      fee: 'fee'" in text and "      tax: 'tax'" in text
    block = text.split("layout (paste into rules/profiles.yaml to fix it):\n")[1]
    rules = tmp_path / "profiles.yaml"
    rules.write_text("\n".join(line[2:] for line in block.split("first ")[0].splitlines()),
                     encoding="utf-8")
    (profile,) = load_profiles(rules)
    again = parse_statement(path, ParseOptions(currency="EUR", profile=profile.name),
                            (profile,))
    assert _amounts(again) == [-42600, 17615, 303]
    assert not again.warnings  # the profile names the columns: nothing assumed


#: an account statement with the amount in the operation's currency first (a card payment
#: abroad in USD) and in the account's (EUR) after it, a commission and the running balance
TWO_AMOUNTS = ("Date;Description;Amount in operation currency;Operation currency;"
               "Amount in account currency;Commission;Balance\n"
               "01.03.2024;Opening transfer;1000,00;EUR;1000,00;0,00;1000,00\n"
               "02.03.2024;Grocer;-84,50;EUR;-84,50;0,00;915,50\n"
               "09.03.2024;NETFLIX.COM;-12,99;USD;-11,87;-0,12;903,51\n"
               "14.03.2024;Transfer out;-150,00;EUR;-150,00;0,00;753,51\n"
               "20.03.2024;ATM;-50,00;EUR;-50,00;-2,00;701,51\n")


def test_the_balance_picks_the_amount_in_the_accounts_currency(tmp_path: Path) -> None:
    """Two columns named as amounts: the one the balance follows (with the commission) is
    the money the account moved; the operation's currency column goes with the other."""
    result = _parse(tmp_path, TWO_AMOUNTS)
    assert _amounts(result) == [100000, -8450, -1199, -15000, -5200]
    assert set(result.frame["currency"]) == {"EUR"}
    assert any("amount=Amount in account currency" in n for n in result.notes)
    assert any("add up to the balance column" in n for n in result.notes)


def test_an_amount_the_balance_follows_is_kept_over_another(tmp_path: Path) -> None:
    """With every row in the account's currency both columns follow the balance: the one
    the header names first stays."""
    text = TWO_AMOUNTS.replace("-12,99;USD;-11,87;-0,12", "-11,87;EUR;-11,87;-0,12")
    result = _parse(tmp_path, text)
    assert _amounts(result) == [100000, -8450, -1199, -15000, -5200]
    assert any("amount=Amount in operation currency" in n for n in result.notes)


def test_an_amount_column_the_balance_does_not_follow_better_is_not_taken(
        tmp_path: Path) -> None:
    """A second amount-named column that adds up no better (here a column of amounts that
    follow nothing) leaves the first one in place."""
    text = TWO_AMOUNTS.replace(";-11,87;", ";-99,99;")
    result = _parse(tmp_path, text)
    assert any("amount=Amount in operation currency" in n for n in result.notes)
