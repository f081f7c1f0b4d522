"""User regular expressions run by RE2 (recon.regex): refused constructs, agreement with
Python's ``re`` on ordinary patterns, many patterns at once, and the ReDoS files in
../shared/hostile running in bounded time."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from recon.cli import cli
from recon.regex import GROUP, compile_regex, hits
from tests.conftest import ROOT

HOSTILE = ROOT.parent / "shared" / "hostile"


@pytest.mark.parametrize(("pattern", "construct"), [
    (r"(a)\1", r"a backreference (\1)"),
    (r"(?P<x>a)(?P=x)", "a named backreference (?P=name)"),
    ("NETFLIX(?= )", "lookahead (?=...)"),
    ("NETFLIX(?!X)", "negative lookahead (?!...)"),
    ("(?<=SQ )NETFLIX", "lookbehind (?<=...)"),
    ("(?<!X)NETFLIX", "negative lookbehind (?<!...)"),
])
def test_backtracking_constructs_are_refused_by_name(pattern: str, construct: str) -> None:
    with pytest.raises(ValueError) as err:
        compile_regex(pattern)
    assert str(err.value) == (f"{construct} is not supported; recon runs regular expressions "
                              "in linear time (RE2), without backtracking")


def test_rules_check_names_file_line_and_construct(workspace: Path) -> None:
    (workspace / "rules" / "subscriptions.yaml").write_text(
        "- {name: Netflix, match: netflix}\n- {name: Box, patterns: ['(?<!BRIT)BOX']}\n")
    (workspace / "rules" / "rules.yaml").write_text(
        "- if: {description: {regex: '(\\w+) \\1'}}\n  then: {category: echo}\n")
    result = CliRunner().invoke(cli, ["-w", str(workspace), "rules", "check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert ("Error: subscriptions.yaml:2: patterns: ['(?<!BRIT)BOX']: not a valid regular "
            "expression (negative lookbehind (?<!...) is not supported; recon runs regular "
            "expressions in linear time (RE2), without backtracking)") in lines
    assert ("Error: rules.yaml:1: description: regex '(\\\\w+) \\\\1' is not valid (a "
            "backreference (\\1) is not supported; recon runs regular expressions in linear "
            "time (RE2), without backtracking)") in lines


def test_matching_is_case_insensitive_and_anywhere() -> None:
    regex = compile_regex(r"spotify\s+p[0-9a-z]+")
    assert regex.search("PAYPAL *SPOTIFY P1A2B3")
    assert not regex.search("SPOTIFY MERCH")
    assert regex.search_many(["spotify pX", "x", ""]).tolist() == [True, False, False]
    assert regex.spans(["SQ SPOTIFY P1 LONDON", "nope"]) == [(3, 13), None]


def test_many_patterns_at_once_agree_with_one_at_a_time() -> None:
    texts = [f"SHOP{i} {'NETFLIX' if i % 7 == 0 else 'CAFE'} {i:05d}" for i in range(500)]
    patterns = [compile_regex(p) for p in
                [*(rf"shop{i}\b" for i in range(2 * GROUP + 5)), "netflix", r"^shop1\d+ cafe"]]
    rows, cols = hits(patterns, texts)
    expected = sorted((t, j) for j, p in enumerate(patterns)
                      for t in p.search_many(texts).nonzero()[0].tolist())
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == expected


# ordinary patterns, as users write them: literals, classes, repeats, alternatives, anchors
# (and a few constructs one engine or the other refuses: those examples are skipped)
_ATOMS = st.sampled_from(["a", "b", "ab", "x", "1", ".", r"\d", r"\w", r"\s", "[a-c]", "[^b]",
                          r"\.", "-", " ", "A", "[0-9]", r"\*", "/", "(?=a)", r"\1", r"\Z"])


def _pattern() -> st.SearchStrategy[str]:
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "*?"])).map(
                lambda p: f"(?:{p[0]}){p[1]}"),
            inner.map(lambda p: f"({p})"),
            inner.map(lambda p: f"^{p}"),
            inner.map(lambda p: f"{p}$"),
            inner.map(lambda p: rf"\b{p}"),
        ), max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(_pattern(), st.lists(st.text(alphabet="abxAB1 .-*/\t", max_size=12), min_size=1,
                            max_size=6))
def test_re2_agrees_with_python_re_on_ordinary_patterns(pattern: str, texts: list[str]) -> None:
    try:
        python = re.compile(pattern, re.IGNORECASE)
        mine = compile_regex(pattern)
    except (re.error, ValueError):
        assume(False)  # one engine refuses it: nothing to compare
    assert mine.search_many(texts).tolist() == [python.search(t) is not None for t in texts]
    assert [mine.search(t) for t in texts] == [python.search(t) is not None for t in texts]


def _hostile(name: str) -> Path:
    path = HOSTILE / name
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not checked out)")
    return path


def test_redos_rules_and_statement_run_in_bounded_time(tmp_path: Path) -> None:
    """The catalogue's ``(a+)+$`` and the rule's ``^(a|aa)+$`` against runs of ``a`` ending
    in ``!``: catastrophic for a backtracking engine, linear for RE2. Each command runs in
    its own process with a time limit, so a hang fails the test instead of stalling it."""
    catalogue = _hostile("rules/redos_subscriptions.yaml")
    rules = _hostile("rules/redos_rules.yaml")
    statement = _hostile("import/redos.csv")
    ws = tmp_path / "ws"
    cli_ = [sys.executable, "-m", "recon", "-w", str(ws)]

    def recon(*args: str) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        done = subprocess.run([*cli_, *args], capture_output=True, text=True, timeout=60,
                              cwd=ROOT, check=False)
        assert time.monotonic() - started < 30, (args, "took too long")
        assert "Traceback" not in done.stderr, done.stderr
        return done

    assert recon("init", str(ws), "--currency", "GBP").returncode == 0
    (ws / "rules" / "subscriptions.yaml").write_bytes(catalogue.read_bytes())
    (ws / "rules" / "rules.yaml").write_bytes(rules.read_bytes())
    assert recon("rules", "check").returncode == 0
    assert recon("import", str(statement), "--account", "Current").returncode == 0
    for args in (("run", str(statement), "--account", "Current", "-o", str(tmp_path / "r.xlsx")),
                 ("transactions",), ("flags",),
                 ("rules", "test", "a" * 5000 + "!", "--amount", "1.00")):
        done = recon(*args)
        assert done.returncode == 0, (args, done.stderr)
