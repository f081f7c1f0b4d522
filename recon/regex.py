"""User regular expressions (catalogue ``patterns``, rules ``regex``), in a linear-time engine.

Every pattern a user writes is run by RE2 (through pyarrow's string kernels), never by
Python's backtracking ``re``: RE2 takes time linear in the text whatever the pattern, so
``(a+)+$`` against a long run of ``a`` is as quick as any other. The price is that RE2 has
no backreferences and no lookaround; ``compile`` refuses those when the rules are loaded,
with a message that names the construct, rather than letting them fail later. Matching is
case-insensitive and finds the pattern anywhere in the text (``re.search`` with
``re.IGNORECASE``); ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII classes in RE2.

``Regex.search`` matches one text; ``Regex.search_many`` a column of texts at once;
``hits`` many patterns over many texts at once, which is how a catalogue written with
patterns is matched in about the time of one pass (see ``hits``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["Regex", "compile_regex", "hits"]

#: Patterns tried together as one alternation: RE2 then reads each text once per group.
#: Much larger groups outgrow RE2's DFA memory and fall back to its slower NFA (300 bench
#: patterns in one alternation took 18 s against 0.3 s in groups of 64).
GROUP = 48

# RE2's complaint -> what the user wrote, in words
_CONSTRUCTS = (
    ("(?=", "lookahead (?=...)"),
    ("(?!", "negative lookahead (?!...)"),
    ("(?<=", "lookbehind (?<=...)"),
    ("(?<!", "negative lookbehind (?<!...)"),
    ("(?P=", "a named backreference (?P=name)"),
    ("(?P>", "a recursive call (?P>name)"),
    ("(?#", "a comment group (?#...)"),
    ("(?>", "an atomic group (?>...)"),
    ("(?x", "the verbose flag (?x)"),
)


@dataclass(frozen=True)
class Regex:
    """A user pattern RE2 accepts; ``pattern`` is the text as the user wrote it."""

    pattern: str

    def search(self, text: str) -> bool:
        """Whether the pattern is found in ``text``."""
        return bool(self.search_many([text])[0])

    def search_many(self, texts: pa.Array | Sequence[str]) -> np.ndarray:
        """A boolean per text: whether the pattern is found in it."""
        array = _strings(texts)
        if not len(array):
            return np.zeros(0, dtype=bool)
        found = pc.match_substring_regex(array, self.pattern, ignore_case=True)
        return found.fill_null(False).to_numpy(zero_copy_only=False)

    def marked(self, texts: pa.Array | Sequence[str], before: str = "\ue000",
               after: str = "\ue001") -> pa.Array:
        """The texts with the first match put between ``before`` and ``after`` (a text
        without a match unchanged): where a match is, for kernels to look around it."""
        array = _strings(texts)
        return pc.replace_substring_regex(array, f"(?i)(?:{self.pattern})",
                                          f"{_escape(before)}\\0{_escape(after)}",
                                          max_replacements=1)

    def spans(self, texts: pa.Array | Sequence[str]) -> list[tuple[int, int] | None]:
        """Where the pattern is first found in each text: (start, end) character offsets,
        or None."""
        array = _strings(texts)
        out: list[tuple[int, int] | None] = []
        found = self.search_many(array).tolist()
        marks = self.marked(array, _OPEN, _CLOSE).to_pylist()
        for text, mark, hit in zip(array.to_pylist(), marks, found, strict=True):
            if not hit:
                out.append(None)
            elif _OPEN in text or _CLOSE in text:  # the marks are not where a match is
                out.append((0, len(text)))
            else:
                start = mark.index(_OPEN)
                out.append((start, mark.index(_CLOSE, start) - 1))
        return out


def _escape(text: str) -> str:
    """``text`` as a literal in an RE2 rewrite string (where ``\\`` starts a group number)."""
    return text.replace("\\", "\\\\")


_OPEN, _CLOSE = "\x02", "\x03"  # marks put around a match to find it (see Regex.spans)


def _strings(texts: pa.Array | Sequence[str]) -> pa.Array:
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if isinstance(texts, pa.Array):
        return texts if pa.types.is_string(texts.type) else texts.cast(pa.string())
    return pa.array(list(texts), pa.string())


_LINEAR = "recon runs regular expressions in linear time (RE2), without backtracking"


def _why(pattern: str, message: str) -> str:
    """RE2's error as the user would say it: the construct RE2 lacks, or the syntax error."""
    named = [w for m, w in _CONSTRUCTS if m in message] or [
        w for m, w in _CONSTRUCTS if m in pattern and "perl operator" in message]
    if named:
        return f"{named[0]} is not supported; {_LINEAR}"
    if "invalid escape sequence: \\" in message:
        escape = message.rsplit(": ", 1)[-1]
        if escape[1:2].isdigit():
            return f"a backreference ({escape}) is not supported; {_LINEAR}"
        if escape == "\\Z":
            return "\\Z is not supported (use $ or \\z for the end of the text)"
    return message.removeprefix("Invalid regular expression: ")


def compile_regex(pattern: object) -> Regex:
    """``pattern`` checked for RE2; ``ValueError`` with one line saying why if it cannot run.

    Recon matches patterns in linear time (RE2), so backreferences and lookaround, which
    need backtracking, are refused here (when the rules are loaded and by ``rules check``),
    not when a statement is matched.
    """
    text = str(pattern)
    try:
        pc.match_substring_regex(pa.array([""], pa.string()), text, ignore_case=True)
    except pa.ArrowInvalid as exc:
        raise ValueError(_why(text, str(exc))) from None
    return Regex(text)


def _group_hits(group: Sequence[tuple[int, Regex]], texts: pa.Array) -> list[np.ndarray]:
    """(text index, pattern index) pairs of one group: the alternation of the group finds
    the texts any of them matches (most texts match none), each pattern then only those."""
    if len(group) == 1:
        j, regex = group[0]
        found = np.flatnonzero(regex.search_many(texts))
        return [found, np.full(len(found), j, dtype=np.intp)]
    either = Regex("|".join(f"(?:{r.pattern})" for _, r in group))
    some = np.flatnonzero(either.search_many(texts))
    if not len(some):
        return []
    subset = texts.take(pa.array(some))
    out = []
    for j, regex in group:
        found = some[regex.search_many(subset)]
        out += [found, np.full(len(found), j, dtype=np.intp)]
    return out


def hits(regexes: Sequence[Regex], texts: pa.Array | Sequence[str]) -> tuple[np.ndarray,
                                                                           np.ndarray]:
    """Every (text, pattern) pair where the pattern is found in the text, as two arrays of
    indices (text, pattern), sorted by text then pattern.

    The patterns are tried in groups of ``GROUP`` as one alternation each (one pass of RE2
    over the texts per group, on one thread per core: pyarrow's kernels release the GIL);
    only the texts a group matches are tried against its patterns one by one.
    """
    array = _strings(texts)
    if not regexes or not len(array):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    numbered = list(enumerate(regexes))
    groups = [numbered[i:i + GROUP] for i in range(0, len(numbered), GROUP)]
    workers = min(len(groups), os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            parts = [p for found in pool.map(lambda g: _group_hits(g, array), groups)
                     for p in found]
    else:
        parts = [p for g in groups for p in _group_hits(g, array)]
    if not parts:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    rows = np.concatenate(parts[0::2]).astype(np.intp)
    cols = np.concatenate(parts[1::2]).astype(np.intp)
    order = np.lexsort((cols, rows))
    return rows[order], cols[order]
