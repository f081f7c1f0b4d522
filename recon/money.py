"""Exact money: parse amount text into ``Decimal`` and convert to integer minor units.

Amounts are never floats. A statement amount is read from its text; the currency's ISO 4217
exponent says how many minor units make a major one. The exponents come from the ISO 4217
maintenance agency's own table (list one, shipped by the pinned ``iso4217`` package), not from
CLDR: CLDR's "digits" are display conventions that change between releases (HUF had 2, then 0),
and an exponent that changes under a ledger would rescale every stored amount.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from iso4217 import Currency

# ISO 4217 list three (historic codes) that still appear on old statements (BGN: withdrawn when
# Bulgaria took the euro in 2026, still on every older export); their minor units
# as published when they were withdrawn (the values CLDR also keeps; historic ones do not change).
_HISTORIC = {
    "ATS": 2, "BEF": 2, "BGN": 2, "BYR": 0, "CYP": 2, "DEM": 2, "EEK": 2, "ESP": 0, "FIM": 2,
    "FRF": 2, "GRD": 2, "HRK": 2, "IEP": 2, "ITL": 0, "LTL": 2, "LUF": 0, "LVL": 2, "MTL": 2,
    "NLG": 2, "PTE": 2, "RUR": 2, "SIT": 2, "SKK": 2, "VEF": 2, "XEU": 2,
}
# Funds, metals and testing codes have no minor unit in the table; they hold whole units.
_EXPONENTS = {c.code: (c.exponent if c.exponent is not None else 0) for c in Currency}
_EXPONENTS.update({k: v for k, v in _HISTORIC.items() if k not in _EXPONENTS})
_KNOWN = frozenset(_EXPONENTS)

SYMBOLS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY", "元": "CNY",
    "₹": "INR", "₩": "KRW", "₽": "RUB", "zł": "PLN", "kr": "SEK", "Ft": "HUF", "₺": "TRY",
    "R$": "BRL", "C$": "CAD", "A$": "AUD", "CHF": "CHF", "Fr.": "CHF", "₪": "ILS", "₫": "VND",
    "₦": "NGN", "₱": "PHP", "₴": "UAH", "৳": "BDT", "₵": "GHS", "GH₵": "GHS", "₸": "KZT",
    "₾": "GEL", "₲": "PYG", "₡": "CRC", "S/": "PEN", "S/.": "PEN", "RM": "MYR", "KSh": "KES",
    "Ksh": "KES", "Kshs": "KES", "Kč": "CZK", "лв": "BGN", "лв.": "BGN", "Rp": "IDR",
    "TL": "TRY", "lei": "RON", "RD$": "DOP", "NT$": "TWD", "HK$": "HKD", "S$": "SGD",
    "NZ$": "NZD", "MX$": "MXN",
}
#: Symbols several currencies write: such a symbol only confirms a default of its family
#: (a ``$`` file in a CAD workspace is CAD); without one it names the first (``SYMBOLS``).
SYMBOL_FAMILIES: dict[str, tuple[str, ...]] = {  # the most used first
    "$": tuple("USD CAD AUD NZD SGD HKD MXN TWD ARS CLP COP CUP DOP UYU BSD BBD BZD BMD BND "
               "KYD FJD GYD JMD LRD NAD SBD SRD TTD XCD".split()),
    "£": tuple("GBP EGP GIP FKP SHP SYP LBP SSP".split()),
    "¥": ("CNY", "JPY"),
    "￥": ("CNY", "JPY"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "Fr.": ("CHF", "XAF", "XOF", "XPF"),
    "₩": ("KRW", "KPW"),
}
def _symbol_pattern(sign: str) -> str:
    """A sign as a pattern: one that starts or ends with a letter is not part of a word
    (``RM`` is not in ``TRANSFER``)."""
    start = r"(?<![^\W\d_])" if sign[0].isalpha() else ""
    end = r"(?![^\W\d_])" if sign[-1].isalpha() else ""
    return start + re.escape(sign) + end


_SYMBOL_RE = re.compile(
    "|".join(_symbol_pattern(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    + r"|\b[A-Z]{3}\b"
)


def codes() -> frozenset[str]:
    """Every currency code recon knows (ISO 4217 and the historic ones it keeps)."""
    return _KNOWN


def is_currency(code: str) -> bool:
    """True for an ISO 4217 code, current or historic (``USD``, ``JPY``, ``KWD``, ``LTL``)."""
    return code.upper() in _KNOWN


def exponent(currency: str) -> int:
    """ISO 4217 minor-unit exponent: JPY 0, USD 2, KWD 3, HUF 2.

    Raises:
        KeyError: not an ISO 4217 code (check with :func:`is_currency` first).
    """
    return _EXPONENTS[currency.upper()]


#: The largest amount recon stores, in minor units (10^15 cents is ten trillion dollars):
#: well inside the ledger's 64-bit integers, far beyond any statement row.
MAX_MINOR = 10**15
#: The most digits an amount's text may have (a million-digit "amount" is not one).
MAX_DIGITS = 40


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal major units to integer minor units; refuses sub-minor precision.

    Raises:
        ValueError: the amount is not finite, is beyond ``MAX_MINOR`` minor units, or has
            more decimals than the currency allows (trailing zeros such as ``-3.77000`` are
            fine).
    """
    if not amount.is_finite():
        raise ValueError(f"{amount} is not an amount")
    exp = exponent(currency)
    # The magnitude first: scaling a million-digit number overflows Decimal's exponent.
    if amount and (amount.adjusted() + exp > 15 or abs(amount.scaleb(exp)) > MAX_MINOR):
        raise ValueError(f"amount {_short(amount)} is beyond the largest recon stores "
                         f"(10^15 minor units)")
    scaled = amount.scaleb(exp)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def _short(amount: Decimal) -> str:
    """An amount for a message: as written when short, in E notation when long."""
    text = str(amount)
    return text if len(text) <= 24 else f"{amount:.6E}"


