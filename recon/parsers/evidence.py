"""The sign of the amounts, cross-checked: a running balance decides it (amount = change in
balance, in either row order), else ``--sign``, else the file's words and signs; where
nothing decides, the reading taken is said with the option that forces the other. Also
``read_amount``, the one reading of an amount cell."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import money
from ..errors import InputError
from . import vocabulary
from .base import ParseOptions, ParseResult, SignReading
from .cells import cell_text
from .grid import Body, GridRow
from .profiles import Profile

#: a note after an amount: ``131.77(已退款89.84)``, ``-3.90(CN)``
_AMOUNT_NOTE = re.compile(r"(?<=\d)\s*[(（]([^()（）]*[^\W\d_][^()（）]*)[)）]\s*$")
#: words an amount cell may carry besides a currency code
_AMOUNT_WORDS = frozenset({"cr", "dr", "元", "円", "rmb", "kr", "zł", "zl", "lei", "ft", "kč",
                           "kc", "fr", "chf", "sfr", "руб", "грн", "usd", "eur", "gbp"})


def read_amount(text: str, decimal_mark: str) -> Decimal:
    """An amount cell exactly: ``money.parse_amount`` after dropping a trailing note, and
    refusing text with words other than a currency code or CR/DR ("FOOTER ROW 2").

    Raises:
        ValueError: not an amount.
    """
    if len(text) > _LONGEST:
        raise ValueError(f"not an amount: {text[:40]!r}...")
    s = text.strip()
    if _MARKED.search(s):  # more than a plain number: a note, a sign, a word
        note = _AMOUNT_NOTE.search(s)
        if note:
            s = s[:note.start()]
            side = vocabulary.direction_of(note.group(1), letters=True)
            if side in (-1, 1):  # 12.00 (D), 45.10 (Cr): the note is the direction
                return abs(read_amount(s, decimal_mark)) * side
        if _CURRENCY_WORD.search(s):
            s = _CURRENCY_WORD.sub(_currency_word_out, s)
        for word in re.findall(r"[^\W\d_]+", money.without_symbols(s)):
            w = word.lower()
            if w not in _AMOUNT_WORDS and not (len(word) == 3
                                               and money.is_currency(word.upper())):
                raise ValueError(f"not an amount: {text!r}")
    return money.parse_amount(s, decimal_mark)


#: the longest text an amount cell is read from (a note after the figure included)
_LONGEST = 200
#: a character other than a plain number's: the cell may write a currency sign
_MARKED = re.compile(r"[^\d\s.,'+\-()]")
#: a word before or after the figure (``Rs. 1,234.00``, ``1 234 Ft``)
_CURRENCY_WORD = re.compile(r"^\s*[-+]?\s*([^\W\d_]+\.?)|([^\W\d_]+\.?)\s*$")


def _currency_word_out(m: re.Match[str]) -> str:
    """A currency word of the vocabulary taken out of an amount's text (others stay, to be
    refused)."""
    word = m.group(1) or m.group(2)
    if cell_currency(word) is None:
        return m.group(0)
    return m.group(0).replace(word, " ")


def cell_currency(text: str, default: str | None = None) -> str | None:
    """The currency a word in an amount's cell names (``Rs.``, ``Soles``): the
    vocabulary's currency words, a family's word naming ``default`` when of the family."""
    for word in re.findall(r"[^\W\d_]+\.?", text):
        if len(word) > 1:
            code = vocabulary.currency_word(word, default)
            if code:
                return code
    return None




@dataclass(frozen=True)
class BalanceFit:
    """How well amounts add up to a running balance under one reading: each row's balance
    is the previous row's plus ``sign * amount`` (``order`` 1: oldest row first, -1:
    newest first)."""

    sign: int
    order: int
    fits: int  # steps between rows with a balance that add up
    steps: int
    first_break: int | None  # position of the first row that does not

    @property
    def exact(self) -> bool:
        return self.steps > 0 and self.fits == self.steps


def balance_reading(amounts: Sequence[object], balances: Sequence[object],
                    order_hint: int = 0) -> BalanceFit | None:
    """The reading under which most steps add up (None with fewer than two balances).
    Rows without a balance carry their amount to the next row that has one; rows without
    an amount count as 0. Where readings tie (equal amounts fit a turned sign in the other
    row order), the order the dates run in (``order_hint``), then the printed sign win."""
    marked = [k for k, b in enumerate(balances) if b is not None]
    if len(marked) < 2:
        return None
    best: BalanceFit | None = None
    for sign in (1, -1):
        for order in (1, -1):
            fits, broke = 0, None
            for p, q in zip(marked, marked[1:], strict=False):
                span = range(p + 1, q + 1) if order == 1 else range(p, q)
                moved = sum((amounts[k] or 0 for k in span), 0)  # type: ignore[misc]
                if balances[q] - balances[p] == sign * order * moved:  # type: ignore[operator]
                    fits += 1
                elif broke is None:
                    broke = q if order == 1 else p
            fit = BalanceFit(sign, order, fits, len(marked) - 1, broke)
            if best is None or (fit.fits, fit.order == order_hint, fit.sign) > (
                    best.fits, best.order == order_hint, best.sign):
                best = fit
    return best



@dataclass
class Evidence:
    """What the sign and balance checks look at besides the rows read."""

    roles: dict[str, list[int]]
    header: GridRow | None
    profile: Profile | None
    options: ParseOptions
    context: str  # the sheet name and preamble lines
    path: Path
    rows: Body  # the table's data rows
    positions: np.ndarray  # body position of each frame row
    decimal: str
    named_by_header: bool  # a header word (or profile) named the amount columns


def settle_sign(result: ParseResult, ev: Evidence) -> None:
    """Make money out negative: a running balance decides (and a file whose amounts do not
    add up to it is refused), else ``--sign``, else the file's words and signs; where
    nothing decides, the reading taken is said with the option that forces the other."""
    _symbol_currency(result, ev)
    frame = result.frame
    amounts = frame["amount_minor"].to_numpy(dtype=np.int64)
    single = "amount" in ev.roles and "direction" not in ev.roles
    pair = {"debit", "credit"} <= ev.roles.keys()
    declared = ev.profile is not None and (ev.profile.sign != "signed" or bool(ev.profile.directions))
    if "balance" in ev.roles and ev.profile is None or (
            ev.profile is not None and "balance" in ev.roles and ev.profile.sign == "signed"):
        balances = balance_cells(ev, frame)
        days = frame["posted_date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        steps = np.diff(days)
        hint = 1 if (steps >= 0).all() and steps.any() else (
            -1 if (steps <= 0).all() and steps.any() else 0)
        fit = balance_reading(amounts.tolist(), balances, hint)
        strict = bool(len(steps)) and bool((steps > 0).all() or (steps < 0).all())
        if fit is not None and strict and fit.order == -hint:
            fit = _balance_before(result, fit, hint)
        if fit is None:
            result.notes.append("the balance column: fewer than two values, nothing to check")
        elif _balance_decides(result, ev, fit, amounts):
            return
    if declared:
        _read(result, ev.profile is not None and ev.profile.sign == "charges_positive",
              "profile")
        return
    if not (single or pair):  # a direction column signs each row
        _read(result, False, "columns")
        return
    if ev.options.sign == "charges-positive":
        _read(result, True, "option", "--sign charges-positive: positive amounts read as "
              "money out", turn=True)
        return
    if ev.options.sign == "charges-negative":
        _read(result, False, "option")
        return
    if pair:
        if ev.header is None:
            _read(result, False, "guess", "no header: the column with more rows taken as money "
                  "out, the other as money in (name them in rules/profiles.yaml if it is the "
                  "other way round)", warn=True)
        else:
            _read(result, False, "columns")
        return
    _sign_from_words(result, ev, amounts)


def _symbol_currency(result: ParseResult, ev: Evidence) -> None:
    """Say once when the amount cells' sign (``$``, ``kr``, ``¥``) is one several currencies
    write and no default of its family settled which: the currency taken, and the option."""
    cols = [i for r in ("amount", "debit", "credit") for i in ev.roles.get(r, [])[:1]]
    texts = [cell_text(t) for c in cols for t in ev.rows.cells(c, ev.positions[:50])]
    sign = next((s for s in map(money.ambiguous_symbol, texts) if s), None)
    if sign is None:
        _family_word_currency(result, ev, texts)
        return
    taken = money.SYMBOLS[sign]
    if (result.frame["currency"] == taken).any() and (ev.options.currency or "").upper() \
            not in money.SYMBOL_FAMILIES[sign]:
        others = [c for c in money.SYMBOL_FAMILIES[sign] if c != taken][:4]
        result.warnings.append(
            f"amounts in {sign!r}, which several currencies write: read as {taken} "
            f"(--currency {others[0]}, or currency in a profile, for another: "
            f"{', '.join(others)}, ...)")


def _family_word_currency(result: ParseResult, ev: Evidence, texts: list[str]) -> None:
    """The same as for a sign, for a word in the amount cells that several currencies write
    (``Rs.``): say once which currency was taken and the option for another."""
    word = next((w for t in texts for w in re.findall(r"[^\W\d_]+\.?", t)
                 if len(w) > 1 and vocabulary.currency_family_word(w)), None)
    if word is None:
        return
    family = vocabulary.vocabulary().currency_families[vocabulary.currency_family_word(word)
                                                       or ""]
    taken = family[0]
    if (result.frame["currency"] == taken).any() and (ev.options.currency or "").upper() \
            not in family:
        others = [c for c in family if c != taken][:4]
        result.warnings.append(
            f"amounts in {word!r}, which several currencies write: read as {taken} "
            f"(--currency {others[0]}, or currency in a profile, for another: "
            f"{', '.join(others)}, ...)")


def _balance_before(result: ParseResult, fit: BalanceFit, hint: int) -> BalanceFit:
    """A fit only against the order the dates strictly run in (no two rows on one day,
    which a file may print in either order): the balance column is the balance BEFORE each
    row (the same sums as a balance after it, read backwards with turned signs). The dates
    decide the order, so the sign is the other one; said in a note."""
    result.notes.append("the balance column adds up only against the order of the dates: it "
                        "is the balance before each row")
    return BalanceFit(-fit.sign, hint, fit.fits, fit.steps, fit.first_break)


def _balance_decides(result: ParseResult, ev: Evidence, fit: BalanceFit,
                     amounts: np.ndarray) -> bool:
    """Apply what the balance column says; True when it settled the sign. Refuses a file
    whose amounts mostly do not add up to it (the wrong columns, or a wrong reading)."""
    frame = result.frame
    if fit.fits * 5 < fit.steps * 4:  # fewer than 4 steps in 5 add up under any reading
        at = fit.first_break if fit.first_break is not None else 0
        line = str(frame["source_row"].iloc[at])
        if ev.named_by_header and ev.profile is None and fit.fits * 2 > fit.steps:
            raise InputError(  # most steps add up: the rows that break are read wrong
                f"the amounts do not add up to the balance column ({fit.fits} of {fit.steps} "
                "steps do, not this one): the columns the header names are not read right",
                path=ev.path, line=line,
                value="amount " + money.format_minor(int(amounts[at]),
                                                     str(frame["currency"].iloc[at])),
                expected="each row's balance = the previous row's balance + its amount",
                hint="name the amount, debit/credit and balance columns in "
                     "rules/profiles.yaml (a profile's columns are imported as it names them)")
        if ev.named_by_header:  # the header says which columns: the balance is no evidence
            result.warnings.append(
                f"the balance column does not follow the amounts ({fit.fits} of {fit.steps} "
                f"steps add up; first at line {line}): imported as the header names them")
            return False
        raise InputError(
            f"the amounts do not add up to the balance column ({fit.fits} of {fit.steps} "
            "steps do)",
            path=ev.path, line=line,
            value="amount " + money.format_minor(int(amounts[at]), str(frame["currency"].iloc[at])),
            expected="each row's balance = the previous row's balance + its amount",
            hint="name the amount and balance columns in rules/profiles.yaml",
        )
    if not fit.exact and fit.first_break is not None:
        result.warnings.append(
            f"the balance column does not follow the amounts at line "
            f"{frame['source_row'].iloc[fit.first_break]} ({fit.steps - fit.fits} of "
            f"{fit.steps} steps): imported as read; check those rows")
    if fit.sign == -1:
        if ev.options.sign == "charges-negative":
            _read(result, False, "option", "--sign charges-negative: amounts kept as printed "
                  "although the balance column says their signs are turned", warn=True)
            return True
        _read(result, True, "balance", "the amounts add up to the balance column only with "
              "their signs turned: money out read from positive amounts", turn=True)
    else:
        _read(result, False, "balance", f"the amounts add up to the balance column ({fit.fits} "
              f"of {fit.steps} steps)")
    return True


def _sign_from_words(result: ParseResult, ev: Evidence, amounts: np.ndarray) -> None:
    voc = vocabulary.vocabulary()
    n = len(amounts)
    neg, pos = int((amounts < 0).sum()), int((amounts > 0).sum())
    texts = pa.array(result.frame["description_raw"], pa.string(), from_pandas=True)
    credit_words = np.asarray(pc.match_substring_regex(
        texts, vocabulary.words_pattern(voc.card_credit)).fill_null(False).to_numpy(
        zero_copy_only=False), dtype=bool)
    neg_words = int((credit_words & (amounts < 0)).sum())
    pos_words = int((credit_words & (amounts > 0)).sum())
    header_text = " ".join(cell_text(c) for c in ev.header.cells[:50]) if ev.header else ""
    card = vocabulary.has_word(f"{ev.context} {header_text} {ev.path.stem}", voc.card)
    forced = "(--sign charges-negative to read them as printed)"
    typed = _type_column(ev, amounts)
    if neg == 0 and ev.header is None:
        _read(result, True, "guess", f"the amounts carry no sign: read as money out {forced}",
              turn=True, warn=True)
    elif typed is not None:
        name, turned = typed
        if turned:
            _read(result, True, "words", f"the {name} column calls the positive rows money out "
                  "and the negative ones money in: charges read as money out", turn=True)
        else:
            _read(result, False, "words", f"the {name} column agrees with the signs as printed")
    elif neg and neg_words * 2 >= neg and (pos_words * 5 <= pos and pos >= neg
                                           or card and pos_words == 0):
        _read(result, True, "words", "charges are printed positive (the negative rows are "
              "payments and refunds): read as money out", turn=True)
    elif card and pos * 3 >= 2 * n:
        _read(result, True, "words", f"a card statement with mostly positive amounts: charges "
              f"read as money out {forced}", turn=True, warn=True)
    elif n >= 3 and pos * 4 >= 3 * n:
        _read(result, False, "guess", "most amounts are positive: read as printed, positive = "
              "money in (--sign charges-positive if the file prints charges positive)",
              warn=True)
    else:
        _read(result, False, "printed")


def _type_column(ev: Evidence, amounts: np.ndarray) -> tuple[str, bool] | None:
    """A column no role took whose words name a direction on some rows (``Purchase`` out,
    ``Credit`` in: an issuer's transaction type) on both sides, in agreement with the signs
    either all as printed or all turned: its header, and whether the signs are turned."""
    if ev.header is None:
        return None
    taken = {i for cols in ev.roles.values() for i in cols}
    found = None
    for i, cell in enumerate(ev.header.cells[:50]):
        if i in taken:
            continue
        words = [vocabulary.direction_of(cell_text(t)) for t in ev.rows.cells(i, ev.positions)]
        side = np.array([w if w in (-1, 1) else 0 for w in words], dtype=np.int64)
        if not ((side == -1).any() and (side == 1).any()):
            continue
        agree = int(((side * np.sign(amounts)) == 1).sum())  # in positive, out negative
        turned = int(((side * np.sign(amounts)) == -1).sum())
        if agree and turned or agree + turned < 3:
            return None  # the column says both: it is no sign evidence
        if found is not None:
            return None
        found = (cell_text(cell) or f"column {i + 1}", turned > 0)
    return found


def _read(result: ParseResult, charges_positive: bool, by: str, why: str = "", *,
          turn: bool = False, warn: bool = False) -> None:
    """Record how the signs were read (``result.sign_readings``), say ``why`` (a warning,
    shown without -v, or a note), and turn the amounts when ``turn``."""
    if turn:
        result.frame["amount_minor"] = -result.frame["amount_minor"]
    if why:
        (result.warnings if warn else result.notes).append(why)
    result.sign_readings.append(SignReading(charges_positive, by, why, warn))


def balance_cells(ev: Evidence, frame: pd.DataFrame) -> list[int | None]:
    """The balance cell of each frame row in minor units (None where empty or unreadable;
    a file with several currencies or accounts keeps one balance each: those are None)."""
    if frame["currency"].nunique() > 1 or frame["account"].nunique() > 1:
        return [None] * len(frame)
    return _minor_cells(ev, frame, ev.roles["balance"][0])


def _minor_cells(ev: Evidence, frame: pd.DataFrame, column: int) -> list[int | None]:
    """Column ``column`` of each frame row as an amount in minor units (None: empty or
    unreadable)."""
    texts = ev.rows.cells(column, ev.positions)
    currency = str(frame["currency"].iloc[0])
    out: list[int | None] = []
    for t in texts:
        text = cell_text(t).replace("|", "")
        try:
            out.append(money.to_minor(read_amount(text, ev.decimal), currency)
                       if text else None)
        except ValueError:
            out.append(None)
    return out


