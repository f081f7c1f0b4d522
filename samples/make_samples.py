"""Regenerate the bundled sample statements: three months, three accounts.

    python samples/make_samples.py

Writes, for August-October 2026:
  card-2026-MM.ofx      Visa credit card, OFX 1.x SGML (FITIDs)
  current-2026-MM.csv   current account, UK-style CSV (Money Out / Money In), DD/MM/YYYY;
                        each statement overlaps the previous one by a few days
  amex-2026-MM.xlsx     second card, XLSX with a two-line preamble

Planted for the detectors (and listed in samples/rules/subscriptions.yaml):
  price rise           Netflix 10.99 -> 12.99 from October (card)
  double charge        Spotify charged twice on 2026-09-07 (card)
  after cancellation   PureGym cancelled 2026-08-31, still charged in Sept and Oct (current)
  missed month         iCloud+ charged Aug and Sept, not October (card)
  annual renewal       Amazon Prime 95.00 on 2026-09-18 (amex)
  trial turned paid    Disney+ trial ends 2026-09-14, first charge 8.99 on 2026-09-15 (amex)
  unknown recurring    "NOWTV" 9.99 monthly, not in the catalogue (amex)
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
MONTHS = ((2026, 8), (2026, 9), (2026, 10))
D = Decimal


def _d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


def card_rows(rng: random.Random) -> list[tuple[dt.date, Decimal, str]]:
    rows: list[tuple[dt.date, Decimal, str]] = []
    for y, m in MONTHS:
        rows.append((_d(y, m, 3), D("-12.99") if m == 10 else D("-10.99"),
                     "NETFLIX.COM 866-579-7172 CA"))
        rows.append((_d(y, m, 7), D("-11.99"), "SPOTIFY P1A2B3C4D5 STOCKHOLM"))
        if m == 9:
            rows.append((_d(y, m, 7), D("-11.99"), "SPOTIFY P1A2B3C4D5 STOCKHOLM"))
        if m != 10:
            rows.append((_d(y, m, 12), D("-2.99"), "APPLE.COM/BILL 866-712-7753 IE"))
        for _ in range(6):
            day = rng.randint(1, 28)
            shop = rng.choice(["TESCO STORES 3217", "PRET A MANGER #114", "TFL TRAVEL CH",
                               "WAITROSE 722", "SQ *BLUE BOTTLE COFFEE", "BOOTS 1123"])
            rows.append((_d(y, m, day), -D(rng.randint(250, 6400)) / 100, shop))
        rows.append((_d(y, m, 25), D("350.00"), "PAYMENT RECEIVED - THANK YOU"))
    return sorted(rows, key=lambda r: r[0])


def current_rows(rng: random.Random) -> list[tuple[dt.date, Decimal, str]]:
    rows: list[tuple[dt.date, Decimal, str]] = []
    for y, m in MONTHS:
        rows.append((_d(y, m, 1), D("-1250.00"), "RENT STANDING ORDER FLAT 4"))
        rows.append((_d(y, m, 2), D("-24.99"), "PUREGYM LTD DD 0098812"))
        rows.append((_d(y, m, 15), D("-42.00"), "OCTOPUS ENERGY DD"))
        rows.append((_d(y, m, 27), D("2450.00"), "ACME LTD SALARY"))
        rows.append((_d(y, m, 25), D("-350.00"), "VISA CARD PAYMENT"))
        for _ in range(3):
            rows.append((_d(y, m, rng.randint(3, 26)), -D(rng.randint(500, 9000)) / 100,
                         rng.choice(["CASH WITHDRAWAL LINK 0921", "SAINSBURYS 0412",
                                     "AMAZON.CO.UK MKTPLACE"])))
    return sorted(rows, key=lambda r: r[0])


def amex_rows() -> list[tuple[dt.date, Decimal, str]]:
    rows = [
        (_d(2026, 9, 18), D("-95.00"), "AMAZON PRIME*RT4Y7 AMZN.CO.UK/PM"),
        (_d(2026, 9, 15), D("-8.99"), "DISNEY PLUS LONDON"),
        (_d(2026, 10, 15), D("-8.99"), "DISNEY PLUS LONDON"),
        (_d(2026, 8, 21), D("-64.20"), "JOHN LEWIS 0322"),
        (_d(2026, 10, 2), D("-18.40"), "UBER *TRIP HELP.UBER.COM"),
    ]
    for y, m in MONTHS:
        rows.append((_d(y, m, 9), D("-9.99"), "NOWTV.COM LONDON"))
    return sorted(rows, key=lambda r: r[0])


def _month_end(y: int, m: int) -> dt.date:
    return (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1))


def write_ofx(rows: list[tuple[dt.date, Decimal, str]], y: int, m: int) -> None:
    start, end = dt.date(y, m, 1), _month_end(y, m)
    trns = []
    for i, (date, amount, text) in enumerate(r for r in rows if start <= r[0] <= end):
        kind = "CREDIT" if amount > 0 else "DEBIT"
        trns.append(
            f"<STMTTRN>\n<TRNTYPE>{kind}\n<DTPOSTED>{date:%Y%m%d}120000[0:GMT]\n"
            f"<TRNAMT>{amount}\n<FITID>{date:%Y%m%d}{i:04d}\n<NAME>{text[:32]}\n</STMTTRN>"
        )
    body = "\n".join(trns)
    text = f"""OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>
