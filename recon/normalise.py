"""Normalise parsed rows: stable ``txn_id`` and the cleaned ``merchant_key`` used for matching.

The cleaning is table-driven (``_CLEANERS``): each entry is one kind of noise banks add to a
descriptor, with an example in its comment. It runs vectorised over the unique descriptors.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pandas as pd

from .schema import CANONICAL_COLUMNS, PARSED_COLUMNS

# (pattern, replacement), applied in order to the case-folded descriptor.
_CLEANERS: tuple[tuple[str, str], ...] = (
    (r"\s*\|\s*", " "),                                     # payee | memo joins
    (r"^(sq|tst|sp|pp|pos|dd|vis|visa|mc|ach|chk)\s*\*\s*", ""),   # SQ *BLUE BOTTLE
    (r"^(paypal|pypl|google|apple\.com/bill|apple com bill|amzn mktp us|amazon mktp|"
     r"amzn digital|amazon digital|microsoft|msft)\s*\*\s*", r"\1 "),  # PAYPAL *SPOTIFY
    (r"\bamzn mktp us\*?\w*", "amazon marketplace"),          # AMZN Mktp US*2K4LL1
    (r"\b(card|cd|karte|carte)\s*\d{4}\b", " "),             # CD 1417
    (r"\b(?:x{2,}|\*{2,})\d{2,4}\b", " "),                   # XXXX1234 / ****1234
    (r"\b\d{4}[ -]?\d{2}[ -]?\d{2}\b|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b", " "),  # dates
    (r"\b\d{1,2}(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\d{2}\b", " "),  # 14JAN24
    (r"\b\d{1,2}:\d{2}(:\d{2})?\b", " "),                    # times
    (r"\+?\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{3}-\d{3,4}\b", " "),  # 866-579-7172 / 866-579
    (r"\b(ref|reference|id|nr|no|txn|auth)\b[ :.#]*[a-z0-9-]*\d[a-z0-9-]*", " "),  # REF : 998877
    (r"#\s*\d+", " "),                                       # store numbers #112
    (r"\b[a-z]*\d[a-z0-9]*\d[a-z0-9]*\b", " "),              # codes mixing letters+digits
    (r"\b\d{3,}\b", " "),                                    # long numbers
    (r"\b(www\.)?([a-z0-9-]+)\.(com|net|org|co\.uk|io|tv|fm|de|fr|nl)\b(/\S*)?", r"\2"),  # NETFLIX.COM
    (r"\s+\b(us|usa|gb|gbr|uk|ie|nl|de|fr|ca|au|lu|ca us|ny|ca|london|dublin|amsterdam|"
     r"luxembourg|san francisco|los gatos|seattle|cupertino|sunnyvale|mountain view)\s*$", ""),
    (r"[^\w\s&'+\u3000-\u9fff\uac00-\ud7af]", " "),          # punctuation (CJK kept)
    (r"\s+", " "),
)
_COMPILED = tuple((re.compile(p), r) for p, r in _CLEANERS)


def clean_descriptor(text: str) -> str:
    """The merchant key of one descriptor: ``"NETFLIX.COM 866-579-7172 CA"`` -> ``"netflix"``."""
    s = unicodedata.normalize("NFKC", text or "").casefold()
    for pattern, repl in _COMPILED:
        s = pattern.sub(repl, s)
    s = s.strip()
    # one more pass for tails exposed by removing codes ("... london gb")
    for pattern, repl in _COMPILED[-3:]:
        s = pattern.sub(repl, s).strip()
    return s or (text or "").strip().casefold()


def merchant_keys(descriptions: pd.Series) -> pd.Series:
    """Clean each unique descriptor once and map the result back to every row."""
    uniques = pd.unique(descriptions.astype(str))
    table = {u: clean_descriptor(u) for u in uniques}
    return descriptions.astype(str).map(table)


def txn_ids(frame: pd.DataFrame) -> pd.Series:
    """Stable ids: the bank's FITID where there is one, else the row's content.

    Identical rows in one file are told apart by their occurrence index, so re-importing a
    file (or an overlapping one) maps each row to the id it had, and two genuine identical
    charges keep two ids.
    """
    if frame.empty:
        return pd.Series([], dtype="object", index=frame.index)
    account = frame["account"].astype(str)
    ref = frame["ref"].fillna("").astype(str)
    content = (
        account + "\x1f" + frame["posted_date"].astype(str) + "\x1f"
        + frame["amount_minor"].astype(str) + "\x1f" + frame["currency"].astype(str)
        + "\x1f" + frame["description_raw"].astype(str)
    )
    use_ref = frame["parser"].eq("ofx") & ref.ne("")
    key = ("fitid\x1f" + account + "\x1f" + ref).where(use_ref, "content\x1f" + content)
    occurrence = key.groupby(key).cumcount().astype(str)
    return (key + "\x1f" + occurrence).map(
        lambda s: hashlib.sha256(s.encode("utf-8")).hexdigest()[:20]
    )


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``txn_id`` and ``merchant_key`` to parsed rows; returns canonical columns."""
    out = frame[list(PARSED_COLUMNS)].copy()
    out["txn_id"] = txn_ids(out)
    out["merchant_key"] = merchant_keys(out["description_raw"]) if len(out) else pd.Series(dtype="object")
    return out[list(CANONICAL_COLUMNS)]
