"""The words of statement tables (``vocabulary.yaml``): header synonyms per role and
language, direction values, summary-row words, card words; and the lookup of a header cell.

A header is matched as written, then without a unit or direction suffix (``Bedrag (EUR)``,
``交易金额(收入)``, ``Debit CHF``), then word by word (``Date Posted``); a suffix that names a
direction turns an amount header into one side of a split pair.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from .. import money

_FILE = Path(__file__).with_name("vocabulary.yaml")
#: how much a match by a weaker route ranks below any exact synonym
_SUFFIX_RANK, WORD_RANK = 1000, 2000


@dataclass(frozen=True)
class Vocabulary:
    synonyms: Mapping[str, tuple[str, ...]]  # role -> words, best first
    suffix_direction: Mapping[str, int]  # suffix -> -1 debit, 1 credit
    directions: Mapping[str, int]  # direction cell word -> -1, 0, 1
    letters: Mapping[str, int]  # one-letter direction codes
    summary: tuple[str, ...]
    card: tuple[str, ...]
    card_credit: tuple[str, ...]
    refund: tuple[str, ...]  # a neutral row that is money in
    fee: tuple[str, ...]  # a neutral row that charges money out
    fee_waiver: tuple[str, ...]
    currency_words: Mapping[str, str]  # word -> ISO code
    currency_families: Mapping[str, tuple[str, ...]]  # word -> ISO codes, most used first
    reversal: tuple[str, ...]  # a reversal's text adds these to the reversed charge's
    posting_dates: frozenset[str]  # date headers that name the posting date


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    doc = YAML(typ="safe", pure=True).load(_FILE.read_text(encoding="utf-8"))
    synonyms: dict[str, tuple[str, ...]] = {}
    for role, languages in doc["roles"].items():
        words: list[str] = []
        for lang_words in languages.values():
            words.extend(header_fold(str(w)) for w in lang_words
                         if header_fold(str(w)) not in words)
        synonyms[role] = tuple(words)
    suffix = {fold(str(w)): -1 for w in doc["suffix_direction"]["debit"]}
    suffix.update({fold(str(w)): 1 for w in doc["suffix_direction"]["credit"]})
    d = doc["direction_words"]
    directions = {fold(str(w)): -1 for w in d["out"]}
    directions.update({fold(str(w)): 1 for w in d["in"]})
    directions.update({fold(str(w)): 0 for w in d["neutral"]})
    letters = {str(w): -1 for w in d["letters_out"]} | {str(w): 1 for w in d["letters_in"]}
    return Vocabulary(
        synonyms, suffix, directions, letters,
        tuple(fold(str(w)) for w in doc["summary_words"]),
        tuple(fold(str(w)) for w in doc["card_words"]),
        tuple(fold(str(w)) for w in doc["card_credit_words"]),
        tuple(fold(str(w)) for w in doc["neutral_refund_words"]),
        tuple(fold(str(w)) for w in doc["neutral_fee_words"]),
        tuple(fold(str(w)) for w in doc["fee_waiver_words"]),
        {fold(str(w)): str(code) for code, ws in doc["currency_words"].items() for w in ws},
        {fold(str(w)): tuple(map(str, codes))
         for w, codes in doc["currency_word_families"].items()},
        tuple(fold(str(w)) for w in doc["reversal_words"]),
        frozenset(header_fold(str(w)) for ws in doc["posting_date_words"].values() for w in ws),
    )


def fold(cell: object) -> str:
    """Header text folded for lookup: ``" Bedrag  (EUR): "`` -> ``"bedrag (eur)"``."""
    s = unicodedata.normalize("NFKC", str(cell or "")).strip().strip("\"'=").strip("\"'")
    # Turkish dotted and dotless i fold to one i: AÇIKLAMA lowers to açiklama, not açıklama
    s = s.lower().replace("i\u0307", "i").replace("ı", "i")
    return re.sub(r"\s+", " ", s).rstrip(":").strip()


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
#: a trailing number sign (``Account #``, ``Card No.``, ``Konto Nr``, ``Compte n°``)
_NUMBER_SIGN = re.compile(r"(?<=\w)\s*(?:#|\b(?:no|nr|nº|n°)\.?)$")


def header_fold(cell: object) -> str:
    """A header cell folded for the vocabulary: as ``fold``, and without a leading marker
    (``#Kwota``, ``*Date``), a trailing number sign (``Account #`` -> ``account``), and with
    camelCase and snake_case split (``accountNum``, ``account_num`` -> ``account num``)."""
    s = unicodedata.normalize("NFKC", str(cell or "")).strip().strip("\"'=").strip("\"'")
    s = _CAMEL.sub(" ", s.lstrip("#*> \t") or s).replace("_", " ")
    s = fold(s)
    bare = _NUMBER_SIGN.sub("", s).strip().rstrip(".")
    return bare or s


#: roles a header names only as a whole (``Net Cash Balance`` is no net amount)
_WHOLE_ONLY = ("direction", "ref", "net")
_SUFFIX = re.compile(r"^(?P<base>.*?)\s*[(\[]\s*(?P<suffix>[^()\[\]]*?)\s*[)\]]\s*$")
#: the words of a header: ``Saaja/Maksaja`` and ``Zahlungsempfänger*in`` are two each
_WORDS = re.compile(r"[^\W_]+(?:[.'][^\W_]+)*", re.UNICODE)


@functools.lru_cache(maxsize=8192)
def header_roles(cell: object) -> tuple[tuple[str, int], ...]:
    """The roles a header cell can have, each with a rank (lower is a better match)."""
    h = header_fold(cell)
    if not h or len(h) > 60:
        return ()
    voc = vocabulary()
    found: dict[str, int] = {}

    def add(role: str, rank: int) -> None:
        if rank < found.get(role, 1 << 30):
            found[role] = rank

    def exact(text: str, offset: int) -> bool:
        hit = False
        for role, words in voc.synonyms.items():
            if text in words:
                add(role, offset + words.index(text))
                hit = True
        return hit

    if exact(h, 0):
        return tuple(sorted(found.items(), key=lambda kv: kv[1]))
    base, side = _strip_suffix(h)
    if side is not None:  # 交易金额(收入), Paid in -> credit; Debit CHF is plain debit
        if not base or any(base in voc.synonyms[r] for r in ("amount", "debit", "credit")):
            add("credit" if side > 0 else "debit", _SUFFIX_RANK)
            return tuple(found.items())
    if base != h and exact(base, _SUFFIX_RANK):
        return tuple(sorted(found.items(), key=lambda kv: kv[1]))
    side = _cjk_side(base)
    if side is not None:  # 出金額, お引出し金額, 입금액: a side word in an amount word
        add("debit" if side < 0 else "credit", _SUFFIX_RANK + 500)
        return tuple(found.items())
    words = _WORDS.findall(base)
    if 1 < len(words) <= 4:
        for n, word in enumerate(words):
            for role, synonyms in voc.synonyms.items():
                if role not in _WHOLE_ONLY and len(word) > 2 and word in synonyms:
                    add(role, WORD_RANK + 10 * synonyms.index(word) + n)
    return tuple(sorted(found.items(), key=lambda kv: kv[1]))


def _strip_suffix(h: str) -> tuple[str, int | None]:
    """The header without a trailing unit or direction (``(EUR)``, ``CHF``, ``(收入)``,
    ``in``), and the direction the suffix names, if any."""
    voc = vocabulary()
    m = _SUFFIX.match(h)
    if m:
        suffix = m.group("suffix")
        if suffix in voc.suffix_direction:
            return m.group("base"), voc.suffix_direction[suffix]
        return m.group("base"), None
    parts = h.rsplit(" ", 1)
    if len(parts) == 2:
        base, last = parts
        if len(last) == 3 and money.is_currency(last.upper()) or last in voc.currency_words:
            return base, None  # Betrag EUR, Määrä EUROA, Débit euros
        if last in voc.suffix_direction and base in (
                "paid", "money", "amount", "transaction amount", "betrag", "montant"):
            return base, voc.suffix_direction[last]
    first = h.split(" ", 1)
    if len(first) == 2 and len(first[0]) == 3 and money.is_currency(first[0].upper()):
        return first[1], None
    return h, None


def currency_word(text: str, default: str | None = None, names: str = "") -> str | None:
    """The currency a money header or a currency label's value names in words: the whole
    text, its bracketed suffix, or one of its words (``Määrä EUROA``, ``金額（円）``,
    ``人民币``, ``Soles``); None when none or more than one. A word that names a family
    (``Rs.``, ``Pesos``) names ``default`` when it is of the family, else the first.
    ``names``: also a currency's name in any language (CLDR: ``Kenyan Shilling``,
    ``dirham marocain``, ``Indische Rupie``) before a family's word: ``"value"`` the whole
    text or its bracketed suffix, ``"suffix"`` (a header) only the bracketed suffix."""
    voc = vocabulary()
    parts = _currency_parts(text)
    found = {voc.currency_words[w] for w in parts if w in voc.currency_words}
    if found:
        return found.pop() if len(found) == 1 else None
    if names:
        h = header_fold(text)
        m = _SUFFIX.match(h)
        candidates = [m.group("suffix")] if m else [h] if names == "value" else []
        for candidate in candidates:
            code = (currency_names().get(candidate)
                    if len(candidate) > 2 and not header_roles(candidate) else None)
            if code:
                return code
    families = [voc.currency_families[w] for w in parts if w in voc.currency_families]
    if not families:
        return None
    if default and any(default.upper() in f for f in families):
        return default.upper()
    return families[0][0]


#: the languages whose currency names (CLDR, through babel) are read
_NAME_LOCALES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "hu", "ro", "sv",
                 "da", "nb", "fi", "tr", "ru", "uk", "ja", "ko", "zh", "ar", "he", "el", "bg",
                 "id", "vi", "th", "ms", "sw", "hr", "sr", "sl", "lt", "lv", "et", "is", "fa",
                 "hi", "ur", "bn")


@functools.lru_cache(maxsize=1)
def currency_names() -> dict[str, str]:
    """Every currency's name, singular and plural, in ``_NAME_LOCALES`` (folded) -> its ISO
    code; a name that two currencies share is left out. The first word of a name counts too
    where no other currency's name starts with it (``Guaraníes`` of ``guaraníes paraguayos``;
    not ``Pesos``). Built once, when first asked."""
    from babel.numbers import get_currency_name

    seen: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for code in money.codes():
        for locale in _NAME_LOCALES:
            for count in (None, 1, 2):
                try:
                    name = get_currency_name(code, count=count, locale=locale)
                except (ValueError, LookupError):
                    continue
                if name and name.upper() != code:
                    folded = header_fold(name)
                    seen.setdefault(folded, set()).add(code)
                    head = folded.split(" ", 1)[0]
                    if head != folded and len(head) >= 4:
                        heads.setdefault(head, set()).add(code)
    for head, codes in heads.items():
        if head not in seen:
            seen[head] = codes
    return {name: codes.pop() for name, codes in seen.items() if len(codes) == 1}


def currency_family_word(text: str) -> str | None:
    """The word naming a family of currencies (``Rs.``) when ``text`` names no currency
    by a word of its own."""
    voc = vocabulary()
    parts = _currency_parts(text)
    if any(w in voc.currency_words for w in parts):
        return None
    return next((w for w in parts if w in voc.currency_families), None)


def _currency_parts(text: str) -> list[str]:
    h = header_fold(text)
    m = _SUFFIX.match(h)
    parts = [h] + ([m.group("suffix")] if m else [])
    parts += _WORDS.findall(m.group("base") if m else h)
    parts += (m.group("base") if m else h).split()  # words with quotes: ש"ח, בש''ח
    return parts


_CJK_AMOUNT_END = ("金額", "金额", "額", "额", "금액", "액")


@functools.lru_cache(maxsize=1)
def _cjk_side_words() -> tuple[tuple[str, int], ...]:
    """The CJK words of money out and money in (two characters or more), without an
    amount word at their end: 出金, 支払い, 입금, 支出, ..."""
    voc = vocabulary()
    out: dict[str, int] = {}
    for role, sign in (("debit", -1), ("credit", 1)):
        for w in voc.synonyms[role]:
            if w.isascii():
                continue
            for end in _CJK_AMOUNT_END:
                if w.endswith(end) and len(w) > len(end):
                    w = w[:-len(end)]
                    break
            if len(w) >= 2:
                out.setdefault(w, sign)
    return tuple(sorted(out.items(), key=lambda kv: -len(kv[0])))


def _cjk_side(h: str) -> int | None:
    """-1 or 1 for a CJK header that ends in an amount word and holds a word of one side
    (``出金額``, ``お引出し金額``, ``입금액``), None otherwise."""
    if h.isascii() or not h.endswith(_CJK_AMOUNT_END):
        return None
    sides = {sign for w, sign in _cjk_side_words() if w in h}
    return sides.pop() if len(sides) == 1 else None


def names_posting_date(cell: object) -> bool:
    """The header names the posting (booking) date: as written, or without a unit."""
    h = header_fold(cell)
    words = vocabulary().posting_dates
    return h in words or _strip_suffix(h)[0] in words


def role_rank(role: str, cell: object) -> int | None:
    """The rank of ``cell`` as a header of ``role``, or None."""
    for r, rank in header_roles(cell):
        if r == role:
            return rank
    return None


def direction_of(value: str, letters: bool = False) -> int | None:
    """-1, 0 or 1 for a direction cell read word by word (``借 Dr`` is -1), None when no
    word is known or the words disagree. ``letters``: one-letter codes count too."""
    voc = vocabulary()
    s = fold(value)
    if not s:
        return None
    if s in voc.directions:
        return voc.directions[s]
    if letters and s in voc.letters:
        return voc.letters[s]
    signs = {voc.directions[w] for w in re.findall(r"[^\W\d_]+", s) if w in voc.directions}
    if len(signs) == 1:
        return signs.pop()
    # CJK words are not spaced: 借 Dr splits, 借方 is looked up by its first character
    chars = {voc.directions[c] for c in s if c in voc.directions}
    return chars.pop() if len(chars) == 1 and not signs else None


def has_word(text: str, words: tuple[str, ...]) -> bool:
    """``text`` contains one of ``words`` (as a word for Latin script, anywhere for CJK)."""
    s = fold(text)
    for w in words:
        if w.isascii():
            if re.search(r"(?<![^\W\d_])" + re.escape(w) + r"(?![^\W\d_])", s):
                return True
        elif w in s:
            return True
    return False


@functools.lru_cache(maxsize=16)
def words_pattern(words: tuple[str, ...]) -> str:
    """One case-insensitive regular expression (RE2 and Python alike) that finds any of
    ``words``: Latin-script words whole, CJK words anywhere."""
    parts = [(r"\b" + re.escape(w) + r"\b") if w.isascii() else re.escape(w) for w in words]
    return "(?i)(?:" + "|".join(parts) + ")"


@functools.lru_cache(maxsize=1)
def fee_amount() -> re.Pattern[str]:
    """A fee word and the amount after it in folded text (``服务费¥0.10``, ``手续费: 1.00``):
    group 1 the amount."""
    words = sorted(vocabulary().fee, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words)
                      + r")\s*[:=]?\s*(?:[¥$€£]|cny|rmb)?\s*(\d+(?:[.,]\d+)?)")


def opens_with(text: str, words: tuple[str, ...]) -> bool:
    """Folded ``text`` opens with one of ``words`` (a Latin-script word whole)."""
    s = fold(text)
    return any(s.startswith(w) and (not w.isascii() or len(s) == len(w)
                                    or not s[len(w)].isalpha()) for w in words)
