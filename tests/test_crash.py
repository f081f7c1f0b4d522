"""Crash tests: ``recon import``, ``run`` and ``review apply`` killed with SIGKILL at named
events (``RECON_CRASH_AT``, see ``recon.crashpoint``) and at random moments, as separate
processes; then the invariants are checked:

- the ledger is intact and holds each import's rows all or none;
- the rules files are all old (no decisions) or all new (all decisions), or the ledger holds
  a journal that the next command completes, after which they are all new;
- nothing left behind trips a later command: running the command again ends as a clean run.

The default run kills a few times per command (about 30 s on two cores); ``RECON_CRASH_KILLS=N``
adds N random kills per command. The figures are printed (``pytest -s``).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from recon.files import TEMP_SUFFIX
from tests.conftest import ROOT
from tests.test_cli import run as cli
from tests.test_ledger_lock import HOLD
from tests.test_report import AS_OF, make_report, set_review

SAMPLES = ROOT / "samples"
RANDOM_KILLS = int(os.environ.get("RECON_CRASH_KILLS", "1"))
SEED = int(os.environ.get("RECON_CRASH_SEED", "19"))
FIGURES: Counter[tuple[str, str]] = Counter()


def recon(ws: Path, *args: str, crash_at: str | None = None, wait: str = "60",
          kill_after: float | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RECON_LEDGER_WAIT": wait}
    env.pop("RECON_CRASH_AT", None)
    env.pop("RECON_KILL_AFTER", None)
    if crash_at:
        env["RECON_CRASH_AT"] = crash_at
    if kill_after is not None:
        env["RECON_KILL_AFTER"] = f"{kill_after:.3f}"
    return subprocess.Popen([sys.executable, "-m", "recon", "-w", str(ws), *args], env=env,
                            cwd=ws.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(proc: subprocess.Popen[str], after: float | None = None) -> int:
    """Wait for ``proc``; with ``after``, SIGKILL it after that many seconds."""
    if after is not None:
        try:
            proc.wait(after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=120)
    return proc.returncode


def ledger_facts(ws: Path) -> tuple[int, int, int]:
    """(imports, transactions, decided flags); asserts integrity and all-or-none imports."""
    db = sqlite3.connect(ws / "ledger.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        partial = db.execute(
            "SELECT i.id, i.imported, count(t.rowid) FROM imports i LEFT JOIN transactions t"
            " ON t.import_id = i.id GROUP BY i.id HAVING i.imported != count(t.rowid)"
        ).fetchall()
        assert partial == [], f"imports with some of their rows: {partial}"
        orphans = db.execute("SELECT count(*) FROM transactions WHERE import_id NOT IN"
                             " (SELECT id FROM imports)").fetchone()[0]
        assert orphans == 0
        imports = db.execute("SELECT count(*) FROM imports").fetchone()[0]
        rows = db.execute("SELECT count(*) FROM transactions").fetchone()[0]
        decided = db.execute("SELECT count(*) FROM flags WHERE decision IS NOT NULL"
                             ).fetchone()[0]
        return int(imports), int(rows), int(decided)
    finally:
        db.close()


def pending(ws: Path) -> int:
    with sqlite3.connect(ws / "ledger.sqlite") as db:
        return int(db.execute("SELECT count(*) FROM pending_files").fetchone()[0])


def rules(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "rules").iterdir()) if p.is_file()
            and not p.name.endswith(TEMP_SUFFIX)}


def leftovers(ws: Path) -> list[str]:
    return sorted(p.name for p in ws.rglob(f"*{TEMP_SUFFIX}"))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A fresh workspace; the same with a reviewed report; and what clean runs end with
    (made in this process, which is quicker than a subprocess)."""
    root = tmp_path_factory.mktemp("crash")
    started = time.monotonic()
    assert finish(recon(root / "none", "--help")) == 0
    start_up = time.monotonic() - started  # what a subprocess takes to reach the command
    START_UP[0] = start_up
    fresh = root / "fresh"
    cli(fresh, "init", str(fresh))
    reviewed = root / "reviewed"
    cli(reviewed, "init", str(reviewed))
    report = root / "report.xlsx"
    make_report(reviewed, report)
    set_review(report, "Flags", {"price_change": "ok", "missed": "cancel",
                                 "NOWTV": "not a subscription"})
    done = root / "done"
    shutil.copytree(reviewed, done)
    begun = time.monotonic()
    cli(done, "review", "apply", str(report))
    review_time = time.monotonic() - begun
    imported = root / "imported"
    shutil.copytree(fresh, imported)
    begun = time.monotonic()
    cli(imported, "import", str(SAMPLES))
    import_time = time.monotonic() - begun
    return {"root": root, "report": report, "old_rules": rules(reviewed),
            "new_rules": rules(done), "decided": ledger_facts(done)[2],
            "rows": ledger_facts(imported)[1],
            "times": {"import": start_up + import_time, "run": start_up + 2 * import_time,
                      "review": start_up + review_time}}


def _copy(base: dict[str, object], name: str, tag: str) -> Path:
    ws = Path(str(base["root"])) / f"{tag}-{time.monotonic_ns()}"
    shutil.copytree(Path(str(base["root"])) / name, ws)
    return ws


def _kills(named: list[str], command: str) -> list[tuple[str | None, float | None]]:
    rng = random.Random(f"{SEED}-{command}")
    return [(e, None) for e in named] + [(None, rng.random()) for _ in range(RANDOM_KILLS)]


