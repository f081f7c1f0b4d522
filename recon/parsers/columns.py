"""Give a table's columns roles (date, amount, debit/credit, direction, currency, balance,
payee, description, ...): from a profile, from header words checked against the columns'
content, or (where no header word names them) from the content alone."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from .. import money
from ..dates import infer_date_column, looks_like_date
from ..errors import InputError
from . import vocabulary
from .adjustments import MONEY_MOVED, adjustment, amount_or_none, settle_net_role, unsigned_columns
from .cells import cell_text
from .evidence import balance_reading, read_amount
from .grid import GridRow
from .header import header_keys, norm_header
from .preamble import account_text
from .profiles import Profile

#: the roles a column can have, in the order ``infer_columns`` gives them out
ROLE_ORDER = ("date", "amount", "debit", "credit", "direction", "currency", "fee", "tax",
              "roundup", "cashback", "net", "status", "ref", "account", "balance", "payee",
              "description")
#: roles whose cells are amounts besides the amount's own
_OTHER_MONEY = ("balance", *MONEY_MOVED)


def profile_columns(
    profile: Profile, header: GridRow | None, width: int, where: str
) -> dict[str, list[int]]:
    """The columns a profile names, found in the header (or by position)."""
    roles: dict[str, list[int]] = {}
    keys = [set(header_keys(c)) for c in header.cells] if header else []
    for role, cols in profile.columns.items():
        found: list[int] = []
        for col in cols:
            if isinstance(col, int):
                if col < width:
                    found.append(col)
                continue
            want = norm_header(col)
            idx = next((i for i, k in enumerate(keys) if want in k), None)
            if idx is not None:
                found.append(idx)
                if role not in ("payee", "description"):
                    break
        if found:
            roles[role] = found
    for needed in ("date",):
        if needed not in roles:
            raise InputError(
                f"profile {profile.name!r} names no {needed} column that the file has",
                path=where,
                expected=f"a column {profile.columns.get(needed)}",
            )
    return roles


def require_roles(
    roles: dict[str, list[int]], path: Path, header: GridRow | None, profile: Profile | None
) -> None:
    """Refuse a table without a date column and an amount (or debit/credit) column."""
    has_amount = any(r in roles for r in ("amount", "debit", "credit"))
    if "date" in roles and has_amount:
        return
    missing = [n for n, ok in (("date", "date" in roles), ("amount", has_amount)) if not ok]
    if header is None and profile is None:
        raise InputError(
            "no transaction table found",
            path=path,
            expected="a header row naming date and amount columns, or rows of dates and amounts",
            hint="describe the layout in rules/profiles.yaml, or choose one with --profile",
        )
    raise InputError(
        f"no {' or '.join(missing)} column",
        path=path,
        line=header.loc if header else None,
        value=", ".join(cell_text(c) for c in header.cells) if header else None,
        expected="a column named like Date, Amount (or Debit/Credit)",
        hint="name the columns in rules/profiles.yaml, or choose a profile with --profile",
    )


def header_currency(header: GridRow | None, roles: dict[str, list[int]],
                    default: str | None = None) -> str | None:
    """The currency the header names: in an amount column's header, as a code or a symbol
    (``Amount (EUR)``) or a word (``Määrä EUROA``, ``金額（円）``); else yuan for a header in
    simplified Chinese (a Japanese or traditional-Chinese header names no currency by its
    script). A sign several currencies write (``Cargos ($)``) names ``default`` when it is
    of that family. The balance's header counts after the money columns' (``יתרה בש"ח``)."""
    if header is None:
        return None
    for role in ("amount", "debit", "credit", "balance"):
        for i in roles.get(role, []):
            if i >= len(header.cells):
                continue
            text = cell_text(header.cells[i])
            code = (money.currency_in(text.upper(), default)
                    or vocabulary.currency_word(text, default, names="suffix"))
            if code:
                return code
    if simplified_chinese(" ".join(cell_text(c) for c in header.cells[:200])):
        return "CNY"  # a mainland Chinese export with no currency column is in yuan
    return None


_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af\uff66-\uff9f]")


