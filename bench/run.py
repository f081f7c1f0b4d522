"""Import benchmark: generate seeded statements, time each stage of `recon import`.

    python -m bench.run [--rows N]

Prints seconds and rows/s for parse, normalise and store, for a CSV, an OFX and an XLSX of
N rows (default 100,000; the XLSX and OFX get N/5 to keep a run short), plus the floor
`pandas.read_csv` on the same CSV. The full performance benchmark (1M rows, match, detect,
report, peers) is issue 5's and builds on this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from recon.normalise import normalise
from recon.parsers import ParseOptions, parse_statement
from recon.store import Ledger

MERCHANTS = ["NETFLIX.COM 866-579-7172", "SPOTIFY P1A2B3", "TESCO STORES {n}", "SQ *CAFE {n}",
             "AMZN Mktp US*{n}K4LL1", "UBER *TRIP", "APPLE.COM/BILL", "SHELL {n}"]


def _rows(n: int, seed: int = 7) -> list[tuple[dt.date, str, str]]:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    out = []
    for _ in range(n):
        d = start + dt.timedelta(days=rng.randint(0, 364))
        text = rng.choice(MERCHANTS).format(n=rng.randint(100, 999))
        out.append((d, f"-{rng.randint(1, 20000) / 100:.2f}", text))
    out.sort()
    return out


def write_csv(path: Path, rows: list[tuple[dt.date, str, str]]) -> None:
    with path.open("w") as fh:
        fh.write("Date,Description,Amount,Currency\n")
        for d, a, t in rows:
            fh.write(f"{d:%d/%m/%Y},{t},{a},GBP\n")


def write_ofx(path: Path, rows: list[tuple[dt.date, str, str]]) -> None:
    body = "\n".join(
        f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{d:%Y%m%d}<TRNAMT>{a}<FITID>{i}<NAME>{t}</STMTTRN>"
        for i, (d, a, t) in enumerate(rows)
    )
    path.write_text(
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:USASCII\nCHARSET:1252\n\n<OFX>"
        "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>GBP<CCACCTFROM><ACCTID>4111"
        f"</CCACCTFROM><BANKTRANLIST>\n{body}\n</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS>"
        "</CREDITCARDMSGSRSV1></OFX>\n"
    )


def write_xlsx(path: Path, rows: list[tuple[dt.date, str, str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Statement")
    ws.append(["Date", "Description", "Amount", "Currency"])
    for d, a, t in rows:
        ws.append([d, t, float(a), "GBP"])
    wb.save(path)


def time_import(path: Path, ledger: Ledger) -> dict[str, float]:
    t0 = time.perf_counter()
    result = parse_statement(path, ParseOptions(currency="GBP", account="bench"))
    t1 = time.perf_counter()
    frame = normalise(result.frame)
    t2 = time.perf_counter()
    ledger.store(frame, path, result.parser, len(frame), [])
    t3 = time.perf_counter()
    return {"rows": len(frame), "parse": t1 - t0, "normalise": t2 - t1, "store": t3 - t2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = {
            "csv": (root / "big.csv", args.rows, write_csv),
            "ofx": (root / "big.ofx", args.rows // 5, write_ofx),
            "xlsx": (root / "big.xlsx", args.rows // 5, write_xlsx),
        }
        print(f"{'file':6} {'rows':>8} {'parse s':>8} {'norm s':>8} {'store s':>8} {'total s':>8} {'rows/s':>9}")
        for name, (path, n, writer) in files.items():
            writer(path, _rows(n))
            with Ledger(root / f"{name}.sqlite") as ledger:
                t = time_import(path, ledger)
            total = t["parse"] + t["normalise"] + t["store"]
            print(f"{name:6} {t['rows']:8.0f} {t['parse']:8.2f} {t['normalise']:8.2f} "
                  f"{t['store']:8.2f} {total:8.2f} {t['rows'] / total:9.0f}")
        t0 = time.perf_counter()
        pd.read_csv(files["csv"][0])
        floor = time.perf_counter() - t0
        print(f"floor: pandas.read_csv on the same CSV {floor:.2f} s")
        with Ledger(root / "csv.sqlite") as ledger:
            again = time_import(files["csv"][0], ledger)
        print(f"re-import of the CSV (all already present): "
              f"{again['parse'] + again['normalise'] + again['store']:.2f} s")


if __name__ == "__main__":
    main()
