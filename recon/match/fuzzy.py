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
from collections.abc import Iterator

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

SHORT = 5
MID_WORD = 20
WORD_PREFIX = 5
_NON_WORD = re.compile(r"[^\w&'+]+")


def fold(text: str) -> str:
    """Case, width and punctuation folded: ``"Apple.com/Bill"`` -> ``"apple com bill"``."""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    return _NON_WORD.sub(" ", s).strip()


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
    out = np.zeros((len(keys), len(aliases)), dtype=np.uint8)
    rows, cols, found = pairs(keys, aliases, 0)
    out[rows, cols] = found
    return out


def pairs(keys: list[str], aliases: list[str], cutoff: int,
          each_word: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (key, alias) pairs that score at least ``cutoff``, as arrays of key index, alias
    index and score: ``scores`` with the others left out, and without scoring the pairs that
    cannot reach ``cutoff`` (most of a year's merchants are like no catalogue entry).
    ``each_word=False`` leaves out the rule that every word of an alias must score on its
    own (for a caller that checks the alignment itself, as ``noise_only`` does)."""
    key_forms = [_variants(k) for k in keys]
    key_of = np.repeat(np.arange(len(keys)), [len(f) for f in key_forms])
    flat_keys = [v for forms in key_forms for v in forms]
    alias_forms = [_variants(a) for a in aliases]
    alias_of = np.repeat(np.arange(len(aliases)), [len(f) for f in alias_forms])
    r, c, s = _scores(flat_keys, [v for forms in alias_forms for v in forms], cutoff)
    best = _best(key_of[r], alias_of[c], s)
    # every word of a several-word alias must be found on its own: "jotav stream" is not
    # "tavka stream", however much "stream" and "tav" overlap
    words = [[w for w in a.split() if len(w) >= 3] for a in aliases]
    several = [j for j, ws in enumerate(words) if len(ws) > 1]
    if several and len(best) and each_word:
        flat_words = [w for j in several for w in words[j]]
        owner = np.repeat(np.array(several), [len(words[j]) for j in several])
        r, c, s = _scores(flat_keys, flat_words, cutoff, penalise=False)
        found = _best(key_of[r], c, s)
        # the weakest word of each alias, where every one of its words was found
        weakest = pd.DataFrame({"key": found["key"], "alias": owner[found["alias"]],
                                "score": found["score"]}).groupby(["key", "alias"]).agg(
            score=("score", "min"), words=("score", "size")).reset_index()
        weakest = weakest[weakest["words"].to_numpy()
                          == np.array([len(ws) for ws in words])[weakest["alias"].to_numpy()]]
        best = best.merge(weakest[["key", "alias", "score"]], on=["key", "alias"], how="left",
                          suffixes=("", "_floor"))
        is_several = np.isin(best["alias"].to_numpy(), several)
        floor = best["score_floor"].fillna(0).to_numpy(dtype=np.int64)
        score = best["score"].to_numpy(dtype=np.int64)
        score = np.where(is_several, np.minimum(score, floor), score)
        best = best.assign(score=score)[score >= cutoff]
    return (best["key"].to_numpy(dtype=np.intp), best["alias"].to_numpy(dtype=np.intp),
            best["score"].to_numpy(dtype=np.uint8))


def _best(keys: np.ndarray, aliases: np.ndarray, found: np.ndarray) -> pd.DataFrame:
    """The best score of each (key, alias) over their variants."""
    frame = pd.DataFrame({"key": keys, "alias": aliases, "score": found})
    return frame.groupby(["key", "alias"], sort=True)["score"].max().reset_index()


#: Characters told apart by the prefilter: these each have their own bucket, the rest share.
_OWN = "abcdefghijklmnopqrstuvwxyz0123456789 &'+_"
_BUCKETS = 64
_BUCKET_OF = np.arange(0x110000, dtype=np.uint32) % (_BUCKETS - len(_OWN)) + len(_OWN)
_BUCKET_OF[[ord(c) for c in _OWN]] = np.arange(len(_OWN))
_BUCKET_OF = _BUCKET_OF.astype(np.uint8)  # every code point's bucket
#: Buckets of neighbouring-character pairs (bigrams) for the prefilter.
_PAIR_BUCKETS = 256
#: Keys scored against the aliases at a time by the prefilter (bounds memory).
_CHUNK = 8_192


def _buckets(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                        np.ndarray]:
    """The texts' characters and bigrams as buckets: (text of each character, its bucket,
    text of each bigram, its bucket, each text's length in characters)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    row = np.repeat(np.arange(len(texts)), lengths)
    buckets = _BUCKET_OF[codes].astype(np.intp)
    same = row[1:] == row[:-1]  # a bigram is two neighbours of one text
    pair = (buckets[:-1] * 31 + buckets[1:] * 7) % _PAIR_BUCKETS
    return row, buckets, row[:-1][same], pair[same], lengths


def _counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's characters and bigrams counted by bucket (``len(texts) x _BUCKETS`` and
    ``x _PAIR_BUCKETS``, float32 for the matrix products), and its length."""
    row, chars, pair_row, pairs, lengths = _buckets(texts)
    n = len(texts)
    return (np.bincount(row * _BUCKETS + chars, minlength=n * _BUCKETS).reshape(
                n, _BUCKETS).astype(np.float32),
            np.bincount(pair_row * _PAIR_BUCKETS + pairs, minlength=n * _PAIR_BUCKETS).reshape(
                n, _PAIR_BUCKETS).astype(np.float32), lengths)


def _present(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which character and bigram buckets each text has (``len(texts) x _BUCKETS`` and
    ``x _PAIR_BUCKETS``, float32 0 or 1 for the matrix products), and its length."""
    row, chars, pair_row, pairs, lengths = _buckets(texts)
    has_char = np.zeros((len(texts), _BUCKETS), dtype=np.float32)
    has_char[row, chars] = 1
    has_pair = np.zeros((len(texts), _PAIR_BUCKETS), dtype=np.float32)
    has_pair[pair_row, pairs] = 1
    return has_char, has_pair, lengths


def _unrounded(cutoff: int) -> float:
    """The lowest score before rounding that may round to ``cutoff`` (rapidfuzz compares
    its ``score_cutoff`` with the unrounded score: a cut-off of 88 drops 87.5, which rounds
    to 88)."""
    return max(0.0, cutoff - 0.5 - 1e-6)


def _candidates(keys: list[str], aliases: list[str], cutoff: int,
                penalise: bool) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The pairs that may score ``cutoff`` (key index, alias index, whether ``partial``).

    rapidfuzz's ratio is ``200 m / (len a + len w)``, ``m`` the longest common subsequence;
    ``partial_ratio`` is its best over windows ``w`` of a longer key no longer than the alias
    (shorter ones at the ends), ``ratio`` takes the whole of a shorter key. To round up to
    ``cutoff`` a pair needs ``200 m / (len a + len w) >= cutoff - 0.5``. Two bounds rule
    pairs out without scoring them:

    - characters: ``m`` is at most ``n``, the number of the alias's characters whose bucket
      the key has, so the score is at most ``200 n / (len a + n)`` for a window, and
      ``200 min(n, len k) / (len k + len a)`` for a whole key;
    - bigrams: each of the ``len a - m`` characters of the alias left out of the alignment
      breaks at most two of its ``len a - 1`` bigrams and each of the ``len w - m`` left out
      of the window at most one more, so at least ``3 m - len a - len w - 1`` of the alias's
      bigrams are in the key. With ``m >= t (len a + len w) / 2`` that is at least
      ``(1.5 t - 1)(len a + len w) - 1``, and ``len w >= t len a / (2 - t)`` for a window.
      The key's bigrams are counted by bucket, which can only count more.

    A whole key must be as long as that window too (``m <= len k``), so the window's bounds,
    which depend on the alias alone, hold for every pair; the pairs that pass them are then
    held to the exact bounds of their case.
    """
    alias_chars, alias_pairs, alias_len = _counts(aliases)
    t = _unrounded(cutoff) / 100
    eps = 1e-6
    n_window = t * alias_len / (2 - t) - eps
    shared_window = (1.5 * t - 1) * 2 * alias_len / (2 - t) - 1 - eps
    if penalise:  # short aliases are looked for as words, not scored
        n_window[alias_len < SHORT] = np.inf
    for start in range(0, len(keys), _CHUNK):
        key_chars, key_pairs, key_len = _present(keys[start:start + _CHUNK])
        common = key_chars @ alias_chars.T
        shared = key_pairs @ alias_pairs.T
        rows, cols = np.nonzero((common >= n_window) & (shared >= shared_window))
        n, bigrams = common[rows, cols], shared[rows, cols]
        k_len, a_len = key_len[rows], alias_len[cols]
        partial = k_len > a_len
        keep = partial | ((2 * np.minimum(n, k_len) >= t * (k_len + a_len) - eps)
                          & (bigrams >= (1.5 * t - 1) * (k_len + a_len) - 1 - eps))
        yield rows[keep] + start, cols[keep], partial[keep]


def _scores(keys: list[str], aliases: list[str], cutoff: int,
            penalise: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of each alias inside each key, as (key index, alias index, score) of the
    pairs scoring at least ``cutoff``; ``penalise=False`` (for the words of an alias) skips
    the mid-word penalty and the whole-word rule for short aliases."""
    parts = list(_candidates(keys, aliases, cutoff, penalise)) if keys and aliases else []
    parts = parts or [(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp),
                       np.zeros(0, dtype=bool))]
    rows, cols, partial = (np.concatenate(column) for column in zip(*parts, strict=True))
    found = np.zeros(len(rows), dtype=np.uint8)
    for scorer, which in ((fuzz.partial_ratio, partial), (fuzz.ratio, ~partial)):
        if which.any():
            found[which] = process.cpdist(
                [keys[i] for i in rows[which].tolist()], [aliases[j] for j in cols[which].tolist()],
                scorer=scorer, dtype=np.uint8, workers=-1, score_cutoff=_unrounded(cutoff))
    if penalise:
        _penalise_mid_word(found, rows, cols, partial, keys, aliases)
        for j, alias in enumerate(aliases):
            if len(alias) < SHORT:
                word = re.compile(rf"(?:^|\s){re.escape(alias)}(?:\s|$)")
                hits = np.array([i for i, k in enumerate(keys) if word.search(k)], dtype=np.intp)
                rows = np.concatenate([rows, hits])
                cols = np.concatenate([cols, np.full(len(hits), j, dtype=np.intp)])
                found = np.concatenate([found, np.full(len(hits), 100, dtype=np.uint8)])
    keep = found >= cutoff
    return rows[keep], cols[keep], found[keep]