def from_minor(minor: int, currency: str) -> Decimal:
    """Integer minor units back to a Decimal with the currency's exponent."""
    exp = exponent(currency)
    return Decimal(minor).scaleb(-exp).quantize(Decimal(1).scaleb(-exp))


def format_minor(minor: int, currency: str) -> str:
    """``-1549, "USD"`` -> ``"-15.49"`` (a decimal string, exact)."""
    return str(from_minor(minor, currency))


def currency_in(text: str, default: str | None = None) -> str | None:
    """The currency named by a symbol or ISO code inside amount text, if any. A symbol
    several currencies write (``SYMBOL_FAMILIES``: ``$``, ``kr``, ``¥``) names ``default``
    when it is of that family, else the symbol's first currency (``SYMBOLS``)."""
    for m in _SYMBOL_RE.finditer(text):
        tok = m.group(0)
        family = SYMBOL_FAMILIES.get(tok)
        if family and default and default.upper() in family:
            return default.upper()
        code = SYMBOLS.get(tok, tok)
        if is_currency(code):
            return code
    return None


def without_symbols(text: str) -> str:
    """``text`` without the currency signs and codes it writes (``S/ 1,500.00`` ->
    `` 1,500.00``)."""
    return _SYMBOL_RE.sub("", text)


def ambiguous_symbol(text: str) -> str | None:
    """The first currency sign in ``text`` when it is one several currencies write."""
    m = _SYMBOL_RE.search(text)
    return m.group(0) if m and m.group(0) in SYMBOL_FAMILIES else None


_NEG_WORDS = re.compile(r"(?i)\b(dr|debit|d)\b\.?$")
_POS_WORDS = re.compile(r"(?i)\b(cr|credit|c)\b\.?$")
_LETTER_INSIDE = re.compile(r"\d[A-Za-z]+[\d.,]")
_NOT_PLAIN = re.compile(r"[^\d.,'’\s\u00a0\u202f+\-()−]")
_STRIP = re.compile(r"[^\d.,'’\s\u00a0\u202f+\-()−]")


#: digits grouped in threes by a space or an apostrophe, then one mark and digits
_SPACE_GROUPED = re.compile(r"\d[ \u00a0\u202f'’]\d{3}([.,])\d+\s*(?:[-+)]|[A-Za-z]{0,3})?\s*$")


