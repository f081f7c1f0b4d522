"""Fuzzy text scores, vectorised with rapidfuzz (the only module that imports it).

A catalogue alias or a rule's fuzzy text is looked for *inside* a merchant key: the score is
rapidfuzz's ``partial_ratio`` (the best-aligned window of the key) when the key is at least
as long as the alias, and plain ``ratio`` when it is shorter, so ``amazon`` does not score 100
against the alias ``amazon prime``. Aliases shorter than ``SHORT`` characters must appear as
whole words (``ee`` matches ``ee mobile``, never ``coffee``), and a longer alias found inside
a word scores less (``zenbel`` in ``galzenbel``). An alias of several words scores no more
than its weakest word does on its own, so a shared generic word (``cloud``, ``music``) cannot
carry a match; words may be split or joined differently (``lyori box``, ``lyoribox``).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from rapidfuzz import fuzz, process

SHORT = 5
MID_WORD = 20
WORD_PREFIX = 5
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


def _variants(text: str) -> list[str]:
    """``text`` and the forms with one pair of neighbouring words joined, so that
    ``lyori box`` and ``lyoribox`` find each other (statements and users split names
    differently)."""
    words = text.split()
    out = [text]
    if 1 < len(words) <= 6:
        out += [" ".join([*words[:i], words[i] + words[i + 1], *words[i + 2:]])
                for i in range(len(words) - 1)]
    return out


def scores(keys: list[str], aliases: list[str]) -> np.ndarray:
    """``len(keys) x len(aliases)`` matrix of 0-100 scores (uint8); the best over the
    joined-word variants of each key and each alias."""
    if not keys or not aliases:
        return np.zeros((len(keys), len(aliases)), dtype=np.uint8)
    key_forms = [_variants(k) for k in keys]
    alias_forms = [_variants(a) for a in aliases]
    flat_keys = [v for forms in key_forms for v in forms]
    flat_aliases = [v for forms in alias_forms for v in forms]
    matrix = _scores(flat_keys, flat_aliases)
    key_starts = np.cumsum([0] + [len(f) for f in key_forms[:-1]])
    alias_starts = np.cumsum([0] + [len(f) for f in alias_forms[:-1]])
    by_key = np.maximum.reduceat(matrix, key_starts, axis=0)
    out = np.maximum.reduceat(by_key, alias_starts, axis=1)
    # every word of a several-word alias must be found on its own: "jotav stream" is not
    # "tavka stream", however much "stream" and "tav" overlap
    words = [[w for w in a.split() if len(w) >= 3] for a in aliases]
    flat_words = [w for ws in words if len(ws) > 1 for w in ws]
    if flat_words:
        found = _scores(flat_keys, flat_words, penalise=False)
        found = np.maximum.reduceat(found, key_starts, axis=0)
        col = 0
        for j, ws in enumerate(words):
            if len(ws) > 1:
                floor = found[:, col:col + len(ws)].min(axis=1)
                out[:, j] = np.minimum(out[:, j], floor)
                col += len(ws)
    return out.astype(np.uint8)


def _scores(keys: list[str], aliases: list[str], penalise: bool = True) -> np.ndarray:
    """Scores of each alias inside each key; ``penalise=False`` (for the words of an alias)
    skips the mid-word penalty and the whole-word rule for short aliases."""
    if not keys or not aliases:
        return np.zeros((len(keys), len(aliases)), dtype=np.uint8)
    partial = process.cdist(keys, aliases, scorer=fuzz.partial_ratio, dtype=np.uint8, workers=-1)
    full = process.cdist(keys, aliases, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
    key_len = np.fromiter((len(k) for k in keys), dtype=np.int32, count=len(keys))[:, None]
    alias_len = np.fromiter((len(a) for a in aliases), dtype=np.int32, count=len(aliases))[None, :]
    out = np.where(key_len > alias_len, partial, full).astype(np.uint8)
    if not penalise:
        return out
    _penalise_mid_word(out, keys, aliases, key_len > alias_len)
    for j, alias in enumerate(aliases):
        if len(alias) < SHORT:
            word = re.compile(rf"(?:^|\s){re.escape(alias)}(?:\s|$)")
            out[:, j] = np.fromiter((100 if word.search(k) else 0 for k in keys),
                                    dtype=np.uint8, count=len(keys))
    return out


def _penalise_mid_word(out: np.ndarray, keys: list[str], aliases: list[str],
                       partial: np.ndarray) -> None:
    """A hit inside a longer word is weaker: ``zenbel`` in ``galzenbel`` loses
    ``MID_WORD`` points, ``cintav`` in ``cintavcloud`` loses ``WORD_PREFIX``."""
    rows, cols = np.nonzero((out >= 60) & partial)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        key, alias = keys[r], aliases[c]
        if len(alias) < SHORT:
            continue
        at = fuzz.partial_ratio_alignment(alias, key)
        if at is None:
            continue
        start, end = at.dest_start, at.dest_end
        penalty = 0
        if start > 0 and key[start - 1].isalnum() and key[start].isalnum():
            penalty += MID_WORD
        if end < len(key) and key[end].isalnum() and key[end - 1].isalnum():
            penalty += WORD_PREFIX
        out[r, c] = max(0, int(out[r, c]) - penalty)


def score(key: str, alias: str) -> int:
    """The score of one key against one alias (for explanations)."""
    return int(scores([key], [alias])[0, 0])
