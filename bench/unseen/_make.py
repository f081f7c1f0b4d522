"""Writes the held-out statement files of ``bench/unseen/`` and ``EXPECTED.tsv``.

The expected date is the posting date where a file has both a transaction and a posting
date (recon's ``posted_date``, DESIGN.md). Each file is written in the shape its bank or card issuer exports (header words, preamble,
encoding, delimiter, number and date style) from a list of transactions; balances are computed,
so every balance column reconciles. ``python bench/unseen/_make.py`` rewrites them all.
The ``set`` column splits the files by a fixed rule that holds for each file on its own
(crc32 of the file name: even dev, odd held):
mechanisms may be fixed on the dev half; the held half is only measured.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = Decimal


@dataclass
class Spec:
    name: str
    data: bytes
    txns: list[tuple[dt.date, Decimal]]  # the expected transactions, in file order
    currency: str
    named: bool  # the file itself names its currency (code, unambiguous symbol, preamble)
    account: str = ""  # the statement's own account as the file names it ("" none)
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


SPECS: list[Spec] = []


def add(name: str, text: str | bytes, txns: list[tuple[dt.date, Decimal]], currency: str,
        named: bool, account: str = "", note: str = "", encoding: str = "utf-8") -> None:
    data = text if isinstance(text, bytes) else text.encode(encoding)
    SPECS.append(Spec(name, data, txns, currency, named, account, note))


def iban(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def us(x: Decimal, thousands: bool = True, plus: bool = False) -> str:
    s = f"{abs(x):,.2f}" if thousands else f"{abs(x):.2f}"
    return ("-" if x < 0 else ("+" if plus and x > 0 else "")) + s


def eu(x: Decimal, sep: str = ".", plus: bool = False, decimals: int = 2) -> str:
    s = f"{abs(x):,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", sep)
    return ("-" if x < 0 else ("+" if plus and x > 0 else "")) + s


def running(opening: Decimal, amounts: list[Decimal]) -> list[Decimal]:
    out, bal = [], opening
    for a in amounts:
        bal += a
        out.append(bal)
    return out


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


def csv_line(cells: list[str], sep: str = ",", quote_all: bool = False) -> str:
    out = []
    for c in cells:
        if quote_all or sep in c or '"' in c or "\n" in c:
            out.append('"' + c.replace('"', '""') + '"')
        else:
            out.append(c)
    return sep.join(out)


# ----------------------------------------------------------------------------- US

def us_amex() -> None:
    rows = [(d(2024, 1, 28), "NETFLIX.COM          LOS GATOS           CA", D("15.49")),
            (d(2024, 1, 25), "AUTOPAY PAYMENT - THANK YOU", D("-1250.00")),
            (d(2024, 1, 22), "WHOLEFDS MKT 10234   AUSTIN              TX", D("87.31")),
            (d(2024, 1, 19), "SPOTIFY USA          NEW YORK            NY", D("11.99")),
            (d(2024, 1, 15), "UBER   *TRIP         HELP.UBER.COM       CA", D("23.40")),
            (d(2024, 1, 11), "AMAZON.COM*RT4KL2    AMZN.COM/BILL       WA", D("1042.17")),
            (d(2024, 1, 8), "SHELL OIL 57444      AUSTIN              TX", D("48.02")),
            (d(2024, 1, 3), "ADOBE  *ACROPRO SUBS ADOBE.LY/ENUS       CA", D("19.99"))]
    lines = ["Date,Description,Card Member,Account #,Amount"]
    for day, desc, amt in rows:
        lines.append(csv_line([day.strftime("%m/%d/%Y"), desc, "JANE Q DOE", "-71004",
                               us(amt, thousands=False)]))
    add("us_amex_card.csv", "\n".join(lines) + "\n", [(r[0], -r[2]) for r in rows], "USD",
        False, "71004", "card export: charges positive, one payment negative")


def us_discover() -> None:
    rows = [(d(2024, 2, 2), d(2024, 2, 2), "HULU 877-8244858 CA", D("17.99"), "Services"),
            (d(2024, 2, 4), d(2024, 2, 5), "TRADER JOE S #552 QPS AUSTIN TX", D("64.12"),
             "Supermarkets"),
            (d(2024, 2, 9), d(2024, 2, 10), "CHEVRON 0209811 AUSTIN TX", D("41.75"),
             "Gasoline"),
            (d(2024, 2, 14), d(2024, 2, 15), "OPENTABLE*UCHIKO AUSTIN TX", D("212.60"),
             "Restaurants"),
            (d(2024, 2, 20), d(2024, 2, 20), "APPLE.COM/BILL 866-712-7753 CA", D("2.99"),
             "Services"),
            (d(2024, 2, 26), d(2024, 2, 27), "TARGET 00028712 AUSTIN TX", D("33.08"),
             "Merchandise")]
    lines = ["Trans. Date,Post Date,Description,Amount,Category"]
    for t, p, desc, amt, cat in rows:
        lines.append(csv_line([t.strftime("%m/%d/%Y"), p.strftime("%m/%d/%Y"), desc,
                               f"{amt:.2f}", cat]))
    add("us_discover_card.csv", "\r\n".join(lines) + "\r\n", [(r[1], -r[3]) for r in rows],
        "USD", False, "", "card export: charges positive, no payment row in the period")


def us_capitalone() -> None:
    rows = [(d(2024, 3, 2), "DROPBOX*8XK2J1", "Other Services", D("11.99"), None),
            (d(2024, 3, 5), "KROGER #418", "Grocery", D("102.45"), None),
            (d(2024, 3, 8), "CAPITAL ONE MOBILE PYMT", "Payment/Credit", None, D("350.00")),
            (d(2024, 3, 12), "NYTIMES*NYTDIGITAL", "Other Services", D("4.25"), None),
            (d(2024, 3, 16), "AMZN Mktp US*2K4", "Merchandise", None, D("18.99")),
            (d(2024, 3, 21), "EXXONMOBIL 4411", "Gas/Automotive", D("38.10"), None),
            (d(2024, 3, 29), "PLANET FITNESS", "Health Care", D("24.99"), None)]
    lines = ["Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit"]
    for day, desc, cat, deb, cre in rows:
        post = day + dt.timedelta(days=1)
        lines.append(csv_line([day.isoformat(), post.isoformat(), "5521", desc, cat,
                               f"{deb:.2f}" if deb else "", f"{cre:.2f}" if cre else ""]))
    add("us_capitalone_card.csv", "\n".join(lines) + "\n",
        [(r[0] + dt.timedelta(days=1), -r[3] if r[3] else r[4]) for r in rows], "USD", False,
        "5521",
        "card: Debit/Credit columns both positive, ISO dates")


def us_citi() -> None:
    rows = [(d(2024, 4, 1), "DISNEY PLUS 888-905-7888 CA", D("13.99")),
            (d(2024, 4, 4), "SAFEWAY #1623 SAN JOSE CA", D("76.48")),
            (d(2024, 4, 9), "ONLINE PAYMENT, THANK YOU", D("-640.00")),
            (d(2024, 4, 13), "CHIPOTLE 1284 SAN JOSE CA", D("14.35")),
            (d(2024, 4, 18), "RETURN: BESTBUY 00012 SAN JOSE", D("-49.99")),
            (d(2024, 4, 22), "GOOGLE *YouTube Premium g.co/helppay# CA", D("13.99")),
            (d(2024, 4, 27), "COSTCO WHSE #0144 SAN JOSE CA", D("1,211.03".replace(",", "")))]
    lines = ["Status,Date,Description,Debit,Credit"]
    for day, desc, amt in rows:
        deb = f"{amt:,.2f}" if amt > 0 else ""
        cre = f"{amt:,.2f}" if amt < 0 else ""
        lines.append(csv_line(["Cleared", day.strftime("%m/%d/%Y"), desc, deb, cre],
                              quote_all=False))
    add("us_citi_card.csv", "\n".join(lines) + "\n", [(r[0], -r[2]) for r in rows], "USD",
        False, "", "card: Debit positive, Credit column printed negative, thousands in quotes")


def us_chase_checking() -> None:
    rows = [(d(2024, 5, 1), "DEBIT", "COMCAST XFINITY 800-266-2278 CA", D("-89.99"),
             "ACH_DEBIT"),
            (d(2024, 5, 3), "CREDIT", "ACME CORP PAYROLL PPD ID: 1234567890", D("2450.00"),
             "ACH_CREDIT"),
            (d(2024, 5, 6), "DEBIT", "NETFLIX.COM NETFLIX.COM CA", D("-15.49"), "DEBIT_CARD"),
            (d(2024, 5, 9), "DEBIT", "Zelle payment to JOHN SMITH 19283", D("-120.00"),
             "QUICKPAY_DEBIT"),
            (d(2024, 5, 14), "CHECK", "CHECK 1043", D("-1,500.00".replace(",", "")),
             "CHECK_PAID"),
            (d(2024, 5, 20), "DEBIT", "GEICO AUTO 800-841-3000 DC", D("-132.70"), "ACH_DEBIT"),
            (d(2024, 5, 28), "CREDIT", "REMOTE ONLINE DEPOSIT 1", D("75.00"), "CHECK_DEPOSIT")]
    bals = running(D("3210.55"), [r[3] for r in rows])
    lines = ["Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,"]
    for (day, det, desc, amt, typ), bal in reversed(list(zip(rows, bals, strict=False))):
        check = "1043" if typ == "CHECK_PAID" else ""
        lines.append(csv_line([det, day.strftime("%m/%d/%Y"), desc, f"{amt:.2f}", typ,
                               f"{bal:.2f}", check, ""]))
    txns = [(r[0], r[3]) for r in reversed(rows)]
    add("us_chase_checking.csv", "\n".join(lines) + "\n", txns, "USD", False, "",
        "newest first, running balance, trailing comma on every line")


def us_wellsfargo() -> None:
    rows = [(d(2024, 6, 28), D("-54.21"), "PURCHASE AUTHORIZED ON 06/27 SAFEWAY #1709 S"),
            (d(2024, 6, 27), D("-9.99"), "RECURRING PAYMENT AUTHORIZED ON 06/26 HBO MAX"),
            (d(2024, 6, 25), D("1830.44"), "ACME INC DIR DEP 240625 XXXXX1234 DOE JANE"),
            (d(2024, 6, 20), D("-700.00"), "ONLINE TRANSFER TO DOE J SAVINGS REF #IB0KQ"),
            (d(2024, 6, 14), D("-42.18"), "PURCHASE AUTHORIZED ON 06/13 SHELL OIL 5744"),
            (d(2024, 6, 3), D("-1450.00"), "BILT RENT PAYMENT 240603 JANE DOE")]
    lines = [csv_line([day.strftime("%m/%d/%Y"), f"{amt:.2f}", "*", "", desc], quote_all=True)
             for day, amt, desc in rows]
    add("us_wellsfargo_checking.csv", "\r\n".join(lines) + "\r\n",
        [(r[0], r[1]) for r in rows], "USD", False, "",
        "headerless: date, amount, '*', empty check number, description")


def us_bofa() -> None:
    rows = [(d(2024, 7, 2), "PAYROLL ACME CORP DES:PAYROLL ID:XXXXX", D("2000.00")),
            (d(2024, 7, 5), "SPOTIFY USA 07/04 PURCHASE 877-7781161 NY", D("-11.99")),
            (d(2024, 7, 9), "PG&E DES:WEB ONLINE ID:XXXXX INDN:DOE", D("-143.22")),
            (d(2024, 7, 15), "Online Banking transfer to SAV 4411 Confirmation# 2KQ",
             D("-250.00")),
            (d(2024, 7, 22), "CVS/PHARMACY #09811 07/21 PURCHASE OAKLAND CA", D("-27.43")),
            (d(2024, 7, 30), "Zelle Transfer Conf# c1k2j3; SMITH, ANNA", D("60.00"))]
    opening = D("1234.56")
    bals = running(opening, [r[2] for r in rows])
    credits = sum(r[2] for r in rows if r[2] > 0)
    debits = sum(r[2] for r in rows if r[2] < 0)
    lines = ["Description,,Summary Amt.",
             csv_line(["Beginning balance as of 07/01/2024", "", us(opening)]),
             csv_line(["Total credits", "", us(credits)]),
             csv_line(["Total debits", "", us(debits)]),
             csv_line(["Ending balance as of 07/31/2024", "", us(bals[-1])]),
             "",
             "Date,Description,Amount,Running Bal.",
             csv_line(["07/01/2024", "Beginning balance as of 07/01/2024", "", us(opening)],
                      quote_all=True)]
    for (day, desc, amt), bal in zip(rows, bals, strict=False):
        lines.append(csv_line([day.strftime("%m/%d/%Y"), desc, us(amt), us(bal)],
                              quote_all=True))
    add("us_bofa_checking.csv", "\r\n".join(lines) + "\r\n", [(r[0], r[2]) for r in rows],
        "USD", False, "", "summary preamble; 'Beginning balance' row with no amount")


def us_credit_union() -> None:
    rows = [(d(2024, 8, 1), "", "ACH DEBIT STATE FARM INSURANCE", D("96.40"), None),
            (d(2024, 8, 2), "", "DEPOSIT ACH EMPLOYER PAYROLL", None, D("1912.33")),
            (d(2024, 8, 6), "1204", "CHECK 1204", D("300.00"), None),
            (d(2024, 8, 11), "", "POS PURCHASE HEB #592 ROUND ROCK TX", D("88.15"), None),
            (d(2024, 8, 17), "", "DIVIDEND", None, D("0.42")),
            (d(2024, 8, 24), "", "ACH DEBIT PLANET FITNESS CLUB FEES", D("10.00"), None)]
    amts = [-r[3] if r[3] is not None else D(str(r[4]).replace(",", "")) for r in rows]
    bals = running(D("845.10"), amts)
    lines = ['"Account Number","Post Date","Check","Description","Debit","Credit","Status",'
             '"Balance"']
    for (day, chk, desc, deb, cre), bal in zip(rows, bals, strict=False):
        lines.append(csv_line(["000123456789", day.strftime("%-m/%-d/%Y"), chk, desc,
                               f"{deb:.2f}" if deb else "", str(cre) if cre else "",
                               "Posted", f"{bal:,.2f}"], quote_all=True))
    add("us_creditunion_checking.csv", "\n".join(lines) + "\n",
        list(zip([r[0] for r in rows], amts, strict=False)), "USD", False, "000123456789",
        "Debit/Credit positive columns, Status, running balance, M/D/YYYY without padding")


def us_chase_card() -> None:
    rows = [(d(2024, 9, 28), "Payment Thank You-Mobile", "", "Payment", D("512.40")),
            (d(2024, 9, 26), "PELOTON* MEMBERSHIP", "Health & Wellness", "Sale", D("-44.00")),
            (d(2024, 9, 21), "STARBUCKS STORE 05012", "Food & Drink", "Sale", D("-6.45")),
            (d(2024, 9, 15), "AMAZON MKTPL*ZT3QJ1", "Shopping", "Return", D("24.99")),
            (d(2024, 9, 11), "AMAZON MKTPL*ZT3QJ1", "Shopping", "Sale", D("-24.99")),
            (d(2024, 9, 4), "LYFT   *RIDE WED 11AM", "Travel", "Sale", D("-18.73"))]
    lines = ["Transaction Date,Post Date,Description,Category,Type,Amount,Memo"]
    for day, desc, cat, typ, amt in rows:
        lines.append(csv_line([day.strftime("%m/%d/%Y"),
                               (day + dt.timedelta(days=1)).strftime("%m/%d/%Y"), desc, cat,
                               typ, f"{amt:.2f}", ""]))
    add("us_chase_card.csv", "\n".join(lines) + "\n",
        [(r[0] + dt.timedelta(days=1), r[4]) for r in rows], "USD",
        False, "", "card export that prints charges negative (Sale) and payments positive")


def us_paypal() -> None:
    rows = [(d(2024, 10, 2), "10:14:07", "Spotify USA Inc", "PreApproved Payment Bill User "
             "Payment", D("-11.99"), D("0.00")),
            (d(2024, 10, 5), "16:40:55", "Bank Account", "General Credit Card Deposit",
             D("11.99"), D("0.00")),
            (d(2024, 10, 9), "09:02:31", "Maria Lopez", "General Payment", D("150.00"),
             D("-4.65")),
            (d(2024, 10, 14), "21:17:48", "eBay Inc", "Express Checkout Payment",
             D("-42.50"), D("0.00")),
            (d(2024, 10, 22), "13:05:12", "Bank Account", "General Withdrawal",
             D("-145.35"), D("0.00"))]
    cols = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee",
            "Net", "From Email Address", "To Email Address", "Transaction ID",
            "Balance", "Balance Impact"]
    bals = running(D("0.00"), [g + f for *_, g, f in rows])
    lines = [csv_line(cols, quote_all=True)]
    for (day, tm, name, typ, gross, fee), bal in zip(rows, bals, strict=False):
        net = gross + fee
        lines.append(csv_line([day.strftime("%m/%d/%Y"), tm, "PDT", name, typ, "Completed",
                               "USD", us(gross), us(fee), us(net), "jane@example.com",
                               "", f"9X{zlib.crc32(name.encode()):014d}", us(bal),
                               "Credit" if net > 0 else "Debit"], quote_all=True))
    text = "\ufeff" + "\n".join(lines) + "\n"
    add("us_paypal.csv", text, [(r[0], r[4] + r[5]) for r in rows], "USD", True, "",
        "Gross/Fee/Net: the money that moved is Net; BOM; Balance column")


# ----------------------------------------------------------------------------- UK

def uk_monzo() -> None:
    rows = [(d(2024, 1, 3), "08:12:44", "Card payment", "Pret A Manger", "eating_out",
             D("-4.35")),
            (d(2024, 1, 5), "17:02:10", "Faster payment", "ACME LTD", "income",
             D("2100.00")),
            (d(2024, 1, 8), "00:00:00", "Direct Debit", "Octopus Energy", "bills",
             D("-96.00")),
            (d(2024, 1, 12), "19:45:31", "Card payment", "Netflix", "entertainment",
             D("-10.99")),
            (d(2024, 1, 19), "12:30:02", "Pot transfer", "Savings", "savings",
             D("-200.00")),
            (d(2024, 1, 27), "09:15:18", "Card payment", "Tesco", "groceries", D("-38.72"))]
    cols = ["Transaction ID", "Date", "Time", "Type", "Name", "Emoji", "Category", "Amount",
            "Currency", "Local amount", "Local currency", "Notes and #tags", "Address",
            "Receipt", "Description", "Category split", "Money Out", "Money In"]
    lines = [",".join(cols)]
    for n, (day, tm, typ, name, cat, amt) in enumerate(rows):
        lines.append(csv_line([f"tx_0000A{n}bQ7xk2Lm", day.strftime("%d/%m/%Y"), tm, typ,
                               name, "", cat, f"{amt:.2f}", "GBP", f"{amt:.2f}", "GBP", "",
                               "", "", name.upper(), "",
                               f"{amt:.2f}" if amt < 0 else "",
                               f"{amt:.2f}" if amt > 0 else ""]))
    add("uk_monzo.csv", "\n".join(lines) + "\n", [(r[0], r[5]) for r in rows], "GBP", True,
        "", "Amount plus Money Out (negative) / Money In columns, Time column")


def uk_starling() -> None:
    rows = [(d(2024, 2, 1), "Opening Balance", "", "", None),
            (d(2024, 2, 2), "Amazon Prime", "Amazon Prime*2K1", "CARD SUBSCRIPTION",
             D("-8.99")),
            (d(2024, 2, 6), "J SMITH", "Rent share", "FASTER PAYMENT", D("450.00")),
            (d(2024, 2, 9), "Sainsbury's", "SAINSBURYS S/MKTS", "CONTACTLESS", D("-23.15")),
            (d(2024, 2, 15), "Thames Water", "DD REF 88812", "DIRECT DEBIT", D("-42.00")),
            (d(2024, 2, 23), "Three", "THREE UK", "DIRECT DEBIT", D("-16.00"))]
    lines = ["Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),"
             "Spending Category,Notes"]
    bal = D("612.40")
    for day, cp, ref, typ, amt in rows:
        if amt is None:
            lines.append(csv_line([day.strftime("%d/%m/%Y"), cp, ref, typ, "0.00",
                                   f"{bal:.2f}", "", ""]))
            continue
        bal += amt
        lines.append(csv_line([day.strftime("%d/%m/%Y"), cp, ref, typ, f"{amt:.2f}",
                               f"{bal:.2f}", "GENERAL", ""]))
    add("uk_starling.csv", "\n".join(lines) + "\n",
        [(r[0], r[4]) for r in rows if r[4] is not None], "GBP", True, "",
        "Opening Balance row of 0.00 (not a transaction), 'Amount (GBP)' header")


def uk_barclays() -> None:
    rows = [(d(2024, 3, 28), D("-9.99"), "DIRECTDEBIT", "NETFLIX.COM            \tNETFLIX.COM"),
            (d(2024, 3, 25), D("2350.00"), "COUNTER CREDIT", "ACME LTD SALARY"),
            (d(2024, 3, 20), D("-61.20"), "PAYMENT", "TESCO STORES 2231   ON 19 MAR CPM"),
            (d(2024, 3, 14), D("-1,150.00".replace(",", "")), "STANDING ORDER",
             "LANDLORD PROPS       RENT MARCH"),
            (d(2024, 3, 9), D("-34.99"), "DIRECTDEBIT", "SKY DIGITAL          8841234"),
            (d(2024, 3, 2), D("-5.60"), "PAYMENT", "TFL TRAVEL CH       ON 01 MAR BCC")]
    lines = ["Number,Date,Account,Amount,Subcategory,Memo"]
    for day, amt, sub, memo in rows:
        lines.append(" ," + csv_line([day.strftime("%d/%m/%Y"), "20-32-06 13152170",
                                      f"{amt:.2f}", sub, memo]))
    add("uk_barclays.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "GBP",
        False, "13152170", "blank Number, constant Account (sort code + number), tab in Memo")


def uk_hsbc() -> None:
    rows = [(d(2024, 4, 29), "NETFLIX.COM               AMSTERDAM", D("-10.99")),
            (d(2024, 4, 26), "ACME LTD                  SALARY", D("2640.00")),
            (d(2024, 4, 22), "WAITROSE 744              LONDON", D("-52.31")),
            (d(2024, 4, 15), "BRITISH GAS               DD", D("-88.00")),
            (d(2024, 4, 10), "AMAZON UK RETAIL          AMAZON.CO.UK", D("-1024.99")),
            (d(2024, 4, 4), "CASH CASHPOINT 04APR      LONDON", D("-40.00")),
            (d(2024, 4, 2), "J SMITH                   REFUND", D("15.00"))]
    lines = []
    for day, desc, amt in rows:
        lines.append(csv_line([day.strftime("%d/%m/%Y"), desc, f"{amt:,.2f}"]))
    add("uk_hsbc.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "GBP", False,
        "", "headerless date, description, amount with thousands separators in quotes")


def uk_nationwide() -> None:
    rows = [(d(2024, 5, 2), "Direct debit", "NETFLIX.COM", D("-10.99")),
            (d(2024, 5, 3), "Bank credit ACME LTD", "ACME LTD SALARY", D("2210.50")),
            (d(2024, 5, 7), "Contactless Payment", "CO-OP GROUP 070 , LEEDS", D("-14.20")),
            (d(2024, 5, 13), "Payment to", "Council Tax", D("-151.00")),
            (d(2024, 5, 20), "Visa purchase", "TRAINLINE.COM , LONDON", D("-1065.40")),
            (d(2024, 5, 27), "Transfer from", "Savings ****4321", D("300.00"))]
    rows = [(a, b, c, D(str(x).replace(",", ""))) for a, b, c, x in rows]
    bals = running(D("1018.77"), [r[3] for r in rows])
    lines = ['"Account Name:","FlexAccount ****12345"',
             f'"Account Balance:","£{bals[-1]:,.2f}"',
             f'"Available Balance: ","£{bals[-1]:,.2f}"',
             "",
             '"Date","Transaction type","Description","Paid out","Paid in","Balance"']
    for (day, typ, desc, amt), bal in zip(rows, bals, strict=False):
        out = f"£{-amt:,.2f}" if amt < 0 else ""
        inn = f"£{amt:,.2f}" if amt > 0 else ""
        lines.append(csv_line([day.strftime("%d %b %Y"), typ, desc, out, inn,
                               f"£{bal:,.2f}"], quote_all=True))
    add("uk_nationwide.csv", "\r\n".join(lines) + "\r\n", [(r[0], r[3]) for r in rows], "GBP",
        True, "12345", "Windows-1252 £ in every money cell, Paid out/Paid in, preamble",
        encoding="cp1252")


def uk_lloyds() -> None:
    rows = [(d(2024, 6, 27), "DD", "VIRGIN MEDIA PYMTS", D("-58.00")),
            (d(2024, 6, 25), "BGC", "ACME LTD SALARY", D("1980.00")),
            (d(2024, 6, 21), "DEB", "SPOTIFY P12AB3CD4E", D("-11.99")),
            (d(2024, 6, 14), "FPO", "J SMITH RENT", D("-725.00")),
            (d(2024, 6, 8), "DEB", "ASDA STORES 4411 CD 1234", D("-47.36")),
            (d(2024, 6, 3), "FPI", "HMRC TAX REFUND", D("112.50"))]
    asc = list(reversed(rows))
    bals = dict(zip([r[0] for r in asc], running(D("402.18"), [r[3] for r in asc]), strict=False))
    lines = ["Transaction Date,Transaction Type,Sort Code,Account Number,"
             "Transaction Description,Debit Amount,Credit Amount,Balance"]
    for day, typ, desc, amt in rows:
        lines.append(csv_line([day.strftime("%d/%m/%Y"), typ, "'30-94-57", "12345678", desc,
                               f"{-amt:.2f}" if amt < 0 else "",
                               f"{amt:.2f}" if amt > 0 else "", f"{bals[day]:.2f}"]))
    add("uk_lloyds.csv", "\n".join(lines) + "\n", [(r[0], r[3]) for r in rows], "GBP", False,
        "12345678", "newest first, Debit/Credit Amount, sort code with a leading apostrophe")


# ----------------------------------------------------------------------------- DE

OWN_DE = iban("DE", "12030000" + "1020304050")


def de_dkb() -> None:
    rows = [(d(2024, 1, 31), "Netflix International B.V.", "Netflix Abo 01/2024", "Ausgang",
             iban("NL", "ABNA0417164300"), D("-12.99")),
            (d(2024, 1, 29), "ACME GmbH", "Gehalt Januar 2024", "Eingang",
             iban("DE", "500105175407324931"), D("3.125,40".replace(".", "").replace(",", "."))),
            (d(2024, 1, 22), "REWE Markt GmbH", "REWE SAGT DANKE 44812", "Ausgang",
             iban("DE", "370400440532013000"), D("-64.18")),
            (d(2024, 1, 15), "Stadtwerke Muenchen", "Abschlag Strom", "Ausgang",
             iban("DE", "701500000000203041"), D("-1.240,00".replace(".", "").replace(",", "."))),
            (d(2024, 1, 8), "Max Mustermann", "Miete Anteil", "Eingang",
             iban("DE", "120300001111222233"), D("450.00")),
            (d(2024, 1, 3), "Spotify AB", "Spotify P2A9C1", "Ausgang",
             iban("SE", "35500000000054910000003"), D("-10.99"))]
    lines = [f'"Girokonto";"{OWN_DE}"', '""', '"Kontostand vom 31.01.2024:";"2.410,37 €"',
             '""',
             '"Buchungsdatum";"Wertstellung";"Status";"Zahlungspflichtige*r";'
             '"Zahlungsempfänger*in";"Verwendungszweck";"Umsatztyp";"IBAN";"Betrag (€)";'
             '"Gläubiger-ID";"Mandatsreferenz";"Kundenreferenz"']
    for day, who, purpose, typ, ib, amt in rows:
        payer, payee = ("Max Mustermann", who) if amt < 0 else (who, "Max Mustermann")
        lines.append(csv_line([day.strftime("%d.%m.%y"), day.strftime("%d.%m.%y"), "Gebucht",
                               payer, payee, purpose, typ, ib, eu(amt), "", "", ""],
                              sep=";", quote_all=True))
    add("de_dkb_giro.csv", "\ufeff" + "\n".join(lines) + "\n", [(r[0], r[5]) for r in rows],
        "EUR", True, OWN_DE, "2-digit years, per-row counterparty IBAN, own IBAN in preamble")


def de_sparkasse() -> None:
    own = iban("DE", "690516200000123456")
    rows = [(d(2024, 2, 1), "FOLGELASTSCHRIFT", "Vodafone GmbH", iban("DE", "300800000212345678"),
             D("-39.99")),
            (d(2024, 2, 1), "GUTSCHR. UEBERWEISUNG", "Müller Maschinenbau GmbH",
             iban("DE", "600501010001234567"), D("2874.16")),
            (d(2024, 2, 5), "KARTENZAHLUNG", "EDEKA Südwest", iban("DE", "660200200000777777"),
             D("-53.47")),
            (d(2024, 2, 12), "DAUERAUFTRAG", "Hausverwaltung Böhm", iban("DE",
             "690500010000555444"), D("-950.00")),
            (d(2024, 2, 19), "GELDAUTOMAT", "GA NR00012345 BLZ69051620", "", D("-200.00")),
            (d(2024, 2, 26), "LASTSCHRIFT", "Allianz Versicherungs-AG",
             iban("DE", "700800000300011122"), D("-1,234.56".replace(",", "")))]
    cols = ["Auftragskonto", "Buchungstag", "Valutadatum", "Buchungstext", "Verwendungszweck",
            "Glaeubiger ID", "Mandatsreferenz", "Kundenreferenz (End-to-End)", "Sammlerreferenz",
            "Lastschrift Ursprungsbetrag", "Auslagenersatz Ruecklastschrift",
            "Beguenstigter/Zahlungspflichtiger", "Kontonummer/IBAN", "BIC (SWIFT-Code)",
            "Betrag", "Waehrung", "Info"]
    lines = [csv_line(cols, sep=";", quote_all=True)]
    for day, text, who, ib, amt in rows:
        lines.append(csv_line([own, day.strftime("%d.%m.%y"), day.strftime("%d.%m.%y"), text,
                               f"{text} {who}", "", "", "NOTPROVIDED", "", "", "", who, ib,
                               "", eu(amt, sep=""), "EUR", "Umsatz gebucht"], sep=";",
                              quote_all=True))
    add("de_sparkasse_camt.csv", "\r\n".join(lines) + "\r\n", [(r[0], r[4]) for r in rows],
        "EUR", True, own, "CAMT-CSV: Auftragskonto constant (own), Kontonummer/IBAN per row",
        encoding="cp1252")


def de_comdirect() -> None:
    rows = [(d(2024, 3, 28), "Lastschrift / Belastung",
             "Auftraggeber: Netflix International B.V. Buchungstext: Netflix Monatsabo",
             D("-13.99")),
            (d(2024, 3, 25), "Übertrag / Überweisung",
             "Auftraggeber: ACME GmbH Buchungstext: Lohn/Gehalt 03/2024", D("2918.03")),
            (d(2024, 3, 18), "Visa-Umsatz", "EDEKA CENTER 0412 HAMBURG", D("-71.52")),
            (d(2024, 3, 11), "Lastschrift / Belastung",
             "Auftraggeber: Techniker Krankenkasse Buchungstext: Beitrag", D("-1018.40")),
            (d(2024, 3, 4), "Kartenverfügung", "Geldautomat 04.03 Sparkasse", D("-100.00"))]
    rows = [(a, b, c, D(str(x).replace(".", "").replace(",", ".")) if isinstance(x, Decimal)
             and "," in str(x) else x) for a, b, c, x in rows]
    fix = []
    for a, b, c, x in rows:
        s = str(x)
        fix.append((a, b, c, D(s.replace(".", "").replace(",", ".")) if "," in s else x))
    rows = fix
    lines = [";", '"Umsätze Girokonto";"Zeitraum: 30 Tage";', '"Neuer Kontostand";'
             '"3.402,17 EUR";', "", '"Buchungstag";"Wertstellung (Valuta)";"Vorgang";'
             '"Buchungstext";"Umsatz in EUR";',
             '"offen";"--";"Visa-Umsatz";"AMAZON.DE 4412";"-29,99";']
    for day, typ, text, amt in rows:
        lines.append(csv_line([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y"), typ, text,
                               eu(amt)], sep=";", quote_all=True) + ";")
    lines += ["", '"Alter Kontostand";"' + eu(D("3402.17") - sum(r[3] for r in rows)) + ' EUR";', ""]
    add("de_comdirect.csv", "\n".join(lines), [(r[0], r[3]) for r in rows], "EUR", True, "",
        "preamble, pending row 'offen' (not booked), closing 'Alter Kontostand' line, "
        "trailing ';'", encoding="cp1252")


def de_n26() -> None:
    rows = [(d(2024, 4, 2), "Spotify", "", "Presentment", "", D("-10.99")),
            (d(2024, 4, 5), "ACME GmbH", iban("DE", "500105175407324931"), "Credit Transfer",
             "Gehalt", D("2600.00")),
            (d(2024, 4, 9), "LIDL DIENSTL", "", "Presentment", "", D("-23.87")),
            (d(2024, 4, 16), "Urban Sports Club", iban("DE", "100100100123456789"),
             "Direct Debit", "USC M", D("-69.00")),
            (d(2024, 4, 23), "Anna Schmidt", iban("DE", "120300000987654321"), "MoneyBeam",
             "Pizza", D("15.50")),
            (d(2024, 4, 30), "Savings Space", "", "Outgoing Transfer", "", D("-300.00"))]
    lines = ['"Booking Date","Value Date","Partner Name","Partner Iban","Type",'
             '"Payment Reference","Account Name","Amount (EUR)","Original Amount",'
             '"Original Currency","Exchange Rate"']
    for day, who, ib, typ, ref, amt in rows:
        lines.append(csv_line([day.isoformat(), day.isoformat(), who, ib, typ, ref,
                               "Main Account", f"{amt}", "", "", ""], quote_all=True))
    add("de_n26.csv", "\n".join(lines) + "\n", [(r[0], r[5]) for r in rows], "EUR", True, "",
        "Partner Iban per row (not the account), Account Name 'Main Account'")


def de_ing() -> None:
    own = iban("DE", "500105170123456789")
    rows = [(d(2024, 5, 31), "Netflix International B.V.", "Lastschrift", "NETFLIX ABO",
             D("-13.99")),
            (d(2024, 5, 28), "ACME GmbH", "Gehalt/Rente", "LOHN MAI", D("3201.77")),
            (d(2024, 5, 21), "VISA REWE", "Lastschrift", "REWE 1234", D("-58.03")),
            (d(2024, 5, 13), "Hausverwaltung", "Dauerauftrag", "MIETE", D("-1150.00")),
            (d(2024, 5, 6), "Telekom Deutschland GmbH", "Lastschrift", "Kd-Nr 44",
             D("-39.95")),
            (d(2024, 5, 2), "Max Muster", "Gutschrift", "Rueckzahlung", D("20.00"))]
    asc = list(reversed(rows))
    bal = dict(zip(range(len(asc)), running(D("841.32"), [r[4] for r in asc]), strict=False))
    bals = [bal[len(rows) - 1 - i] for i in range(len(rows))]
    lines = ["Umsatzanzeige;Datei erstellt am: 01.06.2024 09:14", ";Letztes Update: aktuell",
             "", f"IBAN;{' '.join(own[i:i + 4] for i in range(0, len(own), 4))}",
             "Kontoname;Girokonto", "Bank;ING", "Kunde;Max Muster",
             "Zeitraum;01.05.2024 - 31.05.2024", f"Saldo;{eu(bals[0])};EUR", "",
             "Sortierung;Datum absteigend", "",
             "In der CSV-Datei finden Sie alle bereits gebuchten Umsätze. Die vorgemerkten "
             "Umsätze werden nicht aufgenommen, auch wenn sie in Ihrem Internetbanking "
             "angezeigt werden.", "",
             "Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;"
             "Währung;Betrag;Währung"]
    for (day, who, typ, purpose, amt), b in zip(rows, bals, strict=False):
        lines.append(";".join([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y"), who, typ,
                               purpose, eu(b), "EUR", eu(amt), "EUR"]))
    add("de_ing.csv", "\n".join(lines) + "\n", [(r[0], r[4]) for r in rows], "EUR", True, own,
        "balance (Saldo) column before the amount, newest first, IBAN with spaces in preamble",
        encoding="latin-1")


# ----------------------------------------------------------------------------- NL / FR

def nl_ing() -> None:
    own = iban("NL", "INGB0001234567")
    rows = [(d(2024, 6, 3), "Albert Heijn 1403", iban("NL", "INGB0000000123"), "BA", "Af",
             D("23.41"), "Betaalautomaat"),
            (d(2024, 6, 6), "ACME B.V.", iban("NL", "RABO0300065264"), "OV", "Bij",
             D("2912.50"), "Overschrijving"),
            (d(2024, 6, 10), "Ziggo Services BV", iban("NL", "ABNA0444444444"), "IC", "Af",
             D("62.50"), "Incasso"),
            (d(2024, 6, 17), "Belastingdienst", iban("NL", "INGB0002445588"), "OV", "Bij",
             D("1.204,00".replace(".", "").replace(",", ".")), "Overschrijving"),
            (d(2024, 6, 24), "NS Reizigers", iban("NL", "INGB0000001234"), "IC", "Af",
             D("104.60"), "Incasso")]
    signed = [a if af == "Bij" else -a for *_, af, a, _m in rows]
    bals = running(D("1500.00"), signed)
    lines = ['"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";'
             '"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"']
    for (day, who, tr, code, af, amt, kind), bal in zip(rows, bals, strict=False):
        lines.append(csv_line([day.strftime("%Y%m%d"), who, own, tr, code, af, eu(amt, sep=""),
                               kind, f"Naam: {who} Omschrijving: juni", eu(bal, sep=""), ""],
                              sep=";", quote_all=True))
    add("nl_ing.csv", "\n".join(lines) + "\n", list(zip([r[0] for r in rows], signed, strict=False)), "EUR",
        True, own, "Af/Bij direction column, YYYYMMDD, own Rekening constant, Tegenrekening")


def nl_rabobank() -> None:
    own = iban("NL", "RABO0123456789")
    rows = [(d(2024, 7, 1), D("-45.00"), "Vitens NV", "Termijnbedrag water"),
            (d(2024, 7, 2), D("-8.99"), "Spotify", "Spotify P2A9C1"),
            (d(2024, 7, 5), D("2450.00"), "ACME BV", "Salaris juli"),
            (d(2024, 7, 12), D("-87.43"), "Jumbo Utrecht", "Betaalautomaat 12-07-2024"),
            (d(2024, 7, 19), D("-1250.00"), "Woonstichting", "Huur juli"),
            (d(2024, 7, 26), D("15.00"), "J. de Vries", "Tikkie terug")]
    bals = running(D("703.12"), [r[1] for r in rows])
    cols = ["IBAN/BBAN", "Munt", "BIC", "Volgnr", "Datum", "Rentedatum", "Bedrag",
            "Saldo na trn", "Tegenrekening IBAN/BBAN", "Naam tegenpartij",
            "Naam uiteindelijke partij", "Naam initiërende partij", "BIC tegenpartij", "Code",
            "Batch ID", "Transactiereferentie", "Machtigingskenmerk", "Incassant ID",
            "Betalingskenmerk", "Omschrijving-1", "Omschrijving-2", "Omschrijving-3",
            "Reden retour", "Oorspr bedrag", "Oorspr munt", "Koers"]
    lines = [csv_line(cols, quote_all=True)]
    for n, ((day, amt, who, desc), bal) in enumerate(zip(rows, bals, strict=False)):
        lines.append(csv_line([own, "EUR", "RABONL2U", f"{n + 1:018d}", day.isoformat(),
                               day.isoformat(), eu(amt, sep="", plus=True),
                               eu(bal, sep="", plus=True), "", who, "", "", "", "bg", "", "",
                               "", "", "", desc, "", "", "", "", "", ""], quote_all=True))
    add("nl_rabobank.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "EUR", True,
        own, "+/- signed comma-decimal amounts, own IBAN constant column, Munt column",
        encoding="latin-1")


def nl_abnamro() -> None:
    acct = "517538883"
    rows = [(d(2024, 8, 1), D("-23.50"), "BEA   NR:5P12K3   01.08.24/12.01 ALBERT HEIJN 1342,PAS123"),
            (d(2024, 8, 2), D("-12.99"), "SEPA Incasso algemeen doorlopend Incassant: "
             "NL77ZZZ341599230000  Naam: Netflix International B.V."),
            (d(2024, 8, 5), D("2.580,00".replace(".", "").replace(",", ".")),
             "SEPA Overboeking IBAN: NL20INGB0001234567 BIC: INGBNL2A Naam: ACME BV "
             "Omschrijving: Salaris"),
            (d(2024, 8, 14), D("-60.00"), "GEA   NR:S1J0K2   14.08.24/10.12 Utrecht Centraal,PAS123"),
            (d(2024, 8, 27), D("-145.20"), "SEPA Incasso algemeen doorlopend Incassant: "
             "NL48ZZZ302080000000  Naam: Eneco")]
    bal = D("1912.31")
    lines = []
    for day, amt, desc in rows:
        new = bal + amt
        lines.append("\t".join([acct, "EUR", day.strftime("%Y%m%d"), eu(bal, sep=""),
                                eu(new, sep=""), day.strftime("%Y%m%d"), eu(amt, sep=""),
                                desc]))
        bal = new
    add("nl_abnamro.TAB", "\r\n".join(lines) + "\r\n", [(r[0], r[1]) for r in rows], "EUR",
        True, acct, "headerless tab-separated: account, currency, date, start/end balance, "
        "value date, amount, description")


def fr_bnp() -> None:
    rows = [(d(2024, 9, 30), "PRLV SEPA FREE MOBILE", D("-19.99")),
            (d(2024, 9, 27), "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE SEPT",
             D("2784.30")),
            (d(2024, 9, 20), "FACTURE CARTE DU 19/09 CARREFOUR MARKET PARIS", D("-86.42")),
            (d(2024, 9, 12), "PRLV SEPA SFR FIBRE SAS", D("-1,023.00".replace(",", ""))),
            (d(2024, 9, 5), "FACTURE CARTE DU 04/09 SNCF INTERNET", D("-48.00")),
            (d(2024, 9, 2), "REMISE CHEQUE 0012345", D("150.00"))]
    nb = "\u00a0"
    lines = [f"Compte de chèques;****4321;Solde au 30/09/2024;{eu(D('3456.78'), sep=nb)}",
             "Date operation;Libelle court;Type operation;Libelle operation;Montant operation"]
    for day, label, amt in rows:
        short = label.split(" ")[0]
        lines.append(";".join([day.strftime("%d/%m/%Y"), short, "", label, eu(amt, sep=nb)]))
    add("fr_bnp.csv", "\r\n".join(lines) + "\r\n", [(r[0], r[2]) for r in rows], "EUR", False,
        "4321", "one preamble line, no-break-space thousands, Windows-1252", encoding="cp1252")


def fr_credit_agricole() -> None:
    rows = [(d(2024, 10, 2), "PRELEVEMENT\nNETFLIX.COM\nNETFLIX-ABO-10", D("13.49"), None),
            (d(2024, 10, 4), "VIREMENT EN VOTRE FAVEUR\nACME SAS\nSALAIRE OCTOBRE", None,
             D("2410.55")),
            (d(2024, 10, 9), "PAIEMENT PAR CARTE\nLECLERC DRIVE 08/10", D("112.87"), None),
            (d(2024, 10, 15), "PRELEVEMENT\nEDF CLIENTS PARTICULIERS", D("1089.00"), None),
            (d(2024, 10, 23), "RETRAIT AU DISTRIBUTEUR\nCA TOULOUSE 22/10", D("60.00"), None),
            (d(2024, 10, 30), "VIREMENT EMIS\nM. DUPONT LOYER", D("650.00"), None)]

    def val(x: Decimal | str) -> Decimal:
        return D(str(x).replace(" ", "").replace(",", "."))
    lines = ["Téléchargement du 31/10/2024;", ";", "M. JEAN DUPONT;",
             "Compte de Dépôt carte n° 12345678901;", "Solde au 31/10/2024 3 102,19 €;", ";",
             "Liste des opérations du compte entre le 01/10/2024 et le 31/10/2024;", ";",
             "Date;Libellé;Débit euros;Crédit euros;"]
    txns = []
    for day, label, deb, cre in rows:
        db = eu(val(deb), sep=" ") if deb is not None else ""
        cr = eu(val(cre), sep=" ") if cre is not None else ""
        lines.append(csv_line([day.strftime("%d/%m/%Y"), label, db, cr], sep=";",
                              quote_all=False) + ";")
        txns.append((day, -val(deb) if deb is not None else val(cre)))
    add("fr_credit_agricole.csv", "\r\n".join(lines) + "\r\n", txns, "EUR", True,
        "12345678901", "preamble, multi-line quoted labels, Débit/Crédit euros, space "
        "thousands", encoding="cp1252")


def fr_boursorama() -> None:
    rows = [(d(2024, 11, 4), "CARTE 02/11/24 AMAZON PRIME CB*1234", "Abonnements",
             D("-6.99")),
            (d(2024, 11, 6), "VIR SEPA ACME SAS", "Salaires", D("2650.00")),
            (d(2024, 11, 12), "PRLV SEPA BOUYGUES TELECOM", "Téléphonie", D("-24.99")),
            (d(2024, 11, 18), "CARTE 16/11/24 IKEA CB*1234", "Maison", D("-1249.00")),
            (d(2024, 11, 25), "RETRAIT DAB 24/11/24 PARIS", "Retraits", D("-40.00"))]
    lines = ["dateOp;dateVal;label;category;categoryParent;supplierFound;amount;comment;"
             "accountNum;accountLabel;accountbalance"]
    for day, label, cat, amt in rows:
        lines.append(";".join([day.isoformat(), day.isoformat(), f'"{label}"', f'"{cat}"',
                               '"Vie quotidienne"', '""', eu(amt, sep=" "), '""',
                               "00040123456", '"BOURSORAMA BANQUE"', "5 321,07"]))
    add("fr_boursorama.csv", "\ufeff" + "\n".join(lines) + "\n", [(r[0], r[3]) for r in rows],
        "EUR", False, "00040123456",
        "accountbalance is the same current balance on every row (not a running balance)")


# ----------------------------------------------------------------------------- ES / IT / PT

def es_santander() -> None:
    rows = [(d(2024, 1, 30), "RECIBO MOVISTAR - TELEFONICA", D("-45.90")),
            (d(2024, 1, 26), "TRANSFERENCIA DE ACME SL, CONCEPTO NOMINA", D("1895.00")),
            (d(2024, 1, 19), "COMPRA TARJ. 5402XXXXXXXX1234 MERCADONA MADRID", D("-67.31")),
            (d(2024, 1, 10), "RECIBO IBERDROLA CLIENTES", D("-1014.22")),
            (d(2024, 1, 4), "COMPRA INTERNET EN NETFLIX.COM", D("-12.99"))]
    asc = list(reversed(rows))
    b = running(D("2401.50"), [r[2] for r in asc])
    bals = list(reversed(b))
    lines = ["Fecha Operación;Fecha Valor;Concepto;Importe;Saldo"]
    for (day, concept, amt), bal in zip(rows, bals, strict=False):
        lines.append(";".join([day.strftime("%d/%m/%Y"), day.strftime("%d/%m/%Y"), concept,
                               eu(amt) + " EUR", eu(bal) + " EUR"]))
    add("es_santander.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "EUR", True,
        "", "'-45,90 EUR' cells, newest first, running balance", encoding="cp1252")


def it_fineco() -> None:
    rows = [(d(2024, 2, 29), None, D("9.99"), "Pagamento Visa Debit", "SPOTIFY STOCKHOLM"),
            (d(2024, 2, 27), D("2130.00"), None, "Bonifico SEPA Italia",
             "Ord: ACME SRL Ben: Rossi Mario Info: stipendio"),
            (d(2024, 2, 20), None, D("54.30"), "Pagamento Visa Debit", "ESSELUNGA MILANO"),
            (d(2024, 2, 14), None, D("1180.00"), "Bonifico SEPA Italia", "Affitto febbraio"),
            (d(2024, 2, 5), None, D("7.99"), "Addebito SDD", "NETFLIX ITALIA")]
    lines = ["Data_Operazione;Data_Valuta;Entrate;Uscite;Descrizione;Descrizione_Completa;"
             "Stato;Moneymap"]
    for day, inn, out, desc, full in rows:
        lines.append(";".join([day.strftime("%d/%m/%Y"), day.strftime("%d/%m/%Y"),
                               eu(inn, sep="") if inn else "",
                               "-" + eu(out, sep="") if out else "", desc, full,
                               "Contabilizzato", "Altre uscite"]))
    add("it_fineco.csv", "\n".join(lines) + "\n",
        [(r[0], r[1] if r[1] else -r[2]) for r in rows], "EUR", False, "",
        "Entrate / Uscite (printed negative), comma decimals, no thousands")


def pt_cgd() -> None:
    rows = [(d(2024, 3, 1), "COMPRA CONTINENTE LISBOA", D("42.16"), None),
            (d(2024, 3, 4), "TRF P/ ACME LDA ORDENADO", None, D("1420.00")),
            (d(2024, 3, 11), "DD EDP COMERCIAL", D("68.35"), None),
            (d(2024, 3, 18), "LEV ATM 0123 LISBOA", D("100.00"), None),
            (d(2024, 3, 25), "DD MEO SA", D("39.99"), None),
            (d(2024, 3, 29), "PAG SERV 10559 ENTIDADE", D("1102.75"), None)]

    def val(x: Decimal | None) -> Decimal:
        return D(str(x).replace(".", "").replace(",", ".")) if x and "," in str(x) else x
    amts = [-val(dd) if dd is not None else val(c) for _d, _t, dd, c in rows]
    bals = running(D("1934.10"), amts)
    lines = ["Consultar saldos e movimentos à ordem", "",
             "Conta ;0123456789012 - EUR - Conta Extracto",
             "Data de início ;01-03-2024", "Data de fim ;31-03-2024", "",
             "Data mov. ;Data valor ;Descrição ;Débito ;Crédito ;Saldo contabilístico ;"
             "Saldo disponível ;Categoria ;"]
    for (day, desc, deb, cre), bal in zip(rows, bals, strict=False):
        lines.append(";".join([day.strftime("%d-%m-%Y"), day.strftime("%d-%m-%Y"), desc,
                               eu(val(deb)) if deb is not None else "",
                               eu(val(cre)) if cre is not None else "", eu(bal), eu(bal),
                               "Diversos", ""]))
    lines += ["", f" ; ; ;Saldo contabilístico ;{eu(bals[-1])} EUR ;"]
    add("pt_cgd.csv", "\r\n".join(lines) + "\r\n", list(zip([r[0] for r in rows], amts, strict=False)),
        "EUR", True, "0123456789012", "preamble with account and EUR, Débito/Crédito, "
        "closing balance line, dd-mm-yyyy", encoding="cp1252")


# ----------------------------------------------------------------------------- PL / CZ / HU

def pl_mbank() -> None:
    rows = [(d(2024, 4, 30), "NETFLIX.COM  ZAKUP PRZY UŻYCIU KARTY", "Multimedia",
             D("-43.00")),
            (d(2024, 4, 26), "ACME SP. Z O.O.  PRZELEW PRZYCHODZĄCY WYNAGRODZENIE",
             "Wpływy", D("6250.00")),
            (d(2024, 4, 19), "BIEDRONKA 3312 WARSZAWA  ZAKUP PRZY UŻYCIU KARTY",
             "Żywność i chemia", D("-87.45")),
            (d(2024, 4, 10), "PGE OBRÓT S.A.  PRZELEW ZEWNĘTRZNY WYCHODZĄCY", "Rachunki",
             D("-1234.56")),
            (d(2024, 4, 3), "ORLEN STACJA 412  ZAKUP PRZY UŻYCIU KARTY", "Paliwo",
             D("-210.30"))]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("3018.44"), [r[3] for r in asc])))
    lines = ["mBank S.A. Bankowość Detaliczna;", "Skrytka Pocztowa 2108;", "90-959 Łódź 2;",
             "www.mBank.pl;", "mLinia: 801 300 800;", "Relacje z Inwestorami: +48 22 829 14 45;",
             ";", "#Klient;", "JAN KOWALSKI;", ";",
             "Elektroniczne zestawienie operacji za okres od 01.04.2024 do 30.04.2024;", ";",
             "#Za okres:;", "01.04.2024;30.04.2024;", ";",
             "#zgodnie z wybranymi filtrami wyszukiwania;", "#dla rachunków:;",
             "eKonto - 1234...5678;", ";",
             "#Lista nie jest dokumentem w rozumieniu art. 7 Ustawy Prawo Bankowe;", ";",
             "#Waluta;#Wpływy;#Wydatki;", "PLN;6 250,00;" + eu(sum(r[3] for r in rows if r[3] < 0), sep=" ") + ";", ";",
             "#Data operacji;#Opis operacji;#Rachunek;#Kategoria;#Kwota;#Saldo po operacji;"]
    for (day, desc, cat, amt), bal in zip(rows, bals, strict=False):
        lines.append(";".join([day.isoformat(), f'"{desc}"', '"eKonto 1234 ... 5678"',
                               f'"{cat}"', eu(amt, sep=" ") + " PLN",
                               eu(bal, sep=" ") + " PLN", ""]))
    lines += [";;;;#Saldo końcowe;" + eu(bals[0], sep=" ") + " PLN;", ""]
    add("pl_mbank.csv", "\n".join(lines), [(r[0], r[3]) for r in rows], "PLN", True, "",
        "Windows-1250, long preamble, '#'-prefixed header, '-43,00 PLN' cells, closing "
        "'#Saldo końcowe' line", encoding="cp1250")


def pl_pko() -> None:
    rows = [(d(2024, 5, 2), "Płatność kartą", D("-129.99"), "Tytuł: ALLEGRO SP Z O O"),
            (d(2024, 5, 6), "Przelew na rachunek", D("5400.00"),
             "Nazwa nadawcy: ACME SA Tytuł: WYNAGRODZENIE"),
            (d(2024, 5, 10), "Zlecenie stałe", D("-1800.00"), "Tytuł: CZYNSZ MAJ"),
            (d(2024, 5, 17), "Płatność web - kod mobilny", D("-54.00"),
             "Tytuł: UBER *TRIP"),
            (d(2024, 5, 24), "Wypłata z bankomatu", D("-200.00"), "Lokalizacja: KRAKÓW"),
            (d(2024, 5, 29), "Opłata", D("-7.00"), "Tytuł: OPŁATA ZA KARTĘ")]
    bals = running(D("812.51"), [r[2] for r in rows])
    lines = ['"Data operacji","Data waluty","Typ transakcji","Kwota","Waluta",'
             '"Saldo po transakcji","Opis transakcji","","",""']
    for (day, typ, amt, desc), bal in zip(rows, bals, strict=False):
        lines.append(csv_line([day.isoformat(), day.isoformat(), typ,
                               f"{amt:+.2f}", "PLN", f"{bal:+.2f}", desc,
                               "Numer telefonu: +48 600 000 000", "", ""], quote_all=True))
    add("pl_pko.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "PLN", True, "",
        "Windows-1250, +/- signed amounts, blank-named trailing description columns",
        encoding="cp1250")


def cz_fio() -> None:
    own = "2000145399"
    rows = [(d(2024, 6, 3), D("-249.00"), "Spotify", "Platba kartou"),
            (d(2024, 6, 7), D("42000.00"), "ACME s.r.o.", "Příjem převodem uvnitř banky"),
            (d(2024, 6, 12), D("-1318.50"), "Albert Česká republika", "Platba kartou"),
            (d(2024, 6, 15), D("-15500.00"), "SVJ Dlouhá 12", "Platba převodem uvnitř banky"),
            (d(2024, 6, 24), D("-599.00"), "T-Mobile Czech Republic a.s.", "Inkaso"),
            (d(2024, 6, 28), D("12.34"), "", "Připsaný úrok")]
    opening = D("8120.44")
    bals = running(opening, [r[1] for r in rows])
    lines = [f'"Accountid";"{own}"', '"Bankid";"2010"', '"Currency";"CZK"',
             f'"IBAN";"{iban("CZ", "2010" + "000000" + own)}"', '"BIC";"FIOBCZPPXXX"',
             f'"Openingbalance";"{eu(opening, sep="")}"',
             f'"Closingbalance";"{eu(bals[-1], sep="")}"',
             '"Datestart";"01.06.2024"', '"Dateend";"30.06.2024"', '"Idfrom";"2567812001"',
             '"Idto";"2567812006"', "",
             '"ID pohybu";"Datum";"Objem";"Měna";"Protiúčet";"Název protiúčtu";"Kód banky";'
             '"Název banky";"KS";"VS";"SS";"Poznámka";"Zpráva pro příjemce";"Typ";'
             '"Provedl";"Upřesnění";"Komentář";"BIC";"ID pokynu"']
    for n, (day, amt, who, typ) in enumerate(rows):
        lines.append(csv_line([str(2567812001 + n), day.strftime("%d.%m.%Y"),
                               eu(amt, sep=""), "CZK", "", who, "", "", "", "", "", who, "",
                               typ, "", "", "", "", ""], sep=";", quote_all=True))
    add("cz_fio.csv", "\ufeff" + "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "CZK",
        True, own, "key/value preamble (Accountid, IBAN, balances), Czech header, Objem")


def hu_otp() -> None:
    own = "11773016-12345678-00000000"
    rows = [(d(2024, 7, 2), "Kártyatranzakció", D("-12990"), "NETFLIX.COM"),
            (d(2024, 7, 5), "Jóváírás", D("685000"), "ACME KFT munkabér"),
            (d(2024, 7, 9), "Csoportos beszedés", D("-18450"), "MVM NEXT ENERGIAKERESKEDELMI"),
            (d(2024, 7, 16), "Kártyatranzakció", D("-8734"), "SPAR MAGYARORSZAG"),
            (d(2024, 7, 23), "Átutalás", D("-250000"), "Albérlet július"),
            (d(2024, 7, 30), "Számlavezetési díj", D("-1490"), "Havi díj")]
    bals = running(D("154320"), [r[2] for r in rows])
    lines = ["Számlaszám;Könyvelés dátuma;Tranzakció típusa;Összeg;Pénznem;Egyenleg;"
             "Partner neve;Közlemény"]
    for (day, typ, amt, desc), bal in zip(rows, bals, strict=False):
        lines.append(";".join([own, day.strftime("%Y.%m.%d."), typ,
                               eu(amt, sep=" ", decimals=0), "HUF",
                               eu(bal, sep=" ", decimals=0), "", desc]))
    add("hu_otp.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "HUF", True, own,
        "YYYY.MM.DD. dates, space thousands, no decimals, Egyenleg balance",
        encoding="cp1250")


# ----------------------------------------------------------------------------- Nordic

def se_swedbank() -> None:
    rows = [(d(2024, 8, 30), "SPOTIFY", "KORTKÖP 240829 SPOTIFY STOCKHOLM", D("-129.00")),
            (d(2024, 8, 25), "LÖN", "ACME AB LÖN AUGUSTI", D("31250.00")),
            (d(2024, 8, 20), "ICA NARA", "KORTKÖP 240819 ICA NARA SOLNA", D("-412.60")),
            (d(2024, 8, 12), "HYRA", "BG 5050-1055 BOSTADS AB", D("-8900.00")),
            (d(2024, 8, 5), "SWISH", "SWISH BETALNING ANNA A", D("-250.00")),
            (d(2024, 8, 1), "RÄNTA", "INSÄTTNINGSRÄNTA", D("3.12"))]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("4102.77"), [r[3] for r in asc])))
    lines = ["* Transaktioner Period 2024-08-01 – 2024-08-31 Skapad 2024-09-01 08:12 CEST",
             "Radnummer,Clearingnummer,Kontonummer,Produkt,Valuta,Bokföringsdag,"
             "Transaktionsdag,Valutadag,Referens,Beskrivning,Belopp,Bokfört saldo"]
    for n, ((day, ref, desc, amt), bal) in enumerate(zip(rows, bals, strict=False)):
        lines.append(",".join([str(n + 1), "8327-9", "9141234567", "Privatkonto", "SEK",
                               day.isoformat(), day.isoformat(), day.isoformat(),
                               f'"{ref}"', f'"{desc}"', f"{amt:.2f}", f"{bal:.2f}"]))
    add("se_swedbank.csv", "\n".join(lines) + "\n", [(r[0], r[3]) for r in rows], "SEK", True,
        "9141234567", "one '*' title line, Swedish header, period decimals, newest first",
        encoding="cp1252")


def se_nordea() -> None:
    rows = [(d(2024, 9, 27), D("-99.00"), "Viaplay"),
            (d(2024, 9, 25), D("28400.00"), "Lön"),
            (d(2024, 9, 18), D("-1,249.50".replace(",", "")), "Elgiganten"),
            (d(2024, 9, 10), D("-645.00"), "Telia Sverige"),
            (d(2024, 9, 3), D("-52.00"), "SL Access")]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("2311.40"), [r[1] for r in asc])))
    lines = ["Bokföringsdag;Belopp;Avsändare;Mottagare;Namn;Rubrik;Saldo;Valuta",
             "Reserverat;-35,00;;;;Pressbyrån;;SEK"]
    for (day, amt, text), bal in zip(rows, bals, strict=False):
        lines.append(";".join([day.strftime("%Y/%m/%d"), eu(amt, sep=""), "3300 12 34567",
                               "", "", text, eu(bal, sep=""), "SEK"]))
    add("se_nordea.csv", "\ufeff" + "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows],
        "SEK", True, "", "reserved (pending) row with 'Reserverat' as its date, YYYY/MM/DD")


def fi_op() -> None:
    rows = [(d(2024, 10, 1), D("-9.99"), "KORTTIOSTO", "SPOTIFY"),
            (d(2024, 10, 4), D("3120.00"), "PALKKA", "ACME OY"),
            (d(2024, 10, 9), D("-64.37"), "KORTTIOSTO", "K-CITYMARKET HELSINKI"),
            (d(2024, 10, 15), D("-850.00"), "TILISIIRTO", "ASUNTO OY KOTI"),
            (d(2024, 10, 22), D("-35.90"), "E-LASKU", "ELISA OYJ")]
    lines = ["Kirjauspäivä;Arvopäivä;Määrä EUROA;Laji;Selitys;Saaja/Maksaja;"
             "Saajan tilinumero;Saajan pankin BIC;Viite;Viesti;Arkistointitunnus"]
    for n, (day, amt, kind, who) in enumerate(rows):
        lines.append(";".join([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y"),
                               eu(amt, sep="", plus=True), "106" if amt < 0 else "710",
                               kind, who, iban("FI", "2112345600000785"), "OKOYFIHH", "",
                               f"'Viesti: {kind.lower()} {n}'", f"20241001/5ERHT1/{n:06d}"]))
    add("fi_op.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "EUR", True, "",
        "'Määrä EUROA' +/- amounts, Finnish header, counterparty account per row")


# ----------------------------------------------------------------------------- Asia

def jp_mufg() -> None:
    rows = [(d(2024, 1, 5), "カード", "ＮＥＴＦＬＩＸ", D("1490"), None),
            (d(2024, 1, 10), "振込", "カ）アクメ", None, D("285000")),
            (d(2024, 1, 15), "口座振替", "東京電力", D("8421"), None),
            (d(2024, 1, 20), "カード", "アマゾン", D("3980"), None),
            (d(2024, 1, 25), "ＡＴＭ", "ＡＴＭ出金", D("20000"), None),
            (d(2024, 1, 31), "利息", "普通預金利息", None, D("2"))]

    def v(x: Decimal | None) -> Decimal:
        return D(str(x).replace(",", ""))
    amts = [-v(o) if o is not None else v(i) for *_, o, i in rows]
    bals = running(D("152,310".replace(",", "")), amts)
    lines = ['"日付","摘要","摘要内容","支払い金額","預かり金額","差引残高","メモ",'
             '"未資金化区分","入払区分"']
    for (day, kind, desc, out, inn), bal in zip(rows, bals, strict=False):
        lines.append(csv_line([f"{day.year}/{day.month}/{day.day}", kind, desc,
                               f"{v(out):,}" if out is not None else "",
                               f"{v(inn):,}" if inn is not None else "", f"{bal:,}", "", "",
                               "支払い" if out is not None else "入金"], quote_all=True))
    add("jp_mufg.csv", "\r\n".join(lines) + "\r\n", list(zip([r[0] for r in rows], amts, strict=False)),
        "JPY", False, "", "Shift-JIS, 支払い金額/預かり金額/差引残高, Y/M/D without padding",
        encoding="cp932")


def jp_rakuten_card() -> None:
    rows = [(d(2024, 2, 1), "ＡＭＡＺＯＮ．ＣＯ．ＪＰ", D("2480")),
            (d(2024, 2, 3), "ネットフリックス", D("1490")),
            (d(2024, 2, 8), "セブン－イレブン", D("648")),
            (d(2024, 2, 14), "楽天モバイル通信料", D("3278")),
            (d(2024, 2, 20), "ＥＮＥＯＳ", D("5302")),
            (d(2024, 2, 27), "スターバックス", D("715"))]
    lines = ['"利用日","利用店名・商品名","利用者","支払方法","利用金額","支払手数料","支払総額",'
             '"3月支払金額","4月繰越残高","新規サイン"']
    for day, shop, amt in rows:
        lines.append(csv_line([day.strftime("%Y/%m/%d"), shop, "本人", "1回払い", str(amt),
                               "0", str(amt), str(amt), "0", "*"], quote_all=True))
    add("jp_rakuten_card.csv", "\ufeff" + "\n".join(lines) + "\n",
        [(r[0], -r[2]) for r in rows], "JPY", False, "",
        "card statement: every charge positive, no payment row; 利用金額")


def kr_kb() -> None:
    rows = [(d(2024, 3, 4), "14:23:01", "체크카드", "넷플릭스", D("13500"), None),
            (d(2024, 3, 8), "09:00:12", "급여", "(주)에이씨엠이", None, D("3200000")),
            (d(2024, 3, 12), "18:45:40", "체크카드", "이마트", D("84300"), None),
            (d(2024, 3, 20), "10:10:10", "자동이체", "한국전력공사", D("45210"), None),
            (d(2024, 3, 27), "22:01:55", "인터넷", "김철수", D("500000"), None)]
    amts = [-o if o is not None else i for *_, o, i in rows]
    bals = running(D("1250000"), amts)
    lines = ["거래내역조회", "계좌번호 : 123456-01-234567", "조회기간 : 2024.03.01 ~ 2024.03.31",
             "", "거래일시,적요,보낸분/받는분,출금액(원),입금액(원),잔액(원),송금메모,거래점"]
    for (day, tm, kind, who, out, inn), bal in zip(rows, bals, strict=False):
        lines.append(csv_line([f"{day.strftime('%Y.%m.%d')} {tm}", kind, who,
                               f"{out:,}" if out else "0", f"{inn:,}" if inn else "0",
                               f"{bal:,}", "", "국민은행"]))
    add("kr_kb.csv", "\r\n".join(lines) + "\r\n", list(zip([r[0] for r in rows], amts, strict=False)),
        "KRW", True, "123456-01-234567", "EUC-KR (cp949), preamble with 계좌번호, datetime "
        "cells, 출금액(원)/입금액(원) with 0 for empty", encoding="cp949")


def cn_bank() -> None:
    rows = [(d(2024, 4, 1), D("-35.00"), "网上支付", "爱奇艺"),
            (d(2024, 4, 8), D("12500.00"), "代发工资", "某某科技有限公司"),
            (d(2024, 4, 11), D("-1268.40"), "快捷支付", "京东商城"),
            (d(2024, 4, 18), D("-4500.00"), "转账", "张三"),
            (d(2024, 4, 25), D("-89.90"), "网上支付", "中国移动")]
    bals = running(D("8000.00"), [r[1] for r in rows])
    lines = ["中国某某银行交易明细", "账号：6222 0212 3456 7890", "户名：李四",
             "起止日期：2024-04-01 至 2024-04-30", "币种：人民币", "",
             "交易日,记账日,记账金额,余额,摘要,对方户名"]
    for (day, amt, kind, who), bal in zip(rows, bals, strict=False):
        lines.append(csv_line([day.strftime("%Y%m%d"), day.strftime("%Y%m%d"), f"{amt:,.2f}",
                               f"{bal:,.2f}", kind, who]))
    lines += ["", "合计,,," + f"{sum(r[1] for r in rows):,.2f}" + ",,"]
    add("cn_bank.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "CNY", True,
        "6222021234567890", "GBK, preamble (账号, 币种：人民币), 交易日/记账金额/余额, "
        "YYYYMMDD, 合计 total line", encoding="gbk")


def in_hdfc() -> None:
    rows = [(d(2024, 5, 2), "UPI-SWIGGY-SWIGGY@ICICI-ICIC0DC0099", D("412.00"), None),
            (d(2024, 5, 5), "NEFT CR-ACME INDIA PVT LTD-SALARY MAY", None, D("125000.00")),
            (d(2024, 5, 9), "POS 4591XXXXXXXX1234 NETFLIX COM", D("649.00"), None),
            (d(2024, 5, 15), "ACH D- HDFC LTD-EMI 123", D("22450.00"), None),
            (d(2024, 5, 21), "ATW-4591XXXXXXXX1234-S1AW0123-MUMBAI", D("5000.00"), None),
            (d(2024, 5, 28), "UPI-JIO PREPAID-JIO@PAYTM", D("299.00"), None)]

    def v(x: str | Decimal | None) -> Decimal:
        return D(str(x).replace(",", ""))

    def inr(x: Decimal) -> str:  # Indian grouping 1,25,000.00
        whole, frac = f"{x:.2f}".split(".")
        if len(whole) > 3:
            head, tail = whole[:-3], whole[-3:]
            parts = []
            while len(head) > 2:
                parts.insert(0, head[-2:])
                head = head[:-2]
            if head:
                parts.insert(0, head)
            whole = ",".join(parts + [tail])
        return f"{whole}.{frac}"
    amts = [-v(o) if o is not None else v(i) for _d, _n, o, i in rows]
    bals = running(D("48210.55"), amts)
    lines = ["Date,Narration,Chq./Ref.No.,Value Dt,Withdrawal Amt.,Deposit Amt.,"
             "Closing Balance"]
    for n, ((day, nar, out, inn), bal) in enumerate(zip(rows, bals, strict=False)):
        lines.append(csv_line([day.strftime("%d/%m/%y"), nar, f"{n:016d}",
                               day.strftime("%d/%m/%y"),
                               inr(v(out)) if out is not None else "",
                               inr(v(inn)) if inn is not None else "", inr(bal)]))
    add("in_hdfc.csv", "\n".join(lines) + "\n", list(zip([r[0] for r in rows], amts, strict=False)), "INR",
        False, "", "DD/MM/YY, Withdrawal Amt./Deposit Amt./Closing Balance, Indian digit "
        "grouping 1,25,000.00")


# ----------------------------------------------------------------------------- BR / AU / CA

def br_nubank() -> None:
    rows = [(d(2024, 6, 2), "Netflix.Com", D("55.90")),
            (d(2024, 6, 5), "Ifood *Ifood", D("78.40")),
            (d(2024, 6, 10), "Pagamento recebido", D("-1520.35")),
            (d(2024, 6, 14), "Uber *Trip Help.Uber.Com", D("23.95")),
            (d(2024, 6, 21), "Mercadolivre*Loja - Parcela 2/3", D("133.30")),
            (d(2024, 6, 28), "Spotify", D("21.90"))]
    lines = ["date,title,amount"] + [f"{day.isoformat()},{t},{a}" for day, t, a in rows]
    add("br_nubank_card.csv", "\n".join(lines) + "\n", [(r[0], -r[2]) for r in rows], "BRL",
        False, "", "card: charges positive, the payment negative; ISO dates; 3 columns")


def au_commbank() -> None:
    rows = [(d(2024, 7, 30), D("-16.99"), "NETFLIX.COM SYDNEY AUS Card xx1234 Value Date: 28/07/2024"),
            (d(2024, 7, 25), D("3412.08"), "Salary ACME PTY LTD 250724"),
            (d(2024, 7, 19), D("-142.35"), "WOOLWORTHS 1234 BONDI NS AUS Card xx1234"),
            (d(2024, 7, 11), D("-2100.00"), "Transfer to xx5678 CommBank app Rent"),
            (d(2024, 7, 4), D("-65.00"), "Direct Debit 123456 TELSTRA")]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("3523.44"), [r[1] for r in asc])))
    lines = [csv_line([day.strftime("%d/%m/%Y"), f"{amt:+.2f}", desc, f"{bal:+.2f}"],
                      quote_all=True).replace('"' + day.strftime("%d/%m/%Y") + '"',
                                              day.strftime("%d/%m/%Y"))
             for (day, amt, desc), bal in zip(rows, bals, strict=False)]
    add("au_commbank.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "AUD", False,
        "", "headerless: date, signed amount, description, signed balance; newest first")


def ca_rbc() -> None:
    rows = [(d(2024, 8, 2), "", "NETFLIX.COM", "", D("-16.49")),
            (d(2024, 8, 9), "", "PAYROLL DEPOSIT", "ACME CANADA INC", D("2845.12")),
            (d(2024, 8, 13), "", "SOBEYS #123", "", D("-74.22")),
            (d(2024, 8, 19), "001234", "CHEQUE 001234", "", D("-1300.00")),
            (d(2024, 8, 26), "", "ROGERS WIRELESS", "PAP", D("-95.40"))]
    lines = ['"Account Type","Account Number","Transaction Date","Cheque Number",'
             '"Description 1","Description 2","CAD$","USD$"']
    for day, chq, d1, d2, amt in rows:
        lines.append(csv_line(["Chequing", "01234-5678901", f"{day.month}/{day.day}/{day.year}",
                               chq, d1, d2, f"{amt:.2f}", ""]))
    add("ca_rbc.csv", "\n".join(lines) + "\n", [(r[0], r[4]) for r in rows], "CAD", True,
        "01234-5678901", "CAD$ / USD$ amount columns (currency in the header), M/D/YYYY")


def ca_td() -> None:
    rows = [(d(2024, 9, 3), "SPOTIFY P2B4C", D("10.99"), None),
            (d(2024, 9, 6), "PAYROLL ACME", None, D("2210.00")),
            (d(2024, 9, 11), "LOBLAWS #1023", D("88.13"), None),
            (d(2024, 9, 18), "ENBRIDGE GAS", D("71.00"), None),
            (d(2024, 9, 24), "E-TRANSFER ***2Zq", D("400.00"), None),
            (d(2024, 9, 30), "MONTHLY ACCOUNT FEE", D("4.95"), None)]

    def v(x: str | Decimal | None) -> Decimal:
        return D(str(x).replace(",", ""))
    amts = [-v(o) if o is not None else v(i) for _d, _t, o, i in rows]
    bals = running(D("1502.66"), amts)
    lines = [csv_line([day.strftime("%m/%d/%Y"), desc, f"{v(o):.2f}" if o is not None else "",
                       f"{v(i):.2f}" if i is not None else "", f"{bal:.2f}"])
             for (day, desc, o, i), bal in zip(rows, bals, strict=False)]
    add("ca_td.csv", "\n".join(lines) + "\n", list(zip([r[0] for r in rows], amts, strict=False)), "CAD",
        False, "", "headerless: date, description, withdrawal, deposit, balance")


# ----------------------------------------------------------------------------- fintech

def revolut() -> None:
    rows = [("CARD_PAYMENT", dt.datetime(2024, 10, 1, 8, 14, 2), "Pret A Manger", D("-5.40"),
             D("0.00"), "COMPLETED"),
            ("TOPUP", dt.datetime(2024, 10, 3, 12, 0, 41), "Top-Up by *1234", D("500.00"),
             D("0.00"), "COMPLETED"),
            ("EXCHANGE", dt.datetime(2024, 10, 7, 19, 22, 5), "Exchanged to USD",
             D("-100.00"), D("0.50"), "COMPLETED"),
            ("CARD_PAYMENT", dt.datetime(2024, 10, 12, 21, 3, 59), "Uber", D("-14.21"),
             D("0.00"), "REVERTED"),
            ("CARD_PAYMENT", dt.datetime(2024, 10, 15, 10, 45, 13), "Netflix", D("-10.99"),
             D("0.00"), "COMPLETED"),
            ("TRANSFER", dt.datetime(2024, 10, 24, 16, 30, 0), "To JOHN SMITH", D("-60.00"),
             D("0.00"), "COMPLETED")]
    lines = ["Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,"
             "Balance"]
    bal = D("230.15")
    txns = []
    for typ, when, desc, amt, fee, state in rows:
        done = when + dt.timedelta(hours=3)
        if state == "COMPLETED":
            bal = bal + amt - fee
            txns.append((done.date(), amt - fee))
            b = f"{bal:.2f}"
        else:
            b = ""
        lines.append(",".join([typ, "Current", when.strftime("%Y-%m-%d %H:%M:%S"),
                               done.strftime("%Y-%m-%d %H:%M:%S") if state == "COMPLETED"
                               else "", desc, f"{amt:.2f}", f"{fee:.2f}", "GBP", state, b]))
    add("revolut.csv", "\n".join(lines) + "\n", txns, "GBP", True, "",
        "datetime cells, Fee column (balance = amount - fee), a REVERTED row with no "
        "Completed Date/Balance (not booked)")


def wise() -> None:
    rows = [(d(2024, 11, 28), D("-9.99"), "Card transaction of 9.99 EUR issued by Spotify",
             "Spotify"),
            (d(2024, 11, 21), D("1500.00"), "Received money from ACME GMBH with reference "
             "INV-2024-11", ""),
            (d(2024, 11, 14), D("-42.80"), "Card transaction of 42.80 EUR issued by Lidl",
             "Lidl"),
            (d(2024, 11, 8), D("-600.00"), "Sent money to Maria Garcia", ""),
            (d(2024, 11, 2), D("-3.20"), "Wise Charges for: BALANCE-1234", "")]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("320.00"), [r[1] for r in asc])))
    cols = ["TransferWise ID", "Date", "Amount", "Currency", "Description",
            "Payment Reference", "Running Balance", "Exchange From", "Exchange To",
            "Exchange Rate", "Payer Name", "Payee Name", "Payee Account Number", "Merchant",
            "Card Last Four Digits", "Card Holder Full Name", "Attachment", "Note",
            "Total fees"]
    lines = [csv_line(cols, quote_all=True)]
    for n, ((day, amt, desc, merch), bal) in enumerate(zip(rows, bals, strict=False)):
        lines.append(csv_line([f"CARD-{1200345 + n}", day.strftime("%d-%m-%Y"), f"{amt:.2f}",
                               "EUR", desc, "", f"{bal:.2f}", "", "", "", "", "",
                               iban("DE", "100100100123456789") if "Sent" in desc else "",
                               merch, "4321" if merch else "", "JANE DOE" if merch else "",
                               "", "", "0.00"], quote_all=True))
    add("wise.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "EUR", True, "",
        "DD-MM-YYYY, Running Balance, newest first, payee account number in some rows")


# ----------------------------------------------------------------------------- XLSX

def _xlsx(sheet_rows: list[list[object]], title: str = "Sheet1",
          number_format: dict[int, str] | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in sheet_rows:
        ws.append(row)
    if number_format:
        for row in ws.iter_rows():
            for cell in row:
                fmt = number_format.get(cell.column)
                if fmt and isinstance(cell.value, (int, float, dt.date)):
                    cell.number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def es_bbva_xlsx() -> None:
    rows = [(d(2024, 12, 30), "Recibo Netflix", D("-12.99")),
            (d(2024, 12, 27), "Nómina ACME SL", D("2105.40")),
            (d(2024, 12, 20), "Pago con tarjeta en EL CORTE INGLES", D("-149.95")),
            (d(2024, 12, 11), "Transferencia realizada Alquiler", D("-850.00")),
            (d(2024, 12, 3), "Bizum enviado a Lucia", D("-25.00"))]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("1012.88"), [r[2] for r in asc])))
    sheet: list[list[object]] = [[None, "Últimos movimientos"], [],
                                 [None, "Cuenta", "ES12 0182 ****"], [],
                                 [None, "F.Valor", "Fecha", "Concepto", "Movimiento",
                                  "Importe", "Divisa", "Disponible", "Divisa",
                                  "Observaciones"]]
    for (day, concept, amt), bal in zip(rows, bals, strict=False):
        sheet.append([None, day, day, concept, concept.split(" ")[0], float(amt), "EUR",
                      float(bal), "EUR", ""])
    add("es_bbva.xlsx", _xlsx(sheet, "Movimientos", {2: "dd/mm/yyyy", 3: "dd/mm/yyyy",
                                                      6: "#,##0.00", 8: "#,##0.00"}),
        [(r[0], r[2]) for r in rows], "EUR", True, "",
        "XLSX with a blank first column, title rows, date cells, Disponible balance")


def it_intesa_xlsx() -> None:
    own = iban("IT", "X0306909606100000012345")
    rows = [(d(2024, 1, 31), "Addebito diretto", "NETFLIX ITALIA", D("-12.99")),
            (d(2024, 1, 27), "Accredito stipendio", "ACME SPA", D("2340.00")),
            (d(2024, 1, 18), "Pagamento carta", "ESSELUNGA 123 MILANO", D("-76.15")),
            (d(2024, 1, 10), "Bonifico in uscita", "AFFITTO GENNAIO", D("-900.00")),
            (d(2024, 1, 4), "Pagamento carta", "TRENITALIA", D("-39.90"))]
    sheet: list[list[object]] = [["Lista Movimenti"], [], ["Conto", own],
                                 ["Intestatario", "ROSSI MARIO"],
                                 ["Periodo", "01/01/2024 - 31/01/2024"], [],
                                 ["Data", "Operazione", "Dettagli", "Conto o carta",
                                  "Contabilizzazione", "Categoria", "Valuta", "Importo"]]
    for day, op, det, amt in rows:
        sheet.append([day, op, det, "Conto " + own[-5:], "CONTABILIZZATO", "Altre spese",
                      "EUR", float(amt)])
    add("it_intesa.xlsx", _xlsx(sheet, "Movimenti", {1: "dd/mm/yyyy", 8: "#,##0.00"}),
        [(r[0], r[3]) for r in rows], "EUR", True, own,
        "XLSX with a preamble naming the IBAN (Conto), Valuta column, date cells")


def in_icici_xlsx() -> None:
    rows = [(d(2024, 2, 3), "UPI/403412345678/Zomato/zomato@hdfc", D("354.00"), None),
            (d(2024, 2, 6), "NEFT-ACME TECHNOLOGIES-SALARY", None, D("98500.00")),
            (d(2024, 2, 12), "BIL/ONL/000123/AMAZON PAY", D("1299.00"), None),
            (d(2024, 2, 19), "ATM/CASH WDL/MUMBAI", D("10000.00"), None),
            (d(2024, 2, 26), "ACH/BAJAJ FINANCE/EMI", D("15430.00"), None)]
    amts = [-o if o is not None else i for _d, _t, o, i in rows]
    bals = running(D("25610.40"), amts)
    sheet: list[list[object]] = [[], ["Detailed Statement"], [],
                                 [None, "Account Number", "012345678901 ( INR ) - JANE DOE"],
                                 [None, "Transaction Date from", "01/02/2024 to 29/02/2024"],
                                 [], ["", "S No.", "Value Date", "Transaction Date",
                                      "Cheque Number", "Transaction Remarks",
                                      "Withdrawal Amount (INR )", "Deposit Amount (INR )",
                                      "Balance (INR )"]]
    for n, ((day, rem, o, i), bal) in enumerate(zip(rows, bals, strict=False)):
        sheet.append(["", n + 1, day.strftime("%d/%m/%Y"), day.strftime("%d/%m/%Y"), "-",
                      rem, float(o) if o else 0.0, float(i) if i else 0.0, float(bal)])
    sheet += [[], ["", "Legends Used in Account Statement"]]
    add("in_icici.xlsx", _xlsx(sheet, "OpTransactionHistory"),
        list(zip([r[0] for r in rows], amts, strict=False)), "INR", True, "012345678901",
        "XLSX: text dates dd/mm/yyyy, 0 in the empty Withdrawal/Deposit cell, legend footer")


def uk_barclaycard_xlsx() -> None:
    rows = [(d(2024, 3, 3), "AMAZON PRIME AMZN.CO.UK/PM", D("8.99")),
            (d(2024, 3, 8), "TESCO STORES 3312", D("42.17")),
            (d(2024, 3, 14), "PAYMENT RECEIVED - THANK YOU", D("-310.55")),
            (d(2024, 3, 19), "TRAINLINE", D("64.30")),
            (d(2024, 3, 25), "APPLE.COM/BILL", D("2.99")),
            (d(2024, 3, 30), "DELIVEROO", D("23.45"))]
    sheet: list[list[object]] = [["Transaction Date", "Description", "Card Holder",
                                  "Billing Amount", "Currency"]]
    for day, desc, amt in rows:
        sheet.append([day, desc, "MR J SMITH", float(amt), "GBP"])
    add("uk_barclaycard.xlsx", _xlsx(sheet, "Transactions", {1: "dd/mm/yyyy"}),
        [(r[0], -r[2]) for r in rows], "GBP", True, "",
        "card XLSX: Billing Amount charges positive, payment negative")


# ----------------------------------------------------------------------------- QIF / OFX

def qif_card() -> None:
    rows = [(d(2024, 4, 2), D("-15.49"), "NETFLIX.COM"),
            (d(2024, 4, 9), D("-62.18"), "KROGER #418"),
            (d(2024, 4, 15), D("400.00"), "PAYMENT - THANK YOU"),
            (d(2024, 4, 21), D("-1,043.00".replace(",", "")), "DELTA AIR 0062"),
            (d(2024, 4, 28), D("-9.99"), "ICLOUD STORAGE")]
    out = ["!Type:CCard"]
    for day, amt, payee in rows:
        out += [f"D{day.month}/{day.day:2d}'{day.strftime('%y')}", f"T{amt:,.2f}", "C*",
                f"P{payee}", "^"]
    add("card_export.qif", "\n".join(out) + "\n", [(r[0], r[1]) for r in rows], "USD", False,
        "", "Quicken-style D4/ 2'24 dates, T with thousands separator, CCard")


def qif_bank_eu() -> None:
    rows = [(d(2024, 5, 3), D("-12.99"), "NETFLIX"),
            (d(2024, 5, 14), D("2750.00"), "ACME GMBH GEHALT"),
            (d(2024, 5, 21), D("-49.90"), "TELEKOM"),
            (d(2024, 5, 30), D("-1250.00"), "MIETE")]
    out = ["!Account", "NGirokonto", "TBank", "^", "!Type:Bank"]
    for day, amt, payee in rows:
        out += [f"D{day.strftime('%d.%m.%Y')}", f"T{eu(amt)}", f"P{payee}", "^"]
    add("girokonto.qif", "\r\n".join(out) + "\r\n", [(r[0], r[1]) for r in rows], "EUR", False,
        "Girokonto", "QIF with DD.MM.YYYY dates and comma-decimal amounts (1.250,00)",
        encoding="cp1252")


def ofx_card() -> None:
    rows = [(d(2024, 6, 3), D("-15.49"), "NETFLIX.COM", "DEBIT"),
            (d(2024, 6, 10), D("-84.02"), "TRADER JOE'S #552", "DEBIT"),
            (d(2024, 6, 17), D("500.00"), "PAYMENT THANK YOU", "CREDIT"),
            (d(2024, 6, 24), D("-12.99"), "HULU", "DEBIT")]
    body = []
    for n, (day, amt, name, typ) in enumerate(rows):
        body.append(f"<STMTTRN><TRNTYPE>{typ}<DTPOSTED>{day.strftime('%Y%m%d')}120000[0:GMT]"
                    f"<TRNAMT>{amt:.2f}<FITID>2024{n:08d}<NAME>{name}</STMTTRN>")
    text = ("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\n"
            "ENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\n"
            "NEWFILEUID:NONE\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO"
            "</STATUS><DTSERVER>20240630120000[0:GMT]<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>"
            "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
            "<CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111222233334444</CCACCTFROM>"
            "<BANKTRANLIST><DTSTART>20240601<DTEND>20240630\r\n" + "\r\n".join(body) +
            "\r\n</BANKTRANLIST><LEDGERBAL><BALAMT>-1234.56<DTASOF>20240630</LEDGERBAL>"
            "</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\r\n")
    add("card.qfx", text, [(r[0], r[1]) for r in rows], "USD", True, "4111222233334444",
        "OFX 1 SGML credit card statement, no closing tags on elements")


def ofx_bank_xml() -> None:
    rows = [(dt.datetime(2024, 7, 2, 0, 0), D("-9.99"), "SPOTIFY"),
            (dt.datetime(2024, 7, 5, 23, 30), D("2200.00"), "ACME SALARY"),
            (dt.datetime(2024, 7, 16, 10, 0), D("-64.10"), "CARREFOUR"),
            (dt.datetime(2024, 7, 29, 8, 0), D("-700.00"), "LOYER")]
    body = []
    for n, (when, amt, name) in enumerate(rows):
        body.append(f"<STMTTRN><TRNTYPE>{'CREDIT' if amt > 0 else 'DEBIT'}</TRNTYPE>"
                    f"<DTPOSTED>{when.strftime('%Y%m%d%H%M%S')}.000[+1:CET]</DTPOSTED>"
                    f"<TRNAMT>{amt:.2f}</TRNAMT><FITID>FR{n:06d}</FITID><NAME>{name}</NAME>"
                    "</STMTTRN>")
    text = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" '
            'NEWFILEUID="NONE"?>\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE>'
            "<SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20240731</DTSERVER><LANGUAGE>FRA"
            "</LANGUAGE></SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>0</TRNUID>"
            "<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><STMTRS><CURDEF>EUR"
            "</CURDEF><BANKACCTFROM><BANKID>30004</BANKID><BRANCHID>00123</BRANCHID>"
            "<ACCTID>00012345678</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>"
            "<BANKTRANLIST><DTSTART>20240701</DTSTART><DTEND>20240731</DTEND>\n" +
            "\n".join(body) + "\n</BANKTRANLIST><LEDGERBAL><BALAMT>3000.00</BALAMT>"
            "<DTASOF>20240731</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n")
    add("compte.ofx", text, [(r[0].date(), r[1]) for r in rows], "EUR", True, "00012345678",
        "OFX 2 XML with time zone offsets in DTPOSTED")



# ----------------------------------------------------------------------------- more

def de_volksbank() -> None:
    rows = [(d(2024, 2, 1), "Vodafone GmbH", "Mobilfunk 01/24", D("39.99"), "S"),
            (d(2024, 2, 2), "ACME GmbH", "Lohn Februar", D("2987.12"), "H"),
            (d(2024, 2, 9), "REWE", "Kartenzahlung girocard", D("54.30"), "S"),
            (d(2024, 2, 15), "Stadtwerke", "Abschlag Gas", D("1102.00"), "S"),
            (d(2024, 2, 22), "Max Meier", "Rückzahlung", D("25.00"), "H")]
    lines = ['"Volksbank Musterstadt eG"', "", '"Umsatzanzeige"', "",
             '"BLZ:";"12345678";;"Datum:";"29.02.2024"',
             '"Konto:";"1234567";;"Uhrzeit:";"09:12:44"',
             '"Abfrage von:";"Max Muster";;"Kontoinhaber:";"Max Muster"', "",
             '"Zeitraum:";;"von:";"01.02.2024";"bis:";"29.02.2024"', "",
             '"Buchungstag";"Valuta";"Auftraggeber/Zahlungsempfänger";"Empfänger/'
             'Zahlungspflichtiger";"Konto-Nr.";"IBAN";"BLZ";"BIC";"Vorgang/Verwendungszweck";'
             '"Kundenreferenz";"Währung";"Umsatz";" "']
    for day, who, purpose, amt, sh in rows:
        lines.append(csv_line([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y"),
                               "Max Muster", who, "", "", "", "", purpose, "", "EUR",
                               eu(amt), sh], sep=";", quote_all=True))
    lines += ["", csv_line(["29.02.2024", "", "", "", "", "", "", "", "", "Anfangssaldo",
                            "EUR", "1.234,56", "H"], sep=";", quote_all=True),
              csv_line(["29.02.2024", "", "", "", "", "", "", "", "", "Endsaldo", "EUR",
                        eu(D("1234.56") + sum(r[3] if r[4] == "H" else -r[3] for r in rows)),
                        "H"], sep=";", quote_all=True)]
    add("de_volksbank.csv", "\r\n".join(lines) + "\r\n",
        [(r[0], r[3] if r[4] == "H" else -r[3]) for r in rows], "EUR", True, "1234567",
        "unsigned Umsatz with an S/H column, preamble with Konto:, Anfangssaldo/Endsaldo "
        "lines", encoding="cp1252")


def ch_postfinance() -> None:
    own = iban("CH", "0900000012345678 9".replace(" ", ""))
    rows = [(d(2024, 3, 28), "GIRO POST ACME AG LOHN", D("6480.00"), None),
            (d(2024, 3, 25), "KAUF/DIENSTLEISTUNG VOM 24.03.2024 MIGROS ZUERICH", None,
             D("87.45")),
            (d(2024, 3, 15), "LASTSCHRIFT SWISSCOM (SCHWEIZ) AG", None, D("69.00")),
            (d(2024, 3, 5), "E-FINANCE MIETE MAERZ", None, D("2150.00")),
            (d(2024, 3, 1), "TWINT GELD SENDEN AN 079XXX1234", None, D("20.00"))]
    asc = list(reversed(rows))
    amts_asc = [c if c else -dd for _d, _t, c, dd in asc]
    bals = list(reversed(running(D("5873.20"), amts_asc)))

    def ch(x: Decimal) -> str:
        return f"{x:,.2f}".replace(",", "'")
    lines = ["Datum von:;01.03.2024", "Datum bis:;31.03.2024", "Buchungsart:;Alle Buchungen",
             f"Konto:;{own}", "Währung:;CHF",
             "Buchungsdatum;Avisierungstext;Gutschrift in CHF;Lastschrift in CHF;Valuta;"
             "Saldo in CHF"]
    for (day, text, c, dd), bal in zip(rows, bals, strict=True):
        lines.append(";".join([day.strftime("%d.%m.%Y"), text, ch(c) if c else "",
                               "-" + ch(dd) if dd else "", day.strftime("%d.%m.%Y"),
                               ch(bal)]))
    lines += ["", "Disclaimer:", "Dies ist kein durch PostFinance AG erstelltes Dokument."]
    add("ch_postfinance.csv", "\ufeff" + "\n".join(lines) + "\n",
        [(r[0], r[2] if r[2] else -r[3]) for r in rows], "CHF", True, own,
        "apostrophe thousands, Gutschrift/Lastschrift in CHF (debits printed negative), "
        "newest first, key;value preamble, disclaimer footer")


def at_elba() -> None:
    rows = [(d(2024, 4, 2), "NETFLIX.COM 866-579-7172", D("-12.99")),
            (d(2024, 4, 5), "Gehalt ACME GmbH 04/2024", D("2645.30")),
            (d(2024, 4, 12), "BILLA DANKT 1210 WIEN", D("-43.17")),
            (d(2024, 4, 19), "Wiener Netze Teilbetrag", D("-1064.00")),
            (d(2024, 4, 26), "A1 Telekom Austria AG", D("-29.90"))]
    lines = [";".join([day.strftime("%d.%m.%Y"), text, day.strftime("%d.%m.%Y"),
                       eu(amt, sep="", plus=True), "EUR",
                       day.strftime("%d.%m.%Y") + " 10:00:00:000"])
             for day, text, amt in rows]
    add("at_elba.csv", "\r\n".join(lines) + "\r\n", [(r[0], r[2]) for r in rows], "EUR",
        True, "", "headerless semicolon: date, text, value date, +/- comma amount, "
        "currency, timestamp", encoding="latin-1")


def us_schwab() -> None:
    rows = [(d(2024, 5, 2), "ACH", "SPOTIFY USA", D("11.99"), None),
            (d(2024, 5, 6), "ACH", "ACME CORP DIRECT DEP", None, D("3104.55")),
            (d(2024, 5, 10), "ATM", "ATM WITHDRAWAL REBATE", None, D("3.00")),
            (d(2024, 5, 14), "CHECK", "CHECK #112", D("1250.00"), None),
            (d(2024, 5, 23), "VISA", "COSTCO WHSE #0148", D("212.40"), None)]

    def v(x: str | Decimal | None) -> Decimal:
        return D(str(x).replace(",", ""))
    amts = [-v(o) if o is not None else v(i) for *_x, o, i in rows]
    asc_bals = running(D("4210.18"), amts)
    lines = ['"Date","Status","Type","CheckNumber","Description","Withdrawal","Deposit",'
             '"RunningBalance"',
             '"05/28/2024","Pending","VISA","","UBER EATS","$18.20","",""']
    for (day, typ, desc, o, i), bal in reversed(list(zip(rows, asc_bals, strict=True))):
        lines.append(csv_line([day.strftime("%m/%d/%Y"), "Posted", typ,
                               "112" if typ == "CHECK" else "", desc,
                               f"${v(o):,.2f}" if o is not None else "",
                               f"${v(i):,.2f}" if i is not None else "", f"${bal:,.2f}"],
                              quote_all=True))
    txns = list(reversed(list(zip([r[0] for r in rows], amts, strict=True))))
    add("us_schwab_checking.csv", "\n".join(lines) + "\n", txns, "USD", False, "",
        "$ in every money cell, Withdrawal/Deposit, RunningBalance newest first, a Pending "
        "row without balance")


def us_mint() -> None:
    rows = [(d(2024, 6, 28), "Netflix", D("15.49"), "debit", "Television"),
            (d(2024, 6, 25), "Acme Payroll", D("2830.00"), "credit", "Paycheck"),
            (d(2024, 6, 19), "Whole Foods", D("92.13"), "debit", "Groceries"),
            (d(2024, 6, 12), "Transfer from Savings", D("500.00"), "credit", "Transfer"),
            (d(2024, 6, 6), "PG&E", D("131.07"), "debit", "Utilities"),
            (d(2024, 6, 1), "Spotify", D("11.99"), "debit", "Music")]
    lines = ['"Date","Description","Original Description","Amount","Transaction Type",'
             '"Category","Account Name","Labels","Notes"']
    for day, desc, amt, typ, cat in rows:
        lines.append(csv_line([f"{day.month}/{day.day:02d}/{day.year}", desc,
                               desc.upper() + " 06/XX", f"{amt:.2f}", typ, cat,
                               "CHECKING", "", ""], quote_all=True))
    add("us_mint.csv", "\n".join(lines) + "\n",
        [(r[0], r[2] if r[3] == "credit" else -r[2]) for r in rows], "USD", False,
        "CHECKING", "unsigned Amount with a Transaction Type debit/credit column")


def in_sbi() -> None:
    rows = [(d(2024, 5, 3), "BY TRANSFER-UPI/CR/412345/RAHUL/PAYTM", None, D("1500.00")),
            (d(2024, 5, 6), "TO TRANSFER-UPI/DR/412399/NETFLIX/ICIC", D("649.00"), None),
            (d(2024, 5, 10), "ATM WDL-ATM CASH 1234 MUMBAI", D("10000.00"), None),
            (d(2024, 5, 18), "BY TRANSFER-NEFT*ACME PVT LTD*SALARY", None, D("85400.00")),
            (d(2024, 5, 25), "DEBIT-ACHDr HDFC BANK LTD EMI", D("18250.00"), None)]

    def v(x: str | Decimal | None) -> Decimal:
        return D(str(x).replace(",", ""))
    amts = [-v(o) if o is not None else v(i) for _d, _t, o, i in rows]
    bals = running(D("22640.75"), amts)
    lines = ["Account Name       :\tMr. RAHUL KUMAR", "Address            :\tMUMBAI",
             "Date               :\t31 May 2024", "Account Number     :\t_00000012345678901",
             "Account Description:\tREGULAR SB CHQ-INDIVIDUALS", "Branch             :\tANDHERI",
             "Drawing Power      :\t0.00", "Interest Rate(% p.a.):\t2.7",
             "MOD Balance        :\t0.00", "CIF No.            :\t_12345678901",
             "Balance as on 1 May 2024 :\t22,640.75", "",
             "Txn Date\tValue Date\tDescription\tRef No./Cheque No.\t        Debit\tCredit"
             "\tBalance"]
    for n, ((day, desc, o, i), bal) in enumerate(zip(rows, bals, strict=True)):
        dd = f"{day.day} {day.strftime('%b %Y')}"
        lines.append("\t".join([dd, dd, desc, f"TRANSFER FROM {4000 + n}",
                                f"{v(o):,.2f}" if o is not None else " ",
                                f"{v(i):,.2f}" if i is not None else " ", f"{bal:,.2f}"]))
    lines += ["**This is a computer generated statement and does not require a signature."]
    add("in_sbi.xls", "\n".join(lines) + "\n", list(zip([r[0] for r in rows], amts,
                                                        strict=True)),
        "INR", False, "12345678901", "tab-separated text saved as .xls, key : value preamble, "
        "'3 May 2024' dates, Debit/Credit with blank cells, footer line")


def dk_danske() -> None:
    rows = [(d(2024, 7, 1), "Netflix.com", D("-129.00")),
            (d(2024, 7, 5), "Løn ACME A/S", D("28450.00")),
            (d(2024, 7, 12), "Netto 1234 København", D("-312.75")),
            (d(2024, 7, 19), "Husleje juli", D("-9500.00")),
            (d(2024, 7, 26), "MobilePay Anna", D("150.00"))]
    bals = running(D("5120.40"), [r[2] for r in rows])
    lines = ['"Dato";"Tekst";"Beløb";"Saldo";"Status";"Afstemt"']
    for (day, text, amt), bal in zip(rows, bals, strict=True):
        lines.append(csv_line([day.strftime("%d.%m.%Y"), text, eu(amt), eu(bal), "Udført",
                               "Nej"], sep=";", quote_all=True))
    add("dk_danske.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "DKK", False,
        "", "Danish header (Dato/Tekst/Beløb/Saldo), Status 'Udført', dot thousands",
        encoding="cp1252")


def no_dnb() -> None:
    rows = [(d(2024, 8, 2), "Varekjøp REMA 1000 OSLO", D("245.30"), None),
            (d(2024, 8, 5), "Lønn ACME AS", None, D("41200.00")),
            (d(2024, 8, 9), "Nettgiro Husleie", D("12500.00"), None),
            (d(2024, 8, 20), "Vipps *Ola Nordmann", None, D("300.00")),
            (d(2024, 8, 28), "Avtalegiro Telenor", D("549.00"), None)]
    lines = ['"Dato";"Forklaring";"Rentedato";"Uttak fra konto";"Innskudd på konto"']
    for day, text, out, inn in rows:
        lines.append(";".join([day.strftime("%d.%m.%Y"), f'"{text}"', day.strftime("%d.%m.%Y"),
                               eu(out, sep="") if out else "", eu(inn, sep="") if inn else ""]))
    add("no_dnb.csv", "\ufeff" + "\n".join(lines) + "\n",
        [(r[0], -r[2] if r[2] else r[3]) for r in rows], "NOK", False, "",
        "Norwegian split columns 'Uttak fra konto' / 'Innskudd på konto'")


def ru_tinkoff() -> None:
    rows = [(dt.datetime(2024, 9, 2, 14, 23, 1), "OK", D("-799.00"), "Яндекс Плюс"),
            (dt.datetime(2024, 9, 5, 9, 0, 12), "OK", D("85000.00"), "Зарплата"),
            (dt.datetime(2024, 9, 9, 19, 45, 40), "FAILED", D("-2150.00"), "Пятёрочка"),
            (dt.datetime(2024, 9, 14, 12, 10, 3), "OK", D("-1324.50"), "Пятёрочка"),
            (dt.datetime(2024, 9, 21, 8, 30, 55), "OK", D("-45000.00"), "Аренда"),
            (dt.datetime(2024, 9, 28, 22, 1, 9), "OK", D("-349.00"), "Кинопоиск")]
    lines = ['"Дата операции";"Дата платежа";"Номер карты";"Статус";"Сумма операции";'
             '"Валюта операции";"Сумма платежа";"Валюта платежа";"Кэшбэк";"Категория";"MCC";'
             '"Описание";"Бонусы (включая кэшбэк)";"Округление на инвестиционную копилку";'
             '"Сумма операции с округлением"']
    for when, st, amt, desc in rows:
        lines.append(";".join([f'"{when.strftime("%d.%m.%Y %H:%M:%S")}"',
                               f'"{when.strftime("%d.%m.%Y")}"', '"*1234"', f'"{st}"',
                               eu(amt, sep=""), '"RUB"', eu(amt, sep=""), '"RUB"', "",
                               '"Разное"', '"5411"', f'"{desc}"', "0,00", "0,00",
                               eu(abs(amt), sep="")]))
    add("ru_tinkoff.csv", "\n".join(lines) + "\n",
        [(r[0].date(), r[2]) for r in rows if r[1] == "OK"], "RUB", True, "",
        "cp1251, date+time cells, a FAILED row (not booked), 'Сумма операции с округлением' "
        "unsigned", encoding="cp1251")


def in_axis() -> None:
    rows = [(d(2024, 6, 3), "UPI/P2M/415512345678/AMAZON PAY", D("1249.00"), None),
            (d(2024, 6, 7), "NEFT/ACME SOFTWARE PVT LTD/SALARY", None, D("76500.00")),
            (d(2024, 6, 12), "POS/NETFLIX COM/MUMBAI", D("649.00"), None),
            (d(2024, 6, 20), "ATM-CASH/AXIS BANK/PUNE", D("5000.00"), None),
            (d(2024, 6, 27), "ECS/LIC OF INDIA/PREMIUM", D("8420.00"), None)]
    amts = [-o if o is not None else i for _d, _t, o, i in rows]
    bals = running(D("14210.60"), amts)
    lines = ["SRL NO,Tran Date,CHQNO,PARTICULARS,DR,CR,BAL,SOL"]
    for n, ((day, text, o, i), bal) in enumerate(zip(rows, bals, strict=True)):
        lines.append(",".join([str(n + 1), day.strftime("%d-%m-%Y"), "", text,
                               f"{o:.2f}" if o is not None else "",
                               f"{i:.2f}" if i is not None else "", f"{bal:.2f}", "4521"]))
    add("in_axis.csv", "\n".join(lines) + "\n", list(zip([r[0] for r in rows], amts,
                                                          strict=True)),
        "INR", False, "", "DR/CR columns by those names, BAL, DD-MM-YYYY, a constant branch "
        "code column (SOL) that is not the account")


def sg_dbs() -> None:
    rows = [(d(2024, 7, 2), "POS", D("12.80"), None, "NETFLIX.COM"),
            (d(2024, 7, 5), "ICT", None, D("5200.00"), "ACME PTE LTD SALARY"),
            (d(2024, 7, 11), "NETS", D("86.45"), None, "FAIRPRICE FINEST"),
            (d(2024, 7, 18), "GIRO", D("1320.00"), None, "HDB RENT"),
            (d(2024, 7, 29), "POS", D("4.50"), None, "KOPITIAM")]
    lines = ["Account Details For:,POSB Savings Account 123-45678-9",
             "Statement as at:,31 Jul 2024", "Available Balance:,\"6,420.18\"",
             "Ledger Balance:,\"6,420.18\"", "",
             "Transaction Date,Reference,Debit Amount,Credit Amount,Transaction Ref1,"
             "Transaction Ref2,Transaction Ref3"]
    txns = []
    for day, ref, o, i, text in rows:
        lines.append(csv_line([day.strftime("%d %b %Y"), ref, f"{o:,.2f}" if o else "",
                               f"{i:,.2f}" if i else "", text, "", ""]))
        txns.append((day, -o if o else i))
    add("sg_dbs.csv", "\n".join(lines) + "\n", txns, "SGD", False, "123-45678-9",
        "preamble 'Account Details For:' with the account, '05 Jul 2024' dates, "
        "Debit/Credit Amount")


def ca_cibc_card() -> None:
    rows = [(d(2024, 8, 3), "NETFLIX.COM 866-716-0414 ON", D("16.49"), None),
            (d(2024, 8, 8), "LOBLAWS 1234 TORONTO ON", D("104.27"), None),
            (d(2024, 8, 14), "PAYMENT THANK YOU/PAIEMENT MERCI", None, D("600.00")),
            (d(2024, 8, 19), "PETRO-CANADA 0445 TORONTO ON", D("61.30"), None),
            (d(2024, 8, 26), "SPOTIFY P2C8B1 STOCKHOLM", D("10.99"), None),
            (d(2024, 8, 30), "UBER CANADA/UBERTRIP TORONTO ON", D("23.18"), None)]
    lines = [",".join([day.isoformat(), f'"{text}"', f"{o:.2f}" if o else "",
                       f"{i:.2f}" if i else "", "4500********1234"])
             for day, text, o, i in rows]
    add("ca_cibc_card.csv", "\n".join(lines) + "\n",
        [(r[0], -r[2] if r[2] else r[3]) for r in rows], "CAD", False, "1234",
        "headerless card: date, description, charge, payment, masked card number")


def us_cu_parens() -> None:
    rows = [(d(2024, 9, 27), "POS WITHDRAWAL NETFLIX.COM", D("-15.49")),
            (d(2024, 9, 20), "ACH DEPOSIT ACME CORP PAYROLL", D("2214.80")),
            (d(2024, 9, 16), "SHARE DRAFT #1187", D("-950.00")),
            (d(2024, 9, 9), "POS WITHDRAWAL KROGER #412", D("-73.16")),
            (d(2024, 9, 2), "ACH WITHDRAWAL DUKE ENERGY", D("-1,104.32".replace(",", "")))]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("2874.44"), [r[2] for r in asc])))

    def money_cell(x: Decimal) -> str:
        return f"(${-x:,.2f})" if x < 0 else f"${x:,.2f}"
    lines = ["Date,Description,Comments,Check Number,Amount,Balance"]
    for (day, text, amt), bal in zip(rows, bals, strict=True):
        lines.append(csv_line([day.strftime("%m/%d/%Y"), text, "",
                               "1187" if "DRAFT" in text else "", money_cell(amt),
                               money_cell(bal)]))
    add("us_cu_parens.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "USD",
        False, "", "credit-union core export: ($1,104.32) negatives with $ in cells, balance, "
        "newest first")


def at_trailing_minus() -> None:
    rows = [(d(2024, 10, 1), "NETFLIX INTERNATIONAL B.V.", D("-12.99")),
            (d(2024, 10, 3), "GEHALT ACME GMBH", D("3120.45")),
            (d(2024, 10, 9), "SPAR DANKT 5020 SALZBURG", D("-58.12")),
            (d(2024, 10, 15), "MIETE OKTOBER", D("-1250.00")),
            (d(2024, 10, 28), "SALZBURG AG STROM", D("-89.00"))]
    lines = ["Buchungsdatum;Valutadatum;Buchungstext;Betrag;Währung"]
    for day, text, amt in rows:
        cell = eu(abs(amt)) + ("-" if amt < 0 else "")
        lines.append(";".join([day.strftime("%d.%m.%Y"), day.strftime("%d.%m.%Y"), text, cell,
                               "EUR"]))
    add("at_trailing_minus.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "EUR",
        True, "", "SAP-style business export: trailing minus '1.250,00-', no sign on credits",
        encoding="cp1252")


def de_dkb_visa() -> None:
    rows = [(d(2024, 11, 2), d(2024, 11, 1), "Spotify P2A9C1 Stockholm", D("-10.99")),
            (d(2024, 11, 6), d(2024, 11, 4), "AMAZON.DE AMAZON.DE", D("-37.98")),
            (d(2024, 11, 12), d(2024, 11, 12), "Einzahlung", D("500.00")),
            (d(2024, 11, 18), d(2024, 11, 16), "DB Vertrieb GmbH Frankfurt", D("-129.90")),
            (d(2024, 11, 25), d(2024, 11, 24), "Booking.com Amsterdam", D("-244.00"))]
    lines = ['"Kreditkarte:";"4998********1234 Kreditkarte";', "",
             '"Von:";"01.11.2024";', '"Bis:";"30.11.2024";',
             '"Saldo:";"-77.13 EUR";', '"Datum:";"30.11.2024";', "",
             '"Umsatz abgerechnet und nicht im Saldo enthalten";"Wertstellung";"Belegdatum";'
             '"Beschreibung";"Betrag (EUR)";"Ursprünglicher Betrag";']
    for val, beleg, text, amt in reversed(rows):
        lines.append(csv_line(["Ja", val.strftime("%d.%m.%Y"), beleg.strftime("%d.%m.%Y"),
                               text, eu(amt), ""], sep=";", quote_all=True) + ";")
    add("de_dkb_visa.csv", "\n".join(lines) + "\n",
        [(r[0], r[3]) for r in reversed(rows)], "EUR", True, "1234",
        "credit card, Wertstellung (posting) and Belegdatum (purchase) dates, masked card in "
        "preamble, first column yes/no 'Ja'", encoding="cp1252")


def jp_moneyforward() -> None:
    rows = [(d(2024, 12, 27), "ＡＭＡＺＯＮ．ＣＯ．ＪＰ", D("-3980"), "三菱UFJ銀行"),
            (d(2024, 12, 25), "給与 アクメ株式会社", D("312000"), "三菱UFJ銀行"),
            (d(2024, 12, 20), "東京電力エナジーパートナー", D("-8421"), "三菱UFJ銀行"),
            (d(2024, 12, 10), "ネットフリックス", D("-1490"), "三菱UFJ銀行"),
            (d(2024, 12, 3), "セブン－イレブン", D("-648"), "三菱UFJ銀行")]
    lines = ['"計算対象","日付","内容","金額（円）","保有金融機関","大項目","中項目","メモ","振替","ID"']
    for n, (day, text, amt, inst) in enumerate(rows):
        lines.append(csv_line(["1", day.strftime("%Y/%m/%d"), text, f"{amt:,}", inst, "食費",
                               "食料品", "", "0", f"mfid{n:08d}"], quote_all=True))
    add("jp_moneyforward.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "JPY",
        True, "", "Shift-JIS, 金額（円） (full-width parentheses name the yen), signed "
        "integer amounts with thousands", encoding="cp932")


def cn_split() -> None:
    rows = [(dt.datetime(2024, 5, 2, 9, 15, 3), None, D("29.90"), "财付通-美团外卖"),
            (dt.datetime(2024, 5, 10, 18, 2, 44), D("15800.00"), None, "工资 某某科技有限公司"),
            (dt.datetime(2024, 5, 13, 21, 40, 0), None, D("1299.00"), "支付宝-天猫"),
            (dt.datetime(2024, 5, 20, 8, 0, 12), None, D("3500.00"), "房租 王五"),
            (dt.datetime(2024, 5, 27, 12, 30, 55), None, D("68.00"), "中国联通话费")]
    amts = [i if i else -o for _w, i, o, _t in rows]
    bals = running(D("6200.35"), amts)
    lines = ["交易明细", "账户：6217 0012 3456 7890 123", "",
             "交易时间,收入金额,支出金额,账户余额,币种,交易摘要,对方户名"]
    for (when, inn, out, text), bal in zip(rows, bals, strict=True):
        lines.append(csv_line([when.strftime("%Y-%m-%d %H:%M:%S"),
                               f"{inn:,.2f}" if inn else "", f"{out:,.2f}" if out else "",
                               f"{bal:,.2f}", "人民币", text, ""]))
    add("cn_split.csv", "\n".join(lines) + "\n",
        [(r[0].date(), a) for r, a in zip(rows, amts, strict=True)], "CNY", True,
        "62170012345678901 23".replace(" ", ""), "GBK, date+time cells, 收入金额/支出金额 split "
        "columns, 币种 column holding 人民币 (not an ISO code), 账户 in the preamble",
        encoding="gbk")


def br_nuconta() -> None:
    rows = [(d(2024, 3, 1), D("-89.90"), "Pagamento de boleto efetuado - CLARO S.A."),
            (d(2024, 3, 5), D("4250.00"), "Transferência recebida pelo Pix - ACME LTDA"),
            (d(2024, 3, 11), D("-1200.00"), "Transferência enviada pelo Pix - JOSE SILVA"),
            (d(2024, 3, 18), D("-55.90"), "Compra no débito - NETFLIX.COM"),
            (d(2024, 3, 26), D("12.34"), "Rendimento da conta")]
    lines = ["Data,Valor,Identificador,Descrição"]
    for n, (day, amt, text) in enumerate(rows):
        lines.append(csv_line([day.strftime("%d/%m/%Y"), f"{amt:.2f}",
                               f"6601f2a{n}-0000-4000-8000-00000000000{n}", text]))
    add("br_nuconta.csv", "\n".join(lines) + "\n", [(r[0], r[1]) for r in rows], "BRL",
        False, "", "Nubank account: Data,Valor,Identificador,Descrição, DD/MM/YYYY, signed")


def uk_santander_txt() -> None:
    rows = [(d(2024, 3, 28), "CARD PAYMENT TO NETFLIX.COM,10.99 GBP, RATE 1.00/GBP ON "
             "27-03-2024", D("-10.99")),
            (d(2024, 3, 25), "BANK GIRO CREDIT REF ACME LTD SALARY", D("2480.00")),
            (d(2024, 3, 18), "DIRECT DEBIT PAYMENT TO EE LIMITED REF 12345", D("-35.00")),
            (d(2024, 3, 11), "CARD PAYMENT TO TESCO STORES 3217,45.12 GBP", D("-45.12")),
            (d(2024, 3, 4), "STANDING ORDER VIA FASTER PAYMENT TO LANDLORD REF RENT",
             D("-950.00"))]
    asc = list(reversed(rows))
    bals = list(reversed(running(D("1502.77"), [r[2] for r in asc])))
    nb = "\u00a0"
    out = [f"From:{nb}01/03/2024 to 31/03/2024", "", f"Account:{nb}XXXX XXXX XXXX 1234", ""]
    for (day, text, amt), bal in zip(rows, bals, strict=True):
        out += [f"Date:{nb}{day.strftime('%d/%m/%Y')}", f"Description:{nb}{text}",
                f"Amount:{nb}{amt:.2f} ", f"Balance:{nb}{bal:.2f} ", ""]
    add("uk_santander.txt", "\r\n".join(out) + "\r\n", [(r[0], r[2]) for r in rows], "GBP",
        False, "1234", "record blocks (Date:/Description:/Amount:/Balance: lines), NBSP after "
        "the colons, Windows-1252", encoding="cp1252")


def uk_firstdirect() -> None:
    rows = [(d(2024, 4, 1), "NETFLIX.COM", D("-10.99")),
            (d(2024, 4, 3), "ACME LTD SALARY", D("2730.00")),
            (d(2024, 4, 5), "TFL TRAVEL CH", D("-7.40")),
            (d(2024, 4, 8), "SAINSBURYS S/MKT", D("-64.28")),
            (d(2024, 4, 10), "THAMES WATER", D("-38.00")),
            (d(2024, 4, 12), "AMAZON.CO.UK", D("-19.99"))]
    bals = running(D("845.10"), [r[2] for r in rows])
    lines = ["Date,Description,Amount,Balance"]
    for (day, text, amt), bal in zip(rows, bals, strict=True):
        lines.append(csv_line([day.strftime("%d/%m/%Y"), text, f"{amt:.2f}", f"{bal:.2f}"]))
    add("uk_firstdirect.csv", "\n".join(lines) + "\n", [(r[0], r[2]) for r in rows], "GBP",
        False, "", "every day <= 12: the day/month order cannot be told from the dates "
        "(a GBP workspace)")


def us_usbank() -> None:
    rows = [(d(2024, 10, 1), "DEBIT", "NETFLIX.COM", "WEB AUTHORIZED PMT NETFLIX.COM",
             D("-15.49")),
            (d(2024, 10, 2), "CREDIT", "ACME CORP PAYROLL", "ELECTRONIC DEPOSIT ACME CORP",
             D("2215.40")),
            (d(2024, 10, 4), "DEBIT", "XCEL ENERGY", "WEB AUTHORIZED PMT XCEL ENERGY",
             D("-96.12")),
            (d(2024, 10, 7), "DEBIT", "CUB FOODS #1234", "DEBIT PURCHASE -VISA CUB FOODS",
             D("-58.77")),
            (d(2024, 10, 9), "DEBIT", "VERIZON WIRELESS", "WEB AUTHORIZED PMT VERIZON",
             D("-70.00")),
            (d(2024, 10, 11), "DEBIT", "TARGET T-1234", "DEBIT PURCHASE -VISA TARGET",
             D("-23.45"))]
    lines = ['"Date","Transaction","Name","Memo","Amount"']
    for day, typ, name, memo, amt in rows:
        lines.append(csv_line([f"{day.month}/{day.day}/{day.year}", typ, name,
                               f"Download from usbank.com. {memo}", f"{amt:.2f}"],
                              quote_all=True))
    add("us_usbank.csv", "\n".join(lines) + "\n", [(r[0], r[4]) for r in rows], "USD", False,
        "", "every day <= 12 in M/D/YYYY: only the run of the dates (one month, in order) "
        "tells the order; a USD workspace")


BUILDERS = [us_amex, us_discover, us_capitalone, us_citi, us_chase_checking, us_wellsfargo,
            us_bofa, us_credit_union, us_chase_card, us_paypal, uk_monzo, uk_starling,
            uk_barclays, uk_hsbc, uk_nationwide, uk_lloyds, de_dkb, de_sparkasse,
            de_comdirect, de_n26, de_ing, nl_ing, nl_rabobank, nl_abnamro, fr_bnp,
            fr_credit_agricole, fr_boursorama, es_santander, it_fineco, pt_cgd, pl_mbank,
            pl_pko, cz_fio, hu_otp, se_swedbank, se_nordea, fi_op, jp_mufg, jp_rakuten_card,
            kr_kb, cn_bank, in_hdfc, br_nubank, au_commbank, ca_rbc, ca_td, revolut, wise,
            es_bbva_xlsx, it_intesa_xlsx, in_icici_xlsx, uk_barclaycard_xlsx, qif_card,
            qif_bank_eu, ofx_card, ofx_bank_xml, de_volksbank, ch_postfinance, at_elba,
            us_schwab, us_mint, in_sbi, dk_danske, no_dnb, ru_tinkoff, in_axis, sg_dbs,
            ca_cibc_card, us_cu_parens, at_trailing_minus, de_dkb_visa, jp_moneyforward,
            cn_split, br_nuconta, uk_santander_txt, uk_firstdirect, us_usbank]

COLUMNS = ["file", "set", "rows", "first_date", "first_amount", "last_date", "last_amount",
           "net", "money_in_rows", "currency", "currency_named", "account", "notes"]


def main() -> None:
    SPECS.clear()
    for build in BUILDERS:
        build()
    names = sorted(s.name for s in SPECS)
    assert len(names) == len(set(names)), "duplicate file name"
    out = ["\t".join(COLUMNS)]
    for s in sorted(SPECS, key=lambda s: s.name):
        (HERE / s.name).write_bytes(s.data)
        which = "dev" if zlib.crc32(s.name.encode()) % 2 == 0 else "held"
        (fd, fa), (ld, la) = s.txns[0], s.txns[-1]
        out.append("\t".join([s.name, which, str(len(s.txns)), fd.isoformat(), str(fa),
                              ld.isoformat(), str(la), str(sum(a for _, a in s.txns)),
                              str(sum(1 for _, a in s.txns if a > 0)), s.currency,
                              "yes" if s.named else "no", s.account, s.note]))
    (HERE / "EXPECTED.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(SPECS)} files")


if __name__ == "__main__":
    main()
