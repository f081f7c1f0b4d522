"""OFX 1.x (SGML), OFX 2.x (XML), QFX and QBO statements.

Stages, after ofxtools: the header (declared charset), then safety checks, then the body.
Values come from ofxparse where it reads the file; ``ofx_scan`` supplies line numbers, reads
what ofxparse cannot (unclosed or oddly closed tags, comma decimals, bad dates it would drop
silently) and reads large files in linear time. Investment statements yield their cash legs
(INVBANKTRAN); trades are listed as skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .. import money
from ..errors import InputError
from ..schema import PARSED_COLUMNS
from ..textio import decode, looks_binary, read_bytes
from .base import ParseOptions, ParseResult, Rejection
from .ofx_scan import MAX_DEPTH, Scan, ScannedStatement, ScannedTxn, scan

log = logging.getLogger(__name__)

#: ofxparse builds a whole BeautifulSoup tree (quadratic on big SGML files); above this
#: size (about 2,500 transactions) the linear scanner reads the file alone.
OFXPARSE_MAX_BYTES = 256 << 10

_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w.-]+)", re.I)
_CHARSETS = {"1252": "cp1252", "8859-1": "latin-1", "ISO-8859-1": "latin-1", "NONE": None,
             "1250": "cp1250", "1251": "cp1251", "1257": "cp1257"}
_SGML_STUB = (
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:UTF-8\n"
    "CHARSET:NONE\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
)


def _declared_encoding(data: bytes) -> str | None:
    head = data[:2048]
    m = _XML_ENCODING.search(head)
    if m:
        return m.group(1).decode("ascii")
    text = head.decode("ascii", errors="ignore")
    enc = re.search(r"ENCODING\s*:\s*([\w-]+)", text)
    cs = re.search(r"CHARSET\s*:\s*([\w-]+)", text)
    if enc and enc.group(1).upper().replace("-", "") == "UTF8":
        return "utf-8"
    if cs:
        key = cs.group(1).upper()
        return _CHARSETS.get(key, f"cp{key}" if key.isdigit() else None)
    return None


def _mask(account: str) -> str:
    acct = account.strip()
    digits = re.sub(r"\D", "", acct)
    return f"****{acct[-4:]}" if len(digits) > 6 else acct


def _ofx_date(value: str) -> dt.date:
    m = re.match(r"\s*(\d{4})(\d{2})(\d{2})", value or "")
    if not m:
        raise ValueError(f"could not read {value!r} as an OFX date")
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


class OfxParser:
    """OFX/QFX/QBO bank, credit-card and investment (cash legs) statements."""

    name = "ofx"
    description = "OFX 1.x SGML / 2.x XML, QFX, QBO (bank, credit card, investment cash)"

    def identify(self, path: Path, head: bytes) -> bool:
        if looks_binary(head):
            return False
        text = head[:4096].decode("latin-1").upper()
        return "OFXHEADER" in text or "<OFX>" in text or "<?OFX" in text

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        data = read_bytes(path)
        text, encoding = decode(data, path, _declared_encoding(data))
        if re.search(r"<!(DOCTYPE|ENTITY)", text, re.I):
            raise InputError(
                "OFX file declares a DOCTYPE or XML entities, which recon refuses to expand",
                path=path,
                line=text[: re.search(r"<!(DOCTYPE|ENTITY)", text, re.I).start()].count("\n") + 1,  # type: ignore[union-attr]
                expected="an OFX file without <!DOCTYPE>/<!ENTITY> declarations",
            )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        start = re.search(r"<OFX>", text, re.I)
        if start is None:
            raise InputError("no <OFX> element in the file", path=path,
                             expected="an OFX body starting with <OFX>")
        offset_line = text.count("\n", 0, start.start())
        body = text[start.start():]
        scanned = scan(body)
        self._check_complete(scanned, path, offset_line)
        via = "scanner"
        values: dict[int, tuple[dt.date, Decimal, str, str]] | None = None
        if len(data) <= OFXPARSE_MAX_BYTES and scanned.depth <= MAX_DEPTH:
            values = _ofxparse_values(body, scanned)
            if values is not None:
                via = "ofxparse"
        result = self._frame(scanned, path, options, values, offset_line)
        result.encoding = encoding
        result.notes.insert(0, f"encoding {encoding}; read with {via}")
        return result

    def _check_complete(self, scanned: Scan, path: Path, offset: int) -> None:
        open_txn = next(
            (t for s in scanned.statements for t in s.txns if not t.closed), None
        )
        if not scanned.closed:
            raise InputError(
                "file ends before </OFX> (truncated download?)",
                path=path,
                line=offset + scanned.last_line,
                expected="a complete OFX file ending in </OFX>",
                hint="download the statement again",
            )
        if open_txn is not None and all(t.closed for s in scanned.statements for t in s.txns[:-1]):
            raise InputError(
                "<STMTTRN> is never closed",
                path=path,
                line=offset + open_txn.line,
                expected="</STMTTRN> after each transaction",
            )

    def _frame(
        self,
        scanned: Scan,
        path: Path,
        options: ParseOptions,
        values: dict[int, tuple[dt.date, Decimal, str, str]] | None,
        offset: int,
    ) -> ParseResult:
        records: list[tuple[object, ...]] = []
        rejected: list[Rejection] = []
        amounts = [t.fields.get("TRNAMT", "") for s in scanned.statements for t in s.txns]
        decimal = money.infer_decimal_mark(amounts)
        for stmt in scanned.statements:
            account = options.account or (_mask(stmt.account) if stmt.account else "")
            for line, kind in stmt.trades:
                rejected.append(Rejection(str(offset + line),
                                          f"investment trade <{kind}> (not a cash movement)"))
            for txn in stmt.txns:
                loc = str(offset + txn.line)
                try:
                    posted, amount, name, memo = (
                        values[id(txn)] if values and id(txn) in values
                        else _scanned_values(txn, decimal)
                    )
                except ValueError as exc:
                    rejected.append(Rejection(loc, str(exc), bad=True,
                                              text=_excerpt(txn), expected=_expected(exc)))
                    continue
                currency = txn.currency or stmt.currency or options.currency
                if not currency or not money.is_currency(currency):
                    rejected.append(Rejection(loc, "no currency (no CURDEF in the statement)",
                                              bad=True, text=_excerpt(txn),
                                              expected="<CURDEF>, or --currency CODE"))
                    continue
                if amount == 0:
                    rejected.append(Rejection(loc, "zero amount", text=_excerpt(txn)))
                    continue
                try:
                    minor = money.to_minor(amount, currency)
                except ValueError as exc:
                    rejected.append(Rejection(loc, str(exc), bad=True, text=_excerpt(txn)))
                    continue
                description = " | ".join(p for p in dict.fromkeys((name, memo)) if p)
                records.append((account, posted, minor, currency, description,
                                txn.fields.get("FITID") or None, path.name, loc, self.name))
        frame = pd.DataFrame(records, columns=list(PARSED_COLUMNS))
        frame["amount_minor"] = frame["amount_minor"].astype("int64")
        kinds = ", ".join(f"{s.kind} {_mask(s.account or '?')}" for s in scanned.statements)
        notes = [f"statements: {kinds}" if kinds else "no statements in the file"]
        return ParseResult(frame=frame, parser=self.name, rejected=rejected, notes=notes)


def _expected(exc: ValueError) -> str:
    return "an OFX date YYYYMMDD" if "date" in str(exc) else "an amount such as -12.34"


def _excerpt(txn: ScannedTxn) -> str:
    return " ".join(f"<{k}>{v}" for k, v in txn.fields.items())[:200]


def _scanned_values(txn: ScannedTxn, decimal: str) -> tuple[dt.date, Decimal, str, str]:
    raw_date = txn.fields.get("DTPOSTED") or txn.fields.get("DTUSER") or ""
    try:
        posted = _ofx_date(raw_date)
    except ValueError:
        raise ValueError(f"could not read {raw_date!r} as an OFX date") from None
    raw_amount = txn.fields.get("TRNAMT", "")
    try:
        amount = money.parse_amount(raw_amount, decimal)
    except ValueError:
        raise ValueError(f"could not read {raw_amount!r} as an amount") from None
    return posted, amount, txn.fields.get("NAME", ""), txn.fields.get("MEMO", "")


def _ofxparse_values(
    body: str, scanned: Scan
) -> dict[int, tuple[dt.date, Decimal, str, str]] | None:
    """Values from ofxparse keyed by scanned transaction, or None where it cannot be trusted.

    ofxparse is trusted only when it reads every transaction the scanner found, with the same
    FITIDs in the same order, so line numbers stay exact.
    """
    import ofxparse

    try:
        ofx = ofxparse.OfxParser.parse(io.BytesIO((_SGML_STUB + body).encode("utf-8")),
                                       fail_fast=True)
    except Exception as exc:  # ofxparse raises bare Exceptions, ValueErrors, IndexErrors...
        log.info("ofxparse could not read the file (%s); using the scanner", exc)
        return None
    parsed = [
        [t for t in acc.statement.transactions if not hasattr(t, "security")]
        for acc in ofx.accounts
        if getattr(acc, "statement", None) is not None
    ]
    wanted: list[ScannedStatement] = [s for s in scanned.statements if s.txns or s.trades]
    by_fitid: dict[str, list[object]] = {}
    for txns in parsed:
        for t in txns:
            by_fitid.setdefault(str(getattr(t, "id", "")), []).append(t)
    out: dict[int, tuple[dt.date, Decimal, str, str]] = {}
    total = sum(len(s.txns) for s in wanted)
    if sum(len(x) for x in parsed) != total:
        log.info("ofxparse read a different number of transactions; using the scanner")
        return None
    for stmt in wanted:
        for txn in stmt.txns:
            queue = by_fitid.get(txn.fields.get("FITID", ""), [])
            if not queue:
                return None
            t = queue.pop(0)
            date = getattr(t, "date", None)
            amount = getattr(t, "amount", None)
            if date is None or amount is None:
                return None
            out[id(txn)] = (
                date.date() if isinstance(date, dt.datetime) else date,
                Decimal(amount),
                (getattr(t, "payee", "") or "").strip(),
                (getattr(t, "memo", "") or "").strip(),
            )
    return out
