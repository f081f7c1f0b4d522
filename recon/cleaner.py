"""The cleaned merchant key of a bank descriptor, shared by normalise (the statements' keys)
and match (the catalogue's aliases are cleaned the same way, so ``Microsoft 365`` and a
statement's ``MICROSOFT*365`` meet on the same key).

The cleaning is table-driven (``_CLEANERS``): each entry is one kind of noise banks add to a
descriptor, with an example in its comment. ``clean_descriptor`` is the reference, one
string at a time with Python's ``re``. ``merchant_keys`` cleans the unique descriptors of a
column: plain printable-ASCII ones (nearly all of a bank's) run through the same table
vectorised with pyarrow's RE2 regexes, the rest (CJK, full-width, control characters,
quotes, ``payee | memo`` joins) through the reference. On that ASCII subset the two engines
mean the same thing by every pattern; a property test holds them to it.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_CITIES = (
    "new york", "london", "dublin", "amsterdam", "luxembourg", "san francisco", "los gatos",
    "seattle", "cupertino", "sunnyvale", "mountain view", "stockholm", "paris", "berlin",
    "san jose", "palo alto", "menlo park", "redmond", "chicago", "los angeles", "toronto",
    "sydney", "munich", "madrid", "milano", "rome", "zurich", "vienna", "brussels", "oslo",
    "copenhagen", "helsinki", "barcelona", "singapore", "hong kong",
)
_COUNTRIES = ("us", "usa", "gb", "gbr", "uk", "ie", "irl", "nl", "nld", "de", "deu", "fr",
              "fra", "es", "esp", "it", "ita", "se", "swe", "ca", "au", "lu", "lux", "ch", "be",
              "at", "dk", "no", "fi", "sg", "hk", "cn", "jp", "in", "nz", "ca us", "ny", "wa")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"

# (pattern, replacement), applied in order to the NFKC-folded, case-folded descriptor.
# Each line is one kind of noise; the comment shows a real example of it.
_CLEANERS: tuple[tuple[str, str], ...] = (
    (r"\s*\|\s*", " "),                                              # payee | memo joins
    (r"^(?:财付通|支付宝|微信支付|京东支付|美团支付|云闪付)\s*[-－—:：]\s*", ""),  # 财付通-美团外卖
    (r"^(?:sq|tst|sp|pp|pypl|paypal|pos|dd|vis|visa|mc|ach|chk|ckcd|purchase|apl|"
     r"paypal inst xfer)\s*\*\s*", ""),                              # SQ *BLUE BOTTLE, PAYPAL *SPOTIFY
    (r"^(google|amazon prime|amzn|amazon|microsoft|msft|uber|lyft|fs|apple)\s*\*\s*", r"\1 "),
    (r"\bamzn mktp\s*\w{0,3}\*?\w*|\bamazon mktp\w*\s*\*?\w*|\bamazon\.\S*\s*mktpl\w*",
     "amazon marketplace"),                                          # AMZN Mktp US*2K4LL1
    (r"\bapple\.com/bill\b|\bitunes\.com/bill\b|\bapple com bill\b", "apple com bill"),
    (r"\b(?:[a-z]{3}|euros?|dollars?)\s+\d+[.,]\d+\b", " "),         # EUROS 78.80 (FX note)
    (r"\b\d+[.,]\d+\b", " "),                                        # VISAXR 1.0724 rates, sums
    (r"\b(card|cd|karte|carte|tarjeta)\s*\d{4}\b", " "),             # CD 1425
    (r"(?:\bx{2,}|\*+)\d{2,4}\b", " "),                              # XXXX1234 / ****1234 / *1234
    (r"\bx{4,}\w*", " "),                                            # XXXXXXXXXXXXIT (masked ids)
    (r"\b\d{4}[ -]?\d{2}[ -]?\d{2}\b|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b", " "),  # dates
    (rf"\b\d{{1,2}}\s?(?:{_MONTHS})[a-z]*(?:\s?\d{{2,4}})?\b", " "),    # 01DEC23, 1 jan 2020
    (r"\b\d{1,2}:\d{2}(:\d{2})?\b", " "),                            # times 16:05
    (r"\+?\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{3}-\d{3,4}\b", " "),    # 866-579-7172 / 866-579
    (r"\b(ref|reference|id|nr|no|txn|auth|trn|cid|tran)\b[ :.#]*[a-z0-9-]*\d[a-z0-9-]*", " "),
    (r"#\s*\d+", " "),                                               # store numbers #112
    (r"\b([a-z]{4,})\d{1,4}\b", r"\1"),                               # LYSTA360: a name, its number
    (r"\b[a-z]*\d[a-z0-9]*\d[a-z0-9]*\b", " "),                      # P1A2B3C4D5, RP555000111
    (r"\b\d{3,}\b", " "),                                            # long numbers
    (r"\b(?:www\.)?([a-z0-9-]+)\.(?:com|net|org|co\.uk|co|io|tv|fm|de|fr|nl|ie|es|it|eu|uk)"
     r"\b(?:/\S*)?", r"\1"),                                         # NETFLIX.COM, HELP.UBER.COM
    (r"[(\[（【][^)\]）】]*[)\]）】]", " "),                           # (FR), （北京）
    (r"(?:有限责任公司|股份有限公司|有限公司|公司)$", ""),              # 某某科技有限公司
    (r"\b(?:ltd|limited|inc|llc|plc|gmbh|b\.?v|sarl|corp|s\.?a\.?r\.?l)\b\.?", " "),  # legal forms
    (r"(?<!\w)'|'(?!\w)", " "),                                      # quotes, not o'neil
    (r"[^\w\s&'+]", " "),                                            # punctuation (CJK kept)
    (r"\s+", " "),
)
# Tails removed repeatedly from the end: legal forms, DD/STO markers, cities (also glued to
# a fixed-width name: HOUSNEW YORK), countries, lone letters and digits.
_TAIL_WORDS = (r"\s+(?:sa|s a|ag|ab|as|co|dd|sto|direct debit|standing order|[a-z]|"
               + "|".join(_COUNTRIES) + r"|\d{1,2})")
_CITY = "(?:" + "|".join(_CITIES) + ")"
_TAIL = re.compile(r"(?:" + _TAIL_WORDS + r"|(?:\s+|(?<=[a-z]{4}))" + _CITY + ")$")
_COMPILED = tuple((re.compile(p), r) for p, r in _CLEANERS)
_GENERIC = frozenset({
    "transfer", "payment", "pos", "card payment", "direct debit", "purchase", "debit",
    "credit", "overschrijving", "virement", "bonifico", "transferencia", "überweisung",
    "lastschrift", "转账", "消费", "支付", "扫二维码付款", "二维码收款", "商户消费",
})


#: Names the cleaner: stored keys made by another version are recomputed on analysis.
#: A descriptor is cleaned from its first this many characters: some cleaners are quadratic
#: in the length of a run they scan (50,000 unclosed brackets took minutes).
CLEANED_CHARS = 256
CLEANER_VERSION = hashlib.sha256(
    repr((_CLEANERS, _TAIL.pattern, sorted(_GENERIC), CLEANED_CHARS)).encode("utf-8")
).hexdigest()[:12]


def clean_descriptor(text: str) -> str:
    """The cleaned text of one descriptor: ``"NETFLIX.COM 866-579-7172 CA"`` -> ``"netflix"``.

    Case and width are folded (NFKC, so full-width ``ＮＥＴＦＬＩＸ`` reads ``netflix``), CJK
    is kept; card and phone numbers, reference codes, dates, times, processor prefixes and
    city/country tails go.
    """
    text = (text or "")[:CLEANED_CHARS]
    s = unicodedata.normalize("NFKC", text).casefold()
    for pattern, repl in _COMPILED:
        s = pattern.sub(repl, s)
    s = s.strip()
    while True:
        shorter = _TAIL.sub("", s).strip()
        if shorter == s or not shorter:
            break
        s = shorter
    return s or unicodedata.normalize("NFKC", text or "").casefold().strip()


def merchant_key(text: str) -> str:
    """The merchant of a descriptor: the cleaned payee of a ``payee | memo`` join (the memo
    too when the payee is only ``transfer`` or ``payment``), else the cleaned text."""
    payee, sep, memo = (text or "").partition("|")
    key = clean_descriptor(payee)
    if sep and (key in _GENERIC or len(key) < 3):
        key = (key + " " + clean_descriptor(memo)).strip()
    return key


# The table for RE2: the quote rule needs look-around RE2 lacks (descriptors with quotes
# take the reference path, so it has nothing to do here); the glued-city look-behind
# becomes a captured group that the replacement puts back.
_RE2_CLEANERS = tuple((p, r) for p, r in _CLEANERS if not p.startswith("(?<!"))
_RE2_TAIL = r"(?:" + _TAIL_WORDS + r"|\s+" + _CITY + r"|([a-z]{4})" + _CITY + ")$"
_VECTOR_SAFE = r"^[\x20-\x26\x28-\x7b\x7d\x7e]*$"  # printable ASCII but ' and |


def _clean_vectorised(texts: pa.Array) -> pa.Array:
    """``clean_descriptor`` of printable-ASCII texts without ``'`` or ``|``, all at once."""
    s = pc.ascii_lower(texts)  # NFKC and casefold are lower-casing on this subset
    for pattern, repl in _RE2_CLEANERS:
        s = pc.replace_substring_regex(s, pattern, repl)
    s = pc.ascii_trim(s, " ")
    pending = np.arange(len(s))
    while len(pending):  # strip tails until none is left (or one would leave nothing)
        current = s.take(pa.array(pending))
        shorter = pc.ascii_trim(pc.replace_substring_regex(current, _RE2_TAIL, r"\1"), " ")
        changed = pc.and_(pc.not_equal(shorter, current), pc.not_equal(shorter, ""))
        mask = changed.to_numpy(zero_copy_only=False)
        if not mask.any():
            break
        pending = pending[mask]
        values = s.to_numpy(zero_copy_only=False).astype(object)
        values[pending] = shorter.filter(changed).to_numpy(zero_copy_only=False)
        s = pa.array(values, pa.string())
    fallback = pc.ascii_trim(pc.ascii_lower(texts), " ")
    return pc.if_else(pc.equal(s, ""), fallback, s)


