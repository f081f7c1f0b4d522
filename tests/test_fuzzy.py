"""The fuzzy prefilter leaves out only pairs that cannot reach the cut-off."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from recon.match import fuzzy

# few letters, so that keys and aliases share characters and bigrams and land near the cut-off
WORDS = st.text(alphabet="abcdeé1&'", min_size=1, max_size=9)
TEXTS = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)


def mutations(alias: str) -> st.SearchStrategy[str]:
    """``alias`` inside other text, with a few characters dropped, added or changed."""
    edits = st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["drop", "add", "swap"]),
                               st.sampled_from("abcxy ")), max_size=3)

    def apply(parts: tuple[str, str, list[tuple[int, str, str]]]) -> str:
        before, after, changes = parts
        chars = list(alias)
        for at, how, char in changes:
            i = at % (len(chars) + 1)
            if how == "add":
                chars.insert(i, char)
            elif chars:
                i = min(i, len(chars) - 1)
                chars[i:i + 1] = [] if how == "drop" else [char]
        return " ".join(f"{before}{''.join(chars)}{after}".split())

    return st.tuples(st.sampled_from(["", "sq ", "ab", "the "]),
                     st.sampled_from(["", " ab", "c", " e 1"]), edits).map(apply)


@st.composite
def keys_and_aliases(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    aliases = draw(st.lists(TEXTS, min_size=1, max_size=4))
    keys = draw(st.lists(st.one_of(TEXTS, st.sampled_from(aliases).flatmap(mutations)),
                         min_size=1, max_size=12))
    return keys, aliases


@settings(max_examples=300, deadline=None)
@given(keys_and_aliases(), st.sampled_from([50, 60, 67, 75, 80, 85, 88, 90, 95, 100]))
@example((["lyori box", "galzenbel music", "tavka stream", "coffee", "ee mobile"],
          ["lyoribox", "zenbel music", "jotav stream", "ee"]), 90)
@example((["abcdefghi"], ["abcdefghij"]), 95)  # 94.7 rounds up to the cut-off
def test_pairs_are_the_scores_at_or_above_the_cutoff(
        case: tuple[list[str], list[str]], cutoff: int) -> None:
    keys, aliases = case
    every = fuzzy.scores(keys, aliases)  # cut-off 0: every pair scored
    rows, cols, found = fuzzy.pairs(keys, aliases, cutoff)
    kept = np.zeros_like(every)
    kept[rows, cols] = found
    assert kept.tolist() == np.where(every >= cutoff, every, 0).tolist()


def test_the_prefilter_scores_few_pairs_of_a_long_tail() -> None:
    """Most merchants are like no alias: the bounds rule them out before rapidfuzz sees them."""
    rng = np.random.default_rng(3)
    letters = np.array(list("abcdefghijklmnoprstuvwy"))
    keys = [" ".join("".join(rng.choice(letters, size=rng.integers(4, 9))) for _ in range(2))
            for _ in range(3000)]
    aliases = ["netflix", "spotify premium", "adobe creative cloud", "dropbox", "icloud"]
    candidates = sum(len(rows) for rows, _, _ in fuzzy._candidates(keys, aliases, 90, True))
    assert candidates < 0.02 * len(keys) * len(aliases)
    assert fuzzy.pairs(keys + ["netflix com", "spotifypremium"], aliases, 90)[0].tolist() == [
        3000, 3001]


_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAME, min_size=1, max_size=3), st.data())
def test_noise_only_takes_spacing_and_truncation_never_a_changed_letter(
        words: list[str], data: st.DataObject) -> None:
    alias = " ".join(words)
    compact = alias.replace(" ", "")
    # the same letters spaced anyhow
    cuts = sorted(data.draw(st.sets(st.integers(1, len(compact) - 1), max_size=3)))
    spaced = " ".join(compact[a:b] for a, b in zip([0, *cuts], [*cuts, len(compact)],
                                                   strict=True))
    assert fuzzy.noise_only(spaced, alias)
    assert fuzzy.noise_only(f"sq {spaced} london", alias)
    # cut short by a field's width (what followed, the cleaner removed)
    keep = data.draw(st.integers(min(5, len(compact)), len(compact)))
    assert fuzzy.noise_only(f"sq {compact[:keep]}", alias)
    # the name's start and then another word: another merchant
    if keep < len(compact) and "taxi" not in compact:
        word = ("z" if compact[keep] != "z" else "y") + "taxi"  # not the name's next letter
        assert not fuzzy.noise_only(f"{compact[:keep]} {word}", alias)
    # one letter changed inside the name
    at = data.draw(st.integers(0, len(compact) - 1))
    other = "z" if compact[at] != "z" else "y"
    assert not fuzzy.noise_only(compact[:at] + other + compact[at + 1:], alias)
