"""Parse speed of the record formats: ``python -m bench.formats [ENTRIES]`` (default 100000).

Writes one camt.053, one MT940 and one QIF file of ENTRIES entries each (two statements, the
balances consistent, descriptions varied) into a temporary folder and times
``parse_statement`` on each: seconds, entries per second and peak RSS growth.
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from recon.parsers import ParseOptions, parse_statement

_MERCHANTS = ("Streamflix GmbH", "Coffee House", "Mobile Telecom", "Book Store", "Hausverwaltung")


def _amounts(n: int) -> list[int]:
    """Deterministic signed cents: mostly small debits, a salary every 40 entries."""
    return [250_000 if i % 40 == 0 else -(((i * 7919) % 9_000) + 99) for i in range(n)]


def _day(i: int, n: int) -> dt.date:
    return dt.date(2023, 1, 1) + dt.timedelta(days=i * 365 // max(n, 1))


def camt_file(n: int) -> bytes:
    """A camt.053.001.08 document with two statements holding ``n`` entries in all."""
    halves = [range(0, n // 2), range(n // 2, n)]
    amounts = _amounts(n)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
           "<BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId></GrpHdr>\n"]
    balance = 100_000_00
    for s, part in enumerate(halves):
        closing = balance + sum(amounts[i] for i in part)
        out.append(f"<Stmt><Id>S{s}</Id><Acct><Id><IBAN>DE8937040044053201300{s}</IBAN></Id>"
                   f"<Ccy>EUR</Ccy></Acct>{_bal('OPBD', balance)}{_bal('CLBD', closing)}\n")
        for i in part:
            a = amounts[i]
            party = "Dbtr" if a > 0 else "Cdtr"
            out.append(
                f'<Ntry><Amt Ccy="EUR">{abs(a) / 100:.2f}</Amt>'
                f"<CdtDbtInd>{'CRDT' if a > 0 else 'DBIT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
                f"<BookgDt><Dt>{_day(i, n)}</Dt></BookgDt><ValDt><Dt>{_day(i, n)}</Dt></ValDt>"
                f"<AcctSvcrRef>R{i:09d}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><{party}>"
                f"<Pty><Nm>{_MERCHANTS[i % 5]}</Nm></Pty></{party}></RltdPties>"
                f"<RmtInf><Ustrd>Invoice {i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n")
        out.append("</Stmt>\n")
        balance = closing
    out.append("</BkToCstmrStmt></Document>\n")
    return "".join(out).encode("utf-8")


def _bal(code: str, cents: int) -> str:
    ind = "CRDT" if cents >= 0 else "DBIT"
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
            f'<Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
            "<Dt><Dt>2023-01-01</Dt></Dt></Bal>")


def _swift(cents: int) -> str:
    return f"{abs(cents) // 100},{abs(cents) % 100:02d}"


def mt940_file(n: int) -> bytes:
    """An MT940 file with two statements holding ``n`` entries in all."""
    amounts = _amounts(n)
    out = []
    balance = 100_000_00
    for s, part in enumerate([range(0, n // 2), range(n // 2, n)]):
        closing = balance + sum(amounts[i] for i in part)
        out.append(f":20:BENCH{s}\n:25:DE8937040044053201300{s}\n:28C:{s + 1:05d}/001\n"
                   f":60F:{'C' if balance >= 0 else 'D'}230101EUR{_swift(balance)}\n")
        for i in part:
            a, day = amounts[i], _day(i, n)
            out.append(f":61:{day:%y%m%d}{day:%m%d}{'C' if a > 0 else 'D'}{_swift(a)}NTRF"
                       f"NONREF//B{i:09d}\n:86:166?00SEPA?20SVWZ+Invoice {i}"
                       f"?32{_MERCHANTS[i % 5]}\n")
        out.append(f":62F:{'C' if closing >= 0 else 'D'}231231EUR{_swift(closing)}\n-\n")
        balance = closing
    return "".join(out).encode("utf-8")


def qif_file(n: int) -> bytes:
    amounts = _amounts(n)
    out = ["!Type:Bank\n"]
    for i, a in enumerate(amounts):
        day = _day(i, n)
        out.append(f"D{day:%m/%d/%Y}\nP{_MERCHANTS[i % 5]}\nMInvoice {i}\nT{a / 100:.2f}\n^\n")
    return "".join(out).encode("utf-8")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("camt.xml", camt_file), ("statement.sta", mt940_file),
                           ("register.qif", qif_file)):
            path = Path(tmp) / name
            path.write_bytes(make(n))
            rss = _rss_mb()
            start = time.perf_counter()
            result = parse_statement(path, ParseOptions(currency="EUR"))
            took = time.perf_counter() - start
            assert len(result.frame) == n, (name, len(result.frame), result.rejected[:3])
            print(f"{result.parser:6} {n:>8} entries {path.stat().st_size / 1e6:7.1f} MB "
                  f"{took:7.2f} s {n / took:>9,.0f}/s  peak RSS +{_rss_mb() - rss:.0f} MB")


if __name__ == "__main__":
    main()