def _penalise_mid_word(found: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                       partial: np.ndarray, keys: list[str], aliases: list[str]) -> None:
    """A hit inside a longer word is weaker: ``zenbel`` in ``galzenbel`` loses
    ``MID_WORD`` points, ``cintav`` in ``cintavcloud`` loses ``WORD_PREFIX``."""
    for p in np.flatnonzero((found >= 60) & partial).tolist():
        key, alias = keys[rows[p]], aliases[cols[p]]
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
        found[p] = max(0, int(found[p]) - penalty)


def noise_only(key: str, alias: str, shortest: int = SHORT) -> bool:
    """Whether ``key`` holds ``alias`` but for the noise statements add to names: spaces
    (``zen bel music``, ``zenbelmusic``) and truncation by a field's width (``zenbel musi``:
    the key ends inside the name, at least ``shortest`` characters of it kept; what followed
    a cut, a town or a number, the cleaner has removed). A letter changed, added or left out
    inside the name (``zenbol music``, ``zenbel musix``) is another name, and so is the
    name's first word followed by another (``norpurvor taxi`` is not ``norpurvor go``).

    Both are folded texts (``fold``); the alias must start at the start of a word of the key.
    """
    compact_alias = alias.replace(" ", "")
    chars = key.replace(" ", "")
    starts = []  # where the key's words start, as offsets into it without its spaces
    at = 0
    for word in key.split():
        starts.append(at)
        at += len(word)
    for start in starts:
        common = 0
        limit = min(len(compact_alias), len(chars) - start)
        while common < limit and chars[start + common] == compact_alias[common]:
            common += 1
        if common == len(compact_alias):
            return True
        if common >= min(shortest, len(compact_alias)) and start + common == len(chars):
            return True
    return False


def score(key: str, alias: str) -> int:
    """The score of one key against one alias (for explanations)."""
    return int(scores([key], [alias])[0, 0])
