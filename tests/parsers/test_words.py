"""The header and preamble words of statements nobody here has seen: how a header cell is
folded for the vocabulary, which date column is the posting date, where the statement's own
account and currency are written (preamble lines, header suffixes), and which column is the
account, the payee and the description.

Each test builds a small statement in the shape the mechanism is about; properties vary what
must not matter (column order, marks around a header word, row count).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon.parsers import ParseOptions, parse_statement
from recon.parsers.vocabulary import header_fold, header_roles, vocabulary

EUR = ParseOptions(currency="EUR")
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _write(tmp: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _roles(cell: str) -> set[str]:
    return {role for role, _ in header_roles(cell)}


# -- folding a header cell -------------------------------------------------------------

@pytest.mark.parametrize(("cell", "role"), [
    ("Account #", "account"),          # a trailing number sign
    ("Card No.", "account"),
    ("Compte n°", "account"),
    ("accountNum", "account"),         # camelCase
    ("dateOp", "date"),
    ("#Kwota", "amount"),              # a leading marker
    ("#Saldo po operacji", "balance"),
    ("IBAN/BBAN", "account"),          # words split at a slash
    ("Withdrawal Amt.", "debit"),      # an abbreviation's dot
    ("Deposit Amt.", "credit"),
    ("#AÇIKLAMA", "description"),      # Turkish dotless i, upper case (hypothesis found it)
    ("İŞLEM TARİHİ", "date"),
])
def test_header_cells_fold_to_their_role(cell: str, role: str) -> None:
    assert role in _roles(cell)


synonyms = st.sampled_from(sorted({(role, w) for role, words in vocabulary().synonyms.items()
                                   for w in words if role != "time"}))


@SETTINGS
@given(pair=synonyms, mark=st.sampled_from(["#", "*", "# ", '"', "="]),
       upper=st.booleans())
def test_marks_and_case_around_a_synonym_do_not_change_its_role(
        pair: tuple[str, str], mark: str, upper: bool) -> None:
    role, word = pair
    written = word.upper() if upper else word
    assert role in _roles(mark + written + (mark if mark == '"' else ""))


def test_a_number_sign_alone_is_not_dropped() -> None:
    assert header_fold("No.") == "no"
    assert header_fold("#") == "#"


# -- the posting date ------------------------------------------------------------------

@SETTINGS
@given(posted_first=st.booleans(), trans=st.sampled_from(
    ["Transaction Date", "Trans. Date", "Tran Date"]), post=st.sampled_from(
    ["Post Date", "Posted Date", "Posting Date", "Date Posted"]))
def test_the_posting_date_is_stored_whatever_the_column_order(
        tmp_path: Path, posted_first: bool, trans: str, post: str) -> None:
    """DESIGN.md: posted_date is the posting date, whichever column comes first."""
    cols = [post, trans] if posted_first else [trans, post]
    rows = [("2024-03-02", "2024-03-01"), ("2024-03-06", "2024-03-05"),
            ("2024-03-10", "2024-03-08")]
    lines = [",".join([*cols, "Description", "Amount"])]
    for posted, spent in rows:
        pair = [posted, spent] if posted_first else [spent, posted]
        lines.append(",".join([*pair, "Shop", "-12.50"]))
    result = parse_statement(_write(tmp_path, "card.csv", lines), EUR)
    assert list(result.frame["posted_date"].astype(str)) == [p for p, _ in rows]


# -- the statement's own account above the table --------------------------------------

@pytest.mark.parametrize(("line", "account"), [
    ("账号：6222 0212 3456 7890", "6222021234567890"),         # full-width colon, one cell
    ("Compte de chèques;****4321", "4321"),                   # a masked number
    ("Compte de Dépôt carte n° 12345678901", "12345678901"),  # label and number in a cell
    ("Conta ;0123456789012 - EUR - Conta Extracto", "0123456789012"),
    ("Account Details For:;POSB Savings Account 123-45678-9", "123-45678-9"),
    ('"Kreditkarte:";"4998********1234 Kreditkarte"', "1234"),
    ("Kontonummer:;1234567", "1234567"),
])
def test_the_account_named_above_the_table(tmp_path: Path, line: str, account: str) -> None:
    lines = ["Statement", line, "Periode 01.03.2024 - 31.03.2024", "",
             "Date;Description;Amount", "2024-03-01;Shop;-1,50", "2024-03-04;Rent;-700,00"]
    result = parse_statement(_write(tmp_path, "export.csv", lines), EUR)
    assert set(result.frame["account"]) == {account}


@pytest.mark.parametrize("line", [
    "Solde au 31/10/2024 3 102,19",               # an amount after a date: no account
    "Liste des opérations du compte entre le 01/10/2024 et le 31/10/2024",
    "Account:;2024-04-01",                        # a date is not an account number
    "Account holder:;Jane Doe",
    "Card Member;J SMITH ending 31004",   # a label matched by a word: the number must open
])
def test_no_account_from_dates_amounts_or_names(tmp_path: Path, line: str) -> None:
    lines = ["Statement", line, "", "Date;Description;Amount", "2024-03-01;Shop;-1,50"]
    result = parse_statement(_write(tmp_path, "my bank.csv", lines), EUR)
    assert set(result.frame["account"]) == {""}


def test_a_preamble_account_beats_an_empty_account_column(tmp_path: Path) -> None:
    """An IBAN column empty on every row is the counterparty's, not the statement's."""
    lines = ["Konto:;1234567", "", "Datum;Text;IBAN;Betrag",
             "01.03.2024;Miete;;-700,00", "04.03.2024;Strom;;-50,00",
             "08.03.2024;Lohn;;2000,00"]
    result = parse_statement(_write(tmp_path, "vb.csv", lines), EUR)
    assert set(result.frame["account"]) == {"1234567"}


# -- the account column ----------------------------------------------------------------

def test_a_card_holders_name_is_not_the_account(tmp_path: Path) -> None:
    lines = ["Date,Description,Card Member,Account #,Amount",
             "01/28/2024,NETFLIX,JANE Q DOE,-71004,15.49",
             "01/22/2024,GROCER,JANE Q DOE,-71004,87.31",
             "01/19/2024,SPOTIFY,JANE Q DOE,-71004,11.99"]
    result = parse_statement(_write(tmp_path, "activity.csv", lines), EUR)
    assert "JANE Q DOE" not in set(result.frame["account"])


@SETTINGS
@given(n=st.integers(min_value=2, max_value=6))
def test_a_counterparty_iban_column_is_never_the_account(tmp_path: Path, n: int) -> None:
    """Each row's IBAN differs: it names the other party, however short the file."""
    ibans = ["DE89370400440532013000", "GB29NWBK60161331926819", "FR1420041010050500013M02606",
             "NL91ABNA0417164300", "BE68539007547034", "AT611904300234573201"]
    lines = ["Buchungstag;Verwendungszweck;IBAN;Betrag"]
    lines += [f"0{i + 1}.03.2024;Zahlung {i};{ibans[i]};-1{i},00" for i in range(n)]
    result = parse_statement(_write(tmp_path, "umsaetze.csv", lines), EUR)
    assert not set(result.frame["account"]) & set(ibans)


