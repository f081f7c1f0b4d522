"""Statements in languages and code pages the vocabulary first lacked: header words per role
(bg, el, he, is, sl, th, vi, ar, id, et, tr), Greek Χ/Π direction letters, local currency
names (TL, 新臺幣, Rp), and the opening/turnover/closing lines banks print inside the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon import money
from recon.dates import DateColumn, infer_date_column, looks_like_date
from recon.parsers import ParseOptions, parse_statement

USD = ParseOptions(currency="USD")


def _write(tmp: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_bulgarian_cp1251_debit_credit_balance(tmp_path: Path) -> None:
    text = ("Извлечение\nIBAN:;BG80STSA93000012345678\nВалута:;BGN\n\n"
            "Дата;Основание;Дебит;Кредит;Наличност\n"
            "03.05.2024;ПОКУПКА;48,90;;1 451,10\n"
            "06.05.2024;ЗАПЛАТА;;2 000,00;3 451,10\n"
            "07.05.2024;ТАКСА;1,10;;3 450,00\n")
    result = parse_statement(_write(tmp_path, "s.csv", text, "cp1251"), USD)
    assert result.frame["amount_minor"].tolist() == [-4890, 200000, -110]
    assert set(result.frame["currency"]) == {"BGN"}
    assert set(result.frame["account"]) == {"BG80STSA93000012345678"}


def test_greek_amount_with_debit_credit_letters(tmp_path: Path) -> None:
    text = ("Λογαριασμός:;5012-012345-678\nΝόμισμα:;EUR\n\n"
            "Ημερομηνία;Αιτιολογία;Ποσό;Χ/Π;Υπόλοιπο\n"
            "02/04/2024;ΑΓΟΡΑ;56,40;Χ;943,60\n"
            "10/04/2024;ΜΙΣΘΟΔΟΣΙΑ;1.450,00;Π;2.393,60\n"
            "15/04/2024;ΕΝΟΙΚΙΟ;1.250,00;Χ;1.143,60\n")
    result = parse_statement(_write(tmp_path, "s.csv", text, "cp1253"), USD)
    assert result.frame["amount_minor"].tolist() == [-5640, 145000, -125000]
    assert set(result.frame["currency"]) == {"EUR"}


@pytest.mark.parametrize(("label", "value", "code"), [
    ("Döviz Cinsi", "TL", "TRY"), ("幣別", "新臺幣", "TWD"), ("Kode Mata Uang", "Rp", "IDR"),
])
def test_a_local_currency_name_in_the_preamble(tmp_path: Path, label: str, value: str,
                                               code: str) -> None:
    text = (f"{label};{value}\n\nDate;Description;Amount\n"
            "01.03.2024;SHOP;-1250\n04.03.2024;SALARY;42500\n07.03.2024;FEE;-14\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert set(result.frame["currency"]) == {code}


def test_opening_turnover_and_closing_lines_are_not_transactions(tmp_path: Path) -> None:
    text = ('"Kliendi konto";"Kuupäev";"Selgitus";"Summa";"Valuuta";"Deebet/Kreedit"\n'
            '"EE38";"01.04.2024";"Algsaldo";"812,40";"EUR";"K"\n'
            '"EE38";"02.04.2024";"RIMI";"24,80";"EUR";"D"\n'
            '"EE38";"10.04.2024";"PALK";"2350,00";"EUR";"K"\n'
            '"EE38";"30.04.2024";"Käive";"24,80";"EUR";"D"\n'
            '"EE38";"30.04.2024";"Käive";"2350,00";"EUR";"K"\n'
            '"EE38";"30.04.2024";"lõppsaldo";"3137,60";"EUR";"K"\n')
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert result.frame["amount_minor"].tolist() == [-2480, 235000]
    assert set(result.frame["currency"]) == {"EUR"}
    assert len(result.rejected) == 4


def test_romanian_sold_initial_and_final_rows(tmp_path: Path) -> None:
    text = ("Cod IBAN:,RO49BTRL01301201234567XX\nMoneda:,RON\n\n"
            "Data tranzactie,Descriere,Debit,Credit,Sold contabil\n"
            '"2024-03-01","Sold initial","","","1,120.45"\n'
            '"2024-03-04","Plata POS","87.35","","1,033.10"\n'
            '"2024-03-12","Salariu","","7,850.00","8,883.10"\n'
            '"","Rulaj total cont","87.35","7,850.00",""\n'
            '"2024-03-31","Sold final","","","8,883.10"\n')
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert result.frame["amount_minor"].tolist() == [-8735, 785000]
    assert set(result.frame["currency"]) == {"RON"}


def test_a_currency_without_minor_units_reads_a_lone_dot_as_thousands(tmp_path: Path) -> None:
    text = ("Fecha;Descripción;Cargos ($);Abonos ($);Saldo ($)\n"
            "03/06/2024;COMPRA;$12.990;;$287.010\n"
            "10/06/2024;SUELDO;;$850.000;$1.137.010\n"
            "12/06/2024;LUZ;$28.450;;$1.108.560\n")
    path = _write(tmp_path, "s.csv", text)
    pesos = parse_statement(path, ParseOptions(currency="CLP"))
    assert pesos.frame["amount_minor"].tolist() == [-12990, 850000, -28450]
    assert set(pesos.frame["currency"]) == {"CLP"}  # "$" confirms the default of its family


@pytest.mark.parametrize(("values", "exponent", "mark"), [
    (["12.990", "-245.000"], 0, ","), (["12,990", "245,000"], 0, "."),
    (["12.990", "-245.000"], 2, "."), (["12.990", "1,50"], 0, ","),
    (["12.99", "245.000"], 0, "."), (["12.990"], None, "."),
    (["42,350", "-900,000"], 3, ","), (["42.350", "900.000"], 3, "."),
    (["42,350", "900,000"], 2, "."),  # two minor digits: a lone comma before three groups
    (["1 250,500"], 2, ","), (["12\u00a0480,75 EUR"], None, ","), (["1'234.50"], None, "."),
])
def test_the_exponent_decides_only_an_undecided_column(values: list[str], exponent: int | None,
                                                       mark: str) -> None:
    assert money.infer_decimal_mark(values, exponent) == mark


def test_the_balance_header_names_the_currency(tmp_path: Path) -> None:
    text = ("תאריך,תיאור הפעולה,חובה,זכות,יתרה בש''ח\n"
            '01/05/2024,שופרסל,"245.30",,"8,494.85"\n'
            '09/05/2024,משכורת,,"14,250.00","22,744.85"\n'
            '13/05/2024,העברה,"3,500.00",,"19,244.85"\n')
    result = parse_statement(_write(tmp_path, "s.csv", text, "cp1255"), USD)
    assert result.frame["amount_minor"].tolist() == [-24530, 1425000, -350000]
    assert set(result.frame["currency"]) == {"ILS"}


BODY = "\nDate,Description,Amount\n2024/03/01,SHOP,-85.40\n2024/03/06,SALARY,4210.55\n" \
       "2024/03/11,POWER,-189.23\n"


@pytest.mark.parametrize(("preamble", "account"), [
    ("Created: 04 April 2024\nBank 12; Branch 3456; Account 0123456-50 (Streamline)\n",
     "0123456-50"),
    ('="00050123456",Compte Bancaire,,\nSolde au 30/04/2024,"1 433,24 €",,\n', "00050123456"),
    ("Müşteri Adı Soyadı:,AHMET YILMAZ\nŞube / Hesap No:,1234 / 0567890\n", "0567890"),
])
def test_the_preamble_account_in_other_shapes(tmp_path: Path, preamble: str,
                                              account: str) -> None:
    result = parse_statement(_write(tmp_path, "s.csv", preamble + BODY), USD)
    assert set(result.frame["account"]) == {account}


def test_a_label_alone_takes_no_word_before_it(tmp_path: Path) -> None:
    text = "Jane Doe,Compte Bancaire,,\n" + BODY
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert set(result.frame["account"]) == {""}  # no account: the import names it by file


CARD = ("Transaction Date,Clearing Date,Description,Type,Amount (USD)\n"
        "05/01/2024,05/02/2024,UBER EATS,Purchase,{a}\n"
        "05/03/2024,05/04/2024,WHOLE FOODS,Purchase,{b}\n"
        "05/05/2024,05/05/2024,DAILY CASH ADJUSTMENT,Credit,{c}\n"
        "05/10/2024,05/10/2024,ACH DEPOSIT INTERNET TRANSFER,Payment,{d}\n"
        "05/12/2024,05/14/2024,SHELL OIL,Purchase,{e}\n")


def test_a_type_column_says_charges_are_printed_positive(tmp_path: Path) -> None:
    text = CARD.format(a="24.81", b="1086.42", c="-2.15", d="-500.00", e="48.20")
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert result.frame["amount_minor"].tolist() == [-2481, -108642, 215, 50000, -4820]
    assert [str(d)[:10] for d in result.frame["posted_date"]][::4] == ["2024-05-02",
                                                                       "2024-05-14"]
    assert any("Type column" in n for n in result.notes)
    assert not any("--sign" in w for w in result.warnings)


def test_a_type_column_agreeing_with_the_signs_keeps_them(tmp_path: Path) -> None:
    text = CARD.format(a="-24.81", b="-1086.42", c="2.15", d="500.00", e="-48.20")
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert result.frame["amount_minor"].tolist() == [-2481, -108642, 215, 50000, -4820]


def test_a_type_column_that_says_both_decides_nothing(tmp_path: Path) -> None:
    text = CARD.format(a="24.81", b="-1086.42", c="-2.15", d="-500.00", e="48.20")
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert not any("Type column" in n for n in result.notes)


def test_split_columns_with_a_fee_and_a_fee_only_row(tmp_path: Path) -> None:
    text = ("Posting Date,Description,Money In,Money Out,Fee,Balance\n"
            "2024-04-02,Shop,,-245.90,,3275.25\n"
            "2024-04-03,ATM,,-500.00,-10.00,2765.25\n"
            "2024-04-15,Salary,18750.00,,,21515.25\n"
            "2024-04-30,Monthly Account Admin Fee,,,-7.50,21507.75\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert result.frame["amount_minor"].tolist() == [-24590, -51000, 1875000, -750]
    assert not result.rejected


@pytest.mark.parametrize("header", ["Date,Details,Paid In,Withdrawn,Balance",
                                    "帳務日期,說明,存入,提出,餘額"])
def test_more_split_column_words(tmp_path: Path, header: str) -> None:
    text = (header + "\n2024-03-01,A,,\"1,250\",\"17,095\"\n2024-03-05,B,\"52,000\",,\"69,095\"\n"
            "2024-03-09,C,,\"2,680\",\"66,415\"\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert result.frame["amount_minor"].tolist() == [-125000, 5200000, -268000]


def test_an_arabic_cp1256_statement(tmp_path: Path) -> None:
    text = ("رقم الحساب,123608010123456\nالعملة,SAR\n\nالتاريخ,الوصف,مدين,دائن,الرصيد\n"
            '2024/03/03,"شراء - بنده","215.75","0.00","4,904.25"\n'
            '2024/03/27,"راتب - شركة","0.00","16,800.00","21,704.25"\n'
            '2024/03/30,"شراء انترنت","88.50","0.00","21,615.75"\n')
    result = parse_statement(_write(tmp_path, "s.csv", text, "cp1256"), USD)
    assert result.encoding == "cp1256"
    assert result.frame["amount_minor"].tolist() == [-21575, 1680000, -8850]
    assert set(result.frame["currency"]) == {"SAR"}
    assert set(result.frame["account"]) == {"123608010123456"}


@pytest.mark.parametrize(("text", "iso"), [
    ("Jun 27, 2024", "2024-06-27"), ("June 4 2024", "2024-06-04"), ("Sept. 3, 2023", "2023-09-03"),
])
def test_a_month_name_before_the_day(text: str, iso: str) -> None:
    assert infer_date_column([text]).parse(text).isoformat() == iso


def test_a_word_that_is_no_month_opens_no_date() -> None:
    assert not looks_like_date("Invoice 12, 2024")


def test_month_name_dates_newest_first(tmp_path: Path) -> None:
    text = ('Transaction Date,Description,Debit,Credit,Running Balance\n'
            '"Jun 27, 2024",POS,"849.75",,"25,125.85"\n'
            '"Jun 15, 2024",PAYROLL,,"32,500.00","25,975.60"\n'
            '"Jun 04, 2024",MERALCO,"3,500.00",,"-6,524.40"\n')
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert [str(d)[:10] for d in result.frame["posted_date"]] == ["2024-06-27", "2024-06-15",
                                                                  "2024-06-04"]
    assert result.frame["amount_minor"].tolist() == [-84975, 3250000, -350000]


YEARLESS = ("No. rekening : 1234567890\nPeriode : 01/03/2024 - 31/03/2024\n\n"
            "Tanggal Transaksi,Keterangan,Jumlah,,Saldo\n"
            "{d1},SHOP,\"150,000.00\",DB,\"2,195,678.90\"\n"
            "{d2},ATM,\"50,000.00\",DB,\"2,145,678.90\"\n"
            "{d3},SALARY,\"8,500,000.00\",CR,\"10,645,678.90\"\n"
            "PEND,KARTU DEBIT,\"42,000.00\",DB,\n\n"
            "Saldo Awal : \"2,345,678.90\"\nSaldo Akhir : \"10,645,678.90\"\n")


@pytest.mark.parametrize(("dates", "iso"), [
    (("'04/03", "'06/03", "'11/03"), ["2024-03-04", "2024-03-06", "2024-03-11"]),
    (("03/04", "03/06", "03/11"), ["2024-03-04", "2024-03-06", "2024-03-11"]),
])
def test_year_less_dates_take_one_order_for_the_column(tmp_path: Path, dates: tuple[str, ...],
                                                       iso: list[str]) -> None:
    text = YEARLESS.format(d1=dates[0], d2=dates[1], d3=dates[2])
    result = parse_statement(_write(tmp_path, "s.csv", text), USD)
    assert [str(d)[:10] for d in result.frame["posted_date"]] == iso
    assert result.frame["amount_minor"].tolist() == [-15000000, -5000000, 850000000]
    assert any("PEND" in r.text for r in result.rejected)


def test_digits_grouped_by_spaces_and_three_minor_digits_read_as_millimes(tmp_path: Path) -> None:
    """A three-decimal currency printed with a comma and space-grouped thousands: the
    comma after a space group is the decimal mark (the balance shows it where the amounts
    alone, one comma and three digits each, do not)."""
    text = ("Date;Libellé;Débit;Crédit;Solde\n"
            "02/04/2024;CARTE EPICERIE;17,250;;2 310,400\n"
            "05/04/2024;VIREMENT RECU;;1 500,000;3 810,400\n"
            "09/04/2024;FACTURE EAU;64,125;;3 746,275\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), ParseOptions(currency="TND"))
    assert result.frame["amount_minor"].tolist() == [-17250, 1500000, -64125]


def test_buddhist_era_years_are_read_as_gregorian_ones(tmp_path: Path) -> None:
    """Thai statements date in the Buddhist era (2567 is 2024, whose 29 February exists): a
    year no Gregorian statement has is read in that era, in bulk and row by row, and said."""
    rows = "".join(f"{d}/2567,รายการ {i},{i + 1}0.00,,\n"
                   for i, d in enumerate(["28/02", "29/02", "05/03"]))
    text = "วันที่,รายการ,ถอนเงิน,ฝากเงิน,ยอดคงเหลือ\n" + rows
    result = parse_statement(_write(tmp_path, "s.csv", text), ParseOptions(currency="THB"))
    assert [d.isoformat() for d in result.frame["posted_date"]] == [
        "2024-02-28", "2024-02-29", "2024-03-05"]
    assert any("Buddhist calendar: 2567 is read as 2024" in n for n in result.notes)
    big = "วันที่,รายการ,ถอนเงิน\n" + "".join(
        f"{1 + i % 28:02d}/0{1 + i % 9}/2566,X {i},1.00\n" for i in range(6000))
    bulk = parse_statement(_write(tmp_path, "big.csv", big), ParseOptions(currency="THB"))
    assert {d.year for d in bulk.frame["posted_date"]} == {2023}


@pytest.mark.parametrize(("text", "order", "iso"), [
    ("01 martie 2024", "DMY", "2024-03-01"), ("7 noiembrie 2024", "DMY", "2024-11-07"),
    ("5 października 2023", "DMY", "2023-10-05"), ("12 března 2024", "DMY", "2024-03-12"),
    ("3 Şubat 2024", "DMY", "2024-02-03"), ("15 Agustus 2024", "DMY", "2024-08-15"),
    ("2024. márc. 5.", "YMD", "2024-03-05"), ("9 fev 2024", "DMY", "2024-02-09"),
    ("30 maj 2024", "DMY", "2024-05-30"), ("Jun 27, 2024", "MDY", "2024-06-27"),
])
def test_month_names_in_more_languages(text: str, order: str, iso: str) -> None:
    assert DateColumn(order).parse(text).isoformat() == iso


def test_a_word_that_is_no_month_is_no_date() -> None:
    with pytest.raises(ValueError, match="month"):
        DateColumn("DMY").parse("12 transfers 2024")


def test_a_romanian_statement_with_month_names_imports(tmp_path: Path) -> None:
    text = ("Data,Detalii,Debit,Credit\n01 martie 2024,PLATA POS,\"45,60\",\n"
            "05 martie 2024,SALARIU,,\"6.120,00\"\n17 aprilie 2024,CHIRIE,\"1.800,00\",\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), ParseOptions(currency="RON"))
    assert [d.isoformat() for d in result.frame["posted_date"]] == [
        "2024-03-01", "2024-03-05", "2024-04-17"]
    assert result.frame["amount_minor"].tolist() == [-4560, 612000, -180000]


def test_minguo_years_are_read_as_gregorian_ones(tmp_path: Path) -> None:
    """Taiwanese statements date in the Minguo (ROC) calendar with three-digit years (113 is
    2024): read plus 1911, and said."""
    text = ("交易日期,摘要,支出,存入,餘額\n113/03/02,消費,\"1,280\",,\"37,172\"\n"
            "113/03/05,薪資,,\"52,000\",\"89,172\"\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), ParseOptions(currency="TWD"))
    assert [d.isoformat() for d in result.frame["posted_date"]] == ["2024-03-02", "2024-03-05"]
    assert any("Minguo (ROC) calendar: 113 is read as 2024" in n for n in result.notes)


def test_a_currency_column_after_an_original_amount_is_that_amounts(tmp_path: Path) -> None:
    """A card payment's original amount and its currency beside the account's amount: the
    currency column names the original's currency, not the amount's (the CZK amount of a
    EUR payment was stored as EUR)."""
    text = ("Datum;Popis;Částka;Původní částka;Původní měna\n"
            "11.03.2024;PLATBA KARTOU STREAMING;-256,40;-10,00;EUR\n"
            "15.03.2024;MZDA;48 250,00;;\n20.03.2024;NÁKUP;-1 890,00;;\n")
    result = parse_statement(_write(tmp_path, "s.csv", text), ParseOptions(currency="CZK"))
    assert result.frame["amount_minor"].tolist() == [-25640, 4825000, -189000]
    assert set(result.frame["currency"]) == {"CZK"}