def _each(scenarios: list[tuple[str | None, float | None]],
          one: Callable[[int, str | None, float | None], None]) -> None:
    """Run the kill scenarios side by side (each in its own workspace copy)."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        for done in [pool.submit(one, i, e, w) for i, (e, w) in enumerate(scenarios)]:
            done.result()


def _killed(ws: Path, args: tuple[str, ...] | list[str], event: str | None,
            when: float | None, span: float, i: int) -> int:
    """Run the command and kill it: at ``event``, or at a random time (``when`` of the
    command's span), alternately from outside (SIGKILL after start-up) and by the timer
    inside (SIGKILL counted from when recon's modules are loaded)."""
    if when is None:
        return finish(recon(ws, *args, crash_at=event))
    if i % 2 == 0:
        return finish(recon(ws, *args), span * when)
    return finish(recon(ws, *args, kill_after=2 * (span - START_UP[0]) * when))


START_UP = [1.5]  # seconds a subprocess takes to reach the command (measured by ``base``)
IMPORT_EVENTS = ["ledger:commit#5"]
RUN_EVENTS = ["file:replace"]
REVIEW_EVENTS = ["review:commit"]
if RANDOM_KILLS > 1:  # the larger variant: every event
    IMPORT_EVENTS = [f"ledger:{w}#{n}" for w in ("before-commit", "commit") for n in range(1, 10)]
    RUN_EVENTS = [*IMPORT_EVENTS, "ledger:commit#10", "ledger:commit#11", "file:replace"]
    REVIEW_EVENTS = ["review:before-commit", *REVIEW_EVENTS, "file:replace#1", "file:replace#2",
                     "journal:replace", "journal:clear",
                     "ledger:before-commit#1", "ledger:commit#2"]


@pytest.mark.parametrize("command", ["import", "run"])
def test_killed_imports_store_each_file_whole(base: dict[str, object], command: str) -> None:
    events = IMPORT_EVENTS if command == "import" else RUN_EVENTS
    span = float(dict(base["times"])[command])  # type: ignore[call-overload]

    def one(i: int, event: str | None, when: float | None) -> None:
        ws = _copy(base, "fresh", command)
        out = ws / "report.xlsx"
        args = ["import", str(SAMPLES)] if command == "import" else [
            "run", str(SAMPLES), "-o", str(out), "--as-of", AS_OF]
        code = _killed(ws, args, event, when, span, i)
        imports, rows, _ = ledger_facts(ws)
        state = ("nothing stored" if imports == 0 else "all files stored" if imports == 9
                 else "some files stored, each whole")
        if out.exists():
            with zipfile.ZipFile(out) as zf:  # a report is there whole or not at all
                assert zf.testzip() is None
        left = leftovers(ws)
        FIGURES[(command, f"{event or 'random'}: {state}" + (
            f", {len(left)} temp file(s) left" if left else "") + (
            "" if code != 0 else ", finished before the kill"))] += 1
        if i == 0 or RANDOM_KILLS > 1:  # nothing left behind trips the command
            assert finish(recon(ws, *args)) == 0
            assert ledger_facts(ws)[1] == base["rows"]
        shutil.rmtree(ws)

    _each(_kills(events, command), one)


def test_killed_review_is_all_old_or_all_new(base: dict[str, object]) -> None:
    report = str(base["report"])
    span = float(dict(base["times"])["review"])  # type: ignore[call-overload]

    def one(i: int, event: str | None, when: float | None) -> None:
        ws = _copy(base, "reviewed", "review")
        code = _killed(ws, ("review", "apply", report), event, when, span, i)
        decided, now = ledger_facts(ws)[2], rules(ws)
        if pending(ws):
            assert decided == base["decided"]
            flags = recon(ws, "flags")
            _, err = flags.communicate(timeout=120)
            assert flags.returncode == 0
            assert "completed the interrupted review of report.xlsx" in err
            assert pending(ws) == 0 and rules(ws) == base["new_rules"]
            state = "journal completed by the next command"
        elif now == base["old_rules"]:
            assert decided == 0, "old rules with decisions"
            state = "all old"
        else:
            assert now == base["new_rules"], "a mix of old and new rules files"
            assert decided == base["decided"], "new rules without all decisions"
            state = "all new"
        left = leftovers(ws)
        FIGURES[("review apply", f"{event or 'random'}: {state}" + (
            f", {len(left)} temp file(s) left" if left else "") + (
            ", finished before the kill" if code == 0 else ""))] += 1
        if i == 0 or RANDOM_KILLS > 1:  # and again: nothing left behind trips it
            assert finish(recon(ws, "review", "apply", report)) == 0
            assert rules(ws) == base["new_rules"] and ledger_facts(ws)[2] == base["decided"]
        shutil.rmtree(ws)

    _each(_kills(REVIEW_EVENTS, "review"), one)


def test_a_lock_held_longer_than_the_wait_fails_in_one_line(base: dict[str, object]) -> None:
    ws = _copy(base, "fresh", "lock")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(ws / "ledger.sqlite"), "30"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        proc = recon(ws, "import", str(SAMPLES / "card-2026-08.ofx"), wait="1.5")
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1 and "Traceback" not in err
    assert err.count("is locked by another recon or program: waiting up to 1.5 s") == 1
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: ledger.sqlite: another recon or program is writing the ledger "
                      "(database is locked after waiting 1.5 s); try again when it has "
                      "finished"]
    assert took < 30
    assert ledger_facts(ws)[:2] == (0, 0)
    FIGURES[("lock", "held 30 s, wait 1.5 s: one line, exit 1, ledger unchanged")] += 1


def teardown_module() -> None:
    for (command, state), n in sorted(FIGURES.items()):
        print(f"crash figures: {command}: {n} x {state}")