def test_a_column_of_amounts_with_codes_is_not_the_currency_column(tmp_path: Path) -> None:
    """``入账币种/金额`` holds ``CNY 49.85``: the slash splits its words, and one is a
    currency word, but the cells are amounts; the transaction's own ``JPY 1000`` stays."""
    lines = ["交易日期,记账日期,交易说明,交易币种/金额,入账币种/金额",
             "2025-01-11,2025-01-11,美团,CNY 1.99,CNY 1.99",
             "2025-01-18,2025-01-18,Suica Charge,JPY 1000,CNY 49.85"]
    result = parse_statement(_write(tmp_path, "card.csv", lines), EUR)
    assert list(result.frame["currency"]) == ["CNY", "JPY"]


# -- the currency ----------------------------------------------------------------------

USD = ParseOptions(currency="USD")


@pytest.mark.parametrize(("header", "currency"), [
    ("利用日,利用店名,利用金額", "USD"),        # Japanese: the script names no currency
    ("日付,内容,金額（円）", "JPY"),            # ... the yen suffix does
    ("거래일,적요,출금액(원)", "KRW"),
    ("記帳日期,摘要說明,交易金額", "USD"),      # traditional Chinese: TWD or HKD, not said
    ("交易日,摘要,记账金额", "CNY"),            # simplified Chinese: yuan
    ("Kirjauspäivä,Selitys,Määrä EUROA", "EUR"),
    ("Date,Libellé,Montant euros", "EUR"),
])
def test_the_currency_a_header_names(tmp_path: Path, header: str, currency: str) -> None:
    lines = [header, "2024-03-01,x,-1490", "2024-03-04,y,-648"]
    result = parse_statement(_write(tmp_path, "export.csv", lines), USD)
    assert set(result.frame["currency"]) == {currency}