def simplified_chinese(text: str) -> bool:
    """``text`` is simplified Chinese: no kana or Hangul, and a Han character that neither
    Japanese (cp932) nor traditional Chinese (big5) writes (``记``, ``额``, ``对``)."""
    if _KANA_HANGUL.search(text):
        return False
    return any(_simplified_only(ch) for ch in set(text) if "\u4e00" <= ch <= "\u9fff")


@functools.lru_cache(maxsize=8192)
def _simplified_only(ch: str) -> bool:
    for encoding in ("cp932", "big5"):
        try:
            ch.encode(encoding)
            return False
        except UnicodeEncodeError:
            pass
    return True


def _column(rows: Sequence[GridRow], i: int) -> list[str]:
    return [cell_text(r.cells[i]) if i < len(r.cells) else "" for r in rows]


def _ratio(values: list[str], test) -> float:  # type: ignore[no-untyped-def]
    filled = [v for v in values if v]
    return sum(1 for v in filled if test(v)) / len(filled) if filled else 0.0


def _content_ok(role: str, values: list[str]) -> bool:
    """The column's content fits the role (any role, in a header-only statement)."""
    if not values:
        return True
    return _fits(role, values)


def _is_amount(v: str) -> bool:
    try:
        read_amount(v, money.infer_decimal_mark([v]))
        return True
    except ValueError:
        return False


def _is_currency_cell(v: str) -> bool:
    """A currency code, alone or before a name (``EUR``, ``USD - US Dollar``): not an amount
    written with its code (``CNY 49.85`` is an amount's cell)."""
    return money.is_currency(v.strip()[:3]) and not any(ch.isdigit() for ch in v)


def _fits(role: str, values: list[str]) -> bool:
    if role == "date":
        return _ratio(values, looks_like_date) >= 0.5
    if role in ("amount", "debit", "credit", *_OTHER_MONEY):
        return _ratio(values, _is_amount) >= 0.5
    if role == "currency":
        return _ratio(values, _is_currency_cell) >= 0.8
    if role == "direction":
        return _ratio(values, lambda v: vocabulary.direction_of(v, letters=True) is not None
                      ) >= 0.9
    return True