def infer_decimal_mark(values: list[str], exponent: int | None = None) -> str:
    """Decide ``.`` or ``,`` as the decimal mark from a whole column of amount text.

    A value such as ``1.234,56``, ``-98,76`` or ``1 250,500`` (digits grouped by a space or
    an apostrophe: the other mark is the decimal one) settles it; ``1,234`` alone does not.
    When nothing in the column decides, the currency's ``exponent`` is the second signal:
    one mark followed by three digits in every value (``12.990``, ``-245.000``) groups
    thousands in a currency without minor units (CLP, ISK, VND) and is the decimal mark in
    one with three (KWD, BHD, TND). Otherwise ``.``.
    """
    votes = {".": 0, ",": 0}
    seen: set[str] = set()
    for raw in values:
        grouped = _SPACE_GROUPED.search(raw or "")
        if grouped:  # 1 250,500: the space groups thousands, so the mark is the decimal one
            votes[grouped.group(1)] += 1
            continue
        v = re.sub(r"[^\d.,]", "", raw or "")
        seps = [c for c in v if c in ".,"]
        if not seps:
            continue
        if "." in seps and "," in seps:
            votes[seps[-1]] += 1
            continue
        mark = seps[0]
        tail = v.rsplit(mark, 1)[1]
        seen.add(mark)
        if len(seps) > 1:
            votes["," if mark == "." else "."] += 1  # repeated: thousands separator
        elif len(tail) != 3:
            votes[mark] += 1
    if votes[","] == votes["."] == 0 and exponent in (0, 3) and len(seen) == 1:
        mark = seen.pop()  # 12.990 pesos: the dot groups thousands; 42,350 dinars: millimes
        return mark if exponent == 3 else "," if mark == "." else "."
    return "," if votes[","] > votes["."] else "."


def parse_amount(text: str, decimal_mark: str = ".") -> Decimal:
    """Read statement amount text exactly.

    Handles currency symbols and codes, spaces, NBSP and apostrophes as thousands separators,
    ``(12.34)``, ``12.34-``, ``-12.34``, ``+12.34``, a ``CR``/``DR`` suffix and the Unicode minus.

    Raises:
        ValueError: the text is not an amount.
    """
    if text is None:
        raise ValueError("empty amount")
    s = str(text).strip().replace("−", "-").replace("\u2212", "-")
    if not s:
        raise ValueError("empty amount")
    sign = 1
    if _NEG_WORDS.search(s):
        sign = -1
        s = _NEG_WORDS.sub("", s).strip()
    elif _POS_WORDS.search(s):
        s = _POS_WORDS.sub("", s).strip()
    if _NOT_PLAIN.search(s):  # a sign or code to take out (most cells are plain numbers)
        s = _SYMBOL_RE.sub("", s)
    if _LETTER_INSIDE.search(s):  # "1e5" is not 15, nor "12x34" 1234
        raise ValueError(f"not an amount: {str(text)[:40]!r}")
    s = re.sub(r"[A-Za-z$€£¥￥元₹₩₽₺₪₫]", "", s).strip()
    if s.startswith("(") and s.endswith(")"):
        sign, s = -sign, s[1:-1].strip()
    if s.endswith("-"):
        sign, s = -sign, s[:-1].strip()
    elif s.endswith("+"):
        s = s[:-1].strip()
    if s.startswith("-"):
        sign, s = -sign, s[1:].strip()
    elif s.startswith("+"):
        s = s[1:].strip()
    thousands = "," if decimal_mark == "." else "."
    s = re.sub(r"[\s\u00a0\u202f'’]", "", s).replace(thousands, "")
    if decimal_mark == ",":
        s = s.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", s):
        raise ValueError(f"not an amount: {str(text)[:40]!r}")
    if len(s) > MAX_DIGITS:
        raise ValueError(f"amount has {len(s)} digits, more than recon reads ({MAX_DIGITS})")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - regex above guards
        raise ValueError(f"not an amount: {text!r}") from exc
    return value if sign > 0 else -value