def _in_parallel(texts: pa.Array) -> np.ndarray:
    """``_clean_vectorised`` on one slice per core (pyarrow's kernels release the GIL)."""
    workers = min(os.cpu_count() or 1, max(1, len(texts) // 20_000))
    if workers == 1:
        return _clean_vectorised(texts).to_numpy(zero_copy_only=False)
    size = -(-len(texts) // workers)
    with ThreadPoolExecutor(workers) as pool:
        parts = pool.map(_clean_vectorised, [texts.slice(i, size) for i in
                                             range(0, len(texts), size)])
        return np.concatenate([p.to_numpy(zero_copy_only=False) for p in parts])


def clean_many(texts: list[str] | np.ndarray) -> list[str]:
    """``merchant_key`` of each text: vectorised where it may be, the reference elsewhere."""
    return list(_clean_array(pa.array(texts, pa.string())))


def _clean_array(array: pa.Array) -> np.ndarray:
    """``clean_many`` of arrow strings, as an object array."""
    array = pc.utf8_slice_codeunits(array, 0, CLEANED_CHARS)
    safe = pc.match_substring_regex(array, _VECTOR_SAFE).to_numpy(zero_copy_only=False)
    out = np.empty(len(array), dtype=object)
    if safe.any():
        out[safe] = _in_parallel(array.filter(pa.array(safe)))
    rest = np.flatnonzero(~safe)
    out[rest] = [merchant_key(t) for t in array.take(pa.array(rest)).to_pylist()]
    return out


def merchant_keys(descriptions: pd.Series) -> pd.Series:
    """Clean each unique descriptor once and map the result back to every row."""
    codes, uniques = pd.factorize(descriptions.astype(str), use_na_sentinel=False)
    keys = _clean_array(pa.array(uniques.astype(str), pa.string()))
    return pd.Series(keys[codes], index=descriptions.index, dtype=object)