def infer_columns(header: GridRow, data: Sequence[GridRow]) -> dict[str, list[int]]:
    """Give columns roles from header synonyms, checked against the column's content."""
    sample = list(data[:200])
    taken: set[int] = set()
    roles: dict[str, list[int]] = {}
    # Rows shorter than the header (a merged quoted field, e.g. Danske's address columns):
    # a column whose content fails under the header may fit shifted left by the difference.
    widths = Counter(len(r.cells) for r in sample)
    shift = len(header.cells) - widths.most_common(1)[0][0] if widths else 0
    for role in ROLE_ORDER:
        ranked = []
        for i, cell in enumerate(header.cells):
            rank = vocabulary.role_rank(role, cell)
            if rank is None or i in taken or _ranks_better_elsewhere(role, rank, cell):
                continue
            if not _content_ok(role, _column(sample, i)):
                if shift > 0 and i >= shift and _content_ok(role, _column(sample, i - shift)):
                    i -= shift
                else:
                    continue
            ranked.append((rank, i))
        if not ranked:
            continue
        ranked.sort()
        if role == "date" and len(ranked) > 1:
            # the best-named date column that is filled: a settlement date left blank on
            # most rows gives way to the next one
            filled = {i: sum(1 for v in _column(sample, i) if v) for _, i in ranked}
            most = max(filled.values())
            ranked = [(r, i) for r, i in ranked if filled[i] * 2 >= most]
            # a posting date beats a transaction or value date in any language
            ranked.sort(key=lambda ri: (not (ri[1] < len(header.cells) and vocabulary.
                                             names_posting_date(header.cells[ri[1]])), ri[0]))
        chosen = [ranked[0][1]]
        if role in ("payee", "description"):
            # the first that says something: an empty or constant column says nothing when
            # another text column varies (Notes empty on every row, a bank's name)
            chosen = [i for _, i in ranked if _says_something(_column(sample, i))][:1]
            if not chosen and _widest_text(sample, taken | {i for _, i in ranked}) is not None:
                continue
            if not chosen:
                chosen = [i for _, i in ranked if any(_column(sample, i))][:1] or [ranked[0][1]]
        roles[role] = chosen
        taken.update(chosen)
    _amount_by_balance(roles, header, sample)
    _settle_amount_roles(roles, header, sample)
    _amount_currency(roles, header, sample)
    # Where no header word names the date or the amount, the columns' content may.
    if "date" not in roles or not roles.keys() & {"amount", "debit", "credit"}:
        # a column named only word by word (Uttak fra konto: 'konto') is still open to
        # what its content says, unless the word names another kind of money (Valutair
        # saldo is a balance, whatever its numbers look like)
        # a "Time" column whose cells are whole dates and times is the date when no date
        # column is named (2024-03-01 10:00:00)
        named = {i for i, c in enumerate(header.cells[:200])
                 if any((rank < vocabulary.WORD_RANK or role in _OTHER_MONEY)
                        and not (role == "time" and "date" not in roles
                                 and _ratio(_column(sample, i), looks_like_date) >= 0.9)
                        for role, rank in vocabulary.header_roles(c))}
        by_word = {i for role, cols in roles.items() for i in cols if role not in _OTHER_MONEY
                   and (vocabulary.role_rank(role, header.cells[i]) or 0) >= vocabulary.WORD_RANK}
        found = infer_headerless(
            sample, taken=named | {c for cols in roles.values() for c in cols} - by_word)
        if "currency" in found and "currency" not in roles:
            roles["currency"] = found["currency"]
        money_named = bool(roles.keys() & {"amount", "debit", "credit"})
        for role in ("date", "amount", "debit", "credit", "balance"):
            if role in found and role not in roles and (role == "date" or not money_named):
                for other in [r for r, cols in roles.items() if set(cols) & set(found[role])]:
                    del roles[other]  # a column named by a word whose content says otherwise
                roles[role] = found[role]
        taken = {c for cols in roles.values() for c in cols}
    if "amount" in roles and "direction" not in roles:
        _direction_by_content(roles, sample, header)
    if "account" in roles and not _own_account(roles["account"][0], header,
                                               list(data[:ACCOUNT_ROWS])):
        del roles["account"]
    # A file with only a "details" column and no description: use the widest text column.
    if "payee" not in roles and "description" not in roles:
        text_col = _widest_text(sample, taken)
        if text_col is not None:
            roles["description"] = [text_col]
    return roles


_COUNTERPARTY = ("counterparty", "partner", "tegenrekening", "gegenkonto", "beneficiary",
                 "payee", "empfänger", "begünstigter", "对方", "對方", "receiver", "sender",
                 "ordonator", "beneficiar", "recipient", "contra", "saaja", "maksaja",
                 "mottagare", "modtager", "mottaker", "protiúč", "protistran", "odbiorc",
                 "nadawc", "kontrahent", "destinatari", "ordenante", "bénéficiaire",
                 "tegenpartij", "gegenpartei", "controparte", "contrapart", "получател",
                 "отправител", "одержувач")


#: rows an account column is judged on: enough for the cards of a many-card export to repeat
#: (the first 200 rows of a company's export may hold 200 different cards)
ACCOUNT_ROWS = 5000


def _own_account(i: int, header: GridRow, sample: Sequence[GridRow]) -> bool:
    """Column ``i`` names the statement's own account(s), not each row's counterparty: no
    counterparty word in its header, filled on (nearly) every row, and a few values over
    many rows. Account numbers must repeat (a column of numbers that all differ names
    each row's other party); names (``Checking``) and masked cards (``**** 1234``) are the
    user's own. A header matched only word by word (``Card Member``) needs numbers in its
    cells (a holder's name is not an account)."""
    name = norm_header(header.cells[i]) if i < len(header.cells) else ""
    if any(w in name for w in _COUNTERPARTY):
        return False
    column = _column(sample, i)
    filled = [v for v in column if v]
    if not filled or len(filled) < 0.9 * len(column):
        return False
    numbers = _ratio(filled, lambda v: sum(ch.isdigit() for ch in v) >= 4) >= 0.9
    rank = vocabulary.role_rank("account", header.cells[i]) if i < len(header.cells) else None
    if (rank is None or rank >= vocabulary.WORD_RANK) and not numbers:
        return False
    distinct = len({account_text(v) for v in filled})
    if distinct == 1 or distinct * 3 <= len(filled):
        return True
    if numbers and not all(_MASKED.search(v) for v in filled):
        return distinct <= 3 and distinct < len(filled)  # some number repeats
    return distinct <= 3


