"""``python -m bench.unseen [--dir bench/unseen2] [--set dev|held|held2|all] [-v]``: held-out
statement files, measured (``--dir`` picks the set directory, default ``bench/unseen``).

``bench/unseen/`` holds statements written in the shapes real banks and card issuers export
(see ``bench/unseen/_make.py``); ``EXPECTED.tsv`` says, per file, the rows to import, the first
and last transaction (date, signed amount) in file order, the net of all rows, how many are
money in, the currency and the account where the file names one. The files are split into a
``dev`` half (mechanisms may be fixed on it) and a ``held`` half (only measured: never tune on
it).

Each file is imported with recon's library into a fresh temporary workspace, as a user would:
a file that names no currency gets the workspace currency (the expected one); a file that
names its currency gets a workspace whose currency is another one, so that the currency must
come from the file. Classes, worst first:

- WRONG: imported with exit 0, but a value is wrong (count too high, a first/last date or
  amount, the net, the money-in count, the currency, the account, or every row given the
  same description). ``*`` marks a file where
  recon said it could not decide something (a --sign/--date-order warning).
- REFUSED: the import refused the file (the message), also with --skip-bad-rows.
- PARTIAL: rows that are transactions were rejected (exit 0 with fewer rows, or refused for bad
  rows that --skip-bad-rows leaves out); the rows imported are right.
- EXACT: everything right.

`bench/unseen/DIAGNOSIS.md` says why each non-EXACT file fails on main, by mechanism.
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from recon import money
from recon.parsers import ParseOptions
from recon.pipeline import FileReport, Workspace, import_files, init_workspace

HERE = Path(__file__).resolve().parent / "unseen"
CLASSES = ("WRONG", "REFUSED", "PARTIAL", "EXACT")


@dataclass
class Outcome:
    file: str
    set: str
    cls: str
    detail: str
    warned: bool = False


def expected(here: Path | None = None) -> list[dict[str, str]]:
    with ((here or HERE) / "EXPECTED.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _norm_account(text: str) -> str:
    return re.sub(r"[\s\-/.*']", "", str(text)).upper()


def _account_ok(want: str, got: str) -> bool:
    w, g = _norm_account(want), _norm_account(got)
    return bool(g) and (w == g or (len(g) >= 4 and (w in g or g in w)))


def _order_key(loc: object) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(loc))) or (0,)


def _import(path: Path, currency: str, skip_bad_rows: bool) -> FileReport:
    with tempfile.TemporaryDirectory(prefix="recon-unseen-") as tmp:
        root = Path(tmp) / "ws"
        init_workspace(root, currency=currency)
        reports = import_files([path], Workspace(root), ParseOptions(),
                               skip_bad_rows=skip_bad_rows, keep_rows=True)
    return reports[0]


def _rows(report: FileReport) -> list[tuple[str, Decimal, str, str]]:
    """(date, amount, currency, account) of each imported row, in file order."""
    if report.added is None:
        return []
    frame = report.added.rows
    order = sorted(range(len(frame)), key=lambda i: _order_key(frame["source_row"].iloc[i]))
    out = []
    for i in order:
        row = frame.iloc[i]
        cur = str(row["currency"])
        out.append((str(row["posted_date"])[:10],
                    money.from_minor(int(row["amount_minor"]), cur), cur, str(row["account"])))
    return out


def _descriptions(report: FileReport) -> list[str]:
    if report.added is None:
        return []
    return [str(t) for t in report.added.rows["description_raw"]]


def _warned(report: FileReport) -> bool:
    return any("--sign" in w or "--date-order" in w for w in report.warnings)


def classify(exp: dict[str, str], here: Path | None = None) -> Outcome:
    path = (here or HERE) / exp["file"]
    named = exp["currency_named"] == "yes"
    decoy = "EUR" if exp["currency"] == "USD" else "USD"
    currency = decoy if named else exp["currency"]
    out = Outcome(exp["file"], exp["set"], "", "")
    try:
        report = _import(path, currency, skip_bad_rows=False)
    except Exception as exc:  # noqa: BLE001 - a measurement: name the bug, go on
        out.cls, out.detail = "REFUSED", f"CRASH {type(exc).__name__}: {exc}"
        return out
    refused = None
    if report.error is not None:
        refused = f"{report.error.message}" + (f" (line {report.error.line})"
                                               if report.error.line else "")
        try:
            report = _import(path, currency, skip_bad_rows=True)
        except Exception as exc:  # noqa: BLE001
            out.cls, out.detail = "REFUSED", f"{refused}; CRASH {type(exc).__name__}: {exc}"
            return out
        if report.error is not None or not report.imported:
            out.cls, out.detail = "REFUSED", refused
            return out
    out.warned = _warned(report)
    rows = _rows(report)
    want_n = int(exp["rows"])
    first = (exp["first_date"], Decimal(exp["first_amount"]))
    last = (exp["last_date"], Decimal(exp["last_amount"]))
    got = [(d, a) for d, a, _c, _acct in rows]
    wrong: list[str] = []
    if len(rows) > want_n:
        wrong.append(f"{len(rows)} rows imported, {want_n} expected")
    currencies = {c for _d, _a, c, _acct in rows}
    if currencies != {exp["currency"]}:
        wrong.append(f"currency {','.join(sorted(currencies))} (expected {exp['currency']})")
    accounts = {acct for *_x, acct in rows}
    if exp["account"]:
        bad = sorted(a for a in accounts if not _account_ok(exp["account"], a))
        if bad:
            wrong.append(f"account {bad[0]!r} (expected {exp['account']!r})")
    elif len(accounts) > 1:
        wrong.append(f"{len(accounts)} accounts in one file (e.g. {sorted(accounts)[:2]})")
    texts = _descriptions(report)
    if len(texts) >= 3 and len(set(texts)) == 1:
        wrong.append(f"every description is {texts[0]!r} (a constant column)")
    if len(rows) >= want_n:
        if got and got[0] != first:
            wrong.append(f"first {got[0][0]} {got[0][1]} (expected {first[0]} {first[1]})")
        if got and got[-1] != last:
            wrong.append(f"last {got[-1][0]} {got[-1][1]} (expected {last[0]} {last[1]})")
        net = sum((a for _d, a in got), Decimal(0))
        if len(rows) == want_n and net != Decimal(exp["net"]):
            wrong.append(f"net {net} (expected {exp['net']})")
        ins = sum(1 for _d, a in got if a > 0)
        if len(rows) == want_n and ins != int(exp["money_in_rows"]):
            wrong.append(f"{ins} money-in rows (expected {exp['money_in_rows']})")
    else:  # rows missing: the rows that came must still be right
        dates = {d for d, _a in got}
        for label, (d, a) in (("first", first), ("last", last)):
            if d in dates and (d, a) not in got and a not in {x for dd, x in got if dd == d}:
                near = [x for dd, x in got if dd == d]
                wrong.append(f"{label} {d} {near[0]} (expected {a})")
    if wrong:
        out.cls = "WRONG"
        out.detail = "; ".join(wrong)
        if refused:
            out.detail += f" [default import refused: {refused}]"
        return out
    if len(rows) < want_n or refused:
        reasons = Counter(r.reason for r in report.rejected)
        top = "; ".join(f"{n}x {why}" for why, n in reasons.most_common(2))
        out.cls = "PARTIAL"
        out.detail = (f"{len(rows)}/{want_n} rows" + (f", refused without --skip-bad-rows: "
                                                      f"{refused}" if refused else "")
                      + (f"; rejected: {top}" if top else ""))
        return out
    out.cls, out.detail = "EXACT", f"{len(rows)} rows"
    return out


def main(argv: list[str]) -> int:
    which = "all"
    if "--set" in argv:
        which = argv[argv.index("--set") + 1]
    here = HERE
    if "--dir" in argv:
        here = Path(argv[argv.index("--dir") + 1]).resolve()
    verbose = "-v" in argv
    rows = [e for e in expected(here) if which == "all" or e["set"] == which]
    start = time.perf_counter()
    outcomes = []
    for exp in rows:
        o = classify(exp, here)
        outcomes.append(o)
        mark = "*" if o.warned else " "
        if verbose or o.cls != "EXACT":
            print(f"{o.set:4} {o.cls:7}{mark} {o.file:28} {o.detail[:300]}")
        else:
            print(f"{o.set:4} {o.cls:7}{mark} {o.file}")
    print()
    print(f"{'set':5} " + " ".join(f"{c:>7}" for c in CLASSES) + "   files")
    for s in sorted({o.set for o in outcomes}) + ["all"]:
        sel = [o for o in outcomes if s == "all" or o.set == s]
        counts = Counter(o.cls for o in sel)
        print(f"{s:5} " + " ".join(f"{counts.get(c, 0):>7}" for c in CLASSES) +
              f"   {len(sel)}")
    print(f"({time.perf_counter() - start:.1f} s; * = recon warned it could not decide)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
