"""ISO 20022 cash-management XML: camt.053 statements, camt.054 notifications, camt.052 reports.

Any message version (``camt.053.001.02`` ... ``.08`` and later): elements are matched by local
name under the document's own namespace. The XML goes through lxml with entity resolution,
DTD loading and network access off, and a file that declares a DOCTYPE or an entity is refused
outright. Entries are streamed (``iterparse``) and freed as they are read, so a 100k-entry
file stays in bounded memory.

Per ``Ntry``: the amount and currency (``Amt Ccy``), the sign from ``CdtDbtInd`` (``DBIT`` is
money out, also on reversals: the indicator states the booking's own direction), the booking
date (``BookgDt``, else ``ValDt``; ``Dt`` or ``DtTm``), ``AcctSvcrRef`` as the stable id, the
counterparty (the creditor of a debit, the debtor of a credit) and ``RmtInf/Ustrd`` into the
description. A status other than ``BOOK`` (pending, information, future) is rejected with it.

Batches: an entry with several ``TxDtls`` becomes one row per transaction only when every
``TxDtls`` states its amount and those amounts add up exactly to the entry; otherwise it stays
one row (the booked amount, which is what the balance moved by) described as a batch.

Where a statement has an opening (``OPBD``/``PRCD``) and a closing (``CLBD``) balance, opening
plus the booked entries must equal closing, or the file is refused at that statement.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..textio import looks_binary, read_bytes
from .base import ParseOptions, ParseResult
from .rows import Entry, Rows, join_text, mask_account

_NAMESPACE = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.\d{3}\.\d{2}")
_ROOTS = (b"<BkToCstmrStmt", b"<BkToCstmrDbtCdtNtfctn", b"<BkToCstmrAcctRpt")
_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_STATEMENTS = {"Stmt", "Ntfctn", "Rpt"}
#: ISO 20022 ActiveOrHistoricCurrencyAndAmount: up to 18 digits, at most 5 after the point.
_AMOUNT = re.compile(r"\d{1,18}(\.\d{1,5})?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_OPENING = {"OPBD", "PRCD"}


@dataclass
class _Statement:
    line: int
    kind: str
    ident: str = ""
    account: str = ""
    currency: str | None = None
    balances: dict[str, Decimal] = field(default_factory=dict)
    booked: Decimal = Decimal(0)
    entries: int = 0


class CamtParser:
    """ISO 20022 camt.053 / camt.054 / camt.052 bank-to-customer XML."""

    name = "camt"
    description = "ISO 20022 camt.053 statements, camt.054 notifications (XML, any version)"

    def identify(self, path: Path, head: bytes) -> bool:
        if looks_binary(head):
            return False
        return bool(_NAMESPACE.search(head)) or any(r in head for r in _ROOTS)

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        from lxml import etree

        data = read_bytes(path)
        declared = _DECLARATIONS.search(data)
        if declared:
            raise InputError("XML file declares a DOCTYPE or entities, which recon refuses "
                             "to expand", path=path, line=data.count(b"\n", 0,
                                                                      declared.start()) + 1,
                             expected="a camt XML file without <!DOCTYPE>/<!ENTITY>")
        rows = Rows(path, self.name)
        statements: list[_Statement] = []
        reader = _Reader(path, options, rows)
        events = etree.iterparse(io.BytesIO(data), events=("start", "end"),
                                 resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        stmt: _Statement | None = None
        try:
            for event, elem in events:
                tag = _local(elem.tag)
                if event == "start":
                    if tag in _STATEMENTS and stmt is None:
                        stmt = _Statement(elem.sourceline or 0, tag)
                        statements.append(stmt)
                        reader.ns = elem.tag[: elem.tag.index("}") + 1] if "}" in elem.tag \
                            else ""
                    continue
                if stmt is None:
                    continue
                parent = elem.getparent()
                parent_tag = _local(parent.tag) if parent is not None else ""
                if tag == "Ntry" and parent_tag in _STATEMENTS:
                    reader.entry(elem, stmt)
                    _free(elem)
                elif tag == "Id" and parent_tag in _STATEMENTS:
                    stmt.ident = (elem.text or "").strip()
                elif tag == "Acct" and parent_tag in _STATEMENTS:
                    reader.account(elem, stmt)
                elif tag == "Bal" and parent_tag in _STATEMENTS:
                    reader.balance(elem, stmt)
                elif tag in _STATEMENTS:
                    _check_balances(stmt, path)
                    stmt = None
                    _free(elem)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or (exc.position[0] if exc.position else None)
            raise InputError(f"not well-formed XML: {exc.msg}", path=path, line=line,
                             expected="a complete camt XML file",
                             hint="download the statement again") from None
        if not statements:
            raise InputError("no Stmt, Ntfctn or Rpt element in the camt file", path=path,
                             line=1, expected="a BkToCstmrStmt document with Stmt/Ntry")
        kinds = ", ".join(f"{s.kind} {s.ident or '?'} ({s.entries} entries)" for s in statements)
        rows.notes.insert(0, f"statements: {kinds}")
        return rows.result("xml")


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _free(elem: Any) -> None:
    """Drop a read element and the siblings before it, so memory stays bounded."""
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _check_balances(stmt: _Statement, path: Path) -> None:
    opening = next((stmt.balances[k] for k in ("OPBD", "PRCD") if k in stmt.balances), None)
    closing = stmt.balances.get("CLBD")
    if opening is None or closing is None:
        return
    if opening + stmt.booked != closing:
        raise InputError(
            f"statement {stmt.ident or '?'} does not add up: opening balance {opening} + "
            f"booked entries {stmt.booked} = {opening + stmt.booked}, but the closing "
            f"balance is {closing}",
            path=path, line=stmt.line,
            expected="opening balance + booked entries = closing balance (CLBD)",
            hint="the file is damaged or not complete: download it again")


class _Reader:
    """Reads the parts of one statement under the document's namespace."""

    def __init__(self, path: Path, options: ParseOptions, rows: Rows) -> None:
        self.path = path
        self.options = options
        self.rows = rows
        self.ns = ""

    def _path(self, path: str) -> str:
        return "/".join(self.ns + p for p in path.split("/"))

    def text(self, elem: Any, path: str) -> str:
        found = elem.find(self._path(path))
        return " ".join((found.text or "").split()) if found is not None else ""

    def texts(self, elem: Any, path: str) -> list[str]:
        return [" ".join((e.text or "").split()) for e in elem.iterfind(self._path(path))]

    def account(self, elem: Any, stmt: _Statement) -> None:
        ident = self.text(elem, "Id/IBAN") or self.text(elem, "Id/Othr/Id")
        stmt.account = self.options.account or (mask_account(ident) if ident else "")
        stmt.currency = self.text(elem, "Ccy") or None

    def balance(self, elem: Any, stmt: _Statement) -> None:
        code = self.text(elem, "Tp/CdOrPrtry/Cd")
        amount = self.text(elem, "Amt")
        if code and _AMOUNT.fullmatch(amount) and code not in stmt.balances:
            sign = -1 if self.text(elem, "CdtDbtInd") == "DBIT" else 1
            stmt.balances[code] = sign * Decimal(amount)

    def entry(self, elem: Any, stmt: _Statement) -> None:
        stmt.entries += 1
        line = elem.sourceline or stmt.line
        excerpt = _excerpt(self, elem)
        status = self.text(elem, "Sts/Cd") or self.text(elem, "Sts")
        if status and status != "BOOK":
            word = {"PDNG": "pending", "INFO": "information only", "FUTR": "future"}.get(
                status, "not booked")
            self.rows.reject(line, f"entry status {status} ({word}): not a booked transaction",
                             text=excerpt)
            return
        raw = self.text(elem, "Amt")
        amt = elem.find(self._path("Amt"))
        currency = amt.get("Ccy") if amt is not None else None
        indicator = self.text(elem, "CdtDbtInd")
        if not _AMOUNT.fullmatch(raw) or indicator not in ("CRDT", "DBIT"):
            what = f"amount {raw!r}" if not _AMOUNT.fullmatch(raw) else \
                f"CdtDbtInd {indicator!r}"
            self.rows.reject(line, f"could not read {what}", bad=True, text=excerpt,
                             expected="<Amt Ccy=\"EUR\">12.34</Amt> and CdtDbtInd CRDT or DBIT")
            return
        sign = -1 if indicator == "DBIT" else 1
        amount = sign * Decimal(raw)
        raw_date = (self.text(elem, "BookgDt/Dt") or self.text(elem, "BookgDt/DtTm")
                    or self.text(elem, "ValDt/Dt") or self.text(elem, "ValDt/DtTm"))
        m = _DATE.match(raw_date)
        try:
            posted = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
        except ValueError:
            posted = None
        if posted is None:
            self.rows.reject(line, f"could not read booking date {raw_date!r}"
                             if raw_date else "no BookgDt or ValDt", bad=True, text=excerpt,
                             expected="BookgDt/Dt as YYYY-MM-DD")
            return
        stmt.booked += amount
        ref = self.text(elem, "AcctSvcrRef") or self.text(elem, "NtryRef") or None
        general = self.text(elem, "AddtlNtryInf")
        details = list(elem.iterfind(self._path("NtryDtls/TxDtls")))
        currency = currency or stmt.currency
        parts = self._parts(details, amount, indicator, currency)
        if parts is None:
            if len(details) > 1:
                description = join_text(general, f"batch of {len(details)} transactions")
            else:
                description = join_text(*(self._describe(details[0], indicator)
                                          if details else []), general)
            self.rows.add(Entry(line, posted, amount, currency, description, ref,
                                stmt.account, excerpt), self.options.currency)
            return
        for i, (tx, tx_amount) in enumerate(parts, start=1):
            tx_ref = self.text(tx, "Refs/AcctSvcrRef") or (f"{ref}/{i}" if ref else None)
            self.rows.add(Entry(tx.sourceline or line, posted, tx_amount, currency,
                                join_text(*self._describe(tx, indicator), general), tx_ref,
                                stmt.account, excerpt), self.options.currency)

    def _parts(self, details: list[Any], amount: Decimal, indicator: str,
               currency: str | None) -> list[tuple[Any, Decimal]] | None:
        """A batch's transactions with their amounts, when they add up to the entry."""
        if len(details) < 2:
            return None
        out = []
        for tx in details:
            found = tx.find(self._path("AmtDtls/TxAmt/Amt"))
            if found is None:
                found = tx.find(self._path("Amt"))
            raw = " ".join((found.text or "").split()) if found is not None else ""
            if not _AMOUNT.fullmatch(raw) or (currency and found.get("Ccy") not in (None,
                                                                                    currency)):
                return None
            own = self.text(tx, "CdtDbtInd") or indicator
            out.append((tx, (-1 if own == "DBIT" else 1) * Decimal(raw)))
        return out if sum(a for _, a in out) == amount else None

    def _describe(self, tx: Any, indicator: str) -> list[str]:
        """The counterparty (creditor of a debit, debtor of a credit), then the purpose."""
        party = "Cdtr" if indicator == "DBIT" else "Dbtr"
        name = ""
        for path in (f"RltdPties/Ultmt{party}/Nm", f"RltdPties/Ultmt{party}/Pty/Nm",
                     f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"):
            name = self.text(tx, path)
            if name:
                break
        purpose = self.texts(tx, "RmtInf/Ustrd") or self.texts(tx, "RmtInf/Strd/CdtrRefInf/Ref")
        return [name, " ".join(purpose), self.text(tx, "AddtlTxInf")]


def _excerpt(reader: _Reader, elem: Any) -> str:
    return " ".join(f"{k}={reader.text(elem, k)}" for k in ("Amt", "CdtDbtInd", "BookgDt/Dt",
                                                          "AcctSvcrRef") if reader.text(elem, k))
