"""The ledger writer process (``recon.writer``): `recon run` hands a large file's store to a
second process and analyses meanwhile. What it stores, and what the command says and leaves
when the writer fails or the ledger changed under it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recon import normalise as norm
from recon import pipeline, schema, writer
from recon.store import Ledger
from tests.test_cli import SAMPLES, run

AS_OF = "2026-11-01"
#: every table a run writes, as the user would compare two ledgers
TABLES = {
    "transactions": "SELECT rowid, * FROM transactions ORDER BY rowid",
    "matches": "SELECT * FROM matches ORDER BY txn_id",
    "flags": "SELECT id, type, severity, posted_date, subscription, txn_ids, message"
             " FROM flags ORDER BY id",
    "imports": "SELECT id, source_file, sha256, parser, rows_read, imported, present, rejected"
               " FROM imports ORDER BY id",
    "accounts": "SELECT name FROM accounts ORDER BY name",
    "rejections": "SELECT * FROM rejections ORDER BY import_id, location",
    "meta": "SELECT * FROM meta ORDER BY key",
}


def contents(ws: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(ws / "ledger.sqlite") as db:
        # every match and rejection names a stored row or import, whoever stored it
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return {name: db.execute(sql).fetchall() for name, sql in TABLES.items()}


def run_samples(tmp_path: Path, name: str, ok: bool = True) -> tuple[Path, str]:
    ws = tmp_path / name
    run(tmp_path, "init", str(ws))
    result = run(ws, "run", str(SAMPLES), "-o", str(ws / "report.xlsx"), "--as-of", AS_OF,
                 ok=ok)
    return ws, result.output


class Spawned:
    """Counts the writer processes started (and can start another program instead)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, argv: list[str] | None = None) -> None:
        self.jobs: list[Path] = []
        real = subprocess.Popen

        def popen(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
            self.jobs.append(Path(args[-1]))
            return real([*argv, args[-1]] if argv else args, **kwargs)  # type: ignore[call-overload, no-any-return]

        monkeypatch.setattr(writer.subprocess, "Popen", popen)


def test_a_run_whose_files_go_to_writers_leaves_the_ledger_a_run_here_leaves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "BEHIND_ROWS", 10**9)
    here, said_here = run_samples(tmp_path, "here")
    # files of 10 rows or more go to a writer; the smaller ones are stored here, after it
    monkeypatch.setattr(writer, "BEHIND_ROWS", 10)
    spawned = Spawned(monkeypatch)
    behind, said_behind = run_samples(tmp_path, "behind")
    assert len(spawned.jobs) >= 2
    assert not any(job.exists() for job in spawned.jobs)  # each writer removed its job
    assert contents(behind) == contents(here)
    assert said_behind.replace("behind", "here") == said_here
    assert ((behind / "rules" / "settings.yaml").read_text()
            == (here / "rules" / "settings.yaml").read_text())  # the currency it settled


def test_a_writer_that_cannot_start_leaves_the_store_to_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
        ) -> None:
    """A writer that ends before reading its job: the run stores the rows itself, as it
    would have, and says so."""
    monkeypatch.setattr(writer, "BEHIND_ROWS", 10**9)
    here, _ = run_samples(tmp_path, "here")
    monkeypatch.setattr(writer, "BEHIND_ROWS", 1)
    spawned = Spawned(monkeypatch, [sys.executable, "-c", "import os; os._exit(137)"])
    ws, said = run_samples(tmp_path, "ws")
    assert "Traceback" not in said
    assert len(spawned.jobs) == 9 and not any(job.exists() for job in spawned.jobs)
    assert contents(ws) == contents(here)
    warned = [r.getMessage() for r in caplog.records if r.name == "recon.writer"]
    assert len(warned) == 9 and "ended with code 137: storing it here instead" in warned[0]


def test_a_writer_killed_while_storing_fails_the_run_in_one_line_and_stores_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "BEHIND_ROWS", 1)
    spawned = Spawned(monkeypatch, [sys.executable, "-c",
                                    "import os, sys; os.unlink(sys.argv[1]); os._exit(137)"])
    ws, said = run_samples(tmp_path, "ws", ok=False)
    assert ("storing amex-2026-08.xlsx failed: the process storing it ended with code 137; "
            "nothing of it was stored") in said
    assert "Traceback" not in said
    assert spawned.jobs and not any(job.exists() for job in spawned.jobs)
    facts = contents(ws)
    assert facts["transactions"] == [] and facts["imports"] == []
    assert facts["matches"] == [] and facts["flags"] == []


def test_a_writer_that_ends_after_its_commit_is_not_stored_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
        ) -> None:
    monkeypatch.setattr(writer, "BEHIND_ROWS", 10**9)
    here, _ = run_samples(tmp_path, "here")
    monkeypatch.setattr(writer, "BEHIND_ROWS", 1)
    spawned = Spawned(monkeypatch, [sys.executable, "-c",
                                    "import sys; from recon.writer import main; main();"
                                    " sys.stdout.flush(); import os; os._exit(9)"])
    ws, _ = run_samples(tmp_path, "ws")
    assert spawned.jobs
    assert not [r for r in caplog.records if r.name == "recon.writer"]  # the writers stored
    assert contents(ws) == contents(here)


def test_a_ledger_changed_under_the_writer_stores_nothing_and_says_to_run_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "BEHIND_ROWS", 1)
    real = Ledger.next_ids

    def changed(self: Ledger) -> tuple[int, int]:  # as if another import came in between
        import_id, rowid = real(self)
        return import_id, rowid + 7

    monkeypatch.setattr(Ledger, "next_ids", changed)
    ws, said = run_samples(tmp_path, "ws", ok=False)
    assert "another recon command wrote to the ledger while" in said
    assert "run the command again" in said
    assert contents(ws)["transactions"] == []
    monkeypatch.setattr(Ledger, "next_ids", real)
    again = run(ws, "run", str(SAMPLES), "-o", str(ws / "report.xlsx"), "--as-of", AS_OF)
    assert "imported" in again.output and contents(ws)["transactions"]


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(
    texts, st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    st.integers(-10**15, 10**15), texts, st.none() | texts), min_size=1, max_size=40))
def test_rows_travel_to_the_writer_as_they_are(tmp_path_factory: pytest.TempPathFactory,
                                                monkeypatch: pytest.MonkeyPatch,
                                                rows: list[tuple[object, ...]]) -> None:
    """Any text (quotes, NUL, emoji), any date, large amounts and missing references are
    stored by the writer as a store here stores them."""
    monkeypatch.setattr(writer, "BEHIND_ROWS", 1)
    tmp = tmp_path_factory.mktemp("rows")
    source = tmp / "statement.csv"
    source.write_text("x")
    parsed = pd.DataFrame(
        [(account or "a", day, amount, "GBP", text, ref, "statement.csv", str(n), "csv")
         for n, (account, day, amount, text, ref) in enumerate(rows)],
        columns=list(schema.PARSED_COLUMNS))
    canonical = schema.validate(norm.normalise(parsed))
    stored = {}
    for name, behind in (("here", False), ("behind", True)):
        with Ledger(tmp / f"{name}.sqlite") as ledger:
            result = pipeline.store_rows(ledger, canonical, source, "csv", len(canonical), [],
                                         keep=behind)
            assert (result.added is not None and result.added.settle is not None) == behind
            ledger.settle()
            stored[name] = ledger.db.execute(TABLES["transactions"]).fetchall()
    assert stored["behind"] == stored["here"]
