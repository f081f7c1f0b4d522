"""OFX 1.x (SGML), OFX 2.x (XML), QFX and QBO statements.

Stages, after ofxtools: the header (declared charset), then safety checks, then the body.
Values come from ofxparse where it reads the file; ``ofx_scan`` supplies line numbers, reads
what ofxparse cannot (unclosed or oddly closed tags, comma decimals, bad dates it would drop
silently) and reads large files in linear time. Investment statements yield their cash legs
(INVBANKTRAN, and INCOME/INVEXPENSE as money in/out); trades are listed as skipped.

Signs are checked per statement against a second signal: rows whose TRNTYPE names a direction
(DEBIT, POS, CREDIT, DEP, ...) all signed against it, or a card statement whose payments are
its only negative rows, mean the file prints money out positive; it is turned and a note says
so. Mixed evidence is kept as the file signs it, also with a note.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .. import money
from ..errors import InputError
from ..schema import PARSED_COLUMNS
from ..textio import decode, looks_binary, read_bytes
from . import ofx_scan, rows
from .base import ParseOptions, ParseResult, Rejection, SignReading
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
        name = m.group(1).decode("ascii")
        # the declaration was read as single-byte text, so a declared UTF-16/32 is untrue
        # (a real one starts with a BOM, which decode() honours first)
        return None if re.match(r"(?i)(utf-?(16|32)|ucs-?[24])", name) else name
    text = head.decode("ascii", errors="ignore")
    enc = re.search(r"ENCODING\s*:\s*([\w-]+)", text)
    cs = re.search(r"CHARSET\s*:\s*([\w-]+)", text)
    if enc and enc.group(1).upper().replace("-", "") == "UTF8":
        return "utf-8"
    if cs:
        key = cs.group(1).upper()
        return _CHARSETS.get(key, f"cp{key}" if key.isdigit() else None)
    return None


_mask = rows.mask_account


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
        result = self._frame(scanned, path, options, values, offset_line, _cash_legs(body))
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
        legs: list[CashLeg],
    ) -> ParseResult:
        records: list[tuple[object, ...]] = []
        rejected: list[Rejection] = []
        notes: list[str] = []
        warnings: list[str] = []
        readings: list[SignReading] = []
        fallback: str | None = None
        amounts = [t.fields.get("TRNAMT", "") for s in scanned.statements for t in s.txns]
        decimal = money.infer_decimal_mark(amounts + [t.fields.get("TOTAL", "") for t in legs])
        for index, stmt in enumerate(scanned.statements):
            account = options.account or (_mask(stmt.account) if stmt.account else "")
            read: list[tuple[ScannedTxn, dt.date, Decimal, str]] = []
            mine: list[ScannedTxn] = [t for t in legs if t.statement == index]
            for line, kind in stmt.trades:
                if kind not in _LEG_KINDS:
                    rejected.append(Rejection(str(offset + line),
                                              f"investment trade <{kind}> (not a cash movement)"))
            for txn in [*stmt.txns, *mine]:
                loc = str(offset + txn.line)
                if isinstance(txn, CashLeg) and not txn.closed:
                    rejected.append(Rejection(loc, f"<{txn.kind}> is never closed", bad=True,
                                              text=_excerpt(txn),
                                              expected=f"</{txn.kind}>"))
                    continue
                try:
                    if isinstance(txn, CashLeg):
                        posted, amount, name, memo = _leg_values(txn, decimal)
                    else:
                        posted, amount, name, memo = (
                            values[id(txn)] if values and id(txn) in values
                            else _scanned_values(txn, decimal)
                        )
                except ValueError as exc:
                    rejected.append(Rejection(loc, str(exc), bad=True,
                                              text=_excerpt(txn), expected=_expected(exc)))
                    continue
                read.append((txn, posted, amount, " | ".join(
                    p for p in dict.fromkeys((name, memo)) if p)))
            reading = _money_out_positive(stmt, read, options)
            flip = reading.charges_positive
            if reading.why:
                (warnings if reading.warned else notes).append(reading.why)
            readings.append(reading)
            for txn, posted, amount, description in read:
                loc = str(offset + txn.line)
                currency = txn.currency or stmt.currency or options.currency
                if not (txn.currency or stmt.currency) and currency:
                    fallback = currency
                if not currency or not money.is_currency(currency):
                    rejected.append(Rejection(loc, "no currency (no CURDEF in the statement)",
                                              bad=True, text=_excerpt(txn),
                                              expected="<CURDEF>, or --currency CODE"))
                    continue
                if amount == 0:
                    rejected.append(Rejection(loc, "zero amount", text=_excerpt(txn)))
                    continue
                try:
                    minor = rows.minor_units(-amount if flip else amount, currency)
                except ValueError as exc:
                    rejected.append(Rejection(loc, str(exc), bad=True, text=_excerpt(txn)))
                    continue
                records.append((account, posted, minor, currency, description,
                                txn.fields.get("FITID") or None, path.name, loc, self.name))
        frame = pd.DataFrame(records, columns=list(PARSED_COLUMNS))
        frame["amount_minor"] = frame["amount_minor"].astype("int64")
        shared = frame[frame["ref"].notna()].groupby(["account", "ref"]).size()
        shared = shared[shared > 1]
        if len(shared):  # a FITID names one transaction: a repeat is a repeated body or a bug
            (ref_account, ref), times = shared.index[0], int(shared.iloc[0])
            warnings.append(f"{int(shared.sum())} rows share {len(shared)} FITID(s) (e.g. "
                            f"{str(ref)[:40]!r} {times} times on {ref_account or 'the account'}): "
                            "each is imported as its own row; check the file is not a "
                            "statement repeated")
        kinds = [f"{s.kind} {_mask(s.account or '?')}" for s in scanned.statements]
        listed = ", ".join(dict.fromkeys(kinds[:20]))
        more = f" and {len(kinds) - 20} more" if len(kinds) > 20 else ""
        notes.insert(0, f"statements: {listed}{more}" if kinds else "no statements in the file")
        rejected.sort(key=lambda r: int(r.location))
        return ParseResult(frame=frame, parser=self.name, rejected=rejected, notes=notes,
                           warnings=warnings, currency_fallback=fallback,
                           sign_readings=readings)


#: TRNTYPEs that say which way the money went (OFX 2.1.1 section 11.4.4.3). INT, PAYMENT,
#: XFER and OTHER are left out: issuers use them both ways.
_OUT_TYPES = frozenset("DEBIT POS ATM FEE SRVCHG CHECK DIRECTDEBIT REPEATPMT".split())
_IN_TYPES = frozenset("CREDIT DEP DIRECTDEP DIV".split())


def _money_out_positive(
    stmt: ScannedStatement, read: list[tuple[ScannedTxn, dt.date, Decimal, str]],
    options: ParseOptions,
) -> SignReading:
    """Whether this statement prints money out as positive amounts (against OFX, where
    ``TRNAMT`` is signed as it affects the account: charges and debits negative), with what
    decided it and the line that says so. Evidence: every typed row (``TRNTYPE`` DEBIT, POS,
    CREDIT, DEP, ...) signed against its type; on a card statement, payments that are its
    only negative rows. ``--sign`` settles a card statement."""
    label = f"{stmt.kind} {_mask(stmt.account or '?')}"
    cash = [(t, a, d) for t, _, a, d in read if not isinstance(t, CashLeg) and a != 0]
    sign = getattr(options, "sign", None)
    if stmt.kind == "CCSTMTRS" and sign in ("charges-positive", "charges-negative"):
        return SignReading(sign == "charges-positive", "option", account=label)
    agree = disagree = 0
    for t, a, _ in cash:
        kind = t.fields.get("TRNTYPE", "").upper()
        if kind in _OUT_TYPES or kind in _IN_TYPES:
            if (a < 0) == (kind in _OUT_TYPES):
                agree += 1
            else:
                disagree += 1
    if disagree >= 2 and agree == 0:
        return SignReading(True, "types", f"{label}: all {disagree} typed transactions are "
                           "signed against their TRNTYPE (debits positive, credits negative); "
                           "signs turned so money out is negative", True, label)
    if disagree and agree:
        return SignReading(False, "types", f"{label}: {disagree} of {agree + disagree} typed "
                           "transactions are signed against their TRNTYPE; amounts kept as the "
                           "file signs them", account=label)
    if stmt.kind != "CCSTMTRS" or agree:
        return SignReading(False, "types" if agree else "printed", account=label)
    payments = [a for _, a, d in cash if _PAYMENT.search(d)]
    others = [a for _, a, d in cash if not _PAYMENT.search(d)]
    positive = sum(1 for a in others if a > 0)
    if payments and all(a < 0 for a in payments) and positive > len(others) / 2:
        return SignReading(True, "payments", f"{label}: payments are its only negative "
                           "amounts, so this card prints charges positive; signs turned so "
                           "charges are money out (--sign charges-negative keeps them)",
                           True, label)
    if others and positive > len(others) / 2:
        return SignReading(False, "guess", f"{label}: {positive} of {len(others)} card amounts "
                           "are positive; read as OFX signs them (positive = payment or refund), "
                           "which nothing in the file confirms; --sign charges-positive if they "
                           "are charges", True, label)
    return SignReading(False, "printed", account=label)


@dataclass
class CashLeg(ScannedTxn):
    """An investment aggregate that moved cash (``INCOME``, ``INVEXPENSE``)."""

    kind: str = ""
    statement: int = -1  # index of its statement in the scan


_PAYMENT = re.compile(
    r"(?i)\b(payments?|repayments?|thank you|paiement|zahlung|pago|betaling|pagamento)\b"
)
_LEG_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9._]*)\s*>([^<]*)")
_LEG_KINDS = ("INCOME", "INVEXPENSE")
_LEG_PROBE = re.compile(r"<(INCOME|INVEXPENSE)\s*>", re.I)


def _cash_legs(body: str) -> list[CashLeg]:
    """``<INCOME>`` and ``<INVEXPENSE>`` aggregates of investment statements: cash that moved
    (a dividend, interest, a fee), read in one linear pass with their fields and lines."""
    if not _LEG_PROBE.search(body):
        return []
    legs: list[CashLeg] = []
    current: CashLeg | None = None
    statement = -1
    line, pos = 1, 0
    for m in _LEG_TAG.finditer(body):
        line += body.count("\n", pos, m.start())
        pos = m.start()
        closing, name = m.group(1) == "/", m.group(2).upper()
        if name in ofx_scan.STATEMENTS and not closing:
            statement += 1  # the scanner opens one statement per such tag, in order
        elif name in _LEG_KINDS:
            if closing:
                if current is not None:
                    current.closed = True
                current = None
            else:
                current = CashLeg(line=line, kind=name, statement=statement)
                legs.append(current)
            continue
        if current is None or closing:
            continue
        value = html.unescape(m.group(3).strip())
        if name == "CURSYM":
            current.currency = value.upper() or None
        elif value:
            current.fields.setdefault(name, value)
    return legs


def _leg_values(txn: CashLeg, decimal: str) -> tuple[dt.date, Decimal, str, str]:
    """Date, amount, name and memo of a cash leg. The direction is the aggregate's own
    (income is money in, an expense money out): issuers sign TOTAL both ways."""
    posted, total = _date_and_amount(txn, ("DTSETTLE", "DTTRADE"), "TOTAL", decimal)
    total = abs(total)
    kind = txn.fields.get("INCOMETYPE", "")
    label = f"{txn.kind} {kind}".strip() if txn.kind == "INCOME" else "INVEXPENSE"
    return (posted, total if txn.kind == "INCOME" else -total,
            txn.fields.get("MEMO", "") or label, label)


def _expected(exc: ValueError) -> str:
    return "an OFX date YYYYMMDD" if "date" in str(exc) else "an amount such as -12.34"


def _excerpt(txn: ScannedTxn) -> str:
    return " ".join(f"<{k}>{v}" for k, v in txn.fields.items())[:200]


def _date_and_amount(txn: ScannedTxn | CashLeg, dates: tuple[str, str], amount: str,
                     decimal: str) -> tuple[dt.date, Decimal]:
    """The first of the ``dates`` fields the record has, and its ``amount`` field, read;
    a ValueError that names the text otherwise."""
    raw_date = txn.fields.get(dates[0]) or txn.fields.get(dates[1]) or ""
    try:
        posted = _ofx_date(raw_date)
    except ValueError:
        raise ValueError(f"could not read {raw_date!r} as an OFX date") from None
    raw_amount = txn.fields.get(amount, "")
    try:
        return posted, money.parse_amount(raw_amount, decimal)
    except ValueError:
        raise ValueError(f"could not read {raw_amount!r} as an amount") from None


def _scanned_values(txn: ScannedTxn, decimal: str) -> tuple[dt.date, Decimal, str, str]:
    posted, amount = _date_and_amount(txn, ("DTPOSTED", "DTUSER"), "TRNAMT", decimal)
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
