"""Hostile rules files: every one ends in one clean line, exit 1, in bounded time and memory,
with the rules files unchanged.

The files in ``../shared/hostile/rules/`` are read in place (their bytes are put in a fresh
workspace's ``rules/`` under the name they attack: ``laughs_rules.yaml`` -> ``rules.yaml``);
the tests skip with a reason where ``../shared`` is absent. The limits themselves are
tested on small files written here.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recon.cli import cli
from recon.rulebook import check_rulebook, yamlio
from tests.conftest import ROOT

HOSTILE = ROOT.parent / "shared" / "hostile" / "rules"
FILES = sorted(HOSTILE.glob("*.yaml")) if HOSTILE.is_dir() else []
SECONDS = 10.0  # generous for a loaded CI machine; each file takes well under a second
PEAK_BYTES = 100 << 20

#: What each hostile file must be refused with: (file:line, words of the message).
REFUSALS = {
    "laughs_subscriptions.yaml": ("subscriptions.yaml:8", "repeat more than 10,000 values"),
    "laughs_rules.yaml": ("rules.yaml:19", "repeat more than 10,000 values"),
    "huge_amount_subscriptions.yaml": ("subscriptions.yaml:1",
                                       "amount: 1e999999: expected an amount such as 10.99, "
                                       "below 10,000,000,000,000"),
    "include_devzero_subscriptions.yaml": ("subscriptions.yaml:1",
                                           "include '/dev/zero': only files inside the "
                                           "workspace"),
    "pyobj_subscriptions.yaml": ("subscriptions.yaml:1",
                                 "the tag !!python/object/apply:os.system is not allowed"),
}


def _target(hostile: Path) -> str:
    """``laughs_rules.yaml`` -> ``rules.yaml``: the workspace file it is written as."""
    return hostile.name.rsplit("_", 1)[1]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _timed(args: list[str]) -> tuple[Result, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, elapsed, peak


def _errors(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("Error: ")]


@pytest.mark.skipif(not FILES, reason=f"{HOSTILE} is absent (the shared hostile files)")
@pytest.mark.parametrize("hostile", FILES, ids=lambda p: p.name)
def test_hostile_rules_file(hostile: Path, workspace: Path) -> None:
    rules = workspace / "rules"
    (rules / _target(hostile)).write_bytes(hostile.read_bytes())
    before = _snapshot(rules)
    result, elapsed, peak = _timed(["-w", str(workspace), "rules", "check"])
    print(f"{hostile.name}: {elapsed:.3f} s, peak {peak >> 20} MB, exit {result.exit_code}")
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit), result.output
    assert elapsed < SECONDS, f"{hostile.name} took {elapsed:.1f} s"
    assert peak < PEAK_BYTES, f"{hostile.name} peaked at {peak >> 20} MB"
    assert _snapshot(rules) == before
    if hostile.name not in REFUSALS:  # redos_*: a linear-time engine may accept the pattern
        assert result.exit_code in (0, 1), result.output
        if result.exit_code:
            assert _errors(result)[0].startswith(f"Error: {_target(hostile)}:"), result.output
        return
    where, words = REFUSALS[hostile.name]
    assert result.exit_code == 1, result.output
    first, *rest = _errors(result)
    assert first.startswith(f"Error: {where}: "), result.output
    assert words in first, first
    assert "\n" not in first and "Tag(" not in first and "Decimal(" not in first
    assert rest == [f"Error: 1 problem(s) in {rules}"] or hostile.name.startswith("huge"), rest


@pytest.mark.skipif(not (HOSTILE / "huge_amount_subscriptions.yaml").exists(),
                    reason=f"{HOSTILE} is absent (the shared hostile files)")
def test_huge_amount_is_refused_by_every_command(workspace: Path) -> None:
    """``amount: 1e999999`` used to pass ``rules check`` and crash ``report``."""
    imported = CliRunner().invoke(cli, ["-w", str(workspace), "import",
                                        str(ROOT / "samples" / "card-2026-09.ofx")])
    assert imported.exit_code == 0, imported.output
    (workspace / "rules" / "subscriptions.yaml").write_bytes(
        (HOSTILE / "huge_amount_subscriptions.yaml").read_bytes())
    for command in (["report", "-o", str(workspace / "r.xlsx")], ["flags"], ["subs"]):
        result = CliRunner().invoke(cli, ["-w", str(workspace), *command])
        assert result.exit_code == 1, (command, result.output)
        assert result.output.startswith(
            "Error: subscriptions.yaml:1: amount: 1e999999: expected an amount such as "
            "10.99, below 10,000,000,000,000 (and 1 more)\n"), result.output
        assert "Traceback" not in result.output
    assert not (workspace / "r.xlsx").exists()


# --- the limits, one by one --------------------------------------------------------------


def _check(tmp_path: Path, subscriptions: str | bytes = "", rules: str = "",
           settings: str = "") -> list[str]:
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    data = subscriptions.encode() if isinstance(subscriptions, str) else subscriptions
    (folder / "subscriptions.yaml").write_bytes(data)
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    return check_rulebook(folder)[1].lines()


def test_small_anchors_are_fine(tmp_path: Path) -> None:
    text = ("- {name: A, match: a, amount: 9.99, tolerance: &tol 5%}\n"
            "- {name: B, match: b, amount: 4.99, tolerance: *tol}\n"
            "- &base {name: C, match: c, every: year}\n"
            "- {<<: *base, name: D, match: d}\n")
    assert _check(tmp_path, text, settings="currency: GBP") == []


def test_alias_inside_its_own_anchor(tmp_path: Path) -> None:
    assert _check(tmp_path, "- &a {name: A, match: [*a]}\n") == [
        "subscriptions.yaml:1: alias *a is inside its own anchor &a (a value cannot contain "
        "itself)"]


def test_size_limit(tmp_path: Path) -> None:
    body = b"# padding\n" * (yamlio.MAX_BYTES // 10 + 1)
    assert _check(tmp_path, body) == [
        "subscriptions.yaml: is larger than 256 KB with the files it includes (the limit for "
        "a rules file)"]


def test_size_limit_counts_the_included_files(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    quarter = b"# padding\n" * (yamlio.MAX_BYTES // 40)
    for name in "abcd":
        (folder / f"{name}.yaml").write_bytes(quarter)
    lines = _check(tmp_path, "".join(f"- include: {n}.yaml\n" for n in "abcd"))
    assert lines == ["subscriptions.yaml:4: include 'd.yaml': the file and its includes pass "
                     "256 KB (the limit for a rules file)"]


def test_value_count_limit(tmp_path: Path) -> None:
    started = time.perf_counter()
    lines = _check(tmp_path, "- {name: A, match: [" + ",".join(["a"] * 60_000) + "]}\n")
    assert lines == ["subscriptions.yaml:1: more than 50,000 values (the limit for a rules "
                     "file)"]
    assert time.perf_counter() - started < SECONDS


def test_nesting_limit(tmp_path: Path) -> None:
    started = time.perf_counter()
    lines = _check(tmp_path, "- " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert lines == ["subscriptions.yaml:1: nested more than 64 levels deep (the limit for a "
                     "rules file)"]
    assert time.perf_counter() - started < SECONDS


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!custom", "!!binary",
                                 "!<tag:example.com,2000:x>"])
def test_only_plain_tags(tmp_path: Path, tag: str) -> None:
    shown = tag.replace("<tag:example.com,2000:x>", "<tag:example.com,2000:x>")
    lines = _check(tmp_path, f"- {{name: A, match: {tag} AAAA}}\n")
    assert len(lines) == 1 and lines[0].startswith("subscriptions.yaml:1: the tag "), lines
    assert lines[0].endswith(" is not allowed in rules files (only plain text, numbers, "
                             "dates, lists and mappings)"), lines
    assert "TaggedScalar" not in lines[0] and shown.lstrip("!<").split(":")[0] in lines[0]


def test_plain_explicit_tags_are_fine(tmp_path: Path) -> None:
    assert _check(tmp_path, "- {name: !!str 1234, match: !!str x}\n") == []


def test_values_a_constructor_cannot_build_are_refused_at_their_line(tmp_path: Path) -> None:
    lines = _check(tmp_path, "- name: A\n  match: a\n  billing_day: " + "9" * 5000 + "\n"
                   "  started: 2026-13-45\n")
    assert [ln.split(": ", 2)[0:2] for ln in lines] == [
        ["subscriptions.yaml:3", "billing_day"], ["subscriptions.yaml:4", "started"]]
    assert lines[1] == ("subscriptions.yaml:4: started: '2026-13-45': expected a date as "
                        "YYYY-MM-DD")
    assert "characters)..." in lines[0] and len(lines[0]) < 400


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "subscriptions.yaml")
    started = time.perf_counter()
    assert check_rulebook(folder)[1].lines() == [
        "subscriptions.yaml: is not a regular file (a rules file must be a plain text file)"]
    assert time.perf_counter() - started < SECONDS


def test_a_link_to_nothing_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    (folder / "subscriptions.yaml").symlink_to(tmp_path / "gone.yaml")
    assert check_rulebook(folder)[1].lines() == [
        "subscriptions.yaml: is a link to a file that does not exist"]


def test_a_linked_rules_file_is_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "dotfiles" / "subs.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("- {name: A, match: a}\n", encoding="utf-8")
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    (folder / "subscriptions.yaml").symlink_to(elsewhere)
    book, problems = check_rulebook(folder)
    assert problems.lines() == [] and [s.name for s in book.subscriptions] == ["A"]


def test_includes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "rules" / "more").mkdir(parents=True)
    (ws / "rules" / "more" / "b.yaml").write_text("- {name: B, match: b}\n", encoding="utf-8")
    (ws / "shared.yaml").write_text("- {name: C, match: c}\n", encoding="utf-8")
    (tmp_path / "outside.yaml").write_text("- {name: D, match: d}\n", encoding="utf-8")
    (ws / "rules" / "sneaky.yaml").symlink_to(tmp_path / "outside.yaml")
    os.mkfifo(ws / "rules" / "pipe.yaml")
    lines = _check(tmp_path, "- include: more/b.yaml\n- include: ../shared.yaml\n"
                   "- include: more/b.yaml\n- include: ../../outside.yaml\n"
                   "- include: sneaky.yaml\n- include: pipe.yaml\n- include: more\n"
                   "- include: subscriptions.yaml\n- include: /dev/zero\n- include: [x]\n")
    inside = f"only files inside the workspace ({ws.resolve()}) can be included"
    assert lines == [
        "subscriptions.yaml:3: include 'more/b.yaml': is already included (each file may be "
        "included once)",
        f"subscriptions.yaml:4: include '../../outside.yaml': {inside}",
        f"subscriptions.yaml:5: include 'sneaky.yaml': {inside}",
        "subscriptions.yaml:6: include 'pipe.yaml': not a regular file",
        "subscriptions.yaml:7: include 'more': not a regular file",
        "subscriptions.yaml:8: include 'subscriptions.yaml': includes itself",
        f"subscriptions.yaml:9: include '/dev/zero': {inside}",
        "subscriptions.yaml:10: include: expected a file name such as more.yaml",
    ]


def test_include_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_INCLUDES", 3)
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    for i in range(5):
        (folder / f"f{i}.yaml").write_text(f"- {{name: N{i}, match: n{i}}}\n", encoding="utf-8")
    lines = _check(tmp_path, "".join(f"- include: f{i}.yaml\n" for i in range(5)))
    assert lines == [f"subscriptions.yaml:{n}: include 'f{n - 1}.yaml': more than 3 included "
                     "files (the limit for a rules file)" for n in (4, 5)]


def test_a_broken_included_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    (folder / "more.yaml").write_text("- {name: A, match: a}\n- {name: [\n", encoding="utf-8")
    lines = _check(tmp_path, "- include: more.yaml\n")
    assert len(lines) == 1 and lines[0].startswith("more.yaml:3: not valid YAML"), lines


def test_one_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    lines = _check(tmp_path, "- {name: A, match: a, amount: 9.999}\n",
                   rules="- &x [*x]\n", settings="currency: GBP\n")
    assert lines == [
        "subscriptions.yaml:1: amount: 9.999: more decimals than GBP has (2)",
        "rules.yaml:1: alias *x is inside its own anchor &x (a value cannot contain itself)",
    ]


def test_a_list_or_mapping_as_a_key_is_refused(tmp_path: Path) -> None:
    assert _check(tmp_path, settings='accounts: {"V": ,{missed: {grace_days: 5}}}\n') == [
        "settings.yaml:1: a key must be a plain word or number, not a list or mapping"]


_SEEDS = (
    ("subscriptions.yaml",
     "- {name: A, match: a, amount: 9.99, every: month, tolerance: 5%, history: [{amount: "
     "8.99, until: 2026-01-01}], started: 2026-01-01, notice: 30 days, billing_day: 3}\n"
     "- name: B\n  match: [b, c]\n  patterns: ['^x']\n  status: cancelled\n"
     "  cancelled: 2026-02-01\n- &e {name: C, match: c}\n- {<<: *e, name: D}\n"),
    ("rules.yaml",
     "- if: {any: [{description: {contains: x}}, {amount: {over: 5}}, {not: {account: y}}], "
     "date: {after: 2026-01-01}}\n  then: {category: c, flag: {type: unexpected, severity: "
     "high}}\n"),
    ("settings.yaml",
     "currency: GBP\nmatch: {min_score: 90}\nprice_change: {tolerance: 5%}\n"
     "accounts: {\"V\": {missed: {grace_days: 5}}}\n"),
)
_PIECES = [*"-:{}[],&*!|>'\"#%\n .0123456789eE+abc<>?@`~\\\t", "&a ", "*a", "!!str ",
           "!!int ", "<<: ", "1e999", "null", "~", "2026-13-45", "- include: x\n", "\x1b",
           "9" * 50, "? "]


def test_mutated_rules_files_give_problems_never_exceptions(tmp_path: Path) -> None:
    """A seeded mutation fuzzer over valid rules files: whatever the bytes, ``check_rulebook``
    returns problems (it raised TypeError on a mapping used as a key before)."""
    import random

    rng = random.Random(19)
    folder = tmp_path / "ws" / "rules"
    folder.mkdir(parents=True)
    started = time.perf_counter()
    for _ in range(400):
        name, seed = rng.choice(_SEEDS)
        text = list(seed)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(text) + 1)
            op = rng.randrange(3)
            if op == 0:
                text.insert(at, rng.choice(_PIECES))
            elif op == 1 and text:
                del text[min(at, len(text) - 1)]
            else:
                text[at:at] = text[rng.randrange(len(text)):][:rng.randint(1, 20)]
        for other in ("subscriptions.yaml", "rules.yaml", "settings.yaml"):
            (folder / other).write_text("", encoding="utf-8")
        (folder / name).write_text("".join(text), encoding="utf-8")
        for line in check_rulebook(folder)[1].lines():
            assert "\n" not in line and "\x1b" not in line
    assert time.perf_counter() - started < 60
