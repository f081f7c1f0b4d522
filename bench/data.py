"""Seeded statement sets for the performance benchmark, generated with numpy (fast at 1M rows).

A company's cards for 24 months: ~800 accounts, ~300 subscriptions billed monthly (or yearly)
on the accounts that hold them, with descriptor noise (processor prefixes, reference codes,
phone numbers, cities, case), and one-off purchases from a long tail of merchants with store
numbers and references, so the cleaned keys are many but far fewer than the raw texts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

START = dt.date(2024, 11, 1)
MONTHS = 24
WORDS = ("stream", "cloud", "music", "fit", "news", "games", "vpn", "learn", "box", "play",
         "studio", "plus", "prime", "max", "one", "pro", "hub", "go", "now", "pass")
SYLLABLES = ("ka", "lo", "mi", "zen", "tri", "vor", "qua", "pex", "ly", "nor", "sta", "bri",
             "dra", "fen", "gul", "hob", "jin", "kor", "lum", "mop", "nix", "ost", "pur", "rel")
PREFIXES = ("", "", "", "SQ *", "PAYPAL *", "APL*", "GOOGLE *")
CITIES = ("LONDON", "DUBLIN", "AMSTERDAM", "SEATTLE", "BERLIN", "PARIS", "")
SHOPS = ("TESCO STORES", "SHELL", "PRET A MANGER", "UBER *TRIP", "AMZN Mktp US*", "STARBUCKS",
         "SAINSBURYS", "BOOTS", "WHSMITH", "COSTA", "EAT", "TFL TRAVEL", "LIDL", "ZARA")
TRADES = ("CAFE", "LTD", "DELI", "TAXI", "HOTEL", "MARKET", "BAKERY", "PHARMACY", "GARAGE",
          "BOOKS", "FLORIST", "PARKING", "TRAVEL", "SUPPLIES", "BISTRO", "HARDWARE", "PRINT")
#: One-off purchases at the big chains; the rest go to the long tail of small merchants.
CHAIN_SHARE = 0.5
#: Small merchants in the long tail: with 1M rows, about 147k of them are seen (the issue's
#: orientation figure for a year of a company's cards: ~147k cleaned keys, ~379k raw texts).
TAIL_MERCHANTS = 190_000


@dataclass(frozen=True)
class Plan:
    name: str
    descriptor: str
    amount_minor: int


def _brands(rng: np.random.Generator, n: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        parts = rng.choice(SYLLABLES, size=rng.integers(2, 4))
        name = "".join(parts) + " " + str(rng.choice(WORDS))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _merchants(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` small merchants' statement texts: a made-up name and trade, a store number, a
    town (the names may repeat; their texts differ)."""
    syllables = np.array(SYLLABLES)
    lengths = rng.choice([2, 3, 4], p=[0.1, 0.45, 0.45], size=n)
    parts = syllables[rng.integers(0, len(syllables), size=(n, 4))]
    name = pd.Series(parts[:, 0]) + parts[:, 1]
    name = name.where(lengths == 2, name + parts[:, 2])
    name = name.where(lengths < 4, name + parts[:, 3])
    return (name.str.upper() + " " + pd.Series(rng.choice(TRADES, size=n)) + " "
            + pd.Series(rng.integers(100, 9999, size=n).astype(str)) + " "
            + pd.Series(rng.choice(np.array(CITIES), size=n))).str.strip().to_numpy()


def plans(n_subs: int, seed: int) -> list[Plan]:
    rng = np.random.default_rng(seed)
    out = []
    for name in _brands(rng, n_subs):
        minor = int(rng.choice([299, 499, 799, 999, 1099, 1299, 1499, 1999, 2999, 4999]))
        out.append(Plan(name.title(), name.upper().replace(" ", ""), minor))
    return out


