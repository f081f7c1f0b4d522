"""Fuzzy text scores, vectorised with rapidfuzz (the only module that imports it).

A catalogue alias or a rule's fuzzy text is looked for *inside* a merchant key: the score is
rapidfuzz's ``partial_ratio`` (the best-aligned window of the key) when the key is at least
as long as the alias, and plain ``ratio`` when it is shorter, so ``amazon`` does not score 100
against the alias ``amazon prime``. Aliases shorter than ``SHORT`` characters must appear as
whole words (``ee`` matches ``ee mobile``, never ``coffee``).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from rapidfuzz import fuzz, process

SHORT = 5
_TLD = re.compile(r"\.(?:com|net|org|co\.uk|io|tv|fm)\b")
_NON_WORD = re.compile(r"[^\w&'+]+")


def fold(text: str) -> str:
    """Case, width and punctuation folded: ``"Apple.com/Bill"`` -> ``"apple com bill"``."""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    return _NON_WORD.sub(" ", s).strip()


def fold_alias(text: str) -> str:
    """An alias as the cleaner would leave it: ``"netflix.com"`` -> ``"netflix"``."""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    if not s.endswith("/bill"):
        s = _TLD.sub("", s)
    return fold(s)


def scores(keys: list[str], aliases: list[str]) -> np.ndarray:
    """``len(keys) x len(aliases)`` matrix of 0-100 scores (uint8)."""
    if not keys or not aliases:
        return np.zeros((len(keys), len(aliases)), dtype=np.uint8)
    partial = process.cdist(keys, aliases, scorer=fuzz.partial_ratio, dtype=np.uint8, workers=-1)
    full = process.cdist(keys, aliases, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
    key_len = np.fromiter((len(k) for k in keys), dtype=np.int32, count=len(keys))[:, None]
    alias_len = np.fromiter((len(a) for a in aliases), dtype=np.int32, count=len(aliases))[None, :]
    out = np.where(key_len >= alias_len, partial, full).astype(np.uint8)
    for j, alias in enumerate(aliases):
        if len(alias) < SHORT:
            word = re.compile(rf"(?:^|\s){re.escape(alias)}(?:\s|$)")
            out[:, j] = np.fromiter((100 if word.search(k) else 0 for k in keys),
                                    dtype=np.uint8, count=len(keys))
    return out


def score(key: str, alias: str) -> int:
    """The score of one key against one alias (for explanations)."""
    return int(scores([key], [alias])[0, 0])