@pytest.mark.parametrize(("line", "currency"), [
    ("Solde au 31/10/2024 3 102,19 €", "EUR"),                 # an amount with its symbol
    ("Conta ;0123456789012 - EUR - Conta Extracto", "EUR"),    # a code beside a number
    ("币种：人民币", "CNY"),                                    # a currency label, a word
    ("Currency;SGD", "SGD"),
    ("Balance;$1,250.00", "USD"),                              # "$" names no one currency:
])                                                             # the default stays
def test_the_currency_named_above_the_table(tmp_path: Path, line: str, currency: str) -> None:
    lines = ["Statement", line, "", "Date;Description;Amount",
             "2024-03-01;Shop;-1,50", "2024-03-04;Rent;-700,00"]
    result = parse_statement(_write(tmp_path, "export.csv", lines), USD)
    assert set(result.frame["currency"]) == {currency}


def test_a_dollar_sign_above_the_table_does_not_override_another_default(
        tmp_path: Path) -> None:
    lines = ["Balance;$1,250.00", "", "Date;Description;Amount", "2024-03-01;Shop;-1.50"]
    result = parse_statement(_write(tmp_path, "export.csv", lines),
                             ParseOptions(currency="CAD"))
    assert set(result.frame["currency"]) == {"CAD"}


# -- headerless files: the account column, the balance after each row -------------------

moves = st.lists(st.integers(min_value=-300_000, max_value=300_000).filter(bool),
                 min_size=3, max_size=25)


def _cents(minor: int) -> str:
    sign = "-" if minor < 0 else ""
    return f"{sign}{abs(minor) // 100},{abs(minor) % 100:02d}"


@SETTINGS
@given(amounts=moves, account=st.sampled_from(["517538883", "NL91ABNA0417164300",
                                                "4500********1234"]))
def test_a_headerless_file_with_balances_before_and_after_each_row(
        tmp_path: Path, amounts: list[int], account: str) -> None:
    """account, currency, date, balance before, balance after, value date, amount, text: the
    amounts are stored as printed (the balance before each row reads backwards with turned
    signs, which the date order rules out) and the constant column is the account."""
    balance, lines = 1_000_000, []
    for n, amount in enumerate(amounts):
        date = f"2024{1 + n // 28:02d}{1 + n % 28:02d}"
        before, balance = balance, balance + amount
        lines.append("\t".join([account, "EUR", date, _cents(before), _cents(balance), date,
                                _cents(amount), f"Payment {n} to shop"]))
    result = parse_statement(_write(tmp_path, "export.TAB", lines), EUR)
    assert list(result.frame["amount_minor"]) == amounts
    shown = account[-4:] if "*" in account else account
    assert set(result.frame["account"]) == {shown}


def test_a_headerless_column_that_changes_is_no_account(tmp_path: Path) -> None:
    lines = ["2024-08-03,NETFLIX,16.49,12345678", "2024-08-08,LOBLAWS,104.27,12345679",
             "2024-08-14,PETRO,61.30,12345680"]
    result = parse_statement(_write(tmp_path, "export.csv", lines), EUR)
    assert not set(result.frame["account"]) & {"12345678", "12345679", "12345680"}


# -- the payee and the description ------------------------------------------------------

@pytest.mark.parametrize(("header", "row"), [
    # a description word on a column empty on every row
    ("Date,Amount,Notes,Shop", "{d},-{n}.50,,{shop}"),
    # a description word on a column with the same text on every row
    ("Date;Amount;Description;Shop", "{d};-{n},50;CARD PAYMENT;{shop}"),
    # no description word at all: the widest column is constant
    ("Date,Amount,Channel,Shop", "{d},-{n}.50,PAYMENT BY DEBIT CARD ONLINE,{shop}"),
])
def test_an_empty_or_constant_text_column_is_never_the_description(
        tmp_path: Path, header: str, row: str) -> None:
    shops = ["NETFLIX", "TESCO STORES", "SHELL"]
    lines = [header] + [row.format(d=f"2024-03-0{n + 1}", n=n + 1, shop=shop)
                        for n, shop in enumerate(shops)]
    result = parse_statement(_write(tmp_path, "export.csv", lines), EUR)
    assert [d.split(" | ")[0] for d in result.frame["description_raw"]] == shops