_MASKED = re.compile(r"[*Xx\u2022]{2,}[ -]?\d{2,}$")


def weak_account(i: int, header: GridRow | None, rows: Sequence[GridRow]) -> bool:
    """An account column that a preamble account beats: named only word by word (``Conto o
    carta``), or empty on most rows."""
    if header is None:
        return False
    rank = vocabulary.role_rank("account", header.cells[i]) if i < len(header.cells) else None
    if rank is None or rank >= vocabulary.WORD_RANK:
        return True
    column = _column(list(rows[:200]), i)
    return sum(1 for v in column if v) * 2 < len(column)


def _direction_by_content(roles: dict[str, list[int]], sample: Sequence[GridRow],
                          header: GridRow) -> None:
    """An unnamed column of direction words (``Dr``/``Cr``, ``O``/``I``) beside unsigned
    amounts is the direction."""
    amounts = [v for v in _column(sample, roles["amount"][0]) if v]
    if any(v.lstrip().startswith(("-", "(")) for v in amounts):
        return
    taken = {c for cols in roles.values() for c in cols}
    width = min(max((len(r.cells) for r in sample), default=0), 200)
    for i in range(width):
        if i in taken or (i < len(header.cells) and vocabulary.header_roles(header.cells[i])
                          and vocabulary.role_rank("direction", header.cells[i]) is None):
            continue
        values = [v for v in _column(sample, i) if v]
        signs = {vocabulary.direction_of(v, letters=True) for v in values}
        if values and None not in signs and {-1, 1} <= signs:
            roles["direction"] = [i]
            return


def _settle_amount_roles(roles: dict[str, list[int]], header: GridRow,
                         sample: Sequence[GridRow]) -> None:
    """One side of a split pair alone, holding signed values, is the amount (``Inflow``
    with ``-33,87``); a net amount already has its fee taken off."""
    if "amount" in roles and roles.keys() & {"debit", "credit"} and not any(
            _column(sample, roles["amount"][0])):
        del roles["amount"]  # an empty "Amount details" beside filled Debit/Credit columns
    if "amount" not in roles and len(roles.keys() & {"debit", "credit"}) == 1:
        side = "debit" if "debit" in roles else "credit"
        values = [v for v in _column(sample, roles[side][0]) if v]
        if any(v.lstrip().startswith(("-", "(")) or v.rstrip().endswith("-") for v in values):
            roles["amount"] = roles.pop(side)
    money_cols = [i for r in ("amount", "debit", "credit") for i in roles.get(r, [])]
    if "currency" in roles and any(
            i < len(header.cells) and money.currency_in(cell_text(header.cells[i]).upper())
            for i in money_cols):
        del roles["currency"]  # "Amount (EUR)": the currency column is another amount's
    settle_net_role(roles, header, sample)