def catalogue_yaml(subs: list[Plan]) -> str:
    """The company's catalogue: each plan is a seat per card (``per_account``), as the
    generated holdings are."""
    return "".join(f"- {{name: {p.name}, match: {p.descriptor.lower()}, amount: "
                   f"{p.amount_minor // 100}.{p.amount_minor % 100:02d}, every: month, "
                   "per_account: true}\n" for p in subs)


def pattern_catalogue_yaml(subs: list[Plan]) -> str:
    """The same catalogue written with ``patterns``, as users write them for descriptors
    they share or that a fuzzy alias would miss: a plain literal, an optional processor
    prefix with a word boundary, and the descriptor with its reference number (each plan
    gets one form in turn). Each matches the same charges as the alias catalogue."""
    def pattern(i: int, p: Plan) -> str:
        words = p.name.upper().split()
        if i % 3 == 0:
            return p.descriptor
        if i % 3 == 1:
            return rf"^(?:[A-Z]+ ?\*)?{' ?'.join(words)}\b"
        spaced = r"\s*".join(w.lower() for w in words)
        return spaced + r"\s+\d{6}"

    return "".join(f"- {{name: {p.name}, patterns: ['{pattern(i, p)}'], amount: "
                   f"{p.amount_minor // 100}.{p.amount_minor % 100:02d}, every: month, "
                   "per_account: true}\n" for i, p in enumerate(subs))


