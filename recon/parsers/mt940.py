"""SWIFT MT940 customer statements (``.sta``, ``.940``, ``.mt940``), read with mt-940.

The file is cut into statements at each ``:20:`` (one statement per block, several per file);
each block is parsed by the mt-940 library with all of its corrections on (``RC`` signs as a
debit, lower-case marks, long ``:86:`` details, a BOM). recon adds what a ledger needs: the
line of every ``:61:``, the account from ``:25:``, the currency from ``:60F:``, and a second
signal on every amount: opening balance plus the entries must equal the closing balance, or the
file is refused at the first statement that does not add up.
"""

from __future__ import annotations

import decimal
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..textio import decode, looks_binary, read_bytes
from .base import ParseOptions, ParseResult
from .rows import Entry, Rows, join_text, mask_account, sniff_bytes

_STATEMENT = re.compile(r"(?m)^:20:")
_TRANSACTION = re.compile(r"(?m)^:\n?61:")
_TAG = re.compile(r"(?m)^:\n?(\d{2}[A-Z]?|NS):")
#: Lines around the text blocks of a SWIFT message (``{1:...}{2:...}{4:``, ``-}``, ``{5:``).
_ENVELOPE = re.compile(r"(?m)^(?:\{[1-5]:.*|-\}.*|-[ \t]*|\}.*)$")
#: Slash-coded :86: details (``/NAME/Shop/REMI/Invoice 42``), used by many banks.
_CODED = re.compile(r"/([A-Z]{2,4})/")
_NAME_CODES = ("NAME", "ORDP", "BENM")
_TEXT_CODES = ("REMI", "PURP")
_NONREF = {"", "NONREF", "NOTPROVIDED"}


def _sniff(head: bytes) -> bool:
    text = sniff_bytes(head)
    return bool(re.search(rb"(?m)^:20:", text)) and bool(
        re.search(rb"(?m)^:(25|28C?|60[FM]|61):", text)
    )


@dataclass
class _Block:
    line: int          # line of its :20:
    text: str


class Mt940Parser:
    """SWIFT MT940 statements: several statements per file, balances checked."""

    name = "mt940"
    description = "SWIFT MT940 statements (.sta, .940), opening + entries = closing checked"

    def identify(self, path: Path, head: bytes) -> bool:
        return not looks_binary(head) and _sniff(head)

    def parse(self, path: Path, options: ParseOptions) -> ParseResult:
        data = read_bytes(path)
        text, encoding = decode(data, path)
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        blocks = _blocks(text)
        if not blocks:
            raise InputError("no :20: statement in the file", path=path, line=1,
                             expected="an MT940 statement starting with :20:")
        rows = Rows(path, self.name)
        for block in blocks:
            self._statement(block, path, options, rows)
        rows.notes.insert(0, f"encoding {encoding}; {len(blocks)} statement(s)")
        return rows.result(encoding)

    def _statement(self, block: _Block, path: Path, options: ParseOptions, rows: Rows) -> None:
        import mt940

        with _quiet("mt940"):
            stmt = mt940.models.Transactions(options=mt940.Options.all())
            try:
                stmt.parse(block.text)
            except RuntimeError as exc:  # mt-940: a tag that does not match its pattern
                raise _tag_error(exc, block, path) from None
            except (ValueError, decimal.InvalidOperation, KeyError, TypeError,
                    AttributeError) as exc:
                raise InputError(f"cannot read the statement: {exc}", path=path,
                                 line=block.line, expected="MT940 tags :20: :25: :60F: :61: "
                                 ":86: :62F:") from None
        starts = _lines(block, _TRANSACTION)
        if len(starts) != len(stmt.transactions):
            raise InputError(f"{len(starts)} :61: lines but {len(stmt.transactions)} "
                             "transactions read", path=path, line=block.line,
                             expected="one :61: per transaction")
        info: dict[str, Any] = stmt.data
        ref = info.get("transaction_reference", "?")
        opening = info.get("final_opening_balance") or info.get("intermediate_opening_balance")
        closing = info.get("final_closing_balance") or info.get("intermediate_closing_balance")
        last = block.line + block.text.rstrip("\n").count("\n")
        if opening is None and re.search(r"(?m)^:(34F|13D?):", block.text):
            raise InputError(f"statement {ref} is an MT942 interim report (no :60F:/:62F: "
                             "balances), not a booked statement", path=path, line=block.line,
                             expected="an MT940 statement",
                             hint="export the end-of-day MT940 statement instead")
        if opening is None or closing is None:
            missing = ":60F: opening" if opening is None else ":62F: closing"
            raise InputError(f"statement {ref} has no {missing} balance (truncated file?)",
                             path=path, line=block.line if opening is None else last,
                             expected="an MT940 statement with :60F: and :62F: balances",
                             hint="download the statement again")
        currency = stmt.currency or options.currency
        # :25: is "bank code/number" or an IBAN, some banks add the currency: NL91...4300EUR
        account_id = re.sub(r"(?<=\d)[A-Z]{3}$", "",
                            str(info.get("account_identification") or "").strip())
        account = options.account or (mask_account(account_id) if account_id else "")
        total = Decimal(0)
        for line, txn in zip(starts, stmt.transactions, strict=True):
            d = txn.data
            amount = d["amount"].amount
            total += amount
            posted = d.get("entry_date") or d["date"]
            rows.add(Entry(
                line=line, posted=posted, amount=amount,
                currency=d.get("currency") or currency,
                description=_description(d), ref=_reference(d), account=account,
                text=str(d.get("transaction_details") or "")), options.currency)
        expected_close = opening.amount.amount + total
        if expected_close != closing.amount.amount:
            raise InputError(
                f"statement {ref} does not add up: opening balance {opening.amount.amount} + "
                f"entries {total} = {expected_close}, but the closing balance is "
                f"{closing.amount.amount}",
                path=path, line=last,
                expected="opening balance + sum of :61: amounts = closing balance",
                hint="the file is damaged or not complete: download it again")