def _amount_by_balance(roles: dict[str, list[int]], header: GridRow,
                       sample: Sequence[GridRow]) -> None:
    """Of several columns the header names as an amount (the amount in the operation's
    currency and the amount in the account's), the one the running balance follows, with
    the fees beside it: the money the account moved. The best-named one stays unless
    another follows the balance on more steps (and on 4 in 5 or more): a few card payments
    abroad leave the operation's amounts adding up on most steps."""
    if "amount" not in roles or "balance" not in roles:
        return
    current = roles["amount"][0]
    holder = {i: role for role, cols in roles.items() for i in cols}

    def open_to_amount(i: int, cell: object) -> bool:
        """Named as an amount, and held by no role or by one its header names less well
        (``Amount in account currency`` taken as the account for its word ``account``)."""
        rank = vocabulary.role_rank("amount", cell)
        held = holder.get(i)
        return rank is not None and i != current and (
            held is None or (vocabulary.role_rank(held, cell) or -1) > rank)

    others = [i for i, c in enumerate(header.cells[:200])
              if open_to_amount(i, c) and _content_ok("amount", _column(sample, i))]
    if not others:
        return
    balance = roles["balance"][0]
    mark = money.infer_decimal_mark([v for i in (current, *others, balance)
                                     for v in _column(sample, i) if v])

    def read(i: int) -> list[Decimal | None]:
        return [amount_or_none(v, mark) for v in _column(sample, i)]

    balances = read(balance)
    unsigned = unsigned_columns(roles, sample, mark)
    extras: list[Decimal] = []
    for r in sample:
        try:
            extras.append(adjustment(r.cells, roles, mark, unsigned))
        except ValueError:
            extras.append(Decimal(0))

    def follows(i: int) -> float:  # the share of balance steps it adds up to
        amounts = read(i)
        best = 0.0
        for moved in (amounts, [None if a is None else a + e
                                for a, e in zip(amounts, extras, strict=True)]):
            fit = balance_reading(moved, balances)
            if fit is not None and fit.steps:
                best = max(best, fit.fits / fit.steps)
        return best

    now = follows(current)
    if now == 1.0:
        return
    share = {i: follows(i) for i in others}
    found = max(others, key=share.__getitem__)
    if share[found] >= 0.8 and share[found] > now:
        if found in holder:
            del roles[holder[found]]
        roles["amount"] = [found]


def _amount_currency(roles: dict[str, list[int]], header: GridRow,
                     sample: Sequence[GridRow]) -> None:
    """Of several currency columns, the amount's: the one whose header names the amount's
    (``Currency (Total)`` beside ``Total``), else the one right after the amount column
    (an export that writes each figure's currency after it)."""
    if "currency" in roles and _another_figures(roles, sample):
        del roles["currency"]
    if "amount" not in roles or "currency" not in roles:
        return
    amount = roles["amount"][0]
    cands = [i for i, c in enumerate(header.cells[:200])
             if vocabulary.role_rank("currency", c) is not None
             and _content_ok("currency", _column(sample, i))]
    if len(cands) < 2 or amount >= len(header.cells):
        return
    name = vocabulary.header_fold(header.cells[amount])
    named = [i for i in cands if name and name in vocabulary.header_fold(header.cells[i])
             and vocabulary.header_fold(header.cells[i]) != name]
    after = [i for i in cands if i == amount + 1]
    chosen = (named or after or [roles["currency"][0]])[0]
    roles["currency"] = [chosen]


def _another_figures(roles: dict[str, list[int]], sample: Sequence[GridRow]) -> bool:
    """The currency column follows a figure that is not the amount (an original amount
    in a card payment's own currency: ``Originální částka; Originální měna``) and no money
    column of the table: it is that figure's currency, not the amount's (the amount is in
    the account's). A balance or fee before it is the account's money: not another figure."""
    currency = roles["currency"][0]
    before = currency - 1
    taken = {i for cols in roles.values() for i in cols}
    money_cols = {i for r in (*_MONEY_ROLES, *_OTHER_MONEY) for i in roles.get(r, [])}
    if currency == 0 or before in money_cols or before in taken:
        return False
    values = [v for v in _column(sample, before) if v]
    return bool(values) and _ratio(values, _is_amount) >= 0.9


_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


_MONEY_ROLES = ("amount", "debit", "credit")


def _ranks_better_elsewhere(role: str, rank: int, cell: object) -> bool:
    """A header cell goes to the money role it ranks best at: ``Withdrawal Amt.`` matches
    ``amount`` by the word ``amt`` but ``debit`` as a whole, so it is the debit column."""
    if role not in _MONEY_ROLES:
        return False
    return any(r in _MONEY_ROLES and other < rank for r, other in vocabulary.header_roles(cell))


