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
from .rows import Entry, Rows, join_text, mask_account, sniff_bytes

_NAMESPACE = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.\d{3}\.\d{2}")
_ROOTS = (b"<BkToCstmrStmt", b"<BkToCstmrDbtCdtNtfctn", b"<BkToCstmrAcctRpt")
_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_STATEMENTS = {"Stmt", "Ntfctn", "Rpt"}
#: ISO 20022 ActiveOrHistoricCurrencyAndAmount: up to 18 digits, at most 5 after the point.
_AMOUNT = re.compile(r"\d{1,18}(\.\d{1,5})?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WATCHED = ["{*}Stmt", "{*}Ntfctn", "{*}Rpt", "{*}Ntry", "{*}Acct", "{*}Bal"]


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
        head = sniff_bytes(head)
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
        events = etree.iterparse(io.BytesIO(data), events=("start", "end"), tag=_WATCHED,
                                 resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        stmt: _Statement | None = None
        try:
            for event, elem in events:
                ns, _, tag = elem.tag.rpartition("}")
                if event == "start":
                    if tag in _STATEMENTS and stmt is None:
                        stmt = _Statement(elem.sourceline or 0, tag)
                        statements.append(stmt)
                        reader.namespace(ns + "}" if ns else "")
                    continue
                if stmt is None:
                    continue
                parent = elem.getparent()
                if parent is None or parent.tag.rpartition("}")[2] not in _STATEMENTS:
                    if tag in _STATEMENTS:  # a statement's end
                        _check_balances(stmt, path)
                        stmt = None
                        _free(elem)
                    continue
                if tag == "Ntry":
                    reader.entry(elem, stmt)
                    _free(elem)
                elif tag == "Acct":
                    stmt.ident = reader.text(parent, "Id")
                    reader.account(elem, stmt)
                elif tag == "Bal":
                    reader.balance(elem, stmt)
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
        self._compiled: dict[tuple[str, bool], Any] = {}

    def namespace(self, ns: str) -> None:
        if ns != self.ns:
            self.ns, self._compiled = ns, {}

    def _xpath(self, path: str, nodes: bool) -> Any:
        """A compiled XPath for ``path`` (``A/B/@C``) under the document's namespace: lxml
        runs it in C, several times faster than ``find`` with a path."""
        compiled = self._compiled.get((path, nodes))
        if compiled is None:
            from lxml import etree

            steps = "/".join(p if p.startswith("@") or not self.ns else f"c:{p}"
                             for p in path.split("/"))
            compiled = etree.XPath(steps if nodes else f"normalize-space({steps})",
                                   namespaces={"c": self.ns[1:-1]} if self.ns else None)
            self._compiled[(path, nodes)] = compiled
        return compiled

    def text(self, elem: Any, path: str) -> str:
        """The whitespace-normalised text of the first element at ``path``, or ""."""
        return str(self._xpath(path, False)(elem))

    def nodes(self, elem: Any, path: str) -> list[Any]:
        return list(self._xpath(path, True)(elem))

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
        f = _Fields(self, elem)
        line = f.line or stmt.line
        status = f.get("Sts/Cd") or f.get("Sts")
        if status and status != "BOOK":
            word = {"PDNG": "pending", "INFO": "information only", "FUTR": "future"}.get(
                status, "not booked")
            self.rows.reject(line, f"entry status {status} ({word}): not a booked transaction",
                             text=f.excerpt())
            return
        raw, indicator = f.get("Amt"), f.get("CdtDbtInd")
        if not _AMOUNT.fullmatch(raw) or indicator not in ("CRDT", "DBIT"):
            what = f"amount {raw!r}" if not _AMOUNT.fullmatch(raw) else \
                f"CdtDbtInd {indicator!r}"
            self.rows.reject(line, f"could not read {what}", bad=True, text=f.excerpt(),
                             expected="<Amt Ccy=\"EUR\">12.34</Amt> and CdtDbtInd CRDT or DBIT")
            return
        amount = (-1 if indicator == "DBIT" else 1) * Decimal(raw)
        raw_date = (f.get("BookgDt/Dt") or f.get("BookgDt/DtTm") or f.get("ValDt/Dt")
                    or f.get("ValDt/DtTm"))
        m = _DATE.match(raw_date)
        try:
            posted = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
        except ValueError:
            posted = None
        if posted is None:
            self.rows.reject(line, f"could not read booking date {raw_date!r}"
                             if raw_date else "no BookgDt or ValDt", bad=True,
                             text=f.excerpt(), expected="BookgDt/Dt as YYYY-MM-DD")
            return
        stmt.booked += amount
        currency = f.get("Amt/@Ccy") or stmt.currency
        excerpt = f"Amt={raw} {currency} CdtDbtInd={indicator} date={raw_date}"
        ref = f.get("AcctSvcrRef") or f.get("NtryRef") or None
        general = f.get("AddtlNtryInf")
        details = f.parts
        parts = _parts(details, amount, indicator, currency)
        if parts is None:
            if len(details) > 1:
                description = join_text(general, f"batch of {len(details)} transactions")
            else:
                description = join_text(*(_describe(details[0], indicator)
                                          if details else []), general)
            self.rows.add(Entry(line, posted, amount, currency, description, ref,
                                stmt.account, excerpt), self.options.currency)
            return
        for i, (tx, tx_amount) in enumerate(parts, start=1):
            tx_ref = tx.get("Refs/AcctSvcrRef") or (f"{ref}/{i}" if ref else None)
            self.rows.add(Entry(tx.line or line, posted, tx_amount, currency,
                                join_text(*_describe(tx, indicator), general), tx_ref,
                                stmt.account, excerpt), self.options.currency)


class _Fields:
    """Texts under one element by relative path (``BookgDt/Dt``, ``Amt/@Ccy``); an entry's
    ``NtryDtls/TxDtls`` are its parts."""

    __slots__ = ("reader", "elem", "line")

    def __init__(self, reader: _Reader, elem: Any) -> None:
        self.reader, self.elem, self.line = reader, elem, elem.sourceline

    def get(self, path: str) -> str:
        return self.reader.text(self.elem, path)

    def all(self, path: str) -> list[str]:
        return [" ".join((e.text or "").split()) for e in self.reader.nodes(self.elem, path)]

    @property
    def parts(self) -> list[_Fields]:
        return [_Fields(self.reader, tx) for tx in self.reader.nodes(self.elem,
                                                                     "NtryDtls/TxDtls")]

    def excerpt(self) -> str:
        return " ".join(f"{k}={self.get(k)}" for k in ("Amt", "Amt/@Ccy", "CdtDbtInd",
                                                       "BookgDt/Dt", "AcctSvcrRef")
                        if self.get(k))


def _parts(details: list[_Fields], amount: Decimal, indicator: str,
           currency: str | None) -> list[tuple[_Fields, Decimal]] | None:
    """A batch's transactions with their amounts, when they add up to the entry."""
    if len(details) < 2:
        return None
    out = []
    for tx in details:
        where = "AmtDtls/TxAmt/Amt" if tx.get("AmtDtls/TxAmt/Amt") else "Amt"
        raw, ccy = tx.get(where), tx.get(where + "/@Ccy")
        if not _AMOUNT.fullmatch(raw) or (currency and ccy not in ("", currency)):
            return None
        own = tx.get("CdtDbtInd") or indicator
        out.append((tx, (-1 if own == "DBIT" else 1) * Decimal(raw)))
    return out if sum(a for _, a in out) == amount else None


def _describe(tx: _Fields, indicator: str) -> list[str]:
    """The counterparty (creditor of a debit, debtor of a credit), then the purpose."""
    party = "Cdtr" if indicator == "DBIT" else "Dbtr"
    name = ""
    for path in (f"RltdPties/Ultmt{party}/Nm", f"RltdPties/Ultmt{party}/Pty/Nm",
                 f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"):
        name = tx.get(path)
        if name:
            break
    purpose = tx.all("RmtInf/Ustrd") or tx.all("RmtInf/Strd/CdtrRefInf/Ref")
    return [name, " ".join(purpose), tx.get("AddtlTxInf")]