def _blocks(text: str) -> list[_Block]:
    """The statements of the file, each from its ``:20:`` to the next, envelope lines cut."""
    starts = [m.start() for m in _STATEMENT.finditer(text)]
    out, line, pos = [], 1, 0
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        line += text.count("\n", pos, start)
        pos = start
        out.append(_Block(line, _ENVELOPE.sub("", text[start:end])))
    return out


def _lines(block: _Block, pattern: re.Pattern[str]) -> list[int]:
    """The line of every match of ``pattern`` in the block, counted in one pass."""
    out, line, pos = [], block.line, 0
    for m in pattern.finditer(block.text):
        line += block.text.count("\n", pos, m.start())
        pos = m.start()
        out.append(line)
    return out


def _reference(d: dict[str, Any]) -> str | None:
    for key in ("bank_reference", "customer_reference"):
        value = str(d.get(key) or "").strip()
        if value.upper() not in _NONREF:
            return value
    return None


def _description(d: dict[str, Any]) -> str:
    """Counterparty then purpose: from structured ``?`` subfields, slash codes, or free text."""
    structured = [d.get("applicant_name"), d.get("purpose"), d.get("additional_purpose"),
                  d.get("posting_text")]
    if any(structured):
        return join_text(*(str(s) for s in structured if s), d.get("extra_details"))
    details = " ".join(str(d.get("transaction_details") or "").split())
    coded = _slash_codes(details)
    if coded:
        names = [coded[c] for c in _NAME_CODES if coded.get(c)]
        texts = [coded[c] for c in _TEXT_CODES if coded.get(c)]
        if names or texts:
            return join_text(*names, *texts, d.get("extra_details"))
    return join_text(details, d.get("extra_details"))


def _slash_codes(details: str) -> dict[str, str]:
    if not details.startswith("/"):
        return {}
    parts = _CODED.split(details)
    # ['', 'TRTP', 'SEPA...', 'IBAN', 'FR14...', ...]
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def _tag_error(exc: RuntimeError, block: _Block, path: Path) -> InputError:
    tag = exc.args[1] if len(exc.args) > 1 else None
    value = str(exc.args[2]) if len(exc.args) > 2 else ""
    tag_id = str(getattr(tag, "id", "?"))
    line = block.line
    for m in _TAG.finditer(block.text):
        if m.group(1) == tag_id and block.text[m.end():].lstrip().startswith(value[:20]):
            line = block.line + block.text.count("\n", 0, m.start())
            break
    return InputError(f":{tag_id}: does not read as MT940", path=path, line=line,
                      value=value[:200], expected=_EXPECTED.get(tag_id, "a valid MT940 field"))


_EXPECTED = {
    "61": "YYMMDD[MMDD]C|D|RC|RDamount,decimals then type and reference",
    "60F": "C|D YYMMDD CUR amount, e.g. C250801EUR1500,00",
    "62F": "C|D YYMMDD CUR amount, e.g. C250806EUR2496,71",
}


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """mt-940 logs every pattern mismatch at ERROR before raising; recon reports it once."""
    logger = logging.getLogger(name)
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was
