"""Columns that change the money a row moved: a fee, a commission, a tax withheld, a
round-up to savings (money out on top of the amount), cashback (money back), and the net or
total column where the file has one.

The money moved is the net column where there is one (checked on the rows: amount plus the
adjustments = net), else the amount plus the adjustments. An adjustment column printed with
signs (``-2.85``) is added as printed; one printed without (every cell >= 0) counts in its
role's direction: a fee, tax or round-up is money out, cashback is money in.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from .. import money
from . import vocabulary
from .base import ParseResult
from .cells import cell_text
from .evidence import Evidence, balance_cells, balance_reading, read_amount
from .grid import GridRow

#: adjustment roles, with the direction an unsigned cell of theirs counts in
ADJUSTMENTS = {"fee": -1, "tax": -1, "roundup": -1, "cashback": 1}
#: the roles that change the money moved, net included (read by the row reader only)
MONEY_MOVED = (*ADJUSTMENTS, "net")


def amount_or_none(text: str, decimal: str) -> Decimal | None:
    """The amount a cell's text reads as (None: empty or not an amount)."""
    text = text.replace("|", "").strip()
    if not text:
        return None
    try:
        return read_amount(text, decimal)
    except ValueError:
        return None


def unsigned_columns(roles: dict[str, list[int]], rows: Sequence[GridRow],
                     decimal: str) -> frozenset[int]:
    """The adjustment columns printed without signs: no cell reads below zero."""
    out = set()
    for role in ADJUSTMENTS:
        for i in roles.get(role, []):
            values = [amount_or_none(cell_text(r.cells[i]), decimal) for r in rows
                      if i < len(r.cells)]
            if not any(v is not None and v < 0 for v in values):
                out.add(i)
    return frozenset(out)


def adjustment(cells: Sequence[object], roles: dict[str, list[int]], decimal: str,
               unsigned: frozenset[int], turn: bool = False) -> Decimal:
    """What a row's adjustment cells add to its amount (0 where they are empty); ``turn``:
    unsigned ones counted the other way (in a file that prints charges positive).

    Raises:
        ValueError: an adjustment cell that is not an amount.
    """
    total = Decimal(0)
    for role, direction in ADJUSTMENTS.items():
        for i in roles.get(role, []):
            text = cell_text(cells[i]).replace("|", "").strip() if i < len(cells) else ""
            if not text:
                continue
            value = read_amount(text, decimal)
            total += abs(value) * (-direction if turn else direction) if i in unsigned \
                else value
    return total


def named(roles: dict[str, list[int]], header: GridRow | None) -> str:
    """The adjustment columns by their header, for a message (``Fee + Tax``)."""
    return _names([i for role in ADJUSTMENTS for i in roles.get(role, [])], header)


def net_disagrees(roles: dict[str, list[int]], rows: Sequence[GridRow],
                  decimal: str) -> tuple[list[int], int]:
    """The rows (positions in ``rows``) where the net column is not the amount (or credit -
    debit) plus the adjustments, of those where both read, and how many were compared.
    Signs aside: a card export may print the net the other way round."""
    unsigned = unsigned_columns(roles, rows, decimal)
    wrong: list[int] = []
    compared = 0
    for k, r in enumerate(rows):
        cells = r.cells
        i = roles["net"][0]
        net = amount_or_none(cell_text(cells[i]), decimal) if i < len(cells) else None
        gross = _gross(cells, roles, decimal)
        if net is None or gross is None:
            continue
        try:
            extra = adjustment(cells, roles, decimal, unsigned)
            turned = adjustment(cells, roles, decimal, unsigned, turn=True)
        except ValueError:
            continue
        compared += 1
        # an unsigned fee may go either way here: the file's signs are not settled yet
        if abs(net) not in (abs(gross + extra), abs(gross + turned)):
            wrong.append(k)
    return wrong, compared


def settle_net_role(roles: dict[str, list[int]], header: GridRow,
                    sample: Sequence[GridRow]) -> None:
    """A net or total column is the money moved: alone, it is the amount (its adjustments
    are already in it); beside an amount it must equal the amount plus the adjustments on
    most rows, else it is something else (a running total) and no role of the row's."""
    if "net" not in roles:
        return
    if not roles.keys() & {"amount", "debit", "credit"}:
        roles["amount"] = roles.pop("net")
        for role in ADJUSTMENTS:
            roles.pop(role, None)
        return
    decimal = money.infer_decimal_mark(
        [cell_text(r.cells[i]) for r in sample for role in ("amount", "debit", "credit", "net")
         for i in roles.get(role, [])[:1] if i < len(r.cells)])
    wrong, compared = net_disagrees(roles, sample, decimal)
    if compared and len(wrong) * 5 > compared:  # fewer than 4 rows in 5 agree
        amount = roles.get("amount", [len(header.cells)])[0]
        rank = (vocabulary.role_rank("amount", header.cells[amount])
                if amount < len(header.cells) else None)
        if "amount" in roles and (rank is None or rank >= vocabulary.WORD_RANK):
            # an amount named only by a word of its header (Charge amount) gives way to
            # a column named as the total
            roles["amount"] = roles.pop("net")
            for role in ADJUSTMENTS:
                roles.pop(role, None)
        else:
            del roles["net"]