def test_a_constant_description_stays_when_no_other_text_varies(tmp_path: Path) -> None:
    lines = ["Date,Description,Amount"] + [f"2024-03-0{n},RENT,-700.00" for n in (1, 2, 3)]
    result = parse_statement(_write(tmp_path, "export.csv", lines), EUR)
    assert list(result.frame["description_raw"]) == ["RENT"] * 3


# -- each header cell its best role ------------------------------------------------------

@pytest.mark.parametrize("suffix", ["Sum", "Amt.", "Amount", "Value"])
def test_a_money_header_takes_the_side_it_names(tmp_path: Path, suffix: str) -> None:
    """``Withdrawal <amount word>`` matches the amount by one word and money out by the
    other: it is the debit column, its partner the credit, and no row is lost."""
    lines = [f"Date,Narration,Withdrawal {suffix},Deposit {suffix},Closing Balance",
             "01/04/24,NETFLIX,649.00,,24351.00",
             "03/04/24,SALARY,,125000.00,149351.00",
             "07/04/24,RENT,35000.00,,114351.00"]
    result = parse_statement(_write(tmp_path, "statement.csv", lines), EUR)
    assert list(result.frame["amount_minor"]) == [-64900, 12500000, -3500000]


# -- CJK compounds, word-matched columns, whole-number money ----------------------------

@pytest.mark.parametrize(("cell", "role"), [
    ("出金額", "debit"), ("入金額", "credit"), ("お引出し金額", "debit"),
    ("お預入れ金額", "credit"), ("입금금액", "credit"), ("출금액(원)", "debit"),
])
def test_a_cjk_amount_word_with_a_side_word_is_that_side(cell: str, role: str) -> None:
    assert _roles(cell) == {role}


def test_a_cjk_amount_word_without_a_side_word_is_no_side() -> None:
    assert not _roles("入帳金額") & {"debit", "credit"}   # booked amount: 入 alone is no side


def test_a_column_named_only_by_a_word_is_read_by_its_content(tmp_path: Path) -> None:
    """'Account movement' matches the account by a word; its cells are money."""
    lines = ["Date,Details,Account movement", "2024-03-01,NETFLIX,-12.99",
             "2024-03-04,SALARY,2500.00", "2024-03-09,RENT,-700.00"]
    result = parse_statement(_write(tmp_path, "export.csv", lines), EUR)
    assert list(result.frame["amount_minor"]) == [-1299, 250000, -70000]


@SETTINGS
@given(amounts=st.lists(st.integers(min_value=-2_000_000, max_value=2_000_000).filter(
    lambda v: abs(v) >= 1000 or v < 0), min_size=3, max_size=20))
def test_whole_number_amounts_grouped_in_thousands_are_money(
        tmp_path: Path, amounts: list[int]) -> None:
    """A headerless yen statement: date, text, the amount (grouped in thousands, or signed),
    the balance: integer columns are money when their cells look like money."""
    balance, lines = 5_000_000, []
    for n, amount in enumerate(amounts):
        balance += amount
        lines.append(f'2024/{1 + n // 28}/{1 + n % 28},Shop {n},"{amount:,}","{balance:,}"')
    result = parse_statement(_write(tmp_path, "yen.csv", lines), ParseOptions(currency="JPY"))
    assert list(result.frame["amount_minor"]) == amounts


def test_a_rising_balance_of_whole_numbers_is_found(tmp_path: Path) -> None:
    """Only deposits: the balance grouped in thousands rises on every row, and says the
    unsigned amounts are money in."""
    lines = ['2024/1/1,Shop 0,"1,000","5,001,000"', '2024/1/2,Shop 1,"1,000","5,002,000"',
             '2024/1/3,Shop 2,"1,000","5,003,000"']
    result = parse_statement(_write(tmp_path, "yen.csv", lines), ParseOptions(currency="JPY"))
    assert list(result.frame["amount_minor"]) == [1000, 1000, 1000]


def test_a_preamble_iban_beats_a_column_named_only_by_a_word(tmp_path: Path) -> None:
    lines = ["Estratto conto", "IBAN;IT60X0542811101000000123456", "",
             "Data;Descrizione;Conto o carta;Importo",
             "01/03/2024;Spesa;Conto 12345;-12,50", "04/03/2024;Affitto;Conto 12345;-700,00",
             "09/03/2024;Stipendio;Conto 12345;2000,00"]
    result = parse_statement(_write(tmp_path, "movimenti.csv", lines), EUR)
    assert set(result.frame["account"]) == {"IT60X0542811101000000123456"}