<DTSERVER>{end:%Y%m%d}235959<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<CCSTMTRS><CURDEF>GBP<CCACCTFROM><ACCTID>4929000011114321</CCACCTFROM>
<BANKTRANLIST><DTSTART>{start:%Y%m%d}<DTEND>{end:%Y%m%d}
{body}
</BANKTRANLIST>
<LEDGERBAL><BALAMT>-250.00<DTASOF>{end:%Y%m%d}</LEDGERBAL>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>
</OFX>
"""
    (HERE / f"card-{y}-{m:02d}.ofx").write_text(text.replace("\n", "\r\n"), encoding="ascii",
                                                  newline="")


def write_csv(rows: list[tuple[dt.date, Decimal, str]], y: int, m: int) -> None:
    start = dt.date(y, m, 1) - dt.timedelta(days=7 if (y, m) != MONTHS[0] else 0)
    end = _month_end(y, m)
    balance = D("3100.00")
    lines = ["Date,Description,Money Out,Money In,Balance"]
    for date, amount, text in rows:
        balance += amount
        if start <= date <= end:
            out = f"{-amount:.2f}" if amount < 0 else ""
            inn = f"{amount:.2f}" if amount > 0 else ""
            lines.append(f"{date:%d/%m/%Y},{text},{out},{inn},{balance:.2f}")
    (HERE / f"current-{y}-{m:02d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(rows: list[tuple[dt.date, Decimal, str]], y: int, m: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Statement"
    ws.append(["American Express statement", f"{y}-{m:02d}"])
    ws.append(["Card Member", "J SMITH ending 31004"])
    ws.append([])
    ws.append(["Date", "Description", "Amount", "Currency"])
    for date, amount, text in rows:
        if (date.year, date.month) == (y, m):
            ws.append([date, text, float(amount), "GBP"])
    for row in ws.iter_rows(min_row=5, min_col=1, max_col=1):
        row[0].number_format = "dd/mm/yyyy"
    wb.properties.created = dt.datetime(y, m, 28)
    wb.properties.modified = dt.datetime(y, m, 28)
    wb.save(HERE / f"amex-{y}-{m:02d}.xlsx")


def main() -> None:
    rng = random.Random(20260801)
    card, current, amex = card_rows(rng), current_rows(rng), amex_rows()
    for y, m in MONTHS:
        write_ofx(card, y, m)
        write_csv(current, y, m)
        write_xlsx(amex, y, m)


if __name__ == "__main__":
    main()
