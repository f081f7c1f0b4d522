"""A linear, tolerant reader of OFX 1.x (SGML) and 2.x (XML) statement structure.

It walks the tags once (no tree), so it is linear in file size and does not care whether
leaf elements are closed, whether a value sits on the next line, or whether the file mixes
CR, LF and CRLF. It yields each statement's account and currency and each transaction's
fields with the line its ``<STMTTRN>`` starts on. ``ofx.py`` uses it for line numbers, as the
fallback when ofxparse fails, and as the whole parser for large files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

STATEMENTS = ("STMTRS", "CCSTMTRS", "INVSTMTRS")
#: Investment aggregates that are trades, not cash movements (OFX 2.1.1 section 13.9.2.4).
TRADES = frozenset(
    "BUYDEBT BUYMF BUYOPT BUYOTHER BUYSTOCK CLOSUREOPT INCOME INVEXPENSE JRNLFUND JRNLSEC "
    "MARGININTEREST REINVEST RETOFCAP SELLDEBT SELLMF SELLOPT SELLOTHER SELLSTOCK SPLIT "
    "TRANSFER".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9._]*)\s*>([^<]*)")
#: Nesting deeper than this is no statement's (a real one nests about ten aggregates); a
#: tree builder is quadratic in it, so such a file is read by the scanner alone.
MAX_DEPTH = 64


@dataclass
class ScannedTxn:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    currency: str | None = None
    closed: bool = False


@dataclass
class ScannedStatement:
    kind: str
    line: int
    account: str | None = None
    currency: str | None = None
    txns: list[ScannedTxn] = field(default_factory=list)
    trades: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Scan:
    statements: list[ScannedStatement]
    closed: bool
    last_line: int
    #: the most aggregates open at once (an element with no text of its own that is closed
    #: later, or never): what a tree builder such as ofxparse's nests
    depth: int = 0


def _unescape(value: str) -> str:
    # Banks double-escape ("&amp;lt;"); one round of unescaping is what the file means.
    return html.unescape(value.strip())


def _escape_cdata(body: str) -> str:
    """CDATA sections as escaped text, in one pass (an unclosed section runs to the end)."""
    if "<![CDATA[" not in body:
        return body
    parts, pos = [], 0
    while (start := body.find("<![CDATA[", pos)) >= 0:
        end = body.find("]]>", start + 9)
        end = len(body) if end < 0 else end
        parts += [body[pos:start], html.escape(body[start + 9:end])]
        pos = end + 3
    parts.append(body[pos:])
    return "".join(parts)


def scan(body: str) -> Scan:
    """Read statements and transactions from OFX body text (line endings already ``\\n``)."""
    body = _escape_cdata(body)
    open_tags: list[str] = []
    open_count: dict[str, int] = {}
    depth = 0
    statements: list[ScannedStatement] = []
    stmt: ScannedStatement | None = None
    txn: ScannedTxn | None = None
    in_currency = False
    closed = False
    line, pos = 1, 0
    for m in _TAG.finditer(body):
        line += body.count("\n", pos, m.start())
        pos = m.start()
        is_close, name, text = m.group(1) == "/", m.group(2).upper(), m.group(3)
        if is_close:
            if open_count.get(name):  # close it and whatever it left open inside
                while (inner := open_tags.pop()) != name:
                    open_count[inner] -= 1
                open_count[name] -= 1
        elif not text.strip():
            open_tags.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            depth = max(depth, len(open_tags))
        if name == "OFX" and is_close:
            closed = True
        if name in STATEMENTS:
            if not is_close:
                stmt = ScannedStatement(kind=name, line=line)
                statements.append(stmt)
            else:
                stmt = None
            continue
        if stmt is None:
            continue
        if name == "STMTTRN":
            if not is_close:
                txn = ScannedTxn(line=line)
                stmt.txns.append(txn)
            elif txn is not None:
                txn.closed = True
                txn = None
            continue
        if name in TRADES and not is_close and stmt.kind == "INVSTMTRS":
            stmt.trades.append((line, name))
            continue
        if name in ("CURRENCY", "ORIGCURRENCY"):
            in_currency = not is_close and name == "CURRENCY"
            continue
        if is_close:
            continue
        value = _unescape(text)
        if txn is not None:
            if name == "CURSYM" and in_currency:
                txn.currency = value.upper()
            elif value:
                txn.fields.setdefault(name, value)
        elif name == "ACCTID" and stmt.account is None and value:
            stmt.account = value
        elif name == "CURDEF" and value:
            stmt.currency = value.upper()
    line += body.count("\n", pos)
    return Scan(statements=statements, closed=closed, last_line=line, depth=depth)