def _says_something(values: list[str]) -> bool:
    """A text column that tells rows apart: filled somewhere, and not one value on every
    row of three or more."""
    filled = [v for v in values if v]
    return bool(filled) and (len(values) < 3 or len(set(filled)) > 1)


def _widest_text(sample: Sequence[GridRow], taken: set[int]) -> int | None:
    """The text column with the longest values among those that tell rows apart."""
    width = max((len(r.cells) for r in sample), default=0)
    best, best_len = None, 0.0
    for i in range(width):
        if i in taken:
            continue
        column = _column(sample, i)
        vals = [v for v in column if v]
        if (not _says_something(column) or _ratio(vals, _is_amount) > 0.5
                or _ratio(vals, looks_like_date) > 0.5 or _ratio(vals, _TIME.fullmatch) > 0.5):
            continue
        avg = sum(len(v) for v in vals) / len(vals)
        if avg > best_len:
            best, best_len = i, avg
    return best


def _has_decimals(v: str) -> bool:
    return bool(re.search(r"[.,]\d{1,2}\D*$", v))


#: an amount without decimals that is still money: thousands grouped (13,500, 1.236.500)
#: or a sign (-648, +3120); a bare 2480 could be a count or an id
_WHOLE_MONEY = re.compile(r"^[-+\u2212(]?\s?[^\d\s-]{0,3}\s?(?:\d{1,3}(?:[,. '\u00a0]\d{3})+"
                          r"|(?<=[-+\u2212(])\s?\d+|(?<=[-+\u2212(].)\s?\d+)\)?$")


def _money_column(values: list[str]) -> bool:
    """A numeric column that reads as money: most cells have decimals, or (integer amounts:
    yen, won, forint) most are grouped in thousands or signed, which an id or a count is
    not (a running balance that only rises still is money)."""
    filled = [v for v in values if v]
    if _ratio(filled, _has_decimals) >= 0.5:
        return True
    return _ratio(filled, lambda v: bool(_WHOLE_MONEY.match(v.strip()))) >= 0.5


def infer_headerless(data: Sequence[GridRow], taken: set[int] | frozenset[int] = frozenset(),
                     whole_units: bool = False) -> dict[str, list[int]]:
    """Give columns roles from content alone: the date, the amount (a signed column, or a
    pair of columns of which each row fills one: money out and money in), a running
    balance (a full column the amounts add up to), currency, direction, the widest text.
    ``whole_units``: the currency has no minor units (yen, won), so a column of bare whole
    numbers that vary and reach 100 is money too (a count of instalments is not)."""
    sample = list(data[:200])
    width = min(max((len(r.cells) for r in sample), default=0), 200)
    roles: dict[str, list[int]] = {}
    for i in range(width):
        if i not in taken and _ratio(_column(sample, i), looks_like_date) >= 0.9:
            roles["date"] = [i]
            break
    numeric: list[tuple[int, list[str]]] = []
    for i in range(width):
        vals = _column(sample, i)
        if (i in taken or i in roles.get("date", []) or not any(vals)
                or _ratio(vals, _is_amount) < 0.9
                or not (_money_column(vals) or whole_units and _whole_money(vals))):
            continue
        numeric.append((i, vals))
    pair = _split_pair(numeric, len(sample))
    full = [(i, v) for i, v in numeric if sum(1 for x in v if x) >= 0.9 * len(sample)
            and (pair is None or i not in pair)]
    if pair is not None:
        roles["debit"], roles["credit"] = [pair[0]], [pair[1]]
        if full:
            roles["balance"] = [full[-1][0]]
    elif full:
        dates = _column(sample, roles["date"][0]) if "date" in roles else []
        amount, balance = _amount_and_balance(full, _date_order(dates))
        roles["amount"] = [amount]
        if balance is not None:
            roles["balance"] = [balance]
    taken = set(taken) | {c for cols in roles.values() for c in cols}
    for i in range(width):
        vals = _column(sample, i)
        if i in taken or not any(vals):
            continue
        if "currency" not in roles and _ratio(vals, lambda v: len(v) == 3 and money.is_currency(v)) >= 0.9:
            roles["currency"] = [i]
        elif "direction" not in roles and _content_ok("direction", vals):
            roles["direction"] = [i]
        elif "account" not in roles and _constant_account(vals):
            roles["account"] = [i]
    text = _widest_text(sample, taken | {c for cols in roles.values() for c in cols})
    if text is not None:
        roles["description"] = [text]
    return roles