def generate(rows: int, seed: int = 5, n_accounts: int = 800, n_subs: int = 300) -> pd.DataFrame:
    """A statement frame: Date, Account, Description, Amount (text), Currency; ``rows`` rows."""
    rng = np.random.default_rng(seed)
    subs = plans(n_subs, seed)
    accounts = np.array([f"Card {1000 + i:04d}" for i in range(n_accounts)])
    # subscriptions: each account holds a few plans, charged monthly on its billing day
    # enough plans per card for 30% of the rows at every size (rounded up: rounding down
    # gave 23% of the rows at 250k and 29% at 1M, so per-charge work grew 5x for 4x rows)
    holdings = max(1, min(n_subs, math.ceil(rows * 0.3 / MONTHS / n_accounts)))
    sub_idx = rng.integers(0, n_subs, size=(n_accounts, holdings)).ravel()
    acc_idx = np.repeat(np.arange(n_accounts), holdings)
    day = rng.integers(1, 29, size=sub_idx.size)
    months = np.arange(MONTHS)
    s_acc = np.repeat(acc_idx, MONTHS)
    s_sub = np.repeat(sub_idx, MONTHS)
    s_day = np.repeat(day, MONTHS)
    s_month = np.tile(months, sub_idx.size)
    n_sub_rows = min(s_acc.size, int(rows * 0.3))
    keep = np.sort(rng.choice(s_acc.size, size=n_sub_rows, replace=False))
    s_acc, s_sub, s_day, s_month = s_acc[keep], s_sub[keep], s_day[keep], s_month[keep]
    base = np.datetime64(START.isoformat(), "M")
    s_dates = (base + s_month.astype("timedelta64[M]")).astype("datetime64[D]") + (s_day - 1)
    prefix = rng.choice(PREFIXES, size=n_sub_rows)
    city = rng.choice(CITIES, size=n_sub_rows)
    descriptors = np.array([p.descriptor for p in subs])[s_sub]
    ref = rng.integers(100000, 999999, size=n_sub_rows).astype(str)
    s_text = pd.Series(prefix) + pd.Series(descriptors) + " " + pd.Series(ref) + " " + city
    s_amount = np.array([p.amount_minor for p in subs])[s_sub]
    # one-offs: chains with store numbers, and a long tail of small merchants, each with a
    # store number and town of its own (its raw text repeats; few merchants are seen twice)
    n_one = rows - n_sub_rows
    chain = rng.random(n_one) < CHAIN_SHARE
    n_chain = int(chain.sum())
    o_text = pd.Series(np.empty(n_one, dtype=object))
    o_text[chain] = (pd.Series(rng.choice(SHOPS, size=n_chain)) + " "
                     + pd.Series(rng.integers(1, 400, size=n_chain).astype(str)) + " "
                     + pd.Series(rng.choice(np.array(CITIES), size=n_chain))).to_numpy()
    n_tail = max(1, min(TAIL_MERCHANTS, int(TAIL_MERCHANTS * rows / 1_000_000)))
    merchants = _merchants(rng, n_tail)
    o_text[~chain] = merchants[rng.integers(0, n_tail, size=n_one - n_chain)]
    o_acc = rng.integers(0, n_accounts, size=n_one)
    o_dates = np.datetime64(START.isoformat(), "D") + rng.integers(0, MONTHS * 30, size=n_one)
    o_amount = rng.integers(100, 25000, size=n_one)
    frame = pd.DataFrame({
        "Date": np.concatenate([s_dates, o_dates]),
        "Account": accounts[np.concatenate([s_acc, o_acc])],
        "Description": pd.concat([s_text, o_text], ignore_index=True).str.strip(),
        "minor": -np.concatenate([s_amount, o_amount]),
    }).sort_values(["Date", "Account"], kind="stable", ignore_index=True)
    whole, cents = np.divmod(-frame["minor"].to_numpy(), 100)
    frame["Amount"] = "-" + pd.Series(whole).astype(str) + "." + pd.Series(cents).astype(
        str).str.zfill(2)
    frame["Currency"] = "GBP"
    frame["Date"] = pd.to_datetime(frame["Date"]).dt.strftime("%Y-%m-%d")
    return frame[["Date", "Account", "Description", "Amount", "Currency"]]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def write_ofx(frame: pd.DataFrame, path: Path, xml: bool) -> None:
    """One account's statement as OFX 1.x (SGML, no closing tags) or 2.x (XML)."""
    end = "</{}>" if xml else ""
    trn = [
        f"<STMTTRN><TRNTYPE>DEBIT{end.format('TRNTYPE')}<DTPOSTED>{d.replace('-', '')}"
        f"{end.format('DTPOSTED')}<TRNAMT>{a}{end.format('TRNAMT')}<FITID>{i}"
        f"{end.format('FITID')}<NAME>{t[:32].replace('&', '&amp;')}{end.format('NAME')}"
        "</STMTTRN>"
        for i, (d, t, a) in enumerate(zip(frame["Date"], frame["Description"], frame["Amount"],
                                          strict=True))]
    if xml:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" '
                'SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n')
    else:
        head = ("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
                "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n")
    first, last = frame["Date"].iloc[0].replace("-", ""), frame["Date"].iloc[-1].replace("-", "")
    path.write_text(
        head + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY>"
        "</STATUS><DTSERVER>20261121</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>"
        "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO"
        "</SEVERITY></STATUS><CCSTMTRS><CURDEF>GBP</CURDEF><CCACCTFROM><ACCTID>4111</ACCTID>"
        f"</CCACCTFROM><BANKTRANLIST><DTSTART>{first}</DTSTART><DTEND>{last}</DTEND>\n"
        + "\n".join(trn) + "\n</BANKTRANLIST><LEDGERBAL><BALAMT>0.00</BALAMT><DTASOF>"
        f"{last}</DTASOF></LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n")
    if not xml:  # SGML leaves leaf elements unclosed
        text = path.read_text()
        for tag in ("CODE", "SEVERITY", "DTSERVER", "LANGUAGE", "TRNUID", "CURDEF", "ACCTID",
                    "DTSTART", "DTEND", "BALAMT", "DTASOF"):
            text = text.replace(f"</{tag}>", "")
        path.write_text(text)


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Statement")
    ws.append(["Date", "Account", "Description", "Amount", "Currency"])
    for d, a, t, m, c in frame.itertuples(index=False):
        ws.append([dt.date.fromisoformat(d), a, t, float(m), c])
    wb.save(path)