def _gross(cells: Sequence[object], roles: dict[str, list[int]], decimal: str
           ) -> Decimal | None:
    def read(role: str) -> Decimal | None:
        i = roles[role][0] if roles.get(role) else None
        return amount_or_none(cell_text(cells[i]), decimal) if i is not None and i < len(cells) \
            else None

    if "amount" in roles:
        return read("amount")
    debit, credit = read("debit"), read("credit")
    if debit is None and credit is None:
        return None
    return (abs(credit) if credit else Decimal(0)) - (abs(debit) if debit else Decimal(0))



def settle(result: ParseResult, ev: Evidence) -> None:
    """Check the money moved against the file: a net column against the amount plus the
    adjustments (a mismatch is said in one line); without one, a running balance decides
    whether the adjustments are on top of the amount or already in it; with neither, the
    reading taken (amount plus adjustments) is said with what settles it."""
    if not ev.roles.keys() & set(MONEY_MOVED):
        return
    frame = result.frame
    rows = ev.rows.rows(ev.positions)
    names = named(ev.roles, ev.header)
    if "net" in ev.roles:
        net = _names(ev.roles["net"], ev.header)
        wrong, compared = net_disagrees(ev.roles, rows, ev.decimal)
        gross = _names(ev.roles.get("amount") or ev.roles.get("credit", []) + ev.roles.get(
            "debit", []), ev.header)
        if wrong:
            result.warnings.append(
                f"the {net} column is not {gross}{' + ' + names if names else ''} on "
                f"{len(wrong)} of {compared} rows (first at line {rows[wrong[0]].loc}): "
                f"{net} imported as the money moved")
        elif compared:
            result.notes.append(f"{net} = {gross}{' + ' + names if names else ''} on every "
                                f"row: {net} imported as the money moved")
        return
    if not names or not len(frame):
        return
    unsigned = unsigned_columns(ev.roles, rows, ev.decimal)
    added: list[int] = []
    for r, currency in zip(rows, frame["currency"].tolist(), strict=True):
        try:
            added.append(money.to_minor(
                adjustment(r.cells, ev.roles, ev.decimal, unsigned), str(currency)))
        except ValueError:
            added.append(0)
    extra = np.array(added, dtype=np.int64)
    if not extra.any():
        return
    amounts = frame["amount_minor"].to_numpy(dtype=np.int64)
    bare = amounts - extra
    gross = _names(ev.roles.get("amount", []), ev.header) or "the amount"
    if "balance" in ev.roles:
        balances = balance_cells(ev, frame)
        with_extra = balance_reading(amounts.tolist(), balances)
        without = balance_reading(bare.tolist(), balances)
        if with_extra is not None and without is not None:
            if without.fits > with_extra.fits:
                result.frame["amount_minor"] = bare
                result.notes.append(f"{names} already in {gross} (the balance adds up with "
                                    f"{gross} as printed): {gross} imported as the money moved")
                return
            if with_extra.fits > without.fits:
                result.notes.append(f"{gross} + {names} imported as the money moved (the "
                                    "balance adds up with them, not without)")
                return
    if ev.profile is None:
        result.warnings.append(
            f"{gross} + {names} imported as the money moved: no net or balance column "
            f"confirms it (a profile in rules/profiles.yaml naming only the amount column "
            f"imports {gross} as printed)")


def _names(cols: Sequence[int], header: GridRow | None) -> str:
    if header is None:
        return " + ".join(f"column {i + 1}" for i in cols)
    return " + ".join((cell_text(header.cells[i]) if i < len(header.cells) else "")
                      or f"column {i + 1}" for i in cols)


def after_turn(result: ParseResult, ev: Evidence) -> None:
    """The amounts were turned after reading (charges printed positive, found by the file's
    words or balance or ``--sign``): an unsigned fee counted as money out before the turn
    is money in after it; count it out again (a charge of 100 with a fee of 2 is -102)."""
    turned = any(r.charges_positive and r.by != "profile" for r in result.sign_readings)
    if not turned or "net" in ev.roles or not len(result.frame) or not (
            ev.roles.keys() & ADJUSTMENTS.keys()):
        return
    rows = ev.rows.rows(ev.positions)
    unsigned = unsigned_columns(ev.roles, rows, ev.decimal)
    if not unsigned:
        return
    only = {role: [i for i in cols if i in unsigned] for role, cols in ev.roles.items()
            if role in ADJUSTMENTS}
    added: list[int] = []
    for r, currency in zip(rows, result.frame["currency"].tolist(), strict=True):
        try:
            added.append(money.to_minor(adjustment(r.cells, only, ev.decimal, unsigned),
                                        str(currency)))
        except ValueError:
            added.append(0)
    result.frame["amount_minor"] = result.frame["amount_minor"].to_numpy(
        dtype=np.int64) + 2 * np.array(added, dtype=np.int64)