def _whole_money(values: list[str]) -> bool:
    """Bare whole numbers that vary and reach 100: yen amounts, not a count or a flag."""
    numbers = []
    for v in values:
        if v:
            try:
                numbers.append(read_amount(v, "."))
            except ValueError:
                return False
    return (len(set(numbers)) > 1 and max(abs(n) for n in numbers) >= 100
            and all(n == n.to_integral_value() for n in numbers))


_ACCOUNT_SHAPE = re.compile(r"\d[\d -]{4,32}\d|[A-Z]{2}\d{2}[A-Z0-9]{10,30}")


def _constant_account(values: list[str]) -> bool:
    """A headerless column that is the statement's own account: the same value on every
    row (of two or more), written as an account is: a run of six or more digits (no
    decimal mark), an IBAN, or a masked card number (``4500********1234``)."""
    if len(values) < 2 or not values[0] or any(v != values[0] for v in values):
        return False
    v = values[0].strip()
    return bool(_ACCOUNT_SHAPE.fullmatch(v) or _MASKED.search(v)) and not looks_like_date(v)


def _split_pair(sparse: list[tuple[int, list[str]]], rows: int) -> tuple[int, int] | None:
    """Two columns of which (nearly) every row fills exactly one: (money out, money in).
    The column with more rows is taken as money out (spending outnumbers income); a
    balance column, where there is one, settles it later."""
    for n, (a, va) in enumerate(sparse):
        for b, vb in sparse[n + 1:]:
            if any(x and y for x, y in zip(va, vb, strict=True)):
                continue  # never both filled
            one = sum(1 for x, y in zip(va, vb, strict=True) if x or y)
            if one >= 0.95 * rows:
                fa, fb = sum(1 for x in va if x), sum(1 for y in vb if y)
                return (a, b) if fa >= fb else (b, a)
    return None


def _date_order(values: list[str]) -> int:
    """1 when the dates run oldest first, -1 newest first, 0 when they do not say."""
    filled = [v for v in values if v]
    try:
        column = infer_date_column(filled)
        days = [column.parse(v) for v in filled]
    except ValueError:
        return 0
    pairs = list(zip(days, days[1:], strict=False))
    if pairs and all(a <= b for a, b in pairs) and any(a < b for a, b in pairs):
        return 1
    if pairs and all(a >= b for a, b in pairs) and any(a > b for a, b in pairs):
        return -1
    return 0


def _amount_and_balance(full: list[tuple[int, list[str]]], date_order: int = 0
                        ) -> tuple[int, int | None]:
    """Among full numeric columns, the amount and the running balance it adds up to. Where
    several pairs add up (a balance before and a balance after each row: the one before
    adds up read backwards with turned signs), the pair that adds up in the order the dates
    run, with the signs as printed, wins."""
    def values(v: list[str]) -> list[Decimal | None]:
        out: list[Decimal | None] = []
        for x in v:
            try:
                out.append(read_amount(x, money.infer_decimal_mark([x])) if x else None)
            except ValueError:
                out.append(None)
        return out

    parsed = [(i, values(v)) for i, v in full]
    fits = []
    for i, a in parsed:
        for j, b in parsed:
            fit = balance_reading(a, b, date_order) if i != j else None
            if fit is not None and fit.fits * 5 >= fit.steps * 4:
                fits.append((fit.fits / fit.steps, fit.order == date_order, fit.sign, -i, -j))
    if fits:
        best = max(fits)
        return -best[3], -best[4]
    best_col = max(full, key=lambda iv: (_ratio(iv[1], lambda v: "-" in v or "(" in v),
                                         _ratio(iv[1], _has_decimals), iv[0]))
    return best_col[0], None
